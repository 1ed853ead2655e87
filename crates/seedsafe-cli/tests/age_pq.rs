//! age's hybrid post-quantum recipients (`mlkem768x25519`: `age1pq1…`, `AGE-SECRET-KEY-PQ-1…`),
//! through the `seedsafe` binary, against an independent implementation: typage, the
//! TypeScript age by age's author (npm `age-encryption`, run by `tests/oracle/node`; the stock
//! Debian `age` is older than these recipients). `scripts/test` installs it; a missing one
//! fails the test rather than skipping it.
//!
//! - seedsafe writes to post-quantum recipients (one, two from `--to` and `--to-file`, armour
//!   and binary); typage opens each file with each identity, and so does seedsafe;
//! - typage encrypts envelopes (armour and binary, one and two recipients); seedsafe restores
//!   them;
//! - a backup plan's copy to a post-quantum recipient is drilled with its identity;
//! - refusals, nothing written: post-quantum beside classic recipients, a damaged recipient, a
//!   private key given as recipient, another identity, a damaged identity file;
//! - the mnemonic and the identities appear in no output of these commands;
//! - `backup keygen` makes identity files that typage (post-quantum) and the stock `age`
//!   (classic) read.

#![allow(clippy::unwrap_used, reason = "in tests a panic is the failure report")]

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use common::*;
use serde_json::{json, Value};

fn oracle_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/oracle/node")
}

/// One request to the typage oracle (`tests/oracle/node/age_oracle.mjs`).
fn typage(request: &Value) -> Value {
    let dir = oracle_dir();
    assert!(
        dir.join("node_modules/age-encryption").is_dir(),
        "typage is not installed: run scripts/test (it runs `npm ci` in tests/oracle/node)"
    );
    let mut child = tool("node", "nodejs")
        .arg(dir.join("age_oracle.mjs"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(request.to_string().as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "typage {}: {}", request["op"], String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A new key pair made by typage: the identity written to `dir/name`, the recipient returned.
fn keygen(dir: &Path, name: &str) -> (String, String) {
    let keys = typage(&json!({"op": "keygen"}));
    let identity = keys["identity"].as_str().unwrap().to_string();
    let recipient = keys["recipient"].as_str().unwrap().to_string();
    assert!(identity.starts_with("AGE-SECRET-KEY-PQ-1") && recipient.starts_with("age1pq1"));
    write(dir, name, format!("# made by typage\n{identity}\n"));
    (identity, recipient)
}

fn typage_decrypt(identity: &str, file: &[u8]) -> Vec<u8> {
    let out = typage(&json!({"op": "decrypt", "identities": [identity], "file": hex::encode(file)}));
    hex::decode(out["plaintext"].as_str().unwrap()).unwrap()
}

fn typage_encrypt(recipients: &[&str], plaintext: &[u8], armor: bool) -> Vec<u8> {
    let out = typage(&json!({
        "op": "encrypt", "recipients": recipients, "plaintext": hex::encode(plaintext), "armor": armor
    }));
    hex::decode(out["file"].as_str().unwrap()).unwrap()
}

#[test]
fn seedsafe_and_typage_open_each_others_post_quantum_files() {
    let mut rng = seeded("seedsafe_and_typage_open_each_others_post_quantum_files");
    let tmp = tempdir();
    let dir = tmp.path();
    let (first_id, first) = keygen(dir, "pq1.txt");
    let (second_id, second) = keygen(dir, "pq2.txt");
    write(dir, "recipients.txt", format!("# the second key\n{second}\n"));

    for i in 0..3 {
        let m = random_mnemonic(&mut rng);
        let words = write(dir, &format!("words{i}.txt"), m.phrase().as_bytes());
        let input = format!("--secret-file {words} --language {}", m.language().name());
        let out = format!("copy{i}.age");
        let (to, binary) = match i {
            0 => (format!("--to {first}"), ""),
            1 => (format!("--to {first} --to-file recipients.txt"), ""),
            _ => (format!("--to {first}"), "--binary"),
        };
        let report = ok_json(dir, &format!("backup file {input} {to} --out {out} {binary} --json"));
        assert_eq!(report["verified"], true);
        let file = std::fs::read(dir.join(&out)).unwrap();
        assert_eq!(file.starts_with(b"-----BEGIN AGE ENCRYPTED FILE-----"), binary.is_empty(), "case {i}");

        // typage opens it with each identity it was written to.
        let mut ids = vec![&first_id];
        if i == 1 {
            ids.push(&second_id);
        }
        for id in ids {
            let envelope: Value = serde_json::from_slice(&typage_decrypt(id, &file)).unwrap();
            assert_eq!(envelope["secret"]["mnemonic"], m.phrase().as_str(), "case {i}");
            assert_eq!(envelope["identity"]["fingerprint"], report["fingerprint"], "case {i}");
        }
        // And so does seedsafe.
        let restored = ok_json(dir, &format!("restore {out} --identity pq1.txt --reveal --json"));
        assert_eq!(restored["secret"]["mnemonic"], m.phrase().as_str(), "case {i}");

        // typage encrypts the same envelope (armour and binary, one or two recipients);
        // seedsafe restores it.
        let plain = typage_decrypt(&first_id, &file);
        let recipients: Vec<&str> = if i == 1 { vec![&second, &first] } else { vec![&first] };
        let theirs = typage_encrypt(&recipients, &plain, i != 2);
        std::fs::write(dir.join(format!("theirs{i}.age")), &theirs).unwrap();
        let restored = ok_json(dir, &format!("restore theirs{i}.age -i pq1.txt --reveal --json"));
        assert_eq!(restored["secret"]["mnemonic"], m.phrase().as_str(), "case {i}");
        assert_eq!(restored["fingerprint"], report["fingerprint"], "case {i}");
        if i == 1 {
            let restored = ok_json(dir, "restore theirs1.age -i pq2.txt --json");
            assert_eq!(restored["fingerprint"], report["fingerprint"]);
        }
    }
}

#[test]
fn post_quantum_refusals_write_nothing() {
    let tmp = tempdir();
    let dir = tmp.path();
    let (identity, recipient) = keygen(dir, "pq.txt");
    keygen(dir, "other.txt");
    let words = write(dir, "words.txt", ABANDON);
    let x25519 = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";
    let base = format!("backup file --secret-file {words} --out copy.age");

    // Post-quantum recipients refuse to share a file with classic ones (age's rule: a classic
    // key would open what the post-quantum one protects).
    refused(dir, &format!("{base} --to {recipient} --to {x25519}"), "cannot be used together");
    // One character changed: the Bech32 checksum catches it.
    let mut damaged = recipient.clone().into_bytes();
    damaged[500] = if damaged[500] == b'q' { b'p' } else { b'q' };
    let damaged = String::from_utf8(damaged).unwrap();
    refused(dir, &format!("{base} --to {damaged}"), "looks like an age recipient but is damaged");
    refused(dir, &format!("{base} --to {}", &recipient[..recipient.len() - 10]), "damaged");
    // The identity where the recipient belongs.
    refused(dir, &format!("{base} --to {identity}"), "that is a private key");

    ok(dir, &format!("{base} --to {recipient}"));
    // Another key: not for it.
    refused(dir, "restore copy.age -i other.txt", "none of the given identities can open this file");
    // A damaged identity line.
    let mut bad = identity.clone().into_bytes();
    bad[30] = if bad[30] == b'Q' { b'P' } else { b'Q' };
    write(dir, "damaged.txt", bad);
    refused(dir, "restore copy.age -i damaged.txt", "post-quantum key (AGE-SECRET-KEY-PQ-1…) is damaged");
}

#[test]
fn the_mnemonic_and_keys_stay_out_of_post_quantum_commands() {
    let tmp = tempdir();
    let dir = tmp.path();
    let (identity, recipient) = keygen(dir, "pq.txt");
    let words = write(dir, "words.txt", ABANDON);
    let mut outputs = Vec::new();
    outputs.push(run(
        dir,
        &format!("backup file --secret-file {words} --to {recipient} --out c.age --json"),
        b"",
    ));
    outputs.push(run(dir, "restore c.age -i pq.txt --json", b""));
    outputs.push(run(dir, "restore c.age -i pq.txt", b""));
    outputs.push(run(dir, "restore c.age -i words.txt", b""));
    for out in &outputs {
        let text = format!("{}{}", stdout(out), stderr(out));
        assert!(!text.contains("abandon"), "the mnemonic leaked: {text}");
        assert!(!text.contains(&identity[20..60]), "the identity leaked: {text}");
    }
    let file = std::fs::read(dir.join("c.age")).unwrap();
    assert!(!String::from_utf8_lossy(&file).contains("abandon"));
}

#[test]
fn a_plan_copy_to_a_post_quantum_recipient_is_drilled_with_its_identity() {
    let tmp = tempdir();
    let dir = tmp.path();
    let (_, recipient) = keygen(dir, "pq.txt");
    let plan = one_copy_plan(dir, &recipient);
    let home = dir.join("home");
    let env: &[(&str, &std::ffi::OsStr)] = &[("SEEDSAFE_HOME", home.as_os_str())];
    let made = json_of(&run_env(dir, &format!("plan run {plan} --json"), ABANDON.as_bytes(), env));
    assert_eq!(made["complete"], true, "{made}");

    let skipped = json_of(&run_env(dir, "drill --all --json", b"", env));
    assert_eq!(skipped["drills"][0]["result"], "skipped", "{skipped}");
    let drilled = json_of(&run_env(dir, "drill --all --identity pq.txt --json", b"", env));
    assert_eq!(drilled["drills"][0]["result"], "ok", "{drilled}");
    keygen(dir, "other.txt");
    let other = json_of(&run_env(dir, "drill --all --identity other.txt --json", b"", env));
    assert_eq!(other["drills"][0]["result"], "skipped", "another key must not pass the drill: {other}");
}

#[test]
fn backup_keygen_makes_identity_files_that_the_other_tools_read() {
    let tmp = tempdir();
    let dir = tmp.path();
    let words = write(dir, "words.txt", ABANDON);

    // Post-quantum: seedsafe's key, typage's files and the other way round.
    let made = ok_json(dir, "backup keygen --pq --out pq.txt --json");
    assert_eq!(made["kind"], "mlkem768x25519");
    let recipient = made["recipient"].as_str().unwrap().to_string();
    assert!(recipient.starts_with("age1pq1"), "{made}");
    assert_eq!(mode(dir, "pq.txt"), 0o600);
    let text = std::fs::read_to_string(dir.join("pq.txt")).unwrap();
    assert!(text.contains(&format!("# public key: {recipient}\n")), "{text}");
    let identity = text.lines().find(|l| l.starts_with("AGE-SECRET-KEY-PQ-1")).unwrap().to_string();
    let shown = ok(dir, "backup keygen --pq --out pq-second.txt");
    let second = std::fs::read_to_string(dir.join("pq-second.txt")).unwrap();
    let second_id = second.lines().find(|l| l.starts_with("AGE-SECRET-KEY-PQ-1")).unwrap();
    let said = format!("{}{}", stdout(&shown), stderr(&shown));
    assert!(!said.contains(&second_id[19..]), "the private key was printed: {said}");
    assert!(!said.to_ascii_uppercase().contains(&second_id[19..]), "the private key was printed");
    ok(dir, &format!("backup file --secret-file {words} --to {recipient} --out mine.age"));
    let envelope: Value =
        serde_json::from_slice(&typage_decrypt(&identity, &std::fs::read(dir.join("mine.age")).unwrap()))
            .unwrap();
    assert_eq!(envelope["secret"]["mnemonic"], ABANDON);
    let theirs = typage_encrypt(&[&recipient], &serde_json::to_vec(&envelope).unwrap(), true);
    std::fs::write(dir.join("theirs.age"), theirs).unwrap();
    let restored = ok_json(dir, "restore theirs.age --identity pq.txt --reveal --json");
    assert_eq!(restored["secret"]["mnemonic"], ABANDON);

    // Classic: the stock Go age tool reads the identity file as its own.
    let plain = ok(dir, "backup keygen --out x.txt");
    let recipient = stdout(&plain).trim().to_string();
    assert!(recipient.starts_with("age1") && !recipient.starts_with("age1pq1"), "{recipient}");
    ok(dir, &format!("backup file --secret-file {words} --to {recipient} --out classic.age"));
    let mut age = tool("age", "age");
    age.args(["-d", "-i", "x.txt", "classic.age"]).current_dir(dir);
    let envelope: Value = serde_json::from_slice(&output_of(age, "age -d").stdout).unwrap();
    assert_eq!(envelope["secret"]["mnemonic"], ABANDON);

    // Never over an existing file.
    let before = std::fs::read(dir.join("pq.txt")).unwrap();
    refused(dir, "backup keygen --pq --out pq.txt", "already exists");
    assert_eq!(std::fs::read(dir.join("pq.txt")).unwrap(), before);
}

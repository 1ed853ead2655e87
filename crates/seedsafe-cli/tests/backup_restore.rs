//! Encrypted copies end to end (issue 3), through the `seedsafe` binary: `backup file`,
//! `restore`, `export keystore` and `export bip38`.
//!
//! - round trips of every secret kind, in password mode and to X25519, SSH and several
//!   recipients, armoured and binary, with and without the BIP-39 passphrase inside;
//! - interop with the stock Go `age` tool, both ways, on random wallets and passwords (Go age
//!   reads passphrases only from a terminal: `tests/oracle/age_pty.py` gives it one);
//! - bad input: wrong password, another recipient's file, the wrong kind of key, truncated and
//!   altered files, every single-byte change of an envelope; each refused with its own message,
//!   exit code 2, and nothing written;
//! - `backup file` failures leave nothing behind, `--force` replaces only with a verified copy;
//! - Ethereum keystores both ways with eth-account (`tests/oracle/keystore_oracle.py`, Python
//!   from `SEEDSAFE_PYTHON` or the `.venv` of `scripts/test`), BIP-38 export and vectors;
//! - the canary: a known mnemonic, passphrase and password appear nowhere they should not.
//!
//! Needs the Debian packages `age` and `openssh-client` (`scripts/test` installs them) and
//! `python3`; a missing tool fails the test rather than skipping it. Randomised tests print
//! their seed (`--nocapture`); `SEEDSAFE_TEST_SEED=<seed>` replays one.
//!
//! Commands are written as one line split at whitespace (`"restore a.age --json"`): every file
//! name and argument here is free of spaces.

#![allow(clippy::unwrap_used, reason = "in tests a panic is the failure report")]

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::Rng;
use seedsafe_core::bip39::Mnemonic;
use serde_json::{json, Value};

mod common;

use common::*;

// ---------------------------------------------------------------------------------------------
// Running things

/// A strong password (well above the 64-bit warning line) for the fixed cases.
const PASSWORD: &str = "Vq7#pL2x!Rm9@tZ4-kW8$nB3";

/// `seedsafe restore LINE`: whatever the outcome, the folder must be unchanged (restore
/// writes no files).
fn restore(dir: &Path, line: &str) -> Output {
    let before = snapshot(dir);
    let out = run(dir, &format!("restore {line}"), b"");
    assert!(before == snapshot(dir), "restore {line} changed the folder: {:?}", names(dir));
    out
}

/// `seedsafe restore LINE --json`, required to succeed.
fn restored(dir: &Path, line: &str) -> Value {
    let out = restore(dir, &format!("{line} --json"));
    assert!(out.status.success(), "restore {line}: {}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A random strong password: ASCII letters, digits, punctuation, inner spaces, and non-ASCII
/// letters (which reach Go age through its terminal as UTF-8).
fn random_password(rng: &mut StdRng) -> String {
    const ALPHABET: &[&str] = &[
        "a", "b", "k", "q", "z", "A", "M", "Z", "0", "4", "9", "!", "#", "%", "-", "_", ".", "/", " ", "é",
        "ß", "Ω", "中", "ж",
    ];
    loop {
        let len = rng.gen_range(18..28);
        let pw: String = (0..len).map(|_| *ALPHABET.choose(rng).unwrap()).collect();
        let strong = seedsafe_core::password::estimate_bits(&pw) >= seedsafe_core::password::WEAK_BELOW_BITS;
        if pw.trim() == pw && strong {
            return pw;
        }
    }
}

/// A new age X25519 key pair in `dir/name`; returns the public key.
fn age_keygen(dir: &Path, name: &str) -> String {
    let mut cmd = tool("age-keygen", "age");
    cmd.arg("-o").arg(dir.join(name));
    output_of(cmd, "age-keygen");
    let mut cmd = tool("age-keygen", "age");
    cmd.arg("-y").arg(dir.join(name));
    let public = stdout(&output_of(cmd, "age-keygen -y")).trim().to_string();
    assert!(public.starts_with("age1"), "age-keygen -y: {public}");
    public
}

/// A new unencrypted SSH ed25519 key pair `dir/name` and `dir/name.pub`; returns the public
/// key line.
fn ssh_keygen(dir: &Path, name: &str) -> String {
    let mut cmd = tool("ssh-keygen", "openssh-client");
    cmd.args(["-q", "-t", "ed25519", "-N", "", "-C", "seedsafe-test", "-f"]).arg(dir.join(name));
    output_of(cmd, "ssh-keygen");
    std::fs::read_to_string(dir.join(format!("{name}.pub"))).unwrap().trim().to_string()
}

/// Runs the stock Go `age LINE` with `passphrase` typed at its prompt(s), through
/// `tests/oracle/age_pty.py` and the system `python3`. Does not require success.
fn age_with_passphrase(dir: &Path, passphrase: &str, line: &str) -> Output {
    tool("age", "age");
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/oracle/age_pty.py");
    let mut child = tool("python3", "python3")
        .arg(&script)
        .args(["--timeout", "120", "--", "age"])
        .args(line.split_whitespace())
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(format!("{passphrase}\n").as_bytes()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

/// Runs the stock Go `age LINE` without a terminal (recipients and identities); must succeed.
fn age(dir: &Path, line: &str) -> Output {
    let mut cmd = tool("age", "age");
    cmd.args(line.split_whitespace()).current_dir(dir);
    output_of(cmd, &format!("age {line}"))
}

/// One batched request to `tests/oracle/keystore_oracle.py` (eth-account); one result per case.
fn keystore_oracle(op: &str, cases: Vec<Value>) -> Vec<Value> {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/oracle/keystore_oracle.py");
    let mut child = Command::new(python())
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the Python keystore oracle");
    let count = cases.len();
    let request = json!({"op": op, "cases": cases}).to_string();
    child.stdin.take().unwrap().write_all(request.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "keystore oracle failed: {}", stderr(&out));
    let response: Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = response["results"].as_array().unwrap().clone();
    assert_eq!(results.len(), count);
    results
}

/// The first address of `chain` in a report's `addresses`.
fn address_of(report: &Value, chain: &str) -> String {
    let addresses = report["addresses"].as_array().unwrap_or_else(|| panic!("no addresses in {report}"));
    let found = addresses.iter().find(|a| a["chain"] == chain);
    found.unwrap_or_else(|| panic!("no {chain} address in {report}"))["address"].as_str().unwrap().to_string()
}

// ---------------------------------------------------------------------------------------------
// Round trips

/// Backs `secret_file` up in password mode (with `extra` flags) to `out` and restores it with
/// `--reveal`; returns the restore report after checking it against the backup report.
fn password_round_trip(dir: &Path, secret_file: &str, extra: &str, out: &str) -> Value {
    let pw = write(dir, "pw.txt", PASSWORD);
    let report = ok_json(
        dir,
        &format!("backup file --secret-file {secret_file} --out {out} --password-file {pw} --json {extra}"),
    );
    assert_eq!(report["encryption"], "password");
    assert_eq!(report["verified"], true);
    assert_eq!(mode(dir, out), 0o600, "{out}");
    let data = std::fs::read(dir.join(out)).unwrap();
    if extra.contains("--binary") {
        assert!(data.starts_with(b"age-encryption.org/v1\n-> scrypt "), "{out}: not binary age with scrypt");
    } else {
        assert!(data.starts_with(b"-----BEGIN AGE ENCRYPTED FILE-----\n"), "{out}: not armoured");
    }
    let r = restored(dir, &format!("{out} --password-file {pw} --reveal"));
    assert_eq!(r["source"], "age-envelope");
    assert_eq!(r["identity_checked"], true, "{out}: {r}");
    assert_eq!(r["fingerprint"], report["fingerprint"], "{out}");
    assert_eq!(r["addresses"], report["addresses"], "{out}");
    r
}

#[test]
fn password_mode_round_trips_every_secret_kind() {
    let tmp = tempdir();
    let dir = tmp.path();

    // BIP-39 words, with a label; then the same, binary.
    let words = write(dir, "words.txt", format!("{ABANDON}\n"));
    let r = password_round_trip(dir, &words, "--label savings", "bip39.age");
    assert_eq!(r["secret"]["mnemonic"], ABANDON);
    assert_eq!(r["fingerprint"], "73c5da0a");
    assert_eq!(r["label"], "savings");
    assert_eq!(address_of(&r, "btc"), "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu");
    let r = password_round_trip(dir, &words, "--binary", "bip39-binary.age");
    assert_eq!(r["secret"]["mnemonic"], ABANDON);

    // An Electrum seed (a new one).
    let electrum = ok_json(dir, "new --kind electrum-segwit --reveal --json");
    let phrase = electrum["mnemonic"].as_str().unwrap().to_string();
    let file = write(dir, "electrum.txt", &phrase);
    let r = password_round_trip(dir, &file, "", "electrum.age");
    assert_eq!(r["kind"], "electrum-segwit", "{r}");
    assert_eq!(r["secret"]["mnemonic"], phrase.as_str());
    assert_eq!(r["fingerprint"], electrum["fingerprint"]);

    // A WIF private key (the Bitcoin wiki's example key).
    let wif = "KwdMAjGmerYanjeui5SHS7JkmpZvVipYvB2LJGU1ZxJwYvP98617";
    let file = write(dir, "wif.txt", wif);
    let r = password_round_trip(dir, &file, "", "wif.age");
    assert_eq!(r["kind"], "private-key");
    assert_eq!(r["secret"]["wif"], wif);
    assert_eq!(address_of(&r, "btc"), "bc1qmy63mjadtw8nhzl69ukdepwzsyvv4yex5qlmkd");

    // An xprv (BIP-32 test vector 1, master key: fingerprint 3442193e).
    let xprv = "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi";
    let file = write(dir, "xprv.txt", xprv);
    let r = password_round_trip(dir, &file, "", "xprv.age");
    assert_eq!(r["kind"], "xprv");
    assert_eq!(r["secret"]["xprv"], xprv);
    assert_eq!(r["fingerprint"], "3442193e");

    // A file of SLIP-39 shares (BIP-39 mode, 2 of 3): the copy restores the original words.
    let shares = run(dir, "split --threshold 2 --shares 3", ABANDON.as_bytes());
    assert!(shares.status.success(), "{}", stderr(&shares));
    let lines: Vec<String> = stdout(&shares).lines().map(str::to_string).collect();
    assert_eq!(lines.len(), 3, "{}", stdout(&shares));
    let file = write(dir, "shares.txt", lines[..2].join("\n"));
    let r = password_round_trip(dir, &file, "", "shares.age");
    assert_eq!(r["kind"], "bip39");
    assert_eq!(r["secret"]["mnemonic"], ABANDON);
    assert_eq!(r["fingerprint"], "73c5da0a");

    // Nothing else was written: no temporary files.
    let expected = [
        "bip39-binary.age",
        "bip39.age",
        "electrum.age",
        "electrum.txt",
        "pw.txt",
        "shares.age",
        "shares.txt",
        "wif.age",
        "wif.txt",
        "words.txt",
        "xprv.age",
        "xprv.txt",
    ];
    assert_eq!(names(dir), expected);
}

#[test]
fn recipients_mode_round_trips_x25519_ssh_and_several() {
    let tmp = tempdir();
    let dir = tmp.path();
    let words = write(dir, "words.txt", ABANDON);
    let alice = age_keygen(dir, "alice.txt");
    let bob = age_keygen(dir, "bob.txt");
    let carol = ssh_keygen(dir, "carol");
    let opens_with = |out: &str, identity: &str| {
        let r = restored(dir, &format!("{out} --identity {identity} --reveal"));
        assert_eq!(r["secret"]["mnemonic"], ABANDON, "{out} with {identity}");
        assert_eq!(r["fingerprint"], "73c5da0a", "{out} with {identity}");
        assert_eq!(r["identity_checked"], true, "{out} with {identity}");
    };

    // X25519, armoured and binary; the stock tool opens them with the same key (the extra
    // verification stanza is harmless).
    for (out, flag) in [("x.age", ""), ("x-binary.age", "--binary")] {
        let report = ok_json(
            dir,
            &format!("backup file --secret-file {words} --out {out} --to {alice} --json {flag}"),
        );
        assert_eq!(report["encryption"], "recipients");
        assert_eq!(report["recipients"], 1);
        assert_eq!(report["armor"], flag.is_empty());
        assert_eq!(mode(dir, out), 0o600, "{out}");
        let data = std::fs::read(dir.join(out)).unwrap();
        assert_eq!(data.starts_with(b"age-encryption.org/v1\n-> X25519 "), !flag.is_empty(), "{out}");
        assert_eq!(data.windows(9).filter(|w| w == b"-> X25519").count(), usize::from(!flag.is_empty()) * 2);
        opens_with(out, "alice.txt");
        let env: Value = serde_json::from_slice(&age(dir, &format!("-d -i alice.txt {out}")).stdout).unwrap();
        assert_eq!(env["secret"]["mnemonic"], ABANDON);
    }

    // SSH ed25519: the public key from a recipients file, the OpenSSH private key as identity.
    ok(dir, &format!("backup file --secret-file {words} --out ssh.age --to-file carol.pub"));
    opens_with("ssh.age", "carol");
    let env: Value = serde_json::from_slice(&age(dir, "-d -i carol ssh.age").stdout).unwrap();
    assert_eq!(env["secret"]["mnemonic"], ABANDON);

    // Several recipients at once: two on the command line, one in a file with a comment and a
    // blank line; each identity alone opens the copy.
    write(dir, "team.txt", format!("# the team\n\n{carol}\n"));
    let report =
        ok_json(dir, &format!("backup file --secret-file {words} --out team.age --to {alice} --to {bob} --to-file team.txt --json"));
    assert_eq!(report["recipients"], 3, "{report}");
    for identity in ["alice.txt", "bob.txt", "carol"] {
        opens_with("team.age", identity);
        let env: Value =
            serde_json::from_slice(&age(dir, &format!("-d -i {identity} team.age")).stdout).unwrap();
        assert_eq!(env["secret"]["mnemonic"], ABANDON);
    }
    // Several --identity files at once: the one that matches is used.
    age_keygen(dir, "stranger.txt");
    opens_with("x.age --identity stranger.txt", "alice.txt");
}

#[test]
fn the_passphrase_stays_out_unless_included() {
    let tmp = tempdir();
    let dir = tmp.path();
    let words = write(dir, "words.txt", ABANDON);
    let passphrase = "TREZOR-seedsafe-passphrase-81c2";
    let pass = write(dir, "pass.txt", passphrase);
    let key = age_keygen(dir, "key.txt");
    let with = ok_json(dir, &format!("inspect --json --secret-file {words} --passphrase-file {pass}"));
    let without = ok_json(dir, &format!("inspect --json --secret-file {words}"));
    assert_ne!(with["fingerprint"], without["fingerprint"]);

    // Default: the passphrase is recorded as in use, but not stored.
    let report = ok_json(
        dir,
        &format!(
            "backup file --secret-file {words} --passphrase-file {pass} --out apart.age --to {key} --json"
        ),
    );
    assert_eq!(report["passphrase_in_use"], true);
    assert_eq!(report["passphrase_included"], false);
    assert_eq!(report["fingerprint"], with["fingerprint"], "the copy records the real wallet");
    let text = stdout(&age(dir, "-d -i key.txt apart.age"));
    assert!(!text.contains(passphrase), "the passphrase is in the envelope: {text}");
    let env: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(env["passphrase"], json!({"in_use": true}));

    // Restored without the passphrase: the identity cannot be checked, and the note says why.
    let r = restored(dir, "apart.age -i key.txt");
    assert_eq!(r["identity_checked"], false, "{r}");
    assert_eq!(r["passphrase_in_use"], true);
    assert_eq!(r["passphrase_included"], false);
    assert_eq!(r["fingerprint"], without["fingerprint"], "shown without the passphrase");
    let note = r["note"].as_str().unwrap_or_else(|| panic!("no note: {r}"));
    assert!(note.contains("BIP-39 passphrase") && note.contains("--passphrase-file"), "{note}");
    let human = restore(dir, "apart.age -i key.txt");
    assert!(stdout(&human).contains("Note: this wallet uses a BIP-39 passphrase"), "{}", stdout(&human));

    // With it: the identity is checked and matches.
    let r = restored(dir, &format!("apart.age -i key.txt --passphrase-file {pass}"));
    assert_eq!(r["identity_checked"], true);
    assert_eq!(r["fingerprint"], with["fingerprint"]);
    assert!(r.get("note").is_none(), "{r}");

    // With a wrong one: refused, the recorded identity does not match.
    let wrong = write(dir, "wrong-pass.txt", "TREZOR-seedsafe-passphrase-81c3");
    refused(
        dir,
        &format!("restore apart.age -i key.txt --passphrase-file {wrong}"),
        "does not restore the wallet identity",
    );

    // --include-passphrase: inside, and restore needs nothing more.
    let report = ok_json(
        dir,
        &format!(
            "backup file --secret-file {words} --passphrase-file {pass} --out inside.age --to {key} --include-passphrase --json"
        ),
    );
    assert_eq!(report["passphrase_included"], true);
    let env: Value = serde_json::from_slice(&age(dir, "-d -i key.txt inside.age").stdout).unwrap();
    assert_eq!(env["passphrase"], json!({"in_use": true, "value": passphrase}));
    let r = restored(dir, "inside.age -i key.txt");
    assert_eq!(r["identity_checked"], true);
    assert_eq!(r["passphrase_included"], true);
    assert_eq!(r["fingerprint"], with["fingerprint"]);
    assert!(!r.to_string().contains(passphrase), "restore printed the passphrase without --reveal");
}

// ---------------------------------------------------------------------------------------------
// Interop with the stock Go age

/// Checks an envelope as `age -d` printed it.
fn check_envelope(text: &[u8], mnemonic: &Mnemonic, fingerprint: &Value, what: &str) {
    let env: Value =
        serde_json::from_slice(text).unwrap_or_else(|e| panic!("{what}: age -d gave no JSON ({e})"));
    assert_eq!(env["format"], "seedsafe-envelope", "{what}");
    assert_eq!(env["version"], 1, "{what}");
    assert_eq!(env["secret"]["kind"], "bip39", "{what}");
    assert_eq!(env["secret"]["mnemonic"], mnemonic.phrase().as_str(), "{what}");
    assert_eq!(env["secret"]["language"], mnemonic.language().name(), "{what}");
    assert_eq!(env["identity"]["fingerprint"], *fingerprint, "{what}");
    assert!(fingerprint.as_str().is_some_and(|f| f.len() == 8), "{what}: fingerprint {fingerprint}");
    assert_eq!(env["passphrase"]["in_use"], false, "{what}");
    assert!(env["created"].as_str().is_some_and(|c| c.ends_with('Z')), "{what}: created");
}

#[test]
fn stock_age_decrypts_what_seedsafe_writes() {
    let mut rng = seeded("stock_age_decrypts_what_seedsafe_writes");
    let tmp = tempdir();
    let dir = tmp.path();
    let key = age_keygen(dir, "key.txt");
    for i in 0..4 {
        let m = random_mnemonic(&mut rng);
        let password = random_password(&mut rng);
        let words = write(dir, &format!("words{i}.txt"), m.phrase().as_bytes());
        let pw = write(dir, &format!("pw{i}.txt"), &password);
        let language = m.language().name();
        let input = format!("--secret-file {words} --language {language}");
        let fingerprint = ok_json(dir, &format!("inspect --json {input}"))["fingerprint"].clone();
        let binary = if i % 2 == 1 { "--binary" } else { "" };
        let what = format!("case {i}: {} words, {language}, {binary}", m.word_count());

        // Password mode: age asks for the password at its terminal.
        let out = format!("p{i}.age");
        ok(dir, &format!("backup file {input} --password-file {pw} --out {out} {binary}"));
        let plain = age_with_passphrase(dir, &password, &format!("-d {out}"));
        assert!(plain.status.success(), "age -d {out} ({what}): {}", stderr(&plain));
        check_envelope(&plain.stdout, &m, &fingerprint, &format!("age -d {out} ({what})"));
        // A wrong password is refused by age too.
        let wrong = age_with_passphrase(dir, &format!("{password}x"), &format!("-d {out}"));
        assert!(!wrong.status.success() && wrong.stdout.is_empty(), "age -d {out} accepted a wrong password");

        // X25519.
        let out = format!("x{i}.age");
        ok(dir, &format!("backup file {input} --to {key} --out {out} {binary}"));
        let plain = age(dir, &format!("-d -i key.txt {out}"));
        check_envelope(&plain.stdout, &m, &fingerprint, &format!("age -d -i key.txt {out} ({what})"));
    }
}

#[test]
fn seedsafe_restores_what_stock_age_writes() {
    let mut rng = seeded("seedsafe_restores_what_stock_age_writes");
    let tmp = tempdir();
    let dir = tmp.path();
    let key = age_keygen(dir, "key.txt");
    let other = age_keygen(dir, "other.txt");
    for i in 0..4 {
        let m = random_mnemonic(&mut rng);
        let words = write(dir, &format!("words{i}.txt"), m.phrase().as_bytes());
        let language = m.language().name();
        // The envelope as seedsafe makes it, taken out with the stock tool.
        let src = format!("src{i}.age");
        let report = ok_json(
            dir,
            &format!("backup file --secret-file {words} --language {language} --to {key} --out {src} --json"),
        );
        let envelope = age(dir, &format!("-d -i key.txt {src}")).stdout;
        let env = write(dir, &format!("envelope{i}.json"), &envelope);
        let armor = if i % 2 == 0 { "-a" } else { "" };
        let what = format!("case {i}: {} words, {language}, {armor}", m.word_count());

        // age -p: a password typed at age's prompt (asked twice).
        let password = random_password(&mut rng);
        let pw = write(dir, &format!("pw{i}.txt"), &password);
        let out = format!("age-p{i}.age");
        let made = age_with_passphrase(dir, &password, &format!("-p {armor} -o {out} {env}"));
        assert!(made.status.success(), "age -p ({what}): {}", stderr(&made));
        assert_eq!(stderr(&made).matches("passphrase").count(), 2, "age -p asks twice: {}", stderr(&made));
        let r = restored(dir, &format!("{out} --password-file {pw} --reveal"));
        assert_eq!(r["secret"]["mnemonic"], m.phrase().as_str(), "{what}");
        assert_eq!(r["fingerprint"], report["fingerprint"], "{what}");
        assert_eq!(r["identity_checked"], true, "{what}");

        // age -r, to two recipients: either key alone opens it.
        let out = format!("age-r{i}.age");
        age(dir, &format!("-r {key} -r {other} {armor} -o {out} {env}"));
        for identity in ["key.txt", "other.txt"] {
            let r = restored(dir, &format!("{out} --identity {identity} --reveal"));
            assert_eq!(r["secret"]["mnemonic"], m.phrase().as_str(), "{what}, {identity}");
            assert_eq!(r["addresses"], report["addresses"], "{what}, {identity}");
        }
    }

    // An envelope written by hand from docs/envelope.md (its example, as printed there) and
    // encrypted with the stock tool restores, and its identity is checked.
    let docs = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/envelope.md");
    let doc = std::fs::read_to_string(docs).unwrap();
    let example =
        doc.split("```json\n").nth(1).and_then(|s| s.split("```").next()).expect("the JSON example");
    let env = write(dir, "doc-example.json", example);
    age(dir, &format!("-r {key} -a -o doc-example.age {env}"));
    let r = restored(dir, "doc-example.age --identity key.txt --reveal");
    assert_eq!(r["secret"]["mnemonic"], ABANDON);
    assert_eq!(r["label"], "savings");
    assert_eq!(r["identity_checked"], true, "{r}");
    // An altered address in it is caught.
    let altered = example
        .replace("bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu", "bc1qnjg0jd8228aq7egyzacy8cys3knf9xvrerkf9g");
    assert_ne!(altered, example);
    let env = write(dir, "doc-altered.json", altered);
    age(dir, &format!("-r {key} -o doc-altered.age {env}"));
    refused(dir, "restore doc-altered.age -i key.txt", "does not restore the wallet identity");
}

// ---------------------------------------------------------------------------------------------
// Bad input

/// `data` with the first character of the header MAC (after `--- `) changed.
fn alter_mac(data: &[u8]) -> Vec<u8> {
    let at = data.windows(4).position(|w| w == b"--- ").unwrap() + 4;
    let mut altered = data.to_vec();
    altered[at] = if altered[at] == b'A' { b'B' } else { b'A' };
    altered
}

#[test]
fn bad_input_gets_its_own_message_exit_2_and_nothing_written() {
    let tmp = tempdir();
    let dir = tmp.path();
    let words = write(dir, "words.txt", ABANDON);
    let pw = write(dir, "pw.txt", PASSWORD);
    let wrong = write(dir, "wrong.txt", "Vq7#pL2x!Rm9@tZ4-kW8$nB4");
    let key = age_keygen(dir, "key.txt");
    age_keygen(dir, "other.txt");
    ok(dir, &format!("backup file --secret-file {words} --out p.age --password-file {pw}"));
    ok(dir, &format!("backup file --secret-file {words} --out pb.age --password-file {pw} --binary"));
    ok(dir, &format!("backup file --secret-file {words} --out x.age --to {key}"));
    ok(dir, &format!("backup file --secret-file {words} --out xb.age --to {key} --binary"));
    let p = std::fs::read(dir.join("p.age")).unwrap();
    let pb = std::fs::read(dir.join("pb.age")).unwrap();
    let x = std::fs::read(dir.join("x.age")).unwrap();
    let xb = std::fs::read(dir.join("xb.age")).unwrap();

    // Wrong password; a file meant for another recipient.
    refused(dir, &format!("restore p.age --password-file {wrong}"), "the password is wrong");
    refused(dir, &format!("restore pb.age --password-file {wrong}"), "the password is wrong");
    refused(dir, "restore x.age --identity other.txt", "encrypted to other recipients");
    refused(dir, "restore xb.age --identity other.txt", "encrypted to other recipients");
    // A password for a recipients file, and a key for a password file.
    refused(
        dir,
        &format!("restore x.age --password-file {pw}"),
        "encrypted to public keys, not with a password",
    );
    refused(dir, "restore p.age --identity key.txt", "encrypted with a password, not to a key");
    // No password at all, and standard input is not a terminal.
    refused(dir, "restore p.age", "a password is needed and standard input is not a terminal");
    // An identity file that holds no key.
    refused(dir, &format!("restore x.age --identity {words}"), "holds no age or SSH private key");
    // An empty file; a file that is no copy.
    write(dir, "empty.age", "");
    refused(dir, "restore empty.age", "is empty");
    refused(dir, &format!("restore {pw} --password-file {pw}"), "is not a copy seedsafe can restore");

    // Altered: the header MAC (password right, header wrong), the payload, the armour.
    write(dir, "mac.age", alter_mac(&xb));
    refused(dir, "restore mac.age --identity key.txt", "header was altered");
    write(dir, "pmac.age", alter_mac(&pb));
    refused(dir, &format!("restore pmac.age --password-file {pw}"), "header was altered");
    let mut altered = xb.clone();
    *altered.last_mut().unwrap() ^= 0x01;
    write(dir, "payload.age", &altered);
    refused(dir, "restore payload.age --identity key.txt", "altered or truncated after its header");
    let mut altered = x.clone();
    let at = altered.len() / 2;
    altered[at] = b'*';
    write(dir, "armour.age", &altered);
    refused(dir, "restore armour.age --identity key.txt", "ASCII armour is damaged");
    let mut altered = p.clone();
    altered.extend_from_slice(b"P.S. hello\n");
    write(dir, "garbage.age", &altered);
    refused(dir, &format!("restore garbage.age --password-file {pw}"), "ASCII armour is damaged");
    // A damaged stanza line is a damaged header, not a newer format.
    let mut altered = xb.clone();
    let at = altered.windows(9).position(|w| w == b"-> X25519").unwrap() + 10;
    altered[at] = b'*';
    write(dir, "stanza.age", &altered);
    refused(dir, "restore stanza.age --identity key.txt", "header is damaged");

    // A newer age format, a newer envelope version, JSON that is no envelope.
    let mut newer = xb.clone();
    newer[..21].copy_from_slice(b"age-encryption.org/v2");
    write(dir, "v2.age", &newer);
    refused(dir, "restore v2.age --identity key.txt", "age format this version of seedsafe does not know");
    let mut doc: Value = serde_json::from_slice(&age(dir, "-d -i key.txt x.age").stdout).unwrap();
    doc["version"] = json!(2);
    write(dir, "v2.json", doc.to_string());
    age(dir, &format!("-r {key} -o env-v2.age v2.json"));
    refused(dir, "restore env-v2.age --identity key.txt", "envelope version 2 is newer");
    write(dir, "other.json", "{\"hello\": 1}");
    age(dir, &format!("-r {key} -o other-json.age other.json"));
    refused(dir, "restore other-json.age --identity key.txt", "not a seedsafe envelope");
}

/// Cut points for truncation: inside the header, at its end, inside the payload, one short.
fn cut_points(data: &[u8]) -> Vec<usize> {
    let len = data.len();
    let mut cuts =
        vec![25, 40, 64, len / 4, len / 3, len / 2, 2 * len / 3, len - 40, len - 17, len - 16, len - 2];
    if let Some(mac) = data.windows(4).position(|w| w == b"--- ") {
        // The MAC line, the payload nonce, the first chunk.
        cuts.extend([mac, mac + 10, mac + 47, mac + 48, mac + 50, mac + 64, mac + 100]);
    }
    // Seedsafe must still see an age file: the version line, or the whole armour BEGIN line.
    let min = if data.starts_with(b"-----BEGIN") { 35 } else { 22 };
    cuts.retain(|&c| c > min && c < len - 1);
    cuts.sort_unstable();
    cuts.dedup();
    cuts
}

#[test]
fn truncated_files_are_refused() {
    let tmp = tempdir();
    let dir = tmp.path();
    let words = write(dir, "words.txt", ABANDON);
    let pw = write(dir, "pw.txt", PASSWORD);
    let key = age_keygen(dir, "key.txt");
    let mut tried = Vec::new();
    for (name, how, opener) in [
        ("x.age", format!("--to {key}"), "--identity key.txt".to_string()),
        ("xb.age", format!("--to {key} --binary"), "--identity key.txt".to_string()),
        ("p.age", format!("--password-file {pw}"), format!("--password-file {pw}")),
        ("pb.age", format!("--password-file {pw} --binary"), format!("--password-file {pw}")),
    ] {
        ok(dir, &format!("backup file --secret-file {words} --out {name} {how}"));
        let data = std::fs::read(dir.join(name)).unwrap();
        let mut cuts = cut_points(&data);
        if name.starts_with('p') {
            // scrypt takes a second per try: a few cut points are enough for password mode.
            cuts = vec![cuts[0], cuts[cuts.len() / 2], cuts[cuts.len() - 1]];
        }
        for cut in &cuts {
            let short = format!("cut{cut}-{name}");
            write(dir, &short, &data[..*cut]);
            refused(dir, &format!("restore {short} {opener}"), "truncated");
            std::fs::remove_file(dir.join(&short)).unwrap();
        }
        tried.push(format!("{name}: {} cut points {cuts:?}", cuts.len()));
    }
    println!("truncations refused:\n{}", tried.join("\n"));
    // Only the final line feed of an armoured file may go: age's armour allows the END line
    // without one, so that file is whole.
    let data = std::fs::read(dir.join("x.age")).unwrap();
    write(dir, "no-final-lf.age", &data[..data.len() - 1]);
    restored(dir, "no-final-lf.age --identity key.txt");
}

/// What `seedsafe restore` does with the bytes of an age envelope, in process: decrypt, parse,
/// verify. `Ok` means the bytes were accepted; the error is the variant's name.
fn opens(data: &[u8], identity: &[u8]) -> Result<(), String> {
    use seedsafe_core::age_file::{self, Identities};
    use seedsafe_core::envelope::Envelope;
    let variant = |e: &dyn std::fmt::Debug| format!("{e:?}").split(['(', ' ']).next().unwrap().to_string();
    let ids = Identities::Keys(age_file::parse_identities(identity).unwrap());
    let plain = age_file::decrypt(data, &ids).map_err(|e| variant(&e))?;
    let env = Envelope::from_json(&plain).map_err(|e| format!("envelope {}", variant(&e)))?;
    let passphrase = seedsafe_core::secret::Passphrase::empty();
    env.verify(&passphrase).map(|_| ()).map_err(|e| format!("verify {}", variant(&e)))
}

/// Tally of outcomes, and the changes that were accepted.
#[derive(Default)]
struct Tally {
    tried: usize,
    accepted: Vec<(usize, u8)>,
    errors: BTreeMap<String, usize>,
}

impl Tally {
    fn add(&mut self, other: Tally) {
        self.tried += other.tried;
        self.accepted.extend(other.accepted);
        for (k, v) in other.errors {
            *self.errors.entry(k).or_insert(0) += v;
        }
    }
}

/// Runs `work` over `items` split among the cores, and adds up the tallies.
fn in_parallel<T: Sync>(items: &[T], work: impl Fn(usize, &[T]) -> Tally + Sync) -> Tally {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()).min(8);
    let chunk = items.len().div_ceil(threads).max(1);
    let work = &work;
    let parts: Vec<Tally> = std::thread::scope(|s| {
        let handles: Vec<_> =
            items.chunks(chunk).enumerate().map(|(t, part)| s.spawn(move || work(t, part))).collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut total = Tally::default();
    for part in parts {
        total.add(part);
    }
    total
}

/// The values each byte of an age file is changed to in process. Where the file is parsed
/// (binary: the header through the MAC line and the payload nonce; armour: the BEGIN and END
/// lines, every line break, the Base64 lines that hold the header and nonce, and the last
/// Base64 line with its padding), every one of the 255 other values. Inside the encrypted
/// payload, where any change meets the same ChaCha20-Poly1305 tag check, the eight
/// single-bit flips of the byte; `SEEDSAFE_TAMPER_ALL=1` tries all 255 there too.
fn tamper_plan(data: &[u8]) -> Vec<(usize, Vec<u8>)> {
    use std::io::Read;
    let all = std::env::var_os("SEEDSAFE_TAMPER_ALL").is_some_and(|v| v == "1");
    let every = |b: u8| (0..=255u8).filter(|&v| v != b).collect::<Vec<u8>>();
    let flips = |b: u8| (0..8).map(|i| b ^ (1 << i)).collect::<Vec<u8>>();
    let mut binary = Vec::new();
    age::armor::ArmoredReader::new(data).read_to_end(&mut binary).unwrap();
    let mac = binary.windows(5).position(|w| w == b"\n--- ").unwrap() + 1;
    let header_end = mac + binary[mac..].iter().position(|&b| b == b'\n').unwrap() + 1 + 16;
    let parsed: Vec<bool> = if data.starts_with(b"-----BEGIN") {
        // Armour: lines of 64 Base64 characters, 48 bytes each.
        let mut parsed = vec![false; data.len()];
        let mut start = 0;
        let mut base64_line = 0;
        let lines: Vec<&[u8]> = data.split_inclusive(|&b| b == b'\n').collect();
        let last_base64 = lines.len() - 2;
        for (n, line) in lines.iter().enumerate() {
            let framing = n == 0 || n > last_base64;
            let holds_header = !framing && base64_line * 48 < header_end;
            for (k, &b) in line.iter().enumerate() {
                parsed[start + k] = framing || holds_header || n == last_base64 || b == b'\n';
            }
            if !framing {
                base64_line += 1;
            }
            start += line.len();
        }
        parsed
    } else {
        (0..data.len()).map(|i| i < header_end).collect()
    };
    data.iter()
        .zip(parsed)
        .enumerate()
        .map(|(i, (&b, p))| (i, if p || all { every(b) } else { flips(b) }))
        .collect()
}

/// Every change of [`tamper_plan`], in process.
fn every_change_in_process(data: &[u8], identity: &[u8]) -> Tally {
    let plan = tamper_plan(data);
    in_parallel(&plan, |_, part| {
        let mut tally = Tally::default();
        let mut copy = data.to_vec();
        for (pos, values) in part {
            for &value in values {
                copy[*pos] = value;
                tally.tried += 1;
                match opens(&copy, identity) {
                    Ok(()) => tally.accepted.push((*pos, value)),
                    Err(e) => *tally.errors.entry(e).or_insert(0) += 1,
                }
            }
            copy[*pos] = data[*pos];
        }
        tally
    })
}

const BASE64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Every position of `data` changed once (a seeded other value; inside armour a Base64
/// character becomes another Base64 character, so that the change reaches the cryptography)
/// and given to `seedsafe restore`, which must refuse it with exit code 2 and write nothing.
fn every_position_through_the_cli(data: &[u8], key_file: &Path, rng: &mut StdRng) -> Tally {
    let armoured = data.starts_with(b"-----BEGIN");
    let changes: Vec<(usize, u8)> = (0..data.len())
        .map(|pos| loop {
            let original = data[pos];
            let v =
                if armoured && BASE64.contains(&original) { *BASE64.choose(rng).unwrap() } else { rng.gen() };
            if v != original {
                break (pos, v);
            }
        })
        .collect();
    in_parallel(&changes, |t, part| {
        // Each thread in its own folder, so the check that nothing is written holds per run.
        let sub = tempdir();
        let dir = sub.path();
        std::fs::copy(key_file, dir.join("key.txt")).unwrap();
        let file = format!("t{t}.age");
        let mut tally = Tally::default();
        let mut copy = data.to_vec();
        for &(pos, value) in part {
            copy[pos] = value;
            std::fs::write(dir.join(&file), &copy).unwrap();
            copy[pos] = data[pos];
            let before = snapshot(dir);
            let out = run(dir, &format!("restore {file} --identity key.txt --json"), b"");
            assert!(before == snapshot(dir), "restore of a changed file wrote something");
            tally.tried += 1;
            if out.status.success() {
                tally.accepted.push((pos, value));
                continue;
            }
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(2), "byte {pos} -> {value:#04x}: {err}");
            assert!(out.stdout.is_empty(), "byte {pos} -> {value:#04x}: output on stdout");
            // Tally by message, without the details after a second colon.
            let first = err.lines().next().unwrap_or_default();
            let key = first.splitn(3, ':').take(2).collect::<Vec<_>>().join(":");
            *tally.errors.entry(key).or_insert(0) += 1;
        }
        tally
    })
}

#[test]
fn every_single_byte_change_of_an_envelope_is_rejected() {
    let mut rng = seeded("every_single_byte_change_of_an_envelope_is_rejected");
    let tmp = tempdir();
    let dir = tmp.path();
    let words = write(dir, "words.txt", ABANDON);
    let key = age_keygen(dir, "key.txt");
    ok(dir, &format!("backup file --secret-file {words} --out binary.age --to {key} --binary"));
    ok(dir, &format!("backup file --secret-file {words} --out armoured.age --to {key}"));
    let identity = std::fs::read(dir.join("key.txt")).unwrap();
    let mut report = Vec::new();
    let mut bad = Vec::new();
    for name in ["binary.age", "armoured.age"] {
        let data = std::fs::read(dir.join(name)).unwrap();
        assert_eq!(opens(&data, &identity), Ok(()), "{name} itself must open");
        let plan = tamper_plan(&data);
        let exhaustive = plan.iter().filter(|(_, v)| v.len() == 255).count();
        let t = every_change_in_process(&data, &identity);
        assert_eq!(t.tried, plan.iter().map(|(_, v)| v.len()).sum::<usize>());
        report.push(format!(
            "{name} ({} bytes; {exhaustive} to all 255 other values, {} to their 8 bit flips), in process: \
             {} changes, {} accepted; {:?}",
            data.len(),
            data.len() - exhaustive,
            t.tried,
            t.accepted.len(),
            t.errors
        ));
        if !t.accepted.is_empty() {
            bad.push(format!("{name}: accepted in process (position, value): {:?}", t.accepted));
        }
        let t = every_position_through_the_cli(&data, &dir.join("key.txt"), &mut rng);
        assert_eq!(t.tried, data.len());
        report.push(format!(
            "{name}, every byte once, through seedsafe restore: {} changes, {} accepted; {:?}",
            t.tried,
            t.accepted.len(),
            t.errors
        ));
        if !t.accepted.is_empty() {
            bad.push(format!("{name}: accepted by seedsafe restore (position, value): {:?}", t.accepted));
        }
    }
    println!("{}", report.join("\n"));
    assert!(bad.is_empty(), "changed envelopes were accepted:\n{}", bad.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// backup file: failures leave nothing, --force

#[test]
fn backup_failures_leave_nothing_behind() {
    let tmp = tempdir();
    let dir = tmp.path();
    let words = write(dir, "words.txt", ABANDON);
    let key = age_keygen(dir, "key.txt");
    let weak = write(dir, "weak.txt", "password123");
    let bad_words = write(dir, "bad-words.txt", ABANDON.replace("about", "abandon"));
    let backup = format!("backup file --secret-file {words} --out new.age");
    refused(dir, &format!("{backup} --password-file {weak}"), "this password looks weak");
    refused(dir, &format!("{backup} --to age1notakey"), "is not a recipient");
    write(dir, "recipients.txt", format!("# ok\n{key}\nnot-a-key\n"));
    refused(dir, &format!("{backup} --to-file recipients.txt"), "recipients.txt, line 3");
    fails(dir, &format!("{backup} --to-file missing.txt"), 3, "cannot read missing.txt");
    refused(dir, &backup, "a password is needed and standard input is not a terminal");
    refused(dir, &format!("backup file --secret-file {bad_words} --out new.age --to {key}"), "checksum");
    refused(dir, &format!("backup file --out new.age --to {key}"), "no secret was given");
    // An existing file is never replaced without --force, and stays as it was.
    write(dir, "old.age", "an older copy");
    refused(
        dir,
        &format!("backup file --secret-file {words} --out old.age --to {key}"),
        "old.age already exists; seedsafe never overwrites a copy",
    );
    // A folder that does not exist: an environment error, nothing written.
    fails(
        dir,
        &format!("backup file --secret-file {words} --out no/such/dir/a.age --to {key}"),
        3,
        "no/such/dir",
    );

    // A weak password is accepted when asked for, and then works.
    let report =
        ok_json(dir, &format!("{backup} --password-file {weak} --accept-weak-password --binary --json"));
    assert_eq!(report["verified"], true);
    restored(dir, &format!("new.age --password-file {weak}"));
    let expected =
        ["bad-words.txt", "key.txt", "new.age", "old.age", "recipients.txt", "weak.txt", "words.txt"];
    assert_eq!(names(dir), expected, "no temporary file may be left");
}

#[test]
fn force_replaces_a_copy_only_with_a_verified_one() {
    let tmp = tempdir();
    let dir = tmp.path();
    let words = write(dir, "words.txt", ABANDON);
    let alice = age_keygen(dir, "alice.txt");
    let bob = age_keygen(dir, "bob.txt");
    let weak = write(dir, "weak.txt", "password123");
    let bad_words = write(dir, "bad-words.txt", ABANDON.replace("about", "abandon"));
    ok(dir, &format!("backup file --secret-file {words} --out w.age --to {alice}"));
    let old = std::fs::read(dir.join("w.age")).unwrap();
    // Each failing replacement leaves the old copy byte for byte (`fails` checks the folder).
    let force = format!("backup file --secret-file {words} --out w.age --force");
    refused(dir, &format!("{force} --to age1bogus"), "is not a recipient");
    refused(dir, &format!("{force} --password-file {weak}"), "looks weak");
    fails(dir, &format!("{force} --to-file missing.txt"), 3, "missing.txt");
    refused(
        dir,
        &format!("backup file --secret-file {bad_words} --out w.age --force --to {bob}"),
        "checksum",
    );
    assert_eq!(std::fs::read(dir.join("w.age")).unwrap(), old, "the old copy must be intact");
    restored(dir, "w.age --identity alice.txt");

    // A good replacement: the new copy opens with the new key, no longer with the old one.
    ok(dir, &format!("{force} --to {bob}"));
    assert_ne!(std::fs::read(dir.join("w.age")).unwrap(), old);
    assert_eq!(mode(dir, "w.age"), 0o600);
    restored(dir, "w.age --identity bob.txt");
    refused(dir, "restore w.age --identity alice.txt", "encrypted to other recipients");
    let expected = ["alice.txt", "bad-words.txt", "bob.txt", "w.age", "weak.txt", "words.txt"];
    assert_eq!(names(dir), expected, "no temporary file may be left");
}

// ---------------------------------------------------------------------------------------------
// Ethereum keystores

#[test]
fn exported_keystore_restores_to_the_derived_address_and_opens_in_eth_account() {
    let tmp = tempdir();
    let dir = tmp.path();
    let words = write(dir, "words.txt", ABANDON);
    let pw = write(dir, "pw.txt", PASSWORD);
    let wrong = write(dir, "wrong.txt", "not-the-password-at-all-7Q!");
    for index in [0, 3] {
        let out = format!("ks{index}.json");
        let report = ok_json(
            dir,
            &format!("export keystore --secret-file {words} --index {index} --out {out} --password-file {pw} --json"),
        );
        assert_eq!(report["verified"], true);
        assert_eq!(mode(dir, &out), 0o600);
        let derived = ok_json(
            dir,
            &format!("derive --chain eth --start {index} --count 1 --json --secret-file {words}"),
        );
        let address = derived["addresses"][0]["address"].as_str().unwrap().to_string();
        assert_eq!(report["address"], address.as_str());
        let r = restored(dir, &format!("{out} --password-file {pw}"));
        assert_eq!(r["source"], "keystore-v3");
        assert_eq!(address_of(&r, "eth"), address, "index {index}");
        let ks: Value = serde_json::from_slice(&std::fs::read(dir.join(&out)).unwrap()).unwrap();
        assert_eq!(ks["version"], 3);
        assert_eq!(ks["crypto"]["kdf"], "scrypt");
        assert_eq!(ks["crypto"]["kdfparams"]["n"], 262144, "the standard work factor");
        assert_eq!(format!("0x{}", ks["address"].as_str().unwrap()), address.to_lowercase());
        // eth-account opens it (once at n = 2^18: a second or two) to the same address.
        if index == 0 {
            let res = keystore_oracle(
                "decrypt",
                vec![json!({"keystore": ks, "password_hex": hex::encode(PASSWORD)})],
            );
            assert_eq!(res[0]["address"], address.as_str(), "eth-account: {}", res[0]);
        }
        // A wrong password is refused; an existing keystore is never overwritten.
        refused(
            dir,
            &format!("restore {out} --password-file {wrong}"),
            "wrong password, or the keystore file was altered",
        );
        refused(
            dir,
            &format!(
                "export keystore --secret-file {words} --index {index} --out {out} --password-file {pw}"
            ),
            "already exists",
        );
    }
}

#[test]
fn keystores_written_by_eth_account_restore_in_seedsafe() {
    let mut rng = seeded("keystores_written_by_eth_account_restore_in_seedsafe");
    let tmp = tempdir();
    let dir = tmp.path();
    let mut cases = Vec::new();
    let mut passwords = Vec::new();
    for i in 0..6 {
        let key: [u8; 32] = loop {
            let k: [u8; 32] = rng.gen();
            if seedsafe_core::keystore::eth_address(&k).is_ok() {
                break k;
            }
        };
        let password = random_password(&mut rng);
        // Small work factors keep it fast: scrypt n = 2^10, PBKDF2 1024 rounds.
        let kdf = if i % 3 == 2 { "pbkdf2" } else { "scrypt" };
        cases.push(json!({"key_hex": hex::encode(key), "password_hex": hex::encode(&password), "kdf": kdf, "iterations": 1024}));
        passwords.push(password);
    }
    let made = keystore_oracle("encrypt", cases.clone());
    let opened = keystore_oracle(
        "decrypt",
        made.iter()
            .zip(&cases)
            .map(|(m, c)| json!({"keystore": m["keystore"], "password_hex": c["password_hex"]}))
            .collect(),
    );
    for (i, ((res, password), case)) in made.iter().zip(&passwords).zip(&cases).enumerate() {
        let ks = &res["keystore"];
        assert!(ks.is_object(), "eth-account: {res}");
        let file = write(dir, &format!("ks{i}.json"), ks.to_string());
        let pw = write(dir, &format!("pw{i}.txt"), password);
        let r = restored(dir, &format!("{file} --password-file {pw} --reveal"));
        assert_eq!(r["source"], "keystore-v3", "case {i}");
        assert_eq!(r["secret"]["hex"], case["key_hex"], "case {i} ({})", case["kdf"]);
        // The EIP-55 address as eth-account computes it.
        assert_eq!(address_of(&r, "eth"), opened[i]["address"].as_str().unwrap(), "case {i}");
        let field = format!("0x{}", ks["address"].as_str().unwrap()).to_lowercase();
        assert_eq!(address_of(&r, "eth").to_lowercase(), field, "case {i}: the keystore's address field");
    }
}

// ---------------------------------------------------------------------------------------------
// BIP-38

#[test]
fn exported_bip38_restores_to_the_derived_key() {
    let tmp = tempdir();
    let dir = tmp.path();
    let words = write(dir, "words.txt", ABANDON);
    let pw = write(dir, "pw.txt", PASSWORD);
    let report = ok_json(
        dir,
        &format!("export bip38 --kind p2pkh --index 0 --password-file {pw} --json --secret-file {words}"),
    );
    let encrypted = report["bip38"].as_str().unwrap().to_string();
    assert!(encrypted.starts_with("6P") && encrypted.len() == 58, "{encrypted}");
    assert_eq!(report["verified"], true);
    let derived =
        ok_json(dir, &format!("derive --chain btc --kind p2pkh --count 1 --json --secret-file {words}"));
    let p2pkh = derived["addresses"][0]["address"].as_str().unwrap().to_string();
    assert_eq!(report["address"], p2pkh.as_str());
    assert_eq!(p2pkh, "1LqBGSKuX5yYUonjxT5qGfpUsXKYYWeabA", "the BIP-44 address of the test wallet");

    let file = write(dir, "key.bip38", format!("{encrypted}\n"));
    let r = restored(dir, &format!("{file} --password-file {pw} --reveal"));
    assert_eq!(r["source"], "bip38");
    assert_eq!(r["compressed"], true);
    // The restored key gives the same P2PKH address. (restore lists a single key's default
    // address per chain, P2WPKH for btc, so the P2PKH address is derived from the revealed WIF.)
    let wif = write(dir, "wif.txt", r["secret"]["wif"].as_str().unwrap());
    let again =
        ok_json(dir, &format!("derive --chain btc --kind p2pkh --count 1 --json --secret-file {wif}"));
    assert_eq!(again["addresses"][0]["address"], p2pkh.as_str());
    let p2wpkh = ok_json(dir, &format!("derive --chain btc --count 1 --json --secret-file {wif}"));
    assert_eq!(address_of(&r, "btc"), p2wpkh["addresses"][0]["address"].as_str().unwrap());
    let wrong = write(dir, "wrong.txt", "not-the-password-at-all-7Q!");
    refused(dir, &format!("restore {file} --password-file {wrong}"), "wrong password");
}

#[test]
fn bip38_vectors_restore_through_the_cli() {
    let tmp = tempdir();
    let dir = tmp.path();
    let path = vectors_file("bip38_test_vectors.json");
    let text =
        std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}; set SEEDSAFE_VECTORS", path.display()));
    let vectors: Value = serde_json::from_slice(&text).unwrap();
    let cases = vectors["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 9);
    let mut failures = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let what = format!("{} / {}", case["group"].as_str().unwrap(), case["name"].as_str().unwrap());
        let file = write(dir, &format!("v{i}.bip38"), case["encrypted"].as_str().unwrap());
        // The passphrase exactly, without a line break.
        let pw = write(dir, &format!("pw{i}.txt"), case["passphrase"].as_str().unwrap());
        let out = restore(dir, &format!("{file} --password-file {pw} --json --reveal"));
        if !out.status.success() {
            failures.push(format!("{what}: {}", stderr(&out)));
            continue;
        }
        let r: Value = serde_json::from_slice(&out.stdout).unwrap();
        let mut wrong = Vec::new();
        if r["secret"]["wif"] != case["wif"] {
            wrong.push(format!("wif {}, expected {}", r["secret"]["wif"], case["wif"]));
        }
        // Not every vector lists the key in hex.
        if case.get("privkey_hex").is_some() && r["secret"]["hex"] != case["privkey_hex"] {
            wrong.push(format!("hex {}, expected {}", r["secret"]["hex"], case["privkey_hex"]));
        }
        if r["compressed"] != case["compressed"] {
            wrong.push(format!("compressed {}, expected {}", r["compressed"], case["compressed"]));
        }
        println!("{what}: {}", if wrong.is_empty() { "ok".to_string() } else { wrong.join("; ") });
        if !wrong.is_empty() {
            failures.push(format!("{what}: {}", wrong.join("; ")));
        }
    }
    assert!(failures.is_empty(), "{} BIP-38 vector(s) failed:\n{}", failures.len(), failures.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// The canary

/// A valid mnemonic used in no other test, a BIP-39 passphrase and a file password with
/// recognisable markers.
const CANARY: &str = "robust artefact alley basic puzzle radio theory game wonder still hollow hat";
const CANARY_PASSPHRASE: &str = "canary-bip39-passphrase-5d1e";
const CANARY_PASSWORD: &str = "canary-file-password-Qx9!v7Lm#2";
const WEAK_CANARY: &str = "weakcanary";

/// What of the canary shows in `text`: any three consecutive words, the passphrase, the
/// password.
fn canary_leaks(text: &str) -> Vec<&'static str> {
    let mut found = Vec::new();
    let normalized = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let words: Vec<&str> = CANARY.split(' ').collect();
    if words.windows(3).any(|w| normalized.contains(&w.join(" "))) {
        found.push("mnemonic");
    }
    if text.contains(CANARY_PASSPHRASE) {
        found.push("passphrase");
    }
    if text.contains(CANARY_PASSWORD) || text.contains(WEAK_CANARY) {
        found.push("password");
    }
    found
}

#[test]
fn the_canary_appears_in_no_error_report_or_file_name() {
    assert!(Mnemonic::parse(CANARY, None).is_ok(), "the canary must be a valid mnemonic");
    let tmp = tempdir();
    let dir = tmp.path();
    write(dir, "w", CANARY);
    write(dir, "pp", CANARY_PASSPHRASE);
    write(dir, "pw", CANARY_PASSWORD);
    write(dir, "wrongpw", PASSWORD);
    // A weak password, refused: it must not be echoed either.
    write(dir, "weak", WEAK_CANARY);
    let key = age_keygen(dir, "key");
    age_keygen(dir, "otherkey");
    let input = "--secret-file w --passphrase-file pp";
    // (command, exit code, whether it may show the mnemonic on stdout)
    let cases: Vec<(String, i32, bool)> = vec![
        (format!("backup file {input} --out c1 --password-file pw"), 0, false),
        (format!("backup file {input} --out c2 --password-file pw --json --binary"), 0, false),
        (
            format!("backup file {input} --out c3 --to {key} --include-passphrase --json --label canary"),
            0,
            false,
        ),
        (format!("backup file {input} --out c1 --password-file pw"), 2, false),
        (format!("backup file {input} --out c4 --password-file weak"), 2, false),
        (format!("backup file {input} --out c4 --to age1canary"), 2, false),
        ("restore c1 --password-file pw".into(), 0, false),
        ("restore c1 --password-file pw --json".into(), 0, false),
        ("restore c1 --password-file pw --passphrase-file pp --json".into(), 0, false),
        ("restore c2 --password-file pw --passphrase-file pp".into(), 0, false),
        ("restore c3 --identity key --json".into(), 0, false),
        ("restore c3 --identity key".into(), 0, false),
        ("restore c1 --password-file wrongpw --json".into(), 2, false),
        ("restore c3 --identity otherkey".into(), 2, false),
        ("restore c3 --password-file pw".into(), 2, false),
        ("restore c1 --password-file pw --json --reveal".into(), 0, true),
        ("restore c3 --identity key --reveal".into(), 0, true),
        (format!("export keystore {input} --out k1 --password-file pw --json"), 0, false),
        (format!("export keystore {input} --out k1 --password-file pw"), 2, false),
        (format!("export keystore {input} --out k2 --password-file weak"), 2, false),
        ("restore k1 --password-file pw --json".into(), 0, false),
        ("restore k1 --password-file pw".into(), 0, false),
        ("restore k1 --password-file wrongpw".into(), 2, false),
        (format!("export bip38 {input} --password-file pw --json"), 0, false),
        (format!("export bip38 {input} --password-file pw"), 0, false),
        (format!("export bip38 {input} --password-file weak"), 2, false),
    ];
    for (line, code, may_reveal) in &cases {
        let out = run(dir, line, b"");
        assert_eq!(out.status.code(), Some(*code), "{line}: {}", stderr(&out));
        let err_leaks = canary_leaks(&stderr(&out));
        assert!(err_leaks.is_empty(), "{line}: {err_leaks:?} on stderr: {}", stderr(&out));
        let out_leaks = canary_leaks(&stdout(&out));
        if *may_reveal {
            // --reveal shows the secret (and a passphrase kept inside), never the password.
            assert!(out_leaks.contains(&"mnemonic"), "{line}: --reveal did not show the words");
            assert!(!out_leaks.contains(&"password"), "{line}: the password on stdout");
        } else {
            assert!(out_leaks.is_empty(), "{line}: {out_leaks:?} on stdout: {}", stdout(&out));
        }
    }
    // File names: only those chosen here, none made from a secret.
    let expected = ["c1", "c2", "c3", "k1", "key", "otherkey", "pp", "pw", "w", "weak", "wrongpw"];
    assert_eq!(names(dir), expected);
    // The copies hold none of the three in plaintext.
    for name in ["c1", "c2", "c3", "k1"] {
        let data = String::from_utf8_lossy(&std::fs::read(dir.join(name)).unwrap()).into_owned();
        assert!(canary_leaks(&data).is_empty(), "{name} holds plaintext: {:?}", canary_leaks(&data));
    }
}

//! age plugin recipients and identities (issue 3), through the `seedsafe` binary.
//!
//! The plugin is `age-plugin-xwing` from crates.io: an independent implementation of a plugin
//! (the X-Wing post-quantum KEM) whose identities are software keys, so both directions run
//! without hardware. `scripts/test` installs it and names its folder in
//! `SEEDSAFE_AGE_PLUGINS`; a missing plugin fails the test rather than skipping it. Plugins are
//! found through `PATH`, as with the stock tools, so each command here gets a `PATH` with or
//! without that folder. A YubiKey (age-plugin-yubikey) takes the same code path: only the
//! program behind the recipient differs.
//!
//! - seedsafe writes to plugin recipients (alone, several, mixed with X25519, from
//!   `--to-file`); the stock Go `age`, running the same plugin, decrypts; seedsafe restores with
//!   the plugin identity;
//! - the stock `age` encrypts an envelope to a plugin recipient; seedsafe restores it;
//! - a backup plan's copy to a plugin recipient is drilled with the plugin identity;
//! - refusals: the plugin not installed (exit 3), another plugin key (exit 2), a damaged
//!   plugin recipient, a plugin identity given as a recipient; nothing written in each case;
//! - the canary: a known mnemonic and passphrase appear in no output, error, file name or
//!   written file of these commands.

#![allow(clippy::unwrap_used, reason = "in tests a panic is the failure report")]

mod common;

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use serde_json::Value;

/// The folder holding `age-plugin-xwing`.
fn plugin_dir() -> PathBuf {
    let dir = std::env::var_os("SEEDSAFE_AGE_PLUGINS").map(PathBuf::from).unwrap_or_else(|| {
        panic!(
            "SEEDSAFE_AGE_PLUGINS is not set: run scripts/test (it installs age-plugin-xwing), or \
             `cargo install age-plugin-xwing --root DIR` and set SEEDSAFE_AGE_PLUGINS=DIR/bin"
        )
    });
    assert!(dir.join("age-plugin-xwing").is_file(), "no age-plugin-xwing in {}", dir.display());
    dir
}

/// `PATH` with the plugin folder in front.
fn with_plugin() -> OsString {
    let mut dirs = vec![plugin_dir()];
    dirs.extend(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()));
    std::env::join_paths(dirs).unwrap()
}

/// `PATH` without the plugin folder (and no other age-plugin-xwing on it).
fn without_plugin() -> OsString {
    let plugins = plugin_dir();
    let dirs: Vec<PathBuf> = std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .filter(|d| *d != plugins && !d.join("age-plugin-xwing").exists())
        .collect();
    std::env::join_paths(dirs).unwrap()
}

/// A new X-Wing identity file `dir/name`, made by the plugin itself; returns its recipient.
fn xwing_keygen(dir: &Path, name: &str) -> String {
    let out = output_of(Command::new(plugin_dir().join("age-plugin-xwing")), "age-plugin-xwing");
    std::fs::write(dir.join(name), &out.stdout).unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let recipient = text
        .split_whitespace()
        .find(|w| w.starts_with("age1xwing1"))
        .unwrap_or_else(|| panic!("no recipient in the plugin's output: {text}"))
        .to_string();
    assert!(text.contains("AGE-PLUGIN-XWING-1"), "no identity in the plugin's output");
    recipient
}

/// The stock Go `age LINE` with the plugin on `PATH`; must succeed.
fn age(dir: &Path, line: &str) -> Vec<u8> {
    let mut cmd = tool("age", "age");
    cmd.args(line.split_whitespace()).current_dir(dir).env("PATH", with_plugin());
    output_of(cmd, &format!("age {line}")).stdout
}

/// Runs seedsafe with the plugin on `PATH`; requires success and parses the `--json` report.
fn seedsafe_json(dir: &Path, line: &str) -> Value {
    let path = with_plugin();
    let out = run_env(dir, line, b"", &[("PATH", path.as_os_str())]);
    assert!(out.status.success(), "seedsafe {line} failed ({:?}): {}", out.status.code(), stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{line}: not JSON ({e}): {}", stdout(&out)))
}

#[test]
fn plugin_recipients_and_identities_interoperate_with_stock_age() {
    let mut rng = seeded("plugin_recipients_and_identities_interoperate_with_stock_age");
    let tmp = tempdir();
    let dir = tmp.path();
    let first = xwing_keygen(dir, "xwing1.txt");
    let second = xwing_keygen(dir, "xwing2.txt");
    let x25519 = {
        let mut cmd = tool("age-keygen", "age");
        cmd.arg("-o").arg(dir.join("x25519.txt"));
        let out = output_of(cmd, "age-keygen");
        let text = stderr(&out);
        text.split_whitespace().find(|w| w.starts_with("age1")).unwrap().to_string()
    };
    write(dir, "recipients.txt", format!("# the plugin key\n{second}\n"));

    for i in 0..3 {
        let m = random_mnemonic(&mut rng);
        let words = write(dir, &format!("words{i}.txt"), m.phrase().as_bytes());
        let language = m.language().name();
        let input = format!("--secret-file {words} --language {language}");
        let out = format!("copy{i}.age");
        let binary = if i == 1 { "--binary" } else { "" };
        // Case 0: one plugin recipient; 1: two plugin recipients, one from a file; 2: a
        // plugin recipient beside an X25519 key.
        let to = match i {
            0 => format!("--to {first}"),
            1 => format!("--to {first} --to-file recipients.txt"),
            _ => format!("--to {first} --to {x25519}"),
        };
        let report = seedsafe_json(dir, &format!("backup file {input} {to} --out {out} {binary} --json"));
        assert_eq!(report["verified"], true);
        assert_eq!(report["encryption"], "recipients");

        // The stock tool, running the same plugin, opens it.
        let plain = age(dir, &format!("-d -i xwing1.txt {out}"));
        let envelope: Value = serde_json::from_slice(&plain).expect("age -d gave the envelope's JSON");
        assert_eq!(envelope["secret"]["mnemonic"], m.phrase().as_str(), "case {i}");
        assert_eq!(envelope["identity"]["fingerprint"], report["fingerprint"], "case {i}");

        // seedsafe opens it with each plugin identity it was written to.
        let restored = seedsafe_json(dir, &format!("restore {out} --identity xwing1.txt --reveal --json"));
        assert_eq!(restored["secret"]["mnemonic"], m.phrase().as_str(), "case {i}");
        assert_eq!(restored["fingerprint"], report["fingerprint"], "case {i}");
        if i == 1 {
            let restored = seedsafe_json(dir, &format!("restore {out} -i xwing2.txt --json"));
            assert_eq!(restored["fingerprint"], report["fingerprint"]);
        }
        if i == 2 {
            let restored = seedsafe_json(dir, &format!("restore {out} -i x25519.txt --json"));
            assert_eq!(restored["fingerprint"], report["fingerprint"]);
        }

        // The other way: the stock tool encrypts the envelope to the plugin recipient.
        let envelope_file = write(dir, &format!("envelope{i}.json"), &plain);
        let from_age = format!("from-age{i}.age");
        age(dir, &format!("-r {second} -a -o {from_age} {envelope_file}"));
        let restored = seedsafe_json(dir, &format!("restore {from_age} -i xwing2.txt --reveal --json"));
        assert_eq!(restored["secret"]["mnemonic"], m.phrase().as_str(), "case {i}, written by age");
        // Not for the first key. (age-plugin-xwing cannot tell another key's stanza from an
        // altered one: X-Wing decapsulation always yields a key, and the AEAD then fails.)
        let path = with_plugin();
        fails_env(
            dir,
            &format!("restore {from_age} -i xwing1.txt"),
            2,
            "the age plugin could not open this file with the given identities",
            &[("PATH", path.as_os_str())],
        );
    }
}

#[test]
fn plugin_problems_are_refused_and_nothing_is_written() {
    let tmp = tempdir();
    let dir = tmp.path();
    let recipient = xwing_keygen(dir, "xwing.txt");
    let words = write(dir, "words.txt", ABANDON);
    let with = with_plugin();
    let without = without_plugin();
    let with: &[(&str, &OsStr)] = &[("PATH", with.as_os_str())];
    let without: &[(&str, &OsStr)] = &[("PATH", without.as_os_str())];

    // The plugin's program is missing: a problem of the machine (exit 3), with what to do.
    fails_env(
        dir,
        &format!("backup file --secret-file {words} --to {recipient} --out a.age"),
        3,
        "age-plugin-xwing is not installed (not found in PATH)",
        without,
    );
    let out = run_env(
        dir,
        &format!("backup file --secret-file {words} --to {recipient} --out a.age"),
        b"",
        without,
    );
    assert!(stderr(&out).contains("hint: age plugins are separate programs"), "{}", stderr(&out));

    // A copy for the plugin, restored without it.
    let report =
        seedsafe_json(dir, &format!("backup file --secret-file {words} --to {recipient} --out b.age --json"));
    assert_eq!(report["verified"], true);
    fails_env(dir, "restore b.age -i xwing.txt", 3, "age-plugin-xwing is not installed", without);

    // A damaged plugin recipient (one character changed: the Bech32 checksum catches it).
    let mut damaged: Vec<char> = recipient.chars().collect();
    let at = damaged.len() / 2;
    damaged[at] = if damaged[at] == 'q' { 'p' } else { 'q' };
    let damaged: String = damaged.into_iter().collect();
    fails_env(
        dir,
        &format!("backup file --secret-file {words} --to {damaged} --out c.age"),
        2,
        "looks like an age recipient but is damaged",
        with,
    );
    // The plugin identity where its recipient belongs.
    let identity = std::fs::read_to_string(dir.join("xwing.txt")).unwrap();
    let identity = identity.lines().find(|l| l.starts_with("AGE-PLUGIN-XWING-1")).unwrap();
    fails_env(
        dir,
        &format!("backup file --secret-file {words} --to {identity} --out c.age"),
        2,
        "that is a private key; give its public key instead",
        with,
    );
    // The damaged recipient and the identity are not echoed in full.
    let out =
        run_env(dir, &format!("backup file --secret-file {words} --to {identity} --out c.age"), b"", with);
    assert!(!stderr(&out).contains(&identity[20..]), "the identity was echoed: {}", stderr(&out));
}

/// A valid mnemonic used as a canary: no three of its words in a row may appear in any
/// output, error or file name of a command that was not asked to reveal it.
const CANARY: &str = "hawk grass gadget issue salt suspect ice either elite various obey repair";
const CANARY_PASSPHRASE: &str = "canary-passphrase-plugin-5c1e";

fn leaks(text: &str) -> bool {
    let words: Vec<&str> = CANARY.split(' ').collect();
    let normalized = text.split_whitespace().collect::<Vec<_>>().join(" ");
    words.windows(3).any(|w| normalized.contains(&w.join(" "))) || text.contains(CANARY_PASSPHRASE)
}

#[test]
fn the_canary_stays_out_of_plugin_commands() {
    assert!(leaks(CANARY) && leaks(CANARY_PASSPHRASE), "the leak detector must see the canary");
    let tmp = tempdir();
    let dir = tmp.path();
    let recipient = xwing_keygen(dir, "xwing.txt");
    let words = write(dir, "canary.txt", CANARY);
    let pp = write(dir, "pp.txt", CANARY_PASSPHRASE);
    let with = with_plugin();
    let without = without_plugin();
    let lines = [
        (format!("backup file --secret-file {words} --passphrase-file {pp} --to {recipient} --out c.age --json"), &with),
        (format!("backup file --secret-file {words} --passphrase-file {pp} --to {recipient} --out d.age"), &without),
        ("restore c.age -i xwing.txt --json".to_string(), &with),
        (format!("restore c.age -i xwing.txt --passphrase-file {pp}"), &with),
        ("restore c.age -i xwing.txt".to_string(), &without),
        (format!("backup file --secret-file {words} --to {recipient}x --out e.age"), &with),
    ];
    for (line, path) in &lines {
        let out = run_env(dir, line, b"", &[("PATH", path.as_os_str())]);
        assert!(!leaks(&stdout(&out)), "seedsafe {line}: the canary is on stdout");
        assert!(!leaks(&stderr(&out)), "seedsafe {line}: the canary is on stderr");
    }
    let report: Value = {
        let out = run_env(dir, "restore c.age -i xwing.txt --json", b"", &[("PATH", with.as_os_str())]);
        json_of(&out)
    };
    assert!(report.get("secret").is_none(), "the secret is in a report that did not ask for it");
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        assert!(!leaks(&entry.file_name().to_string_lossy()), "a file name holds the canary");
        if entry.file_name() != "canary.txt" && entry.file_name() != "pp.txt" {
            let bytes = std::fs::read(entry.path()).unwrap();
            assert!(!leaks(&String::from_utf8_lossy(&bytes)), "{:?} holds the canary", entry.file_name());
        }
    }
}

#[test]
fn a_plan_copy_to_a_plugin_recipient_is_drilled_with_the_plugin_identity() {
    let tmp = tempdir();
    let dir = tmp.path();
    let recipient = xwing_keygen(dir, "xwing.txt");
    let plan = one_copy_plan(dir, &recipient);
    let home = dir.join("home");
    let path = with_plugin();
    let env: &[(&str, &OsStr)] = &[("PATH", path.as_os_str()), ("SEEDSAFE_HOME", home.as_os_str())];
    let made = json_of(&run_env(dir, &format!("plan run {plan} --json"), ABANDON.as_bytes(), env));
    assert_eq!(made["complete"], true, "{made}");

    // Without the identity the copy cannot be opened: skipped, not failed.
    let skipped = json_of(&run_env(dir, "drill --all --json", b"", env));
    assert_eq!(skipped["drills"][0]["result"], "skipped", "{skipped}");
    // With it, the plugin opens the copy and the drill proves it restores the wallet.
    let drilled = json_of(&run_env(dir, "drill --all --identity xwing.txt --json", b"", env));
    assert_eq!(drilled["drills"][0]["result"], "ok", "{drilled}");
    // Another plugin key does not open it.
    xwing_keygen(dir, "other.txt");
    let out = run_env(dir, "drill --all --identity other.txt --json", b"", env);
    let other: Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stderr(&out)));
    assert_eq!(other["drills"][0]["result"], "skipped", "{other}");
    let message = other["drills"][0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("could not open"), "{other}");
}

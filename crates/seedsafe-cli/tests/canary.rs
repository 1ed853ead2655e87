//! The canary test (DESIGN.md, rule 1): commands run with a known secret must not show it
//! anywhere the person did not ask for it: not in errors, not in `--json` reports, not in
//! file names. Also checks that files holding secrets are private and never overwritten.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Output;

mod common;

use common::run_args;

fn seedsafe(args: &[&str], stdin: &str, dir: &Path) -> Output {
    run_args(dir, args, stdin.as_bytes())
}

/// A valid mnemonic used nowhere else, and a passphrase with a recognisable marker.
const CANARY: &str = "hawk grass gadget issue salt suspect ice either elite various obey repair";
const CANARY_PASSPHRASE: &str = "canary-passphrase-7f3a";

/// Any three consecutive canary words, or the passphrase, found in `text`.
fn leaks(text: &str) -> Option<String> {
    let words: Vec<&str> = CANARY.split(' ').collect();
    let normalized = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if normalized.contains(CANARY_PASSPHRASE) {
        return Some(CANARY_PASSPHRASE.to_string());
    }
    words.windows(3).map(|w| w.join(" ")).find(|w| normalized.contains(w.as_str()))
}

fn assert_clean(out: &Output, what: &str) {
    for (name, stream) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let text = String::from_utf8_lossy(stream);
        assert!(leaks(&text).is_none(), "{what}: secret found on {name}: {text}");
    }
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn the_canary_mnemonic_appears_in_no_report_or_error() {
    assert!(seedsafe_core::bip39::Mnemonic::parse(CANARY, None).is_ok(), "the canary must be valid");
    let dir = tempfile::tempdir().expect("temp dir");
    let pass = dir.path().join("pass.txt");
    std::fs::write(&pass, CANARY_PASSPHRASE).expect("write passphrase");
    let pass = pass.to_str().expect("utf-8 path");
    let broken = CANARY.replace("hawk", "abandon");
    let misspelled = CANARY.replace("suspect", "suspcet");
    let cases: Vec<(Vec<&str>, &str, i32)> = vec![
        (vec!["inspect"], CANARY, 0),
        (vec!["inspect", "--json"], CANARY, 0),
        (vec!["inspect", "--json", "--passphrase-file", pass], CANARY, 0),
        (vec!["derive", "--chain", "btc", "--json"], CANARY, 0),
        (vec!["derive", "--chain", "eth", "--passphrase-file", pass], CANARY, 0),
        (vec!["derive", "--chain", "sol", "--json"], CANARY, 0),
        (vec!["derive", "--chain", "btc", "--kind", "p2tr"], CANARY, 0),
        (vec!["inspect"], &broken, 1),
        (vec!["inspect", "--json"], &misspelled, 1),
        (vec!["derive", "--chain", "btc"], &broken, 2),
        (vec!["derive", "--chain", "ltc", "--kind", "p2tr"], CANARY, 2),
        (vec!["derive", "--chain", "btc", "--seed-format", "electrum"], CANARY, 2),
    ];
    for (args, stdin, code) in cases {
        let out = seedsafe(&args, stdin, dir.path());
        assert_eq!(out.status.code(), Some(code), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        assert_clean(&out, &format!("{args:?}"));
    }
    assert_eq!(files_in(dir.path()), vec!["pass.txt"], "no command may write a file");
}

#[test]
fn the_canary_is_shown_only_when_asked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let rolls = "3".repeat(60);
    let shown = seedsafe(&["new", "--dice-only", "--reveal", "--json"], &rolls, dir.path());
    assert!(shown.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&shown.stdout).expect("json");
    let words = doc["mnemonic"].as_str().expect("revealed words").to_string();
    // Without --reveal the same wallet is reported without its words.
    let out = seedsafe(&["inspect", "--json"], &words, dir.path());
    let report = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&report).expect("json")["fingerprint"],
        doc["fingerprint"]
    );
    assert!(!report.contains(&words), "inspect printed the words");
}

#[test]
fn new_writes_a_private_file_and_never_overwrites() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = seedsafe(&["new", "--out", "wallet.txt", "--json"], "", dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let path = dir.path().join("wallet.txt");
    let words = std::fs::read_to_string(&path).expect("read words");
    assert_eq!(std::fs::metadata(&path).expect("stat").permissions().mode() & 0o777, 0o600);
    assert!(seedsafe_core::bip39::Mnemonic::parse(&words, None).is_ok());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains(words.trim()), "words printed although written to a file");
    // The file opens the wallet the report describes.
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let check = seedsafe(&["inspect", "--json", "--secret-file", "wallet.txt"], "", dir.path());
    let check: serde_json::Value = serde_json::from_slice(&check.stdout).expect("json");
    assert_eq!(check["fingerprint"], doc["fingerprint"]);

    let again = seedsafe(&["new", "--out", "wallet.txt"], "", dir.path());
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), words, "the old file must be untouched");
    assert_eq!(files_in(dir.path()), vec!["wallet.txt"], "no temporary file may be left behind");

    let missing_dir = seedsafe(&["new", "--out", "no/such/dir/w.txt"], "", dir.path());
    assert_eq!(missing_dir.status.code(), Some(3));
    assert_eq!(files_in(dir.path()), vec!["wallet.txt"]);
}

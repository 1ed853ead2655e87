//! `seedsafe split` and `seedsafe combine` end to end: BIP-39 mode gives back the same
//! words from any threshold subset, wallet mode matches the SLIP-39 vectors, extended shares
//! combine with old ones, and share files are private.

use std::os::unix::fs::PermissionsExt;
use std::process::Output;

use rand::seq::SliceRandom;
use rand::Rng;
use serde_json::Value;

mod common;

use common::{json_of, run_args};

fn seedsafe(args: &[&str], stdin: &str) -> Output {
    run_args(std::path::Path::new("."), args, stdin.as_bytes())
}

fn shares_of(doc: &Value, group: usize) -> Vec<String> {
    doc["groups"][group]["shares"]
        .as_array()
        .expect("shares")
        .iter()
        .map(|s| s.as_str().expect("string").to_string())
        .collect()
}

#[test]
fn bip39_mode_gives_back_the_same_words_from_any_threshold_subset() {
    let mut rng = rand::thread_rng();
    for (words, language) in
        [(12, "english"), (15, "japanese"), (18, "spanish"), (21, "czech"), (24, "korean")]
    {
        let new = json_of(&seedsafe(
            &["new", "--words", &words.to_string(), "--language", language, "--reveal", "--json"],
            "",
        ));
        let mnemonic = new["mnemonic"].as_str().expect("words").to_string();
        let (t, n) = (rng.gen_range(1..=4u8), 5u8);
        let t = if t == 1 { 2 } else { t };
        let split = json_of(&seedsafe(
            &["split", "--threshold", &t.to_string(), "--shares", &n.to_string(), "--json"],
            &mnemonic,
        ));
        assert_eq!(split["mode"], "bip39");
        let mut shares = shares_of(&split, 0);
        assert_eq!(shares.len(), usize::from(n));
        shares.shuffle(&mut rng);
        let subset = shares[..usize::from(t)].join("\n\n");
        let back = json_of(&seedsafe(&["combine", "--language", language, "--reveal", "--json"], &subset));
        assert_eq!(back["secret"]["mnemonic"].as_str(), Some(mnemonic.as_str()), "{words} {language}");
        assert_eq!(back["fingerprint"], new["fingerprint"]);
        // One share fewer is refused, with how many more are needed.
        let short = seedsafe(&["combine", "--json"], &shares[..usize::from(t) - 1].join("\n"));
        assert_eq!(short.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&short.stderr).contains("1 more share"));
    }
}

#[test]
fn wallet_mode_restores_the_reference_vector() {
    // SLIP-39 vector 1: one 1-of-1 share, passphrase "TREZOR".
    let share = "duckling enlarge academic academic agency result length solution fridge kidney coal piece deal husband erode duke ajar critical decision keyboard";
    let dir = tempfile::tempdir().expect("dir");
    let pass = dir.path().join("pass");
    std::fs::write(&pass, "TREZOR").expect("write");
    let out = json_of(&seedsafe(
        &[
            "combine",
            "--mode",
            "wallet",
            "--passphrase-file",
            pass.to_str().expect("utf-8"),
            "--reveal",
            "--json",
        ],
        share,
    ));
    assert_eq!(out["secret"]["master_secret"], "bb54aac4b89dc868ba37d9cc21b2cece");
    // Re-split under the same passphrase; any 2 of 3 give the same master secret.
    let split = json_of(&seedsafe(
        &[
            "split",
            "--mode",
            "wallet",
            "--passphrase-file",
            pass.to_str().expect("utf-8"),
            "--threshold",
            "2",
            "--shares",
            "3",
            "--json",
        ],
        share,
    ));
    let shares = shares_of(&split, 0);
    let back = json_of(&seedsafe(
        &[
            "combine",
            "--mode",
            "wallet",
            "--passphrase-file",
            pass.to_str().expect("utf-8"),
            "--reveal",
            "--json",
        ],
        &format!("{}\n{}", shares[2], shares[0]),
    ));
    assert_eq!(back["secret"]["master_secret"], "bb54aac4b89dc868ba37d9cc21b2cece");
    assert_eq!(back["fingerprint"], out["fingerprint"]);
}

#[test]
fn groups_extend_and_private_share_files() {
    let mnemonic =
        "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
    let dir = tempfile::tempdir().expect("dir");
    let out_dir = dir.path().join("shares");
    let split = json_of(&seedsafe(
        &[
            "split",
            "--group",
            "2/3",
            "--group",
            "1/1",
            "--group-threshold",
            "2",
            "--out-dir",
            out_dir.to_str().expect("utf-8"),
            "--json",
        ],
        mnemonic,
    ));
    assert!(!String::from_utf8_lossy(&seedsafe(&["--version"], "").stdout).is_empty());
    let files: Vec<String> = split["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .flat_map(|g| {
            g["files"].as_array().expect("files").iter().map(|f| f.as_str().expect("path").to_string())
        })
        .collect();
    assert_eq!(files.len(), 4);
    for f in &files {
        assert_eq!(std::fs::metadata(f).expect("stat").permissions().mode() & 0o777, 0o600, "{f}");
        assert!(!f.contains("abandon"));
    }
    let text = |i: usize| std::fs::read_to_string(&files[i]).expect("read");
    // Two of group 1 and the single share of group 2.
    let back = json_of(&seedsafe(
        &["combine", "--file", &files[0], "--file", &files[2], "--file", &files[3], "--reveal", "--json"],
        "",
    ));
    assert_eq!(back["secret"]["mnemonic"], mnemonic);
    // Group 1 alone is not enough: two groups are needed.
    let short = seedsafe(&["combine", "--file", &files[0], "--file", &files[1]], "");
    assert_eq!(short.status.code(), Some(2));
    // New shares of group 1 combine with an old one.
    let extended = json_of(&seedsafe(
        &["split", "--extend", "--shares", "2", "--json"],
        &format!("{}{}", text(0), text(1)),
    ));
    let fresh = shares_of(&extended, 0);
    assert_eq!(fresh.len(), 2);
    let back = json_of(&seedsafe(
        &["combine", "--reveal", "--json"],
        &format!("{}\n{}\n{}", fresh[1], text(2), text(3)),
    ));
    assert_eq!(back["secret"]["mnemonic"], mnemonic);
    // Writing again into the same folder never overwrites: each share is a new file name.
    let again = seedsafe(
        &["split", "--threshold", "2", "--shares", "2", "--out-dir", out_dir.to_str().expect("utf-8")],
        mnemonic,
    );
    assert!(again.status.success());
    assert_eq!(std::fs::read_dir(&out_dir).expect("dir").count(), 6);
}

#[test]
fn a_share_from_another_set_is_named() {
    let mnemonic =
        "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
    let a = shares_of(
        &json_of(&seedsafe(&["split", "--threshold", "2", "--shares", "2", "--json"], mnemonic)),
        0,
    );
    let b = shares_of(
        &json_of(&seedsafe(&["split", "--threshold", "2", "--shares", "2", "--json"], mnemonic)),
        0,
    );
    let out = seedsafe(&["combine"], &format!("{}\n{}", a[0], b[1]));
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("share 2 is not from the same set as share 1"), "{err}");
    assert!(!err.contains(&a[0][..20]) && !err.contains(&b[1][..20]), "the error shows share words: {err}");
}

#[test]
fn a_new_slip39_wallet_splits_and_combines_to_the_same_wallet() {
    let new = json_of(&seedsafe(&["new", "--kind", "slip39", "--reveal", "--json"], ""));
    assert_eq!(new["kind"], "slip39-wallet");
    let share = new["mnemonic"].as_str().expect("share").to_string();
    assert_eq!(share.split(' ').count(), 20);
    let split = json_of(&seedsafe(
        &["split", "--mode", "wallet", "--threshold", "3", "--shares", "5", "--json"],
        &share,
    ));
    let shares = shares_of(&split, 0);
    let back = json_of(&seedsafe(
        &["combine", "--mode", "wallet", "--json"],
        &format!("{}\n{}\n{}", shares[4], shares[1], shares[3]),
    ));
    assert_eq!(back["fingerprint"], new["fingerprint"]);
    let long = json_of(&seedsafe(&["new", "--kind", "slip39", "--words", "33", "--reveal", "--json"], ""));
    assert_eq!(long["mnemonic"].as_str().expect("share").split(' ').count(), 33);
}

//! `seedsafe restore IMAGE`: a photo or scan of paper restores the wallet. A SeedQR image
//! made by `seedqr encode`, and encrypted paper rendered by the independent `pdftoppm`.

use std::path::Path;
use std::process::{Command, Output};

mod common;

use common::{json_of, run_args};

fn seedsafe(dir: &Path, args: &[&str], stdin: &str) -> Output {
    run_args(dir, args, stdin.as_bytes())
}

const WORDS: &str =
    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";

#[test]
fn a_seedqr_image_restores_the_wallet() {
    let dir = tempfile::tempdir().expect("dir");
    let made = seedsafe(dir.path(), &["seedqr", "encode", "--format", "png", "--out", "seedqr.png"], WORDS);
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let back = json_of(&seedsafe(dir.path(), &["restore", "seedqr.png", "--json", "--reveal"], ""));
    assert_eq!(back["source"], "seedqr");
    assert_eq!(back["fingerprint"], "73c5da0a");
    assert_eq!(back["secret"]["mnemonic"], WORDS);
    // An image without a code is refused with a clear message.
    std::fs::write(dir.path().join("blank.png"), b"\x89PNG\r\n\x1a\n").expect("write");
    let out = seedsafe(dir.path(), &["restore", "blank.png"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}

#[test]
fn a_scan_of_encrypted_paper_restores_with_its_password() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(dir.path().join("pw"), "encrypted-paper-test-password-9f2c\n").expect("write");
    let made = seedsafe(
        dir.path(),
        &["paper", "--encrypted", "--password-file", "pw", "--out", "enc.pdf", "--json"],
        WORDS,
    );
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let render = Command::new("pdftoppm")
        .args(["-r", "300", "-png", "-f", "1", "-l", "1", "enc.pdf", "page"])
        .current_dir(dir.path())
        .status()
        .expect("pdftoppm (Debian poppler-utils; scripts/test installs it)");
    assert!(render.success());
    let page = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").path())
        .find(|p| p.extension().is_some_and(|e| e == "png"))
        .expect("a rendered page");
    let page = page.to_str().expect("utf-8");
    let back = json_of(&seedsafe(dir.path(), &["restore", page, "--password-file", "pw", "--json"], ""));
    assert_eq!(back["source"], "encrypted-paper");
    assert_eq!(back["fingerprint"], "73c5da0a");
    assert!(back.get("secret").is_none(), "the words are shown only with --reveal");
    let wrong = dir.path().join("wrong");
    std::fs::write(&wrong, "another-password-entirely-0000\n").expect("write");
    let out = seedsafe(dir.path(), &["restore", page, "--password-file", "wrong"], "");
    assert_eq!(out.status.code(), Some(2));
}

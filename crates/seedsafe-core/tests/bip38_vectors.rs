//! BIP-38: the BIP's nine test vectors (`shared/vectors/bip38_test_vectors.json`, see
//! `SOURCES.md` section 6), malformed input, and round trips.
//!
//! The vector folder is `../../../shared/vectors/` from this crate, or `$SEEDSAFE_VECTORS`
//! (see `common::vectors_dir`).

#![allow(clippy::unwrap_used, reason = "in tests a panic is the failure report")]

mod common;

use bitcoin::base58;
use proptest::prelude::*;
use seedsafe_core::bip38::{self, Error};
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

fn cases() -> Vec<Value> {
    let file = common::vector_json("bip38_test_vectors.json");
    let cases = file["cases"].as_array().unwrap().clone();
    assert_eq!(cases.len(), 9, "the vector file should hold 9 cases");
    cases
}

fn text<'a>(case: &'a Value, field: &str) -> &'a str {
    case[field].as_str().unwrap()
}

fn label(case: &Value) -> String {
    format!("{} / {}", text(case, "group"), text(case, "name"))
}

/// Decrypts one vector and checks WIF, hex key, compression and address where given.
fn check_decrypt(case: &Value) {
    let decrypted = bip38::decrypt(text(case, "encrypted"), text(case, "passphrase")).unwrap();
    assert_eq!(decrypted.compressed, case["compressed"].as_bool().unwrap(), "{}", label(case));
    assert_eq!(decrypted.to_wif().unwrap().as_str(), text(case, "wif"), "{}", label(case));
    if let Some(hex_key) = case["privkey_hex"].as_str() {
        assert_eq!(hex::encode(*decrypted.secret), hex_key, "{}", label(case));
    }
    if let Some(address) = case["address"].as_str() {
        assert_eq!(decrypted.address().unwrap(), address, "{}", label(case));
    }
}

fn run_group(ec_multiply: bool, lot: Option<bool>) {
    let selected: Vec<Value> = cases()
        .into_iter()
        .filter(|c| c["ec_multiply"] == ec_multiply)
        .filter(|c| lot.is_none_or(|l| c.get("lot").is_some() == l))
        .collect();
    assert!(!selected.is_empty());
    for case in &selected {
        check_decrypt(case);
    }
}

#[test]
fn decrypt_no_ec_multiply() {
    run_group(false, None);
}

#[test]
fn decrypt_ec_multiply_without_lot_sequence() {
    run_group(true, Some(false));
}

#[test]
fn decrypt_ec_multiply_with_lot_sequence() {
    run_group(true, Some(true));
}

/// Non-EC-multiply BIP-38 is deterministic, so encrypting the WIF's key gives the exact string.
#[test]
fn encrypt_no_ec_multiply_is_exact() {
    for case in cases().iter().filter(|c| c["ec_multiply"] == false) {
        let key = bitcoin::PrivateKey::from_wif(text(case, "wif")).unwrap();
        let secret = key.inner.secret_bytes();
        let encrypted = bip38::encrypt(&secret, key.compressed, text(case, "passphrase")).unwrap();
        assert_eq!(encrypted, text(case, "encrypted"), "{}", label(case));
    }
}

/// The escaped passphrase decodes to the code points the BIP lists, whose NFC form is the UTF-8
/// the BIP gives; a non-NFC spelling of it decrypts too.
#[test]
fn unicode_passphrase_is_nfc_normalised() {
    let case = cases().into_iter().find(|c| c.get("passphrase_escaped").is_some()).unwrap();
    let passphrase = text(&case, "passphrase");
    assert_eq!(passphrase, "\u{03D2}\u{0301}\u{0000}\u{10400}\u{1F4A9}");
    let nfc: String = passphrase.nfc().collect();
    assert_eq!(hex::encode(nfc.as_bytes()), "cf9300f0909080f09f92a9");
    let decrypted = bip38::decrypt(text(&case, "encrypted"), &nfc).unwrap();
    assert_eq!(decrypted.to_wif().unwrap().as_str(), text(&case, "wif"));
}

#[test]
fn wrong_passphrase_is_detected() {
    let all = cases();
    let plain = all.iter().find(|c| c["ec_multiply"] == false).unwrap();
    let ec = all.iter().find(|c| c["ec_multiply"] == true).unwrap();
    for case in [plain, ec] {
        let err = bip38::decrypt(text(case, "encrypted"), "wrong passphrase").unwrap_err();
        assert!(matches!(err, Error::WrongPassphrase), "{}: {err}", label(case));
    }
}

fn payload(prefix: [u8; 2], flag: u8) -> String {
    let mut bytes = vec![prefix[0], prefix[1], flag];
    bytes.extend([0u8; 36]);
    base58::encode_check(&bytes)
}

#[test]
fn malformed_input_is_refused() {
    let good = "6PRVWUbkzzsbcVac2qwfssoUJAN1Xhrg6bNk8J7Nzm5H7kxEbn2Nh2ZoGg";
    let typo = format!("{}h", &good[..good.len() - 1]);
    assert!(matches!(bip38::decrypt(&typo, "x"), Err(Error::InvalidBase58)));
    assert!(matches!(bip38::decrypt("", "x"), Err(Error::InvalidBase58)));
    assert!(matches!(bip38::decrypt("0OIl", "x"), Err(Error::InvalidBase58)));
    let short = base58::encode_check(&[0x01, 0x42, 0xc0, 0, 0]);
    assert!(matches!(bip38::decrypt(&short, "x"), Err(Error::InvalidLength(5))));
    assert!(matches!(bip38::decrypt(&payload([0x01, 0x41], 0xc0), "x"), Err(Error::UnknownPrefix)));
    for (prefix, flag) in [
        ([0x01, 0x42], 0x00),
        ([0x01, 0x42], 0xc4),
        ([0x01, 0x42], 0xc1),
        ([0x01, 0x43], 0xc0),
        ([0x01, 0x43], 0x01),
    ] {
        let err = bip38::decrypt(&payload(prefix, flag), "x").unwrap_err();
        assert!(matches!(err, Error::InvalidFlags(f) if f == flag), "{prefix:?} {flag:#x}: {err}");
    }
}

#[test]
fn surrounding_whitespace_is_ignored() {
    let case = &cases()[1];
    let padded = format!("  {}\n", text(case, "encrypted"));
    let decrypted = bip38::decrypt(&padded, text(case, "passphrase")).unwrap();
    assert_eq!(decrypted.to_wif().unwrap().as_str(), text(case, "wif"));
}

#[test]
fn invalid_keys_are_refused() {
    assert!(matches!(bip38::encrypt(&[0; 32], true, "x"), Err(Error::InvalidKey)));
    assert!(matches!(bip38::encrypt(&[0xff; 32], false, "x"), Err(Error::InvalidKey)));
}

#[test]
fn debug_and_errors_hold_no_secret() {
    let decrypted = bip38::Decrypted { secret: zeroize::Zeroizing::new([0xcb; 32]), compressed: true };
    let debug = format!("{decrypted:?}");
    assert!(debug.contains("[redacted]") && debug.contains("compressed: true"));
    assert!(!debug.contains("203") && !debug.contains("cb"));
    let err = bip38::decrypt(text(&cases()[0], "encrypted"), "hunter2").unwrap_err();
    assert!(!format!("{err} {err:?}").contains("hunter2"));
}

proptest! {
    // Each case runs scrypt (N = 16384, r = p = 8, about half a second) three times.
    #![proptest_config(ProptestConfig::with_cases(2))]

    #[test]
    fn round_trip(secret in any::<[u8; 32]>(), compressed: bool, passphrase in "\\PC{0,10}") {
        prop_assume!(bitcoin::secp256k1::SecretKey::from_slice(&secret).is_ok());
        let encrypted = bip38::encrypt(&secret, compressed, &passphrase).unwrap();
        let expected_start = if compressed { "6PY" } else { "6PR" };
        prop_assert!(encrypted.starts_with(expected_start));
        let decrypted = bip38::decrypt(&encrypted, &passphrase).unwrap();
        prop_assert_eq!(*decrypted.secret, secret);
        prop_assert_eq!(decrypted.compressed, compressed);
        let wrong = format!("{passphrase}!");
        prop_assert!(matches!(bip38::decrypt(&encrypted, &wrong), Err(Error::WrongPassphrase)));
    }
}

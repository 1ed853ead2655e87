//! Ethereum keystore v3 interoperability with the reference implementation (`eth-account`
//! 0.14 / `eth-keyfile` 0.10), both ways, on random keys and passwords (ASCII, non-ASCII and
//! empty), with both KDFs at small work factors.
//!
//! The reference runs in Python through `tests/oracle/keystore_oracle.py`, with the interpreter from `SEEDSAFE_PYTHON`, by default the
//! repository's `.venv` that `scripts/test` creates. Each direction is one batched Python call.
//! Cases come from a random seed that is printed, and can be replayed with
//! `SEEDSAFE_TEST_SEED=<seed>`.

#![allow(clippy::unwrap_used, reason = "in tests a panic is the failure report")]

mod common;

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::Rng;
use seedsafe_core::keystore::{self, KdfParams, Keystore};
use serde_json::{json, Value};

/// Cases per direction.
const CASES: usize = 12;

/// Characters for random passwords: ASCII, accents (composed and combining), Greek, CJK, emoji.
const ALPHABET: &[&str] =
    &["a", "Z", "7", " ", "!", "\"", "\\", "é", "e\u{301}", "ß", "Ω", "λ", "中", "文", "😀", "\u{0}", "ﬁ"];

/// Sends one batched request to the oracle and returns one result per case.
fn oracle(op: &str, cases: Vec<Value>) -> Vec<Value> {
    common::oracle_batch("keystore_oracle.py", op, cases)
}

/// A seeded generator, so that a failure can be replayed.
fn rng(direction: &str) -> StdRng {
    common::seeded_rng(direction)
}

fn random_key(rng: &mut StdRng) -> [u8; 32] {
    loop {
        let key: [u8; 32] = rng.gen();
        if keystore::eth_address(&key).is_ok() {
            return key;
        }
    }
}

/// Random passwords of 0 to 16 characters; every third case is non-ASCII for sure.
fn random_password(rng: &mut StdRng, index: usize) -> String {
    let len = rng.gen_range(0..=16);
    let mut password: String = (0..len).map(|_| *ALPHABET.choose(rng).unwrap()).collect();
    if index.is_multiple_of(3) {
        password.push('ü');
    }
    password
}

/// Alternates the KDFs at small work factors (eth-keyfile fixes scrypt's r = 8 and p = 1).
fn python_params(index: usize) -> (&'static str, u32) {
    if index.is_multiple_of(2) {
        ("scrypt", 1024)
    } else {
        ("pbkdf2", 1000)
    }
}

/// Varies scrypt's r and p too, which eth-keyfile reads from the file.
fn rust_params(index: usize) -> KdfParams {
    match index % 4 {
        0 => KdfParams::Scrypt { log_n: 10, r: 8, p: 1 },
        // r = 1 with n = 2^16 takes the path outside the `scrypt` crate's range.
        1 if index == 1 => KdfParams::Scrypt { log_n: 16, r: 1, p: 2 },
        2 => KdfParams::Scrypt { log_n: 9, r: 4, p: 3 },
        _ => KdfParams::Pbkdf2 { c: 1000 },
    }
}

/// eth-account writes; seedsafe reads the same key, and the file's (EIP-55) address checks out.
#[test]
fn python_written_keystores_decrypt_in_rust() {
    let mut rng = rng("python_written_keystores_decrypt_in_rust");
    let cases: Vec<([u8; 32], String)> =
        (0..CASES).map(|i| (random_key(&mut rng), random_password(&mut rng, i))).collect();
    let requests = cases
        .iter()
        .enumerate()
        .map(|(i, (key, password))| {
            let (kdf, iterations) = python_params(i);
            json!({
                "key_hex": hex::encode(key),
                "password_hex": hex::encode(password.as_bytes()),
                "kdf": kdf,
                "iterations": iterations,
            })
        })
        .collect();
    let results = oracle("encrypt", requests);
    for (i, ((key, password), result)) in cases.iter().zip(results).enumerate() {
        let text = result["keystore"].to_string();
        let store = Keystore::from_json(&text).unwrap_or_else(|e| panic!("case {i}: {e}\n{text}"));
        let decrypted =
            store.decrypt_checked(password.as_bytes()).unwrap_or_else(|e| panic!("case {i}: {e}"));
        assert_eq!(*decrypted, *key, "case {i}");
        let address = hex::encode(keystore::eth_address(key).unwrap());
        assert_eq!(store.address().unwrap().to_lowercase(), address, "case {i}");
    }
}

/// seedsafe writes; eth-account reads the same key and derives the same address.
#[test]
fn rust_written_keystores_decrypt_in_python() {
    let mut rng = rng("rust_written_keystores_decrypt_in_python");
    let cases: Vec<([u8; 32], String)> =
        (0..CASES).map(|i| (random_key(&mut rng), random_password(&mut rng, i))).collect();
    let requests = cases
        .iter()
        .enumerate()
        .map(|(i, (key, password))| {
            let store = keystore::encrypt(key, password.as_bytes(), rust_params(i)).unwrap();
            let keystore: Value = serde_json::from_str(&store.to_json()).unwrap();
            json!({ "keystore": keystore, "password_hex": hex::encode(password.as_bytes()) })
        })
        .collect();
    let results = oracle("decrypt", requests);
    for (i, ((key, _), result)) in cases.iter().zip(results).enumerate() {
        assert!(result.get("error").is_none(), "case {i}: {}", result["error"]);
        assert_eq!(result["key_hex"], hex::encode(key), "case {i}");
        let address = hex::encode(keystore::eth_address(key).unwrap());
        assert_eq!(result["address"].as_str().unwrap().to_lowercase(), format!("0x{address}"), "case {i}");
    }
}

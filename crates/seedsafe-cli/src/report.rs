//! Library errors and results turned into words for people and JSON for scripts.

use seedsafe_core::bip39;
use seedsafe_core::wallet::{DeriveError, Identity, ParseError, Secret};
use serde_json::{json, Value};

use crate::error::CliError;

/// A secret that could not be read, with what to try.
pub fn parse_error(err: ParseError) -> CliError {
    let hint = match &err {
        ParseError::Bip39(bip39::ParseError::BadChecksum { .. }) => {
            Some("check each word against your backup; if a word is illegible, `seedsafe repair` will search for it")
        }
        ParseError::Bip39(bip39::ParseError::UnknownWord { .. }) => {
            Some("only the first four letters of each word matter; compare them with your backup")
        }
        ParseError::Bip39(bip39::ParseError::AmbiguousLanguage(_)) => Some("pass --language"),
        ParseError::Electrum(_) => Some("check the words, or drop --seed-format electrum if this is a BIP-39 mnemonic"),
        _ => None,
    };
    let e = CliError::bad_input(&err);
    match hint {
        Some(h) => e.with_hint(h),
        None => e,
    }
}

/// A derivation that could not be done.
pub fn derive_error(err: DeriveError) -> CliError {
    CliError::bad_input(err)
}

/// A one-line description of the secret (never the secret itself).
pub fn describe(secret: &Secret) -> String {
    match secret {
        Secret::Bip39(m) => format!("BIP-39 mnemonic, {} words, {}", m.word_count(), m.language()),
        Secret::Electrum(m) => format!(
            "Electrum {} seed, {} words{}",
            m.version(),
            m.word_count(),
            m.language().map(|l| format!(", {l}")).unwrap_or_default()
        ),
        Secret::Xprv(k, v) => format!("BIP-32 extended private key ({}, depth {})", v.name, k.xpriv().depth),
        Secret::PrivateKey(k) => {
            format!("single private key ({})", if k.compressed() { "compressed" } else { "uncompressed" })
        }
        Secret::Slip39Wallet(m) => format!("SLIP-39 wallet master secret ({} bits)", m.as_bytes().len() * 8),
    }
}

/// JSON facts about a secret: its kind and shape, never its content.
pub fn secret_json(secret: &Secret) -> Value {
    match secret {
        Secret::Bip39(m) => {
            json!({"kind": "bip39", "language": m.language().name(), "words": m.word_count()})
        }
        Secret::Electrum(m) => json!({
            "kind": secret.kind(),
            "electrum_version": m.version().name(),
            "language": m.language().map(|l| l.name()),
            "words": m.word_count(),
        }),
        Secret::Xprv(k, v) => json!({"kind": "xprv", "version": v.name, "depth": k.xpriv().depth}),
        Secret::PrivateKey(k) => json!({"kind": "private-key", "compressed": k.compressed()}),
        Secret::Slip39Wallet(m) => json!({"kind": "slip39-wallet", "bits": m.as_bytes().len() * 8}),
    }
}

/// Prints an identity for people.
pub fn print_identity(identity: &Identity) {
    if let Some(fp) = &identity.fingerprint {
        outln!("Master fingerprint: {fp}");
    }
    if identity.addresses.is_empty() {
        return;
    }
    outln!("First receive addresses:");
    for a in &identity.addresses {
        outln!(
            "  {:<5} {:<12} {:<22} {}",
            a.chain.name(),
            a.kind.map_or("", |k| k.name()),
            a.path.as_deref().unwrap_or("-"),
            a.address
        );
    }
}

/// Prints a JSON document on standard output.
pub fn print_json(value: &Value) {
    match serde_json::to_string_pretty(value) {
        Ok(s) => outln!("{s}"),
        Err(_) => unreachable!("serde_json::Value always serialises"),
    }
}

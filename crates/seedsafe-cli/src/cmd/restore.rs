//! `seedsafe restore`: open a copy, whatever it is, and show the wallet it restores.

use std::io::IsTerminal;
use std::path::Path;

use age::secrecy::SecretString;
use seedsafe_core::age_file::{self, Identities};
use seedsafe_core::envelope::Envelope;
use seedsafe_core::secret::{Passphrase, PrivateKey};
use seedsafe_core::wallet::{Identity, Secret, Wallet};
use seedsafe_core::{bip32, bip38, keystore, wif};
use serde_json::{json, Value};
use zeroize::Zeroizing;

use crate::cli::{CombineArgs, RestoreArgs, SecretInput};
use crate::error::{CliError, Result};
use crate::{age_ui, input, report};

/// What the copy turned out to be, and what it restored.
struct Restored {
    kind: &'static str,
    secret: Secret,
    identity: Identity,
    extra: Value,
}

pub fn run(args: &RestoreArgs) -> Result<()> {
    let data = read_input(&args.input)?;
    let passphrase = input::passphrase(&SecretInput {
        secret_file: None,
        passphrase_file: args.passphrase_file.clone(),
        ask_passphrase: args.ask_passphrase,
        language: None,
        seed_format: None,
    })?;
    let text = std::str::from_utf8(&data).ok().map(str::trim);
    let restored = if is_image(&data) {
        from_image(args, &data, &passphrase)?
    } else if age_file::is_age(&data) {
        from_envelope(args, &data, &passphrase)?
    } else if let Some(t) = text.filter(|t| t.starts_with('{')) {
        from_keystore(args, t)?
    } else if let Some(t) = text.filter(|t| t.starts_with("6P") && !t.contains(char::is_whitespace)) {
        from_bip38(args, t)?
    } else if let Some(t) = text.filter(|t| t.split_whitespace().count() >= 20) {
        return super::shares::combine_text(
            &CombineArgs {
                files: Vec::new(),
                mode: args.share_mode,
                language: args.language,
                passphrase_file: args.passphrase_file.clone(),
                ask_passphrase: args.ask_passphrase,
                reveal: args.reveal,
                json: args.json,
            },
            t,
            &args.input,
        );
    } else {
        return Err(CliError::bad_input(format!("{} is not a copy seedsafe can restore", display(&args.input))).with_hint(
            "seedsafe restores age envelopes (seedsafe backup file), Ethereum keystore v3 JSON, BIP-38 keys (6P...), files of SLIP-39 shares, and photos (PNG, JPEG) of SeedQR or encrypted paper",
        ));
    };
    show(args, restored)
}

fn display(input: &str) -> String {
    if input == "-" {
        "standard input".into()
    } else {
        input.into()
    }
}

fn read_input(input: &str) -> Result<Zeroizing<Vec<u8>>> {
    const MAX: u64 = 16 * 1024 * 1024;
    use std::io::Read;
    let mut data = Zeroizing::new(Vec::new());
    if input == "-" {
        std::io::stdin()
            .take(MAX)
            .read_to_end(&mut data)
            .map_err(|e| CliError::environment(format!("cannot read standard input: {e}")))?;
    } else {
        let path = Path::new(input);
        let file = std::fs::File::open(path).map_err(|e| CliError::io("read", path, &e))?;
        file.take(MAX).read_to_end(&mut data).map_err(|e| CliError::io("read", path, &e))?;
    }
    if data.is_empty() {
        return Err(CliError::bad_input(format!("{} is empty", display(input))));
    }
    Ok(data)
}

fn from_envelope(args: &RestoreArgs, data: &[u8], passphrase: &Passphrase) -> Result<Restored> {
    let identities = if args.identities.is_empty() {
        let pw = input::existing_password(args.password_file.as_deref())?;
        Identities::Password(SecretString::from(pw.to_string()))
    } else {
        let mut keys = Vec::new();
        for f in &args.identities {
            let bytes = std::fs::read(f).map_err(|e| CliError::io("read", f, &e))?;
            keys.extend(age_file::parse_identities_with(&bytes, &age_ui::terminal()).map_err(
                |e| match e {
                    age_file::Error::PluginMissing(_) => age_ui::plugin_error(e),
                    e => CliError::bad_input(format!("{}: {e}", f.display())),
                },
            )?);
        }
        Identities::Keys(keys)
    };
    let plain = age_file::decrypt(data, &identities).map_err(CliError::bad_input)?;
    let envelope = Envelope::from_json(&plain).map_err(CliError::bad_input)?;
    let verified = envelope.verify(passphrase).map_err(CliError::bad_input)?;
    let mut extra = json!({
        "created": envelope.created,
        "label": envelope.label,
        "passphrase_in_use": envelope.passphrase.in_use,
        "passphrase_included": envelope.passphrase.value.is_some(),
        "identity_checked": verified.checked,
    });
    if envelope.passphrase.in_use && envelope.passphrase.value.is_none() && passphrase.is_empty() {
        extra["note"] = json!("this wallet uses a BIP-39 passphrase that the copy does not hold; the identity shown is without it (pass --passphrase-file or --ask-passphrase)");
    }
    Ok(Restored { kind: "age-envelope", secret: verified.secret, identity: verified.identity, extra })
}

/// PNG or JPEG: a photo or scan of a paper copy.
fn is_image(data: &[u8]) -> bool {
    data.starts_with(b"\x89PNG\r\n\x1a\n") || data.starts_with(&[0xff, 0xd8, 0xff])
}

/// A photo of a backup sheet (SeedQR) or of encrypted paper (the framed age envelope).
fn from_image(args: &RestoreArgs, data: &[u8], passphrase: &Passphrase) -> Result<Restored> {
    let found = seedsafe_paper::scan::read_image(data)
        .map_err(|e| CliError::bad_input(format!("{}: {e}", display(&args.input))))?;
    for item in found {
        match item {
            seedsafe_paper::scan::Found::AgeFile { armored, .. } => {
                let mut r = from_envelope(args, &armored, passphrase)?;
                r.kind = "encrypted-paper";
                return Ok(r);
            }
            seedsafe_paper::scan::Found::SeedQr { mnemonic, .. } => {
                let secret = Secret::Bip39(mnemonic);
                let identity = Wallet::open(&secret, passphrase).map_err(report::derive_error)?.identity();
                return Ok(Restored { kind: "seedqr", secret, identity, extra: json!({}) });
            }
            seedsafe_paper::scan::Found::Other(_) => {}
        }
    }
    Err(CliError::bad_input(format!(
        "{}: no SeedQR or encrypted-paper QR code was found in the image",
        display(&args.input)
    ))
    .with_hint("photograph the code straight on, in good light, filling most of the picture"))
}

fn from_keystore(args: &RestoreArgs, text: &str) -> Result<Restored> {
    let ks = keystore::Keystore::from_json(text)
        .map_err(|e| CliError::bad_input(format!("not a readable keystore: {e}")))?;
    let pw = input::existing_password(args.password_file.as_deref())?;
    let key = ks.decrypt_checked(pw.as_bytes()).map_err(CliError::bad_input)?;
    let key = PrivateKey::from_bytes(*key, true)
        .ok_or_else(|| CliError::bad_input("the keystore holds an invalid key"))?;
    single_key("keystore-v3", key)
}

fn from_bip38(args: &RestoreArgs, text: &str) -> Result<Restored> {
    let pw = input::existing_password(args.password_file.as_deref())?;
    let d = bip38::decrypt(text, &pw).map_err(CliError::bad_input)?;
    let key =
        PrivateKey::from_bytes(*d.secret, d.compressed).ok_or_else(|| CliError::bad_input("invalid key"))?;
    single_key("bip38", key)
}

fn single_key(kind: &'static str, key: PrivateKey) -> Result<Restored> {
    let secret = Secret::PrivateKey(key);
    let identity = Wallet::open(&secret, &Passphrase::empty()).map_err(report::derive_error)?.identity();
    Ok(Restored { kind, secret, identity, extra: json!({}) })
}

/// The secret in text form, for --reveal.
fn secret_json(secret: &Secret) -> Value {
    match secret {
        Secret::Bip39(m) => json!({"mnemonic": &*m.phrase(), "language": m.language().name()}),
        Secret::Electrum(m) => json!({"mnemonic": &*m.phrase(), "electrum_version": m.version().name()}),
        Secret::PrivateKey(k) => json!({
            "wif": wif::encode(k, seedsafe_core::chain::Chain::Btc, seedsafe_core::chain::Network::Mainnet).map(|w| w.to_string()),
            "hex": hex::encode(k.as_bytes()),
        }),
        Secret::Xprv(k, v) => json!({"xprv": &*bip32::encode_xprv(k, v.kind)}),
        Secret::Slip39Wallet(s) => json!({"master_secret": hex::encode(s.as_bytes())}),
    }
}

fn show(args: &RestoreArgs, r: Restored) -> Result<()> {
    let shown = args.reveal || std::io::stdout().is_terminal();
    if args.json {
        let mut doc = report::secret_json(&r.secret);
        doc["source"] = json!(r.kind);
        doc["fingerprint"] = json!(r.identity.fingerprint);
        doc["addresses"] = json!(r.identity.addresses);
        if let Value::Object(extra) = r.extra {
            for (k, v) in extra {
                doc[k] = v;
            }
        }
        if shown {
            doc["secret"] = secret_json(&r.secret);
        }
        report::print_json(&doc);
        return Ok(());
    }
    outln!("Restored from {}: {}", r.kind, report::describe(&r.secret));
    if let Some(label) = r.extra.get("label").and_then(Value::as_str) {
        outln!("Label: {label}");
    }
    if let Some(note) = r.extra.get("note").and_then(Value::as_str) {
        outln!("Note: {note}");
    }
    if shown {
        let s = secret_json(&r.secret);
        for key in ["mnemonic", "wif", "xprv", "master_secret"] {
            if let Some(v) = s.get(key).and_then(Value::as_str) {
                outln!("Secret ({key}): {v}");
            }
        }
    }
    report::print_identity(&r.identity);
    Ok(())
}

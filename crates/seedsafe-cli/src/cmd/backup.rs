//! `seedsafe backup file`: an age-encrypted envelope, verified before success is reported.

use std::path::Path;

use age::secrecy::SecretString;
use seedsafe_core::age_file::{self, Identities, Recipients};
use seedsafe_core::envelope::{Envelope, EnvelopeSecret};
use seedsafe_core::secret::Passphrase;
use seedsafe_core::slip39::Share;
use seedsafe_core::wallet::{Identity, Wallet};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::cli::{BackupFileArgs, ShareMode};
use crate::error::{CliError, Result};
use crate::{fsutil, input, report, time};

pub fn file(args: &BackupFileArgs) -> Result<()> {
    if !args.force && args.out.exists() {
        return Err(CliError::bad_input(format!("{} already exists; seedsafe never overwrites a copy", args.out.display()))
            .with_hint("choose another path, or pass --force to replace it after the new copy is verified"));
    }
    let text = input::secret_text(&args.input, "Mnemonic, key or shares")?;
    let passphrase = input::passphrase(&args.input)?;
    let (secret, identity) = envelope_secret(args, &text, &passphrase)?;
    let envelope = Envelope::new(
        secret,
        !passphrase.is_empty(),
        args.include_passphrase.then(|| passphrase.expose().to_string()),
        identity,
        args.label.clone(),
        time::now_rfc3339(),
    );
    let recipients = recipients(args)?;
    let password_mode = recipients.is_empty();
    // With public keys we cannot open the file ourselves; one extra X25519 key, kept only in
    // memory for this run, lets us prove the written file opens (docs/envelope.md).
    let verifier = age::x25519::Identity::generate();
    let (to, opener) = if password_mode {
        let pw = input::new_password(args.password_file.as_deref(), args.generate_password, args.accept_weak_password)?;
        let password = SecretString::from(pw.to_string());
        (
            Recipients::Password(password.clone(), age_file::STANDARD_WORK_FACTOR),
            Identities::Password(password),
        )
    } else {
        let mut keys = recipients;
        keys.push(Box::new(verifier.to_public()));
        (Recipients::Keys(keys), Identities::Keys(vec![Box::new(verifier)]))
    };
    let encrypted = age_file::encrypt(envelope.to_json().as_bytes(), to, args.binary).map_err(CliError::bad_input)?;
    let existed = args.out.exists();
    fsutil::write_private(&args.out, &encrypted, args.force)?;
    let written = verify(&args.out, &opener, &envelope, &passphrase);
    if let Err(e) = written {
        if !existed {
            let _ = std::fs::remove_file(&args.out);
        }
        return Err(e);
    }
    report_written(args, &envelope, &encrypted, password_mode)
}

/// The secret in envelope form and the identity it opens.
fn envelope_secret(args: &BackupFileArgs, text: &str, passphrase: &Passphrase) -> Result<(EnvelopeSecret, Identity)> {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let first_is_share = lines.first().is_some_and(|l| l.split_whitespace().count() >= 20 && Share::parse(l).is_ok());
    if first_is_share {
        let shares: Vec<String> = lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                Share::parse(l)
                    .map(|s| s.to_mnemonic().to_string())
                    .map_err(|e| CliError::bad_input(format!("input line {}: {e}", i + 1)))
            })
            .collect::<Result<_>>()?;
        let mode = if args.share_mode == ShareMode::Bip39 { "bip39" } else { "wallet" };
        let secret = EnvelopeSecret::Slip39Shares {
            shares,
            mode: mode.into(),
            language: (mode == "bip39").then(|| args.input.language.unwrap_or(seedsafe_core::bip39::Language::English).name().to_string()),
        };
        // Enough shares to restore: record the identity. One share of a set: it has none.
        let identity = match secret.restore(passphrase) {
            Ok((s, p)) => Wallet::open(&s, &p).map_err(report::derive_error)?.identity(),
            Err(_) => Identity { fingerprint: None, addresses: Vec::new() },
        };
        return Ok((secret, identity));
    }
    let secret = input::parse_secret(text, &args.input)?;
    let identity = Wallet::open(&secret, passphrase).map_err(report::derive_error)?.identity();
    let env = EnvelopeSecret::from_secret(&secret)
        .ok_or_else(|| CliError::bad_input("a SLIP-39 master secret is backed up as its shares"))?;
    Ok((env, identity))
}

fn recipients(args: &BackupFileArgs) -> Result<Vec<Box<dyn age::Recipient + Send>>> {
    let mut out = Vec::new();
    for r in &args.to {
        out.push(age_file::parse_recipient(r).map_err(CliError::bad_input)?);
    }
    for f in &args.to_file {
        let text = std::fs::read_to_string(f).map_err(|e| CliError::io("read", f, &e))?;
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            out.push(
                age_file::parse_recipient(line)
                    .map_err(|e| CliError::bad_input(format!("{}, line {}: {e}", f.display(), i + 1)))?,
            );
        }
    }
    Ok(out)
}

/// Reads the file back from disk, decrypts it and checks it restores the same wallet.
fn verify(path: &Path, opener: &Identities, envelope: &Envelope, passphrase: &Passphrase) -> Result<()> {
    let data = std::fs::read(path).map_err(|e| CliError::io("read back", path, &e))?;
    let plain = age_file::decrypt(&data, opener)
        .map_err(|e| CliError::environment(format!("the written copy does not open ({e}); it was removed")))?;
    let back = Envelope::from_json(&plain)
        .map_err(|e| CliError::environment(format!("the written copy is not readable ({e}); it was removed")))?;
    let verified = back
        .verify(passphrase)
        .map_err(|e| CliError::environment(format!("the written copy does not restore the wallet ({e}); it was removed")))?;
    if verified.identity != envelope.identity && verified.checked {
        return Err(CliError::environment("the written copy restores a different wallet; it was removed"));
    }
    Ok(())
}

fn report_written(args: &BackupFileArgs, envelope: &Envelope, encrypted: &[u8], password_mode: bool) -> Result<()> {
    let sha = hex::encode(Sha256::digest(encrypted));
    let encryption = if password_mode { "password" } else { "recipients" };
    if args.json {
        report::print_json(&json!({
            "out": args.out.display().to_string(),
            "encryption": encryption,
            "recipients": args.to.len() + args.to_file.len(),
            "armor": !args.binary,
            "sha256": sha,
            "created": envelope.created,
            "label": envelope.label,
            "passphrase_in_use": envelope.passphrase.in_use,
            "passphrase_included": envelope.passphrase.value.is_some(),
            "verified": true,
            "fingerprint": envelope.identity.fingerprint,
            "addresses": envelope.identity.addresses,
        }));
        return Ok(());
    }
    outln!("Wrote {} ({}, {}), read it back and restored it: OK.", args.out.display(), encryption, if args.binary { "binary" } else { "ASCII armour" });
    outln!("SHA-256: {sha}");
    if envelope.passphrase.in_use && envelope.passphrase.value.is_none() {
        outln!("The BIP-39 passphrase is NOT in the file: keep it somewhere else, you need both.");
    }
    report::print_identity(&envelope.identity);
    Ok(())
}

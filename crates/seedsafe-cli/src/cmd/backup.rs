//! `seedsafe backup file`: an age-encrypted envelope, verified before success is reported.

use age::secrecy::SecretString;
use seedsafe_backup::seal::{self, Encryption, Sealed};
use seedsafe_core::age_file;
use seedsafe_core::envelope::{Envelope, EnvelopeSecret};
use seedsafe_core::secret::Passphrase;
use seedsafe_core::slip39::Share;
use seedsafe_core::wallet::{Identity, Wallet};
use serde_json::json;
use std::path::{Path, PathBuf};

use crate::cli::{BackupFileArgs, BackupKeygenArgs, ShareMode};
use crate::error::{CliError, Result};
use crate::{age_ui, fsutil, input, report, time};

pub fn file(args: &BackupFileArgs) -> Result<()> {
    if !args.force && args.out.exists() {
        return Err(CliError::bad_input(format!(
            "{} already exists; seedsafe never overwrites a copy",
            args.out.display()
        ))
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
    let encryption = if recipients.is_empty() {
        let pw = input::new_password(
            args.password_file.as_deref(),
            args.generate_password,
            args.accept_weak_password,
        )?;
        Encryption::Password(SecretString::from(pw.to_string()))
    } else {
        Encryption::Recipients(recipients)
    };
    let sealed = seal::seal(&envelope, encryption, args.binary).map_err(CliError::bad_input)?;
    // The new copy is written beside the target and verified there; only then does it
    // replace an old copy (--force), by an atomic rename. A failed check leaves the old copy.
    let replacing = args.force && args.out.exists();
    let staging = if replacing { staging_path(&args.out) } else { args.out.clone() };
    fsutil::write_private(&staging, sealed.bytes(), false)?;
    let written =
        std::fs::read(&staging).map_err(|e| CliError::io("read back", &staging, &e)).and_then(|back| {
            sealed
                .verify(&back, &envelope, &passphrase)
                .map_err(|e| CliError::environment(format!("{e}; it was removed")))
        });
    if let Err(e) = written {
        let _ = std::fs::remove_file(&staging);
        return Err(e);
    }
    if replacing {
        if let Err(e) = std::fs::rename(&staging, &args.out) {
            let _ = std::fs::remove_file(&staging);
            return Err(CliError::io("replace", &args.out, &e));
        }
        let dir = args.out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(|e| CliError::io("sync folder", dir, &e))?;
    }
    report_written(args, &envelope, &sealed)
}

/// A fresh name beside `path` for a new copy that is not verified yet.
fn staging_path(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut bytes = [0u8; 8];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
    path.with_file_name(format!(".{name}.seedsafe-new-{}", hex::encode(bytes)))
}

/// The secret in envelope form and the identity it opens.
fn envelope_secret(
    args: &BackupFileArgs,
    text: &str,
    passphrase: &Passphrase,
) -> Result<(EnvelopeSecret, Identity)> {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let first_is_share =
        lines.first().is_some_and(|l| l.split_whitespace().count() >= 20 && Share::parse(l).is_ok());
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
            language: (mode == "bip39").then(|| {
                args.input.language.unwrap_or(seedsafe_core::bip39::Language::English).name().to_string()
            }),
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

/// `seedsafe backup keygen`: an identity file in the form of `age-keygen`'s, so the stock tool
/// reads it too.
pub fn keygen(args: &BackupKeygenArgs) -> Result<()> {
    if args.out.exists() {
        return Err(fsutil::write_error(seedsafe_backup::atomic::WriteError::Exists(args.out.clone())));
    }
    let (kind, recipient, secret) = if args.pq {
        let id = seedsafe_core::age_pq::Identity::generate();
        ("mlkem768x25519", id.to_public().to_string(), id.to_secret_string())
    } else {
        use age::secrecy::ExposeSecret;
        let id = age::x25519::Identity::generate();
        (
            "x25519",
            id.to_public().to_string(),
            zeroize::Zeroizing::new(id.to_string().expose_secret().to_string()),
        )
    };
    let text = zeroize::Zeroizing::new(format!(
        "# created: {}\n# public key: {recipient}\n{}\n",
        time::now_rfc3339(),
        secret.as_str()
    ));
    fsutil::write_new_private(&args.out, text.as_bytes())?;
    if args.json {
        report::print_json(
            &json!({"out": args.out.display().to_string(), "kind": kind, "recipient": recipient}),
        );
    } else {
        eprintln!("Wrote the private key to {} (mode 0600). Public key:", args.out.display());
        outln!("{recipient}");
    }
    Ok(())
}

fn recipients(args: &BackupFileArgs) -> Result<Vec<Box<dyn age::Recipient + Send>>> {
    let mut out = age_file::RecipientSet::default();
    for r in &args.to {
        out.add(r).map_err(CliError::bad_input)?;
    }
    for f in &args.to_file {
        let text = std::fs::read_to_string(f).map_err(|e| CliError::io("read", f, &e))?;
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            out.add(line)
                .map_err(|e| CliError::bad_input(format!("{}, line {}: {e}", f.display(), i + 1)))?;
        }
    }
    out.resolve(&age_ui::terminal()).map_err(age_ui::plugin_error)
}

fn report_written(args: &BackupFileArgs, envelope: &Envelope, sealed: &Sealed) -> Result<()> {
    let sha = sealed.sha256();
    let encryption = sealed.encryption();
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
    outln!(
        "Wrote {} ({}, {}), read it back and restored it: OK.",
        args.out.display(),
        encryption,
        if args.binary { "binary" } else { "ASCII armour" }
    );
    outln!("SHA-256: {sha}");
    if envelope.passphrase.in_use && envelope.passphrase.value.is_none() {
        outln!("The BIP-39 passphrase is NOT in the file: keep it somewhere else, you need both.");
    }
    report::print_identity(&envelope.identity);
    Ok(())
}

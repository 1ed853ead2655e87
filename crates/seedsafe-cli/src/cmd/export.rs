//! `seedsafe export keystore|bip38`: one key of a wallet in another wallet's format.

use seedsafe_core::bip38;
use seedsafe_core::chain::{AddressKind, Chain};
use seedsafe_core::keystore::{self, KdfParams};
use seedsafe_core::wallet::{DeriveRequest, Wallet};
use serde_json::json;

use crate::cli::{ExportBip38Args, ExportKeystoreArgs};
use crate::error::{CliError, Result};
use crate::{fsutil, input, report};

fn request(chain: Chain, kind: Option<AddressKind>, index: u32) -> DeriveRequest {
    DeriveRequest { kind, start: index, ..DeriveRequest::first(chain) }
}

pub fn keystore(args: &ExportKeystoreArgs) -> Result<()> {
    if args.out.exists() {
        return Err(CliError::bad_input(format!(
            "{} already exists; seedsafe never overwrites a file",
            args.out.display()
        )));
    }
    let secret = input::secret(&args.input)?;
    let passphrase = input::passphrase(&args.input)?;
    let wallet = Wallet::open(&secret, &passphrase).map_err(report::derive_error)?;
    let (key, path, address) =
        wallet.derive_key(&request(Chain::Eth, None, args.index)).map_err(report::derive_error)?;
    let pw = input::new_password(args.password_file.as_deref(), false, args.accept_weak_password)?;
    let ks =
        keystore::encrypt(key.as_bytes(), pw.as_bytes(), KdfParams::STANDARD).map_err(CliError::bad_input)?;
    fsutil::write_new_private(&args.out, ks.to_json().as_bytes())?;
    // Read back and open before reporting success.
    let back = std::fs::read_to_string(&args.out).map_err(|e| CliError::io("read back", &args.out, &e))?;
    let reopened = keystore::Keystore::from_json(&back)
        .and_then(|k| k.decrypt_checked(pw.as_bytes()))
        .map_err(|e| CliError::environment(format!("the written keystore does not open: {e}")));
    if reopened.as_ref().map(|k| **k != *key.as_bytes()).unwrap_or(true) {
        let _ = std::fs::remove_file(&args.out);
        return Err(reopened.err().unwrap_or_else(|| {
            CliError::environment("the written keystore holds another key; it was removed")
        }));
    }
    if args.json {
        report::print_json(
            &json!({"out": args.out.display().to_string(), "path": path, "address": address, "kdf": "scrypt", "verified": true}),
        );
    } else {
        outln!("Wrote {} (keystore v3, scrypt), opened it again: OK.", args.out.display());
        outln!("{}  {address}", path.as_deref().unwrap_or("-"));
    }
    Ok(())
}

pub fn bip38(args: &ExportBip38Args) -> Result<()> {
    if args.chain != Chain::Btc {
        return Err(CliError::bad_input("BIP-38 encrypts Bitcoin keys; use --chain btc"));
    }
    let secret = input::secret(&args.input)?;
    let passphrase = input::passphrase(&args.input)?;
    let wallet = Wallet::open(&secret, &passphrase).map_err(report::derive_error)?;
    let (key, path, address) =
        wallet.derive_key(&request(args.chain, args.kind, args.index)).map_err(report::derive_error)?;
    let pw = input::new_password(args.password_file.as_deref(), false, args.accept_weak_password)?;
    let encrypted = bip38::encrypt(key.as_bytes(), key.compressed(), &pw).map_err(CliError::bad_input)?;
    let back = bip38::decrypt(&encrypted, &pw)
        .map_err(|e| CliError::environment(format!("self-check failed: {e}")))?;
    if *back.secret != *key.as_bytes() {
        return Err(CliError::environment(
            "self-check failed: the encrypted key does not decrypt to the same key",
        ));
    }
    if args.json {
        report::print_json(&json!({"bip38": encrypted, "path": path, "address": address, "verified": true}));
    } else {
        outln!("{encrypted}");
        eprintln!(
            "BIP-38 key for {} {address}; it opens only with the password.",
            path.as_deref().unwrap_or("-")
        );
    }
    Ok(())
}

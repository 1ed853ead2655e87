//! `seedsafe derive`: addresses and account keys of a wallet.

use seedsafe_core::qr::{qr_text, QrCode};
use seedsafe_core::wallet::{DeriveRequest, Wallet};
use serde_json::json;

use crate::cli::DeriveArgs;
use crate::error::Result;
use crate::{input, report};

pub fn run(args: &DeriveArgs) -> Result<()> {
    let secret = input::secret(&args.input)?;
    let passphrase = input::passphrase(&args.input)?;
    let wallet = Wallet::open(&secret, &passphrase).map_err(report::derive_error)?;
    let req = DeriveRequest {
        chain: args.chain,
        kind: args.kind,
        network: args.network,
        account: args.account,
        change: args.change,
        start: args.start,
        count: args.count,
        path: args.path.clone(),
    };
    let d = wallet.derive(&req).map_err(report::derive_error)?;
    if args.json {
        let mut doc = json!(d);
        doc["secret_kind"] = json!(secret.kind());
        report::print_json(&doc);
        return Ok(());
    }
    let kind = d.kind.map(|k| format!(" {k}")).unwrap_or_default();
    outln!("{} {}{}", d.chain, d.network, kind);
    if let Some(fp) = &d.fingerprint {
        outln!("Fingerprint:  {fp}");
    }
    if let (Some(path), Some(xpub)) = (&d.account_path, &d.account_xpub) {
        outln!("Account:      {path}\nAccount xpub: {xpub}");
    } else if let Some(xpub) = &d.account_xpub {
        outln!("Account xpub: {xpub}");
    }
    for desc in &d.descriptors {
        outln!("Descriptor:   {desc}");
    }
    for a in &d.addresses {
        outln!("  {:<24} {}", a.path.as_deref().unwrap_or("-"), a.address);
        if args.qr {
            let code = QrCode::encode(&qr_text(&a.address)).map_err(crate::error::CliError::environment)?;
            outln!("{}", code.to_terminal());
        }
    }
    Ok(())
}

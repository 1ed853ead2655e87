//! `seedsafe inspect`: what is this secret, and which wallet does it open?

use seedsafe_core::wallet::Wallet;
use serde_json::json;

use crate::cli::InspectArgs;
use crate::error::{Exit, Result};
use crate::{input, report};

pub fn run(args: &InspectArgs) -> Result<()> {
    let text = input::secret_text(&args.input, "Mnemonic or key")?;
    let passphrase = input::passphrase(&args.input)?;
    let format = args.input.seed_format.map(|f| match f {
        crate::cli::SeedFormatArg::Bip39 => seedsafe_core::wallet::SeedFormat::Bip39,
        crate::cli::SeedFormatArg::Electrum => seedsafe_core::wallet::SeedFormat::Electrum,
    });
    let secret = match seedsafe_core::wallet::Secret::parse(&text, args.input.language, format) {
        Ok(s) => s,
        // Checking validity is what was asked, so an invalid secret is a negative answer.
        Err(e) => {
            let mut err = report::parse_error(e);
            if args.json {
                report::print_json(&json!({"valid": false, "error": err.message}));
            }
            err.exit = Exit::Negative;
            return Err(err);
        }
    };
    let wallet = Wallet::open(&secret, &passphrase);
    let mut doc = report::secret_json(&secret);
    doc["valid"] = json!(true);
    doc["passphrase"] = json!(!passphrase.is_empty());
    match &wallet {
        Ok(w) => {
            let id = w.identity();
            doc["fingerprint"] = json!(id.fingerprint);
            doc["addresses"] = json!(id.addresses);
        }
        Err(e) => doc["note"] = json!(e.to_string()),
    }
    if args.json {
        report::print_json(&doc);
        return Ok(());
    }
    outln!("Valid: {}", report::describe(&secret));
    if !passphrase.is_empty() {
        outln!("With a passphrase (a different passphrase opens a different wallet).");
    }
    match wallet {
        Ok(w) => report::print_identity(&w.identity()),
        Err(e) => outln!("Note: {e}"),
    }
    Ok(())
}

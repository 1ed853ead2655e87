//! `seedsafe new`: create a wallet.

use std::io::IsTerminal;

use seedsafe_core::bip39::{DiceRolls, Mnemonic, WordCount};
use seedsafe_core::electrum::{self, SeedVersion};
use seedsafe_core::secret::{Passphrase, Seed};
use seedsafe_core::slip39;
use seedsafe_core::wallet::{Secret, Wallet};
use serde_json::json;
use zeroize::Zeroizing;

use crate::cli::{NewArgs, NewKind};
use crate::error::{CliError, Result};
use crate::{fsutil, input, report};

pub fn run(args: &NewArgs) -> Result<()> {
    let to_terminal = std::io::stdout().is_terminal();
    if args.out.is_none() && !args.reveal && !to_terminal {
        return Err(CliError::bad_input(
            "standard output is not a terminal; refusing to send new words there",
        )
        .with_hint("pass --out FILE to write them to a new private file, or --reveal to print them anyway"));
    }
    if args.kind != NewKind::Bip39 && (args.dice || args.dice_only) {
        return Err(CliError::bad_input("--dice and --dice-only apply to BIP-39 mnemonics only"));
    }
    let words_ok = match args.kind {
        NewKind::Bip39 => true,
        NewKind::Slip39 => matches!(args.words, 12 | 20 | 33),
        _ => args.words == 12,
    };
    if !words_ok {
        return Err(CliError::bad_input(match args.kind {
            NewKind::Slip39 => "--words: a SLIP-39 share has 20 words (128-bit secret) or 33 (256-bit)",
            _ => "--words does not apply to Electrum seeds: they are 12 words",
        }));
    }
    let passphrase = if args.ask_passphrase { input::new_passphrase()? } else { Passphrase::empty() };
    let (secret, phrase, open_with) = if args.kind == NewKind::Slip39 {
        slip39_wallet(args.words, &passphrase)?
    } else {
        let secret = generate(args)?;
        let phrase = secret.phrase().unwrap_or_default();
        (secret, phrase, passphrase.clone())
    };
    let wallet = Wallet::open(&secret, &open_with).map_err(report::derive_error)?;
    let identity = wallet.identity();
    if let Some(path) = &args.out {
        let mut text = zeroize::Zeroizing::new(phrase.to_string());
        text.push('\n');
        fsutil::write_new_private(path, text.as_bytes())?;
    }
    let shown = args.reveal || (args.out.is_none() && to_terminal);
    if args.json {
        let mut doc = report::secret_json(&secret);
        doc["passphrase"] = json!(!passphrase.is_empty());
        doc["fingerprint"] = json!(identity.fingerprint);
        doc["addresses"] = json!(identity.addresses);
        if let Some(path) = &args.out {
            doc["out"] = json!(path.display().to_string());
        }
        if shown {
            doc["mnemonic"] = json!(&*phrase);
        }
        report::print_json(&doc);
        return Ok(());
    }
    outln!("New wallet: {}", report::describe(&secret));
    if shown {
        outln!("\nWrite these words down, in order, and keep them offline:\n");
        for (i, w) in phrase.split(secret_separator(&secret)).enumerate() {
            outln!("  {:>2}. {w}", i + 1);
        }
        outln!();
    }
    if let Some(path) = &args.out {
        outln!("Words written to {} (mode 0600).", path.display());
    }
    if !passphrase.is_empty() {
        outln!("A passphrase is set: without it these words open a different, empty wallet.");
    }
    report::print_identity(&identity);
    Ok(())
}

fn secret_separator(secret: &Secret) -> char {
    match secret {
        Secret::Bip39(m) => m.language().separator().chars().next().unwrap_or(' '),
        _ => ' ',
    }
}

/// A new SLIP-39 wallet: a random master secret, shared 1-of-1 under its SLIP-39 passphrase.
fn slip39_wallet(words: usize, passphrase: &Passphrase) -> Result<(Secret, Zeroizing<String>, Passphrase)> {
    let mut master = Zeroizing::new(vec![0u8; if words == 33 { 32 } else { 16 }]);
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut master);
    let sets =
        slip39::split(&master, passphrase.expose().as_bytes(), &slip39::SplitOptions::single_group(1, 1))
            .map_err(|e| CliError::bad_input(e).with_hint("a SLIP-39 passphrase must be printable ASCII"))?;
    let share =
        sets.first().and_then(|g| g.first()).ok_or_else(|| CliError::bad_input("no share was made"))?;
    Ok((Secret::Slip39Wallet(Seed::new(master.to_vec())), share.to_mnemonic(), Passphrase::empty()))
}

fn generate(args: &NewArgs) -> Result<Secret> {
    Ok(match args.kind {
        NewKind::ElectrumSegwit => Secret::Electrum(electrum::Mnemonic::generate(SeedVersion::Segwit)),
        NewKind::ElectrumStandard => Secret::Electrum(electrum::Mnemonic::generate(SeedVersion::Standard)),
        NewKind::Slip39 => unreachable!("SLIP-39 wallets are made by slip39_wallet"),
        NewKind::Bip39 => {
            let count = WordCount::new(args.words).ok_or_else(|| {
                CliError::bad_input(format!(
                    "--words {}: a BIP-39 mnemonic has 12, 15, 18, 21 or 24 words",
                    args.words
                ))
            })?;
            if args.dice || args.dice_only {
                let text = if std::io::stdin().is_terminal() {
                    input::prompt_hidden(&format!(
                        "Dice rolls, digits 1-6, at least {} (hidden): ",
                        count.min_dice_rolls()
                    ))?
                } else {
                    input::read_stdin()?
                };
                let rolls = DiceRolls::parse(&text).map_err(CliError::bad_input)?;
                Secret::Bip39(
                    Mnemonic::from_dice(&rolls, count, args.language, args.dice_only)
                        .map_err(CliError::bad_input)?,
                )
            } else {
                Secret::Bip39(Mnemonic::generate(count, args.language))
            }
        }
    })
}

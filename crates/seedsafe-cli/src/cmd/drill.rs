//! `seedsafe drill`: restore copies again and record the result.

use std::io::IsTerminal;
use std::path::Path;

use age::secrecy::SecretString;
use seedsafe_backup::drill::{self, Keys};
use seedsafe_backup::manifest::{CopyRecord, Manifest, WalletRecord};
use seedsafe_paper::scan::Found;
use serde_json::json;
use zeroize::Zeroizing;

use crate::cli::{DrillArgs, SecretInput};
use crate::error::{CliError, Exit, Result};
use crate::{input, report};

pub fn run(args: &DrillArgs) -> Result<()> {
    if args.ids.is_empty() && !args.all {
        return Err(CliError::bad_input("say which copies to drill: COPY_ID... or --all")
            .with_hint("`seedsafe status` lists the copies and their ids"));
    }
    let home = super::plan::home()?;
    let manifest = Manifest::load(&home).map_err(CliError::environment)?;
    let targets = drill::targets(&manifest, &args.ids).map_err(CliError::bad_input)?;
    let needs = drill::needs(&manifest, &targets);
    let creds = super::plan::credentials(args.credentials.as_deref(), &home)?;
    let terminal = std::io::stdin().is_terminal();
    let password = match (&args.password_file, needs.password, terminal) {
        (Some(f), true, _) => Some(input::read_password_file(f)?),
        (None, true, true) => Some(input::prompt_hidden("Password of the copies (hidden): ")?),
        _ => None,
    };
    let mut identities = Vec::new();
    for f in &args.identities {
        identities.push(Zeroizing::new(std::fs::read(f).map_err(|e| CliError::io("read", f, &e))?));
    }
    let passphrase = input::passphrase(&SecretInput {
        secret_file: None,
        passphrase_file: args.passphrase_file.clone(),
        ask_passphrase: args.ask_passphrase,
        language: None,
        seed_format: None,
    })?;
    let keys = Keys {
        password: password.map(|p| SecretString::from(p.to_string())),
        identities,
        passphrase,
        ui: crate::age_ui::terminal(),
    };
    let mut photo = match &args.photo {
        Some(path) => Some(words_from_photo(path)?),
        None => None,
    };
    let mut stdin_used = false;
    let mut typist = |c: &CopyRecord, w: &WalletRecord| -> Option<Zeroizing<String>> {
        if c.share.is_none() {
            if let Some(words) = photo.take() {
                return Some(words);
            }
        }
        let what = if c.share.is_some() { "share card" } else { "paper sheet" };
        if terminal {
            let q = format!(
                "Words of the {what} {} of {:?}, kept at {:?} (hidden; empty to skip): ",
                c.id, w.label, c.location
            );
            return input::prompt_hidden(&q).ok().filter(|t| !t.trim().is_empty());
        }
        if std::mem::replace(&mut stdin_used, true) {
            return None;
        }
        input::read_stdin().ok().filter(|t| !t.trim().is_empty())
    };
    let outcomes = drill::run(&home, &targets, &keys, &creds, &mut typist).map_err(CliError::environment)?;
    let failed = outcomes.iter().filter(|o| o.result == "failed").count();
    if args.json {
        report::print_json(&json!({"ok": failed == 0, "drills": outcomes}));
    } else {
        for o in &outcomes {
            outln!("{:<8} {:<9} {:<15} {:<16} {}", o.result, o.copy, o.method.name(), o.location, o.message);
        }
    }
    if failed == 0 {
        Ok(())
    } else {
        Err(CliError {
            exit: Exit::Negative,
            message: format!(
                "{} failed: those copies do not restore the wallet as they are",
                super::plan::count(failed, "drill")
            ),
            hint: Some("make them again with `seedsafe plan run PLAN --rotate`".into()),
        })
    }
}

/// The words of the SeedQR in a photo or scan of a backup sheet.
fn words_from_photo(path: &Path) -> Result<Zeroizing<String>> {
    let bytes = std::fs::read(path).map_err(|e| CliError::io("read", path, &e))?;
    let found = seedsafe_paper::scan::read_image(&bytes).map_err(CliError::bad_input)?;
    found
        .into_iter()
        .find_map(|f| match f {
            Found::SeedQr { mnemonic, .. } => Some(mnemonic.phrase()),
            _ => None,
        })
        .ok_or_else(|| {
            CliError::bad_input(format!("{} shows no readable SeedQR", path.display()))
                .with_hint("photograph the SeedQR square-on, in good light, filling much of the picture; or type the words")
        })
}

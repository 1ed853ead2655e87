//! `seedsafe split` and `seedsafe combine`: SLIP-39 shares.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use seedsafe_core::bip39::Mnemonic;
use seedsafe_core::secret::{Passphrase, Seed};
use seedsafe_core::slip39::{self, GroupSpec, Share, SplitOptions};
use seedsafe_core::wallet::{Secret, Wallet};
use serde_json::json;
use zeroize::Zeroizing;

use crate::cli::{CombineArgs, SecretInput, ShareMode, SplitArgs};
use crate::error::{CliError, Result};
use crate::{fsutil, input, report};

/// Reads shares: one per non-blank line.
fn parse_shares(text: &str, source: &str) -> Result<Vec<Share>> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, line)| {
            Share::parse(line).map_err(|e| share_error(&e, &format!("{source}, line {}", i + 1)))
        })
        .collect()
}

/// A SLIP-39 error in words, with the nearest words for a misspelling (shown on purpose:
/// the person needs them to fix the share).
fn share_error(e: &slip39::Error, place: &str) -> CliError {
    let mut err = CliError::bad_input(format!("{place}: {e}"));
    if let slip39::Error::UnknownWord { suggestions, .. } = e {
        if !suggestions.words().is_empty() {
            err = err.with_hint(format!("nearest SLIP-39 words: {}", suggestions.words().join(", ")));
        }
    }
    if let slip39::Error::Checksum { .. } = e {
        err = err.with_hint(
            "compare the share with the card word by word; the positions named are the likely culprits",
        );
    }
    err
}

fn combine_error(e: &slip39::Error) -> CliError {
    let err = CliError::bad_input(e);
    match e {
        slip39::Error::NotEnoughShares { .. } => err.with_hint("add more shares of the groups named"),
        slip39::Error::DigestMismatch { .. } => {
            err.with_hint("the shares disagree: one is damaged or belongs to a different split of this set")
        }
        _ => err,
    }
}

fn ids(shares: &[Vec<Share>]) -> (u16, bool, u8) {
    let first = &shares[0][0];
    (first.identifier(), first.extendable(), first.iteration_exponent())
}

pub fn split(args: &SplitArgs) -> Result<()> {
    let text = input::secret_text(&args.input, "Mnemonic, master secret or shares")?;
    if args.extend {
        let old = parse_shares(&text, "input")?;
        let count = args.shares.unwrap_or(0);
        let used: Vec<u8> = old.iter().map(Share::member_index).collect();
        // Counted down from the top: shares hold no member count, so low indexes not given
        // here may still exist on other cards.
        let new_indexes: Vec<u8> =
            (0u8..16).rev().filter(|i| !used.contains(i)).take(usize::from(count)).collect();
        if new_indexes.len() < usize::from(count) {
            return Err(CliError::bad_input(format!(
                "a group holds at most 16 shares; only {} new member indexes are free among the shares given",
                new_indexes.len()
            )));
        }
        let fresh = slip39::extend_group(&old, &new_indexes).map_err(|e| combine_error(&e))?;
        return emit(args, "extend", vec![fresh]);
    }
    let (mode, master, passphrase) = split_input(args, &text)?;
    let opts = SplitOptions {
        group_threshold: group_threshold(args)?,
        groups: groups(args)?,
        iteration_exponent: args.iteration_exponent,
        extendable: true,
    };
    let sets = slip39::split(&master, passphrase.expose().as_bytes(), &opts)
        .map_err(|e| CliError::bad_input(e).with_hint("see `seedsafe split --help`"))?;
    emit(args, if mode == ShareMode::Bip39 { "bip39" } else { "wallet" }, sets)
}

/// What to share, from the input: BIP-39 entropy, or a wallet's master secret.
fn split_input(args: &SplitArgs, text: &str) -> Result<(ShareMode, Zeroizing<Vec<u8>>, Passphrase)> {
    let trimmed = text.trim();
    let looks_hex = trimmed.len().is_multiple_of(2) && trimmed.bytes().all(|b| b.is_ascii_hexdigit());
    let looks_shares = trimmed.split_whitespace().count() >= 20
        && Share::parse(trimmed.lines().next().unwrap_or("")).is_ok();
    match args.mode {
        None | Some(ShareMode::Bip39) if !looks_hex && !looks_shares => {
            if args.input.passphrase_file.is_some() || args.input.ask_passphrase {
                return Err(CliError::bad_input("in BIP-39 mode the BIP-39 passphrase stays apart from the shares; do not pass it to split"));
            }
            let m = Mnemonic::parse(text, args.input.language).map_err(|e| report::parse_error(e.into()))?;
            Ok((ShareMode::Bip39, m.entropy(), Passphrase::empty()))
        }
        None | Some(ShareMode::Bip39) => Err(CliError::bad_input(
            "BIP-39 mode needs a BIP-39 mnemonic; for a master secret or SLIP-39 shares use --mode wallet",
        )),
        Some(ShareMode::Wallet) => {
            let passphrase = input::passphrase(&args.input)?;
            let master = if looks_hex {
                Zeroizing::new(
                    hex::decode(trimmed).map_err(|_| CliError::bad_input("the master secret is not hex"))?,
                )
            } else if looks_shares {
                let shares = parse_shares(text, "input")?;
                slip39::combine(&shares, passphrase.expose().as_bytes()).map_err(|e| combine_error(&e))?
            } else {
                return Err(CliError::bad_input(
                    "wallet mode needs a master secret in hex (32-64 digits) or the shares of a SLIP-39 wallet",
                )
                .with_hint("to share a BIP-39 mnemonic so that the same words come back, use --mode bip39"));
            };
            Ok((ShareMode::Wallet, master, passphrase))
        }
    }
}

fn groups(args: &SplitArgs) -> Result<Vec<GroupSpec>> {
    if args.groups.is_empty() {
        let (Some(threshold), Some(count)) = (args.threshold, args.shares) else {
            return Err(CliError::bad_input(
                "say how to split: --threshold T --shares N, or --group T/N (repeatable)",
            ));
        };
        return Ok(vec![GroupSpec { threshold, count }]);
    }
    args.groups
        .iter()
        .map(|g| {
            let parsed =
                g.split_once('/').and_then(|(t, n)| Some((t.trim().parse().ok()?, n.trim().parse().ok()?)));
            parsed.map(|(threshold, count)| GroupSpec { threshold, count }).ok_or_else(|| {
                CliError::bad_input(format!("--group {g:?}: write a group as THRESHOLD/COUNT, e.g. 2/3"))
            })
        })
        .collect()
}

fn group_threshold(args: &SplitArgs) -> Result<u8> {
    match (args.groups.len(), args.group_threshold) {
        (0 | 1, g) => Ok(g.unwrap_or(1)),
        (_, Some(g)) => Ok(g),
        (n, None) => Err(CliError::bad_input(format!(
            "{n} groups were given; say how many are needed with --group-threshold"
        ))),
    }
}

/// Prints or writes the shares.
fn emit(args: &SplitArgs, mode: &str, sets: Vec<Vec<Share>>) -> Result<()> {
    if sets.is_empty() || sets[0].is_empty() {
        return Err(CliError::bad_input("no shares were produced"));
    }
    let (identifier, extendable, exponent) = ids(&sets);
    let group_threshold = sets[0][0].group_threshold();
    let mut files: Vec<Vec<String>> = Vec::new();
    if let Some(dir) = &args.out_dir {
        std::fs::create_dir_all(dir).map_err(|e| CliError::io("create", dir, &e))?;
        for (g, shares) in sets.iter().enumerate() {
            let mut names = Vec::new();
            for s in shares {
                let path = share_path(dir, s, g);
                let mut text = s.to_mnemonic();
                text.push('\n');
                fsutil::write_new_private(&path, text.as_bytes())?;
                names.push(path.display().to_string());
            }
            files.push(names);
        }
    }
    if args.json {
        let groups: Vec<_> = sets
            .iter()
            .enumerate()
            .map(|(g, shares)| {
                let mut doc = json!({"threshold": shares[0].member_threshold(), "count": shares.len()});
                if args.out_dir.is_some() {
                    doc["files"] = json!(files[g]);
                } else {
                    doc["shares"] =
                        json!(shares.iter().map(|s| s.to_mnemonic().to_string()).collect::<Vec<_>>());
                }
                doc
            })
            .collect();
        report::print_json(&json!({
            "mode": mode, "identifier": identifier, "extendable": extendable, "iteration_exponent": exponent,
            "group_threshold": group_threshold, "groups": groups,
        }));
        return Ok(());
    }
    if args.out_dir.is_some() {
        for (g, names) in files.iter().enumerate() {
            for n in names {
                eprintln!("group {}: wrote {n}", g + 1);
            }
        }
        eprintln!("{}", label(mode, group_threshold, &sets));
        return Ok(());
    }
    eprintln!("{}", label(mode, group_threshold, &sets));
    for shares in &sets {
        for s in shares {
            outln!("{}", &*s.to_mnemonic());
        }
    }
    Ok(())
}

/// What a person must know about the set, printed with every split.
fn label(mode: &str, group_threshold: u8, sets: &[Vec<Share>]) -> String {
    let what = match mode {
        "bip39" => "BIP-39 mode: combining gives back the same BIP-39 words (restore with `seedsafe combine`; a Trezor would read these shares as a different wallet)",
        "wallet" => "SLIP-39 wallet mode: restore in a Trezor or any SLIP-39 wallet",
        _ => "new shares of an existing set: they combine with the old ones",
    };
    let groups: Vec<String> = sets
        .iter()
        .enumerate()
        .map(|(g, s)| match mode {
            "extend" => format!(
                "group {}: {} new share(s), any {} of the group restore",
                g + 1,
                s.len(),
                s[0].member_threshold()
            ),
            _ => format!("group {}: any {} of {}", g + 1, s[0].member_threshold(), s.len()),
        })
        .collect();
    format!(
        "{what}\nset {:04x}, {group_threshold} group(s) needed; {}",
        sets[0][0].identifier(),
        groups.join("; ")
    )
}

fn share_path(dir: &Path, share: &Share, group: usize) -> PathBuf {
    dir.join(format!(
        "slip39-{:04x}-group{}-share{}.txt",
        share.identifier(),
        group + 1,
        u16::from(share.member_index()) + 1
    ))
}

pub fn combine(args: &CombineArgs) -> Result<()> {
    let mut shares = Vec::new();
    for f in &args.files {
        let text = input::read_secret_file(f)?;
        shares.extend(parse_shares(&text, &f.display().to_string())?);
    }
    if args.files.is_empty() {
        if std::io::stdin().is_terminal() {
            shares = prompt_shares()?;
        } else {
            shares = parse_shares(&input::read_stdin()?, "standard input")?;
        }
    }
    finish(args, shares)
}

/// Combines the shares found in already-read text (`seedsafe restore` of a share file).
pub fn combine_text(args: &CombineArgs, text: &str, source: &str) -> Result<()> {
    let shares = parse_shares(text, source)?;
    finish(args, shares)
}

fn finish(args: &CombineArgs, shares: Vec<Share>) -> Result<()> {
    if shares.is_empty() {
        return Err(CliError::bad_input("no shares were given"));
    }
    let pass_input = SecretInput {
        secret_file: None,
        passphrase_file: args.passphrase_file.clone(),
        ask_passphrase: args.ask_passphrase,
        language: None,
        seed_format: None,
    };
    let passphrase = input::passphrase(&pass_input)?;
    let (secret, wallet_pass) = match args.mode {
        ShareMode::Bip39 => {
            let entropy = slip39::combine(&shares, b"").map_err(|e| combine_error(&e))?;
            let m = Mnemonic::from_entropy(&entropy, args.language).map_err(|_| {
                CliError::bad_input(format!(
                    "the shares hold {} bytes, which is no BIP-39 entropy size; is this a SLIP-39 wallet? try --mode wallet",
                    entropy.len()
                ))
            })?;
            (Secret::Bip39(m), passphrase)
        }
        ShareMode::Wallet => {
            let master =
                slip39::combine(&shares, passphrase.expose().as_bytes()).map_err(|e| combine_error(&e))?;
            (Secret::Slip39Wallet(Seed::new(master.to_vec())), Passphrase::empty())
        }
    };
    let wallet = Wallet::open(&secret, &wallet_pass).map_err(report::derive_error)?;
    let identity = wallet.identity();
    let shown = args.reveal || std::io::stdout().is_terminal();
    let mode = if args.mode == ShareMode::Bip39 { "bip39" } else { "wallet" };
    if args.json {
        let mut doc = json!({
            "kind": "slip39-shares", "mode": mode, "identifier": shares[0].identifier(), "shares_used": shares.len(),
            "fingerprint": identity.fingerprint, "addresses": identity.addresses,
        });
        if shown {
            doc["secret"] = match &secret {
                Secret::Bip39(m) => json!({"mnemonic": &*m.phrase(), "language": m.language().name()}),
                Secret::Slip39Wallet(s) => json!({"master_secret": hex::encode(s.as_bytes())}),
                _ => json!(null),
            };
        }
        report::print_json(&doc);
        return Ok(());
    }
    outln!(
        "Restored from {} shares of set {:04x}: {}",
        shares.len(),
        shares[0].identifier(),
        report::describe(&secret)
    );
    if shown {
        match &secret {
            Secret::Bip39(m) => outln!("Words: {}", &*m.phrase()),
            Secret::Slip39Wallet(s) => outln!("Master secret: {}", hex::encode(s.as_bytes())),
            _ => {}
        }
    }
    report::print_identity(&identity);
    Ok(())
}

fn prompt_shares() -> Result<Vec<Share>> {
    let mut shares: Vec<Share> = Vec::new();
    loop {
        let text =
            input::prompt_hidden(&format!("Share {} (hidden; empty line when done): ", shares.len() + 1))?;
        if text.trim().is_empty() {
            return Ok(shares);
        }
        match Share::parse(&text) {
            Ok(s) => shares.push(s),
            Err(e) => eprintln!("{}", share_error(&e, "that share")),
        }
        if let Err(slip39::Error::NotEnoughShares { .. }) = slip39::combine(&shares, b"") {
            continue;
        }
        if !shares.is_empty() {
            return Ok(shares);
        }
    }
}

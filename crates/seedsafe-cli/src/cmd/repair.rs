//! `seedsafe repair`: search for the mistake in a damaged backup, and `--benchmark`.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use seedsafe_core::bip39::Language;
use seedsafe_core::secret::Passphrase;
use seedsafe_recover::bench;
use seedsafe_recover::kernel::Kernel;
use seedsafe_recover::passphrase::Passphrases;
use seedsafe_recover::pattern::{self, Wordlist};
use seedsafe_recover::search::{self, Format, Observer, Options, Outcome, Plan, Progress};
use seedsafe_recover::space::{Mistakes, Shard};
use seedsafe_recover::target::Target;
use serde_json::{json, Value};
use zeroize::Zeroizing;

use crate::cli::{RepairArgs, RepairFormat};
use crate::error::{CliError, Exit, Result};
use crate::{input, report};

/// Searches longer than this need --yes.
const CONFIRM_ABOVE_SECONDS: f64 = 3600.0;
/// Searches longer than this are refused: no one will wait a century.
const REFUSE_ABOVE_SECONDS: f64 = 100.0 * 365.25 * 86400.0;
/// Largest passphrase wordlist read.
const MAX_WORDLIST_BYTES: u64 = 1 << 30;

pub fn run(args: &RepairArgs) -> Result<()> {
    if args.benchmark {
        return benchmark(args);
    }
    let format = match args.seed_format {
        RepairFormat::Bip39 => Format::Bip39,
        RepairFormat::Electrum => Format::Electrum,
        RepairFormat::Slip39 => Format::Slip39,
    };
    let text = pattern_text(args)?;
    let wordlist = match format {
        Format::Slip39 => Some(Wordlist::Slip39),
        Format::Electrum => Some(Wordlist::Bip39(args.language.unwrap_or(Language::English))),
        Format::Bip39 => args.language.map(Wordlist::Bip39),
    };
    let pattern = pattern::parse(&text, wordlist).map_err(|e| {
        CliError::bad_input(e)
            .with_hint("see `seedsafe repair --help` for the pattern syntax (?, ab*, {a|b}, ~word)")
    })?;
    drop(text);
    let mistakes = Mistakes { missing: args.missing, swaps: args.swaps, unordered: args.unordered };
    let plan = Plan::new(
        format,
        &pattern,
        mistakes,
        passphrases(args)?,
        target(args)?,
        args.shard.unwrap_or(Shard::WHOLE),
    )
    .map_err(search_error)?;
    let options = Options {
        threads: args.threads.unwrap_or_else(|| Options::default().threads),
        kernel: kernel(args)?,
        checkpoint: args.checkpoint.clone(),
        ..Options::default()
    };
    let estimate = search::estimate(&plan, &options, Duration::from_millis(600));
    if !args.json {
        describe_plan(&plan, &options, &estimate);
        let addresses = !args.addresses.is_empty() || args.address_file.is_some();
        if addresses && args.indexes > 1 && estimate.seconds > 60.0 {
            outln!(
                "Tip: every address index is derived for every candidate; if the address is the wallet's first, --indexes 1 makes the search about 15% faster."
            );
        }
    }
    if estimate.seconds > REFUSE_ABOVE_SECONDS {
        return Err(CliError::bad_input(format!(
            "this search would take about {} at the measured rate; it cannot finish",
            duration_words(estimate.seconds)
        ))
        .with_hint("fix more words, use prefixes (ab*) or ~word instead of ?, or fewer --missing/--swaps"));
    }
    if estimate.seconds > CONFIRM_ABOVE_SECONDS && !args.yes {
        return Err(CliError::bad_input(format!(
            "this search would take about {} at the measured rate",
            duration_words(estimate.seconds)
        ))
        .with_hint(
            "pass --yes to start it (with --checkpoint FILE to be able to stop and resume), or split it over machines with --shard i/n",
        ));
    }
    let bar = progress_bar(&plan, args.json);
    let observer = Bar(bar.clone());
    let outcome = search::search(&plan, &options, &observer).map_err(search_error)?;
    bar.finish_and_clear();
    report_outcome(args, &plan, &options, outcome)
}

/// The pattern: from the command line (with a warning), --pattern-file, standard input or a
/// hidden prompt.
fn pattern_text(args: &RepairArgs) -> Result<Zeroizing<String>> {
    let text = match (&args.pattern, &args.pattern_file) {
        (Some(p), _) => {
            eprintln!(
                "warning: the pattern was given on the command line, where shell history and other users' `ps` can see it; prefer standard input or --pattern-file"
            );
            Zeroizing::new(p.clone())
        }
        (None, Some(path)) => input::read_secret_file(path)?,
        (None, None) if std::io::stdin().is_terminal() => input::prompt_hidden(
            "Pattern, one token per word (? unknown, ab* illegible, ~word misspelled) (hidden): ",
        )?,
        (None, None) => input::read_stdin()?,
    };
    if text.trim().is_empty() {
        return Err(CliError::bad_input("no pattern was given")
            .with_hint("pipe it on standard input, pass --pattern-file PATH, or type it at the prompt"));
    }
    Ok(text)
}

fn passphrases(args: &RepairArgs) -> Result<Passphrases> {
    if let Some(mask) = &args.passphrase_mask {
        return Passphrases::mask(mask).map_err(CliError::bad_input);
    }
    if let Some(path) = &args.passphrase_wordlist {
        let text = read_large(path)?;
        return Ok(Passphrases::list(&text));
    }
    if let Some(path) = &args.passphrase_file {
        let mut text = input::read_secret_file(path)?;
        for suffix in ["\r\n", "\n"] {
            if let Some(stripped) = text.strip_suffix(suffix) {
                let keep = stripped.len();
                text.truncate(keep);
                break;
            }
        }
        let passphrase = Passphrase::new(std::mem::take(&mut *text));
        return Ok(if args.passphrase_typos {
            Passphrases::typos(&passphrase)
        } else {
            Passphrases::known(passphrase)
        });
    }
    Ok(Passphrases::known(Passphrase::empty()))
}

fn read_large(path: &std::path::Path) -> Result<Zeroizing<String>> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| CliError::io("read", path, &e))?;
    let mut text = Zeroizing::new(String::new());
    file.take(MAX_WORDLIST_BYTES).read_to_string(&mut text).map_err(|e| match e.kind() {
        std::io::ErrorKind::InvalidData => {
            CliError::bad_input(format!("{} is not UTF-8 text", path.display()))
        }
        _ => CliError::io("read", path, &e),
    })?;
    Ok(text)
}

fn target(args: &RepairArgs) -> Result<Option<Target>> {
    let hint = "check the address, or say which chain and kind with --chain and --kind";
    if let Some(x) = &args.xpub {
        return Target::xpub(x, args.chain, &args.paths)
            .map(Some)
            .map_err(|e| CliError::bad_input(e).with_hint(hint));
    }
    if let Some(f) = &args.fingerprint {
        return Target::fingerprint(f).map(Some).map_err(CliError::bad_input);
    }
    let mut addresses = args.addresses.clone();
    if let Some(path) = &args.address_file {
        let text = std::fs::read_to_string(path).map_err(|e| CliError::io("read", path, &e))?;
        addresses.extend(
            text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(str::to_string),
        );
        if addresses.is_empty() {
            return Err(CliError::bad_input(format!("{} holds no address", path.display())));
        }
    }
    if addresses.is_empty() {
        return Ok(None);
    }
    Target::addresses(&addresses, args.chain, args.kind, &args.paths, args.indexes)
        .map(Some)
        .map_err(|e| CliError::bad_input(e).with_hint(hint))
}

fn kernel(args: &RepairArgs) -> Result<Kernel> {
    match &args.kernel {
        None => Ok(Kernel::detect()),
        Some(name) => Kernel::by_name(name).ok_or_else(|| {
            let names: Vec<&str> = Kernel::available().iter().map(|k| k.name()).collect();
            CliError::bad_input(format!(
                "kernel {name:?} is not available here; this CPU runs: {}",
                names.join(", ")
            ))
        }),
    }
}

fn search_error(e: search::SearchError) -> CliError {
    match e {
        search::SearchError::Checkpoint(seedsafe_recover::checkpoint::Error::Io { .. }) => {
            CliError::environment(e)
        }
        search::SearchError::WordCount { .. } => CliError::bad_input(e).with_hint(
            "write ? where a word is unreadable, or pass --missing N when words were left out at unknown places",
        ),
        search::SearchError::Space(_) | search::SearchError::Nothing(_) => {
            CliError::bad_input(e).with_hint("fix more words, or use prefixes (ab*) and ~word instead of ?")
        }
        _ => CliError::bad_input(e),
    }
}

/// Thousands separated by commas, for people.
fn grouped(n: u128) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn candidates(n: u128) -> String {
    format!("{} candidate{}", grouped(n), if n == 1 { "" } else { "s" })
}

fn duration_words(seconds: f64) -> String {
    let s = seconds.max(0.0);
    if s < 90.0 {
        format!("{} s", s.ceil() as u64)
    } else if s < 5400.0 {
        format!("{} min", (s / 60.0).round() as u64)
    } else if s < 2.0 * 86400.0 {
        format!("{:.1} hours", s / 3600.0)
    } else if s < 2.0 * 365.25 * 86400.0 {
        format!("{} days", (s / 86400.0).round() as u64)
    } else {
        format!("{:.2e} years", s / (365.25 * 86400.0))
    }
}

fn describe_plan(plan: &Plan, options: &Options, estimate: &search::Estimate) {
    let space = plan.space();
    let range = plan.range();
    let size = range.end - range.start;
    let mut what =
        format!("Searching {} ({} words, {}", candidates(size), space.length(), plan.format().name());
    if space.passphrases() > 1 {
        what.push_str(&format!(", {} passphrases each", grouped(space.passphrases())));
    }
    what.push(')');
    if plan.shard() != Shard::WHOLE {
        what.push_str(&format!(", shard {} of {}", plan.shard(), grouped(space.len())));
    }
    outln!("{what}.");
    if let Some(t) = plan.target() {
        outln!(
            "About {} pass the {} and are checked against {}.",
            grouped(plan.expected_checked().round() as u128),
            if plan.format() == Format::Electrum { "version check" } else { "checksum" },
            t.describe()
        );
        outln!(
            "Measured {:.0} seeds/s on {} threads ({} kernel, {} lanes): about {}.",
            estimate.checked_per_second,
            options.threads,
            options.kernel,
            options.kernel.lanes(),
            duration_words(estimate.seconds)
        );
    } else {
        outln!(
            "The share's RS1024 checksum tells the repaired share: about {}.",
            duration_words(estimate.seconds)
        );
    }
}

struct Bar(ProgressBar);

impl Observer for Bar {
    fn progress(&self, p: &Progress) {
        self.0.set_position(u64::try_from(p.enumerated).unwrap_or(u64::MAX));
        self.0.set_message(format!("{} key-stretched", grouped(u128::from(p.checked))));
    }
}

fn progress_bar(plan: &Plan, json: bool) -> ProgressBar {
    let range = plan.range();
    let bar = ProgressBar::new(u64::try_from(range.end - range.start).unwrap_or(u64::MAX));
    if json || !std::io::stderr().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    } else {
        bar.set_draw_target(ProgressDrawTarget::stderr());
    }
    if let Ok(style) = ProgressStyle::with_template(
        "{bar:30} {percent:>3}% {human_pos}/{human_len} candidates, {per_sec}, {eta} left, {msg}",
    ) {
        bar.set_style(style);
    }
    bar
}

/// A candidate count in JSON: a number while it fits, else a decimal string.
fn count(n: u128) -> Value {
    u64::try_from(n).map_or_else(|_| json!(n.to_string()), |v| json!(v))
}

fn report_outcome(args: &RepairArgs, plan: &Plan, options: &Options, outcome: Outcome) -> Result<()> {
    let found = outcome.found.as_ref();
    let hit = found.and_then(|f| f.hit.as_ref());
    let show_secret = args.reveal || (!args.json && std::io::stdout().is_terminal());
    if args.json {
        let mut doc = json!({
            "found": found.is_some(),
            "candidates": count(outcome.candidates),
            "checked": outcome.checked,
            "seconds": (outcome.seconds * 1000.0).round() / 1000.0,
            "path": hit.and_then(|h| h.path.clone()),
            "address": hit.and_then(|h| h.address.clone()),
            "format": plan.format().name(),
            "kernel": options.kernel.name(),
            "threads": options.threads,
            "shard": plan.shard().to_string(),
        });
        if let Some(v) = found.and_then(|f| f.electrum) {
            doc["electrum_version"] = json!(v.name());
        }
        if let Some(at) = outcome.resumed_at {
            doc["resumed_at"] = count(at);
        }
        if let (true, Some(f)) = (args.reveal, found) {
            doc["mnemonic"] = json!(f.phrase.as_str());
            if let Some(p) = &f.passphrase {
                doc["passphrase"] = json!(p.expose());
            }
        }
        report::print_json(&doc);
    } else if let Some(f) = found {
        outln!(
            "Found after {} ({} key-stretched) in {:.1} s.",
            candidates(outcome.candidates),
            grouped(u128::from(outcome.checked)),
            outcome.seconds
        );
        if let Some(h) = hit {
            if let Some(a) = &h.address {
                outln!("Address: {a}");
            }
            if let Some(p) = &h.path {
                outln!("Path:    {p}");
            }
        }
        if let Some(v) = f.electrum {
            outln!("Electrum seed version: {v}");
        }
        if show_secret {
            outln!("Words:   {}", f.phrase.as_str());
            if let Some(p) = &f.passphrase {
                outln!("Passphrase: {}", p.expose());
            }
        } else {
            outln!("The words are not shown because standard output is not a terminal; pass --reveal to print them.");
        }
    }
    if found.is_some() {
        return Ok(());
    }
    Err(CliError {
        exit: Exit::Negative,
        message: format!(
            "not found: {} tried, all there are ({} key-stretched and checked), in {:.1} s",
            candidates(outcome.candidates),
            grouped(u128::from(outcome.checked)),
            outcome.seconds
        ),
        hint: Some(
            "check the target (chain, kind, --path, --indexes), then widen the search: ~word or ? for doubtful words, --swaps, --missing, a passphrase"
                .into(),
        ),
    })
}

fn benchmark(args: &RepairArgs) -> Result<()> {
    let threads = args.threads.unwrap_or_else(|| Options::default().threads);
    let kernel = kernel(args)?;
    let slice = Duration::from_secs_f64((args.seconds / 5.0).max(0.2));
    // Reference and kernel alternate in short slices, so both see the same machine load.
    let (scalar, per_core) = bench::compare_per_core(kernel, slice * 2);
    let all = bench::kernel_per_second(kernel, threads, slice);
    let derive_1 = bench::check_per_second(1, slice / 2);
    let derive_10 = bench::check_per_second(seedsafe_recover::target::DEFAULT_INDEXES, slice / 2);
    let options = Options { threads, kernel, ..Options::default() };
    let e2e: Vec<bench::EndToEnd> = [12, 24]
        .into_iter()
        .map(|w| bench::end_to_end(w, &options, slice))
        .collect::<std::result::Result<_, _>>()
        .map_err(search_error)?;
    if args.json {
        let doc = json!({
            "kernel": kernel.name(),
            "lanes": kernel.lanes(),
            "threads": threads,
            "pbkdf2_per_second": all.round(),
            "pbkdf2_per_second_per_core": per_core.round(),
            "scalar_per_second_per_core": scalar.round(),
            "speedup_per_core": (per_core / scalar * 100.0).round() / 100.0,
            "derivation_per_second_per_core": {"indexes_1": derive_1.round(), "indexes_10": derive_10.round()},
            "end_to_end": e2e.iter().map(|e| json!({
                "words": e.words,
                "target": "BIP-84 address, 2 unknown words, 10 indexes",
                "candidates_per_second": e.candidates_per_second.round(),
                "checked_per_second": e.checked_per_second.round(),
                "derivation_overhead": ((all / e.checked_per_second - 1.0) * 1000.0).round() / 1000.0,
            })).collect::<Vec<_>>(),
        });
        report::print_json(&doc);
        return Ok(());
    }
    outln!("PBKDF2-HMAC-SHA512, 2048 rounds (one BIP-39 seed each):");
    outln!("  RustCrypto pbkdf2, 1 thread:   {scalar:>9.0} seeds/s");
    outln!(
        "  {} kernel ({} lanes), 1 thread: {per_core:>9.0} seeds/s  ({:.2}x)",
        kernel,
        kernel.lanes(),
        per_core / scalar
    );
    outln!("  {} kernel, {threads} threads:      {all:>9.0} seeds/s", kernel);
    outln!("Checking a seed against a BIP-84 address (BIP-32 derivation with libsecp256k1), 1 thread:");
    outln!(
        "  first index only: {derive_1:>9.0} seeds/s (+{:.0}% on top of the kernel's PBKDF2)",
        per_core / derive_1 * 100.0
    );
    outln!(
        "  indexes 0-9:      {derive_10:>9.0} seeds/s (+{:.0}% on top of the kernel's PBKDF2)",
        per_core / derive_10 * 100.0
    );
    outln!("End to end, 2 unknown words, BIP-84 address target, {threads} threads:");
    for e in &e2e {
        outln!(
            "  {} words: {:>11.0} candidates/s, {:>7.0} checked/s (derivation and enumeration +{:.0}% over PBKDF2 alone)",
            e.words,
            e.candidates_per_second,
            e.checked_per_second,
            (all / e.checked_per_second - 1.0) * 100.0
        );
    }
    Ok(())
}

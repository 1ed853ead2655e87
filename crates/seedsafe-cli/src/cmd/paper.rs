//! `seedsafe paper` (backup sheets, share cards, encrypted paper) and `seedsafe seedqr`.

use std::io::{IsTerminal, Read, Write};
use std::path::Path;

use age::secrecy::SecretString;
use seedsafe_core::age_file::{self, Recipients};
use seedsafe_core::bip39::{Language, Mnemonic};
use seedsafe_core::chain::Chain;
use seedsafe_core::envelope::{Envelope, EnvelopeSecret};
use seedsafe_core::secret::Passphrase;
use seedsafe_core::slip39::Share;
use seedsafe_core::wallet::{Secret, Wallet};
use seedsafe_paper::cards::{self, ShareCards};
use seedsafe_paper::encrypted::{self, EncryptedSheet, Encryption};
use seedsafe_paper::scan::{self, Found};
use seedsafe_paper::seedqr::{self, SeedQrFormat};
use seedsafe_paper::sheet::BackupSheet;
use seedsafe_paper::PaperSize;
use serde_json::{json, Value};
use zeroize::Zeroizing;

use crate::cli::{
    PaperArg, PaperArgs, QrImageFormat, SeedQrArg, SeedqrDecodeArgs, SeedqrEncodeArgs, ShareMode,
};
use crate::error::{CliError, Result};
use crate::{age_ui, fsutil, input, report, time};

/// Largest image read: a 50-megapixel JPEG is well below.
const MAX_IMAGE_BYTES: u64 = 64 * 1024 * 1024;

fn paper_error(e: seedsafe_paper::Error) -> CliError {
    let hint = match &e {
        seedsafe_paper::Error::SeedQrNotEnglish(_)
        | seedsafe_paper::Error::SeedQrWordCount(_)
        | seedsafe_paper::Error::SeedQrNotBip39(_) => Some("leave it out with --seedqr none"),
        seedsafe_paper::Error::NoAddress(_) => Some("choose the chains with --chain"),
        seedsafe_paper::Error::Image(_) => Some("give a PNG or JPEG photo or scan"),
        _ => None,
    };
    let err = CliError::bad_input(e);
    match hint {
        Some(h) => err.with_hint(h),
        None => err,
    }
}

/// Today's date, as printed on paper.
fn today() -> String {
    time::now_rfc3339().chars().take(10).collect()
}

fn paper_size(arg: PaperArg) -> PaperSize {
    match arg {
        PaperArg::A4 => PaperSize::A4,
        PaperArg::Letter => PaperSize::Letter,
    }
}

pub fn paper(args: &PaperArgs) -> Result<()> {
    if args.out.exists() {
        return Err(CliError::bad_input(format!(
            "{} already exists; seedsafe never overwrites a file",
            args.out.display()
        ))
        .with_hint("choose another path, or move the old file away first"));
    }
    if args.cards {
        return cards(args);
    }
    let secret = input::secret(&args.input)?;
    let passphrase = input::passphrase(&args.input)?;
    let wallet = Wallet::open(&secret, &passphrase).map_err(report::derive_error)?;
    let identity = wallet.identity();
    if args.encrypted {
        return encrypted(args, &secret, &passphrase, identity);
    }
    let chains: Vec<Chain> = if args.chains.is_empty() { vec![Chain::Btc] } else { args.chains.clone() };
    let seedqr = seedqr_choice(args.seedqr, &secret);
    let sheet = BackupSheet {
        secret: &secret,
        identity: &identity,
        chains: &chains,
        passphrase_in_use: !passphrase.is_empty(),
        seedqr,
        label: args.label.as_deref(),
        date: &today(),
        paper: paper_size(args.paper),
        sample: false,
    };
    let pdf = sheet.render().map_err(paper_error)?;
    fsutil::write_new_private(&args.out, &pdf)?;
    let addresses: Vec<_> =
        chains.iter().filter_map(|c| identity.addresses.iter().find(|a| a.chain == *c)).collect();
    if args.json {
        report::print_json(&json!({
            "out": args.out.display().to_string(),
            "kind": "sheet",
            "secret": report::secret_json(&secret),
            "passphrase_in_use": !passphrase.is_empty(),
            "seedqr": seedqr.map(SeedQrFormat::name),
            "paper": paper_size(args.paper).name(),
            "fingerprint": identity.fingerprint,
            "addresses": addresses,
        }));
    } else {
        outln!("Wrote {} (mode 0600): backup sheet of a {}.", args.out.display(), report::describe(&secret));
        if let Some(f) = seedqr {
            outln!("With a {}.", f.title());
        }
        report::print_identity(&seedsafe_core::wallet::Identity {
            fingerprint: identity.fingerprint.clone(),
            addresses: addresses.into_iter().cloned().collect(),
        });
    }
    plaintext_warning(&args.out);
    Ok(())
}

/// The words of a sheet are the wallet in plain text (DESIGN.md rule 2): say so.
fn plaintext_warning(path: &Path) {
    eprintln!(
        "warning: {} holds the wallet in plain text; print it, then delete the file (and empty the printer's queue)",
        path.display()
    );
}

/// The SeedQR to print: as asked, or by default Standard where SeedQR covers the words.
fn seedqr_choice(arg: Option<SeedQrArg>, secret: &Secret) -> Option<SeedQrFormat> {
    match arg {
        Some(SeedQrArg::None) => None,
        Some(SeedQrArg::Standard) => Some(SeedQrFormat::Standard),
        Some(SeedQrArg::Compact) => Some(SeedQrFormat::Compact),
        None => match secret {
            Secret::Bip39(m) => seedqr::check(m, SeedQrFormat::Standard).ok().map(|_| SeedQrFormat::Standard),
            _ => None,
        },
    }
}

fn cards(args: &PaperArgs) -> Result<()> {
    if args.input.secret_file.is_none() && std::io::stdin().is_terminal() {
        return Err(CliError::bad_input(
            "--cards reads the shares from standard input or --secret-file, one per line",
        )
        .with_hint("seedsafe split ... | seedsafe paper --cards --out cards.pdf"));
    }
    let text = input::secret_text(&args.input, "Shares")?;
    let shares: Vec<Share> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| Share::parse(l).map_err(|e| CliError::bad_input(format!("input line {}: {e}", i + 1))))
        .collect::<Result<_>>()?;
    check_one_set(&shares)?;
    let mode = match args.mode {
        ShareMode::Bip39 => cards::ShareMode::Bip39,
        ShareMode::Wallet => cards::ShareMode::Wallet,
    };
    let pdf = ShareCards {
        shares: &shares,
        mode,
        locations: &args.locations,
        label: args.label.as_deref(),
        date: &today(),
        paper: paper_size(args.paper),
        one_per_page: args.one_per_page,
        sample: false,
    }
    .render()
    .map_err(paper_error)?;
    fsutil::write_new_private(&args.out, &pdf)?;
    let identifier = shares[0].identifier();
    if args.json {
        report::print_json(&json!({
            "out": args.out.display().to_string(),
            "kind": "cards",
            "cards": shares.len(),
            "identifier": identifier,
            "mode": if mode == cards::ShareMode::Bip39 { "bip39" } else { "wallet" },
            "paper": paper_size(args.paper).name(),
        }));
    } else {
        outln!(
            "Wrote {} (mode 0600): {} share cards of set {identifier:04x}.",
            args.out.display(),
            shares.len()
        );
    }
    plaintext_warning(&args.out);
    Ok(())
}

/// Cards are printed for one set: the same identifier, no share twice.
fn check_one_set(shares: &[Share]) -> Result<()> {
    let Some(first) = shares.first() else {
        return Err(CliError::bad_input("no shares were given"));
    };
    for (i, s) in shares.iter().enumerate() {
        if s.identifier() != first.identifier() {
            return Err(CliError::bad_input(format!(
                "share {} is from set {:04x}, the first from set {:04x}; print one set at a time",
                i + 1,
                s.identifier(),
                first.identifier()
            )));
        }
        if shares[..i]
            .iter()
            .any(|o| o.group_index() == s.group_index() && o.member_index() == s.member_index())
        {
            return Err(CliError::bad_input(format!("share {} is given twice", i + 1)));
        }
    }
    Ok(())
}

fn encrypted(
    args: &PaperArgs,
    secret: &Secret,
    passphrase: &Passphrase,
    identity: seedsafe_core::wallet::Identity,
) -> Result<()> {
    let envelope_secret = EnvelopeSecret::from_secret(secret)
        .ok_or_else(|| CliError::bad_input("a SLIP-39 master secret is backed up as its shares"))?;
    let fingerprint = identity.fingerprint.clone();
    let envelope = Envelope::new(
        envelope_secret,
        !passphrase.is_empty(),
        None,
        identity,
        args.label.clone(),
        time::now_rfc3339(),
    );
    let (recipients, encryption, check) = if args.to.is_empty() {
        let pw = input::new_password(
            args.password_file.as_deref(),
            args.generate_password,
            args.accept_weak_password,
        )?;
        let password = SecretString::from(pw.to_string());
        (
            Recipients::Password(password.clone(), age_file::STANDARD_WORK_FACTOR),
            Encryption::Password,
            Some(password),
        )
    } else {
        let mut set = age_file::RecipientSet::default();
        for r in &args.to {
            set.add(r).map_err(CliError::bad_input)?;
        }
        let keys = set.resolve(&age_ui::terminal()).map_err(age_ui::plugin_error)?;
        (Recipients::Keys(keys), Encryption::Recipients(args.to.len()), None)
    };
    let armored = encrypted::seal(&envelope, recipients).map_err(paper_error)?;
    if let Some(password) = check {
        // Read the sealed text back before it goes on paper.
        let plain = age_file::decrypt(armored.as_bytes(), &age_file::Identities::Password(password))
            .map_err(|e| {
                CliError::environment(format!("the encrypted copy does not open ({e}); nothing was written"))
            })?;
        let back = Envelope::from_json(&plain).map_err(|e| {
            CliError::environment(format!("the encrypted copy is not readable ({e}); nothing was written"))
        })?;
        if back.identity != envelope.identity {
            return Err(CliError::environment(
                "the encrypted copy restores a different wallet; nothing was written",
            ));
        }
    }
    let pdf = EncryptedSheet {
        armored: &armored,
        encryption,
        fingerprint: fingerprint.as_deref(),
        label: args.label.as_deref(),
        date: &today(),
        paper: paper_size(args.paper),
        sample: false,
    }
    .render()
    .map_err(paper_error)?;
    fsutil::write_new_private(&args.out, &pdf)?;
    let parts = seedsafe_paper::framing::split(&armored).len();
    if args.json {
        report::print_json(&json!({
            "out": args.out.display().to_string(),
            "kind": "encrypted",
            "encryption": if args.to.is_empty() { "password" } else { "recipients" },
            "recipients": args.to.len(),
            "qr_codes": parts,
            "passphrase_in_use": !passphrase.is_empty(),
            "fingerprint": fingerprint,
            "paper": paper_size(args.paper).name(),
        }));
    } else {
        outln!(
            "Wrote {} (mode 0600): encrypted paper copy in {parts} QR code(s) and text.",
            args.out.display()
        );
        if !passphrase.is_empty() {
            outln!("The BIP-39 passphrase is NOT in it: keep it somewhere else, you need both.");
        }
    }
    Ok(())
}

pub fn seedqr_encode(args: &SeedqrEncodeArgs) -> Result<()> {
    let format = match args.format {
        Some(f) => f,
        None => match args.out.as_ref().and_then(|p| p.extension()).and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("png") => QrImageFormat::Png,
            Some(e) if e.eq_ignore_ascii_case("svg") => QrImageFormat::Svg,
            _ => QrImageFormat::Text,
        },
    };
    let to_terminal = std::io::stdout().is_terminal();
    if args.out.is_none() {
        if format != QrImageFormat::Text && to_terminal {
            return Err(CliError::bad_input("a PNG or SVG image is not shown on a terminal")
                .with_hint("pass --out FILE"));
        }
        if !to_terminal && !args.reveal {
            return Err(CliError::bad_input(
                "standard output is not a terminal; refusing to send a SeedQR there",
            )
            .with_hint("pass --out FILE to write a new private file, or --reveal to print it anyway"));
        }
    }
    let secret = input::secret(&args.input)?;
    let Secret::Bip39(mnemonic) = &secret else {
        return Err(CliError::bad_input(seedsafe_paper::Error::SeedQrNotBip39(match secret {
            Secret::Electrum(_) => "an Electrum seed",
            _ => "a key",
        })));
    };
    let kind = if args.compact { SeedQrFormat::Compact } else { SeedQrFormat::Standard };
    // No hint: the person asked for exactly this SeedQR.
    let qr = seedqr::encode(mnemonic, kind).map_err(CliError::bad_input)?;
    let bytes: Zeroizing<Vec<u8>> = match format {
        QrImageFormat::Png => qr.to_png(10).map_err(paper_error)?,
        QrImageFormat::Svg => Zeroizing::new(qr.to_svg().as_bytes().to_vec()),
        QrImageFormat::Text => Zeroizing::new(qr.to_text().as_bytes().to_vec()),
    };
    let size = format!("version {}, {}×{}", qr.version(), qr.width(), qr.width());
    match &args.out {
        Some(path) => {
            fsutil::write_new_private(path, &bytes)?;
            eprintln!("Wrote {} (mode 0600): {}, {size}.", path.display(), kind.title());
        }
        None => {
            let mut out = std::io::stdout();
            if let Err(e) = out.write_all(&bytes).and_then(|()| out.flush()) {
                crate::error::stdout_failed(e);
            }
            eprintln!("{}, {size}: whoever scans it has the wallet.", kind.title());
        }
    }
    let passphrase_given = args.input.passphrase_file.is_some() || args.input.ask_passphrase;
    if passphrase_given {
        eprintln!("note: the BIP-39 passphrase is not in a SeedQR; keep it apart");
    }
    Ok(())
}

pub fn seedqr_decode(args: &SeedqrDecodeArgs) -> Result<()> {
    let file = std::fs::File::open(&args.image).map_err(|e| CliError::io("read", &args.image, &e))?;
    let mut bytes = Zeroizing::new(Vec::new());
    file.take(MAX_IMAGE_BYTES).read_to_end(&mut bytes).map_err(|e| CliError::io("read", &args.image, &e))?;
    let found = scan::read_image(&bytes).map_err(paper_error)?;
    if found.is_empty() {
        return Err(CliError::bad_input(format!("no QR code was found in {}", args.image.display()))
            .with_hint(
                "photograph the code flat, in even light, filling much of the picture; or scan it at 300 dpi",
            ));
    }
    let docs: Vec<Value> = found.iter().map(|f| found_json(f, args.reveal)).collect::<Result<_>>()?;
    if args.json {
        report::print_json(&json!({"image": args.image.display().to_string(), "codes": docs}));
        return Ok(());
    }
    for f in &found {
        print_found(f, args.reveal)?;
    }
    Ok(())
}

fn identity_of(mnemonic: &Mnemonic) -> Result<seedsafe_core::wallet::Identity> {
    let secret = Secret::Bip39(mnemonic.clone());
    Ok(Wallet::open(&secret, &Passphrase::empty()).map_err(report::derive_error)?.identity())
}

fn found_json(found: &Found, reveal: bool) -> Result<Value> {
    Ok(match found {
        Found::SeedQr { format, mnemonic } => {
            let identity = identity_of(mnemonic)?;
            let mut doc = json!({
                "kind": "seedqr", "format": format.name(), "words": mnemonic.word_count(),
                "language": Language::English.name(),
                "fingerprint": identity.fingerprint, "addresses": identity.addresses,
            });
            if reveal {
                doc["mnemonic"] = json!(&*mnemonic.phrase());
            }
            doc
        }
        Found::AgeFile { armored, parts } => {
            let mut doc = json!({"kind": "age", "qr_codes": parts});
            if reveal {
                doc["armored"] = json!(String::from_utf8_lossy(armored));
            }
            doc
        }
        Found::Other(bytes) => {
            let mut doc = json!({"kind": "other", "bytes": bytes.len()});
            if reveal {
                doc["text"] = json!(String::from_utf8_lossy(bytes));
            }
            doc
        }
    })
}

fn print_found(found: &Found, reveal: bool) -> Result<()> {
    match found {
        Found::SeedQr { format, mnemonic } => {
            outln!("{}: BIP-39 mnemonic, {} words, english", format.title(), mnemonic.word_count());
            if reveal {
                outln!("Words: {}", &*mnemonic.phrase());
            }
            outln!("Without a passphrase it opens:");
            report::print_identity(&identity_of(mnemonic)?);
        }
        Found::AgeFile { armored, parts } => {
            outln!("Encrypted backup (age, ASCII armour, {parts} QR code(s) joined): restore it with seedsafe restore");
            if reveal {
                outln!("{}", String::from_utf8_lossy(armored).trim_end());
            }
        }
        Found::Other(bytes) => {
            if reveal {
                outln!("Other QR code: {}", String::from_utf8_lossy(bytes));
            } else {
                outln!("Other QR code: {} bytes (shown with --reveal)", bytes.len());
            }
        }
    }
    Ok(())
}

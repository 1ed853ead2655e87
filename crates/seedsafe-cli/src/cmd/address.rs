//! `seedsafe address check` and `seedsafe address qr`: what an address is, and its QR code.

use std::io::{BufRead, BufWriter, IsTerminal, Write};
use std::path::Path;

use seedsafe_core::qr::{qr_text, QrCode};
use seedsafe_core::uri::{self, Amount, BitcoinUri, EthereumUri, PaymentUri};
use seedsafe_core::validate::{self, Classification, Coin, Identified};
use seedsafe_core::wallet::Secret;
use serde_json::{json, Value};

use crate::cli::{AddressCheckArgs, AddressCommand, AddressQrArgs, QrFormat};
use crate::error::{CliError, Exit, Result};
use crate::fsutil;

pub fn run(command: &AddressCommand) -> Result<()> {
    match command {
        AddressCommand::Check(args) => check(args),
        AddressCommand::Qr(args) => qr(args),
    }
}

/// The answer for one line of input.
struct Checked {
    input: String,
    /// The address checked, when the input was a URI.
    address: Option<String>,
    result: std::result::Result<Identified, Problem>,
}

/// Why an input is invalid, with character positions (from 1) in the input where known.
struct Problem {
    message: String,
    positions: Vec<usize>,
}

/// Shown instead of an input that is a secret.
const REDACTED: &str = "[redacted secret]";

/// A secret, or something shaped like one even with a typo: words, a WIF or hex private
/// key, an extended private key. Addresses never have spaces, 51-52 Base58 characters or 64
/// hex digits.
fn looks_secret(input: &str) -> bool {
    let base58 = |s: &str| s.bytes().all(|b| b.is_ascii_alphanumeric() && !b"0OIl".contains(&b));
    let hex = input.strip_prefix("0x").unwrap_or(input);
    Secret::parse(input, None, None).is_ok()
        || input.split_whitespace().count() >= 12
        || ["xprv", "yprv", "zprv", "tprv", "uprv", "vprv", "Yprv", "Zprv", "Uprv", "Vprv"]
            .iter()
            .any(|p| input.starts_with(p))
        || ((51..=52).contains(&input.len()) && base58(input))
        || (hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The coin a URI scheme pays in.
fn scheme_coin(uri: &PaymentUri) -> Coin {
    match uri {
        PaymentUri::Bitcoin(_) => Coin::Btc,
        PaymentUri::Ethereum(_) => Coin::Eth,
    }
}

fn problem(e: &validate::Error, offset: usize) -> Problem {
    Problem { message: e.to_string(), positions: e.positions().iter().map(|p| p + offset).collect() }
}

/// Checks one address or URI.
fn check_one(input: &str) -> Checked {
    if !PaymentUri::looks_like(input) {
        let result = validate::identify(input).map_err(|e| problem(&e, 0));
        if result.is_err() && looks_secret(input) {
            // Never echo a secret (DESIGN.md rule 1), even one pasted by mistake.
            let message = "this is a secret (a private key, extended private key or mnemonic), not an address; it is not shown here: keep it away from anything that asks for an address".to_string();
            let result = Err(Problem { message, positions: vec![] });
            return Checked { input: REDACTED.to_string(), address: None, result };
        }
        return Checked { input: input.to_string(), address: None, result };
    }
    let uri = match input.parse::<PaymentUri>() {
        Ok(u) => u,
        Err(e) => {
            let message = format!("not a valid payment URI: {e}");
            return Checked {
                input: input.to_string(),
                address: None,
                result: Err(Problem { message, positions: vec![] }),
            };
        }
    };
    let addresses = uri.addresses();
    let Some(first) = addresses.first() else {
        let message = "the URI holds no on-chain address (only other payment instructions), so there is nothing to check".to_string();
        return Checked {
            input: input.to_string(),
            address: None,
            result: Err(Problem { message, positions: vec![] }),
        };
    };
    let mut result = Err(Problem { message: String::new(), positions: vec![] });
    for (i, address) in addresses.iter().enumerate() {
        let offset = input.find(address).unwrap_or(0);
        let checked = in_scheme(validate::identify(address), scheme_coin(&uri), address, offset);
        match checked {
            Ok(found) if i == 0 => result = Ok(found),
            Ok(_) => {}
            Err(p) => {
                result = Err(p);
                break;
            }
        }
    }
    Checked { input: input.to_string(), address: Some(first.to_string()), result }
}

/// Keeps the readings of the URI's chain; an address of another chain is a problem.
fn in_scheme(
    found: std::result::Result<Identified, validate::Error>,
    coin: Coin,
    address: &str,
    offset: usize,
) -> std::result::Result<Identified, Problem> {
    let found = found.map_err(|e| {
        let mut p = problem(&e, offset);
        p.message = format!("address {address}: {}", p.message);
        p
    })?;
    found.only(coin).ok_or_else(|| Problem {
        message: format!(
            "address {address} is not a {} address (it reads as {}); the URI scheme and the address disagree",
            coin_name(coin),
            describe(found.primary())
        ),
        positions: vec![],
    })
}

fn coin_name(coin: Coin) -> &'static str {
    match coin {
        Coin::Btc => "Bitcoin",
        Coin::Ltc => "Litecoin",
        Coin::Doge => "Dogecoin",
        Coin::Bch => "Bitcoin Cash",
        Coin::Eth => "Ethereum",
        Coin::Trx => "Tron",
        Coin::Sol => "Solana",
        Coin::Xrp => "XRP",
    }
}

fn networks(c: &Classification) -> String {
    c.networks.iter().map(|n| n.name()).collect::<Vec<_>>().join("/")
}

/// "btc mainnet p2wpkh (bech32)".
fn describe(c: &Classification) -> String {
    format!("{} {} {} ({})", c.coin.name(), networks(c), c.kind, c.encoding.name())
}

fn reading_json(c: &Classification) -> Value {
    json!({
        "chain": c.coin.name(),
        "network": c.network().name(),
        "networks": c.networks.iter().map(|n| n.name()).collect::<Vec<_>>(),
        "kind": c.kind.to_string(),
        "encoding": c.encoding.name(),
        "checksum": c.checksum.name(),
        "note": c.note,
    })
}

fn to_json(c: &Checked) -> Value {
    let mut doc = match &c.result {
        Ok(found) => {
            let mut doc = reading_json(found.primary());
            doc["valid"] = json!(true);
            doc["ambiguous"] = json!(found.is_ambiguous());
            if found.is_ambiguous() {
                doc["candidates"] = found.candidates().iter().map(reading_json).collect();
            }
            doc
        }
        Err(p) => json!({
            "valid": false, "chain": null, "network": null, "kind": null,
            "error": p.message, "error_positions": p.positions,
        }),
    };
    doc["input"] = json!(c.input);
    if let Some(address) = &c.address {
        doc["address"] = json!(address);
    }
    doc
}

/// Writes the report for people: the input, then what it is, or a caret under each likely
/// wrong character and why it is invalid.
fn write_human(out: &mut impl Write, c: &Checked) -> std::io::Result<()> {
    writeln!(out, "{}", c.input)?;
    match &c.result {
        Ok(found) if !found.is_ambiguous() => {
            let r = found.primary();
            writeln!(out, "  valid: {}", describe(r))?;
            if let Some(note) = r.note {
                writeln!(out, "  note: {note}")?;
            }
        }
        Ok(found) => {
            writeln!(out, "  valid on more than one chain; it reads as:")?;
            for r in found.candidates() {
                match r.note {
                    Some(note) => writeln!(out, "    {}: {note}", describe(r))?,
                    None => writeln!(out, "    {}", describe(r))?,
                }
            }
        }
        Err(p) => {
            if let Some(&last) = p.positions.iter().max() {
                let marks: String =
                    (1..=last).map(|i| if p.positions.contains(&i) { '^' } else { ' ' }).collect();
                writeln!(out, "{marks}")?;
            }
            writeln!(out, "  invalid: {}", p.message)?;
        }
    }
    Ok(())
}

/// The lines of --file: addresses are public, so no size limit applies.
fn read_lines(path: &Path) -> Result<Vec<String>> {
    let reader: Box<dyn BufRead> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        let file = std::fs::File::open(path).map_err(|e| CliError::io("read", path, &e))?;
        Box::new(std::io::BufReader::new(file))
    };
    let mut lines = Vec::new();
    for line in reader.lines() {
        let line = line.map_err(|e| CliError::io("read", path, &e))?;
        let line = line.trim();
        if !line.is_empty() && !line.starts_with('#') {
            lines.push(line.to_string());
        }
    }
    Ok(lines)
}

fn check(args: &AddressCheckArgs) -> Result<()> {
    let mut inputs: Vec<String> = args.addresses.iter().map(|a| a.trim().to_string()).collect();
    if let Some(path) = &args.file {
        inputs.extend(read_lines(path)?);
    }
    if inputs.is_empty() {
        return Err(CliError::bad_input("no address to check")
            .with_hint("give addresses as arguments, or --file FILE with one per line"));
    }
    // Written as they are checked, through one buffer: a list may hold a million addresses.
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut invalid = 0usize;
    let written = (|| -> std::io::Result<()> {
        if args.json {
            writeln!(out, "[")?;
        }
        for (i, input) in inputs.iter().enumerate() {
            let checked = check_one(input);
            invalid += usize::from(checked.result.is_err());
            if args.json {
                let text = serde_json::to_string_pretty(&to_json(&checked)).unwrap_or_default();
                let sep = if i + 1 < inputs.len() { "," } else { "" };
                writeln!(out, "  {}{sep}", text.replace('\n', "\n  "))?;
            } else {
                write_human(&mut out, &checked)?;
            }
        }
        if args.json {
            writeln!(out, "]")?;
        }
        out.flush()
    })();
    if let Err(e) = written {
        crate::error::stdout_failed(e);
    }
    if invalid > 0 {
        return Err(CliError {
            exit: Exit::Negative,
            message: format!("{invalid} of {} address(es) invalid", inputs.len()),
            hint: None,
        });
    }
    Ok(())
}

/// The text to encode: the URI given, or one built from the address and the flags.
fn qr_target(args: &AddressQrArgs) -> Result<(String, Identified)> {
    let target = args.target.trim();
    let building = args.amount.is_some() || args.label.is_some() || args.message.is_some();
    let checked = check_one(target);
    let found = checked.result.map_err(|p| {
        let mut err =
            CliError::bad_input(format!("refusing to make a QR code of an invalid address: {}", p.message));
        if !p.positions.is_empty() {
            err = err.with_hint(
                "compare it with the source; `seedsafe address check` marks the likely wrong character",
            );
        }
        err
    })?;
    if checked.address.is_some() {
        if building {
            return Err(CliError::bad_input(
                "--amount, --label and --message build a URI from an address; this is already a URI",
            ));
        }
        return Ok((target.to_string(), found));
    }
    if !building {
        return Ok((target.to_string(), found));
    }
    let text = match found.primary().coin {
        Coin::Btc => {
            let mut uri = BitcoinUri::new(target);
            if let Some(amount) = &args.amount {
                let amount: Amount = amount.parse().map_err(CliError::bad_input)?;
                uri.set_amount(amount);
            }
            if let Some(label) = &args.label {
                uri.set("label", label.as_str());
            }
            if let Some(message) = &args.message {
                uri.set("message", message.as_str());
            }
            uri.to_string()
        }
        Coin::Eth => {
            if args.label.is_some() || args.message.is_some() {
                return Err(CliError::bad_input(
                    "EIP-681 ethereum: URIs have no label or message; use --amount only",
                ));
            }
            let mut uri = EthereumUri::new(target);
            if let Some(amount) = &args.amount {
                let wei = uri::parse_decimal(amount, 18).ok_or_else(|| {
                    CliError::bad_input(format!(
                        "amount {amount:?} is not a decimal number of ETH with at most 18 decimals"
                    ))
                })?;
                uri.set_value(wei);
            }
            uri.to_string()
        }
        other => {
            return Err(CliError::bad_input(format!(
                "payment URIs are built for Bitcoin and Ethereum addresses; this is a {} address",
                coin_name(other)
            ))
            .with_hint("leave out --amount, --label and --message to show the bare address"))
        }
    };
    Ok((text, found))
}

/// The format an output file's extension names; text otherwise.
fn format_of(out: Option<&Path>) -> QrFormat {
    match out.and_then(|p| p.extension()).and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("png") => QrFormat::Png,
        Some("svg") => QrFormat::Svg,
        _ => QrFormat::Text,
    }
}

fn qr(args: &AddressQrArgs) -> Result<()> {
    let (text, found) = qr_target(args)?;
    if found.is_ambiguous() {
        let also: Vec<String> = found.candidates()[1..].iter().map(describe).collect();
        eprintln!("note: this address is also valid as {}", also.join("; "));
    }
    let payload = qr_text(&text);
    let code = QrCode::encode(&payload).map_err(CliError::bad_input)?;
    let format = args.format.unwrap_or_else(|| format_of(args.out.as_deref()));
    let bytes = match format {
        QrFormat::Text => format!("{}{payload}\n", code.to_terminal()).into_bytes(),
        QrFormat::Svg => code.to_svg().into_bytes(),
        QrFormat::Png => code.to_png(8).map_err(CliError::environment)?,
    };
    if let Some(path) = &args.out {
        fsutil::write_new_private(path, &bytes)?;
        outln!("Wrote {}: a QR code ({} modules a side) of {payload}", path.display(), code.width());
        return Ok(());
    }
    if format != QrFormat::Text && std::io::stdout().is_terminal() {
        return Err(CliError::bad_input("refusing to write an image to the terminal")
            .with_hint("pass --out FILE, redirect standard output to a file, or use --format text"));
    }
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(&bytes).and_then(|()| out.flush()) {
        crate::error::stdout_failed(e);
    }
    Ok(())
}

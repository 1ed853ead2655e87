//! Identify and validate an address of any chain seedsafe knows, offline.
//!
//! [`identify`] says what a string is: every chain, network and kind it is valid for (a
//! legacy `3…` string is a Bitcoin P2SH address *and* Litecoin's deprecated P2SH form, and
//! both are reported), or exactly why it is no address ([`Error`]), with the character
//! positions most likely wrong where the checksum allows locating them.
//!
//! One file per family of formats: [`bitcoin`] (Base58Check and SegWit for BTC, LTC, DOGE and
//! Bitcoin Cash's legacy form), [`cashaddr`], [`ethereum`], [`tron`], [`solana`] and [`xrp`];
//! the encodings they share are in [`base58`] and [`bech32`].
//!
//! ```
//! use seedsafe_core::validate::{identify, Coin, Error, Kind, Network};
//!
//! let found = identify("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4").unwrap();
//! let first = found.primary();
//! assert_eq!((first.coin, first.network(), first.kind), (Coin::Btc, Network::Mainnet, Kind::P2wpkh));
//!
//! // One character changed: the checksum locates it (position 42, counted from 1).
//! let err = identify("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5").unwrap_err();
//! assert_eq!(err.positions(), &[42]);
//! ```

pub mod base58;
pub mod bech32;
pub mod bitcoin;
pub mod cashaddr;
pub mod ethereum;
pub mod solana;
pub mod tron;
pub mod xrp;

use std::fmt;

/// A chain whose addresses seedsafe recognises: those it derives
/// ([`crate::chain::Chain`]) and Bitcoin Cash and XRP, which it only validates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Coin {
    /// Bitcoin.
    Btc,
    /// Litecoin.
    Ltc,
    /// Dogecoin.
    Doge,
    /// Bitcoin Cash.
    Bch,
    /// Ethereum and the EVM chains, which share its addresses.
    Eth,
    /// Tron.
    Trx,
    /// Solana.
    Sol,
    /// XRP Ledger.
    Xrp,
}

impl Coin {
    /// Ticker-style name, as on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Coin::Btc => "btc",
            Coin::Ltc => "ltc",
            Coin::Doge => "doge",
            Coin::Bch => "bch",
            Coin::Eth => "eth",
            Coin::Trx => "trx",
            Coin::Sol => "sol",
            Coin::Xrp => "xrp",
        }
    }

    /// The same chain as seedsafe derives it, when it does.
    pub fn chain(self) -> Option<crate::chain::Chain> {
        use crate::chain::Chain;
        match self {
            Coin::Btc => Some(Chain::Btc),
            Coin::Ltc => Some(Chain::Ltc),
            Coin::Doge => Some(Chain::Doge),
            Coin::Eth => Some(Chain::Eth),
            Coin::Trx => Some(Chain::Trx),
            Coin::Sol => Some(Chain::Sol),
            Coin::Bch | Coin::Xrp => None,
        }
    }
}

/// A network an address can belong to. Several networks often share one encoding (Bitcoin's
/// testnets and signet all use `tb1…`, `m…`, `n…` and `2…`), so a
/// [`Classification`] lists every network it fits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Network {
    /// The real one.
    Mainnet,
    /// The public test networks (Bitcoin's testnet3 and testnet4 share their prefixes).
    Testnet,
    /// Bitcoin's signet (BIP-325): the testnet prefixes.
    Signet,
    /// A local regression-test network.
    Regtest,
}

impl Network {
    /// Lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            Network::Mainnet => "mainnet",
            Network::Testnet => "testnet",
            Network::Signet => "signet",
            Network::Regtest => "regtest",
        }
    }
}

/// What an address pays to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// Pay to public key hash (legacy, Base58Check or cashaddr).
    P2pkh,
    /// Pay to script hash; a P2SH-P2WPKH address is one of these, the script is not visible.
    P2sh,
    /// SegWit v0 key hash (20-byte program).
    P2wpkh,
    /// SegWit v0 script hash (32-byte program).
    P2wsh,
    /// Taproot: SegWit v1 with a 32-byte program (BIP-341).
    P2tr,
    /// A SegWit output of a version (or v1 length) with no meaning yet: valid, spendable by
    /// anyone until a soft fork gives it one.
    Witness {
        /// Witness version, 1 to 16.
        version: u8,
    },
    /// An account address (Ethereum, Tron, XRP): 20 bytes of a key hash.
    Account,
    /// A Solana address that is an ed25519 public key.
    Ed25519,
    /// A Solana address that is no ed25519 point: a program-derived address (PDA), which no
    /// private key controls; valid as a destination only for programs.
    OffCurve,
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Kind::P2pkh => f.write_str("p2pkh"),
            Kind::P2sh => f.write_str("p2sh"),
            Kind::P2wpkh => f.write_str("p2wpkh"),
            Kind::P2wsh => f.write_str("p2wsh"),
            Kind::P2tr => f.write_str("p2tr"),
            Kind::Witness { version } => write!(f, "witness-v{version}"),
            Kind::Account => f.write_str("account"),
            Kind::Ed25519 => f.write_str("ed25519"),
            Kind::OffCurve => f.write_str("pda"),
        }
    }
}

/// How an address is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Encoding {
    /// Base58 with a version byte and a 4-byte double-SHA-256 checksum (Bitcoin alphabet).
    Base58Check,
    /// BIP-173 bech32 (SegWit v0).
    Bech32,
    /// BIP-350 bech32m (SegWit v1 and later).
    Bech32m,
    /// Bitcoin Cash's cashaddr.
    CashAddr,
    /// `0x` and 40 hex digits, with the EIP-55 mixed-case checksum when mixed case.
    Hex,
    /// Plain Base58, no checksum (Solana).
    Base58,
    /// Base58Check in Ripple's alphabet (XRP).
    RippleBase58,
}

impl Encoding {
    /// Lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Base58Check => "base58check",
            Encoding::Bech32 => "bech32",
            Encoding::Bech32m => "bech32m",
            Encoding::CashAddr => "cashaddr",
            Encoding::Hex => "hex",
            Encoding::Base58 => "base58",
            Encoding::RippleBase58 => "ripple-base58",
        }
    }
}

/// What protects an address against typos.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Checksum {
    /// The checksum was checked and holds.
    Verified,
    /// The format can carry a checksum but this address does not: an all-lower or all-upper
    /// case Ethereum address (EIP-55 lives in the letter case). A typo would go unnoticed.
    Absent,
    /// The format has no checksum at all (Solana): any 32 bytes are an address.
    NotInFormat,
}

impl Checksum {
    /// Lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            Checksum::Verified => "verified",
            Checksum::Absent => "absent",
            Checksum::NotInFormat => "none",
        }
    }
}

/// One reading of an address: which chain, networks and kind it is valid for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Classification {
    /// The chain.
    pub coin: Coin,
    /// Every network this encoding is valid on; the first is the one wallets mean most often.
    pub networks: &'static [Network],
    /// What it pays to.
    pub kind: Kind,
    /// How it is written.
    pub encoding: Encoding,
    /// Whether a checksum protects it.
    pub checksum: Checksum,
    /// Something a person should know about this reading (a deprecated or shared form).
    pub note: Option<&'static str>,
    /// The bytes the address carries: a key or script hash, a witness program, an account
    /// id or a public key.
    pub payload: Vec<u8>,
}

impl Classification {
    /// The main network of [`Classification::networks`].
    pub fn network(&self) -> Network {
        self.networks.first().copied().unwrap_or(Network::Mainnet)
    }

    /// The output script it pays to, for Bitcoin-like chains.
    pub fn script_pubkey(&self) -> Option<Vec<u8>> {
        if !matches!(self.coin, Coin::Btc | Coin::Ltc | Coin::Doge | Coin::Bch) {
            return None;
        }
        let p = &self.payload;
        let len = u8::try_from(p.len()).ok()?;
        let mut script = match self.kind {
            Kind::P2pkh => vec![0x76, 0xa9, len],
            Kind::P2sh => vec![0xa9, len],
            Kind::P2wpkh | Kind::P2wsh => vec![0x00, len],
            Kind::P2tr => vec![0x51, len],
            Kind::Witness { version } => vec![0x50 + version, len],
            _ => return None,
        };
        script.extend_from_slice(p);
        match self.kind {
            Kind::P2pkh => script.extend_from_slice(&[0x88, 0xac]),
            Kind::P2sh => script.push(0x87),
            _ => {}
        }
        Some(script)
    }
}

/// Every valid reading of one address, most likely first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identified {
    candidates: Vec<Classification>,
}

impl Identified {
    /// All readings; never empty.
    pub fn candidates(&self) -> &[Classification] {
        &self.candidates
    }

    /// The reading wallets mean most often.
    pub fn primary(&self) -> &Classification {
        &self.candidates[0]
    }

    /// The readings on one chain, if it has any.
    pub fn only(&self, coin: Coin) -> Option<Identified> {
        let candidates: Vec<Classification> =
            self.candidates.iter().filter(|c| c.coin == coin).cloned().collect();
        (!candidates.is_empty()).then_some(Identified { candidates })
    }

    /// True when the same string is valid on more than one chain (or as more than one kind).
    pub fn is_ambiguous(&self) -> bool {
        self.candidates.len() > 1
    }
}

/// Why a string is not a valid address. Positions count characters from 1.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// Nothing was given.
    #[error("empty input")]
    Empty,
    /// A character that the format cannot contain.
    #[error("character {position} ({character:?}) is not allowed{}", in_encoding(*encoding))]
    InvalidCharacter {
        /// Where, from 1.
        position: usize,
        /// The character.
        character: char,
        /// The format it was read as, when known.
        encoding: Option<Encoding>,
    },
    /// The string breaks a structural rule of its format.
    #[error("malformed {}: {reason}", encoding.name())]
    Malformed {
        /// The format.
        encoding: Encoding,
        /// The rule broken.
        reason: &'static str,
    },
    /// Upper and lower case mixed where the format allows only one.
    #[error("{} addresses are all lower case or all upper case, never mixed", encoding.name())]
    MixedCase {
        /// The format.
        encoding: Encoding,
    },
    /// The checksum does not match: a character is wrong, missing, extra or swapped.
    #[error("bad {} checksum: {}", checksum_name(*encoding), describe_positions(positions))]
    BadChecksum {
        /// The format.
        encoding: Encoding,
        /// Characters (from 1) where one substitution would make the checksum hold; with a
        /// single mistyped character, this is where it is. Empty when no single change fixes
        /// it (two or more errors, or a transposition) or when not searched.
        positions: Vec<usize>,
    },
    /// BIP-350: witness version 0 takes bech32, versions 1 to 16 take bech32m.
    #[error(
        "witness version {version} must use {} (BIP-350) but this address uses {}: it was made by software that predates BIP-350, or altered",
        expected.name(), found.name()
    )]
    ChecksumVariant {
        /// The witness version.
        version: u8,
        /// The checksum it needs.
        expected: Encoding,
        /// The checksum it has.
        found: Encoding,
    },
    /// The string or its decoded data has the wrong length.
    #[error("wrong length for {}: {found} {unit}; {expected}", encoding.name())]
    BadLength {
        /// The format.
        encoding: Encoding,
        /// The length found.
        found: usize,
        /// "characters" or "bytes".
        unit: &'static str,
        /// What is expected.
        expected: &'static str,
    },
    /// A SegWit witness version above 16.
    #[error("witness version {0} does not exist (0 to 16)")]
    WitnessVersion(u8),
    /// A SegWit program of a length its version forbids.
    #[error("a witness v{version} program cannot be {length} bytes ({})", if *version == 0 { "v0 programs are 20 or 32 bytes" } else { "programs are 2 to 40 bytes" })]
    WitnessProgramLength {
        /// The witness version.
        version: u8,
        /// Program length in bytes.
        length: usize,
    },
    /// Leftover bits after the 5-to-8-bit conversion are too many or not zero.
    #[error("invalid {} padding: the last character carries bits that must be zero", encoding.name())]
    Padding {
        /// The format.
        encoding: Encoding,
    },
    /// A bech32 string whose checksum holds but whose prefix is no known network.
    #[error("unknown prefix {0:?}: not a network seedsafe knows (bc, tb, bcrt, ltc, tltc, rltc)")]
    UnknownHrp(String),
    /// A `prefix:` that is no cashaddr network.
    #[error("unknown prefix {0:?}: cashaddr prefixes are bitcoincash, bchtest and bchreg")]
    UnknownPrefix(String),
    /// Base58Check with a checksum that holds but a version byte no chain uses.
    #[error("Base58Check version byte 0x{0:02x} belongs to no address type seedsafe knows (a private key or extended key is not an address)")]
    UnknownVersion(u8),
    /// Nothing about the string matches an address format.
    #[error("not an address of any chain seedsafe knows (btc, ltc, doge, bch, eth, trx, sol, xrp)")]
    Unrecognised,
}

fn in_encoding(encoding: Option<Encoding>) -> String {
    encoding.map(|e| format!(" in {}", e.name())).unwrap_or_default()
}

fn checksum_name(encoding: Encoding) -> &'static str {
    match encoding {
        Encoding::Hex => "EIP-55",
        other => other.name(),
    }
}

fn describe_positions(positions: &[usize]) -> String {
    match positions {
        [] => "a character is wrong, missing, extra or two are swapped".to_string(),
        [p] => format!("the character at position {p} is likely wrong"),
        _ => {
            let list: Vec<String> = positions.iter().map(usize::to_string).collect();
            format!("one of the characters at positions {} is likely wrong", list.join(", "))
        }
    }
}

impl Error {
    /// Character positions (from 1) the error points at: the invalid character, or where a
    /// single substitution would fix the checksum.
    pub fn positions(&self) -> &[usize] {
        match self {
            Error::InvalidCharacter { position, .. } => std::slice::from_ref(position),
            Error::BadChecksum { positions, .. } => positions,
            _ => &[],
        }
    }
}

/// How much work [`identify_with`] does on a bad address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// Search for the characters likely wrong when a checksum fails (a few thousand checksum
    /// computations per bad address; turn off to check bulk lists fast).
    pub locate_errors: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { locate_errors: true }
    }
}

/// What one family of formats makes of a string.
pub(crate) enum Verdict {
    /// Not this family's shape at all.
    Skip,
    /// Valid readings.
    Valid(Vec<Classification>),
    /// This family's shape, but broken.
    Invalid(Error),
}

/// Identifies an address, locating likely typos.
pub fn identify(input: &str) -> Result<Identified, Error> {
    identify_with(input, Options::default())
}

/// Identifies an address with the given options.
///
/// Every family of formats looks at the string; all valid readings are returned, most common
/// chain first. When none is valid, the error comes from the family whose shape the string
/// has most specifically (a `0x` prefix before a SegWit prefix before Base58), unless
/// another family located the typo.
pub fn identify_with(input: &str, options: Options) -> Result<Identified, Error> {
    if input.is_empty() {
        return Err(Error::Empty);
    }
    if let Some((i, c)) = input.chars().enumerate().find(|(_, c)| !c.is_ascii_graphic()) {
        return Err(Error::InvalidCharacter { position: i + 1, character: c, encoding: None });
    }
    // Typos are located only when no family reads the string: an XRP address is also a
    // Base58Check string whose checksum fails, and searching it would waste a millisecond.
    let (mut found, errors) = families(input, Options { locate_errors: false });
    if found.is_empty() {
        let mut errors = if options.locate_errors { families(input, options).1 } else { errors };
        // A located typo explains best; otherwise the most specific family's error.
        let located = errors
            .iter()
            .position(|e| matches!(e, Error::BadChecksum { positions, .. } if !positions.is_empty()));
        let chosen = located.unwrap_or(0);
        return Err(if errors.is_empty() { unrecognised(input) } else { errors.swap_remove(chosen) });
    }
    found.sort_by_key(|c| c.coin);
    Ok(Identified { candidates: found })
}

/// Every family's readings of the string, and the errors of those whose shape it has, in
/// order of how specific a family's shape is (the first that claims a broken string
/// explains it).
fn families(input: &str, options: Options) -> (Vec<Classification>, Vec<Error>) {
    let verdicts = [
        ethereum::check(input),
        cashaddr::check(input, options),
        bitcoin::check_segwit(input, options),
        xrp::check(input, options),
        bitcoin::check_base58(input, options),
        solana::check(input),
    ];
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for verdict in verdicts {
        match verdict {
            Verdict::Valid(mut c) => found.append(&mut c),
            Verdict::Invalid(e) => errors.push(e),
            Verdict::Skip => {}
        }
    }
    (found, errors)
}

/// The first character no address format uses, or [`Error::Unrecognised`].
fn unrecognised(input: &str) -> Error {
    match input.chars().enumerate().find(|(_, c)| !c.is_ascii_alphanumeric()) {
        Some((i, c)) => Error::InvalidCharacter { position: i + 1, character: c, encoding: None },
        None => Error::Unrecognised,
    }
}

/// The 1-based positions where replacing the character by another of `alphabet` makes
/// `valid` hold: the standard way to locate a single error with a checksum that detects all
/// single errors (BIP-173 allows it for bech32; for Base58Check a false hit has probability
/// 2^-32 per try).
pub(crate) fn locate_substitutions(
    input: &str,
    positions: std::ops::Range<usize>,
    alphabet: &[u8],
    valid: impl Fn(&str) -> bool,
) -> Vec<usize> {
    let mut bytes = input.as_bytes().to_vec();
    let mut hits = Vec::new();
    for i in positions {
        let original = bytes[i];
        for &c in alphabet {
            if c == original {
                continue;
            }
            bytes[i] = c;
            if std::str::from_utf8(&bytes).is_ok_and(&valid) {
                hits.push(i + 1);
                break;
            }
        }
        bytes[i] = original;
    }
    hits
}

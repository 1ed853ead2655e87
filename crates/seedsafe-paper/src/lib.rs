//! Paper copies of a wallet: PDF backup sheets, SLIP-39 share cards and encrypted paper,
//! SeedQR codes, and reading QR codes back from a photo or scan.
//!
//! Everything here is bytes in, bytes out: the PDFs and images come back as byte vectors
//! (wiped on drop, since they hold secrets) for the caller to write to a private file. The
//! fonts are embedded ([`fonts`]), so every BIP-39 wordlist prints, Japanese, Korean and
//! Chinese included.
//!
//! ```
//! use seedsafe_core::bip39::Mnemonic;
//! use seedsafe_paper::seedqr::{self, SeedQrFormat};
//!
//! let words = "vacuum bridge buddy supreme exclude milk consider tail expand wasp pattern nuclear";
//! let mnemonic = Mnemonic::parse(words, None).unwrap();
//! // SeedSigner's own example: each word's index in the English list, as four digits.
//! let digits = seedqr::standard_digits(&mnemonic).unwrap();
//! assert_eq!(&*digits, "192402220235174306311124037817700641198012901210");
//! let qr = seedqr::encode(&mnemonic, SeedQrFormat::Standard).unwrap();
//! assert_eq!(qr.version(), 2); // 25x25, as the specification says for 12 words
//! assert_eq!(&*seedqr::decode_standard(&digits).unwrap().phrase(), words);
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

use std::fmt;
use std::str::FromStr;

use seedsafe_core::bip39::Language;
use seedsafe_core::chain::Chain;

pub mod cards;
mod draw;
pub mod encrypted;
pub mod fonts;
pub mod framing;
pub mod qr;
pub mod scan;
pub mod seedqr;
pub mod sheet;
mod words;

/// A paper size.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum PaperSize {
    /// ISO A4, 210 x 297 mm.
    #[default]
    A4,
    /// US Letter, 8.5 x 11 in.
    Letter,
}

impl PaperSize {
    /// Width and height in PDF points (1/72 in).
    pub fn points(self) -> (f32, f32) {
        match self {
            PaperSize::A4 => (595.28, 841.89),
            PaperSize::Letter => (612.0, 792.0),
        }
    }

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            PaperSize::A4 => "a4",
            PaperSize::Letter => "letter",
        }
    }
}

impl fmt::Display for PaperSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for PaperSize {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "a4" => Ok(PaperSize::A4),
            "letter" | "us-letter" => Ok(PaperSize::Letter),
            _ => Err(Error::UnknownPaper(s.chars().take(20).collect())),
        }
    }
}

/// Why a paper copy could not be made or read. Messages never quote secret content.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// SeedQR is specified for 12 and 24 words.
    #[error("SeedQR is specified for 12- and 24-word mnemonics; this one has {0} words")]
    SeedQrWordCount(usize),
    /// SeedQR numbers words in the English list.
    #[error("SeedQR numbers the words of the English BIP-39 list; scanned back, a {0} mnemonic would come out as English words, which open a different wallet")]
    SeedQrNotEnglish(Language),
    /// Only BIP-39 mnemonics have a SeedQR.
    #[error("SeedQR holds BIP-39 mnemonics only, not {0}")]
    SeedQrNotBip39(&'static str),
    /// A payload that is not a Standard SeedQR digit stream.
    #[error("not a Standard SeedQR: {0}")]
    BadStandardSeedQr(&'static str),
    /// A payload that is not a CompactSeedQR.
    #[error("{0} bytes is no CompactSeedQR size (16 or 32 bytes, or 20, 24, 28 for other word counts)")]
    BadCompactSeedQr(usize),
    /// The SeedQR's words fail the BIP-39 checksum.
    #[error("the SeedQR's words fail the BIP-39 checksum: the code is damaged or misread")]
    SeedQrChecksum,
    /// Data too long for a QR code.
    #[error("the data does not fit in a QR code")]
    QrTooLong,
    /// The picture is no PNG or JPEG, or is damaged.
    #[error("the image cannot be read as PNG or JPEG ({0})")]
    Image(String),
    /// Parts of a framed encrypted backup are missing.
    #[error("the encrypted backup is in {total} QR codes and part(s) {} are missing; scan every QR code on the sheet", list(.missing))]
    MissingParts {
        /// 1-based numbers of the missing parts.
        missing: Vec<usize>,
        /// How many parts there are.
        total: usize,
    },
    /// Two different QR codes claim the same part number.
    #[error("two different QR codes both say they are part {0}; they come from different sheets")]
    ConflictingParts(usize),
    /// Parts disagree on how many parts there are.
    #[error("the QR codes of the encrypted backup disagree on how many parts there are; they come from different sheets")]
    PartCountMismatch,
    /// A `SEEDSAFE-AGE` header that does not parse.
    #[error("a QR code starts with SEEDSAFE-AGE but its part header is damaged")]
    BadFrame,
    /// A character no embedded font has.
    #[error("the {what} contains {ch:?}, which the embedded fonts cannot print; use letters, digits and common punctuation")]
    Unprintable {
        /// What held it: "label", "location", ...
        what: &'static str,
        /// The character.
        ch: char,
    },
    /// The secret has no words to print.
    #[error(
        "a {0} has no words to write on a backup sheet; make an encrypted paper copy (--encrypted) instead"
    )]
    NoWords(&'static str),
    /// A chain whose address the identity does not hold.
    #[error("this wallet has no {0} address to print (an Electrum seed is Bitcoin only)")]
    NoAddress(Chain),
    /// Nothing to print on cards.
    #[error("no shares were given")]
    NoShares,
    /// A code did not read back as what it should hold.
    #[error("the {0} did not read back as what it should hold; nothing was written")]
    ReadBack(&'static str),
    /// Encryption failed.
    #[error("encryption failed: {0}")]
    Encrypt(String),
    /// The PDF writer failed.
    #[error("the PDF could not be written: {0}")]
    Pdf(String),
    /// An unknown paper size.
    #[error("unknown paper size {0:?}; use a4 or letter")]
    UnknownPaper(String),
}

fn list(items: &[usize]) -> String {
    items.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(", ")
}

//! SeedQR, as SeedSigner specifies it (`docs/seed_qr/README.md` of SeedSigner): a BIP-39
//! mnemonic as a QR code small enough to copy by hand.
//!
//! - **Standard SeedQR**: each word's 0-based index in the English list as four digits,
//!   in numeric mode; 12 words make 48 digits in a version 2 code (25x25), 24 words make
//!   96 digits in version 3 (29x29).
//! - **CompactSeedQR**: the mnemonic's entropy (the checksum bits dropped) in byte mode;
//!   16 bytes in version 1 (21x21), 32 bytes in version 2 (25x25).
//!
//! Both use error correction level L. The indices are those of the English list: read back,
//! a SeedQR always gives English words, so only English mnemonics are encoded (the same
//! indices in another language are other words, whose seed is a different wallet).

use std::fmt;

use qrcode::bits::Bits;
use qrcode::{EcLevel, QrCode, Version};
use seedsafe_core::bip39::{Language, Mnemonic};
use zeroize::Zeroizing;

use crate::qr::QrMatrix;
use crate::Error;

/// The two SeedQR formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SeedQrFormat {
    /// Word indices as decimal digits: any QR reader shows them, and they can be looked up
    /// by hand.
    Standard,
    /// The raw entropy: one size smaller, unreadable to most QR apps.
    Compact,
}

impl SeedQrFormat {
    /// The name used on the command line and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            SeedQrFormat::Standard => "standard",
            SeedQrFormat::Compact => "compact",
        }
    }

    /// The name people read: "Standard SeedQR" or "CompactSeedQR".
    pub fn title(self) -> &'static str {
        match self {
            SeedQrFormat::Standard => "Standard SeedQR",
            SeedQrFormat::Compact => "CompactSeedQR",
        }
    }

    /// The QR version the specification gives for a word count (12 or 24).
    pub fn version(self, words: usize) -> Option<u8> {
        match (self, words) {
            (SeedQrFormat::Standard, 12) => Some(2),
            (SeedQrFormat::Standard, 24) => Some(3),
            (SeedQrFormat::Compact, 12) => Some(1),
            (SeedQrFormat::Compact, 24) => Some(2),
            _ => None,
        }
    }
}

impl fmt::Display for SeedQrFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Checks that a mnemonic can be a SeedQR and returns the QR version it takes.
pub fn check(mnemonic: &Mnemonic, format: SeedQrFormat) -> Result<u8, Error> {
    if mnemonic.language() != Language::English {
        return Err(Error::SeedQrNotEnglish(mnemonic.language()));
    }
    format.version(mnemonic.word_count()).ok_or(Error::SeedQrWordCount(mnemonic.word_count()))
}

/// The Standard SeedQR digit stream.
pub fn standard_digits(mnemonic: &Mnemonic) -> Result<Zeroizing<String>, Error> {
    check(mnemonic, SeedQrFormat::Standard)?;
    let mut digits = Zeroizing::new(String::with_capacity(mnemonic.word_count() * 4));
    for index in mnemonic.word_indices().iter() {
        digits.push_str(&format!("{index:04}"));
    }
    Ok(digits)
}

/// The CompactSeedQR byte stream: the entropy.
pub fn compact_bytes(mnemonic: &Mnemonic) -> Result<Zeroizing<Vec<u8>>, Error> {
    check(mnemonic, SeedQrFormat::Compact)?;
    Ok(mnemonic.entropy())
}

/// The payload of either format.
pub fn payload(mnemonic: &Mnemonic, format: SeedQrFormat) -> Result<Zeroizing<Vec<u8>>, Error> {
    match format {
        SeedQrFormat::Standard => Ok(Zeroizing::new(standard_digits(mnemonic)?.as_bytes().to_vec())),
        SeedQrFormat::Compact => compact_bytes(mnemonic),
    }
}

/// Builds the QR code: the specification's version, ECC level L, one numeric (Standard) or
/// byte (Compact) segment.
pub fn encode(mnemonic: &Mnemonic, format: SeedQrFormat) -> Result<QrMatrix, Error> {
    let version = check(mnemonic, format)?;
    let data = payload(mnemonic, format)?;
    let mut bits = Bits::new(Version::Normal(i16::from(version)));
    let pushed = match format {
        SeedQrFormat::Standard => bits.push_numeric_data(&data),
        SeedQrFormat::Compact => bits.push_byte_data(&data),
    };
    pushed.and_then(|()| bits.push_terminator(EcLevel::L)).map_err(|_| Error::QrTooLong)?;
    let code = QrCode::with_bits(bits, EcLevel::L).map_err(|_| Error::QrTooLong)?;
    Ok(QrMatrix::from_code(&code))
}

/// Reads a Standard SeedQR digit stream (12 to 24 words' worth; the specification's 12 and
/// 24, and the other BIP-39 lengths, which some wallets also write).
pub fn decode_standard(digits: &str) -> Result<Mnemonic, Error> {
    let digits = digits.trim();
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::BadStandardSeedQr("it holds characters other than digits"));
    }
    if !is_standard_length(digits.len()) {
        return Err(Error::BadStandardSeedQr(
            "its length is not four digits per word of a 12- to 24-word mnemonic",
        ));
    }
    let indices: Zeroizing<Vec<u16>> = Zeroizing::new(
        digits
            .as_bytes()
            .chunks(4)
            .map(|c| c.iter().fold(0u16, |n, d| n * 10 + u16::from(d - b'0')))
            .collect(),
    );
    if indices.iter().any(|i| *i > 2047) {
        return Err(Error::BadStandardSeedQr("a word number is above 2047"));
    }
    Mnemonic::from_indices(&indices, Language::English).ok_or(Error::SeedQrChecksum)
}

/// Whether a digit stream is four digits per word of a BIP-39 length (12 to 24 words).
pub(crate) fn is_standard_length(len: usize) -> bool {
    matches!(len, 48 | 60 | 72 | 84 | 96)
}

/// Whether a byte stream is a BIP-39 entropy size (12 to 24 words).
pub(crate) fn is_compact_length(len: usize) -> bool {
    matches!(len, 16 | 20 | 24 | 28 | 32)
}

/// Reads a CompactSeedQR: 16 or 32 bytes of entropy (20, 24 and 28 also accepted).
pub fn decode_compact(bytes: &[u8]) -> Result<Mnemonic, Error> {
    if !is_compact_length(bytes.len()) {
        return Err(Error::BadCompactSeedQr(bytes.len()));
    }
    Mnemonic::from_entropy(bytes, Language::English).map_err(|_| Error::BadCompactSeedQr(bytes.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_what_the_specification_does_not_cover() {
        let ja = Mnemonic::from_entropy(&[7; 16], Language::Japanese).expect("entropy");
        assert_eq!(check(&ja, SeedQrFormat::Standard), Err(Error::SeedQrNotEnglish(Language::Japanese)));
        let w18 = Mnemonic::from_entropy(&[7; 24], Language::English).expect("entropy");
        assert_eq!(encode(&w18, SeedQrFormat::Compact).unwrap_err(), Error::SeedQrWordCount(18));
        assert!(matches!(decode_standard("12ab"), Err(Error::BadStandardSeedQr(_))));
        assert!(matches!(decode_standard(&"2048".repeat(12)), Err(Error::BadStandardSeedQr(_))));
        assert_eq!(decode_standard(&"0000".repeat(12)).unwrap_err(), Error::SeedQrChecksum);
        assert_eq!(decode_compact(&[0; 17]).unwrap_err(), Error::BadCompactSeedQr(17));
    }
}

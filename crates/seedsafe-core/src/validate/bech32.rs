//! Bech32 (BIP-173) and bech32m (BIP-350) strings: the checksum, its two constants, the
//! structural rules, and the search for the character a typo changed.

use super::{Encoding, Error};

/// The 32 data characters, by value.
pub const CHARSET: &[u8; 32] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";

const GENERATOR: [u32; 5] = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
const BECH32_CONST: u32 = 1;
const BECH32M_CONST: u32 = 0x2bc830a3;

/// Which of the two checksums a string carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Variant {
    /// BIP-173.
    Bech32,
    /// BIP-350.
    Bech32m,
}

impl Variant {
    /// The matching [`Encoding`].
    pub fn encoding(self) -> Encoding {
        match self {
            Variant::Bech32 => Encoding::Bech32,
            Variant::Bech32m => Encoding::Bech32m,
        }
    }
}

/// A decoded bech32 or bech32m string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    /// The human-readable part, lower case.
    pub hrp: String,
    /// The data part as 5-bit values, without the 6 checksum values.
    pub data: Vec<u8>,
    /// The checksum it carries.
    pub variant: Variant,
}

fn value(c: u8) -> Option<u8> {
    CHARSET.iter().position(|&x| x == c.to_ascii_lowercase()).map(|i| i as u8)
}

fn polymod_step(chk: u32, v: u8) -> u32 {
    let top = chk >> 25;
    let mut chk = ((chk & 0x1ff_ffff) << 5) ^ u32::from(v);
    for (i, g) in GENERATOR.iter().enumerate() {
        if (top >> i) & 1 == 1 {
            chk ^= g;
        }
    }
    chk
}

/// The checksum variant a string with its separator at byte `sep` verifies under, or
/// `None`. Expects lower-case input and does no other check.
pub(crate) fn checksum_variant(lower: &str, sep: usize) -> Option<Variant> {
    let bytes = lower.as_bytes();
    let hrp = &bytes[..sep];
    let mut chk = 1;
    for &c in hrp {
        chk = polymod_step(chk, c >> 5);
    }
    chk = polymod_step(chk, 0);
    for &c in hrp {
        chk = polymod_step(chk, c & 31);
    }
    for &c in &bytes[sep + 1..] {
        chk = polymod_step(chk, value(c)?);
    }
    match chk {
        BECH32_CONST => Some(Variant::Bech32),
        BECH32M_CONST => Some(Variant::Bech32m),
        _ => None,
    }
}

fn malformed(reason: &'static str) -> Error {
    Error::Malformed { encoding: Encoding::Bech32, reason }
}

/// Checks everything but the checksum; returns the separator's byte offset.
pub(crate) fn structure(s: &str) -> Result<usize, Error> {
    if s.len() > 90 {
        return Err(Error::BadLength {
            encoding: Encoding::Bech32,
            found: s.len(),
            unit: "characters",
            expected: "bech32 strings are at most 90 characters",
        });
    }
    if let Some((i, c)) = s.chars().enumerate().find(|(_, c)| !matches!(*c as u32, 33..=126)) {
        return Err(Error::InvalidCharacter {
            position: i + 1,
            character: c,
            encoding: Some(Encoding::Bech32),
        });
    }
    if s.bytes().any(|b| b.is_ascii_lowercase()) && s.bytes().any(|b| b.is_ascii_uppercase()) {
        return Err(Error::MixedCase { encoding: Encoding::Bech32 });
    }
    let sep = s.rfind('1').ok_or(malformed("there is no '1' between the prefix and the data"))?;
    if sep == 0 {
        return Err(malformed("the prefix before the last '1' is empty"));
    }
    if s.len() - sep - 1 < 6 {
        return Err(malformed("the data after the last '1' is shorter than the 6-character checksum"));
    }
    if let Some((i, c)) = s[sep + 1..].chars().enumerate().find(|(_, c)| value(*c as u8).is_none()) {
        return Err(Error::InvalidCharacter {
            position: sep + 2 + i,
            character: c,
            encoding: Some(Encoding::Bech32),
        });
    }
    Ok(sep)
}

/// Decodes a bech32 or bech32m string (BIP-173 and BIP-350 rules, without SegWit's).
/// A bad checksum comes back without positions; [`locate`] finds them.
pub fn decode(s: &str) -> Result<Decoded, Error> {
    let sep = structure(s)?;
    let lower = s.to_ascii_lowercase();
    let variant = checksum_variant(&lower, sep)
        .ok_or(Error::BadChecksum { encoding: Encoding::Bech32, positions: vec![] })?;
    let values: Vec<u8> = lower.bytes().skip(sep + 1).filter_map(value).collect();
    let data = values[..values.len() - 6].to_vec();
    Ok(Decoded { hrp: lower[..sep].to_string(), data, variant })
}

/// The positions (from 1) in the data part where one substitution makes `accept` hold for
/// the changed string (given in lower case).
pub fn locate(s: &str, accept: impl Fn(&str) -> bool) -> Vec<usize> {
    let lower = s.to_ascii_lowercase();
    match lower.rfind('1') {
        Some(sep) => super::locate_substitutions(&lower, sep + 1..lower.len(), CHARSET, accept),
        None => vec![],
    }
}

/// Regroups bits: 8-to-5 with padding, or 5-to-8 where leftover bits must be fewer than 5
/// and zero (BIP-173).
pub fn convert_bits(data: &[u8], from: u32, to: u32, pad: bool) -> Option<Vec<u8>> {
    let mut acc: u32 = 0;
    let mut bits: u32 = 0;
    let max = (1u32 << to) - 1;
    let mut out = Vec::with_capacity(data.len() * from as usize / to as usize + 1);
    for &v in data {
        if u32::from(v) >> from != 0 {
            return None;
        }
        acc = (acc << from) | u32::from(v);
        bits += from;
        while bits >= to {
            bits -= to;
            out.push(((acc >> bits) & max) as u8);
        }
    }
    if pad {
        if bits > 0 {
            out.push(((acc << (to - bits)) & max) as u8);
        }
    } else if bits >= from || (acc << (to - bits)) & max != 0 {
        return None;
    }
    Some(out)
}

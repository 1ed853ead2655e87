//! Base58 and Base58Check in any 58-character alphabet: Bitcoin's, and Ripple's (a
//! permutation of it, so that XRP addresses start with `r`).

use sha2::{Digest, Sha256};

/// A Base58 alphabet and its reverse table.
pub struct Alphabet {
    chars: &'static [u8; 58],
    values: [u8; 128],
}

const NONE: u8 = 0xff;

impl Alphabet {
    const fn new(chars: &'static [u8; 58]) -> Alphabet {
        let mut values = [NONE; 128];
        let mut i = 0;
        while i < 58 {
            values[chars[i] as usize] = i as u8;
            i += 1;
        }
        Alphabet { chars, values }
    }

    /// The 58 characters, by value.
    pub fn chars(&self) -> &'static [u8; 58] {
        self.chars
    }

    /// The value of a character, if it is in the alphabet.
    pub fn value(&self, c: u8) -> Option<u8> {
        self.values.get(usize::from(c)).copied().filter(|v| *v != NONE)
    }
}

/// Bitcoin's alphabet (also Tron's and Solana's): no `0`, `O`, `I` or `l`.
pub static BITCOIN: Alphabet = Alphabet::new(b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz");

/// Ripple's alphabet (XRP Ledger).
pub static RIPPLE: Alphabet = Alphabet::new(b"rpshnaf39wBUDNEGHJKLM4PQRST7VWXYZ2bcdeCg65jkm8oFqi1tuvAxyz");

/// Why a string is not Base58.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InvalidChar {
    /// Byte offset (from 0) of the first character outside the alphabet.
    pub index: usize,
}

/// Decodes Base58: each leading zero character is a zero byte.
pub fn decode(s: &str, alphabet: &Alphabet) -> Result<Vec<u8>, InvalidChar> {
    let zeros = s.bytes().take_while(|&c| c == alphabet.chars[0]).count();
    // Little-endian base-256 digits of the number.
    let mut num: Vec<u8> = Vec::with_capacity(s.len());
    for (index, c) in s.bytes().enumerate() {
        let mut carry = u32::from(alphabet.value(c).ok_or(InvalidChar { index })?);
        for byte in num.iter_mut() {
            carry += u32::from(*byte) * 58;
            *byte = (carry & 0xff) as u8;
            carry >>= 8;
        }
        while carry > 0 {
            num.push((carry & 0xff) as u8);
            carry >>= 8;
        }
    }
    let mut out = vec![0u8; zeros];
    out.extend(num.iter().rev());
    Ok(out)
}

/// Encodes bytes as Base58.
pub fn encode(data: &[u8], alphabet: &Alphabet) -> String {
    let zeros = data.iter().take_while(|&&b| b == 0).count();
    // Little-endian base-58 digits.
    let mut digits: Vec<u8> = Vec::with_capacity(data.len() * 138 / 100 + 1);
    for &byte in &data[zeros..] {
        let mut carry = u32::from(byte);
        for d in digits.iter_mut() {
            carry += u32::from(*d) << 8;
            *d = (carry % 58) as u8;
            carry /= 58;
        }
        while carry > 0 {
            digits.push((carry % 58) as u8);
            carry /= 58;
        }
    }
    let mut out = String::with_capacity(zeros + digits.len());
    out.extend(std::iter::repeat_n(char::from(alphabet.chars[0]), zeros));
    out.extend(digits.iter().rev().map(|&d| char::from(alphabet.chars[usize::from(d)])));
    out
}

/// The first 4 bytes of SHA-256(SHA-256(data)).
pub fn checksum(data: &[u8]) -> [u8; 4] {
    let hash = Sha256::digest(Sha256::digest(data));
    [hash[0], hash[1], hash[2], hash[3]]
}

/// Splits decoded Base58Check bytes into payload and checksum, and says whether it holds.
pub fn verify_check(decoded: &[u8]) -> Option<&[u8]> {
    let (payload, check) = decoded.split_at(decoded.len().checked_sub(4)?);
    (checksum(payload) == check).then_some(payload)
}

/// Encodes a payload with its 4-byte checksum.
pub fn encode_check(payload: &[u8], alphabet: &Alphabet) -> String {
    let mut data = payload.to_vec();
    data.extend_from_slice(&checksum(payload));
    encode(&data, alphabet)
}

//! EIP-55 mixed-case checksum addresses for Ethereum.
//!
//! The case of each hex letter carries one bit of keccak256(lowercase hex address), so a
//! mistyped mixed-case address is caught with high probability.

use sha3::{Digest, Keccak256};

/// Writes 20 address bytes as `0x` + checksummed hex.
pub fn encode(address: &[u8; 20]) -> String {
    let lower = hex::encode(address);
    let hash = Keccak256::digest(lower.as_bytes());
    let mut out = String::with_capacity(42);
    out.push_str("0x");
    for (i, c) in lower.chars().enumerate() {
        let nibble = (hash[i / 2] >> (if i % 2 == 0 { 4 } else { 0 })) & 0x0f;
        out.push(if nibble >= 8 { c.to_ascii_uppercase() } else { c });
    }
    out
}

/// What EIP-55 says about a 40-hex-digit address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Checksum {
    /// Mixed case and the checksum holds.
    Valid,
    /// All lower or all upper case: carries no checksum, so typos cannot be detected.
    Absent,
    /// Mixed case that does not match: the address was altered or mistyped.
    Invalid,
}

/// Checks the case of an address (with or without `0x`); `None` when it is not 40 hex digits.
pub fn check(address: &str) -> Option<([u8; 20], Checksum)> {
    let body = address.strip_prefix("0x").or_else(|| address.strip_prefix("0X")).unwrap_or(address);
    let mut bytes = [0u8; 20];
    hex::decode_to_slice(body, &mut bytes).ok()?;
    let has_lower = body.chars().any(|c| c.is_ascii_lowercase());
    let has_upper = body.chars().any(|c| c.is_ascii_uppercase());
    let verdict = if !(has_lower && has_upper) {
        Checksum::Absent
    } else if encode(&bytes)[2..] == *body {
        Checksum::Valid
    } else {
        Checksum::Invalid
    };
    Some((bytes, verdict))
}

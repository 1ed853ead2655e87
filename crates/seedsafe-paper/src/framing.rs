//! Splitting an armoured age file over several QR codes, and joining the parts again.
//!
//! Each QR code holds `SEEDSAFE-AGE i/n:` (part `i` of `n`, counted from 1, in ASCII) and
//! then the next slice of the armoured text, byte for byte. Joining the slices in order
//! gives the armoured file back exactly, which the stock `age -d` decrypts. A text that fits
//! in one QR code is still framed, as part `1/1`, so a reader always knows what it found.

use std::collections::BTreeMap;

use zeroize::Zeroizing;

use crate::Error;

/// What every part starts with.
pub const PREFIX: &str = "SEEDSAFE-AGE ";

/// The most text put in one QR code: at error correction level M this keeps each code at
/// version 19 or below (93x93 modules), which phone cameras and 150 dpi scans read.
pub const MAX_PART_BYTES: usize = 560;

/// Splits text into framed parts of at most [`MAX_PART_BYTES`] bytes of text each, as even
/// in size as possible.
pub fn split(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let total = bytes.len().div_ceil(MAX_PART_BYTES).max(1);
    let size = bytes.len().div_ceil(total).max(1);
    // The armour is ASCII, so any byte boundary is a character boundary; other text is cut
    // at the next character boundary.
    let mut parts = Vec::with_capacity(total);
    let mut start = 0;
    while start < bytes.len() || parts.is_empty() {
        let mut end = (start + size).min(bytes.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        parts.push(&text[start..end]);
        start = end;
    }
    let n = parts.len();
    parts.iter().enumerate().map(|(i, p)| format!("{PREFIX}{}/{n}:{p}", i + 1)).collect()
}

/// One parsed part.
#[derive(Clone, PartialEq, Eq)]
pub struct Part {
    /// 1-based part number.
    pub index: usize,
    /// Number of parts.
    pub total: usize,
    /// The slice of text it carries.
    pub body: Zeroizing<Vec<u8>>,
}

impl std::fmt::Debug for Part {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Part({}/{}, {} bytes)", self.index, self.total, self.body.len())
    }
}

/// Whether a QR payload is a framed part.
pub fn is_part(payload: &[u8]) -> bool {
    payload.starts_with(PREFIX.as_bytes())
}

/// Parses one part; `None` when the payload is not a part at all.
pub fn parse(payload: &[u8]) -> Option<Result<Part, Error>> {
    let rest = payload.strip_prefix(PREFIX.as_bytes())?;
    let Some(colon) = rest.iter().position(|b| *b == b':') else { return Some(Err(Error::BadFrame)) };
    let header = std::str::from_utf8(&rest[..colon]).ok();
    let numbers =
        header.and_then(|h| h.split_once('/')).and_then(|(i, n)| Some((i.parse().ok()?, n.parse().ok()?)));
    Some(match numbers {
        Some((index, total)) if index >= 1 && index <= total => {
            Ok(Part { index, total, body: Zeroizing::new(rest[colon + 1..].to_vec()) })
        }
        _ => Err(Error::BadFrame),
    })
}

/// Joins parts (in any order, duplicates allowed) into the text they were split from.
pub fn join(parts: &[Part]) -> Result<Zeroizing<Vec<u8>>, Error> {
    let total = parts.first().map_or(0, |p| p.total);
    if parts.iter().any(|p| p.total != total) {
        return Err(Error::PartCountMismatch);
    }
    let mut by_index: BTreeMap<usize, &Part> = BTreeMap::new();
    for p in parts {
        if let Some(seen) = by_index.insert(p.index, p) {
            if seen.body != p.body {
                return Err(Error::ConflictingParts(p.index));
            }
        }
    }
    let missing: Vec<usize> = (1..=total).filter(|i| !by_index.contains_key(i)).collect();
    if !missing.is_empty() {
        return Err(Error::MissingParts { missing, total });
    }
    let mut out = Zeroizing::new(Vec::new());
    for p in by_index.values() {
        out.extend_from_slice(&p.body);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_all(parts: &[String]) -> Vec<Part> {
        parts.iter().map(|p| parse(p.as_bytes()).expect("a part").expect("valid")).collect()
    }

    #[test]
    fn split_and_join_round_trip_in_any_order() {
        let text =
            "-----BEGIN AGE ENCRYPTED FILE-----\n".to_string() + &"QUJD".repeat(300) + "\n-----END-----\n";
        let parts = split(&text);
        assert_eq!(parts.len(), text.len().div_ceil(MAX_PART_BYTES));
        assert!(parts.iter().all(|p| p.len() <= MAX_PART_BYTES + 20));
        assert!(parts[0].starts_with(&format!("SEEDSAFE-AGE 1/{}:-----BEGIN", parts.len())));
        let mut parsed = parse_all(&parts);
        parsed.reverse();
        parsed.push(parsed[0].clone());
        assert_eq!(&join(&parsed).expect("joins")[..], text.as_bytes());
        assert_eq!(split("short"), vec!["SEEDSAFE-AGE 1/1:short".to_string()]);
    }

    #[test]
    fn missing_conflicting_and_damaged_parts_are_named() {
        let parts = parse_all(&split(&"x".repeat(2 * MAX_PART_BYTES + 100)));
        assert_eq!(join(&parts[1..]).unwrap_err(), Error::MissingParts { missing: vec![1], total: 3 });
        let mut other = parts.clone();
        other[0].body = Zeroizing::new(b"y".to_vec());
        other.push(parts[0].clone());
        assert_eq!(join(&other).unwrap_err(), Error::ConflictingParts(1));
        assert_eq!(parse(b"SEEDSAFE-AGE 3/2:x"), Some(Err(Error::BadFrame)));
        assert_eq!(parse(b"SEEDSAFE-AGE x"), Some(Err(Error::BadFrame)));
        assert!(parse(b"bc1q...").is_none());
    }
}

//! The passphrases to try with each candidate mnemonic, numbered like the words: from a
//! list, from a mask of character classes, or as the typos of a remembered passphrase.

use std::fmt;

use seedsafe_core::secret::Passphrase;
use zeroize::{Zeroize, Zeroizing};

/// Printable ASCII: the alphabet of `?a`, of typo insertions and of substitutions.
const PRINTABLE: std::ops::RangeInclusive<u8> = b' '..=b'~';

/// The passphrases of a search.
#[derive(Clone)]
pub enum Passphrases {
    /// One known passphrase (empty when the wallet has none).
    Known(Passphrase),
    /// Each line of a list, as written.
    List(Zeroizing<Vec<String>>),
    /// A mask: one set of characters per position.
    Mask(Vec<Vec<char>>),
    /// The remembered passphrase and every string one typo away from it.
    Typos(Zeroizing<Vec<char>>),
}

impl fmt::Debug for Passphrases {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Passphrases::Known(_) => f.write_str("Known([redacted])"),
            Passphrases::List(l) => write!(f, "List({} entries)", l.len()),
            Passphrases::Mask(m) => write!(f, "Mask({} positions)", m.len()),
            Passphrases::Typos(_) => f.write_str("Typos([redacted])"),
        }
    }
}

/// A mask that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MaskError {
    /// `?` followed by something other than l, u, d, s, a or ?.
    #[error("mask position {0}: ? is followed by l (a-z), u (A-Z), d (0-9), s (symbols), a (all printable) or ? (a literal ?)")]
    UnknownClass(usize),
    /// Nothing to search.
    #[error("the mask is empty")]
    Empty,
}

impl Passphrases {
    /// No passphrase search: the wallet's passphrase is known (or empty).
    pub fn known(passphrase: Passphrase) -> Self {
        Passphrases::Known(passphrase)
    }

    /// The lines of a wordlist file (a trailing `\r` is dropped, nothing else: spaces are
    /// part of a passphrase).
    pub fn list(text: &str) -> Self {
        Passphrases::List(Zeroizing::new(
            text.lines().map(|l| l.strip_suffix('\r').unwrap_or(l).to_string()).collect(),
        ))
    }

    /// A hashcat-style mask: `?l` a-z, `?u` A-Z, `?d` 0-9, `?s` symbols, `?a` all printable
    /// ASCII, `??` a literal `?`; any other character stands for itself.
    pub fn mask(mask: &str) -> Result<Self, MaskError> {
        let mut sets = Vec::new();
        let mut chars = mask.chars();
        while let Some(c) = chars.next() {
            if c != '?' {
                sets.push(vec![c]);
                continue;
            }
            let printable = || PRINTABLE.map(char::from);
            let set: Vec<char> = match chars.next() {
                Some('l') => ('a'..='z').collect(),
                Some('u') => ('A'..='Z').collect(),
                Some('d') => ('0'..='9').collect(),
                Some('s') => printable().filter(|c| !c.is_ascii_alphanumeric()).collect(),
                Some('a') => printable().collect(),
                Some('?') => vec!['?'],
                _ => return Err(MaskError::UnknownClass(sets.len() + 1)),
            };
            sets.push(set);
        }
        if sets.is_empty() {
            return Err(MaskError::Empty);
        }
        Ok(Passphrases::Mask(sets))
    }

    /// The remembered passphrase and its typos: one character deleted, inserted, replaced,
    /// two neighbours transposed, or one letter's case flipped.
    pub fn typos(remembered: &Passphrase) -> Self {
        Passphrases::Typos(Zeroizing::new(remembered.expose().chars().collect()))
    }

    /// Whether a passphrase is being searched (rather than known).
    pub fn is_search(&self) -> bool {
        !matches!(self, Passphrases::Known(_))
    }

    /// How many passphrases.
    pub fn len(&self) -> u128 {
        match self {
            Passphrases::Known(_) => 1,
            Passphrases::List(l) => l.len() as u128,
            Passphrases::Mask(m) => {
                m.iter().try_fold(1u128, |acc, s| acc.checked_mul(s.len() as u128)).unwrap_or(u128::MAX)
            }
            Passphrases::Typos(t) => typo_counts(t).iter().sum(),
        }
    }

    /// Whether there are none (an empty list).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Writes passphrase number `i` into `out` (cleared first).
    pub fn get(&self, i: u128, out: &mut String) {
        out.zeroize();
        match self {
            Passphrases::Known(p) => out.push_str(p.expose()),
            Passphrases::List(l) => out.push_str(&l[i as usize]),
            Passphrases::Mask(m) => {
                let mut rest = i;
                let start = out.len();
                for set in m.iter().rev() {
                    let radix = set.len() as u128;
                    out.push(set[(rest % radix) as usize]);
                    rest /= radix;
                }
                // Built last position first, so the last position counts fastest.
                let reversed: String = out[start..].chars().rev().collect();
                out.truncate(start);
                out.push_str(&reversed);
            }
            Passphrases::Typos(t) => typo(t, i, out),
        }
    }
}

fn alphabet() -> impl Iterator<Item = char> {
    PRINTABLE.map(char::from)
}

/// Sizes of the typo families: the original, deletions, insertions, substitutions,
/// transpositions, case flips.
fn typo_counts(t: &[char]) -> [u128; 6] {
    let n = t.len() as u128;
    let a = alphabet().count() as u128;
    let letters = t.iter().filter(|c| c.is_alphabetic() && flip(**c) != **c).count() as u128;
    [1, n, (n + 1) * a, n * a, n.saturating_sub(1), letters]
}

fn flip(c: char) -> char {
    if c.is_uppercase() {
        c.to_lowercase().next().unwrap_or(c)
    } else {
        c.to_uppercase().next().unwrap_or(c)
    }
}

fn typo(t: &[char], mut i: u128, out: &mut String) {
    let counts = typo_counts(t);
    let mut family = 0;
    while i >= counts[family] {
        i -= counts[family];
        family += 1;
    }
    let a = alphabet().count() as u128;
    let mut chars: Vec<char> = t.to_vec();
    match family {
        0 => {}
        1 => {
            chars.remove(i as usize);
        }
        2 => chars.insert((i / a) as usize, alphabet().nth((i % a) as usize).unwrap_or(' ')),
        3 => chars[(i / a) as usize] = alphabet().nth((i % a) as usize).unwrap_or(' '),
        4 => chars.swap(i as usize, i as usize + 1),
        _ => {
            let pos = t
                .iter()
                .enumerate()
                .filter(|(_, c)| c.is_alphabetic() && flip(**c) != **c)
                .nth(i as usize)
                .map_or(0, |(p, _)| p);
            chars[pos] = flip(chars[pos]);
        }
    }
    out.extend(chars.iter());
    chars.zeroize();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(p: &Passphrases) -> Vec<String> {
        (0..p.len())
            .map(|i| {
                let mut s = String::new();
                p.get(i, &mut s);
                s
            })
            .collect()
    }

    #[test]
    fn masks() {
        let m = Passphrases::mask("a?d?l").expect("valid");
        assert_eq!(m.len(), 260);
        let v = all(&m);
        assert_eq!(v[0], "a0a");
        assert_eq!(v[1], "a0b");
        assert_eq!(v[259], "a9z");
        assert_eq!(Passphrases::mask("x??").map(|m| all(&m)), Ok(vec!["x?".to_string()]));
        assert_eq!(Passphrases::mask("ab?x").unwrap_err(), MaskError::UnknownClass(3));
        assert_eq!(Passphrases::mask("?s").expect("valid").len(), 33);
    }

    #[test]
    fn typos_reach_every_kind_of_slip() {
        let t = Passphrases::typos(&Passphrase::new("Ab1".into()));
        let v = all(&t);
        assert_eq!(t.len(), 1 + 3 + 4 * 95 + 3 * 95 + 2 + 2);
        for expected in ["Ab1", "b1", "Abx1", "Ab2", "bA1", "ab1", "AB1", "Ab1!"] {
            assert!(v.iter().any(|s| s == expected), "{expected}");
        }
    }

    #[test]
    fn lists_keep_spaces() {
        let l = Passphrases::list("one\r\n two \n\nthree");
        assert_eq!(all(&l), vec!["one", " two ", "", "three"]);
    }
}

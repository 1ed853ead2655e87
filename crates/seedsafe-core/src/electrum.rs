//! Electrum's own seed format ("new" seeds, Electrum 2.0 and later).
//!
//! An Electrum seed carries no checksum in the BIP-39 sense: its version is the prefix of
//! HMAC-SHA512("Seed version", normalised words). The prefix says which wallet the seed
//! restores (standard P2PKH, native SegWit, or a TrustedCoin 2FA wallet), and the BIP-32
//! seed is PBKDF2-HMAC-SHA512 with salt "electrum" + extension words.

use std::fmt;

use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha512;
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::UnicodeNormalization;
use zeroize::Zeroizing;

use crate::bip39::Language;
use crate::secret::{Passphrase, Seed, REDACTED};

/// Which wallet an Electrum seed belongs to, read from its version prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SeedVersion {
    /// Prefix `01`: P2PKH addresses at m/0/i.
    Standard,
    /// Prefix `100`: P2WPKH addresses at m/0'/0/i.
    Segwit,
    /// Prefix `101`: a TrustedCoin two-factor wallet (2-of-3 multisig with a server key).
    TwoFactor,
    /// Prefix `102`: a TrustedCoin two-factor SegWit wallet.
    TwoFactorSegwit,
}

impl SeedVersion {
    /// Electrum's name for the seed type.
    pub fn name(self) -> &'static str {
        match self {
            SeedVersion::Standard => "standard",
            SeedVersion::Segwit => "segwit",
            SeedVersion::TwoFactor => "2fa",
            SeedVersion::TwoFactorSegwit => "2fa_segwit",
        }
    }

    /// The hex prefix of the version hash (electrum/version.py).
    pub fn prefix(self) -> &'static str {
        match self {
            SeedVersion::Standard => "01",
            SeedVersion::Segwit => "100",
            SeedVersion::TwoFactor => "101",
            SeedVersion::TwoFactorSegwit => "102",
        }
    }

    /// Whether seedsafe can derive this wallet's addresses alone. A 2FA wallet also needs
    /// TrustedCoin's cosigner key, which only their server knows.
    pub fn is_two_factor(self) -> bool {
        matches!(self, SeedVersion::TwoFactor | SeedVersion::TwoFactorSegwit)
    }
}

impl fmt::Display for SeedVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Unicode ranges Electrum treats as CJK: spaces between such characters are dropped.
const CJK_INTERVALS: [(u32, u32); 29] = [
    (0x4e00, 0x9fff),
    (0x3400, 0x4dbf),
    (0x20000, 0x2a6df),
    (0x2a700, 0x2b73f),
    (0x2b740, 0x2b81f),
    (0xf900, 0xfaff),
    (0x2f800, 0x2fa1d),
    (0x3190, 0x319f),
    (0x2e80, 0x2eff),
    (0x2f00, 0x2fdf),
    (0x31c0, 0x31ef),
    (0x2ff0, 0x2fff),
    (0xe0100, 0xe01ef),
    (0x3100, 0x312f),
    (0x31a0, 0x31bf),
    (0xff00, 0xffef),
    (0x3040, 0x309f),
    (0x30a0, 0x30ff),
    (0x31f0, 0x31ff),
    (0x1b000, 0x1b0ff),
    (0xac00, 0xd7af),
    (0x1100, 0x11ff),
    (0xa960, 0xa97f),
    (0xd7b0, 0xd7ff),
    (0x3130, 0x318f),
    (0xa4d0, 0xa4ff),
    (0x16f00, 0x16f9f),
    (0xa000, 0xa48f),
    (0xa490, 0xa4cf),
];

fn is_cjk(c: char) -> bool {
    let c = u32::from(c);
    CJK_INTERVALS.iter().any(|(lo, hi)| (*lo..=*hi).contains(&c))
}

/// Electrum's `normalize_text`: NFKD, lower case, no accents, single spaces, and no space
/// between two CJK characters. Applied to the words and to the extension words alike.
pub fn normalize_text(text: &str) -> Zeroizing<String> {
    // Whole-string lower-casing, like Python's str.lower(): a word-final Σ becomes ς.
    let nfkd: Zeroizing<String> = Zeroizing::new(text.nfkd().collect());
    let lower = Zeroizing::new(nfkd.to_lowercase());
    let stripped: Zeroizing<String> =
        Zeroizing::new(lower.chars().filter(|c| canonical_combining_class(*c) == 0).collect());
    let spaced: Zeroizing<Vec<char>> =
        Zeroizing::new(stripped.split_whitespace().collect::<Vec<_>>().join(" ").chars().collect());
    let mut out = Zeroizing::new(String::with_capacity(spaced.len() * 4));
    for (i, c) in spaced.iter().enumerate() {
        let between_cjk =
            *c == ' ' && i > 0 && spaced.get(i + 1).is_some_and(|n| is_cjk(*n)) && is_cjk(spaced[i - 1]);
        if !between_cjk {
            out.push(*c);
        }
    }
    out
}

fn version_hash(normalized: &str) -> String {
    let mut mac = <Hmac<Sha512> as Mac>::new_from_slice(b"Seed version")
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(normalized.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// Electrum's `seed_type` for a "new" seed, or `None` when the text is not one.
///
/// Like Electrum, a `101` prefix counts as 2FA only with 12 or at least 20 words (the 2.7
/// change of derivation reused the prefix). Electrum 1.x ("old") seeds are not recognised.
pub fn seed_version(text: &str) -> Option<SeedVersion> {
    let normalized = normalize_text(text);
    let hash = version_hash(&normalized);
    // Counted before CJK words are joined, as Electrum does.
    let words = text.split_whitespace().count();
    if hash.starts_with(SeedVersion::Standard.prefix()) {
        Some(SeedVersion::Standard)
    } else if hash.starts_with(SeedVersion::Segwit.prefix()) {
        Some(SeedVersion::Segwit)
    } else if hash.starts_with(SeedVersion::TwoFactor.prefix()) && (words == 12 || words >= 20) {
        Some(SeedVersion::TwoFactor)
    } else if hash.starts_with(SeedVersion::TwoFactorSegwit.prefix()) {
        Some(SeedVersion::TwoFactorSegwit)
    } else {
        None
    }
}

/// An Electrum seed: its normalised words and its version.
#[derive(Clone, PartialEq, Eq)]
pub struct Mnemonic {
    normalized: Zeroizing<String>,
    words: usize,
    version: SeedVersion,
    language: Option<Language>,
}

impl fmt::Debug for Mnemonic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

/// Why text is not a usable Electrum seed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// The version hash matches no Electrum seed type.
    #[error("these words are not an Electrum seed (their version hash matches no seed type)")]
    NotElectrum,
}

impl Mnemonic {
    /// Reads an Electrum seed (any text whose version hash has a known prefix, as Electrum
    /// itself accepts).
    pub fn parse(text: &str) -> Result<Self, ParseError> {
        let version = seed_version(text).ok_or(ParseError::NotElectrum)?;
        let normalized = normalize_text(text);
        let folded = Zeroizing::new(crate::wordlist::fold(text));
        let tokens: Vec<&str> = folded.split_whitespace().collect();
        let language = detect_language(&tokens);
        Ok(Mnemonic { normalized, words: tokens.len(), version, language })
    }

    /// A new seed of the given type, as Electrum makes them: 132 bits from the OS CSPRNG
    /// written in base 2048 with the English BIP-39 list, then counted up until the version
    /// hash has the wanted prefix and the words are not also a valid BIP-39 mnemonic.
    pub fn generate(version: SeedVersion) -> Self {
        let words = Language::English.words();
        let mut digits = Zeroizing::new([0u16; 13]);
        let mut rng = rand::rngs::OsRng;
        for d in digits.iter_mut().take(12) {
            *d = (rng.next_u32() % 2048) as u16;
        }
        // At least 2^121, so the seed has 12 words (Electrum's lower bound).
        if digits[11] == 0 {
            digits[11] = 1;
        }
        loop {
            increment(&mut digits);
            let len = 13 - digits.iter().rev().take_while(|d| **d == 0).count();
            let phrase = Zeroizing::new(
                digits[..len].iter().map(|d| words[usize::from(*d)]).collect::<Vec<_>>().join(" "),
            );
            if crate::bip39::Mnemonic::parse(&phrase, Some(Language::English)).is_ok() {
                continue;
            }
            if version_hash(&phrase).starts_with(version.prefix()) {
                return Mnemonic {
                    normalized: phrase,
                    words: len,
                    version,
                    language: Some(Language::English),
                };
            }
        }
    }

    /// The seed type.
    pub fn version(&self) -> SeedVersion {
        self.version
    }

    /// The BIP-39 wordlist the words come from, when they all come from one.
    pub fn language(&self) -> Option<Language> {
        self.language
    }

    /// Number of words.
    pub fn word_count(&self) -> usize {
        self.words
    }

    /// The normalised words, single-spaced.
    pub fn phrase(&self) -> Zeroizing<String> {
        self.normalized.clone()
    }

    /// The BIP-32 seed: PBKDF2-HMAC-SHA512(words, "electrum" + extension, 2048 rounds).
    pub fn to_seed(&self, extension: &Passphrase) -> Seed {
        let ext = normalize_text(extension.expose());
        let mut salt = Zeroizing::new(Vec::with_capacity(8 + ext.len()));
        salt.extend_from_slice(b"electrum");
        salt.extend_from_slice(ext.as_bytes());
        let mut out = [0u8; 64];
        pbkdf2::pbkdf2_hmac::<Sha512>(self.normalized.as_bytes(), &salt, 2048, &mut out);
        let seed = Seed::new(out.to_vec());
        zeroize::Zeroize::zeroize(&mut out);
        seed
    }
}

fn increment(digits: &mut [u16; 13]) {
    for d in digits.iter_mut() {
        *d += 1;
        if *d < 2048 {
            return;
        }
        *d = 0;
    }
}

fn detect_language(tokens: &[&str]) -> Option<Language> {
    Language::ALL.into_iter().find(|l| {
        let folded: Vec<String> = l.words().iter().map(|w| crate::wordlist::fold(w)).collect();
        tokens.iter().all(|t| folded.iter().any(|w| w == t))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_seeds_have_the_version_asked_for() {
        for version in [SeedVersion::Standard, SeedVersion::Segwit] {
            let m = Mnemonic::generate(version);
            assert_eq!(seed_version(&m.phrase()), Some(version));
            assert!(m.word_count() >= 12);
            assert!(crate::bip39::Mnemonic::parse(&m.phrase(), None).is_err());
        }
    }

    #[test]
    fn final_sigma_is_lowercased_as_electrum_does() {
        // Electrum's algorithm run in Python: the extension "ΟΔΟΣ" normalises to "οδος".
        assert_eq!(&*normalize_text("ΟΔΟΣ"), "οδος");
        let m = Mnemonic::parse(
            "wild father tree among universe such mobile favorite target dynamic credit identify",
        )
        .expect("an Electrum seed");
        let seed = m.to_seed(&Passphrase::new("ΟΔΟΣ".into()));
        assert_eq!(
            hex::encode(seed.as_bytes()),
            "f3ded2e1f6a682703fa1273078822eb21b1722334912c550e174d2bd69b309251f667bb5c5ef7e237932b59e070d2cb6e4fea451af7ab3d99de43839a91e927d"
        );
    }

    #[test]
    fn cjk_spaces_are_removed() {
        assert_eq!(&*normalize_text("眼 悲  叛"), "眼悲叛");
        assert_eq!(&*normalize_text(" Árbol  BEBÉ "), "arbol bebe");
    }
}

//! BIP-39 mnemonics in the ten official wordlists.
//!
//! The `bip39` crate does the encoding; this module adds what a person restoring a backup
//! needs: the language found without being told, words matched after Unicode NFKD, any
//! whitespace, unique four-letter prefixes, and errors that say which word is wrong and what
//! it probably was.

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use rand::RngCore;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::secret::{Passphrase, Seed, REDACTED};
use crate::wordlist;

/// One of the ten official BIP-39 wordlists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Language {
    /// English.
    English,
    /// Japanese (words are joined with an ideographic space).
    Japanese,
    /// Korean.
    Korean,
    /// Spanish.
    Spanish,
    /// Simplified Chinese.
    ChineseSimplified,
    /// Traditional Chinese.
    ChineseTraditional,
    /// French.
    French,
    /// Italian.
    Italian,
    /// Czech.
    Czech,
    /// Portuguese.
    Portuguese,
}

impl Language {
    /// Every official wordlist, English first (it is tried first when words fit several lists).
    pub const ALL: [Language; 10] = [
        Language::English,
        Language::Japanese,
        Language::Korean,
        Language::Spanish,
        Language::ChineseSimplified,
        Language::ChineseTraditional,
        Language::French,
        Language::Italian,
        Language::Czech,
        Language::Portuguese,
    ];

    /// The name used on the command line and in JSON (as in the BIP-39 repository's file names).
    pub fn name(self) -> &'static str {
        match self {
            Language::English => "english",
            Language::Japanese => "japanese",
            Language::Korean => "korean",
            Language::Spanish => "spanish",
            Language::ChineseSimplified => "chinese_simplified",
            Language::ChineseTraditional => "chinese_traditional",
            Language::French => "french",
            Language::Italian => "italian",
            Language::Czech => "czech",
            Language::Portuguese => "portuguese",
        }
    }

    fn to_bip39(self) -> ::bip39::Language {
        use ::bip39::Language as L;
        match self {
            Language::English => L::English,
            Language::Japanese => L::Japanese,
            Language::Korean => L::Korean,
            Language::Spanish => L::Spanish,
            Language::ChineseSimplified => L::SimplifiedChinese,
            Language::ChineseTraditional => L::TraditionalChinese,
            Language::French => L::French,
            Language::Italian => L::Italian,
            Language::Czech => L::Czech,
            Language::Portuguese => L::Portuguese,
        }
    }

    fn index(self) -> usize {
        Language::ALL.iter().position(|l| *l == self).unwrap_or(0)
    }

    /// The 2048 words, NFKD-normalised as the standard publishes them.
    pub fn words(self) -> &'static [&'static str; 2048] {
        self.to_bip39().word_list()
    }

    /// The words with accents removed, for accent-insensitive matching.
    fn folded(self) -> &'static [String] {
        static FOLDED: [OnceLock<Vec<String>>; 10] = [const { OnceLock::new() }; 10];
        FOLDED[self.index()].get_or_init(|| self.words().iter().map(|w| wordlist::fold(w)).collect())
    }

    /// Finds a typed word: exactly, without accents, or by a unique prefix.
    pub fn resolve(self, token: &str) -> Option<u16> {
        wordlist::resolve(token, self.words(), self.folded()).map(|i| i as u16)
    }

    /// The words closest to a misspelled one.
    pub fn nearest(self, token: &str, limit: usize) -> Vec<&'static str> {
        wordlist::nearest(token, self.words(), self.folded(), limit)
    }

    /// The separator wallets print between words (Japanese uses U+3000).
    pub fn separator(self) -> &'static str {
        if self == Language::Japanese {
            "\u{3000}"
        } else {
            " "
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Language {
    type Err = UnknownLanguage;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let key = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        let alias = match key.as_str() {
            "en" => "english",
            "ja" | "jp" => "japanese",
            "ko" => "korean",
            "es" => "spanish",
            "zh" | "zh_cn" | "zh_hans" | "simplified_chinese" | "chinese" => "chinese_simplified",
            "zh_tw" | "zh_hant" | "traditional_chinese" => "chinese_traditional",
            "fr" => "french",
            "it" => "italian",
            "cs" => "czech",
            "pt" => "portuguese",
            other => other,
        };
        Language::ALL.into_iter().find(|l| l.name() == alias).ok_or_else(|| UnknownLanguage(s.to_string()))
    }
}

/// A language name that is not one of the ten wordlists.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown wordlist {0:?}; use one of: english, japanese, korean, spanish, chinese_simplified, chinese_traditional, french, italian, czech, portuguese")]
pub struct UnknownLanguage(pub String);

/// How many words a mnemonic has; each count fixes the entropy size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WordCount {
    /// 12 words, 128 bits.
    W12,
    /// 15 words, 160 bits.
    W15,
    /// 18 words, 192 bits.
    W18,
    /// 21 words, 224 bits.
    W21,
    /// 24 words, 256 bits.
    W24,
}

impl WordCount {
    /// The valid counts, for error messages.
    pub const VALID: [usize; 5] = [12, 15, 18, 21, 24];

    /// Checks a count.
    pub fn new(words: usize) -> Option<Self> {
        Some(match words {
            12 => WordCount::W12,
            15 => WordCount::W15,
            18 => WordCount::W18,
            21 => WordCount::W21,
            24 => WordCount::W24,
            _ => return None,
        })
    }

    /// Number of words.
    pub fn words(self) -> usize {
        match self {
            WordCount::W12 => 12,
            WordCount::W15 => 15,
            WordCount::W18 => 18,
            WordCount::W21 => 21,
            WordCount::W24 => 24,
        }
    }

    /// Entropy in bytes (4 bytes per 3 words).
    pub fn entropy_bytes(self) -> usize {
        self.words() / 3 * 4
    }

    /// Dice rolls needed to reach the entropy size: bits / log2(6), rounded (50 for 128 bits,
    /// 99 for 256, as hardware wallets ask).
    pub fn min_dice_rolls(self) -> usize {
        let bits = (self.entropy_bytes() * 8) as f64;
        (bits / 6f64.log2()).round() as usize
    }
}

/// Why a mnemonic could not be read. Messages never contain the typed words; they name
/// positions (1-based) and, for a misspelling, the nearest words of the list.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// Nothing to read.
    #[error("no words were given")]
    Empty,
    /// Not 12, 15, 18, 21 or 24 words.
    #[error("{0} words were given; a BIP-39 mnemonic has 12, 15, 18, 21 or 24 words")]
    BadWordCount(usize),
    /// A word is in none of the candidate lists.
    #[error("word {position} is not in the {language} wordlist{}", suggest(.nearest))]
    UnknownWord {
        /// 1-based position.
        position: usize,
        /// The list the other words came from.
        language: Language,
        /// The closest words of that list.
        nearest: Vec<&'static str>,
    },
    /// Every word is known, but not all in one list.
    #[error("the words come from different wordlists ({}); a mnemonic uses one list only", names(.0))]
    MixedLanguages(Vec<Language>),
    /// The words fit several lists and the checksum holds in more than one.
    #[error("the words are valid in several wordlists ({}); say which with --language", names(.0))]
    AmbiguousLanguage(Vec<Language>),
    /// All words are known but the last bits do not match: a word is wrong or out of order.
    #[error("the checksum does not match ({language} wordlist): a word is wrong or two words are swapped; `seedsafe repair` can search for the mistake")]
    BadChecksum {
        /// The list the words came from.
        language: Language,
    },
}

fn suggest(nearest: &[&str]) -> String {
    if nearest.is_empty() {
        String::new()
    } else {
        format!("; nearest words: {}", nearest.join(", "))
    }
}

fn names(langs: &[Language]) -> String {
    langs.iter().map(|l| l.name()).collect::<Vec<_>>().join(", ")
}

/// A valid BIP-39 mnemonic and its language.
#[derive(Clone, PartialEq, Eq)]
pub struct Mnemonic {
    inner: ::bip39::Mnemonic,
    language: Language,
}

impl fmt::Debug for Mnemonic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl Mnemonic {
    /// Encodes entropy (16 to 32 bytes, a multiple of 4) as words.
    pub fn from_entropy(entropy: &[u8], language: Language) -> Result<Self, EntropyError> {
        let inner = ::bip39::Mnemonic::from_entropy_in(language.to_bip39(), entropy)
            .map_err(|_| EntropyError(entropy.len()))?;
        Ok(Mnemonic { inner, language })
    }

    /// A new mnemonic from the operating system's CSPRNG.
    pub fn generate(words: WordCount, language: Language) -> Self {
        let mut entropy = Zeroizing::new([0u8; 32]);
        rand::rngs::OsRng.fill_bytes(&mut entropy[..]);
        Self::from_entropy(&entropy[..words.entropy_bytes()], language)
            .unwrap_or_else(|_| unreachable!("word counts map to valid entropy sizes"))
    }

    /// A new mnemonic from dice rolls, mixed with OS randomness unless `dice_only`.
    ///
    /// Entropy is SHA-256 of the rolls written as ASCII digits (with 32 OS random bytes in
    /// front when mixing), truncated to the size. Dice-only output can be checked by hand
    /// with `printf %s ROLLS | sha256sum`, as Coldcard does.
    pub fn from_dice(
        rolls: &DiceRolls,
        words: WordCount,
        language: Language,
        dice_only: bool,
    ) -> Result<Self, DiceError> {
        let needed = words.min_dice_rolls();
        if rolls.0.len() < needed {
            return Err(DiceError::TooFew { given: rolls.0.len(), needed, words: words.words() });
        }
        let mut hasher = Sha256::new();
        if !dice_only {
            let mut os = Zeroizing::new([0u8; 32]);
            rand::rngs::OsRng.fill_bytes(&mut os[..]);
            hasher.update(&os[..]);
        }
        hasher.update(rolls.0.as_bytes());
        let digest = Zeroizing::new(<[u8; 32]>::from(hasher.finalize()));
        Ok(Self::from_entropy(&digest[..words.entropy_bytes()], language)
            .unwrap_or_else(|_| unreachable!("word counts map to valid entropy sizes")))
    }

    /// Reads a mnemonic typed by a person.
    ///
    /// With `language` unset every wordlist is tried. Words are NFKD-normalised and
    /// lower-cased, separated by any whitespace, and may be given as unique prefixes of four
    /// letters or more (or without accents).
    pub fn parse(text: &str, language: Option<Language>) -> Result<Self, ParseError> {
        let normalized = Zeroizing::new(wordlist::normalize(text));
        let tokens: Vec<&str> = normalized.split_whitespace().collect();
        if tokens.is_empty() {
            return Err(ParseError::Empty);
        }
        if WordCount::new(tokens.len()).is_none() {
            return Err(ParseError::BadWordCount(tokens.len()));
        }
        let candidates: Vec<Language> = match language {
            Some(l) => vec![l],
            None => Language::ALL.to_vec(),
        };
        let mut resolved: Vec<(Language, Zeroizing<Vec<u16>>)> = Vec::new();
        for lang in &candidates {
            let indices: Option<Vec<u16>> = tokens.iter().map(|t| lang.resolve(t)).collect();
            if let Some(indices) = indices {
                resolved.push((*lang, Zeroizing::new(indices)));
            }
        }
        if resolved.is_empty() {
            return Err(unresolved_error(&tokens, &candidates));
        }
        let valid: Vec<Mnemonic> =
            resolved.iter().filter_map(|(lang, indices)| Self::from_indices(indices, *lang)).collect();
        match valid.len() {
            0 => Err(ParseError::BadChecksum { language: resolved[0].0 }),
            1 => Ok(valid.into_iter().next().unwrap_or_else(|| unreachable!())),
            _ => Err(ParseError::AmbiguousLanguage(valid.iter().map(|m| m.language).collect())),
        }
    }

    /// Builds a mnemonic from word indices, or `None` when the checksum fails.
    pub fn from_indices(indices: &[u16], language: Language) -> Option<Self> {
        let words = language.words();
        let phrase = Zeroizing::new(
            indices
                .iter()
                .map(|i| words.get(usize::from(*i)).copied())
                .collect::<Option<Vec<_>>>()?
                .join(" "),
        );
        let inner = ::bip39::Mnemonic::parse_in_normalized(language.to_bip39(), &phrase).ok()?;
        Some(Mnemonic { inner, language })
    }

    /// The wordlist.
    pub fn language(&self) -> Language {
        self.language
    }

    /// Number of words.
    pub fn word_count(&self) -> usize {
        self.inner.word_count()
    }

    /// The words, in order.
    pub fn words(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.inner.words()
    }

    /// Word indices (0..2048), as SeedQR and the recovery search use them.
    pub fn word_indices(&self) -> Zeroizing<Vec<u16>> {
        Zeroizing::new(self.inner.word_indices().map(|i| i as u16).collect())
    }

    /// The words joined as wallets print them.
    pub fn phrase(&self) -> Zeroizing<String> {
        Zeroizing::new(self.words().collect::<Vec<_>>().join(self.language.separator()))
    }

    /// The entropy the words encode.
    pub fn entropy(&self) -> Zeroizing<Vec<u8>> {
        Zeroizing::new(self.inner.to_entropy())
    }

    /// The BIP-39 seed: PBKDF2-HMAC-SHA512 of the NFKD words and "mnemonic" + NFKD passphrase.
    pub fn to_seed(&self, passphrase: &Passphrase) -> Seed {
        let mut bytes = self.inner.to_seed(passphrase.expose());
        let seed = Seed::new(bytes.to_vec());
        zeroize::Zeroize::zeroize(&mut bytes);
        seed
    }
}

fn unresolved_error(tokens: &[&str], candidates: &[Language]) -> ParseError {
    let known: Vec<Vec<Language>> = tokens
        .iter()
        .map(|t| candidates.iter().copied().filter(|l| l.resolve(t).is_some()).collect())
        .collect();
    // The list most words belong to is the one the person meant.
    let best = candidates
        .iter()
        .copied()
        .max_by_key(|l| (known.iter().filter(|k| k.contains(l)).count(), usize::MAX - l.index()))
        .unwrap_or(Language::English);
    if known.iter().all(|k| !k.is_empty()) && candidates.len() > 1 {
        let mut langs: Vec<Language> = Vec::new();
        for k in &known {
            if !k.iter().any(|l| langs.contains(l)) {
                let pick = if k.contains(&best) { best } else { k[0] };
                langs.push(pick);
            }
        }
        langs.sort();
        return ParseError::MixedLanguages(langs);
    }
    let position = known.iter().position(|k| !k.contains(&best)).unwrap_or(0);
    ParseError::UnknownWord {
        position: position + 1,
        language: best,
        nearest: best.nearest(tokens[position], 3),
    }
}

/// Entropy of a size BIP-39 does not allow.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0} bytes of entropy; BIP-39 takes 16, 20, 24, 28 or 32")]
pub struct EntropyError(pub usize);

/// Dice rolls, each 1 to 6. Held as their ASCII digits, which is also what gets hashed.
#[derive(Clone, zeroize::Zeroize, zeroize::ZeroizeOnDrop)]
pub struct DiceRolls(String);

impl fmt::Debug for DiceRolls {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl DiceRolls {
    /// Reads rolls written as digits 1-6; spaces, commas and line breaks are ignored.
    pub fn parse(text: &str) -> Result<Self, DiceError> {
        let mut rolls = String::with_capacity(text.len());
        for (i, c) in text.chars().filter(|c| !c.is_whitespace() && *c != ',').enumerate() {
            if !('1'..='6').contains(&c) {
                return Err(DiceError::BadRoll { position: i + 1 });
            }
            rolls.push(c);
        }
        Ok(DiceRolls(rolls))
    }

    /// Number of rolls.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether no roll was given.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Bad dice input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DiceError {
    /// A character other than 1-6.
    #[error("roll {position} is not a number from 1 to 6")]
    BadRoll {
        /// 1-based position among the rolls.
        position: usize,
    },
    /// Not enough rolls for the entropy asked for.
    #[error("{given} dice rolls were given; {words} words need at least {needed}")]
    TooFew {
        /// Rolls read.
        given: usize,
        /// Rolls required.
        needed: usize,
        /// Words asked for.
        words: usize,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    const ABOUT: &str =
        "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";

    #[test]
    fn parses_with_prefixes_case_and_whitespace() {
        let m = Mnemonic::parse(
            "  ABAN aban\tabandon abandon\nabandon abandon abandon abandon abandon abandon abandon abou ",
            None,
        )
        .expect("valid");
        assert_eq!(&*m.phrase(), ABOUT);
        assert_eq!(m.language(), Language::English);
    }

    #[test]
    fn errors_name_positions_and_suggestions() {
        let e = Mnemonic::parse(&ABOUT.replacen("abandon", "abandn", 1), None).unwrap_err();
        assert_eq!(
            e,
            ParseError::UnknownWord { position: 1, language: Language::English, nearest: vec!["abandon"] }
        );
        let e = Mnemonic::parse(&ABOUT.replace("about", "abandon"), None).unwrap_err();
        assert_eq!(e, ParseError::BadChecksum { language: Language::English });
        assert_eq!(Mnemonic::parse("abandon about", None).unwrap_err(), ParseError::BadWordCount(2));
        assert_eq!(Mnemonic::parse(" \n", None).unwrap_err(), ParseError::Empty);
    }

    #[test]
    fn mixed_languages_are_named() {
        let mut words: Vec<&str> = ABOUT.split(' ').collect();
        words[3] = "あいこくしん";
        let e = Mnemonic::parse(&words.join(" "), None).unwrap_err();
        assert_eq!(e, ParseError::MixedLanguages(vec![Language::English, Language::Japanese]));
    }

    #[test]
    fn dice_only_is_reproducible_by_hand() {
        let rolls = DiceRolls::parse(&"123456".repeat(9)).expect("digits");
        assert_eq!(rolls.len(), 54);
        let a = Mnemonic::from_dice(&rolls, WordCount::W12, Language::English, true).expect("enough");
        let digest = Sha256::digest("123456".repeat(9).as_bytes());
        assert_eq!(&a.entropy()[..], &digest[..16]);
        let b = Mnemonic::from_dice(&rolls, WordCount::W12, Language::English, false).expect("enough");
        assert_ne!(a.entropy(), b.entropy());
        assert!(matches!(
            Mnemonic::from_dice(&rolls, WordCount::W24, Language::English, true),
            Err(DiceError::TooFew { given: 54, needed: 99, words: 24 })
        ));
        assert_eq!(DiceRolls::parse("1 2 7").unwrap_err(), DiceError::BadRoll { position: 3 });
        assert_eq!(WordCount::W12.min_dice_rolls(), 50);
    }

    #[test]
    fn language_names_round_trip() {
        for l in Language::ALL {
            assert_eq!(l.name().parse::<Language>(), Ok(l));
        }
        assert!("klingon".parse::<Language>().is_err());
    }
}

//! What a person remembers of their words, written as a pattern: one token per word.
//!
//! | token | means |
//! | --- | --- |
//! | `word` (or its first four letters) | this word |
//! | `?` or `*` | any word of the list |
//! | `ab?` or `ab*` | an illegible word starting with these letters |
//! | `{word\|word\|ab*}` | one of these |
//! | `~word` | this word may be misspelled: words within two edits of it, or sharing its first four letters |
//!
//! Errors name positions (1-based), never the typed words: a pattern is a partial secret.

use std::fmt;

use seedsafe_core::bip39::Language;
use seedsafe_core::{slip39, wordlist};

/// Largest edit distance a `~word` reaches.
pub const FUZZY_DISTANCE: usize = 2;

/// The list the words come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Wordlist {
    /// A BIP-39 list (also used by Electrum seeds).
    Bip39(Language),
    /// The SLIP-39 list of 1024 words.
    Slip39,
}

impl Wordlist {
    /// The words, in index order.
    pub fn words(self) -> &'static [&'static str] {
        match self {
            Wordlist::Bip39(l) => l.words(),
            Wordlist::Slip39 => slip39::wordlist(),
        }
    }

    /// The words without accents, for matching what people type.
    pub fn folded(self) -> Vec<String> {
        self.words().iter().map(|w| wordlist::fold(w)).collect()
    }

    /// Its name in messages.
    pub fn name(self) -> &'static str {
        match self {
            Wordlist::Bip39(l) => l.name(),
            Wordlist::Slip39 => "SLIP-39",
        }
    }
}

impl fmt::Display for Wordlist {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What one token of a pattern stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SlotKind {
    /// A word that is known.
    Known,
    /// `?`: any word.
    Any,
    /// `ab?`: words starting with some letters.
    Prefix,
    /// `{a|b}`: alternatives.
    Choice,
    /// `~word`: a possibly misspelled word.
    Fuzzy,
}

/// One position of the mnemonic and the word indexes it may hold, in ascending order.
#[derive(Clone, PartialEq, Eq)]
pub struct Slot {
    /// The form of the token.
    pub kind: SlotKind,
    /// Indexes into the wordlist.
    pub words: Vec<u16>,
}

impl fmt::Debug for Slot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The candidates of a slot are part of the secret.
        write!(f, "Slot({:?}, {} words)", self.kind, self.words.len())
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        // The words a person remembers are part of their secret.
        zeroize::Zeroize::zeroize(&mut self.words);
    }
}

impl Slot {
    /// Any word of a list of `size` words.
    pub fn any(size: usize) -> Slot {
        Slot { kind: SlotKind::Any, words: (0..size as u16).collect() }
    }
}

/// A parsed pattern: its wordlist and one slot per written token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    /// The wordlist.
    pub wordlist: Wordlist,
    /// The slots, in the order written.
    pub slots: Vec<Slot>,
}

/// Why a pattern cannot be searched. Positions are 1-based; no variant holds typed words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatternError {
    /// Nothing was given.
    #[error("the pattern is empty; write one token per word, e.g. `? zoo ab* ~wrod ...`")]
    Empty,
    /// A word that is in no list.
    #[error("word {position} is not in the {wordlist} wordlist{}; write ~word to search the words near it, or ? for any word", suggest(.nearest))]
    UnknownWord {
        /// 1-based position.
        position: usize,
        /// The list the other words come from.
        wordlist: Wordlist,
        /// The closest words of that list.
        nearest: Vec<&'static str>,
    },
    /// A prefix no word starts with.
    #[error("no word of the {wordlist} wordlist starts with the letters given at position {position}")]
    NoPrefixMatch {
        /// 1-based position.
        position: usize,
        /// The list.
        wordlist: Wordlist,
    },
    /// A malformed token.
    #[error("token {position} is malformed: {reason}")]
    Malformed {
        /// 1-based position.
        position: usize,
        /// What is wrong.
        reason: &'static str,
    },
    /// The words fit several BIP-39 lists.
    #[error("the words fit several wordlists ({}); say which with --language", names(.0))]
    AmbiguousLanguage(Vec<Language>),
}

fn suggest(nearest: &[&str]) -> String {
    if nearest.is_empty() {
        String::new()
    } else {
        format!(" (nearest words: {})", nearest.join(", "))
    }
}

fn names(langs: &[Language]) -> String {
    langs.iter().map(|l| l.name()).collect::<Vec<_>>().join(", ")
}

/// A token before it is matched against a list.
enum Token<'a> {
    Any,
    Prefix(&'a str),
    Choice(Vec<Token<'a>>),
    Fuzzy(&'a str),
    Word(&'a str),
}

fn lex(token: &str, position: usize) -> Result<Token<'_>, PatternError> {
    let malformed = |reason| PatternError::Malformed { position, reason };
    if token == "?" || token == "*" {
        return Ok(Token::Any);
    }
    if let Some(inner) = token.strip_prefix('{') {
        let inner = inner.strip_suffix('}').ok_or(malformed("a { needs its closing }"))?;
        let parts: Vec<Token<'_>> = inner
            .split('|')
            .map(|p| match lex(p, position)? {
                Token::Choice(_) => Err(malformed("alternatives cannot nest")),
                Token::Any => Err(malformed("? inside {...} would make the alternatives pointless")),
                t => Ok(t),
            })
            .collect::<Result<_, _>>()?;
        return Ok(Token::Choice(parts));
    }
    if token.contains(['{', '}', '|']) {
        return Err(malformed("{, } and | only appear as {word|word}"));
    }
    if let Some(word) = token.strip_prefix('~') {
        if word.is_empty() || word.contains(['?', '*', '~']) {
            return Err(malformed("~ is followed by the word as written, like ~wrod"));
        }
        return Ok(Token::Fuzzy(word));
    }
    if let Some(prefix) = token.strip_suffix(['?', '*']) {
        if prefix.contains(['?', '*']) {
            return Err(malformed("? and * stand for a whole word or end a prefix, like ab?"));
        }
        return Ok(Token::Prefix(prefix));
    }
    if token.contains(['?', '*']) {
        return Err(malformed("? and * stand for a whole word or end a prefix, like ab?"));
    }
    Ok(Token::Word(token))
}

/// Word lookup in one list.
struct Matcher {
    list: Wordlist,
    words: &'static [&'static str],
    folded: Vec<String>,
}

impl Matcher {
    fn new(list: Wordlist) -> Self {
        Matcher { list, words: list.words(), folded: list.folded() }
    }

    fn resolve(&self, word: &str) -> Option<u16> {
        wordlist::resolve(word, self.words, &self.folded).map(|i| i as u16)
    }

    fn prefixed(&self, prefix: &str) -> Vec<u16> {
        let prefix = wordlist::fold(prefix);
        (0..self.words.len()).filter(|&i| self.folded[i].starts_with(&prefix)).map(|i| i as u16).collect()
    }

    fn fuzzy(&self, word: &str) -> Vec<u16> {
        let typed = wordlist::fold(word);
        let typed_chars: Vec<char> = typed.chars().collect();
        let head: String = typed_chars.iter().take(wordlist::MIN_PREFIX_CHARS).collect();
        (0..self.words.len())
            .filter(|&i| {
                let w = &self.folded[i];
                (typed_chars.len() >= wordlist::MIN_PREFIX_CHARS && w.starts_with(&head))
                    || wordlist::levenshtein(&typed_chars, &w.chars().collect::<Vec<_>>()) <= FUZZY_DISTANCE
            })
            .map(|i| i as u16)
            .collect()
    }

    /// The slot for a token, or the error of the first word that fails.
    fn slot(&self, token: &Token<'_>, position: usize) -> Result<Slot, PatternError> {
        let unknown = |w: &str| PatternError::UnknownWord {
            position,
            wordlist: self.list,
            nearest: wordlist::nearest(w, self.words, &self.folded, 3),
        };
        let (kind, mut words) = match token {
            Token::Any => (SlotKind::Any, (0..self.words.len() as u16).collect()),
            Token::Word(w) => (SlotKind::Known, vec![self.resolve(w).ok_or_else(|| unknown(w))?]),
            Token::Prefix(p) => (SlotKind::Prefix, self.prefixed(p)),
            Token::Fuzzy(w) => (SlotKind::Fuzzy, self.fuzzy(w)),
            Token::Choice(parts) => {
                let mut all = Vec::new();
                for p in parts {
                    all.extend_from_slice(&self.slot(p, position)?.words);
                }
                (SlotKind::Choice, all)
            }
        };
        words.sort_unstable();
        words.dedup();
        if words.is_empty() {
            return Err(PatternError::NoPrefixMatch { position, wordlist: self.list });
        }
        Ok(Slot { kind, words })
    }
}

/// Parses a pattern. `wordlist` fixes the list; `None` tries the ten BIP-39 lists and keeps
/// the one every known word, prefix and alternative fits (English when nothing decides).
pub fn parse(text: &str, wordlist: Option<Wordlist>) -> Result<Pattern, PatternError> {
    let normalized = zeroize::Zeroizing::new(wordlist::normalize(text));
    let raw: Vec<&str> = normalized.split_whitespace().collect();
    if raw.is_empty() {
        return Err(PatternError::Empty);
    }
    let tokens: Vec<Token<'_>> =
        raw.iter().enumerate().map(|(i, t)| lex(t, i + 1)).collect::<Result<_, _>>()?;
    let parse_with = |list: Wordlist| -> Result<Pattern, PatternError> {
        let m = Matcher::new(list);
        let slots = tokens.iter().enumerate().map(|(i, t)| m.slot(t, i + 1)).collect::<Result<_, _>>()?;
        Ok(Pattern { wordlist: list, slots })
    };
    if let Some(list) = wordlist {
        return parse_with(list);
    }
    let decisive = tokens.iter().any(|t| !matches!(t, Token::Any | Token::Fuzzy(_)));
    if !decisive {
        return parse_with(Wordlist::Bip39(Language::English));
    }
    let mut fits = Vec::new();
    let mut first_error = None;
    for lang in Language::ALL {
        match parse_with(Wordlist::Bip39(lang)) {
            Ok(p) => fits.push(p),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    // Several lists fit (a prefix of one list's word is another's word): the list where
    // more words are written out in full wins.
    if fits.len() > 1 {
        let whole = |p: &Pattern| {
            let folded = p.wordlist.folded();
            tokens
                .iter()
                .filter(|t| matches!(t, Token::Word(w) if folded.contains(&wordlist::fold(w))))
                .count()
        };
        let best = fits.iter().map(whole).max().unwrap_or(0);
        fits.retain(|p| whole(p) == best);
    }
    match fits.len() {
        0 => Err(best_error(&tokens).or(first_error).unwrap_or(PatternError::Empty)),
        1 => Ok(fits.remove(0)),
        _ => Err(PatternError::AmbiguousLanguage(
            fits.iter()
                .filter_map(|p| match p.wordlist {
                    Wordlist::Bip39(l) => Some(l),
                    Wordlist::Slip39 => None,
                })
                .collect(),
        )),
    }
}

/// The error to show when no list fits: from the list most known words belong to.
fn best_error(tokens: &[Token<'_>]) -> Option<PatternError> {
    let best = Language::ALL.into_iter().max_by_key(|l| {
        let m = Matcher::new(Wordlist::Bip39(*l));
        let fit = tokens.iter().enumerate().filter(|(i, t)| m.slot(t, i + 1).is_ok()).count();
        (fit, usize::MAX - Language::ALL.iter().position(|x| x == l).unwrap_or(0))
    })?;
    let m = Matcher::new(Wordlist::Bip39(best));
    tokens.iter().enumerate().find_map(|(i, t)| m.slot(t, i + 1).err())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn english() -> Option<Wordlist> {
        Some(Wordlist::Bip39(Language::English))
    }

    #[test]
    fn token_forms() {
        let p = parse("zoo ? ab* {zoo|able} ~abandn aban", english()).expect("valid");
        assert_eq!(p.slots[0].words, vec![2047]);
        assert_eq!(p.slots[1].words.len(), 2048);
        assert_eq!(p.slots[2].kind, SlotKind::Prefix);
        assert!(p.slots[2].words.len() > 3 && p.slots[2].words.contains(&0));
        assert_eq!(p.slots[3].words, vec![2, 2047]);
        assert!(p.slots[4].words.contains(&0), "~abandn reaches abandon");
        assert_eq!(p.slots[5].words, vec![0]);
    }

    #[test]
    fn errors_name_positions_not_words() {
        let e = parse("zoo zooo abandn", english()).unwrap_err();
        assert!(matches!(e, PatternError::UnknownWord { position: 2, .. }));
        assert!(!e.to_string().contains("zooo"));
        assert!(matches!(parse("zoo xq?", english()), Err(PatternError::NoPrefixMatch { position: 2, .. })));
        assert!(matches!(parse("{zoo|able", english()), Err(PatternError::Malformed { position: 1, .. })));
        assert!(matches!(parse("a?b", english()), Err(PatternError::Malformed { .. })));
        assert_eq!(parse("  ", english()), Err(PatternError::Empty));
    }

    #[test]
    fn language_is_detected() {
        let p = parse("? あいこくしん ?", None).expect("japanese");
        assert_eq!(p.wordlist, Wordlist::Bip39(Language::Japanese));
        let p = parse("abandon ? about", None).expect("english, where about is a whole word");
        assert_eq!(p.wordlist, Wordlist::Bip39(Language::English));
        assert!(matches!(
            parse("abandon abandon ?", None),
            Err(PatternError::AmbiguousLanguage(l)) if l == [Language::English, Language::French]
        ));
        let p = parse("? ? ~abandn", None).expect("english by default");
        assert_eq!(p.wordlist, Wordlist::Bip39(Language::English));
    }
}

//! Word matching shared by every mnemonic format: Unicode folding, unique prefixes and the
//! nearest words for a misspelling.

use unicode_normalization::UnicodeNormalization;

/// NFKD and lower case: the form BIP-39 compares words in.
pub fn normalize(word: &str) -> String {
    word.nfkd().flat_map(char::to_lowercase).collect()
}

/// The word without combining marks, so "almibar" finds "almíbar" and "pajaro" finds "pájaro".
pub fn fold(word: &str) -> String {
    normalize(word).chars().filter(|c| !unicode_normalization::char::is_combining_mark(*c)).collect()
}

/// Shortest typed prefix accepted in place of a whole word (BIP-39 and SLIP-39 both make the
/// first four letters unique).
pub const MIN_PREFIX_CHARS: usize = 4;

/// Finds the index of `token` in `words`: exactly, ignoring accents, or as a unique prefix of
/// at least [`MIN_PREFIX_CHARS`] letters. `folded` is `words` passed through [`fold`].
pub fn resolve(token: &str, words: &[&str], folded: &[String]) -> Option<usize> {
    if let Some(i) = words.iter().position(|w| *w == token) {
        return Some(i);
    }
    let token = fold(token);
    if let Some(i) = unique(folded.iter().enumerate().filter(|(_, w)| **w == token)) {
        return Some(i);
    }
    if token.chars().count() >= MIN_PREFIX_CHARS {
        return unique(folded.iter().enumerate().filter(|(_, w)| w.starts_with(token.as_str())));
    }
    None
}

fn unique<'a>(mut it: impl Iterator<Item = (usize, &'a String)>) -> Option<usize> {
    let (i, _) = it.next()?;
    it.next().is_none().then_some(i)
}

/// Up to `limit` words of the list closest to `token` by edit distance (ties broken by a
/// shared prefix), for "did you mean" messages.
pub fn nearest<'w>(token: &str, words: &[&'w str], folded: &[String], limit: usize) -> Vec<&'w str> {
    let token: Vec<char> = fold(token).chars().collect();
    let max_distance = (token.len() / 2).max(2);
    let mut scored: Vec<(usize, usize, usize)> = folded
        .iter()
        .enumerate()
        .filter_map(|(i, w)| {
            let w: Vec<char> = w.chars().collect();
            let d = levenshtein(&token, &w);
            let shared = token.iter().zip(&w).take_while(|(a, b)| a == b).count();
            (d <= max_distance).then_some((d, usize::MAX - shared, i))
        })
        .collect();
    scored.sort_unstable();
    // Only the closest matches: a word two edits away is noise next to one a single edit away.
    let best = scored.first().map_or(0, |s| s.0);
    scored.into_iter().take_while(|s| s.0 == best).take(limit).map(|(_, _, i)| words[i]).collect()
}

/// Damerau-free Levenshtein distance over characters.
pub fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| fold(w)).collect()
    }

    #[test]
    fn resolves_exact_accentless_and_prefix() {
        let words = ["abandon", "ability", "almíbar", "zoo"];
        let f = folded(&words);
        assert_eq!(resolve("zoo", &words, &f), Some(3));
        assert_eq!(resolve("almibar", &words, &f), Some(2));
        assert_eq!(resolve("aban", &words, &f), Some(0));
        assert_eq!(resolve("ab", &words, &f), None);
        assert_eq!(resolve("abx", &words, &f), None);
    }

    #[test]
    fn nearest_prefers_small_edits() {
        let words = ["abandon", "ability", "able", "about"];
        let f = folded(&words);
        assert_eq!(nearest("abandn", &words, &f, 2), vec!["abandon"]);
        assert_eq!(levenshtein(&['a', 'b'], &['b', 'a']), 2);
    }
}

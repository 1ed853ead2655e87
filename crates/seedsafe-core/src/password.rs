//! Passwords that encrypt files (age, keystore, BIP-38): generating strong ones and
//! estimating the strength of typed ones.
//!
//! The estimate is deliberately simple and conservative: the character classes used set the
//! alphabet, long runs and repeats are discounted, and a password made of dictionary words is
//! counted per word. It is a warning light, not a guarantee.

use rand::Rng;
use zeroize::Zeroizing;

use crate::bip39::Language;

/// Below this estimate a typed password gets a warning and must be confirmed.
pub const WEAK_BELOW_BITS: f64 = 64.0;

/// Words in a generated password: 8 words of the 2048-word BIP-39 list, 88 bits.
pub const GENERATED_WORDS: usize = 8;

/// A new password of [`GENERATED_WORDS`] random English BIP-39 words joined by `-`, from
/// the operating system's CSPRNG. Words, because people copy them onto paper correctly.
pub fn generate() -> Zeroizing<String> {
    let words = Language::English.words();
    let mut rng = rand::rngs::OsRng;
    let picked: Vec<&str> = (0..GENERATED_WORDS).map(|_| words[rng.gen_range(0..words.len())]).collect();
    Zeroizing::new(picked.join("-"))
}

/// Bits of a generated password.
pub fn generated_bits() -> f64 {
    GENERATED_WORDS as f64 * 11.0
}

/// A rough strength estimate in bits.
pub fn estimate_bits(password: &str) -> f64 {
    let words: Vec<&str> = password.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let english = Language::English;
    if words.len() >= 2 && words.iter().all(|w| english.resolve(&w.to_lowercase()).is_some()) {
        return words.len() as f64 * 11.0;
    }
    // Several alphabetic words: counted as picks from a large dictionary (about 20,000 words,
    // 14.3 bits each), which is how guessing tools attack them.
    if words.len() >= 2 && words.iter().all(|w| w.chars().all(char::is_alphabetic)) {
        return words.len() as f64 * 20_000f64.log2();
    }
    let chars: Vec<char> = password.chars().collect();
    let mut pool = 0u32;
    if chars.iter().any(|c| c.is_ascii_lowercase()) {
        pool += 26;
    }
    if chars.iter().any(|c| c.is_ascii_uppercase()) {
        pool += 26;
    }
    if chars.iter().any(|c| c.is_ascii_digit()) {
        pool += 10;
    }
    if chars.iter().any(|c| c.is_ascii_punctuation() || *c == ' ') {
        pool += 33;
    }
    if chars.iter().any(|c| !c.is_ascii()) {
        pool += 100;
    }
    // A character that repeats the previous one, or continues a run (abc, 123), adds little.
    let effective = chars
        .iter()
        .enumerate()
        .filter(|(i, c)| {
            *i == 0 || {
                let prev = chars[i - 1] as i64;
                let cur = **c as i64;
                !(cur == prev || cur == prev + 1 || cur == prev - 1)
            }
        })
        .count();
    effective as f64 * f64::from(pool.max(1)).log2()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimates_order_passwords_sensibly() {
        assert!(estimate_bits("password") < WEAK_BELOW_BITS);
        assert!(estimate_bits("aaaaaaaaaaaaaaaaaaaa") < 20.0);
        assert!(estimate_bits("123456789012") < WEAK_BELOW_BITS);
        assert!(estimate_bits("correct horse battery staple") < WEAK_BELOW_BITS);
        assert!(estimate_bits("Tr0ub4dor&3-xQ9!vLp#2mZ") > WEAK_BELOW_BITS);
        let generated = generate();
        assert_eq!(generated.split('-').count(), GENERATED_WORDS);
        assert!(estimate_bits(&generated) >= generated_bits() - 0.1);
        assert_ne!(*generate(), *generated);
    }
}

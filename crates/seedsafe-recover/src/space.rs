//! The search space: every candidate mnemonic (and passphrase) a pattern allows, in one
//! deterministic order, numbered `0..len`. Nothing is listed in memory: a candidate is
//! computed from its number, and the next one by counting.
//!
//! A number splits, most significant first, into
//! - the *arrangement*: where the `--missing` words were inserted (a combination of
//!   positions) and how the words were reordered (a set of disjoint swapped pairs for
//!   `--swaps`, or any permutation for `--unordered`);
//! - the *words*: a mixed-radix counter with one digit per position, each digit choosing
//!   among that position's alternatives, the last position counting fastest;
//! - the *passphrase*, counting fastest of all, so a mnemonic's checksum is tested once for
//!   all the passphrases tried with it.

use crate::pattern::{Pattern, Slot, Wordlist};

/// The most words a mnemonic has (BIP-39: 24; SLIP-39 shares: 33).
pub const MAX_WORDS: usize = 33;

/// How the words may have gone wrong besides what the pattern says.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Mistakes {
    /// Words left out, at unknown positions.
    pub missing: usize,
    /// Up to this many pairs of words swapped.
    pub swaps: usize,
    /// The order is lost: every permutation.
    pub unordered: bool,
}

/// Why a space cannot be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpaceError {
    /// More than 2^128 candidates.
    #[error("the search has more than 2^128 candidates, which no computer can try; fix more words")]
    TooLarge,
    /// Both reorderings at once.
    #[error("--swaps and --unordered cannot be combined: --unordered already tries every order")]
    SwapsAndUnordered,
    /// More words than a mnemonic holds.
    #[error("{0} words is longer than any mnemonic")]
    TooLong(usize),
}

/// A search space over a pattern.
#[derive(Clone, Debug)]
pub struct Space {
    slots: Vec<Slot>,
    any: Slot,
    length: usize,
    mistakes: Mistakes,
    insertions: u128,
    orders: u128,
    /// Number of reorderings with exactly `k` swapped pairs, `k = 0..=swaps`.
    swap_blocks: Vec<u128>,
    matchings: Vec<Vec<u128>>,
    words: u128,
    passphrases: u128,
    total: u128,
}

fn checked_product(it: impl IntoIterator<Item = u128>) -> Result<u128, SpaceError> {
    it.into_iter().try_fold(1u128, |acc, x| acc.checked_mul(x)).ok_or(SpaceError::TooLarge)
}

/// n choose k.
fn binomial(n: usize, k: usize) -> u128 {
    if k > n {
        return 0;
    }
    (0..k).fold(1u128, |acc, i| acc * (n - i) as u128 / (i + 1) as u128)
}

/// `m[n][k]`: ways to pick `k` disjoint pairs among `n` positions.
fn matching_table(n: usize, kmax: usize) -> Vec<Vec<u128>> {
    let mut m = vec![vec![0u128; kmax + 1]; n + 1];
    for i in 0..=n {
        m[i][0] = 1;
        for k in 1..=kmax {
            let without = if i >= 1 { m[i - 1][k] } else { 0 };
            let with = if i >= 2 { (i as u128 - 1).saturating_mul(m[i - 2][k - 1]) } else { 0 };
            m[i][k] = without.saturating_add(with);
        }
    }
    m
}

impl Space {
    /// The space of `pattern` with `mistakes`, and `passphrases` passphrases per mnemonic.
    pub fn new(pattern: &Pattern, mistakes: Mistakes, passphrases: u128) -> Result<Space, SpaceError> {
        if mistakes.swaps > 0 && mistakes.unordered {
            return Err(SpaceError::SwapsAndUnordered);
        }
        let length = pattern.slots.len() + mistakes.missing;
        if length > MAX_WORDS {
            return Err(SpaceError::TooLong(length));
        }
        let any = Slot::any(pattern.wordlist.words().len());
        // With --unordered the positions of the missing words do not matter: every order
        // is tried anyway.
        let insertions = if mistakes.unordered { 1 } else { binomial(length, mistakes.missing) };
        let swaps = mistakes.swaps.min(length / 2);
        let matchings = matching_table(length, swaps);
        let swap_blocks: Vec<u128> = (0..=swaps).map(|k| matchings[length][k]).collect();
        let orders = if mistakes.unordered {
            checked_product((1..=length).map(|i| i as u128))?
        } else {
            swap_blocks.iter().try_fold(0u128, |a, b| a.checked_add(*b)).ok_or(SpaceError::TooLarge)?
        };
        let words = checked_product(
            pattern
                .slots
                .iter()
                .map(|s| s.words.len() as u128)
                .chain(std::iter::repeat_n(any.words.len() as u128, mistakes.missing)),
        )?;
        let total = checked_product([insertions, orders, words, passphrases.max(1)])?;
        Ok(Space {
            slots: pattern.slots.clone(),
            any,
            length,
            mistakes,
            insertions,
            orders,
            swap_blocks,
            matchings,
            words,
            passphrases: passphrases.max(1),
            total,
        })
    }

    /// Number of candidates (mnemonic and passphrase pairs).
    pub fn len(&self) -> u128 {
        self.total
    }

    /// Whether there is nothing to try.
    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// Number of candidate mnemonics (word sequences), without the passphrases.
    pub fn mnemonics(&self) -> u128 {
        self.total / self.passphrases
    }

    /// Passphrases tried with each mnemonic.
    pub fn passphrases(&self) -> u128 {
        self.passphrases
    }

    /// Words in each candidate.
    pub fn length(&self) -> usize {
        self.length
    }

    /// The mistakes searched for.
    pub fn mistakes(&self) -> Mistakes {
        self.mistakes
    }

    fn arrangements(&self) -> u128 {
        self.insertions * self.orders
    }

    /// A cursor on candidate `index` (`index < len()`).
    pub fn cursor(&self, index: u128) -> Cursor<'_> {
        let mut c = Cursor {
            space: self,
            order: vec![0; self.length],
            digits: vec![0; self.length],
            words: vec![0; self.length],
            arrangement: 0,
            passphrase: index % self.passphrases,
        };
        let rest = index / self.passphrases;
        c.arrangement = rest / self.words;
        c.arrange();
        let mut w = rest % self.words;
        for pos in (0..self.length).rev() {
            let radix = c.slot(pos).words.len() as u128;
            c.digits[pos] = (w % radix) as u16;
            w /= radix;
        }
        c.fill_words();
        c
    }

    /// The slot of id `id`: the given slots first, then the inserted "any word" slot.
    fn slot_of(&self, id: usize) -> &Slot {
        self.slots.get(id).unwrap_or(&self.any)
    }

    /// Positions of the inserted words for insertion number `r` (combinations in
    /// lexicographic order).
    fn insertion_positions(&self, mut r: u128) -> Vec<usize> {
        let (n, mut k) = (self.length, self.mistakes.missing);
        let mut out = Vec::with_capacity(k);
        let mut pos = 0;
        while k > 0 {
            let rest = binomial(n - pos - 1, k - 1);
            if r < rest {
                out.push(pos);
                k -= 1;
            } else {
                r -= rest;
            }
            pos += 1;
        }
        out
    }

    /// The disjoint pairs of reordering number `r` (`r < orders`).
    fn swap_pairs(&self, mut r: u128) -> Vec<(usize, usize)> {
        let mut k = 0;
        while k < self.swap_blocks.len() && r >= self.swap_blocks[k] {
            r -= self.swap_blocks[k];
            k += 1;
        }
        let mut remaining: Vec<usize> = (0..self.length).collect();
        let mut pairs = Vec::with_capacity(k);
        while k > 0 {
            let n = remaining.len();
            let unmatched = self.matchings[n - 1][k];
            let v = remaining.remove(0);
            if r < unmatched {
                continue;
            }
            r -= unmatched;
            let per = self.matchings[n - 2][k - 1];
            let partner = remaining.remove((r / per) as usize);
            r %= per;
            pairs.push((v, partner));
            k -= 1;
        }
        pairs
    }

    /// Permutation number `r` of `length` items (factorial number system).
    fn permutation(&self, mut r: u128) -> Vec<usize> {
        let mut items: Vec<usize> = (0..self.length).collect();
        let mut out = Vec::with_capacity(self.length);
        for i in (0..self.length).rev() {
            let f: u128 = (1..=i as u128).product();
            out.push(items.remove((r / f) as usize));
            r %= f;
        }
        out
    }
}

/// A position in a [`Space`] that counts forward.
#[derive(Clone)]
pub struct Cursor<'a> {
    space: &'a Space,
    /// `order[pos]`: the slot id at each position.
    order: Vec<usize>,
    digits: Vec<u16>,
    words: Vec<u16>,
    arrangement: u128,
    passphrase: u128,
}

impl Cursor<'_> {
    fn slot(&self, pos: usize) -> &Slot {
        self.space.slot_of(self.order[pos])
    }

    fn arrange(&mut self) {
        let s = self.space;
        let insertion = self.arrangement / s.orders;
        let reorder = self.arrangement % s.orders;
        let inserted = if s.mistakes.unordered {
            (s.slots.len()..s.length).collect::<Vec<_>>()
        } else {
            s.insertion_positions(insertion)
        };
        let mut given = 0..s.slots.len();
        let mut base: Vec<usize> = (0..s.length)
            .map(|pos| {
                if s.mistakes.unordered || !inserted.contains(&pos) {
                    given.next().unwrap_or(s.slots.len())
                } else {
                    s.slots.len()
                }
            })
            .collect();
        if s.mistakes.unordered {
            let perm = s.permutation(reorder);
            self.order = perm.iter().map(|&i| base[i]).collect();
        } else {
            for (a, b) in s.swap_pairs(reorder) {
                base.swap(a, b);
            }
            self.order = base;
        }
    }

    fn fill_words(&mut self) {
        for pos in 0..self.space.length {
            self.words[pos] = self.slot(pos).words[usize::from(self.digits[pos])];
        }
    }

    /// The word indexes of the current candidate.
    pub fn words(&self) -> &[u16] {
        &self.words
    }

    /// The passphrase number of the current candidate.
    pub fn passphrase(&self) -> u128 {
        self.passphrase
    }

    /// Moves to the next mnemonic, passphrase 0; `false` past the end of the space.
    pub fn next_mnemonic(&mut self) -> bool {
        self.passphrase = 0;
        for pos in (0..self.space.length).rev() {
            let radix = self.slot(pos).words.len();
            let d = usize::from(self.digits[pos]) + 1;
            if d < radix {
                self.digits[pos] = d as u16;
                self.words[pos] = self.slot(pos).words[d];
                return true;
            }
            self.digits[pos] = 0;
            self.words[pos] = self.slot(pos).words[0];
        }
        self.arrangement += 1;
        if self.arrangement >= self.space.arrangements() {
            return false;
        }
        self.arrange();
        self.fill_words();
        true
    }
}

/// The part of a space one machine of an array job searches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    /// 1-based part number.
    pub index: u64,
    /// Number of parts.
    pub count: u64,
}

/// A `--shard` value that is not `i/n` with `1 <= i <= n`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a shard is written i/n, the part number i from 1 to n, like 3/8")]
pub struct ShardError;

impl std::str::FromStr for Shard {
    type Err = ShardError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (i, n) = s.trim().split_once('/').ok_or(ShardError)?;
        let index: u64 = i.trim().parse().map_err(|_| ShardError)?;
        let count: u64 = n.trim().parse().map_err(|_| ShardError)?;
        if count == 0 || index == 0 || index > count {
            return Err(ShardError);
        }
        Ok(Shard { index, count })
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl Shard {
    /// The whole space as one part.
    pub const WHOLE: Shard = Shard { index: 1, count: 1 };

    /// The candidate numbers of this part of a space of `total`: contiguous, the parts
    /// together covering `0..total` exactly once, sizes differing by at most one.
    pub fn range(self, total: u128) -> std::ops::Range<u128> {
        let n = u128::from(self.count);
        let (q, r) = (total / n, total % n);
        let start = |i: u128| q * i + i.min(r);
        start(u128::from(self.index) - 1)..start(u128::from(self.index))
    }
}

/// The words of a space's wordlist, for turning indexes into text.
pub fn words_of(list: Wordlist, indexes: &[u16]) -> Vec<&'static str> {
    let words = list.words();
    indexes.iter().map(|&i| words[usize::from(i)]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pattern;
    use seedsafe_core::bip39::Language;

    fn pat(text: &str) -> Pattern {
        pattern::parse(text, Some(Wordlist::Bip39(Language::English))).expect("valid")
    }

    /// Walking with next_mnemonic visits exactly the candidates cursor(i) decodes.
    fn walk_matches_decode(space: &Space) {
        let mut c = space.cursor(0);
        let mut seen = std::collections::HashSet::new();
        for i in 0..space.len() {
            let fresh = space.cursor(i);
            assert_eq!(fresh.words(), c.words(), "index {i}");
            seen.insert(c.words().to_vec());
            let more = c.next_mnemonic();
            assert_eq!(more, i + 1 < space.len());
        }
        assert!(seen.len() as u128 <= space.len());
    }

    #[test]
    fn counts_and_orders() {
        let p = pat("zoo {able|zoo} ? abandon");
        let s = Space::new(&p, Mistakes::default(), 1).expect("space");
        assert_eq!(s.len(), 2 * 2048);
        assert_eq!(s.cursor(0).words(), &[2047, 2, 0, 0]);
        assert_eq!(s.cursor(1).words(), &[2047, 2, 1, 0]);
        assert_eq!(s.cursor(2048).words(), &[2047, 2047, 0, 0]);
        walk_matches_decode(&s);
    }

    #[test]
    fn swaps_are_all_disjoint_pair_sets() {
        let p = pat("abandon ability able about above absent");
        for (k, expected) in [(1, 1 + 15), (2, 1 + 15 + 45), (3, 1 + 15 + 45 + 15)] {
            let s = Space::new(&p, Mistakes { swaps: k, ..Default::default() }, 1).expect("space");
            assert_eq!(s.len(), expected);
            let all: std::collections::HashSet<Vec<u16>> =
                (0..s.len()).map(|i| s.cursor(i).words().to_vec()).collect();
            assert_eq!(all.len() as u128, s.len(), "distinct orders for {k} swaps");
            walk_matches_decode(&s);
        }
    }

    #[test]
    fn missing_and_unordered() {
        let p = pat("abandon ability able");
        let s = Space::new(&p, Mistakes { missing: 1, ..Default::default() }, 1).expect("space");
        assert_eq!(s.len(), 4 * 2048);
        assert_eq!(s.cursor(5).words(), &[5, 0, 1, 2]);
        assert_eq!(s.cursor(2048 + 5).words(), &[0, 5, 1, 2]);
        walk_matches_decode(&s);
        let s = Space::new(&p, Mistakes { unordered: true, ..Default::default() }, 1).expect("space");
        assert_eq!(s.len(), 6);
        let all: std::collections::HashSet<Vec<u16>> = (0..6).map(|i| s.cursor(i).words().to_vec()).collect();
        assert_eq!(all.len(), 6);
        walk_matches_decode(&s);
    }

    #[test]
    fn passphrases_count_fastest() {
        let p = pat("zoo ?");
        let s = Space::new(&p, Mistakes::default(), 3).expect("space");
        assert_eq!(s.len(), 3 * 2048);
        let c = s.cursor(7);
        assert_eq!((c.words(), c.passphrase()), (&[2047u16, 2][..], 1));
    }

    #[test]
    fn refuses_what_cannot_be() {
        let p = pat("? ? ? ? ? ? ? ? ? ? ? ? ?");
        assert_eq!(
            Space::new(&p, Mistakes { missing: 11, ..Default::default() }, 1).unwrap_err(),
            SpaceError::TooLarge
        );
        assert_eq!(
            Space::new(&p, Mistakes { swaps: 1, unordered: true, ..Default::default() }, 1).unwrap_err(),
            SpaceError::SwapsAndUnordered
        );
    }

    #[test]
    fn shards_parse() {
        assert_eq!("2/8".parse::<Shard>(), Ok(Shard { index: 2, count: 8 }));
        assert!("0/8".parse::<Shard>().is_err());
        assert!("9/8".parse::<Shard>().is_err());
        assert!("x".parse::<Shard>().is_err());
        assert_eq!(Shard { index: 1, count: 3 }.range(10), 0..4);
        assert_eq!(Shard { index: 3, count: 3 }.range(10), 7..10);
    }
}

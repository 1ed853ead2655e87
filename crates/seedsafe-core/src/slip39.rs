//! SLIP-0039: Shamir's Secret-Sharing for Mnemonic Codes.
//!
//! A master secret (16 to 32 bytes) is first encrypted with a passphrase into the
//! *encrypted master secret* (EMS), which is then shared in two levels: the EMS is split
//! into `G` group shares of which `GT` are needed, and each group share is split again into
//! member shares, `T` of `N` needed. Every member share is written as a mnemonic of 20
//! (128-bit secret) to 33 (256-bit secret) words from a fixed list of 1024 words.
//!
//! The spec is <https://github.com/satoshilabs/slips/blob/master/slip-0039.md>, including
//! its 2024 "extendable backup" flag. Behaviour matches the reference implementation
//! (`shamir-mnemonic` 0.3.0) and its test vectors, with two deliberate differences in
//! [`combine`]: the same share given twice is an error instead of being silently merged,
//! and more shares (or groups) than the thresholds are accepted and must all agree.
//!
//! Secret material (share values, group secrets, the EMS and the master secret) lives in
//! [`Zeroizing`] buffers so it is wiped when dropped, and no [`Error`] or `Debug` output
//! ever contains share words or secret bytes. Field arithmetic on secret bytes avoids
//! secret-dependent table look-ups; the log/exp tables are only used on the public share
//! indexes.
//!
//! ```
//! use seedsafe_core::slip39::{combine, split, Share, SplitOptions};
//!
//! let mut opts = SplitOptions::single_group(2, 3); // any 2 of 3 shares
//! opts.iteration_exponent = 0; // fast for the example
//! let groups = split(&[0x42; 16], b"passphrase", &opts)?;
//! let written: Vec<_> = groups[0][1..].iter().map(Share::to_mnemonic).collect();
//! let shares = written.iter().map(|w| Share::parse(w)).collect::<Result<Vec<_>, _>>()?;
//! assert_eq!(combine(&shares, b"passphrase")?.as_slice(), [0x42; 16]);
//! # Ok::<(), seedsafe_core::slip39::Error>(())
//! ```

#![forbid(unsafe_code)]

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};
use std::sync::OnceLock;

use hmac::{Hmac, Mac};
use rand::rngs::OsRng;
use rand::{CryptoRng, RngCore};
use sha2::Sha256;
use zeroize::{Zeroize, Zeroizing};

// ---------------------------------------------------------------------------------------
// Constants (names from the spec and the reference implementation).
// ---------------------------------------------------------------------------------------

/// Bits per mnemonic word; the wordlist has `2^RADIX_BITS` words.
const RADIX_BITS: usize = 10;
/// Mask selecting one word index.
const WORD_MASK: u32 = (1 << RADIX_BITS) - 1;
/// The identifier is 15 bits; the iteration exponent 4 bits; together with the
/// extendable flag they fill the first two words.
const ID_LENGTH_BITS: u32 = 15;
const ITERATION_EXP_LENGTH_BITS: u32 = 4;
const ID_EXP_LENGTH_WORDS: usize = 2;
/// Group index, group threshold, group count, member index, member threshold: 5 x 4 bits.
const SHARE_PARAMS_LENGTH_WORDS: usize = 2;
const CHECKSUM_LENGTH_WORDS: usize = 3;
/// Words of a share that are not the share value.
const METADATA_LENGTH_WORDS: usize = ID_EXP_LENGTH_WORDS + SHARE_PARAMS_LENGTH_WORDS + CHECKSUM_LENGTH_WORDS;
/// Indexes are 4-bit fields, so at most 16 groups and 16 members per group.
const MAX_SHARE_COUNT: u8 = 16;
const MAX_ITERATION_EXPONENT: u8 = (1 << ITERATION_EXP_LENGTH_BITS) - 1;
/// Bytes of HMAC-SHA256 kept as the digest of a shared secret.
const DIGEST_LENGTH_BYTES: usize = 4;
/// x-coordinates of the digest share and of the shared secret itself.
const DIGEST_INDEX: u8 = 254;
const SECRET_INDEX: u8 = 255;
/// PBKDF2 iterations at exponent 0, spread over the Feistel rounds.
const BASE_ITERATION_COUNT: u32 = 10_000;
const ROUND_COUNT: u8 = 4;
/// RS1024 customization strings; "shamir" is also the PBKDF2 salt prefix.
const CUSTOMIZATION_STRING_ORIG: &[u8] = b"shamir";
const CUSTOMIZATION_STRING_EXTENDABLE: &[u8] = b"shamir_extendable";
/// Supported master secret lengths: at least 128 bits (spec), at most 256 bits (what this
/// tool needs), in whole 16-bit units (the Feistel cipher splits the secret in halves).
const MIN_SECRET_BYTES: usize = 16;
const MAX_SECRET_BYTES: usize = 32;
/// Suggestions for a mistyped word are only offered within this edit distance; further
/// away they are noise.
const MAX_SUGGESTION_DISTANCE: usize = 2;
const MAX_SUGGESTIONS: usize = 3;

/// Word counts of valid shares, one per supported secret length (16, 18, ..., 32 bytes).
pub const VALID_WORD_COUNTS: [usize; 9] = valid_word_counts();

const fn valid_word_counts() -> [usize; 9] {
    let mut counts = [0; 9];
    let mut i = 0;
    while i < counts.len() {
        counts[i] = METADATA_LENGTH_WORDS + value_word_count(MIN_SECRET_BYTES + 2 * i);
        i += 1;
    }
    counts
}

/// Words needed for a share value of `byte_len` bytes (left-padded to whole words).
const fn value_word_count(byte_len: usize) -> usize {
    (byte_len * 8).div_ceil(RADIX_BITS)
}

// ---------------------------------------------------------------------------------------
// Public types.
// ---------------------------------------------------------------------------------------

/// One mnemonic share with its decoded metadata.
///
/// The share value is wiped from memory on drop, and `Debug` prints only `[redacted]`,
/// because a share is as sensitive as a fraction of the wallet.
#[derive(Clone)]
pub struct Share {
    identifier: u16,
    extendable: bool,
    iteration_exponent: u8,
    group_index: u8,
    group_threshold: u8,
    group_count: u8,
    member_index: u8,
    member_threshold: u8,
    value: Zeroizing<Vec<u8>>,
}

/// One group of a split: `threshold` of its `count` member shares rebuild the group share.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupSpec {
    /// Member shares needed to rebuild this group's share (1 to `count`).
    pub threshold: u8,
    /// Member shares to create (1 to 16; must be 1 when `threshold` is 1, as the spec says).
    pub count: u8,
}

/// How to split a master secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitOptions {
    /// Groups needed to recover the secret (1 to `groups.len()`).
    pub group_threshold: u8,
    /// The groups, 1 to 16; group `g` gets group index `g`.
    pub groups: Vec<GroupSpec>,
    /// PBKDF2 cost: 10000 x 2^e iterations in total (0 to 15). The reference uses 1.
    pub iteration_exponent: u8,
    /// The 2024 extendable-backup flag: the identifier is left out of the encryption, so
    /// the same encrypted master secret can later be re-shared under new identifiers.
    pub extendable: bool,
}

impl SplitOptions {
    /// A single `threshold`-of-`count` group, with the reference implementation's defaults
    /// (iteration exponent 1, extendable), because that is the common simple backup.
    pub fn single_group(threshold: u8, count: u8) -> Self {
        SplitOptions {
            group_threshold: 1,
            groups: vec![GroupSpec { threshold, count }],
            iteration_exponent: 1,
            extendable: true,
        }
    }
}

/// The metadata field in which a share differs from the first share of the input, which
/// shows that it belongs to another share set (or another secret length).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetField {
    /// The 15-bit random identifier (first two words).
    Identifier,
    /// The extendable-backup flag (second word).
    Extendable,
    /// The iteration exponent (second word).
    IterationExponent,
    /// The group threshold (third word).
    GroupThreshold,
    /// The group count (third and fourth words).
    GroupCount,
    /// The number of words, i.e. the length of the secret.
    ValueLength,
}

impl fmt::Display for SetField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SetField::Identifier => "identifier",
            SetField::Extendable => "extendable flag",
            SetField::IterationExponent => "iteration exponent",
            SetField::GroupThreshold => "group threshold",
            SetField::GroupCount => "group count",
            SetField::ValueLength => "number of words",
        })
    }
}

/// Wordlist words close to a word that was not recognised.
///
/// They are not part of the error's `Display` and `Debug` prints only how many there are:
/// a suggestion is probably the share's real word, so only an interactive caller should
/// show it, on purpose, via [`Suggestions::words`].
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Suggestions(Vec<&'static str>);

impl Suggestions {
    /// The suggested words, nearest first (at most 3).
    pub fn words(&self) -> &[&'static str] {
        &self.0
    }
}

impl fmt::Debug for Suggestions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Suggestions([{} redacted])", self.0.len())
    }
}

/// A group that has some shares but fewer than its member threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupShortfall {
    /// The group index as encoded in the shares (0-based; shown 1-based to people).
    pub group_index: u8,
    /// Distinct shares of this group that were given.
    pub have: u8,
    /// Shares the group needs.
    pub threshold: u8,
}

/// Why [`split`] refused its parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SplitError {
    /// The master secret must be 16 to 32 bytes long and of even length.
    #[error("the master secret is {len} bytes; it must be 16 to 32 bytes, an even number")]
    SecretLength {
        /// The length given.
        len: usize,
    },
    /// Other implementations only accept printable ASCII passphrases.
    #[error("the passphrase must contain only printable ASCII characters")]
    PassphraseNotPrintableAscii,
    /// The exponent is a 4-bit field.
    #[error("the iteration exponent is {exponent}; it must be at most 15")]
    IterationExponent {
        /// The exponent given.
        exponent: u8,
    },
    /// At least one group is needed.
    #[error("no groups were given")]
    NoGroups,
    /// Group indexes are 4-bit fields.
    #[error("{count} groups were requested; at most 16 are possible")]
    TooManyGroups {
        /// The number of groups given.
        count: usize,
    },
    /// The group threshold must be between 1 and the number of groups.
    #[error("the group threshold is {threshold} but there are {count} groups")]
    GroupThreshold {
        /// The group threshold given.
        threshold: u8,
        /// The number of groups.
        count: usize,
    },
    /// A group's member count must be 1 to 16.
    #[error("group {} has {count} members; it must have 1 to 16", one_based(.group))]
    MemberCount {
        /// Group index (0-based).
        group: u8,
        /// The member count given.
        count: u8,
    },
    /// A group's member threshold must be between 1 and its member count.
    #[error("group {} has threshold {threshold} but {count} members", one_based(.group))]
    MemberThreshold {
        /// Group index (0-based).
        group: u8,
        /// The member threshold given.
        threshold: u8,
        /// The member count given.
        count: u8,
    },
    /// The spec wants a 1-of-N group to be a single share given to several people.
    #[error(
        "group {} has threshold 1 and {count} members; use a 1-of-1 group and copy its share",
        one_based(.group)
    )]
    ThresholdOneWithManyMembers {
        /// Group index (0-based).
        group: u8,
        /// The member count given.
        count: u8,
    },
}

/// Why [`extend_group`] refused the new member indexes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ExtendError {
    /// Nothing to create.
    #[error("no new member indexes were given")]
    NoNewIndexes,
    /// Member indexes are 4-bit fields.
    #[error("member index {index} is out of range; it must be 0 to 15")]
    IndexOutOfRange {
        /// The index requested.
        index: u8,
    },
    /// The index belongs to one of the given shares, so the new share would be a copy.
    #[error("member index {index} is already used by share {share}")]
    IndexInUse {
        /// The index requested.
        index: u8,
        /// 1-based position of the share that has it.
        share: usize,
    },
    /// The same new index was asked for twice.
    #[error("member index {index} was requested twice")]
    RepeatedIndex {
        /// The index requested.
        index: u8,
    },
    /// With member threshold 1 every share is the group share itself.
    #[error("the group has member threshold 1; copy its share instead of extending it")]
    ThresholdOne,
}

/// Everything that can go wrong; precise enough to tell a person what to fix.
///
/// Shares are identified by their 1-based position in the input slice (`share`, `first`,
/// `second`), words by their 1-based position in the mnemonic, and groups by the 0-based
/// group index encoded in the shares (the messages show groups 1-based). No variant holds
/// share words or secret bytes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// A word is not in the SLIP-39 wordlist (nor a unique prefix of 4+ letters of one).
    #[error("word {position} is not in the SLIP-39 wordlist")]
    UnknownWord {
        /// 1-based position of the word in the share.
        position: usize,
        /// Nearby wordlist words, for an interactive caller to offer.
        suggestions: Suggestions,
    },
    /// The number of words does not match any supported secret length.
    #[error(
        "the share has {found} words; SLIP-39 shares have 20 words (128-bit secret) or \
         33 words (256-bit secret), other secret lengths one of {valid:?}"
    )]
    WordCount {
        /// Words found.
        found: usize,
        /// The valid counts ([`VALID_WORD_COUNTS`]).
        valid: &'static [usize],
    },
    /// The RS1024 checksum fails: a word is wrong, missing or out of order.
    #[error("{}", checksum_message(.likely_positions))]
    Checksum {
        /// 1-based word positions where replacing one word would make the checksum valid;
        /// with a single mistyped word this is exactly its position. Empty when several
        /// words are wrong.
        likely_positions: Vec<usize>,
    },
    /// The share value's padding bits are not zero, so the share is malformed.
    #[error("the share is malformed: its padding bits are not zero")]
    Padding,
    /// The share claims a group threshold above its group count.
    #[error("the share is malformed: group threshold {group_threshold} exceeds group count {group_count}")]
    GroupThresholdExceedsCount {
        /// Decoded group threshold.
        group_threshold: u8,
        /// Decoded group count.
        group_count: u8,
    },
    /// No shares were given.
    #[error("no shares were given")]
    NoShares,
    /// A share belongs to a different share set than the first share.
    #[error("share {share} is not from the same set as share 1: its {field} differs")]
    ForeignShare {
        /// 1-based position of the share.
        share: usize,
        /// The first field that differs.
        field: SetField,
    },
    /// The same share was given twice.
    #[error("share {second} is the same share as share {first}")]
    DuplicateShare {
        /// 1-based position of the first copy.
        first: usize,
        /// 1-based position of the second copy.
        second: usize,
    },
    /// Two different shares claim the same group and member index: one is corrupted or
    /// from another backup.
    #[error(
        "shares {first} and {second} both claim member index {member_index} of group {} \
         but differ",
        one_based(.group_index)
    )]
    ConflictingShares {
        /// 1-based position of the first share.
        first: usize,
        /// 1-based position of the second share.
        second: usize,
        /// Their group index (0-based).
        group_index: u8,
        /// Their member index.
        member_index: u8,
    },
    /// Shares of one group disagree on the member threshold.
    #[error(
        "share {share} has a different member threshold than share {first}, \
         although both are in group {}",
        one_based(.group_index)
    )]
    InconsistentGroup {
        /// 1-based position of the share that disagrees.
        share: usize,
        /// 1-based position of the first share of the group.
        first: usize,
        /// The group index (0-based).
        group_index: u8,
    },
    /// [`extend_group`] was given shares of more than one group.
    #[error("share {share} is from a different group than share 1")]
    MixedGroups {
        /// 1-based position of the share.
        share: usize,
    },
    /// Not enough shares to recover the secret.
    #[error("{}", not_enough_message(*.groups_required, *.complete_groups, .incomplete))]
    NotEnoughShares {
        /// Complete groups needed (the group threshold; 1 for [`extend_group`]).
        groups_required: u8,
        /// Groups that have enough shares.
        complete_groups: u8,
        /// Groups that have some shares but too few, with what each still needs.
        incomplete: Vec<GroupShortfall>,
    },
    /// The shares fit together but do not reproduce their digest: one of them is
    /// corrupted (with a valid checksum) or belongs to another backup with the same
    /// identifier.
    #[error("{}", digest_message(*.group_index))]
    DigestMismatch {
        /// The group whose member shares disagree, or `None` when the groups disagree.
        group_index: Option<u8>,
    },
    /// [`split`] was given invalid parameters.
    #[error("invalid split parameters: {0}")]
    InvalidSplit(#[from] SplitError),
    /// [`extend_group`] was given invalid new member indexes.
    #[error("cannot extend the group: {0}")]
    InvalidExtension(#[from] ExtendError),
}

impl Error {
    /// For [`Error::NotEnoughShares`]: how many more complete groups are needed.
    pub fn groups_missing(&self) -> Option<u8> {
        match self {
            Error::NotEnoughShares { groups_required, complete_groups, .. } => {
                Some(groups_required.saturating_sub(*complete_groups))
            }
            _ => None,
        }
    }
}

/// Groups are numbered from 1 for people; the encoded index starts at 0.
fn one_based(index: &u8) -> u16 {
    u16::from(*index) + 1
}

fn checksum_message(likely_positions: &[usize]) -> String {
    let list = likely_positions.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
    match likely_positions.len() {
        0 => "the share's checksum is wrong: more than one word is wrong or missing".into(),
        1 => format!("the share's checksum is wrong: word {list} is probably mistyped"),
        _ => format!("the share's checksum is wrong: one of words {list} is probably mistyped"),
    }
}

fn not_enough_message(required: u8, complete: u8, incomplete: &[GroupShortfall]) -> String {
    let missing = required.saturating_sub(complete);
    let mut msg =
        format!("not enough shares: {missing} more complete group(s) needed ({complete} of {required})");
    for g in incomplete {
        // Writing to a String cannot fail.
        let _ = write!(
            msg,
            "; group {} needs {} more share(s) ({} of {})",
            one_based(&g.group_index),
            g.threshold.saturating_sub(g.have),
            g.have,
            g.threshold
        );
    }
    msg
}

fn digest_message(group_index: Option<u8>) -> String {
    let whose = match group_index {
        Some(g) => format!("the shares of group {}", one_based(&g)),
        None => "the groups".to_string(),
    };
    format!("{whose} do not fit together (digest mismatch): a share is corrupted or from another backup")
}

// ---------------------------------------------------------------------------------------
// Wordlist.
// ---------------------------------------------------------------------------------------

/// The SLIP-39 wordlist, embedded so the binary needs no data files.
static WORDLIST_TEXT: &str = include_str!("slip39/wordlist.txt");

/// The 1024 SLIP-39 words in index order (sorted; each unique in its first 4 letters).
pub fn wordlist() -> &'static [&'static str; 1024] {
    static LIST: OnceLock<[&'static str; 1024]> = OnceLock::new();
    LIST.get_or_init(|| {
        let mut list = [""; 1024];
        for (slot, word) in list.iter_mut().zip(WORDLIST_TEXT.lines()) {
            *slot = word.trim();
        }
        list
    })
}

/// Index of a lowercase token: the word itself or any prefix of at least 4 letters
/// (unambiguous because every word is unique in its first 4 letters).
fn word_index(token: &str) -> Option<u16> {
    let prefix = token.get(..4)?;
    let list = wordlist();
    let i = list.partition_point(|w| w.get(..4).is_some_and(|p| p < prefix));
    let word = list.get(i)?;
    let index = u16::try_from(i).ok()?;
    word.starts_with(token).then_some(index)
}

/// Up to 3 wordlist words nearest to `token` by edit distance.
fn suggest(token: &str) -> Suggestions {
    // Long tokens are not mistyped words (and would make the search slow).
    if token.chars().count() > 16 {
        return Suggestions::default();
    }
    let mut scored: Vec<(usize, &'static str)> = wordlist()
        .iter()
        .map(|w| (word_distance(token, w), *w))
        .filter(|(d, _)| *d <= MAX_SUGGESTION_DISTANCE)
        .collect();
    scored.sort_unstable();
    Suggestions(scored.into_iter().take(MAX_SUGGESTIONS).map(|(_, w)| w).collect())
}

/// Distance from a typed token to a word; a token of 4+ letters may also be a mistyped
/// prefix (people may write only the first 4 letters), so the word's prefix of the same
/// length counts too.
fn word_distance(token: &str, word: &str) -> usize {
    let full = edit_distance(token, word);
    match word.get(..token.len()) {
        Some(prefix) if token.len() >= 4 && token.len() < word.len() => {
            full.min(edit_distance(token, prefix))
        }
        _ => full,
    }
}

/// Levenshtein distance (insertions, deletions, substitutions).
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

// ---------------------------------------------------------------------------------------
// RS1024 checksum: a Reed-Solomon code over GF(1024) that detects any error in up to 3
// words and locates a single wrong word.
// ---------------------------------------------------------------------------------------

mod rs1024 {
    const GEN: [u32; 10] = [
        0x00E0_E040,
        0x01C1_C080,
        0x0383_8100,
        0x0707_0200,
        0x0E0E_0009,
        0x1C0C_2412,
        0x3808_6C24,
        0x3090_FC48,
        0x21B1_F890,
        0x03F3_F120,
    ];

    /// The RS1024 remainder: the state after feeding `values` to the code's LFSR.
    fn polymod_from(mut chk: u32, values: impl IntoIterator<Item = u32>) -> u32 {
        for v in values {
            let top = chk >> 20;
            chk = ((chk & 0xF_FFFF) << 10) ^ v;
            for (i, g) in GEN.iter().enumerate() {
                if (top >> i) & 1 == 1 {
                    chk ^= g;
                }
            }
        }
        chk
    }

    fn polymod(customization: &[u8], data: impl IntoIterator<Item = u16>) -> u32 {
        let values = customization.iter().map(|&b| u32::from(b)).chain(data.into_iter().map(u32::from));
        polymod_from(1, values)
    }

    /// The remainder of a whole share; 1 for a valid one.
    pub(super) fn residue(customization: &[u8], data: &[u16]) -> u32 {
        polymod(customization, data.iter().copied())
    }

    /// How xoring `delta` into a word followed by `words_after` more words changes the
    /// remainder. The remainder is linear over GF(2) in the words, so this does not
    /// depend on the words themselves.
    pub(super) fn error_effect(delta: u16, words_after: usize) -> u32 {
        let zeros = std::iter::repeat_n(0, words_after);
        polymod_from(0, std::iter::once(u32::from(delta)).chain(zeros))
    }

    /// The three checksum words for `data`.
    pub(super) fn create_checksum(customization: &[u8], data: &[u16]) -> [u16; 3] {
        let padded = data.iter().copied().chain([0; super::CHECKSUM_LENGTH_WORDS]);
        let chk = polymod(customization, padded) ^ 1;
        // Each word is masked to 10 bits, so the casts cannot truncate.
        [
            ((chk >> 20) & super::WORD_MASK) as u16,
            ((chk >> 10) & super::WORD_MASK) as u16,
            (chk & super::WORD_MASK) as u16,
        ]
    }

    /// Whether `data` (checksum words included) is a valid codeword.
    pub(super) fn verify_checksum(customization: &[u8], data: &[u16]) -> bool {
        residue(customization, data) == 1
    }
}

/// The customization string selects one of two codes so that flipping the extendable
/// flag is caught by the checksum.
fn customization_string(extendable: bool) -> &'static [u8] {
    if extendable {
        CUSTOMIZATION_STRING_EXTENDABLE
    } else {
        CUSTOMIZATION_STRING_ORIG
    }
}

/// The extendable flag sits in the second word, so it must be read before the checksum
/// can be checked.
fn extendable_flag(words: &[u16]) -> bool {
    words.get(1).is_some_and(|w| (w >> ITERATION_EXP_LENGTH_BITS) & 1 == 1)
}

fn checksum_valid(words: &[u16]) -> bool {
    rs1024::verify_checksum(customization_string(extendable_flag(words)), words)
}

/// 1-based positions where some single-word substitution makes the checksum valid; the
/// code's distance makes a single wrong word show up at exactly that one position.
///
/// Rather than re-checking 1023 substitutions per position, it uses linearity: replacing
/// a word xors an error `delta` into it, which xors `error_effect(delta)` into the
/// remainder, so a substitution works when that effect turns the remainder into 1. A
/// substitution in the second word may also flip the extendable flag and with it the
/// customization string, so the remainder under the other string is tried there.
fn likely_error_positions(words: &[u16]) -> Vec<usize> {
    let ext = extendable_flag(words);
    let same_flag = rs1024::residue(customization_string(ext), words);
    let flipped_flag = rs1024::residue(customization_string(!ext), words);
    (0..words.len())
        .filter(|&pos| {
            let basis: [u32; RADIX_BITS] =
                std::array::from_fn(|bit| rs1024::error_effect(1 << bit, words.len() - 1 - pos));
            (1..1u16 << RADIX_BITS).any(|delta| {
                let flips = pos == 1 && delta & (1 << ITERATION_EXP_LENGTH_BITS) != 0;
                let residue = if flips { flipped_flag } else { same_flag };
                let effect = (0..RADIX_BITS)
                    .filter(|bit| (delta >> bit) & 1 == 1)
                    .fold(0, |acc, bit| acc ^ basis[bit]);
                residue ^ effect == 1
            })
        })
        .map(|pos| pos + 1)
        .collect()
}

// ---------------------------------------------------------------------------------------
// GF(256) arithmetic and Lagrange interpolation.
// ---------------------------------------------------------------------------------------

mod gf256 {
    /// EXP[i] = 3^i and LOG[3^i] = i in GF(256) modulo x^8 + x^4 + x^3 + x + 1 (0x11B),
    /// the AES field the spec mandates; 3 (= x + 1) generates its multiplicative group.
    /// Only used on public share indexes.
    const TABLES: ([u8; 255], [u8; 256]) = tables();
    pub(super) const EXP: [u8; 255] = TABLES.0;
    pub(super) const LOG: [u8; 256] = TABLES.1;

    const fn tables() -> ([u8; 255], [u8; 256]) {
        let mut exp = [0u8; 255];
        let mut log = [0u8; 256];
        let mut poly: u16 = 1;
        let mut i = 0;
        while i < 255 {
            exp[i] = poly as u8;
            log[poly as usize] = i as u8;
            // Multiply by x + 1, then reduce.
            poly ^= poly << 1;
            if poly & 0x100 != 0 {
                poly ^= 0x11B;
            }
            i += 1;
        }
        (exp, log)
    }

    /// Product in GF(256) without branches or table look-ups, because `b` is secret.
    pub(super) fn mul(a: u8, b: u8) -> u8 {
        let (mut a, mut b, mut product) = (a, b, 0u8);
        for _ in 0..8 {
            product ^= a & 0u8.wrapping_sub(b & 1);
            let carry = 0u8.wrapping_sub(a >> 7);
            a = (a << 1) ^ (carry & 0x1B);
            b >>= 1;
        }
        product
    }
}

/// A point of the per-byte sharing polynomials: f_k(x) = y[k] for every byte k.
#[derive(Clone, Copy)]
struct Point<'a> {
    x: u8,
    y: &'a [u8],
}

/// Evaluates at `x` the polynomials of lowest degree through `points`.
///
/// The caller guarantees distinct x values and equal y lengths (they are checked when the
/// shares are grouped).
fn interpolate(points: &[Point<'_>], x: u8) -> Zeroizing<Vec<u8>> {
    if let Some(p) = points.iter().find(|p| p.x == x) {
        return Zeroizing::new(p.y.to_vec());
    }
    let len = points.first().map_or(0, |p| p.y.len());
    let mut result = Zeroizing::new(vec![0u8; len]);
    for p in points {
        let coefficient = lagrange_basis_at(points, p.x, x);
        for (r, &y) in result.iter_mut().zip(p.y) {
            *r ^= gf256::mul(coefficient, y);
        }
    }
    result
}

/// The Lagrange basis polynomial of node `xi` evaluated at `x`:
/// prod over the other nodes xj of (x - xj) / (xi - xj), computed with logarithms.
fn lagrange_basis_at(points: &[Point<'_>], xi: u8, x: u8) -> u8 {
    let log = |v: u8| u32::from(gf256::LOG[usize::from(v)]);
    let (mut numerator, mut denominator) = (0u32, 0u32);
    for other in points.iter().filter(|o| o.x != xi) {
        // In GF(2^8) subtraction is xor.
        numerator += log(x ^ other.x);
        denominator += log(xi ^ other.x);
    }
    // Division is subtraction of logarithms, modulo the group order 255.
    let exponent = (numerator % 255 + 255 - denominator % 255) % 255;
    gf256::EXP[exponent as usize]
}

// ---------------------------------------------------------------------------------------
// Sharing one secret (SplitSecret / RecoverSecret of the spec).
// ---------------------------------------------------------------------------------------

/// First 4 bytes of HMAC-SHA256(key = random part, msg = shared secret).
fn create_digest(random_part: &[u8], shared_secret: &[u8]) -> [u8; DIGEST_LENGTH_BYTES] {
    let mut digest = [0u8; DIGEST_LENGTH_BYTES];
    // HMAC accepts keys of any length, so this never fails.
    if let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(random_part) {
        mac.update(shared_secret);
        let full = mac.finalize().into_bytes();
        digest.copy_from_slice(&full[..DIGEST_LENGTH_BYTES]);
    }
    digest
}

fn random_bytes<R: RngCore + CryptoRng>(rng: &mut R, len: usize) -> Zeroizing<Vec<u8>> {
    let mut bytes = Zeroizing::new(vec![0u8; len]);
    rng.fill_bytes(&mut bytes);
    bytes
}

/// Shares `secret` `threshold`-of-`count` at x = 0..count.
///
/// T - 2 shares are random, and the polynomial is pinned by f(254) = digest || random part
/// and f(255) = secret, so that recovery can detect a wrong result. Randomness is drawn in
/// the reference implementation's order, so a fixed byte stream reproduces its output.
fn split_secret<R: RngCore + CryptoRng>(
    threshold: u8,
    count: u8,
    secret: &[u8],
    rng: &mut R,
) -> Vec<(u8, Zeroizing<Vec<u8>>)> {
    if threshold == 1 {
        return (0..count).map(|x| (x, Zeroizing::new(secret.to_vec()))).collect();
    }
    let random_count = threshold - 2;
    let mut shares: Vec<(u8, Zeroizing<Vec<u8>>)> =
        (0..random_count).map(|x| (x, random_bytes(rng, secret.len()))).collect();
    let random_part = random_bytes(rng, secret.len() - DIGEST_LENGTH_BYTES);
    // Sized up front: growing a vector would leave an unwiped copy behind.
    let mut digest_share = Zeroizing::new(Vec::with_capacity(secret.len()));
    digest_share.extend_from_slice(&create_digest(&random_part, secret));
    digest_share.extend_from_slice(&random_part);

    let mut base: Vec<Point<'_>> = shares.iter().map(|(x, y)| Point { x: *x, y }).collect();
    base.push(Point { x: DIGEST_INDEX, y: &digest_share });
    base.push(Point { x: SECRET_INDEX, y: secret });
    let computed: Vec<_> = (random_count..count).map(|x| (x, interpolate(&base, x))).collect();
    shares.extend(computed);
    shares
}

/// Recovers f(255) and checks it against the digest at f(254). `None` means the points do
/// not fit together. With threshold 1 every point is the secret itself, so they must agree.
fn recover_secret(threshold: u8, points: &[Point<'_>]) -> Option<Zeroizing<Vec<u8>>> {
    let first = points.first()?;
    if threshold == 1 {
        return points.iter().all(|p| p.y == first.y).then(|| Zeroizing::new(first.y.to_vec()));
    }
    let secret = interpolate(points, SECRET_INDEX);
    let digest_share = interpolate(points, DIGEST_INDEX);
    let (digest, random_part) = digest_share.split_at(DIGEST_LENGTH_BYTES.min(digest_share.len()));
    let expected = create_digest(random_part, &secret);
    let diff = digest.iter().zip(expected).fold(0u8, |acc, (a, b)| acc | (a ^ b));
    (diff == 0 && digest.len() == DIGEST_LENGTH_BYTES).then_some(secret)
}

// ---------------------------------------------------------------------------------------
// Passphrase encryption: a 4-round Feistel network with PBKDF2-HMAC-SHA256 round function.
// ---------------------------------------------------------------------------------------

/// Non-extendable backups bind the encryption to the identifier; extendable ones do not,
/// so their encrypted master secret can be re-shared under another identifier.
fn feistel_salt(identifier: u16, extendable: bool) -> Vec<u8> {
    if extendable {
        return Vec::new();
    }
    let mut salt = CUSTOMIZATION_STRING_ORIG.to_vec();
    salt.extend_from_slice(&identifier.to_be_bytes());
    salt
}

/// F(i, R) = PBKDF2(password = i || passphrase, salt = salt || R, 2500 x 2^e iterations).
fn round_function(
    round: u8,
    passphrase: &[u8],
    iteration_exponent: u8,
    salt: &[u8],
    r: &[u8],
) -> Zeroizing<Vec<u8>> {
    let mut password = Zeroizing::new(Vec::with_capacity(1 + passphrase.len()));
    password.push(round);
    password.extend_from_slice(passphrase);
    let mut full_salt = Zeroizing::new(Vec::with_capacity(salt.len() + r.len()));
    full_salt.extend_from_slice(salt);
    full_salt.extend_from_slice(r);
    let iterations = (BASE_ITERATION_COUNT << iteration_exponent) / u32::from(ROUND_COUNT);
    let mut output = Zeroizing::new(vec![0u8; r.len()]);
    pbkdf2::pbkdf2_hmac::<Sha256>(&password, &full_salt, iterations, &mut output);
    output
}

/// Runs the Feistel rounds in the given order; encryption and decryption differ only in
/// the order of the rounds. The input length is even (checked by the callers).
fn feistel(
    input: &[u8],
    passphrase: &[u8],
    iteration_exponent: u8,
    salt: &[u8],
    rounds: impl Iterator<Item = u8>,
) -> Zeroizing<Vec<u8>> {
    let (left, right) = input.split_at(input.len() / 2);
    let mut l = Zeroizing::new(left.to_vec());
    let mut r = Zeroizing::new(right.to_vec());
    for round in rounds {
        let f = round_function(round, passphrase, iteration_exponent, salt, &r);
        for (byte, key) in l.iter_mut().zip(f.iter()) {
            *byte ^= key;
        }
        std::mem::swap(&mut l, &mut r);
    }
    let mut output = Zeroizing::new(Vec::with_capacity(input.len()));
    output.extend_from_slice(&r);
    output.extend_from_slice(&l);
    output
}

fn encrypt(secret: &[u8], passphrase: &[u8], e: u8, id: u16, ext: bool) -> Zeroizing<Vec<u8>> {
    feistel(secret, passphrase, e, &feistel_salt(id, ext), 0..ROUND_COUNT)
}

fn decrypt(ems: &[u8], passphrase: &[u8], e: u8, id: u16, ext: bool) -> Zeroizing<Vec<u8>> {
    feistel(ems, passphrase, e, &feistel_salt(id, ext), (0..ROUND_COUNT).rev())
}

// ---------------------------------------------------------------------------------------
// Share encoding.
// ---------------------------------------------------------------------------------------

/// Packs bytes into 10-bit words, big-endian, left-padded with zero bits.
fn bytes_to_words(value: &[u8]) -> Zeroizing<Vec<u16>> {
    let word_count = value_word_count(value.len());
    let mut words = Zeroizing::new(Vec::with_capacity(word_count));
    // The padding bits are the accumulator's leading zeros.
    let mut bits = word_count * RADIX_BITS - value.len() * 8;
    let mut acc: u32 = 0;
    for &byte in value {
        acc = (acc << 8) | u32::from(byte);
        bits += 8;
        while bits >= RADIX_BITS {
            bits -= RADIX_BITS;
            words.push(((acc >> bits) & WORD_MASK) as u16);
        }
        acc &= (1 << bits) - 1;
    }
    acc.zeroize();
    words
}

/// Unpacks `byte_len` bytes from 10-bit words; the leading padding bits must be zero.
fn words_to_bytes(words: &[u16], byte_len: usize) -> Result<Zeroizing<Vec<u8>>, Error> {
    let mut padding = words.len() * RADIX_BITS - byte_len * 8;
    let mut bytes = Zeroizing::new(Vec::with_capacity(byte_len));
    let mut acc: u32 = 0;
    let mut bits = 0;
    let mut result = Ok(());
    for &word in words {
        acc = (acc << RADIX_BITS) | u32::from(word);
        bits += RADIX_BITS;
        if padding > 0 {
            // Padding (at most 8 bits) fits in the first word.
            bits -= padding;
            if acc >> bits != 0 {
                result = Err(Error::Padding);
            }
            padding = 0;
        }
        while bits >= 8 {
            bits -= 8;
            bytes.push(((acc >> bits) & 0xFF) as u8);
        }
        acc &= (1 << bits) - 1;
    }
    acc.zeroize();
    result.map(|()| bytes)
}

/// The secret length encoded by a share of `word_count` words, if it is supported.
fn secret_len_for_word_count(word_count: usize) -> Option<usize> {
    (MIN_SECRET_BYTES..=MAX_SECRET_BYTES)
        .step_by(2)
        .find(|&len| METADATA_LENGTH_WORDS + value_word_count(len) == word_count)
}

/// Splits a 20-bit field into two words.
fn two_words(field: u32) -> [u16; 2] {
    [((field >> RADIX_BITS) & WORD_MASK) as u16, (field & WORD_MASK) as u16]
}

fn from_two_words(words: &[u16]) -> u32 {
    words.iter().fold(0, |acc, &w| (acc << RADIX_BITS) | u32::from(w))
}

/// A 4-bit field of the share parameters, counted from the last (member threshold = 0).
fn nibble(field: u32, position_from_end: u32) -> u8 {
    ((field >> (4 * position_from_end)) & 0xF) as u8
}

impl Share {
    /// Parses one mnemonic share.
    ///
    /// Words may be separated by any whitespace, in any case, and each word may be
    /// shortened to a prefix of at least 4 letters (every SLIP-39 word is unique in its
    /// first 4 letters), because that is how people write them down.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownWord`], [`Error::WordCount`], [`Error::Checksum`] (with the likely
    /// wrong word), [`Error::Padding`] or [`Error::GroupThresholdExceedsCount`].
    pub fn parse(words: &str) -> Result<Share, Error> {
        let indices = parse_word_indices(words)?;
        let byte_len = secret_len_for_word_count(indices.len())
            .ok_or(Error::WordCount { found: indices.len(), valid: &VALID_WORD_COUNTS })?;
        if !checksum_valid(&indices) {
            return Err(Error::Checksum { likely_positions: likely_error_positions(&indices) });
        }
        Self::decode(&indices, byte_len)
    }

    /// Decodes the fields of a share whose length and checksum were checked.
    fn decode(indices: &[u16], byte_len: usize) -> Result<Share, Error> {
        let (id_exp, rest) = indices.split_at(ID_EXP_LENGTH_WORDS);
        let (params, rest) = rest.split_at(SHARE_PARAMS_LENGTH_WORDS);
        let value_words = &rest[..rest.len() - CHECKSUM_LENGTH_WORDS];

        let id_exp = from_two_words(id_exp);
        let params = from_two_words(params);
        let group_threshold = nibble(params, 3) + 1;
        let group_count = nibble(params, 2) + 1;
        if group_threshold > group_count {
            return Err(Error::GroupThresholdExceedsCount { group_threshold, group_count });
        }
        Ok(Share {
            identifier: (id_exp >> (ITERATION_EXP_LENGTH_BITS + 1)) as u16,
            extendable: (id_exp >> ITERATION_EXP_LENGTH_BITS) & 1 == 1,
            iteration_exponent: (id_exp & u32::from(MAX_ITERATION_EXPONENT)) as u8,
            group_index: nibble(params, 4),
            group_threshold,
            group_count,
            member_index: nibble(params, 1),
            member_threshold: nibble(params, 0) + 1,
            value: words_to_bytes(value_words, byte_len)?,
        })
    }

    /// The share as words separated by single spaces.
    pub fn to_mnemonic(&self) -> Zeroizing<String> {
        let indices = self.word_indices();
        let list = wordlist();
        let words = || indices.iter().map(|&i| list[usize::from(i)]);
        // Reserve the exact size up front: growing would leave unwiped copies behind.
        let len = words().map(str::len).sum::<usize>() + indices.len().saturating_sub(1);
        let mut mnemonic = Zeroizing::new(String::with_capacity(len));
        for (i, word) in words().enumerate() {
            if i > 0 {
                mnemonic.push(' ');
            }
            mnemonic.push_str(word);
        }
        mnemonic
    }

    /// All word indexes, checksum included.
    fn word_indices(&self) -> Zeroizing<Vec<u16>> {
        let id_exp = (u32::from(self.identifier) << (ITERATION_EXP_LENGTH_BITS + 1))
            | (u32::from(self.extendable) << ITERATION_EXP_LENGTH_BITS)
            | u32::from(self.iteration_exponent);
        let params = [
            self.group_index,
            self.group_threshold.saturating_sub(1),
            self.group_count.saturating_sub(1),
            self.member_index,
            self.member_threshold.saturating_sub(1),
        ]
        .iter()
        .fold(0u32, |acc, &n| (acc << 4) | u32::from(n & 0xF));
        let value = bytes_to_words(&self.value);
        let mut indices = Zeroizing::new(Vec::with_capacity(METADATA_LENGTH_WORDS + value.len()));
        indices.extend(two_words(id_exp));
        indices.extend(two_words(params));
        indices.extend_from_slice(&value);
        let checksum = rs1024::create_checksum(customization_string(self.extendable), &indices);
        indices.extend(checksum);
        indices
    }

    /// The 15-bit random identifier shared by all shares of a set.
    pub fn identifier(&self) -> u16 {
        self.identifier
    }

    /// Whether the set carries the extendable-backup flag (see [`SplitOptions::extendable`]).
    pub fn extendable(&self) -> bool {
        self.extendable
    }

    /// The PBKDF2 iteration exponent: 10000 x 2^e iterations in total.
    pub fn iteration_exponent(&self) -> u8 {
        self.iteration_exponent
    }

    /// The group this share belongs to (0-based, as encoded).
    pub fn group_index(&self) -> u8 {
        self.group_index
    }

    /// Groups needed to recover the secret.
    pub fn group_threshold(&self) -> u8 {
        self.group_threshold
    }

    /// Groups in the set.
    pub fn group_count(&self) -> u8 {
        self.group_count
    }

    /// The share's x-coordinate within its group (0 to 15).
    pub fn member_index(&self) -> u8 {
        self.member_index
    }

    /// Shares of this group needed to recover the group share.
    pub fn member_threshold(&self) -> u8 {
        self.member_threshold
    }

    fn point(&self) -> Point<'_> {
        Point { x: self.member_index, y: &self.value }
    }

    /// The first set-wide field in which `self` differs from `other`.
    fn set_difference(&self, other: &Share) -> Option<SetField> {
        [
            (self.identifier != other.identifier, SetField::Identifier),
            (self.extendable != other.extendable, SetField::Extendable),
            (self.iteration_exponent != other.iteration_exponent, SetField::IterationExponent),
            (self.group_threshold != other.group_threshold, SetField::GroupThreshold),
            (self.group_count != other.group_count, SetField::GroupCount),
            (self.value.len() != other.value.len(), SetField::ValueLength),
        ]
        .into_iter()
        .find_map(|(differs, field)| differs.then_some(field))
    }
}

impl fmt::Debug for Share {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Maps each whitespace-separated token to its word index.
fn parse_word_indices(words: &str) -> Result<Zeroizing<Vec<u16>>, Error> {
    // Sized up front: growing a vector would leave an unwiped copy behind.
    let mut indices = Zeroizing::new(Vec::with_capacity(words.split_whitespace().count()));
    for (i, token) in words.split_whitespace().enumerate() {
        let token = Zeroizing::new(token.to_lowercase());
        let index = word_index(&token)
            .ok_or_else(|| Error::UnknownWord { position: i + 1, suggestions: suggest(&token) })?;
        indices.push(index);
    }
    Ok(indices)
}

// ---------------------------------------------------------------------------------------
// Splitting.
// ---------------------------------------------------------------------------------------

/// Split: encrypt the master secret with the passphrase and share it.
///
/// Returns the shares grouped: `result[g]` holds the shares of group `g`. Uses the
/// operating system's random generator for the identifier and the random shares.
///
/// # Errors
///
/// [`Error::InvalidSplit`] says which parameter is out of range.
pub fn split(master_secret: &[u8], passphrase: &[u8], opts: &SplitOptions) -> Result<Vec<Vec<Share>>, Error> {
    split_with_rng(master_secret, passphrase, opts, &mut OsRng)
}

/// [`split`] with a caller-chosen random generator, for reproducible tests.
///
/// Randomness is consumed in the reference implementation's order (identifier as 2
/// big-endian bytes, then per sharing the random shares and the digest's random part), so
/// the same byte stream yields the same mnemonics as `shamir-mnemonic`.
///
/// # Errors
///
/// As [`split`].
pub fn split_with_rng<R: RngCore + CryptoRng>(
    master_secret: &[u8],
    passphrase: &[u8],
    opts: &SplitOptions,
    rng: &mut R,
) -> Result<Vec<Vec<Share>>, Error> {
    validate_split(master_secret, passphrase, opts)?;
    let mut id_bytes = [0u8; 2];
    rng.fill_bytes(&mut id_bytes);
    let identifier = u16::from_be_bytes(id_bytes) & ((1 << ID_LENGTH_BITS) - 1);
    let ems = encrypt(master_secret, passphrase, opts.iteration_exponent, identifier, opts.extendable);
    let template = Share {
        identifier,
        extendable: opts.extendable,
        iteration_exponent: opts.iteration_exponent,
        group_index: 0,
        group_threshold: opts.group_threshold,
        // Validated to be at most 16.
        group_count: opts.groups.len() as u8,
        member_index: 0,
        member_threshold: 1,
        value: Zeroizing::new(Vec::new()),
    };
    Ok(split_ems(&template, &opts.groups, &ems, rng))
}

/// Shares the encrypted master secret in two levels; `template` carries the set metadata.
fn split_ems<R: RngCore + CryptoRng>(
    template: &Share,
    groups: &[GroupSpec],
    ems: &[u8],
    rng: &mut R,
) -> Vec<Vec<Share>> {
    let group_count = template.group_count;
    let group_shares = split_secret(template.group_threshold, group_count, ems, rng);
    groups
        .iter()
        .zip(group_shares)
        .map(|(spec, (group_index, group_secret))| {
            split_secret(spec.threshold, spec.count, &group_secret, rng)
                .into_iter()
                .map(|(member_index, value)| Share {
                    group_index,
                    member_index,
                    member_threshold: spec.threshold,
                    value,
                    ..template.clone()
                })
                .collect()
        })
        .collect()
}

fn validate_split(secret: &[u8], passphrase: &[u8], opts: &SplitOptions) -> Result<(), SplitError> {
    let len = secret.len();
    if !(MIN_SECRET_BYTES..=MAX_SECRET_BYTES).contains(&len) || !len.is_multiple_of(2) {
        return Err(SplitError::SecretLength { len });
    }
    if !passphrase.iter().all(|c| (32..=126).contains(c)) {
        return Err(SplitError::PassphraseNotPrintableAscii);
    }
    if opts.iteration_exponent > MAX_ITERATION_EXPONENT {
        return Err(SplitError::IterationExponent { exponent: opts.iteration_exponent });
    }
    let count = opts.groups.len();
    if count == 0 {
        return Err(SplitError::NoGroups);
    }
    if count > usize::from(MAX_SHARE_COUNT) {
        return Err(SplitError::TooManyGroups { count });
    }
    if opts.group_threshold == 0 || usize::from(opts.group_threshold) > count {
        return Err(SplitError::GroupThreshold { threshold: opts.group_threshold, count });
    }
    (0u8..).zip(&opts.groups).try_for_each(|(group, spec)| validate_group(group, spec))
}

fn validate_group(group: u8, spec: &GroupSpec) -> Result<(), SplitError> {
    let GroupSpec { threshold, count } = *spec;
    if count == 0 || count > MAX_SHARE_COUNT {
        return Err(SplitError::MemberCount { group, count });
    }
    if threshold == 0 || threshold > count {
        return Err(SplitError::MemberThreshold { group, threshold, count });
    }
    if threshold == 1 && count > 1 {
        return Err(SplitError::ThresholdOneWithManyMembers { group, count });
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Combining and extending.
// ---------------------------------------------------------------------------------------

/// Combine shares (any order, possibly from several groups) and decrypt with the passphrase.
///
/// Giving the same share twice is an error. Shares beyond a group's threshold, and complete
/// groups beyond the group threshold, are used too and must agree; groups with too few
/// shares are ignored once enough groups are complete. A wrong passphrase cannot be
/// detected: it yields a different secret (that is the scheme's plausible deniability).
///
/// # Errors
///
/// [`Error::NoShares`], [`Error::ForeignShare`], [`Error::DuplicateShare`],
/// [`Error::ConflictingShares`], [`Error::InconsistentGroup`], [`Error::NotEnoughShares`]
/// (saying what is missing) or [`Error::DigestMismatch`].
pub fn combine(shares: &[Share], passphrase: &[u8]) -> Result<Zeroizing<Vec<u8>>, Error> {
    let first = shares.first().ok_or(Error::NoShares)?;
    let ems = recover_ems(shares)?;
    Ok(decrypt(&ems, passphrase, first.iteration_exponent, first.identifier, first.extendable))
}

/// Checks that every share has the first share's set-wide metadata.
fn check_same_set(shares: &[Share]) -> Result<(), Error> {
    let Some(first) = shares.first() else {
        return Err(Error::NoShares);
    };
    for (i, share) in shares.iter().enumerate().skip(1) {
        if let Some(field) = share.set_difference(first) {
            return Err(Error::ForeignShare { share: i + 1, field });
        }
    }
    Ok(())
}

/// Sorts shares into groups (positions in the input, 0-based), rejecting duplicates and
/// member thresholds that differ within a group.
fn collect_groups(shares: &[Share]) -> Result<BTreeMap<u8, Vec<usize>>, Error> {
    let mut groups: BTreeMap<u8, Vec<usize>> = BTreeMap::new();
    for (pos, share) in shares.iter().enumerate() {
        let members = groups.entry(share.group_index).or_default();
        for &other_pos in members.iter() {
            check_group_mates(&shares[other_pos], other_pos, share, pos)?;
        }
        members.push(pos);
    }
    Ok(groups)
}

fn check_group_mates(earlier: &Share, first: usize, share: &Share, pos: usize) -> Result<(), Error> {
    let (first, second) = (first + 1, pos + 1);
    if earlier.member_threshold != share.member_threshold {
        return Err(Error::InconsistentGroup { share: second, first, group_index: share.group_index });
    }
    if earlier.member_index != share.member_index {
        return Ok(());
    }
    if earlier.value == share.value {
        Err(Error::DuplicateShare { first, second })
    } else {
        Err(Error::ConflictingShares {
            first,
            second,
            group_index: share.group_index,
            member_index: share.member_index,
        })
    }
}

/// Recovers the encrypted master secret from member shares.
fn recover_ems(shares: &[Share]) -> Result<Zeroizing<Vec<u8>>, Error> {
    check_same_set(shares)?;
    let groups = collect_groups(shares)?;
    let threshold_of = |members: &[usize]| members.first().map_or(u8::MAX, |&p| shares[p].member_threshold);
    let (complete, incomplete): (Vec<_>, Vec<_>) =
        groups.iter().partition(|(_, members)| members.len() >= usize::from(threshold_of(members)));
    let group_threshold = shares.first().map_or(1, |s| s.group_threshold);
    if complete.len() < usize::from(group_threshold) {
        return Err(Error::NotEnoughShares {
            groups_required: group_threshold,
            complete_groups: complete.len() as u8,
            incomplete: incomplete
                .iter()
                .map(|(&g, members)| shortfall(g, members.len(), threshold_of(members)))
                .collect(),
        });
    }
    let mut group_secrets = Vec::with_capacity(complete.len());
    for (&group_index, members) in complete {
        let points: Vec<Point<'_>> = members.iter().map(|&p| shares[p].point()).collect();
        let secret = recover_secret(threshold_of(members), &points)
            .ok_or(Error::DigestMismatch { group_index: Some(group_index) })?;
        group_secrets.push((group_index, secret));
    }
    let points: Vec<Point<'_>> = group_secrets.iter().map(|(x, y)| Point { x: *x, y }).collect();
    recover_secret(group_threshold, &points).ok_or(Error::DigestMismatch { group_index: None })
}

fn shortfall(group_index: u8, have: usize, threshold: u8) -> GroupShortfall {
    GroupShortfall {
        group_index,
        // Fewer than the threshold, which is at most 16.
        have: have as u8,
        threshold,
    }
}

/// Creates new member shares of one group, for new holders or to replace lost shares.
///
/// `shares` are shares of one group, at least its member threshold; they fix the group's
/// polynomial, which is evaluated at each of `new_member_indexes` (0 to 15). The result is
/// deterministic: asking for the index of an existing share that was not given recreates
/// exactly that share. The new shares combine with the old ones and do not change the
/// secret, the identifier or any other metadata; this works whether or not the set has the
/// extendable flag, because it changes nothing that the flag governs.
///
/// # Errors
///
/// The errors of [`combine`] for the given shares (with [`Error::MixedGroups`] when they
/// are not all of one group), and [`Error::InvalidExtension`] for unusable new indexes.
pub fn extend_group(shares: &[Share], new_member_indexes: &[u8]) -> Result<Vec<Share>, Error> {
    check_same_set(shares)?;
    let first = shares.first().ok_or(Error::NoShares)?;
    if let Some(pos) = shares.iter().position(|s| s.group_index != first.group_index) {
        return Err(Error::MixedGroups { share: pos + 1 });
    }
    collect_groups(shares)?;
    if shares.len() < usize::from(first.member_threshold) {
        return Err(Error::NotEnoughShares {
            groups_required: 1,
            complete_groups: 0,
            incomplete: vec![shortfall(first.group_index, shares.len(), first.member_threshold)],
        });
    }
    check_new_indexes(shares, new_member_indexes)?;
    let points: Vec<Point<'_>> = shares.iter().map(Share::point).collect();
    // Refuse to spread an inconsistent polynomial to new holders.
    recover_secret(first.member_threshold, &points)
        .ok_or(Error::DigestMismatch { group_index: Some(first.group_index) })?;
    Ok(new_member_indexes
        .iter()
        .map(|&member_index| Share {
            member_index,
            value: interpolate(&points, member_index),
            ..first.clone()
        })
        .collect())
}

fn check_new_indexes(shares: &[Share], new_member_indexes: &[u8]) -> Result<(), ExtendError> {
    if shares.first().is_some_and(|s| s.member_threshold == 1) {
        return Err(ExtendError::ThresholdOne);
    }
    if new_member_indexes.is_empty() {
        return Err(ExtendError::NoNewIndexes);
    }
    for (i, &index) in new_member_indexes.iter().enumerate() {
        if index >= MAX_SHARE_COUNT {
            return Err(ExtendError::IndexOutOfRange { index });
        }
        if let Some(pos) = shares.iter().position(|s| s.member_index == index) {
            return Err(ExtendError::IndexInUse { index, share: pos + 1 });
        }
        if new_member_indexes[..i].contains(&index) {
            return Err(ExtendError::RepeatedIndex { index });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};

    fn rng(seed: u64) -> StdRng {
        StdRng::seed_from_u64(seed)
    }

    fn opts(group_threshold: u8, groups: &[(u8, u8)], extendable: bool) -> SplitOptions {
        SplitOptions {
            group_threshold,
            groups: groups.iter().map(|&(threshold, count)| GroupSpec { threshold, count }).collect(),
            iteration_exponent: 0,
            extendable,
        }
    }

    fn shares(secret: &[u8], o: &SplitOptions, seed: u64) -> Vec<Vec<Share>> {
        split_with_rng(secret, b"", o, &mut rng(seed)).expect("split")
    }

    /// Re-encodes a modified share so that its checksum is valid again.
    fn reencode(share: &Share) -> Share {
        Share::parse(&share.to_mnemonic()).expect("re-encoded share parses")
    }

    #[test]
    fn wordlist_has_1024_sorted_words_unique_in_4_letters() {
        let list = wordlist();
        assert!(list.iter().all(|w| (4..=8).contains(&w.len())));
        assert!(list.windows(2).all(|p| p[0][..4] < p[1][..4]));
        assert_eq!(list[0], "academic");
        assert_eq!(list[1023], "zero");
    }

    #[test]
    fn word_lookup_accepts_words_and_prefixes_only() {
        assert_eq!(word_index("academic"), Some(0));
        assert_eq!(word_index("acad"), Some(0));
        assert_eq!(word_index("acade"), Some(0));
        assert_eq!(word_index("zero"), Some(1023));
        for bad in ["aca", "academics", "acadx", "", "zzzz", "ÄCAD"] {
            assert_eq!(word_index(bad), None, "{bad}");
        }
        for (i, w) in wordlist().iter().enumerate() {
            assert_eq!(word_index(w).map(usize::from), Some(i));
        }
    }

    #[test]
    fn suggestions_are_near_and_at_most_three() {
        assert_eq!(suggest("acadmic").words(), ["academic"]);
        assert!(suggest("zerp").words().contains(&"zero"));
        // A mistyped 4-letter prefix of "academic".
        assert!(suggest("acam").words().contains(&"academic"));
        assert!(suggest("acadamic").words().contains(&"academic"));
        assert!(suggest("qqqqqqqq").words().is_empty());
        assert!(suggest("ace").words().len() <= MAX_SUGGESTIONS);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn valid_word_counts_follow_the_secret_lengths() {
        assert_eq!(VALID_WORD_COUNTS, [20, 22, 23, 25, 27, 28, 30, 31, 33]);
        for (i, &count) in VALID_WORD_COUNTS.iter().enumerate() {
            assert_eq!(secret_len_for_word_count(count), Some(16 + 2 * i));
        }
        assert_eq!(secret_len_for_word_count(21), None);
    }

    #[test]
    fn gf256_tables_and_multiplication_agree() {
        for i in 0..255 {
            assert_eq!(usize::from(gf256::LOG[usize::from(gf256::EXP[i])]), i);
        }
        let table_mul = |a: u8, b: u8| {
            if a == 0 || b == 0 {
                return 0;
            }
            let sum = usize::from(gf256::LOG[usize::from(a)]) + usize::from(gf256::LOG[usize::from(b)]);
            gf256::EXP[sum % 255]
        };
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                assert_eq!(gf256::mul(a, b), table_mul(a, b), "{a} * {b}");
            }
        }
        // x * x^7 = x^8 = x^4 + x^3 + x + 1 modulo 0x11B.
        assert_eq!(gf256::mul(0x02, 0x80), 0x1B);
    }

    #[test]
    fn interpolation_reproduces_the_polynomial() {
        // f(x) = 7 + 3x + 5x^2 per byte, evaluated with the field operations.
        let f = |x: u8| 7 ^ gf256::mul(3, x) ^ gf256::mul(5, gf256::mul(x, x));
        let ys: Vec<[u8; 1]> = [1u8, 9, 200].iter().map(|&x| [f(x)]).collect();
        let points: Vec<Point<'_>> = [1u8, 9, 200].iter().zip(&ys).map(|(&x, y)| Point { x, y }).collect();
        for x in 0..=255u8 {
            assert_eq!(interpolate(&points, x).as_slice(), [f(x)], "x = {x}");
        }
    }

    #[test]
    fn split_secret_recovers_from_any_threshold_subset() {
        let secret = [0xa5u8; 16];
        let shares = split_secret(3, 5, &secret, &mut rng(1));
        for a in 0..5 {
            for b in a + 1..5 {
                for c in b + 1..5 {
                    let points: Vec<Point<'_>> =
                        [a, b, c].iter().map(|&i| Point { x: shares[i].0, y: &shares[i].1 }).collect();
                    let recovered = recover_secret(3, &points).expect("digest ok");
                    assert_eq!(recovered.as_slice(), secret);
                }
            }
        }
        // Two points define another polynomial, whose digest does not match.
        let two: Vec<Point<'_>> = shares[..2].iter().map(|(x, y)| Point { x: *x, y }).collect();
        assert!(recover_secret(3, &two).is_none());
    }

    #[test]
    fn bytes_and_words_round_trip_for_every_length() {
        let mut r = rng(2);
        for len in (MIN_SECRET_BYTES..=MAX_SECRET_BYTES).step_by(2) {
            let value: Vec<u8> = (0..len).map(|_| r.gen()).collect();
            let words = bytes_to_words(&value);
            assert_eq!(words.len(), value_word_count(len));
            assert!(words.iter().all(|&w| u32::from(w) <= WORD_MASK));
            assert_eq!(words_to_bytes(&words, len).expect("valid").as_slice(), value);
        }
        let all_ones = bytes_to_words(&[0xff; 16]);
        // 16 bytes in 13 words: 2 padding bits, so the first word is 0b00_1111_1111.
        assert_eq!(all_ones[0], 0xff);
        let mut bad = all_ones.clone();
        bad[0] |= 0x200;
        assert!(matches!(words_to_bytes(&bad, 16), Err(Error::Padding)));
    }

    #[test]
    fn rs1024_checksum_round_trip() {
        let data: Vec<u16> = (0..17).map(|i| (i * 61) % 1024).collect();
        for cs in [CUSTOMIZATION_STRING_ORIG, CUSTOMIZATION_STRING_EXTENDABLE] {
            let mut full = data.clone();
            full.extend(rs1024::create_checksum(cs, &data));
            assert!(rs1024::verify_checksum(cs, &full));
            full[3] ^= 1;
            assert!(!rs1024::verify_checksum(cs, &full));
        }
        // The customization string separates the two kinds of shares.
        let mut full = data.clone();
        full.extend(rs1024::create_checksum(CUSTOMIZATION_STRING_ORIG, &data));
        assert!(!rs1024::verify_checksum(CUSTOMIZATION_STRING_EXTENDABLE, &full));
    }

    #[test]
    fn feistel_round_trips_and_binds_the_identifier_unless_extendable() {
        let secret = [0x42u8; 16];
        for ext in [false, true] {
            let ems = encrypt(&secret, b"pw", 0, 7, ext);
            assert_ne!(ems.as_slice(), secret);
            assert_eq!(decrypt(&ems, b"pw", 0, 7, ext).as_slice(), secret);
            assert_ne!(decrypt(&ems, b"pX", 0, 7, ext).as_slice(), secret);
            let other_id = decrypt(&ems, b"pw", 0, 8, ext);
            assert_eq!(other_id.as_slice() == secret, ext, "extendable = {ext}");
        }
    }

    #[test]
    fn padding_error_from_a_share_with_valid_checksum() {
        let share = &shares(&[1; 16], &opts(1, &[(1, 1)], false), 3)[0][0];
        let mut words = share.word_indices();
        let data_len = words.len() - CHECKSUM_LENGTH_WORDS;
        words.truncate(data_len);
        // Set a padding bit of the first value word and fix the checksum.
        words[ID_EXP_LENGTH_WORDS + SHARE_PARAMS_LENGTH_WORDS] |= 0x200;
        let checksum = rs1024::create_checksum(customization_string(false), &words);
        words.extend(checksum);
        let text: Vec<&str> = words.iter().map(|&w| wordlist()[usize::from(w)]).collect();
        assert!(matches!(Share::parse(&text.join(" ")), Err(Error::Padding)));
    }

    #[test]
    fn group_threshold_above_group_count_is_a_malformed_share() {
        let mut share = shares(&[1; 16], &opts(1, &[(1, 1)], true), 4)[0][0].clone();
        share.group_threshold = 3;
        share.group_count = 2;
        assert!(matches!(
            Share::parse(&share.to_mnemonic()),
            Err(Error::GroupThresholdExceedsCount { group_threshold: 3, group_count: 2 })
        ));
    }

    /// The straightforward search the linear shortcut must agree with.
    fn brute_force_error_positions(words: &[u16]) -> Vec<usize> {
        let mut candidate = words.to_vec();
        (0..words.len())
            .filter(|&pos| {
                (0..1024u16).filter(|&w| w != words[pos]).any(|w| {
                    candidate[pos] = w;
                    let valid = checksum_valid(&candidate);
                    candidate[pos] = words[pos];
                    valid
                })
            })
            .map(|pos| pos + 1)
            .collect()
    }

    #[test]
    fn error_location_matches_brute_force() {
        let mut r = rng(11);
        for (seed, ext) in [(12, false), (13, true)] {
            let share = &shares(&[9; 16], &opts(1, &[(1, 1)], ext), seed)[0][0];
            let words = share.word_indices();
            for errors in [1, 1, 1, 2, 2] {
                let mut bad = words.to_vec();
                for _ in 0..errors {
                    let pos = r.gen_range(0..bad.len());
                    bad[pos] ^= r.gen_range(1..1024);
                }
                let found = likely_error_positions(&bad);
                assert_eq!(found, brute_force_error_positions(&bad), "{errors} error(s)");
                if errors == 1 {
                    assert_eq!(found.len(), 1);
                }
            }
        }
    }

    #[test]
    fn checksum_error_in_the_extendable_flag_word_is_located() {
        let share = &shares(&[1; 16], &opts(1, &[(1, 1)], true), 5)[0][0];
        let mut words = share.word_indices();
        // Flip the extendable bit itself: the other code's checksum fails too.
        words[1] ^= 1 << ITERATION_EXP_LENGTH_BITS;
        assert!(!checksum_valid(&words));
        assert_eq!(likely_error_positions(&words), [2]);
    }

    #[test]
    fn foreign_share_by_field() {
        let base = shares(&[1; 16], &opts(1, &[(2, 3)], false), 6)[0].clone();
        let changed = |f: &dyn Fn(&mut Share)| {
            let mut s = base[1].clone();
            f(&mut s);
            let set = [base[0].clone(), reencode(&s)];
            combine(&set, b"").expect_err("foreign")
        };
        let field_of = |e: Error| match e {
            Error::ForeignShare { share: 2, field } => field,
            other => panic!("expected a foreign share, got {other:?}"),
        };
        assert_eq!(field_of(changed(&|s| s.identifier ^= 1)), SetField::Identifier);
        assert_eq!(field_of(changed(&|s| s.extendable = true)), SetField::Extendable);
        assert_eq!(field_of(changed(&|s| s.iteration_exponent = 3)), SetField::IterationExponent);
        assert_eq!(field_of(changed(&|s| s.group_count = 2)), SetField::GroupCount);
        assert_eq!(
            field_of(changed(&|s| {
                s.group_count = 2;
                s.group_threshold = 2;
            })),
            SetField::GroupThreshold
        );
        assert_eq!(field_of(changed(&|s| s.value = Zeroizing::new(vec![0; 18]))), SetField::ValueLength);
    }

    #[test]
    fn inconsistent_member_threshold_and_conflicting_shares() {
        let base = shares(&[1; 16], &opts(1, &[(2, 3)], false), 7)[0].clone();
        let mut other = base[1].clone();
        other.member_threshold = 3;
        let err = combine(&[base[0].clone(), reencode(&other)], b"").expect_err("inconsistent");
        assert!(matches!(err, Error::InconsistentGroup { share: 2, first: 1, group_index: 0 }));

        let mut twin = base[1].clone();
        twin.value[0] ^= 1;
        let err = combine(&[base[1].clone(), base[0].clone(), reencode(&twin)], b"").expect_err("conflict");
        assert!(matches!(
            err,
            Error::ConflictingShares { first: 1, second: 3, group_index: 0, member_index: 1 }
        ));
    }

    #[test]
    fn digest_mismatch_names_the_group() {
        let base = shares(&[1; 16], &opts(1, &[(2, 3)], false), 8)[0].clone();
        let mut bad = base[2].clone();
        bad.value[5] ^= 0x40;
        let err = combine(&[base[0].clone(), reencode(&bad)], b"").expect_err("digest");
        assert!(matches!(err, Error::DigestMismatch { group_index: Some(0) }));
        // More shares than needed must agree as well.
        let err = combine(&[base[0].clone(), base[1].clone(), reencode(&bad)], b"").expect_err("digest");
        assert!(matches!(err, Error::DigestMismatch { group_index: Some(0) }));
        let err = extend_group(&[base[0].clone(), reencode(&bad)], &[9]).expect_err("digest");
        assert!(matches!(err, Error::DigestMismatch { group_index: Some(0) }));

        // Groups of 1-of-1 pass their shares through, so the group level catches it.
        let groups = shares(&[1; 16], &opts(2, &[(1, 1), (1, 1)], false), 9);
        let mut bad = groups[1][0].clone();
        bad.value[0] ^= 1;
        let err = combine(&[groups[0][0].clone(), reencode(&bad)], b"").expect_err("digest");
        assert!(matches!(err, Error::DigestMismatch { group_index: None }));
    }

    /// One error of each kind built by hand, without any share: every wordlist word in
    /// their texts ("group", "index", ...) is message vocabulary, not a leak.
    fn hand_made_errors() -> Vec<Error> {
        vec![
            Error::UnknownWord { position: 3, suggestions: suggest("acadmic") },
            Error::WordCount { found: 19, valid: &VALID_WORD_COUNTS },
            Error::Checksum { likely_positions: vec![] },
            Error::Checksum { likely_positions: vec![4] },
            Error::Checksum { likely_positions: vec![4, 9] },
            Error::Padding,
            Error::GroupThresholdExceedsCount { group_threshold: 3, group_count: 2 },
            Error::NoShares,
            Error::ForeignShare { share: 2, field: SetField::Identifier },
            Error::DuplicateShare { first: 1, second: 2 },
            Error::ConflictingShares { first: 1, second: 2, group_index: 0, member_index: 1 },
            Error::InconsistentGroup { share: 2, first: 1, group_index: 0 },
            Error::MixedGroups { share: 2 },
            Error::NotEnoughShares {
                groups_required: 2,
                complete_groups: 1,
                incomplete: vec![GroupShortfall { group_index: 0, have: 1, threshold: 3 }],
            },
            Error::DigestMismatch { group_index: Some(2) },
            Error::DigestMismatch { group_index: None },
            Error::InvalidSplit(SplitError::NoGroups),
            Error::InvalidExtension(ExtendError::ThresholdOne),
        ]
    }

    /// The lowercase words of an error's `Display` and `Debug` texts.
    fn text_words(error: &Error) -> Vec<String> {
        [error.to_string(), format!("{error:?}")]
            .iter()
            .flat_map(|t| t.split(|c: char| !c.is_ascii_alphabetic()))
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    }

    #[test]
    fn messages_name_positions_and_groups() {
        let texts: Vec<String> = hand_made_errors().iter().map(ToString::to_string).collect();
        assert!(texts[0].contains("word 3"), "{}", texts[0]);
        assert!(texts[3].contains("word 4"), "{}", texts[3]);
        assert!(texts[4].contains("4, 9"), "{}", texts[4]);
        assert!(texts[13].contains("1 more complete group"), "{}", texts[13]);
        assert!(texts[13].contains("group 1 needs 2 more"), "{}", texts[13]);
        assert!(texts[14].contains("group 3"), "{}", texts[14]);
    }

    /// Errors raised by real shares name no word of those shares (beyond the words the
    /// messages always use), neither in `Display` nor in `Debug`.
    #[test]
    fn errors_from_real_shares_contain_no_share_words() {
        let vocabulary: Vec<String> = hand_made_errors().iter().flat_map(text_words).collect();
        assert!(vocabulary.iter().any(|w| w == "group"));

        let set = shares(&[1; 16], &opts(2, &[(2, 3), (2, 2)], false), 14);
        let other = shares(&[1; 16], &opts(2, &[(2, 3), (2, 2)], false), 15);
        let g0 = &set[0];
        let mnemonic = g0[0].to_mnemonic();
        let words: Vec<&str> = mnemonic.split(' ').collect();
        let with_word = |pos: usize, w: &str| {
            let mut changed = words.clone();
            changed[pos] = w;
            Share::parse(&changed.join(" ")).expect_err("broken share")
        };
        let typo = format!("{}x", &words[4][..3]);
        let mut bad = g0[1].clone();
        bad.value[0] ^= 1;
        let mut errors = vec![
            with_word(4, &typo),
            with_word(6, if words[6] == "zero" { "acid" } else { "zero" }),
            Share::parse(&words[..19].join(" ")).expect_err("short"),
            combine(&[g0[0].clone(), other[0][1].clone()], b"").expect_err("foreign"),
            combine(&[g0[0].clone(), g0[0].clone()], b"").expect_err("duplicate"),
            combine(&[g0[1].clone(), reencode(&bad)], b"").expect_err("conflict"),
            combine(&[g0[0].clone(), set[1][0].clone()], b"").expect_err("too few"),
            combine(&[g0[0].clone(), reencode(&bad), set[1][0].clone(), set[1][1].clone()], b"")
                .expect_err("digest"),
        ];
        errors.push(extend_group(&[g0[0].clone(), set[1][0].clone()], &[5]).expect_err("mixed"));
        for error in &errors {
            for word in text_words(error) {
                let leaked = words.contains(&word.as_str()) || word == typo;
                assert!(!leaked || vocabulary.contains(&word), "{word}: {error}");
            }
        }
    }
}

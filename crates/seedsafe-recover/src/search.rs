//! The search engine: candidates from a [`Space`], filtered by their checksum, stretched
//! into seeds by the [`Kernel`] several at a time, and checked against the [`Target`] on
//! every core, with progress, checkpoints and shards.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use hmac::{Hmac, Mac};
use seedsafe_core::bip39::Language;
use seedsafe_core::electrum::{self, SeedVersion};
use seedsafe_core::secret::Passphrase;
use seedsafe_core::slip39::Share;
use sha2::{Digest, Sha256, Sha512};
use unicode_normalization::UnicodeNormalization;
use zeroize::{Zeroize, Zeroizing};

use crate::checkpoint::{self, Checkpoint};
use crate::kernel::{Job, Kernel};
use crate::passphrase::Passphrases;
use crate::pattern::{Pattern, Wordlist};
use crate::space::{Mistakes, Shard, Space, SpaceError};
use crate::target::{Checker, Hit, Target};

/// PBKDF2 iterations of BIP-39 and Electrum seeds.
pub const SEED_ROUNDS: u32 = 2048;

/// The secret format being repaired.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// BIP-39 words: 12, 15, 18, 21 or 24, with a checksum.
    Bip39,
    /// An Electrum seed: its version hash is the filter.
    Electrum,
    /// A SLIP-39 share: its RS1024 checksum alone tells a repaired share.
    Slip39,
}

impl Format {
    /// Name used on the command line and in reports.
    pub fn name(self) -> &'static str {
        match self {
            Format::Bip39 => "bip39",
            Format::Electrum => "electrum",
            Format::Slip39 => "slip39",
        }
    }
}

/// Why a search cannot start.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The space is malformed or too large.
    #[error(transparent)]
    Space(#[from] SpaceError),
    /// A length no mnemonic of the format has.
    #[error("{words} words{}; {expected}", missing_note(*.missing))]
    WordCount {
        /// Words after the missing ones are added.
        words: usize,
        /// Missing words asked for.
        missing: usize,
        /// What the format allows.
        expected: &'static str,
    },
    /// A target is needed (or must not be given).
    #[error("{0}")]
    Target(&'static str),
    /// Nothing could ever match.
    #[error("nothing to search: {0}")]
    Nothing(&'static str),
    /// The checkpoint file does not fit this search or cannot be used.
    #[error(transparent)]
    Checkpoint(#[from] checkpoint::Error),
}

fn missing_note(missing: usize) -> String {
    if missing == 0 {
        String::new()
    } else {
        format!(" (with the {missing} missing)")
    }
}

/// Everything that defines a search (and so its checkpoint).
pub struct Plan {
    format: Format,
    wordlist: Wordlist,
    space: Space,
    passphrases: Passphrases,
    target: Option<Target>,
    shard: Shard,
    range: Range<u128>,
    id: String,
}

impl std::fmt::Debug for Plan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Plan").field("format", &self.format).field("candidates", &self.space.len()).finish()
    }
}

impl Plan {
    /// Checks that the pieces fit together and numbers the search space.
    pub fn new(
        format: Format,
        pattern: &Pattern,
        mistakes: Mistakes,
        passphrases: Passphrases,
        target: Option<Target>,
        shard: Shard,
    ) -> Result<Plan, SearchError> {
        let words = pattern.slots.len() + mistakes.missing;
        let (valid, expected): (bool, &'static str) = match format {
            Format::Bip39 => {
                ([12, 15, 18, 21, 24].contains(&words), "a BIP-39 mnemonic has 12, 15, 18, 21 or 24")
            }
            Format::Electrum => {
                ((12..=24).contains(&words), "an Electrum seed has 12 to 24 words (usually 12)")
            }
            Format::Slip39 => (
                seedsafe_core::slip39::VALID_WORD_COUNTS.contains(&words),
                "a SLIP-39 share has 20 words (128-bit secret) or 33 (256-bit)",
            ),
        };
        if !valid {
            return Err(SearchError::WordCount { words, missing: mistakes.missing, expected });
        }
        match (format, &target) {
            (Format::Slip39, Some(_)) => {
                return Err(SearchError::Target("a SLIP-39 share is repaired by its checksum alone; drop the target"))
            }
            (Format::Slip39, None) => {}
            (_, None) => {
                return Err(SearchError::Target(
                    "a target is needed to recognise the wallet: --address, --address-file, --xpub or --fingerprint",
                ))
            }
            (Format::Electrum, Some(t)) if t.electrum_versions().is_empty() => {
                return Err(SearchError::Nothing(
                    "Electrum seeds restore Bitcoin P2PKH (standard) or P2WPKH (segwit) wallets; the addresses given are neither",
                ))
            }
            _ => {}
        }
        if format == Format::Slip39 && passphrases.is_search() {
            return Err(SearchError::Target("a SLIP-39 share has no passphrase to search"));
        }
        if passphrases.is_empty() {
            return Err(SearchError::Nothing("the passphrase list is empty"));
        }
        let space = Space::new(pattern, mistakes, passphrases.len())?;
        let range = shard.range(space.len());
        let id = checkpoint::search_id(format.name(), pattern, mistakes, &passphrases, target.as_ref());
        Ok(Plan { format, wordlist: pattern.wordlist, space, passphrases, target, shard, range, id })
    }

    /// The identifier its checkpoints carry.
    pub fn checkpoint_id(&self) -> &str {
        &self.id
    }

    /// The shard searched.
    pub fn shard(&self) -> Shard {
        self.shard
    }

    /// The format.
    pub fn format(&self) -> Format {
        self.format
    }

    /// The numbered space.
    pub fn space(&self) -> &Space {
        &self.space
    }

    /// The part of the space this run searches.
    pub fn range(&self) -> Range<u128> {
        self.range.clone()
    }

    /// The target, if any.
    pub fn target(&self) -> Option<&Target> {
        self.target.as_ref()
    }

    /// Whether a passphrase is searched.
    pub fn searches_passphrase(&self) -> bool {
        self.passphrases.is_search()
    }

    /// The share of candidates expected to pass the filter (checksum or version) and be
    /// key-stretched.
    pub fn pass_rate(&self) -> f64 {
        match self.format {
            Format::Bip39 => 1.0 / f64::from(1u32 << (self.space.length() / 3)),
            Format::Electrum => self
                .target
                .as_ref()
                .map_or(0.0, |t| t.electrum_versions().iter().map(|v| version_probability(*v)).sum()),
            Format::Slip39 => 0.0,
        }
    }

    /// Candidates expected to be key-stretched in this run's range.
    pub fn expected_checked(&self) -> f64 {
        (self.range.end - self.range.start) as f64 * self.pass_rate()
    }
}

fn version_probability(v: SeedVersion) -> f64 {
    1.0 / 16f64.powi(v.prefix().len() as i32)
}

/// How a search runs.
#[derive(Clone, Debug)]
pub struct Options {
    /// Worker threads.
    pub threads: usize,
    /// The PBKDF2 kernel.
    pub kernel: Kernel,
    /// Where to keep (and resume from) the position.
    pub checkpoint: Option<PathBuf>,
    /// How often to write the checkpoint.
    pub checkpoint_every: Duration,
    /// Stop after this long (benchmarks); the outcome is then incomplete.
    pub time_limit: Option<Duration>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
            kernel: Kernel::detect(),
            checkpoint: None,
            checkpoint_every: Duration::from_secs(10),
            time_limit: None,
        }
    }
}

/// A snapshot of a running search.
#[derive(Clone, Copy, Debug)]
pub struct Progress {
    /// Candidates enumerated in this run's range, counting those done before a resume.
    pub enumerated: u128,
    /// Candidates in this run's range.
    pub total: u128,
    /// Candidates key-stretched and checked against the target, in this run.
    pub checked: u64,
    /// Time since this run started.
    pub elapsed: Duration,
}

/// Receives progress reports while a search runs (from the thread that called
/// [`search`]).
pub trait Observer: Sync {
    /// Called about ten times a second.
    fn progress(&self, _progress: &Progress) {}
}

/// An observer that ignores everything.
pub struct Quiet;

impl Observer for Quiet {}

/// The repaired secret.
pub struct Found {
    /// Its number in the space.
    pub index: u128,
    /// The words, as wallets print them.
    pub phrase: Zeroizing<String>,
    /// The passphrase, when one was searched.
    pub passphrase: Option<Passphrase>,
    /// Where it matched the target.
    pub hit: Option<Hit>,
    /// The Electrum seed version, for an Electrum seed.
    pub electrum: Option<SeedVersion>,
}

impl std::fmt::Debug for Found {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Found").field("index", &self.index).field("hit", &self.hit).finish_non_exhaustive()
    }
}

/// How a search ended.
#[derive(Debug)]
pub struct Outcome {
    /// The match, if any.
    pub found: Option<Found>,
    /// Candidates enumerated (in this run's range, including before a resume).
    pub candidates: u128,
    /// Candidates key-stretched and checked (including before a resume).
    pub checked: u64,
    /// Seconds this run took.
    pub seconds: f64,
    /// Whether the whole range was searched (always true when not found and not stopped).
    pub complete: bool,
    /// Where this run started, when it resumed from a checkpoint.
    pub resumed_at: Option<u128>,
}

/// The filter and key-stretching inputs of one format.
struct Stretch {
    format: Format,
    language: Option<Language>,
    electrum_versions: Vec<SeedVersion>,
    seed_version: Hmac<Sha512>,
}

impl Stretch {
    fn new(plan: &Plan) -> Self {
        Stretch {
            format: plan.format,
            language: match plan.wordlist {
                Wordlist::Bip39(l) => Some(l),
                Wordlist::Slip39 => None,
            },
            electrum_versions: plan.target.as_ref().map(Target::electrum_versions).unwrap_or_default(),
            seed_version: <Hmac<Sha512> as Mac>::new_from_slice(b"Seed version")
                .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length")),
        }
    }

    /// Writes the PBKDF2 password of `words` into `phrase`, and says whether the
    /// candidate passes the format's filter (with the Electrum version).
    fn filter(&self, words: &[u16], list: Wordlist, phrase: &mut Vec<u8>) -> Option<Option<SeedVersion>> {
        match self.format {
            Format::Bip39 => {
                if !bip39_checksum(words) {
                    return None;
                }
                join(list, words, phrase);
                Some(None)
            }
            Format::Electrum => {
                join(list, words, phrase);
                if self.language != Some(Language::English) {
                    let text = Zeroizing::new(String::from_utf8_lossy(phrase).into_owned());
                    let normalized = electrum::normalize_text(&text);
                    phrase.zeroize();
                    phrase.extend_from_slice(normalized.as_bytes());
                }
                let mut mac = self.seed_version.clone();
                mac.update(phrase);
                let hash = mac.finalize().into_bytes();
                let nibbles = [hash[0] >> 4, hash[0] & 15, hash[1] >> 4];
                self.electrum_versions
                    .iter()
                    .find(|v| {
                        v.prefix()
                            .bytes()
                            .zip(nibbles)
                            .all(|(c, n)| char::from(c).to_digit(16) == Some(u32::from(n)))
                    })
                    .map(|v| Some(*v))
            }
            Format::Slip39 => {
                join(list, words, phrase);
                let text = Zeroizing::new(String::from_utf8_lossy(phrase).into_owned());
                Share::parse(&text).ok().map(|_| None)
            }
        }
    }

    /// Writes the salt for `passphrase` into `salt`.
    fn salt(&self, passphrase: &str, salt: &mut Vec<u8>) {
        salt.zeroize();
        match self.format {
            Format::Electrum => {
                salt.extend_from_slice(b"electrum");
                salt.extend_from_slice(electrum::normalize_text(passphrase).as_bytes());
            }
            _ => {
                salt.extend_from_slice(b"mnemonic");
                if passphrase.is_ascii() {
                    salt.extend_from_slice(passphrase.as_bytes());
                } else {
                    let n = Zeroizing::new(passphrase.nfkd().collect::<String>());
                    salt.extend_from_slice(n.as_bytes());
                }
            }
        }
    }
}

/// BIP-39's checksum: the first words/3 bits of SHA-256 of the entropy.
pub fn bip39_checksum(words: &[u16]) -> bool {
    let cs = words.len() / 3;
    let mut bytes = [0u8; 33];
    let (mut acc, mut bits, mut n) = (0u32, 0u32, 0usize);
    for &w in words {
        acc = (acc << 11) | u32::from(w);
        bits += 11;
        while bits >= 8 {
            bits -= 8;
            bytes[n] = (acc >> bits) as u8;
            n += 1;
        }
        acc &= (1 << bits) - 1;
    }
    let ent = words.len() * 4 / 3;
    let hash = Sha256::digest(&bytes[..ent]);
    let expected = u32::from(words[words.len() - 1]) & ((1 << cs) - 1);
    bytes.zeroize();
    u32::from(hash[0]) >> (8 - cs) == expected
}

/// The words joined by single spaces (the NFKD form BIP-39 stretches).
fn join(list: Wordlist, words: &[u16], out: &mut Vec<u8>) {
    out.zeroize();
    let all = list.words();
    for (i, &w) in words.iter().enumerate() {
        if i > 0 {
            out.push(b' ');
        }
        out.extend_from_slice(all[usize::from(w)].as_bytes());
    }
}

/// One candidate waiting for the kernel.
struct Pending {
    index: u128,
    electrum: Option<SeedVersion>,
    password: Vec<u8>,
    salt: Vec<u8>,
}

impl Drop for Pending {
    fn drop(&mut self) {
        self.password.zeroize();
        self.salt.zeroize();
    }
}

/// A match: the candidate number, where it matched, and its Electrum version.
type Match = (u128, Option<Hit>, Option<SeedVersion>);

/// What one chunk of the range gave.
struct ChunkResult {
    checked: u64,
    found: Option<Match>,
}

/// The shared state of a running search.
struct Shared<'p> {
    plan: &'p Plan,
    stretch: Stretch,
    kernel: Kernel,
    start: u128,
    chunk: u128,
    chunks: u64,
    next: AtomicU64,
    stop: AtomicBool,
    running: AtomicUsize,
    enumerated: AtomicU64,
    checked: AtomicU64,
    /// Chunks finished beyond the frontier, with their checked counts; and the frontier.
    done: Mutex<(u64, std::collections::BTreeMap<u64, u64>, u64)>,
    found: Mutex<Option<Match>>,
}

impl Shared<'_> {
    fn chunk_range(&self, c: u64) -> Range<u128> {
        let a = self.start + u128::from(c) * self.chunk;
        a..(a + self.chunk).min(self.plan.range.end)
    }

    fn worker(&self) {
        let checker = self.plan.target.as_ref().map(Checker::new);
        let mut phrase = Vec::with_capacity(256);
        let mut passphrase = String::new();
        let mut batch: Vec<Pending> = Vec::with_capacity(self.kernel.lanes());
        let mut seeds = vec![[0u8; 64]; self.kernel.lanes()];
        while !self.stop.load(Ordering::Relaxed) {
            let c = self.next.fetch_add(1, Ordering::Relaxed);
            if c >= self.chunks {
                break;
            }
            let range = self.chunk_range(c);
            let r = self.chunk(
                range.clone(),
                checker.as_ref(),
                &mut phrase,
                &mut passphrase,
                &mut batch,
                &mut seeds,
            );
            self.enumerated.fetch_add((range.end - range.start) as u64, Ordering::Relaxed);
            self.checked.fetch_add(r.checked, Ordering::Relaxed);
            if let Some(f) = r.found {
                let mut found = self.found.lock().unwrap_or_else(|e| e.into_inner());
                if found.as_ref().is_none_or(|(i, _, _)| f.0 < *i) {
                    *found = Some(f);
                }
                self.stop.store(true, Ordering::Relaxed);
            }
            let mut guard = self.done.lock().unwrap_or_else(|e| e.into_inner());
            let (frontier, beyond, checked) = &mut *guard;
            beyond.insert(c, r.checked);
            while let Some(n) = beyond.remove(frontier) {
                *frontier += 1;
                *checked += n;
            }
        }
        phrase.zeroize();
        passphrase.zeroize();
        for s in &mut seeds {
            s.zeroize();
        }
        self.running.fetch_sub(1, Ordering::Release);
    }

    fn chunk(
        &self,
        range: Range<u128>,
        checker: Option<&Checker<'_>>,
        phrase: &mut Vec<u8>,
        passphrase: &mut String,
        batch: &mut Vec<Pending>,
        seeds: &mut [[u8; 64]],
    ) -> ChunkResult {
        let space = &self.plan.space;
        let p_count = space.passphrases();
        let mut result = ChunkResult { checked: 0, found: None };
        let mut cursor = space.cursor(range.start);
        let mut index = range.start;
        while index < range.end {
            let p_start = cursor.passphrase();
            let p_end = p_count.min(p_start + (range.end - index));
            if let Some(version) = self.stretch.filter(cursor.words(), self.plan.wordlist, phrase) {
                let Some(checker) = checker else {
                    // SLIP-39: the checksum is the whole check.
                    result.found = Some((index, None, None));
                    return result;
                };
                for p in p_start..p_end {
                    self.plan.passphrases.get(p, passphrase);
                    let mut salt = Vec::with_capacity(8 + passphrase.len());
                    self.stretch.salt(passphrase, &mut salt);
                    batch.push(Pending {
                        index: index + (p - p_start),
                        electrum: version,
                        password: phrase.clone(),
                        salt,
                    });
                    if batch.len() == self.kernel.lanes() {
                        if let Some(f) = self.flush(batch, seeds, checker, &mut result) {
                            result.found = Some(f);
                            return result;
                        }
                    }
                }
            }
            index += p_end - p_start;
            if index < range.end && !cursor.next_mnemonic() {
                break;
            }
        }
        if let Some(checker) = checker {
            if let Some(f) = self.flush(batch, seeds, checker, &mut result) {
                result.found = Some(f);
            }
        }
        result
    }

    fn flush(
        &self,
        batch: &mut Vec<Pending>,
        seeds: &mut [[u8; 64]],
        checker: &Checker<'_>,
        result: &mut ChunkResult,
    ) -> Option<Match> {
        if batch.is_empty() {
            return None;
        }
        let jobs: Vec<Job<'_>> = batch.iter().map(|p| Job { password: &p.password, salt: &p.salt }).collect();
        self.kernel.pbkdf2_hmac_sha512(&jobs, SEED_ROUNDS, seeds);
        result.checked += batch.len() as u64;
        let found = batch.iter().zip(seeds.iter()).find_map(|(p, seed)| {
            checker.check(seed, p.electrum).map(|hit| (p.index, Some(hit), p.electrum))
        });
        batch.clear();
        found
    }
}

/// Chunk length: about a tenth of a second of one thread's work, so stopping, progress and
/// checkpoints stay prompt and a partly filled last batch costs little.
fn chunk_len(plan: &Plan, kernel: Kernel) -> u128 {
    let per_index = 0.3e-6 + plan.pass_rate() * 2e-4 * 4.0 / kernel.lanes().max(1) as f64;
    let by_time = (0.1 / per_index) as u128;
    let total = plan.range.end - plan.range.start;
    // Never more than 2^62 chunks.
    by_time.clamp(1, 1 << 40).max(total >> 62).max(1)
}

/// Runs a search over the plan's range, resuming from `options.checkpoint` when it exists.
pub fn search(plan: &Plan, options: &Options, observer: &dyn Observer) -> Result<Outcome, SearchError> {
    let started = Instant::now();
    let mut start = plan.range.start;
    let mut checked_before = 0u64;
    let mut resumed_at = None;
    if let Some(path) = &options.checkpoint {
        if let Some(cp) = Checkpoint::load(path)? {
            cp.matches(&plan.id, plan.shard, &plan.range)?;
            start = cp.position;
            checked_before = cp.checked;
            resumed_at = Some(start);
        }
    }
    let chunk = chunk_len(plan, options.kernel);
    let chunks = u64::try_from((plan.range.end - start).div_ceil(chunk)).unwrap_or(u64::MAX);
    let threads = options.threads.max(1);
    let shared = Shared {
        plan,
        stretch: Stretch::new(plan),
        kernel: options.kernel,
        start,
        chunk,
        chunks,
        next: AtomicU64::new(0),
        stop: AtomicBool::new(false),
        running: AtomicUsize::new(threads),
        enumerated: AtomicU64::new(0),
        checked: AtomicU64::new(0),
        done: Mutex::new((0, Default::default(), 0)),
        found: Mutex::new(None),
    };
    let save = |finished: bool| -> Result<(), SearchError> {
        let Some(path) = &options.checkpoint else { return Ok(()) };
        let done = shared.done.lock().unwrap_or_else(|e| e.into_inner());
        let position =
            if finished { plan.range.end } else { (start + u128::from(done.0) * chunk).min(plan.range.end) };
        let cp = Checkpoint {
            search: plan.id.clone(),
            shard: plan.shard,
            start: plan.range.start,
            end: plan.range.end,
            position,
            checked: checked_before + done.2,
        };
        drop(done);
        cp.save(path)?;
        Ok(())
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("seedsafe-repair-{i}"))
        .build()
        .map_err(|_| SearchError::Nothing("could not start the worker threads"))?;
    let mut save_error = None;
    pool.in_place_scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|_| shared.worker());
        }
        let mut last_save = Instant::now();
        while shared.running.load(Ordering::Acquire) > 0 {
            std::thread::sleep(Duration::from_millis(100));
            observer.progress(&Progress {
                enumerated: start - plan.range.start + u128::from(shared.enumerated.load(Ordering::Relaxed)),
                total: plan.range.end - plan.range.start,
                checked: checked_before + shared.checked.load(Ordering::Relaxed),
                elapsed: started.elapsed(),
            });
            if options.time_limit.is_some_and(|limit| started.elapsed() >= limit) {
                shared.stop.store(true, Ordering::Relaxed);
            }
            if last_save.elapsed() >= options.checkpoint_every {
                last_save = Instant::now();
                if let Err(e) = save(false) {
                    save_error = Some(e);
                    shared.stop.store(true, Ordering::Relaxed);
                }
            }
        }
    });
    if let Some(e) = save_error {
        return Err(e);
    }
    let found = shared.found.lock().unwrap_or_else(|e| e.into_inner()).take();
    let complete = found.is_none() && shared.next.load(Ordering::Relaxed) >= chunks;
    save(complete)?;
    let enumerated = start - plan.range.start + u128::from(shared.enumerated.load(Ordering::Relaxed));
    let checked = checked_before + shared.checked.load(Ordering::Relaxed);
    let found = found.map(|(index, hit, electrum)| reveal(plan, index, hit, electrum));
    Ok(Outcome {
        found,
        candidates: if complete { plan.range.end - plan.range.start } else { enumerated },
        checked,
        seconds: started.elapsed().as_secs_f64(),
        complete,
        resumed_at,
    })
}

/// The secret of candidate `index`.
fn reveal(plan: &Plan, index: u128, hit: Option<Hit>, electrum: Option<SeedVersion>) -> Found {
    let cursor = plan.space.cursor(index);
    let words = crate::space::words_of(plan.wordlist, cursor.words());
    let separator = match plan.wordlist {
        Wordlist::Bip39(l) if plan.format == Format::Bip39 => l.separator(),
        _ => " ",
    };
    let phrase = Zeroizing::new(words.join(separator));
    let passphrase = plan.passphrases.is_search().then(|| {
        let mut p = String::new();
        plan.passphrases.get(cursor.passphrase(), &mut p);
        Passphrase::new(p)
    });
    Found { index, phrase, passphrase, hit, electrum }
}

/// Measured speed of the search's inner loop on this machine.
#[derive(Clone, Copy, Debug)]
pub struct Estimate {
    /// Candidates key-stretched and checked per second on all threads.
    pub checked_per_second: f64,
    /// Candidates filtered per second on all threads.
    pub filtered_per_second: f64,
    /// Expected seconds for the whole range.
    pub seconds: f64,
}

/// Measures the kernel and the check (about `budget` of time) and estimates the run time of
/// the plan's range.
pub fn estimate(plan: &Plan, options: &Options, budget: Duration) -> Estimate {
    let threads = options.threads.max(1);
    let stretch = Stretch::new(plan);
    let lanes = options.kernel.lanes();
    let space = &plan.space;
    // Filter speed: one thread over real candidates.
    let t = Instant::now();
    let mut cursor = space.cursor(plan.range.start);
    let mut phrase = Vec::new();
    let mut filtered = 0u64;
    while t.elapsed() < budget / 4 && filtered < 1_000_000 {
        let _ = stretch.filter(cursor.words(), plan.wordlist, &mut phrase);
        filtered += 1;
        if !cursor.next_mnemonic() {
            cursor = space.cursor(0);
        }
    }
    let filtered_per_second = filtered as f64 / t.elapsed().as_secs_f64().max(1e-9) * threads as f64;
    phrase.zeroize();
    // Seed speed: every thread runs batches of real-looking candidates through the
    // kernel and the check.
    let checked_per_second = match plan.target.as_ref() {
        None => f64::INFINITY,
        Some(target) => {
            crate::ecmult::prepare();
            let counter = AtomicU64::new(0);
            let t = Instant::now();
            std::thread::scope(|s| {
                for _ in 0..threads {
                    s.spawn(|| {
                        let checker = Checker::new(target);
                        let password = vec![b'a'; 8 * space.length()];
                        let salt = b"mnemonic".to_vec();
                        let jobs = vec![Job { password: &password, salt: &salt }; lanes];
                        let mut seeds = vec![[0u8; 64]; lanes];
                        while t.elapsed() < budget * 3 / 4 {
                            options.kernel.pbkdf2_hmac_sha512(&jobs, SEED_ROUNDS, &mut seeds);
                            for seed in &seeds {
                                let _ = checker.check(seed, stretch.electrum_versions.first().copied());
                            }
                            counter.fetch_add(lanes as u64, Ordering::Relaxed);
                        }
                    });
                }
            });
            counter.load(Ordering::Relaxed) as f64 / t.elapsed().as_secs_f64().max(1e-9)
        }
    };
    let range = (plan.range.end - plan.range.start) as f64;
    let seconds = range / filtered_per_second
        + if checked_per_second.is_finite() { plan.expected_checked() / checked_per_second } else { 0.0 };
    Estimate { checked_per_second, filtered_per_second, seconds }
}

#[cfg(test)]
mod tests {
    use super::*;
    use seedsafe_core::bip39::Mnemonic;

    #[test]
    fn checksum_matches_the_bip39_crate() {
        let mut state = 1u64;
        for words in [12usize, 15, 18, 21, 24] {
            for _ in 0..300 {
                let indexes: Vec<u16> = (0..words)
                    .map(|_| {
                        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                        (state >> 53) as u16
                    })
                    .collect();
                let valid = Mnemonic::from_indices(&indexes, Language::English).is_some();
                assert_eq!(bip39_checksum(&indexes), valid, "{words} words");
            }
        }
    }
}

//! Measurements behind `seedsafe repair --benchmark`: the PBKDF2 kernel against the
//! RustCrypto reference, in the same run, and the whole search end to end.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use seedsafe_core::bip39::{Language, Mnemonic, WordCount};
use seedsafe_core::chain::Chain;
use seedsafe_core::secret::Passphrase;
use seedsafe_core::wallet::{DeriveRequest, Secret, Wallet};
use sha2::Sha512;

use crate::kernel::{Job, Kernel};
use crate::passphrase::Passphrases;
use crate::pattern::{self, Wordlist};
use crate::search::{self, Format, Options, Plan, Quiet, SEED_ROUNDS};
use crate::space::{Mistakes, Shard};
use crate::target::{Target, DEFAULT_INDEXES};

/// A 12-word mnemonic's PBKDF2 input, as long as a typical English one.
const PHRASE: &[u8] = b"legal winner thank year wave sausage worth useful legal winner thank yellow";

/// Seeds per second on one thread of the RustCrypto reference and of `kernel`, measured in
/// alternating slices of a fifth of a second for `duration` in all, so both see the same
/// machine load (the ratio stays meaningful on a busy machine).
pub fn compare_per_core(kernel: Kernel, duration: Duration) -> (f64, f64) {
    let mut one = [0u8; 64];
    let reference = || {
        pbkdf2::pbkdf2_hmac::<Sha512>(PHRASE, b"mnemonic", SEED_ROUNDS, &mut one);
        1
    };
    alternate(duration, reference, kernel_step(kernel))
}

/// Seeds per second on one thread of `kernel` and of the check against a BIP-84 address on
/// `indexes` address indexes, in alternating slices as [`compare_per_core`]: the kernel's
/// rate over the check's is the derivation cost as a fraction of the PBKDF2 time.
pub fn check_against_kernel(kernel: Kernel, indexes: u32, duration: Duration) -> (f64, f64) {
    let Some(target) = missed_target(indexes) else { return (0.0, 0.0) };
    let checker = crate::target::Checker::new(&target);
    alternate(duration, kernel_step(kernel), check_step(&checker))
}

/// Runs `a` and `b` in turns of a fifth of a second for `duration` in all; the seeds per
/// second of each. Each call of a closure returns how many seeds it did.
fn alternate(duration: Duration, mut a: impl FnMut() -> u64, mut b: impl FnMut() -> u64) -> (f64, f64) {
    fn slice(f: &mut impl FnMut() -> u64, total: &mut (u64, Duration)) {
        let s = Instant::now();
        while s.elapsed() < Duration::from_millis(200) {
            total.0 += f();
        }
        total.1 += s.elapsed();
    }
    let (mut first, mut second) = ((0u64, Duration::ZERO), (0u64, Duration::ZERO));
    let t = Instant::now();
    while t.elapsed() < duration {
        slice(&mut a, &mut first);
        slice(&mut b, &mut second);
    }
    (first.0 as f64 / first.1.as_secs_f64(), second.0 as f64 / second.1.as_secs_f64())
}

/// One batch of `kernel`: as many seeds as it has lanes.
fn kernel_step(kernel: Kernel) -> impl FnMut() -> u64 {
    let jobs = vec![Job { password: PHRASE, salt: b"mnemonic" }; kernel.lanes()];
    let mut out = vec![[0u8; 64]; kernel.lanes()];
    move || {
        kernel.pbkdf2_hmac_sha512(&jobs, SEED_ROUNDS, &mut out);
        kernel.lanes() as u64
    }
}

/// Seeds per second of `kernel` on `threads` threads together.
pub fn kernel_per_second(kernel: Kernel, threads: usize, duration: Duration) -> f64 {
    let count = AtomicU64::new(0);
    let t = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..threads.max(1) {
            s.spawn(|| {
                let jobs = vec![Job { password: PHRASE, salt: b"mnemonic" }; kernel.lanes()];
                let mut out = vec![[0u8; 64]; kernel.lanes()];
                while t.elapsed() < duration {
                    kernel.pbkdf2_hmac_sha512(&jobs, SEED_ROUNDS, &mut out);
                    count.fetch_add(kernel.lanes() as u64, Ordering::Relaxed);
                }
            });
        }
    });
    count.load(Ordering::Relaxed) as f64 / t.elapsed().as_secs_f64()
}

/// Candidate seeds checked per second on one thread against a BIP-84 address (of a random
/// wallet, so every check is a miss and derives all `indexes`): the derivation cost alone.
pub fn check_per_second(indexes: u32, duration: Duration) -> f64 {
    let Some(target) = missed_target(indexes) else { return 0.0 };
    let checker = crate::target::Checker::new(&target);
    let mut step = check_step(&checker);
    let t = Instant::now();
    let mut n = 0u64;
    while t.elapsed() < duration {
        n += step();
    }
    n as f64 / t.elapsed().as_secs_f64()
}

/// The first BIP-84 address of a random wallet, tried on `indexes` indexes: a target no
/// candidate of the benchmarks opens.
fn missed_target(indexes: u32) -> Option<Target> {
    let other = Secret::Bip39(Mnemonic::generate(WordCount::W12, Language::English));
    let address = Wallet::open(&other, &Passphrase::empty())
        .ok()
        .and_then(|w| w.derive(&DeriveRequest::first(Chain::Btc)).ok())
        .map(|d| d.addresses[0].address.clone())
        .unwrap_or_default();
    Target::addresses(&[address], None, None, &[], indexes).ok()
}

/// Checks one made-up seed (a new one each call) with `checker`.
fn check_step<'c>(checker: &'c crate::target::Checker<'_>) -> impl FnMut() -> u64 + 'c {
    let mut seed = [7u8; 64];
    let mut n = 0u64;
    move || {
        seed[..8].copy_from_slice(&n.to_le_bytes());
        let _ = checker.check(&seed, None);
        n += 1;
        1
    }
}

/// Rates of a real search.
#[derive(Clone, Copy, Debug)]
pub struct EndToEnd {
    /// Words of the mnemonic.
    pub words: usize,
    /// Candidates enumerated per second.
    pub candidates_per_second: f64,
    /// Candidates key-stretched and checked per second.
    pub checked_per_second: f64,
}

/// Runs a search for a mnemonic of `words` words with two unknown words at known positions
/// against a BIP-84 address (of another wallet, so it never ends early) for `duration`.
pub fn end_to_end(
    words: usize,
    options: &Options,
    duration: Duration,
) -> Result<EndToEnd, search::SearchError> {
    let count = WordCount::new(words).unwrap_or(WordCount::W12);
    let m = Mnemonic::generate(count, Language::English);
    let mut tokens: Vec<String> = m.words().map(str::to_string).collect();
    tokens[1] = "?".into();
    tokens[words / 2] = "?".into();
    let text = zeroize::Zeroizing::new(tokens.join(" "));
    tokens.iter_mut().for_each(zeroize::Zeroize::zeroize);
    let pattern = pattern::parse(&text, Some(Wordlist::Bip39(Language::English)))
        .unwrap_or_else(|_| unreachable!("words of the list"));
    let other = Secret::Bip39(Mnemonic::generate(WordCount::W12, Language::English));
    let wallet =
        Wallet::open(&other, &Passphrase::empty()).map_err(|_| search::SearchError::Nothing("no wallet"))?;
    let address = wallet
        .derive(&DeriveRequest::first(Chain::Btc))
        .map_err(|_| search::SearchError::Nothing("no address"))?
        .addresses[0]
        .address
        .clone();
    let target = Target::addresses(&[address], None, None, &[], DEFAULT_INDEXES)
        .map_err(|_| search::SearchError::Nothing("no target"))?;
    let plan = Plan::new(
        Format::Bip39,
        &pattern,
        Mistakes::default(),
        Passphrases::known(Passphrase::empty()),
        Some(target),
        Shard::WHOLE,
    )?;
    let options = Options { time_limit: Some(duration), checkpoint: None, ..options.clone() };
    let outcome = search::search(&plan, &options, &Quiet)?;
    Ok(EndToEnd {
        words,
        candidates_per_second: outcome.candidates as f64 / outcome.seconds,
        checked_per_second: outcome.checked as f64 / outcome.seconds,
    })
}

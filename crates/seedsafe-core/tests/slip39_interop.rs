//! SLIP-39 interoperability with the reference implementation (`shamir-mnemonic`), both
//! ways, on random cases: groups, passphrases, iteration exponents 0-2, both values of the
//! extendable flag, and every supported secret length.
//!
//! The reference runs in Python through `tests/oracle/slip39_oracle.py`, with the interpreter from `SEEDSAFE_PYTHON`, by default the
//! repository's `.venv` that `scripts/test` creates. Each direction is one batched Python
//! call. Cases come from a random seed that is printed, and can be replayed with
//! `SEEDSAFE_TEST_SEED=<seed>`.

mod common;

use rand::rngs::StdRng;
use rand::seq::{IteratorRandom, SliceRandom};
use rand::{CryptoRng, Rng, RngCore, SeedableRng};
use seedsafe_core::slip39::{combine, extend_group, split_with_rng, GroupSpec, Share, SplitOptions};
use serde_json::{json, Value};

const CASES: usize = 30;
const RANDOM_STREAM_BYTES: usize = 4096;

fn oracle(op: &str, cases: Vec<Value>) -> Vec<Value> {
    common::oracle_batch("slip39_oracle.py", op, cases)
}

fn test_seed() -> u64 {
    common::test_seed("slip39 interop")
}

/// A random split to perform.
#[derive(Debug)]
struct Case {
    secret: Vec<u8>,
    passphrase: String,
    opts: SplitOptions,
}

fn random_case(rng: &mut StdRng) -> Case {
    let len = 2 * rng.gen_range(8..=16);
    let passphrase_len = rng.gen_range(0..=12);
    let groups: Vec<GroupSpec> = (0..rng.gen_range(1..=4))
        .map(|_| match rng.gen_range(1..=4) {
            1 => GroupSpec { threshold: 1, count: 1 },
            t => GroupSpec { threshold: t, count: t + rng.gen_range(0..=2) },
        })
        .collect();
    Case {
        secret: (0..len).map(|_| rng.gen()).collect(),
        passphrase: (0..passphrase_len).map(|_| char::from(rng.gen_range(32u8..=126))).collect(),
        opts: SplitOptions {
            group_threshold: rng.gen_range(1..=groups.len() as u8),
            groups,
            iteration_exponent: rng.gen_range(0..=2),
            extendable: rng.gen(),
        },
    }
}

/// A random minimal recovering subset: `group_threshold` groups, `threshold` members each.
fn threshold_subset(groups: &[Vec<Share>], group_threshold: u8, rng: &mut StdRng) -> Vec<Share> {
    let mut chosen: Vec<Share> = groups
        .iter()
        .choose_multiple(rng, usize::from(group_threshold))
        .into_iter()
        .flat_map(|members| {
            let threshold = usize::from(members[0].member_threshold());
            members.choose_multiple(rng, threshold).cloned().collect::<Vec<_>>()
        })
        .collect();
    chosen.shuffle(rng);
    chosen
}

/// Swaps one share of a group (threshold 2 or more) for a share made by `extend_group`,
/// so the reference also has to accept extended shares.
fn with_an_extended_share(chosen: &mut [Share], rng: &mut StdRng) {
    let Some(target) = chosen.iter().position(|s| s.member_threshold() >= 2) else {
        return;
    };
    let group = chosen[target].group_index();
    let mates: Vec<Share> = chosen.iter().filter(|s| s.group_index() == group).cloned().collect();
    let free = (0..16u8).filter(|i| mates.iter().all(|s| s.member_index() != *i));
    let index = free.choose(rng).expect("a free index");
    let new = extend_group(&mates, &[index]).expect("extend the group");
    chosen[target] = new.into_iter().next().expect("one new share");
}

#[test]
fn rust_splits_python_combines() {
    let seed = test_seed();
    let mut rng = StdRng::seed_from_u64(seed);
    let cases: Vec<Case> = (0..CASES).map(|_| random_case(&mut rng)).collect();
    let requests = cases
        .iter()
        .map(|case| {
            let groups = split_with_rng(&case.secret, case.passphrase.as_bytes(), &case.opts, &mut rng)
                .unwrap_or_else(|e| panic!("seed {seed}: split {case:?}: {e}"));
            let mut chosen = threshold_subset(&groups, case.opts.group_threshold, &mut rng);
            with_an_extended_share(&mut chosen, &mut rng);
            let mnemonics: Vec<String> = chosen.iter().map(|s| s.to_mnemonic().to_string()).collect();
            json!({ "mnemonics": mnemonics, "passphrase": case.passphrase })
        })
        .collect();
    for (case, result) in cases.iter().zip(oracle("combine", requests)) {
        assert_eq!(
            result["secret_hex"].as_str(),
            Some(hex::encode(&case.secret).as_str()),
            "seed {seed}: {case:?}: {result}"
        );
    }
}

/// A fixed byte stream as random source, to replay the reference's randomness.
struct ByteStream {
    data: Vec<u8>,
    pos: usize,
}

impl RngCore for ByteStream {
    fn next_u32(&mut self) -> u32 {
        let mut b = [0; 4];
        self.fill_bytes(&mut b);
        u32::from_le_bytes(b)
    }

    fn next_u64(&mut self) -> u64 {
        let mut b = [0; 8];
        self.fill_bytes(&mut b);
        u64::from_le_bytes(b)
    }

    fn fill_bytes(&mut self, dest: &mut [u8]) {
        let end = self.pos + dest.len();
        dest.copy_from_slice(self.data.get(self.pos..end).expect("random stream exhausted"));
        self.pos = end;
    }

    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

// The stream is drawn from a seeded generator; this is test-only replay, not key material.
impl CryptoRng for ByteStream {}

#[test]
fn python_splits_rust_combines() {
    let seed = test_seed();
    let mut rng = StdRng::seed_from_u64(seed);
    let cases: Vec<(Case, Vec<u8>)> = (0..CASES)
        .map(|_| {
            let stream = (0..RANDOM_STREAM_BYTES).map(|_| rng.gen()).collect();
            (random_case(&mut rng), stream)
        })
        .collect();
    let requests = cases
        .iter()
        .map(|(case, stream)| {
            json!({
                "secret_hex": hex::encode(&case.secret),
                "passphrase": case.passphrase,
                "group_threshold": case.opts.group_threshold,
                "groups": case.opts.groups.iter().map(|g| [g.threshold, g.count]).collect::<Vec<_>>(),
                "iteration_exponent": case.opts.iteration_exponent,
                "extendable": case.opts.extendable,
                "random_hex": hex::encode(stream),
            })
        })
        .collect();
    for ((case, stream), result) in cases.iter().zip(oracle("split", requests)) {
        let context = format!("seed {seed}: {case:?}: {result}");
        let python_groups: Vec<Vec<String>> =
            serde_json::from_value(result["groups"].clone()).unwrap_or_else(|e| panic!("{context}: {e}"));

        // Rust parses every reference share and writes it back identically.
        let groups: Vec<Vec<Share>> = python_groups
            .iter()
            .map(|g| g.iter().map(|m| Share::parse(m).unwrap_or_else(|e| panic!("{context}: {e}"))).collect())
            .collect();
        for (shares, mnemonics) in groups.iter().zip(&python_groups) {
            for (share, mnemonic) in shares.iter().zip(mnemonics) {
                assert_eq!(share.to_mnemonic().as_str(), mnemonic, "{context}");
            }
        }

        // A threshold subset recovers the secret in Rust.
        let chosen = threshold_subset(&groups, case.opts.group_threshold, &mut rng);
        let secret =
            combine(&chosen, case.passphrase.as_bytes()).unwrap_or_else(|e| panic!("{context}: {e}"));
        assert_eq!(secret.as_slice(), case.secret, "{context}");

        // Fed the same random bytes, Rust's split produces the very same mnemonics.
        let mut replay = ByteStream { data: stream.clone(), pos: 0 };
        let ours = split_with_rng(&case.secret, case.passphrase.as_bytes(), &case.opts, &mut replay)
            .unwrap_or_else(|e| panic!("{context}: {e}"));
        let ours: Vec<Vec<String>> =
            ours.iter().map(|g| g.iter().map(|s| s.to_mnemonic().to_string()).collect()).collect();
        assert_eq!(ours, python_groups, "{context}");
        assert_eq!(result["random_left"].as_u64(), Some((stream.len() - replay.pos) as u64), "{context}");
    }
}

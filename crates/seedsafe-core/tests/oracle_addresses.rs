//! Differential and typo tests: addresses made by Python's `bip_utils` (an implementation
//! independent of seedsafe) from random keys, for every chain, network and kind, must be
//! accepted with the right reading; then every single-character substitution (over the
//! format's alphabet) and every adjacent transposition of each is checked, and the share
//! rejected is printed per format.
//!
//! `SEEDSAFE_TEST_SEED` repeats a run; `SEEDSAFE_ORACLE_COUNT` sets the keys per format.

mod common;

use std::collections::BTreeMap;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use seedsafe_core::validate::{self, base58, bech32, Coin, Encoding, Options};
use serde_json::{json, Value};

const FAST: Options = Options { locate_errors: false };

/// Formats per key in `address_oracle.py`.
const FORMATS: usize = 28;

fn seed() -> u64 {
    let seed: u64 =
        std::env::var("SEEDSAFE_TEST_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(rand::random);
    eprintln!("random seed: {seed} (set SEEDSAFE_TEST_SEED={seed} to repeat)");
    seed
}

fn field<'a>(record: &'a Value, key: &str) -> &'a str {
    record[key].as_str().unwrap_or_else(|| panic!("{key} missing in {record}"))
}

/// The characters a typo can put in an address of this format.
fn alphabet(format: &str, encoding: &str) -> Vec<u8> {
    match encoding {
        "base58check" | "base58" => base58::BITCOIN.chars().to_vec(),
        "ripple-base58" => base58::RIPPLE.chars().to_vec(),
        "bech32" | "bech32m" | "cashaddr" => bech32::CHARSET.to_vec(),
        "hex" if format == "eth-lowercase" => b"0123456789abcdef".to_vec(),
        "hex" => b"0123456789abcdefABCDEF".to_vec(),
        other => panic!("no alphabet for {other}"),
    }
}

#[derive(Default)]
struct Rate {
    total: usize,
    rejected: usize,
}

impl Rate {
    fn add(&mut self, rejected: bool) {
        self.total += 1;
        self.rejected += usize::from(rejected);
    }

    fn percent(&self) -> f64 {
        100.0 * self.rejected as f64 / self.total.max(1) as f64
    }
}

#[derive(Default)]
struct Stats {
    substitutions: Rate,
    transpositions: Rate,
    /// A few accepted typos, to show what got through.
    accepted: Vec<String>,
    /// Every mutant with seedsafe's verdict (accepted = true), kept only where the verdict
    /// is compared with a reference one by one.
    verdicts: Option<Vec<(String, bool)>>,
}

impl Stats {
    /// Caught: rejected, or read only as another format (a typo that turns a Litecoin
    /// address into a valid Solana one is still refused by a Litecoin wallet, and
    /// `address check` names the other chain).
    fn rejected(&mut self, s: &[u8], original: (Coin, Encoding)) -> bool {
        let s = std::str::from_utf8(s).expect("ascii");
        let rejected = validate::identify_with(s, FAST)
            .map_or(true, |found| !found.candidates().iter().any(|c| (c.coin, c.encoding) == original));
        if !rejected && self.accepted.len() < 3 {
            self.accepted.push(s.to_string());
        }
        if let Some(verdicts) = &mut self.verdicts {
            verdicts.push((s.to_string(), !rejected));
        }
        rejected
    }
}

/// Every single-character substitution and adjacent transposition of one address.
fn mutate(address: &str, alphabet: &[u8], reading: (Coin, Encoding), stats: &mut Stats) {
    let mut bytes = address.as_bytes().to_vec();
    for i in 0..bytes.len() {
        let original = bytes[i];
        for &c in alphabet.iter().filter(|&&c| c != original) {
            bytes[i] = c;
            let r = stats.rejected(&bytes, reading);
            stats.substitutions.add(r);
        }
        bytes[i] = original;
    }
    for i in 0..bytes.len() - 1 {
        if bytes[i] != bytes[i + 1] {
            bytes.swap(i, i + 1);
            let r = stats.rejected(&bytes, reading);
            stats.transpositions.add(r);
            bytes.swap(i, i + 1);
        }
    }
}

/// A few random single substitutions must be located exactly: for bech32, bech32m and
/// cashaddr any two valid strings differ in at least 5 characters, so one substitution has
/// one repair; for Base58Check a second repair has probability about 2^-32 per try.
fn located(
    address: &str,
    alphabet: &[u8],
    from: usize,
    rng: &mut StdRng,
    failures: &mut Vec<String>,
) -> usize {
    let mut checked = 0;
    for _ in 0..3 {
        let i = rng.gen_range(from..address.len());
        let mut bytes = address.as_bytes().to_vec();
        let c = alphabet[rng.gen_range(0..alphabet.len())];
        if c == bytes[i] {
            continue;
        }
        bytes[i] = c;
        let mutant = String::from_utf8(bytes).expect("ascii");
        checked += 1;
        match validate::identify(&mutant) {
            Err(e) if e.positions() == [i + 1] => {}
            other => failures.push(format!("{mutant} (changed at {}): {other:?}", i + 1)),
        }
    }
    checked
}

#[test]
fn oracle_addresses_are_accepted_and_typos_are_caught() {
    let count: usize = std::env::var("SEEDSAFE_ORACLE_COUNT").ok().and_then(|s| s.parse().ok()).unwrap_or(6);
    let seed = seed();
    let records = common::run_oracle("address_oracle.py", &json!({"count": count, "seed": seed}));
    let records = records.as_array().expect("a list");
    assert_eq!(records.len(), count * FORMATS, "addresses from the oracle");

    let mut rng = StdRng::seed_from_u64(seed);
    let mut failures = Vec::new();
    let mut stats: BTreeMap<String, Stats> = BTreeMap::new();
    let mut located_count = 0;
    for r in records {
        let (address, format) = (field(r, "address"), field(r, "format"));
        let (chain, network, kind, encoding) =
            (field(r, "chain"), field(r, "network"), field(r, "kind"), field(r, "encoding"));
        match validate::identify(address) {
            Ok(found) => {
                let matches = found.candidates().iter().any(|c| {
                    c.coin.name() == chain
                        && c.networks.iter().any(|n| n.name() == network)
                        && c.kind.to_string() == kind
                        && c.encoding.name() == encoding
                });
                if !matches {
                    failures.push(format!("{format} {address}: read as {:?}", found.candidates()));
                }
            }
            Err(e) => failures.push(format!("{format} {address}: rejected: {e}")),
        }
        let alphabet = alphabet(format, encoding);
        let Ok(found) = validate::identify(address) else { continue };
        let original = (found.primary().coin, found.primary().encoding);
        let stats = stats.entry(format.to_string()).or_insert_with(|| Stats {
            verdicts: (format == "eth-eip55").then(Vec::new),
            ..Stats::default()
        });
        mutate(address, &alphabet, original, stats);
        // Locate in the data part (after the prefix, whose characters are no checksum data).
        let from = match encoding {
            "bech32" | "bech32m" => address.rfind('1').expect("separator") + 1,
            "cashaddr" => address.find(':').map_or(0, |i| i + 1),
            "base58check" => 0,
            _ => continue,
        };
        located_count += located(address, &alphabet, from, &mut rng, &mut failures);
    }
    assert!(failures.is_empty(), "{} failure(s):\n{}", failures.len(), failures.join("\n"));
    assert!(located_count > count * 10, "{located_count} located substitutions");

    eprintln!(
        "{:<28} {:>14} {:>9} {:>14} {:>9}",
        "format", "substitutions", "rejected", "transpositions", "rejected"
    );
    for (format, s) in &stats {
        eprintln!(
            "{format:<28} {:>14} {:>8.3}% {:>14} {:>8.3}%",
            s.substitutions.total,
            s.substitutions.percent(),
            s.transpositions.total,
            s.transpositions.percent()
        );
        for typo in &s.accepted {
            eprintln!("    accepted: {typo}");
        }
    }
    for (format, s) in &stats {
        let (subs, swaps) = (s.substitutions.percent(), s.transpositions.percent());
        assert!(s.substitutions.total > 0 && s.transpositions.total > 0, "{format}: nothing mutated");
        match format.as_str() {
            // Solana addresses have no checksum: any typo that keeps 32 bytes is another valid
            // address. Measured, not asserted.
            "sol" => {}
            // All-lower-case Ethereum addresses carry no EIP-55 checksum: measured only.
            "eth-lowercase" => {}
            // EIP-55 is one checksum bit per letter: a changed digit slips through when every
            // letter's case happens to match, probability 2^-(letters) (about 2.5e-4 on
            // average, but 1/64 for an address with only six letters; and an address whose
            // letters are all lower case turns into an unchecksummed one by any digit change),
            // so the rate is not asserted. Every verdict is compared with the reference below.
            "eth-eip55" => {}
            // Bech32, bech32m and cashaddr are BCH codes that detect every error touching up
            // to 4 characters in an address (a transposition touches 2): 100%. Base58Check's
            // 32-bit checksum misses one typo in 2^32, so over the sample: 100%.
            _ => assert!(subs == 100.0 && swaps == 100.0, "{format}: {subs:.3}% / {swaps:.3}%"),
        }
    }
    let originals: Vec<&str> =
        records.iter().filter(|r| field(r, "format") == "eth-eip55").map(|r| field(r, "address")).collect();
    eip55_verdicts_match_the_reference(&originals, stats["eth-eip55"].verdicts.as_deref().expect("kept"));
    // The measured rates of the unprotected forms, so a change in them shows.
    let sol = &stats["sol"];
    eprintln!(
        "sol: {:.3}% of substitutions change the length and are caught; the rest are other valid addresses",
        sol.substitutions.percent()
    );
    assert!(sol.substitutions.percent() < 50.0, "Solana has no checksum; a high rate means a bug");
    // Of an all-lower-case Ethereum address only typos in the `0x` prefix are caught (2 of 42
    // characters, about 5%).
    assert!(stats["eth-lowercase"].substitutions.percent() < 10.0, "lower-case Ethereum has no checksum");
}

/// Every mutant of an EIP-55 address gets the same verdict from seedsafe as from Ethereum's
/// own `eth_utils` under EIP-55's rule (mixed case must carry a valid checksum; all lower or
/// all upper case carries none and is accepted as unchecksummed, which a typo can produce
/// from an address whose letters all happen to be lower case), and no mixed-case mutant
/// that only flips the case of one letter is accepted: that flips exactly one checksum bit,
/// so EIP-55 always catches it.
fn eip55_verdicts_match_the_reference(originals: &[&str], verdicts: &[(String, bool)]) {
    let mutants: Vec<&str> = verdicts.iter().map(|(m, _)| m.as_str()).collect();
    let reference = common::run_oracle("address_oracle.py", &json!({"eip55": mutants}));
    let reference = reference.as_array().expect("a list of verdicts");
    assert_eq!(reference.len(), verdicts.len(), "one verdict per mutant");
    let mut differ = Vec::new();
    for ((mutant, ours), theirs) in verdicts.iter().zip(reference) {
        let theirs = theirs.as_bool().expect("a boolean");
        if *ours != theirs {
            differ.push(format!("{mutant}: seedsafe {ours}, eth_utils {theirs}"));
        }
        let hex = &mutant.as_bytes()[2..];
        let mixed = hex.iter().any(u8::is_ascii_lowercase) && hex.iter().any(u8::is_ascii_uppercase);
        if *ours && mixed && originals.iter().any(|o| o.eq_ignore_ascii_case(mutant)) {
            differ.push(format!("{mutant}: only a letter's case changed, yet accepted"));
        }
    }
    assert!(
        differ.is_empty(),
        "{} EIP-55 verdict(s) differ from the reference:\n{}",
        differ.len(),
        differ.join("\n")
    );
}

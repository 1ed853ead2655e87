//! SLIP-10 ed25519 against the test vectors of `slip-0010.md` (`slip10_test_vectors.json`).
//!
//! seedsafe uses SLIP-10 for ed25519 only (Solana); the secp256k1 (done by BIP-32),
//! nist256p1 and curve25519 sets are counted and skipped.

mod common;

use common::{text, Failures};

use bitcoin::hashes::{hash160, Hash};
use seedsafe_core::slip10::{Ed25519Node, NotHardened, HARDENED};

/// Reads "m", "m/0'/1'" or "m/0H/1h" into indices with the hardened bit.
fn parse_path(path: &str) -> Vec<u32> {
    let mut parts = path.split('/');
    assert_eq!(parts.next(), Some("m"), "{path}: starts with m");
    parts
        .map(|part| {
            let (body, hardened) = match part.strip_suffix(['\'', 'H', 'h']) {
                Some(body) => (body, true),
                None => (part, false),
            };
            let n: u32 = body.parse().unwrap_or_else(|_| panic!("{path}: bad component {part}"));
            assert!(n < HARDENED, "{path}: index {n} too large");
            if hardened {
                n | HARDENED
            } else {
                n
            }
        })
        .collect()
}

#[test]
fn path_parser_reads_both_notations() {
    assert_eq!(parse_path("m"), Vec::<u32>::new());
    assert_eq!(parse_path("m/0H/1h/2'/3"), vec![HARDENED, 1 | HARDENED, 2 | HARDENED, 3]);
}

#[test]
fn ed25519_vectors() {
    let json = common::vector_json("slip10_test_vectors.json");
    let sets = json.as_array().expect("a list of vector sets");
    let mut fails = Failures::default();
    let (mut ed_sets, mut ed_chains) = (0, 0);
    let (mut skipped_sets, mut skipped_chains) = (0, 0);
    for set in sets {
        let name = text(&set["name"], "name");
        let chains = set["chains"].as_array().expect("chains");
        if text(&set["curve"], "curve") != "ed25519" {
            // Not a curve seedsafe derives with SLIP-10 (see the module comment).
            skipped_sets += 1;
            skipped_chains += chains.len();
            continue;
        }
        ed_sets += 1;
        let seed = hex::decode(text(&set["seed_hex"], "seed_hex")).expect("seed hex");
        let master = Ed25519Node::master(&seed);
        for chain in chains {
            ed_chains += 1;
            let path_text = text(&chain["path"], "path");
            let id = format!("{name} {path_text}");
            let path = parse_path(path_text);
            let node = match master.derive(&path) {
                Ok(n) => n,
                Err(e) => {
                    fails.fail(&id, format!("derive: {e:?}"));
                    continue;
                }
            };
            fails.eq(
                &id,
                "chain code",
                hex::encode(node.chain_code()),
                text(&chain["chain_code"], "cc").into(),
            );
            fails.eq(
                &id,
                "private key",
                hex::encode(node.private_key()),
                text(&chain["private"], "priv").into(),
            );
            // The vectors write ed25519 public keys with a 0x00 prefix byte (33 bytes).
            let public = format!("00{}", hex::encode(node.public_key()));
            fails.eq(&id, "public key", public, text(&chain["public"], "public").into());
            // The fingerprint is the start of HASH160 of the parent's 33-byte public key.
            let want_fingerprint = text(&chain["fingerprint"], "fingerprint");
            let fingerprint = match path.split_last() {
                None => "00000000".to_string(),
                Some((_, parent_path)) => match master.derive(parent_path) {
                    Ok(parent) => {
                        let mut key = vec![0u8];
                        key.extend_from_slice(&parent.public_key());
                        hex::encode(&hash160::Hash::hash(&key).to_byte_array()[..4])
                    }
                    Err(e) => format!("parent not derived: {e:?}"),
                },
            };
            fails.eq(&id, "parent fingerprint", fingerprint, want_fingerprint.to_string());
            // Derivation step by step gives the same node as the whole path at once.
            let stepwise = path.iter().try_fold(master.clone(), |n, i| n.child(*i)).map(|n| *n.private_key());
            fails.eq(&id, "step-by-step private key", stepwise, Ok(*node.private_key()));
            // ed25519 has no public (non-hardened) derivation.
            fails.eq(&id, "non-hardened child", node.child(7).map(|n| *n.chain_code()), Err(NotHardened(7)));
        }
    }
    assert_eq!((ed_sets, ed_chains), (2, 12), "ed25519 vector sets and chains");
    // secp256k1 ×2, nist256p1 ×2 + derivation retry + seed retry, curve25519 ×2.
    assert_eq!((skipped_sets, skipped_chains), (8, 40), "skipped non-ed25519 sets and chains");
    fails.assert_none("slip10_test_vectors.json ed25519");
}

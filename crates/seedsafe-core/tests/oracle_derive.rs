//! Differential tests: random mnemonics in every wordlist, random passphrases, every chain,
//! kind and network, derived by seedsafe and by Python's `bip_utils` (with Trezor's
//! `mnemonic` for Japanese), must give identical addresses, account keys and fingerprints.

mod common;

use rand::rngs::StdRng;
use rand::Rng;
use seedsafe_core::bip39::{Language, Mnemonic, ParseError, WordCount};
use seedsafe_core::chain::{AddressKind, Chain, Network};
use seedsafe_core::electrum::{self, SeedVersion};
use seedsafe_core::secret::Passphrase;
use seedsafe_core::wallet::{DeriveRequest, Secret, SeedFormat, Wallet};
use serde_json::{json, Value};

const PASSPHRASES: [&str; 6] = [
    "",
    "TREZOR",
    "correct horse battery staple",
    "pässwörd ñ",
    "㍍ガバヴァぱばぐゞちぢ十人十色",
    "  two  spaces ",
];

/// Every (chain, kind, network) seedsafe derives.
fn combos() -> Vec<(Chain, Option<AddressKind>, Network)> {
    let mut out = Vec::new();
    for chain in Chain::ALL {
        if chain.kinds().is_empty() {
            out.push((chain, None, Network::Mainnet));
        }
        for kind in chain.kinds() {
            for network in chain.networks() {
                out.push((chain, Some(*kind), *network));
            }
        }
    }
    out
}

fn rng() -> StdRng {
    common::seeded_rng("derive oracle")
}

struct Case {
    secret_kind: &'static str,
    phrase: String,
    language: Language,
    passphrase: String,
    req: DeriveRequest,
}

fn compare(cases: Vec<Case>, format: Option<SeedFormat>) {
    let input: Vec<Value> = cases
        .iter()
        .map(|c| {
            json!({
                "seed_kind": c.secret_kind, "mnemonic": c.phrase, "language": c.language.name(),
                "passphrase": c.passphrase, "chain": c.req.chain.name(),
                "kind": c.req.kind.map(|k| k.name()), "network": c.req.network.name(),
                "account": c.req.account, "change": c.req.change, "start": c.req.start, "count": c.req.count,
            })
        })
        .collect();
    let answers = common::run_oracle("derive_oracle.py", &Value::Array(input));
    let answers = answers.as_array().expect("a list");
    assert_eq!(answers.len(), cases.len());
    for (i, (case, want)) in cases.iter().zip(answers).enumerate() {
        let secret = Secret::parse(&case.phrase, None, format).expect("our own mnemonic parses");
        let wallet = Wallet::open(&secret, &Passphrase::new(case.passphrase.clone())).expect("opens");
        let got = wallet.derive(&case.req).expect("derives");
        let addresses: Vec<&str> = got.addresses.iter().map(|a| a.address.as_str()).collect();
        let context =
            format!("case {i}: {} {} {:?} {:?}", case.secret_kind, case.language, case.req, case.passphrase);
        assert_eq!(json!(addresses), want["addresses"], "addresses, {context}");
        assert_eq!(json!(got.fingerprint), want["fingerprint"], "fingerprint, {context}");
        if case.req.chain != Chain::Sol {
            assert_eq!(json!(got.account_xpub), want["account_xpub"], "account xpub, {context}");
        }
    }
}

#[test]
fn bip39_every_language_chain_kind_and_network() {
    let mut rng = rng();
    let mut cases = Vec::new();
    for language in Language::ALL {
        for _ in 0..3 {
            let words = WordCount::new([12, 15, 18, 21, 24][rng.gen_range(0..5)]).expect("valid count");
            let mut entropy = vec![0u8; words.entropy_bytes()];
            rng.fill(&mut entropy[..]);
            let m = Mnemonic::from_entropy(&entropy, language).expect("valid entropy");
            let passphrase = PASSPHRASES[rng.gen_range(0..PASSPHRASES.len())].to_string();
            for (chain, kind, network) in combos() {
                let req = DeriveRequest {
                    chain,
                    kind,
                    network,
                    account: rng.gen_range(0..3),
                    change: rng.gen_bool(0.3),
                    start: rng.gen_range(0..50),
                    count: 2,
                    path: None,
                };
                cases.push(Case {
                    secret_kind: "bip39",
                    phrase: m.phrase().to_string(),
                    language,
                    passphrase: passphrase.clone(),
                    req,
                });
            }
        }
    }
    assert!(cases.len() > 500);
    compare(cases, None);
}

#[test]
fn mnemonics_generated_by_the_reference_library_parse_and_derive_alike() {
    let mut rng = rng();
    let mut cases = Vec::new();
    for language in Language::ALL {
        let words = [12, 24][rng.gen_range(0..2)];
        let list = common::run_oracle(
            "derive_oracle.py",
            &json!({"generate": 3, "seed_kind": "bip39", "language": language.name(), "words": words}),
        );
        for phrase in list.as_array().expect("a list") {
            let phrase = phrase.as_str().expect("a string").to_string();
            // Chinese simplified and traditional share many characters: a phrase of shared
            // words whose checksum holds in both lists is rightly refused as ambiguous, and
            // then parses with its language named.
            let m = match Mnemonic::parse(&phrase, None) {
                Err(ParseError::AmbiguousLanguage(candidates)) if candidates.contains(&language) => {
                    Mnemonic::parse(&phrase, Some(language)).unwrap_or_else(|e| panic!("{language}: {e}"))
                }
                other => other.unwrap_or_else(|e| panic!("{language}: {e}")),
            };
            assert_eq!(m.language(), language);
            let req = DeriveRequest {
                count: 3,
                kind: Some(AddressKind::P2wpkh),
                ..DeriveRequest::first(Chain::Btc)
            };
            cases.push(Case { secret_kind: "bip39", phrase, language, passphrase: String::new(), req });
        }
    }
    compare(cases, Some(SeedFormat::Bip39));
}

#[test]
fn electrum_seeds_match_the_reference() {
    let mut rng = rng();
    let mut cases = Vec::new();
    for version in [SeedVersion::Standard, SeedVersion::Segwit] {
        for _ in 0..6 {
            let m = electrum::Mnemonic::generate(version);
            let kind_name =
                if version == SeedVersion::Standard { "electrum-standard" } else { "electrum-segwit" };
            let req = DeriveRequest {
                change: rng.gen_bool(0.5),
                start: rng.gen_range(0..20),
                count: 3,
                ..DeriveRequest::first(Chain::Btc)
            };
            let passphrase =
                ["", "Did you ever hear the tragedy", "ExTension  Words"][rng.gen_range(0..3)].to_string();
            cases.push(Case {
                secret_kind: kind_name,
                phrase: m.phrase().to_string(),
                language: Language::English,
                passphrase,
                req,
            });
        }
    }
    compare(cases, Some(SeedFormat::Electrum));
}

//! Address validation and payment URIs against the official vectors in `shared/vectors`:
//! Bitcoin Core's `key_io` valid and invalid sets, the BIP-173 and BIP-350 strings and
//! addresses, Bitcoin Core's Base58 cases, the ERC-55 cases, and the BIP-21/BIP-321 examples.

mod common;

use seedsafe_core::chain::{Chain, Network as ChainNetwork};
use seedsafe_core::uri::{BitcoinUri, PaymentUri};
use seedsafe_core::validate::{self, base58, bech32, Checksum, Coin, Encoding, Error, Kind, Network};
use seedsafe_core::wif;
use serde_json::Value;

fn text<'a>(value: &'a Value, what: &str) -> &'a str {
    value.as_str().unwrap_or_else(|| panic!("{what} is not a string: {value}"))
}

/// Collects the failures of every case, so one run reports them all.
#[derive(Default)]
struct Failures(Vec<String>);

impl Failures {
    fn check(&mut self, ok: bool, what: impl FnOnce() -> String) {
        if !ok {
            self.0.push(what());
        }
    }

    fn assert_none(self, what: &str) {
        assert!(self.0.is_empty(), "{what}: {} failure(s):\n{}", self.0.len(), self.0.join("\n"));
    }
}

fn network_of(chain: &str) -> Network {
    match chain {
        "main" => Network::Mainnet,
        "test" | "testnet4" => Network::Testnet,
        "signet" => Network::Signet,
        "regtest" => Network::Regtest,
        other => panic!("unknown chain {other}"),
    }
}

/// The Bitcoin reading of a valid address on a network, and its output script.
fn bitcoin_script(address: &str, network: Network) -> Result<Vec<u8>, String> {
    let found = validate::identify(address).map_err(|e| format!("rejected: {e}"))?;
    let btc = found
        .candidates()
        .iter()
        .find(|c| c.coin == Coin::Btc && c.networks.contains(&network))
        .ok_or_else(|| format!("no btc {network:?} reading in {:?}", found.candidates()))?;
    btc.script_pubkey().ok_or_else(|| "no script".to_string())
}

#[test]
fn bitcoin_core_key_io_valid() {
    let cases = common::vector_json("bitcoin_core_key_io_valid.json");
    let cases = cases.as_array().expect("a list");
    let mut fails = Failures::default();
    let (mut addresses, mut keys, mut flipped) = (0, 0, 0);
    for case in cases {
        let s = text(&case[0], "string");
        let hex = text(&case[1], "hex");
        let meta = &case[2];
        let network = network_of(text(&meta["chain"], "chain"));
        if meta["isPrivkey"].as_bool() == Some(true) {
            keys += 1;
            // A WIF key: seedsafe's WIF reader knows Bitcoin main and test versions (signet
            // and regtest share the test one).
            match wif::decode(s) {
                Ok(w) => {
                    let want_net = if network == Network::Mainnet {
                        ChainNetwork::Mainnet
                    } else {
                        ChainNetwork::Testnet
                    };
                    fails.check(w.chain == Chain::Btc && w.network == want_net, || {
                        format!("{s}: chain/network")
                    });
                    fails.check(hex::encode(w.key.as_bytes()) == hex, || format!("{s}: key bytes"));
                    let compressed = meta["isCompressed"].as_bool().expect("isCompressed");
                    fails.check(w.key.compressed() == compressed, || format!("{s}: compression flag"));
                }
                Err(e) => fails.0.push(format!("{s}: WIF rejected: {e}")),
            }
            fails.check(validate::identify(s).is_err(), || {
                format!("{s}: a private key accepted as an address")
            });
            continue;
        }
        addresses += 1;
        match bitcoin_script(s, network) {
            Ok(script) => {
                fails.check(hex::encode(&script) == hex, || format!("{s}: script {}", hex::encode(&script)))
            }
            Err(e) => fails.0.push(format!("{s}: {e}")),
        }
        if meta["tryCaseFlip"].as_bool() == Some(true) {
            flipped += 1;
            let upper = s.to_ascii_uppercase();
            fails.check(bitcoin_script(&upper, network).is_ok_and(|sc| hex::encode(sc) == hex), || {
                format!("{upper}: upper-case form rejected")
            });
        }
    }
    assert_eq!(cases.len(), 70, "key_io_valid cases");
    assert_eq!((addresses, keys, flipped), (54, 16, 32), "addresses, keys and case flips");
    fails.assert_none("bitcoin_core_key_io_valid.json");
}

#[test]
fn bitcoin_core_key_io_invalid() {
    let cases = common::vector_json("bitcoin_core_key_io_invalid.json");
    let cases = cases.as_array().expect("a list");
    let mut fails = Failures::default();
    for case in cases {
        let s = text(&case[0], "string");
        if let Ok(found) = validate::identify(s) {
            fails.0.push(format!("{s:?} accepted as {:?}", found.candidates()));
        }
    }
    assert_eq!(cases.len(), 79, "key_io_invalid cases");
    fails.assert_none("bitcoin_core_key_io_invalid.json");
}

#[test]
fn bech32_and_bech32m_strings() {
    let mut count = 0;
    let mut fails = Failures::default();
    for (file, valid_key, invalid_key, variant) in [
        ("bech32_bip173_vectors.json", "valid_bech32", "invalid_bech32", bech32::Variant::Bech32),
        ("bech32m_bip350_vectors.json", "valid_bech32m", "invalid_bech32m", bech32::Variant::Bech32m),
    ] {
        let json = common::vector_json(file);
        for case in json[valid_key].as_array().expect("valid strings") {
            count += 1;
            let s = text(&case["string"], "string");
            match bech32::decode(s) {
                Ok(d) => fails.check(d.variant == variant, || format!("{file} {s}: variant {:?}", d.variant)),
                Err(e) => fails.0.push(format!("{file} {s}: rejected: {e}")),
            }
        }
        for case in json[invalid_key].as_array().expect("invalid strings") {
            count += 1;
            let s = text(&case["string"], "string");
            let reason = text(&case["reason"], "reason");
            let result = bech32::decode(s);
            fails.check(result.is_err(), || format!("{file} {s:?} ({reason}): accepted"));
            // The checksum of the upper-case-HRP cases is valid only for the upper-case HRP:
            // the HRP is lower-cased before the checksum, so these are checksum errors.
            if reason.contains("uppercase form of HRP") {
                fails.check(matches!(result, Err(Error::BadChecksum { .. })), || format!("{s}: {result:?}"));
            }
        }
    }
    assert_eq!(count, 7 + 12 + 7 + 14, "BIP-173 and BIP-350 strings");
    fails.assert_none("bech32 strings");
}

/// What each `reason` of the invalid SegWit addresses must come out as.
fn reason_matches(reason: &str, err: &Error) -> bool {
    match reason {
        r if r.starts_with("Invalid human-readable part") => matches!(err, Error::UnknownHrp(_)),
        r if r.starts_with("Invalid checksum (") => matches!(err, Error::ChecksumVariant { .. }),
        "Invalid checksum" => matches!(err, Error::BadChecksum { .. }),
        "Invalid witness version" => matches!(err, Error::WitnessVersion(_)),
        r if r.starts_with("Invalid program length") => matches!(err, Error::WitnessProgramLength { .. }),
        "Mixed case" => matches!(err, Error::MixedCase { .. }),
        r if r.contains("padding") => matches!(err, Error::Padding { .. }),
        "Invalid character in checksum" => matches!(err, Error::InvalidCharacter { .. }),
        "Empty data section" => matches!(err, Error::Malformed { .. }),
        other => panic!("no rule for reason {other:?}"),
    }
}

#[test]
fn segwit_addresses_bip173_and_bip350() {
    let mut fails = Failures::default();
    let (mut valid, mut invalid, mut superseded) = (0, 0, 0);
    for file in ["bech32_bip173_vectors.json", "bech32m_bip350_vectors.json"] {
        let json = common::vector_json(file);
        for case in json["valid_segwit_addresses"].as_array().expect("valid addresses") {
            let address = text(&case["address"], "address");
            let want = text(&case["script_pubkey_hex"], "script");
            // BIP-173 listed v1+ addresses with the bech32 checksum; BIP-350 made them invalid
            // (SOURCES.md: each carries a note).
            if case.get("note").is_some() {
                superseded += 1;
                let result = validate::identify(address);
                fails.check(
                    matches!(result, Err(Error::ChecksumVariant { expected: Encoding::Bech32m, .. })),
                    || format!("{file} {address}: superseded by BIP-350 but got {result:?}"),
                );
                continue;
            }
            valid += 1;
            let network = if address.to_ascii_lowercase().starts_with("tb") {
                Network::Testnet
            } else {
                Network::Mainnet
            };
            match bitcoin_script(address, network) {
                Ok(script) => {
                    fails.check(hex::encode(&script) == want, || format!("{file} {address}: script"))
                }
                Err(e) => fails.0.push(format!("{file} {address}: {e}")),
            }
        }
        for case in json["invalid_segwit_addresses"].as_array().expect("invalid addresses") {
            invalid += 1;
            let address = text(&case["address"], "address");
            let reason = text(&case["reason"], "reason");
            match validate::identify(address) {
                Ok(found) => {
                    fails.0.push(format!("{file} {address} ({reason}): accepted as {:?}", found.candidates()))
                }
                // BIP-173's invalid v1+ addresses carry the bech32 checksum, which BIP-350
                // rejects before looking further: either reason is right.
                Err(e) => fails.check(
                    reason_matches(reason, &e)
                        || (file.starts_with("bech32_bip173") && matches!(e, Error::ChecksumVariant { .. })),
                    || format!("{file} {address} ({reason}): {e:?}"),
                ),
            }
        }
    }
    assert_eq!((valid, superseded, invalid), (3 + 8, 3, 10 + 15));
    fails.assert_none("SegWit addresses");
}

#[test]
fn base58_encode_decode() {
    let cases = common::vector_json("base58_encode_decode.json");
    let cases = cases.as_array().expect("a list");
    let mut fails = Failures::default();
    for case in cases {
        let bytes = hex::decode(text(&case[0], "hex")).expect("hex");
        let b58 = text(&case[1], "base58");
        fails.check(base58::encode(&bytes, &base58::BITCOIN) == b58, || format!("encode {b58}"));
        fails.check(base58::decode(b58, &base58::BITCOIN).as_deref() == Ok(&bytes[..]), || {
            format!("decode {b58}")
        });
    }
    assert_eq!(cases.len(), 21);
    fails.assert_none("base58_encode_decode.json");
}

#[test]
fn eip55_addresses() {
    let json = common::vector_json("eip55_checksum_addresses.json");
    let cases = json["cases"].as_array().expect("cases");
    let mut fails = Failures::default();
    let mut located = 0;
    for case in cases {
        let category = text(&case["category"], "category");
        let checksummed = text(&case["checksummed"], "checksummed");
        let lowercase = text(&case["lowercase"], "lowercase");
        let want = if category == "Normal" { Checksum::Verified } else { Checksum::Absent };
        for (s, want) in [(checksummed, want), (lowercase, Checksum::Absent)] {
            match validate::identify(s) {
                Ok(found) => {
                    let c = found.primary();
                    fails.check(
                        !found.is_ambiguous()
                            && c.coin == Coin::Eth
                            && c.kind == Kind::Account
                            && c.checksum == want,
                        || format!("{s}: {:?}", found.candidates()),
                    );
                    fails.check(hex::encode(&c.payload) == lowercase[2..], || format!("{s}: payload"));
                }
                Err(e) => fails.0.push(format!("{s}: {e}")),
            }
        }
        if category != "Normal" {
            continue;
        }
        // One letter's case flipped: invalid, and the position is that letter's.
        let (pos, c) =
            checksummed.char_indices().skip(2).find(|(_, c)| c.is_ascii_alphabetic()).expect("a letter");
        let mut flipped = checksummed.to_string();
        let other = if c.is_ascii_uppercase() { c.to_ascii_lowercase() } else { c.to_ascii_uppercase() };
        flipped.replace_range(pos..pos + 1, &other.to_string());
        let result = validate::identify(&flipped);
        located += 1;
        fails.check(result.as_ref().is_err_and(|e| e.positions() == [pos + 1]), || {
            format!("{flipped}: {result:?}")
        });
    }
    assert_eq!((cases.len(), located), (8, 4));
    fails.assert_none("eip55_checksum_addresses.json");
}

#[test]
fn bip21_and_bip321_uris() {
    let json = common::vector_json("bip21_bip321_uri_examples.json");
    let mut fails = Failures::default();
    let (mut valid, mut invalid, mut pop) = (0, 0, 0);
    for list in ["bip21_examples", "bip321_examples"] {
        for case in json[list].as_array().expect("examples") {
            let uri = text(&case["uri"], "uri");
            let parsed = uri.parse::<BitcoinUri>();
            if case.get("expected").and_then(Value::as_str) == Some("invalid") {
                invalid += 1;
                fails.check(parsed.is_err(), || format!("{uri}: accepted"));
                continue;
            }
            let parsed = match parsed {
                Ok(p) => p,
                Err(e) => {
                    fails.0.push(format!("{uri}: rejected: {e}"));
                    continue;
                }
            };
            if case.get("expected_behavior").is_some() {
                pop += 1;
                let must_not_pay = case["expected_behavior"].to_string().contains("MUST NOT make a payment");
                fails.check(parsed.payment_allowed() != must_not_pay, || format!("{uri}: payment_allowed"));
            } else {
                valid += 1;
            }
            // The collector's split of the URI, decoded.
            let want = &case["parsed"];
            fails.check(parsed.address == text(&want["address"], "address"), || format!("{uri}: address"));
            let want_params: Vec<(String, String)> = want["params"]
                .as_array()
                .expect("params")
                .iter()
                .map(|p| (text(&p["key"], "key").to_string(), text(&p["value_decoded"], "value").to_string()))
                .collect();
            let got: Vec<(String, String)> =
                parsed.params.iter().map(|p| (p.key.clone(), p.value.clone())).collect();
            fails.check(got == want_params, || format!("{uri}: params {got:?}"));
            // Written back and read again: the same URI.
            let rebuilt = parsed.to_string();
            fails.check(rebuilt.parse::<BitcoinUri>().as_ref() == Ok(&parsed), || {
                format!("{uri}: rebuilt {rebuilt}")
            });
            // Where nothing needed encoding differently, byte for byte.
            if !uri.contains('%') && uri.starts_with("bitcoin:") {
                fails.check(rebuilt == uri, || format!("{uri}: rebuilt as {rebuilt}"));
            }
        }
    }
    assert_eq!((valid, invalid, pop), (20, 7, 5));
    fails.assert_none("bip21_bip321_uri_examples.json");
}

#[test]
fn eip681_uris() {
    let cases = [
        (
            "ethereum:0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359?value=2.014e18",
            Some(2_014_000_000_000_000_000u128),
            None,
        ),
        (
            "ethereum:pay-0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359@1?value=1e18",
            Some(1_000_000_000_000_000_000),
            Some(1),
        ),
        ("ethereum:0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359@137", None, Some(137)),
        ("ETHEREUM:0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359?value=42", Some(42), None),
    ];
    for (s, value, chain) in cases {
        let PaymentUri::Ethereum(uri) = s.parse::<PaymentUri>().expect(s) else {
            panic!("{s}: not ethereum")
        };
        assert_eq!((uri.value(), uri.chain_id), (value, chain), "{s}");
        let again: PaymentUri = uri.to_string().parse().expect("rebuilt");
        assert_eq!(again, PaymentUri::Ethereum(uri.clone()), "{s} rebuilt as {uri}");
    }
    for bad in [
        "ethereum:0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359?value=1.5",
        "ethereum:0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359?value=-1",
        "ethereum:0xfb6916095ca1df60bb79ce92ce3ea74c37c5d35?value=1",
        "ethereum:vitalik.eth?value=1",
        "ethereum:0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359@main",
        "ethereum:0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359?value=1&value=2",
    ] {
        assert!(bad.parse::<PaymentUri>().is_err(), "{bad} accepted");
    }
}

//! Electrum "new" seeds against the vectors extracted from Electrum's own tests
//! (`electrum_seed_vectors.json`): `SEED_TEST_CASES` (words → version and BIP-32 seed, with
//! and without seed extension, in English, Japanese, Chinese and Spanish), the seed-type
//! classification cases, the version prefixes, and the "unicode horror" passphrase.
//!
//! Electrum 1.x ("old") seeds are not implemented by seedsafe; those cases are counted and
//! skipped (see `seed_type_classification`).

mod common;

use common::{text, Failures};

use seedsafe_core::bip39::Language;
use seedsafe_core::electrum::{seed_version, Mnemonic, SeedVersion};
use seedsafe_core::secret::Passphrase;

fn version_named(name: &str) -> SeedVersion {
    match name {
        "standard" => SeedVersion::Standard,
        "segwit" => SeedVersion::Segwit,
        "2fa" => SeedVersion::TwoFactor,
        "2fa_segwit" => SeedVersion::TwoFactorSegwit,
        other => panic!("unknown seed type {other:?}"),
    }
}

/// A field given as a string and, where the JSON string could be lossy, also as UTF-8 hex:
/// the hex is preferred, and the two must agree.
fn string_or_hex(case: &serde_json::Value, field: &str, id: &str, fails: &mut Failures) -> String {
    let plain = text(&case[field], field);
    match case.get(format!("{field}_hex")).and_then(|h| h.as_str()) {
        Some(h) => {
            let bytes = hex::decode(h).expect("hex");
            let decoded = String::from_utf8(bytes).expect("UTF-8");
            fails.eq(id, &format!("{field} string vs {field}_hex"), plain, decoded.as_str());
            decoded
        }
        None => plain.to_string(),
    }
}

#[test]
fn mnemonic_to_seed_cases() {
    let json = common::vector_json("electrum_seed_vectors.json");
    let cases = json["mnemonic_to_seed_cases"].as_array().expect("cases");
    let mut fails = Failures::default();
    for (i, case) in cases.iter().enumerate() {
        let id = format!("mnemonic_to_seed_cases[{i}] {}", text(&case["name"], "name"));
        let words = string_or_hex(case, "words", &id, &mut fails);
        let passphrase = string_or_hex(case, "passphrase", &id, &mut fails);
        let want_prefix = text(&case["seed_version"], "seed_version");
        let m = match Mnemonic::parse(&words) {
            Ok(m) => m,
            Err(e) => {
                fails.fail(&id, format!("parse: {e:?}"));
                continue;
            }
        };
        fails.eq(&id, "version prefix", m.version().prefix(), want_prefix);
        fails.eq(&id, "seed_version", seed_version(&words), Some(m.version()));
        fails.eq(&id, "word count", m.word_count(), words.split_whitespace().count());
        let want_language = match text(&case["lang"], "lang") {
            "en" => Language::English,
            "ja" => Language::Japanese,
            "zh" => Language::ChineseSimplified,
            "es" => Language::Spanish,
            other => panic!("unknown lang {other}"),
        };
        fails.eq(&id, "language", m.language(), Some(want_language));
        let seed = m.to_seed(&Passphrase::new(passphrase));
        fails.eq(&id, "bip32 seed", hex::encode(seed.as_bytes()), text(&case["bip32_seed"], "seed").into());
    }
    assert_eq!(cases.len(), 10, "SEED_TEST_CASES");
    fails.assert_none("electrum mnemonic_to_seed_cases");
}

#[test]
fn seed_type_classification() {
    let json = common::vector_json("electrum_seed_vectors.json");
    let cases = json["seed_type_classification"].as_array().expect("cases");
    let mut fails = Failures::default();
    let mut checked = 0;
    let mut old_skipped: Vec<usize> = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let words = text(&case["words"], "words");
        let seed_type = text(&case["seed_type"], "seed_type");
        let id = format!("seed_type_classification[{i}] {words:?}");
        let want = match seed_type {
            "" => None,
            // Electrum 1.x seeds are not implemented by seedsafe. `seed_version` returning None
            // for them is not guaranteed either (an old seed's words may hash to a new-seed
            // prefix by chance, and Electrum checks "old" first), so they are skipped.
            "old" => {
                old_skipped.push(i);
                continue;
            }
            name => Some(version_named(name)),
        };
        checked += 1;
        fails.eq(&id, "seed_version", seed_version(words), want);
        match (Mnemonic::parse(words), want) {
            (Ok(m), Some(v)) => fails.eq(&id, "parsed version", m.version(), v),
            (Err(_), None) => {}
            (Ok(m), None) => fails.fail(&id, format!("parsed as {:?}, expected a refusal", m.version())),
            (Err(e), Some(v)) => fails.fail(&id, format!("refused ({e:?}), expected {v:?}")),
        }
    }
    assert_eq!(cases.len(), 24, "seed type cases");
    assert_eq!(old_skipped.len(), 5, "old-seed cases skipped: {old_skipped:?}");
    assert_eq!(checked, 19);
    fails.assert_none("electrum seed_type_classification");
}

#[test]
fn old_mnemonic_case_is_out_of_scope() {
    // Electrum 1.x seeds (a hex seed from 12 words of Electrum's old 1626-word list) are not
    // implemented; this one case is skipped, as the "old" classification cases are. Only its
    // presence is checked, so that the count of skipped cases stays true.
    let json = common::vector_json("electrum_seed_vectors.json");
    let old = &json["old_mnemonic"];
    assert_eq!(text(&old["words"], "words").split_whitespace().count(), 12);
    assert_eq!(text(&old["seed_hex"], "seed_hex").len(), 32);
}

#[test]
fn seed_version_prefixes() {
    let json = common::vector_json("electrum_seed_vectors.json");
    let prefixes = json["seed_version_prefixes"].as_object().expect("prefixes");
    let expected = [
        ("SEED_PREFIX", SeedVersion::Standard),
        ("SEED_PREFIX_SW", SeedVersion::Segwit),
        ("SEED_PREFIX_2FA", SeedVersion::TwoFactor),
        ("SEED_PREFIX_2FA_SW", SeedVersion::TwoFactorSegwit),
    ];
    assert_eq!(prefixes.len(), expected.len());
    for (name, version) in expected {
        assert_eq!(Some(version.prefix()), prefixes[name].as_str(), "{name}");
    }
}

#[test]
fn unicode_horror_string_matches_its_hex() {
    let json = common::vector_json("electrum_seed_vectors.json");
    let horror = &json["unicode_horror"];
    let string = text(&horror["string"], "string");
    let utf8_hex = text(&horror["utf8_hex"], "utf8_hex");
    assert_eq!(hex::encode(string.as_bytes()), utf8_hex);
    // The same passphrase is used by a SEED_TEST_CASES entry; both forms must agree there.
    let uses = json["mnemonic_to_seed_cases"]
        .as_array()
        .expect("cases")
        .iter()
        .filter(|c| c["passphrase_hex"].as_str() == Some(utf8_hex))
        .inspect(|c| assert_eq!(c["passphrase"].as_str(), Some(string)))
        .count();
    assert_eq!(uses, 1, "japanese_with_passphrase uses the unicode horror");
}

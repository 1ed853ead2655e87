//! SLIP-39 against the official test vectors (trezor/python-shamir-mnemonic `vectors.json`),
//! plus crafted cases for the public API: thresholds, extension, parsing leniency and
//! every error a person can run into.
//!
//! The vectors are found at `$CARGO_MANIFEST_DIR/../../../shared/vectors` (the `shared/`
//! checkout next to the repository), or else in the folder named by `SEEDSAFE_VECTORS`.

use std::path::PathBuf;

use proptest::prelude::*;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use seedsafe_core::slip39::{
    combine, extend_group, split, split_with_rng, wordlist, Error, ExtendError, GroupSpec, SetField, Share,
    SplitError, SplitOptions, VALID_WORD_COUNTS,
};

const VECTORS_FILE: &str = "slip39_trezor_vectors.json";
const PASSPHRASE: &[u8] = b"TREZOR";

fn vectors_path() -> PathBuf {
    let beside_repo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/vectors");
    let dir = if beside_repo.join(VECTORS_FILE).is_file() {
        beside_repo
    } else if let Some(dir) = std::env::var_os("SEEDSAFE_VECTORS") {
        PathBuf::from(dir)
    } else {
        panic!("{VECTORS_FILE} not found beside the repository; set SEEDSAFE_VECTORS to its folder")
    };
    dir.join(VECTORS_FILE)
}

struct Vector {
    description: String,
    mnemonics: Vec<String>,
    secret_hex: String,
}

fn load_vectors() -> Vec<Vector> {
    let path = vectors_path();
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let json: serde_json::Value = serde_json::from_str(&text).expect("vectors are JSON");
    let cases = json.as_array().expect("a list of cases");
    cases
        .iter()
        .map(|case| Vector {
            description: case[0].as_str().expect("description").to_string(),
            mnemonics: case[1]
                .as_array()
                .expect("mnemonics")
                .iter()
                .map(|m| m.as_str().expect("mnemonic").to_string())
                .collect(),
            secret_hex: case[2].as_str().expect("secret").to_string(),
            // case[3] is the BIP-32 root xprv of the secret; it is checked by the BIP-32
            // tests, which live with the derivation code, not here.
        })
        .collect()
}

fn parse_and_combine(mnemonics: &[String]) -> Result<Vec<u8>, Error> {
    let shares = mnemonics.iter().map(|m| Share::parse(m)).collect::<Result<Vec<_>, _>>()?;
    combine(&shares, PASSPHRASE).map(|s| s.to_vec())
}

/// The error the description of an invalid vector calls for.
fn error_matches(description: &str, error: &Error) -> bool {
    let d = description.to_lowercase();
    let field = |f: SetField| matches!(error, Error::ForeignShare { field, .. } if *field == f);
    if d.contains("invalid checksum") {
        matches!(error, Error::Checksum { .. })
    } else if d.contains("invalid padding") {
        matches!(error, Error::Padding)
    } else if d.contains("different identifiers") {
        field(SetField::Identifier)
    } else if d.contains("different iteration exponents") {
        field(SetField::IterationExponent)
    } else if d.contains("mismatching group thresholds") {
        field(SetField::GroupThreshold)
    } else if d.contains("mismatching group counts") {
        field(SetField::GroupCount)
    } else if d.contains("greater group threshold than group counts") {
        matches!(error, Error::GroupThresholdExceedsCount { .. })
    } else if d.contains("duplicate member indices") {
        matches!(error, Error::ConflictingShares { .. })
    } else if d.contains("mismatching member thresholds") {
        matches!(error, Error::InconsistentGroup { .. })
    } else if d.contains("invalid digest") {
        matches!(error, Error::DigestMismatch { .. })
    } else if d.contains("insufficient number") || d.contains("basic sharing") {
        matches!(error, Error::NotEnoughShares { .. })
    } else if d.contains("length") {
        matches!(error, Error::WordCount { .. })
    } else {
        panic!("no expected error known for {description:?}")
    }
}

#[test]
fn trezor_vectors() {
    let vectors = load_vectors();
    assert_eq!(vectors.len(), 45, "the vector file should hold 45 cases");
    for v in &vectors {
        let result = parse_and_combine(&v.mnemonics);
        if v.secret_hex.is_empty() {
            let error = result.err().unwrap_or_else(|| panic!("{}: accepted", v.description));
            assert!(error_matches(&v.description, &error), "{}: wrong error {error:?}", v.description);
        } else {
            let secret = result.unwrap_or_else(|e| panic!("{}: {e}", v.description));
            assert_eq!(hex::encode(secret), v.secret_hex, "{}", v.description);
        }
    }
}

/// The invalid-checksum vectors change one word of the valid vector just before them;
/// the error must point at exactly that word.
#[test]
fn trezor_checksum_vectors_locate_the_changed_word() {
    let vectors = load_vectors();
    let mut checked = 0;
    for pair in vectors.windows(2) {
        let (valid, broken) = (&pair[0], &pair[1]);
        if !broken.description.contains("invalid checksum") {
            continue;
        }
        let good: Vec<&str> = valid.mnemonics[0].split_whitespace().collect();
        let bad: Vec<&str> = broken.mnemonics[0].split_whitespace().collect();
        let changed: Vec<usize> = (0..good.len()).filter(|&i| good[i] != bad[i]).map(|i| i + 1).collect();
        assert_eq!(changed.len(), 1, "{}", broken.description);
        match Share::parse(&broken.mnemonics[0]) {
            Err(Error::Checksum { likely_positions }) => {
                assert_eq!(likely_positions, changed, "{}", broken.description)
            }
            other => panic!("{}: expected a checksum error, got {other:?}", broken.description),
        }
        checked += 1;
    }
    assert_eq!(checked, 2);
}

#[test]
fn trezor_vector_shares_reencode_identically() {
    for v in load_vectors() {
        for m in &v.mnemonics {
            if let Ok(share) = Share::parse(m) {
                assert_eq!(share.to_mnemonic().as_str(), m, "{}", v.description);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Crafted cases for the public API.
// ---------------------------------------------------------------------------------------

fn options(group_threshold: u8, groups: &[(u8, u8)]) -> SplitOptions {
    SplitOptions {
        group_threshold,
        groups: groups.iter().map(|&(threshold, count)| GroupSpec { threshold, count }).collect(),
        // Exponent 0 keeps PBKDF2 fast; the cipher is the same at any cost.
        iteration_exponent: 0,
        extendable: false,
    }
}

fn split_seeded(secret: &[u8], opts: &SplitOptions, seed: u64) -> Vec<Vec<Share>> {
    split_with_rng(secret, b"pass", opts, &mut StdRng::seed_from_u64(seed)).expect("split")
}

fn words(share: &Share) -> Vec<String> {
    share.to_mnemonic().split(' ').map(str::to_string).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Combining succeeds exactly when at least the group threshold of groups have at
    /// least their member threshold of shares, and then yields the secret.
    #[test]
    fn combine_succeeds_exactly_at_threshold(
        seed in any::<u64>(),
        len in prop::sample::select(vec![16usize, 20, 26, 32]),
        groups in prop::collection::vec((1u8..=4, 0u8..=3), 1..=4),
        group_threshold_pick in any::<prop::sample::Index>(),
    ) {
        // (threshold, extra members); threshold 1 groups have exactly one member.
        let groups: Vec<(u8, u8)> = groups
            .into_iter()
            .map(|(t, extra)| if t == 1 { (1, 1) } else { (t, t + extra) })
            .collect();
        let group_threshold = 1 + group_threshold_pick.index(groups.len()) as u8;
        let opts = options(group_threshold, &groups);
        let mut rng = StdRng::seed_from_u64(seed);
        let secret: Vec<u8> = (0..len).map(|_| rand::Rng::gen(&mut rng)).collect();
        let all = split_seeded(&secret, &opts, seed);

        let mut chosen = Vec::new();
        let mut complete = 0;
        for (g, shares) in all.iter().enumerate() {
            let take = rand::Rng::gen_range(&mut rng, 0..=shares.len());
            let mut picked: Vec<&Share> = shares.iter().collect();
            picked.shuffle(&mut rng);
            chosen.extend(picked.into_iter().take(take).cloned());
            if take >= usize::from(groups[g].0) {
                complete += 1;
            }
        }
        chosen.shuffle(&mut rng);
        let result = combine(&chosen, b"pass");
        if complete >= usize::from(group_threshold) {
            prop_assert_eq!(result.expect("enough shares").to_vec(), secret);
        } else if chosen.is_empty() {
            prop_assert!(matches!(result, Err(Error::NoShares)));
        } else {
            let missing = usize::from(group_threshold) - complete;
            let error = result.expect_err("too few shares");
            prop_assert_eq!(error.groups_missing(), Some(missing as u8));
        }
    }
}

#[test]
fn split_sizes_and_metadata() {
    let opts = options(2, &[(1, 1), (2, 3), (3, 5)]);
    let groups = split_seeded(&[7; 18], &opts, 1);
    assert_eq!(groups.iter().map(Vec::len).collect::<Vec<_>>(), [1, 3, 5]);
    for (g, shares) in groups.iter().enumerate() {
        for (m, share) in shares.iter().enumerate() {
            assert_eq!(usize::from(share.group_index()), g);
            assert_eq!(usize::from(share.member_index()), m);
            assert_eq!(share.member_threshold(), opts.groups[g].threshold);
            assert_eq!((share.group_threshold(), share.group_count()), (2, 3));
            assert_eq!(share.identifier(), groups[0][0].identifier());
            assert!(!share.extendable());
            assert_eq!(share.iteration_exponent(), 0);
            // 18 bytes -> 15 value words + 7 metadata words.
            assert_eq!(words(share).len(), 22);
        }
    }
}

#[test]
fn split_uses_fresh_randomness() {
    let opts = options(1, &[(2, 2)]);
    let a = split(&[1; 16], b"", &opts).expect("split");
    let b = split(&[1; 16], b"", &opts).expect("split");
    assert_ne!(a[0][0].to_mnemonic(), b[0][0].to_mnemonic());
}

#[test]
fn wrong_passphrase_gives_another_secret() {
    let groups = split_seeded(&[9; 16], &options(1, &[(1, 1)]), 2);
    let secret = combine(&groups[0], b"other").expect("combine");
    assert_ne!(secret.as_slice(), [9; 16]);
}

#[test]
fn extended_shares_combine_with_old_ones() {
    let secret = [0x5a; 32];
    let groups = split_seeded(&secret, &options(1, &[(3, 5)]), 3);
    let old = &groups[0];
    let given = [old[0].clone(), old[2].clone(), old[4].clone()];
    let new = extend_group(&given, &[7, 15, 1]).expect("extend");
    assert_eq!(new.iter().map(Share::member_index).collect::<Vec<_>>(), [7, 15, 1]);
    // Index 1 existed but was not given: it is recreated exactly.
    assert_eq!(new[2].to_mnemonic(), old[1].to_mnemonic());
    let mixed = [new[0].clone(), old[3].clone(), new[1].clone()];
    assert_eq!(combine(&mixed, b"pass").expect("combine").as_slice(), secret);
    let only_new = [new[0].clone(), new[1].clone(), new[2].clone()];
    assert_eq!(combine(&only_new, b"pass").expect("combine").as_slice(), secret);
}

#[test]
fn extending_one_group_of_many() {
    let secret = [0x11; 16];
    let groups = split_seeded(&secret, &options(2, &[(2, 2), (2, 3), (1, 1)]), 4);
    let new = extend_group(&groups[1][1..], &[9]).expect("extend");
    assert_eq!(new[0].group_index(), 1);
    let shares = [groups[0][0].clone(), groups[0][1].clone(), new[0].clone(), groups[1][0].clone()];
    assert_eq!(combine(&shares, b"pass").expect("combine").as_slice(), secret);
}

#[test]
fn extend_errors() {
    let groups = split_seeded(&[3; 16], &options(2, &[(2, 3), (2, 2), (1, 1)]), 5);
    let g0 = &groups[0];
    let err = |shares: &[Share], idx: &[u8]| extend_group(shares, idx).expect_err("refused");
    assert!(matches!(err(&[], &[5]), Error::NoShares));
    assert!(matches!(err(&g0[..1], &[5]), Error::NotEnoughShares { .. }));
    assert!(matches!(err(&[g0[0].clone(), groups[1][0].clone()], &[5]), Error::MixedGroups { share: 2 }));
    assert!(matches!(err(&groups[2], &[5]), Error::InvalidExtension(ExtendError::ThresholdOne)));
    assert!(matches!(err(&g0[..2], &[]), Error::InvalidExtension(ExtendError::NoNewIndexes)));
    assert!(matches!(
        err(&g0[..2], &[16]),
        Error::InvalidExtension(ExtendError::IndexOutOfRange { index: 16 })
    ));
    assert!(matches!(
        err(&g0[..2], &[5, 1]),
        Error::InvalidExtension(ExtendError::IndexInUse { index: 1, share: 2 })
    ));
    assert!(matches!(
        err(&g0[..2], &[5, 5]),
        Error::InvalidExtension(ExtendError::RepeatedIndex { index: 5 })
    ));
    assert!(matches!(err(&[g0[0].clone(), g0[0].clone()], &[5]), Error::DuplicateShare { .. }));
}

#[test]
fn parsing_is_lenient_about_case_spacing_and_prefixes() {
    let share = &split_seeded(&[4; 16], &options(1, &[(1, 1)]), 6)[0][0];
    let words = words(share);
    let messy: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(i, w)| match i % 3 {
            0 => w.to_uppercase(),
            1 => w[..4].to_string(),
            _ => w.clone(),
        })
        .collect();
    let text = format!("  {}\n", messy.join("\t \n"));
    assert_eq!(Share::parse(&text).expect("parse").to_mnemonic(), share.to_mnemonic());
}

#[test]
fn unknown_word_reports_position_and_suggestions() {
    let share = &split_seeded(&[4; 16], &options(1, &[(1, 1)]), 7)[0][0];
    let mut words = words(share);
    let original = words[4].clone();
    // Drop the second letter: still close to the original word.
    words[4] = format!("{}{}", &original[..1], &original[2..]);
    match Share::parse(&words.join(" ")) {
        Err(error @ Error::UnknownWord { .. }) => {
            let Error::UnknownWord { position, suggestions } = &error else { unreachable!() };
            assert_eq!(*position, 5);
            assert!(suggestions.words().contains(&original.as_str()));
            assert!(suggestions.words().len() <= 3);
            // Neither the message nor the debug form names any word.
            for text in [error.to_string(), format!("{error:?}")] {
                assert!(!text.contains(&original) && !text.contains(&words[4]), "{text}");
            }
        }
        other => panic!("expected an unknown word, got {other:?}"),
    }
    assert!(matches!(Share::parse("zz"), Err(Error::UnknownWord { position: 1, .. })));
}

#[test]
fn word_count_errors_list_valid_counts() {
    let share = &split_seeded(&[4; 32], &options(1, &[(1, 1)]), 8)[0][0];
    let words = words(share);
    assert_eq!(words.len(), 33);
    for n in [0, 19, 21, 32, 34] {
        let text = words.iter().cycle().take(n).cloned().collect::<Vec<_>>().join(" ");
        match Share::parse(&text) {
            Err(Error::WordCount { found, valid }) => {
                assert_eq!(found, n);
                assert_eq!(valid, VALID_WORD_COUNTS);
            }
            other => panic!("{n} words: expected a word count error, got {other:?}"),
        }
    }
}

#[test]
fn checksum_error_locates_a_planted_wrong_word() {
    let mut rng = StdRng::seed_from_u64(9);
    let list = wordlist();
    for (len, seed) in [(16, 10), (32, 11), (22, 12)] {
        let share = &split_seeded(&vec![0xc3; len], &options(1, &[(1, 1)]), seed)[0][0];
        let mut words = words(share);
        for _ in 0..4 {
            let pos = rand::Rng::gen_range(&mut rng, 0..words.len());
            let original = words[pos].clone();
            let replacement = loop {
                let w = list[rand::Rng::gen_range(&mut rng, 0..1024)];
                if w != original {
                    break w;
                }
            };
            words[pos] = replacement.to_string();
            match Share::parse(&words.join(" ")) {
                Err(Error::Checksum { likely_positions }) => {
                    assert_eq!(likely_positions, [pos + 1])
                }
                other => panic!("expected a checksum error, got {other:?}"),
            }
            words[pos] = original;
        }
        // Two swapped words are detected but not located to one word.
        words.swap(5, 9);
        assert!(matches!(Share::parse(&words.join(" ")), Err(Error::Checksum { .. })));
    }
}

#[test]
fn combine_errors_name_the_share() {
    let a = split_seeded(&[1; 16], &options(2, &[(2, 3), (2, 3), (3, 3)]), 13);
    let b = split_seeded(&[1; 16], &options(2, &[(2, 3), (2, 3), (3, 3)]), 14);
    assert!(matches!(combine(&[], b""), Err(Error::NoShares)));
    let foreign = [a[0][0].clone(), a[0][1].clone(), b[0][2].clone()];
    assert!(matches!(
        combine(&foreign, b""),
        Err(Error::ForeignShare { share: 3, field: SetField::Identifier })
    ));
    let dup = [a[0][0].clone(), a[1][0].clone(), a[0][0].clone()];
    assert!(matches!(combine(&dup, b""), Err(Error::DuplicateShare { first: 1, second: 3 })));

    let few = [a[0][0].clone(), a[2][1].clone(), a[2][2].clone()];
    match combine(&few, b"") {
        Err(error @ Error::NotEnoughShares { .. }) => {
            assert_eq!(error.groups_missing(), Some(2));
            let Error::NotEnoughShares { groups_required, complete_groups, incomplete } = &error else {
                unreachable!()
            };
            assert_eq!((*groups_required, *complete_groups), (2, 0));
            let summary: Vec<_> = incomplete.iter().map(|g| (g.group_index, g.have, g.threshold)).collect();
            assert_eq!(summary, [(0, 1, 2), (2, 2, 3)]);
            let text = error.to_string();
            assert!(text.contains("group 1 needs 1 more") && text.contains("group 3 needs 1 more"), "{text}");
        }
        other => panic!("expected not enough shares, got {other:?}"),
    }
}

#[test]
fn extra_shares_and_groups_are_used_and_checked() {
    let secret = [0xee; 16];
    let a = split_seeded(&secret, &options(1, &[(2, 3), (2, 2)]), 15);
    let all: Vec<Share> = a.iter().flatten().cloned().collect();
    assert_eq!(combine(&all, b"pass").expect("combine").as_slice(), secret);
    // An incomplete extra group is ignored.
    let partial = [a[0][0].clone(), a[0][2].clone(), a[1][1].clone()];
    assert_eq!(combine(&partial, b"pass").expect("combine").as_slice(), secret);
}

#[test]
fn split_parameter_errors() {
    let check = |secret: &[u8], pass: &[u8], opts: SplitOptions, expected: SplitError| match split(
        secret, pass, &opts,
    ) {
        Err(Error::InvalidSplit(e)) => assert_eq!(e, expected),
        other => panic!("expected {expected:?}, got {other:?}"),
    };
    let ok = || options(1, &[(2, 3)]);
    check(&[0; 15], b"", ok(), SplitError::SecretLength { len: 15 });
    check(&[0; 17], b"", ok(), SplitError::SecretLength { len: 17 });
    check(&[0; 34], b"", ok(), SplitError::SecretLength { len: 34 });
    check(&[0; 16], "é".as_bytes(), ok(), SplitError::PassphraseNotPrintableAscii);
    check(&[0; 16], b"\n", ok(), SplitError::PassphraseNotPrintableAscii);
    let mut e16 = ok();
    e16.iteration_exponent = 16;
    check(&[0; 16], b"", e16, SplitError::IterationExponent { exponent: 16 });
    check(&[0; 16], b"", options(1, &[]), SplitError::NoGroups);
    check(&[0; 16], b"", options(1, &[(1, 1); 17]), SplitError::TooManyGroups { count: 17 });
    check(&[0; 16], b"", options(3, &[(1, 1); 2]), SplitError::GroupThreshold { threshold: 3, count: 2 });
    check(&[0; 16], b"", options(0, &[(1, 1)]), SplitError::GroupThreshold { threshold: 0, count: 1 });
    check(&[0; 16], b"", options(1, &[(1, 1), (2, 17)]), SplitError::MemberCount { group: 1, count: 17 });
    check(&[0; 16], b"", options(1, &[(0, 0)]), SplitError::MemberCount { group: 0, count: 0 });
    check(
        &[0; 16],
        b"",
        options(1, &[(4, 3)]),
        SplitError::MemberThreshold { group: 0, threshold: 4, count: 3 },
    );
    check(
        &[0; 16],
        b"",
        options(1, &[(1, 2)]),
        SplitError::ThresholdOneWithManyMembers { group: 0, count: 2 },
    );
    // The limits themselves are accepted.
    let max = options(16, &[(16, 16); 16]);
    let groups = split_seeded(&[0xff; 32], &max, 16);
    assert_eq!(groups.len(), 16);
    assert_eq!(groups[15][15].member_index(), 15);
}

#[test]
fn debug_output_is_redacted() {
    let share = &split_seeded(&[2; 16], &options(1, &[(1, 1)]), 17)[0][0];
    assert_eq!(format!("{share:?}"), "[redacted]");
    assert_eq!(format!("{:?}", [share]), "[[redacted]]");
}

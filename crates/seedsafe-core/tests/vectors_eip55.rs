//! EIP-55 checksum addresses against the test cases of ERC-55 (`eip55_checksum_addresses.json`),
//! plus every one-letter case flip of each checksummed address, which must be caught.

mod common;

use common::{text, Failures};

use seedsafe_core::eip55::{check, encode, Checksum};

fn bytes_of(lowercase: &str) -> [u8; 20] {
    let mut bytes = [0u8; 20];
    hex::decode_to_slice(lowercase.strip_prefix("0x").expect("0x prefix"), &mut bytes).expect("hex");
    bytes
}

#[test]
fn erc55_test_cases() {
    let json = common::vector_json("eip55_checksum_addresses.json");
    let cases = json["cases"].as_array().expect("cases");
    let mut fails = Failures::default();
    let mut flips = 0;
    let mut by_category = std::collections::BTreeMap::<&str, usize>::new();
    for (i, case) in cases.iter().enumerate() {
        let category = text(&case["category"], "category");
        *by_category.entry(category).or_default() += 1;
        let lowercase = text(&case["lowercase"], "lowercase");
        let checksummed = text(&case["checksummed"], "checksummed");
        let id = format!("cases[{i}] ({category}) {checksummed}");
        let bytes = bytes_of(lowercase);

        fails.eq(&id, "encode", encode(&bytes), checksummed.to_string());

        // The checksummed form: valid when mixed case. An address whose checksum happens to
        // make every letter the same case carries no checksum information.
        let body = &checksummed[2..];
        let mixed =
            body.chars().any(|c| c.is_ascii_lowercase()) && body.chars().any(|c| c.is_ascii_uppercase());
        let want = match category {
            "Normal" => Checksum::Valid,
            "All caps" | "All Lower" => Checksum::Absent,
            other => panic!("unknown category {other}"),
        };
        fails.eq(&id, "category matches the case of the letters", mixed, want == Checksum::Valid);
        fails.eq(&id, "check(checksummed)", check(checksummed), Some((bytes, want)));
        fails.eq(&id, "check(checksummed without 0x)", check(body), Some((bytes, want)));

        // All lower and all upper case carry no checksum.
        fails.eq(&id, "check(lowercase)", check(lowercase), Some((bytes, Checksum::Absent)));
        let upper = format!("0x{}", lowercase[2..].to_ascii_uppercase());
        fails.eq(&id, "check(uppercase)", check(&upper), Some((bytes, Checksum::Absent)));

        // Flipping the case of any one letter breaks the checksum.
        for (pos, c) in body.char_indices().filter(|(_, c)| c.is_ascii_alphabetic()) {
            flips += 1;
            let flipped_char =
                if c.is_ascii_uppercase() { c.to_ascii_lowercase() } else { c.to_ascii_uppercase() };
            let mut flipped = String::from("0x");
            flipped.push_str(&body[..pos]);
            flipped.push(flipped_char);
            flipped.push_str(&body[pos + 1..]);
            fails.eq(
                &format!("{id} letter {pos} flipped"),
                "check",
                check(&flipped),
                Some((bytes, Checksum::Invalid)),
            );
        }
    }
    assert_eq!(cases.len(), 8, "ERC-55 test cases");
    assert_eq!(by_category.get("Normal"), Some(&4));
    assert_eq!(by_category.get("All caps"), Some(&2));
    assert_eq!(by_category.get("All Lower"), Some(&2));
    // Every address has letters: at least one flip each.
    assert!(flips >= cases.len(), "{flips} flips");
    eprintln!("{} cases, {flips} single-letter case flips", cases.len());
    fails.assert_none("eip55_checksum_addresses.json");
}

#[test]
fn not_an_address() {
    assert_eq!(check("0x1234"), None);
    assert_eq!(check("0xg2908400098527886e0f7030069857d2e4169ee7"), None);
}

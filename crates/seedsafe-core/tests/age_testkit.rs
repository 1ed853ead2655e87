//! The age test kit (C2SP/CCTV `age/testdata/`, a selection of 39 files in
//! `shared/vectors/age_testkit/`), every file through [`seedsafe_core::age_file::decrypt`].
//!
//! Each file is a text header of `key: value` lines, an empty line, then the age file
//! (zlib-compressed when `compressed: zlib`). `expect` names the outcome; each failure kind is
//! mapped to the closest [`age_file::Error`] variant (see [`expected`]). Every file of the
//! folder is checked, and the folder must hold exactly the files the index lists, so a file
//! cannot be skipped unnoticed. The kit's hybrid post-quantum file (`mlkem768x25519`) opens
//! through [`seedsafe_core::age_pq`]. A table of name, expected and got is printed
//! (`cargo test --test age_testkit -- --nocapture`).

#![allow(clippy::unwrap_used, reason = "in tests a panic is the failure report")]

mod common;

use std::io::Read;
use std::path::Path;

use age::secrecy::SecretString;
use seedsafe_core::age_file::{self, Error, Identities};
use sha2::{Digest, Sha256};

/// One test-kit file, parsed.
struct Vector {
    name: String,
    header: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Vector {
    fn get(&self, key: &str) -> Option<&str> {
        self.header.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    fn all(&self, key: &str) -> Vec<&str> {
        self.header.iter().filter(|(k, _)| k == key).map(|(_, v)| v.as_str()).collect()
    }
}

fn parse_vector(path: &Path) -> Vector {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let data = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let split = data.windows(2).position(|w| w == b"\n\n").unwrap_or_else(|| panic!("{name}: no blank line"));
    let head = std::str::from_utf8(&data[..split]).unwrap_or_else(|_| panic!("{name}: header is not UTF-8"));
    let header: Vec<(String, String)> = head
        .lines()
        .map(|l| {
            let (k, v) = l.split_once(": ").unwrap_or_else(|| panic!("{name}: bad header line {l:?}"));
            (k.to_string(), v.to_string())
        })
        .collect();
    let mut body = data[split + 2..].to_vec();
    match header.iter().find(|(k, _)| k == "compressed").map(|(_, v)| v.as_str()) {
        None => {}
        Some("zlib") => {
            let mut out = Vec::new();
            flate2::read::ZlibDecoder::new(&body[..])
                .read_to_end(&mut out)
                .unwrap_or_else(|e| panic!("{name}: zlib: {e}"));
            body = out;
        }
        Some(other) => panic!("{name}: unknown compression {other:?}"),
    }
    Vector { name, header, body }
}

/// The outcome as a short word, for the table and the comparison.
fn outcome(result: &Result<Vec<u8>, Error>) -> String {
    match result {
        Ok(plain) => format!("success {}", hex::encode(Sha256::digest(plain))),
        Err(e) => format!("{e:?}").split(['(', ' ']).next().unwrap().to_string(),
    }
}

/// The outcomes accepted for a vector: `expect` mapped onto `age_file::Error` variants.
fn expected(v: &Vector) -> Vec<String> {
    let comment = v.get("comment").unwrap_or_default();
    let expect = v.get("expect").unwrap_or_else(|| panic!("{}: no expect", v.name));
    let variants: &[&str] = match expect {
        "success" => {
            let payload = v.get("payload").unwrap_or_else(|| panic!("{}: success without payload", v.name));
            return vec![format!("success {payload}")];
        }
        // For a password, "no key matched" is seedsafe's WrongPassword (a wrong password
        // and a damaged scrypt stanza are the same failed unwrap).
        "no match" if v.get("passphrase").is_some() => &["WrongPassword"],
        "no match" => &["NoMatchingKey"],
        "HMAC failure" => &["HeaderAltered"],
        // A work factor above seedsafe's limit is its own variant, as is a newer age version.
        "header failure" if comment.contains("work factor") => &["ExcessiveWork"],
        "header failure" if v.name.starts_with("version_") => &["UnknownFormat"],
        "header failure" => &["InvalidHeader"],
        "payload failure" => &["PayloadAltered"],
        "armor failure" => &["Armor", "InvalidHeader"],
        other => panic!("{}: unknown expect {other:?}", v.name),
    };
    variants.iter().map(|s| s.to_string()).collect()
}

/// Decrypts with what the header gives: the passphrase, the identities, or, for a file that
/// names both (a malformed header meant to be refused either way), each in turn; every
/// attempt must give the expected outcome.
fn run(v: &Vector) -> Vec<Result<Vec<u8>, Error>> {
    let mut results = Vec::new();
    if let Some(passphrase) = v.get("passphrase") {
        let identities = Identities::Password(SecretString::from(passphrase.to_string()));
        results.push(age_file::decrypt(&v.body, &identities).map(|p| p.to_vec()));
    }
    let lines = v.all("identity");
    if !lines.is_empty() {
        let keys: Result<Vec<_>, Error> = lines
            .iter()
            .map(|line| age_file::parse_identities(line.as_bytes()))
            .collect::<Result<Vec<_>, _>>()
            .map(|k| k.into_iter().flatten().collect());
        results.push(
            keys.and_then(|keys| age_file::decrypt(&v.body, &Identities::Keys(keys)).map(|p| p.to_vec())),
        );
    }
    assert!(!results.is_empty(), "{}: neither identity nor passphrase", v.name);
    results
}

#[test]
fn every_file_of_the_age_test_kit() {
    let dir = common::vectors_dir().join("age_testkit");
    let index = common::vector_json("age_testkit_index.json");
    let listed: Vec<&serde_json::Value> = index["files"].as_array().unwrap().iter().collect();
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut names: Vec<String> = listed.iter().map(|f| f["file"].as_str().unwrap().to_string()).collect();
    names.sort();
    assert_eq!(on_disk, names, "the folder and the index must list the same files");
    assert_eq!(names.len(), 39, "SOURCES.md promises 39 files");

    let mut failures = Vec::new();
    let mut rows = Vec::new();
    for entry in &listed {
        let name = entry["file"].as_str().unwrap();
        let path = dir.join(name);
        let bytes = std::fs::read(&path).unwrap();
        let sha = hex::encode(Sha256::digest(&bytes));
        if sha != entry["sha256"].as_str().unwrap() {
            failures.push(format!("{name}: file differs from the index (sha256 {sha})"));
            continue;
        }
        let v = parse_vector(&path);
        assert_eq!(v.get("expect"), entry["expect"].as_str(), "{name}: header and index disagree");
        let want = expected(&v);
        let results = run(&v);
        let outcomes: Vec<String> = results.iter().map(outcome).collect();
        // With both a passphrase and identities, both attempts must agree.
        let got =
            if outcomes.iter().all(|o| *o == outcomes[0]) { outcomes[0].clone() } else { outcomes.join("/") };
        let verdict = if want.contains(&got) {
            "ok"
        } else {
            failures.push(format!("{name}: expected {}, got {got} ({results:?})", want.join(" or ")));
            "FAIL"
        };
        let shown =
            |s: &str| if s.starts_with("success ") { format!("success {}…", &s[8..20]) } else { s.into() };
        rows.push(format!(
            "{name:42} {:16} {:26} {:26} {verdict}",
            v.get("expect").unwrap(),
            want.iter().map(|w| shown(w)).collect::<Vec<_>>().join("|"),
            shown(&got)
        ));
    }
    println!("{:42} {:16} {:26} {:26} verdict", "file", "expect", "mapped to", "got");
    for row in &rows {
        println!("{row}");
    }
    assert_eq!(rows.len(), 39, "every file must be checked");
    assert!(failures.is_empty(), "{} of 39 files failed:\n{}", failures.len(), failures.join("\n"));
}

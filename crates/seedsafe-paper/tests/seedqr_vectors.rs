//! SeedSigner's SeedQR test vectors (`shared/vectors/seedqr_test_vectors.json`, from the
//! SeedQR specification): the exact digit and byte streams, the QR version the
//! specification gives, and the codes read back both by our decoder and by ZBar's
//! `zbarimg` (Debian `zbar-tools`), the NUL and line-break bytes of the compact vectors
//! included.

use std::path::PathBuf;
use std::process::Command;

use seedsafe_core::bip39::Mnemonic;
use seedsafe_paper::scan::{self, Found};
use seedsafe_paper::seedqr::{self, SeedQrFormat};

fn vectors() -> serde_json::Value {
    let dir = match std::env::var_os("SEEDSAFE_VECTORS") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/vectors"),
    };
    let path = dir.join("seedqr_test_vectors.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; set SEEDSAFE_VECTORS to the vectors folder", path.display()));
    serde_json::from_str(&text).expect("valid JSON")
}

/// What zbarimg reads from a PNG, byte for byte (binary mode: no charset conversion).
fn zbar_raw(png: &[u8]) -> Vec<u8> {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("code.png");
    std::fs::write(&path, png).expect("write png");
    let out = Command::new("zbarimg")
        .args(["--nodbus", "--quiet", "--raw", "-Sbinary"])
        .arg(&path)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run zbarimg ({e}): install the Debian package zbar-tools (scripts/test does)")
        });
    assert!(out.status.success(), "zbarimg found no code: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

#[test]
fn seedsigner_vectors() {
    let doc = vectors();
    let cases = doc["cases"].as_array().expect("cases");
    assert_eq!(cases.len(), 9);
    for case in cases {
        let name = case["name"].as_str().expect("name");
        let words = case["word_count"].as_u64().expect("word_count") as usize;
        let m = Mnemonic::parse(case["mnemonic"].as_str().expect("mnemonic"), None).expect("valid mnemonic");
        assert_eq!(m.word_count(), words, "{name}");

        // Standard: the digit stream, version 2 (12 words) or 3 (24 words).
        let digits = seedqr::standard_digits(&m).expect("encodes");
        assert_eq!(&*digits, case["standard_seedqr_digits"].as_str().expect("digits"), "{name}: digits");
        let standard = seedqr::encode(&m, SeedQrFormat::Standard).expect("encodes");
        let version = if words == 12 { 2 } else { 3 };
        assert_eq!(standard.version(), version, "{name}: Standard SeedQR version");
        assert_eq!(standard.width(), 17 + 4 * usize::from(version), "{name}: Standard SeedQR size");
        assert_eq!(seedqr::decode_standard(&digits).expect("decodes").phrase(), m.phrase(), "{name}");

        // Compact: the entropy bytes (and bits), version 1 (12 words) or 2 (24 words).
        let bytes = seedqr::compact_bytes(&m).expect("encodes");
        assert_eq!(
            hex::encode(&bytes[..]),
            case["compact_seedqr_bytes_hex"].as_str().expect("hex"),
            "{name}: bytes"
        );
        let bits: String = bytes.iter().map(|b| format!("{b:08b}")).collect();
        assert_eq!(bits, case["compact_seedqr_bits"].as_str().expect("bits"), "{name}: bits");
        let compact = seedqr::encode(&m, SeedQrFormat::Compact).expect("encodes");
        let version = if words == 12 { 1 } else { 2 };
        assert_eq!(compact.version(), version, "{name}: CompactSeedQR version");
        assert_eq!(seedqr::decode_compact(&bytes).expect("decodes").phrase(), m.phrase(), "{name}");

        // Both codes read back from images, by us and by zbarimg.
        for (qr, payload, format) in [
            (&standard, digits.as_bytes().to_vec(), SeedQrFormat::Standard),
            (&compact, bytes.to_vec(), SeedQrFormat::Compact),
        ] {
            let png = qr.to_png(6).expect("png");
            let read = scan::decode_qr_image(&png).expect("decodes");
            assert_eq!(read.len(), 1, "{name}: one code");
            assert_eq!(&read[0][..], &payload[..], "{name}: {format} payload, our decoder");
            let zbar = zbar_raw(&png);
            let zbar = zbar.strip_suffix(b"\n").filter(|_| format == SeedQrFormat::Standard).unwrap_or(&zbar);
            assert_eq!(zbar, &payload[..], "{name}: {format} payload, zbarimg");
            match &scan::classify(&read).expect("classifies")[..] {
                [Found::SeedQr { format: f, mnemonic }] => {
                    assert_eq!(*f, format, "{name}");
                    assert_eq!(mnemonic.phrase(), m.phrase(), "{name}");
                }
                other => panic!("{name}: classified as {other:?}"),
            }
        }
    }
}

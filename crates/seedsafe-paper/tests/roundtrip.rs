//! Paper copies read back by independent tools: each PDF is rendered to PNG by poppler's
//! `pdftoppm`, every QR code on it decoded by ZBar's `zbarimg`, and its text extracted by
//! `pdftotext`; what comes back must be what went in. For every BIP-39 wordlist.
//!
//! Needs Debian `poppler-utils` and `zbar-tools` (scripts/test installs them); without them
//! these tests fail, saying so.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use age::secrecy::SecretString;
use seedsafe_core::age_file::{self, Identities, Recipients};
use seedsafe_core::bip39::{Language, Mnemonic};
use seedsafe_core::chain::Chain;
use seedsafe_core::envelope::{Envelope, EnvelopeSecret};
use seedsafe_core::secret::Passphrase;
use seedsafe_core::slip39::{self, SplitOptions};
use seedsafe_core::wallet::{Identity, Secret, Wallet};
use seedsafe_paper::cards::{ShareCards, ShareMode};
use seedsafe_paper::encrypted::{seal, EncryptedSheet, Encryption};
use seedsafe_paper::fonts::display_word;
use seedsafe_paper::seedqr::SeedQrFormat;
use seedsafe_paper::sheet::BackupSheet;
use seedsafe_paper::PaperSize;

const DPI: &str = "150";

/// Runs a tool, failing the test with what to install when it is missing.
fn tool(name: &str, args: &[&str], ok_codes: &[i32]) -> Vec<u8> {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("cannot run {name} ({e}): install the Debian packages poppler-utils and zbar-tools (scripts/test does)")
    });
    let code = out.status.code().unwrap_or(-1);
    assert!(
        ok_codes.contains(&code),
        "{name} {args:?} exited {code}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Writes the PDF and renders each page to a PNG.
fn render(dir: &Path, name: &str, pdf: &[u8]) -> (PathBuf, Vec<PathBuf>) {
    let path = dir.join(format!("{name}.pdf"));
    std::fs::write(&path, pdf).expect("write pdf");
    let prefix = dir.join(name);
    tool("pdftoppm", &["-r", DPI, "-png", path_str(&path), path_str(&prefix)], &[0]);
    let mut pages: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            let f = p.file_name().and_then(|f| f.to_str()).unwrap_or("");
            f.starts_with(&format!("{name}-")) && f.ends_with(".png")
        })
        .collect();
    pages.sort();
    assert!(!pages.is_empty(), "pdftoppm made no page of {name}");
    (path, pages)
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Every text QR code zbarimg finds on the pages (binary ones come back as `None`).
fn zbar_text(pages: &[PathBuf]) -> Vec<Option<String>> {
    let mut args = vec!["--nodbus", "--quiet", "--xml"];
    args.extend(pages.iter().map(|p| path_str(p)));
    let xml = String::from_utf8(tool("zbarimg", &args, &[0, 4])).expect("zbar xml is text");
    xml.split("<data")
        .skip(1)
        .map(|d| {
            let binary = d.starts_with(" format='base64'");
            let start = d.find("<![CDATA[").expect("cdata") + 9;
            let end = d.find("]]></data>").expect("cdata end");
            (!binary).then(|| d[start..end].to_string())
        })
        .collect()
}

/// The raw bytes of every QR code, concatenated (zbar's binary mode has no separators).
fn zbar_binary(pages: &[PathBuf]) -> Vec<u8> {
    let mut args = vec!["--nodbus", "--quiet", "--raw", "-Sbinary"];
    args.extend(pages.iter().map(|p| path_str(p)));
    tool("zbarimg", &args, &[0, 4])
}

/// The numbered words pdftotext finds between two headings, in number order.
fn numbered_words(text: &str, from: &str, to: &str) -> Vec<String> {
    let start = text.find(from).unwrap_or_else(|| panic!("{from:?} not in the text"));
    let region = &text[start..];
    let region = &region[..region.find(to).unwrap_or(region.len())];
    let mut words: Vec<(usize, String)> = region
        .lines()
        .filter_map(|l| {
            let (n, w) = l.trim().split_once(". ")?;
            if w.contains(' ') {
                return None;
            }
            Some((n.parse().ok()?, w.to_string()))
        })
        .collect();
    words.sort();
    assert!(words.iter().enumerate().all(|(i, (n, _))| *n == i + 1), "numbers are not 1..N: {words:?}");
    words.into_iter().map(|(_, w)| w).collect()
}

fn pdf_text(pdf: &Path) -> String {
    String::from_utf8(tool("pdftotext", &["-raw", "-enc", "UTF-8", path_str(pdf), "-"], &[0])).expect("utf-8")
}

fn entropy(seed: usize, len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 73 + seed * 151 + 29) as u8).collect()
}

struct Case {
    secret: Secret,
    identity: Identity,
    chains: Vec<Chain>,
    seedqr: Option<SeedQrFormat>,
    paper: PaperSize,
}

fn sheet_case(secret: Secret, chains: &[Chain], seedqr: Option<SeedQrFormat>, paper: PaperSize) -> Case {
    let identity = Wallet::open(&secret, &Passphrase::empty()).expect("opens").identity();
    Case { secret, identity, chains: chains.to_vec(), seedqr, paper }
}

/// Renders a sheet and checks it through the independent tools.
fn check_sheet(dir: &Path, name: &str, case: &Case) {
    let sheet = BackupSheet {
        secret: &case.secret,
        identity: &case.identity,
        chains: &case.chains,
        passphrase_in_use: false,
        seedqr: case.seedqr,
        label: Some("round trip"),
        date: "2026-11-27",
        paper: case.paper,
        sample: false,
    };
    let pdf = sheet.render().expect("renders");
    let (path, pages) = render(dir, name, &pdf);

    // The words, in order, as pdftotext reads them.
    let phrase = case.secret.phrase().expect("words");
    let expected: Vec<String> = phrase.split_whitespace().map(display_word).collect();
    let text = pdf_text(&path);
    assert_eq!(numbered_words(&text, "Recovery words", "How to restore"), expected, "{name}: words");

    // Every QR code, as zbarimg reads it: the addresses and the SeedQR, nothing else.
    let found = zbar_text(&pages);
    let texts: BTreeSet<String> = found.iter().flatten().cloned().collect();
    let mut want: BTreeSet<String> = case
        .chains
        .iter()
        .map(|c| case.identity.addresses.iter().find(|a| a.chain == *c).expect("address").address.clone())
        .collect();
    let Secret::Bip39(m) = &case.secret else {
        assert_eq!(texts, want, "{name}: QR codes");
        return;
    };
    match case.seedqr {
        Some(SeedQrFormat::Standard) => {
            let english = Language::English.words();
            let digits: String = m
                .words()
                .map(|w| format!("{:04}", english.iter().position(|e| *e == w).expect("english word")))
                .collect();
            want.insert(digits.clone());
            assert_eq!(
                &*seedsafe_paper::seedqr::decode_standard(&digits).expect("decodes").phrase(),
                &*phrase
            );
        }
        Some(SeedQrFormat::Compact) => {
            let raw = zbar_binary(&pages);
            let entropy = m.entropy();
            assert!(raw.windows(entropy.len()).any(|w| w == &entropy[..]), "{name}: compact SeedQR bytes");
            assert_eq!(found.iter().filter(|f| f.is_none()).count(), 1, "{name}: one binary code");
        }
        None => {}
    }
    assert_eq!(texts, want, "{name}: QR codes");
    assert_eq!(found.len(), want.len() + usize::from(case.seedqr == Some(SeedQrFormat::Compact)));

    // Our own decoder reads the same page.
    let ours = seedsafe_paper::scan::read_image(&std::fs::read(&pages[0]).expect("png")).expect("reads");
    let seedqrs = ours.iter().filter(|f| matches!(f, seedsafe_paper::scan::Found::SeedQr { .. })).count();
    assert_eq!(seedqrs, usize::from(case.seedqr.is_some()), "{name}: our decoder's SeedQRs");
}

#[test]
fn sheets_of_every_wordlist_read_back() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (i, language) in Language::ALL.into_iter().enumerate() {
        let len = if i % 2 == 0 { 32 } else { 16 };
        let m = Mnemonic::from_entropy(&entropy(i, len), language).expect("entropy");
        let seedqr = (language == Language::English).then_some(SeedQrFormat::Standard);
        let paper = if i % 2 == 0 { PaperSize::A4 } else { PaperSize::Letter };
        let case = sheet_case(Secret::Bip39(m), &[Chain::Btc, Chain::Eth], seedqr, paper);
        check_sheet(dir.path(), language.name(), &case);
    }
}

#[test]
fn compact_seedqr_all_chains_and_electrum_read_back() {
    let dir = tempfile::tempdir().expect("temp dir");
    let m = Mnemonic::from_entropy(&entropy(42, 16), Language::English).expect("entropy");
    check_sheet(
        dir.path(),
        "compact",
        &sheet_case(Secret::Bip39(m), &Chain::ALL, Some(SeedQrFormat::Compact), PaperSize::A4),
    );
    let electrum = Secret::parse(
        "wild father tree among universe such mobile favorite target dynamic credit identify",
        None,
        Some(seedsafe_core::wallet::SeedFormat::Electrum),
    )
    .expect("electrum seed");
    check_sheet(dir.path(), "electrum", &sheet_case(electrum, &[Chain::Btc], None, PaperSize::Letter));
}

#[test]
fn encrypted_paper_decrypts_to_the_same_wallet() {
    let dir = tempfile::tempdir().expect("temp dir");
    let secret = Secret::Bip39(Mnemonic::from_entropy(&entropy(7, 32), Language::Korean).expect("entropy"));
    let identity = Wallet::open(&secret, &Passphrase::empty()).expect("opens").identity();
    let envelope = Envelope::new(
        EnvelopeSecret::from_secret(&secret).expect("envelope form"),
        false,
        None,
        identity.clone(),
        Some("round trip".into()),
        "2026-11-27T00:00:00Z".into(),
    );
    let password = SecretString::from("correct horse battery staple".to_string());
    let armored = seal(&envelope, Recipients::Password(password.clone(), age_file::STANDARD_WORK_FACTOR))
        .expect("seals");
    let sheet = EncryptedSheet {
        armored: &armored,
        encryption: Encryption::Password,
        fingerprint: identity.fingerprint.as_deref(),
        label: Some("round trip"),
        date: "2026-11-27",
        paper: PaperSize::A4,
        sample: false,
    };
    let (path, pages) = render(dir.path(), "encrypted", &sheet.render().expect("renders"));

    // Join zbar's parts by hand, as docs/paper.md tells a person to.
    let mut parts: Vec<(usize, usize, String)> = zbar_text(&pages)
        .into_iter()
        .map(|p| {
            let p = p.expect("text part");
            let rest = p.strip_prefix("SEEDSAFE-AGE ").expect("framed");
            let (header, body) = rest.split_once(':').expect("header");
            let (i, n) = header.split_once('/').expect("i/n");
            (i.parse().expect("i"), n.parse().expect("n"), body.to_string())
        })
        .collect();
    parts.sort();
    let total = parts[0].1;
    assert!(total > 1, "a wallet envelope takes several codes");
    assert_eq!(parts.iter().map(|p| p.0).collect::<Vec<_>>(), (1..=total).collect::<Vec<_>>());
    let joined: String = parts.iter().map(|p| p.2.as_str()).collect();
    assert_eq!(joined, *armored);
    let plain =
        age_file::decrypt(joined.as_bytes(), &Identities::Password(password.clone())).expect("decrypts");
    let back = Envelope::from_json(&plain).expect("an envelope");
    assert_eq!(back.identity, identity);

    // The printed text is the same file.
    let text = pdf_text(&path);
    let start = text.find("-----BEGIN AGE ENCRYPTED FILE-----").expect("armour printed");
    let end = text.find("-----END AGE ENCRYPTED FILE-----").expect("armour end") + 32;
    let typed: String = text[start..end].lines().map(|l| format!("{}\n", l.trim())).collect();
    let plain = age_file::decrypt(typed.as_bytes(), &Identities::Password(password)).expect("decrypts");
    assert_eq!(Envelope::from_json(&plain).expect("an envelope").identity, identity);
}

#[test]
fn share_cards_print_every_share_in_order() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, len, one_per_page) in
        [("cards128", 16, false), ("cards256", 32, false), ("cards-single", 16, true)]
    {
        let sets = slip39::split(&entropy(len, len), b"", &SplitOptions::single_group(3, 5)).expect("splits");
        let locations = vec!["home safe".to_string(), String::new(), "bank".to_string()];
        let cards = ShareCards {
            shares: &sets[0],
            mode: ShareMode::Bip39,
            locations: &locations,
            label: Some("round trip"),
            date: "2026-11-27",
            paper: PaperSize::Letter,
            one_per_page,
            sample: false,
        };
        let (path, pages) = render(dir.path(), name, &cards.render().expect("renders"));
        assert!(zbar_text(&pages).is_empty(), "cards carry no QR code");
        let text = pdf_text(&path);
        let mut rest = text.as_str();
        for (i, share) in sets[0].iter().enumerate() {
            let title = format!("SLIP-39 share {} of 5 · any 3 restore", i + 1);
            let at = rest.find(&title).unwrap_or_else(|| panic!("{name}: {title:?} missing"));
            rest = &rest[at + title.len()..];
            let words = numbered_words(rest, "Keep at:", "checked on");
            let mnemonic = share.to_mnemonic();
            assert_eq!(words, mnemonic.split_whitespace().collect::<Vec<_>>(), "{name}: share {}", i + 1);
        }
        assert!(text.contains("Keep at: home safe") && text.contains("Keep at: bank"), "{name}: locations");
    }
}

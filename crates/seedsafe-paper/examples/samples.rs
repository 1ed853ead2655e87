//! Renders the sample PDFs shown in `docs/` from a throwaway test wallet, every page marked
//! "SAMPLE — TEST WALLET, DO NOT USE". `scripts/render-samples` turns them into PNGs.
//!
//! `cargo run -p seedsafe-paper --example samples -- OUT_DIR`

use std::path::PathBuf;

use age::secrecy::SecretString;
use rand::SeedableRng;
use seedsafe_core::age_file::{self, Recipients};
use seedsafe_core::bip39::{Language, Mnemonic};
use seedsafe_core::chain::Chain;
use seedsafe_core::envelope::{Envelope, EnvelopeSecret};
use seedsafe_core::secret::Passphrase;
use seedsafe_core::slip39::{self, SplitOptions};
use seedsafe_core::wallet::{Secret, Wallet};
use seedsafe_paper::cards::{ShareCards, ShareMode};
use seedsafe_paper::encrypted::{seal, EncryptedSheet, Encryption};
use seedsafe_paper::seedqr::SeedQrFormat;
use seedsafe_paper::sheet::BackupSheet;
use seedsafe_paper::PaperSize;

/// The test wallet's entropy: SHA-256("seedsafe sample wallet"), published here, so the
/// wallet is known to everyone and must never hold money.
const SAMPLE_ENTROPY: &str = "5d1f3b0a3f1c2e4d6b8a9c0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c";
const DATE: &str = "2026-11-27";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = PathBuf::from(std::env::args().nth(1).ok_or("usage: samples OUT_DIR")?);
    std::fs::create_dir_all(&out)?;
    let entropy = hex::decode(SAMPLE_ENTROPY)?;
    let secret = Secret::Bip39(Mnemonic::from_entropy(&entropy, Language::English)?);
    let identity = Wallet::open(&secret, &Passphrase::empty())?.identity();

    let sheet = BackupSheet {
        secret: &secret,
        identity: &identity,
        chains: &[Chain::Btc, Chain::Eth],
        passphrase_in_use: false,
        seedqr: Some(SeedQrFormat::Standard),
        label: Some("Sample wallet"),
        date: DATE,
        paper: PaperSize::A4,
        sample: true,
    };
    std::fs::write(out.join("sample-sheet.pdf"), &*sheet.render()?)?;

    let ja = Secret::Bip39(Mnemonic::from_entropy(&entropy[..16], Language::Japanese)?);
    let ja_identity = Wallet::open(&ja, &Passphrase::empty())?.identity();
    let ja_sheet = BackupSheet {
        secret: &ja,
        identity: &ja_identity,
        chains: &[Chain::Btc],
        passphrase_in_use: true,
        seedqr: None,
        label: Some("Sample wallet (Japanese words)"),
        date: DATE,
        paper: PaperSize::Letter,
        sample: true,
    };
    std::fs::write(out.join("sample-sheet-japanese.pdf"), &*ja_sheet.render()?)?;

    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    let sets = slip39::split_with_rng(&entropy[..16], b"", &SplitOptions::single_group(2, 3), &mut rng)?;
    let locations = vec!["home safe".to_string(), "bank deposit box".to_string(), String::new()];
    let cards = ShareCards {
        shares: &sets[0],
        mode: ShareMode::Bip39,
        locations: &locations,
        label: Some("Sample wallet"),
        date: DATE,
        paper: PaperSize::A4,
        one_per_page: false,
        sample: true,
    };
    std::fs::write(out.join("sample-cards.pdf"), &*cards.render()?)?;

    let envelope = Envelope::new(
        EnvelopeSecret::from_secret(&secret).ok_or("no envelope form")?,
        false,
        None,
        identity.clone(),
        Some("Sample wallet".into()),
        format!("{DATE}T12:00:00Z"),
    );
    let password = SecretString::from("sample password, do not use".to_string());
    let armored = seal(&envelope, Recipients::Password(password, age_file::STANDARD_WORK_FACTOR))?;
    let encrypted = EncryptedSheet {
        armored: &armored,
        encryption: Encryption::Password,
        fingerprint: identity.fingerprint.as_deref(),
        label: Some("Sample wallet"),
        date: DATE,
        paper: PaperSize::A4,
        sample: true,
    };
    std::fs::write(out.join("sample-encrypted.pdf"), &*encrypted.render()?)?;
    eprintln!("wrote the sample PDFs to {}", out.display());
    Ok(())
}

//! The backup sheet: a mnemonic on paper, made to be copied by hand or onto metal and to be
//! checked against the wallet.
//!
//! It holds the label, the date, the master fingerprint, the words in a numbered grid (the
//! first four letters in bold; CJK words whole), the word count and wordlist, whether a
//! passphrase is needed (never the passphrase), the first receive address of each chosen
//! chain with its QR code, an optional SeedQR, short restore instructions and lines to
//! record restore checks.

use seedsafe_core::bip39::Language;
use seedsafe_core::chain::Chain;
use seedsafe_core::wallet::{ChainAddress, Identity, Secret};
use zeroize::Zeroizing;

use crate::draw::{check_printable, Block, Canvas, Font, Measure, Pdf, FAINT, GREY, LIGHT, RED};
use crate::fonts::{Face, Style};
use crate::qr::{EcLevel, QrMatrix, QUIET_ZONE};
use crate::seedqr::{self, SeedQrFormat};
use crate::words::WordGrid;
use crate::{Error, PaperSize};

/// What goes on a backup sheet.
pub struct BackupSheet<'a> {
    /// The secret: a BIP-39 mnemonic or an Electrum seed.
    pub secret: &'a Secret,
    /// The wallet's public identity (fingerprint and first addresses), from
    /// `Wallet::identity` with the passphrase applied.
    pub identity: &'a Identity,
    /// The chains whose first receive address is printed, in this order.
    pub chains: &'a [Chain],
    /// Whether the wallet needs a BIP-39 passphrase besides the words.
    pub passphrase_in_use: bool,
    /// Which SeedQR to print, if any (English BIP-39 mnemonics of 12 or 24 words only).
    pub seedqr: Option<SeedQrFormat>,
    /// The person's name for the wallet.
    pub label: Option<&'a str>,
    /// The date printed as "made on", as the caller formats it.
    pub date: &'a str,
    /// Paper size.
    pub paper: PaperSize,
    /// Marks every page "SAMPLE — TEST WALLET, DO NOT USE" (for the documentation's renders).
    pub sample: bool,
}

/// The words and what they are.
struct Words<'s> {
    words: Vec<&'s str>,
    language: Option<Language>,
    /// "BIP-39" or "Electrum segwit seed", for the header.
    kind: String,
    electrum: bool,
}

/// The wordlist, the kind for the header, and whether it is an Electrum seed.
fn describe(secret: &Secret) -> Result<(Option<Language>, String, bool), Error> {
    match secret {
        Secret::Bip39(m) => Ok((Some(m.language()), "BIP-39".into(), false)),
        Secret::Electrum(m) => Ok((m.language(), format!("Electrum {} seed", m.version()), true)),
        other => Err(Error::NoWords(match other {
            Secret::Xprv(..) => "extended private key",
            Secret::PrivateKey(_) => "single private key",
            _ => "SLIP-39 master secret (print its shares as cards)",
        })),
    }
}

impl BackupSheet<'_> {
    /// Renders the sheet as a PDF.
    pub fn render(&self) -> Result<Zeroizing<Vec<u8>>, Error> {
        let (language, kind, electrum) = describe(self.secret)?;
        let phrase = self.secret.phrase().unwrap_or_default();
        let words = Words { words: phrase.split_whitespace().collect(), language, kind, electrum };
        if let Some(label) = self.label {
            check_printable("label", label)?;
        }
        check_printable("date", self.date)?;
        let seedqr = match (self.seedqr, self.secret) {
            (None, _) => None,
            (Some(format), Secret::Bip39(m)) => {
                let qr = seedqr::encode(m, format)?;
                qr.read_back(&seedqr::payload(m, format)?, "SeedQR")?;
                Some((format, qr))
            }
            (Some(_), _) => return Err(Error::SeedQrNotBip39("an Electrum seed")),
        };
        let addresses = self.addresses()?;
        let address_qrs = addresses
            .iter()
            .map(|a| {
                let qr = QrMatrix::encode(a.address.as_bytes(), EcLevel::M)?;
                qr.read_back(a.address.as_bytes(), "address QR code")?;
                Ok(qr)
            })
            .collect::<Result<Vec<_>, Error>>()?;

        let m = Measure::new(self.paper);
        let mut blocks = vec![self.header(&words), self.passphrase_block(&m)];
        blocks.push(words_block(&words));
        blocks.push(self.restore_block(&m, &words, seedqr.as_ref()));
        if !addresses.is_empty() {
            blocks.push(Block::new(28.0, |c: &mut Canvas, x, y, _w| {
                section(c, x, y + 14.0, "First receive address: after restoring, the wallet must show this");
            }));
            for (a, qr) in addresses.iter().zip(&address_qrs) {
                blocks.push(address_block(a, qr));
            }
        }
        blocks.push(checked_block("Restore checks: the first address matched"));
        let mut pdf = Pdf::new(self.paper, self.sample, footer("Wallet backup sheet", self.label));
        pdf.flow(&blocks);
        pdf.finish()
    }

    fn addresses(&self) -> Result<Vec<&ChainAddress>, Error> {
        self.chains
            .iter()
            .map(|chain| {
                self.identity.addresses.iter().find(|a| a.chain == *chain).ok_or(Error::NoAddress(*chain))
            })
            .collect()
    }

    fn header<'b>(&'b self, words: &'b Words) -> Block<'b> {
        Block::new(54.0, move |c: &mut Canvas, x, y, w| {
            let title = match self.label {
                Some(l) => format!("Wallet backup: {l}"),
                None => "Wallet backup".to_string(),
            };
            c.text_fitted(x, y + 18.0, w, &title, Font::new(Style::Bold, 18.0));
            let fp = self.identity.fingerprint.as_deref().unwrap_or("none");
            let lang = words.language.map(language_title).unwrap_or("English");
            let facts = format!(
                "{} · {} words · {} wordlist · master fingerprint {} · made {}",
                words.kind,
                words.words.len(),
                lang,
                fp,
                self.date
            );
            c.text_fitted(x, y + 35.0, w, &facts, Font::new(Style::Regular, 10.0));
            c.line((x, y + 44.0), (x + w, y + 44.0), 0.8, LIGHT, false);
        })
    }

    fn passphrase_block<'b>(&'b self, m: &Measure) -> Block<'b> {
        let text = if self.passphrase_in_use {
            "Passphrase NEEDED. These words alone open a different, empty wallet: the BIP-39 passphrase is \
             not on this sheet. Keep it somewhere else; you need both."
        } else {
            "No passphrase. These words alone restore the wallet: anyone who reads them can take the money. \
             Keep this sheet as safe as the money itself."
        };
        let font =
            Font::new(Style::Bold, 10.0).color(if self.passphrase_in_use { RED } else { crate::draw::BLACK });
        let h = m.paragraph_height(m.width - 16.0, text, font) + 12.0;
        Block::new(h + 10.0, move |c: &mut Canvas, x, y, w| {
            c.fill_rect(x, y, w, h, FAINT);
            c.paragraph(x + 8.0, y + 16.0, w - 16.0, text, font);
        })
    }

    fn restore_block<'b>(
        &'b self,
        m: &Measure,
        words: &'b Words,
        seedqr: Option<&'b (SeedQrFormat, QrMatrix)>,
    ) -> Block<'b> {
        let module = 3.6;
        let qr_side = seedqr.map_or(0.0, |(_, q)| (q.width() + 2 * QUIET_ZONE) as f32 * module);
        let text_x = if seedqr.is_some() { qr_side + 12.0 } else { 0.0 };
        let steps = restore_steps(words, self.passphrase_in_use, seedqr.map(|s| s.0));
        let font = Font::new(Style::Regular, 9.0);
        let text_w = m.width - text_x;
        let text_h: f32 =
            18.0 + steps.iter().map(|s| m.paragraph_height(text_w - 12.0, s, font) + 3.0).sum::<f32>();
        let qr_h = qr_side + 24.0;
        Block::new(text_h.max(qr_h) + 10.0, move |c: &mut Canvas, x, y, _w| {
            if let Some((format, qr)) = seedqr {
                let q = QUIET_ZONE as f32 * module;
                c.qr(qr, x + q, y + q, module);
                let name = format.title();
                let small = Font::new(Style::Regular, 7.5).color(GREY);
                c.text_centred(
                    x + qr_side / 2.0,
                    y + qr_side + 2.0,
                    &format!("{name}, {0}×{0}", qr.width()),
                    small,
                );
                c.text_centred(x + qr_side / 2.0, y + qr_side + 11.0, "the words as a QR code:", small);
                c.text_centred(
                    x + qr_side / 2.0,
                    y + qr_side + 20.0,
                    "whoever scans it has the wallet",
                    small,
                );
            }
            section(c, x + text_x, y + 12.0, "How to restore");
            let mut ty = y + 26.0;
            for (i, step) in steps.iter().enumerate() {
                c.text(x + text_x, ty, &format!("{}.", i + 1), font.color(GREY));
                ty += c.paragraph(x + text_x + 12.0, ty, text_w - 12.0, step, font) + 3.0;
            }
        })
    }
}

fn words_block<'b>(words: &'b Words) -> Block<'b> {
    let cjk = words.language.and_then(Face::for_language);
    let grid = WordGrid::new(words.words.iter().copied(), 3, 13.0, cjk);
    let heading = if cjk.is_some() {
        "Recovery words, in order"
    } else {
        "Recovery words, in order (the first four letters of each word identify it)"
    };
    Block::new(grid.height() + 30.0, move |c: &mut Canvas, x, y, w| {
        section(c, x, y + 12.0, heading);
        grid.draw(c, x, y + 20.0, w);
    })
}

fn restore_steps(words: &Words, passphrase: bool, seedqr: Option<SeedQrFormat>) -> Vec<String> {
    let n = words.words.len();
    let pass = if passphrase { ", then the passphrase (kept elsewhere)" } else { "" };
    let mut steps = Vec::new();
    if words.electrum {
        steps.push(
            "This is an Electrum seed, not BIP-39: restore it in Electrum (File → New/Restore → Standard wallet → \
             I already have a seed). BIP-39 wallets cannot restore it."
                .to_string(),
        );
        steps.push(format!("Type the {n} words in order{pass}."));
    } else {
        steps.push(
            "Open a wallet that accepts BIP-39 words and choose restore or import: Sparrow, BlueWallet, \
             Electrum (Options → BIP39 seed), Trezor, Ledger, Coldcard, SeedSigner; for Ethereum and other coins \
             MetaMask, imToken, Trust Wallet."
                .to_string(),
        );
        let scan = if seedqr.is_some() { " (a SeedSigner scans the SeedQR instead)" } else { "" };
        steps.push(format!("Enter the {n} words in order{pass}{scan}."));
        if let Some(l) = words.language.filter(|l| *l != Language::English) {
            steps.push(format!(
                "Not every wallet accepts {} words; seedsafe reads all ten BIP-39 wordlists (seedsafe inspect).",
                language_title(l)
            ));
        }
    }
    steps.push("Check that the wallet shows the first receive address printed below, then write the date on a line at the bottom.".to_string());
    steps
}

fn address_block<'b>(a: &'b ChainAddress, qr: &'b QrMatrix) -> Block<'b> {
    let module = 1.9;
    let q = QUIET_ZONE as f32 * module;
    let code = qr.width() as f32 * module;
    // Neighbouring codes share one quiet zone.
    Block::new(code + q, move |c: &mut Canvas, x, y, w| {
        c.qr(qr, x + q, y, module);
        let tx = x + code + 2.0 * q;
        let kind = a.kind.map(|k| format!(" · {}", k.name())).unwrap_or_default();
        let path = a.path.as_deref().map(|p| format!(" · {p}")).unwrap_or_default();
        let title = format!("{}{kind}{path}", chain_title(a.chain));
        c.text(tx, y + code / 2.0 - 5.0, &title, Font::new(Style::Bold, 9.0));
        c.text_fitted(tx, y + code / 2.0 + 10.0, x + w - tx, &a.address, Font::new(Style::Mono, 10.0));
    })
}

/// Lines to write the dates of restore checks on.
pub(crate) fn checked_block<'b>(title: &'b str) -> Block<'b> {
    Block::new(52.0, move |c: &mut Canvas, x, y, w| {
        section(c, x, y + 16.0, title);
        let font = Font::new(Style::Regular, 10.0);
        let col = w / 3.0;
        for i in 0..3 {
            let cx = x + i as f32 * col;
            let lw = c.text(cx, y + 40.0, "checked on", font);
            c.line((cx + lw + 4.0, y + 42.0), (cx + col - 12.0, y + 42.0), 0.6, GREY, false);
        }
    })
}

/// A small grey section heading.
pub(crate) fn section(c: &mut Canvas, x: f32, y: f32, text: &str) {
    c.text(x, y, text, Font::new(Style::Bold, 9.0).color(GREY));
}

/// The footer line of every page.
pub(crate) fn footer(what: &str, label: Option<&str>) -> String {
    match label {
        Some(l) => format!("seedsafe · {what} · {l}"),
        None => format!("seedsafe · {what}"),
    }
}

fn chain_title(chain: Chain) -> &'static str {
    match chain {
        Chain::Btc => "Bitcoin",
        Chain::Ltc => "Litecoin",
        Chain::Doge => "Dogecoin",
        Chain::Eth => "Ethereum",
        Chain::Trx => "Tron",
        Chain::Sol => "Solana",
    }
}

/// A wordlist's name for people.
pub(crate) fn language_title(language: Language) -> &'static str {
    match language {
        Language::English => "English",
        Language::Japanese => "Japanese",
        Language::Korean => "Korean",
        Language::Spanish => "Spanish",
        Language::ChineseSimplified => "Chinese (Simplified)",
        Language::ChineseTraditional => "Chinese (Traditional)",
        Language::French => "French",
        Language::Italian => "Italian",
        Language::Czech => "Czech",
        Language::Portuguese => "Portuguese",
    }
}

//! Encrypted paper: an armoured age file printed as QR codes and as text, so a sheet that
//! is found or photographed does not give the wallet away.
//!
//! The QR codes carry the armoured text in framed parts ([`crate::framing`]); the same text
//! is printed below them in a monospace font, to be typed in if the codes are damaged.

use seedsafe_core::age_file::{self, Recipients};
use seedsafe_core::envelope::Envelope;
use zeroize::Zeroizing;

use crate::draw::{check_printable, Block, Canvas, Font, Measure, Pdf, FAINT, GREY, LIGHT};
use crate::fonts::Style;
use crate::qr::{EcLevel, QrMatrix, QUIET_ZONE};
use crate::sheet::{checked_block, footer, section};
use crate::{framing, Error, PaperSize};

/// Who can open the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encryption {
    /// A password (age's scrypt recipient).
    Password,
    /// This many public keys (X25519 or SSH).
    Recipients(usize),
}

/// What goes on an encrypted paper copy.
pub struct EncryptedSheet<'a> {
    /// The armoured age file (`-----BEGIN AGE ENCRYPTED FILE-----` ...).
    pub armored: &'a str,
    /// How it was encrypted, for the instructions.
    pub encryption: Encryption,
    /// The wallet's master fingerprint, printed to tell sheets apart (it reveals no keys).
    pub fingerprint: Option<&'a str>,
    /// The person's name for the wallet.
    pub label: Option<&'a str>,
    /// The date printed as "made", as the caller formats it.
    pub date: &'a str,
    /// Paper size.
    pub paper: PaperSize,
    /// Marks every page "SAMPLE — TEST WALLET, DO NOT USE".
    pub sample: bool,
}

/// Encrypts an envelope for paper: its JSON without indentation (fewer QR codes than the
/// indented form encrypted files use; `Envelope::from_json` reads both), armoured age.
pub fn seal(envelope: &Envelope, recipients: Recipients) -> Result<Zeroizing<String>, Error> {
    let json = Zeroizing::new(serde_json::to_vec(envelope).map_err(|e| Error::Encrypt(e.to_string()))?);
    let armored = age_file::encrypt(&json, recipients, false).map_err(|e| Error::Encrypt(e.to_string()))?;
    String::from_utf8(armored).map(Zeroizing::new).map_err(|_| Error::Encrypt("armour is not text".into()))
}

/// Modules per point at most, and the gap between codes.
const MAX_MODULE: f32 = 2.4;
const GAP: f32 = 14.0;

impl EncryptedSheet<'_> {
    /// Renders the sheet as a PDF.
    pub fn render(&self) -> Result<Zeroizing<Vec<u8>>, Error> {
        if let Some(label) = self.label {
            check_printable("label", label)?;
        }
        check_printable("date", self.date)?;
        let parts = framing::split(self.armored);
        let codes = parts
            .iter()
            .map(|p| {
                let qr = QrMatrix::encode(p.as_bytes(), EcLevel::M)?;
                qr.read_back(p.as_bytes(), "encrypted backup's QR code")?;
                Ok(qr)
            })
            .collect::<Result<Vec<_>, Error>>()?;
        let m = Measure::new(self.paper);
        let blocks = vec![
            self.header(),
            self.explanation(&m),
            self.codes_block(&m, &codes),
            self.restore_block(&m, codes.len()),
            self.text_block(),
            checked_block("Restore checks: the sheet decrypted and restored the wallet"),
        ];
        let mut pdf = Pdf::new(self.paper, self.sample, footer("Encrypted paper backup", self.label));
        pdf.flow(&blocks);
        pdf.finish()
    }

    fn header(&self) -> Block<'_> {
        Block::new(54.0, move |c: &mut Canvas, x, y, w| {
            let title = match self.label {
                Some(l) => format!("Encrypted wallet backup: {l}"),
                None => "Encrypted wallet backup".to_string(),
            };
            c.text_fitted(x, y + 18.0, w, &title, Font::new(Style::Bold, 18.0));
            let to = match self.encryption {
                Encryption::Password => "a password".to_string(),
                Encryption::Recipients(1) => "1 public key".to_string(),
                Encryption::Recipients(n) => format!("{n} public keys"),
            };
            let fp = self.fingerprint.map(|f| format!(" · master fingerprint {f}")).unwrap_or_default();
            let facts = format!("age encryption to {to}{fp} · made {}", self.date);
            c.text_fitted(x, y + 35.0, w, &facts, Font::new(Style::Regular, 10.0));
            c.line((x, y + 44.0), (x + w, y + 44.0), 0.8, LIGHT, false);
        })
    }

    fn explanation(&self, m: &Measure) -> Block<'_> {
        let text = match self.encryption {
            Encryption::Password => {
                "This sheet holds the wallet's backup encrypted with age. Without the password it reveals \
                 nothing but the fingerprint above. Keep the password apart from this sheet: both are needed."
            }
            Encryption::Recipients(_) => {
                "This sheet holds the wallet's backup encrypted with age to public keys. Only the matching \
                 private keys open it; keep them apart from this sheet."
            }
        };
        let font = Font::new(Style::Bold, 10.0);
        let h = m.paragraph_height(m.width - 16.0, text, font) + 12.0;
        Block::new(h + 10.0, move |c: &mut Canvas, x, y, w| {
            c.fill_rect(x, y, w, h, FAINT);
            c.paragraph(x + 8.0, y + 16.0, w - 16.0, text, font);
        })
    }

    fn codes_block<'b>(&self, m: &Measure, codes: &'b [QrMatrix]) -> Block<'b> {
        // Two codes a row keep modules near MAX_MODULE; more parts than four go three a row.
        let per_row = if codes.len() <= 4 { codes.len().min(2) } else { 3 };
        let widest = codes.iter().map(|q| q.width() + 2 * QUIET_ZONE).max().unwrap_or(1) as f32;
        let cell = (m.width - GAP * (per_row as f32 - 1.0)) / per_row as f32;
        let module = (cell / widest).min(MAX_MODULE);
        let side = widest * module;
        let rows = codes.len().div_ceil(per_row);
        let n = codes.len();
        Block::new(22.0 + rows as f32 * (side + 16.0), move |c: &mut Canvas, x, y, _w| {
            let what = if n == 1 {
                "The encrypted file as a QR code"
            } else {
                "The encrypted file as QR codes: scan them all"
            };
            section(c, x, y + 12.0, what);
            for (i, qr) in codes.iter().enumerate() {
                let cx = x + (i % per_row) as f32 * (cell + GAP);
                let cy = y + 20.0 + (i / per_row) as f32 * (side + 16.0);
                let own = (qr.width() + 2 * QUIET_ZONE) as f32 * module;
                let q = QUIET_ZONE as f32 * module;
                c.qr(qr, cx + (side - own) / 2.0 + q, cy + (side - own) / 2.0 + q, module);
                c.text_centred(
                    cx + side / 2.0,
                    cy + side + 8.0,
                    &format!("part {} of {n}", i + 1),
                    Font::new(Style::Regular, 8.0).color(GREY),
                );
            }
        })
    }

    fn restore_block(&self, m: &Measure, parts: usize) -> Block<'_> {
        let mut steps = vec![
            "With seedsafe: photograph or scan this sheet and run seedsafe restore PHOTO.".to_string(),
            format!(
                "By hand: scan each code; each starts with SEEDSAFE-AGE i/{parts}: (part i of {parts}). Drop that \
                 prefix, join the parts in order into one file, and decrypt it with age -d FILE \
                 (age-encryption.org). Inside is a small JSON document with the words or key."
            ),
        ];
        if self.encryption == Encryption::Password {
            steps.push(
                "age asks for the password; a wrong password is refused, nothing is guessed.".to_string(),
            );
        }
        let font = Font::new(Style::Regular, 9.0);
        let h: f32 =
            20.0 + steps.iter().map(|s| m.paragraph_height(m.width - 12.0, s, font) + 3.0).sum::<f32>();
        Block::new(h + 6.0, move |c: &mut Canvas, x, y, w| {
            section(c, x, y + 12.0, "How to restore");
            let mut ty = y + 26.0;
            for (i, step) in steps.iter().enumerate() {
                c.text(x, ty, &format!("{}.", i + 1), font.color(GREY));
                ty += c.paragraph(x + 12.0, ty, w - 12.0, step, font) + 3.0;
            }
        })
    }

    fn text_block(&self) -> Block<'_> {
        let lines: Vec<&str> = self.armored.lines().collect();
        let leading = 9.6;
        Block::new(24.0 + lines.len() as f32 * leading, move |c: &mut Canvas, x, y, _w| {
            section(c, x, y + 12.0, "The same file as text, to type in if the codes are damaged");
            let mono = Font::new(Style::Mono, 8.0);
            for (i, line) in lines.iter().enumerate() {
                c.text(x, y + 26.0 + i as f32 * leading, line, mono);
            }
        })
    }
}

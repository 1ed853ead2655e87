//! QR codes (ISO/IEC 18004) of addresses and payment URIs, as PNG bytes, SVG text or
//! terminal text.
//!
//! Codes use error-correction level M, which survives a smudge or a crease on a printed
//! sheet while keeping the code small, and the 4-module quiet zone the standard asks for.
//! Bech32 and cashaddr addresses go in upper case ([`qr_text`]), as BIP-173 recommends: upper
//! case letters, digits and `:` fit QR's alphanumeric mode, 5.5 bits a character instead of 8.
//!
//! ```
//! use seedsafe_core::qr::{qr_text, QrCode};
//!
//! let text = qr_text("bitcoin:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4?amount=0.1");
//! assert_eq!(text, "BITCOIN:BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4?amount=0.1");
//! let code = QrCode::encode(&text).unwrap();
//! assert!(code.to_svg().starts_with("<svg"));
//! ```

use qrcode::{Color, EcLevel};

use crate::validate::{self, Encoding};

/// Light modules around the code, on every side.
pub const QUIET_ZONE: usize = 4;

/// Why no code could be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// More than a version-40 code holds.
    #[error("the text is too long for a QR code ({0} bytes)")]
    TooLong(usize),
    /// The PNG encoder failed.
    #[error("PNG encoding failed: {0}")]
    Png(String),
}

/// The text a QR code of `text` (an address or a payment URI) should hold: the scheme and a
/// bech32 or cashaddr address in upper case, the query parameters as they are (upper-casing
/// them would change them; the encoder puts them in a byte-mode segment of their own).
pub fn qr_text(text: &str) -> String {
    let (head, query) = match text.split_once('?') {
        Some((h, q)) => (h, Some(q)),
        None => (text, None),
    };
    let address = match head.split_once(':') {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("bitcoin") => rest,
        _ => head,
    };
    let case_free =
        validate::identify_with(address, validate::Options { locate_errors: false }).is_ok_and(|id| {
            matches!(id.primary().encoding, Encoding::Bech32 | Encoding::Bech32m | Encoding::CashAddr)
        });
    if !case_free {
        return text.to_string();
    }
    match query {
        Some(q) => format!("{}?{q}", head.to_ascii_uppercase()),
        None => head.to_ascii_uppercase(),
    }
}

/// A QR code: a square of dark and light modules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QrCode {
    width: usize,
    dark: Vec<bool>,
}

impl QrCode {
    /// Encodes text at level M in the smallest version, mixing alphanumeric and byte
    /// segments where that is shorter.
    pub fn encode(text: &str) -> Result<QrCode, Error> {
        let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
            .map_err(|_| Error::TooLong(text.len()))?;
        let width = code.width();
        let dark = code.to_colors().into_iter().map(|c| c == Color::Dark).collect();
        Ok(QrCode { width, dark })
    }

    /// Modules on a side, without the quiet zone.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Whether the module at column `x`, row `y` is dark; outside the code (the quiet zone)
    /// everything is light.
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.width && y < self.width && self.dark[y * self.width + x]
    }

    /// Dark state with the quiet zone around: coordinates from the image's corner.
    fn framed(&self, x: usize, y: usize) -> bool {
        x >= QUIET_ZONE && y >= QUIET_ZONE && self.is_dark(x - QUIET_ZONE, y - QUIET_ZONE)
    }

    fn framed_width(&self) -> usize {
        self.width + 2 * QUIET_ZONE
    }

    /// Terminal text, two rows of modules per line with the half blocks `▀▄█`. The light
    /// modules are the ones drawn, so the code reads right on the usual light-on-dark
    /// terminal (as `qrencode -t UTF8` does).
    pub fn to_terminal(&self) -> String {
        let n = self.framed_width();
        let mut out = String::with_capacity((n + 1) * n.div_ceil(2) * 3);
        for y in (0..n).step_by(2) {
            for x in 0..n {
                let top = !self.framed(x, y);
                let bottom = y + 1 < n && !self.framed(x, y + 1);
                out.push(match (top, bottom) {
                    (true, true) => '█',
                    (true, false) => '▀',
                    (false, true) => '▄',
                    (false, false) => ' ',
                });
            }
            out.push('\n');
        }
        out
    }

    /// A standalone SVG document: one module is one user unit, dark modules form one path.
    pub fn to_svg(&self) -> String {
        let n = self.framed_width();
        let mut path = String::new();
        for y in 0..n {
            for x in 0..n {
                if self.framed(x, y) {
                    path.push_str(&format!("M{x} {y}h1v1h-1z"));
                }
            }
        }
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{px}\" height=\"{px}\" viewBox=\"0 0 {n} {n}\" shape-rendering=\"crispEdges\">\n\
             <rect width=\"{n}\" height=\"{n}\" fill=\"#fff\"/>\n<path fill=\"#000\" d=\"{path}\"/>\n</svg>\n",
            px = n * 8
        )
    }

    /// A greyscale PNG, `scale` pixels per module.
    pub fn to_png(&self, scale: u32) -> Result<Vec<u8>, Error> {
        let scale = scale.max(1) as usize;
        let side = self.framed_width() * scale;
        let side_u32 = u32::try_from(side).map_err(|_| Error::Png("image too large".into()))?;
        let mut pixels = Vec::with_capacity(side * side);
        for py in 0..side {
            for px in 0..side {
                pixels.push(if self.framed(px / scale, py / scale) { 0u8 } else { 255u8 });
            }
        }
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, side_u32, side_u32);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().map_err(|e| Error::Png(e.to_string()))?;
        writer.write_image_data(&pixels).map_err(|e| Error::Png(e.to_string()))?;
        writer.finish().map_err(|e| Error::Png(e.to_string()))?;
        Ok(out)
    }
}

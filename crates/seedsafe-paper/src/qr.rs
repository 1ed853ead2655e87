//! QR codes as module matrices, and their plain renderings: PNG, SVG and terminal text.
//!
//! The matrix is wiped from memory on drop, since a SeedQR's modules are the wallet. (The
//! `qrcode` crate's own buffers are not wiped; they live only while a code is built.)

use std::io::Cursor;

use zeroize::Zeroizing;

use crate::Error;

pub use qrcode::EcLevel;

/// Light modules around a code, as ISO/IEC 18004 asks.
pub const QUIET_ZONE: usize = 4;

/// A QR code: a square of dark and light modules.
pub struct QrMatrix {
    width: usize,
    version: u8,
    dark: Zeroizing<Vec<bool>>,
}

impl std::fmt::Debug for QrMatrix {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "QrMatrix(version {}, {}x{})", self.version, self.width, self.width)
    }
}

impl QrMatrix {
    pub(crate) fn from_code(code: &qrcode::QrCode) -> Self {
        let version = match code.version() {
            qrcode::Version::Normal(v) | qrcode::Version::Micro(v) => v as u8,
        };
        QrMatrix {
            width: code.width(),
            version,
            dark: Zeroizing::new(code.to_colors().iter().map(|c| *c == qrcode::Color::Dark).collect()),
        }
    }

    /// Encodes data in the smallest code that holds it at the given error correction level
    /// (numeric, alphanumeric and byte segments chosen by the encoder).
    pub fn encode(data: &[u8], level: EcLevel) -> Result<Self, Error> {
        let code = qrcode::QrCode::with_error_correction_level(data, level).map_err(|_| Error::QrTooLong)?;
        Ok(Self::from_code(&code))
    }

    /// The QR version (1 to 40); the code is `17 + 4 * version` modules wide.
    pub fn version(&self) -> u8 {
        self.version
    }

    /// Modules per side, without the quiet zone.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Whether the module at column `x`, row `y` is dark.
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.width && y < self.width && self.dark[y * self.width + x]
    }

    /// Dark runs of each row as `(x, y, length)`, for drawing with few rectangles.
    pub fn dark_runs(&self) -> Vec<(usize, usize, usize)> {
        let mut runs = Vec::new();
        for y in 0..self.width {
            let mut x = 0;
            while x < self.width {
                if self.is_dark(x, y) {
                    let start = x;
                    while x < self.width && self.is_dark(x, y) {
                        x += 1;
                    }
                    runs.push((start, y, x - start));
                } else {
                    x += 1;
                }
            }
        }
        runs
    }

    /// Reads the code back from its own rendering with the decoder of [`crate::scan`], so
    /// that a code which does not hold `expected` is caught before anything is printed.
    pub fn read_back(&self, expected: &[u8], what: &'static str) -> Result<(), Error> {
        let found = crate::scan::decode_qr_image(&self.to_png(3)?)?;
        match &found[..] {
            [one] if one.as_slice() == expected => Ok(()),
            _ => Err(Error::ReadBack(what)),
        }
    }

    /// A greyscale PNG, `scale` pixels per module, with the quiet zone.
    pub fn to_png(&self, scale: u32) -> Result<Zeroizing<Vec<u8>>, Error> {
        let scale = scale.max(1) as usize;
        let side = (self.width + 2 * QUIET_ZONE) * scale;
        let mut pixels = Zeroizing::new(vec![255u8; side * side]);
        for (x, y, len) in self.dark_runs() {
            for row in (y + QUIET_ZONE) * scale..(y + QUIET_ZONE + 1) * scale {
                let from = row * side + (x + QUIET_ZONE) * scale;
                pixels[from..from + len * scale].fill(0);
            }
        }
        let mut out = Zeroizing::new(Vec::new());
        let side32 = u32::try_from(side).map_err(|_| Error::QrTooLong)?;
        image::ImageEncoder::write_image(
            image::codecs::png::PngEncoder::new(Cursor::new(&mut *out)),
            &pixels,
            side32,
            side32,
            image::ExtendedColorType::L8,
        )
        .map_err(|e| Error::Image(e.to_string()))?;
        Ok(out)
    }

    /// An SVG document: one path of unit squares, with the quiet zone.
    pub fn to_svg(&self) -> Zeroizing<String> {
        let side = self.width + 2 * QUIET_ZONE;
        let mut path = Zeroizing::new(String::new());
        for (x, y, len) in self.dark_runs() {
            path.push_str(&format!("M{} {}h{len}v1h-{len}z", x + QUIET_ZONE, y + QUIET_ZONE));
        }
        Zeroizing::new(format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {side} {side}\" width=\"{px}\" height=\"{px}\" shape-rendering=\"crispEdges\">\n\
             <rect width=\"{side}\" height=\"{side}\" fill=\"#fff\"/>\n<path fill=\"#000\" d=\"{}\"/>\n</svg>\n",
            &*path,
            px = side * 8,
        ))
    }

    /// Text for a terminal: two rows per line with half blocks, dark modules drawn, the
    /// quiet zone as spaces. Scans from a screen with light text on a dark background
    /// inverted; most phone scanners read both.
    pub fn to_text(&self) -> Zeroizing<String> {
        let side = self.width + 2 * QUIET_ZONE;
        let dark = |x: usize, y: usize| {
            x >= QUIET_ZONE && y >= QUIET_ZONE && self.is_dark(x - QUIET_ZONE, y - QUIET_ZONE)
        };
        let mut out = Zeroizing::new(String::new());
        for y in (0..side).step_by(2) {
            for x in 0..side {
                out.push(match (dark(x, y), dark(x, y + 1)) {
                    (true, true) => '█',
                    (true, false) => '▀',
                    (false, true) => '▄',
                    (false, false) => ' ',
                });
            }
            let trimmed = out.trim_end_matches(' ').len();
            out.truncate(trimmed);
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_round_trip_through_the_decoder() {
        let qr = QrMatrix::encode(b"bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu", EcLevel::M).expect("fits");
        assert_eq!(qr.width(), 17 + 4 * usize::from(qr.version()));
        let png = qr.to_png(4).expect("png");
        let found = crate::scan::decode_qr_image(&png).expect("decodes");
        assert_eq!(found.len(), 1);
        assert_eq!(&found[0][..], b"bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu");
        assert!(qr.to_svg().starts_with("<svg"));
        let text = qr.to_text();
        assert_eq!(text.lines().count(), (qr.width() + 2 * QUIET_ZONE).div_ceil(2));
    }
}

//! Reading paper back: every QR code in a photo or scan, and what each one is.
//!
//! [`decode_qr_image`] finds the codes; [`classify`] says which restore a wallet (a Standard
//! or Compact SeedQR, an encrypted backup whose framed parts it joins) and which are
//! something else (the address codes of a backup sheet). [`read_image`] does both.

use seedsafe_core::bip39::Mnemonic;
use zeroize::Zeroizing;

use crate::seedqr::{self, SeedQrFormat};
use crate::{framing, Error};

/// Photos larger than this (in pixels on the long side) are also tried scaled down: the
/// detector finds blurry or noisy codes more easily in a smaller picture.
const RETRY_ABOVE: u32 = 1600;

/// Finds and decodes every QR code in a PNG or JPEG image. Each payload is the code's
/// bytes exactly (digits for a Standard SeedQR, raw bytes for a CompactSeedQR).
///
/// The detector (rqrr) misses codes in grey, anti-aliased pictures and mixes up the finder
/// patterns of codes that stand side by side, so the picture is read several ways: as it
/// is, black and white at Otsu's threshold, and, while codes seem to be missing, in
/// overlapping tiles and scaled down. An image without a readable code gives an empty list.
pub fn decode_qr_image(bytes: &[u8]) -> Result<Vec<Zeroizing<Vec<u8>>>, Error> {
    let format = image::guess_format(bytes).map_err(|_| Error::Image("not a PNG or JPEG file".into()))?;
    if !matches!(format, image::ImageFormat::Png | image::ImageFormat::Jpeg) {
        return Err(Error::Image(format!("{format:?} images are not read; use PNG or JPEG")));
    }
    let picture = image::load_from_memory_with_format(bytes, format)
        .map_err(|e| Error::Image(e.to_string()))?
        .to_luma8();
    let mut found = Vec::new();
    decode_luma(&picture, &mut found);
    let binary = binarize(&picture);
    decode_luma(&binary, &mut found);
    if seems_incomplete(&found) {
        for n in 2..=3 {
            for tile in tiles(&binary, n) {
                decode_luma(&tile, &mut found);
            }
        }
    }
    if seems_incomplete(&found) && picture.width().max(picture.height()) > RETRY_ABOVE {
        let smaller = image::imageops::resize(
            &picture,
            picture.width() / 2,
            picture.height() / 2,
            image::imageops::FilterType::Triangle,
        );
        decode_luma(&smaller, &mut found);
        decode_luma(&binarize(&smaller), &mut found);
    }
    Ok(found)
}

/// Adds the codes rqrr reads in a picture to `found`, once each.
fn decode_luma(picture: &image::GrayImage, found: &mut Vec<Zeroizing<Vec<u8>>>) {
    let (w, h) = (picture.width() as usize, picture.height() as usize);
    let mut prepared =
        rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| picture.get_pixel(x as u32, y as u32).0[0]);
    for grid in prepared.detect_grids() {
        let mut payload = Zeroizing::new(Vec::new());
        if grid.decode_to(&mut *payload).is_ok() && !found.contains(&payload) {
            found.push(payload);
        }
    }
}

/// Nothing found, or parts of a framed backup missing.
fn seems_incomplete(found: &[Zeroizing<Vec<u8>>]) -> bool {
    let parts: Vec<framing::Part> = found.iter().filter_map(|p| framing::parse(p)?.ok()).collect();
    found.is_empty() || (!parts.is_empty() && framing::join(&parts).is_err())
}

/// Black and white at the threshold that best separates the two tones (Otsu's method).
fn binarize(picture: &image::GrayImage) -> image::GrayImage {
    let mut histogram = [0u64; 256];
    for p in picture.pixels() {
        histogram[usize::from(p.0[0])] += 1;
    }
    let total: u64 = histogram.iter().sum();
    let sum_all: f64 = histogram.iter().enumerate().map(|(i, n)| i as f64 * *n as f64).sum();
    let (mut best, mut threshold) = (0.0f64, 128u8);
    let (mut weight_dark, mut sum_dark) = (0u64, 0.0f64);
    for (t, n) in histogram.iter().enumerate() {
        weight_dark += n;
        sum_dark += t as f64 * *n as f64;
        let weight_light = total - weight_dark;
        if weight_dark == 0 || weight_light == 0 {
            continue;
        }
        let mean_dark = sum_dark / weight_dark as f64;
        let mean_light = (sum_all - sum_dark) / weight_light as f64;
        let between = weight_dark as f64 * weight_light as f64 * (mean_dark - mean_light).powi(2);
        if between > best {
            best = between;
            threshold = t as u8;
        }
    }
    image::GrayImage::from_fn(picture.width(), picture.height(), |x, y| {
        image::Luma([if picture.get_pixel(x, y).0[0] <= threshold { 0 } else { 255 }])
    })
}

/// `n` x `n` tiles, each two steps of a `n + 1` grid wide, so neighbours overlap by half.
fn tiles(picture: &image::GrayImage, n: u32) -> Vec<image::GrayImage> {
    let (w, h) = (picture.width(), picture.height());
    let (step_x, step_y) = (w / (n + 1), h / (n + 1));
    let mut out = Vec::new();
    for j in 0..n {
        for i in 0..n {
            let view = image::imageops::crop_imm(picture, i * step_x, j * step_y, 2 * step_x, 2 * step_y);
            out.push(view.to_image());
        }
    }
    out
}

/// What one QR code (or one set of framed codes) holds.
pub enum Found {
    /// A SeedQR: the English BIP-39 mnemonic it encodes.
    SeedQr {
        /// Standard or Compact.
        format: SeedQrFormat,
        /// The words.
        mnemonic: Mnemonic,
    },
    /// An encrypted backup: the armoured age file, joined from its framed parts.
    AgeFile {
        /// The armoured text, as `age -d` reads it.
        armored: Zeroizing<Vec<u8>>,
        /// How many QR codes it was spread over.
        parts: usize,
    },
    /// Anything else, such as the address codes of a backup sheet.
    Other(Zeroizing<Vec<u8>>),
}

impl std::fmt::Debug for Found {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Found::SeedQr { format, .. } => write!(f, "SeedQr({format})"),
            Found::AgeFile { parts, .. } => write!(f, "AgeFile({parts} parts)"),
            Found::Other(p) => write!(f, "Other({} bytes)", p.len()),
        }
    }
}

/// Sorts QR payloads (from one picture or several) into what they hold.
///
/// - digits only, four per word of a 12- to 24-word mnemonic: a Standard SeedQR;
/// - 16 to 32 bytes (a BIP-39 entropy size) that are not all printable ASCII: a
///   CompactSeedQR (random entropy is all printable ASCII with odds of about 1 in 10^7);
/// - `SEEDSAFE-AGE i/n:` parts, joined, or a whole armoured age file: an encrypted backup;
/// - anything else: [`Found::Other`].
///
/// A payload shaped like a SeedQR whose words fail the checksum, or framed parts that are
/// missing or disagree, are errors: the person is holding a damaged copy and should know.
pub fn classify<P: AsRef<[u8]>>(payloads: &[P]) -> Result<Vec<Found>, Error> {
    let mut found = Vec::new();
    let mut parts = Vec::new();
    for payload in payloads {
        let bytes = payload.as_ref();
        if let Some(part) = framing::parse(bytes) {
            parts.push(part?);
        } else if is_standard_seedqr(bytes) {
            let digits = std::str::from_utf8(bytes).map_err(|_| Error::BadStandardSeedQr("not digits"))?;
            found.push(Found::SeedQr {
                format: SeedQrFormat::Standard,
                mnemonic: seedqr::decode_standard(digits)?,
            });
        } else if is_compact_seedqr(bytes) {
            found.push(Found::SeedQr {
                format: SeedQrFormat::Compact,
                mnemonic: seedqr::decode_compact(bytes)?,
            });
        } else if seedsafe_core::age_file::is_age(bytes) {
            found.push(Found::AgeFile { armored: Zeroizing::new(bytes.to_vec()), parts: 1 });
        } else {
            found.push(Found::Other(Zeroizing::new(bytes.to_vec())));
        }
    }
    if !parts.is_empty() {
        let total = parts[0].total;
        found.push(Found::AgeFile { armored: framing::join(&parts)?, parts: total });
    }
    Ok(found)
}

fn is_standard_seedqr(bytes: &[u8]) -> bool {
    seedqr::is_standard_length(bytes.len()) && bytes.iter().all(u8::is_ascii_digit)
}

fn is_compact_seedqr(bytes: &[u8]) -> bool {
    seedqr::is_compact_length(bytes.len()) && !bytes.iter().all(|b| (0x20..0x7f).contains(b))
}

/// [`decode_qr_image`] then [`classify`]: what a photo or scan of paper backups holds.
pub fn read_image(bytes: &[u8]) -> Result<Vec<Found>, Error> {
    classify(&decode_qr_image(bytes)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_each_kind() {
        let m = Mnemonic::parse(
            "vacuum bridge buddy supreme exclude milk consider tail expand wasp pattern nuclear",
            None,
        )
        .expect("valid");
        let standard = seedqr::payload(&m, SeedQrFormat::Standard).expect("english");
        let compact = seedqr::payload(&m, SeedQrFormat::Compact).expect("english");
        let parts = framing::split(&format!(
            "-----BEGIN AGE ENCRYPTED FILE-----\n{}",
            "A".repeat(framing::MAX_PART_BYTES)
        ));
        let mut payloads: Vec<Vec<u8>> = vec![standard.to_vec(), b"bc1qexample".to_vec(), compact.to_vec()];
        payloads.extend(parts.iter().rev().map(|p| p.as_bytes().to_vec()));
        let found = classify(&payloads).expect("classifies");
        assert_eq!(
            format!("{found:?}"),
            "[SeedQr(standard), Other(11 bytes), SeedQr(compact), AgeFile(2 parts)]"
        );
        for f in &found {
            if let Found::SeedQr { mnemonic, .. } = f {
                assert_eq!(mnemonic.phrase(), m.phrase());
            }
        }
        // 16 printable bytes are text, not a CompactSeedQR.
        assert!(matches!(classify(&[b"0123456789abcdef"]).expect("ok")[0], Found::Other(_)));
        assert_eq!(classify(&[&parts[0]]).unwrap_err(), Error::MissingParts { missing: vec![2], total: 2 });
    }

    #[test]
    fn non_images_are_refused() {
        assert!(matches!(decode_qr_image(b"not an image"), Err(Error::Image(_))));
    }
}

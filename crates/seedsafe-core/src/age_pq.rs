//! age's hybrid post-quantum recipient type, `mlkem768x25519` (c2sp.org/age, age 1.3):
//! recipients `age1pq1…`, identities `AGE-SECRET-KEY-PQ-1…`.
//!
//! A backup kept for twenty years should not depend on X25519 alone: an attacker who copies
//! an encrypted file today could open it once quantum computers break elliptic curves. These
//! recipients wrap the file key with HPKE (RFC 9180: [`crate::xwing`] X-Wing KEM,
//! HKDF-SHA256, ChaCha20-Poly1305, info `age-encryption.org/mlkem768x25519`), which holds as
//! long as ML-KEM-768 or X25519 does. The stock `age` tool opens such files from version 1.3
//! on (`age-keygen -pq` makes the keys), as does the TypeScript `age-encryption` package.
//!
//! Their stanzas carry the age label `postquantum`: age refuses to mix them in one file with
//! recipients that are not post-quantum, so that no weaker key opens the same file.
//!
//! The age crate (0.12) does not implement this type yet; this module does, on the crate's
//! own traits, so files are read and written by the same age code as all others.

use std::collections::HashSet;
use std::fmt;
use std::str::FromStr;

use age::secrecy::ExposeSecret;
use age_core::format::{FileKey, Stanza, FILE_KEY_BYTES};
use age_core::primitives::{bech32_decode, bech32_encode, hpke_open, hpke_seal};
use base64::prelude::BASE64_STANDARD_NO_PAD;
use base64::Engine;
use hpke::{Deserializable, Serializable};
use zeroize::Zeroizing;

use crate::xwing::{self, XWing};

/// The stanza type of this recipient.
pub const STANZA_TAG: &str = "mlkem768x25519";
/// The HPKE `info` (and the stanza's domain separation).
const INFO: &[u8] = b"age-encryption.org/mlkem768x25519";
/// The age label of post-quantum stanzas.
pub(crate) const LABEL: &str = "postquantum";
/// Bech32 prefix of recipients.
const RECIPIENT_HRP: &str = "age1pq";
/// Bech32 prefix of identities (written upper case).
const IDENTITY_HRP: &str = "age-secret-key-pq-";
/// A wrapped file key: the key and the ChaCha20-Poly1305 tag.
const WRAPPED_LEN: usize = FILE_KEY_BYTES + 16;

/// A post-quantum recipient: `age1pq1…` (1216-byte X-Wing public key).
#[derive(Clone, PartialEq, Eq)]
pub struct Recipient(xwing::PublicKey);

/// A post-quantum identity: `AGE-SECRET-KEY-PQ-1…` (32-byte X-Wing seed). Wiped on drop.
#[derive(Clone)]
pub struct Identity(xwing::PrivateKey);

/// Why a recipient or identity string was refused.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// Not in the form (prefix) of this type at all.
    #[error("not a post-quantum age key")]
    NotThisType,
    /// The form is right but the Bech32 checksum fails: a typo or a copy cut short.
    #[error("the key is damaged (its Bech32 checksum does not match)")]
    Damaged,
    /// The checksum holds but the key inside is not a valid key.
    #[error("the key has the wrong length or is not a valid ML-KEM-768 key")]
    Invalid,
}

/// Decodes `s` (no copy of it is made: it may be a private key).
fn parse_bech32(s: &str, hrp: &str, len: usize) -> Result<Zeroizing<Vec<u8>>, ParseError> {
    let prefix = format!("{hrp}1");
    if !s.get(..prefix.len()).is_some_and(|p| p.eq_ignore_ascii_case(&prefix)) {
        return Err(ParseError::NotThisType);
    }
    // Bech32 is all lower or all upper case.
    if s.bytes().any(|b| b.is_ascii_lowercase()) && s.bytes().any(|b| b.is_ascii_uppercase()) {
        return Err(ParseError::Damaged);
    }
    let bytes = bech32_decode(
        s,
        |_| ParseError::Damaged,
        |h| if h.as_str().eq_ignore_ascii_case(hrp) { Ok(()) } else { Err(ParseError::NotThisType) },
        |_, data| Ok(Zeroizing::new(data.collect::<Vec<u8>>())),
    )?;
    if bytes.len() != len {
        return Err(ParseError::Invalid);
    }
    Ok(bytes)
}

fn hrp(s: &str) -> bech32::Hrp {
    bech32::Hrp::parse(s).expect("valid prefix")
}

impl FromStr for Recipient {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, ParseError> {
        let bytes = parse_bech32(s, RECIPIENT_HRP, xwing::PUBLIC_KEY_LEN)?;
        xwing::PublicKey::from_bytes(&bytes).map(Recipient).map_err(|_| ParseError::Invalid)
    }
}

impl fmt::Display for Recipient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&bech32_encode(hrp(RECIPIENT_HRP), &self.0.to_bytes()))
    }
}

impl fmt::Debug for Recipient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.to_string();
        write!(f, "Recipient({}…)", &s[..20])
    }
}

impl Identity {
    /// A new identity from the operating system's random number generator.
    pub fn generate() -> Self {
        Identity(xwing::PrivateKey::generate())
    }

    /// The recipient (public key) of this identity.
    pub fn to_public(&self) -> Recipient {
        Recipient(self.0.public_key())
    }

    /// The identity as an identity file line, `AGE-SECRET-KEY-PQ-1…`. A secret: handle it
    /// like the wallet it protects.
    pub fn to_secret_string(&self) -> Zeroizing<String> {
        let mut text = Zeroizing::new(bech32_encode(hrp(IDENTITY_HRP), self.0.seed()));
        text.make_ascii_uppercase();
        text
    }
}

impl FromStr for Identity {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, ParseError> {
        let bytes = parse_bech32(s, IDENTITY_HRP, xwing::PRIVATE_KEY_LEN)?;
        xwing::PrivateKey::from_bytes(&bytes).map(Identity).map_err(|_| ParseError::Invalid)
    }
}

impl fmt::Debug for Identity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Identity([redacted])")
    }
}

impl age::Recipient for Recipient {
    fn wrap_file_key(&self, file_key: &FileKey) -> Result<(Vec<Stanza>, HashSet<String>), age::EncryptError> {
        let (enc, body) =
            hpke_seal::<XWing, _>(&self.0, INFO, file_key.expose_secret(), &mut rand::rngs::OsRng);
        let stanza = Stanza {
            tag: STANZA_TAG.to_owned(),
            args: vec![BASE64_STANDARD_NO_PAD.encode(enc.to_bytes())],
            body,
        };
        Ok((vec![stanza], HashSet::from([LABEL.to_owned()])))
    }
}

impl age::Identity for Identity {
    /// `None` for other stanza types and for stanzas of this type made for another key (HPKE
    /// cannot tell those from altered ones); an error for a malformed stanza.
    fn unwrap_stanza(&self, stanza: &Stanza) -> Option<Result<FileKey, age::DecryptError>> {
        if stanza.tag != STANZA_TAG {
            return None;
        }
        let enc = match &stanza.args[..] {
            // Canonical base64 only (no padding, no stray bits), as the age spec requires.
            [arg] => match BASE64_STANDARD_NO_PAD.decode(arg) {
                Ok(bytes) if bytes.len() == xwing::CIPHERTEXT_LEN => bytes,
                _ => return Some(Err(age::DecryptError::InvalidHeader)),
            },
            _ => return Some(Err(age::DecryptError::InvalidHeader)),
        };
        if stanza.body.len() != WRAPPED_LEN {
            return Some(Err(age::DecryptError::InvalidHeader));
        }
        let enc = xwing::EncappedKey::from_bytes(&enc).ok()?;
        let key = Zeroizing::new(hpke_open::<XWing>(&enc, &self.0, INFO, &stanza.body).ok()?);
        Some(Ok(FileKey::init_with_mut(|k| k.copy_from_slice(&key))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_through_their_text_forms() {
        let id = Identity::generate();
        let text = id.to_secret_string();
        assert!(text.starts_with("AGE-SECRET-KEY-PQ-1"));
        let back = Identity::from_str(&text).expect("identity");
        assert_eq!(back.to_public(), id.to_public());
        let r = id.to_public().to_string();
        assert!(r.starts_with("age1pq1"));
        assert_eq!(r.len(), 1959, "age1pq1 + 1946 data + 6 checksum characters");
        assert_eq!(Recipient::from_str(&r).expect("recipient"), id.to_public());
        assert_eq!(Recipient::from_str(&r.to_ascii_uppercase()).expect("upper case"), id.to_public());
    }

    #[test]
    fn bad_strings_get_their_own_errors() {
        let r = Identity::generate().to_public().to_string();
        assert_eq!(
            Recipient::from_str("age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq"),
            Err(ParseError::NotThisType)
        );
        let mut typo = r.clone().into_bytes();
        typo[100] = if typo[100] == b'q' { b'p' } else { b'q' };
        assert_eq!(Recipient::from_str(std::str::from_utf8(&typo).expect("ascii")), Err(ParseError::Damaged));
        assert_eq!(Recipient::from_str(&r[..r.len() - 1]), Err(ParseError::Damaged));
        let mixed = format!("{}{}", &r[..10].to_ascii_uppercase(), &r[10..]);
        assert_eq!(Recipient::from_str(&mixed), Err(ParseError::Damaged));
        let short = bech32_encode(hrp(RECIPIENT_HRP), &[1u8; 100]);
        assert_eq!(Recipient::from_str(&short), Err(ParseError::Invalid));
        assert_eq!(Identity::from_str(&r).map(|_| ()), Err(ParseError::NotThisType));
    }

    #[test]
    fn a_file_key_is_wrapped_and_unwrapped_only_by_its_identity() {
        use age::{Identity as _, Recipient as _};
        let id = Identity::generate();
        let file_key = FileKey::new(Box::new([7; FILE_KEY_BYTES]));
        let (stanzas, labels) = id.to_public().wrap_file_key(&file_key).expect("wrap");
        assert_eq!(labels, HashSet::from(["postquantum".to_owned()]));
        let [stanza] = &stanzas[..] else { panic!("one stanza") };
        let back = id.unwrap_stanza(stanza).expect("ours").expect("opens");
        assert_eq!(back.expose_secret(), file_key.expose_secret());
        assert!(Identity::generate().unwrap_stanza(stanza).is_none(), "another key: not ours");
        let copy = |s: &Stanza| Stanza { tag: s.tag.clone(), args: s.args.clone(), body: s.body.clone() };
        let mut altered = copy(stanza);
        altered.body[0] ^= 1;
        assert!(id.unwrap_stanza(&altered).is_none());
        let mut malformed = copy(stanza);
        malformed.args[0].push('A');
        assert!(matches!(id.unwrap_stanza(&malformed), Some(Err(age::DecryptError::InvalidHeader))));
    }
}

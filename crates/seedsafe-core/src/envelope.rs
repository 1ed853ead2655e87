//! The envelope: what an encrypted copy holds.
//!
//! A small versioned JSON document (specified in `docs/envelope.md`) with the secret in its
//! original form and the wallet's public identity, so a restore can be checked against the
//! identity without trusting the secret. It is encrypted with age by [`crate::age_file`].

use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, Zeroizing};

use crate::bip39::Language;
use crate::wallet::{Identity, Secret, SeedFormat};

/// The `format` field of every envelope.
pub const FORMAT: &str = "seedsafe-envelope";

/// The envelope version this code writes; it reads this one and refuses newer ones.
pub const VERSION: u32 = 1;

/// The document inside an encrypted copy.
#[derive(Serialize, Deserialize)]
pub struct Envelope {
    /// Always [`FORMAT`].
    pub format: String,
    /// Always [`VERSION`] when written by this code.
    pub version: u32,
    /// When the copy was made (RFC 3339, UTC).
    pub created: String,
    /// The person's name for the wallet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The secret in its original form.
    pub secret: EnvelopeSecret,
    /// Whether the wallet uses a BIP-39 passphrase, and the passphrase when it was included.
    pub passphrase: PassphraseField,
    /// The public identity the secret must restore.
    pub identity: Identity,
}

impl std::fmt::Debug for Envelope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(crate::secret::REDACTED)
    }
}

/// The secret, as the person wrote it down or exported it.
#[derive(Serialize, Deserialize, Zeroize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum EnvelopeSecret {
    /// BIP-39 words.
    Bip39 {
        /// The words, single-spaced (Japanese with U+3000).
        mnemonic: String,
        /// The wordlist.
        language: String,
    },
    /// An Electrum seed.
    Electrum {
        /// The words, normalised as Electrum does.
        mnemonic: String,
        /// `standard`, `segwit`, `2fa` or `2fa_segwit`.
        seed_version: String,
    },
    /// SLIP-39 shares.
    Slip39Shares {
        /// Share mnemonics.
        shares: Vec<String>,
    },
    /// A single private key in WIF.
    PrivateKey {
        /// The WIF string.
        wif: String,
    },
    /// A BIP-32 extended private key.
    Xprv {
        /// The key, in the SLIP-132 version it came in.
        xprv: String,
    },
}

/// The passphrase part of an envelope.
#[derive(Serialize, Deserialize, Zeroize)]
pub struct PassphraseField {
    /// Whether the wallet needs a passphrase besides the secret.
    pub in_use: bool,
    /// The passphrase, only when the person asked for it to be included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

impl Drop for Envelope {
    fn drop(&mut self) {
        self.secret.zeroize();
        self.passphrase.zeroize();
    }
}

/// Why an envelope could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// Not JSON of the envelope's shape. The serde message is dropped: it may quote content.
    #[error("the decrypted content is not a seedsafe envelope (not the expected JSON)")]
    NotEnvelope,
    /// Another format name.
    #[error("the decrypted content is not a seedsafe envelope (format {0:?})")]
    WrongFormat(String),
    /// A newer version.
    #[error("envelope version {0} is newer than this seedsafe understands ({VERSION}); use a newer seedsafe or restore by hand (docs/envelope.md)")]
    NewerVersion(u32),
    /// The secret inside does not parse.
    #[error("the secret inside the envelope is damaged: {0}")]
    BadSecret(String),
    /// The secret does not give the identity stored beside it.
    #[error("the secret inside does not restore the wallet identity stored beside it (fingerprint or first addresses differ)")]
    IdentityMismatch,
}

impl EnvelopeSecret {
    /// The secret in envelope form. `None` for a SLIP-39 master secret, which travels as shares.
    pub fn from_secret(secret: &Secret) -> Option<Self> {
        Some(match secret {
            Secret::Bip39(m) => EnvelopeSecret::Bip39 {
                mnemonic: m.phrase().to_string(),
                language: m.language().name().into(),
            },
            Secret::Electrum(m) => EnvelopeSecret::Electrum {
                mnemonic: m.phrase().to_string(),
                seed_version: m.version().name().into(),
            },
            Secret::PrivateKey(k) => EnvelopeSecret::PrivateKey {
                wif: crate::wif::encode(k, crate::chain::Chain::Btc, crate::chain::Network::Mainnet)?
                    .to_string(),
            },
            Secret::Xprv(k, v) => {
                EnvelopeSecret::Xprv { xprv: crate::bip32::encode_xprv(k, v.kind).to_string() }
            }
            Secret::Slip39Wallet(_) => return None,
        })
    }

    /// Parses the secret back. Shares are returned as text for the SLIP-39 code to combine.
    pub fn to_secret(&self) -> Result<Secret, Error> {
        let bad = |e: &dyn std::fmt::Display| Error::BadSecret(e.to_string());
        match self {
            EnvelopeSecret::Bip39 { mnemonic, language } => {
                let language: Language = language.parse().map_err(|e| bad(&e))?;
                Secret::parse(mnemonic, Some(language), Some(SeedFormat::Bip39)).map_err(|e| bad(&e))
            }
            EnvelopeSecret::Electrum { mnemonic, .. } => {
                Secret::parse(mnemonic, None, Some(SeedFormat::Electrum)).map_err(|e| bad(&e))
            }
            EnvelopeSecret::PrivateKey { wif } => Secret::parse(wif, None, None).map_err(|e| bad(&e)),
            EnvelopeSecret::Xprv { xprv } => Secret::parse(xprv, None, None).map_err(|e| bad(&e)),
            EnvelopeSecret::Slip39Shares { .. } => {
                Err(Error::BadSecret("SLIP-39 shares must be combined, not parsed as one secret".into()))
            }
        }
    }
}

impl Envelope {
    /// A new envelope. `created` is an RFC 3339 time supplied by the caller (the core reads
    /// no clock).
    pub fn new(
        secret: EnvelopeSecret,
        passphrase_in_use: bool,
        passphrase: Option<String>,
        identity: Identity,
        label: Option<String>,
        created: String,
    ) -> Self {
        Envelope {
            format: FORMAT.into(),
            version: VERSION,
            created,
            label,
            secret,
            passphrase: PassphraseField { in_use: passphrase_in_use, value: passphrase },
            identity,
        }
    }

    /// The JSON text (pretty, so a person restoring by hand can read it).
    pub fn to_json(&self) -> Zeroizing<String> {
        Zeroizing::new(serde_json::to_string_pretty(self).unwrap_or_else(|_| unreachable!("plain data")))
    }

    /// Reads and checks the JSON text.
    pub fn from_json(text: &[u8]) -> Result<Self, Error> {
        let value: serde_json::Value = serde_json::from_slice(text).map_err(|_| Error::NotEnvelope)?;
        let format = value.get("format").and_then(|f| f.as_str()).unwrap_or_default();
        if format != FORMAT {
            return Err(Error::WrongFormat(format.chars().take(40).collect()));
        }
        match value.get("version").and_then(|v| v.as_u64()) {
            Some(v) if v > u64::from(VERSION) => return Err(Error::NewerVersion(v as u32)),
            Some(_) => {}
            None => return Err(Error::NotEnvelope),
        }
        serde_json::from_value(value).map_err(|_| Error::NotEnvelope)
    }
}

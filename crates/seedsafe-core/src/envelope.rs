//! The envelope: what an encrypted copy holds.
//!
//! A small versioned JSON document (specified in `docs/envelope.md`) with the secret in its
//! original form and the wallet's public identity, so a restore can be checked against the
//! identity without trusting the secret. It is encrypted with age by [`crate::age_file`].

use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, Zeroizing};

use crate::bip39::Language;
use crate::secret::{Passphrase, Seed};
use crate::slip39;
use crate::wallet::{Identity, Secret, SeedFormat, Wallet};

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
    /// SLIP-39 shares: a whole set, or one share kept in this place.
    Slip39Shares {
        /// Share mnemonics.
        shares: Vec<String>,
        /// `bip39` (the shares hold a BIP-39 mnemonic's entropy) or `wallet` (a SLIP-39 wallet).
        mode: String,
        /// For `bip39` mode, the wordlist the mnemonic is written in.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        language: Option<String>,
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

/// A restored and checked envelope.
#[derive(Debug)]
pub struct Verified {
    /// The secret.
    pub secret: Secret,
    /// The identity it opens.
    pub identity: Identity,
    /// Whether that identity was compared with the recorded one and matched.
    pub checked: bool,
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
                Err(Error::BadSecret("SLIP-39 shares must be combined with their passphrase".into()))
            }
        }
    }

    /// The secret ready to open a wallet, and the passphrase to open it with. Shares are
    /// combined: in wallet mode `passphrase` is the SLIP-39 passphrase and is used up here.
    pub fn restore(&self, passphrase: &Passphrase) -> Result<(Secret, Passphrase), Error> {
        let EnvelopeSecret::Slip39Shares { shares, mode, language } = self else {
            return Ok((self.to_secret()?, passphrase.clone()));
        };
        let bad = |e: &dyn std::fmt::Display| Error::BadSecret(e.to_string());
        let parsed: Vec<slip39::Share> =
            shares.iter().map(|s| slip39::Share::parse(s)).collect::<Result<_, _>>().map_err(|e| bad(&e))?;
        match mode.as_str() {
            "bip39" => {
                let entropy = slip39::combine(&parsed, b"").map_err(|e| bad(&e))?;
                let language: Language =
                    language.as_deref().unwrap_or("english").parse().map_err(|e| bad(&e))?;
                let m = crate::bip39::Mnemonic::from_entropy(&entropy, language).map_err(|e| bad(&e))?;
                Ok((Secret::Bip39(m), passphrase.clone()))
            }
            "wallet" => {
                let master = slip39::combine(&parsed, passphrase.expose().as_bytes()).map_err(|e| bad(&e))?;
                Ok((Secret::Slip39Wallet(Seed::new(master.to_vec())), Passphrase::empty()))
            }
            other => Err(Error::BadSecret(format!(
                "unknown share mode {:?}",
                other.chars().take(20).collect::<String>()
            ))),
        }
    }
}

/// Whether the identity a secret gives agrees with the one an envelope records: the same
/// fingerprint when one is recorded, and every recorded address among the derived ones. A
/// writer may record fewer chains than seedsafe derives (the example in `docs/envelope.md`
/// lists two), but never a different value.
fn agrees(derived: &Identity, recorded: &Identity) -> bool {
    recorded.fingerprint.as_ref().is_none_or(|f| derived.fingerprint.as_ref() == Some(f))
        && recorded.addresses.iter().all(|a| derived.addresses.contains(a))
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

    /// The passphrase to open the wallet with: the one inside, else `given`.
    pub fn passphrase_or(&self, given: &Passphrase) -> Passphrase {
        match &self.passphrase.value {
            Some(p) => Passphrase::new(p.clone()),
            None => given.clone(),
        }
    }

    /// Restores the secret and checks that it opens the wallet whose identity the envelope
    /// records. Returns the secret and the identity it gives.
    ///
    /// When the wallet needs a passphrase that is neither inside nor given, the identity
    /// cannot be checked: `Ok` with `checked == false`.
    pub fn verify(&self, given: &Passphrase) -> Result<Verified, Error> {
        let passphrase = self.passphrase_or(given);
        let (secret, open_with) = self.secret.restore(&passphrase)?;
        let wallet = Wallet::open(&secret, &open_with).map_err(|e| Error::BadSecret(e.to_string()))?;
        let identity = wallet.identity();
        let knows_passphrase = !self.passphrase.in_use || !passphrase.is_empty();
        let comparable = !self.identity.addresses.is_empty() || self.identity.fingerprint.is_some();
        if knows_passphrase && comparable && !agrees(&identity, &self.identity) {
            return Err(Error::IdentityMismatch);
        }
        Ok(Verified { secret, identity, checked: knows_passphrase && comparable })
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

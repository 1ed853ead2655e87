//! What restores a wallet (a [`Secret`]), the wallet it opens ([`Wallet`]), and the public
//! facts it is checked by: derived addresses and the [`Identity`].

use std::str::FromStr;

use bitcoin::bip32::{ChildNumber, DerivationPath, Fingerprint, Xpriv, Xpub};
use bitcoin::secp256k1::{All, PublicKey, Secp256k1};
use zeroize::Zeroizing;

use crate::address;
use crate::bip32;
use crate::bip39::{self, Language};
use crate::chain::{AddressKind, Chain, Network};
use crate::electrum::{self, SeedVersion};
use crate::path::{self, PathTemplate, Step};
use crate::secret::{ExtendedPrivateKey, Passphrase, PrivateKey, Seed};
use crate::slip10::{Ed25519Node, HARDENED};
use crate::wif;

/// Which mnemonic standard to read words as, when the caller knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeedFormat {
    /// BIP-39.
    Bip39,
    /// Electrum's own seeds.
    Electrum,
}

/// Something that restores a wallet.
#[derive(Debug)]
pub enum Secret {
    /// BIP-39 words.
    Bip39(bip39::Mnemonic),
    /// An Electrum seed.
    Electrum(electrum::Mnemonic),
    /// A BIP-32 extended private key, with the SLIP-132 version it was written in.
    Xprv(ExtendedPrivateKey, bip32::Version),
    /// A single private key (WIF or hex).
    PrivateKey(PrivateKey),
    /// The master secret of a SLIP-39 wallet (as a Trezor makes them), already decrypted
    /// with its SLIP-39 passphrase; it is the BIP-32 seed itself.
    Slip39Wallet(Seed),
}

/// Why text could not be read as a secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// Bad BIP-39 words.
    #[error(transparent)]
    Bip39(#[from] bip39::ParseError),
    /// Asked for Electrum, but the words are not an Electrum seed.
    #[error(transparent)]
    Electrum(#[from] electrum::ParseError),
    /// A broken extended key.
    #[error("extended private key: {0}")]
    Bip32(#[from] bip32::Error),
    /// A broken WIF or hex key.
    #[error(transparent)]
    Wif(#[from] wif::Error),
    /// One token that is no key format seedsafe knows.
    #[error("a single word was given; expected a mnemonic (12-24 words), a WIF or hex private key, or an extended private key (xprv...)")]
    Unrecognised,
}

impl Secret {
    /// Reads what a person typed or a file holds, detecting the format.
    ///
    /// Words that are valid BIP-39 are read as BIP-39 even when they also happen to be an
    /// Electrum seed (about 1 in 256 are); `format` overrides that.
    pub fn parse(
        text: &str,
        language: Option<Language>,
        format: Option<SeedFormat>,
    ) -> Result<Secret, ParseError> {
        let tokens = text.split_whitespace().count();
        if tokens == 1 && format.is_none() {
            return parse_key(text.trim());
        }
        match format {
            Some(SeedFormat::Electrum) => Ok(Secret::Electrum(electrum::Mnemonic::parse(text)?)),
            Some(SeedFormat::Bip39) => Ok(Secret::Bip39(bip39::Mnemonic::parse(text, language)?)),
            None => match bip39::Mnemonic::parse(text, language) {
                Ok(m) => Ok(Secret::Bip39(m)),
                Err(e) => electrum::Mnemonic::parse(text).map(Secret::Electrum).map_err(|_| e.into()),
            },
        }
    }

    /// A short name of the kind of secret, for reports.
    pub fn kind(&self) -> &'static str {
        match self {
            Secret::Bip39(_) => "bip39",
            Secret::Electrum(m) => match m.version() {
                SeedVersion::Standard => "electrum-standard",
                SeedVersion::Segwit => "electrum-segwit",
                SeedVersion::TwoFactor => "electrum-2fa",
                SeedVersion::TwoFactorSegwit => "electrum-2fa-segwit",
            },
            Secret::Xprv(..) => "xprv",
            Secret::PrivateKey(_) => "private-key",
            Secret::Slip39Wallet(_) => "slip39-wallet",
        }
    }

    /// The words as wallets print them, for a mnemonic.
    pub fn phrase(&self) -> Option<Zeroizing<String>> {
        match self {
            Secret::Bip39(m) => Some(m.phrase()),
            Secret::Electrum(m) => Some(m.phrase()),
            _ => None,
        }
    }
}

fn parse_key(token: &str) -> Result<Secret, ParseError> {
    if bip32::VERSIONS.iter().any(|v| token.starts_with(v.name)) {
        let (key, version) = bip32::parse_xprv(token)?;
        return Ok(Secret::Xprv(key, version));
    }
    if let Some(key) = wif::decode_hex(token) {
        return Ok(Secret::PrivateKey(key?));
    }
    match wif::decode(token) {
        Ok(w) => Ok(Secret::PrivateKey(w.key)),
        Err(wif::Error::Base58) if token.chars().all(|c| c.is_alphabetic()) => Err(ParseError::Unrecognised),
        Err(e) => Err(e.into()),
    }
}

/// Why addresses could not be derived.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeriveError {
    /// A 2FA Electrum seed needs TrustedCoin's key.
    #[error("this is an Electrum two-factor (TrustedCoin) seed: its wallet is a 2-of-3 multisig with a key held by TrustedCoin's server, so its addresses cannot be derived from the seed alone; restore it in Electrum with \"I already have a seed\" and the 2FA option")]
    TwoFactor,
    /// Electrum seeds restore Bitcoin wallets only.
    #[error("an Electrum seed restores a Bitcoin wallet only; use --chain btc")]
    ElectrumBitcoinOnly,
    /// An Electrum seed fixes its address kind.
    #[error("an Electrum {version} seed has {expected} addresses, not {given}")]
    ElectrumKind {
        /// The seed's version.
        version: SeedVersion,
        /// Its kind.
        expected: AddressKind,
        /// The kind asked for.
        given: AddressKind,
    },
    /// Solana needs the seed (SLIP-10), which an extended key does not carry.
    #[error("Solana keys are derived from the mnemonic's seed (SLIP-10 ed25519); {0} cannot give them")]
    NoSeed(&'static str),
    /// A single key has one address per kind.
    #[error(
        "a single private key has no derivation path; --path, --account, --change and --start do not apply"
    )]
    SingleKey,
    /// A passphrase only changes mnemonic-based wallets.
    #[error("a BIP-39 passphrase applies to BIP-39 and Electrum mnemonics only; this secret is a key or an already decrypted SLIP-39 master secret")]
    PassphraseWithKey,
    /// A path step ed25519 cannot take.
    #[error("Solana (SLIP-10 ed25519) paths must be hardened at every step, like m/44'/501'/*'/0'")]
    NotHardened,
    /// Electrum seeds and account-level keys have no account number to choose.
    #[error(
        "--account does not apply: an Electrum seed or an account-level extended key has a single account"
    )]
    NoAccountLevel,
    /// Index arithmetic overflowed.
    #[error("index range too large: indexes must stay below 2147483648")]
    IndexRange,
    /// Address encoding refused the combination.
    #[error(transparent)]
    Address(#[from] address::Error),
    /// The key cannot be derived (probability 2^-127 per step, or a depth over 255).
    #[error("derivation failed at this path (invalid child key or path too deep)")]
    Bip32,
}

/// What to derive.
#[derive(Clone, Debug)]
pub struct DeriveRequest {
    /// Which chain.
    pub chain: Chain,
    /// Address kind; the chain's (or the Electrum seed's) default when unset.
    pub kind: Option<AddressKind>,
    /// Which network.
    pub network: Network,
    /// Account number (BIP-44 level 3).
    pub account: u32,
    /// Change addresses instead of receive addresses.
    pub change: bool,
    /// First address index.
    pub start: u32,
    /// Number of addresses.
    pub count: u32,
    /// A custom path template, replacing the standard one.
    pub path: Option<PathTemplate>,
}

impl DeriveRequest {
    /// The first receive address of a chain on mainnet, in its default kind.
    pub fn first(chain: Chain) -> Self {
        DeriveRequest {
            chain,
            kind: None,
            network: Network::Mainnet,
            account: 0,
            change: false,
            start: 0,
            count: 1,
            path: None,
        }
    }
}

/// One derived address.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct DerivedAddress {
    /// Address index.
    pub index: u32,
    /// Full derivation path, when the key has one.
    pub path: Option<String>,
    /// The address.
    pub address: String,
}

/// The result of a derivation: addresses and the public keys that watch them.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Derivation {
    /// Chain.
    pub chain: Chain,
    /// Network.
    pub network: Network,
    /// Address kind, for chains that have kinds.
    pub kind: Option<AddressKind>,
    /// Master key fingerprint (of the given key for an extended key below the master).
    pub fingerprint: Option<String>,
    /// Path of the account key.
    pub account_path: Option<String>,
    /// The account's extended public key, SLIP-132 encoded for the kind.
    pub account_xpub: Option<String>,
    /// Output descriptors (receive, change) for Bitcoin-like chains.
    pub descriptors: Vec<String>,
    /// The addresses.
    pub addresses: Vec<DerivedAddress>,
}

/// The public face of a wallet: what every copy is checked against.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Identity {
    /// Master key fingerprint (8 hex digits), when the wallet is hierarchical.
    pub fingerprint: Option<String>,
    /// First receive address of each chain the secret can hold.
    pub addresses: Vec<ChainAddress>,
}

/// First receive address on one chain.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ChainAddress {
    /// Chain.
    pub chain: Chain,
    /// Address kind, where the chain has kinds.
    pub kind: Option<AddressKind>,
    /// Derivation path.
    pub path: Option<String>,
    /// The address.
    pub address: String,
}

macro_rules! serialize_as_name {
    ($($ty:ty),*) => {$(
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.name())
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    )*};
}
serialize_as_name!(Chain, AddressKind, Network);

enum Root {
    /// From a mnemonic: the BIP-32 master and the seed (for SLIP-10).
    Seeded { master: ExtendedPrivateKey, seed: Seed, electrum: Option<SeedVersion> },
    /// An extended private key.
    Extended { key: ExtendedPrivateKey, version: bip32::Version },
    /// One key.
    Single(PrivateKey),
}

/// An opened wallet: the secret stretched into keys, ready to derive addresses.
pub struct Wallet {
    root: Root,
    secp: Secp256k1<All>,
}

impl std::fmt::Debug for Wallet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(crate::secret::REDACTED)
    }
}

impl Wallet {
    /// Opens a wallet. The passphrase is the BIP-39 passphrase or Electrum extension words.
    pub fn open(secret: &Secret, passphrase: &Passphrase) -> Result<Wallet, DeriveError> {
        let secp = Secp256k1::new();
        let seeded = |seed: Seed, electrum| {
            let master = Xpriv::new_master(bitcoin::NetworkKind::Main, seed.as_bytes())
                .map_err(|_| DeriveError::Bip32)?;
            Ok::<_, DeriveError>(Root::Seeded { master: ExtendedPrivateKey::new(master), seed, electrum })
        };
        let root = match secret {
            Secret::Bip39(m) => seeded(m.to_seed(passphrase), None)?,
            Secret::Electrum(m) if m.version().is_two_factor() => return Err(DeriveError::TwoFactor),
            Secret::Electrum(m) => seeded(m.to_seed(passphrase), Some(m.version()))?,
            _ if !passphrase.is_empty() => return Err(DeriveError::PassphraseWithKey),
            Secret::Slip39Wallet(master) => seeded(master.clone(), None)?,
            Secret::Xprv(key, version) => Root::Extended { key: key.clone(), version: *version },
            Secret::PrivateKey(key) => Root::Single(key.clone()),
        };
        Ok(Wallet { root, secp })
    }

    fn hd_key(&self) -> Option<&ExtendedPrivateKey> {
        match &self.root {
            Root::Seeded { master, .. } => Some(master),
            Root::Extended { key, .. } => Some(key),
            Root::Single(_) => None,
        }
    }

    /// The fingerprint of the top key: the master fingerprint for mnemonics and master keys.
    pub fn fingerprint(&self) -> Option<Fingerprint> {
        self.hd_key().map(|k| k.xpriv().fingerprint(&self.secp))
    }

    /// The public identity: fingerprint and first receive address of each chain.
    pub fn identity(&self) -> Identity {
        let chains: &[Chain] = match &self.root {
            Root::Seeded { electrum: Some(_), .. } => &[Chain::Btc],
            Root::Seeded { .. } => &Chain::ALL,
            _ => &[Chain::Btc, Chain::Ltc, Chain::Doge, Chain::Eth, Chain::Trx],
        };
        // A single Bitcoin key has no path that says how it was used: show its legacy
        // (P2PKH) address beside the SegWit one, since paper wallets and old exports hold
        // funds at the legacy address. An uncompressed key has only the legacy one.
        let single = match &self.root {
            Root::Single(k) => Some(k.compressed()),
            _ => None,
        };
        let requests = chains.iter().flat_map(|chain| {
            let mut req = DeriveRequest::first(*chain);
            let mut legacy = None;
            if let (Some(compressed), Some(_)) = (single, chain.default_kind()) {
                if !compressed {
                    req.kind = Some(AddressKind::P2pkh);
                } else if *chain == Chain::Btc {
                    legacy = Some(DeriveRequest {
                        kind: Some(AddressKind::P2pkh),
                        ..DeriveRequest::first(*chain)
                    });
                }
            }
            std::iter::once(req).chain(legacy)
        });
        let addresses = requests
            .filter_map(|req| {
                let d = self.derive(&req).ok()?;
                let first = d.addresses.into_iter().next()?;
                Some(ChainAddress {
                    chain: req.chain,
                    kind: d.kind,
                    path: first.path,
                    address: first.address,
                })
            })
            .collect();
        Identity { fingerprint: self.fingerprint().map(|f| f.to_string()), addresses }
    }

    /// Derives addresses as asked.
    pub fn derive(&self, req: &DeriveRequest) -> Result<Derivation, DeriveError> {
        if req.start.checked_add(req.count).is_none_or(|end| end > HARDENED) {
            return Err(DeriveError::IndexRange);
        }
        match &self.root {
            Root::Single(key) => self.derive_single(key, req),
            Root::Seeded { seed, .. } if req.chain == Chain::Sol => self.derive_solana(seed, req),
            Root::Extended { .. } if req.chain == Chain::Sol => Err(DeriveError::NoSeed("an extended key")),
            _ => self.derive_hd(req),
        }
    }

    fn derive_single(&self, key: &PrivateKey, req: &DeriveRequest) -> Result<Derivation, DeriveError> {
        if req.path.is_some() || req.account != 0 || req.change || req.start != 0 {
            return Err(DeriveError::SingleKey);
        }
        if req.chain == Chain::Sol {
            return Err(DeriveError::NoSeed("a secp256k1 private key"));
        }
        let public = PublicKey::from_secret_key(&self.secp, &key.secret_key());
        let kind = self.kind_for(req)?;
        let address =
            address::of_secp256k1(&self.secp, req.chain, req.network, kind, &public, key.compressed())?;
        Ok(Derivation {
            chain: req.chain,
            network: req.network,
            kind,
            fingerprint: None,
            account_path: None,
            account_xpub: None,
            descriptors: Vec::new(),
            addresses: vec![DerivedAddress { index: 0, path: None, address }],
        })
    }

    fn derive_solana(&self, seed: &Seed, req: &DeriveRequest) -> Result<Derivation, DeriveError> {
        if req.kind.is_some() || req.network != Network::Mainnet {
            let what = req.kind.map_or(req.network.name(), |k| k.name()).to_string();
            return Err(address::Error::Unsupported { chain: Chain::Sol, what }.into());
        }
        let template = match &req.path {
            Some(t) => t.clone(),
            None => PathTemplate::new(vec![
                Step::Fixed(44 | HARDENED),
                Step::Fixed(501 | HARDENED),
                Step::Index { hardened: true },
                Step::Fixed(HARDENED),
            ]),
        };
        let master = Ed25519Node::master(seed.as_bytes());
        let addresses = (req.start..req.start + req.count)
            .map(|i| {
                let p = template.at(i);
                let node = master.derive(&p).map_err(|_| DeriveError::NotHardened)?;
                Ok(DerivedAddress {
                    index: i,
                    path: Some(path::format(&p)),
                    address: address::solana(&node.public_key()),
                })
            })
            .collect::<Result<_, DeriveError>>()?;
        Ok(Derivation {
            chain: Chain::Sol,
            network: req.network,
            kind: None,
            fingerprint: self.fingerprint().map(|f| f.to_string()),
            account_path: None,
            account_xpub: None,
            descriptors: Vec::new(),
            addresses,
        })
    }

    fn kind_for(&self, req: &DeriveRequest) -> Result<Option<AddressKind>, DeriveError> {
        if req.chain.kinds().is_empty() {
            if let Some(kind) = req.kind {
                return Err(
                    address::Error::Unsupported { chain: req.chain, what: kind.name().to_string() }.into()
                );
            }
            return Ok(None);
        }
        let implied = match &self.root {
            Root::Seeded { electrum: Some(v), .. } => Some(electrum_kind(*v)),
            Root::Extended { version, .. } if version.kind != AddressKind::P2pkh => Some(version.kind),
            _ => None,
        };
        if let (Root::Seeded { electrum: Some(v), .. }, Some(given), Some(expected)) =
            (&self.root, req.kind, implied)
        {
            if given != expected {
                return Err(DeriveError::ElectrumKind { version: *v, expected, given });
            }
        }
        Ok(req.kind.or(implied).or(req.chain.default_kind()))
    }

    /// Where an HD derivation starts and which path it follows.
    fn hd_plan(&self, req: &DeriveRequest) -> Result<HdPlan<'_>, DeriveError> {
        let electrum = match &self.root {
            Root::Seeded { electrum, .. } => *electrum,
            _ => None,
        };
        if electrum.is_some() && req.chain != Chain::Btc {
            return Err(DeriveError::ElectrumBitcoinOnly);
        }
        let kind = self.kind_for(req)?;
        let top = self.hd_key().ok_or(DeriveError::Bip32)?;
        let below_master = top.xpriv().depth > 0;
        let change = u32::from(req.change);
        // The account level, then change/index below it, unless a custom path is given.
        let account: Vec<u32> = match electrum {
            Some(SeedVersion::Standard) => vec![],
            Some(_) => vec![HARDENED],
            None if below_master => vec![],
            None => {
                let purpose = kind.map_or(44, AddressKind::purpose);
                vec![
                    purpose | HARDENED,
                    req.chain.coin_type_on(req.network) | HARDENED,
                    req.account | HARDENED,
                ]
            }
        };
        if (electrum.is_some() || below_master) && req.account != 0 && req.path.is_none() {
            return Err(DeriveError::NoAccountLevel);
        }
        let template = match &req.path {
            Some(t) => t.clone(),
            None => {
                let mut steps: Vec<Step> = account.iter().map(|n| Step::Fixed(*n)).collect();
                steps.push(Step::Fixed(change));
                steps.push(Step::Index { hardened: false });
                PathTemplate::new(steps)
            }
        };
        Ok(HdPlan { kind, top, below_master, account, template })
    }

    /// The private key of the first address a request names (index `req.start`), with its
    /// path and address: what a keystore or BIP-38 export encrypts.
    pub fn derive_key(
        &self,
        req: &DeriveRequest,
    ) -> Result<(PrivateKey, Option<String>, String), DeriveError> {
        let derivation = self.derive(&DeriveRequest { count: 1, ..req.clone() })?;
        let first = derivation.addresses.into_iter().next().ok_or(DeriveError::Bip32)?;
        let key = match &self.root {
            Root::Single(key) => key.clone(),
            _ if req.chain == Chain::Sol => return Err(DeriveError::NoSeed("an ed25519 key export")),
            _ => {
                let plan = self.hd_plan(req)?;
                let child = derive_xpriv(&self.secp, plan.top.xpriv(), &plan.template.at(req.start))?;
                let mut bytes = child.private_key.secret_bytes();
                let key = PrivateKey::from_bytes(bytes, true).ok_or(DeriveError::Bip32);
                zeroize::Zeroize::zeroize(&mut bytes);
                key?
            }
        };
        Ok((key, first.path, first.address))
    }

    fn derive_hd(&self, req: &DeriveRequest) -> Result<Derivation, DeriveError> {
        let HdPlan { kind, top, below_master, account, template } = self.hd_plan(req)?;
        let account_xpriv = derive_xpriv(&self.secp, top.xpriv(), &account)?;
        let account_xpub = Xpub::from_priv(&self.secp, &account_xpriv);
        let fingerprint = top.xpriv().fingerprint(&self.secp);
        let addresses = (req.start..req.start + req.count)
            .map(|i| {
                let p = template.at(i);
                let child = derive_xpriv(&self.secp, top.xpriv(), &p)?;
                let public = child.private_key.public_key(&self.secp);
                let address = address::of_secp256k1(&self.secp, req.chain, req.network, kind, &public, true)?;
                let shown = if below_master { relative(&p) } else { path::format(&p) };
                Ok(DerivedAddress { index: i, path: Some(shown), address })
            })
            .collect::<Result<Vec<_>, DeriveError>>()?;
        let standard = req.path.is_none();
        let account_path = (standard && !below_master).then(|| path::format(&account));
        let network_xpub = Xpub { network: req.network.kind(), ..account_xpub };
        let descriptors = match (standard, kind) {
            (true, Some(kind)) => descriptors(kind, fingerprint, &account, &network_xpub, below_master),
            _ => Vec::new(),
        };
        Ok(Derivation {
            chain: req.chain,
            network: req.network,
            kind,
            fingerprint: Some(fingerprint.to_string()),
            account_path,
            account_xpub: standard
                .then(|| bip32::encode_xpub(&network_xpub, kind.unwrap_or(AddressKind::P2pkh))),
            descriptors,
            addresses,
        })
    }
}

/// The pieces of an HD derivation.
struct HdPlan<'a> {
    kind: Option<AddressKind>,
    top: &'a ExtendedPrivateKey,
    below_master: bool,
    account: Vec<u32>,
    template: PathTemplate,
}

fn relative(path: &[u32]) -> String {
    path::format(path).replacen('m', "key", 1)
}

fn electrum_kind(version: SeedVersion) -> AddressKind {
    match version {
        SeedVersion::Standard | SeedVersion::TwoFactor => AddressKind::P2pkh,
        SeedVersion::Segwit | SeedVersion::TwoFactorSegwit => AddressKind::P2wpkh,
    }
}

fn derive_xpriv(secp: &Secp256k1<All>, top: &Xpriv, path: &[u32]) -> Result<Xpriv, DeriveError> {
    let path: DerivationPath = path.iter().map(|i| ChildNumber::from(*i)).collect::<Vec<_>>().into();
    top.derive_priv(secp, &path).map_err(|_| DeriveError::Bip32)
}

/// Output descriptors (BIP-380 family) for the receive and change chains of an account.
fn descriptors(
    kind: AddressKind,
    fingerprint: Fingerprint,
    account: &[u32],
    xpub: &Xpub,
    below_master: bool,
) -> Vec<String> {
    let origin = if below_master {
        String::new()
    } else {
        format!("[{}{}]", fingerprint, &path::format(account)[1..])
    };
    [0, 1]
        .iter()
        .filter_map(|change| {
            let key = format!("{origin}{xpub}/{change}/*");
            let body = match kind {
                AddressKind::P2pkh => format!("pkh({key})"),
                AddressKind::P2shP2wpkh => format!("sh(wpkh({key}))"),
                AddressKind::P2wpkh => format!("wpkh({key})"),
                AddressKind::P2tr => format!("tr({key})"),
            };
            miniscript::Descriptor::<miniscript::DescriptorPublicKey>::from_str(&body)
                .ok()
                .map(|d| d.to_string())
        })
        .collect()
}

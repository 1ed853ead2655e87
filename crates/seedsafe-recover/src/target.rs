//! What a candidate seed is checked against, and the check itself.
//!
//! The check stops as early as the target allows: a master fingerprint needs only the
//! master public key; an extended public key needs only the chain code at its path (a few
//! HMACs, no elliptic-curve work, the public key compared only when the chain code
//! matches); addresses need the child keys of each path tried. Derivation is done here
//! rather than through `bitcoin::bip32`, whose child derivation also computes every
//! parent's fingerprint (an elliptic-curve multiplication per step) that a search never
//! needs, and public keys come from [`crate::ecmult`]'s table-driven multiplication, the
//! address indexes of a path in batches that share one field inversion.

use std::collections::HashMap;

use bitcoin::bip32::Xpub;
use bitcoin::hashes::{ripemd160, Hash};
use bitcoin::key::TapTweak;
use bitcoin::secp256k1::{All, PublicKey, Scalar, Secp256k1, SecretKey};
use hmac::{Hmac, Mac};
use seedsafe_core::address;
use seedsafe_core::bip32 as core_bip32;
use seedsafe_core::chain::{AddressKind, Chain, Network};
use seedsafe_core::electrum::SeedVersion;
use seedsafe_core::path::{self, PathTemplate, Step};
use seedsafe_core::slip10::{Ed25519Node, HARDENED};
use sha2::{Digest, Sha256, Sha512};

use crate::ecmult;

/// Address indexes tried on each path unless told otherwise.
pub const DEFAULT_INDEXES: u32 = 10;

/// Why a target cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    /// Not an address of any chain seedsafe knows.
    #[error("{0:?} is not an address seedsafe can derive (btc, ltc, doge, eth, trx, sol; P2PKH, P2SH-P2WPKH, P2WPKH, P2TR)")]
    NotAnAddress(String),
    /// Several chains read the address; `--chain` decides.
    #[error("{address:?} is a valid address on several chains ({chains}); say which with --chain")]
    AmbiguousChain {
        /// The address.
        address: String,
        /// Chain names.
        chains: String,
    },
    /// `--chain` or `--kind` contradicts the address.
    #[error("{address:?} is not a {what} address")]
    Mismatch {
        /// The address.
        address: String,
        /// What was asked.
        what: String,
    },
    /// A broken extended public key.
    #[error("extended public key: {0}")]
    Xpub(#[from] core_bip32::Error),
    /// An xpub whose path cannot be guessed.
    #[error(
        "the extended public key is at depth {0}; give its derivation path with --path, like m/84'/0'/0'"
    )]
    XpubPath(u8),
    /// Not 8 hex digits.
    #[error("a master fingerprint is 8 hex digits, like 73c5da0a")]
    Fingerprint,
    /// No target given.
    #[error("no address was given")]
    NoAddress,
    /// A Solana path step that is not hardened.
    #[error("Solana (SLIP-10 ed25519) paths must be hardened at every step, like m/44'/501'/*'/0'")]
    SolanaNotHardened,
    /// Zero indexes.
    #[error("at least one address index must be tried")]
    NoIndexes,
}

/// A decoded address: what a derived public key is compared with.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DecodedAddress {
    /// Chain.
    pub chain: Chain,
    /// Network.
    pub network: Network,
    /// Kind, for chains that have kinds.
    pub kind: Option<AddressKind>,
    /// The hash or key the address encodes.
    pub payload: Vec<u8>,
}

/// Reads an address of any chain and kind seedsafe derives; `chain` and `kind` narrow
/// ambiguous ones.
pub fn decode_address(
    text: &str,
    chain: Option<Chain>,
    kind: Option<AddressKind>,
) -> Result<DecodedAddress, TargetError> {
    let s = text.trim();
    let mut found = interpretations(s);
    if found.is_empty() {
        return Err(TargetError::NotAnAddress(s.to_string()));
    }
    if let Some(c) = chain {
        found.retain(|d| d.chain == c);
        if found.is_empty() {
            return Err(TargetError::Mismatch { address: s.to_string(), what: c.name().to_string() });
        }
    }
    if let Some(k) = kind {
        found.retain(|d| d.kind == Some(k));
        if found.is_empty() {
            return Err(TargetError::Mismatch { address: s.to_string(), what: k.name().to_string() });
        }
    }
    let mut chains: Vec<Chain> = found.iter().map(|d| d.chain).collect();
    chains.dedup();
    if chains.len() > 1 {
        let chains = chains.iter().map(|c| c.name()).collect::<Vec<_>>().join(", ");
        return Err(TargetError::AmbiguousChain { address: s.to_string(), chains });
    }
    Ok(found.remove(0))
}

fn interpretations(s: &str) -> Vec<DecodedAddress> {
    let mut out = Vec::new();
    let d = |chain, network, kind, payload: &[u8]| DecodedAddress {
        chain,
        network,
        kind,
        payload: payload.to_vec(),
    };
    if let Some(hex) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        if let Ok(bytes) = hex::decode(hex) {
            let mixed =
                hex.chars().any(|c| c.is_ascii_lowercase()) && hex.chars().any(|c| c.is_ascii_uppercase());
            if let Ok(account) = <[u8; 20]>::try_from(bytes.as_slice()) {
                if !mixed || seedsafe_core::eip55::encode(&account) == s {
                    out.push(d(Chain::Eth, Network::Mainnet, None, &account));
                }
            }
        }
        return out;
    }
    if let Ok((hrp, version, program)) = bitcoin::bech32::segwit::decode(s) {
        let hrp = hrp.to_lowercase();
        for chain in [Chain::Btc, Chain::Ltc] {
            for network in chain.networks() {
                if chain.bitcoin_params(*network).and_then(|p| p.hrp) != Some(hrp.as_str()) {
                    continue;
                }
                match (version.to_u8(), program.len()) {
                    (0, 20) => out.push(d(chain, *network, Some(AddressKind::P2wpkh), &program)),
                    (1, 32) if chain.kinds().contains(&AddressKind::P2tr) => {
                        out.push(d(chain, *network, Some(AddressKind::P2tr), &program))
                    }
                    _ => {}
                }
            }
        }
        return out;
    }
    if let Ok(data) = bitcoin::base58::decode_check(s) {
        if data.len() == 21 {
            for chain in [Chain::Btc, Chain::Ltc, Chain::Doge] {
                for network in chain.networks() {
                    let Some(params) = chain.bitcoin_params(*network) else { continue };
                    // Testnet and regtest share version bytes and derivation: keep one.
                    if out.iter().any(|o: &DecodedAddress| o.chain == chain) {
                        continue;
                    }
                    if data[0] == params.p2pkh {
                        out.push(d(chain, *network, Some(AddressKind::P2pkh), &data[1..]));
                    } else if data[0] == params.p2sh && chain.kinds().contains(&AddressKind::P2shP2wpkh) {
                        out.push(d(chain, *network, Some(AddressKind::P2shP2wpkh), &data[1..]));
                    }
                }
            }
            if data[0] == 0x41 {
                out.push(d(Chain::Trx, Network::Mainnet, None, &data[1..]));
            }
        }
        return out;
    }
    if let Ok(data) = bitcoin::base58::decode(s) {
        if data.len() == 32 {
            out.push(d(Chain::Sol, Network::Mainnet, None, &data));
        }
    }
    out
}

/// The derivation paths wallets commonly use for addresses of a chain and kind.
pub fn common_paths(chain: Chain, network: Network, kind: Option<AddressKind>) -> Vec<PathTemplate> {
    let coin = chain.coin_type_on(network);
    let texts: Vec<String> = match (chain, kind) {
        (Chain::Eth, _) => vec![
            // MetaMask, Trezor, Ledger (legacy) and most wallets; then Ledger Live's accounts.
            "m/44'/60'/0'/0/*".into(),
            "m/44'/60'/*'/0/0".into(),
        ],
        (Chain::Trx, _) => vec!["m/44'/195'/0'/0/*".into()],
        // Phantom, Solflare, Backpack; then the one-level form some wallets use.
        (Chain::Sol, _) => vec!["m/44'/501'/*'/0'".into(), "m/44'/501'/*'".into()],
        (_, Some(AddressKind::P2pkh)) if chain == Chain::Btc => {
            // BIP-44, then the BIP-32 default wallet (Bitcoin Core 0.13 to 0.20, MultiBit HD,
            // Breadwallet).
            vec![format!("m/44'/{coin}'/0'/0/*"), "m/0'/0/*".into()]
        }
        (_, k) => {
            let purpose = k.unwrap_or(AddressKind::P2pkh).purpose();
            vec![format!("m/{purpose}'/{coin}'/0'/0/*")]
        }
    };
    texts.iter().filter_map(|t| t.parse().ok()).collect()
}

/// The paths of an Electrum seed's receive addresses.
fn electrum_path(version: SeedVersion) -> PathTemplate {
    let steps = match version {
        SeedVersion::Standard | SeedVersion::TwoFactor => vec![Step::Fixed(0)],
        SeedVersion::Segwit | SeedVersion::TwoFactorSegwit => vec![Step::Fixed(HARDENED), Step::Fixed(0)],
    };
    PathTemplate::new(steps.into_iter().chain([Step::Index { hardened: false }]).collect())
}

/// The address kind an Electrum seed version uses.
pub fn electrum_kind(version: SeedVersion) -> AddressKind {
    match version {
        SeedVersion::Standard | SeedVersion::TwoFactor => AddressKind::P2pkh,
        SeedVersion::Segwit | SeedVersion::TwoFactorSegwit => AddressKind::P2wpkh,
    }
}

/// Addresses of one chain, network and kind, and the paths tried for them.
#[derive(Clone, Debug)]
struct Group {
    chain: Chain,
    network: Network,
    kind: Option<AddressKind>,
    paths: Vec<PathTemplate>,
    /// Payload to the address as the person wrote it.
    payloads: HashMap<Vec<u8>, String>,
}

#[derive(Clone, Debug)]
enum Goal {
    Addresses { groups: Vec<Group>, indexes: u32, custom_paths: bool },
    Xpub { xpub: Xpub, paths: Vec<Vec<u32>> },
    Fingerprint([u8; 4]),
}

/// What the search is looking for.
#[derive(Clone, Debug)]
pub struct Target(Goal);

/// Where a match was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// Derivation path of the matching key.
    pub path: Option<String>,
    /// The matching address, as given.
    pub address: Option<String>,
}

impl Target {
    /// One or more addresses; each is tried on `paths` (or its chain's common paths), on
    /// address indexes `0..indexes`.
    pub fn addresses(
        addresses: &[String],
        chain: Option<Chain>,
        kind: Option<AddressKind>,
        paths: &[PathTemplate],
        indexes: u32,
    ) -> Result<Target, TargetError> {
        if indexes == 0 {
            return Err(TargetError::NoIndexes);
        }
        let mut groups: Vec<Group> = Vec::new();
        for text in addresses.iter().map(|a| a.trim()).filter(|a| !a.is_empty()) {
            let d = decode_address(text, chain, kind)?;
            let paths =
                if paths.is_empty() { common_paths(d.chain, d.network, d.kind) } else { paths.to_vec() };
            if d.chain == Chain::Sol
                && paths.iter().any(|p| {
                    p.steps().iter().any(|s| {
                        matches!(s, Step::Fixed(n) if n & HARDENED == 0)
                            || matches!(s, Step::Index { hardened: false })
                    })
                })
            {
                return Err(TargetError::SolanaNotHardened);
            }
            match groups.iter_mut().find(|g| (g.chain, g.network, g.kind) == (d.chain, d.network, d.kind)) {
                Some(g) => {
                    g.payloads.insert(d.payload, text.to_string());
                }
                None => groups.push(Group {
                    chain: d.chain,
                    network: d.network,
                    kind: d.kind,
                    paths,
                    payloads: HashMap::from([(d.payload, text.to_string())]),
                }),
            }
        }
        if groups.is_empty() {
            return Err(TargetError::NoAddress);
        }
        Ok(Target(Goal::Addresses { groups, indexes, custom_paths: !paths.is_empty() }))
    }

    /// An extended public key (xpub, ypub, zpub, tpub, ...). Its path is `paths` when
    /// given, else guessed from its depth, child number and version: the master key, a
    /// depth-1 key (Electrum SegWit, BIP-32 wallets), or an account key of BIP-44/49/84/86
    /// on `chain` (Bitcoin when not given).
    pub fn xpub(text: &str, chain: Option<Chain>, paths: &[PathTemplate]) -> Result<Target, TargetError> {
        let (xpub, version) = core_bip32::parse_xpub(text)?;
        let fixed = |t: &PathTemplate| -> Vec<u32> {
            t.steps()
                .iter()
                .filter_map(|s| match s {
                    Step::Fixed(n) => Some(*n),
                    Step::Index { .. } => None,
                })
                .collect()
        };
        let child = u32::from(xpub.child_number);
        let paths: Vec<Vec<u32>> = if !paths.is_empty() {
            paths.iter().map(fixed).collect()
        } else {
            match xpub.depth {
                0 => vec![vec![]],
                1 => vec![vec![child]],
                3 => {
                    let network = if version.network == bitcoin::NetworkKind::Main {
                        Network::Mainnet
                    } else {
                        Network::Testnet
                    };
                    let coin = chain.unwrap_or(Chain::Btc).coin_type_on(network) | HARDENED;
                    let first = version.kind.purpose();
                    let purposes =
                        [first].into_iter().chain([44, 49, 84, 86].into_iter().filter(|p| *p != first));
                    purposes.map(|p| vec![p | HARDENED, coin, child]).collect()
                }
                d => return Err(TargetError::XpubPath(d)),
            }
        };
        Ok(Target(Goal::Xpub { xpub, paths }))
    }

    /// A BIP-32 master key fingerprint (8 hex digits).
    pub fn fingerprint(text: &str) -> Result<Target, TargetError> {
        let bytes = hex::decode(text.trim()).map_err(|_| TargetError::Fingerprint)?;
        let fp: [u8; 4] = bytes.try_into().map_err(|_| TargetError::Fingerprint)?;
        Ok(Target(Goal::Fingerprint(fp)))
    }

    /// The Electrum seed versions that can match: the kinds of the addresses, or both
    /// single-signature versions for a key target.
    pub fn electrum_versions(&self) -> Vec<SeedVersion> {
        match &self.0 {
            Goal::Addresses { groups, .. } => {
                let mut v = Vec::new();
                for (version, kind) in
                    [(SeedVersion::Standard, AddressKind::P2pkh), (SeedVersion::Segwit, AddressKind::P2wpkh)]
                {
                    if groups.iter().any(|g| g.chain == Chain::Btc && g.kind == Some(kind)) {
                        v.push(version);
                    }
                }
                v
            }
            _ => vec![SeedVersion::Standard, SeedVersion::Segwit],
        }
    }

    /// Paths checked per candidate seed times indexes: the derivation work of one check.
    pub fn derivations_per_seed(&self) -> u64 {
        match &self.0 {
            Goal::Addresses { groups, indexes, .. } => {
                groups.iter().map(|g| g.paths.len() as u64 * u64::from(*indexes)).sum()
            }
            Goal::Xpub { paths, .. } => paths.len() as u64,
            Goal::Fingerprint(_) => 1,
        }
    }

    /// Everything that defines the target, in a stable order (for checkpoint identifiers).
    pub(crate) fn identity(&self) -> String {
        match &self.0 {
            Goal::Addresses { groups, indexes, .. } => {
                let mut parts: Vec<String> = groups
                    .iter()
                    .flat_map(|g| {
                        let paths = g.paths.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(",");
                        g.payloads.values().map(move |a| format!("{a}@{paths}"))
                    })
                    .collect();
                parts.sort();
                format!("addresses {indexes} {}", parts.join(" "))
            }
            Goal::Xpub { xpub, paths } => {
                let paths: Vec<String> = paths.iter().map(|p| path::format(p)).collect();
                format!("xpub {xpub} {}", paths.join(","))
            }
            Goal::Fingerprint(fp) => format!("fingerprint {}", hex::encode(fp)),
        }
    }

    /// A short description for reports (no secrets: targets are public).
    pub fn describe(&self) -> String {
        match &self.0 {
            Goal::Addresses { groups, indexes, .. } => {
                let n: usize = groups.iter().map(|g| g.payloads.len()).sum();
                let paths: Vec<String> = groups
                    .iter()
                    .flat_map(|g| g.paths.iter().map(|p| p.to_string()))
                    .collect::<std::collections::BTreeSet<_>>()
                    .into_iter()
                    .collect();
                format!(
                    "{n} address{} on {} (indexes 0-{})",
                    if n == 1 { "" } else { "es" },
                    paths.join(", "),
                    indexes - 1
                )
            }
            Goal::Xpub { paths, .. } => format!(
                "an extended public key at {}",
                paths.iter().map(|p| path::format(p)).collect::<Vec<_>>().join(" or ")
            ),
            Goal::Fingerprint(fp) => format!("master fingerprint {}", hex::encode(fp)),
        }
    }
}

/// A BIP-32 node: private key, chain code and, once computed, the public key.
struct Node {
    key: SecretKey,
    chain_code: [u8; 32],
    public: Option<PublicKey>,
}

impl Drop for Node {
    fn drop(&mut self) {
        self.key.non_secure_erase();
        zeroize::Zeroize::zeroize(&mut self.chain_code);
    }
}

impl Node {
    fn from_hmac(out: &[u8]) -> Option<(Scalar, [u8; 32])> {
        let mut il = [0u8; 32];
        il.copy_from_slice(&out[..32]);
        let mut chain_code = [0u8; 32];
        chain_code.copy_from_slice(&out[32..64]);
        let tweak = Scalar::from_be_bytes(il).ok();
        zeroize::Zeroize::zeroize(&mut il);
        Some((tweak?, chain_code))
    }

    fn master(mac: &Hmac<Sha512>, seed: &[u8]) -> Option<Node> {
        let mut mac = mac.clone();
        mac.update(seed);
        let mut out = mac.finalize().into_bytes();
        let mut il = [0u8; 32];
        il.copy_from_slice(&out[..32]);
        let key = SecretKey::from_slice(&il).ok();
        let mut chain_code = [0u8; 32];
        chain_code.copy_from_slice(&out[32..]);
        zeroize::Zeroize::zeroize(&mut il);
        zeroize::Zeroize::zeroize(out.as_mut_slice());
        Some(Node { key: key?, chain_code, public: None })
    }

    fn public(&mut self, secp: &Secp256k1<All>) -> PublicKey {
        *self.public.get_or_insert_with(|| ecmult::public_key(secp, &self.key))
    }

    /// HMAC-SHA512 keyed with the chain code, its pad states computed once for all the
    /// children of this node.
    fn mac(&self) -> Hmac<Sha512> {
        <Hmac<Sha512> as Mac>::new_from_slice(&self.chain_code)
            .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"))
    }

    fn child(&mut self, secp: &Secp256k1<All>, index: u32) -> Option<Node> {
        let mac = self.mac();
        self.child_with(secp, &mac, index)
    }

    /// The child `index`, with `mac` from [`Node::mac`].
    fn child_with(&mut self, secp: &Secp256k1<All>, mac: &Hmac<Sha512>, index: u32) -> Option<Node> {
        let mut mac = mac.clone();
        if index >= HARDENED {
            let mut k = self.key.secret_bytes();
            mac.update(&[0]);
            mac.update(&k);
            zeroize::Zeroize::zeroize(&mut k);
        } else {
            mac.update(&self.public(secp).serialize());
        }
        mac.update(&index.to_be_bytes());
        let mut out = mac.finalize().into_bytes();
        let parts = Node::from_hmac(&out);
        zeroize::Zeroize::zeroize(out.as_mut_slice());
        let (tweak, chain_code) = parts?;
        Some(Node { key: self.key.add_tweak(&tweak).ok()?, chain_code, public: None })
    }

    fn derive(mut self, secp: &Secp256k1<All>, path: &[u32]) -> Option<Node> {
        for &i in path {
            self = self.child(secp, i)?;
        }
        Some(self)
    }
}

/// Indexes whose public keys are computed together by [`Checker::check_template`]: enough
/// to share one field inversion, few enough to keep memory flat and to stop soon after a
/// hit.
const BATCH: u32 = 16;

/// RIPEMD-160 of SHA-256, with the `sha2` crate's SHA-256 (SHA-NI where the CPU has it,
/// several times faster than `bitcoin_hashes`' portable one in `hash160`).
fn hash160(data: &[u8]) -> [u8; 20] {
    ripemd160::Hash::hash(&Sha256::digest(data)).to_byte_array()
}

/// What an address encodes, a 20-byte hash or a 32-byte key, without an allocation.
struct Payload {
    bytes: [u8; 32],
    len: usize,
}

impl Payload {
    fn new(bytes: &[u8]) -> Payload {
        let mut p = Payload { bytes: [0; 32], len: bytes.len() };
        p.bytes[..bytes.len()].copy_from_slice(bytes);
        p
    }

    fn as_slice(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

/// Per-thread state of the check: the curve context and precomputed HMAC keys.
pub struct Checker<'t> {
    target: &'t Target,
    secp: Secp256k1<All>,
    bitcoin_seed: Hmac<Sha512>,
}

impl<'t> Checker<'t> {
    /// A checker for `target`.
    pub fn new(target: &'t Target) -> Self {
        ecmult::prepare();
        Checker {
            target,
            secp: Secp256k1::new(),
            bitcoin_seed: <Hmac<Sha512> as Mac>::new_from_slice(b"Bitcoin seed")
                .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length")),
        }
    }

    /// Whether `seed` (a BIP-39 or Electrum seed of version `electrum`) opens the target.
    pub fn check(&self, seed: &[u8], electrum: Option<SeedVersion>) -> Option<Hit> {
        let master = Node::master(&self.bitcoin_seed, seed)?;
        match &self.target.0 {
            Goal::Fingerprint(fp) => {
                let mut master = master;
                let public = master.public(&self.secp);
                let hash = hash160(&public.serialize());
                (hash[..4] == fp[..]).then_some(Hit { path: Some("m".into()), address: None })
            }
            Goal::Xpub { xpub, paths } => paths.iter().find_map(|p| {
                let master = Node { key: master.key, chain_code: master.chain_code, public: None };
                let mut node = master.derive(&self.secp, p)?;
                (node.chain_code == xpub.chain_code.to_bytes() && node.public(&self.secp) == xpub.public_key)
                    .then(|| Hit { path: Some(path::format(p)), address: None })
            }),
            Goal::Addresses { groups, indexes, custom_paths } => groups.iter().find_map(|g| {
                if g.chain == Chain::Sol {
                    return self.check_solana(g, seed, *indexes);
                }
                let electrum_template;
                let paths: &[PathTemplate] = match electrum {
                    Some(v) if g.chain != Chain::Btc || g.kind != Some(electrum_kind(v)) => return None,
                    Some(v) if !custom_paths => {
                        electrum_template = [electrum_path(v)];
                        &electrum_template
                    }
                    _ => &g.paths,
                };
                paths.iter().find_map(|t| {
                    let master = Node { key: master.key, chain_code: master.chain_code, public: None };
                    self.check_template(g, master, t, *indexes)
                })
            }),
        }
    }

    /// Derives the fixed steps before the index once, then the keys of each index and the
    /// steps after, [`BATCH`] indexes at a time, their public keys together (one field
    /// inversion for the batch), and compares them in index order.
    fn check_template(&self, g: &Group, master: Node, template: &PathTemplate, indexes: u32) -> Option<Hit> {
        let steps = template.steps();
        let split = steps.iter().position(|s| matches!(s, Step::Index { .. })).unwrap_or(steps.len());
        let prefix: Vec<u32> = template.at(0)[..split].to_vec();
        let mut parent = master.derive(&self.secp, &prefix)?;
        let mac = parent.mac();
        let mut start = 0;
        while start < indexes {
            let end = indexes.min(start.saturating_add(BATCH));
            let nodes: Vec<(u32, Node)> = (start..end)
                .filter_map(|i| {
                    let full = template.at(i);
                    let node = match full.get(split) {
                        Some(step) => parent
                            .child_with(&self.secp, &mac, *step)?
                            .derive(&self.secp, &full[split + 1..])?,
                        None => {
                            Node { key: parent.key, chain_code: parent.chain_code, public: parent.public }
                        }
                    };
                    Some((i, node))
                })
                .collect();
            let keys: Vec<&SecretKey> = nodes.iter().map(|(_, n)| &n.key).collect();
            let publics = ecmult::public_keys(&self.secp, &keys);
            for ((i, _), public) in nodes.iter().zip(&publics) {
                let Some(payload) = self.payload(g, public) else { continue };
                if let Some(a) = g.payloads.get(payload.as_slice()) {
                    return Some(Hit {
                        path: Some(path::format(&template.at(*i))),
                        address: Some(a.clone()),
                    });
                }
            }
            start = end;
        }
        None
    }

    fn payload(&self, g: &Group, public: &PublicKey) -> Option<Payload> {
        let h160 = || hash160(&public.serialize());
        Some(match (g.chain, g.kind) {
            (Chain::Eth | Chain::Trx, _) => Payload::new(&address::keccak_account(public)),
            (_, Some(AddressKind::P2pkh | AddressKind::P2wpkh)) => Payload::new(&h160()),
            (_, Some(AddressKind::P2shP2wpkh)) => {
                let mut redeem = [0u8; 22];
                redeem[..2].copy_from_slice(&[0x00, 0x14]);
                redeem[2..].copy_from_slice(&h160());
                Payload::new(&hash160(&redeem))
            }
            (_, Some(AddressKind::P2tr)) => {
                let (xonly, _) = public.x_only_public_key();
                let (output, _) = xonly.tap_tweak(&self.secp, None);
                Payload::new(&output.to_x_only_public_key().serialize())
            }
            _ => return None,
        })
    }

    fn check_solana(&self, g: &Group, seed: &[u8], indexes: u32) -> Option<Hit> {
        let master = Ed25519Node::master(seed);
        g.paths.iter().find_map(|t| {
            (0..indexes).find_map(|i| {
                let p = t.at(i);
                let public = master.derive(&p).ok()?.public_key();
                g.payloads
                    .get(&public[..])
                    .map(|a| Hit { path: Some(path::format(&p)), address: Some(a.clone()) })
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use seedsafe_core::bip39::Mnemonic;
    use seedsafe_core::secret::Passphrase;
    use seedsafe_core::wallet::{DeriveRequest, Secret, Wallet};

    const ABOUT: &str =
        "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";

    fn seed() -> Vec<u8> {
        Mnemonic::parse(ABOUT, None).expect("valid").to_seed(&Passphrase::empty()).as_bytes().to_vec()
    }

    /// For every chain and kind, the address seedsafe derives at index 3 is found, with its
    /// path, through the fast derivation here.
    #[test]
    fn finds_core_derived_addresses_of_every_chain_and_kind() {
        let secret = Secret::parse(ABOUT, None, None).expect("valid");
        let wallet = Wallet::open(&secret, &Passphrase::empty()).expect("opens");
        let mut cases: Vec<(Chain, Option<AddressKind>)> = Vec::new();
        for chain in Chain::ALL {
            if chain.kinds().is_empty() {
                cases.push((chain, None));
            }
            cases.extend(chain.kinds().iter().map(|k| (chain, Some(*k))));
        }
        for (chain, kind) in cases {
            let req = DeriveRequest { kind, start: 3, count: 1, ..DeriveRequest::first(chain) };
            let d = wallet.derive(&req).expect("derives");
            let addr = d.addresses[0].address.clone();
            let target = Target::addresses(std::slice::from_ref(&addr), None, None, &[], 5).expect("decodes");
            let hit = Checker::new(&target).check(&seed(), None).expect("found");
            assert_eq!(hit.address.as_deref(), Some(addr.as_str()), "{chain} {kind:?}");
            assert_eq!(hit.path, d.addresses[0].path, "{chain} {kind:?}");
            let short = Target::addresses(&[addr], None, None, &[], 3).expect("decodes");
            assert_eq!(Checker::new(&short).check(&seed(), None), None, "index 3 is past 0..3");
        }
    }

    /// Indexes are checked in batches: the hit reported is still the lowest index of any
    /// address given, across a batch boundary too.
    #[test]
    fn first_hit_is_the_lowest_index_across_batches() {
        let secret = Secret::parse(ABOUT, None, None).expect("valid");
        let wallet = Wallet::open(&secret, &Passphrase::empty()).expect("opens");
        let req = DeriveRequest { start: 0, count: 2 * BATCH, ..DeriveRequest::first(Chain::Btc) };
        let d = wallet.derive(&req).expect("derives");
        let at = |i: u32| d.addresses[i as usize].address.clone();
        for (given, indexes, expected) in [
            (vec![at(7), at(2)], 10, Some(2)),
            (vec![at(BATCH + 1), at(BATCH - 1)], 2 * BATCH, Some(BATCH - 1)),
            (vec![at(BATCH + 1)], 2 * BATCH, Some(BATCH + 1)),
            (vec![at(BATCH + 1)], BATCH + 1, None),
        ] {
            let target = Target::addresses(&given, None, None, &[], indexes).expect("decodes");
            let hit = Checker::new(&target).check(&seed(), None);
            let expected =
                expected.map(|i| Hit { path: d.addresses[i as usize].path.clone(), address: Some(at(i)) });
            assert_eq!(hit, expected, "{given:?} on {indexes} indexes");
        }
    }

    #[test]
    fn xpub_and_fingerprint() {
        let zpub = "zpub6rFR7y4Q2AijBEqTUquhVz398htDFrtymD9xYYfG1m4wAcvPhXNfE3EfH1r1ADqtfSdVCToUG868RvUUkgDKf31mGDtKsAYz2oz2AGutZYs";
        let t = Target::xpub(zpub, None, &[]).expect("valid");
        let hit = Checker::new(&t).check(&seed(), None).expect("found");
        assert_eq!(hit.path.as_deref(), Some("m/84'/0'/0'"));
        let fp = Target::fingerprint("73c5da0a").expect("valid");
        assert!(Checker::new(&fp).check(&seed(), None).is_some());
        let other = Target::fingerprint("73c5da0b").expect("valid");
        assert!(Checker::new(&other).check(&seed(), None).is_none());
        assert_eq!(Target::fingerprint("73c5").unwrap_err(), TargetError::Fingerprint);
    }

    #[test]
    fn address_decoding() {
        let d = decode_address("bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu", None, None).expect("valid");
        assert_eq!((d.chain, d.kind), (Chain::Btc, Some(AddressKind::P2wpkh)));
        assert!(matches!(decode_address("bc1qxyz", None, None), Err(TargetError::NotAnAddress(_))));
        assert!(matches!(
            decode_address("bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu", Some(Chain::Ltc), None),
            Err(TargetError::Mismatch { .. })
        ));
    }
}

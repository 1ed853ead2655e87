//! Wallet Import Format private keys, and raw hex private keys.

use bitcoin::base58;
use zeroize::Zeroizing;

use crate::chain::{Chain, Network};
use crate::secret::PrivateKey;

/// The chain and network a WIF version byte belongs to.
const VERSIONS: [(u8, Chain, Network); 4] = [
    (0x80, Chain::Btc, Network::Mainnet),
    (0xef, Chain::Btc, Network::Testnet),
    (0xb0, Chain::Ltc, Network::Mainnet),
    (0x9e, Chain::Doge, Network::Mainnet),
];

/// Why a string is not a private key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// Not Base58Check (a typo breaks the checksum).
    #[error(
        "not a valid WIF key: the Base58Check checksum does not match (a character is wrong or missing)"
    )]
    Base58,
    /// Decodes, but not to a WIF payload.
    #[error("not a WIF key: {0} bytes after decoding; WIF keys have 33 or 34")]
    Length(usize),
    /// Unknown version byte.
    #[error("unknown WIF version byte 0x{0:02x}; known: 0x80 (Bitcoin), 0xef (testnet), 0xb0 (Litecoin), 0x9e (Dogecoin)")]
    Version(u8),
    /// The compression marker must be 0x01.
    #[error("bad compression marker in a WIF key")]
    Marker,
    /// Zero or above the curve order.
    #[error("the number is not a valid secp256k1 private key (zero or too large)")]
    OutOfRange,
}

/// A decoded WIF key and where it came from.
#[derive(Debug)]
pub struct Wif {
    /// The key and its compression flag.
    pub key: PrivateKey,
    /// Chain named by the version byte.
    pub chain: Chain,
    /// Network named by the version byte.
    pub network: Network,
}

/// Reads a WIF key.
pub fn decode(s: &str) -> Result<Wif, Error> {
    let data = Zeroizing::new(base58::decode_check(s.trim()).map_err(|_| Error::Base58)?);
    let compressed = match data.len() {
        33 => false,
        34 if data[33] == 0x01 => true,
        34 => return Err(Error::Marker),
        n => return Err(Error::Length(n)),
    };
    let (_, chain, network) =
        VERSIONS.into_iter().find(|(v, _, _)| *v == data[0]).ok_or(Error::Version(data[0]))?;
    let mut bytes = Zeroizing::new([0u8; 32]);
    bytes.copy_from_slice(&data[1..33]);
    let key = PrivateKey::from_bytes(*bytes, compressed).ok_or(Error::OutOfRange)?;
    Ok(Wif { key, chain, network })
}

/// Writes a key as WIF for a chain and network.
pub fn encode(key: &PrivateKey, chain: Chain, network: Network) -> Option<Zeroizing<String>> {
    let network = if network == Network::Regtest { Network::Testnet } else { network };
    let (version, _, _) = VERSIONS.into_iter().find(|(_, c, n)| *c == chain && *n == network)?;
    let mut data = Zeroizing::new(Vec::with_capacity(34));
    data.push(version);
    data.extend_from_slice(key.as_bytes());
    if key.compressed() {
        data.push(0x01);
    }
    Some(Zeroizing::new(base58::encode_check(&data)))
}

/// Reads 64 hex digits (optionally `0x`-prefixed) as a private key; compressed, as every
/// wallet that exports raw hex keys uses them.
pub fn decode_hex(s: &str) -> Option<Result<PrivateKey, Error>> {
    let s = s.trim();
    let body = s.strip_prefix("0x").unwrap_or(s);
    if body.len() != 64 || !body.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let mut bytes = Zeroizing::new([0u8; 32]);
    hex::decode_to_slice(body, &mut bytes[..]).ok()?;
    Some(PrivateKey::from_bytes(*bytes, true).ok_or(Error::OutOfRange))
}

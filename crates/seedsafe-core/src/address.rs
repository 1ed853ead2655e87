//! Address encoding for every chain seedsafe supports, from public keys.
//!
//! Bitcoin, Litecoin and Dogecoin share the same scripts and differ only in version bytes
//! and bech32 prefix, so one encoder serves all three (`bitcoin::Address` would tie us to
//! Bitcoin's networks). Ethereum and Tron hash the uncompressed secp256k1 key with
//! Keccak-256; Solana's address is its ed25519 key in Base58.

use bitcoin::bech32::{self, Hrp};
use bitcoin::hashes::{hash160, Hash};
use bitcoin::key::TapTweak;
use bitcoin::secp256k1::{PublicKey, Secp256k1, Verification};
use bitcoin::{base58, WitnessVersion};
use sha3::{Digest, Keccak256};

use crate::chain::{AddressKind, Chain, Network};
use crate::eip55;

/// Why no address could be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The chain has no such kind or network.
    #[error("{chain} has no {what} addresses")]
    Unsupported {
        /// The chain asked for.
        chain: Chain,
        /// The kind or network asked for.
        what: String,
    },
    /// SegWit needs compressed public keys.
    #[error(
        "{0} addresses need a compressed public key; this key is uncompressed (from an uncompressed WIF)"
    )]
    Uncompressed(AddressKind),
    /// A Solana address needs an ed25519 key.
    #[error("Solana addresses use ed25519 keys; a secp256k1 key cannot have one")]
    NotEd25519,
}

/// Bitcoin-style address (BTC, LTC, DOGE) of a secp256k1 public key.
pub fn bitcoin_like<C: Verification>(
    secp: &Secp256k1<C>,
    chain: Chain,
    network: Network,
    kind: AddressKind,
    key: &PublicKey,
    compressed: bool,
) -> Result<String, Error> {
    let params = chain
        .bitcoin_params(network)
        .ok_or_else(|| Error::Unsupported { chain, what: network.name().to_string() })?;
    if !chain.kinds().contains(&kind) {
        return Err(Error::Unsupported { chain, what: kind.name().to_string() });
    }
    let hrp = || {
        params
            .hrp
            .and_then(|h| Hrp::parse(h).ok())
            .ok_or_else(|| Error::Unsupported { chain, what: kind.name().to_string() })
    };
    if !compressed && kind != AddressKind::P2pkh {
        return Err(Error::Uncompressed(kind));
    }
    let compressed_hash = || hash160::Hash::hash(&key.serialize()).to_byte_array();
    Ok(match kind {
        AddressKind::P2pkh => {
            let hash = if compressed {
                compressed_hash()
            } else {
                hash160::Hash::hash(&key.serialize_uncompressed()).to_byte_array()
            };
            base58check(params.p2pkh, &hash)
        }
        AddressKind::P2shP2wpkh => {
            let mut redeem = vec![0x00, 0x14];
            redeem.extend_from_slice(&compressed_hash());
            base58check(params.p2sh, &hash160::Hash::hash(&redeem).to_byte_array())
        }
        AddressKind::P2wpkh => segwit(hrp()?, WitnessVersion::V0, &compressed_hash()),
        AddressKind::P2tr => {
            let (xonly, _) = key.x_only_public_key();
            let (output, _) = xonly.tap_tweak(secp, None);
            segwit(hrp()?, WitnessVersion::V1, &output.to_x_only_public_key().serialize())
        }
    })
}

fn base58check(version: u8, payload: &[u8]) -> String {
    let mut data = Vec::with_capacity(1 + payload.len());
    data.push(version);
    data.extend_from_slice(payload);
    base58::encode_check(&data)
}

fn segwit(hrp: Hrp, version: WitnessVersion, program: &[u8]) -> String {
    bech32::segwit::encode(hrp, version.into(), program)
        .unwrap_or_else(|_| unreachable!("programs of 20 and 32 bytes are valid"))
}

/// The 20 bytes Ethereum and Tron take from a public key: the last 20 of keccak256 of the
/// uncompressed key without its 0x04 prefix.
pub fn keccak_account(key: &PublicKey) -> [u8; 20] {
    let hash = Keccak256::digest(&key.serialize_uncompressed()[1..]);
    let mut out = [0u8; 20];
    out.copy_from_slice(&hash[12..]);
    out
}

/// Ethereum address with its EIP-55 checksum.
pub fn ethereum(key: &PublicKey) -> String {
    eip55::encode(&keccak_account(key))
}

/// Tron address: Base58Check of 0x41 and the Ethereum-style account bytes.
pub fn tron(key: &PublicKey) -> String {
    base58check(0x41, &keccak_account(key))
}

/// Solana address: Base58 of the ed25519 public key.
pub fn solana(ed25519_public: &[u8; 32]) -> String {
    base58::encode(ed25519_public)
}

/// The address of a secp256k1 key on any chain that uses that curve.
pub fn of_secp256k1<C: Verification>(
    secp: &Secp256k1<C>,
    chain: Chain,
    network: Network,
    kind: Option<AddressKind>,
    key: &PublicKey,
    compressed: bool,
) -> Result<String, Error> {
    match chain {
        Chain::Btc | Chain::Ltc | Chain::Doge => {
            let kind = kind.or(chain.default_kind()).unwrap_or(AddressKind::P2pkh);
            bitcoin_like(secp, chain, network, kind, key, compressed)
        }
        Chain::Eth | Chain::Trx => {
            if network != Network::Mainnet {
                return Err(Error::Unsupported { chain, what: network.name().to_string() });
            }
            if let Some(kind) = kind {
                return Err(Error::Unsupported { chain, what: kind.name().to_string() });
            }
            Ok(if chain == Chain::Eth { ethereum(key) } else { tron(key) })
        }
        Chain::Sol => Err(Error::NotEd25519),
    }
}

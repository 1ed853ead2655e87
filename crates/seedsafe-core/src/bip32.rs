//! BIP-32 extended keys, with the SLIP-132 version bytes wallets use to say which address
//! kind an extended key is for (`ypub` for P2SH-P2WPKH, `zpub` for P2WPKH, ...).
//!
//! `bitcoin::bip32` does the derivation. Parsing is done here because it must accept the
//! SLIP-132 prefixes and reject every malformed key of BIP-32 test vector 5, some of which
//! `bitcoin::bip32` lets through (a master key with a parent fingerprint, for example).

use bitcoin::base58;
use bitcoin::bip32::{Xpriv, Xpub};
use bitcoin::NetworkKind;
use zeroize::Zeroizing;

use crate::chain::AddressKind;
use crate::secret::ExtendedPrivateKey;

/// One SLIP-132 version: its four bytes, what it is for, and its usual name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Version {
    /// The four version bytes.
    pub bytes: [u8; 4],
    /// Mainnet or one of the test networks.
    pub network: NetworkKind,
    /// Private or public key.
    pub private: bool,
    /// The address kind the version announces (P2PKH for the plain `xpub`, which Taproot
    /// wallets use too).
    pub kind: AddressKind,
    /// The prefix the Base58 string starts with.
    pub name: &'static str,
}

const fn v(bytes: u32, main: bool, private: bool, kind: AddressKind, name: &'static str) -> Version {
    Version {
        bytes: bytes.to_be_bytes(),
        network: if main { NetworkKind::Main } else { NetworkKind::Test },
        private,
        kind,
        name,
    }
}

/// The single-signature versions of SLIP-132.
pub const VERSIONS: [Version; 12] = [
    v(0x0488_ADE4, true, true, AddressKind::P2pkh, "xprv"),
    v(0x0488_B21E, true, false, AddressKind::P2pkh, "xpub"),
    v(0x049D_7878, true, true, AddressKind::P2shP2wpkh, "yprv"),
    v(0x049D_7CB2, true, false, AddressKind::P2shP2wpkh, "ypub"),
    v(0x04B2_430C, true, true, AddressKind::P2wpkh, "zprv"),
    v(0x04B2_4746, true, false, AddressKind::P2wpkh, "zpub"),
    v(0x0435_8394, false, true, AddressKind::P2pkh, "tprv"),
    v(0x0435_87CF, false, false, AddressKind::P2pkh, "tpub"),
    v(0x044A_4E28, false, true, AddressKind::P2shP2wpkh, "uprv"),
    v(0x044A_5262, false, false, AddressKind::P2shP2wpkh, "upub"),
    v(0x045F_18BC, false, true, AddressKind::P2wpkh, "vprv"),
    v(0x045F_1CF6, false, false, AddressKind::P2wpkh, "vpub"),
];

/// The version wallets show for a key of this kind (Taproot keeps plain `xpub`).
pub fn version_for(kind: AddressKind, network: NetworkKind, private: bool) -> Version {
    let kind = if kind == AddressKind::P2tr { AddressKind::P2pkh } else { kind };
    VERSIONS
        .into_iter()
        .find(|v| v.kind == kind && v.network == network && v.private == private)
        .unwrap_or_else(|| unreachable!("every kind has a version"))
}

/// Why an extended key string was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// Not Base58Check, or the checksum is wrong (a typo).
    #[error("not a valid Base58Check string (a character is wrong or missing)")]
    Base58,
    /// Decodes, but not to 78 bytes.
    #[error("an extended key is 78 bytes; this one is {0}")]
    Length(usize),
    /// Unknown version bytes.
    #[error(
        "unknown version bytes {0}; expected one of xprv/xpub/yprv/ypub/zprv/zpub and their testnet forms"
    )]
    UnknownVersion(String),
    /// A public version where a private key was needed, or the other way round.
    #[error("this is an extended {found} key; an extended {wanted} key is needed here")]
    WrongKeyType {
        /// What the string is.
        found: &'static str,
        /// What the caller asked for.
        wanted: &'static str,
    },
    /// Depth 0 (a master key) with a parent fingerprint or child number.
    #[error("a master key (depth 0) must have a zero parent fingerprint and child number")]
    MasterWithParent,
    /// The byte before a private key must be 0x00.
    #[error("the private key data does not start with 0x00")]
    PrivatePrefix,
    /// Zero or not below the curve order, or a public key off the curve.
    #[error("the key is not a valid secp256k1 key")]
    InvalidKey,
}

/// Decodes the 78 bytes and checks the rules shared by private and public keys.
fn decode(s: &str) -> Result<(Version, Zeroizing<Vec<u8>>), Error> {
    let data = Zeroizing::new(base58::decode_check(s.trim()).map_err(|_| Error::Base58)?);
    if data.len() != 78 {
        return Err(Error::Length(data.len()));
    }
    let version = VERSIONS
        .into_iter()
        .find(|v| data[..4] == v.bytes)
        .ok_or_else(|| Error::UnknownVersion(hex::encode(&data[..4])))?;
    if data[4] == 0 && (data[5..9] != [0; 4] || data[9..13] != [0; 4]) {
        return Err(Error::MasterWithParent);
    }
    Ok((version, data))
}

/// Reads an extended private key in any SLIP-132 version.
pub fn parse_xprv(s: &str) -> Result<(ExtendedPrivateKey, Version), Error> {
    let (version, mut data) = decode(s)?;
    if !version.private {
        return Err(Error::WrongKeyType { found: "public", wanted: "private" });
    }
    if data[45] != 0 {
        return Err(Error::PrivatePrefix);
    }
    data[..4].copy_from_slice(&version_for(AddressKind::P2pkh, version.network, true).bytes);
    let xpriv = Xpriv::decode(&data).map_err(|_| Error::InvalidKey)?;
    Ok((ExtendedPrivateKey::new(xpriv), version))
}

/// Reads an extended public key in any SLIP-132 version.
pub fn parse_xpub(s: &str) -> Result<(Xpub, Version), Error> {
    let (version, mut data) = decode(s)?;
    if version.private {
        return Err(Error::WrongKeyType { found: "private", wanted: "public" });
    }
    data[..4].copy_from_slice(&version_for(AddressKind::P2pkh, version.network, false).bytes);
    let xpub = Xpub::decode(&data).map_err(|_| Error::InvalidKey)?;
    Ok((xpub, version))
}

/// Writes an extended public key with the version wallets expect for `kind`.
pub fn encode_xpub(xpub: &Xpub, kind: AddressKind) -> String {
    let mut data = xpub.encode();
    data[..4].copy_from_slice(&version_for(kind, xpub.network, false).bytes);
    base58::encode_check(&data)
}

/// Writes an extended private key with the version wallets expect for `kind`.
pub fn encode_xprv(xprv: &ExtendedPrivateKey, kind: AddressKind) -> Zeroizing<String> {
    let mut data = Zeroizing::new(xprv.xpriv().encode());
    data[..4].copy_from_slice(&version_for(kind, xprv.xpriv().network, true).bytes);
    Zeroizing::new(base58::encode_check(&data[..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slip132_round_trip() {
        // BIP-84 account key of "abandon ... about" (BIP-84 test vector).
        let zpub = "zpub6rFR7y4Q2AijBEqTUquhVz398htDFrtymD9xYYfG1m4wAcvPhXNfE3EfH1r1ADqtfSdVCToUG868RvUUkgDKf31mGDtKsAYz2oz2AGutZYs";
        let (xpub, version) = parse_xpub(zpub).expect("valid zpub");
        assert_eq!(version.name, "zpub");
        assert_eq!(encode_xpub(&xpub, AddressKind::P2wpkh), zpub);
        assert!(encode_xpub(&xpub, AddressKind::P2pkh).starts_with("xpub"));
        assert_eq!(parse_xprv(zpub).unwrap_err(), Error::WrongKeyType { found: "public", wanted: "private" });
    }
}

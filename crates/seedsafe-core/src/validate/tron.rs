//! Tron addresses: Base58Check (Bitcoin's alphabet) of the version byte 0x41 and the same
//! 20-byte Keccak-256 account id as Ethereum's, so they all start with `T`.

use super::{Checksum, Classification, Coin, Encoding, Kind, Network};

/// The version byte of every Tron address (main and test networks alike).
pub const VERSION: u8 = 0x41;

/// The Tron reading of a Base58Check payload whose checksum holds.
pub(crate) fn classify(version: u8, account: &[u8]) -> Option<Classification> {
    (version == VERSION && account.len() == 20).then(|| Classification {
        coin: Coin::Trx,
        networks: &[Network::Mainnet],
        kind: Kind::Account,
        encoding: Encoding::Base58Check,
        checksum: Checksum::Verified,
        note: None,
        payload: account.to_vec(),
    })
}

//! The chains seedsafe derives addresses for, their networks and address kinds, and the
//! derivation paths their wallets use.

use std::fmt;
use std::str::FromStr;

/// A blockchain whose addresses seedsafe derives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Chain {
    /// Bitcoin.
    Btc,
    /// Litecoin.
    Ltc,
    /// Dogecoin.
    Doge,
    /// Ethereum (and EVM chains, which share its addresses).
    Eth,
    /// Tron.
    Trx,
    /// Solana.
    Sol,
}

/// How an address locks coins: the script type for Bitcoin-like chains.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AddressKind {
    /// Legacy pay-to-public-key-hash (BIP-44).
    P2pkh,
    /// SegWit v0 nested in P2SH (BIP-49).
    P2shP2wpkh,
    /// Native SegWit v0 (BIP-84).
    P2wpkh,
    /// Taproot key path (BIP-86).
    P2tr,
}

/// Which network of a chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Network {
    /// The real one.
    Mainnet,
    /// The public test network.
    Testnet,
    /// A local regression-test network.
    Regtest,
}

/// A name that is not a chain, kind or network, with what is accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} {given:?}; use one of: {accepted}")]
pub struct UnknownName {
    /// "chain", "address kind" or "network".
    pub what: &'static str,
    /// What was typed.
    pub given: String,
    /// The accepted names.
    pub accepted: &'static str,
}

/// Base58 version bytes and bech32 prefix of a Bitcoin-like chain on one network.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BitcoinParams {
    /// P2PKH version byte.
    pub p2pkh: u8,
    /// P2SH version byte.
    pub p2sh: u8,
    /// Human-readable part of SegWit addresses, when the chain has SegWit.
    pub hrp: Option<&'static str>,
}

impl Chain {
    /// Every chain, in the order reports list them.
    pub const ALL: [Chain; 6] = [Chain::Btc, Chain::Ltc, Chain::Doge, Chain::Eth, Chain::Trx, Chain::Sol];

    /// Ticker-style name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Chain::Btc => "btc",
            Chain::Ltc => "ltc",
            Chain::Doge => "doge",
            Chain::Eth => "eth",
            Chain::Trx => "trx",
            Chain::Sol => "sol",
        }
    }

    /// SLIP-44 coin type on mainnet.
    pub fn coin_type(self) -> u32 {
        match self {
            Chain::Btc => 0,
            Chain::Ltc => 2,
            Chain::Doge => 3,
            Chain::Eth => 60,
            Chain::Trx => 195,
            Chain::Sol => 501,
        }
    }

    /// SLIP-44 coin type on a network: every test network uses 1.
    pub fn coin_type_on(self, network: Network) -> u32 {
        if network == Network::Mainnet {
            self.coin_type()
        } else {
            1
        }
    }

    /// Address kinds the chain has; empty for account-based chains, whose address has one
    /// form.
    pub fn kinds(self) -> &'static [AddressKind] {
        match self {
            Chain::Btc => {
                &[AddressKind::P2pkh, AddressKind::P2shP2wpkh, AddressKind::P2wpkh, AddressKind::P2tr]
            }
            Chain::Ltc => &[AddressKind::P2pkh, AddressKind::P2shP2wpkh, AddressKind::P2wpkh],
            Chain::Doge => &[AddressKind::P2pkh],
            Chain::Eth | Chain::Trx | Chain::Sol => &[],
        }
    }

    /// The kind its wallets create today.
    pub fn default_kind(self) -> Option<AddressKind> {
        match self {
            Chain::Btc | Chain::Ltc => Some(AddressKind::P2wpkh),
            Chain::Doge => Some(AddressKind::P2pkh),
            Chain::Eth | Chain::Trx | Chain::Sol => None,
        }
    }

    /// Networks seedsafe supports for the chain.
    pub fn networks(self) -> &'static [Network] {
        match self {
            Chain::Btc => &[Network::Mainnet, Network::Testnet, Network::Regtest],
            _ => &[Network::Mainnet],
        }
    }

    /// Version bytes and bech32 prefix, for Bitcoin-like chains.
    pub fn bitcoin_params(self, network: Network) -> Option<BitcoinParams> {
        let p = |p2pkh, p2sh, hrp| Some(BitcoinParams { p2pkh, p2sh, hrp });
        match (self, network) {
            (Chain::Btc, Network::Mainnet) => p(0x00, 0x05, Some("bc")),
            (Chain::Btc, Network::Testnet) => p(0x6f, 0xc4, Some("tb")),
            (Chain::Btc, Network::Regtest) => p(0x6f, 0xc4, Some("bcrt")),
            (Chain::Ltc, Network::Mainnet) => p(0x30, 0x32, Some("ltc")),
            (Chain::Doge, Network::Mainnet) => p(0x1e, 0x16, None),
            _ => None,
        }
    }
}

impl AddressKind {
    /// Every kind.
    pub const ALL: [AddressKind; 4] =
        [AddressKind::P2pkh, AddressKind::P2shP2wpkh, AddressKind::P2wpkh, AddressKind::P2tr];

    /// Command-line name.
    pub fn name(self) -> &'static str {
        match self {
            AddressKind::P2pkh => "p2pkh",
            AddressKind::P2shP2wpkh => "p2sh-p2wpkh",
            AddressKind::P2wpkh => "p2wpkh",
            AddressKind::P2tr => "p2tr",
        }
    }

    /// The BIP-43 purpose of the standard that defines its derivation path.
    pub fn purpose(self) -> u32 {
        match self {
            AddressKind::P2pkh => 44,
            AddressKind::P2shP2wpkh => 49,
            AddressKind::P2wpkh => 84,
            AddressKind::P2tr => 86,
        }
    }
}

impl Network {
    /// Command-line name.
    pub fn name(self) -> &'static str {
        match self {
            Network::Mainnet => "mainnet",
            Network::Testnet => "testnet",
            Network::Regtest => "regtest",
        }
    }

    /// The BIP-32 version family (`xpub` or `tpub`).
    pub fn kind(self) -> bitcoin::NetworkKind {
        match self {
            Network::Mainnet => bitcoin::NetworkKind::Main,
            _ => bitcoin::NetworkKind::Test,
        }
    }
}

macro_rules! named {
    ($ty:ty, $what:literal, $accepted:literal, [$($alias:literal => $value:expr),* $(,)?]) => {
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name())
            }
        }

        impl FromStr for $ty {
            type Err = UnknownName;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let key = s.trim().to_ascii_lowercase();
                Self::ALL
                    .into_iter()
                    .find(|v| v.name() == key)
                    .or(match key.as_str() { $($alias => Some($value),)* _ => None })
                    .ok_or_else(|| UnknownName { what: $what, given: s.to_string(), accepted: $accepted })
            }
        }
    };
}

named!(Chain, "chain", "btc, ltc, doge, eth, trx, sol", [
    "bitcoin" => Chain::Btc, "litecoin" => Chain::Ltc, "dogecoin" => Chain::Doge,
    "ethereum" => Chain::Eth, "tron" => Chain::Trx, "solana" => Chain::Sol,
]);
named!(AddressKind, "address kind", "p2pkh, p2sh-p2wpkh, p2wpkh, p2tr", [
    "legacy" => AddressKind::P2pkh, "bip44" => AddressKind::P2pkh,
    "p2wpkh-p2sh" => AddressKind::P2shP2wpkh, "nested-segwit" => AddressKind::P2shP2wpkh, "bip49" => AddressKind::P2shP2wpkh,
    "segwit" => AddressKind::P2wpkh, "native-segwit" => AddressKind::P2wpkh, "bip84" => AddressKind::P2wpkh,
    "taproot" => AddressKind::P2tr, "bip86" => AddressKind::P2tr,
]);
named!(Network, "network", "mainnet, testnet, regtest", [
    "main" => Network::Mainnet, "bitcoin" => Network::Mainnet, "test" => Network::Testnet,
]);

impl Network {
    /// Every network.
    pub const ALL: [Network; 3] = [Network::Mainnet, Network::Testnet, Network::Regtest];
}

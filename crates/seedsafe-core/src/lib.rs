//! The pure core of seedsafe: wallet secrets and the standards that turn them into keys and
//! addresses.
//!
//! Bytes in, bytes out: no files, no network, no terminal. Secrets live in types that wipe
//! themselves on drop and never print ([`secret`]). Modules are named after the standard
//! they implement, so a reader with the BIP open finds the matching code.
//!
//! ```
//! use seedsafe_core::bip39::Mnemonic;
//! use seedsafe_core::secret::Passphrase;
//! use seedsafe_core::wallet::{DeriveRequest, Secret, Wallet};
//! use seedsafe_core::chain::Chain;
//!
//! let words = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
//! let secret = Secret::parse(words, None, None).unwrap();
//! let wallet = Wallet::open(&secret, &Passphrase::empty()).unwrap();
//! let btc = wallet.derive(&DeriveRequest::first(Chain::Btc)).unwrap();
//! assert_eq!(btc.fingerprint.as_deref(), Some("73c5da0a"));
//! assert_eq!(btc.addresses[0].address, "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu");
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod address;
pub mod age_file;
pub mod age_pq;
pub mod bip32;
pub mod bip38;
pub mod bip39;
pub mod chain;
pub mod eip55;
pub mod electrum;
pub mod envelope;
pub mod keystore;
pub mod password;
pub mod path;
pub mod qr;
pub mod secret;
pub mod slip10;
pub mod slip39;
pub mod uri;
pub mod validate;
pub mod wallet;
pub mod wif;
pub mod wordlist;
pub mod xwing;

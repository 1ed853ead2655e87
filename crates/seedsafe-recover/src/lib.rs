//! The search over damaged wallet backups: which words, which order, which passphrase.
//!
//! A person remembers their backup partly: a [`pattern`] of words with unknown, illegible or
//! possibly misspelled ones, words left out or swapped, a passphrase half remembered. The
//! [`space`] numbers every candidate that fits, without listing them; the [`search`] filters
//! them by their checksum, stretches the survivors into seeds with the multi-buffer SIMD
//! PBKDF2 [`kernel`] on every core, and checks each seed against what the person knows of
//! the wallet ([`target`]): an address, an extended public key or the master fingerprint. A
//! search can stop and resume ([`checkpoint`]) and be split across machines
//! ([`space::Shard`]).
//!
//! ```
//! use seedsafe_recover::passphrase::Passphrases;
//! use seedsafe_recover::pattern::{self, Wordlist};
//! use seedsafe_core::bip39::Language;
//! use seedsafe_recover::search::{search, Format, Options, Plan, Quiet};
//! use seedsafe_recover::space::{Mistakes, Shard};
//! use seedsafe_recover::target::Target;
//! use seedsafe_core::secret::Passphrase;
//!
//! // The last word is illegible; the wallet's first BIP-84 address is known.
//! let pattern = pattern::parse(
//!     "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon ab*",
//!     Some(Wordlist::Bip39(Language::English)),
//! )?;
//! let target = Target::addresses(
//!     &["bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu".to_string()], None, None, &[], 1)?;
//! let plan = Plan::new(Format::Bip39, &pattern, Mistakes::default(),
//!     Passphrases::known(Passphrase::empty()), Some(target), Shard::WHOLE)?;
//! let outcome = search(&plan, &Options::default(), &Quiet)?;
//! assert_eq!(outcome.found.expect("found").phrase.split(' ').last(), Some("about"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

pub mod bench;
pub mod checkpoint;
mod ecmult;
#[allow(unsafe_code)]
pub mod kernel;
pub mod passphrase;
pub mod pattern;
pub mod search;
pub mod space;
pub mod target;

//! Backup plans for seedsafe: copies of a wallet in many places, a manifest of what exists
//! where, restore drills that prove each copy still opens the wallet, and a health status.
//!
//! The person writes a [`plan`] (TOML): the wallets, the copies wanted (encrypted files,
//! SLIP-39 share sets, paper sheets, keystores), their [`destination`]s (local folders, S3,
//! WebDAV, SFTP, cloud drives through Apache OpenDAL) and where each is kept. [`run`] makes
//! the copies, reading every electronic one back and restoring it before it is recorded in
//! the [`manifest`]; [`drill`] restores copies again later; [`health`] says what is wrong.
//! Credentials come from the environment or a [`credentials`] file, never from the plan, and
//! the manifest holds no secret.
//!
//! ```
//! use seedsafe_backup::plan::Plan;
//! use seedsafe_backup::credentials::Credentials;
//!
//! let plan = Plan::parse(r#"
//!     [[wallet]]
//!     label = "savings"
//!     [[wallet.copy]]
//!     name = "usb"
//!     method = "encrypted-file"
//!     destination = "file:///media/usb/seedsafe"
//!     location = "home"
//! "#).unwrap();
//! let check = plan.check(&Credentials::from_env_only());
//! assert!(check.errors.is_empty());
//! // One location, all electronic: `seedsafe status` would say so, and so does the check.
//! assert_eq!(check.warnings.len(), 2);
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod atomic;
pub mod credentials;
pub mod destination;
pub mod drill;
pub mod health;
pub mod manifest;
pub mod plan;
pub mod run;
pub mod seal;
pub mod time;

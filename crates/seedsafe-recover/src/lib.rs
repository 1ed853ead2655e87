//! The search over damaged wallet backups.
#![deny(missing_docs)]

#[allow(unsafe_code)]
pub mod kernel;

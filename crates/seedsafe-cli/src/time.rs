//! The current time as RFC 3339 text, for envelopes and reports (the core reads no clock):
//! the backup library's clock, so every date seedsafe writes comes from one place.

pub use seedsafe_backup::time::now_rfc3339;

//! Writing files that hold secrets: the library's atomic private writes
//! ([`seedsafe_backup::atomic`]: mode 0600, never over an existing file, temporary file,
//! fsync, link into place, fsync folder), with their errors in the command line's words.

use std::path::Path;

use seedsafe_backup::atomic::{self, WriteError};

use crate::error::{CliError, Result};

/// Writes `bytes` to `path`, which must not exist yet.
pub fn write_new_private(path: &Path, bytes: &[u8]) -> Result<()> {
    write_private(path, bytes, false)
}

/// Writes `bytes` to `path` as a private file. Without `replace` an existing file is an
/// error; with it the old file is replaced atomically (rename), never truncated in place.
pub fn write_private(path: &Path, bytes: &[u8], replace: bool) -> Result<()> {
    atomic::write_private(path, bytes, replace).map_err(write_error)
}

/// A write failure for people.
pub fn write_error(e: WriteError) -> CliError {
    match e {
        WriteError::Exists(path) => CliError::bad_input(format!(
            "{} already exists; seedsafe never overwrites a file",
            path.display()
        ))
        .with_hint("choose another path, or move the old file away first"),
        WriteError::Io { action, path, source } => CliError::io(action, &path, &source),
    }
}

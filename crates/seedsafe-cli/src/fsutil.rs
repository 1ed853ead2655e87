//! Writing files that hold secrets: created with mode 0600, never over an existing file,
//! and atomically (temporary file in the same folder, fsync, link into place, fsync folder),
//! so a crash leaves either nothing or the whole file.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use rand::RngCore;

use crate::error::{CliError, Result};

/// Writes `bytes` to `path`, which must not exist yet.
pub fn write_new_private(path: &Path, bytes: &[u8]) -> Result<()> {
    write_private(path, bytes, false)
}

/// Writes `bytes` to `path` as a private file. Without `replace` an existing file is an
/// error; with it the old file is replaced atomically (rename), never truncated in place.
pub fn write_private(path: &Path, bytes: &[u8], replace: bool) -> Result<()> {
    if !replace && path.exists() {
        return Err(CliError::bad_input(format!("{} already exists; seedsafe never overwrites a file", path.display()))
            .with_hint("choose another path, or move the old file away first"));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let tmp = dir.join(format!(".seedsafe-tmp-{:016x}", rand::rngs::OsRng.next_u64()));
    let result = write_tmp(&tmp, bytes).and_then(|()| {
        if replace {
            fs::rename(&tmp, path).map_err(|e| CliError::io("replace", path, &e))
        } else {
            // A hard link fails if the target appeared meanwhile, where a rename would replace it.
            fs::hard_link(&tmp, path).map_err(|e| CliError::io("create", path, &e))
        }
    });
    let _ = fs::remove_file(&tmp);
    result?;
    File::open(&dir).and_then(|d| d.sync_all()).map_err(|e| CliError::io("sync folder", &dir, &e))
}

fn write_tmp(tmp: &Path, bytes: &[u8]) -> Result<()> {
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(tmp)
        .map_err(|e| CliError::io("create a file in", tmp.parent().unwrap_or(Path::new(".")), &e))?;
    file.write_all(bytes).and_then(|()| file.sync_all()).map_err(|e| CliError::io("write", tmp, &e))
}

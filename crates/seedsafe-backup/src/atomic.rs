//! Writing files that hold secrets or records: created with mode 0600 and atomically
//! (temporary file in the same folder, fsync, link or rename into place, fsync the folder),
//! so a crash leaves either the old state or the whole new file, never half of one.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use rand::RngCore;

/// Why a file could not be written. Paths are the person's own choice, never secrets.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The target exists and replacing it was not asked for.
    #[error("{} already exists; seedsafe never overwrites a file", .0.display())]
    Exists(PathBuf),
    /// An I/O failure.
    #[error("cannot {action} {}: {}", .path.display(), plain(.source))]
    Io {
        /// What was being done: "create", "write", "replace", "sync folder", ...
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// The error from the operating system.
        source: std::io::Error,
    },
}

impl WriteError {
    fn io(action: &'static str, path: &Path, source: std::io::Error) -> Self {
        WriteError::Io { action, path: path.to_path_buf(), source }
    }
}

/// An I/O error without the "(os error N)" suffix.
pub fn plain(err: &std::io::Error) -> String {
    let s = err.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// Writes `bytes` to `path` as a private file. Without `replace` an existing file is an
/// error; with it the old file is replaced atomically (rename), never truncated in place.
pub fn write_private(path: &Path, bytes: &[u8], replace: bool) -> Result<(), WriteError> {
    let tmp = folder_of(path).join(format!(".seedsafe-tmp-{:016x}", rand::rngs::OsRng.next_u64()));
    write_private_via(path, &tmp, bytes, replace)
}

/// Like [`write_private`], with the temporary file at `tmp` (same folder), a name the caller
/// can find again to clean up after a crash. A leftover `tmp` from an earlier crash is
/// replaced.
pub fn write_private_via(path: &Path, tmp: &Path, bytes: &[u8], replace: bool) -> Result<(), WriteError> {
    if !replace && path.exists() {
        return Err(WriteError::Exists(path.to_path_buf()));
    }
    let dir = folder_of(path);
    match fs::remove_file(tmp) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(WriteError::io("remove", tmp, e)),
        _ => {}
    }
    let result = write_tmp(tmp, bytes).and_then(|()| {
        if replace {
            fs::rename(tmp, path).map_err(|e| WriteError::io("replace", path, e))
        } else {
            // A hard link fails if the target appeared meanwhile, where a rename would replace it.
            fs::hard_link(tmp, path).map_err(|e| match e.kind() {
                std::io::ErrorKind::AlreadyExists => WriteError::Exists(path.to_path_buf()),
                _ => WriteError::io("create", path, e),
            })
        }
    });
    let _ = fs::remove_file(tmp);
    result?;
    sync_folder(&dir)
}

/// Creates a folder (and its parents) with mode 0700 where it does not exist.
pub fn create_private_dir(dir: &Path) -> Result<(), WriteError> {
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| WriteError::io("create folder", dir, e))
}

/// Removes a file and makes the removal durable. A file that is not there is fine.
pub fn remove(path: &Path) -> Result<(), WriteError> {
    match fs::remove_file(path) {
        Ok(()) => sync_folder(&folder_of(path)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(WriteError::io("remove", path, e)),
    }
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn sync_folder(dir: &Path) -> Result<(), WriteError> {
    File::open(dir).and_then(|d| d.sync_all()).map_err(|e| WriteError::io("sync folder", dir, e))
}

fn write_tmp(tmp: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(tmp)
        .map_err(|e| WriteError::io("create a file in", &folder_of(tmp), e))?;
    file.write_all(bytes).and_then(|()| file.sync_all()).map_err(|e| WriteError::io("write", tmp, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn writes_private_never_over_and_replaces_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        write_private(&path, b"one", false).unwrap();
        assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        assert!(matches!(write_private(&path, b"two", false), Err(WriteError::Exists(_))));
        assert_eq!(fs::read(&path).unwrap(), b"one");
        write_private(&path, b"two", true).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 1, "no temporary file is left behind");
    }

    #[test]
    fn a_stale_temporary_file_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let tmp = dir.path().join(".b.partial");
        fs::write(&tmp, b"half").unwrap();
        write_private_via(&dir.path().join("b"), &tmp, b"whole", false).unwrap();
        assert_eq!(fs::read(dir.path().join("b")).unwrap(), b"whole");
        assert!(!tmp.exists());
    }
}

//! Credentials for destinations: from the environment or a credentials file, never from
//! the plan (a plan is meant to be shared, printed, kept beside the backups).
//!
//! A value `KEY` of profile `PROFILE` is looked up as the environment variable
//! `SEEDSAFE_<PROFILE>_<KEY>` (upper case, other characters as `_`), then in the credentials
//! file under `[PROFILE]`. The file is `--credentials FILE`, else `$SEEDSAFE_CREDENTIALS`,
//! else `credentials.toml` in the seedsafe home folder when it exists; it must not be readable
//! by others (mode 0600), as for SSH keys.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

/// Environment variable naming the credentials file.
pub const FILE_ENV: &str = "SEEDSAFE_CREDENTIALS";

/// Credentials available to this run.
#[derive(Default)]
pub struct Credentials {
    file: Option<(PathBuf, toml::Table)>,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(seedsafe_core::secret::REDACTED)
    }
}

/// Why the credentials file could not be used. Messages never quote its content.
#[derive(Debug, thiserror::Error)]
pub enum CredentialsError {
    /// The file cannot be read.
    #[error("cannot read the credentials file {}: {}", .0.display(), crate::atomic::plain(.1))]
    Read(PathBuf, std::io::Error),
    /// Others can read it.
    #[error("the credentials file {path} can be read by other users (mode {mode:o}); run: chmod 600 {path}", path = .0.display(), mode = .1)]
    Permissions(PathBuf, u32),
    /// Not TOML of the expected shape.
    #[error("the credentials file {path} is not valid TOML of [profile] sections with key = \"value\" lines (line {line})", path = .0.display(), line = .1)]
    Syntax(PathBuf, usize),
}

impl Credentials {
    /// No file: environment variables only.
    pub fn from_env_only() -> Self {
        Credentials::default()
    }

    /// Loads the file named by `explicit`, else `$SEEDSAFE_CREDENTIALS`, else
    /// `HOME/credentials.toml` when it exists.
    pub fn load(explicit: Option<&Path>, home: &Path) -> Result<Self, CredentialsError> {
        let path = match (explicit, std::env::var_os(FILE_ENV)) {
            (Some(p), _) => p.to_path_buf(),
            (None, Some(p)) if !p.is_empty() => PathBuf::from(p),
            _ => {
                let default = home.join("credentials.toml");
                if !default.exists() {
                    return Ok(Credentials::default());
                }
                default
            }
        };
        let meta = std::fs::metadata(&path).map_err(|e| CredentialsError::Read(path.clone(), e))?;
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(CredentialsError::Permissions(path, mode));
        }
        let text = Zeroizing::new(
            std::fs::read_to_string(&path).map_err(|e| CredentialsError::Read(path.clone(), e))?,
        );
        let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
            let line = e.span().map_or(0, |s| text[..s.start.min(text.len())].lines().count().max(1));
            CredentialsError::Syntax(path.clone(), line)
        })?;
        Ok(Credentials { file: Some((path, table)) })
    }

    /// The value of `key` in `profile`, and where it came from (for messages, not the value).
    pub fn get(&self, profile: &str, key: &str) -> Option<Zeroizing<String>> {
        if let Some(v) = std::env::var(env_name(profile, key)).ok().filter(|v| !v.is_empty()) {
            return Some(Zeroizing::new(v));
        }
        let (_, table) = self.file.as_ref()?;
        table.get(profile)?.as_table()?.get(key)?.as_str().map(|s| Zeroizing::new(s.to_string()))
    }

    /// The credentials file in use, if any.
    pub fn file(&self) -> Option<&Path> {
        self.file.as_ref().map(|(p, _)| p.as_path())
    }
}

/// The environment variable for `key` of `profile`: `SEEDSAFE_S3_SECRET_ACCESS_KEY`.
pub fn env_name(profile: &str, key: &str) -> String {
    let clean = |s: &str| {
        s.chars()
            .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' })
            .collect::<String>()
    };
    format!("SEEDSAFE_{}_{}", clean(profile), clean(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_names_are_upper_snake_case() {
        assert_eq!(env_name("s3", "secret_access_key"), "SEEDSAFE_S3_SECRET_ACCESS_KEY");
        assert_eq!(env_name("my-nas", "password"), "SEEDSAFE_MY_NAS_PASSWORD");
    }

    #[test]
    fn a_file_others_can_read_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("creds.toml");
        std::fs::write(&path, "[nas]\npassword = \"pw-in-file\"\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert!(matches!(Credentials::load(Some(&path), dir.path()), Err(CredentialsError::Permissions(..))));
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        let creds = Credentials::load(Some(&path), dir.path()).unwrap();
        assert_eq!(creds.get("nas", "password").as_deref().map(String::as_str), Some("pw-in-file"));
        assert!(creds.get("nas", "username").is_none());
        assert_eq!(format!("{creds:?}"), seedsafe_core::secret::REDACTED);
    }
}

//! The manifest: every copy seedsafe made, where it is, what it hashes to and when it was
//! last drilled (`docs/manifest.md`). It holds no secret: wallets appear by their public
//! identity only. Written atomically; one run at a time holds its lock.

use std::fs::{File, OpenOptions};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use seedsafe_core::wallet::Identity;
use serde::{Deserialize, Serialize};

use crate::atomic::{self, WriteError};
use crate::plan::{Method, Policy};

/// The `format` field.
pub const FORMAT: &str = "seedsafe-manifest";

/// The manifest version this code writes; it reads this one and refuses newer ones.
pub const VERSION: u32 = 1;

/// File name of the manifest in the seedsafe home folder.
pub const FILE_NAME: &str = "manifest.json";

/// The seedsafe home folder: `$SEEDSAFE_HOME`, else `$XDG_DATA_HOME/seedsafe`, else
/// `~/.local/share/seedsafe`.
pub fn home() -> Option<PathBuf> {
    let var = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty()).map(PathBuf::from);
    var("SEEDSAFE_HOME")
        .or_else(|| var("XDG_DATA_HOME").map(|d| d.join("seedsafe")))
        .or_else(|| var("HOME").map(|h| h.join(".local/share/seedsafe")))
}

/// The manifest.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    /// Always [`FORMAT`].
    pub format: String,
    /// [`VERSION`].
    pub version: u32,
    /// When it was last written.
    pub updated: String,
    /// The policy of the plan last run.
    #[serde(default)]
    pub policy: PolicyRecord,
    /// The wallets and their copies.
    #[serde(default)]
    pub wallets: Vec<WalletRecord>,
    /// Copies whose writing started but did not finish (a run was interrupted): not copies,
    /// but what to clean up at their destinations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pending: Vec<Pending>,
}

/// The policy as recorded.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct PolicyRecord {
    /// See [`Policy::max_copy_age_days`].
    pub max_copy_age_days: u32,
    /// See [`Policy::drill_interval_days`].
    pub drill_interval_days: u32,
}

impl Default for PolicyRecord {
    fn default() -> Self {
        Policy::default().into()
    }
}

impl From<Policy> for PolicyRecord {
    fn from(p: Policy) -> Self {
        PolicyRecord { max_copy_age_days: p.max_copy_age_days, drill_interval_days: p.drill_interval_days }
    }
}

/// A wallet: its public identity and its copies.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct WalletRecord {
    /// The label from the plan.
    pub label: String,
    /// Master key fingerprint (8 hex digits); `null` for a single key.
    pub fingerprint: Option<String>,
    /// Whether the wallet needs a BIP-39 passphrase besides its secret.
    pub passphrase_in_use: bool,
    /// Fingerprint and first addresses: what every drill compares with.
    pub identity: Identity,
    /// The copies.
    #[serde(default)]
    pub copies: Vec<CopyRecord>,
}

/// One copy.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct CopyRecord {
    /// Random id, 8 hex digits; the name `seedsafe drill` takes.
    pub id: String,
    /// The wallet's fingerprint (as in the wallet record).
    pub wallet_fingerprint: Option<String>,
    /// The plan entry it was made for.
    pub plan_copy: String,
    /// How it was made.
    pub method: Method,
    /// Where an electronic copy is (as written in the plan).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination: Option<String>,
    /// The credentials profile for the destination.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// The copy's name at its destination.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object: Option<String>,
    /// Where it is kept.
    pub location: String,
    /// When it was made.
    pub created: String,
    /// SHA-256 of the stored bytes (for paper: of the PDF printed), lowercase hex.
    pub sha256: String,
    /// `password`, `recipients`, `none` (plaintext), or `paper`.
    pub encryption: String,
    /// For a share: its set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<ShareRecord>,
    /// For paper: the PDF written to be printed (deleted once printed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub print_file: Option<String>,
    /// The last drill.
    #[serde(default)]
    pub last_drill: Option<DrillRecord>,
}

/// A share's place in its set.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct ShareRecord {
    /// The set's id (all shares of one split have it).
    pub set: String,
    /// 1-based number of the share in the set.
    pub member: u8,
    /// Shares needed.
    pub threshold: u8,
    /// Shares made.
    pub count: u8,
}

/// A drill's result.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct DrillRecord {
    /// When.
    pub date: String,
    /// `ok` or `failed`.
    pub result: DrillResult,
    /// What was checked, or what failed.
    pub detail: String,
}

/// The outcome of a drill.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum DrillResult {
    /// The copy restored the wallet.
    Ok,
    /// It did not.
    Failed,
}

/// A copy being written.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Pending {
    /// The copy id it would have had.
    pub id: String,
    /// Its destination.
    pub destination: String,
    /// Its credentials profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// Its name there.
    pub object: String,
    /// When writing started.
    pub started: String,
}

/// Why the manifest cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    /// No home folder.
    #[error("no seedsafe home folder: set SEEDSAFE_HOME (or HOME)")]
    NoHome,
    /// Read failure.
    #[error("cannot read the manifest {}: {}", .0.display(), atomic::plain(.1))]
    Read(PathBuf, std::io::Error),
    /// Not a manifest.
    #[error("{path} is not a seedsafe manifest ({why}); restore it from a backup or move it away", path = .0.display(), why = .1)]
    Invalid(PathBuf, String),
    /// Too new.
    #[error("the manifest {path} is version {v}, newer than this seedsafe understands ({VERSION}); use a newer seedsafe", path = .0.display(), v = .1)]
    Newer(PathBuf, u32),
    /// Write failure.
    #[error(transparent)]
    Write(#[from] WriteError),
    /// Another run holds the lock.
    #[error("another seedsafe run is using {}; wait for it to finish", .0.display())]
    Locked(PathBuf),
}

impl Default for Manifest {
    fn default() -> Self {
        Manifest {
            format: FORMAT.into(),
            version: VERSION,
            updated: String::new(),
            policy: PolicyRecord::default(),
            wallets: Vec::new(),
            pending: Vec::new(),
        }
    }
}

impl Manifest {
    /// Reads `HOME/manifest.json`; an empty manifest when there is none yet.
    pub fn load(home: &Path) -> Result<Manifest, ManifestError> {
        let path = home.join(FILE_NAME);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Manifest::default()),
            Err(e) => return Err(ManifestError::Read(path, e)),
        };
        let value: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| ManifestError::Invalid(path.clone(), format!("not JSON: {e}")))?;
        if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
            return Err(ManifestError::Invalid(path, "no \"format\": \"seedsafe-manifest\"".into()));
        }
        match value.get("version").and_then(|v| v.as_u64()) {
            Some(v) if v > u64::from(VERSION) => return Err(ManifestError::Newer(path, v as u32)),
            Some(_) => {}
            None => return Err(ManifestError::Invalid(path, "no version".into())),
        }
        serde_json::from_value(value).map_err(|e| ManifestError::Invalid(path, e.to_string()))
    }

    /// Writes `HOME/manifest.json` atomically (the old one stays whole until the new one is
    /// in place).
    pub fn save(&mut self, home: &Path) -> Result<(), ManifestError> {
        atomic::create_private_dir(home)?;
        self.updated = crate::time::now_rfc3339();
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        atomic::write_private(&home.join(FILE_NAME), text.as_bytes(), true)?;
        Ok(())
    }

    /// The wallet whose identity is `identity`.
    pub fn wallet_by_identity(&self, identity: &Identity) -> Option<&WalletRecord> {
        self.wallets.iter().find(|w| same_wallet(&w.identity, identity))
    }

    /// The copy with `id`, and its wallet.
    pub fn copy(&self, id: &str) -> Option<(&WalletRecord, &CopyRecord)> {
        self.wallets.iter().find_map(|w| w.copies.iter().find(|c| c.id == id).map(|c| (w, c)))
    }

    /// The copy with `id`, to update.
    pub fn copy_mut(&mut self, id: &str) -> Option<&mut CopyRecord> {
        self.wallets.iter_mut().flat_map(|w| w.copies.iter_mut()).find(|c| c.id == id)
    }

    /// Whether any wallet or pending entry uses `id` already.
    pub fn id_in_use(&self, id: &str) -> bool {
        self.copy(id).is_some()
            || self.pending.iter().any(|p| p.id == id)
            || self
                .wallets
                .iter()
                .flat_map(|w| &w.copies)
                .any(|c| c.share.as_ref().is_some_and(|s| s.set == id))
    }

    /// A fresh copy id: 8 random hex digits, unused in this manifest.
    pub fn new_id(&self) -> String {
        use rand::RngCore;
        loop {
            let id = format!("{:08x}", rand::rngs::OsRng.next_u32());
            if !self.id_in_use(&id) {
                return id;
            }
        }
    }
}

/// Two identities name the same wallet: same fingerprint, or (single keys) same first
/// address.
pub fn same_wallet(a: &Identity, b: &Identity) -> bool {
    match (&a.fingerprint, &b.fingerprint) {
        (Some(x), Some(y)) => x == y,
        (None, None) => a.addresses.first().map(|x| &x.address) == b.addresses.first().map(|x| &x.address),
        _ => false,
    }
}

/// The lock that keeps two runs from writing the manifest at once. The operating system
/// releases it when the process ends, however it ends.
pub struct Lock {
    _file: File,
}

impl Lock {
    /// Takes the lock in `home`, or fails at once when another run holds it.
    pub fn acquire(home: &Path) -> Result<Lock, ManifestError> {
        atomic::create_private_dir(home)?;
        let path = home.join("manifest.lock");
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .mode(0o600)
            .open(&path)
            .map_err(|e| ManifestError::Read(path.clone(), e))?;
        match file.try_lock() {
            Ok(()) => Ok(Lock { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => Err(ManifestError::Locked(path)),
            Err(std::fs::TryLockError::Error(e)) => Err(ManifestError::Read(path, e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_newer_versions() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Manifest::load(dir.path()).unwrap().wallets.len(), 0);
        let mut m = Manifest::default();
        m.wallets.push(WalletRecord {
            label: "a".into(),
            fingerprint: Some("73c5da0a".into()),
            passphrase_in_use: false,
            identity: Identity { fingerprint: Some("73c5da0a".into()), addresses: vec![] },
            copies: vec![],
        });
        m.save(dir.path()).unwrap();
        assert_eq!(Manifest::load(dir.path()).unwrap(), m);
        std::fs::write(dir.path().join(FILE_NAME), r#"{"format":"seedsafe-manifest","version":9}"#).unwrap();
        assert!(matches!(Manifest::load(dir.path()), Err(ManifestError::Newer(_, 9))));
        std::fs::write(dir.path().join(FILE_NAME), "{").unwrap();
        assert!(matches!(Manifest::load(dir.path()), Err(ManifestError::Invalid(..))));
    }

    #[test]
    fn one_run_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        let lock = Lock::acquire(dir.path()).unwrap();
        assert!(matches!(Lock::acquire(dir.path()), Err(ManifestError::Locked(_))));
        drop(lock);
        Lock::acquire(dir.path()).unwrap();
    }
}

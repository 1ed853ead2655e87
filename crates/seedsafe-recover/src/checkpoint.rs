//! Checkpoints: where a search has got to, so it can stop and resume.
//!
//! A small JSON document, written atomically (temporary file in the same folder, fsync,
//! rename, fsync the folder), holding the position in the numbered space below which every
//! candidate has been tried, the counters, the shard, and an identifier of the search. It
//! holds no words: the identifier is derived from the search settings with PBKDF2 (100,000
//! rounds), so a checkpoint file cannot be used to test guesses of the pattern cheaply.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::Sha512;

use crate::passphrase::Passphrases;
use crate::pattern::{Pattern, Wordlist};
use crate::space::{Mistakes, Shard};
use crate::target::Target;

const FORMAT: &str = "seedsafe-repair-checkpoint";
const VERSION: u32 = 1;
/// Rounds of the search identifier's key stretching.
const ID_ROUNDS: u32 = 100_000;

/// Why a checkpoint cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading or writing failed.
    #[error("checkpoint {}: {source}", .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What failed.
        source: std::io::Error,
    },
    /// Not a checkpoint of this tool and version.
    #[error("{} is not a seedsafe repair checkpoint (or a damaged one)", .0.display())]
    NotACheckpoint(PathBuf),
    /// A checkpoint of another search.
    #[error("the checkpoint belongs to a different search (pattern, mistakes, passphrases or target differ); use another --checkpoint file, or delete it to start over")]
    OtherSearch,
    /// A checkpoint of another shard.
    #[error("the checkpoint was written by shard {0}; give that --shard, or another --checkpoint file")]
    OtherShard(Shard),
}

/// The saved state of a search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checkpoint {
    /// Identifier of the search settings.
    pub search: String,
    /// The shard searched.
    pub shard: Shard,
    /// First candidate number of the shard.
    pub start: u128,
    /// End of the shard's range.
    pub end: u128,
    /// Every candidate below this number has been tried.
    pub position: u128,
    /// Candidates key-stretched so far.
    pub checked: u64,
}

/// The document on disk. Candidate numbers are strings: they exceed JSON's safe integers.
#[derive(Serialize, Deserialize)]
struct Document {
    format: String,
    version: u32,
    search: String,
    shard: String,
    start: String,
    end: String,
    position: String,
    checked: u64,
    finished: bool,
}

impl Checkpoint {
    /// Reads a checkpoint; `None` when the file does not exist yet.
    pub fn load(path: &Path) -> Result<Option<Checkpoint>, Error> {
        let text = match fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(Error::Io { path: path.to_path_buf(), source }),
        };
        let bad = || Error::NotACheckpoint(path.to_path_buf());
        let doc: Document = serde_json::from_str(&text).map_err(|_| bad())?;
        if doc.format != FORMAT || doc.version != VERSION {
            return Err(bad());
        }
        let num = |s: &str| s.parse::<u128>().map_err(|_| bad());
        let cp = Checkpoint {
            search: doc.search,
            shard: doc.shard.parse().map_err(|_| bad())?,
            start: num(&doc.start)?,
            end: num(&doc.end)?,
            position: num(&doc.position)?,
            checked: doc.checked,
        };
        if !(cp.start..=cp.end).contains(&cp.position) {
            return Err(bad());
        }
        Ok(Some(cp))
    }

    /// Whether this checkpoint continues the search `id` on `shard`.
    pub fn matches(&self, id: &str, shard: Shard, range: &Range<u128>) -> Result<(), Error> {
        if self.search != id {
            return Err(Error::OtherSearch);
        }
        if self.shard != shard || self.start != range.start || self.end != range.end {
            return Err(Error::OtherShard(self.shard));
        }
        Ok(())
    }

    /// Writes the checkpoint atomically, replacing the previous one.
    pub fn save(&self, path: &Path) -> Result<(), Error> {
        let doc = Document {
            format: FORMAT.into(),
            version: VERSION,
            search: self.search.clone(),
            shard: self.shard.to_string(),
            start: self.start.to_string(),
            end: self.end.to_string(),
            position: self.position.to_string(),
            checked: self.checked,
            finished: self.position == self.end,
        };
        let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
        text.push('\n');
        write_atomically(path, text.as_bytes())
            .map_err(|source| Error::Io { path: path.to_path_buf(), source })
    }
}

fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut options = OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&tmp, path)?;
        File::open(&dir)?.sync_all()
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// The identifier of a search: PBKDF2 of its settings, so that resuming with other settings
/// is noticed without storing the settings (which include known words).
pub fn search_id(
    format: &str,
    pattern: &Pattern,
    mistakes: Mistakes,
    passphrases: &Passphrases,
    target: Option<&Target>,
) -> String {
    let mut material = zeroize::Zeroizing::new(Vec::new());
    let mut put = |bytes: &[u8]| {
        material.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        material.extend_from_slice(bytes);
    };
    put(format.as_bytes());
    put(match pattern.wordlist {
        Wordlist::Bip39(l) => l.name().as_bytes(),
        Wordlist::Slip39 => b"slip39",
    });
    for slot in &pattern.slots {
        let bytes: Vec<u8> = slot.words.iter().flat_map(|w| w.to_le_bytes()).collect();
        put(&bytes);
    }
    put(&[mistakes.missing as u8, mistakes.swaps as u8, u8::from(mistakes.unordered)]);
    let mut one = String::new();
    put(&passphrases.len().to_le_bytes());
    // The first and last passphrases stand for the list (enough to tell lists apart).
    for i in [0, passphrases.len().saturating_sub(1)] {
        passphrases.get(i, &mut one);
        put(one.as_bytes());
    }
    zeroize::Zeroize::zeroize(&mut one);
    put(target.map(Target::identity).unwrap_or_default().as_bytes());
    let mut out = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<Sha512>(&material, b"seedsafe repair checkpoint", ID_ROUNDS, &mut out);
    hex::encode(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_atomic_replace() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("cp.json");
        assert_eq!(Checkpoint::load(&path).expect("no file yet"), None);
        let mut cp = Checkpoint {
            search: "ab".into(),
            shard: Shard { index: 2, count: 3 },
            start: 10,
            end: u128::MAX,
            position: 1 << 100,
            checked: 7,
        };
        cp.save(&path).expect("saved");
        assert_eq!(Checkpoint::load(&path).expect("read"), Some(cp.clone()));
        cp.position += 1;
        cp.save(&path).expect("replaced");
        assert_eq!(Checkpoint::load(&path).expect("read").map(|c| c.position), Some((1 << 100) + 1));
        assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 1, "no temporary file left");
        assert!(matches!(cp.matches("other", cp.shard, &(10..u128::MAX)), Err(Error::OtherSearch)));
        assert!(matches!(cp.matches("ab", Shard::WHOLE, &(10..u128::MAX)), Err(Error::OtherShard(_))));
        std::fs::write(&path, "{}").expect("write");
        assert!(matches!(Checkpoint::load(&path), Err(Error::NotACheckpoint(_))));
    }
}

//! Restore drills: proving that a copy still restores the wallet, by comparing the wallet
//! identity it opens with the one recorded (never by comparing secrets).
//!
//! An electronic copy is fetched, its SHA-256 compared with the manifest's, decrypted and
//! restored. A paper sheet is drilled by typing its words; a share set by gathering
//! threshold shares from their places (electronic ones fetched, cards typed). The result and
//! the date go into the manifest.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use age::secrecy::SecretString;
use seedsafe_core::age_file::{self, Identities};
use seedsafe_core::bip39::Language;
use seedsafe_core::envelope::EnvelopeSecret;
use seedsafe_core::secret::Passphrase;
use seedsafe_core::slip39::Share;
use seedsafe_core::wallet::{Identity, Secret, Wallet};
use serde::Serialize;
use zeroize::Zeroizing;

use crate::credentials::Credentials;
use crate::destination::{DestinationError, Store};
use crate::health::fetch;
use crate::manifest::{CopyRecord, DrillRecord, DrillResult, Lock, Manifest, ManifestError, WalletRecord};
use crate::plan::Method;
use crate::run::{identity_from_shares, keystore_address, single_share};
use crate::seal::{self, sha256_hex};
use crate::time;

/// Why drills cannot start.
#[derive(Debug, thiserror::Error)]
pub enum DrillError {
    /// The manifest cannot be used.
    #[error(transparent)]
    Manifest(#[from] ManifestError),
    /// No such copy.
    #[error("no copy {0:?} in the manifest; `seedsafe status` lists the copies")]
    UnknownCopy(String),
    /// Nothing to drill.
    #[error("the manifest holds no copies yet; run a plan first (`seedsafe plan run`)")]
    NoCopies,
}

/// A drill to do: one copy, or a whole share set.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    /// One copy, by id.
    Copy(String),
    /// A share set, by set id.
    Set(String),
}

/// What a drill needs from the person.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Needs {
    /// Some copy is encrypted with a password.
    pub password: bool,
    /// Some copy is encrypted to public keys (needs `--identity`).
    pub identity: bool,
    /// Copies whose words must be typed (paper sheets, share cards), by id.
    pub typed: Vec<String>,
    /// The wallet needs its BIP-39 passphrase.
    pub passphrase: bool,
}

/// What opens the copies.
#[derive(Default)]
pub struct Keys {
    /// The password of password-encrypted copies.
    pub password: Option<SecretString>,
    /// Contents of age or SSH identity files.
    pub identities: Vec<Zeroizing<Vec<u8>>>,
    /// The wallet's BIP-39 passphrase, when it has one.
    pub passphrase: Passphrase,
    /// What age plugins (a YubiKey's) show and ask while opening copies.
    pub ui: age_file::Ui,
}

/// Asks the person for the words of a paper copy. `None`: they cannot be given now.
pub trait Typist {
    /// The words written on `copy` (a paper sheet or a share card).
    fn words(&mut self, copy: &CopyRecord, wallet: &WalletRecord) -> Option<Zeroizing<String>>;
}

impl<F: FnMut(&CopyRecord, &WalletRecord) -> Option<Zeroizing<String>>> Typist for F {
    fn words(&mut self, copy: &CopyRecord, wallet: &WalletRecord) -> Option<Zeroizing<String>> {
        self(copy, wallet)
    }
}

/// The result of one drill.
#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    /// The copy id, or the share set id.
    pub copy: String,
    /// The copies whose drill record was updated.
    pub copies: Vec<String>,
    /// The wallet's label.
    pub wallet: String,
    /// How the copy was made.
    pub method: Method,
    /// Where it is kept (for a set: every place).
    pub location: String,
    /// `ok`, `failed`, or `skipped` (not drilled: something was not given; nothing recorded).
    pub result: &'static str,
    /// What was checked, or what went wrong.
    pub message: String,
}

/// The drills for the ids given (a share's id drills its whole set), or for every copy.
pub fn targets(manifest: &Manifest, ids: &[String]) -> Result<Vec<Target>, DrillError> {
    let all: Vec<&CopyRecord> = manifest.wallets.iter().flat_map(|w| &w.copies).collect();
    if all.is_empty() {
        return Err(DrillError::NoCopies);
    }
    let mut out = BTreeSet::new();
    let chosen: Vec<&CopyRecord> = if ids.is_empty() {
        all
    } else {
        let mut v = Vec::new();
        for id in ids {
            match manifest.copy(id) {
                Some((_, c)) => v.push(c),
                None => {
                    let set: Vec<&CopyRecord> = all
                        .iter()
                        .copied()
                        .filter(|c| c.share.as_ref().is_some_and(|s| &s.set == id))
                        .collect();
                    if set.is_empty() {
                        return Err(DrillError::UnknownCopy(id.clone()));
                    }
                    v.extend(set);
                }
            }
        }
        v
    };
    for c in chosen {
        out.insert(match &c.share {
            Some(s) => Target::Set(s.set.clone()),
            None => Target::Copy(c.id.clone()),
        });
    }
    Ok(out.into_iter().collect())
}

/// What the drills of `targets` will ask for.
pub fn needs(manifest: &Manifest, targets: &[Target]) -> Needs {
    let mut n = Needs::default();
    for t in targets {
        for (w, c) in members(manifest, t) {
            match c.encryption.as_str() {
                "password" => n.password = true,
                "recipients" => n.identity = true,
                "paper" => n.typed.push(c.id.clone()),
                _ => {}
            }
            n.passphrase |= w.passphrase_in_use;
        }
    }
    n
}

fn members<'m>(manifest: &'m Manifest, target: &Target) -> Vec<(&'m WalletRecord, &'m CopyRecord)> {
    manifest
        .wallets
        .iter()
        .flat_map(|w| w.copies.iter().map(move |c| (w, c)))
        .filter(|(_, c)| match target {
            Target::Copy(id) => &c.id == id,
            Target::Set(set) => c.share.as_ref().is_some_and(|s| &s.set == set),
        })
        .collect()
}

/// Runs the drills, recording each result in the manifest in `home` as it comes.
pub fn run(
    home: &Path,
    targets: &[Target],
    keys: &Keys,
    creds: &Credentials,
    typist: &mut dyn Typist,
) -> Result<Vec<Outcome>, DrillError> {
    let _lock = Lock::acquire(home)?;
    let mut manifest = Manifest::load(home)?;
    let mut stores = HashMap::new();
    let mut out = Vec::new();
    for t in targets {
        let pairs = members(&manifest, t);
        let Some((wallet, first)) = pairs.first().copied() else { continue };
        let mut driller = Driller { keys, creds, stores: &mut stores, wallet };
        let (outcome, records) = match t {
            Target::Copy(_) => {
                let (result, message) = driller.copy(first, typist);
                let records = if result == "skipped" {
                    vec![]
                } else {
                    vec![(first.id.clone(), result, message.clone())]
                };
                (
                    Outcome {
                        copy: first.id.clone(),
                        copies: records.iter().map(|r| r.0.clone()).collect(),
                        wallet: wallet.label.clone(),
                        method: first.method,
                        location: first.location.clone(),
                        result,
                        message,
                    },
                    records,
                )
            }
            Target::Set(set) => {
                let shares: Vec<&CopyRecord> = pairs.iter().map(|(_, c)| *c).collect();
                driller.set(set, &shares, typist)
            }
        };
        let date = time::now_rfc3339();
        for (id, result, detail) in &records {
            if let Some(c) = manifest.copy_mut(id) {
                let result = if *result == "ok" { DrillResult::Ok } else { DrillResult::Failed };
                c.last_drill = Some(DrillRecord { date: date.clone(), result, detail: detail.clone() });
            }
        }
        if !records.is_empty() {
            manifest.save(home)?;
        }
        out.push(outcome);
    }
    Ok(out)
}

type Stores = HashMap<(String, String), Result<Store, String>>;

struct Driller<'a> {
    keys: &'a Keys,
    creds: &'a Credentials,
    stores: &'a mut Stores,
    wallet: &'a WalletRecord,
}

/// A drill's verdict: `ok`, `failed` (recorded) or `skipped` (nothing recorded).
type Verdict = (&'static str, String);

fn failed(message: impl Into<String>) -> Verdict {
    ("failed", message.into())
}

fn skipped(message: impl Into<String>) -> Verdict {
    ("skipped", message.into())
}

impl Driller<'_> {
    fn passphrase_missing(&self) -> bool {
        self.wallet.passphrase_in_use && self.keys.passphrase.is_empty()
    }

    fn compare(&self, identity: &Identity, what: &str) -> Verdict {
        if *identity == self.wallet.identity {
            ("ok", format!("{what}: restores the wallet (fingerprint and first addresses match)"))
        } else {
            failed(format!("{what}: restores a different wallet than the one recorded"))
        }
    }

    /// Fetches a copy and checks its hash.
    fn fetch(&mut self, c: &CopyRecord) -> Result<Vec<u8>, Verdict> {
        let (Some(dest), Some(object)) = (&c.destination, &c.object) else {
            return Err(failed("the manifest records no destination for this copy"));
        };
        let bytes = fetch(self.stores, dest, c.profile.as_deref(), self.creds, object).map_err(
            |e: DestinationError| {
                if e.is_not_found() {
                    failed(format!("missing: {object} is not at {dest}"))
                } else {
                    failed(format!("could not be fetched: {e}"))
                }
            },
        )?;
        if sha256_hex(&bytes) != c.sha256 {
            return Err(failed(format!(
                "altered: {object} at {dest} is not what was written (SHA-256 differs)"
            )));
        }
        Ok(bytes)
    }

    fn opener(&self, c: &CopyRecord) -> Result<Option<Identities>, Verdict> {
        match c.encryption.as_str() {
            "none" => Ok(None),
            "password" => match &self.keys.password {
                Some(p) => Ok(Some(Identities::Password(p.clone()))),
                None => Err(skipped("needs the password: give --password-file, or run on a terminal")),
            },
            _ => {
                let mut ids = Vec::new();
                for data in &self.keys.identities {
                    ids.extend(
                        age_file::parse_identities_with(data, &self.keys.ui)
                            .map_err(|e| skipped(e.to_string()))?,
                    );
                }
                if ids.is_empty() {
                    return Err(skipped(
                        "encrypted to public keys: give --identity with a matching private key",
                    ));
                }
                Ok(Some(Identities::Keys(ids)))
            }
        }
    }

    fn copy(&mut self, c: &CopyRecord, typist: &mut dyn Typist) -> Verdict {
        if self.passphrase_missing() {
            return skipped(
                "the wallet uses a BIP-39 passphrase: give --passphrase-file or --ask-passphrase",
            );
        }
        match c.method {
            Method::PaperSheet => self.paper(c, typist),
            Method::Keystore => self.keystore(c),
            _ => self.envelope(c),
        }
        .unwrap_or_else(|v| v)
    }

    fn envelope(&mut self, c: &CopyRecord) -> Result<Verdict, Verdict> {
        let bytes = self.fetch(c)?;
        let opener = self.opener(c)?;
        let envelope = match seal::open(&bytes, opener.as_ref()) {
            Ok(e) => e,
            // The bytes are the ones written (the hash matched): what fails is the key given.
            Err(seal::VerifyError::DoesNotOpen(e)) => return Err(skipped(format!("not opened: {e}"))),
            Err(e) => return Err(failed(e.to_string())),
        };
        let verified =
            envelope.verify(&self.keys.passphrase).map_err(|e| failed(format!("does not restore: {e}")))?;
        Ok(self.compare(&verified.identity, "fetched, hash OK, decrypted"))
    }

    fn keystore(&mut self, c: &CopyRecord) -> Result<Verdict, Verdict> {
        let bytes = self.fetch(c)?;
        let Some(password) = &self.keys.password else {
            return Err(skipped("needs the password: give --password-file, or run on a terminal"));
        };
        let address = keystore_address(&bytes, password).map_err(|e| skipped(format!("not opened: {e}")))?;
        let recorded =
            self.wallet.identity.addresses.iter().find(|a| a.chain == seedsafe_core::chain::Chain::Eth);
        match recorded {
            Some(a) if a.address.eq_ignore_ascii_case(&address) => {
                Ok(("ok", "fetched, hash OK, decrypted: opens the wallet's first Ethereum key".into()))
            }
            _ => Err(failed("the keystore opens a key that is not the wallet's first Ethereum key")),
        }
    }

    fn paper(&mut self, c: &CopyRecord, typist: &mut dyn Typist) -> Result<Verdict, Verdict> {
        let words =
            typist.words(c, self.wallet).ok_or_else(|| skipped("needs the words typed from the sheet"))?;
        // A typing mistake says nothing about the sheet: nothing is recorded, type again.
        let secret = Secret::parse(&words, None, None).map_err(|e| {
            skipped(format!(
                "the words typed are not valid ({e}); nothing recorded: check the typing and drill again"
            ))
        })?;
        let identity =
            Wallet::open(&secret, &self.keys.passphrase).map_err(|e| failed(e.to_string()))?.identity();
        Ok(self.compare(&identity, "words typed"))
    }

    /// Gathers threshold shares (electronic ones first, then cards) and restores.
    fn set(
        &mut self,
        set: &str,
        shares: &[&CopyRecord],
        typist: &mut dyn Typist,
    ) -> (Outcome, Vec<(String, &'static str, String)>) {
        let first = shares[0];
        let threshold = usize::from(first.share.as_ref().map_or(1, |s| s.threshold));
        let mut outcome = Outcome {
            copy: set.to_string(),
            copies: Vec::new(),
            wallet: self.wallet.label.clone(),
            method: Method::Slip39Shares,
            location: shares.iter().map(|c| c.location.as_str()).collect::<Vec<_>>().join(", "),
            result: "skipped",
            message: String::new(),
        };
        if self.passphrase_missing() {
            outcome.message =
                "the wallet uses a BIP-39 passphrase: give --passphrase-file or --ask-passphrase".into();
            return (outcome, vec![]);
        }
        let mut records = Vec::new();
        let mut got: Vec<(String, Share)> = Vec::new();
        let mut language = Language::English;
        let mut notes = Vec::new();
        let mut ordered: Vec<&&CopyRecord> = shares.iter().filter(|c| c.destination.is_some()).collect();
        ordered.extend(shares.iter().filter(|c| c.destination.is_none()));
        for c in ordered {
            if got.len() >= threshold {
                break;
            }
            let share = if c.destination.is_some() {
                self.share_from_copy(c).map(|(s, l)| {
                    language = l;
                    s
                })
            } else {
                typist.words(c, self.wallet).ok_or_else(|| skipped("card not typed")).and_then(|w| {
                    Share::parse(&w).map_err(|e| {
                        skipped(format!(
                            "the card's words typed are not a valid share ({e}); check the typing"
                        ))
                    })
                })
            };
            match share {
                Ok(s) => got.push((c.id.clone(), s)),
                Err((result, message)) => {
                    notes.push(format!("share {}: {message}", c.id));
                    if result == "failed" {
                        records.push((c.id.clone(), "failed", message));
                    }
                }
            }
        }
        if got.len() < threshold {
            outcome.result = if records.is_empty() { "skipped" } else { "failed" };
            outcome.message =
                format!("gathered {} of the {threshold} shares needed; {}", got.len(), notes.join("; "));
            outcome.copies = records.iter().map(|r| r.0.clone()).collect();
            return (outcome, records);
        }
        let set_shares: Vec<Share> = got.iter().map(|(_, s)| s.clone()).collect();
        let (result, message) = match identity_from_shares(&set_shares, language, &self.keys.passphrase) {
            Ok(identity) => self.compare(&identity, &format!("{threshold} shares gathered and combined")),
            Err(e) => failed(format!("the shares gathered do not combine: {e}")),
        };
        records.extend(got.iter().map(|(id, _)| (id.clone(), result, message.clone())));
        outcome.result = result;
        outcome.message =
            if notes.is_empty() { message } else { format!("{message} ({})", notes.join("; ")) };
        outcome.copies = records.iter().map(|r| r.0.clone()).collect();
        (outcome, records)
    }

    fn share_from_copy(&mut self, c: &CopyRecord) -> Result<(Share, Language), Verdict> {
        let bytes = self.fetch(c)?;
        let opener = self.opener(c)?;
        let envelope = match seal::open(&bytes, opener.as_ref()) {
            Ok(e) => e,
            Err(seal::VerifyError::DoesNotOpen(e)) => return Err(skipped(format!("not opened: {e}"))),
            Err(e) => return Err(failed(e.to_string())),
        };
        let language = match &envelope.secret {
            EnvelopeSecret::Slip39Shares { language: Some(l), .. } => l.parse().unwrap_or(Language::English),
            _ => Language::English,
        };
        Ok((single_share(&envelope).map_err(failed)?, language))
    }
}

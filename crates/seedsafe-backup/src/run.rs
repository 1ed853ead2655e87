//! Running a plan: every copy it asks for, each written, read back and restored before it
//! is recorded. Re-running makes only what is missing; `rotate` replaces copies once the new
//! ones are verified.
//!
//! Crash safety: before a copy is written the manifest records it as *pending*; it becomes a
//! copy only after it was read back and restored. A run killed in between leaves a pending
//! entry, never a copy record, and the next run deletes what it may have left behind. A copy
//! never appears under its final name half-written ([`Store::put`]).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use age::secrecy::SecretString;
use seedsafe_core::bip39::Mnemonic;
use seedsafe_core::chain::Chain;
use seedsafe_core::envelope::{Envelope, EnvelopeSecret};
use seedsafe_core::keystore::{self, KdfParams};
use seedsafe_core::secret::Passphrase;
use seedsafe_core::slip39::{self, Share, SplitOptions};
use seedsafe_core::wallet::{DeriveRequest, Identity, Secret, Wallet};
use seedsafe_paper::cards::{ShareCards, ShareMode};
use seedsafe_paper::seedqr::SeedQrFormat;
use seedsafe_paper::sheet::BackupSheet;
use serde::Serialize;
use zeroize::Zeroizing;

use crate::atomic;
use crate::credentials::Credentials;
use crate::destination::{Destination, Store};
use crate::manifest::{
    same_wallet, CopyRecord, Lock, Manifest, ManifestError, Pending, ShareRecord, WalletRecord,
};
use crate::plan::{CopyPlan, Method, Plan, PlanError, WalletPlan};
use crate::seal::{self, sha256_hex, Encryption};
use crate::time;

/// Why a plan cannot run at all. (A copy that fails is reported in [`Report`], and the
/// others are still made.)
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The plan is wrong.
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// The manifest cannot be used.
    #[error(transparent)]
    Manifest(#[from] ManifestError),
    /// The secret does not open a wallet.
    #[error("the secret does not open a wallet: {0}")]
    Secret(String),
    /// The plan's wallet label belongs to another wallet in the manifest.
    #[error("wallet {label:?} was backed up before as fingerprint {recorded}, but the secret given opens {given}; give that wallet's secret, or use another label")]
    OtherWallet {
        /// The label.
        label: String,
        /// What the manifest has.
        recorded: String,
        /// What the secret opens.
        given: String,
    },
    /// A copy the plan asks for cannot hold this kind of secret.
    #[error("{0}")]
    Unsuitable(String),
    /// A copy needs a password and none was given.
    #[error("a copy is encrypted with a password and no password was given")]
    NeedPassword,
}

/// What happened to one copy.
#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    /// The plan entry.
    pub plan_copy: String,
    /// For a share: its number in the set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub share: Option<u8>,
    /// How it is made.
    pub method: Method,
    /// `made`, `kept`, `failed`, `removed` (an old copy replaced).
    pub result: &'static str,
    /// The copy id (for `made`, `kept`, `removed`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub copy: Option<String>,
    /// Where.
    pub location: String,
    /// The destination, for electronic copies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destination: Option<String>,
    /// A PDF to print, for paper.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub print_file: Option<String>,
    /// For people: what was done, or what went wrong.
    pub message: String,
}

/// What a run did.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// The wallet's label.
    pub wallet: String,
    /// Its fingerprint.
    pub fingerprint: Option<String>,
    /// One entry per copy.
    pub copies: Vec<Outcome>,
    /// Leftovers of interrupted runs that were cleaned up (their would-be copy ids).
    pub cleaned: Vec<String>,
}

impl Report {
    /// Whether every copy the plan asks for exists now.
    pub fn complete(&self) -> bool {
        self.copies.iter().all(|c| c.result != "failed")
    }
}

enum Decision {
    Keep(Vec<String>),
    Make { replace: Vec<String>, why: &'static str },
}

/// A run, prepared: the plan checked against the secret and the manifest, the manifest
/// locked. [`Run::execute`] writes the copies.
pub struct Run<'a> {
    wallet: &'a WalletPlan,
    secret: &'a Secret,
    passphrase: &'a Passphrase,
    identity: Identity,
    home: PathBuf,
    creds: &'a Credentials,
    manifest: Manifest,
    decisions: Vec<Decision>,
    /// Destinations where leftovers of earlier runs could not be removed: not tried again
    /// in this run, so unfinished entries do not pile up while one is down.
    unreachable: BTreeSet<String>,
    _lock: Lock,
}

/// Prepares a run of `plan` for the wallet `label` (or its only wallet) whose secret is
/// `secret`. Checks the plan, opens the wallet, locks the manifest in `home`, and decides
/// which copies to make; nothing is written yet.
pub fn prepare<'a>(
    plan: &'a Plan,
    label: Option<&str>,
    secret: &'a Secret,
    passphrase: &'a Passphrase,
    home: &Path,
    creds: &'a Credentials,
    rotate: bool,
) -> Result<Run<'a>, RunError> {
    let check = plan.check(creds);
    if !check.errors.is_empty() {
        return Err(PlanError::Invalid(check.errors).into());
    }
    let wallet = plan.wallet(label)?;
    let identity = Wallet::open(secret, passphrase).map_err(|e| RunError::Secret(e.to_string()))?.identity();
    for copy in &wallet.copies {
        suitable(copy, secret)?;
    }
    let lock = Lock::acquire(home)?;
    let mut manifest = Manifest::load(home)?;
    if let Some(w) = manifest.wallets.iter().find(|w| w.label == wallet.label) {
        if !same_wallet(&w.identity, &identity) {
            return Err(RunError::OtherWallet {
                label: wallet.label.clone(),
                recorded: show_fp(&w.identity),
                given: show_fp(&identity),
            });
        }
    }
    manifest.policy = plan.policy.into();
    let records: Vec<CopyRecord> =
        manifest.wallet_by_identity(&identity).map(|w| w.copies.clone()).unwrap_or_default();
    let decisions = wallet.copies.iter().map(|c| decide(c, &records, creds, rotate)).collect();
    Ok(Run {
        wallet,
        secret,
        passphrase,
        identity,
        home: home.to_path_buf(),
        creds,
        manifest,
        decisions,
        unreachable: BTreeSet::new(),
        _lock: lock,
    })
}

fn show_fp(identity: &Identity) -> String {
    identity
        .fingerprint
        .clone()
        .or_else(|| identity.addresses.first().map(|a| a.address.clone()))
        .unwrap_or_else(|| "(none)".into())
}

/// Whether `secret` can be made into the copy.
fn suitable(copy: &CopyPlan, secret: &Secret) -> Result<(), RunError> {
    let why = match (copy.method, secret) {
        (Method::EncryptedFile, Secret::Slip39Wallet(_)) => "a SLIP-39 wallet is backed up as its shares, not as an encrypted file",
        (Method::Slip39Shares, s) if !matches!(s, Secret::Bip39(_)) => {
            "slip39-shares copies are made from BIP-39 words (use `seedsafe split --mode wallet` for other secrets)"
        }
        (Method::PaperSheet, s) if !matches!(s, Secret::Bip39(_) | Secret::Electrum(_)) => {
            "a paper sheet holds words: BIP-39 or Electrum seeds only"
        }
        (Method::Keystore, Secret::Electrum(_)) => "an Electrum seed has no Ethereum key for a keystore",
        _ => return Ok(()),
    };
    Err(RunError::Unsuitable(format!("copy {:?}: {why}", copy.name)))
}

fn decide(copy: &CopyPlan, records: &[CopyRecord], creds: &Credentials, rotate: bool) -> Decision {
    let mine: Vec<&CopyRecord> = records.iter().filter(|r| r.plan_copy == copy.name).collect();
    let ids = || mine.iter().map(|r| r.id.clone()).collect::<Vec<_>>();
    if mine.is_empty() {
        return Decision::Make { replace: Vec::new(), why: "" };
    }
    if rotate {
        return Decision::Make { replace: ids(), why: "rotated" };
    }
    if copy.method == Method::Slip39Shares {
        return decide_set(copy, &mine, creds);
    }
    let r = mine[0];
    if mine.len() > 1 || r.method != copy.method || r.destination != copy.destination {
        return Decision::Make { replace: ids(), why: "the plan changed" };
    }
    if !present(r, creds) {
        return Decision::Make { replace: ids(), why: "the old copy is missing at its destination" };
    }
    Decision::Keep(ids())
}

fn decide_set(copy: &CopyPlan, mine: &[&CopyRecord], creds: &Credentials) -> Decision {
    let all = mine.iter().map(|r| r.id.clone()).collect::<Vec<_>>();
    let mut sets: BTreeMap<&str, Vec<&CopyRecord>> = BTreeMap::new();
    for r in mine {
        if let Some(s) = &r.share {
            sets.entry(s.set.as_str()).or_default().push(r);
        }
    }
    let count = copy.shares.len();
    let matches = |set: &Vec<&CopyRecord>| {
        set.len() == count
            && set.iter().all(|r| {
                let s = r.share.as_ref().map_or(0, |s| usize::from(s.member));
                let want = copy.shares.get(s.wrapping_sub(1));
                r.share
                    .as_ref()
                    .is_some_and(|x| Some(x.threshold) == copy.threshold && usize::from(x.count) == count)
                    && want.is_some_and(|w| w.destination == r.destination)
            })
    };
    match sets.values().find(|s| matches(s)) {
        None => Decision::Make { replace: all, why: "the plan changed or the set is incomplete" },
        Some(set) if !set.iter().all(|r| present(r, creds)) => {
            Decision::Make { replace: all, why: "a share is missing at its destination" }
        }
        Some(set) => Decision::Keep(set.iter().map(|r| r.id.clone()).collect()),
    }
}

/// Whether an electronic copy is still at its destination; paper, and destinations that
/// cannot be asked right now, count as present (status --online reports those).
fn present(r: &CopyRecord, creds: &Credentials) -> bool {
    let (Some(dest), Some(object)) = (&r.destination, &r.object) else { return true };
    let Ok(d) = dest.parse::<Destination>() else { return true };
    d.open(creds, r.profile.as_deref().unwrap_or(d.default_profile()))
        .and_then(|s| s.exists(object))
        .unwrap_or(true)
}

impl Run<'_> {
    /// Whether a copy to be made is encrypted with a password.
    pub fn needs_password(&self) -> bool {
        self.wallet.copies.iter().zip(&self.decisions).any(|(c, d)| {
            matches!(d, Decision::Make { .. })
                && c.recipients.is_empty()
                && !c.plaintext
                && match c.method {
                    Method::EncryptedFile | Method::Keystore => true,
                    Method::Slip39Shares => c.shares.iter().any(|s| s.destination.is_some()),
                    Method::PaperSheet => false,
                }
        })
    }

    /// The wallet's public identity.
    pub fn identity(&self) -> &Identity {
        &self.identity
    }

    /// Makes the copies. `password` encrypts the copies that use one.
    pub fn execute(mut self, password: Option<SecretString>) -> Result<Report, RunError> {
        if self.needs_password() && password.is_none() {
            return Err(RunError::NeedPassword);
        }
        self.record_wallet()?;
        let cleaned = self.clean_pending()?;
        let mut out = Vec::new();
        let decisions = std::mem::take(&mut self.decisions);
        for (copy, decision) in self.wallet.copies.iter().zip(decisions) {
            match decision {
                Decision::Keep(ids) => out.extend(self.keep(copy, &ids)?),
                Decision::Make { replace, why } => {
                    let made = match copy.method {
                        Method::Slip39Shares => self.make_set(copy, password.as_ref())?,
                        _ => vec![self.make_one(copy, password.as_ref())?],
                    };
                    let all_made = made.iter().all(|o| o.result == "made");
                    out.extend(made);
                    if all_made && !replace.is_empty() {
                        out.extend(self.remove_old(&replace, why)?);
                    }
                }
            }
        }
        Ok(Report {
            wallet: self.wallet.label.clone(),
            fingerprint: self.identity.fingerprint.clone(),
            copies: out,
            cleaned,
        })
    }

    fn save(&mut self) -> Result<(), RunError> {
        Ok(self.manifest.save(&self.home)?)
    }

    fn record_wallet(&mut self) -> Result<(), RunError> {
        let label = self.wallet.label.clone();
        let in_use = !self.passphrase.is_empty();
        match self.manifest.wallets.iter_mut().find(|w| same_wallet(&w.identity, &self.identity)) {
            Some(w) => {
                w.label = label;
                w.passphrase_in_use = in_use;
            }
            None => self.manifest.wallets.push(WalletRecord {
                label,
                fingerprint: self.identity.fingerprint.clone(),
                passphrase_in_use: in_use,
                identity: self.identity.clone(),
                copies: Vec::new(),
            }),
        }
        self.save()
    }

    fn wallet_record(&mut self) -> &mut WalletRecord {
        let identity = &self.identity;
        let i = self.manifest.wallets.iter().position(|w| same_wallet(&w.identity, identity)).unwrap_or(0);
        &mut self.manifest.wallets[i]
    }

    /// Deletes what interrupted runs may have left at their destinations.
    fn clean_pending(&mut self) -> Result<Vec<String>, RunError> {
        let mut cleaned = Vec::new();
        for p in self.manifest.pending.clone() {
            let gone = p.destination.parse::<Destination>().ok().and_then(|d| {
                let store = d.open(self.creds, p.profile.as_deref().unwrap_or(d.default_profile())).ok()?;
                store.delete(&p.object).ok()
            });
            if gone.is_some() {
                self.manifest.pending.retain(|x| x.id != p.id);
                cleaned.push(p.id);
            } else {
                self.unreachable.insert(p.destination);
            }
        }
        if !cleaned.is_empty() {
            self.save()?;
        }
        Ok(cleaned)
    }

    fn keep(&mut self, copy: &CopyPlan, ids: &[String]) -> Result<Vec<Outcome>, RunError> {
        let mut out = Vec::new();
        let mut changed = false;
        for id in ids {
            let Some(r) = self.manifest.copy_mut(id) else { continue };
            let want = match (&r.share, copy.method) {
                (Some(s), _) => copy.shares.get(usize::from(s.member) - 1).map(|s| s.location.clone()),
                (None, _) => copy.location.clone(),
            };
            if let Some(want) = want.filter(|w| *w != r.location) {
                r.location = want;
                changed = true;
            }
            out.push(Outcome {
                plan_copy: copy.name.clone(),
                share: r.share.as_ref().map(|s| s.member),
                method: copy.method,
                result: "kept",
                copy: Some(r.id.clone()),
                location: r.location.clone(),
                destination: r.destination.clone(),
                print_file: None,
                message: format!("already made on {}", r.created),
            });
        }
        if changed {
            self.save()?;
        }
        Ok(out)
    }

    fn outcome(copy: &CopyPlan, share: Option<u8>, location: &str, destination: Option<&str>) -> Outcome {
        Outcome {
            plan_copy: copy.name.clone(),
            share,
            method: copy.method,
            result: "failed",
            copy: None,
            location: location.to_string(),
            destination: destination.map(str::to_string),
            print_file: None,
            message: String::new(),
        }
    }

    fn encryption(copy: &CopyPlan, password: Option<&SecretString>) -> Result<Encryption, String> {
        if copy.plaintext {
            return Ok(Encryption::Plaintext);
        }
        if copy.recipients.is_empty() {
            return password
                .cloned()
                .map(Encryption::Password)
                .ok_or_else(|| "no password was given".to_string());
        }
        let keys = seedsafe_core::age_file::parse_recipients(copy.recipients.iter().map(String::as_str))
            .map_err(|e| e.to_string())?;
        Ok(Encryption::Recipients(keys))
    }

    fn make_one(&mut self, copy: &CopyPlan, password: Option<&SecretString>) -> Result<Outcome, RunError> {
        let location = copy.location.clone().unwrap_or_default();
        let mut o = Self::outcome(copy, None, &location, copy.destination.as_deref());
        let id = self.manifest.new_id();
        let created = time::now_rfc3339();
        let made = match copy.method {
            Method::EncryptedFile => self.make_envelope_copy(copy, password, &id, &created),
            Method::Keystore => self.make_keystore(copy, password, &id),
            Method::PaperSheet => self.make_sheet(copy, &id, &created),
            Method::Slip39Shares => Err("a share set is made by make_set".into()),
        };
        match made {
            Ok(mut record) => {
                record.location = location;
                o.print_file = record.print_file.clone();
                o.message = match &record.print_file {
                    Some(pdf) => format!(
                        "wrote {pdf}: print it, keep the sheet at {:?}, then delete the PDF",
                        record.location
                    ),
                    None => "written, read back and restored: OK".into(),
                };
                self.commit(record)?;
                o.result = "made";
                o.copy = Some(id);
            }
            Err(e) => o.message = e,
        }
        Ok(o)
    }

    /// Records a verified copy (and drops its pending entry) in one manifest write.
    fn commit(&mut self, record: CopyRecord) -> Result<(), RunError> {
        let id = record.id.clone();
        self.manifest.pending.retain(|p| p.id != id);
        self.wallet_record().copies.push(record);
        self.save()
    }

    fn record(
        &self,
        copy: &CopyPlan,
        id: &str,
        created: &str,
        sha256: String,
        encryption: &str,
    ) -> CopyRecord {
        CopyRecord {
            id: id.to_string(),
            wallet_fingerprint: self.identity.fingerprint.clone(),
            plan_copy: copy.name.clone(),
            method: copy.method,
            destination: copy.destination.clone(),
            profile: copy.profile.clone(),
            object: None,
            location: copy.location.clone().unwrap_or_default(),
            created: created.to_string(),
            sha256,
            encryption: encryption.to_string(),
            share: None,
            print_file: None,
            last_drill: None,
        }
    }

    fn envelope(&self, secret: EnvelopeSecret, include_passphrase: bool, created: &str) -> Envelope {
        Envelope::new(
            secret,
            !self.passphrase.is_empty(),
            (include_passphrase && !self.passphrase.is_empty()).then(|| self.passphrase.expose().to_string()),
            self.identity.clone(),
            Some(self.wallet.label.clone()),
            created.to_string(),
        )
    }

    fn make_envelope_copy(
        &mut self,
        copy: &CopyPlan,
        password: Option<&SecretString>,
        id: &str,
        created: &str,
    ) -> Result<CopyRecord, String> {
        let secret = EnvelopeSecret::from_secret(self.secret).ok_or("this secret is backed up as shares")?;
        let envelope = self.envelope(secret, copy.include_passphrase, created);
        let sealed =
            seal::seal(&envelope, Self::encryption(copy, password)?, false).map_err(|e| e.to_string())?;
        let object = format!("seedsafe-{id}.age");
        let dest = copy.destination.as_deref().unwrap_or_default();
        let passphrase = self.passphrase;
        self.store(dest, copy.profile.as_deref(), &object, id, sealed.bytes(), |back| {
            sealed.verify(back, &envelope, passphrase).map_err(|e| e.to_string())
        })?;
        let mut r = self.record(copy, id, created, sealed.sha256(), sealed.encryption());
        r.object = Some(object);
        Ok(r)
    }

    fn make_keystore(
        &mut self,
        copy: &CopyPlan,
        password: Option<&SecretString>,
        id: &str,
    ) -> Result<CopyRecord, String> {
        use age::secrecy::ExposeSecret;
        let created = time::now_rfc3339();
        let wallet = Wallet::open(self.secret, self.passphrase).map_err(|e| e.to_string())?;
        let (key, _, address) =
            wallet.derive_key(&DeriveRequest::first(Chain::Eth)).map_err(|e| e.to_string())?;
        let pw = password.ok_or("no password was given")?;
        let ks = keystore::encrypt(key.as_bytes(), pw.expose_secret().as_bytes(), KdfParams::STANDARD)
            .map_err(|e| e.to_string())?;
        let bytes = ks.to_json().into_bytes();
        let object = format!("seedsafe-{id}.keystore.json");
        let dest = copy.destination.as_deref().unwrap_or_default();
        self.store(dest, copy.profile.as_deref(), &object, id, &bytes, |back| {
            if back != bytes.as_slice() {
                return Err("the keystore read back differs from what was written".into());
            }
            keystore_address(back, pw).and_then(|a| {
                if a.eq_ignore_ascii_case(&address) {
                    Ok(())
                } else {
                    Err("the keystore read back opens another key".into())
                }
            })
        })?;
        let mut r = self.record(copy, id, &created, sha256_hex(&bytes), "password");
        r.object = Some(object);
        Ok(r)
    }

    fn make_sheet(&mut self, copy: &CopyPlan, id: &str, created: &str) -> Result<CopyRecord, String> {
        let chains: Vec<Chain> = self.identity.addresses.iter().map(|a| a.chain).collect();
        let date = created.get(..10).unwrap_or(created);
        let sheet = |seedqr| BackupSheet {
            secret: self.secret,
            identity: &self.identity,
            chains: &chains,
            passphrase_in_use: !self.passphrase.is_empty(),
            seedqr,
            label: Some(&self.wallet.label),
            date,
            paper: Default::default(),
            sample: false,
        };
        let pdf = sheet(Some(SeedQrFormat::Standard))
            .render()
            .or_else(|_| sheet(None).render())
            .map_err(|e| e.to_string())?;
        let dir = copy.print_dir(&self.home);
        let file = self.print(&dir, &format!("seedsafe-sheet-{id}.pdf"), id, &pdf)?;
        let mut r = self.record(copy, id, created, sha256_hex(&pdf), "paper");
        r.print_file = Some(file);
        Ok(r)
    }

    /// Writes a PDF to print, as a pending copy first so an interrupted run cleans it up.
    fn print(&mut self, dir: &Path, name: &str, id: &str, pdf: &[u8]) -> Result<String, String> {
        let url = url::Url::from_directory_path(dir)
            .map_err(|()| format!("print_dir {} is not an absolute path", dir.display()))?;
        self.store(url.as_str(), None, name, id, pdf, |back| {
            if back == pdf {
                Ok(())
            } else {
                Err("the PDF read back differs from what was written".into())
            }
        })?;
        Ok(dir.join(name).to_string_lossy().into_owned())
    }

    /// Writes bytes to a destination under a pending entry, reads them back and runs
    /// `check` on them. On failure the partial copy is removed (the pending entry stays if
    /// that fails too, for the next run).
    fn store(
        &mut self,
        dest: &str,
        profile: Option<&str>,
        object: &str,
        id: &str,
        bytes: &[u8],
        check: impl FnOnce(&[u8]) -> Result<(), String>,
    ) -> Result<(), String> {
        if self.unreachable.contains(dest) {
            return Err(format!("{dest}: not tried: what an earlier attempt left there could not be removed (the destination fails)"));
        }
        let d: Destination = dest.parse().map_err(|e: crate::destination::DestinationError| e.to_string())?;
        let store: Store =
            d.open(self.creds, profile.unwrap_or(d.default_profile())).map_err(|e| e.to_string())?;
        self.manifest.pending.push(Pending {
            id: id.to_string(),
            destination: dest.to_string(),
            profile: profile.map(str::to_string),
            object: object.to_string(),
            started: time::now_rfc3339(),
        });
        self.save().map_err(|e| e.to_string())?;
        let result = store
            .put(object, bytes)
            .and_then(|()| store.get(object))
            .map_err(|e| e.to_string())
            .and_then(|back| check(&back));
        if let Err(e) = result {
            if store.delete(object).is_ok() {
                self.manifest.pending.retain(|p| p.id != id);
                self.save().map_err(|e| e.to_string())?;
            }
            return Err(e);
        }
        Ok(())
    }

    fn make_set(
        &mut self,
        copy: &CopyPlan,
        password: Option<&SecretString>,
    ) -> Result<Vec<Outcome>, RunError> {
        let Secret::Bip39(mnemonic) = self.secret else {
            return Err(RunError::Unsuitable("slip39-shares copies are made from BIP-39 words".into()));
        };
        let threshold = copy.threshold.unwrap_or(1);
        let count = u8::try_from(copy.shares.len()).unwrap_or(u8::MAX);
        let shares: Vec<Share> =
            match slip39::split(&mnemonic.entropy(), b"", &SplitOptions::single_group(threshold, count)) {
                Ok(mut groups) if !groups.is_empty() => groups.swap_remove(0),
                Ok(_) => Vec::new(),
                Err(e) => {
                    let mut o = Self::outcome(copy, None, "", None);
                    o.message = e.to_string();
                    return Ok(vec![o]);
                }
            };
        let set = self.manifest.new_id();
        let created = time::now_rfc3339();
        let mut out = Vec::new();
        for (i, (share, plan)) in shares.iter().zip(&copy.shares).enumerate() {
            let member = u8::try_from(i + 1).unwrap_or(u8::MAX);
            let mut o = Self::outcome(copy, Some(member), &plan.location, plan.destination.as_deref());
            let id = self.manifest.new_id();
            let info = ShareRecord { set: set.clone(), member, threshold, count };
            let made = match &plan.destination {
                Some(dest) => self.make_share_copy(
                    copy,
                    password,
                    (&shares, i),
                    dest,
                    plan.profile.as_deref(),
                    &id,
                    &created,
                ),
                None => self.make_card(copy, share, &plan.location, &id, &created),
            };
            match made {
                Ok(mut r) => {
                    r.share = Some(info);
                    r.location = plan.location.clone();
                    r.destination = plan.destination.clone();
                    r.profile = plan.profile.clone();
                    o.print_file = r.print_file.clone();
                    o.message = match &r.print_file {
                        Some(pdf) => format!(
                            "wrote {pdf}: print the card, keep it at {:?}, then delete the PDF",
                            plan.location
                        ),
                        None => "written, read back and restored with the other shares: OK".into(),
                    };
                    self.commit(r)?;
                    o.result = "made";
                    o.copy = Some(id);
                }
                Err(e) => o.message = e,
            }
            out.push(o);
        }
        Ok(out)
    }

    #[allow(clippy::too_many_arguments)]
    fn make_share_copy(
        &mut self,
        copy: &CopyPlan,
        password: Option<&SecretString>,
        (shares, i): (&[Share], usize),
        dest: &str,
        profile: Option<&str>,
        id: &str,
        created: &str,
    ) -> Result<CopyRecord, String> {
        let Secret::Bip39(mnemonic) = self.secret else { return Err("not BIP-39 words".into()) };
        let language = mnemonic.language();
        let secret = EnvelopeSecret::Slip39Shares {
            shares: vec![shares[i].to_mnemonic().to_string()],
            mode: "bip39".into(),
            language: Some(language.name().to_string()),
        };
        let envelope = self.envelope(secret, false, created);
        let sealed =
            seal::seal(&envelope, Self::encryption(copy, password)?, false).map_err(|e| e.to_string())?;
        let object = format!("seedsafe-{id}.age");
        let threshold = usize::from(copy.threshold.unwrap_or(1));
        let (identity, passphrase) = (self.identity.clone(), self.passphrase);
        self.store(dest, profile, &object, id, sealed.bytes(), |back| {
            let read = sealed.open(back).map_err(|e| e.to_string())?;
            let share = single_share(&read)?;
            if *share.to_mnemonic() != *shares[i].to_mnemonic() {
                return Err("the share read back is not the share written".into());
            }
            // Restore with the share read back and threshold - 1 of the others.
            let mut set = vec![share];
            set.extend(
                shares
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != i)
                    .map(|(_, s)| s.clone())
                    .take(threshold - 1),
            );
            let got = identity_from_shares(&set, language, passphrase)?;
            if got == identity {
                Ok(())
            } else {
                Err("the share read back restores a different wallet".into())
            }
        })?;
        let mut r = self.record(copy, id, created, sealed.sha256(), sealed.encryption());
        r.object = Some(object);
        Ok(r)
    }

    fn make_card(
        &mut self,
        copy: &CopyPlan,
        share: &Share,
        location: &str,
        id: &str,
        created: &str,
    ) -> Result<CopyRecord, String> {
        let locations = [location.to_string()];
        let cards = ShareCards {
            shares: std::slice::from_ref(share),
            mode: ShareMode::Bip39,
            locations: &locations,
            label: Some(&self.wallet.label),
            date: created.get(..10).unwrap_or(created),
            paper: Default::default(),
            one_per_page: true,
            sample: false,
        };
        let pdf = cards.render().map_err(|e| e.to_string())?;
        let dir = copy.print_dir(&self.home);
        let file = self.print(&dir, &format!("seedsafe-card-{id}.pdf"), id, &pdf)?;
        let mut r = self.record(copy, id, created, sha256_hex(&pdf), "paper");
        r.print_file = Some(file);
        Ok(r)
    }

    /// Removes replaced copies: electronic ones at their destinations, paper ones from the
    /// manifest (with a reminder to destroy the sheet).
    fn remove_old(&mut self, ids: &[String], why: &str) -> Result<Vec<Outcome>, RunError> {
        let mut out = Vec::new();
        for id in ids {
            let Some((_, r)) = self.manifest.copy(id) else { continue };
            let r = r.clone();
            let mut o = Outcome {
                plan_copy: r.plan_copy.clone(),
                share: r.share.as_ref().map(|s| s.member),
                method: r.method,
                result: "removed",
                copy: Some(r.id.clone()),
                location: r.location.clone(),
                destination: r.destination.clone(),
                print_file: None,
                message: String::new(),
            };
            let removed = match (&r.destination, &r.object) {
                (Some(dest), Some(object)) => dest
                    .parse::<Destination>()
                    .map_err(|e| e.to_string())
                    .and_then(|d| {
                        d.open(self.creds, r.profile.as_deref().unwrap_or(d.default_profile()))
                            .map_err(|e| e.to_string())
                    })
                    .and_then(|s| s.delete(object).map_err(|e| e.to_string())),
                _ => {
                    if let Some(pdf) = &r.print_file {
                        let _ = atomic::remove(Path::new(pdf));
                    }
                    Ok(())
                }
            };
            match removed {
                Ok(()) => {
                    self.wallet_record().copies.retain(|c| c.id != r.id);
                    self.save()?;
                    o.message = match r.destination {
                        Some(_) => format!("replaced ({why}) and deleted"),
                        None => format!("replaced ({why}): destroy the old paper kept at {:?}", r.location),
                    };
                }
                Err(e) => {
                    o.result = "failed";
                    o.message = format!(
                        "the new copy is made, but the old one could not be deleted ({e}); run again"
                    );
                }
            }
            out.push(o);
        }
        Ok(out)
    }
}

/// The one share inside a share envelope.
pub(crate) fn single_share(envelope: &Envelope) -> Result<Share, String> {
    match &envelope.secret {
        EnvelopeSecret::Slip39Shares { shares, .. } if shares.len() == 1 => {
            Share::parse(&shares[0]).map_err(|e| e.to_string())
        }
        _ => Err("the copy does not hold one SLIP-39 share".into()),
    }
}

/// The identity a BIP-39-mode share set restores.
pub(crate) fn identity_from_shares(
    shares: &[Share],
    language: seedsafe_core::bip39::Language,
    passphrase: &Passphrase,
) -> Result<Identity, String> {
    let entropy: Zeroizing<Vec<u8>> = slip39::combine(shares, b"").map_err(|e| e.to_string())?;
    let mnemonic = Mnemonic::from_entropy(&entropy, language).map_err(|e| e.to_string())?;
    Ok(Wallet::open(&Secret::Bip39(mnemonic), passphrase).map_err(|e| e.to_string())?.identity())
}

/// The Ethereum address a keystore opens to with `password`.
pub(crate) fn keystore_address(bytes: &[u8], password: &SecretString) -> Result<String, String> {
    use age::secrecy::ExposeSecret;
    let text = std::str::from_utf8(bytes).map_err(|_| "the keystore is not text".to_string())?;
    let ks = keystore::Keystore::from_json(text).map_err(|e| e.to_string())?;
    let key = ks.decrypt_checked(password.expose_secret().as_bytes()).map_err(|e| e.to_string())?;
    let address = keystore::eth_address(&key).map_err(|e| e.to_string())?;
    Ok(format!("0x{}", hex::encode(address)))
}

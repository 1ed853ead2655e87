//! Whether a person's backups are good: the problems `seedsafe status` reports, and the
//! layout rules `seedsafe plan check` applies to a plan before any copy exists.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use crate::credentials::Credentials;
use crate::destination::{Destination, DestinationError, Store};
use crate::manifest::{CopyRecord, DrillResult, Manifest, WalletRecord};
use crate::plan::Method;
use crate::seal::sha256_hex;
use crate::time;

/// What is wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProblemKind {
    /// A wallet has no copy at all.
    NoCopies,
    /// Every copy sits in one location (or there are fewer than two).
    OneLocation,
    /// Every copy is electronic: one ransomware, one lost password away from none.
    AllElectronic,
    /// A share set cannot be restored if one location is lost.
    ShareSetNeedsOneLocation,
    /// One location holds enough shares to restore the wallet by itself.
    ShareSetInOneLocation,
    /// Fewer shares of a set were made than its threshold.
    ShareSetIncomplete,
    /// An electronic copy is not encrypted (or a paper sheet's PDF is still on disk).
    PlaintextCopy,
    /// A copy is older than the policy allows.
    StaleCopy,
    /// A copy has not been drilled within the policy's interval.
    DrillOverdue,
    /// The last drill of a copy failed.
    DrillFailed,
    /// The copy is not at its destination (`--online`).
    Missing,
    /// The copy at its destination is not what was written (`--online`).
    Altered,
    /// The destination could not be reached or answered with an error (`--online`).
    Unreachable,
    /// A copy was not finished (a run was interrupted, or its destination failed and could
    /// not be cleaned up); running the plan again cleans up.
    UnfinishedCopy,
}

impl ProblemKind {
    /// The kebab-case name used in JSON.
    pub fn name(self) -> &'static str {
        match self {
            ProblemKind::NoCopies => "no-copies",
            ProblemKind::OneLocation => "one-location",
            ProblemKind::AllElectronic => "all-electronic",
            ProblemKind::ShareSetNeedsOneLocation => "share-set-needs-one-location",
            ProblemKind::ShareSetInOneLocation => "share-set-in-one-location",
            ProblemKind::ShareSetIncomplete => "share-set-incomplete",
            ProblemKind::PlaintextCopy => "plaintext-copy",
            ProblemKind::StaleCopy => "stale-copy",
            ProblemKind::DrillOverdue => "drill-overdue",
            ProblemKind::DrillFailed => "drill-failed",
            ProblemKind::Missing => "missing",
            ProblemKind::Altered => "altered",
            ProblemKind::Unreachable => "unreachable",
            ProblemKind::UnfinishedCopy => "unfinished-copy",
        }
    }
}

/// One problem.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// What kind.
    pub kind: ProblemKind,
    /// The wallet's label, where it concerns one wallet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wallet: Option<String>,
    /// The copy id (or share set id), where it concerns one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub copy: Option<String>,
    /// For people.
    pub message: String,
}

impl Problem {
    fn new(kind: ProblemKind, copy: Option<&str>, message: String) -> Self {
        Problem { kind, wallet: None, copy: copy.map(str::to_string), message }
    }
}

/// A copy as the layout rules see it.
#[derive(Clone, Debug)]
pub struct Placed<'a> {
    /// Its id (or, in a plan, its name).
    pub copy: &'a str,
    /// Where it is kept.
    pub location: &'a str,
    /// Whether it is a file somewhere (not paper).
    pub electronic: bool,
    /// Whether it is an unencrypted file.
    pub plaintext: bool,
    /// For a share: its set and threshold.
    pub share: Option<(&'a str, u8)>,
}

fn place_key(location: &str) -> String {
    location.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// The rules about where copies are: at least two locations, not all electronic, share
/// sets that survive the loss of any one location and that no one location can open, no
/// plaintext files.
pub fn layout_problems(copies: &[Placed<'_>]) -> Vec<Problem> {
    let mut out = Vec::new();
    if copies.is_empty() {
        out.push(Problem::new(ProblemKind::NoCopies, None, "there is no copy at all".into()));
        return out;
    }
    let locations: BTreeSet<String> = copies.iter().map(|c| place_key(c.location)).collect();
    if locations.len() < 2 {
        out.push(Problem::new(
            ProblemKind::OneLocation,
            None,
            format!(
                "every copy is in one location ({}): a fire or a burglary there takes them all; keep copies in at least two places",
                copies[0].location
            ),
        ));
    }
    if copies.iter().all(|c| c.electronic) {
        out.push(Problem::new(
            ProblemKind::AllElectronic,
            None,
            "every copy is electronic: add a paper sheet or share cards, which no malware or lost password can take".into(),
        ));
    }
    for c in copies.iter().filter(|c| c.plaintext) {
        out.push(Problem::new(
            ProblemKind::PlaintextCopy,
            Some(c.copy),
            format!("copy {} is an unencrypted file: anyone who reads it can take the wallet", c.copy),
        ));
    }
    let mut sets: BTreeMap<&str, (u8, Vec<&Placed<'_>>)> = BTreeMap::new();
    for c in copies {
        if let Some((set, threshold)) = c.share {
            sets.entry(set).or_insert((threshold, Vec::new())).1.push(c);
        }
    }
    for (set, (threshold, shares)) in sets {
        out.extend(share_set_problems(set, threshold, &shares));
    }
    out
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn share_set_problems(set: &str, threshold: u8, shares: &[&Placed<'_>]) -> Vec<Problem> {
    let mut out = Vec::new();
    let t = usize::from(threshold);
    if shares.len() < t {
        out.push(Problem::new(
            ProblemKind::ShareSetIncomplete,
            Some(set),
            format!(
                "share set {set} has {} and needs {t} to restore the wallet",
                plural(shares.len(), "share")
            ),
        ));
        return out;
    }
    let mut per_location: BTreeMap<String, (&str, usize)> = BTreeMap::new();
    for s in shares {
        per_location.entry(place_key(s.location)).or_insert((s.location, 0)).1 += 1;
    }
    for (shown, n) in per_location.values() {
        if shares.len() - n < t {
            out.push(Problem::new(
                ProblemKind::ShareSetNeedsOneLocation,
                Some(set),
                format!(
                    "share set {set} cannot be restored without {shown:?}: the other places hold {} of the {t} shares needed",
                    shares.len() - n
                ),
            ));
        }
        if *n >= t && shares.len() > 1 {
            out.push(Problem::new(
                ProblemKind::ShareSetInOneLocation,
                Some(set),
                format!("{shown:?} alone holds {n} shares of set {set}, enough to restore the wallet; spread them out"),
            ));
        }
    }
    out
}

/// Everything `status` reports about the manifest, offline: layout, age, drills, plaintext
/// files, interrupted runs. `now` is seconds since the Unix epoch.
pub fn offline(manifest: &Manifest, now: u64) -> Vec<Problem> {
    let mut out = Vec::new();
    for w in &manifest.wallets {
        let mut wallet_problems = wallet_layout(w);
        for c in &w.copies {
            wallet_problems.extend(copy_age_problems(c, manifest, now));
            if let Some(pdf) = &c.print_file {
                if std::path::Path::new(pdf).exists() {
                    wallet_problems.push(Problem::new(
                        ProblemKind::PlaintextCopy,
                        Some(&c.id),
                        format!(
                            "the PDF of {} {} is still on disk ({pdf}): print it, then delete it",
                            c.method, c.id
                        ),
                    ));
                }
            }
        }
        out.extend(wallet_problems.into_iter().map(|mut p| {
            p.wallet = Some(w.label.clone());
            p
        }));
    }
    for p in &manifest.pending {
        out.push(Problem::new(
            ProblemKind::UnfinishedCopy,
            Some(&p.id),
            format!(
                "copy {} to {} was not finished (a run was interrupted, or the destination failed) and may have left a partial file there; run the plan again to clean up",
                p.id, p.destination
            ),
        ));
    }
    out
}

fn wallet_layout(w: &WalletRecord) -> Vec<Problem> {
    let facts: Vec<Placed<'_>> = w
        .copies
        .iter()
        .map(|c| Placed {
            copy: &c.id,
            location: &c.location,
            electronic: c.destination.is_some(),
            plaintext: c.encryption == "none",
            share: c.share.as_ref().map(|s| (s.set.as_str(), s.threshold)),
        })
        .collect();
    layout_problems(&facts)
}

fn copy_age_problems(c: &CopyRecord, manifest: &Manifest, now: u64) -> Vec<Problem> {
    let mut out = Vec::new();
    let created = time::parse(&c.created).unwrap_or(0);
    let age = time::days_between(created, now);
    if age > u64::from(manifest.policy.max_copy_age_days) {
        out.push(Problem::new(
            ProblemKind::StaleCopy,
            Some(&c.id),
            format!(
                "copy {} ({}, {}) is {age} days old, more than the {} the policy allows; make it again with `seedsafe plan run --rotate`",
                c.id, c.method, c.location, manifest.policy.max_copy_age_days
            ),
        ));
    }
    match &c.last_drill {
        Some(d) if d.result == DrillResult::Failed => out.push(Problem::new(
            ProblemKind::DrillFailed,
            Some(&c.id),
            format!("the last drill of copy {} ({}) failed on {}: {}", c.id, c.location, d.date, d.detail),
        )),
        last => {
            let since = last.as_ref().and_then(|d| time::parse(&d.date)).unwrap_or(created);
            let days = time::days_between(since, now);
            if days > u64::from(manifest.policy.drill_interval_days) {
                let what = if last.is_some() { "last drilled" } else { "made and never drilled" };
                out.push(Problem::new(
                    ProblemKind::DrillOverdue,
                    Some(&c.id),
                    format!(
                        "copy {} ({}) was {what} {days} days ago; the policy says every {} days: run `seedsafe drill {}`",
                        c.id, c.location, manifest.policy.drill_interval_days, c.id
                    ),
                ));
            }
        }
    }
    out
}

/// Checks every electronic copy at its destination: there, and the same bytes
/// (SHA-256). Reads each copy whole; decrypts nothing.
pub fn online(manifest: &Manifest, creds: &Credentials) -> Vec<Problem> {
    let mut stores: HashMap<(String, String), Result<Store, String>> = HashMap::new();
    let mut out = Vec::new();
    for w in &manifest.wallets {
        for c in w.copies.iter().filter(|c| c.method != Method::PaperSheet) {
            let (Some(dest), Some(object)) = (&c.destination, &c.object) else { continue };
            let problem = match fetch(&mut stores, dest, c.profile.as_deref(), creds, object) {
                Ok(bytes) if sha256_hex(&bytes) == c.sha256 => None,
                Ok(_) => Some((
                    ProblemKind::Altered,
                    format!("copy {} at {dest} is not what was written (its SHA-256 differs): it was altered or replaced", c.id),
                )),
                Err(e) if e.is_not_found() => {
                    Some((ProblemKind::Missing, format!("copy {} is missing: {object} is not at {dest}", c.id)))
                }
                Err(e) => Some((ProblemKind::Unreachable, format!("copy {} could not be checked: {e}", c.id))),
            };
            if let Some((kind, message)) = problem {
                out.push(Problem { kind, wallet: Some(w.label.clone()), copy: Some(c.id.clone()), message });
            }
        }
    }
    out
}

/// Reads a copy, connecting to each destination once.
pub(crate) fn fetch(
    stores: &mut HashMap<(String, String), Result<Store, String>>,
    dest: &str,
    profile: Option<&str>,
    creds: &Credentials,
    object: &str,
) -> Result<Vec<u8>, DestinationError> {
    let key = (dest.to_string(), profile.unwrap_or("").to_string());
    let store = stores.entry(key).or_insert_with(|| {
        let d: Destination = dest.parse().map_err(|e: DestinationError| e.to_string())?;
        d.open(creds, profile.unwrap_or(d.default_profile())).map_err(|e| e.to_string())
    });
    match store {
        Ok(s) => s.get(object),
        Err(e) => Err(DestinationError::Failed { dest: dest.to_string(), op: "connect", message: e.clone() }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placed<'a>(
        copy: &'a str,
        location: &'a str,
        electronic: bool,
        share: Option<(&'a str, u8)>,
    ) -> Placed<'a> {
        Placed { copy, location, electronic, plaintext: false, share }
    }

    fn kinds(p: &[Problem]) -> Vec<ProblemKind> {
        p.iter().map(|p| p.kind).collect()
    }

    #[test]
    fn a_good_layout_has_no_problems() {
        let copies = [placed("a", "Home", true, None), placed("b", "bank box", false, None)];
        assert!(layout_problems(&copies).is_empty());
    }

    #[test]
    fn one_place_all_electronic_and_no_copies() {
        let copies = [placed("a", "home", true, None), placed("b", " Home ", true, None)];
        assert_eq!(kinds(&layout_problems(&copies)), [ProblemKind::OneLocation, ProblemKind::AllElectronic]);
        assert_eq!(kinds(&layout_problems(&[])), [ProblemKind::NoCopies]);
    }

    #[test]
    fn share_sets_must_survive_the_loss_of_a_place_and_not_open_in_one() {
        let s = Some(("set1", 2));
        let ok = [placed("1", "a", true, s), placed("2", "b", false, s), placed("3", "c", true, s)];
        assert!(layout_problems(&ok).is_empty());
        let fragile = [placed("1", "a", true, s), placed("2", "b", false, s)];
        let k = kinds(&layout_problems(&fragile));
        assert_eq!(k, [ProblemKind::ShareSetNeedsOneLocation, ProblemKind::ShareSetNeedsOneLocation]);
        let leaky = [placed("1", "a", true, s), placed("2", "a", false, s), placed("3", "b", true, s)];
        let k = kinds(&layout_problems(&leaky));
        assert!(
            k.contains(&ProblemKind::ShareSetInOneLocation)
                && k.contains(&ProblemKind::ShareSetNeedsOneLocation)
        );
        let short = [placed("1", "a", true, s), placed("x", "b", false, None)];
        assert_eq!(kinds(&layout_problems(&short)), [ProblemKind::ShareSetIncomplete]);
    }
}

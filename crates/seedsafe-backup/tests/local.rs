//! The library end to end on local folders: a plan with every kind of copy runs, re-runs
//! without duplicating, rotates, drills and reports health; damage is found.

#![allow(clippy::unwrap_used, reason = "in tests a panic is the failure report")]

use std::path::Path;

use age::secrecy::SecretString;
use seedsafe_backup::credentials::Credentials;
use seedsafe_backup::drill::{self, Keys};
use seedsafe_backup::health::{self, ProblemKind};
use seedsafe_backup::manifest::{DrillResult, Manifest};
use seedsafe_backup::plan::Plan;
use seedsafe_backup::run;
use seedsafe_core::secret::Passphrase;
use seedsafe_core::wallet::Secret;
use zeroize::Zeroizing;

const WORDS: &str =
    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
const PASSWORD: &str = "correct-horse-battery-staple-local-test";

fn plan(dir: &Path) -> Plan {
    let d = dir.display();
    Plan::parse(&format!(
        r#"
[[wallet]]
label = "savings"
[[wallet.copy]]
name = "usb"
method = "encrypted-file"
destination = "file://{d}/usb"
location = "home"
[[wallet.copy]]
name = "keystore"
method = "keystore"
destination = "file://{d}/ks"
location = "office"
[[wallet.copy]]
name = "paper"
method = "paper-sheet"
location = "bank box"
print_dir = "{d}/print"
[[wallet.copy]]
name = "shares"
method = "slip39-shares"
threshold = 2
print_dir = "{d}/print"
[[wallet.copy.share]]
destination = "file://{d}/s1"
location = "friend"
[[wallet.copy.share]]
destination = "file://{d}/s2"
location = "cloud"
[[wallet.copy.share]]
location = "parents"
"#
    ))
    .unwrap()
}

fn password() -> Option<SecretString> {
    Some(SecretString::from(PASSWORD.to_string()))
}

fn run_plan(plan: &Plan, home: &Path, rotate: bool) -> run::Report {
    let secret = Secret::parse(WORDS, None, None).unwrap();
    let passphrase = Passphrase::empty();
    let creds = Credentials::from_env_only();
    let r = run::prepare(plan, None, &secret, &passphrase, home, &creds, rotate).unwrap();
    let pw = r.needs_password().then(password).flatten();
    r.execute(pw).unwrap()
}

fn result_counts(report: &run::Report) -> (usize, usize, usize) {
    let n = |r: &str| report.copies.iter().filter(|c| c.result == r).count();
    (n("made"), n("kept"), n("removed"))
}

#[test]
fn a_plan_runs_reruns_rotates_and_drills() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let plan = plan(dir.path());
    let first = run_plan(&plan, &home, false);
    assert!(first.complete(), "{first:#?}");
    assert_eq!(result_counts(&first), (6, 0, 0), "{first:#?}");
    let m = Manifest::load(&home).unwrap();
    assert_eq!(m.wallets.len(), 1);
    assert_eq!(m.wallets[0].fingerprint.as_deref(), Some("73c5da0a"));
    assert_eq!(m.wallets[0].copies.len(), 6);
    assert!(m.pending.is_empty());

    // Re-running duplicates nothing.
    let again = run_plan(&plan, &home, false);
    assert_eq!(result_counts(&again), (0, 6, 0), "{again:#?}");
    assert_eq!(Manifest::load(&home).unwrap().wallets[0].copies.len(), 6);

    // Health: the PDFs are still on disk; otherwise fine.
    let problems = health::offline(&Manifest::load(&home).unwrap(), seedsafe_backup::time::now_secs());
    assert!(problems.iter().all(|p| p.kind == ProblemKind::PlaintextCopy), "{problems:#?}");
    assert_eq!(problems.len(), 2);
    for entry in std::fs::read_dir(dir.path().join("print")).unwrap() {
        std::fs::remove_file(entry.unwrap().path()).unwrap();
    }
    let problems = health::offline(&Manifest::load(&home).unwrap(), seedsafe_backup::time::now_secs());
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(health::online(&Manifest::load(&home).unwrap(), &Credentials::from_env_only()).is_empty());

    // Drill everything: paper and the card by typing.
    let m = Manifest::load(&home).unwrap();
    let targets = drill::targets(&m, &[]).unwrap();
    assert_eq!(targets.len(), 4, "three copies and one share set");
    let keys = Keys { password: password(), ..Keys::default() };
    let mut typist = |_c: &seedsafe_backup::manifest::CopyRecord,
                      _w: &seedsafe_backup::manifest::WalletRecord| {
        Some(Zeroizing::new(WORDS.to_string()))
    };
    let outcomes = drill::run(&home, &targets, &keys, &Credentials::from_env_only(), &mut typist).unwrap();
    assert!(outcomes.iter().all(|o| o.result == "ok"), "{outcomes:#?}");
    let m = Manifest::load(&home).unwrap();
    let drilled = m.wallets[0]
        .copies
        .iter()
        .filter(|c| c.last_drill.as_ref().is_some_and(|d| d.result == DrillResult::Ok))
        .count();
    assert_eq!(drilled, 5, "the card was not needed: two electronic shares reach the threshold");

    // Alter one copy, delete another: both named, nothing else.
    let usb = m.wallets[0].copies.iter().find(|c| c.plan_copy == "usb").unwrap().clone();
    let ks = m.wallets[0].copies.iter().find(|c| c.plan_copy == "keystore").unwrap().clone();
    let usb_file = dir.path().join("usb").join(usb.object.as_ref().unwrap());
    let mut bytes = std::fs::read(&usb_file).unwrap();
    bytes[100] ^= 1;
    std::fs::write(&usb_file, bytes).unwrap();
    std::fs::remove_file(dir.path().join("ks").join(ks.object.as_ref().unwrap())).unwrap();
    let problems = health::online(&m, &Credentials::from_env_only());
    let named: Vec<_> = problems.iter().map(|p| (p.kind, p.copy.clone().unwrap())).collect();
    assert_eq!(named, [(ProblemKind::Altered, usb.id.clone()), (ProblemKind::Missing, ks.id.clone())]);
    let outcomes = drill::run(
        &home,
        &[drill::Target::Copy(usb.id.clone())],
        &keys,
        &Credentials::from_env_only(),
        &mut typist,
    )
    .unwrap();
    assert_eq!(outcomes[0].result, "failed");
    assert!(outcomes[0].message.contains("altered"), "{}", outcomes[0].message);
    let problems = health::offline(&Manifest::load(&home).unwrap(), seedsafe_backup::time::now_secs());
    assert_eq!(
        problems.iter().map(|p| (p.kind, p.copy.clone().unwrap())).collect::<Vec<_>>(),
        [(ProblemKind::DrillFailed, usb.id.clone())]
    );

    // Re-running replaces the missing keystore; rotating replaces everything, after the new
    // copies are verified, and removes the old ones.
    let fix = run_plan(&plan, &home, false);
    assert_eq!(result_counts(&fix), (1, 5, 1), "{fix:#?}");
    let rotated = run_plan(&plan, &home, true);
    assert_eq!(result_counts(&rotated), (6, 0, 6), "{rotated:#?}");
    let m = Manifest::load(&home).unwrap();
    assert_eq!(m.wallets[0].copies.len(), 6);
    for sub in ["usb", "ks", "s1", "s2"] {
        let files: Vec<_> = std::fs::read_dir(dir.path().join(sub)).unwrap().collect();
        assert_eq!(files.len(), 1, "{sub}: only the new copy is left");
    }
}

#[test]
fn a_secret_of_another_wallet_is_refused_under_a_recorded_label() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let plan = plan(dir.path());
    run_plan(&plan, &home, false);
    let other = Secret::parse(
        "legal winner thank year wave sausage worth useful legal winner thank yellow",
        None,
        None,
    )
    .unwrap();
    let creds = Credentials::from_env_only();
    let e = run::prepare(&plan, None, &other, &Passphrase::empty(), &home, &creds, false).err().unwrap();
    assert!(e.to_string().contains("was backed up before as fingerprint 73c5da0a"), "{e}");
}

#[test]
fn copies_encrypted_to_public_keys_need_no_password_and_drill_with_the_identity() {
    use age::secrecy::ExposeSecret;
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let key = age::x25519::Identity::generate();
    let plan = Plan::parse(&format!(
        r#"
[[wallet]]
label = "keys"
[[wallet.copy]]
name = "usb"
method = "encrypted-file"
destination = "file://{}/usb"
location = "home"
recipients = ["{}"]
"#,
        dir.path().display(),
        key.to_public()
    ))
    .unwrap();
    let secret = Secret::parse(WORDS, None, None).unwrap();
    let creds = Credentials::from_env_only();
    let passphrase = Passphrase::empty();
    let r = run::prepare(&plan, None, &secret, &passphrase, &home, &creds, false).unwrap();
    assert!(!r.needs_password());
    let report = r.execute(None).unwrap();
    assert!(report.complete(), "{report:#?}");
    let m = Manifest::load(&home).unwrap();
    assert_eq!(m.wallets[0].copies[0].encryption, "recipients");
    let targets = drill::targets(&m, &[]).unwrap();
    let mut typist =
        |_: &seedsafe_backup::manifest::CopyRecord, _: &seedsafe_backup::manifest::WalletRecord| None;
    let none = drill::run(&home, &targets, &Keys::default(), &creds, &mut typist).unwrap();
    assert_eq!(none[0].result, "skipped", "{none:#?}");
    let key_text = key.to_string();
    let keys = Keys {
        identities: vec![Zeroizing::new(key_text.expose_secret().as_bytes().to_vec())],
        ..Keys::default()
    };
    let ok = drill::run(&home, &targets, &keys, &creds, &mut typist).unwrap();
    assert_eq!(ok[0].result, "ok", "{ok:#?}");
}

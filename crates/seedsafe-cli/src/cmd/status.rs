//! `seedsafe status`: whether the backups are healthy.

use seedsafe_backup::health::{self, Problem};
use seedsafe_backup::manifest::{CopyRecord, Manifest};
use seedsafe_backup::time;
use serde_json::{json, Value};

use crate::cli::StatusArgs;
use crate::error::{CliError, Exit, Result};
use crate::report;

pub fn run(args: &StatusArgs) -> Result<()> {
    let home = super::plan::home()?;
    let manifest = Manifest::load(&home).map_err(CliError::environment)?;
    let now = time::now_secs();
    let mut problems = health::offline(&manifest, now);
    if args.online {
        let creds = super::plan::credentials(args.credentials.as_deref(), &home)?;
        problems.extend(health::online(&manifest, &creds));
    }
    if manifest.wallets.is_empty() {
        problems.insert(
            0,
            Problem {
                kind: health::ProblemKind::NoCopies,
                wallet: None,
                copy: None,
                message:
                    "no backups are recorded yet: run `seedsafe plan run --quickstart` or a plan of your own"
                        .into(),
            },
        );
    }
    let healthy = problems.is_empty();
    if args.json {
        let wallets: Vec<Value> = manifest
            .wallets
            .iter()
            .map(|w| {
                json!({
                    "label": w.label,
                    "fingerprint": w.fingerprint,
                    "passphrase_in_use": w.passphrase_in_use,
                    "identity": w.identity,
                    "copies": w.copies.iter().map(|c| copy_json(c, now)).collect::<Vec<_>>(),
                })
            })
            .collect();
        report::print_json(&json!({
            "healthy": healthy,
            "online": args.online,
            "policy": manifest.policy,
            "wallets": wallets,
            "problems": problems,
        }));
    } else {
        show(&manifest, &problems, now, args.online);
    }
    if healthy {
        Ok(())
    } else {
        Err(CliError {
            exit: Exit::Negative,
            message: format!("{} found", super::plan::count(problems.len(), "problem")),
            hint: None,
        })
    }
}

fn age_days(c: &CopyRecord, now: u64) -> u64 {
    time::days_between(time::parse(&c.created).unwrap_or(now), now)
}

fn copy_json(c: &CopyRecord, now: u64) -> Value {
    let mut v = serde_json::to_value(c).unwrap_or(Value::Null);
    if let Some(o) = v.as_object_mut() {
        o.insert("age_days".into(), json!(age_days(c, now)));
    }
    v
}

fn show(manifest: &Manifest, problems: &[Problem], now: u64, online: bool) {
    for w in &manifest.wallets {
        outln!("Wallet {:?}  fingerprint {}", w.label, w.fingerprint.as_deref().unwrap_or("none"));
        outln!(
            "  {:<9} {:<15} {:<16} {:>5}  {:<18} WHERE",
            "COPY",
            "METHOD",
            "LOCATION",
            "AGE",
            "LAST DRILL"
        );
        for c in &w.copies {
            let drill = match &c.last_drill {
                Some(d) => format!(
                    "{} {}",
                    d.date.get(..10).unwrap_or(&d.date),
                    if d.result == seedsafe_backup::manifest::DrillResult::Ok { "ok" } else { "FAILED" }
                ),
                None => "never".into(),
            };
            let method = match &c.share {
                Some(s) => format!("{}-of-{} share {}", s.threshold, s.count, s.member),
                None => c.method.name().to_string(),
            };
            outln!(
                "  {:<9} {:<15} {:<16} {:>4}d  {:<18} {}",
                c.id,
                method,
                c.location,
                age_days(c, now),
                drill,
                c.destination.as_deref().unwrap_or("paper")
            );
        }
    }
    if problems.is_empty() {
        let checked = if online { "; every electronic copy is at its destination, unchanged" } else { "" };
        outln!("Healthy: no problems{checked}.");
        return;
    }
    outln!("Problems:");
    for p in problems {
        outln!("  {:<28} {}", p.kind.name(), p.message);
    }
}

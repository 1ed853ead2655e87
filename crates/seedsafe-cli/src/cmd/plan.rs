//! `seedsafe plan init|check|run`: backup plans (docs/plan.md).

use std::path::{Path, PathBuf};

use age::secrecy::SecretString;
use seedsafe_backup::credentials::Credentials;
use seedsafe_backup::manifest;
use seedsafe_backup::plan::{self, Plan, PlanError};
use seedsafe_backup::run::{self, Report, RunError};
use serde_json::json;

use crate::cli::{PlanCheckArgs, PlanInitArgs, PlanRunArgs};
use crate::error::{CliError, Result};
use crate::{fsutil, input, report};

/// The default wallet label of `plan init` and `--quickstart`.
const DEFAULT_LABEL: &str = "my-wallet";

/// The seedsafe home folder (manifest, default copies), or why there is none.
pub fn home() -> Result<PathBuf> {
    manifest::home()
        .ok_or_else(|| CliError::environment("no seedsafe home folder: set SEEDSAFE_HOME (or HOME)"))
}

/// The credentials for destinations.
pub fn credentials(file: Option<&Path>, home: &Path) -> Result<Credentials> {
    Credentials::load(file, home).map_err(CliError::bad_input)
}

pub fn init(args: &PlanInitArgs) -> Result<()> {
    let text = plan::template(&home()?, args.label.as_deref().unwrap_or(DEFAULT_LABEL));
    match &args.out {
        Some(out) => {
            fsutil::write_new_private(out, text.as_bytes())?;
            outln!("Wrote {}. Edit it, then: seedsafe plan check {}", out.display(), out.display());
        }
        None => outln!("{}", text.trim_end()),
    }
    Ok(())
}

fn load(path: &Path) -> Result<Plan> {
    Plan::load(path).map_err(plan_error)
}

fn plan_error(e: PlanError) -> CliError {
    match e {
        PlanError::Read(..) => CliError::environment(e),
        PlanError::EmbeddedCredential(_) => CliError::bad_input(e).with_hint(
            "set SEEDSAFE_<PROFILE>_<KEY> in the environment, or use a credentials file (docs/plan.md)",
        ),
        _ => CliError::bad_input(e),
    }
}

pub fn check(args: &PlanCheckArgs) -> Result<()> {
    let plan = load(&args.plan)?;
    let creds = credentials(args.credentials.as_deref(), &home()?)?;
    let check = plan.check(&creds);
    if args.json {
        report::print_json(
            &json!({"ok": check.errors.is_empty(), "errors": check.errors, "warnings": check.warnings}),
        );
    } else {
        for e in &check.errors {
            outln!("error: {e}");
        }
        for w in &check.warnings {
            outln!("warning: {w}");
        }
        if check.errors.is_empty() {
            let copies: usize = plan.wallets.iter().map(|w| w.copies.len()).sum();
            let weak = if check.warnings.is_empty() { "" } else { " (see the warnings)" };
            outln!("Plan OK: {}, {}{weak}.", count(plan.wallets.len(), "wallet"), count(copies, "copy"));
        }
    }
    if check.errors.is_empty() {
        Ok(())
    } else {
        Err(CliError::bad_input(format!(
            "the plan has {}; nothing was written",
            count(check.errors.len(), "error")
        )))
    }
}

pub fn run(args: &PlanRunArgs) -> Result<()> {
    let home = home()?;
    let path = match (&args.plan, args.quickstart) {
        (Some(p), false) => p.clone(),
        (None, true) => quickstart_plan(&home, args.wallet.as_deref())?,
        _ => {
            return Err(CliError::bad_input("give a plan file, or --quickstart for the local defaults")
                .with_hint("seedsafe plan init --out plan.toml writes one to start from"))
        }
    };
    let plan = load(&path)?;
    let creds = credentials(args.credentials.as_deref(), &home)?;
    // Everything that can be checked before the secret is asked for, is.
    let check = plan.check(&creds);
    if !check.errors.is_empty() {
        for e in &check.errors {
            eprintln!("error: {e}");
        }
        return Err(CliError::bad_input(format!(
            "the plan has {}; nothing was written",
            count(check.errors.len(), "error")
        ))
        .with_hint(format!("seedsafe plan check {}", path.display())));
    }
    let label = if args.quickstart { None } else { args.wallet.as_deref() };
    plan.wallet(label).map_err(plan_error)?;
    for w in &check.warnings {
        eprintln!("warning: {w}");
    }
    let secret = input::secret(&args.input)?;
    let passphrase = input::passphrase(&args.input)?;
    let prepared =
        run::prepare(&plan, label, &secret, &passphrase, &home, &creds, args.rotate).map_err(run_error)?;
    let password = if prepared.needs_password() {
        let pw = input::new_password(
            args.password_file.as_deref(),
            args.generate_password,
            args.accept_weak_password,
        )?;
        Some(SecretString::from(pw.to_string()))
    } else {
        None
    };
    let report = prepared.execute(password).map_err(run_error)?;
    show(args, &report, &path)
}

/// `HOME/plan.toml`, written from the template the first time.
fn quickstart_plan(home: &Path, label: Option<&str>) -> Result<PathBuf> {
    let path = home.join("plan.toml");
    if !path.exists() {
        seedsafe_backup::atomic::create_private_dir(home).map_err(fsutil::write_error)?;
        fsutil::write_new_private(&path, plan::template(home, label.unwrap_or(DEFAULT_LABEL)).as_bytes())?;
        eprintln!(
            "Wrote the plan {} (an encrypted copy in {} and a paper sheet).",
            path.display(),
            home.join("copies").display()
        );
    }
    Ok(path)
}

fn run_error(e: RunError) -> CliError {
    match e {
        RunError::Plan(p) => plan_error(p),
        RunError::Manifest(m) => CliError::environment(m),
        RunError::Secret(_)
        | RunError::OtherWallet { .. }
        | RunError::Unsuitable(_)
        | RunError::NeedPassword => CliError::bad_input(e),
    }
}

fn show(args: &PlanRunArgs, report: &Report, path: &Path) -> Result<()> {
    let failed = report.copies.iter().filter(|c| c.result == "failed").count();
    if args.json {
        report::print_json(&json!({
            "plan": path.display().to_string(),
            "wallet": report.wallet,
            "fingerprint": report.fingerprint,
            "complete": report.complete(),
            "copies": report.copies,
            "cleaned": report.cleaned,
        }));
    } else {
        outln!(
            "Wallet {:?} (fingerprint {})",
            report.wallet,
            report.fingerprint.as_deref().unwrap_or("none")
        );
        for c in &report.copies {
            let name = match c.share {
                Some(n) => format!("{} #{n}", c.plan_copy),
                None => c.plan_copy.clone(),
            };
            let place = c.destination.as_deref().unwrap_or("paper");
            outln!(
                "  {:<8} {:<12} {:<9} {:<15} {:<14} {}",
                c.result,
                name,
                c.copy.as_deref().unwrap_or("-"),
                c.method.name(),
                c.location,
                place
            );
            outln!("           {}", c.message);
        }
        if !report.cleaned.is_empty() {
            outln!("Cleaned up after an interrupted run: {}", report.cleaned.join(", "));
        }
        let prints: Vec<&str> = report.copies.iter().filter_map(|c| c.print_file.as_deref()).collect();
        if !prints.is_empty() {
            outln!("To print (then delete each PDF: it holds the secret):");
            for p in prints {
                outln!("  {p}");
            }
        }
        if failed == 0 {
            outln!("All copies in place. Check them any time with: seedsafe status");
        }
    }
    if failed == 0 {
        Ok(())
    } else {
        Err(CliError::environment(format!(
            "{} could not be made (see above); the others are recorded. Run the plan again to retry.",
            count(failed, "copy")
        )))
    }
}

/// "1 copy", "2 copies".
pub fn count(n: usize, noun: &str) -> String {
    match (n, noun) {
        (1, _) => format!("1 {noun}"),
        (_, "copy") => format!("{n} copies"),
        _ => format!("{n} {noun}s"),
    }
}

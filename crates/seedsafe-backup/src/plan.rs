//! The backup plan: which wallets, which copies, where, and how old they may get. Written by
//! the person in TOML (`docs/plan.md`), never holding a credential.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::credentials::Credentials;
use crate::destination::{is_credential_key, Destination};
use crate::health::{self, Placed};

/// The plan version this code reads and writes.
pub const VERSION: u32 = 1;

/// A backup plan.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// Always [`VERSION`].
    #[serde(default = "version_one")]
    pub version: u32,
    /// How old copies may get and how often to drill them.
    #[serde(default)]
    pub policy: Policy,
    /// The wallets, each with its copies.
    #[serde(rename = "wallet", default)]
    pub wallets: Vec<WalletPlan>,
}

fn version_one() -> u32 {
    VERSION
}

/// How old a copy may get, and how often each copy should be drilled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// A copy older than this many days is reported stale (make it again with `--rotate`).
    #[serde(default = "default_max_age")]
    pub max_copy_age_days: u32,
    /// A copy not drilled for this many days is reported overdue.
    #[serde(default = "default_drill_interval")]
    pub drill_interval_days: u32,
}

fn default_max_age() -> u32 {
    730
}

fn default_drill_interval() -> u32 {
    180
}

impl Default for Policy {
    fn default() -> Self {
        Policy { max_copy_age_days: default_max_age(), drill_interval_days: default_drill_interval() }
    }
}

/// One wallet and the copies wanted of it.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WalletPlan {
    /// The person's name for the wallet.
    pub label: String,
    /// The copies.
    #[serde(rename = "copy", default)]
    pub copies: Vec<CopyPlan>,
}

/// How a copy is made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    /// An age-encrypted envelope (`docs/envelope.md`) at a destination.
    EncryptedFile,
    /// A SLIP-39 share set; each share encrypted to its own destination, or printed as a card.
    Slip39Shares,
    /// A printed backup sheet (a PDF to print).
    PaperSheet,
    /// An Ethereum keystore v3 file of the first Ethereum account's key.
    Keystore,
}

impl Method {
    /// The name in plans and the manifest.
    pub fn name(self) -> &'static str {
        match self {
            Method::EncryptedFile => "encrypted-file",
            Method::Slip39Shares => "slip39-shares",
            Method::PaperSheet => "paper-sheet",
            Method::Keystore => "keystore",
        }
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// One copy wanted.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CopyPlan {
    /// A short name, unique within the wallet; the manifest links copies to it.
    pub name: String,
    /// How the copy is made.
    pub method: Method,
    /// Where an electronic copy goes (a URL, see [`crate::destination`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination: Option<String>,
    /// Where the copy is kept, in the person's words: "home safe", "bank box", "cloud".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// The credentials profile for the destination (default: its scheme, e.g. `s3`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// Encrypt to these age or SSH public keys instead of a password.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recipients: Vec<String>,
    /// Store the envelope unencrypted (local folders only; reported by `status`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub plaintext: bool,
    /// Put the BIP-39 passphrase inside the copy too.
    #[serde(default, skip_serializing_if = "is_false")]
    pub include_passphrase: bool,
    /// The local folder for PDFs to print (paper sheets, share cards).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub print_dir: Option<String>,
    /// Shares needed to restore (share sets).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<u8>,
    /// The shares of a set, one entry each.
    #[serde(rename = "share", default, skip_serializing_if = "Vec::is_empty")]
    pub shares: Vec<SharePlan>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Where one share of a set goes.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharePlan {
    /// A destination for the share, encrypted; without one the share is printed as a card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination: Option<String>,
    /// Where the share is kept.
    pub location: String,
    /// The credentials profile for the destination.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
}

/// Why a plan cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    /// The file cannot be read.
    #[error("cannot read the plan {}: {}", .0.display(), crate::atomic::plain(.1))]
    Read(PathBuf, std::io::Error),
    /// Not TOML.
    #[error("the plan is not valid TOML (line {line}): {message}")]
    Syntax {
        /// 1-based line.
        line: usize,
        /// What the TOML reader says.
        message: String,
    },
    /// A credential inside the plan.
    #[error("the plan holds a credential (`{0}`); credentials belong in the environment or the credentials file, never in the plan (see docs/plan.md)")]
    EmbeddedCredential(String),
    /// Not the plan's shape.
    #[error("the plan does not have the expected shape: {0}")]
    Shape(String),
    /// Errors found by [`Plan::check`].
    #[error("the plan has {} error(s): {}", .0.len(), .0.join("; "))]
    Invalid(Vec<String>),
    /// The wallet asked for is not in the plan.
    #[error("{0}")]
    Wallet(String),
}

impl Plan {
    /// Reads and parses a plan file (see [`Plan::parse`]).
    pub fn load(path: &Path) -> Result<Plan, PlanError> {
        let text = std::fs::read_to_string(path).map_err(|e| PlanError::Read(path.to_path_buf(), e))?;
        Plan::parse(&text)
    }

    /// Parses plan text. Refuses any setting whose name says it holds a credential, before
    /// anything else is looked at; [`Plan::check`] finds the remaining mistakes.
    pub fn parse(text: &str) -> Result<Plan, PlanError> {
        let table: toml::Table = text.parse().map_err(|e: toml::de::Error| PlanError::Syntax {
            line: e.span().map_or(1, |s| text[..s.start.min(text.len())].lines().count().max(1)),
            message: e.message().trim().to_string(),
        })?;
        if let Some(path) = find_credential_key(&toml::Value::Table(table.clone()), "") {
            return Err(PlanError::EmbeddedCredential(path));
        }
        toml::Value::Table(table)
            .try_into()
            .map_err(|e: toml::de::Error| PlanError::Shape(e.message().trim().to_string()))
    }

    /// The plan as TOML.
    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_default()
    }

    /// The wallet with `label`, or the only one when `label` is `None`.
    pub fn wallet(&self, label: Option<&str>) -> Result<&WalletPlan, PlanError> {
        let labels = || self.wallets.iter().map(|w| format!("{:?}", w.label)).collect::<Vec<_>>().join(", ");
        match label {
            Some(l) => self.wallets.iter().find(|w| w.label == l).ok_or_else(|| {
                PlanError::Wallet(format!("the plan has no wallet {l:?}; it has {}", labels()))
            }),
            None if self.wallets.len() == 1 => Ok(&self.wallets[0]),
            None if self.wallets.is_empty() => Err(PlanError::Wallet("the plan lists no wallet".into())),
            None => Err(PlanError::Wallet(format!(
                "the plan has several wallets ({}); say which with --wallet",
                labels()
            ))),
        }
    }

    /// Finds what is wrong (errors: the plan cannot run) and what is weak (warnings: what
    /// `seedsafe status` would report once the copies exist).
    pub fn check(&self, creds: &Credentials) -> Check {
        let mut c = Check::default();
        if self.version != VERSION {
            c.errors
                .push(format!("plan version {} is not one this seedsafe reads ({VERSION})", self.version));
        }
        if self.policy.max_copy_age_days == 0 || self.policy.drill_interval_days == 0 {
            c.errors.push("policy: max_copy_age_days and drill_interval_days must be at least 1".into());
        }
        if self.wallets.is_empty() {
            c.errors.push("the plan lists no wallet: add a [[wallet]] with a label".into());
        }
        let mut labels = BTreeSet::new();
        for w in &self.wallets {
            if w.label.trim().is_empty() {
                c.errors.push("a wallet has an empty label".into());
            } else if !labels.insert(w.label.as_str()) {
                c.errors.push(format!("two wallets are labelled {:?}", w.label));
            }
            check_wallet(w, creds, &mut c);
        }
        c
    }
}

fn find_credential_key(value: &toml::Value, at: &str) -> Option<String> {
    match value {
        toml::Value::Table(t) => t.iter().find_map(|(k, v)| {
            let here = if at.is_empty() { k.clone() } else { format!("{at}.{k}") };
            if is_credential_key(k) {
                Some(here)
            } else {
                find_credential_key(v, &here)
            }
        }),
        toml::Value::Array(a) => {
            a.iter().enumerate().find_map(|(i, v)| find_credential_key(v, &format!("{at}[{i}]")))
        }
        _ => None,
    }
}

/// What [`Plan::check`] found.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// Mistakes that stop the plan from running.
    pub errors: Vec<String>,
    /// Weaknesses: what `status` would report.
    pub warnings: Vec<String>,
}

/// A copy of the plan as the layout rules see it (owned: shares get made-up names).
struct Planned {
    id: String,
    location: String,
    electronic: bool,
    plaintext: bool,
    set: Option<(String, u8)>,
}

fn check_wallet(w: &WalletPlan, creds: &Credentials, c: &mut Check) {
    let at = |copy: &str| format!("wallet {:?}, copy {copy:?}", w.label);
    let mut names = BTreeSet::new();
    let mut placed: Vec<Planned> = Vec::new();
    if w.copies.is_empty() {
        c.errors.push(format!("wallet {:?} lists no copies: add [[wallet.copy]] entries", w.label));
    }
    for copy in &w.copies {
        let name = copy.name.as_str();
        if name.trim().is_empty() {
            c.errors.push(format!("wallet {:?}: a copy has an empty name", w.label));
        } else if !names.insert(name) {
            c.errors.push(format!("wallet {:?}: two copies are named {name:?}", w.label));
        }
        for e in copy_errors(copy) {
            c.errors.push(format!("{}: {e}", at(name)));
        }
        for (dest, profile) in copy.destinations() {
            match dest.parse::<Destination>() {
                Ok(d) => {
                    if let Err(e) = d.check_built() {
                        c.errors.push(format!("{}: {e}", at(name)));
                    }
                    let profile = profile.unwrap_or(d.default_profile());
                    for e in d.missing_credentials(creds, profile) {
                        c.warnings.push(format!("{}: {e}", at(name)));
                    }
                    c.warnings.extend(d.warning().map(|w| format!("{}: {w}", at(name))));
                    if dest.contains("known_hosts=accept") {
                        c.warnings.push(format!(
                            "{}: known_hosts=accept trusts any server key; use strict once the host is in ~/.ssh/known_hosts",
                            at(name)
                        ));
                    }
                }
                Err(e) => c.errors.push(format!("{}: {e}", at(name))),
            }
        }
        match copy.method {
            Method::Slip39Shares => {
                let threshold = copy.threshold.unwrap_or(0);
                for (i, s) in copy.shares.iter().enumerate() {
                    placed.push(Planned {
                        id: format!("{name:?} share {}", i + 1),
                        location: s.location.clone(),
                        electronic: s.destination.is_some(),
                        plaintext: false,
                        set: Some((format!("{name:?}"), threshold)),
                    });
                }
            }
            _ => {
                placed.push(Planned {
                    id: name.to_string(),
                    location: copy.location.clone().unwrap_or_default(),
                    electronic: matches!(copy.method, Method::EncryptedFile | Method::Keystore),
                    plaintext: copy.plaintext,
                    set: None,
                });
            }
        }
    }
    if !c.errors.is_empty() {
        // Weaknesses of a plan that cannot run yet would only repeat its errors.
        return;
    }
    let facts: Vec<Placed<'_>> = placed
        .iter()
        .map(|p| Placed {
            copy: &p.id,
            location: &p.location,
            electronic: p.electronic,
            plaintext: p.plaintext,
            share: p.set.as_ref().map(|(s, t)| (s.as_str(), *t)),
        })
        .collect();
    for p in health::layout_problems(&facts) {
        c.warnings.push(format!("wallet {:?}: {}", w.label, p.message));
    }
}

impl CopyPlan {
    /// Every destination of the copy (one, or one per share) with its credentials profile.
    pub fn destinations(&self) -> Vec<(&str, Option<&str>)> {
        let own = self.destination.as_deref().map(|d| (d, self.profile.as_deref()));
        let shares =
            self.shares.iter().filter_map(|s| s.destination.as_deref().map(|d| (d, s.profile.as_deref())));
        own.into_iter().chain(shares).collect()
    }

    /// Where the PDFs of this copy go: `print_dir`, or `HOME/print`.
    pub fn print_dir(&self, home: &Path) -> PathBuf {
        self.print_dir.as_deref().map_or_else(|| home.join("print"), expand_home)
    }
}

/// `~/x` as the home folder's `x`.
pub fn expand_home(path: &str) -> PathBuf {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(path),
    }
}

fn copy_errors(copy: &CopyPlan) -> Vec<String> {
    let mut e = Vec::new();
    let electronic = matches!(copy.method, Method::EncryptedFile | Method::Keystore);
    if electronic && copy.destination.is_none() {
        e.push(format!("{} needs a destination", copy.method));
    }
    if !electronic && copy.destination.is_some() {
        e.push(format!("{} takes no destination (it is printed; give print_dir for the PDF)", copy.method));
    }
    if copy.method != Method::Slip39Shares && copy.location.as_deref().is_none_or(|l| l.trim().is_empty()) {
        e.push("give a location: where the copy is kept (\"home safe\", \"bank box\", \"cloud\")".into());
    }
    if copy.method != Method::Slip39Shares && (copy.threshold.is_some() || !copy.shares.is_empty()) {
        e.push("threshold and [[wallet.copy.share]] belong to slip39-shares copies".into());
    }
    if copy.plaintext {
        let local = copy
            .destination
            .as_deref()
            .and_then(|d| d.parse::<Destination>().ok())
            .is_some_and(|d| d.local_folder().is_some());
        if copy.method != Method::EncryptedFile || !local {
            e.push(
                "plaintext is allowed only for an encrypted-file copy in a local folder (file:///...)".into(),
            );
        }
        if !copy.recipients.is_empty() {
            e.push("plaintext and recipients exclude each other".into());
        }
    }
    if !copy.recipients.is_empty() && !matches!(copy.method, Method::EncryptedFile | Method::Slip39Shares) {
        e.push(
            "recipients are for encrypted-file and slip39-shares copies (a keystore takes the password)"
                .into(),
        );
    }
    let mut parsed = Vec::new();
    for r in &copy.recipients {
        // Also finds a plugin recipient whose program (age-plugin-NAME) is not installed.
        match seedsafe_core::age_file::parse_recipients(std::iter::once(r.as_str())) {
            Ok(keys) => parsed.extend(keys),
            Err(err) => e.push(err.to_string()),
        }
    }
    if parsed.len() > 1 && parsed.len() == copy.recipients.len() {
        // Kinds that may not share a file (post-quantum beside classic keys) show only when a
        // file key is wrapped: wrap one for nothing, now rather than halfway through a run.
        let list: Vec<&dyn age::Recipient> =
            parsed.iter().map(|k| k.as_ref() as &dyn age::Recipient).collect();
        if let Err(err @ seedsafe_core::age_file::Error::IncompatibleRecipients(_)) =
            seedsafe_core::age_file::encrypt_to(b"", &list, true)
        {
            e.push(err.to_string());
        }
    }
    if copy.method == Method::Slip39Shares {
        let count = copy.shares.len();
        match copy.threshold {
            None => e.push("give threshold: how many shares restore the wallet".into()),
            Some(0) => e.push("threshold must be at least 1".into()),
            Some(t) if usize::from(t) > count => e.push(format!(
                "threshold {t} is more than the {count} {} listed",
                if count == 1 { "share" } else { "shares" }
            )),
            Some(1) if count > 1 => e.push("SLIP-39 allows threshold 1 only for a single share".into()),
            _ => {}
        }
        if count > 16 {
            e.push("a SLIP-39 group holds at most 16 shares".into());
        }
        if copy.shares.iter().any(|s| s.location.trim().is_empty()) {
            e.push("every share needs a location".into());
        }
        if copy.location.is_some() {
            e.push("a share set has a location per share, not one for the set".into());
        }
    }
    e
}

/// The plan `seedsafe plan init` writes and `seedsafe plan run --quickstart` uses: a wallet
/// with an encrypted copy in a local folder and a paper sheet, with every other kind of copy
/// shown in comments.
pub fn template(home: &Path, label: &str) -> String {
    let copies = home.join("copies");
    let print = home.join("print");
    let esc = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
    format!(
        r#"# A seedsafe backup plan (docs/plan.md). It never holds a password or key: destinations
# that need credentials get them from the environment or the credentials file.
version = 1

[policy]
# Copies older than this are reported stale by `seedsafe status` (remake: plan run --rotate).
max_copy_age_days = 730
# Each copy should be restored in a drill (`seedsafe drill`) at least this often.
drill_interval_days = 180

[[wallet]]
label = "{label}"

# An encrypted copy (age, password) in a local folder; a USB drive is a folder too.
[[wallet.copy]]
name = "encrypted"
method = "encrypted-file"
destination = "file://{copies}"
location = "this computer"

# A paper sheet: seedsafe writes a PDF to print_dir; print it, keep the sheet at `location`,
# then delete the PDF.
[[wallet.copy]]
name = "paper"
method = "paper-sheet"
location = "home"
print_dir = "{print}"

# More copies, to uncomment and adapt:
#
# [[wallet.copy]]
# name = "usb"
# method = "encrypted-file"
# destination = "file:///media/usb/seedsafe"
# location = "bank box"
#
# [[wallet.copy]]
# name = "cloud"
# method = "encrypted-file"
# destination = "s3://my-bucket/seedsafe?region=eu-west-1"
# location = "cloud"
# profile = "s3"          # SEEDSAFE_S3_ACCESS_KEY_ID, SEEDSAFE_S3_SECRET_ACCESS_KEY
# recipients = ["age1..."]  # public keys instead of the password (optional)
#
# [[wallet.copy]]
# name = "shares"
# method = "slip39-shares"
# threshold = 2
# [[wallet.copy.share]]
# destination = "webdav://nas.local/backup"   # SEEDSAFE_WEBDAV_USERNAME / _PASSWORD
# location = "nas"
# [[wallet.copy.share]]
# destination = "sftp://me@host.example/backup"   # SEEDSAFE_SFTP_KEY=~/.ssh/id_ed25519
# location = "friend's server"
# [[wallet.copy.share]]
# location = "parents"     # no destination: printed as a share card
"#,
        label = esc(label),
        copies = esc(&copies.to_string_lossy()),
        print = esc(&print.to_string_lossy()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_parses_and_checks_clean() {
        let plan = Plan::parse(&template(Path::new("/home/a/.local/share/seedsafe"), "savings")).unwrap();
        assert_eq!(plan.wallets[0].copies.len(), 2);
        let check = plan.check(&Credentials::default());
        assert!(check.errors.is_empty(), "{check:?}");
        assert!(check.warnings.is_empty(), "{check:?}");
    }

    #[test]
    fn credentials_anywhere_in_a_plan_are_refused() {
        for (text, key) in [
            ("[[wallet]]\nlabel = \"a\"\n[[wallet.copy]]\nname = \"x\"\nmethod = \"encrypted-file\"\npassword = \"hunter2\"\n", "wallet[0].copy[0].password"),
            ("[s3]\nsecret_access_key = \"abc\"\n", "s3.secret_access_key"),
            ("access_token = \"t\"\n", "access_token"),
        ] {
            match Plan::parse(text) {
                Err(PlanError::EmbeddedCredential(p)) => assert_eq!(p, key),
                other => panic!("{text}: {other:?}"),
            }
        }
        let text = "[[wallet]]\nlabel = \"a\"\n[[wallet.copy]]\nname = \"x\"\nmethod = \"encrypted-file\"\nlocation = \"l\"\ndestination = \"webdav://u:hunter2@nas/x\"\n";
        let check = Plan::parse(text).unwrap().check(&Credentials::default());
        assert!(check.errors.iter().any(|e| e.contains("holds a credential")), "{check:?}");
        assert!(!format!("{check:?}").contains("hunter2"));
    }

    #[test]
    fn mistakes_are_named() {
        let text = r#"
[[wallet]]
label = "a"
[[wallet.copy]]
name = "s"
method = "slip39-shares"
threshold = 3
[[wallet.copy.share]]
location = "x"
[[wallet.copy.share]]
location = "y"
[[wallet.copy]]
name = "s"
method = "encrypted-file"
location = "cloud"
"#;
        let check = Plan::parse(text).unwrap().check(&Credentials::default());
        let all = check.errors.join("\n");
        assert!(all.contains("threshold 3 is more than the 2 shares"), "{all}");
        assert!(all.contains("two copies are named \"s\""), "{all}");
        assert!(all.contains("encrypted-file needs a destination"), "{all}");
        assert!(matches!(Plan::parse("[[wallet]]\nlabel = 1\n"), Err(PlanError::Shape(_))));

        // A plugin recipient whose program is not installed is named at check time, not
        // halfway through a run.
        let plugin = "age1seedsafetest1qgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqy6evzru";
        let text = format!(
            "[[wallet]]\nlabel = \"a\"\n[[wallet.copy]]\nname = \"usb\"\nmethod = \"encrypted-file\"\n\
             location = \"desk\"\ndestination = \"/tmp/x\"\nrecipients = [\"{plugin}\"]\n"
        );
        let check = Plan::parse(&text).unwrap().check(&Credentials::default());
        let all = check.errors.join("\n");
        assert!(all.contains("age-plugin-seedsafetest is not installed"), "{all}");
        assert!(matches!(Plan::parse("[[wallet]\n"), Err(PlanError::Syntax { line: 1, .. })));

        // Post-quantum and classic recipients in one copy: refused at check time.
        let pq = seedsafe_core::age_pq::Identity::generate().to_public();
        let classic = age::x25519::Identity::generate().to_public();
        let text = format!(
            "[[wallet]]\nlabel = \"a\"\n[[wallet.copy]]\nname = \"usb\"\nmethod = \"encrypted-file\"\n\
             location = \"desk\"\ndestination = \"/tmp/x\"\nrecipients = [\"{pq}\", \"{classic}\"]\n"
        );
        let check = Plan::parse(&text).unwrap().check(&Credentials::default());
        let all = check.errors.join("\n");
        assert!(all.contains("post-quantum recipients (age1pq1…) cannot share a file"), "{all}");
    }

    #[test]
    fn weak_layouts_are_warned_about() {
        let text = r#"
[[wallet]]
label = "a"
[[wallet.copy]]
name = "one"
method = "encrypted-file"
destination = "file:///tmp/a"
location = "home"
[[wallet.copy]]
name = "two"
method = "encrypted-file"
destination = "file:///tmp/b"
location = "home"
"#;
        let check = Plan::parse(text).unwrap().check(&Credentials::default());
        assert!(check.errors.is_empty(), "{check:?}");
        let all = check.warnings.join("\n");
        assert!(all.contains("one location"), "{all}");
        assert!(all.contains("electronic"), "{all}");
    }
}

//! Where copies go: destinations written as URLs, and the stores behind them (Apache
//! OpenDAL), driven by a tokio runtime created here so the rest of seedsafe stays
//! synchronous.
//!
//! | destination | example |
//! | --- | --- |
//! | a local folder (a USB drive is a folder) | `file:///media/usb/seedsafe` |
//! | S3 or S3-compatible | `s3://bucket/prefix?endpoint=https://s3.example.net&region=eu-west-1` |
//! | WebDAV (HTTPS; `tls=false` for plain HTTP) | `webdav://nas.local:5006/backup` |
//! | SFTP (through the system `ssh`) | `sftp://alice@host:22/backup?known_hosts=strict` |
//! | Google Drive, Dropbox, OneDrive (cargo features) | `gdrive:///seedsafe` |
//! | Azure Blob (cargo feature) | `azblob://container/prefix?account=NAME` |
//! | Google Cloud Storage (cargo feature) | `gcs://bucket/prefix` |
//!
//! Credentials never appear in a destination ([`crate::credentials`]).

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::OnceLock;
use std::time::Duration;

use opendal::Operator;
use zeroize::Zeroizing;

use crate::atomic;
use crate::credentials::{self, Credentials};

/// Environment variable: seconds one destination operation may take (default 60).
pub const TIMEOUT_ENV: &str = "SEEDSAFE_TIMEOUT";

/// Query keys and URL parts that would carry a credential. A plan holding one is refused.
const CREDENTIAL_KEYS: &[&str] = &[
    "password",
    "pass",
    "secret",
    "secret_access_key",
    "access_key_id",
    "access_key",
    "session_token",
    "token",
    "access_token",
    "refresh_token",
    "client_secret",
    "account_key",
    "sas_token",
    "sig",
    "credential",
    "credentials",
    "key",
    "private_key",
    "api_key",
];

/// Whether a setting's name says it holds a credential.
pub fn is_credential_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase().replace('-', "_");
    CREDENTIAL_KEYS.contains(&k.as_str())
        || ["password", "secret", "token", "credential", "private_key", "api_key"]
            .iter()
            .any(|w| k.contains(w))
}

/// A parsed destination.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Destination {
    text: String,
    service: Service,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Service {
    Fs { root: PathBuf },
    S3 { bucket: String, root: String, endpoint: Option<String>, region: String },
    Webdav { endpoint: String, root: String },
    Sftp { endpoint: String, user: String, root: String, known_hosts: String },
    Drive { scheme: &'static str, root: String },
    Azblob { container: String, root: String, endpoint: Option<String>, account: Option<String> },
    Gcs { bucket: String, root: String, endpoint: Option<String> },
}

/// Why a destination cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum DestinationError {
    /// Not a URL seedsafe knows.
    #[error("destination {0:?}: {1}")]
    Invalid(String, String),
    /// The URL holds a credential.
    #[error("destination {0:?} holds a credential ({1}); credentials belong in the environment or the credentials file, never in the plan (see docs/plan.md)")]
    EmbeddedCredential(String, String),
    /// This build lacks the service.
    #[error("this seedsafe was built without {0} support (cargo feature `{1}` of seedsafe-backup)")]
    NotBuilt(&'static str, &'static str),
    /// A credential that is required is missing.
    #[error("no {key} for {dest}: set {env} or add `{key}` under [{profile}] in the credentials file")]
    MissingCredential {
        /// The destination.
        dest: String,
        /// The credential's name.
        key: &'static str,
        /// The profile.
        profile: String,
        /// The environment variable that would hold it.
        env: String,
    },
    /// The copy is not at the destination.
    #[error("{name} is not at {dest}")]
    NotFound {
        /// The destination.
        dest: String,
        /// The object's name.
        name: String,
    },
    /// The destination failed.
    #[error("{dest}: {op} failed: {message}")]
    Failed {
        /// The destination.
        dest: String,
        /// The operation: write, read, ...
        op: &'static str,
        /// What went wrong, with any credential removed.
        message: String,
    },
    /// The destination did not answer in time.
    #[error("{dest}: {op} took longer than {secs} s; the destination did not answer")]
    Timeout {
        /// The destination.
        dest: String,
        /// The operation.
        op: &'static str,
        /// The limit.
        secs: u64,
    },
    /// A local write failed.
    #[error(transparent)]
    Local(#[from] atomic::WriteError),
    /// The async runtime could not start.
    #[error("cannot start the network runtime: {0}")]
    Runtime(String),
}

impl DestinationError {
    /// Whether the failure is that the copy is not there.
    pub fn is_not_found(&self) -> bool {
        matches!(self, DestinationError::NotFound { .. })
    }
}

impl fmt::Display for Destination {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl FromStr for Destination {
    type Err = DestinationError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        let invalid = |why: &str| DestinationError::Invalid(text.to_string(), why.to_string());
        let url = url::Url::parse(text)
            .map_err(|e| invalid(&format!("not a URL ({e}); write e.g. file:///media/usb/seedsafe")))?;
        if !url.password().unwrap_or("").is_empty() {
            return Err(DestinationError::EmbeddedCredential(
                redact_url(&url),
                "a password in the address".into(),
            ));
        }
        let query: Vec<(String, String)> =
            url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
        if let Some((k, _)) = query.iter().find(|(k, _)| is_credential_key(k)) {
            return Err(DestinationError::EmbeddedCredential(redact_url(&url), format!("the option `{k}`")));
        }
        let scheme = url.scheme().to_string();
        let allowed: &[&str] = match scheme.as_str() {
            "s3" => &["endpoint", "region"],
            "webdav" => &["tls"],
            "sftp" => &["known_hosts"],
            "azblob" => &["endpoint", "account"],
            "gcs" => &["endpoint"],
            _ => &[],
        };
        if let Some((k, _)) = query.iter().find(|(k, _)| !allowed.contains(&k.as_str())) {
            return Err(invalid(&format!("unknown option `{k}` for {scheme}")));
        }
        let q = |name: &str| query.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
        let host = url.host_str().unwrap_or("").to_string();
        let path = percent_decode(url.path());
        let root = format!("{}/", path.trim_end_matches('/'));
        let need_host = |what: &str| {
            if host.is_empty() {
                Err(invalid(&format!("give the {what} after {scheme}://")))
            } else {
                Ok(())
            }
        };
        if !url.username().is_empty() && scheme != "sftp" {
            return Err(invalid("a user name belongs in the credentials, not in the address"));
        }
        let service = match scheme.as_str() {
            "file" => {
                if !host.is_empty() && host != "localhost" {
                    return Err(invalid("a local folder is file:///absolute/path (three slashes)"));
                }
                let root = url.to_file_path().map_err(|()| invalid("not an absolute local path"))?;
                Service::Fs { root }
            }
            "s3" => {
                need_host("bucket")?;
                if let Some(e) = q("endpoint") {
                    check_http(&e).map_err(|w| invalid(&w))?;
                }
                Service::S3 { bucket: host, root, endpoint: q("endpoint"), region: q("region").unwrap_or_else(|| "us-east-1".into()) }
            }
            "webdav" => {
                need_host("server")?;
                let tls = match q("tls").as_deref() {
                    None | Some("true") => true,
                    Some("false") => false,
                    Some(_) => return Err(invalid("tls is true or false")),
                };
                let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
                let endpoint = format!("{}://{}{port}", if tls { "https" } else { "http" }, host_for_url(&url));
                Service::Webdav { endpoint, root }
            }
            "sftp" => {
                need_host("server")?;
                if url.username().is_empty() {
                    return Err(invalid("give the user: sftp://user@host/path"));
                }
                let known_hosts = q("known_hosts").unwrap_or_else(|| "strict".into());
                if !["strict", "accept", "add"].contains(&known_hosts.as_str()) {
                    return Err(invalid("known_hosts is strict, accept or add"));
                }
                let port = url.port().unwrap_or(22);
                Service::Sftp {
                    endpoint: format!("ssh://{}:{port}", host_for_url(&url)),
                    user: percent_decode(url.username()),
                    root,
                    known_hosts,
                }
            }
            "gdrive" | "dropbox" | "onedrive" => {
                let scheme = match scheme.as_str() {
                    "gdrive" => "gdrive",
                    "dropbox" => "dropbox",
                    _ => "onedrive",
                };
                if !host.is_empty() {
                    return Err(invalid(&format!("write {scheme}:///folder (three slashes)")));
                }
                Service::Drive { scheme, root }
            }
            "azblob" => {
                need_host("container")?;
                Service::Azblob { container: host, root, endpoint: q("endpoint"), account: q("account") }
            }
            "gcs" => {
                need_host("bucket")?;
                Service::Gcs { bucket: host, root, endpoint: q("endpoint") }
            }
            _ => {
                return Err(invalid(
                    "unknown kind of destination; seedsafe knows file, s3, webdav, sftp, gdrive, dropbox, onedrive, azblob, gcs",
                ))
            }
        };
        Ok(Destination { text: text.to_string(), service })
    }
}

fn host_for_url(url: &url::Url) -> String {
    match url.host() {
        Some(url::Host::Ipv6(a)) => format!("[{a}]"),
        Some(h) => h.to_string(),
        None => String::new(),
    }
}

fn check_http(endpoint: &str) -> Result<(), String> {
    let u = url::Url::parse(endpoint).map_err(|_| format!("endpoint {endpoint:?} is not a URL"))?;
    if !matches!(u.scheme(), "http" | "https") || u.host_str().is_none() {
        return Err(format!("endpoint {endpoint:?} must be an http:// or https:// URL"));
    }
    if !u.username().is_empty() || u.password().is_some() {
        return Err("the endpoint must not hold a user or password".into());
    }
    Ok(())
}

fn redact_url(url: &url::Url) -> String {
    let mut u = url.clone();
    let _ = u.set_password(None);
    u.set_query(None);
    u.to_string()
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A credential a service takes: its name, and whether the service cannot work without it.
struct CredentialSpec {
    key: &'static str,
    required: bool,
}

const fn need(key: &'static str) -> CredentialSpec {
    CredentialSpec { key, required: true }
}

const fn may(key: &'static str) -> CredentialSpec {
    CredentialSpec { key, required: false }
}

impl Destination {
    /// The destination as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The scheme: `file`, `s3`, `webdav`, ...
    pub fn scheme(&self) -> &'static str {
        match &self.service {
            Service::Fs { .. } => "file",
            Service::S3 { .. } => "s3",
            Service::Webdav { .. } => "webdav",
            Service::Sftp { .. } => "sftp",
            Service::Drive { scheme, .. } => scheme,
            Service::Azblob { .. } => "azblob",
            Service::Gcs { .. } => "gcs",
        }
    }

    /// A local folder, for which the copy never leaves this machine.
    pub fn local_folder(&self) -> Option<&Path> {
        match &self.service {
            Service::Fs { root } => Some(root),
            _ => None,
        }
    }

    /// The credentials profile used when the plan names none: the scheme.
    pub fn default_profile(&self) -> &'static str {
        self.scheme()
    }

    /// A warning about the destination itself (plain HTTP off this machine), if any.
    pub fn warning(&self) -> Option<String> {
        let plain_http = match &self.service {
            Service::Webdav { endpoint, .. } => Some(endpoint.clone()),
            Service::S3 { endpoint: Some(e), .. }
            | Service::Azblob { endpoint: Some(e), .. }
            | Service::Gcs { endpoint: Some(e), .. } => Some(e.clone()),
            _ => None,
        };
        let u = url::Url::parse(&plain_http?).ok()?;
        let loopback = match u.host() {
            Some(url::Host::Ipv4(a)) => a.is_loopback(),
            Some(url::Host::Ipv6(a)) => a.is_loopback(),
            Some(url::Host::Domain(d)) => d == "localhost",
            None => false,
        };
        (u.scheme() == "http" && !loopback).then(|| {
            format!(
                "{}: plain HTTP to another machine sends the credentials unencrypted; use HTTPS",
                self.text
            )
        })
    }

    fn credential_specs(&self) -> Vec<CredentialSpec> {
        match &self.service {
            Service::Fs { .. } => vec![],
            Service::S3 { .. } => {
                vec![need("access_key_id"), need("secret_access_key"), may("session_token")]
            }
            Service::Webdav { .. } => vec![may("username"), may("password"), may("token")],
            Service::Sftp { .. } => vec![may("key")],
            Service::Drive { .. } => {
                vec![may("access_token"), may("refresh_token"), may("client_id"), may("client_secret")]
            }
            Service::Azblob { .. } => vec![may("account_key"), may("sas_token")],
            Service::Gcs { .. } => vec![may("credential"), may("credential_path")],
        }
    }

    /// The required credentials that `creds` lacks for `profile`.
    pub fn missing_credentials(&self, creds: &Credentials, profile: &str) -> Vec<DestinationError> {
        self.credential_specs()
            .into_iter()
            .filter(|s| s.required && self.credential(creds, profile, s.key).is_none())
            .map(|s| DestinationError::MissingCredential {
                dest: self.text.clone(),
                key: s.key,
                profile: profile.to_string(),
                env: credentials::env_name(profile, s.key),
            })
            .collect()
    }

    fn credential(&self, creds: &Credentials, profile: &str, key: &str) -> Option<Zeroizing<String>> {
        creds.get(profile, key).or_else(|| {
            // The AWS tools' own variables, as every S3 client reads them.
            let aws = match (&self.service, key) {
                (Service::S3 { .. }, "access_key_id") => "AWS_ACCESS_KEY_ID",
                (Service::S3 { .. }, "secret_access_key") => "AWS_SECRET_ACCESS_KEY",
                (Service::S3 { .. }, "session_token") => "AWS_SESSION_TOKEN",
                _ => return None,
            };
            std::env::var(aws).ok().filter(|v| !v.is_empty()).map(Zeroizing::new)
        })
    }

    fn feature(&self) -> Result<(), DestinationError> {
        let (built, name, feature) = match &self.service {
            Service::Fs { .. } => (true, "local folder", ""),
            Service::S3 { .. } => (cfg!(feature = "s3"), "S3", "s3"),
            Service::Webdav { .. } => (cfg!(feature = "webdav"), "WebDAV", "webdav"),
            Service::Sftp { .. } => (cfg!(feature = "sftp"), "SFTP", "sftp"),
            Service::Drive { scheme: "gdrive", .. } => (cfg!(feature = "gdrive"), "Google Drive", "gdrive"),
            Service::Drive { scheme: "dropbox", .. } => (cfg!(feature = "dropbox"), "Dropbox", "dropbox"),
            Service::Drive { .. } => (cfg!(feature = "onedrive"), "OneDrive", "onedrive"),
            Service::Azblob { .. } => (cfg!(feature = "azblob"), "Azure Blob", "azblob"),
            Service::Gcs { .. } => (cfg!(feature = "gcs"), "Google Cloud Storage", "gcs"),
        };
        if built {
            Ok(())
        } else {
            Err(DestinationError::NotBuilt(name, feature))
        }
    }

    /// Whether this build of seedsafe can reach the destination.
    pub fn check_built(&self) -> Result<(), DestinationError> {
        self.feature()
    }

    /// Connects (lazily: nothing goes over the network before the first operation).
    pub fn open(&self, creds: &Credentials, profile: &str) -> Result<Store, DestinationError> {
        self.feature()?;
        if let Some(e) = self.missing_credentials(creds, profile).into_iter().next() {
            return Err(e);
        }
        let mut config: Vec<(String, String)> = Vec::new();
        let mut secrets: Vec<Zeroizing<String>> = Vec::new();
        let mut set = |k: &str, v: &str| config.push((k.to_string(), v.to_string()));
        let scheme = match &self.service {
            Service::Fs { root } => {
                // OpenDAL would create a missing root with the umask's mode; copies want 0700.
                atomic::create_private_dir(root)?;
                set("root", &root.to_string_lossy());
                "fs"
            }
            Service::S3 { bucket, root, endpoint, region } => {
                set("bucket", bucket);
                set("root", root);
                set("region", region);
                if let Some(e) = endpoint {
                    set("endpoint", e);
                }
                set("disable_config_load", "true");
                set("disable_ec2_metadata", "true");
                "s3"
            }
            Service::Webdav { endpoint, root } => {
                set("endpoint", endpoint);
                set("root", root);
                "webdav"
            }
            Service::Sftp { endpoint, user, root, known_hosts } => {
                set("endpoint", endpoint);
                set("user", user);
                set("root", root);
                set("known_hosts_strategy", known_hosts);
                "sftp"
            }
            Service::Drive { scheme, root } => {
                set("root", root);
                scheme
            }
            Service::Azblob { container, root, endpoint, account } => {
                set("container", container);
                set("root", root);
                if let Some(e) = endpoint {
                    set("endpoint", e);
                }
                if let Some(a) = account {
                    set("account_name", a);
                }
                "azblob"
            }
            Service::Gcs { bucket, root, endpoint } => {
                set("bucket", bucket);
                set("root", root);
                if let Some(e) = endpoint {
                    set("endpoint", e);
                }
                "gcs"
            }
        };
        for spec in self.credential_specs() {
            if let Some(v) = self.credential(creds, profile, spec.key) {
                config.push((spec.key.to_string(), v.to_string()));
                secrets.push(v);
            }
        }
        runtime()?;
        let op = Operator::via_iter(scheme, config).map_err(|e| self.failed("connect", &e, &secrets))?;
        Ok(Store { dest: self.clone(), op, secrets, timeout: timeout() })
    }

    fn failed(
        &self,
        op: &'static str,
        e: &opendal::Error,
        secrets: &[Zeroizing<String>],
    ) -> DestinationError {
        if e.kind() == opendal::ErrorKind::NotFound {
            return DestinationError::NotFound { dest: self.text.clone(), name: String::new() };
        }
        DestinationError::Failed { dest: self.text.clone(), op, message: describe(e, secrets) }
    }
}

/// An OpenDAL error in one line: what kind, the service's words, the root cause; any
/// credential value removed.
fn describe(e: &opendal::Error, secrets: &[Zeroizing<String>]) -> String {
    let mut text = match e.kind() {
        opendal::ErrorKind::PermissionDenied => "permission denied".to_string(),
        opendal::ErrorKind::ConfigInvalid => "invalid configuration".to_string(),
        opendal::ErrorKind::RateLimited => "rate limited".to_string(),
        _ => "error".to_string(),
    };
    let message = e.message().trim();
    if !message.is_empty() {
        text.push_str(": ");
        text.push_str(message);
    }
    let mut cause = std::error::Error::source(e);
    let mut last = None;
    while let Some(c) = cause {
        last = Some(c.to_string());
        cause = c.source();
    }
    if let Some(l) = last.filter(|l| !text.contains(l.as_str())) {
        text.push_str(" (");
        text.push_str(&l);
        text.push(')');
    }
    let mut text: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for s in secrets.iter().filter(|s| s.len() >= 3) {
        text = text.replace(s.as_str(), "[redacted]");
    }
    if text.chars().count() > 300 {
        text = text.chars().take(300).collect::<String>() + "…";
    }
    text
}

fn timeout() -> Duration {
    let secs =
        std::env::var(TIMEOUT_ENV).ok().and_then(|s| s.trim().parse().ok()).filter(|s| *s > 0).unwrap_or(60);
    Duration::from_secs(secs)
}

/// The one runtime of this process: current-thread, started on first use. HTTP goes over
/// rustls with the ring provider.
fn runtime() -> Result<&'static tokio::runtime::Runtime, DestinationError> {
    static RUNTIME: OnceLock<Result<tokio::runtime::Runtime, String>> = OnceLock::new();
    RUNTIME
        .get_or_init(|| {
            // Another part of the process may have installed a provider already: fine.
            let _ = rustls::crypto::ring::default_provider().install_default();
            opendal::init_default_registry();
            opendal_http_transport_reqwest::install_default();
            tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|e| DestinationError::Runtime(e.clone()))
}

/// The name a copy has while it is being written, where the store can rename.
pub fn partial_name(name: &str) -> String {
    format!(".{name}.partial")
}

/// A connected destination: write, read, check and remove copies by name.
pub struct Store {
    dest: Destination,
    op: Operator,
    secrets: Vec<Zeroizing<String>>,
    timeout: Duration,
}

impl Store {
    /// The destination.
    pub fn destination(&self) -> &Destination {
        &self.dest
    }

    fn run<T>(
        &self,
        op: &'static str,
        fut: impl std::future::Future<Output = opendal::Result<T>>,
    ) -> Result<T, DestinationError> {
        let rt = runtime()?;
        match rt.block_on(async { tokio::time::timeout(self.timeout, fut).await }) {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(e)) => Err(self.dest.failed(op, &e, &self.secrets)),
            Err(_) => Err(DestinationError::Timeout {
                dest: self.dest.text.clone(),
                op,
                secs: self.timeout.as_secs(),
            }),
        }
    }

    /// Writes a new copy so that it never appears under `name` half-written: a local folder
    /// gets a private file written atomically ([`atomic`]); a store that can rename gets the
    /// bytes under [`partial_name`] first; an object store (S3) stores a PUT whole or not at
    /// all. Never replaces an existing copy.
    pub fn put(&self, name: &str, bytes: &[u8]) -> Result<(), DestinationError> {
        if let Some(dir) = self.dest.local_folder() {
            atomic::create_private_dir(dir)?;
            atomic::write_private_via(&dir.join(name), &dir.join(partial_name(name)), bytes, false)?;
            return Ok(());
        }
        if self.exists(name)? {
            return Err(DestinationError::Failed {
                dest: self.dest.text.clone(),
                op: "write",
                message: format!("{name} already exists; seedsafe never overwrites a copy"),
            });
        }
        if self.op.info().capability().rename {
            let partial = partial_name(name);
            self.run("write", self.op.write(&partial, bytes.to_vec()))?;
            self.run("rename", self.op.rename(&partial, name))
        } else {
            self.run("write", self.op.write(name, bytes.to_vec())).map(|_| ())
        }
    }

    /// Reads a copy.
    pub fn get(&self, name: &str) -> Result<Vec<u8>, DestinationError> {
        self.run("read", self.op.read(name)).map(|b| b.to_vec()).map_err(|e| self.named(e, name))
    }

    /// Whether a copy is there.
    pub fn exists(&self, name: &str) -> Result<bool, DestinationError> {
        self.run("check", self.op.exists(name))
    }

    /// Removes a copy and its partial file, if any. A copy that is not there is fine.
    pub fn delete(&self, name: &str) -> Result<(), DestinationError> {
        for n in [partial_name(name), name.to_string()] {
            match self.run("delete", self.op.delete(&n)) {
                Err(e) if !e.is_not_found() => return Err(e),
                _ => {}
            }
        }
        Ok(())
    }

    fn named(&self, e: DestinationError, name: &str) -> DestinationError {
        match e {
            DestinationError::NotFound { dest, .. } => {
                DestinationError::NotFound { dest, name: name.to_string() }
            }
            e => e,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Destination, DestinationError> {
        s.parse()
    }

    #[test]
    fn destinations_parse() {
        let d = parse("file:///media/usb/seedsafe").unwrap();
        assert_eq!(d.local_folder(), Some(Path::new("/media/usb/seedsafe")));
        let s3 = parse("s3://wallet/backups?endpoint=http://127.0.0.1:9000&region=eu-west-1").unwrap();
        assert_eq!(s3.scheme(), "s3");
        assert_eq!(
            s3.service,
            Service::S3 {
                bucket: "wallet".into(),
                root: "/backups/".into(),
                endpoint: Some("http://127.0.0.1:9000".into()),
                region: "eu-west-1".into()
            }
        );
        assert!(s3.warning().is_none(), "loopback HTTP is fine");
        let dav = parse("webdav://nas.local:8080/dav/seedsafe?tls=false").unwrap();
        assert_eq!(
            dav.service,
            Service::Webdav { endpoint: "http://nas.local:8080".into(), root: "/dav/seedsafe/".into() }
        );
        assert!(dav.warning().is_some());
        let sftp = parse("sftp://alice@127.0.0.1:2222/backup").unwrap();
        assert_eq!(
            sftp.service,
            Service::Sftp {
                endpoint: "ssh://127.0.0.1:2222".into(),
                user: "alice".into(),
                root: "/backup/".into(),
                known_hosts: "strict".into()
            }
        );
        assert_eq!(parse("gdrive:///seedsafe").unwrap().scheme(), "gdrive");
    }

    #[test]
    fn credentials_in_a_destination_are_refused() {
        for bad in [
            "webdav://bob:hunter2@nas.local/dav",
            "s3://bucket/x?secret_access_key=abc",
            "s3://bucket/x?access_key_id=AKID",
            "azblob://c/x?sas_token=abc",
            "webdav://nas/x?password=abc",
        ] {
            let e = parse(bad).unwrap_err();
            assert!(matches!(e, DestinationError::EmbeddedCredential(..)), "{bad}: {e}");
            assert!(!e.to_string().contains("hunter2") && !e.to_string().contains("abc\""), "{e}");
        }
    }

    #[test]
    fn bad_destinations_say_why() {
        for (bad, why) in [
            ("/media/usb", "not a URL"),
            ("ftp://host/x", "unknown kind"),
            ("file://host/x", "three slashes"),
            ("sftp://host/x", "give the user"),
            ("s3:///x", "bucket"),
            ("s3://b/x?colour=red", "unknown option"),
            ("webdav://alice@nas/x", "user name"),
        ] {
            let e = parse(bad).unwrap_err().to_string();
            assert!(e.contains(why), "{bad}: {e}");
        }
    }

    #[test]
    fn a_local_store_writes_reads_and_deletes() {
        let dir = tempfile::tempdir().unwrap();
        let d: Destination = format!("file://{}/copies", dir.path().display()).parse().unwrap();
        let store = d.open(&Credentials::default(), "file").unwrap();
        store.put("a.age", b"bytes").unwrap();
        assert!(store.put("a.age", b"other").is_err());
        assert_eq!(store.get("a.age").unwrap(), b"bytes");
        assert!(store.exists("a.age").unwrap());
        store.delete("a.age").unwrap();
        assert!(!store.exists("a.age").unwrap());
        assert!(store.get("a.age").unwrap_err().is_not_found());
    }
}

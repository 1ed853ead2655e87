//! What the CLI integration tests share: running the `seedsafe` binary in a folder, checking
//! refusals (exit code, message, nothing written), external tools that must be installed, the
//! Python reference implementations, seeded randomness and the test vectors.
//!
//! Each test binary uses its own part of this module.
#![allow(dead_code, reason = "each test binary uses a different subset")]
#![allow(clippy::unwrap_used, reason = "in tests a panic is the failure report")]

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use rand::rngs::{OsRng, StdRng};
use rand::seq::SliceRandom;
use rand::{Rng, RngCore, SeedableRng};
use seedsafe_core::bip39::{Language, Mnemonic};
use serde_json::Value;

pub const BIN: &str = env!("CARGO_BIN_EXE_seedsafe");

/// The public BIP-39/BIP-84 test wallet: never holds funds.
pub const ABANDON: &str =
    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";

/// Runs `seedsafe LINE` in `dir` with `stdin` (then closed: never a terminal).
pub fn run(dir: &Path, line: &str, stdin: &[u8]) -> Output {
    run_env(dir, line, stdin, &[])
}

/// [`run`] with extra environment variables (`PATH` for the age plugin tests).
pub fn run_env(dir: &Path, line: &str, stdin: &[u8], env: &[(&str, &OsStr)]) -> Output {
    let args: Vec<&str> = line.split_whitespace().collect();
    spawn(dir, &args, stdin, env)
}

/// Runs `seedsafe ARGS` in `dir` with `stdin`: for arguments that hold spaces (a mnemonic).
pub fn run_args(dir: &Path, args: &[&str], stdin: &[u8]) -> Output {
    spawn(dir, args, stdin, &[])
}

fn spawn(dir: &Path, args: &[&str], stdin: &[u8], env: &[(&str, &OsStr)]) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("SEEDSAFE_HOME")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run seedsafe");
    let mut input = child.stdin.take().unwrap();
    // A command that does not read its input may exit first: a broken pipe is no failure.
    let _ = input.write_all(stdin);
    drop(input);
    child.wait_with_output().unwrap()
}

/// The `--json` report of a command that must have succeeded.
pub fn json_of(out: &Output) -> Value {
    assert!(out.status.success(), "seedsafe failed ({:?}): {}", out.status.code(), stderr(out));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(out)))
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs seedsafe and requires success.
pub fn ok(dir: &Path, line: &str) -> Output {
    let out = run(dir, line, b"");
    assert!(out.status.success(), "seedsafe {line} failed ({:?}): {}", out.status.code(), stderr(&out));
    out
}

/// Runs seedsafe (with `--json` in `line`), requires success and parses the report.
pub fn ok_json(dir: &Path, line: &str) -> Value {
    let out = ok(dir, line);
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{line}: not JSON ({e}): {}", stdout(&out)))
}

/// Every file and folder under `dir` (recursively) with its mode and contents.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (u32, Vec<u8>)> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            if meta.is_dir() {
                todo.push(path.clone());
                out.insert(path, (meta.permissions().mode(), Vec::new()));
            } else {
                out.insert(path.clone(), (meta.permissions().mode(), std::fs::read(&path).unwrap()));
            }
        }
    }
    out
}

/// The names under `dir`, sorted.
pub fn names(dir: &Path) -> Vec<String> {
    snapshot(dir).keys().map(|p| p.strip_prefix(dir).unwrap().display().to_string()).collect()
}

/// A refused command: exit code 2, `message` in the error, nothing on stdout, the folder as
/// it was.
pub fn refused(dir: &Path, line: &str, message: &str) {
    fails(dir, line, 2, message);
}

/// A failed command: the exit code, `message` in the error, nothing on stdout, the folder as
/// it was.
pub fn fails(dir: &Path, line: &str, code: i32, message: &str) {
    fails_env(dir, line, code, message, &[]);
}

/// [`fails`] with extra environment variables.
pub fn fails_env(dir: &Path, line: &str, code: i32, message: &str, env: &[(&str, &OsStr)]) {
    let before = snapshot(dir);
    let out = run_env(dir, line, b"", env);
    let err = stderr(&out);
    assert_eq!(
        out.status.code(),
        Some(code),
        "{line}: expected exit code {code}, got {:?}: {err}",
        out.status.code()
    );
    assert!(err.starts_with("error: "), "{line}: no error message: {err}");
    assert!(err.contains(message), "{line}: expected {message:?} in the error, got: {err}");
    assert!(out.stdout.is_empty(), "{line}: printed on stdout although it failed: {}", stdout(&out));
    assert!(before == snapshot(dir), "{line} changed the folder: {:?}", names(dir));
}

/// Writes `dir/name`; returns `name`.
pub fn write(dir: &Path, name: &str, contents: impl AsRef<[u8]>) -> String {
    std::fs::write(dir.join(name), contents).unwrap();
    name.to_string()
}

pub fn mode(dir: &Path, name: &str) -> u32 {
    std::fs::metadata(dir.join(name)).unwrap().permissions().mode() & 0o777
}

/// A test's random generator, from `SEEDSAFE_TEST_SEED` or the OS; the seed is printed.
pub fn seeded(test: &str) -> StdRng {
    let seed = match std::env::var("SEEDSAFE_TEST_SEED") {
        Ok(text) => text.parse().expect("SEEDSAFE_TEST_SEED must be a u64"),
        Err(_) => OsRng.next_u64(),
    };
    println!("{test}: SEEDSAFE_TEST_SEED={seed}");
    StdRng::seed_from_u64(seed)
}

/// A random BIP-39 mnemonic: any length, any of the ten wordlists.
pub fn random_mnemonic(rng: &mut StdRng) -> Mnemonic {
    let bytes = *[16usize, 20, 24, 28, 32].choose(rng).unwrap();
    let entropy: Vec<u8> = (0..bytes).map(|_| rng.gen()).collect();
    let language = *Language::ALL.choose(rng).unwrap();
    Mnemonic::from_entropy(&entropy, language).unwrap()
}

/// An external tool, which must be installed: a missing one fails the test.
pub fn tool(name: &str, package: &str) -> Command {
    let found = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).any(|d| d.join(name).is_file()))
        .unwrap_or(false);
    assert!(found, "`{name}` is not installed: install the Debian package {package} (scripts/test does)");
    Command::new(name)
}

pub fn output_of(mut cmd: Command, what: &str) -> Output {
    let out = cmd.stdin(Stdio::null()).output().unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(out.status.success(), "{what} failed: {}", stderr(&out));
    out
}

/// The Python interpreter with eth-account: `$SEEDSAFE_PYTHON`, or the `.venv` of scripts/test.
pub fn python() -> PathBuf {
    if let Some(p) = std::env::var_os("SEEDSAFE_PYTHON") {
        return PathBuf::from(p);
    }
    let venv = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../.venv/bin/python");
    assert!(
        venv.exists(),
        "the Python reference implementations are missing: run scripts/test (it creates .venv) or set SEEDSAFE_PYTHON"
    );
    venv
}

/// `dir/plan.toml`: one wallet with one encrypted-file copy to `recipient`, in `dir/usb`.
/// Returns the plan's file name.
pub fn one_copy_plan(dir: &Path, recipient: &str) -> String {
    write(
        dir,
        "plan.toml",
        format!(
            "[[wallet]]\nlabel = \"test\"\n[[wallet.copy]]\nname = \"usb\"\nmethod = \"encrypted-file\"\n\
             destination = \"file://{}\"\nlocation = \"desk\"\nrecipients = [\"{recipient}\"]\n",
            dir.join("usb").display()
        ),
    )
}

pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

pub fn vectors_file(name: &str) -> PathBuf {
    match std::env::var_os("SEEDSAFE_VECTORS") {
        Some(dir) => PathBuf::from(dir).join(name),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/vectors").join(name),
    }
}

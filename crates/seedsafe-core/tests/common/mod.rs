//! Shared by the integration tests: where the official vectors and the Python oracles are.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Stdio};

/// The folder of official test vectors: `$SEEDSAFE_VECTORS`, or `shared/vectors` beside the
/// repository (where the project keeps them).
pub fn vectors_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("SEEDSAFE_VECTORS") {
        return PathBuf::from(dir);
    }
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = manifest.join("../../../shared/vectors");
    assert!(dir.is_dir(), "test vectors not found at {}; set SEEDSAFE_VECTORS", dir.display());
    dir
}

/// Parses one vector file.
pub fn vector_json(name: &str) -> serde_json::Value {
    let path = vectors_dir().join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The Python interpreter with the reference libraries: `$SEEDSAFE_PYTHON`, or the `.venv`
/// that `scripts/test` creates. Missing oracles fail the test: a skipped interop test
/// would look like a passing one.
pub fn python() -> PathBuf {
    if let Some(p) = std::env::var_os("SEEDSAFE_PYTHON") {
        return PathBuf::from(p);
    }
    let venv = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../.venv/bin/python");
    assert!(venv.exists(), "the Python reference implementations are missing: run scripts/test (it creates .venv) or set SEEDSAFE_PYTHON");
    venv
}

/// Path of an oracle script in `tests/oracle/`.
pub fn oracle_script(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/oracle").join(name)
}

/// Runs an oracle script with a JSON document on stdin and returns its JSON answer.
pub fn run_oracle(script: &str, input: &serde_json::Value) -> serde_json::Value {
    use std::io::Write;
    let mut child = Command::new(python())
        .arg(oracle_script(script))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the Python oracle");
    child.stdin.take().expect("stdin").write_all(input.to_string().as_bytes()).expect("write to the oracle");
    let out = child.wait_with_output().expect("oracle output");
    assert!(out.status.success(), "oracle {script} failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("oracle JSON")
}

/// A string field of a vector, or a panic naming the field.
pub fn text<'a>(value: &'a serde_json::Value, what: &str) -> &'a str {
    value.as_str().unwrap_or_else(|| panic!("{what} is not a string: {value}"))
}

/// Collects the failures of every case, so one run reports them all.
#[derive(Default)]
pub struct Failures(pub Vec<String>);

impl Failures {
    /// Records a mismatch.
    pub fn eq<T: PartialEq + std::fmt::Debug>(&mut self, case: &str, what: &str, got: T, want: T) {
        if got != want {
            self.0.push(format!("{case}: {what}: got {got:?}, expected {want:?}"));
        }
    }

    /// Records a failure.
    pub fn fail(&mut self, case: &str, message: String) {
        self.0.push(format!("{case}: {message}"));
    }

    /// Fails the test if anything was recorded.
    pub fn assert_none(self, what: &str) {
        assert!(self.0.is_empty(), "{what}: {} failure(s):\n{}", self.0.len(), self.0.join("\n"));
    }
}

/// The seed of a randomised test: `$SEEDSAFE_TEST_SEED` or a fresh one, printed so a failing
/// run can be repeated.
pub fn test_seed(label: &str) -> u64 {
    let seed = match std::env::var("SEEDSAFE_TEST_SEED") {
        Ok(text) => text.parse().expect("SEEDSAFE_TEST_SEED must be a u64"),
        Err(_) => rand::random(),
    };
    eprintln!("{label}: SEEDSAFE_TEST_SEED={seed}");
    seed
}

/// A generator seeded by [`test_seed`].
pub fn seeded_rng(label: &str) -> rand::rngs::StdRng {
    rand::SeedableRng::seed_from_u64(test_seed(label))
}

/// One batched `{"op", "cases"}` request to an oracle script; one result per case.
pub fn oracle_batch(script: &str, op: &str, cases: Vec<serde_json::Value>) -> Vec<serde_json::Value> {
    let count = cases.len();
    let response = run_oracle(script, &serde_json::json!({ "op": op, "cases": cases }));
    let results = response["results"].as_array().expect("results").clone();
    assert_eq!(results.len(), count, "{script}: one result per case");
    results
}

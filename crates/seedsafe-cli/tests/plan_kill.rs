//! `seedsafe plan run` killed (SIGKILL) at random points, many times: never a partial copy
//! that looks complete, never a manifest entry for a copy that is not there and restorable;
//! and a run to the end afterwards leaves exactly the plan's copies, nothing duplicated.
//!
//! Destinations: a local folder, WebDAV and S3 (rclone on 127.0.0.1, see `plans/mod.rs`) and a
//! paper sheet's PDF. Each run uses `--rotate`, so every run writes, verifies, records and
//! deletes. `SEEDSAFE_TEST_SEED=<seed>` replays a sequence of kill times; `SEEDSAFE_KILLS`
//! sets how many (default 20).

#![allow(clippy::unwrap_used, reason = "in tests a panic is the failure report")]

mod plans;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use plans::{expect_code, json, text, with_servers, Home};
use rand::{Rng, SeedableRng};
use serde_json::Value;

const WORDS: &str = "legal winner thank year wave sausage worth useful legal winner thank yellow";
const PASSWORD: &str = "kill-test-password-Qm3v-8Lz1";

/// Files in a folder whose names say "complete copy": not partial or temporary.
fn final_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut v: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_str().unwrap();
            p.is_file() && name.starts_with("seedsafe-") && (name.ends_with(".age") || name.ends_with(".pdf"))
        })
        .collect();
    v.sort();
    v
}

fn looks_complete(path: &Path) -> bool {
    let bytes = std::fs::read(path).unwrap();
    let name = path.to_str().unwrap();
    if name.ends_with(".pdf") {
        bytes.windows(5).rev().take(64).any(|w| w == b"%%EOF")
    } else {
        String::from_utf8_lossy(&bytes).trim_end().ends_with("-----END AGE ENCRYPTED FILE-----")
    }
}

fn sha256(path: &Path) -> Option<String> {
    use sha2::Digest;
    std::fs::read(path).ok().map(|b| hex::encode(sha2::Sha256::digest(b)))
}

struct Fixture {
    home: Home,
    plan: String,
    pw: String,
    folders: Vec<PathBuf>,
}

impl Fixture {
    /// Where each recorded copy lies on disk.
    fn file_of(&self, c: &Value) -> PathBuf {
        if let Some(p) = c["print_file"].as_str() {
            return PathBuf::from(p);
        }
        let object = c["object"].as_str().unwrap();
        let folder = match c["plan_copy"].as_str().unwrap() {
            "local" => &self.folders[0],
            "dav" => &self.folders[1],
            "s3" => &self.folders[2],
            other => panic!("unknown copy {other}"),
        };
        folder.join(object)
    }

    /// The invariants that must hold whenever the process stops.
    fn check(&self, round: &str) {
        let manifest_path = self.home.home().join("manifest.json");
        if !manifest_path.exists() {
            return;
        }
        let m = self.home.manifest();
        let copies: Vec<Value> = m["wallets"]
            .as_array()
            .map_or(Vec::new(), |w| w.iter().flat_map(|w| w["copies"].as_array().unwrap().clone()).collect());
        let mut recorded = BTreeSet::new();
        for c in &copies {
            let file = self.file_of(c);
            assert_eq!(
                sha256(&file).as_deref(),
                c["sha256"].as_str(),
                "{round}: the manifest records {} but {} is not there whole",
                c["id"],
                file.display()
            );
            recorded.insert(file);
        }
        let pending: Vec<String> = m["pending"]
            .as_array()
            .map_or(Vec::new(), |p| p.iter().map(|p| p["object"].as_str().unwrap().to_string()).collect());
        for folder in &self.folders {
            for f in final_files(folder) {
                let name = f.file_name().unwrap().to_str().unwrap().to_string();
                assert!(looks_complete(&f), "{round}: {} is partial under a final name", f.display());
                assert!(
                    recorded.contains(&f) || pending.contains(&name),
                    "{round}: {} is neither recorded nor pending cleanup",
                    f.display()
                );
            }
        }
    }

    fn spawn(&self) -> std::process::Child {
        let mut child = self
            .home
            .command(&["plan", "run", &self.plan, "--password-file", &self.pw, "--rotate", "--json"])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(WORDS.as_bytes()).unwrap();
        child
    }
}

#[test]
fn killed_runs_never_leave_a_false_record_or_a_partial_copy() {
    let s = with_servers();
    let home = Home::new();
    let tag = home.path().file_name().unwrap().to_str().unwrap().to_string();
    let (dav_path, s3_prefix) = (format!("kill/{tag}"), format!("kill/{tag}"));
    let local = home.path().join("usb");
    let print = home.path().join("print");
    let plan = home.file(
        "plan.toml",
        &format!(
            r#"
[[wallet]]
label = "kill"
[[wallet.copy]]
name = "local"
method = "encrypted-file"
destination = "file://{local}"
location = "home"
[[wallet.copy]]
name = "dav"
method = "encrypted-file"
destination = "{dav}"
location = "nas"
[[wallet.copy]]
name = "s3"
method = "encrypted-file"
destination = "{s3}"
location = "cloud"
[[wallet.copy]]
name = "paper"
method = "paper-sheet"
location = "bank"
print_dir = "{print}"
"#,
            local = local.display(),
            dav = s.webdav(&dav_path),
            s3 = s.s3(&s3_prefix),
            print = print.display(),
        ),
    );
    let pw = home.file("pw.txt", PASSWORD);
    let folders = vec![local, s.dav_file(&dav_path, ""), s.s3_file(&s3_prefix, ""), print];
    let f = Fixture { home, plan: plan.to_str().unwrap().into(), pw: pw.to_str().unwrap().into(), folders };

    // One full run, timed, to know where to aim.
    let start = Instant::now();
    let out = f.spawn().wait_with_output().unwrap();
    assert!(out.status.success(), "first run failed");
    let full = start.elapsed();
    f.check("after the first run");

    let seed: u64 =
        std::env::var("SEEDSAFE_TEST_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(rand::random);
    let kills: usize = std::env::var("SEEDSAFE_KILLS").ok().and_then(|s| s.parse().ok()).unwrap_or(20);
    println!("kill test: seed {seed} (SEEDSAFE_TEST_SEED={seed} replays it), {kills} kills, a full run takes {full:?}");
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let mut finished = 0;
    for round in 0..kills {
        let at = Duration::from_millis(rng.gen_range(0..full.as_millis() as u64 + 100));
        let mut child = f.spawn();
        std::thread::sleep(at);
        if child.try_wait().unwrap().is_some() {
            finished += 1;
        } else {
            child.kill().unwrap();
            child.wait().unwrap();
        }
        f.check(&format!("round {round} (killed at {at:?}, seed {seed})"));
    }
    println!("{finished} of {kills} runs finished before their kill");

    // A run to the end: exactly the plan's copies, no leftovers, and they restore.
    let out = f.home.run(&["plan", "run", &f.plan, "--password-file", &f.pw, "--json"], WORDS);
    expect_code(&out, 0, "the final run");
    f.check("after the final run");
    let m = f.home.manifest();
    let copies = m["wallets"][0]["copies"].as_array().unwrap();
    let names: BTreeSet<&str> = copies.iter().map(|c| c["plan_copy"].as_str().unwrap()).collect();
    assert_eq!(copies.len(), 4, "one copy per plan entry: {}", text(&out));
    assert_eq!(names.len(), 4);
    assert!(m.get("pending").is_none(), "no unfinished copy is left");
    for folder in &f.folders {
        assert_eq!(final_files(folder).len(), 1, "{}: exactly the recorded copy", folder.display());
        let all = std::fs::read_dir(folder).unwrap().count();
        assert_eq!(all, 1, "{}: partial or temporary files are left", folder.display());
    }
    let drill = f.home.run(&["drill", "--all", "--password-file", &f.pw, "--json"], WORDS);
    expect_code(&drill, 0, "drill after the kills");
    assert!(
        json(&drill)["drills"].as_array().unwrap().iter().all(|d| d["result"] == "ok"),
        "{}",
        text(&drill)
    );
}

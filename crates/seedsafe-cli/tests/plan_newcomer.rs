//! The README's main job, as a newcomer does it on a fresh machine: one command makes a
//! backup on local defaults (a wallet's encrypted copy in a local folder and a paper sheet,
//! verified), and `seedsafe status` says it is healthy once the sheet is printed and its
//! PDF deleted. Then the status contract scripts rely on, the clock moved forward, and the
//! canary: no report, file name or record holds the secret.

#![allow(clippy::unwrap_used, reason = "in tests a panic is the failure report")]

mod plans;

use plans::{expect_code, json, leak, text, Home};

const WORDS: &str = "hawk grass gadget issue salt suspect ice either elite various obey repair";
const PASSWORD: &str = "newcomer-password-Hx8r-2Jd5-Pq0a";

#[test]
fn the_main_job_command_on_a_fresh_home_makes_a_healthy_backup() {
    let home = Home::new();
    assert!(!home.home().exists());
    let pw = home.file("pw.txt", PASSWORD);
    let pw = pw.to_str().unwrap();
    let mut outputs = Vec::new();

    // The README's command (with the password from a file instead of the prompt).
    let made = home.run(&["plan", "run", "--quickstart", "--password-file", pw], WORDS);
    expect_code(&made, 0, "plan run --quickstart");
    let shown = text(&made);
    assert!(shown.contains("written, read back and restored: OK"), "{shown}");
    assert!(shown.contains("To print"), "{shown}");
    outputs.push(made);
    let plan = std::fs::read_to_string(home.home().join("plan.toml")).unwrap();
    let m = home.manifest();
    let copies = m["wallets"][0]["copies"].as_array().unwrap().clone();
    assert_eq!(copies.len(), 2);
    let encrypted = copies.iter().find(|c| c["method"] == "encrypted-file").unwrap();
    let paper = copies.iter().find(|c| c["method"] == "paper-sheet").unwrap();
    let object = home.home().join("copies").join(encrypted["object"].as_str().unwrap());
    assert!(std::fs::read_to_string(&object).unwrap().starts_with("-----BEGIN AGE ENCRYPTED FILE-----"));
    let pdf = paper["print_file"].as_str().unwrap().to_string();
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));

    // Until the sheet's PDF is deleted, status says so.
    let status = home.run(&["status"], "");
    expect_code(&status, 1, "status with the PDF");
    assert!(text(&status).contains("print it, then delete it"), "{}", text(&status));
    // The printed sheet drills from a photo of its SeedQR (here: the PDF rendered by
    // poppler's pdftoppm, as a scanner would).
    let png = home.path().join("scan");
    let rendered = std::process::Command::new("pdftoppm")
        .args(["-r", "150", "-png", "-f", "1", "-l", "1", "-singlefile", &pdf])
        .arg(&png)
        .status()
        .expect("pdftoppm (Debian package poppler-utils) renders the sheet");
    assert!(rendered.success());
    let photo = home.run(&["drill", paper["id"].as_str().unwrap(), "--photo", "scan.png", "--json"], "");
    expect_code(&photo, 0, "drill from a photo");
    assert_eq!(json(&photo)["drills"][0]["result"], "ok", "{}", text(&photo));
    outputs.push(photo);
    std::fs::remove_file(&pdf).unwrap();
    let status = home.run(&["status"], "");
    expect_code(&status, 0, "status");
    assert!(text(&status).contains("Healthy: no problems"), "{}", text(&status));
    outputs.push(status);

    // The status contract.
    let status = home.run(&["status", "--online", "--json"], "");
    expect_code(&status, 0, "status --json");
    let st = json(&status);
    assert_eq!(st["healthy"], true);
    assert_eq!(st["problems"], serde_json::json!([]));
    assert_eq!(st["wallets"][0]["label"], "my-wallet");
    assert_eq!(st["wallets"][0]["fingerprint"], m["wallets"][0]["fingerprint"]);
    assert_eq!(st["wallets"][0]["copies"].as_array().unwrap().len(), 2);
    outputs.push(status);

    // Running the main job again duplicates nothing.
    let again = home.run(&["plan", "run", "--quickstart", "--password-file", pw, "--json"], WORDS);
    expect_code(&again, 0, "again");
    let report = json(&again);
    let results: Vec<&str> =
        report["copies"].as_array().unwrap().iter().map(|c| c["result"].as_str().unwrap()).collect();
    assert_eq!(results, ["kept", "kept"], "{}", text(&again));
    outputs.push(again);

    // Far in the future, copies are stale and drills overdue: each copy is named.
    let later = {
        let mut cmd = home.command(&["status", "--json"]);
        cmd.env("SEEDSAFE_NOW", "2099-01-01T00:00:00Z");
        cmd.output().unwrap()
    };
    expect_code(&later, 1, "status in the future");
    let problems = json(&later)["problems"].as_array().unwrap().clone();
    let mut named: Vec<(String, String)> = problems
        .iter()
        .map(|p| (p["kind"].as_str().unwrap().into(), p["copy"].as_str().unwrap().into()))
        .collect();
    named.sort();
    let (e, p) = (encrypted["id"].as_str().unwrap().to_string(), paper["id"].as_str().unwrap().to_string());
    let mut want = vec![
        ("drill-overdue".to_string(), e.clone()),
        ("drill-overdue".into(), p.clone()),
        ("stale-copy".into(), e.clone()),
        ("stale-copy".into(), p.clone()),
    ];
    want.sort();
    assert_eq!(named, want);
    assert!(problems.iter().all(|p| !p["message"].as_str().unwrap().is_empty()));

    // Drills: the encrypted copy with the password, the paper sheet by typing its words.
    let drill = home.run(&["drill", "--all", "--password-file", pw], WORDS);
    expect_code(&drill, 0, "drill --all");
    assert_eq!(text(&drill).matches("restores the wallet").count(), 2, "{}", text(&drill));
    outputs.push(drill);
    let wrong = home.run(
        &["drill", &p],
        "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about",
    );
    expect_code(&wrong, 1, "a sheet that restores another wallet");
    assert!(text(&wrong).contains("restores a different wallet"), "{}", text(&wrong));
    outputs.push(home.run(&["status", "--json"], ""));

    // Canary.
    for out in &outputs {
        assert!(leak(&text(out), WORDS, &[PASSWORD]).is_none(), "secret in output: {}", text(out));
    }
    let manifest = std::fs::read_to_string(home.home().join("manifest.json")).unwrap();
    assert!(leak(&manifest, WORDS, &[PASSWORD]).is_none(), "secret in the manifest");
    assert!(leak(&plan, WORDS, &[PASSWORD]).is_none());
    for entry in walk(&home.home()) {
        let name = entry.file_name().unwrap().to_str().unwrap().to_string();
        assert!(leak(&name.replace(['-', '_', '.'], " "), WORDS, &[PASSWORD]).is_none(), "{name}");
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        }
        out.push(p);
    }
    out
}

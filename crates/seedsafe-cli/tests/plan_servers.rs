//! Backup plans against real servers on 127.0.0.1 (S3, WebDAV and SFTP served by rclone; see
//! `plans/mod.rs`), through the `seedsafe` binary:
//!
//! - a plan with copies and shares on all of them runs, reports healthy (`status --online`),
//!   and every copy drills OK; the manifest and every report hold no secret (canary);
//! - a copy deleted or altered at its destination: `status --online` and `drill` name
//!   exactly that copy, and a re-run replaces the missing one;
//! - faults: a destination refusing connections, one answering with errors (a real server
//!   with wrong credentials, and a server answering 500), one vanishing mid-upload: the other
//!   copies are made, the failed ones reported and not recorded.

#![allow(clippy::unwrap_used, reason = "in tests a panic is the failure report")]

mod plans;

use plans::{expect_code, json, leak, rogue_server, text, with_servers, Home, Rogue};
use serde_json::Value;

/// The canary wallet (used nowhere else) and its password.
const WORDS: &str = "hawk grass gadget issue salt suspect ice either elite various obey repair";
const PASSWORD: &str = "password-canary-Zk4q-9f2b-Tt7w";

fn copies(home: &Home) -> Vec<Value> {
    home.manifest()["wallets"][0]["copies"].as_array().unwrap().clone()
}

fn copy_by<'a>(copies: &'a [Value], plan_copy: &str) -> &'a Value {
    copies.iter().find(|c| c["plan_copy"] == plan_copy).unwrap_or_else(|| panic!("no copy {plan_copy}"))
}

fn assert_no_secret(what: &str, s: &str) {
    let found = leak(s, WORDS, &[PASSWORD, plans::S3_SECRET, plans::DAV_PASS]);
    assert!(found.is_none(), "{what} holds a secret ({found:?}):\n{s}");
}

#[test]
fn a_plan_on_every_server_runs_drills_and_reports_healthy() {
    let s = with_servers();
    let home = Home::new();
    let plan = home.file(
        "plan.toml",
        &format!(
            r#"
[[wallet]]
label = "savings"

[[wallet.copy]]
name = "s3"
method = "encrypted-file"
destination = "{s3}"
location = "cloud"

[[wallet.copy]]
name = "dav"
method = "encrypted-file"
destination = "{dav}"
location = "nas"

[[wallet.copy]]
name = "sftp"
method = "encrypted-file"
destination = "{sftp}"
location = "friend"

[[wallet.copy]]
name = "shares"
method = "slip39-shares"
threshold = 2
[[wallet.copy.share]]
destination = "{s3s}"
location = "cloud"
[[wallet.copy.share]]
destination = "{davs}"
location = "nas"
[[wallet.copy.share]]
destination = "{sftps}"
location = "friend"

[[wallet.copy]]
name = "paper"
method = "paper-sheet"
location = "home"
print_dir = "{print}"
"#,
            s3 = s.s3("good/full"),
            dav = s.webdav("good/full"),
            sftp = s.sftp("good/full"),
            s3s = s.s3("good/shares"),
            davs = s.webdav("good/shares"),
            sftps = s.sftp("good/shares"),
            print = home.path().join("print").display(),
        ),
    );
    let plan = plan.to_str().unwrap();
    let pw = home.file("pw.txt", PASSWORD);
    let pw = pw.to_str().unwrap();
    let mut outputs = Vec::new();

    let check = home.run(&["plan", "check", plan, "--json"], "");
    expect_code(&check, 0, "plan check");
    assert_eq!(json(&check)["warnings"], serde_json::json!([]), "{}", text(&check));
    let made = home.run(&["plan", "run", plan, "--password-file", pw, "--json"], WORDS);
    expect_code(&made, 0, "plan run");
    let report = json(&made);
    assert_eq!(report["complete"], true);
    let results: Vec<&str> =
        report["copies"].as_array().unwrap().iter().map(|c| c["result"].as_str().unwrap()).collect();
    assert_eq!(results, ["made"; 7]);
    outputs.push(made);

    // The PDF is there to be printed; once deleted, everything is healthy, online too.
    let pdf = copy_by(&copies(&home), "paper")["print_file"].as_str().unwrap().to_string();
    let before = home.run(&["status", "--json"], "");
    expect_code(&before, 1, "status with the PDF on disk");
    assert_eq!(json(&before)["problems"][0]["kind"], "plaintext-copy");
    std::fs::remove_file(&pdf).unwrap();
    let status = home.run(&["status", "--online", "--json"], "");
    expect_code(&status, 0, "status --online");
    let st = json(&status);
    assert_eq!(st["healthy"], true);
    assert_eq!(st["wallets"][0]["fingerprint"], copies(&home)[0]["wallet_fingerprint"]);
    assert_eq!(st["wallets"][0]["copies"].as_array().unwrap().len(), 7);
    outputs.push(status);

    // Drill everything: the paper sheet's words come on standard input; the share set
    // is gathered from two servers.
    let drill = home.run(&["drill", "--all", "--password-file", pw, "--json"], WORDS);
    expect_code(&drill, 0, "drill --all");
    let d = json(&drill);
    let drilled: Vec<&str> =
        d["drills"].as_array().unwrap().iter().map(|o| o["result"].as_str().unwrap()).collect();
    assert_eq!(drilled, ["ok"; 5], "{}", text(&drill));
    outputs.push(drill);
    outputs.push(home.run(&["status"], ""));
    outputs.push(home.run(&["drill", "--all", "--password-file", pw], WORDS));

    // Canary: no report and not the manifest holds the words, the password or a credential.
    for out in &outputs {
        assert_no_secret("output", &text(out));
    }
    assert_no_secret("manifest", &std::fs::read_to_string(home.home().join("manifest.json")).unwrap());

    // Damage at the destinations: exactly those copies are named.
    let all = copies(&home);
    let (on_s3, on_dav) = (copy_by(&all, "s3"), copy_by(&all, "dav"));
    let s3_file = s.s3_file("good/full", on_s3["object"].as_str().unwrap());
    std::fs::remove_file(&s3_file).unwrap();
    let dav_file = s.dav_file("good/full", on_dav["object"].as_str().unwrap());
    let mut bytes = std::fs::read(&dav_file).unwrap();
    let i = bytes.len() / 2;
    bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
    std::fs::write(&dav_file, bytes).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));

    let status = home.run(&["status", "--online", "--json"], "");
    expect_code(&status, 1, "status after damage");
    let problems: Vec<(String, String)> = json(&status)["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["kind"].as_str().unwrap().to_string(), p["copy"].as_str().unwrap().to_string()))
        .collect();
    let want = [
        ("missing".to_string(), on_s3["id"].as_str().unwrap().to_string()),
        ("altered".into(), on_dav["id"].as_str().unwrap().into()),
    ];
    assert_eq!(problems, want, "{}", text(&status));
    let (s3_id, dav_id) = (on_s3["id"].as_str().unwrap(), on_dav["id"].as_str().unwrap());
    let drill = home.run(&["drill", s3_id, dav_id, "--password-file", pw, "--json"], "");
    expect_code(&drill, 1, "drill of damaged copies");
    let d = json(&drill);
    let got: Vec<(&str, &str)> = d["drills"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["copy"].as_str().unwrap(), o["result"].as_str().unwrap()))
        .collect();
    let mut want = vec![(s3_id, "failed"), (dav_id, "failed")];
    want.sort();
    assert_eq!(got, want);
    let messages = text(&drill);
    assert!(messages.contains("missing:") && messages.contains("altered:"), "{messages}");

    // Running the plan again replaces the missing copy (and only it).
    let again = home.run(&["plan", "run", plan, "--password-file", pw, "--json"], WORDS);
    expect_code(&again, 0, "re-run");
    let r = json(&again);
    let made: Vec<&str> = r["copies"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["result"] == "made")
        .map(|c| c["plan_copy"].as_str().unwrap())
        .collect();
    assert_eq!(made, ["s3"], "{}", text(&again));
    assert_eq!(copies(&home).len(), 7);
}

#[test]
fn failing_destinations_are_reported_and_not_recorded_and_the_others_are_made() {
    let s = with_servers();
    let home = Home::new();
    let refused = plans::free_port();
    let errors = rogue_server(Rogue::Errors);
    let vanishes = rogue_server(Rogue::VanishOnUpload);
    let plan = home.file(
        "plan.toml",
        &format!(
            r#"
[[wallet]]
label = "savings"

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
name = "refused"
method = "encrypted-file"
destination = "webdav://127.0.0.1:{refused}/x?tls=false"
location = "office"

[[wallet.copy]]
name = "wrong-key"
method = "encrypted-file"
destination = "{s3}"
profile = "wrong"
location = "cloud"

[[wallet.copy]]
name = "errors"
method = "encrypted-file"
destination = "webdav://127.0.0.1:{errors}/x?tls=false"
location = "office"

[[wallet.copy]]
name = "vanishes"
method = "encrypted-file"
destination = "webdav://127.0.0.1:{vanishes}/x?tls=false"
location = "office"
"#,
            local = home.path().join("usb").display(),
            dav = s.webdav("faults"),
            s3 = s.s3("faults"),
        ),
    );
    let plan = plan.to_str().unwrap();
    let pw = home.file("pw.txt", PASSWORD);
    let pw = pw.to_str().unwrap();
    let run = |home: &Home| {
        let mut cmd = home.command(&["plan", "run", plan, "--password-file", pw, "--json"]);
        cmd.env("SEEDSAFE_WRONG_ACCESS_KEY_ID", plans::S3_KEY)
            .env("SEEDSAFE_WRONG_SECRET_ACCESS_KEY", "not-the-secret");
        let mut child = cmd
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child.stdin.take().unwrap().write_all(WORDS.as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    };
    let out = run(&home);
    expect_code(&out, 3, "plan run with failing destinations");
    let report = json(&out);
    let result = |name: &str| {
        let c = report["copies"].as_array().unwrap().iter().find(|c| c["plan_copy"] == name).unwrap();
        (c["result"].as_str().unwrap().to_string(), c["message"].as_str().unwrap().to_string())
    };
    assert_eq!(result("local").0, "made");
    assert_eq!(result("dav").0, "made");
    for (name, says) in [
        ("refused", "onnection refused"),
        ("wrong-key", "permission denied"),
        ("errors", "failed"),
        ("vanishes", "failed"),
    ] {
        let (r, message) = result(name);
        assert_eq!(r, "failed", "{name}: {message}");
        assert!(message.contains(says), "{name}: {message}");
        assert_no_secret("failure message", &message);
    }
    // Only the two good copies are recorded, and each is really there.
    let recorded: Vec<String> =
        copies(&home).iter().map(|c| c["plan_copy"].as_str().unwrap().to_string()).collect();
    assert_eq!(recorded, ["local", "dav"]);
    let object = copy_by(&copies(&home), "dav")["object"].as_str().unwrap().to_string();
    assert!(s.dav_file("faults", &object).exists());
    let status = home.run(&["status", "--online", "--json"], "");
    let kinds: Vec<String> = json(&status)["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["kind"].as_str().unwrap().to_string())
        .collect();
    // Besides the plan's own weakness (all electronic), only leftovers that could not be cleaned.
    assert!(kinds.iter().all(|k| k == "unfinished-copy" || k == "all-electronic"), "{kinds:?}");

    // Again: the good copies are kept (nothing duplicated), the failures reported again,
    // and unfinished entries do not pile up.
    let pending_before = home.manifest()["pending"].as_array().map_or(0, Vec::len);
    let out = run(&home);
    expect_code(&out, 3, "second run");
    let report = json(&out);
    let kept = report["copies"].as_array().unwrap().iter().filter(|c| c["result"] == "kept").count();
    assert_eq!(kept, 2, "{}", text(&out));
    assert_eq!(copies(&home).len(), 2);
    assert!(home.manifest()["pending"].as_array().map_or(0, Vec::len) <= pending_before);
    assert_eq!(std::fs::read_dir(home.path().join("usb")).unwrap().count(), 1);
}

//! QR round trip: every code `seedsafe address qr` writes is read back by an independent
//! decoder, `zbarimg` (Debian's zbar-tools, installed by scripts/test), and must give the
//! exact text: upper-case bech32 and cashaddr as BIP-173 recommends, parameters as built.
//! The terminal rendering is turned back into an image and read the same way.

use std::path::Path;
use std::process::{Command, Output};

fn seedsafe(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_seedsafe")).args(args).output().expect("run seedsafe")
}

/// What zbarimg reads in an image; fails (never skips) when zbarimg is missing.
fn zbarimg(image: &Path) -> String {
    let out = Command::new("zbarimg").args(["--quiet", "--raw"]).arg(image).output().unwrap_or_else(|e| {
        panic!(
            "zbarimg could not be run ({e}): install zbar-tools, which scripts/test does; run scripts/test"
        )
    });
    assert!(
        out.status.success(),
        "zbarimg found no code in {}: {}",
        image.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8").trim_end_matches('\n').to_string()
}

/// (arguments after `address qr`, the text the code must hold).
fn cases() -> Vec<(Vec<&'static str>, &'static str)> {
    vec![
        (vec!["bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"], "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4"),
        (
            vec!["bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0"],
            "BC1P0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQZK5JJ0",
        ),
        (
            vec!["bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "--amount", "0.0015", "--label", "Café Ünicode"],
            "BITCOIN:BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4?amount=0.0015&label=Caf%C3%A9%20%C3%9Cnicode",
        ),
        (
            vec!["1Cnk9DcJDLCqKk2CBtu1DMa3N47oD5Vu5R", "--amount", "20.3", "--message", "Donation for project xyz"],
            "bitcoin:1Cnk9DcJDLCqKk2CBtu1DMa3N47oD5Vu5R?amount=20.3&message=Donation%20for%20project%20xyz",
        ),
        (
            vec!["bitcoin:tb1qcrh3yqn4nlleplcez2yndq2ry8h9ncg3qh7n54?amount=0.01&lightning=lnbc420bogusinvoice"],
            "BITCOIN:TB1QCRH3YQN4NLLEPLCEZ2YNDQ2RY8H9NCG3QH7N54?amount=0.01&lightning=lnbc420bogusinvoice",
        ),
        (
            vec!["0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "--amount", "0.5"],
            "ethereum:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed?value=500000000000000000",
        ),
        (
            vec!["bitcoincash:qzq4q8tppe2fm2f06zcznuwc43ymv400csnu4ws8h9"],
            "BITCOINCASH:QZQ4Q8TPPE2FM2F06ZCZNUWC43YMV400CSNU4WS8H9",
        ),
        (vec!["CcwEuYt27dFWsHMXPbrhAQm1Vn6c8FULZXPVizTxRhKg"], "CcwEuYt27dFWsHMXPbrhAQm1Vn6c8FULZXPVizTxRhKg"),
        (vec!["rU8k9DcJDLUqKkpUBturDM2s4hfoDnVunR"], "rU8k9DcJDLUqKkpUBturDM2s4hfoDnVunR"),
        (vec!["TVQqkdqzwh1rne4UipMrce4JdVTtYKqGh2"], "TVQqkdqzwh1rne4UipMrce4JdVTtYKqGh2"),
    ]
}

#[test]
fn every_png_reads_back_as_the_exact_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cases = cases();
    for (i, (args, want)) in cases.iter().enumerate() {
        let path = dir.path().join(format!("code{i}.png"));
        let path_str = path.to_str().expect("utf-8 path");
        let mut full = vec!["address", "qr"];
        full.extend(args);
        full.extend(["--out", path_str]);
        let out = seedsafe(&full);
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(zbarimg(&path), *want, "{args:?}");
    }
    assert_eq!(cases.len(), 10);
}

/// Reads the half-block text back into modules and writes it as a PBM image (light modules
/// are the drawn ones), 4 pixels a module.
fn terminal_text_to_pbm(text: &str, path: &Path) {
    let mut rows: Vec<Vec<bool>> = Vec::new();
    for line in text.lines() {
        let (mut top, mut bottom) = (Vec::new(), Vec::new());
        for c in line.chars() {
            let (t, b) = match c {
                '█' => (true, true),
                '▀' => (true, false),
                '▄' => (false, true),
                ' ' => (false, false),
                other => panic!("unexpected character {other:?} in the terminal code"),
            };
            top.push(!t);
            bottom.push(!b);
        }
        rows.push(top);
        rows.push(bottom);
    }
    let width = rows[0].len();
    let scale = 4;
    let mut pbm = format!("P1\n{} {}\n", width * scale, rows.len() * scale);
    for row in &rows {
        let line: String =
            row.iter().flat_map(|&dark| std::iter::repeat_n(if dark { "1 " } else { "0 " }, scale)).collect();
        for _ in 0..scale {
            pbm.push_str(&line);
            pbm.push('\n');
        }
    }
    std::fs::write(path, pbm).expect("write pbm");
}

#[test]
fn the_terminal_code_reads_back_too() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = seedsafe(&["address", "qr", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "--amount", "0.1"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let (code, caption) = text.trim_end().rsplit_once('\n').expect("code and caption");
    let want = "BITCOIN:BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4?amount=0.1";
    assert_eq!(caption, want);
    let path = dir.path().join("terminal.pbm");
    terminal_text_to_pbm(code, &path);
    assert_eq!(zbarimg(&path), want);
}

#[test]
fn svg_and_refusals() {
    let dir = tempfile::tempdir().expect("temp dir");
    let svg = dir.path().join("code.svg");
    let out = seedsafe(&[
        "address",
        "qr",
        "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
        "--out",
        svg.to_str().expect("utf-8"),
    ]);
    assert!(out.status.success());
    let text = std::fs::read_to_string(&svg).expect("svg written");
    assert!(text.starts_with("<svg") && text.contains("<path"), "{text}");
    // Never over an existing file.
    let again = seedsafe(&[
        "address",
        "qr",
        "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
        "--out",
        svg.to_str().expect("utf-8"),
    ]);
    assert_eq!(again.status.code(), Some(2));
    // An invalid address gets no code.
    let bad = dir.path().join("bad.png");
    let out = seedsafe(&[
        "address",
        "qr",
        "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5",
        "--out",
        bad.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!bad.exists(), "no file for an invalid address");
}

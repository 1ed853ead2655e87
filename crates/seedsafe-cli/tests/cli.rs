//! Snapshot tests of the command line: every help text, happy path and error message is
//! kept in `tests/cmd/*.toml`, so changing one is a deliberate act.
//! `TRYCMD=overwrite cargo test -p seedsafe-cli --test cli` rewrites them after a change.

#[test]
fn cli_snapshots() {
    trycmd::TestCases::new().env("COLUMNS", "100").case("tests/cmd/*.toml");
}

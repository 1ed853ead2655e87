//! Writes the benchmark's mix of addresses, one per line, for timing the command line:
//! `cargo run --release -p seedsafe-core --example address_list > /tmp/addresses.txt`
//! then `time seedsafe address check --file /tmp/addresses.txt > /dev/null`.

use std::io::{BufWriter, Write};

#[path = "../benches/common/mixed_addresses.rs"]
mod mixed_addresses;

fn main() -> std::io::Result<()> {
    let count = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(1_000_000);
    let mut out = BufWriter::new(std::io::stdout().lock());
    for address in mixed_addresses::generate(count, 2026) {
        writeln!(out, "{address}")?;
    }
    out.flush()
}

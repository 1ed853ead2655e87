//! The repair search's speed on this machine, the figures of docs/performance.md:
//! PBKDF2-HMAC-SHA512 (2048 rounds) seeds per second on one thread for every kernel this CPU
//! runs against the RustCrypto `pbkdf2` crate (measured in alternating slices, so both see
//! the same load), the cost of checking a seed against a BIP-84 address, and a 12-word and a
//! 24-word search with two unknown words end to end on all cores.
//!
//! `cargo run --release -p seedsafe-recover --example repair_bench [SECONDS]`
use std::time::Duration;

use seedsafe_recover::bench;
use seedsafe_recover::kernel::Kernel;
use seedsafe_recover::search::Options;

fn main() {
    let seconds: f64 = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(4.0);
    let slice = Duration::from_secs_f64(seconds);
    println!("PBKDF2, one thread:");
    println!("  kernel         lanes  RustCrypto/s  kernel/s  ratio");
    for kernel in Kernel::available() {
        let (reference, ours) = bench::compare_per_core(kernel, slice);
        println!(
            "  {:<14} {:>5}  {:>12.0}  {:>8.0}  {:>5.2}x",
            kernel.name(),
            kernel.lanes(),
            reference,
            ours,
            ours / reference
        );
    }
    let options = Options::default();
    let kernel = options.kernel;
    let per_core = bench::kernel_per_second(kernel, 1, slice);
    let all = bench::kernel_per_second(kernel, options.threads, slice);
    println!("{kernel} kernel: {per_core:.0} seeds/s on 1 thread, {all:.0} on {} threads", options.threads);
    for indexes in [1, 10] {
        let (pbkdf2, check) = bench::check_against_kernel(kernel, indexes, slice);
        println!(
            "check against a BIP-84 address, {indexes} index(es): {check:.0} seeds/s on 1 thread = +{:.0}% on the kernel's PBKDF2 ({pbkdf2:.0} seeds/s in the same slices)",
            pbkdf2 / check * 100.0
        );
    }
    for words in [12, 24] {
        match bench::end_to_end(words, &options, slice * 2) {
            Ok(e) => println!(
                "{words} words, 2 unknown, BIP-84 address, {} threads: {:.0} candidates/s, {:.0} checked/s ({:.2}x the PBKDF2 time)",
                options.threads,
                e.candidates_per_second,
                e.checked_per_second,
                all / e.checked_per_second
            ),
            Err(e) => println!("{words} words: {e}"),
        }
    }
}

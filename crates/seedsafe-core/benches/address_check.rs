//! Throughput of address validation: a million mixed valid addresses of every chain
//! (`common/mixed_addresses.rs`), identified one by one as `seedsafe address check` does.
//!
//! `cargo bench -p seedsafe-core --bench address_check`; docs/performance.md has the figures.

use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use seedsafe_core::validate;

#[path = "common/mixed_addresses.rs"]
mod mixed_addresses;

const COUNT: usize = 1_000_000;

fn identify_all(c: &mut Criterion) {
    let addresses = mixed_addresses::generate(COUNT, 2026);
    let mut group = c.benchmark_group("address check");
    // One pass over the million takes seconds: ten passes, one each.
    group.sample_size(10).sampling_mode(SamplingMode::Flat).measurement_time(Duration::from_secs(30));
    group.throughput(Throughput::Elements(COUNT as u64));
    group.bench_function("identify 1M mixed addresses", |b| {
        b.iter(|| {
            let valid = addresses.iter().filter(|a| validate::identify(a).is_ok()).count();
            assert_eq!(valid, COUNT, "every generated address is valid");
        })
    });
    group.finish();

    // Typos cost more: the search for the wrong character tries every substitution.
    let typos: Vec<String> = addresses
        .iter()
        .take(1_000)
        .map(|a| {
            let mut b = a.clone().into_bytes();
            let i = b.len() / 2;
            b[i] = if b[i] == b'q' { b'p' } else { b'q' };
            String::from_utf8(b).expect("ascii")
        })
        .collect();
    let mut group = c.benchmark_group("address check typos");
    group.sample_size(10).sampling_mode(SamplingMode::Flat).measurement_time(Duration::from_secs(12));
    group.throughput(Throughput::Elements(typos.len() as u64));
    group.bench_function("identify and locate 1000 typos", |b| {
        b.iter(|| typos.iter().filter(|a| validate::identify(a).is_err()).count())
    });
    group.finish();
}

criterion_group!(benches, identify_all);
criterion_main!(benches);

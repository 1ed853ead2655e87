//! Any text given as a secret is either read or refused with an error; never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use seedsafe_core::wallet::{SeedFormat, Secret};

fuzz_target!(|text: &str| {
    for format in [None, Some(SeedFormat::Bip39), Some(SeedFormat::Electrum)] {
        if let Ok(secret) = Secret::parse(text, None, format) {
            // What parses must print back to something that parses to the same kind.
            if let Some(phrase) = secret.phrase() {
                let again = Secret::parse(&phrase, None, format).expect("a parsed phrase parses again");
                assert_eq!(again.kind(), secret.kind());
            }
        }
    }
    let _ = seedsafe_core::electrum::seed_version(text);
});

//! Derivation path templates parse or fail cleanly, and print back to an equivalent template.
#![no_main]

use libfuzzer_sys::fuzz_target;
use seedsafe_core::path::PathTemplate;

fuzz_target!(|text: &str| {
    if let Ok(t) = text.parse::<PathTemplate>() {
        let again: PathTemplate = t.to_string().parse().expect("printed templates parse");
        assert_eq!(again, t);
    }
});

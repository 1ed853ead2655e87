//! age key and header parsing refuses malformed input without panicking: post-quantum
//! recipients and identities (`age1pq1…`, `AGE-SECRET-KEY-PQ-1…`), recipient strings of every
//! kind, identity files, and whole files read with a post-quantum identity (age's header
//! parser, then seedsafe's `mlkem768x25519` stanza reader).
#![no_main]

use std::str::FromStr;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use seedsafe_core::{age_file, age_pq};

fn identity() -> &'static age_pq::Identity {
    static ID: OnceLock<age_pq::Identity> = OnceLock::new();
    ID.get_or_init(age_pq::Identity::generate)
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(r) = age_pq::Recipient::from_str(text) {
            assert_eq!(r.to_string(), text.to_ascii_lowercase());
        }
        if let Ok(id) = age_pq::Identity::from_str(text) {
            assert_eq!(id.to_secret_string().as_str(), text.to_ascii_uppercase());
        }
        let _ = age_file::RecipientSet::default().add(text);
    }
    let _ = age_file::parse_identities(data);
    let keys = age_file::Identities::Keys(vec![Box::new(identity().clone())]);
    let _ = age_file::decrypt(data, &keys);
});

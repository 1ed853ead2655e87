//! Extended key parsing refuses malformed keys without panicking, and what it accepts
//! re-encodes to the same string (modulo SLIP-132 version, which is kept).
#![no_main]

use libfuzzer_sys::fuzz_target;
use seedsafe_core::bip32;

fuzz_target!(|text: &str| {
    if let Ok((xpub, version)) = bip32::parse_xpub(text) {
        assert_eq!(bip32::encode_xpub(&xpub, version.kind), text.trim());
    }
    if let Ok((xprv, version)) = bip32::parse_xprv(text) {
        assert_eq!(&*bip32::encode_xprv(&xprv, version.kind), text.trim());
    }
    let _ = seedsafe_core::wif::decode(text);
    let _ = seedsafe_core::eip55::check(text);
});

//! XRP Ledger classic addresses: Base58Check in Ripple's alphabet of the version byte 0x00
//! and a 20-byte account id, so they start with `r`.

use super::{base58, Checksum, Classification, Coin, Encoding, Error, Kind, Network, Options, Verdict};

/// The version byte of an account id.
pub const ACCOUNT_ID: u8 = 0x00;

pub(crate) fn check(input: &str, options: Options) -> Verdict {
    if !input.starts_with('r') || !(25..=35).contains(&input.len()) {
        return Verdict::Skip;
    }
    let Ok(decoded) = base58::decode(input, &base58::RIPPLE) else { return Verdict::Skip };
    if decoded.len() != 25 {
        return Verdict::Invalid(Error::BadLength {
            encoding: Encoding::RippleBase58,
            found: decoded.len(),
            unit: "bytes",
            expected: "XRP addresses decode to 25",
        });
    }
    let Some(payload) = base58::verify_check(&decoded) else {
        let positions = if options.locate_errors {
            super::locate_substitutions(input, 1..input.len(), base58::RIPPLE.chars(), |s| {
                base58::decode(s, &base58::RIPPLE)
                    .is_ok_and(|d| d.len() == 25 && base58::verify_check(&d).is_some())
            })
        } else {
            vec![]
        };
        return Verdict::Invalid(Error::BadChecksum { encoding: Encoding::RippleBase58, positions });
    };
    if payload[0] != ACCOUNT_ID {
        return Verdict::Invalid(Error::UnknownVersion(payload[0]));
    }
    Verdict::Valid(vec![Classification {
        coin: Coin::Xrp,
        networks: &[Network::Mainnet],
        kind: Kind::Account,
        encoding: Encoding::RippleBase58,
        checksum: Checksum::Verified,
        note: None,
        payload: payload[1..].to_vec(),
    }])
}

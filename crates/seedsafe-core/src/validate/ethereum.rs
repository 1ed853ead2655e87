//! Ethereum addresses: `0x` and 40 hex digits, checked with EIP-55 (the [`crate::eip55`]
//! module) when the letters are mixed case.

use super::{Checksum, Classification, Coin, Encoding, Error, Kind, Network, Verdict};
use crate::eip55;

/// A mixed-case address with more letters in the wrong case than this was mistyped in its
/// digits, which changes the whole checksum: pointing at letters would mislead.
const MAX_CASE_ERRORS: usize = 2;

pub(crate) fn check(input: &str) -> Verdict {
    let Some(body) = input.strip_prefix("0x").or_else(|| input.strip_prefix("0X")) else {
        return Verdict::Skip;
    };
    if let Some((i, c)) = body.chars().enumerate().find(|(_, c)| !c.is_ascii_hexdigit()) {
        return Verdict::Invalid(Error::InvalidCharacter {
            position: i + 3,
            character: c,
            encoding: Some(Encoding::Hex),
        });
    }
    let Some((account, verdict)) = eip55::check(input) else {
        return Verdict::Invalid(Error::BadLength {
            encoding: Encoding::Hex,
            found: body.len(),
            unit: "hex digits",
            expected: "Ethereum addresses have 40 after 0x",
        });
    };
    let checksum = match verdict {
        eip55::Checksum::Valid => Checksum::Verified,
        eip55::Checksum::Absent => Checksum::Absent,
        eip55::Checksum::Invalid => {
            return Verdict::Invalid(Error::BadChecksum {
                encoding: Encoding::Hex,
                positions: case_errors(body, &account),
            })
        }
    };
    let note = (checksum == Checksum::Absent).then_some(
        "all one case, so it carries no EIP-55 checksum: a typo in it would not be caught; compare it with the source",
    );
    Verdict::Valid(vec![Classification {
        coin: Coin::Eth,
        networks: &[Network::Mainnet],
        kind: Kind::Account,
        encoding: Encoding::Hex,
        checksum,
        note,
        payload: account.to_vec(),
    }])
}

/// Letters (positions from 1, counting `0x`) whose case disagrees with the checksum of the
/// digits as typed, when few enough to be case slips rather than a wrong digit.
fn case_errors(body: &str, account: &[u8; 20]) -> Vec<usize> {
    let expected = eip55::encode(account);
    let wrong: Vec<usize> = body
        .bytes()
        .zip(expected[2..].bytes())
        .enumerate()
        .filter(|(_, (a, b))| a != b)
        .map(|(i, _)| i + 3)
        .collect();
    if wrong.len() <= MAX_CASE_ERRORS {
        wrong
    } else {
        vec![]
    }
}

//! Bitcoin Cash cashaddr: `prefix:payload`, where the payload is bech32's alphabet carrying
//! a version byte and a hash, and a 40-bit BCH-code checksum over the prefix and payload
//! (the prefix may be left out when reading; it is still part of the checksum).

use super::bech32::{self, CHARSET};
use super::{Checksum, Classification, Coin, Encoding, Error, Kind, Network, Options, Verdict};

/// Known prefixes and their networks, the one assumed first when none is written.
const PREFIXES: &[(&str, &[Network])] = &[
    ("bitcoincash", &[Network::Mainnet]),
    ("bchtest", &[Network::Testnet]),
    ("bchreg", &[Network::Regtest]),
];

/// Payload lengths in characters, for the eight hash sizes (160 to 512 bits): a string
/// without a prefix is read as cashaddr only when it has one of them.
const PAYLOAD_LENGTHS: [usize; 8] = [42, 48, 55, 61, 74, 87, 100, 112];

const TOKEN_AWARE: &str =
    "token-aware address (CashTokens): only wallets that support tokens should pay to it";

/// The cashaddr checksum generator: BCH code over GF(32), 40 bits.
fn polymod(prefix: &[u8], payload: impl Iterator<Item = u8>) -> u64 {
    const GENERATOR: [u64; 5] = [0x98f2bc8e61, 0x79b76d99e2, 0xf33e5fb3c4, 0xae2eabe2a8, 0x1e4f43e470];
    let step = |c: u64, d: u8| {
        let top = c >> 35;
        let mut c = ((c & 0x07_ffff_ffff) << 5) ^ u64::from(d);
        for (i, g) in GENERATOR.iter().enumerate() {
            if (top >> i) & 1 == 1 {
                c ^= g;
            }
        }
        c
    };
    let mut c = 1;
    for &p in prefix {
        c = step(c, p & 0x1f);
    }
    c = step(c, 0);
    for d in payload {
        c = step(c, d);
    }
    c ^ 1
}

fn value(c: u8) -> Option<u8> {
    CHARSET.iter().position(|&x| x == c).map(|i| i as u8)
}

/// True when the lower-case payload's checksum holds under `prefix`.
fn verifies(prefix: &str, payload: &str) -> bool {
    payload.bytes().all(|c| value(c).is_some())
        && polymod(prefix.as_bytes(), payload.bytes().filter_map(value)) == 0
}

/// Writes a cashaddr (for tests and the oracle comparison): `kind_bits` is the 4-bit type.
pub fn encode(prefix: &str, kind_bits: u8, hash: &[u8]) -> Option<String> {
    let size_bits = match hash.len() {
        20 => 0,
        24 => 1,
        28 => 2,
        32 => 3,
        40 => 4,
        48 => 5,
        56 => 6,
        64 => 7,
        _ => return None,
    };
    let mut bytes = vec![(kind_bits << 3) | size_bits];
    bytes.extend_from_slice(hash);
    let mut values = bech32::convert_bits(&bytes, 8, 5, true)?;
    let check = polymod(prefix.as_bytes(), values.iter().copied().chain([0u8; 8]));
    values.extend((0..8).map(|i| ((check >> (5 * (7 - i))) & 0x1f) as u8));
    let payload: String = values.iter().map(|&v| char::from(CHARSET[usize::from(v)])).collect();
    Some(format!("{prefix}:{payload}"))
}

pub(crate) fn check(input: &str, options: Options) -> Verdict {
    let prefix = input.split_once(':').map(|(p, _)| p);
    if prefix.is_none()
        && !(PAYLOAD_LENGTHS.contains(&input.len())
            && input.bytes().all(|c| value(c.to_ascii_lowercase()).is_some()))
    {
        return Verdict::Skip;
    }
    if input.bytes().any(|b| b.is_ascii_lowercase()) && input.bytes().any(|b| b.is_ascii_uppercase()) {
        return Verdict::Invalid(Error::MixedCase { encoding: Encoding::CashAddr });
    }
    let lower = input.to_ascii_lowercase();
    let offset = prefix.map_or(0, |p| p.len() + 1);
    let payload = &lower[offset..];
    let candidates: Vec<&(&str, &[Network])> = match prefix {
        Some(p) => match PREFIXES.iter().find(|(name, _)| name.eq_ignore_ascii_case(p)) {
            Some(known) => vec![known],
            None => return Verdict::Invalid(Error::UnknownPrefix(p.to_string())),
        },
        None => PREFIXES.iter().collect(),
    };
    if let Some(i) = payload.bytes().position(|c| value(c).is_none()) {
        return Verdict::Invalid(Error::InvalidCharacter {
            position: offset + i + 1,
            character: input.as_bytes()[offset + i].into(),
            encoding: Some(Encoding::CashAddr),
        });
    }
    let Some(&&(_, networks)) = candidates.iter().find(|(name, _)| verifies(name, payload)) else {
        let assumed = candidates[0].0;
        let positions = if options.locate_errors {
            super::locate_substitutions(&lower, offset..lower.len(), CHARSET, |s| {
                verifies(assumed, &s[offset..])
            })
        } else {
            vec![]
        };
        return Verdict::Invalid(Error::BadChecksum { encoding: Encoding::CashAddr, positions });
    };
    match decode_payload(payload) {
        Ok((kind, token_aware, hash)) => Verdict::Valid(vec![Classification {
            coin: Coin::Bch,
            networks,
            kind,
            encoding: Encoding::CashAddr,
            checksum: Checksum::Verified,
            note: token_aware.then_some(TOKEN_AWARE),
            payload: hash,
        }]),
        Err(e) => Verdict::Invalid(e),
    }
}

/// The kind, token awareness and hash of a payload whose checksum holds.
fn decode_payload(payload: &str) -> Result<(Kind, bool, Vec<u8>), Error> {
    let values: Vec<u8> = payload.bytes().filter_map(value).collect();
    let data = &values[..values.len().saturating_sub(8)];
    let bytes =
        bech32::convert_bits(data, 5, 8, false).ok_or(Error::Padding { encoding: Encoding::CashAddr })?;
    let Some((&version, hash)) = bytes.split_first() else {
        return Err(Error::Malformed { encoding: Encoding::CashAddr, reason: "no version byte" });
    };
    let (kind, token_aware) = match version >> 3 {
        0 => (Kind::P2pkh, false),
        1 => (Kind::P2sh, false),
        2 => (Kind::P2pkh, true),
        3 => (Kind::P2sh, true),
        _ => return Err(Error::UnknownVersion(version)),
    };
    let size = [20, 24, 28, 32, 40, 48, 56, 64][usize::from(version & 7)];
    if hash.len() != size {
        return Err(Error::BadLength {
            encoding: Encoding::CashAddr,
            found: hash.len(),
            unit: "bytes",
            expected: "the hash length must match the size bits of the version byte",
        });
    }
    Ok((kind, token_aware, hash.to_vec()))
}

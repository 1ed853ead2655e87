//! Bitcoin and the chains that copied its address formats: Base58Check P2PKH and P2SH
//! (Bitcoin, Litecoin, Dogecoin, Bitcoin Cash's legacy form) and SegWit bech32/bech32m
//! (BIP-173, BIP-350) for Bitcoin and Litecoin, on every network.

use super::bech32::{self, Variant};
use super::{base58, tron};
use super::{Classification, Coin, Encoding, Error, Kind, Network, Options, Verdict};
use Network::{Mainnet, Regtest, Signet, Testnet};

const MAIN: &[Network] = &[Mainnet];
/// Bitcoin's Base58 test prefixes serve testnet3, testnet4, signet and regtest alike.
const BTC_TEST: &[Network] = &[Testnet, Signet, Regtest];
const TEST_REG: &[Network] = &[Testnet, Regtest];
const TEST: &[Network] = &[Testnet];
const REG: &[Network] = &[Regtest];

const LTC_OLD_P2SH: &str =
    "Litecoin's deprecated P2SH prefix, the same as Bitcoin's; Litecoin wallets now write M… (Q… on testnet)";
const BCH_LEGACY: &str =
    "Bitcoin Cash legacy format, the same as Bitcoin's; Bitcoin Cash wallets now write cashaddr";
const SHARED_TEST: &str = "shares Bitcoin testnet's prefix";

/// One Base58Check version byte's meaning on one chain: (version, chain, networks, kind, note).
type VersionEntry = (u8, Coin, &'static [Network], Kind, Option<&'static str>);

/// Base58Check version bytes of every chain and network, in the order readings are listed.
const VERSIONS: &[VersionEntry] = &[
    (0x00, Coin::Btc, MAIN, Kind::P2pkh, None),
    (0x00, Coin::Bch, MAIN, Kind::P2pkh, Some(BCH_LEGACY)),
    (0x05, Coin::Btc, MAIN, Kind::P2sh, None),
    (0x05, Coin::Ltc, MAIN, Kind::P2sh, Some(LTC_OLD_P2SH)),
    (0x05, Coin::Bch, MAIN, Kind::P2sh, Some(BCH_LEGACY)),
    (0x6f, Coin::Btc, BTC_TEST, Kind::P2pkh, None),
    (0x6f, Coin::Ltc, TEST_REG, Kind::P2pkh, Some(SHARED_TEST)),
    (0x6f, Coin::Bch, TEST_REG, Kind::P2pkh, Some(BCH_LEGACY)),
    (0xc4, Coin::Btc, BTC_TEST, Kind::P2sh, None),
    (0xc4, Coin::Ltc, TEST, Kind::P2sh, Some(LTC_OLD_P2SH)),
    (0xc4, Coin::Doge, TEST, Kind::P2sh, Some(SHARED_TEST)),
    (0xc4, Coin::Bch, TEST_REG, Kind::P2sh, Some(BCH_LEGACY)),
    (0x30, Coin::Ltc, MAIN, Kind::P2pkh, None),
    (0x32, Coin::Ltc, MAIN, Kind::P2sh, None),
    (0x3a, Coin::Ltc, TEST_REG, Kind::P2sh, None),
    (0x1e, Coin::Doge, MAIN, Kind::P2pkh, None),
    (0x16, Coin::Doge, MAIN, Kind::P2sh, None),
    (0x71, Coin::Doge, TEST, Kind::P2pkh, None),
];

/// SegWit human-readable parts.
const HRPS: &[(&str, Coin, &[Network])] = &[
    ("bc", Coin::Btc, MAIN),
    ("tb", Coin::Btc, &[Testnet, Signet]),
    ("bcrt", Coin::Btc, REG),
    ("ltc", Coin::Ltc, MAIN),
    ("tltc", Coin::Ltc, TEST),
    ("rltc", Coin::Ltc, REG),
];

const UNDEFINED_WITNESS: &str = "a witness version or program length with no meaning yet: until a soft fork gives it one, anyone can spend what is sent here";

/// Base58Check addresses of the Bitcoin family (and Tron's, which share the encoding).
pub(crate) fn check_base58(input: &str, options: Options) -> Verdict {
    let looks_like = (25..=36).contains(&input.len());
    let decoded = match base58::decode(input, &base58::BITCOIN) {
        Ok(d) => d,
        Err(e) if looks_like => {
            let character = char::from(input.as_bytes()[e.index]);
            return Verdict::Invalid(Error::InvalidCharacter {
                position: e.index + 1,
                character,
                encoding: Some(Encoding::Base58Check),
            });
        }
        Err(_) => return Verdict::Skip,
    };
    let Some(payload) = base58::verify_check(&decoded) else {
        // 32 bytes is Solana's (no checksum); another length is a broken address only when the
        // string has an address's length (a typo in a leading `1` changes the decoded length).
        if decoded.len() != 25 && (!looks_like || decoded.len() == 32) {
            return Verdict::Skip;
        }
        let positions = if options.locate_errors {
            super::locate_substitutions(input, 0..input.len(), base58::BITCOIN.chars(), |s| {
                base58::decode(s, &base58::BITCOIN)
                    .is_ok_and(|d| d.len() == 25 && base58::verify_check(&d).is_some())
            })
        } else {
            vec![]
        };
        if decoded.len() != 25 && positions.is_empty() {
            return bad_length(decoded.len());
        }
        return Verdict::Invalid(Error::BadChecksum { encoding: Encoding::Base58Check, positions });
    };
    if payload.len() != 21 {
        return bad_length(decoded.len());
    }
    let (version, hash) = (payload[0], &payload[1..]);
    let mut found: Vec<Classification> = VERSIONS
        .iter()
        .filter(|(v, ..)| *v == version)
        .map(|&(_, coin, networks, kind, note)| Classification {
            coin,
            networks,
            kind,
            encoding: Encoding::Base58Check,
            checksum: super::Checksum::Verified,
            note,
            payload: hash.to_vec(),
        })
        .collect();
    found.extend(tron::classify(version, hash));
    if found.is_empty() {
        return Verdict::Invalid(Error::UnknownVersion(version));
    }
    Verdict::Valid(found)
}

fn bad_length(bytes: usize) -> Verdict {
    Verdict::Invalid(Error::BadLength {
        encoding: Encoding::Base58Check,
        found: bytes,
        unit: "bytes",
        expected: "addresses decode to 25 (37 or 38 is a WIF private key, 82 an extended key)",
    })
}

/// The checksum a witness version must use (BIP-350).
fn required_variant(version: u8) -> Option<Variant> {
    match version {
        0 => Some(Variant::Bech32),
        1..=16 => Some(Variant::Bech32m),
        _ => None,
    }
}

/// SegWit addresses: bech32 for v0, bech32m for v1 to v16.
pub(crate) fn check_segwit(input: &str, options: Options) -> Verdict {
    let Some(sep) = input.rfind('1') else { return Verdict::Skip };
    let hrp = input[..sep].to_ascii_lowercase();
    let Some(&(_, coin, networks)) = HRPS.iter().find(|(h, ..)| *h == hrp) else {
        // A well-formed bech32 string with a prefix we do not know is worth naming.
        return match bech32::decode(input) {
            Ok(_) => Verdict::Invalid(Error::UnknownHrp(hrp)),
            Err(_) => Verdict::Skip,
        };
    };
    match segwit(input, sep, options) {
        Ok((version, program, variant)) => {
            let kind = match (version, program.len()) {
                (0, 20) => Kind::P2wpkh,
                (0, 32) => Kind::P2wsh,
                (1, 32) => Kind::P2tr,
                _ => Kind::Witness { version },
            };
            let note = matches!(kind, Kind::Witness { .. }).then_some(UNDEFINED_WITNESS);
            Verdict::Valid(vec![Classification {
                coin,
                networks,
                kind,
                encoding: variant.encoding(),
                checksum: super::Checksum::Verified,
                note,
                payload: program,
            }])
        }
        Err(e) => Verdict::Invalid(e),
    }
}

/// Decodes a SegWit address whose prefix is known: (version, program, checksum variant).
fn segwit(input: &str, sep: usize, options: Options) -> Result<(u8, Vec<u8>, Variant), Error> {
    bech32::structure(input)?;
    let lower = input.to_ascii_lowercase();
    let data: Vec<u8> = lower.bytes().skip(sep + 1).filter_map(bech32_value).collect();
    let version = data[0];
    let encoding_of = |v: u8| if v == 0 { Encoding::Bech32 } else { Encoding::Bech32m };
    let Some(variant) = bech32::checksum_variant(&lower, sep) else {
        let positions = if options.locate_errors {
            bech32::locate(&lower, |s| {
                let first = s.as_bytes().get(sep + 1).copied().and_then(bech32_value);
                let required = first.and_then(required_variant);
                required.is_some() && bech32::checksum_variant(s, sep) == required
            })
        } else {
            vec![]
        };
        return Err(Error::BadChecksum { encoding: encoding_of(version), positions });
    };
    let data = &data[..data.len() - 6];
    let Some((&version, program)) = data.split_first() else {
        return Err(Error::Malformed { encoding: variant.encoding(), reason: "no witness version" });
    };
    let Some(required) = required_variant(version) else {
        return Err(Error::WitnessVersion(version));
    };
    if required != variant {
        return Err(Error::ChecksumVariant {
            version,
            expected: required.encoding(),
            found: variant.encoding(),
        });
    }
    let program =
        bech32::convert_bits(program, 5, 8, false).ok_or(Error::Padding { encoding: variant.encoding() })?;
    let len_ok = match version {
        0 => matches!(program.len(), 20 | 32),
        _ => (2..=40).contains(&program.len()),
    };
    if !len_ok {
        return Err(Error::WitnessProgramLength { version, length: program.len() });
    }
    Ok((version, program, variant))
}

fn bech32_value(c: u8) -> Option<u8> {
    bech32::CHARSET.iter().position(|&x| x == c).map(|i| i as u8)
}

//! Solana addresses: 32 bytes in plain Base58 (Bitcoin's alphabet), with no checksum: any
//! typo that keeps 32 bytes gives another valid address. An ed25519 public key is on the
//! curve; a program-derived address (PDA) is deliberately off it.

use super::{base58, Checksum, Classification, Coin, Encoding, Error, Kind, Network, Verdict};

const PDA: &str = "not an ed25519 public key: a program-derived address (PDA), owned by a program; no private key controls it";

pub(crate) fn check(input: &str) -> Verdict {
    if !(32..=44).contains(&input.len()) {
        return Verdict::Skip;
    }
    let Ok(bytes) = base58::decode(input, &base58::BITCOIN) else { return Verdict::Skip };
    let Ok(key) = <[u8; 32]>::try_from(bytes.as_slice()) else {
        return if input.len() > 36 {
            Verdict::Invalid(Error::BadLength {
                encoding: Encoding::Base58,
                found: bytes.len(),
                unit: "bytes",
                expected: "Solana addresses decode to 32",
            })
        } else {
            Verdict::Skip
        };
    };
    let on_curve = ed25519_dalek::VerifyingKey::from_bytes(&key).is_ok();
    Verdict::Valid(vec![Classification {
        coin: Coin::Sol,
        networks: &[Network::Mainnet],
        kind: if on_curve { Kind::Ed25519 } else { Kind::OffCurve },
        encoding: Encoding::Base58,
        checksum: Checksum::NotInFormat,
        note: (!on_curve).then_some(PDA),
        payload: key.to_vec(),
    }])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both readings occur among simple byte patterns; each is reported as what it is.
    #[test]
    fn on_and_off_the_curve() {
        let (mut on, mut off) = (0, 0);
        for b in 0..=255u8 {
            let address = base58::encode(&[b; 32], &base58::BITCOIN);
            let Verdict::Valid(found) = check(&address) else { continue };
            let expected = ed25519_dalek::VerifyingKey::from_bytes(&[b; 32]).is_ok();
            assert_eq!(found[0].kind == Kind::Ed25519, expected, "{address}");
            assert_eq!(found[0].note.is_some(), !expected, "{address}: a PDA carries a note");
            assert_eq!(found[0].checksum, Checksum::NotInFormat);
            if expected {
                on += 1;
            } else {
                off += 1;
            }
        }
        assert!(on > 0 && off > 0, "{on} on the curve, {off} off");
    }
}

//! A deterministic mix of valid addresses of every chain and kind, for the throughput
//! benchmark and for `examples/address_list.rs` (which writes the list for the CLI's run).

use bitcoin::bech32::{segwit, Fe32, Hrp};
use rand::rngs::StdRng;
use rand::{RngCore, SeedableRng};
use seedsafe_core::eip55;
use seedsafe_core::validate::{base58, cashaddr};

fn bytes<const N: usize>(rng: &mut StdRng) -> [u8; N] {
    let mut b = [0u8; N];
    rng.fill_bytes(&mut b);
    b
}

fn segwit_address(hrp: &str, version: u8, program: &[u8]) -> String {
    let hrp = Hrp::parse(hrp).expect("hrp");
    let version = Fe32::try_from(version).expect("version");
    segwit::encode(hrp, version, program).expect("segwit")
}

fn base58check(version: u8, payload: &[u8], alphabet: &base58::Alphabet) -> String {
    let mut data = vec![version];
    data.extend_from_slice(payload);
    base58::encode_check(&data, alphabet)
}

/// `n` addresses, the formats in turn: BTC P2PKH, P2SH, P2WPKH, P2TR, testnet P2WPKH; LTC
/// legacy and SegWit; DOGE; BCH cashaddr; ETH (EIP-55); TRX; SOL; XRP.
pub fn generate(n: usize, seed: u64) -> Vec<String> {
    let mut rng = StdRng::seed_from_u64(seed);
    (0..n)
        .map(|i| match i % 13 {
            0 => base58check(0x00, &bytes::<20>(&mut rng), &base58::BITCOIN),
            1 => base58check(0x05, &bytes::<20>(&mut rng), &base58::BITCOIN),
            2 => segwit_address("bc", 0, &bytes::<20>(&mut rng)),
            3 => segwit_address("bc", 1, &bytes::<32>(&mut rng)),
            4 => segwit_address("tb", 0, &bytes::<20>(&mut rng)),
            5 => base58check(0x30, &bytes::<20>(&mut rng), &base58::BITCOIN),
            6 => segwit_address("ltc", 0, &bytes::<20>(&mut rng)),
            7 => base58check(0x1e, &bytes::<20>(&mut rng), &base58::BITCOIN),
            8 => cashaddr::encode("bitcoincash", 0, &bytes::<20>(&mut rng)).expect("cashaddr"),
            9 => eip55::encode(&bytes::<20>(&mut rng)),
            10 => base58check(0x41, &bytes::<20>(&mut rng), &base58::BITCOIN),
            11 => base58::encode(&bytes::<32>(&mut rng), &base58::BITCOIN),
            _ => base58check(0x00, &bytes::<20>(&mut rng), &base58::RIPPLE),
        })
        .collect()
}

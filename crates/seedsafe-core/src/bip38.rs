//! BIP-38 passphrase-protected Bitcoin private keys (the `6P…` strings of paper wallets).
//!
//! seedsafe decrypts both kinds a user may hold: keys encrypted directly from a known private key
//! (prefix `0x0142`, written by [`encrypt`]) and keys made by a third party from an intermediate
//! passphrase code (the "EC-multiply" kind, prefix `0x0143`), with or without lot and sequence
//! numbers. Only mainnet P2PKH addresses are defined by BIP-38, so only those are used.
//!
//! Every decryption is checked against the 4-byte address hash stored in the key, which is how a
//! wrong passphrase is detected.

use aes::cipher::generic_array::GenericArray;
use aes::cipher::{BlockDecrypt, BlockEncrypt, KeyInit};
use aes::Aes256;
use bitcoin::hashes::{sha256d, Hash};
use bitcoin::secp256k1::{Scalar, Secp256k1, SecretKey};
use bitcoin::{base58, Address, NetworkKind, PrivateKey, PublicKey};
use unicode_normalization::UnicodeNormalization;
use zeroize::Zeroizing;

/// Length of every BIP-38 payload (before Base58Check), both kinds.
const PAYLOAD_LEN: usize = 39;

/// Prefix of keys encrypted from a known private key.
const PREFIX_PLAIN: [u8; 2] = [0x01, 0x42];

/// Prefix of keys made by EC multiplication from a passphrase code.
const PREFIX_EC: [u8; 2] = [0x01, 0x43];

/// Flag bits: 0xC0 marks the non-EC-multiply kind, 0x20 a compressed public key, 0x04 an
/// EC-multiply key whose owner entropy carries lot and sequence numbers.
const FLAG_PLAIN: u8 = 0xc0;
const FLAG_COMPRESSED: u8 = 0x20;
const FLAG_LOT_SEQUENCE: u8 = 0x04;

/// scrypt cost (log2 N, r, p) for the passphrase, as BIP-38 fixes it.
const PASSPHRASE_SCRYPT: (u8, u32, u32) = (14, 8, 8);

/// scrypt cost for the EC-multiply passpoint step, as BIP-38 fixes it.
const PASSPOINT_SCRYPT: (u8, u32, u32) = (10, 1, 1);

/// Why a BIP-38 key could not be encrypted or decrypted.
///
/// No variant ever carries the passphrase or any byte of the key.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The text is not Base58Check: a mistyped or truncated key.
    #[error("not a valid Base58Check string (mistyped or truncated?)")]
    InvalidBase58,
    /// The payload has the wrong length for BIP-38.
    #[error("wrong length for a BIP-38 key: {0} bytes, expected 39")]
    InvalidLength(usize),
    /// The payload does not start with 0x0142 or 0x0143.
    #[error("not a BIP-38 encrypted key (unknown prefix)")]
    UnknownPrefix,
    /// The flag byte has bits that BIP-38 does not allow for this kind of key.
    #[error("invalid BIP-38 flag byte {0:#04x}")]
    InvalidFlags(u8),
    /// The decrypted key does not match the stored address hash.
    #[error("wrong password (the decrypted key does not match the key's address hash)")]
    WrongPassphrase,
    /// The bytes are not a secp256k1 private key (zero, or not below the group order).
    #[error("not a valid secp256k1 private key")]
    InvalidKey,
    /// scrypt refused BIP-38's fixed parameters, which cannot happen with a correct build.
    #[error("internal error: scrypt rejected BIP-38's parameters")]
    Kdf,
}

/// A decrypted BIP-38 key: the secret and whether its address uses the compressed public key.
///
/// Both are needed to rebuild the right WIF and address. The secret is wiped on drop and never
/// printed.
pub struct Decrypted {
    /// The 32-byte private key.
    pub secret: Zeroizing<[u8; 32]>,
    /// Whether the key's address is made from the compressed public key.
    pub compressed: bool,
}

impl std::fmt::Debug for Decrypted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Decrypted")
            .field("secret", &"[redacted]")
            .field("compressed", &self.compressed)
            .finish()
    }
}

impl Decrypted {
    /// The key as mainnet WIF, the form wallets import, with the right compression flag.
    pub fn to_wif(&self) -> Result<Zeroizing<String>, Error> {
        let mut key = PrivateKey {
            compressed: self.compressed,
            network: NetworkKind::Main,
            inner: secret_key(&self.secret)?,
        };
        let wif = Zeroizing::new(key.to_wif());
        // secp256k1's SecretKey does not wipe itself on drop.
        key.inner.non_secure_erase();
        Ok(wif)
    }

    /// The mainnet P2PKH address the key belongs to, so a user can check it against the paper
    /// wallet.
    pub fn address(&self) -> Result<String, Error> {
        let mut key = secret_key(&self.secret)?;
        let address = p2pkh_address(&key, self.compressed);
        key.non_secure_erase();
        Ok(address)
    }
}

/// A parsed BIP-38 payload; it holds only encrypted data.
enum Payload {
    /// Prefix 0x0142: the key itself, AES-encrypted.
    Plain { compressed: bool, address_hash: [u8; 4], encrypted: [u8; 32] },
    /// Prefix 0x0143: a seed from which the key is derived with the passphrase's factor.
    EcMultiply {
        compressed: bool,
        lot_sequence: bool,
        address_hash: [u8; 4],
        owner_entropy: [u8; 8],
        part1_head: [u8; 8],
        part2: [u8; 16],
    },
}

/// Encrypts a private key with a passphrase (the non-EC-multiply kind, prefix `0x0142`).
///
/// The result is deterministic: the same key, flag and passphrase always give the same string.
pub fn encrypt(secret: &[u8; 32], compressed: bool, passphrase: &str) -> Result<String, Error> {
    let mut key = secret_key(secret)?;
    let address_hash = address_hash(&key, compressed);
    key.non_secure_erase();
    let derived = scrypt_halves(normalize(passphrase).as_bytes(), &address_hash, PASSPHRASE_SCRYPT)?;
    let mut blocks = Zeroizing::new(*secret);
    xor_in_place(&mut blocks[..], &derived.mask[..]);
    aes_encrypt(&derived.key, &mut blocks[..]);
    let flag = FLAG_PLAIN | if compressed { FLAG_COMPRESSED } else { 0 };
    let mut payload = Vec::with_capacity(PAYLOAD_LEN);
    payload.extend_from_slice(&PREFIX_PLAIN);
    payload.push(flag);
    payload.extend_from_slice(&address_hash);
    payload.extend_from_slice(&blocks[..]);
    Ok(base58::encode_check(&payload))
}

/// Decrypts a BIP-38 key of either kind and checks it against its address hash.
///
/// Surrounding whitespace is ignored, since keys are often pasted or scanned.
pub fn decrypt(encrypted: &str, passphrase: &str) -> Result<Decrypted, Error> {
    let passphrase = normalize(passphrase);
    match parse(encrypted.trim())? {
        Payload::Plain { compressed, address_hash, encrypted } => {
            decrypt_plain(passphrase.as_bytes(), compressed, address_hash, &encrypted)
        }
        Payload::EcMultiply { compressed, lot_sequence, address_hash, owner_entropy, part1_head, part2 } => {
            let passfactor = passfactor(passphrase.as_bytes(), &owner_entropy, lot_sequence)?;
            let seedb = seedb(&passfactor, &address_hash, &owner_entropy, &part1_head, &part2)?;
            let secret = multiply(&passfactor, &seedb)?;
            verified(secret, compressed, address_hash)
        }
    }
}

/// BIP-38 requires NFC so that the same passphrase typed on different systems gives the same key.
fn normalize(passphrase: &str) -> Zeroizing<String> {
    Zeroizing::new(passphrase.nfc().collect())
}

/// Decodes and splits a payload, rejecting flag bits that do not belong to its kind.
fn parse(text: &str) -> Result<Payload, Error> {
    let bytes = base58::decode_check(text).map_err(|_| Error::InvalidBase58)?;
    let bytes: [u8; PAYLOAD_LEN] =
        bytes.as_slice().try_into().map_err(|_| Error::InvalidLength(bytes.len()))?;
    let (prefix, flag) = ([bytes[0], bytes[1]], bytes[2]);
    let address_hash = take::<4>(&bytes, 3);
    let compressed = flag & FLAG_COMPRESSED != 0;
    match prefix {
        PREFIX_PLAIN if flag & !FLAG_COMPRESSED == FLAG_PLAIN => {
            Ok(Payload::Plain { compressed, address_hash, encrypted: take::<32>(&bytes, 7) })
        }
        PREFIX_EC if flag & !(FLAG_COMPRESSED | FLAG_LOT_SEQUENCE) == 0 => Ok(Payload::EcMultiply {
            compressed,
            lot_sequence: flag & FLAG_LOT_SEQUENCE != 0,
            address_hash,
            owner_entropy: take::<8>(&bytes, 7),
            part1_head: take::<8>(&bytes, 15),
            part2: take::<16>(&bytes, 23),
        }),
        PREFIX_PLAIN | PREFIX_EC => Err(Error::InvalidFlags(flag)),
        _ => Err(Error::UnknownPrefix),
    }
}

/// `N` bytes of a payload from `start`; callers pass offsets that fit in 39 bytes.
fn take<const N: usize>(bytes: &[u8; PAYLOAD_LEN], start: usize) -> [u8; N] {
    let mut out = [0u8; N];
    out.copy_from_slice(&bytes[start..start + N]);
    out
}

fn decrypt_plain(
    passphrase: &[u8],
    compressed: bool,
    address_hash: [u8; 4],
    encrypted: &[u8; 32],
) -> Result<Decrypted, Error> {
    let derived = scrypt_halves(passphrase, &address_hash, PASSPHRASE_SCRYPT)?;
    let mut secret = Zeroizing::new(*encrypted);
    aes_decrypt(&derived.key, &mut secret[..]);
    xor_in_place(&mut secret[..], &derived.mask[..]);
    verified(secret, compressed, address_hash)
}

/// Accepts a decrypted key only if it hashes to the stored address hash; a wrong passphrase
/// gives random bytes, which may not even be a valid key, so both cases mean "wrong passphrase".
fn verified(secret: Zeroizing<[u8; 32]>, compressed: bool, expected: [u8; 4]) -> Result<Decrypted, Error> {
    let mut key = secret_key(&secret).map_err(|_| Error::WrongPassphrase)?;
    let actual = address_hash(&key, compressed);
    key.non_secure_erase();
    if actual != expected {
        return Err(Error::WrongPassphrase);
    }
    Ok(Decrypted { secret, compressed })
}

/// EC-multiply: the passphrase's scalar. With lot/sequence numbers the scrypt salt is only the
/// first 4 bytes of the owner entropy and the result is hashed with the whole entropy.
fn passfactor(
    passphrase: &[u8],
    owner_entropy: &[u8; 8],
    lot_sequence: bool,
) -> Result<Zeroizing<[u8; 32]>, Error> {
    let salt = if lot_sequence { &owner_entropy[..4] } else { &owner_entropy[..] };
    let prefactor = scrypt_key::<32>(passphrase, salt, PASSPHRASE_SCRYPT)?;
    if !lot_sequence {
        return Ok(prefactor);
    }
    let mut data = Zeroizing::new([0u8; 40]);
    data[..32].copy_from_slice(&prefactor[..]);
    data[32..].copy_from_slice(owner_entropy);
    Ok(Zeroizing::new(sha256d::Hash::hash(&data[..]).to_byte_array()))
}

/// EC-multiply: recovers the 24-byte `seedb` that the key's creator chose at random.
fn seedb(
    passfactor: &[u8; 32],
    address_hash: &[u8; 4],
    owner_entropy: &[u8; 8],
    part1_head: &[u8; 8],
    part2: &[u8; 16],
) -> Result<Zeroizing<[u8; 24]>, Error> {
    let passpoint = passpoint(passfactor)?;
    let mut salt = [0u8; 12];
    salt[..4].copy_from_slice(address_hash);
    salt[4..].copy_from_slice(owner_entropy);
    let derived = scrypt_halves(&passpoint[..], &salt, PASSPOINT_SCRYPT)?;
    // part2 decrypts to the second half of encryptedpart1 followed by seedb[16..24].
    let mut tail = Zeroizing::new(*part2);
    aes_decrypt(&derived.key, &mut tail[..]);
    xor_in_place(&mut tail[..], &derived.mask[16..]);
    let mut part1 = Zeroizing::new([0u8; 16]);
    part1[..8].copy_from_slice(part1_head);
    part1[8..].copy_from_slice(&tail[..8]);
    aes_decrypt(&derived.key, &mut part1[..]);
    xor_in_place(&mut part1[..], &derived.mask[..16]);
    let mut seed = Zeroizing::new([0u8; 24]);
    seed[..16].copy_from_slice(&part1[..]);
    seed[16..].copy_from_slice(&tail[8..]);
    Ok(seed)
}

/// EC-multiply: the compressed public point of the passfactor, which keys the seed's cipher.
fn passpoint(passfactor: &[u8; 32]) -> Result<Zeroizing<[u8; 33]>, Error> {
    let mut key = secret_key(passfactor)?;
    let point = key.public_key(&Secp256k1::signing_only()).serialize();
    key.non_secure_erase();
    Ok(Zeroizing::new(point))
}

/// EC-multiply: the private key is passfactor · sha256d(seedb) mod n.
fn multiply(passfactor: &[u8; 32], seedb: &[u8; 24]) -> Result<Zeroizing<[u8; 32]>, Error> {
    let factorb = Zeroizing::new(sha256d::Hash::hash(seedb).to_byte_array());
    let tweak = Scalar::from_be_bytes(*factorb).map_err(|_| Error::InvalidKey)?;
    let mut key = secret_key(passfactor)?.mul_tweak(&tweak).map_err(|_| Error::InvalidKey)?;
    let secret = Zeroizing::new(key.secret_bytes());
    key.non_secure_erase();
    Ok(secret)
}

fn secret_key(secret: &[u8; 32]) -> Result<SecretKey, Error> {
    SecretKey::from_slice(secret).map_err(|_| Error::InvalidKey)
}

/// The mainnet P2PKH address, the only address kind BIP-38 defines.
fn p2pkh_address(key: &SecretKey, compressed: bool) -> String {
    let inner = key.public_key(&Secp256k1::signing_only());
    Address::p2pkh(PublicKey { compressed, inner }, NetworkKind::Main).to_string()
}

/// First 4 bytes of sha256d of the address text: BIP-38's check that the passphrase was right.
fn address_hash(key: &SecretKey, compressed: bool) -> [u8; 4] {
    let hash = sha256d::Hash::hash(p2pkh_address(key, compressed).as_bytes()).to_byte_array();
    [hash[0], hash[1], hash[2], hash[3]]
}

/// scrypt with one of BIP-38's fixed settings.
fn scrypt_key<const L: usize>(
    password: &[u8],
    salt: &[u8],
    (log_n, r, p): (u8, u32, u32),
) -> Result<Zeroizing<[u8; L]>, Error> {
    let params = scrypt::Params::new(log_n, r, p, L).map_err(|_| Error::Kdf)?;
    let mut out = Zeroizing::new([0u8; L]);
    scrypt::scrypt(password, salt, &params, &mut out[..]).map_err(|_| Error::Kdf)?;
    Ok(out)
}

/// scrypt output split as BIP-38 uses it: the first half masks the data (XOR), the second is
/// the AES-256 key.
struct Halves {
    mask: Zeroizing<[u8; 32]>,
    key: Zeroizing<[u8; 32]>,
}

fn scrypt_halves(password: &[u8], salt: &[u8], cost: (u8, u32, u32)) -> Result<Halves, Error> {
    let full = scrypt_key::<64>(password, salt, cost)?;
    let mut halves = Halves { mask: Zeroizing::new([0u8; 32]), key: Zeroizing::new([0u8; 32]) };
    halves.mask.copy_from_slice(&full[..32]);
    halves.key.copy_from_slice(&full[32..]);
    Ok(halves)
}

/// AES-256 on each whole 16-byte block: BIP-38 uses ECB on independent blocks.
fn aes_encrypt(key: &[u8; 32], data: &mut [u8]) {
    let cipher = Aes256::new(GenericArray::from_slice(key));
    for block in data.chunks_exact_mut(16) {
        cipher.encrypt_block(GenericArray::from_mut_slice(block));
    }
}

fn aes_decrypt(key: &[u8; 32], data: &mut [u8]) {
    let cipher = Aes256::new(GenericArray::from_slice(key));
    for block in data.chunks_exact_mut(16) {
        cipher.decrypt_block(GenericArray::from_mut_slice(block));
    }
}

fn xor_in_place(data: &mut [u8], mask: &[u8]) {
    for (d, m) in data.iter_mut().zip(mask) {
        *d ^= m;
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "in tests a panic is the failure report")]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        let d = Decrypted { secret: Zeroizing::new([7u8; 32]), compressed: true };
        let text = format!("{d:?}");
        assert!(text.contains("[redacted]"));
        assert!(!text.contains('7'));
    }

    #[test]
    fn nfc_of_bip38_test3_passphrase() {
        let pass = "\u{03D2}\u{0301}\u{0000}\u{10400}\u{1F4A9}";
        assert_eq!(hex::encode(normalize(pass).as_bytes()), "cf9300f0909080f09f92a9");
    }
}

//! Ethereum keystore files, version 3 ("Web3 Secret Storage Definition").
//!
//! Geth, Parity/OpenEthereum, MyEtherWallet, eth-account and most other Ethereum wallets store a
//! private key as a JSON file encrypted with a password. seedsafe reads such files to back the key
//! up, and writes them so that a restored key can be imported into any of those wallets.
//!
//! The format: a key-derivation function (scrypt or PBKDF2-HMAC-SHA256) stretches the password
//! into a derived key `dk`; `dk[0..16]` is the AES-128-CTR key (the IV is the full 128-bit
//! big-endian initial counter) and `keccak256(dk[16..32] ‖ ciphertext)` is the MAC that tells a
//! wrong password from a right one.
//!
//! A keystore file may come from anywhere, so every parameter that sets how much memory or CPU the
//! key derivation takes is bounded before any work is done (see [`MAX_SCRYPT_MEMORY`],
//! [`MAX_SCRYPT_WORK`] and [`MAX_PBKDF2_ROUNDS`]).

use std::fmt::Write as _;

use aes::cipher::{KeyIvInit, StreamCipher};
use bitcoin::secp256k1::{Secp256k1, SecretKey};
use rand::RngCore;
use serde::Deserialize;
use serde_json::{json, Value};
use sha3::{Digest, Keccak256};
use zeroize::Zeroizing;

/// AES-128 in CTR mode with a 128-bit big-endian counter, as geth uses: the whole IV is the
/// counter, so an IV of all `ff` bytes wraps around to zero for the second block.
type Aes128Ctr = ctr::Ctr128BE<aes::Aes128>;

/// Most memory, in bytes, that each of scrypt's two buffers may take for one file: `n · r · 128`
/// for the large table and `p · r · 128` for the working blocks.
///
/// geth's standard setting (n = 2^18, r = 8) takes 256 MiB; 2 GiB leaves room for files made with
/// heavier settings while stopping a hostile file from asking for all of the machine's memory.
pub const MAX_SCRYPT_MEMORY: u64 = 1 << 31;

/// Most scrypt work for one file, counted as `n · r · p` (each unit hashes one 128-byte block
/// twice).
///
/// geth's standard setting is 2^21; 2^28 (128 times that, on the order of a minute) admits every
/// setting seen in practice yet stops a hostile file from keeping the CPU busy for hours.
pub const MAX_SCRYPT_WORK: u64 = 1 << 28;

/// Most PBKDF2 iterations for one file.
///
/// Common files use 262,144 (geth, the spec's example) or 1,000,000 (eth-keyfile's default);
/// ten million still takes only seconds but stops a hostile file from hanging the program.
pub const MAX_PBKDF2_ROUNDS: u32 = 10_000_000;

/// Derived-key lengths accepted from a file: the format needs 32 bytes (cipher key and MAC key),
/// and 64 bounds the work for files that ask for more than they use.
const DKLEN_RANGE: std::ops::RangeInclusive<u64> = 32..=64;

/// Length of the derived key that this module writes.
const DKLEN: usize = 32;

/// Longest name (of a cipher, KDF or version) quoted back in an error, so that a hostile file
/// cannot make the error message arbitrarily long.
const MAX_QUOTED: usize = 40;

/// Why a keystore could not be read, written or decrypted.
///
/// No variant ever carries the password or any byte of the key.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The MAC did not match: the two causes cannot be told apart, so both are named.
    #[error("wrong password, or the keystore file was altered (MAC mismatch)")]
    WrongPassword,
    /// The file is not keystore JSON, or a field is missing or malformed.
    #[error("invalid keystore JSON: {0}")]
    Json(String),
    /// The file uses a key-derivation function (or PBKDF2 hash) that the format does not define.
    #[error("unsupported key derivation function {0} (expected scrypt, or pbkdf2 with hmac-sha256)")]
    UnsupportedKdf(String),
    /// The file uses a cipher other than AES-128-CTR.
    #[error("unsupported cipher {0} (expected aes-128-ctr)")]
    UnsupportedCipher(String),
    /// The file is not version 3 (version 1 files and version 4 EIP-2335 files differ).
    #[error("unsupported keystore version {0} (expected 3)")]
    UnsupportedVersion(String),
    /// A KDF parameter is invalid or would take too much memory or time.
    #[error("key derivation parameters out of range: {0}")]
    KdfParamsOutOfRange(String),
    /// The key decrypted correctly but belongs to another address than the file names.
    #[error("the decrypted key does not belong to the address named in the keystore file")]
    AddressMismatch,
    /// The bytes are not a secp256k1 private key (zero, or not below the group order).
    #[error("not a valid secp256k1 private key")]
    InvalidKey,
    /// The operating system's random number generator failed, so no safe salt or IV exists.
    #[error("the operating system's random number generator failed")]
    Random,
}

/// How to stretch the password when writing a keystore with [`encrypt`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KdfParams {
    /// scrypt with `n = 2^log_n`: memory-hard, the usual choice.
    Scrypt {
        /// Base-2 logarithm of scrypt's cost `n`.
        log_n: u8,
        /// scrypt's block size `r`.
        r: u32,
        /// scrypt's parallelism `p`.
        p: u32,
    },
    /// PBKDF2-HMAC-SHA256 with `c` iterations, for wallets that lack scrypt.
    Pbkdf2 {
        /// Iteration count.
        c: u32,
    },
}

impl KdfParams {
    /// geth's "standard" scrypt setting (n = 262144, r = 8, p = 1, 256 MiB): what geth and
    /// eth-account write by default, so the safe choice for real keys.
    pub const STANDARD: KdfParams = KdfParams::Scrypt { log_n: 18, r: 8, p: 1 };

    /// geth's "light" scrypt setting (n = 4096, r = 8, p = 6, 4 MiB): weak, for tests and
    /// throw-away keys only.
    pub const LIGHT: KdfParams = KdfParams::Scrypt { log_n: 12, r: 8, p: 6 };

    /// The light setting, so that tests that write keystores stay fast.
    pub fn light() -> KdfParams {
        Self::LIGHT
    }

    /// Rejects settings outside the bounds that [`Keystore::from_json`] enforces, so that this
    /// crate never writes a file that it would refuse to read.
    fn check(self) -> Result<(), Error> {
        match self {
            KdfParams::Scrypt { log_n, r, p } => check_scrypt(log_n, r, p),
            KdfParams::Pbkdf2 { c } => check_pbkdf2(c),
        }
    }
}

impl Default for KdfParams {
    /// [`KdfParams::STANDARD`], because a default should be safe for real keys.
    fn default() -> Self {
        Self::STANDARD
    }
}

/// A parsed and validated keystore; the key stays encrypted until [`Keystore::decrypt`].
///
/// Holds no secret, so it may be cloned, logged and written freely.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keystore {
    id: Option<String>,
    address: Option<String>,
    kdf: Kdf,
    iv: [u8; 16],
    ciphertext: Vec<u8>,
    mac: [u8; 32],
}

/// A validated KDF with its salt and derived-key length.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kdf {
    Scrypt { log_n: u8, r: u32, p: u32, dklen: usize, salt: Vec<u8> },
    Pbkdf2 { c: u32, dklen: usize, salt: Vec<u8> },
}

/// Top level of the file. `crypto` and `version` are kept as raw JSON so that the version is
/// checked before the rest: a version 1 file would otherwise fail with a confusing field error.
#[derive(Deserialize)]
struct RawFile {
    // geth reads JSON with Go's case-insensitive matching, and some old files write `Crypto`.
    #[serde(default, alias = "Crypto")]
    crypto: Option<Value>,
    #[serde(default)]
    version: Option<Value>,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    address: Option<String>,
}

#[derive(Deserialize)]
struct RawCrypto {
    cipher: String,
    cipherparams: RawCipherParams,
    ciphertext: String,
    kdf: String,
    kdfparams: Value,
    mac: String,
}

#[derive(Deserialize)]
struct RawCipherParams {
    iv: String,
}

#[derive(Deserialize)]
struct RawScrypt {
    n: u64,
    r: u64,
    p: u64,
    dklen: u64,
    salt: String,
}

#[derive(Deserialize)]
struct RawPbkdf2 {
    c: u64,
    dklen: u64,
    prf: String,
    salt: String,
}

impl Keystore {
    /// Parses and validates a keystore file, bounding the KDF cost before anything is derived.
    pub fn from_json(text: &str) -> Result<Keystore, Error> {
        let raw: RawFile = serde_json::from_str(text).map_err(json_error)?;
        check_version(raw.version.as_ref())?;
        let crypto = raw.crypto.ok_or_else(|| missing("crypto"))?;
        let crypto: RawCrypto = serde_json::from_value(crypto).map_err(json_error_in("crypto"))?;
        if crypto.cipher != "aes-128-ctr" {
            return Err(Error::UnsupportedCipher(quote(&crypto.cipher)));
        }
        if let Some(address) = &raw.address {
            parse_address(address)?;
        }
        Ok(Keystore {
            id: raw.id,
            address: raw.address,
            kdf: Kdf::parse(&crypto.kdf, crypto.kdfparams)?,
            iv: hex_array("cipherparams.iv", &crypto.cipherparams.iv)?,
            ciphertext: parse_ciphertext(&crypto.ciphertext)?,
            mac: hex_array("mac", &crypto.mac)?,
        })
    }

    /// Writes the keystore as pretty JSON with sorted keys, in the layout geth writes (always
    /// `crypto` in lower case), so that any wallet can import it.
    pub fn to_json(&self) -> String {
        let mut file = json!({
            "crypto": {
                "cipher": "aes-128-ctr",
                "cipherparams": { "iv": hex::encode(self.iv) },
                "ciphertext": hex::encode(&self.ciphertext),
                "kdf": self.kdf.name(),
                "kdfparams": self.kdf.to_json(),
                "mac": hex::encode(self.mac),
            },
            "version": 3,
        });
        if let Some(map) = file.as_object_mut() {
            if let Some(id) = &self.id {
                map.insert("id".into(), Value::from(id.as_str()));
            }
            if let Some(address) = &self.address {
                map.insert("address".into(), Value::from(address.as_str()));
            }
        }
        format!("{file:#}")
    }

    /// The file's `address` field as written (hex, usually without `0x`), if any: it lets a user
    /// pick the right file before typing a password.
    pub fn address(&self) -> Option<&str> {
        self.address.as_deref()
    }

    /// The file's `id` field (a UUID in well-formed files), if any.
    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// The file's KDF setting, so that a caller can warn about weak files or re-encrypt with the
    /// same cost.
    pub fn kdf_params(&self) -> KdfParams {
        match self.kdf {
            Kdf::Scrypt { log_n, r, p, .. } => KdfParams::Scrypt { log_n, r, p },
            Kdf::Pbkdf2 { c, .. } => KdfParams::Pbkdf2 { c },
        }
    }

    /// Decrypts the private key after checking the MAC in constant time.
    ///
    /// Some old files (go-ethereum's test vectors among them) hold a 30- or 31-byte key whose
    /// leading zero bytes were dropped; the MAC covers the ciphertext as stored, and the key is
    /// returned left-padded with zeros to 32 bytes, as geth loads it. A plaintext that is not a
    /// secp256k1 private key is refused with [`Error::InvalidKey`], since no wallet could use it.
    pub fn decrypt(&self, password: &[u8]) -> Result<Zeroizing<[u8; 32]>, Error> {
        let dk = self.kdf.derive(password)?;
        if !ct_eq(&mac(&dk, &self.ciphertext), &self.mac) {
            return Err(Error::WrongPassword);
        }
        let mut secret = Zeroizing::new([0u8; 32]);
        let start = secret.len() - self.ciphertext.len();
        secret[start..].copy_from_slice(&self.ciphertext);
        apply_ctr(&dk, &self.iv, &mut secret[start..]);
        eth_address(&secret)?;
        Ok(secret)
    }

    /// Like [`Keystore::decrypt`], and also checks that the key belongs to the file's `address`
    /// field (when there is one), which catches files whose address was edited or mixed up.
    pub fn decrypt_checked(&self, password: &[u8]) -> Result<Zeroizing<[u8; 32]>, Error> {
        let secret = self.decrypt(password)?;
        if let Some(address) = &self.address {
            if parse_address(address)? != eth_address(&secret)? {
                return Err(Error::AddressMismatch);
            }
        }
        Ok(secret)
    }
}

impl Kdf {
    /// Validates `kdfparams` for the named KDF.
    fn parse(name: &str, params: Value) -> Result<Kdf, Error> {
        match name {
            "scrypt" => Self::parse_scrypt(params),
            "pbkdf2" => Self::parse_pbkdf2(params),
            other => Err(Error::UnsupportedKdf(quote(other))),
        }
    }

    fn parse_scrypt(params: Value) -> Result<Kdf, Error> {
        let raw: RawScrypt = serde_json::from_value(params).map_err(json_error_in("crypto.kdfparams"))?;
        if raw.n < 2 || !raw.n.is_power_of_two() {
            return Err(out_of_range("scrypt n must be a power of two, at least 2"));
        }
        let log_n = u8::try_from(raw.n.trailing_zeros()).map_err(|_| out_of_range("scrypt n"))?;
        let r = u32::try_from(raw.r).map_err(|_| out_of_range("scrypt r is too large"))?;
        let p = u32::try_from(raw.p).map_err(|_| out_of_range("scrypt p is too large"))?;
        check_scrypt(log_n, r, p)?;
        Ok(Kdf::Scrypt {
            log_n,
            r,
            p,
            dklen: check_dklen(raw.dklen)?,
            salt: hex_vec("kdfparams.salt", &raw.salt)?,
        })
    }

    fn parse_pbkdf2(params: Value) -> Result<Kdf, Error> {
        let raw: RawPbkdf2 = serde_json::from_value(params).map_err(json_error_in("crypto.kdfparams"))?;
        if raw.prf != "hmac-sha256" {
            return Err(Error::UnsupportedKdf(format!("pbkdf2 with prf {}", quote(&raw.prf))));
        }
        let c = u32::try_from(raw.c).map_err(|_| out_of_range("pbkdf2 c is too large"))?;
        check_pbkdf2(c)?;
        Ok(Kdf::Pbkdf2 { c, dklen: check_dklen(raw.dklen)?, salt: hex_vec("kdfparams.salt", &raw.salt)? })
    }

    /// A fresh KDF with a random 32-byte salt, as geth writes.
    fn fresh(params: KdfParams) -> Result<Kdf, Error> {
        params.check()?;
        let salt = random_bytes::<32>()?.to_vec();
        Ok(match params {
            KdfParams::Scrypt { log_n, r, p } => Kdf::Scrypt { log_n, r, p, dklen: DKLEN, salt },
            KdfParams::Pbkdf2 { c } => Kdf::Pbkdf2 { c, dklen: DKLEN, salt },
        })
    }

    fn name(&self) -> &'static str {
        match self {
            Kdf::Scrypt { .. } => "scrypt",
            Kdf::Pbkdf2 { .. } => "pbkdf2",
        }
    }

    fn to_json(&self) -> Value {
        match self {
            Kdf::Scrypt { log_n, r, p, dklen, salt } => json!({
                "dklen": dklen, "n": 1u64 << log_n, "p": p, "r": r, "salt": hex::encode(salt),
            }),
            Kdf::Pbkdf2 { c, dklen, salt } => json!({
                "c": c, "dklen": dklen, "prf": "hmac-sha256", "salt": hex::encode(salt),
            }),
        }
    }

    /// Stretches the password; the parameters were bounded when this value was built.
    fn derive(&self, password: &[u8]) -> Result<Zeroizing<Vec<u8>>, Error> {
        match self {
            Kdf::Scrypt { log_n, r, p, dklen, salt } => {
                let mut dk = Zeroizing::new(vec![0u8; *dklen]);
                scrypt_any(password, salt, *log_n, *r, *p, &mut dk)?;
                Ok(dk)
            }
            Kdf::Pbkdf2 { c, dklen, salt } => {
                let mut dk = Zeroizing::new(vec![0u8; *dklen]);
                pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password, salt, *c, &mut dk);
                Ok(dk)
            }
        }
    }
}

/// Encrypts a private key into a new keystore with a random salt, IV and id, and the key's
/// address in lower-case hex without `0x` (as geth writes it).
pub fn encrypt(secret: &[u8; 32], password: &[u8], params: KdfParams) -> Result<Keystore, Error> {
    let address = eth_address(secret)?;
    let kdf = Kdf::fresh(params)?;
    let iv = random_bytes::<16>()?;
    let dk = kdf.derive(password)?;
    // The buffer holds the key only until the cipher runs over it in place.
    let mut ciphertext = Zeroizing::new(secret.to_vec());
    apply_ctr(&dk, &iv, &mut ciphertext);
    Ok(Keystore {
        id: Some(random_uuid()?),
        address: Some(hex::encode(address)),
        mac: mac(&dk, &ciphertext),
        kdf,
        iv,
        ciphertext: ciphertext.to_vec(),
    })
}

/// The Ethereum address of a private key: the last 20 bytes of the Keccak-256 of the 64-byte
/// uncompressed public key (without its `0x04` prefix). Used to check a decrypted key against
/// the file and to name new files.
pub fn eth_address(secret: &[u8; 32]) -> Result<[u8; 20], Error> {
    let mut key = SecretKey::from_slice(secret).map_err(|_| Error::InvalidKey)?;
    let public = key.public_key(&Secp256k1::signing_only()).serialize_uncompressed();
    // secp256k1's SecretKey does not wipe itself on drop.
    key.non_secure_erase();
    let hash = Keccak256::digest(&public[1..]);
    let mut address = [0u8; 20];
    address.copy_from_slice(&hash[12..]);
    Ok(address)
}

/// The keystore MAC: it proves the password right before the plaintext is trusted.
fn mac(dk: &[u8], ciphertext: &[u8]) -> [u8; 32] {
    let mut hasher = Keccak256::new();
    hasher.update(&dk[16..32]);
    hasher.update(ciphertext);
    hasher.finalize().into()
}

/// Runs AES-128-CTR keyed with `dk[0..16]`; encryption and decryption are the same operation.
fn apply_ctr(dk: &[u8], iv: &[u8; 16], data: &mut [u8]) {
    let mut cipher = Aes128Ctr::new(dk[..16].into(), iv.into());
    cipher.apply_keystream(data);
}

/// Compares without an early exit, so that timing does not reveal how many MAC bytes matched.
fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    a.len() == b.len() && std::hint::black_box(diff) == 0
}

/// Checks scrypt settings against the algorithm's rules and this module's resource bounds.
fn check_scrypt(log_n: u8, r: u32, p: u32) -> Result<(), Error> {
    if log_n == 0 || r == 0 || p == 0 {
        return Err(out_of_range("scrypt n must be at least 2, r and p at least 1"));
    }
    let (n, r, p) = (1u128 << log_n.min(64), u128::from(r), u128::from(p));
    if n.max(p) * r * 128 > u128::from(MAX_SCRYPT_MEMORY) {
        return Err(out_of_range("scrypt would need more than 2 GiB of memory"));
    }
    if n * r * p > u128::from(MAX_SCRYPT_WORK) {
        return Err(out_of_range("scrypt n·r·p is above 2^28"));
    }
    Ok(())
}

fn check_pbkdf2(c: u32) -> Result<(), Error> {
    if c == 0 || c > MAX_PBKDF2_ROUNDS {
        return Err(out_of_range("pbkdf2 c must be between 1 and 10,000,000"));
    }
    Ok(())
}

fn check_dklen(dklen: u64) -> Result<usize, Error> {
    if !DKLEN_RANGE.contains(&dklen) {
        return Err(out_of_range("dklen must be between 32 and 64"));
    }
    usize::try_from(dklen).map_err(|_| out_of_range("dklen"))
}

/// Accepts version 3 only, as a number; geth's version 1 files wrote the version as a string.
fn check_version(version: Option<&Value>) -> Result<(), Error> {
    match version {
        None => Err(missing("version")),
        Some(v) if v.as_u64() == Some(3) => Ok(()),
        Some(Value::String(s)) => Err(Error::UnsupportedVersion(quote(s))),
        Some(other) => Err(Error::UnsupportedVersion(quote(&other.to_string()))),
    }
}

/// The plaintext is a 32-byte key, or a shorter one whose leading zeros were dropped.
fn parse_ciphertext(text: &str) -> Result<Vec<u8>, Error> {
    let bytes = hex_vec("ciphertext", text)?;
    if bytes.is_empty() || bytes.len() > 32 {
        return Err(Error::Json("ciphertext must be 1 to 32 bytes".into()));
    }
    Ok(bytes)
}

/// Parses an address field, with or without `0x`, in any letter case (eth-account writes the
/// EIP-55 mixed-case form, geth lower case).
fn parse_address(text: &str) -> Result<[u8; 20], Error> {
    hex_array("address", text)
}

fn hex_vec(field: &str, text: &str) -> Result<Vec<u8>, Error> {
    let digits = text.strip_prefix("0x").unwrap_or(text);
    hex::decode(digits).map_err(|_| Error::Json(format!("field `{field}` is not valid hex")))
}

fn hex_array<const N: usize>(field: &str, text: &str) -> Result<[u8; N], Error> {
    let bytes = hex_vec(field, text)?;
    bytes.try_into().map_err(|_| Error::Json(format!("field `{field}` must be {N} bytes of hex")))
}

/// serde's messages name the missing or mistyped field; the file holds no plaintext secret.
fn json_error(err: serde_json::Error) -> Error {
    Error::Json(err.to_string())
}

/// Like [`json_error`], naming the object that was being read, since serde's messages for a
/// nested value do not say where it was.
fn json_error_in(section: &'static str) -> impl Fn(serde_json::Error) -> Error {
    move |err| Error::Json(format!("in `{section}`: {err}"))
}

fn missing(field: &str) -> Error {
    Error::Json(format!("missing field `{field}`"))
}

fn out_of_range(why: &str) -> Error {
    Error::KdfParamsOutOfRange(why.to_owned())
}

/// Quotes a name from the file for an error message, cut short if long.
fn quote(name: &str) -> String {
    let short: String = name.chars().take(MAX_QUOTED).collect();
    if short.len() < name.len() {
        format!("{short:?}…")
    } else {
        format!("{short:?}")
    }
}

fn random_bytes<const N: usize>() -> Result<[u8; N], Error> {
    let mut bytes = [0u8; N];
    rand::rngs::OsRng.try_fill_bytes(&mut bytes).map_err(|_| Error::Random)?;
    Ok(bytes)
}

/// A random (version 4) UUID in its text form: wallets use the id only to tell files apart.
fn random_uuid() -> Result<String, Error> {
    let mut b = random_bytes::<16>()?;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let mut text = String::with_capacity(36);
    for (i, byte) in b.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            text.push('-');
        }
        let _ = write!(text, "{byte:02x}");
    }
    Ok(text)
}

/// scrypt for any parameters that passed [`check_scrypt`].
///
/// The `scrypt` crate enforces RFC 7914's `n < 2^(16·r)`, which rejects `r = 1` with `n ≥ 2^16`.
/// pyethereum and pyethapp wrote such files (ethereum/tests' `test2` is n = 2^18, r = 1, p = 8),
/// and geth, go's x/crypto and pycryptodome all read them, so those settings use
/// [`wide::scrypt`] instead; everything else uses the crate.
fn scrypt_any(password: &[u8], salt: &[u8], log_n: u8, r: u32, p: u32, out: &mut [u8]) -> Result<(), Error> {
    if u32::from(log_n) >= 16 * r {
        wide::scrypt(password, salt, log_n, r, p, out);
        return Ok(());
    }
    let params = scrypt::Params::new(log_n, r, p, DKLEN).map_err(|_| out_of_range("scrypt"))?;
    scrypt::scrypt(password, salt, &params, out).map_err(|_| out_of_range("dklen"))
}

/// A plain scrypt (RFC 7914, sections 3 to 6) without the `n < 2^(16·r)` rule.
///
/// Only reached for `r = 1` with `n ≥ 2^16`, after [`check_scrypt`] bounded memory and work.
/// Unit tests check it against RFC 7914's vectors and against the `scrypt` crate.
mod wide {
    use zeroize::Zeroizing;

    // The code is written for speed without optimisation too (plain `while` loops, a hand-unrolled
    // Salsa20 core), because tests and debug builds run this crate unoptimised and one
    // n = 2^18 file means eight million Salsa20/8 calls.
    //
    // The per-call temporaries are not wiped (the `scrypt` crate does not wipe its own either);
    // the large buffers `b`, `v`, `x` and `y`, which hold the whole state, are.

    /// `u32::rotate_left` is an out-of-line call in unoptimised builds, where it took 40% of the
    /// time; the shifts compile to plain instructions.
    macro_rules! rotl {
        ($v:expr, $k:literal) => {{
            let v: u32 = $v;
            #[allow(clippy::manual_rotate, reason = "rotate_left is not inlined without optimisation")]
            let rotated = (v << $k) | (v >> (32 - $k));
            rotated
        }};
    }

    /// Runs a statement for each of the 16 word indexes, unrolled (a loop costs more than the
    /// statement in unoptimised builds).
    macro_rules! for_each_word {
        ($k:ident => $body:expr) => {
            for_each_word!(@ $k => $body; 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15)
        };
        (@ $k:ident => $body:expr; $($i:literal)*) => {
            $( { let $k = $i; $body; } )*
        };
    }

    /// A 64-byte Salsa20 block as little-endian words.
    type Block = [u32; 16];

    /// scrypt(password, salt, 2^log_n, r, p) into `out`.
    pub(super) fn scrypt(password: &[u8], salt: &[u8], log_n: u8, r: u32, p: u32, out: &mut [u8]) {
        let (n, r, p) = (1usize << log_n, r as usize, p as usize);
        let mut b = Zeroizing::new(vec![0u8; 128 * r * p]);
        pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password, salt, 1, &mut b);
        let mut v = Zeroizing::new(vec![[0u32; 16]; n * 2 * r]);
        for chunk in b.chunks_exact_mut(128 * r) {
            ro_mix(chunk, &mut v, n, r);
        }
        pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password, &b, 1, out);
    }

    /// scryptROMix: fills `v` with successive BlockMix outputs, then reads them back in a
    /// data-dependent order (the memory-hard part).
    fn ro_mix(bytes: &mut [u8], v: &mut [Block], n: usize, r: usize) {
        let len = 2 * r;
        let mut x = Zeroizing::new(vec![[0u32; 16]; len]);
        let mut y = Zeroizing::new(vec![[0u32; 16]; len]);
        for (word, chunk) in x.as_flattened_mut().iter_mut().zip(bytes.chunks_exact(4)) {
            *word = u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
        }
        let mut i = 0;
        while i < n {
            v[i * len..(i + 1) * len].copy_from_slice(&x);
            block_mix(&x, &mut y, r);
            std::mem::swap(&mut x, &mut y);
            i += 1;
        }
        i = 0;
        while i < n {
            // Integerify: n ≤ 2^32 here, so the low word of the last block is enough modulo n.
            let j = (x[len - 1][0] as usize) & (n - 1);
            let mut k = 0;
            while k < len {
                xor_block(&mut x[k], &v[j * len + k]);
                k += 1;
            }
            block_mix(&x, &mut y, r);
            std::mem::swap(&mut x, &mut y);
            i += 1;
        }
        for (chunk, word) in bytes.chunks_exact_mut(4).zip(x.as_flattened()) {
            chunk.copy_from_slice(&word.to_le_bytes());
        }
    }

    /// scryptBlockMix: chains Salsa20/8 over the 2r blocks and interleaves the outputs (even
    /// ones first, then odd ones).
    fn block_mix(input: &[Block], output: &mut [Block], r: usize) {
        let mut x = input[2 * r - 1];
        let mut i = 0;
        while i < 2 * r {
            xor_block(&mut x, &input[i]);
            salsa20_8(&mut x);
            output[if i % 2 == 0 { i / 2 } else { r + i / 2 }] = x;
            i += 1;
        }
    }

    fn xor_block(a: &mut Block, b: &Block) {
        for_each_word!(k => a[k] ^= b[k]);
    }

    /// The Salsa20/8 core: four double rounds (columns, then rows), then the feed-forward sum.
    fn salsa20_8(b: &mut Block) {
        let [mut x0, mut x1, mut x2, mut x3, mut x4, mut x5, mut x6, mut x7] =
            [b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]];
        let [mut x8, mut x9, mut x10, mut x11, mut x12, mut x13, mut x14, mut x15] =
            [b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]];
        let mut round = 0;
        while round < 4 {
            x4 ^= rotl!(x0.wrapping_add(x12), 7);
            x8 ^= rotl!(x4.wrapping_add(x0), 9);
            x12 ^= rotl!(x8.wrapping_add(x4), 13);
            x0 ^= rotl!(x12.wrapping_add(x8), 18);
            x9 ^= rotl!(x5.wrapping_add(x1), 7);
            x13 ^= rotl!(x9.wrapping_add(x5), 9);
            x1 ^= rotl!(x13.wrapping_add(x9), 13);
            x5 ^= rotl!(x1.wrapping_add(x13), 18);
            x14 ^= rotl!(x10.wrapping_add(x6), 7);
            x2 ^= rotl!(x14.wrapping_add(x10), 9);
            x6 ^= rotl!(x2.wrapping_add(x14), 13);
            x10 ^= rotl!(x6.wrapping_add(x2), 18);
            x3 ^= rotl!(x15.wrapping_add(x11), 7);
            x7 ^= rotl!(x3.wrapping_add(x15), 9);
            x11 ^= rotl!(x7.wrapping_add(x3), 13);
            x15 ^= rotl!(x11.wrapping_add(x7), 18);

            x1 ^= rotl!(x0.wrapping_add(x3), 7);
            x2 ^= rotl!(x1.wrapping_add(x0), 9);
            x3 ^= rotl!(x2.wrapping_add(x1), 13);
            x0 ^= rotl!(x3.wrapping_add(x2), 18);
            x6 ^= rotl!(x5.wrapping_add(x4), 7);
            x7 ^= rotl!(x6.wrapping_add(x5), 9);
            x4 ^= rotl!(x7.wrapping_add(x6), 13);
            x5 ^= rotl!(x4.wrapping_add(x7), 18);
            x11 ^= rotl!(x10.wrapping_add(x9), 7);
            x8 ^= rotl!(x11.wrapping_add(x10), 9);
            x9 ^= rotl!(x8.wrapping_add(x11), 13);
            x10 ^= rotl!(x9.wrapping_add(x8), 18);
            x12 ^= rotl!(x15.wrapping_add(x14), 7);
            x13 ^= rotl!(x12.wrapping_add(x15), 9);
            x14 ^= rotl!(x13.wrapping_add(x12), 13);
            x15 ^= rotl!(x14.wrapping_add(x13), 18);
            round += 1;
        }
        let mixed = [x0, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12, x13, x14, x15];
        for_each_word!(k => b[k] = b[k].wrapping_add(mixed[k]));
    }

    #[cfg(test)]
    #[allow(clippy::unwrap_used, reason = "in tests a panic is the failure report")]
    mod tests {
        use super::scrypt;

        fn run(password: &[u8], salt: &[u8], log_n: u8, r: u32, p: u32) -> String {
            let mut out = [0u8; 64];
            scrypt(password, salt, log_n, r, p, &mut out);
            hex::encode(out)
        }

        /// RFC 7914, section 12, first two vectors.
        #[test]
        fn rfc7914_vectors() {
            assert_eq!(
                run(b"", b"", 4, 1, 1),
                "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442\
                 fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906"
            );
            assert_eq!(
                run(b"password", b"NaCl", 10, 8, 16),
                "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162\
                 2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640"
            );
        }

        /// The range the `scrypt` crate refuses (r = 1, n = 2^17), against pycryptodome 3.24,
        /// which like geth reads it: `scrypt('pw', 'salt', 32, N=1 << 17, r=1, p=1)`.
        #[test]
        fn matches_pycryptodome_outside_rfc_range() {
            let mut out = [0u8; 32];
            scrypt(b"pw", b"salt", 17, 1, 1, &mut out);
            assert_eq!(hex::encode(out), "932f037f2b4c78e6158fde43c3a9942348844941079222ddd615d4bc688c766f");
        }

        /// Same output as the `scrypt` crate wherever the crate accepts the parameters.
        #[test]
        fn matches_scrypt_crate() {
            for (log_n, r, p) in [(1, 1, 1), (5, 2, 3), (8, 3, 2), (15, 1, 1)] {
                let params = scrypt::Params::new(log_n, r, p, 64).unwrap();
                let mut expected = [0u8; 64];
                scrypt::scrypt(b"pw\xff", b"salt", &params, &mut expected).unwrap();
                assert_eq!(run(b"pw\xff", b"salt", log_n, r, p), hex::encode(expected));
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "in tests a panic is the failure report")]
mod tests {
    use super::*;

    #[test]
    fn uuid_has_version_and_variant() {
        let id = random_uuid().unwrap();
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
        assert!(matches!(&id[19..20], "8" | "9" | "a" | "b"));
    }

    #[test]
    fn scrypt_bounds() {
        assert!(check_scrypt(18, 8, 1).is_ok());
        assert!(check_scrypt(18, 1, 8).is_ok());
        assert!(check_scrypt(24, 1, 1).is_ok());
        assert!(check_scrypt(23, 2, 1).is_ok());
        assert!(check_scrypt(24, 2, 1).is_err());
        assert!(check_scrypt(1, 8, 1 << 22).is_err());
        assert!(check_scrypt(0, 8, 1).is_err());
        assert!(check_scrypt(24, 1, 64).is_err());
        assert!(check_scrypt(22, 8, 1).is_err());
        assert!(check_scrypt(200, 8, 1).is_err());
        assert!(check_scrypt(1, 1, u32::MAX).is_err());
    }

    #[test]
    fn ct_eq_needs_equal_length() {
        assert!(ct_eq(b"abc", b"abc"));
        assert!(!ct_eq(b"abc", b"abd"));
        assert!(!ct_eq(b"abc", b"ab"));
    }
}

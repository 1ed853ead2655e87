//! Types that hold secrets.
//!
//! Every type here wipes its memory when dropped and prints `[redacted]` from `Debug`, so a
//! secret cannot leak through a log line, an error or a panic message by accident. None of
//! them implements `Display`: showing a secret must be an explicit call such as
//! [`Passphrase::expose`].

use std::fmt;

use bitcoin::bip32::Xpriv;
use bitcoin::secp256k1::SecretKey;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// What `Debug` prints for any secret.
pub const REDACTED: &str = "[redacted]";

macro_rules! redacted_debug {
    ($($ty:ty),*) => {$(
        impl fmt::Debug for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(REDACTED)
            }
        }
    )*};
}

/// A BIP-39 passphrase (the "25th word"), or Electrum's seed extension.
///
/// It is part of the wallet: a different passphrase is a different wallet. Kept as typed;
/// each standard normalises it its own way when it is used.
#[derive(Clone, Default, Zeroize, ZeroizeOnDrop)]
pub struct Passphrase(String);

impl Passphrase {
    /// Wraps a passphrase; the caller's string is moved in, not copied.
    pub fn new(passphrase: String) -> Self {
        Passphrase(passphrase)
    }

    /// The empty passphrase, which most wallets use.
    pub fn empty() -> Self {
        Passphrase(String::new())
    }

    /// Whether a passphrase is in use at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The passphrase text, for the code that stretches it into a seed.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// A master seed: the input of BIP-32 and SLIP-10 master key generation. 64 bytes from a
/// BIP-39 or Electrum mnemonic; 16 to 32 bytes for a SLIP-39 wallet's master secret.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct Seed(Vec<u8>);

impl Seed {
    /// Takes ownership of seed bytes.
    pub fn new(bytes: Vec<u8>) -> Self {
        Seed(bytes)
    }

    /// The seed bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

/// A secp256k1 private key with the compression flag its WIF encoding carries.
///
/// The flag matters: the same key gives different legacy addresses compressed and not.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct PrivateKey {
    bytes: [u8; 32],
    compressed: bool,
}

impl PrivateKey {
    /// Checks that the bytes are a valid secp256k1 scalar (non-zero, below the group order).
    pub fn from_bytes(bytes: [u8; 32], compressed: bool) -> Option<Self> {
        let mut bytes = Zeroizing::new(bytes);
        SecretKey::from_slice(&bytes[..]).ok()?;
        Some(PrivateKey { bytes: std::mem::take(&mut *bytes), compressed })
    }

    /// The raw 32 bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.bytes
    }

    /// Whether the public key is used in compressed (33-byte) form.
    pub fn compressed(&self) -> bool {
        self.compressed
    }

    /// The key as libsecp256k1 wants it.
    pub fn secret_key(&self) -> SecretKey {
        // Validity was checked in `from_bytes`, so this cannot fail.
        SecretKey::from_slice(&self.bytes).unwrap_or_else(|_| unreachable!("checked on creation"))
    }
}

/// A BIP-32 extended private key.
///
/// `bitcoin::bip32::Xpriv` does not zeroize itself, so this wrapper erases the key and the
/// chain code when it is dropped.
#[derive(Clone)]
pub struct ExtendedPrivateKey(Xpriv);

impl ExtendedPrivateKey {
    /// Wraps an extended private key.
    pub fn new(xpriv: Xpriv) -> Self {
        ExtendedPrivateKey(xpriv)
    }

    /// The key, for derivation.
    pub fn xpriv(&self) -> &Xpriv {
        &self.0
    }
}

impl Drop for ExtendedPrivateKey {
    fn drop(&mut self) {
        self.0.private_key.non_secure_erase();
        let mut chain_code = self.0.chain_code.to_bytes();
        chain_code.zeroize();
        self.0.chain_code = chain_code.into();
    }
}

redacted_debug!(Passphrase, Seed, PrivateKey, ExtendedPrivateKey);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        let p = Passphrase::new("hunter2".into());
        assert_eq!(format!("{p:?}"), REDACTED);
        let s = Seed::new(vec![7; 64]);
        assert_eq!(format!("{s:?}"), REDACTED);
        let k = PrivateKey::from_bytes([1; 32], true).expect("valid key");
        assert_eq!(format!("{k:?}"), REDACTED);
    }

    #[test]
    fn invalid_private_keys_are_refused() {
        assert!(PrivateKey::from_bytes([0; 32], true).is_none());
        assert!(PrivateKey::from_bytes([0xff; 32], true).is_none());
    }
}

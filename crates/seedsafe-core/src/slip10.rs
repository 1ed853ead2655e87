//! SLIP-10 key derivation for ed25519, as Solana wallets use it.
//!
//! BIP-32 only works on secp256k1. SLIP-10 applies the same HMAC-SHA512 chain to ed25519
//! with the key "ed25519 seed"; on this curve only hardened children exist.

use hmac::{Hmac, Mac};
use sha2::Sha512;
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::secret::REDACTED;

/// Index offset of hardened children.
pub const HARDENED: u32 = 0x8000_0000;

/// An ed25519 node: private key and chain code.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct Ed25519Node {
    key: [u8; 32],
    chain_code: [u8; 32],
}

impl std::fmt::Debug for Ed25519Node {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(REDACTED)
    }
}

/// A derivation step that ed25519 cannot take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("ed25519 (SLIP-10) has only hardened children; index {0} is not hardened")]
pub struct NotHardened(pub u32);

fn hmac512(key: &[u8], parts: &[&[u8]]) -> ([u8; 32], [u8; 32]) {
    let mut mac = <Hmac<Sha512> as Mac>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    for p in parts {
        mac.update(p);
    }
    let mut out = mac.finalize().into_bytes();
    let mut left = [0u8; 32];
    let mut right = [0u8; 32];
    left.copy_from_slice(&out[..32]);
    right.copy_from_slice(&out[32..]);
    out.as_mut_slice().zeroize();
    (left, right)
}

impl Ed25519Node {
    /// The master node of a seed.
    pub fn master(seed: &[u8]) -> Self {
        let (key, chain_code) = hmac512(b"ed25519 seed", &[seed]);
        Ed25519Node { key, chain_code }
    }

    /// A hardened child (`index` includes the hardened bit).
    pub fn child(&self, index: u32) -> Result<Self, NotHardened> {
        if index < HARDENED {
            return Err(NotHardened(index));
        }
        let (key, chain_code) = hmac512(&self.chain_code, &[&[0], &self.key, &index.to_be_bytes()]);
        Ok(Ed25519Node { key, chain_code })
    }

    /// Follows a path of indices from this node.
    pub fn derive(&self, path: &[u32]) -> Result<Self, NotHardened> {
        path.iter().try_fold(self.clone(), |node, i| node.child(*i))
    }

    /// The 32-byte private key (the ed25519 seed of RFC 8032).
    pub fn private_key(&self) -> &[u8; 32] {
        &self.key
    }

    /// The chain code.
    pub fn chain_code(&self) -> &[u8; 32] {
        &self.chain_code
    }

    /// The 32-byte public key.
    pub fn public_key(&self) -> [u8; 32] {
        ed25519_dalek::SigningKey::from_bytes(&self.key).verifying_key().to_bytes()
    }
}

//! X-Wing (draft-connolly-cfrg-xwing-kem-06): the hybrid key encapsulation of ML-KEM-768
//! (FIPS 203) and X25519 (RFC 7748) that age's post-quantum recipients use (see
//! [`crate::age_pq`]). A file encrypted to it stays closed as long as either half holds: X25519
//! against today's attackers, ML-KEM against a future quantum computer that would record a
//! backup now and break X25519 later.
//!
//! ML-KEM and X25519 come from their crates (`ml-kem`, `x25519-dalek`); this module only
//! expands the 32-byte private key and combines the two shared secrets with SHA3-256, as the
//! draft specifies, and fits the result into the `hpke` crate's [`hpke::Kem`] trait (KEM id
//! `0x647a`, MLKEM768-X25519 in draft-ietf-hpke-pq). The RustCrypto `x-wing` crate does the
//! same, but its releases need a newer `kem` crate than the `ml-kem` that age builds on, and
//! the two cannot share one build; the tests compare this module with it.

use hpke::generic_array::typenum::{Sum, U32};
use hpke::generic_array::GenericArray;
use hpke::{Deserializable, HpkeError, Serializable};
use ml_kem::kem::{Decapsulate, Encapsulate};
use ml_kem::{EncodedSizeUser, KemCore, MlKem768};
use sha3::digest::{ExtendableOutput, Update, XofReader};
use sha3::{Digest, Sha3_256, Shake256};
use zeroize::{Zeroize, Zeroizing};

/// The combiner's domain separator, `\.//^\` (draft section 5.3).
const LABEL: &[u8; 6] = br"\.//^\";

type EkSize = <<MlKem768 as KemCore>::EncapsulationKey as EncodedSizeUser>::EncodedSize;
type CtSize = <MlKem768 as KemCore>::CiphertextSize;
type EkMlKem = <MlKem768 as KemCore>::EncapsulationKey;

/// Bytes of an ML-KEM-768 encapsulation key (the first part of a public key).
const EK_LEN: usize = 1184;
/// Bytes of an ML-KEM-768 ciphertext (the first part of an encapsulation).
const CT_LEN: usize = 1088;

/// Bytes of a public (encapsulation) key: ML-KEM-768's, then X25519's.
pub const PUBLIC_KEY_LEN: usize = EK_LEN + 32;
/// Bytes of a private (decapsulation) key: a seed that all key material is expanded from.
pub const PRIVATE_KEY_LEN: usize = 32;
/// Bytes of an encapsulated key: an ML-KEM-768 ciphertext, then an X25519 share.
pub const CIPHERTEXT_LEN: usize = CT_LEN + 32;

/// The X-Wing KEM, for [`hpke`].
pub struct XWing;

/// A private key: the 32-byte seed. Wiped from memory when dropped; compared in constant time.
#[derive(Clone)]
pub struct PrivateKey(Zeroizing<[u8; PRIVATE_KEY_LEN]>);

/// A public key: an ML-KEM-768 encapsulation key and an X25519 public key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicKey(GenericArray<u8, Sum<EkSize, U32>>);

/// An encapsulated key, sent to the holder of the private key.
#[derive(Clone)]
pub struct EncappedKey(GenericArray<u8, Sum<CtSize, U32>>);

/// The expanded private key (draft: `expandDecapsulationKey`).
struct Expanded {
    dk: <MlKem768 as KemCore>::DecapsulationKey,
    sk_x: x25519_dalek::StaticSecret,
    public: PublicKey,
}

impl PrivateKey {
    /// A new private key from the operating system's random number generator.
    pub fn generate() -> Self {
        let mut seed = Zeroizing::new([0u8; PRIVATE_KEY_LEN]);
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, seed.as_mut());
        PrivateKey(seed)
    }

    /// The seed, as an identity file stores it.
    pub fn seed(&self) -> &[u8; PRIVATE_KEY_LEN] {
        &self.0
    }

    /// The public key that belongs to this private key.
    pub fn public_key(&self) -> PublicKey {
        self.expand().public
    }

    /// SHAKE256(seed) gives 96 bytes: ML-KEM-768's `d` and `z`, then the X25519 secret.
    fn expand(&self) -> Expanded {
        let mut xof = Shake256::default();
        xof.update(self.0.as_ref());
        let mut bytes = Zeroizing::new([0u8; 96]);
        xof.finalize_xof().read(bytes.as_mut());
        let mut d = ml_kem::B32::try_from(&bytes[..32]).expect("32 bytes");
        let mut z = ml_kem::B32::try_from(&bytes[32..64]).expect("32 bytes");
        let (dk, ek) = MlKem768::generate_deterministic(&d, &z);
        d.as_mut_slice().zeroize();
        z.as_mut_slice().zeroize();
        let mut sk_x_bytes = [0u8; 32];
        sk_x_bytes.copy_from_slice(&bytes[64..]);
        let sk_x = x25519_dalek::StaticSecret::from(sk_x_bytes);
        sk_x_bytes.zeroize();
        let pk_x = x25519_dalek::PublicKey::from(&sk_x);
        let public = PublicKey::from_parts(&ek, &pk_x);
        Expanded { dk, sk_x, public }
    }
}

impl PartialEq for PrivateKey {
    fn eq(&self, other: &Self) -> bool {
        // Constant time: the comparison must not tell an attacker how many bytes matched.
        self.0.iter().zip(other.0.iter()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
    }
}

impl Eq for PrivateKey {}

impl PublicKey {
    fn from_parts(ek: &EkMlKem, pk_x: &x25519_dalek::PublicKey) -> Self {
        let mut bytes = GenericArray::default();
        bytes[..EK_LEN].copy_from_slice(ek.as_bytes().as_slice());
        bytes[EK_LEN..].copy_from_slice(pk_x.as_bytes());
        PublicKey(bytes)
    }

    fn ml_kem(&self) -> EkMlKem {
        let encoded = ml_kem::Encoded::<EkMlKem>::try_from(&self.0[..EK_LEN]).expect("checked length");
        EkMlKem::from_bytes(&encoded)
    }

    fn x25519(&self) -> x25519_dalek::PublicKey {
        let mut bytes = [0u8; 32];
        bytes.copy_from_slice(&self.0[EK_LEN..]);
        x25519_dalek::PublicKey::from(bytes)
    }
}

/// SHA3-256(ss_M ‖ ss_X ‖ ct_X ‖ pk_X ‖ label) (draft section 5.3).
fn combine(ss_m: &[u8], ss_x: &[u8; 32], ct_x: &[u8; 32], pk_x: &[u8; 32]) -> GenericArray<u8, U32> {
    let mut h = Sha3_256::new();
    Digest::update(&mut h, ss_m);
    Digest::update(&mut h, ss_x);
    Digest::update(&mut h, ct_x);
    Digest::update(&mut h, pk_x);
    Digest::update(&mut h, LABEL);
    GenericArray::clone_from_slice(&h.finalize())
}

impl Serializable for PrivateKey {
    type OutputSize = U32;

    fn write_exact(&self, buf: &mut [u8]) {
        buf.copy_from_slice(self.0.as_ref());
    }
}

impl Deserializable for PrivateKey {
    fn from_bytes(encoded: &[u8]) -> Result<Self, HpkeError> {
        let seed: [u8; PRIVATE_KEY_LEN] = encoded
            .try_into()
            .map_err(|_| HpkeError::IncorrectInputLength(PRIVATE_KEY_LEN, encoded.len()))?;
        Ok(PrivateKey(Zeroizing::new(seed)))
    }
}

impl Serializable for PublicKey {
    type OutputSize = Sum<EkSize, U32>;

    fn write_exact(&self, buf: &mut [u8]) {
        buf.copy_from_slice(&self.0);
    }
}

impl Deserializable for PublicKey {
    /// Checks the length, and that the ML-KEM key is canonical (every coefficient below q,
    /// the "modulus check" of FIPS 203 section 7.2): a damaged or forged key is refused.
    fn from_bytes(encoded: &[u8]) -> Result<Self, HpkeError> {
        if encoded.len() != PUBLIC_KEY_LEN {
            return Err(HpkeError::IncorrectInputLength(PUBLIC_KEY_LEN, encoded.len()));
        }
        let key = PublicKey(GenericArray::clone_from_slice(encoded));
        if key.ml_kem().as_bytes().as_slice() != &encoded[..EK_LEN] {
            return Err(HpkeError::ValidationError);
        }
        Ok(key)
    }
}

impl Serializable for EncappedKey {
    type OutputSize = Sum<CtSize, U32>;

    fn write_exact(&self, buf: &mut [u8]) {
        buf.copy_from_slice(&self.0);
    }
}

impl Deserializable for EncappedKey {
    fn from_bytes(encoded: &[u8]) -> Result<Self, HpkeError> {
        if encoded.len() != CIPHERTEXT_LEN {
            return Err(HpkeError::IncorrectInputLength(CIPHERTEXT_LEN, encoded.len()));
        }
        Ok(EncappedKey(GenericArray::clone_from_slice(encoded)))
    }
}

impl hpke::Kem for XWing {
    type PublicKey = PublicKey;
    type PrivateKey = PrivateKey;
    type EncappedKey = EncappedKey;
    type NSecret = U32;

    /// MLKEM768-X25519 (draft-ietf-hpke-pq).
    const KEM_ID: u16 = 0x647a;

    fn sk_to_pk(sk: &PrivateKey) -> PublicKey {
        sk.public_key()
    }

    /// X-Wing private keys are 32 uniformly random bytes: 32 bytes of key material are the
    /// key itself, other lengths are first hashed to 32 bytes with SHAKE256. (age never derives
    /// keys this way; the trait asks for it.)
    fn derive_keypair(ikm: &[u8]) -> (PrivateKey, PublicKey) {
        let mut seed = Zeroizing::new([0u8; PRIVATE_KEY_LEN]);
        if ikm.len() == PRIVATE_KEY_LEN {
            seed.copy_from_slice(ikm);
        } else {
            let mut xof = Shake256::default();
            xof.update(ikm);
            xof.finalize_xof().read(seed.as_mut());
        }
        let sk = PrivateKey(seed);
        let pk = sk.public_key();
        (sk, pk)
    }

    fn decap(
        sk_recip: &PrivateKey,
        pk_sender_id: Option<&PublicKey>,
        encapped_key: &EncappedKey,
    ) -> Result<hpke::kem::SharedSecret<Self>, HpkeError> {
        if pk_sender_id.is_some() {
            // X-Wing has no authenticated mode; age never asks for one.
            return Err(HpkeError::DecapError);
        }
        let expanded = sk_recip.expand();
        let ct_m =
            ml_kem::Ciphertext::<MlKem768>::try_from(&encapped_key.0[..CT_LEN]).expect("checked length");
        let mut ss_m = expanded.dk.decapsulate(&ct_m).map_err(|()| HpkeError::DecapError)?;
        let mut ct_x = [0u8; 32];
        ct_x.copy_from_slice(&encapped_key.0[CT_LEN..]);
        let ss_x = expanded.sk_x.diffie_hellman(&x25519_dalek::PublicKey::from(ct_x));
        let pk_x = expanded.public.x25519();
        let ss = combine(&ss_m, ss_x.as_bytes(), &ct_x, pk_x.as_bytes());
        ss_m.as_mut_slice().zeroize();
        Ok(hpke::kem::SharedSecret(ss))
    }

    fn encap<R: hpke::rand_core::CryptoRng + hpke::rand_core::RngCore>(
        pk_recip: &PublicKey,
        sender_id_keypair: Option<(&PrivateKey, &PublicKey)>,
        csprng: &mut R,
    ) -> Result<(hpke::kem::SharedSecret<Self>, EncappedKey), HpkeError> {
        if sender_id_keypair.is_some() {
            return Err(HpkeError::EncapError);
        }
        let (ct_m, mut ss_m) = pk_recip.ml_kem().encapsulate(csprng).map_err(|()| HpkeError::EncapError)?;
        let ek_x = x25519_dalek::EphemeralSecret::random_from_rng(&mut *csprng);
        let ct_x = x25519_dalek::PublicKey::from(&ek_x);
        let pk_x = pk_recip.x25519();
        let ss_x = ek_x.diffie_hellman(&pk_x);
        let ss = combine(&ss_m, ss_x.as_bytes(), ct_x.as_bytes(), pk_x.as_bytes());
        ss_m.as_mut_slice().zeroize();
        let mut enc = GenericArray::default();
        enc[..CT_LEN].copy_from_slice(ct_m.as_slice());
        enc[CT_LEN..].copy_from_slice(ct_x.as_bytes());
        Ok((hpke::kem::SharedSecret(ss), EncappedKey(enc)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hpke::Kem as _;

    #[test]
    fn encapsulation_and_decapsulation_agree() {
        let sk = PrivateKey::generate();
        let pk = sk.public_key();
        let (ss, enc) = XWing::encap(&pk, None, &mut rand::rngs::OsRng).expect("encap");
        let back = XWing::decap(&sk, None, &enc).expect("decap");
        assert_eq!(ss.0, back.0);
        let other = PrivateKey::generate();
        assert_ne!(XWing::decap(&other, None, &enc).expect("decap").0, ss.0, "another key, another secret");
    }

    #[test]
    fn public_keys_are_checked() {
        let pk = PrivateKey::generate().public_key().to_bytes();
        assert!(PublicKey::from_bytes(&pk).is_ok());
        assert!(PublicKey::from_bytes(&pk[1..]).is_err(), "short");
        // A coefficient of 0xfff (>= q = 3329) in the first ML-KEM polynomial.
        let mut bad = pk.to_vec();
        bad[0] = 0xff;
        bad[1] |= 0x0f;
        assert!(matches!(PublicKey::from_bytes(&bad), Err(HpkeError::ValidationError)));
    }
}

//! Sealing an envelope into an encrypted copy, and proving that bytes read back open and
//! restore the same wallet. `seedsafe backup file` and `seedsafe plan run` both go through
//! here, so every copy seedsafe writes is checked the same way.

use age::secrecy::SecretString;
use seedsafe_core::age_file::{self, Identities, Recipients};
use seedsafe_core::age_pq;
use seedsafe_core::envelope::{self, Envelope};
use seedsafe_core::secret::Passphrase;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

/// How a copy is protected.
pub enum Encryption {
    /// A password (age scrypt, [`age_file::STANDARD_WORK_FACTOR`]).
    Password(SecretString),
    /// Public keys (age X25519, post-quantum, SSH, plugins).
    Recipients(Vec<Box<dyn age::Recipient + Send>>),
    /// No encryption: the envelope's JSON as it is. Only where the person asked for it.
    Plaintext,
}

impl Encryption {
    /// The name recorded in the manifest: `password`, `recipients` or `none`.
    pub fn name(&self) -> &'static str {
        match self {
            Encryption::Password(_) => "password",
            Encryption::Recipients(_) => "recipients",
            Encryption::Plaintext => "none",
        }
    }
}

/// A sealed copy: the bytes to store, and what opens them again for the read-back check.
pub struct Sealed {
    bytes: Vec<u8>,
    opener: Option<Identities>,
    encryption: &'static str,
}

/// Why a copy could not be sealed.
#[derive(Debug, thiserror::Error)]
pub enum SealError {
    /// age refused (no recipients, a bad key, a plugin that failed).
    #[error(transparent)]
    Age(#[from] age_file::Error),
    /// The recipients carry age labels that forbid sharing the file with either kind of check
    /// key (an X25519 one, or a post-quantum one for post-quantum recipients).
    #[error(
        "these recipients cannot share a file with other kinds of key ({0}); seedsafe adds one \
         key of its own, kept only in memory (X25519, or post-quantum for post-quantum \
         recipients), to prove that every copy opens, so it cannot write this copy. Use \
         recipients without such restrictions (X25519, post-quantum age1pq1…, SSH, or a plugin \
         like a YubiKey's)"
    )]
    CannotVerify(String),
}

/// Why bytes read back are not a good copy. Messages never quote the content.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    /// The bytes differ from those written.
    #[error("the copy read back differs from what was written ({0} bytes instead of {1})")]
    Differs(usize, usize),
    /// Decryption failed.
    #[error("the written copy does not open ({0})")]
    DoesNotOpen(age_file::Error),
    /// Not an envelope.
    #[error("the written copy is not readable ({0})")]
    NotReadable(envelope::Error),
    /// The envelope's secret does not restore its wallet.
    #[error("the written copy does not restore the wallet ({0})")]
    DoesNotRestore(envelope::Error),
    /// It restores another wallet.
    #[error("the written copy restores a different wallet")]
    DifferentWallet,
}

/// Encrypts `envelope` (ASCII armour unless `binary`).
///
/// With public keys seedsafe could not open the file itself; one extra key, kept only in
/// memory, is added as a recipient so the written copy can be proven to open
/// (`docs/envelope.md`): an X25519 key, or a post-quantum one where the recipients are
/// post-quantum (age forbids mixing the two kinds in one file).
pub fn seal(envelope: &Envelope, encryption: Encryption, binary: bool) -> Result<Sealed, SealError> {
    let name = encryption.name();
    let json = envelope.to_json();
    let (bytes, opener) = match encryption {
        Encryption::Plaintext => (json.as_bytes().to_vec(), None),
        Encryption::Password(password) => {
            let to = Recipients::Password(password.clone(), age_file::STANDARD_WORK_FACTOR);
            (age_file::encrypt(json.as_bytes(), to, binary)?, Some(Identities::Password(password)))
        }
        Encryption::Recipients(keys) => {
            let (bytes, verifier) = seal_to_keys(json.as_bytes(), &keys, binary)?;
            (bytes, Some(Identities::Keys(vec![verifier])))
        }
    };
    Ok(Sealed { bytes, opener, encryption: name })
}

/// Encrypts to `keys` and one check key; returns the file and the check key's identity.
fn seal_to_keys(
    plaintext: &[u8],
    keys: &[Box<dyn age::Recipient + Send>],
    binary: bool,
) -> Result<(Vec<u8>, Box<dyn age::Identity>), SealError> {
    if keys.is_empty() {
        return Err(age_file::Error::NoRecipients.into());
    }
    let mut list: Vec<&dyn age::Recipient> = keys.iter().map(|k| k.as_ref() as &dyn age::Recipient).collect();
    let classic = age::x25519::Identity::generate();
    let classic_public = classic.to_public();
    list.push(&classic_public);
    match age_file::encrypt_to(plaintext, &list, binary) {
        Ok(bytes) => return Ok((bytes, Box::new(classic))),
        Err(age_file::Error::IncompatibleRecipients(_)) => {}
        Err(e) => return Err(e.into()),
    }
    // Labelled recipients: post-quantum ones take a post-quantum check key.
    list.pop();
    let pq = age_pq::Identity::generate();
    let pq_public = pq.to_public();
    list.push(&pq_public);
    match age_file::encrypt_to(plaintext, &list, binary) {
        Ok(bytes) => Ok((bytes, Box::new(pq))),
        Err(age_file::Error::IncompatibleRecipients(why)) => {
            // The person's own recipients may be what cannot be mixed; say so rather than
            // blame the check key.
            list.pop();
            match age_file::encrypt_to(plaintext, &list, binary) {
                Err(e @ age_file::Error::IncompatibleRecipients(_)) => Err(e.into()),
                _ => Err(SealError::CannotVerify(why)),
            }
        }
        Err(e) => Err(e.into()),
    }
}

impl Sealed {
    /// The bytes to store.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// SHA-256 of the bytes, lowercase hex: the content hash the manifest records.
    pub fn sha256(&self) -> String {
        sha256_hex(&self.bytes)
    }

    /// `password`, `recipients` or `none`.
    pub fn encryption(&self) -> &'static str {
        self.encryption
    }

    /// Opens bytes read back from where the copy was written, as the envelope inside.
    pub fn open(&self, back: &[u8]) -> Result<Envelope, VerifyError> {
        if back != self.bytes.as_slice() {
            return Err(VerifyError::Differs(back.len(), self.bytes.len()));
        }
        open(back, self.opener.as_ref())
    }

    /// Checks bytes read back: the same bytes, they open, and the envelope inside restores
    /// the wallet of `envelope`.
    pub fn verify(
        &self,
        back: &[u8],
        envelope: &Envelope,
        passphrase: &Passphrase,
    ) -> Result<(), VerifyError> {
        let read = self.open(back)?;
        let verified = read.verify(passphrase).map_err(VerifyError::DoesNotRestore)?;
        if verified.checked && verified.identity != envelope.identity {
            return Err(VerifyError::DifferentWallet);
        }
        Ok(())
    }
}

/// Decrypts (unless `opener` is `None`: a plaintext copy) and parses an envelope.
pub fn open(bytes: &[u8], opener: Option<&Identities>) -> Result<Envelope, VerifyError> {
    let plain: Zeroizing<Vec<u8>> = match opener {
        Some(ids) => age_file::decrypt(bytes, ids).map_err(VerifyError::DoesNotOpen)?,
        None => Zeroizing::new(bytes.to_vec()),
    };
    Envelope::from_json(&plain).map_err(VerifyError::NotReadable)
}

/// SHA-256 in lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use seedsafe_core::envelope::EnvelopeSecret;
    use seedsafe_core::wallet::Identity;
    use std::collections::HashSet;

    fn envelope() -> Envelope {
        let secret = EnvelopeSecret::Bip39 {
            mnemonic: "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about".into(),
            language: "english".into(),
        };
        let identity = Identity { fingerprint: None, addresses: Vec::new() };
        Envelope::new(secret, false, None, identity, None, "2026-11-27T00:00:00Z".into())
    }

    /// A recipient that labels its stanzas with a label of its own, which no check key has.
    struct Labelled(age::x25519::Recipient);

    impl age::Recipient for Labelled {
        fn wrap_file_key(
            &self,
            file_key: &age_core::format::FileKey,
        ) -> Result<(Vec<age_core::format::Stanza>, HashSet<String>), age::EncryptError> {
            let (stanzas, _) = self.0.wrap_file_key(file_key)?;
            Ok((stanzas, HashSet::from(["this-key-alone".to_string()])))
        }
    }

    #[test]
    fn recipients_that_forbid_the_check_key_are_refused_with_the_reason() {
        let key = age::x25519::Identity::generate();
        let recipients: Vec<Box<dyn age::Recipient + Send>> = vec![Box::new(Labelled(key.to_public()))];
        match seal(&envelope(), Encryption::Recipients(recipients), false) {
            Err(e @ SealError::CannotVerify(_)) => {
                let text = e.to_string();
                assert!(text.contains("prove that every copy opens"), "{text}");
            }
            Err(e) => panic!("expected CannotVerify, got {e}"),
            Ok(_) => panic!("sealed without the check key"),
        }
    }

    #[test]
    fn post_quantum_recipients_get_a_post_quantum_check_key() {
        let key = age_pq::Identity::generate();
        let env = envelope();
        let sealed = seal(&env, Encryption::Recipients(vec![Box::new(key.to_public())]), true).unwrap();
        sealed.verify(sealed.bytes(), &env, &Passphrase::empty()).unwrap();
        let header = String::from_utf8_lossy(sealed.bytes()).to_string();
        assert_eq!(
            header.matches("-> mlkem768x25519 ").count(),
            2,
            "the person's stanza and the check key's"
        );
        assert!(!header.contains("-> X25519 "), "no classic stanza in a post-quantum file");
        let ids = Identities::Keys(vec![Box::new(key)]);
        assert_eq!(open(sealed.bytes(), Some(&ids)).unwrap().to_json(), env.to_json());
    }

    #[test]
    fn post_quantum_and_classic_recipients_are_not_mixed() {
        let recipients: Vec<Box<dyn age::Recipient + Send>> = vec![
            Box::new(age_pq::Identity::generate().to_public()),
            Box::new(age::x25519::Identity::generate().to_public()),
        ];
        match seal(&envelope(), Encryption::Recipients(recipients), false) {
            Err(SealError::Age(age_file::Error::IncompatibleRecipients(_))) => {}
            Err(e) => panic!("expected IncompatibleRecipients, got {e}"),
            Ok(_) => panic!("mixed post-quantum and classic recipients"),
        }
    }

    #[test]
    fn recipients_get_the_check_key_and_the_copy_opens() {
        let key = age::x25519::Identity::generate();
        let env = envelope();
        let sealed = seal(&env, Encryption::Recipients(vec![Box::new(key.to_public())]), false).unwrap();
        sealed.verify(sealed.bytes(), &env, &Passphrase::empty()).unwrap();
        // And the person's own key opens it too.
        let ids = Identities::Keys(vec![Box::new(key)]);
        assert_eq!(open(sealed.bytes(), Some(&ids)).unwrap().to_json(), env.to_json());
    }
}

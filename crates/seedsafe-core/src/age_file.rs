//! Encrypting and decrypting with age (age-encryption.org/v1), the format of every
//! electronic copy: anyone with the stock `age` tool and the password or key opens it, so a
//! backup outlives seedsafe.

use std::io::{Read, Write};
use std::str::FromStr;

use age::armor::{ArmoredReader, ArmoredWriter, Format};
use age::secrecy::SecretString;
use zeroize::Zeroizing;

/// The scrypt work factor (log2 N) of Go age and of the age specification's examples.
/// seedsafe never writes a lower one.
pub const STANDARD_WORK_FACTOR: u8 = 18;

/// Highest work factor accepted when decrypting: far above any real file, low enough that
/// a hostile file cannot make us spend hours.
pub const MAX_WORK_FACTOR: u8 = 22;

/// Who can open a file.
pub enum Recipients {
    /// A password, stretched with scrypt at the given work factor.
    Password(SecretString, u8),
    /// Public keys: X25519 (`age1…`), post-quantum (`age1pq1…`), SSH (`ssh-ed25519 …`,
    /// `ssh-rsa …`), hardware-key tags (`age1tag1…`, `age1tagpq1…`) or plugin recipients
    /// (see [`RecipientSet`]).
    Keys(Vec<Box<dyn age::Recipient + Send>>),
}

/// What can open a file.
pub enum Identities {
    /// A password.
    Password(SecretString),
    /// Private keys read from identity files, plugin identities among them.
    Keys(Vec<Box<dyn age::Identity>>),
}

/// Why encryption or decryption failed. Never holds the plaintext or the password.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A recipient string that is no age or SSH public key.
    #[error("\"{0}\" is not a recipient: expected an age public key (age1…, or age1pq1… for post-quantum), an SSH public key (ssh-ed25519 …, ssh-rsa …) or an age plugin recipient (age1NAME1…)")]
    BadRecipient(String),
    /// A string in the form of an age recipient whose Bech32 checksum fails: a typo or a
    /// copy cut short.
    #[error("\"{0}\" looks like an age recipient but is damaged (its checksum does not match): copy it again from its source")]
    DamagedRecipient(String),
    /// A recipient or identity of an age plugin whose program is not installed.
    #[error("{0} is not installed (not found in PATH); install that age plugin and try again")]
    PluginMissing(String),
    /// An age plugin reported an error, or its program failed.
    #[error("the age plugin failed: {0}")]
    Plugin(String),
    /// An age plugin could not open the file with the given identities. Plugins cannot always
    /// tell a stanza for another key from an altered one, so neither can we.
    #[error("the age plugin could not open this file with the given identities: it is for another key, or it was altered (the plugin says: {0})")]
    PluginCannotOpen(String),
    /// Recipients that refuse to share a file with other kinds of recipient (age's labels,
    /// for example post-quantum ones).
    #[error("these recipients cannot be used together: {0}")]
    IncompatibleRecipients(String),
    /// A post-quantum recipient whose checksum holds but whose key is not a valid
    /// ML-KEM-768 + X25519 public key.
    #[error("\"{0}\" is not a valid post-quantum age recipient (wrong length, or not an ML-KEM-768 key); copy it again from its source")]
    InvalidPqRecipient(String),
    /// A private key where a public key belongs.
    #[error("that is a private key; give its public key instead (age-keygen -y KEYFILE, or the .pub file of an SSH key)")]
    PrivateKeyAsRecipient,
    /// An identity file that holds no usable key.
    #[error("the identity file holds no age or SSH private key")]
    BadIdentity,
    /// A post-quantum identity line (`AGE-SECRET-KEY-PQ-1…`) that does not parse.
    #[error("the identity file's post-quantum key (AGE-SECRET-KEY-PQ-1…) is damaged: {0}")]
    DamagedPqIdentity(crate::age_pq::ParseError),
    /// No recipient at all.
    #[error("no recipient was given")]
    NoRecipients,
    /// The password does not open the file.
    #[error("the password is wrong (or the file's header was altered)")]
    WrongPassword,
    /// The file was made for other keys.
    #[error("none of the given identities can open this file: it was encrypted to other recipients")]
    NoMatchingKey,
    /// The file wants a password but keys were given, or the other way round.
    #[error("this file is encrypted with a password, not to a key; give the password instead of --identity")]
    NeedsPassword,
    /// The file is encrypted to keys, not a password.
    #[error("this file is encrypted to public keys, not with a password; give --identity with a matching private key")]
    NeedsIdentity,
    /// The header's MAC does not match: the header was altered.
    #[error("the file's header was altered (its MAC does not match)")]
    HeaderAltered,
    /// Not an age file, or its header is damaged or truncated.
    #[error("not an age file, or its header is damaged or truncated")]
    InvalidHeader,
    /// The body fails authentication: altered or truncated.
    #[error("the file was altered or truncated after its header (authentication failed)")]
    PayloadAltered,
    /// The armour (Base64 text) is damaged.
    #[error("the ASCII armour is damaged: {0}")]
    Armor(String),
    /// The scrypt work factor is beyond the limit.
    #[error("the file asks for scrypt work factor {0}, more than the {MAX_WORK_FACTOR} seedsafe accepts")]
    ExcessiveWork(u8),
    /// A newer age format.
    #[error("an age format this version of seedsafe does not know; try a newer version")]
    UnknownFormat,
    /// Failure inside the age library.
    #[error("age: {0}")]
    Age(String),
}

/// What an age plugin shows or asks while it works (insert your key, touch it, its PIN).
/// Object-safe, unlike [`age::Callbacks`], so a caller can keep one as a value ([`Ui`]).
pub trait PluginUi: Send + Sync {
    /// Shows a message.
    fn display_message(&self, message: &str);
    /// Asks yes or no; `None` when nobody can answer.
    fn confirm(&self, message: &str, yes: &str, no: Option<&str>) -> Option<bool>;
    /// Asks for a public value; `None` when nobody can answer.
    fn request_public_string(&self, description: &str) -> Option<String>;
    /// Asks for a secret (a PIN); `None` when nobody can answer.
    fn request_passphrase(&self, description: &str) -> Option<SecretString>;
}

/// A shared [`PluginUi`], given to the age library as its callbacks. The default shows
/// nothing and answers nothing: for runs without a person at hand.
#[derive(Clone, Default)]
pub struct Ui(Option<std::sync::Arc<dyn PluginUi>>);

impl Ui {
    /// Wraps a user interface.
    pub fn new(ui: impl PluginUi + 'static) -> Self {
        Ui(Some(std::sync::Arc::new(ui)))
    }
}

impl age::Callbacks for Ui {
    fn display_message(&self, message: &str) {
        if let Some(ui) = &self.0 {
            ui.display_message(message);
        }
    }

    fn confirm(&self, message: &str, yes_string: &str, no_string: Option<&str>) -> Option<bool> {
        self.0.as_ref()?.confirm(message, yes_string, no_string)
    }

    fn request_public_string(&self, description: &str) -> Option<String> {
        self.0.as_ref()?.request_public_string(description)
    }

    fn request_passphrase(&self, description: &str) -> Option<SecretString> {
        self.0.as_ref()?.request_passphrase(description)
    }
}

/// Recipients as people write them, gathered before use.
///
/// Plugin recipients (`age1yubikey1…`, `age1xwing1…`: `age1` followed by a plugin name) are
/// wrapped by a separate program, `age-plugin-NAME`, found in `PATH`, as with the stock `age`
/// tool. All recipients of one plugin go to one run of its program, so the set is built
/// first and turned into [`age::Recipient`]s at the end ([`RecipientSet::resolve`]).
#[derive(Default)]
pub struct RecipientSet {
    keys: Vec<Box<dyn age::Recipient + Send>>,
    plugins: Vec<age::plugin::Recipient>,
}

impl RecipientSet {
    /// Parses and adds a recipient: `age1…`, `age1pq1…`, an SSH public key line, a hardware
    /// key's tag recipient (`age1tag1…`, `age1tagpq1…`) or a plugin recipient.
    pub fn add(&mut self, s: &str) -> Result<(), Error> {
        let s = s.trim();
        // Before the plugin form, which `age1pq1…` and `age1tag1…` would also fit.
        match crate::age_pq::Recipient::from_str(s) {
            Ok(r) => {
                self.keys.push(Box::new(r));
                return Ok(());
            }
            Err(crate::age_pq::ParseError::NotThisType) => {}
            Err(crate::age_pq::ParseError::Damaged) => return Err(Error::DamagedRecipient(shown(s))),
            Err(crate::age_pq::ParseError::Invalid) => return Err(Error::InvalidPqRecipient(shown(s))),
        }
        if let Ok(r) = age::x25519::Recipient::from_str(s) {
            self.keys.push(Box::new(r));
        } else if let Ok(r) = age::ssh::Recipient::from_str(s) {
            self.keys.push(Box::new(r));
        } else if let Ok(r) = age::tagpq::Recipient::from_str(s) {
            self.keys.push(Box::new(r));
        } else if let Ok(r) = age::tag::Recipient::from_str(s) {
            self.keys.push(Box::new(r));
        } else if let Ok(r) = age::plugin::Recipient::from_str(s) {
            self.plugins.push(r);
        } else if starts_with_ignore_case(s, "AGE-SECRET-KEY-")
            || starts_with_ignore_case(s, "AGE-PLUGIN-")
            || s.contains("PRIVATE KEY")
        {
            return Err(Error::PrivateKeyAsRecipient);
        } else {
            return Err(if looks_like_bech32_recipient(s) {
                Error::DamagedRecipient(shown(s))
            } else {
                Error::BadRecipient(shown(s))
            });
        }
        Ok(())
    }

    /// How many recipients were added.
    pub fn len(&self) -> usize {
        self.keys.len() + self.plugins.len()
    }

    /// Whether none was added.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The plugin programs this set needs (`age-plugin-NAME`), sorted, once each.
    pub fn plugin_programs(&self) -> Vec<String> {
        let mut names: Vec<String> =
            self.plugins.iter().map(|r| format!("age-plugin-{}", r.plugin())).collect();
        names.sort();
        names.dedup();
        names
    }

    /// The recipients to encrypt to. Fails when a plugin's program is not installed.
    /// `ui` shows what a plugin shows and asks (insert your key, a PIN).
    pub fn resolve(self, ui: &Ui) -> Result<Vec<Box<dyn age::Recipient + Send>>, Error> {
        let mut out = self.keys;
        let mut names: Vec<&str> = self.plugins.iter().map(|r| r.plugin()).collect();
        names.sort_unstable();
        names.dedup();
        for name in names {
            let plugin = age::plugin::RecipientPluginV1::new(name, &self.plugins, &[], ui.clone())
                .map_err(resolve_error)?;
            out.push(Box::new(plugin));
        }
        Ok(out)
    }
}

/// Parses recipients (see [`RecipientSet`]) and resolves their plugins without any user
/// interface: for callers with no terminal (a backup plan run).
pub fn parse_recipients<'a>(
    list: impl IntoIterator<Item = &'a str>,
) -> Result<Vec<Box<dyn age::Recipient + Send>>, Error> {
    let mut set = RecipientSet::default();
    for r in list {
        set.add(r)?;
    }
    set.resolve(&Ui::default())
}

/// Whether `s` starts with `prefix`, ignoring ASCII case, without copying `s` (it may be a
/// private key pasted where a recipient belongs).
fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.get(..prefix.len()).is_some_and(|p| p.eq_ignore_ascii_case(prefix))
}

/// The first characters of a recipient string, for messages: a private key pasted by
/// mistake must not end up in a log.
fn shown(s: &str) -> String {
    let mut shown: String = s.chars().take(12).collect();
    if shown.len() < s.len() {
        shown.push('…');
    }
    shown
}

/// `age1…1` followed only by Bech32 characters, long enough to be a key: the form of an age
/// or plugin recipient.
fn looks_like_bech32_recipient(s: &str) -> bool {
    const CHARSET: &str = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    let lower = s.to_ascii_lowercase();
    let data = lower.rsplit_once('1').map(|(_, d)| d).unwrap_or_default();
    lower.starts_with("age1") && data.len() >= 20 && data.chars().all(|c| CHARSET.contains(c))
}

fn resolve_error(e: age::plugin::ResolveError) -> Error {
    match e {
        age::plugin::ResolveError::MissingPlugin { binary_name } => Error::PluginMissing(binary_name),
        other => Error::Plugin(other.to_string()),
    }
}

/// Reads an identity file: age `AGE-SECRET-KEY-1…` and post-quantum `AGE-SECRET-KEY-PQ-1…`
/// lines, plugin identities (`AGE-PLUGIN-NAME-1…`, opened by the program `age-plugin-NAME`),
/// or an unencrypted SSH private key. Plugins get no user interface; see
/// [`parse_identities_with`].
pub fn parse_identities(data: &[u8]) -> Result<Vec<Box<dyn age::Identity>>, Error> {
    parse_identities_with(data, &Ui::default())
}

/// [`parse_identities`], with `ui` for what a plugin shows or asks (touch your key, a PIN).
/// Fails when a plugin's program is not installed.
pub fn parse_identities_with(data: &[u8], ui: &Ui) -> Result<Vec<Box<dyn age::Identity>>, Error> {
    // The age crate does not know post-quantum identities: they are taken out first, and the
    // other lines go to it as they are.
    let (pq, rest) = split_pq_identities(data)?;
    let mut ids: Vec<Box<dyn age::Identity>> =
        pq.into_iter().map(|id| Box::new(id) as Box<dyn age::Identity>).collect();
    if !ids.is_empty() && !has_key_lines(&rest) {
        return Ok(ids);
    }
    if let Ok(file) = age::IdentityFile::from_buffer(rest.as_slice()) {
        match file.with_callbacks(ui.clone()).into_identities() {
            Ok(found) if !found.is_empty() => {
                ids.extend(found.into_iter().map(|i| i as Box<dyn age::Identity>));
                return Ok(ids);
            }
            Ok(_) => {}
            Err(age::DecryptError::PluginResolve(e)) => return Err(resolve_error(e)),
            Err(_) => return Err(Error::BadIdentity),
        }
    }
    if !ids.is_empty() {
        return Err(Error::BadIdentity);
    }
    match age::ssh::Identity::from_buffer(rest.as_slice(), None) {
        Ok(id @ age::ssh::Identity::Unencrypted(_)) => Ok(vec![Box::new(id)]),
        _ => Err(Error::BadIdentity),
    }
}

/// The `AGE-SECRET-KEY-PQ-1…` lines of an identity file, parsed, and the file without them.
fn split_pq_identities(data: &[u8]) -> Result<(Vec<crate::age_pq::Identity>, Zeroizing<Vec<u8>>), Error> {
    let mut pq = Vec::new();
    let mut rest = Zeroizing::new(Vec::with_capacity(data.len()));
    for line in data.split_inclusive(|&b| b == b'\n') {
        let text = std::str::from_utf8(line).unwrap_or_default().trim();
        if starts_with_ignore_case(text, "AGE-SECRET-KEY-PQ-1") {
            pq.push(crate::age_pq::Identity::from_str(text).map_err(Error::DamagedPqIdentity)?);
        } else {
            rest.extend_from_slice(line);
        }
    }
    Ok((pq, rest))
}

/// Whether an identity file has lines other than blanks and `#` comments.
fn has_key_lines(data: &[u8]) -> bool {
    String::from_utf8_lossy(data).lines().map(str::trim).any(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Encrypts `plaintext`, ASCII-armoured unless `binary`.
pub fn encrypt(plaintext: &[u8], recipients: Recipients, binary: bool) -> Result<Vec<u8>, Error> {
    match recipients {
        Recipients::Password(password, log_n) => {
            let mut r = age::scrypt::Recipient::new(password);
            r.set_work_factor(log_n.max(STANDARD_WORK_FACTOR));
            encrypt_to(plaintext, &[&r], binary)
        }
        Recipients::Keys(keys) => {
            let keys: Vec<&dyn age::Recipient> =
                keys.iter().map(|k| k.as_ref() as &dyn age::Recipient).collect();
            encrypt_to(plaintext, &keys, binary)
        }
    }
}

/// Encrypts `plaintext` to borrowed recipients, ASCII-armoured unless `binary`: for callers
/// that add a recipient of their own to a list they keep.
pub fn encrypt_to(
    plaintext: &[u8],
    recipients: &[&dyn age::Recipient],
    binary: bool,
) -> Result<Vec<u8>, Error> {
    if recipients.is_empty() {
        return Err(Error::NoRecipients);
    }
    let encryptor = age::Encryptor::with_recipients(recipients.iter().copied()).map_err(|e| match e {
        e @ age::EncryptError::Plugin(_) => Error::Plugin(e.to_string().trim().to_string()),
        age::EncryptError::PluginResolve(e) => resolve_error(e),
        age::EncryptError::IncompatibleRecipients { l_labels, r_labels }
            if l_labels.contains(crate::age_pq::LABEL) != r_labels.contains(crate::age_pq::LABEL) =>
        {
            Error::IncompatibleRecipients(
                "post-quantum recipients (age1pq1…) cannot share a file with classic ones (age1…, \
                 SSH keys), which would open it without post-quantum protection; make one copy \
                 for each kind"
                    .into(),
            )
        }
        e @ age::EncryptError::IncompatibleRecipients { .. } => Error::IncompatibleRecipients(e.to_string()),
        e => Error::Age(e.to_string()),
    })?;
    let format = if binary { Format::Binary } else { Format::AsciiArmor };
    let io = |e: std::io::Error| Error::Age(e.to_string());
    let armored = ArmoredWriter::wrap_output(Vec::new(), format).map_err(io)?;
    let mut writer = encryptor.wrap_output(armored).map_err(io)?;
    writer.write_all(plaintext).map_err(io)?;
    writer.finish().and_then(|a| a.finish()).map_err(io)
}

/// Whether bytes look like an age file (armoured or binary).
pub fn is_age(data: &[u8]) -> bool {
    let start = data.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(0);
    let data = &data[start..];
    data.starts_with(b"age-encryption.org/") || data.starts_with(ARMOR_BEGIN) || damaged_armor(data)
}

/// Armour whose BEGIN line is damaged: the first line or the END line still names it.
fn damaged_armor(data: &[u8]) -> bool {
    const NAME: &[u8] = b"AGE ENCRYPTED FILE";
    let first_line = data.split(|&b| b == b'\n').next().unwrap_or_default();
    !data.starts_with(ARMOR_BEGIN)
        && (first_line.windows(NAME.len()).any(|w| w == NAME)
            || data.windows(ARMOR_END.len()).any(|w| w == ARMOR_END))
}

/// Decrypts an age file (armoured or binary).
pub fn decrypt(data: &[u8], identities: &Identities) -> Result<Zeroizing<Vec<u8>>, Error> {
    // Whitespace before the armour is allowed (age's armour rules, and C2SP/CCTV
    // `armor_whitespace_outside`): text pasted from an email often starts with a blank line.
    // The age crate only recognises armour at the very first byte.
    let start = data.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(0);
    let data = if data[start..].starts_with(ARMOR_BEGIN) { &data[start..] } else { data };
    // Armour without its END line was cut short: say so, rather than whatever the Base64
    // decoder trips over first.
    if data.starts_with(ARMOR_BEGIN) && !data.windows(ARMOR_END.len()).any(|w| w == ARMOR_END) {
        return Err(Error::Armor(
            "its END line is missing: the file is truncated (or its END line was altered)".into(),
        ));
    }
    if damaged_armor(data) {
        return Err(Error::Armor("its BEGIN line is damaged".into()));
    }
    let decryptor = age::Decryptor::new(ArmoredReader::new(data)).map_err(|e| match e {
        // The age crate parses a v1 header whose stanzas are malformed as a header of an
        // unknown version; when the version line says v1 the header is damaged, not newer.
        age::DecryptError::UnknownFormat if version_line(data).as_deref() == Some(V1_LINE) => {
            Error::InvalidHeader
        }
        e => map_error(e),
    })?;
    let reader = match identities {
        Identities::Password(password) => {
            if !decryptor.is_scrypt() {
                return Err(Error::NeedsIdentity);
            }
            let mut id = age::scrypt::Identity::new(password.clone());
            id.set_max_work_factor(MAX_WORK_FACTOR);
            decryptor.decrypt(std::iter::once(&id as &dyn age::Identity))
        }
        Identities::Keys(keys) => {
            if decryptor.is_scrypt() {
                return Err(Error::NeedsPassword);
            }
            decryptor.decrypt(keys.iter().map(|k| k.as_ref()))
        }
    }
    .map_err(|e| match (identities, e) {
        (Identities::Password(_), age::DecryptError::DecryptionFailed) => Error::WrongPassword,
        (_, e) => map_error(e),
    })?;
    let mut out = Zeroizing::new(Vec::new());
    let mut reader = reader;
    reader.read_to_end(&mut out).map_err(|e| {
        if is_armor_error(&e) {
            Error::Armor(e.to_string())
        } else {
            Error::PayloadAltered
        }
    })?;
    Ok(out)
}

const ARMOR_BEGIN: &[u8] = b"-----BEGIN AGE ENCRYPTED FILE-----";
const ARMOR_END: &[u8] = b"-----END AGE ENCRYPTED FILE-----";
const V1_LINE: &[u8] = b"age-encryption.org/v1";

/// The first line of the (de-armoured) file, without its line feed; `None` when there is none
/// in the first 64 bytes.
fn version_line(data: &[u8]) -> Option<Vec<u8>> {
    let mut line = Vec::new();
    let mut reader = ArmoredReader::new(data).take(64);
    let mut byte = [0u8; 1];
    while reader.read(&mut byte).ok()? == 1 {
        if byte[0] == b'\n' {
            return Some(line);
        }
        line.push(byte[0]);
    }
    None
}

/// Whether an I/O error comes from the armour decoder (bad Base64, line length, padding,
/// text after the end marker), as opposed to the encrypted data inside it. Decided by the
/// error's type, not its wording: a Base64 error's message does not say "armor".
fn is_armor_error(e: &std::io::Error) -> bool {
    e.get_ref().is_some_and(|inner| inner.is::<age::armor::ArmoredReadError>())
}

fn map_error(e: age::DecryptError) -> Error {
    match e {
        age::DecryptError::InvalidMac => Error::HeaderAltered,
        age::DecryptError::NoMatchingKeys => Error::NoMatchingKey,
        age::DecryptError::ExcessiveWork { required, .. } => Error::ExcessiveWork(required),
        age::DecryptError::UnknownFormat => Error::UnknownFormat,
        age::DecryptError::Io(io) if is_armor_error(&io) => Error::Armor(io.to_string()),
        age::DecryptError::InvalidHeader | age::DecryptError::Io(_) => Error::InvalidHeader,
        age::DecryptError::DecryptionFailed | age::DecryptError::KeyDecryptionFailed => Error::HeaderAltered,
        e @ age::DecryptError::Plugin(_) => Error::PluginCannotOpen(e.to_string().trim().to_string()),
        age::DecryptError::PluginResolve(e) => resolve_error(e),
        other => Error::Age(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bitcoin::bech32::{self, Bech32, Hrp};

    /// A well-formed recipient of an age plugin named `name` (the bytes do not matter here).
    fn plugin_recipient(name: &str) -> String {
        bech32::encode::<Bech32>(Hrp::parse(&format!("age1{name}")).unwrap(), &[2u8; 33]).unwrap()
    }

    #[test]
    fn plugin_recipients_are_gathered_per_program() {
        let mut set = RecipientSet::default();
        set.add(&plugin_recipient("seedsafetestb")).unwrap();
        set.add(&plugin_recipient("seedsafetesta")).unwrap();
        set.add(&plugin_recipient("seedsafetestb")).unwrap();
        set.add(&age::x25519::Identity::generate().to_public().to_string()).unwrap();
        assert_eq!(set.len(), 4);
        assert_eq!(set.plugin_programs(), ["age-plugin-seedsafetesta", "age-plugin-seedsafetestb"]);
        // Nobody has these programs installed.
        match set.resolve(&Ui::default()) {
            Err(Error::PluginMissing(program)) => assert_eq!(program, "age-plugin-seedsafetesta"),
            Err(e) => panic!("expected PluginMissing, got {e}"),
            Ok(_) => panic!("a plugin nobody has was resolved"),
        }
        assert!(matches!(
            parse_recipients([plugin_recipient("seedsafetesta").as_str()]),
            Err(Error::PluginMissing(_))
        ));
    }

    #[test]
    fn bad_damaged_and_private_recipients_are_told_apart() {
        let good = plugin_recipient("yubikey");
        let mut damaged = good.clone().into_bytes();
        let at = damaged.len() - 10;
        damaged[at] = if damaged[at] == b'q' { b'p' } else { b'q' };
        let damaged = String::from_utf8(damaged).unwrap();
        let x25519 = age::x25519::Identity::generate().to_public().to_string();
        let damaged_x25519 =
            format!("{}{}", &x25519[..x25519.len() - 1], if x25519.ends_with('q') { 'p' } else { 'q' });
        let mut set = RecipientSet::default();
        assert!(matches!(set.add(&damaged), Err(Error::DamagedRecipient(_))));
        assert!(matches!(set.add(&damaged_x25519), Err(Error::DamagedRecipient(_))));
        assert!(matches!(set.add("age1bogus"), Err(Error::BadRecipient(_))));
        assert!(matches!(set.add("hello"), Err(Error::BadRecipient(_))));
        assert!(matches!(set.add("AGE-PLUGIN-YUBIKEY-1QQQQQQ"), Err(Error::PrivateKeyAsRecipient)));
        assert!(set.is_empty());
        // Only a prefix of a refused string is ever echoed.
        let err = set.add(&damaged).unwrap_err().to_string();
        assert!(!err.contains(&damaged[12..]), "{err}");
    }

    #[test]
    fn hardware_tag_recipients_are_native_not_plugins() {
        // The P-256 generator, compressed: a valid point for age's p256tag recipient.
        let g = hex::decode("036b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296").unwrap();
        let tag = bech32::encode::<Bech32>(Hrp::parse("age1tag").unwrap(), &g).unwrap();
        let mut set = RecipientSet::default();
        set.add(&tag).unwrap();
        assert!(set.plugin_programs().is_empty(), "age1tag1… is age's own type, not age-plugin-tag");
        let file = encrypt(b"x", Recipients::Keys(set.resolve(&Ui::default()).unwrap()), true).unwrap();
        assert!(String::from_utf8_lossy(&file).contains("\n-> p256tag "));
    }

    #[test]
    fn post_quantum_keys_in_recipient_sets_and_identity_files() {
        let pq = crate::age_pq::Identity::generate();
        let classic = age::x25519::Identity::generate();
        let mut set = RecipientSet::default();
        set.add(&pq.to_public().to_string()).unwrap();
        assert!(set.plugin_programs().is_empty(), "age1pq1… is age's own type, not age-plugin-pq");
        let file = encrypt(b"secret", Recipients::Keys(set.resolve(&Ui::default()).unwrap()), false).unwrap();

        // An identity file with comments, a classic key and the post-quantum key, in any order.
        let text = format!(
            "# created: now\n{}\n\n# post-quantum\n{}\n",
            age::secrecy::ExposeSecret::expose_secret(&classic.to_string()),
            pq.to_secret_string().as_str()
        );
        let ids = parse_identities(text.as_bytes()).unwrap();
        assert_eq!(ids.len(), 2);
        assert_eq!(decrypt(&file, &Identities::Keys(ids)).unwrap().as_slice(), b"secret");
        let only_pq = parse_identities(pq.to_secret_string().as_bytes()).unwrap();
        assert_eq!(decrypt(&file, &Identities::Keys(only_pq)).unwrap().as_slice(), b"secret");
        let only_classic =
            parse_identities(age::secrecy::ExposeSecret::expose_secret(&classic.to_string()).as_bytes())
                .unwrap();
        assert!(matches!(decrypt(&file, &Identities::Keys(only_classic)), Err(Error::NoMatchingKey)));

        // A damaged post-quantum line is named as such, and not echoed.
        let mut damaged = pq.to_secret_string().as_bytes().to_vec();
        damaged[40] = if damaged[40] == b'Q' { b'P' } else { b'Q' };
        match parse_identities(&damaged) {
            Err(e @ Error::DamagedPqIdentity(_)) => {
                assert!(!e.to_string().contains(std::str::from_utf8(&damaged[20..]).unwrap()))
            }
            Err(e) => panic!("expected DamagedPqIdentity, got {e}"),
            Ok(_) => panic!("a damaged identity was accepted"),
        }
        // A post-quantum key given as a recipient, and a valid checksum around a bad key.
        let mut set = RecipientSet::default();
        assert!(matches!(set.add(&pq.to_secret_string()), Err(Error::PrivateKeyAsRecipient)));
        let short = bech32::encode::<Bech32>(Hrp::parse("age1pq").unwrap(), &[1u8; 64]).unwrap();
        assert!(matches!(set.add(&short), Err(Error::InvalidPqRecipient(_))));
    }
}

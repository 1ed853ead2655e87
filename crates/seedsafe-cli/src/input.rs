//! Reading secrets: a hidden prompt on a terminal, otherwise standard input, or a file.
//! Never from argv or the environment.

use std::io::{IsTerminal, Read};
use std::path::Path;

use seedsafe_core::secret::Passphrase;
use seedsafe_core::wallet::{Secret, SeedFormat};
use zeroize::Zeroizing;

use crate::cli::{SecretInput, SeedFormatArg};
use crate::error::{CliError, Result};

/// Largest secret file read; anything bigger is not a secret and would only waste memory.
const MAX_SECRET_BYTES: u64 = 64 * 1024;

/// Reads a whole file that holds a secret.
pub fn read_secret_file(path: &Path) -> Result<Zeroizing<String>> {
    let file = std::fs::File::open(path).map_err(|e| CliError::io("read", path, &e))?;
    let mut text = Zeroizing::new(String::new());
    file.take(MAX_SECRET_BYTES + 1).read_to_string(&mut text).map_err(|e| match e.kind() {
        std::io::ErrorKind::InvalidData => {
            CliError::bad_input(format!("{} is not UTF-8 text", path.display()))
        }
        _ => CliError::io("read", path, &e),
    })?;
    if text.len() as u64 > MAX_SECRET_BYTES {
        return Err(CliError::bad_input(format!(
            "{} is larger than 64 KiB; it is not a secret file",
            path.display()
        )));
    }
    Ok(text)
}

/// Reads standard input to the end.
pub fn read_stdin() -> Result<Zeroizing<String>> {
    let mut text = Zeroizing::new(String::new());
    std::io::stdin()
        .take(MAX_SECRET_BYTES + 1)
        .read_to_string(&mut text)
        .map_err(|e| CliError::bad_input(format!("cannot read standard input as UTF-8 text: {e}")))?;
    Ok(text)
}

/// Asks at a hidden prompt on the terminal.
pub fn prompt_hidden(question: &str) -> Result<Zeroizing<String>> {
    rpassword::prompt_password(question)
        .map(Zeroizing::new)
        .map_err(|e| CliError::environment(format!("cannot read from the terminal: {e}")))
}

/// The secret text, from the file, a prompt, or standard input.
pub fn secret_text(input: &SecretInput, what: &str) -> Result<Zeroizing<String>> {
    let text = match &input.secret_file {
        Some(path) => read_secret_file(path)?,
        None if std::io::stdin().is_terminal() => prompt_hidden(&format!("{what} (hidden): "))?,
        None => read_stdin()?,
    };
    if text.trim().is_empty() {
        return Err(CliError::bad_input("no secret was given")
            .with_hint("type it at the prompt, pipe it on standard input, or pass --secret-file PATH"));
    }
    Ok(text)
}

/// Reads and parses the secret.
pub fn secret(input: &SecretInput) -> Result<Secret> {
    let text = secret_text(input, "Mnemonic or key")?;
    parse_secret(&text, input)
}

/// The passphrase: from a file (one trailing line break removed, nothing else, since spaces
/// are part of a passphrase), a prompt, or empty.
pub fn passphrase(input: &SecretInput) -> Result<Passphrase> {
    if let Some(path) = &input.passphrase_file {
        let mut text = read_secret_file(path)?;
        strip_line_break(&mut text);
        return Ok(Passphrase::new(std::mem::take(&mut *text)));
    }
    if input.ask_passphrase {
        let mut text = prompt_hidden("Passphrase (hidden): ")?;
        return Ok(Passphrase::new(std::mem::take(&mut *text)));
    }
    Ok(Passphrase::empty())
}

/// Asks for a new passphrase twice.
pub fn new_passphrase() -> Result<Passphrase> {
    let first = prompt_hidden("New passphrase (hidden): ")?;
    let again = prompt_hidden("Repeat the passphrase: ")?;
    if first != again {
        return Err(CliError::bad_input("the two passphrases differ; nothing was created"));
    }
    Ok(Passphrase::new(first.to_string()))
}

/// Removes one trailing line break (an editor's), and nothing else: spaces are part of a
/// passphrase or password.
fn strip_line_break(text: &mut String) {
    for suffix in ["\r\n", "\n"] {
        if text.ends_with(suffix) {
            text.truncate(text.len() - suffix.len());
            return;
        }
    }
}

/// Reads a password file: everything but one trailing line break.
pub fn read_password_file(path: &Path) -> Result<Zeroizing<String>> {
    let mut text = read_secret_file(path)?;
    strip_line_break(&mut text);
    if text.is_empty() {
        return Err(CliError::bad_input(format!("{} holds an empty password", path.display())));
    }
    Ok(text)
}

/// The password of an existing file: from `--password-file` or a hidden prompt.
pub fn existing_password(file: Option<&Path>) -> Result<Zeroizing<String>> {
    match file {
        Some(path) => read_password_file(path),
        None if std::io::stdin().is_terminal() => prompt_hidden("Password (hidden): "),
        None => Err(CliError::bad_input("a password is needed and standard input is not a terminal")
            .with_hint("pass --password-file FILE")),
    }
}

/// A password for a new file: from `--password-file`, generated, or typed twice. A weak typed
/// or file password is refused unless confirmed at the terminal or `accept_weak` is set.
pub fn new_password(file: Option<&Path>, generate: bool, accept_weak: bool) -> Result<Zeroizing<String>> {
    use seedsafe_core::password;
    if generate {
        if !std::io::stdout().is_terminal() {
            return Err(CliError::bad_input(
                "--generate-password shows the new password on the terminal, and standard output is not one",
            )
            .with_hint("run it in a terminal, or pass --password-file FILE"));
        }
        let pw = password::generate();
        outln!(
            "Password (write it down; {} bits, it is not stored anywhere):\n\n    {}\n",
            password::generated_bits(),
            &*pw
        );
        return Ok(pw);
    }
    let pw = match file {
        Some(path) => read_password_file(path)?,
        None if std::io::stdin().is_terminal() => {
            let first = prompt_hidden("New password (hidden): ")?;
            let again = prompt_hidden("Repeat the password: ")?;
            if first != again {
                return Err(CliError::bad_input("the two passwords differ; nothing was written"));
            }
            first
        }
        None => {
            return Err(CliError::bad_input("a password is needed and standard input is not a terminal")
                .with_hint("pass --password-file FILE or --generate-password"))
        }
    };
    let bits = password::estimate_bits(&pw);
    if bits < password::WEAK_BELOW_BITS && !accept_weak {
        let warning = format!(
            "this password looks weak (about {bits:.0} bits; {:.0} or more is advised): anyone who steals the file can try guesses offline",
            password::WEAK_BELOW_BITS
        );
        if std::io::stdin().is_terminal() && file.is_none() {
            eprintln!("warning: {warning}");
            let answer = prompt_hidden("Type \"weak\" to use it anyway: ")?;
            if answer.trim() != "weak" {
                return Err(CliError::bad_input("weak password refused; nothing was written"));
            }
        } else {
            return Err(CliError::bad_input(warning).with_hint(
                "use a longer password, --generate-password, or --accept-weak-password if you must",
            ));
        }
    }
    Ok(pw)
}

/// Parses secret text (already read) as the options say.
pub fn parse_secret(text: &str, input: &SecretInput) -> Result<Secret> {
    let format = input.seed_format.map(|f| match f {
        SeedFormatArg::Bip39 => SeedFormat::Bip39,
        SeedFormatArg::Electrum => SeedFormat::Electrum,
    });
    Secret::parse(text, input.language, format).map_err(crate::report::parse_error)
}

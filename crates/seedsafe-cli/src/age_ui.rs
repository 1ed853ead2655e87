//! What age plugins show and ask (insert your YubiKey, touch it, type its PIN), on the
//! terminal. Plugins run as separate programs (`age-plugin-NAME`); the age library passes
//! their requests here.

use std::io::{BufRead, IsTerminal, Write};

use age::secrecy::SecretString;
use seedsafe_core::age_file;

use crate::error::CliError;

/// The terminal as an age plugin's user interface.
pub fn terminal() -> age_file::Ui {
    age_file::Ui::new(Terminal)
}

/// Messages go to standard error, so they never mix with a report on standard output;
/// questions are asked only when standard input is a terminal (otherwise the plugin is told
/// that nobody can answer, and decides for itself).
struct Terminal;

impl age_file::PluginUi for Terminal {
    fn display_message(&self, message: &str) {
        eprintln!("{message}");
    }

    fn confirm(&self, message: &str, yes: &str, no: Option<&str>) -> Option<bool> {
        let no = no.unwrap_or("no");
        let answer = ask(&format!("{message} [{yes}/{no}]: "))?;
        Some(answer.eq_ignore_ascii_case(yes) || answer.eq_ignore_ascii_case("y"))
    }

    fn request_public_string(&self, description: &str) -> Option<String> {
        ask(&format!("{description} "))
    }

    fn request_passphrase(&self, description: &str) -> Option<SecretString> {
        if !std::io::stdin().is_terminal() {
            return None;
        }
        rpassword::prompt_password(format!("{description} ")).ok().map(SecretString::from)
    }
}

fn ask(question: &str) -> Option<String> {
    if !std::io::stdin().is_terminal() {
        return None;
    }
    eprint!("{question}");
    std::io::stderr().flush().ok()?;
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).ok()?;
    Some(line.trim().to_string())
}

/// A plugin error for people: a plugin program that is not installed is a problem of this
/// machine (exit 3, with where to get one); anything else the plugin says is about its input.
pub fn plugin_error(e: age_file::Error) -> CliError {
    match e {
        age_file::Error::PluginMissing(_) => CliError::environment(e).with_hint(
            "age plugins are separate programs: for example `cargo install age-plugin-yubikey` \
             (YubiKeys) or your system's package; put it in a folder on PATH",
        ),
        e => CliError::bad_input(e),
    }
}

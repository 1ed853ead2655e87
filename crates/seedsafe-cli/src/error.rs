//! Errors as the person sees them: a message, what to do, and a stable exit code.

use std::fmt;
use std::path::Path;

/// Stable exit codes; scripts depend on them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// A check that was asked for came out negative.
    Negative = 1,
    /// Bad input or usage.
    BadInput = 2,
    /// The environment failed: I/O, permissions.
    Environment = 3,
}

/// An error ready to print. Built from library errors, whose messages never hold secrets.
#[derive(Debug)]
pub struct CliError {
    pub exit: Exit,
    pub message: String,
    pub hint: Option<String>,
}

impl CliError {
    pub fn bad_input(message: impl fmt::Display) -> Self {
        CliError { exit: Exit::BadInput, message: message.to_string(), hint: None }
    }

    pub fn environment(message: impl fmt::Display) -> Self {
        CliError { exit: Exit::Environment, message: message.to_string(), hint: None }
    }

    pub fn with_hint(mut self, hint: impl fmt::Display) -> Self {
        self.hint = Some(hint.to_string());
        self
    }

    /// An I/O failure on a named file. The path is the person's own choice, not a secret.
    pub fn io(action: &str, path: &Path, err: &std::io::Error) -> Self {
        let exit = match err.kind() {
            std::io::ErrorKind::AlreadyExists => Exit::BadInput,
            _ => Exit::Environment,
        };
        CliError { exit, message: format!("cannot {action} {}: {}", path.display(), plain(err)), hint: None }
    }
}

/// An I/O error without the "(os error N)" suffix.
fn plain(err: &std::io::Error) -> String {
    let s = err.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\nhint: {hint}")?;
        }
        Ok(())
    }
}

pub type Result<T> = std::result::Result<T, CliError>;

/// Called when writing to standard output fails.
pub fn stdout_failed(e: std::io::Error) -> ! {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    eprintln!("error: cannot write to standard output: {e}");
    std::process::exit(Exit::Environment as i32);
}

//! Derivation path templates: a BIP-32 path where `*` stands for the address index.
//!
//! `m/84'/0'/0'/0/*` gives the first receive addresses of a BIP-84 wallet;
//! `m/44'/501'/*'/0'` gives Solana accounts. A path without `*` gets `/*` appended.

use std::fmt;
use std::str::FromStr;

use crate::slip10::HARDENED;

/// One step of a template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// A fixed child index (hardened bit included).
    Fixed(u32),
    /// The address index, hardened or not.
    Index {
        /// Whether the index is used hardened.
        hardened: bool,
    },
}

/// A derivation path with one index placeholder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathTemplate(Vec<Step>);

/// A path that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// Does not start with `m`.
    #[error("a derivation path starts with \"m\", like m/84'/0'/0'/0/*")]
    NoMaster,
    /// A component is not a number below 2^31 with an optional `'` or `h`.
    #[error("path component {position} ({component:?}) is not an index below 2147483648, optionally followed by ' or h")]
    BadComponent {
        /// 1-based position after `m`.
        position: usize,
        /// The text of the component.
        component: String,
    },
    /// More than one `*`.
    #[error("a path may hold only one * (the address index)")]
    SeveralIndices,
}

impl FromStr for PathTemplate {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut parts = s.trim().split('/');
        if !matches!(parts.next(), Some("m" | "M")) {
            return Err(Error::NoMaster);
        }
        let mut steps = Vec::new();
        for (i, part) in parts.enumerate() {
            let (body, hardened) = match part.strip_suffix(['\'', 'h', 'H']) {
                Some(body) => (body, true),
                None => (part, false),
            };
            let step =
                if body == "*" {
                    Step::Index { hardened }
                } else {
                    let n: u32 = body.parse().ok().filter(|n| *n < HARDENED).ok_or_else(|| {
                        Error::BadComponent { position: i + 1, component: part.to_string() }
                    })?;
                    Step::Fixed(if hardened { n | HARDENED } else { n })
                };
            steps.push(step);
        }
        match steps.iter().filter(|s| matches!(s, Step::Index { .. })).count() {
            0 => steps.push(Step::Index { hardened: false }),
            1 => {}
            _ => return Err(Error::SeveralIndices),
        }
        Ok(PathTemplate(steps))
    }
}

impl PathTemplate {
    /// A template from fixed steps followed by the index.
    pub fn new(steps: Vec<Step>) -> Self {
        PathTemplate(steps)
    }

    /// The concrete path for one index.
    pub fn at(&self, index: u32) -> Vec<u32> {
        self.0
            .iter()
            .map(|s| match s {
                Step::Fixed(n) => *n,
                Step::Index { hardened: true } => index | HARDENED,
                Step::Index { hardened: false } => index,
            })
            .collect()
    }

    /// The steps.
    pub fn steps(&self) -> &[Step] {
        &self.0
    }
}

/// Writes a concrete path as `m/84'/0'/0'/0/5`.
pub fn format(path: &[u32]) -> String {
    let mut out = String::from("m");
    for i in path {
        if i & HARDENED != 0 {
            out.push_str(&format!("/{}'", i & !HARDENED));
        } else {
            out.push_str(&format!("/{i}"));
        }
    }
    out
}

impl fmt::Display for PathTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("m")?;
        for s in &self.0 {
            match s {
                Step::Fixed(n) if n & HARDENED != 0 => write!(f, "/{}'", n & !HARDENED)?,
                Step::Fixed(n) => write!(f, "/{n}")?,
                Step::Index { hardened: true } => f.write_str("/*'")?,
                Step::Index { hardened: false } => f.write_str("/*")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_formats() {
        let t: PathTemplate = "m/44'/501'/*'/0h".parse().expect("valid");
        assert_eq!(t.to_string(), "m/44'/501'/*'/0'");
        assert_eq!(format(&t.at(3)), "m/44'/501'/3'/0'");
        let t: PathTemplate = "m/0".parse().expect("valid");
        assert_eq!(t.to_string(), "m/0/*");
        assert_eq!("44'/0".parse::<PathTemplate>(), Err(Error::NoMaster));
        assert!(matches!("m/x".parse::<PathTemplate>(), Err(Error::BadComponent { position: 1, .. })));
        assert!(matches!("m/2147483648".parse::<PathTemplate>(), Err(Error::BadComponent { .. })));
        assert_eq!("m/*/*".parse::<PathTemplate>(), Err(Error::SeveralIndices));
    }
}

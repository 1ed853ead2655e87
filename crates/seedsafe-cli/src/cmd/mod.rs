//! One module per subcommand.

pub mod derive;
pub mod inspect;
pub mod new;
pub mod shares;

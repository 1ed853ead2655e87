//! One module per subcommand.

pub mod backup;
pub mod derive;
pub mod export;
pub mod inspect;
pub mod new;
pub mod restore;
pub mod shares;

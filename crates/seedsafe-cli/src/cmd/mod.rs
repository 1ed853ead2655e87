//! One module per subcommand.

pub mod address;
pub mod backup;
pub mod derive;
pub mod drill;
pub mod export;
pub mod inspect;
pub mod new;
pub mod paper;
pub mod plan;
pub mod repair;
pub mod restore;
pub mod shares;
pub mod status;

//! The `seedsafe` binary: parses flags, reads secrets, prints results. Every decision about
//! wallets lives in the libraries.
#![forbid(unsafe_code)]

/// `println!` that ends the program quietly when standard output is closed (`seedsafe … | head`)
/// instead of panicking, and with exit code 3 on any other write failure.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = writeln!(std::io::stdout(), $($arg)*) {
            $crate::error::stdout_failed(e);
        }
    }};
}

mod age_ui;
mod cli;
mod cmd;
mod error;
mod fsutil;
mod input;
mod report;
mod time;

use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::New(args) => cmd::new::run(args),
        Command::Inspect(args) => cmd::inspect::run(args),
        Command::Derive(args) => cmd::derive::run(args),
        Command::Split(args) => cmd::shares::split(args),
        Command::Combine(args) => cmd::shares::combine(args),
        Command::Backup(cli::BackupCommand::File(args)) => cmd::backup::file(args),
        Command::Backup(cli::BackupCommand::Keygen(args)) => cmd::backup::keygen(args),
        Command::Restore(args) => cmd::restore::run(args),
        Command::Export(cli::ExportCommand::Keystore(args)) => cmd::export::keystore(args),
        Command::Export(cli::ExportCommand::Bip38(args)) => cmd::export::bip38(args),
        Command::Address(command) => cmd::address::run(command),
        Command::Repair(args) => cmd::repair::run(args),
        Command::Plan(cli::PlanCommand::Init(args)) => cmd::plan::init(args),
        Command::Plan(cli::PlanCommand::Check(args)) => cmd::plan::check(args),
        Command::Plan(cli::PlanCommand::Run(args)) => cmd::plan::run(args),
        Command::Status(args) => cmd::status::run(args),
        Command::Drill(args) => cmd::drill::run(args),
        Command::Paper(args) => cmd::paper::paper(args),
        Command::Seedqr(cli::SeedqrCommand::Encode(args)) => cmd::paper::seedqr_encode(args),
        Command::Seedqr(cli::SeedqrCommand::Decode(args)) => cmd::paper::seedqr_decode(args),
        Command::Completions { shell } => {
            clap_complete::generate(*shell, &mut Cli::command(), "seedsafe", &mut std::io::stdout());
            Ok(())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(e.exit as u8)
        }
    }
}

//! Every flag of the `seedsafe` command, in one place.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// seedsafe: safe, multiple, verified and recoverable wallet backups.
///
/// Secrets (mnemonics, keys) are never taken from the command line: they are read from a
/// hidden prompt, from standard input, or from --secret-file. Nothing leaves this machine.
#[derive(Parser, Debug)]
#[command(name = "seedsafe", version, propagate_version = true, max_term_width = 100)]
#[command(
    after_help = "Exit codes: 0 success, 1 a negative answer (e.g. `inspect` found the input invalid), \
2 bad input or usage, 3 environment failure (I/O, permissions).\n\n\
Words: \"passphrase\" is the BIP-39 passphrase (part of the wallet); \"password\" encrypts a file."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create a new wallet: fresh words from the OS random generator (and dice, if you like).
    ///
    /// Prints the words on the terminal with the wallet's fingerprint and first addresses.
    /// Write the words down before you do anything else. When standard output is not a
    /// terminal, pass --out FILE (created with mode 0600) or --reveal.
    #[command(
        after_help = "Examples:\n  seedsafe new\n  seedsafe new --words 24 --language japanese\n  seedsafe new --dice-only < rolls.txt --out wallet.txt"
    )]
    New(NewArgs),
    /// Say what a secret is (kind, language, validity) and show its public identity.
    ///
    /// Reads the secret from a hidden prompt, standard input or --secret-file. Exits 1 when
    /// the input is not a valid secret, with the reason.
    #[command(
        after_help = "Examples:\n  seedsafe inspect\n  seedsafe inspect --secret-file words.txt --json"
    )]
    Inspect(InspectArgs),
    /// Derive addresses and the account's extended public key from a secret.
    #[command(
        after_help = "Examples:\n  seedsafe derive --chain btc --count 5\n  seedsafe derive --chain btc --kind p2tr --network testnet\n  seedsafe derive --chain sol --count 3 --json\n  seedsafe derive --chain btc --path \"m/84'/0'/7'/0/*\""
    )]
    Derive(DeriveArgs),
    /// Split a secret into SLIP-39 shares: any T of N restore it, fewer reveal nothing.
    ///
    /// BIP-39 mode (the default for a BIP-39 mnemonic) shares the mnemonic's entropy, so
    /// combining gives back the same words; the BIP-39 passphrase stays separate. Wallet mode
    /// makes a native SLIP-39 wallet as a Trezor restores it: its input is a master secret in
    /// hex or the shares of an existing SLIP-39 wallet, and --passphrase-file/--ask-passphrase
    /// give its SLIP-39 passphrase. Shares go to standard output, one per line, or with
    /// --out-dir to one file each (mode 0600).
    #[command(
        after_help = "Examples:\n  seedsafe split --threshold 2 --shares 3 < words.txt\n  seedsafe split --group 2/3 --group 3/5 --group-threshold 1 --out-dir shares/\n  seedsafe split --extend --shares 2 < two-old-shares.txt"
    )]
    Split(SplitArgs),
    /// Combine SLIP-39 shares and show the wallet they restore.
    ///
    /// Shares come from --file (one or more per file, one per line), from standard input (one
    /// per line, any order, blank lines ignored), or from prompts. The secret itself is shown
    /// only on a terminal or with --reveal.
    #[command(
        after_help = "Examples:\n  seedsafe combine --file share1.txt --file share2.txt\n  seedsafe combine --json < shares.txt\n  seedsafe combine --mode wallet --ask-passphrase"
    )]
    Combine(CombineArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    #[command(after_help = "Example:\n  seedsafe completions bash > /etc/bash_completion.d/seedsafe")]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

/// How a secret comes in.
#[derive(Args, Debug, Clone)]
pub struct SecretInput {
    /// Read the secret from this file instead of a prompt or standard input.
    #[arg(long, value_name = "PATH")]
    pub secret_file: Option<PathBuf>,
    /// Read the BIP-39 passphrase (or Electrum extension words) from this file.
    #[arg(long, value_name = "PATH", conflicts_with = "ask_passphrase")]
    pub passphrase_file: Option<PathBuf>,
    /// Ask for the BIP-39 passphrase (or Electrum extension words) at a hidden prompt.
    #[arg(long)]
    pub ask_passphrase: bool,
    /// The wordlist of the mnemonic; found automatically when not given.
    #[arg(long, value_name = "L")]
    pub language: Option<seedsafe_core::bip39::Language>,
    /// Read words as this standard; BIP-39 wins when words are valid in both.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub seed_format: Option<SeedFormatArg>,
}

#[derive(ValueEnum, Debug, Clone, Copy)]
pub enum SeedFormatArg {
    Bip39,
    Electrum,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewKind {
    /// BIP-39 words (every modern wallet).
    Bip39,
    /// Electrum's native SegWit seed.
    ElectrumSegwit,
    /// Electrum's legacy (P2PKH) seed.
    ElectrumStandard,
}

#[derive(Args, Debug)]
pub struct NewArgs {
    /// Number of words: 12, 15, 18, 21 or 24.
    #[arg(long, default_value_t = 12, value_name = "N")]
    pub words: usize,
    /// Wordlist: english, japanese, korean, spanish, chinese_simplified, chinese_traditional,
    /// french, italian, czech, portuguese.
    #[arg(long, default_value = "english", value_name = "L")]
    pub language: seedsafe_core::bip39::Language,
    /// Mix dice rolls (digits 1-6, read from standard input) into the OS randomness.
    #[arg(long, conflicts_with = "dice_only")]
    pub dice: bool,
    /// Use dice rolls alone, so the words can be checked by hand: the entropy is
    /// SHA-256 of the rolls as typed digits (`printf %s ROLLS | sha256sum`).
    #[arg(long)]
    pub dice_only: bool,
    /// What kind of seed to create.
    #[arg(long, value_enum, default_value = "bip39")]
    pub kind: NewKind,
    /// Set a BIP-39 passphrase, asked for twice at a hidden prompt.
    #[arg(long)]
    pub ask_passphrase: bool,
    /// Write the words to this new file (mode 0600) instead of the terminal.
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// Print the words on standard output even when it is not a terminal.
    #[arg(long)]
    pub reveal: bool,
    /// Print one JSON document.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct InspectArgs {
    #[command(flatten)]
    pub input: SecretInput,
    /// Print one JSON document.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct DeriveArgs {
    #[command(flatten)]
    pub input: SecretInput,
    /// Chain: btc, ltc, doge, eth, trx, sol.
    #[arg(long, value_name = "C")]
    pub chain: seedsafe_core::chain::Chain,
    /// Address kind: p2pkh, p2sh-p2wpkh, p2wpkh, p2tr (btc, ltc; doge is p2pkh). Default:
    /// what the chain's wallets use today, or what an Electrum seed's version says.
    #[arg(long, value_name = "K")]
    pub kind: Option<seedsafe_core::chain::AddressKind>,
    /// Network: mainnet, testnet, regtest (testnet and regtest for btc).
    #[arg(long, default_value = "mainnet", value_name = "N")]
    pub network: seedsafe_core::chain::Network,
    /// Account number (the third level of BIP-44 paths).
    #[arg(long, default_value_t = 0, value_name = "A")]
    pub account: u32,
    /// Derive change addresses instead of receive addresses.
    #[arg(long)]
    pub change: bool,
    /// First address index.
    #[arg(long, default_value_t = 0, value_name = "I")]
    pub start: u32,
    /// Number of addresses.
    #[arg(long, default_value_t = 5, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub count: u32,
    /// A custom path; * stands for the index (m/84'/0'/0'/0/*). Without *, /* is appended.
    #[arg(long, value_name = "P")]
    pub path: Option<seedsafe_core::path::PathTemplate>,
    /// Print one JSON document.
    #[arg(long)]
    pub json: bool,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShareMode {
    /// The shares hold a BIP-39 mnemonic's entropy: combining gives back the same words.
    Bip39,
    /// A native SLIP-39 wallet (Trezor): the master secret is the BIP-32 seed.
    Wallet,
}

#[derive(Args, Debug)]
pub struct SplitArgs {
    #[command(flatten)]
    pub input: SecretInput,
    /// Shares needed to restore (single-group split).
    #[arg(long, value_name = "T", requires = "shares")]
    pub threshold: Option<u8>,
    /// Shares to make (single-group split), or new shares to add with --extend.
    #[arg(long, value_name = "N")]
    pub shares: Option<u8>,
    /// A group as THRESHOLD/COUNT, e.g. 2/3; repeat for several groups.
    #[arg(long = "group", value_name = "T/N", conflicts_with = "threshold")]
    pub groups: Vec<String>,
    /// Groups needed to restore, when there are several groups.
    #[arg(long, value_name = "G")]
    pub group_threshold: Option<u8>,
    /// bip39 (default for a BIP-39 mnemonic) or wallet.
    #[arg(long, value_enum)]
    pub mode: Option<ShareMode>,
    /// PBKDF2 work: 10000 << E iterations in all (0-15; the reference default is 1).
    #[arg(long, default_value_t = 1, value_name = "E")]
    pub iteration_exponent: u8,
    /// Make new shares of an existing set: read threshold shares of one group, write
    /// --shares new ones that combine with the old.
    #[arg(long, requires = "shares", conflicts_with_all = ["threshold", "groups", "group_threshold", "mode"])]
    pub extend: bool,
    /// Write one file per share into this folder (created if missing), mode 0600.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// Print one JSON document.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct CombineArgs {
    /// A file holding one or more shares, one per line; repeat for several files.
    #[arg(long = "file", value_name = "F")]
    pub files: Vec<PathBuf>,
    /// bip39 (default: the shares hold BIP-39 entropy) or wallet (a Trezor SLIP-39 wallet).
    #[arg(long, value_enum, default_value = "bip39")]
    pub mode: ShareMode,
    /// The wordlist to write a BIP-39-mode secret in (shares do not record it).
    #[arg(long, default_value = "english", value_name = "L")]
    pub language: seedsafe_core::bip39::Language,
    /// The passphrase file: SLIP-39 passphrase in wallet mode, BIP-39 passphrase in BIP-39 mode.
    #[arg(long, value_name = "PATH", conflicts_with = "ask_passphrase")]
    pub passphrase_file: Option<PathBuf>,
    /// Ask for that passphrase at a hidden prompt.
    #[arg(long)]
    pub ask_passphrase: bool,
    /// Print the restored secret on standard output even when it is not a terminal.
    #[arg(long)]
    pub reveal: bool,
    /// Print one JSON document.
    #[arg(long)]
    pub json: bool,
}

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
    /// Make a backup copy: an encrypted file, readable with the stock `age` tool.
    #[command(subcommand)]
    Backup(BackupCommand),
    /// Restore a wallet from a copy: an age envelope, an Ethereum keystore, a BIP-38 key or a
    /// file of SLIP-39 shares.
    ///
    /// Prints the wallet identity (fingerprint and first addresses) so you can compare it
    /// with what you know. The secret itself is printed only on a terminal, or on standard
    /// output with --reveal.
    #[command(after_help = "Examples:\n  seedsafe restore wallet.age\n  seedsafe restore wallet.age --identity key.txt --json\n  seedsafe restore UTC--2026-...json --password-file pw.txt\n  seedsafe restore shares.txt --reveal")]
    Restore(RestoreArgs),
    /// Export one key of a wallet in another wallet's file format.
    #[command(subcommand)]
    Export(ExportCommand),
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
    /// A native SLIP-39 wallet as a Trezor makes it, printed as one share (20 words, or 33
    /// with --words 33); turn it into k-of-n shares with `seedsafe split --mode wallet`.
    Slip39,
}

#[derive(Args, Debug)]
pub struct NewArgs {
    /// Number of words: 12, 15, 18, 21 or 24 (BIP-39); 20 or 33 (SLIP-39).
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

#[derive(Subcommand, Debug)]
pub enum BackupCommand {
    /// Write the secret into an age-encrypted envelope file (mode 0600, never overwritten).
    ///
    /// Without --to the file is protected by a password (age's scrypt, work factor 18 or
    /// more): typed at a prompt, read from --password-file, or made by --generate-password.
    /// With --to/--to-file it is encrypted to age (age1...) or SSH public keys. The file is
    /// written atomically and read back and opened before the command reports success.
    /// The BIP-39 passphrase is left out unless --include-passphrase: a stolen file alone
    /// then does not open the wallet.
    #[command(after_help = "Examples:\n  seedsafe backup file --out wallet.age\n  seedsafe backup file --out wallet.age --to age1... --to-file ~/.ssh/id_ed25519.pub\n  seedsafe backup file --out wallet.age --generate-password --label \"savings\"")]
    File(BackupFileArgs),
}

#[derive(Args, Debug)]
pub struct BackupFileArgs {
    #[command(flatten)]
    pub input: SecretInput,
    /// The file to write.
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
    /// Encrypt to this recipient: an age public key (age1...) or an SSH public key line.
    #[arg(long = "to", value_name = "RECIPIENT")]
    pub to: Vec<String>,
    /// Encrypt to every recipient listed in this file (one per line, # comments).
    #[arg(long = "to-file", value_name = "FILE")]
    pub to_file: Vec<PathBuf>,
    /// Read the encryption password from this file.
    #[arg(long, value_name = "F", conflicts_with_all = ["to", "to_file", "generate_password"])]
    pub password_file: Option<PathBuf>,
    /// Make a strong password (8 random words, 88 bits) and show it once.
    #[arg(long, conflicts_with_all = ["to", "to_file"])]
    pub generate_password: bool,
    /// Accept a password that the strength estimate calls weak, without asking.
    #[arg(long)]
    pub accept_weak_password: bool,
    /// Put the BIP-39 passphrase inside the envelope too.
    #[arg(long)]
    pub include_passphrase: bool,
    /// A name for the wallet, stored in the envelope.
    #[arg(long, value_name = "L")]
    pub label: Option<String>,
    /// For SLIP-39 shares as input: bip39 or wallet mode (see `seedsafe split --help`).
    #[arg(long, value_enum, default_value = "bip39")]
    pub share_mode: ShareMode,
    /// Write binary age instead of ASCII armour.
    #[arg(long)]
    pub binary: bool,
    /// Replace an existing file (atomically, after the new one is verified).
    #[arg(long)]
    pub force: bool,
    /// Print one JSON document.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct RestoreArgs {
    /// The copy: a file path, or - for standard input.
    pub input: String,
    /// An age identity file (AGE-SECRET-KEY-1... lines) or an SSH private key; repeatable.
    #[arg(long = "identity", short = 'i', value_name = "FILE")]
    pub identities: Vec<PathBuf>,
    /// Read the file's password from this file.
    #[arg(long, value_name = "F")]
    pub password_file: Option<PathBuf>,
    /// Read the BIP-39 passphrase from this file (when the copy does not hold it).
    #[arg(long, value_name = "PATH", conflicts_with = "ask_passphrase")]
    pub passphrase_file: Option<PathBuf>,
    /// Ask for the BIP-39 passphrase at a hidden prompt (when the copy does not hold it).
    #[arg(long)]
    pub ask_passphrase: bool,
    /// For a file of SLIP-39 shares: bip39 or wallet mode.
    #[arg(long, value_enum, default_value = "bip39")]
    pub share_mode: ShareMode,
    /// For BIP-39-mode shares: the wordlist to write the words in.
    #[arg(long, default_value = "english", value_name = "L")]
    pub language: seedsafe_core::bip39::Language,
    /// Print the restored secret on standard output even when it is not a terminal.
    #[arg(long)]
    pub reveal: bool,
    /// Print one JSON document.
    #[arg(long)]
    pub json: bool,
}

#[derive(Subcommand, Debug)]
pub enum ExportCommand {
    /// Write an Ethereum keystore v3 file (as geth, MetaMask and imToken import) for the
    /// key at m/44'/60'/0'/0/INDEX, encrypted with scrypt.
    #[command(after_help = "Example:\n  seedsafe export keystore --out UTC--wallet.json --index 0")]
    Keystore(ExportKeystoreArgs),
    /// Print a BIP-38 encrypted private key for one Bitcoin address of the wallet.
    #[command(after_help = "Example:\n  seedsafe export bip38 --kind p2pkh --index 0 --password-file pw.txt")]
    Bip38(ExportBip38Args),
}

#[derive(Args, Debug)]
pub struct ExportKeystoreArgs {
    #[command(flatten)]
    pub input: SecretInput,
    /// The keystore file to write (mode 0600, never overwritten).
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
    /// Address index.
    #[arg(long, default_value_t = 0, value_name = "I")]
    pub index: u32,
    /// Read the keystore password from this file.
    #[arg(long, value_name = "F")]
    pub password_file: Option<PathBuf>,
    /// Accept a weak password without asking.
    #[arg(long)]
    pub accept_weak_password: bool,
    /// Print one JSON document.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct ExportBip38Args {
    #[command(flatten)]
    pub input: SecretInput,
    /// Chain (BIP-38 is a Bitcoin format).
    #[arg(long, default_value = "btc", value_name = "C")]
    pub chain: seedsafe_core::chain::Chain,
    /// Address kind whose key to export (default: the chain's).
    #[arg(long, value_name = "K")]
    pub kind: Option<seedsafe_core::chain::AddressKind>,
    /// Address index.
    #[arg(long, default_value_t = 0, value_name = "I")]
    pub index: u32,
    /// Read the BIP-38 password from this file.
    #[arg(long, value_name = "F")]
    pub password_file: Option<PathBuf>,
    /// Accept a weak password without asking.
    #[arg(long)]
    pub accept_weak_password: bool,
    /// Print one JSON document.
    #[arg(long)]
    pub json: bool,
}

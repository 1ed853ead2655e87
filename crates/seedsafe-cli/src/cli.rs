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
    /// Restore a wallet from a copy: an age envelope, an Ethereum keystore, a BIP-38 key, a
    /// file of SLIP-39 shares, or a photo or scan (PNG, JPEG) of a SeedQR or encrypted paper.
    ///
    /// Prints the wallet identity (fingerprint and first addresses) so you can compare it
    /// with what you know. The secret itself is printed only on a terminal, or on standard
    /// output with --reveal.
    #[command(
        after_help = "Examples:\n  seedsafe restore wallet.age\n  seedsafe restore wallet.age --identity key.txt --json\n  seedsafe restore UTC--2026-...json --password-file pw.txt\n  seedsafe restore shares.txt --reveal"
    )]
    Restore(RestoreArgs),
    /// Export one key of a wallet in another wallet's file format.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Identify and validate addresses, and show them as QR codes.
    ///
    /// Offline, for Bitcoin (legacy, SegWit, Taproot; mainnet, testnet, signet, regtest),
    /// Litecoin, Dogecoin, Bitcoin Cash (cashaddr and legacy), Ethereum (EIP-55), Tron, Solana
    /// and XRP.
    #[command(subcommand)]
    Address(AddressCommand),
    /// Repair a damaged backup: search for missing, illegible, misspelled or swapped words
    /// and forgotten passphrases, checked against an address, xpub or fingerprint you know.
    ///
    /// The pattern has one token per word: the word (or its first four letters); ? for an
    /// unknown word; ab* (or ab?) for an illegible word starting with those letters;
    /// {word|word} for alternatives; ~word for a word that may be misspelled (words within
    /// two edits, or sharing its first four letters). Give it on standard input,
    /// with --pattern-file, or at the hidden prompt: on the command line it stays in your
    /// shell history. Everything runs offline, on all cores.
    ///
    /// Exit codes: 0 found, 1 searched everything and not found, 2 bad input.
    #[command(
        after_help = "Examples:\n  echo 'legal winner ? year wave sausage worth useful legal winner thank yellow' | seedsafe repair --address bc1q...\n  seedsafe repair --pattern-file words.txt --swaps 1 --xpub zpub...\n  seedsafe repair --pattern-file words.txt --passphrase-wordlist guesses.txt --fingerprint 73c5da0a\n  seedsafe repair --pattern-file words.txt --missing 1 --address-file addresses.txt --checkpoint repair.json --shard 3/8\n  seedsafe repair --seed-format slip39 --pattern-file share.txt\n  seedsafe repair --benchmark --json\n\nSee docs/repair.md for every pattern form, passphrase searches and array jobs."
    )]
    Repair(RepairArgs),
    /// Backup plans: which copies of which wallet go where, made and verified in one run.
    ///
    /// A plan (TOML, docs/plan.md) lists the wallets and the copies wanted: encrypted files,
    /// SLIP-39 share sets, paper sheets, keystores; their destinations (local folders, S3,
    /// WebDAV, SFTP) and where each is kept. Credentials never go in the plan.
    #[command(subcommand)]
    Plan(PlanCommand),
    /// Say whether the backups are healthy: every copy, where it is, how old, when last
    /// drilled, and what is wrong.
    ///
    /// Reads the manifest (no network); with --online also fetches every electronic copy to
    /// check it is at its destination, unchanged. Problems: a copy older than the policy, a
    /// drill overdue or failed, a copy missing or altered (--online), fewer than two
    /// locations, all copies electronic, a share set that one place can lose or open, a
    /// plaintext copy. Exit code 1 when anything is wrong, so it can run from cron.
    #[command(after_help = "Examples:\n  seedsafe status\n  seedsafe status --online --json")]
    Status(StatusArgs),
    /// Restore drill: prove that copies still restore the wallet, by comparing identities.
    ///
    /// Electronic copies are fetched, hash-checked, decrypted and restored; a paper sheet or
    /// share card is drilled by typing its words (hidden prompt, or standard input for one
    /// copy) or, for a sheet, from a photo of its SeedQR; a share set by gathering threshold
    /// shares from their places. Results and dates
    /// go into the manifest. Exit code 1 when a drill fails.
    #[command(
        after_help = "Examples:\n  seedsafe drill --all --password-file pw.txt\n  seedsafe drill 1a2b3c4d --photo sheet.jpg\n  seedsafe drill 5e6f7a8b --identity key.txt --json"
    )]
    Drill(DrillArgs),
    /// Print a paper copy: a backup sheet, SLIP-39 share cards, or encrypted paper (PDF).
    ///
    /// The sheet holds the words in a numbered grid (first four letters in bold), the master
    /// fingerprint, whether a passphrase is needed (never the passphrase), the first receive
    /// address of each --chain with its QR code, a SeedQR, restore instructions and lines to
    /// record restore checks. --cards prints one card per SLIP-39 share, read like a secret
    /// (one share per line). --encrypted prints the wallet encrypted with age, as QR codes and
    /// text. The PDF is created with mode 0600 and never overwrites a file.
    #[command(
        after_help = "Examples:\n  seedsafe paper --out wallet.pdf\n  seedsafe paper --out wallet.pdf --chain btc --chain eth --seedqr compact --paper letter\n  seedsafe paper --cards --out cards.pdf --location \"home safe\" --location bank < shares.txt\n  seedsafe paper --encrypted --out wallet-encrypted.pdf --password-file pw.txt\n\nSee docs/paper.md."
    )]
    Paper(PaperArgs),
    /// Make or read SeedQR codes (SeedSigner's format): a BIP-39 mnemonic as a QR code.
    #[command(subcommand)]
    Seedqr(SeedqrCommand),
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
    /// Show each address with its QR code (drawn for light-on-dark terminals).
    #[arg(long, conflicts_with = "json")]
    pub qr: bool,
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
    /// With --to/--to-file it is encrypted to age (age1...), post-quantum age (age1pq1...) or
    /// SSH public keys, or to the recipients of an age plugin (age1yubikey1... for a YubiKey:
    /// the program age-plugin-yubikey must be on PATH); `seedsafe backup keygen` makes age
    /// keys. The file is written atomically and read back and opened before the command
    /// reports success.
    /// The BIP-39 passphrase is left out unless --include-passphrase: a stolen file alone
    /// then does not open the wallet.
    #[command(
        after_help = "Examples:\n  seedsafe backup file --out wallet.age\n  seedsafe backup file --out wallet.age --to age1... --to-file ~/.ssh/id_ed25519.pub\n  seedsafe backup file --out wallet.age --to age1yubikey1... --to age1...\n  seedsafe backup file --out wallet.age --to age1pq1...\n  seedsafe backup file --out wallet.age --generate-password --label \"savings\""
    )]
    File(BackupFileArgs),
    /// Make an age key pair for encrypted copies: the private key into a new file (mode
    /// 0600), the public key (the recipient to give --to) on stdout.
    ///
    /// The file is a standard age identity file: the stock age tool (`age -d -i FILE`) and
    /// seedsafe (`restore --identity FILE`) open what is encrypted to its recipient. With --pq
    /// the key is post-quantum (ML-KEM-768 + X25519, age1pq1...): a copy kept for decades
    /// stays closed even to someone who records it now and has a quantum computer later.
    /// Opening such files needs age 1.3 or later (or seedsafe). Keep the identity file
    /// apart from the copies it opens, and back it up like the wallet itself.
    #[command(
        after_help = "Examples:\n  seedsafe backup keygen --out backup-key.txt\n  seedsafe backup keygen --pq --out backup-key.txt\n  seedsafe backup file --out wallet.age --to age1pq1...\n  seedsafe restore wallet.age --identity backup-key.txt"
    )]
    Keygen(BackupKeygenArgs),
}

#[derive(Args, Debug)]
pub struct BackupKeygenArgs {
    /// The identity file to create (never overwritten).
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
    /// A post-quantum key (mlkem768x25519, age1pq1...) instead of a classic X25519 one.
    #[arg(long)]
    pub pq: bool,
    /// Report as JSON: {"out", "kind", "recipient"}.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct BackupFileArgs {
    #[command(flatten)]
    pub input: SecretInput,
    /// The file to write.
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
    /// Encrypt to this recipient: an age public key (age1..., or age1pq1... for post-quantum;
    /// not both kinds in one file), an SSH public key line, or an age plugin recipient
    /// (age1NAME1..., wrapped by the program age-plugin-NAME).
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
    /// An age identity file (AGE-SECRET-KEY-1... lines, or AGE-PLUGIN-NAME-1... lines that
    /// the program age-plugin-NAME opens, e.g. a YubiKey's) or an SSH private key; repeatable.
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
    #[command(
        after_help = "Example:\n  seedsafe export bip38 --kind p2pkh --index 0 --password-file pw.txt"
    )]
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

#[derive(Subcommand, Debug)]
pub enum AddressCommand {
    /// Say what each address is (chain, network, kind) and whether it is intact.
    ///
    /// A checksum catches typos; for bech32, cashaddr and Base58Check addresses the position
    /// of a mistyped character is shown. An address valid on several chains (a 3... address is
    /// Bitcoin P2SH and also Litecoin's old P2SH form) lists every reading. A payment URI
    /// (bitcoin:..., ethereum:...) is checked through its address. Exits 0 when all are valid,
    /// 1 when any is not.
    #[command(
        after_help = "Examples:\n  seedsafe address check bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4\n  seedsafe address check 36j4NfKv6Akva9amjWrLG6MuSQym1GuEmm LX1hQRv8HzStaYiMN2tJVNdoaGV5Ndgjf3\n  seedsafe address check --file addresses.txt --json\n  seedsafe address check \"bitcoin:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4?amount=0.01\""
    )]
    Check(AddressCheckArgs),
    /// Show an address or payment URI as a QR code: in the terminal, or as PNG or SVG.
    ///
    /// The address is validated first and an invalid one is refused. --amount, --label and
    /// --message build a payment URI: BIP-21 bitcoin: for Bitcoin (amount in BTC), EIP-681
    /// ethereum: for Ethereum (amount in ETH, written in wei). Bech32 and cashaddr addresses
    /// go in upper case, which QR codes hold in fewer modules (BIP-173). Error correction is
    /// level M, which survives a smudge on paper.
    #[command(
        after_help = "Examples:\n  seedsafe address qr bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4\n  seedsafe address qr bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4 --amount 0.0015 --label Alice\n  seedsafe address qr 36j4NfKv6Akva9amjWrLG6MuSQym1GuEmm --out pay.png\n  seedsafe address qr 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed --amount 0.5 --out pay.svg"
    )]
    Qr(AddressQrArgs),
}

#[derive(Args, Debug)]
pub struct AddressCheckArgs {
    /// Addresses or payment URIs to check.
    #[arg(value_name = "ADDR")]
    pub addresses: Vec<String>,
    /// Also check every line of this file (one address or URI per line; blank lines and lines
    /// starting with # are skipped); - reads standard input.
    #[arg(long, value_name = "F")]
    pub file: Option<PathBuf>,
    /// Print a JSON list, one object per address.
    #[arg(long)]
    pub json: bool,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum QrFormat {
    /// UTF-8 half blocks, for a terminal.
    Text,
    /// A PNG image.
    Png,
    /// An SVG image.
    Svg,
}

#[derive(Args, Debug)]
pub struct AddressQrArgs {
    /// The address, or a whole payment URI.
    #[arg(value_name = "ADDR|URI")]
    pub target: String,
    /// Amount to request, in the chain's coin (BTC, ETH), as a decimal number.
    #[arg(long, value_name = "X")]
    pub amount: Option<String>,
    /// The recipient's name, shown by the payer's wallet (bitcoin: URIs).
    #[arg(long, value_name = "L")]
    pub label: Option<String>,
    /// A message for the payer (bitcoin: URIs).
    #[arg(long, value_name = "M")]
    pub message: Option<String>,
    /// Output format; by default the extension of --out (.png, .svg) decides, else text.
    #[arg(long, value_enum)]
    pub format: Option<QrFormat>,
    /// Write to this new file (never overwritten) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum RepairFormat {
    /// BIP-39 words (the checksum filters candidates).
    Bip39,
    /// An Electrum seed (its version hash filters candidates).
    Electrum,
    /// A SLIP-39 share (its RS1024 checksum alone tells the repaired share; no target).
    Slip39,
}

#[derive(Args, Debug)]
#[command(group = clap::ArgGroup::new("target").args(["addresses", "address_file", "xpub", "fingerprint"]))]
#[command(group = clap::ArgGroup::new("passphrase_source").args(["passphrase_file", "passphrase_wordlist", "passphrase_mask"]))]
pub struct RepairArgs {
    /// The words as remembered (prefer standard input or --pattern-file: argv stays in shell
    /// history).
    #[arg(value_name = "PATTERN", conflicts_with = "pattern_file")]
    pub pattern: Option<String>,
    /// Read the pattern from this file.
    #[arg(long, value_name = "PATH")]
    pub pattern_file: Option<PathBuf>,
    /// This many words were left out, at unknown positions.
    #[arg(long, default_value_t = 0, value_name = "N", value_parser = clap::builder::TypedValueParser::map(clap::value_parser!(u8).range(0..=4), usize::from))]
    pub missing: usize,
    /// Up to this many pairs of words may be swapped.
    #[arg(long, default_value_t = 0, value_name = "K", value_parser = clap::builder::TypedValueParser::map(clap::value_parser!(u8).range(0..=4), usize::from))]
    pub swaps: usize,
    /// All words are known but their order is lost: try every order (12 words: hours;
    /// 24 words: impossible).
    #[arg(long, conflicts_with = "swaps")]
    pub unordered: bool,
    /// The wordlist; found from the words when not given (English when nothing decides).
    #[arg(long, value_name = "L")]
    pub language: Option<seedsafe_core::bip39::Language>,
    /// What the words are: bip39, electrum or slip39 (a single share).
    #[arg(long, value_enum, default_value = "bip39", value_name = "FORMAT")]
    pub seed_format: RepairFormat,
    /// An address of the wallet (any chain and kind seedsafe derives); repeat for several.
    #[arg(long = "address", value_name = "A")]
    pub addresses: Vec<String>,
    /// A file of addresses of the wallet, one per line (# comments).
    #[arg(long, value_name = "PATH")]
    pub address_file: Option<PathBuf>,
    /// An extended public key of the wallet (xpub, ypub, zpub, tpub, ...).
    #[arg(long, value_name = "X")]
    pub xpub: Option<String>,
    /// The wallet's BIP-32 master fingerprint (8 hex digits).
    #[arg(long, value_name = "F")]
    pub fingerprint: Option<String>,
    /// Chain of the addresses, when an address could belong to several.
    #[arg(long, value_name = "C")]
    pub chain: Option<seedsafe_core::chain::Chain>,
    /// Address kind, when the address does not say (p2pkh, p2sh-p2wpkh, p2wpkh, p2tr).
    #[arg(long, value_name = "K")]
    pub kind: Option<seedsafe_core::chain::AddressKind>,
    /// A derivation path to try instead of the common ones (* is the address index; for
    /// --xpub, the xpub's own path); repeat for several.
    #[arg(long = "path", value_name = "P")]
    pub paths: Vec<seedsafe_core::path::PathTemplate>,
    /// Address indexes tried on each path: 0 to N-1.
    #[arg(long, default_value_t = seedsafe_recover::target::DEFAULT_INDEXES, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub indexes: u32,
    /// The wallet's BIP-39 passphrase (or Electrum extension), when it has one and it is
    /// known; with --passphrase-typos, the passphrase as remembered.
    #[arg(long, value_name = "PATH")]
    pub passphrase_file: Option<PathBuf>,
    /// Search the passphrase of --passphrase-file and every typo of it (one character
    /// deleted, inserted, replaced, two transposed, a letter's case flipped).
    #[arg(long, requires = "passphrase_file")]
    pub passphrase_typos: bool,
    /// Search the passphrase among the lines of this file.
    #[arg(long, value_name = "PATH")]
    pub passphrase_wordlist: Option<PathBuf>,
    /// Search the passphrase by a mask: ?l a-z, ?u A-Z, ?d 0-9, ?s symbols, ?a all
    /// printable, ?? a literal ?; other characters stand for themselves.
    #[arg(long, value_name = "MASK")]
    pub passphrase_mask: Option<String>,
    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N", value_parser = clap::builder::TypedValueParser::map(clap::value_parser!(u16).range(1..), usize::from))]
    pub threads: Option<usize>,
    /// Search only part I of N of the candidates (for array jobs; parts 1 to N).
    #[arg(long, value_name = "I/N")]
    pub shard: Option<seedsafe_recover::space::Shard>,
    /// Keep the position in this file and resume from it when it exists.
    #[arg(long, value_name = "PATH")]
    pub checkpoint: Option<PathBuf>,
    /// Start a search estimated to take more than an hour.
    #[arg(long)]
    pub yes: bool,
    /// Print the repaired words on standard output even when it is not a terminal (and in
    /// --json).
    #[arg(long)]
    pub reveal: bool,
    /// Print one JSON document.
    #[arg(long)]
    pub json: bool,
    /// Measure this machine: PBKDF2 seeds per second (SIMD kernel and the RustCrypto
    /// reference) and end-to-end search rates.
    #[arg(long, conflicts_with_all = ["pattern", "pattern_file", "target"])]
    pub benchmark: bool,
    /// How long the benchmark runs, in seconds.
    #[arg(long, default_value_t = 10.0, value_name = "S", requires = "benchmark")]
    pub seconds: f64,
    /// The PBKDF2 kernel (portable, avx2, avx2x2, avx2+scalar, avx512, avx512x2);
    /// default: the fastest this CPU runs.
    #[arg(long, value_name = "NAME", hide = true)]
    pub kernel: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum PlanCommand {
    /// Write a plan to start from: an encrypted copy in a local folder and a paper sheet,
    /// with every other kind of copy in comments.
    #[command(
        after_help = "Examples:\n  seedsafe plan init --out plan.toml\n  seedsafe plan init --label savings > plan.toml"
    )]
    Init(PlanInitArgs),
    /// Check a plan before anything is written: its errors, and the weaknesses `seedsafe
    /// status` would report once the copies exist.
    #[command(
        after_help = "Examples:\n  seedsafe plan check plan.toml\n  seedsafe plan check plan.toml --json"
    )]
    Check(PlanCheckArgs),
    /// Make the copies a plan asks for: each written, read back from its destination and
    /// restored before it is recorded in the manifest.
    ///
    /// The secret is read once (hidden prompt, standard input or --secret-file); copies
    /// encrypted with a password share one, from --password-file, --generate-password or a
    /// prompt. Running again makes only what is missing; --rotate makes every copy anew and
    /// removes the old ones once the new ones are verified. A copy that fails is reported and
    /// not recorded; the others are still made. --quickstart runs the local defaults
    /// (an encrypted copy in the seedsafe folder and a paper sheet), writing
    /// $SEEDSAFE_HOME/plan.toml the first time.
    #[command(
        after_help = "Examples:\n  seedsafe plan run --quickstart\n  seedsafe plan run plan.toml --password-file pw.txt\n  seedsafe plan run plan.toml --wallet savings --rotate --json"
    )]
    Run(PlanRunArgs),
}

#[derive(Args, Debug)]
pub struct PlanInitArgs {
    /// Write the plan to this new file instead of standard output.
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// The wallet's label in the plan.
    #[arg(long, value_name = "L")]
    pub label: Option<String>,
}

#[derive(Args, Debug)]
pub struct PlanCheckArgs {
    /// The plan file.
    pub plan: PathBuf,
    /// The credentials file (default: $SEEDSAFE_CREDENTIALS, else credentials.toml in the
    /// seedsafe folder).
    #[arg(long, value_name = "FILE")]
    pub credentials: Option<PathBuf>,
    /// Print one JSON document.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct PlanRunArgs {
    /// The plan file.
    #[arg(required_unless_present = "quickstart", conflicts_with = "quickstart")]
    pub plan: Option<PathBuf>,
    /// Use the local defaults: $SEEDSAFE_HOME/plan.toml, written the first time.
    #[arg(long)]
    pub quickstart: bool,
    /// The wallet of the plan to back up (needed when the plan has several).
    #[arg(long, value_name = "LABEL")]
    pub wallet: Option<String>,
    /// Make every copy anew, and remove the old ones once the new ones are verified.
    #[arg(long)]
    pub rotate: bool,
    #[command(flatten)]
    pub input: SecretInput,
    /// Read the encryption password from this file.
    #[arg(long, value_name = "F", conflicts_with = "generate_password")]
    pub password_file: Option<PathBuf>,
    /// Make a strong password (8 random words, 88 bits) and show it once.
    #[arg(long)]
    pub generate_password: bool,
    /// Accept a password that the strength estimate calls weak, without asking.
    #[arg(long)]
    pub accept_weak_password: bool,
    /// The credentials file for destinations.
    #[arg(long, value_name = "FILE")]
    pub credentials: Option<PathBuf>,
    /// Print one JSON document.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct StatusArgs {
    /// Also fetch every electronic copy: is it there, unchanged?
    #[arg(long)]
    pub online: bool,
    /// The credentials file for destinations (with --online).
    #[arg(long, value_name = "FILE")]
    pub credentials: Option<PathBuf>,
    /// Print one JSON document.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct DrillArgs {
    /// The copies to drill, by id (a share's id drills its whole set).
    #[arg(value_name = "COPY_ID", conflicts_with = "all")]
    pub ids: Vec<String>,
    /// Drill every copy.
    #[arg(long)]
    pub all: bool,
    /// A photo or scan (PNG, JPEG) of a paper sheet's SeedQR, instead of typing its words.
    #[arg(long, value_name = "IMAGE")]
    pub photo: Option<PathBuf>,
    /// Read the copies' password from this file.
    #[arg(long, value_name = "F")]
    pub password_file: Option<PathBuf>,
    /// An age identity file or SSH private key, for copies encrypted to public keys.
    #[arg(long = "identity", short = 'i', value_name = "FILE")]
    pub identities: Vec<PathBuf>,
    /// Read the BIP-39 passphrase from this file (when the wallet has one).
    #[arg(long, value_name = "PATH", conflicts_with = "ask_passphrase")]
    pub passphrase_file: Option<PathBuf>,
    /// Ask for the BIP-39 passphrase at a hidden prompt.
    #[arg(long)]
    pub ask_passphrase: bool,
    /// The credentials file for destinations.
    #[arg(long, value_name = "FILE")]
    pub credentials: Option<PathBuf>,
    /// Print one JSON document.
    #[arg(long)]
    pub json: bool,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeedQrArg {
    /// Word numbers as digits (any QR reader shows them).
    Standard,
    /// The raw entropy: one size smaller.
    Compact,
    /// No SeedQR.
    None,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaperArg {
    /// ISO A4.
    A4,
    /// US Letter.
    Letter,
}

#[derive(Args, Debug)]
pub struct PaperArgs {
    #[command(flatten)]
    pub input: SecretInput,
    /// The PDF to write (mode 0600; an existing file is never overwritten).
    #[arg(long, value_name = "FILE.pdf")]
    pub out: PathBuf,
    /// The SeedQR on the sheet. Default: standard for English 12- and 24-word BIP-39
    /// mnemonics (the only ones SeedQR covers), none otherwise.
    #[arg(long, value_enum)]
    pub seedqr: Option<SeedQrArg>,
    /// Print this chain's first receive address and its QR code; repeatable. Default: btc.
    #[arg(long = "chain", value_name = "C")]
    pub chains: Vec<seedsafe_core::chain::Chain>,
    /// Paper size.
    #[arg(long, value_enum, default_value = "a4")]
    pub paper: PaperArg,
    /// Print SLIP-39 share cards; the shares come like a secret, one per line.
    #[arg(long, conflicts_with_all = ["encrypted", "seedqr", "chains"])]
    pub cards: bool,
    /// For --cards: what the shares restore, bip39 (the same BIP-39 words) or wallet.
    #[arg(long, value_enum, default_value = "bip39", requires = "cards")]
    pub mode: ShareMode,
    /// For --cards: where a card is to be kept, in the order of the shares; repeatable.
    #[arg(long = "location", value_name = "TEXT", requires = "cards")]
    pub locations: Vec<String>,
    /// For --cards: one card per page instead of two or four.
    #[arg(long, requires = "cards")]
    pub one_per_page: bool,
    /// Print the wallet encrypted with age (as QR codes and text) instead of its words.
    #[arg(long, conflicts_with_all = ["seedqr", "chains"])]
    pub encrypted: bool,
    /// For --encrypted: encrypt to this recipient (age1..., age1pq1... or an SSH public key)
    /// instead of a password; repeatable.
    #[arg(long = "to", value_name = "R", requires = "encrypted")]
    pub to: Vec<String>,
    /// For --encrypted: read the password from this file (otherwise it is asked for twice).
    #[arg(long, value_name = "F", requires = "encrypted", conflicts_with = "to")]
    pub password_file: Option<PathBuf>,
    /// For --encrypted: make a strong password (8 random words) and show it once.
    #[arg(long, requires = "encrypted", conflicts_with_all = ["to", "password_file"])]
    pub generate_password: bool,
    /// For --encrypted: accept a password that the strength estimate calls weak.
    #[arg(long, requires = "encrypted")]
    pub accept_weak_password: bool,
    /// A name for the wallet, printed on the paper.
    #[arg(long, value_name = "L")]
    pub label: Option<String>,
    /// Print one JSON document.
    #[arg(long)]
    pub json: bool,
}

#[derive(Subcommand, Debug)]
pub enum SeedqrCommand {
    /// Show a BIP-39 mnemonic as a SeedQR: on the terminal, or as a PNG, SVG or text file.
    ///
    /// SeedQR numbers the words of the English list, so only English 12- and 24-word
    /// mnemonics have one. Whoever scans the code has the wallet; the BIP-39 passphrase is
    /// not in it.
    #[command(
        after_help = "Examples:\n  seedsafe seedqr encode\n  seedsafe seedqr encode --compact --out seedqr.png\n  seedsafe seedqr encode --format svg --out seedqr.svg < words.txt"
    )]
    Encode(SeedqrEncodeArgs),
    /// Read the QR codes in a photo or scan (PNG or JPEG): SeedQRs, seedsafe's encrypted
    /// paper, and any other code.
    ///
    /// Shows what each code is and, for a SeedQR, the wallet's fingerprint and first
    /// addresses. The words (and other codes' contents) only with --reveal.
    #[command(
        after_help = "Examples:\n  seedsafe seedqr decode photo.jpg\n  seedsafe seedqr decode scan.png --reveal --json"
    )]
    Decode(SeedqrDecodeArgs),
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum QrImageFormat {
    /// A PNG image.
    Png,
    /// An SVG drawing.
    Svg,
    /// Text with block characters, for a terminal.
    Text,
}

#[derive(Args, Debug)]
pub struct SeedqrEncodeArgs {
    #[command(flatten)]
    pub input: SecretInput,
    /// Make a CompactSeedQR (the entropy as bytes) instead of a Standard one (digits).
    #[arg(long)]
    pub compact: bool,
    /// Output format. Default: from the --out file's extension (.png, .svg, else text), or
    /// text on the terminal.
    #[arg(long, value_enum)]
    pub format: Option<QrImageFormat>,
    /// Write to this new file (mode 0600) instead of the terminal.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Write to standard output even when it is not a terminal.
    #[arg(long, conflicts_with = "out")]
    pub reveal: bool,
}

#[derive(Args, Debug)]
pub struct SeedqrDecodeArgs {
    /// The photo or scan (PNG or JPEG).
    pub image: PathBuf,
    /// Also show the words, and the contents of other codes.
    #[arg(long)]
    pub reveal: bool,
    /// Print one JSON document.
    #[arg(long)]
    pub json: bool,
}

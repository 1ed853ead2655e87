//! Planted mistakes: a known wallet's words are damaged the way hand-written backups are,
//! and the search must find the original, checked against what seedsafe-core derives.

use proptest::prelude::*;
use seedsafe_core::bip39::{Language, Mnemonic};
use seedsafe_core::chain::{AddressKind, Chain};
use seedsafe_core::electrum::{self, SeedVersion};
use seedsafe_core::secret::Passphrase;
use seedsafe_core::slip39::{self, Share, SplitOptions};
use seedsafe_core::wallet::{DeriveRequest, Secret, Wallet};
use seedsafe_recover::checkpoint::Checkpoint;
use seedsafe_recover::passphrase::Passphrases;
use seedsafe_recover::pattern::{self, Wordlist};
use seedsafe_recover::search::{search, Format, Options, Outcome, Plan, Quiet, SearchError};
use seedsafe_recover::space::{Mistakes, Shard};
use seedsafe_recover::target::Target;

const ABOUT: &str =
    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
const LEGAL: &str = "legal winner thank year wave sausage worth useful legal winner thank yellow";

/// The address of a secret at `index` of the default path of `chain`/`kind`.
fn address_of(
    secret: &Secret,
    passphrase: &str,
    chain: Chain,
    kind: Option<AddressKind>,
    index: u32,
) -> String {
    let wallet = Wallet::open(secret, &Passphrase::new(passphrase.into())).expect("opens");
    let req = DeriveRequest { kind, start: index, count: 1, ..DeriveRequest::first(chain) };
    wallet.derive(&req).expect("derives").addresses[0].address.clone()
}

fn bip39_address(
    words: &str,
    passphrase: &str,
    chain: Chain,
    kind: Option<AddressKind>,
    index: u32,
) -> String {
    address_of(&Secret::parse(words, None, None).expect("valid"), passphrase, chain, kind, index)
}

/// Replaces the words at `positions` (0-based) with `tokens`.
fn damage(words: &str, edits: &[(usize, &str)]) -> String {
    let mut w: Vec<String> = words.split_whitespace().map(str::to_string).collect();
    for (pos, token) in edits {
        w[*pos] = (*token).to_string();
    }
    w.join(" ")
}

struct Case {
    format: Format,
    pattern: String,
    wordlist: Option<Wordlist>,
    mistakes: Mistakes,
    passphrases: Passphrases,
    target: Option<Target>,
    shard: Shard,
}

impl Case {
    fn bip39(pattern: &str, target: Target) -> Self {
        Case {
            format: Format::Bip39,
            pattern: pattern.into(),
            wordlist: None,
            mistakes: Mistakes::default(),
            passphrases: Passphrases::known(Passphrase::empty()),
            target: Some(target),
            shard: Shard::WHOLE,
        }
    }

    fn plan(&self) -> Result<Plan, SearchError> {
        let wordlist = self.wordlist.or(match self.format {
            Format::Slip39 => Some(Wordlist::Slip39),
            _ => None,
        });
        let pattern = pattern::parse(&self.pattern, wordlist).expect("pattern");
        Plan::new(
            self.format,
            &pattern,
            self.mistakes,
            self.passphrases.clone(),
            self.target.clone(),
            self.shard,
        )
    }

    fn run(&self) -> Outcome {
        search(&self.plan().expect("plan"), &Options::default(), &Quiet).expect("search")
    }

    fn finds(&self, expected: &str) -> Outcome {
        let outcome = self.run();
        let found = outcome.found.as_ref().expect("the planted mistake is found");
        assert_eq!(&*found.phrase, expected);
        outcome
    }
}

fn btc84(words: &str) -> Target {
    Target::addresses(&[bip39_address(words, "", Chain::Btc, None, 0)], None, None, &[], 3).expect("target")
}

#[test]
fn one_unknown_word() {
    let outcome = Case::bip39(&damage(LEGAL, &[(4, "?")]), btc84(LEGAL)).finds(LEGAL);
    let hit = outcome.found.expect("found").hit.expect("hit");
    assert_eq!(hit.path.as_deref(), Some("m/84'/0'/0'/0/0"));
    assert!(outcome.checked >= 1 && outcome.checked <= 2048 / 16 + 16, "checksum filters first");
}

#[test]
fn illegible_prefix_alternatives_and_misspelling() {
    Case::bip39(&damage(LEGAL, &[(0, "le?"), (5, "{sausage|winner}"), (7, "~usefull")]), btc84(LEGAL))
        .finds(LEGAL);
}

#[test]
fn one_swap() {
    let swapped = damage(LEGAL, &[(2, "year"), (3, "thank")]);
    let mut case = Case::bip39(&swapped, btc84(LEGAL));
    case.mistakes.swaps = 1;
    case.finds(LEGAL);
    case.mistakes.swaps = 0;
    assert!(case.run().found.is_none(), "without --swaps the order is fixed");
}

#[test]
fn missing_word() {
    let words: Vec<&str> = LEGAL.split(' ').collect();
    let without: Vec<&str> = words.iter().enumerate().filter(|(i, _)| *i != 6).map(|(_, w)| *w).collect();
    let mut case = Case::bip39(&without.join(" "), btc84(LEGAL));
    case.mistakes.missing = 1;
    case.finds(LEGAL);
}

#[test]
fn unordered_within_a_shard() {
    // The order is lost; the written order differs from the real one by the last two
    // words, which is permutation 1 of 12!: the first shard of 12!/32 holds it.
    let written = damage(LEGAL, &[(10, "yellow"), (11, "thank")]);
    let mut case = Case::bip39(&written, btc84(LEGAL));
    case.mistakes.unordered = true;
    case.shard = Shard { index: 1, count: 479_001_600 / 32 };
    assert_eq!(case.plan().expect("plan").range(), 0..32);
    case.finds(LEGAL);
}

#[test]
fn passphrase_from_a_wordlist_a_mask_and_typos() {
    let target =
        Target::addresses(&[bip39_address(ABOUT, "Tr3zor!", Chain::Btc, None, 1)], None, None, &[], 2)
            .expect("target");
    let mut case = Case::bip39(ABOUT, target);
    case.passphrases = Passphrases::list("password\nTrezor\nTr3zor!\nsatoshi\n");
    let found = case.finds(ABOUT).found.expect("found");
    assert_eq!(found.passphrase.as_ref().map(Passphrase::expose), Some("Tr3zor!"));
    case.passphrases = Passphrases::mask("Tr?dzor?s").expect("mask");
    assert_eq!(
        case.finds(ABOUT).found.and_then(|f| f.passphrase).map(|p| p.expose().to_string()),
        Some("Tr3zor!".into())
    );
    case.passphrases = Passphrases::typos(&Passphrase::new("Tr3zr!".into()));
    assert_eq!(
        case.finds(ABOUT).found.and_then(|f| f.passphrase).map(|p| p.expose().to_string()),
        Some("Tr3zor!".into())
    );
}

#[test]
fn several_languages() {
    let entropy = [0x7fu8; 16];
    for language in [Language::Japanese, Language::Spanish, Language::ChineseSimplified, Language::Korean] {
        let m = Mnemonic::from_entropy(&entropy, language).expect("mnemonic");
        let phrase = m.phrase();
        let secret = Secret::Bip39(m.clone());
        let address = address_of(&secret, "", Chain::Btc, None, 0);
        let target = Target::addresses(&[address], None, None, &[], 1).expect("target");
        let words: Vec<&str> = m.words().collect();
        let pattern = damage(&words.join(" "), &[(11, "?")]);
        Case::bip39(&pattern, target).finds(&phrase);
    }
}

#[test]
fn every_chain() {
    let cases: [(Chain, Option<AddressKind>); 7] = [
        (Chain::Btc, Some(AddressKind::P2tr)),
        (Chain::Btc, Some(AddressKind::P2shP2wpkh)),
        (Chain::Ltc, None),
        (Chain::Doge, None),
        (Chain::Eth, None),
        (Chain::Trx, None),
        (Chain::Sol, None),
    ];
    for (chain, kind) in cases {
        let address = bip39_address(LEGAL, "", chain, kind, 1);
        let target = Target::addresses(&[address], Some(chain), None, &[], 2).expect("target");
        let outcome = Case::bip39(&damage(LEGAL, &[(11, "?")]), target).finds(LEGAL);
        assert!(outcome.found.and_then(|f| f.hit).and_then(|h| h.path).is_some(), "{chain}");
    }
}

#[test]
fn address_file_of_many_addresses() {
    let mut addresses: Vec<String> =
        (0..50).map(|i| bip39_address(ABOUT, &format!("x{i}"), Chain::Btc, None, 0)).collect();
    addresses.push(bip39_address(LEGAL, "", Chain::Eth, None, 3));
    let target = Target::addresses(&addresses, None, None, &[], 5).expect("target");
    Case::bip39(&damage(LEGAL, &[(11, "?")]), target).finds(LEGAL);
}

#[test]
fn xpub_and_fingerprint_targets() {
    let wallet =
        Wallet::open(&Secret::parse(LEGAL, None, None).expect("valid"), &Passphrase::empty()).expect("opens");
    let d = wallet
        .derive(&DeriveRequest { kind: Some(AddressKind::P2shP2wpkh), ..DeriveRequest::first(Chain::Btc) })
        .expect("derives");
    let ypub = d.account_xpub.expect("xpub");
    let t = Target::xpub(&ypub, None, &[]).expect("xpub");
    let found = Case::bip39(&damage(LEGAL, &[(3, "?")]), t).finds(LEGAL).found.expect("found");
    assert_eq!(found.hit.and_then(|h| h.path).as_deref(), Some("m/49'/0'/0'"));
    let fp = Target::fingerprint(&d.fingerprint.expect("fingerprint")).expect("fingerprint");
    Case::bip39(&damage(LEGAL, &[(3, "?")]), fp).finds(LEGAL);
}

#[test]
fn electrum_seeds() {
    for (version, kind) in
        [(SeedVersion::Standard, AddressKind::P2pkh), (SeedVersion::Segwit, AddressKind::P2wpkh)]
    {
        let m = electrum::Mnemonic::generate(version);
        let phrase = m.phrase();
        let address = address_of(&Secret::Electrum(m), "", Chain::Btc, None, 2);
        let target = Target::addresses(&[address], None, Some(kind), &[], 3).expect("target");
        let mut case = Case::bip39(&damage(&phrase, &[(5, "?")]), target);
        case.format = Format::Electrum;
        case.wordlist = Some(Wordlist::Bip39(Language::English));
        let found = case.finds(&phrase).found.expect("found");
        assert_eq!(found.electrum, Some(version));
    }
}

#[test]
fn slip39_share_with_a_wrong_and_an_illegible_word() {
    let mut opts = SplitOptions::single_group(2, 3);
    opts.iteration_exponent = 0;
    let groups = slip39::split(&[0x42; 16], b"", &opts).expect("split");
    let share = groups[0][1].to_mnemonic();
    let words: Vec<&str> = share.split(' ').collect();
    let mut case = Case::bip39(&damage(&share, &[(6, "?"), (9, &format!("~{}x", words[9]))]), btc84(ABOUT));
    case.format = Format::Slip39;
    case.target = None;
    let found = case.finds(&share).found.expect("found");
    assert!(Share::parse(&found.phrase).is_ok());
}

#[test]
fn a_search_that_cannot_succeed_covers_everything() {
    let mut case = Case::bip39(&damage(ABOUT, &[(11, "?")]), btc84(LEGAL));
    // "abandon" is a word of the French list too: with the last word unknown, only
    // --language tells them apart.
    case.wordlist = Some(Wordlist::Bip39(Language::English));
    let outcome = case.run();
    assert!(outcome.found.is_none());
    assert!(outcome.complete);
    assert_eq!(outcome.candidates, 2048);
    assert_eq!(outcome.checked, 128, "exactly the checksum-valid last words are stretched");
}

#[test]
fn impossible_searches_are_refused() {
    let too_short = Case::bip39(&damage(LEGAL, &[(11, "?")]).replacen("legal ", "", 1), btc84(ABOUT));
    assert!(matches!(too_short.plan(), Err(SearchError::WordCount { words: 11, .. })));
    let mut no_target = Case::bip39(ABOUT, btc84(ABOUT));
    no_target.target = None;
    assert!(matches!(no_target.plan(), Err(SearchError::Target(_))));
    let mut empty = Case::bip39(ABOUT, btc84(ABOUT));
    empty.passphrases = Passphrases::list("");
    assert!(matches!(empty.plan(), Err(SearchError::Nothing(_))));
    let mut p2tr_electrum = Case::bip39(
        ABOUT,
        Target::addresses(
            &[bip39_address(ABOUT, "", Chain::Btc, Some(AddressKind::P2tr), 0)],
            None,
            None,
            &[],
            1,
        )
        .expect("target"),
    );
    p2tr_electrum.format = Format::Electrum;
    assert!(matches!(p2tr_electrum.plan(), Err(SearchError::Nothing(_))));
}

/// A search resumed from a checkpoint starts there and finds the same result.
#[test]
fn checkpoint_resume_finds_the_same_result() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("repair.json");
    // 8 alternatives for word 2, the right one last, and an unknown last word.
    let pattern = damage(LEGAL, &[(1, "{abandon|ability|able|about|above|absent|absorb|winner}"), (11, "?")]);
    let case = Case::bip39(&pattern, btc84(LEGAL));
    let plan = case.plan().expect("plan");
    let fresh = search(&plan, &Options::default(), &Quiet).expect("search");
    let index = fresh.found.as_ref().expect("found").index;
    assert!(index >= 7 * 2048);
    // A checkpoint part-way through, as an interrupted run leaves it.
    let cp = Checkpoint {
        search: plan.checkpoint_id().to_string(),
        shard: Shard::WHOLE,
        start: 0,
        end: plan.range().end,
        position: 6 * 2048,
        checked: 0,
    };
    cp.save(&path).expect("saved");
    let options = Options { checkpoint: Some(path.clone()), ..Options::default() };
    let resumed = search(&plan, &options, &Quiet).expect("search");
    assert_eq!(resumed.resumed_at, Some(6 * 2048));
    let found = resumed.found.expect("found again");
    assert_eq!((found.index, found.phrase.as_str()), (index, LEGAL));
    assert!(resumed.checked < fresh.checked);
    // A checkpoint of another search is refused.
    let other = Case::bip39(&damage(LEGAL, &[(11, "?")]), btc84(LEGAL)).plan().expect("plan");
    assert!(search(&other, &options, &Quiet).is_err());
}

/// A run stopped early leaves a checkpoint; resuming it finds the result.
#[test]
fn interrupted_run_resumes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("repair.json");
    let pattern = damage(LEGAL, &[(1, "{abandon|ability|able|winner}"), (11, "?")]);
    let plan = Case::bip39(&pattern, btc84(LEGAL)).plan().expect("plan");
    let stopped = Options {
        checkpoint: Some(path.clone()),
        time_limit: Some(std::time::Duration::ZERO),
        threads: 1,
        ..Options::default()
    };
    let first = search(&plan, &stopped, &Quiet).expect("search");
    let cp = Checkpoint::load(&path).expect("readable").expect("written");
    assert!(cp.position <= plan.range().end);
    assert_eq!(first.complete, cp.position == plan.range().end && first.found.is_none());
    let options = Options { checkpoint: Some(path), ..Options::default() };
    let second = search(&plan, &options, &Quiet).expect("search");
    assert_eq!(second.resumed_at, Some(cp.position));
    let found = first.found.or(second.found).expect("found in one of the runs");
    assert_eq!(&*found.phrase, LEGAL);
}

/// Every shard of a search together find the answer exactly once.
#[test]
fn shards_find_the_answer_once() {
    let pattern = damage(LEGAL, &[(11, "?")]);
    let mut hits = 0;
    let mut covered = 0u128;
    for index in 1..=5 {
        let mut case = Case::bip39(&pattern, btc84(LEGAL));
        case.shard = Shard { index, count: 5 };
        let plan = case.plan().expect("plan");
        let outcome = search(&plan, &Options::default(), &Quiet).expect("search");
        hits += usize::from(outcome.found.is_some());
        covered += outcome.candidates.min(plan.range().end - plan.range().start);
        if outcome.found.is_none() {
            assert!(outcome.complete);
        }
    }
    assert_eq!(hits, 1);
    assert!(covered <= 2048);
}

proptest! {
    /// The parts of `--shard i/n` cover the space exactly once, in order.
    #[test]
    fn shard_ranges_partition_the_space(total in prop_oneof![0u128..10_000, any::<u128>()], count in 1u64..2000) {
        let mut next = 0u128;
        for index in 1..=count {
            let r = Shard { index, count }.range(total);
            prop_assert_eq!(r.start, next);
            prop_assert!(r.end >= r.start);
            prop_assert!(r.end - r.start <= total / u128::from(count) + 1);
            next = r.end;
        }
        prop_assert_eq!(next, total);
    }
}

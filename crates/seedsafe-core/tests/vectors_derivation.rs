//! Address derivation through the high-level API (`Secret` → `Wallet` → `derive`) against:
//! - the test vectors of BIP-49, BIP-84 and BIP-86 (`bip49_84_86_derivation_vectors.json`);
//! - the single-keystore wallets of Electrum's `TestWalletKeystoreAddressIntegrityForMainnet`
//!   (`electrum_seed_vectors.json`, `wallet_keystore_tests[].summary`): BIP-39 seeds at
//!   m/44', m/49' and m/84' (one with the "unicode horror" passphrase) and Electrum standard
//!   and SegWit seeds (one with that passphrase as seed extension).

mod common;

use common::{text, Failures};

use bitcoin::bip32::{ChildNumber, DerivationPath, Xpriv, Xpub};
use bitcoin::secp256k1::Secp256k1;
use seedsafe_core::bip32::{encode_xprv, encode_xpub};
use seedsafe_core::chain::{AddressKind, Chain, Network};
use seedsafe_core::electrum;
use seedsafe_core::secret::{ExtendedPrivateKey, Passphrase, Seed};
use seedsafe_core::wallet::{DeriveRequest, Secret, SeedFormat, Wallet};

fn request(kind: Option<AddressKind>, network: Network, change: bool, index: u32) -> DeriveRequest {
    DeriveRequest { chain: Chain::Btc, kind, network, account: 0, change, start: index, count: 1, path: None }
}

/// Derives one address and checks it (and its path, when known).
#[allow(clippy::too_many_arguments)]
fn check_address(
    fails: &mut Failures,
    id: &str,
    wallet: &Wallet,
    kind: Option<AddressKind>,
    network: Network,
    change: bool,
    index: u32,
    want_address: &str,
    want_path: Option<&str>,
) {
    match wallet.derive(&request(kind, network, change, index)) {
        Ok(d) => {
            fails.eq(id, "number of addresses", d.addresses.len(), 1);
            if let Some(a) = d.addresses.first() {
                fails.eq(id, "address", a.address.as_str(), want_address);
                fails.eq(id, "address index", a.index, index);
                if let Some(p) = want_path {
                    fails.eq(id, "address path", a.path.as_deref(), Some(p));
                }
            }
        }
        Err(e) => fails.fail(id, format!("derive: {e:?}")),
    }
}

/// The BIP-32 master of a seed, for checking the published extended private keys.
fn master(seed: &Seed, network: Network) -> Xpriv {
    Xpriv::new_master(network.kind(), seed.as_bytes()).expect("master key")
}

fn derive_path(top: &Xpriv, path: &str) -> Xpriv {
    let path: DerivationPath = path.parse().expect("path");
    top.derive_priv(&Secp256k1::new(), &path).expect("derivation")
}

/// Change flag and index of a path ending in `/change/index`.
fn change_and_index(path: &str) -> (bool, u32) {
    let path: DerivationPath = path.parse().expect("path");
    let steps: Vec<ChildNumber> = path.into_iter().copied().collect();
    match steps.as_slice() {
        [.., ChildNumber::Normal { index: change }, ChildNumber::Normal { index }] => {
            assert!(*change <= 1, "{path}: change is 0 or 1");
            (*change == 1, *index)
        }
        _ => panic!("{path} does not end in /change/index"),
    }
}

#[test]
fn bip49_84_86_vectors() {
    let json = common::vector_json("bip49_84_86_derivation_vectors.json");
    let vectors = json.as_array().expect("a list of vectors");
    let secp = Secp256k1::new();
    let mut fails = Failures::default();
    let mut addresses = 0;
    for vector in vectors {
        let bip = vector["bip"].as_u64().expect("bip");
        let id = format!("BIP-{bip}");
        let kind = match bip {
            49 => AddressKind::P2shP2wpkh,
            84 => AddressKind::P2wpkh,
            86 => AddressKind::P2tr,
            other => panic!("unexpected BIP {other}"),
        };
        let network: Network = text(&vector["network"], "network").parse().expect("network");
        let passphrase = Passphrase::new(text(&vector["passphrase"], "passphrase").to_string());
        let secret = Secret::parse(text(&vector["mnemonic"], "mnemonic"), None, None).expect("mnemonic");
        fails.eq(&id, "secret kind", secret.kind(), "bip39");
        let wallet = Wallet::open(&secret, &passphrase).expect("open");

        // The account key, SLIP-132 encoded: upub (BIP-49 testnet), zpub (BIP-84), xpub (BIP-86).
        let account = &vector["account"];
        match wallet.derive(&request(Some(kind), network, false, 0)) {
            Ok(d) => {
                fails.eq(&id, "kind", d.kind, Some(kind));
                fails.eq(
                    &id,
                    "account path",
                    d.account_path.as_deref(),
                    Some(text(&account["path"], "path")),
                );
                fails.eq(
                    &id,
                    "account xpub",
                    d.account_xpub.as_deref(),
                    Some(text(&account["xpub"], "xpub")),
                );
            }
            Err(e) => fails.fail(&id, format!("derive: {e:?}")),
        }

        // The published root and account private keys, with seedsafe's SLIP-132 encoder.
        let Secret::Bip39(mnemonic) = &secret else { panic!("{id}: not read as BIP-39") };
        let root = master(&mnemonic.to_seed(&passphrase), network);
        let root_key = ExtendedPrivateKey::new(root);
        fails.eq(
            &id,
            "root xprv",
            encode_xprv(&root_key, kind).to_string(),
            text(&vector["root"]["xprv"], "root xprv").to_string(),
        );
        if let Some(xpub) = vector["root"]["xpub"].as_str() {
            fails.eq(&id, "root xpub", encode_xpub(&Xpub::from_priv(&secp, &root), kind), xpub.to_string());
        }
        let account_key = ExtendedPrivateKey::new(derive_path(&root, text(&account["path"], "path")));
        fails.eq(
            &id,
            "account xprv",
            encode_xprv(&account_key, kind).to_string(),
            text(&account["xprv"], "account xprv").to_string(),
        );

        for a in vector["addresses"].as_array().expect("addresses") {
            addresses += 1;
            let path = text(&a["path"], "path");
            let case = format!("{id} {path}");
            let (change, index) = change_and_index(path);
            check_address(
                &mut fails,
                &case,
                &wallet,
                Some(kind),
                network,
                change,
                index,
                text(&a["address"], "address"),
                Some(path),
            );
            // BIP-86 also gives the address keys.
            if let Some(xprv) = a["xprv"].as_str() {
                let key = derive_path(&root, path);
                fails.eq(&case, "address xprv", key.to_string(), xprv.to_string());
                fails.eq(
                    &case,
                    "address xpub",
                    Xpub::from_priv(&secp, &key).to_string(),
                    text(&a["xpub"], "xpub").to_string(),
                );
            }
        }

        // The receive addresses again, all in one request (start 0, count n).
        let receive: Vec<(u32, &str)> = vector["addresses"]
            .as_array()
            .expect("addresses")
            .iter()
            .filter_map(|a| {
                let (change, index) = change_and_index(text(&a["path"], "path"));
                (!change).then(|| (index, text(&a["address"], "address")))
            })
            .collect();
        let count = receive.iter().map(|(i, _)| i + 1).max().expect("a receive address");
        let req = DeriveRequest { count, ..request(Some(kind), network, false, 0) };
        match wallet.derive(&req) {
            Ok(d) => {
                fails.eq(&id, "batch size", d.addresses.len(), count as usize);
                for (index, address) in &receive {
                    let got = d.addresses.iter().find(|a| a.index == *index).map(|a| a.address.as_str());
                    fails.eq(&id, &format!("batch address {index}"), got, Some(*address));
                }
            }
            Err(e) => fails.fail(&id, format!("batch derive: {e:?}")),
        }
    }
    assert_eq!(vectors.len(), 3, "BIP-49, BIP-84, BIP-86");
    assert_eq!(addresses, 7, "1 + 3 + 3 addresses");
    fails.assert_none("bip49_84_86_derivation_vectors.json");
}

/// Electrum's `txin_type` as seedsafe's address kind.
fn txin_kind(txin_type: &str) -> AddressKind {
    match txin_type {
        "p2pkh" => AddressKind::P2pkh,
        "p2wpkh-p2sh" => AddressKind::P2shP2wpkh,
        "p2wpkh" => AddressKind::P2wpkh,
        other => panic!("unexpected txin_type {other}"),
    }
}

/// Checks a wallet against an Electrum keystore summary: first receive and change addresses,
/// the account's extended public key, and the kind.
fn check_summary(
    fails: &mut Failures,
    id: &str,
    wallet: &Wallet,
    kind: Option<AddressKind>,
    summary: &serde_json::Value,
) {
    let want_kind = txin_kind(text(&summary["txin_type"], "txin_type"));
    match wallet.derive(&request(kind, Network::Mainnet, false, 0)) {
        Ok(d) => {
            fails.eq(id, "kind", d.kind, Some(want_kind));
            fails.eq(id, "account xpub", d.account_xpub.as_deref(), Some(text(&summary["xpub"], "xpub")));
            if let Some(derivation) = summary["derivation"].as_str() {
                fails.eq(id, "account path", d.account_path.as_deref(), Some(derivation));
            }
        }
        Err(e) => fails.fail(id, format!("derive: {e:?}")),
    }
    let receive = text(&summary["first_receiving_address"], "first_receiving_address");
    let change = text(&summary["first_change_address"], "first_change_address");
    check_address(fails, &format!("{id} receive"), wallet, kind, Network::Mainnet, false, 0, receive, None);
    check_address(fails, &format!("{id} change"), wallet, kind, Network::Mainnet, true, 0, change, None);
}

#[test]
fn electrum_wallet_keystore_summaries() {
    let json = common::vector_json("electrum_seed_vectors.json");
    let tests = json["wallet_keystore_tests"].as_array().expect("wallet tests");
    let mut fails = Failures::default();
    let (mut bip39, mut electrum_seeds) = (0, 0);
    let mut slip39_skipped: Vec<&str> = Vec::new();
    let mut without_summary: Vec<&str> = Vec::new();
    for t in tests {
        let name = text(&t["test"], "test").rsplit("::").next().expect("test name");
        let Some(summary) = t.get("summary") else {
            // Multisig, 2FA (the third key is TrustedCoin's), old Electrum 1.x seeds and the
            // version-bytes test have no single-keystore summary; they are not in scope here.
            without_summary.push(name);
            continue;
        };
        if summary.get("slip39_mnemonics").is_some() {
            // SLIP-39 lands separately (its own module and tests); these 8 summaries are
            // test_slip39_{non_extendable,extendable}_{basic_3of6_bip44_standard,
            // basic_2of5_bip49_p2sh_segwit, groups_128bit_bip84_native_segwit,
            // groups_256bit_bip49_p2sh_segwit}.
            slip39_skipped.push(name);
            continue;
        }
        let words = text(&summary["seed_words"], "seed_words");
        // Passed exactly as decoded from JSON, "unicode horror" included.
        let passphrase = Passphrase::new(text(&summary["passphrase"], "passphrase").to_string());
        let want_xprv = text(&summary["xprv"], "xprv");
        if let Some(derivation) = summary["derivation"].as_str() {
            bip39 += 1;
            let kind = match derivation {
                "m/44'/0'/0'" => AddressKind::P2pkh,
                "m/49'/0'/0'" => AddressKind::P2shP2wpkh,
                "m/84'/0'/0'" => AddressKind::P2wpkh,
                other => panic!("{name}: unexpected derivation {other}"),
            };
            let secret = match Secret::parse(words, None, None) {
                Ok(s) => s,
                Err(e) => {
                    fails.fail(name, format!("Secret::parse: {e:?}"));
                    continue;
                }
            };
            fails.eq(name, "secret kind", secret.kind(), "bip39");
            let wallet = Wallet::open(&secret, &passphrase).expect("open");
            check_summary(&mut fails, name, &wallet, Some(kind), summary);
            if let Secret::Bip39(m) = &secret {
                let account = derive_path(&master(&m.to_seed(&passphrase), Network::Mainnet), derivation);
                fails.eq(
                    name,
                    "account xprv",
                    encode_xprv(&ExtendedPrivateKey::new(account), kind).to_string(),
                    want_xprv.to_string(),
                );
            }
        } else {
            electrum_seeds += 1;
            let seed_type = text(&summary["seed_type"], "seed_type");
            let (kind, keystore_path) = match seed_type {
                // Standard wallets use the master key itself, SegWit ones m/0'.
                "standard" => (AddressKind::P2pkh, "m"),
                "segwit" => (AddressKind::P2wpkh, "m/0'"),
                other => panic!("{name}: unexpected seed_type {other}"),
            };
            let secret = match Secret::parse(words, None, Some(SeedFormat::Electrum)) {
                Ok(s) => s,
                Err(e) => {
                    fails.fail(name, format!("Secret::parse: {e:?}"));
                    continue;
                }
            };
            fails.eq(name, "secret kind", secret.kind().to_string(), format!("electrum-{seed_type}"));
            // Without the format given, words that are not valid BIP-39 are found to be Electrum.
            if seedsafe_core::bip39::Mnemonic::parse(words, None).is_err() {
                fails.eq(
                    name,
                    "detected secret kind",
                    Secret::parse(words, None, None).map(|s| s.kind()).ok(),
                    Some(secret.kind()),
                );
            }
            let wallet = Wallet::open(&secret, &passphrase).expect("open");
            // The kind is left to the seed's version, as a user restoring it would.
            check_summary(&mut fails, name, &wallet, None, summary);
            let m = electrum::Mnemonic::parse(words).expect("electrum seed");
            let keystore = derive_path(&master(&m.to_seed(&passphrase), Network::Mainnet), keystore_path);
            fails.eq(
                name,
                "keystore xprv",
                encode_xprv(&ExtendedPrivateKey::new(keystore), kind).to_string(),
                want_xprv.to_string(),
            );
        }
    }
    assert_eq!(bip39, 4, "BIP-39 summaries (bip44, bip44+passphrase, bip49, bip84)");
    assert_eq!(electrum_seeds, 3, "Electrum summaries (standard, segwit, segwit+passphrase)");
    assert_eq!(slip39_skipped.len(), 8, "SLIP-39 summaries skipped: {slip39_skipped:?}");
    assert_eq!(without_summary.len(), 10, "tests without a summary: {without_summary:?}");
    assert_eq!(tests.len(), 25);
    fails.assert_none("electrum_seed_vectors.json wallet_keystore_tests");
}

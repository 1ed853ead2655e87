#!/usr/bin/env python3
"""Reference oracle for seedsafe's differential tests.

Derives addresses, account xpubs and master fingerprints from mnemonics with bip_utils (an
implementation independent of seedsafe's Rust code), so the tests can compare the two.

PyPI packages needed:  bip_utils==2.12.3  mnemonic==0.21

Protocol: one JSON document on stdin, one on stdout.

  Derive mode. Input: a list of cases, each of them
    {"seed_kind": "bip39" | "electrum-standard" | "electrum-segwit",
     "mnemonic": str, "language": "english" | "japanese" | ..., "passphrase": str,
     "chain": "btc" | "ltc" | "doge" | "eth" | "trx" | "sol",
     "kind": "p2pkh" | "p2sh-p2wpkh" | "p2wpkh" | "p2tr" | null,
     "network": "mainnet" | "testnet" | "regtest",
     "account": int, "change": bool, "start": int, "count": int}
  Output: a list, in the same order, of
    {"addresses": [str, ...], "account_xpub": str | null, "fingerprint": "8 hex digits"}

  Generate mode. Input: {"generate": N, "seed_kind": ..., "language": ..., "words": W}
  Output: a list of N fresh random mnemonics (strings).

Any error: message on stderr, exit status 1, nothing on stdout.

Where bip_utils lacks something the script says so next to the code that fills the gap:
Japanese BIP-39 (bip_utils has no Japanese wordlist) and Electrum's text normalisation.
"""

import functools
import json
import sys
import unicodedata

import mnemonic as trezor
from bip_utils import (
    Bip32PublicKeySerializer, Bip32Slip10Secp256k1, Bip39Languages, Bip39SeedGenerator,
    Bip44, Bip44Changes, Bip44Coins, Bip44Conf, Bip49, Bip49Coins, Bip49Conf, Bip84, Bip84Coins,
    Bip84Conf, Bip86, Bip86Coins, Bip86Conf, ElectrumV2Languages, ElectrumV2MnemonicGenerator,
    ElectrumV2MnemonicTypes, ElectrumV2MnemonicValidator, ElectrumV2Segwit, ElectrumV2SeedGenerator,
    ElectrumV2Standard,
)

# BTC/LTC script kind -> (BIP class, coin enums by (chain, network), bip_utils conf whose
# *Bitcoin* key versions name the account xpub: xpub/ypub/zpub, tpub/upub/vpub).
BIPS = {
    "p2pkh": (Bip44, {("btc", "mainnet"): Bip44Coins.BITCOIN,
                      ("btc", "testnet"): Bip44Coins.BITCOIN_TESTNET,
                      ("btc", "regtest"): Bip44Coins.BITCOIN_REGTEST,
                      ("ltc", "mainnet"): Bip44Coins.LITECOIN,
                      ("doge", "mainnet"): Bip44Coins.DOGECOIN},
              {"mainnet": Bip44Conf.BitcoinMainNet, "testnet": Bip44Conf.BitcoinTestNet}),
    "p2sh-p2wpkh": (Bip49, {("btc", "mainnet"): Bip49Coins.BITCOIN,
                            ("btc", "testnet"): Bip49Coins.BITCOIN_TESTNET,
                            ("btc", "regtest"): Bip49Coins.BITCOIN_REGTEST,
                            ("ltc", "mainnet"): Bip49Coins.LITECOIN},
                    {"mainnet": Bip49Conf.BitcoinMainNet, "testnet": Bip49Conf.BitcoinTestNet}),
    "p2wpkh": (Bip84, {("btc", "mainnet"): Bip84Coins.BITCOIN,
                       ("btc", "testnet"): Bip84Coins.BITCOIN_TESTNET,
                       ("btc", "regtest"): Bip84Coins.BITCOIN_REGTEST,
                       ("ltc", "mainnet"): Bip84Coins.LITECOIN},
               {"mainnet": Bip84Conf.BitcoinMainNet, "testnet": Bip84Conf.BitcoinTestNet}),
    "p2tr": (Bip86, {("btc", "mainnet"): Bip86Coins.BITCOIN,
                     ("btc", "testnet"): Bip86Coins.BITCOIN_TESTNET,
                     ("btc", "regtest"): Bip86Coins.BITCOIN_REGTEST},
             {"mainnet": Bip86Conf.BitcoinMainNet, "testnet": Bip86Conf.BitcoinTestNet}),
}
ACCOUNT_CHAINS = {"eth": Bip44Coins.ETHEREUM, "trx": Bip44Coins.TRON}

# Litecoin: bip_utils can switch to the deprecated "3..." P2SH version and to Ltub/Mtub key
# versions; pin the standard "M..." addresses (the xpubs are re-serialised below anyway).
Bip49Conf.LitecoinMainNet.UseDeprecatedAddress(False)


def fail(msg):
    raise ValueError(msg)


def xpub(bip32_key, conf):
    """The key re-serialised with the public key version bytes of a bip_utils Bitcoin conf."""
    return Bip32PublicKeySerializer.Serialize(bip32_key.KeyObject(), bip32_key.Data(),
                                              conf.KeyNetVersions())


@functools.lru_cache(maxsize=None)  # tests ask for many chains of one mnemonic
def bip39_seed(words, lang, passphrase):
    # Cross-check: Trezor's reference implementation must give the same seed.
    words = " ".join(words.split())
    ref = trezor.Mnemonic.to_seed(words, passphrase)
    if lang == "japanese":
        # bip_utils has no Japanese wordlist: validate and derive with Trezor's `mnemonic` only.
        if not trezor.Mnemonic("japanese").check(words):
            fail("invalid Japanese BIP-39 mnemonic")
        return ref
    seed = Bip39SeedGenerator(words, Bip39Languages[lang.upper()]).Generate(passphrase)
    if seed != ref:
        fail("bip_utils and Trezor's mnemonic disagree on the seed (upper-case mnemonic?)")
    return seed


def electrum_normalize(text):
    # Electrum's normalize_text (electrum/mnemonic.py), which bip_utils lacks: NFKD, lower case,
    # drop combining marks, collapse whitespace. Electrum applies it to the mnemonic and to the
    # extension words before hashing. Its last step drops whitespace between CJK characters (all
    # at U+2E80 or above); rather than copy Electrum's table, the oracle rejects such text.
    text = unicodedata.normalize("NFKD", text).lower()
    text = " ".join("".join(c for c in text if not unicodedata.combining(c)).split())
    if any(ord(c) >= 0x2E80 for c in text):
        fail("CJK-range text in an Electrum mnemonic/passphrase is not supported by the oracle")
    return text


def derive(case):
    seed_kind, chain, kind, net = case["seed_kind"], case["chain"], case["kind"], case["network"]
    start, count, lang = case["start"], case["count"], case["language"]
    account, change = case["account"], case["change"]
    if not all(type(v) is int and v >= 0 for v in (account, start, count)) or type(change) is not bool:
        fail("account, start and count must be non-negative integers, change a boolean")
    if account >= 2**31 or start + count > 2**31:
        fail("account and address indexes must be below 2^31")  # bip_utils would harden them
    indexes = range(start, start + count)
    chg = Bip44Changes.CHAIN_INT if change else Bip44Changes.CHAIN_EXT

    if seed_kind in ("electrum-standard", "electrum-segwit"):
        segwit = seed_kind == "electrum-segwit"
        if (chain, net) != ("btc", "mainnet") or kind not in (None, "p2wpkh" if segwit else "p2pkh"):
            fail(f"{seed_kind} supports btc mainnet {'p2wpkh' if segwit else 'p2pkh'} only")
        words = electrum_normalize(case["mnemonic"])
        el_lang = ElectrumV2Languages[lang.upper()]
        mtype = ElectrumV2MnemonicTypes.SEGWIT if segwit else ElectrumV2MnemonicTypes.STANDARD
        ElectrumV2MnemonicValidator(mtype, el_lang).Validate(words)
        seed = ElectrumV2SeedGenerator(words, el_lang).Generate(electrum_normalize(case["passphrase"]))
        root = Bip32Slip10Secp256k1.FromSeed(seed)
        wallet = (ElectrumV2Segwit if segwit else ElectrumV2Standard)(root)
        acct = (xpub(root.DerivePath("m/0'").PublicKey(), Bip84Conf.BitcoinMainNet) if segwit
                else xpub(root.PublicKey(), Bip44Conf.BitcoinMainNet))
        return {"addresses": [wallet.GetAddress(int(change), i) for i in indexes],
                "account_xpub": acct,
                "fingerprint": root.PublicKey().FingerPrint().ToBytes().hex()}

    if seed_kind != "bip39":
        fail(f"unknown seed_kind {seed_kind!r}")
    if net != "mainnet" and chain != "btc":
        fail(f"{chain} is mainnet only")
    seed = bip39_seed(case["mnemonic"], lang, case["passphrase"])
    fingerprint = Bip32Slip10Secp256k1.FromSeed(seed).PublicKey().FingerPrint().ToBytes().hex()

    if chain == "sol":
        if kind is not None:
            fail("sol takes kind null")
        # m/44'/501'/i'/0' (SLIP-10 ed25519, every level hardened): one account per index.
        sol = Bip44.FromSeed(seed, Bip44Coins.SOLANA).Purpose().Coin()
        addresses = [sol.Account(i).Change(Bip44Changes.CHAIN_EXT).PublicKey().ToAddress()
                     for i in indexes]
        return {"addresses": addresses, "account_xpub": None, "fingerprint": fingerprint}

    if chain in ACCOUNT_CHAINS:
        if kind is not None:
            fail(f"{chain} takes kind null")
        cls, coin, conf = Bip44, ACCOUNT_CHAINS[chain], Bip44Conf.BitcoinMainNet
    elif chain in ("btc", "ltc", "doge"):
        if chain == "doge" and kind is None:
            kind = "p2pkh"
        if kind not in BIPS or (chain, net) not in BIPS[kind][1]:
            fail(f"unsupported {chain} {kind} {net}")
        cls, coins, confs = BIPS[kind]
        coin, conf = coins[(chain, net)], confs["mainnet" if net == "mainnet" else "testnet"]
    else:
        fail(f"unknown chain {chain!r}")

    acct_node = cls.FromSeed(seed, coin).Purpose().Coin().Account(account)
    branch = acct_node.Change(chg)
    return {"addresses": [branch.AddressIndex(i).PublicKey().ToAddress() for i in indexes],
            "account_xpub": xpub(acct_node.PublicKey().Bip32Key(), conf),
            "fingerprint": fingerprint}


def generate(req):
    n, seed_kind, lang, words = req["generate"], req["seed_kind"], req["language"], req["words"]
    if type(n) is not int or n < 0:
        fail("generate must be a non-negative integer")
    if seed_kind == "bip39":
        if words not in (12, 15, 18, 21, 24):
            fail(f"BIP-39 mnemonics have 12/15/18/21/24 words, not {words!r}")
        gen = trezor.Mnemonic(lang)
        return [gen.generate(words * 32 // 3) for _ in range(n)]
    mtype = {"electrum-standard": ElectrumV2MnemonicTypes.STANDARD,
             "electrum-segwit": ElectrumV2MnemonicTypes.SEGWIT}[seed_kind]
    # Only wordlists that Electrum's normalisation leaves alone (derive() can check those).
    if lang not in ("english", "portuguese"):
        fail(f"the oracle cannot check Electrum {lang} mnemonics: use english or portuguese")
    gen = ElectrumV2MnemonicGenerator(mtype, ElectrumV2Languages[lang.upper()])
    return [gen.FromWordsNumber(words).ToStr() for _ in range(n)]


def main():
    request = json.loads(sys.stdin.buffer.read())
    if isinstance(request, dict):
        result = generate(request)
    elif isinstance(request, list):
        result = []
        for n, case in enumerate(request):
            try:
                result.append(derive(case))
            except Exception as e:
                label = ("/".join(str(case.get(k)) for k in ("seed_kind", "chain", "kind", "network"))
                         if isinstance(case, dict) else "not an object")
                raise RuntimeError(f"case #{n} ({label}): {type(e).__name__}: {e}") from e
    else:
        fail("input must be a JSON list of cases or a generate object")
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    try:
        main()
    except Exception as e:
        print(f"derive_oracle: {type(e).__name__}: {e}", file=sys.stderr)
        sys.exit(1)

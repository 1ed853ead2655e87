#!/usr/bin/env python3
"""Reference oracle for seedsafe's address validation tests.

Makes random keys and encodes them as addresses of every chain, network and kind with
bip_utils' own encoders and network constants (an implementation independent of seedsafe's
Rust code), so the tests can check that seedsafe accepts each one with the right reading.

PyPI packages needed:  bip_utils==2.12.3, eth-utils (installed with eth-account)

Protocol: one JSON document on stdin, one on stdout.

  Input:  {"count": N, "seed": S}   N random keys per format; S seeds Python's random module
  Output: a list of {"address": str, "format": str, "chain": str, "network": str,
                     "kind": str, "encoding": str}
          where chain, network, kind and encoding use seedsafe's names (kind is what the
          address shows: a P2SH-P2WPKH address is "p2sh").

  Input:  {"eip55": [str, ...]}
  Output: [bool, ...]  whether each string is an Ethereum address by EIP-55's rule, decided
          with Ethereum's own Python library: mixed case must pass
          eth_utils.is_checksum_address; all lower or all upper case carries no checksum and
          needs only eth_utils.is_hex_address. For the typo tests.

Any error: message on stderr, exit status 1, nothing on stdout.
"""

import json
import random
import sys

from bip_utils import (
    BchP2PKHAddrEncoder, BchP2SHAddrEncoder, CoinsConf, Ed25519PrivateKey, EthAddrEncoder,
    P2PKHAddrEncoder, P2SHAddrEncoder, P2TRAddrEncoder, P2WPKHAddrEncoder, Secp256k1PrivateKey,
    SolAddrEncoder, TrxAddrEncoder, XrpAddrEncoder,
)

BTC = {"mainnet": CoinsConf.BitcoinMainNet, "testnet": CoinsConf.BitcoinTestNet}
LTC = {"mainnet": CoinsConf.LitecoinMainNet, "testnet": CoinsConf.LitecoinTestNet}
BCH = {"mainnet": CoinsConf.BitcoinCashMainNet, "testnet": CoinsConf.BitcoinCashTestNet}
DOGE = {"mainnet": CoinsConf.DogecoinMainNet, "testnet": CoinsConf.DogecoinTestNet}


def p(conf, key):
    return conf.ParamByKey(key)


def formats(pub, ed_pub):
    """(format name, address, chain, network, kind, encoding) for one secp256k1 and one
    ed25519 public key."""
    out = []
    for net, conf in BTC.items():
        out += [
            (f"btc-p2pkh-{net}", P2PKHAddrEncoder.EncodeKey(pub, net_ver=p(conf, "p2pkh_net_ver")),
             "btc", net, "p2pkh", "base58check"),
            (f"btc-p2sh-p2wpkh-{net}", P2SHAddrEncoder.EncodeKey(pub, net_ver=p(conf, "p2sh_net_ver")),
             "btc", net, "p2sh", "base58check"),
            (f"btc-p2wpkh-{net}", P2WPKHAddrEncoder.EncodeKey(pub, hrp=p(conf, "p2wpkh_hrp"), wit_ver=0),
             "btc", net, "p2wpkh", "bech32"),
            (f"btc-p2tr-{net}", P2TRAddrEncoder.EncodeKey(pub, hrp=p(conf, "p2tr_hrp")),
             "btc", net, "p2tr", "bech32m"),
        ]
    for net, conf in LTC.items():
        out += [
            (f"ltc-p2pkh-{net}", P2PKHAddrEncoder.EncodeKey(pub, net_ver=p(conf, "p2pkh_std_net_ver")),
             "ltc", net, "p2pkh", "base58check"),
            (f"ltc-p2sh-p2wpkh-{net}", P2SHAddrEncoder.EncodeKey(pub, net_ver=p(conf, "p2sh_std_net_ver")),
             "ltc", net, "p2sh", "base58check"),
            (f"ltc-p2wpkh-{net}", P2WPKHAddrEncoder.EncodeKey(pub, hrp=p(conf, "p2wpkh_hrp"), wit_ver=0),
             "ltc", net, "p2wpkh", "bech32"),
        ]
    for net, conf in DOGE.items():
        out.append((f"doge-p2pkh-{net}", P2PKHAddrEncoder.EncodeKey(pub, net_ver=p(conf, "p2pkh_net_ver")),
                    "doge", net, "p2pkh", "base58check"))
    for net, conf in BCH.items():
        cash = BchP2PKHAddrEncoder.EncodeKey(pub, hrp=p(conf, "p2pkh_std_hrp"), net_ver=p(conf, "p2pkh_std_net_ver"))
        cash_sh = BchP2SHAddrEncoder.EncodeKey(pub, hrp=p(conf, "p2sh_std_hrp"), net_ver=p(conf, "p2sh_std_net_ver"))
        out += [
            (f"bch-cashaddr-p2pkh-{net}", cash, "bch", net, "p2pkh", "cashaddr"),
            (f"bch-cashaddr-p2sh-{net}", cash_sh, "bch", net, "p2sh", "cashaddr"),
            (f"bch-legacy-p2pkh-{net}", P2PKHAddrEncoder.EncodeKey(pub, net_ver=p(conf, "p2pkh_legacy_net_ver")),
             "bch", net, "p2pkh", "base58check"),
        ]
        if net == "mainnet":
            # Without the prefix, as wallets often show it.
            out.append(("bch-cashaddr-p2pkh-noprefix", cash.split(":", 1)[1], "bch", net, "p2pkh", "cashaddr"))
    eth = EthAddrEncoder.EncodeKey(pub)
    out += [
        ("eth-eip55", eth, "eth", "mainnet", "account", "hex"),
        ("eth-lowercase", "0x" + eth[2:].lower(), "eth", "mainnet", "account", "hex"),
        ("trx", TrxAddrEncoder.EncodeKey(pub), "trx", "mainnet", "account", "base58check"),
        ("xrp", XrpAddrEncoder.EncodeKey(pub), "xrp", "mainnet", "account", "ripple-base58"),
        ("sol", SolAddrEncoder.EncodeKey(ed_pub), "sol", "mainnet", "ed25519", "base58"),
    ]
    return out


def eip55_valid(address):
    from eth_utils import is_checksum_address, is_hex_address
    body = address[2:] if address[:2] in ("0x", "0X") else address
    if body.lower() != body and body.upper() != body:
        return bool(is_checksum_address(address))
    return bool(is_hex_address(address))


def main():
    req = json.load(sys.stdin)
    if "eip55" in req:
        json.dump([eip55_valid(a) for a in req["eip55"]], sys.stdout)
        return
    rng = random.Random(req["seed"])
    result = []
    for _ in range(req["count"]):
        while True:
            try:
                pub = Secp256k1PrivateKey.FromBytes(rng.randbytes(32)).PublicKey()
                break
            except ValueError:
                continue
        ed_pub = Ed25519PrivateKey.FromBytes(rng.randbytes(32)).PublicKey()
        for fmt, address, chain, net, kind, encoding in formats(pub, ed_pub):
            result.append({"format": fmt, "address": address, "chain": chain, "network": net,
                           "kind": kind, "encoding": encoding})
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # noqa: BLE001 - the protocol: message on stderr, status 1
        print(f"address_oracle: {e!r}", file=sys.stderr)
        sys.exit(1)

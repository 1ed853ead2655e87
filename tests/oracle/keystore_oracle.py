"""Ethereum keystore v3 oracle: the reference implementation (`eth-account`, which uses
`eth-keyfile`) behind a JSON pipe.

The Rust interop test (crates/seedsafe-core/tests/keystore_interop.rs) batches its cases
into one request on stdin and reads one response from stdout. Passwords travel as hex of
their bytes so that no text encoding can differ between the two sides; eth-account is
given them as `str` (UTF-8 decoded), the way wallets call it.

    {"op": "encrypt", "cases": [{"key_hex": "..", "password_hex": "..",
        "kdf": "scrypt" | "pbkdf2", "iterations": 1024}, ...]}
    -> {"results": [{"keystore": {...v3 JSON...}} | {"error": ".."}, ...]}

    {"op": "decrypt", "cases": [{"keystore": {...}, "password_hex": ".."}, ...]}
    -> {"results": [{"key_hex": "..", "address": "0x.."} | {"error": ".."}, ...]}
"""

import json
import sys

from eth_account import Account


def password(case: dict) -> str:
    return bytes.fromhex(case["password_hex"]).decode("utf-8")


def encrypt(case: dict) -> dict:
    keystore = Account.encrypt(
        bytes.fromhex(case["key_hex"]),
        password(case),
        kdf=case["kdf"],
        iterations=case["iterations"],
    )
    return {"keystore": keystore}


def decrypt(case: dict) -> dict:
    key = bytes(Account.decrypt(case["keystore"], password(case)))
    return {"key_hex": key.hex(), "address": Account.from_key(key).address}


def main() -> None:
    request = json.load(sys.stdin)
    handler = {"encrypt": encrypt, "decrypt": decrypt}[request["op"]]
    results = []
    for case in request["cases"]:
        try:
            results.append(handler(case))
        except Exception as error:  # noqa: BLE001 - every failure is reported per case
            results.append({"error": f"{type(error).__name__}: {error}"})
    json.dump({"results": results}, sys.stdout)


if __name__ == "__main__":
    main()

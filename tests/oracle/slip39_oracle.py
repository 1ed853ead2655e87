"""SLIP-39 oracle: the reference implementation (`shamir-mnemonic`) behind a JSON pipe.

The Rust interop tests (crates/seedsafe-core/tests/slip39_interop.rs) batch their cases
into one request on stdin and read one response from stdout:

    {"op": "split", "cases": [{"secret_hex": "..", "passphrase": "..",
        "group_threshold": 2, "groups": [[2, 3], [1, 1]], "iteration_exponent": 0,
        "extendable": true, "random_hex": ".."?}, ...]}
    -> {"results": [{"groups": [["word ...", ...], ...], "random_left": 12}
                    | {"error": ".."}, ...]}

    {"op": "combine", "cases": [{"mnemonics": ["word ...", ...], "passphrase": ".."}]}
    -> {"results": [{"secret_hex": ".."} | {"error": ".."}, ...]}

With "random_hex", the library's random source is replaced by that byte stream, so a
split can be reproduced exactly; "random_left" says how many bytes were not used.
"""

import json
import sys

import shamir_mnemonic
from shamir_mnemonic import shamir


class ByteStream:
    """A fixed random source: hands out the given bytes in order, never more."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def __call__(self, n: int) -> bytes:
        if self.pos + n > len(self.data):
            raise ValueError("random byte stream exhausted")
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk


def split(case: dict) -> dict:
    stream = None
    original = shamir.RANDOM_BYTES
    if case.get("random_hex") is not None:
        stream = ByteStream(bytes.fromhex(case["random_hex"]))
        shamir.RANDOM_BYTES = stream
    try:
        groups = shamir_mnemonic.generate_mnemonics(
            group_threshold=case["group_threshold"],
            groups=[tuple(g) for g in case["groups"]],
            master_secret=bytes.fromhex(case["secret_hex"]),
            passphrase=case["passphrase"].encode("ascii"),
            extendable=case["extendable"],
            iteration_exponent=case["iteration_exponent"],
        )
    finally:
        shamir.RANDOM_BYTES = original
    result = {"groups": groups}
    if stream is not None:
        result["random_left"] = len(stream.data) - stream.pos
    return result


def combine(case: dict) -> dict:
    secret = shamir_mnemonic.combine_mnemonics(
        case["mnemonics"], case["passphrase"].encode("ascii")
    )
    return {"secret_hex": secret.hex()}


def main() -> None:
    request = json.load(sys.stdin)
    handler = {"split": split, "combine": combine}[request["op"]]
    results = []
    for case in request["cases"]:
        try:
            results.append(handler(case))
        except (ValueError, shamir_mnemonic.MnemonicError) as error:
            results.append({"error": str(error)})
    json.dump({"results": results}, sys.stdout)


if __name__ == "__main__":
    main()

#!/usr/bin/env node
// Reference oracle for seedsafe's post-quantum age tests: the TypeScript age implementation
// (npm package age-encryption, "typage", written by age's author), independent of seedsafe's
// Rust code and of the Rust age crate.
//
// Protocol: one JSON document on stdin, one on stdout.
//
//   {"op": "keygen"}
//       -> {"identity": "AGE-SECRET-KEY-PQ-1…", "recipient": "age1pq1…"}
//          a new hybrid post-quantum (mlkem768x25519) key pair
//   {"op": "encrypt", "recipients": [str], "plaintext": hex, "armor": bool}
//       -> {"file": hex}
//   {"op": "decrypt", "identities": [str], "file": hex}
//       -> {"plaintext": hex}    (an armoured file is recognised and unarmoured first)
//
// Any error: message on stderr, exit status 1, nothing on stdout.

import * as age from "age-encryption";

async function readStdin() {
    const chunks = [];
    for await (const chunk of process.stdin) chunks.push(chunk);
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

async function main() {
    const req = await readStdin();
    switch (req.op) {
        case "keygen": {
            const identity = await age.generateHybridIdentity();
            return { identity, recipient: await age.identityToRecipient(identity) };
        }
        case "encrypt": {
            const e = new age.Encrypter();
            for (const r of req.recipients) e.addRecipient(r);
            const file = await e.encrypt(Buffer.from(req.plaintext, "hex"));
            const bytes = req.armor ? Buffer.from(age.armor.encode(file), "utf8") : Buffer.from(file);
            return { file: bytes.toString("hex") };
        }
        case "decrypt": {
            const d = new age.Decrypter();
            for (const i of req.identities) d.addIdentity(i);
            let file = Buffer.from(req.file, "hex");
            const text = file.toString("latin1");
            if (text.startsWith("-----BEGIN AGE ENCRYPTED FILE-----")) file = age.armor.decode(text);
            const plaintext = await d.decrypt(file);
            return { plaintext: Buffer.from(plaintext).toString("hex") };
        }
        default:
            throw new Error(`unknown op ${req.op}`);
    }
}

main().then(
    (out) => process.stdout.write(JSON.stringify(out)),
    (err) => {
        process.stderr.write(`${err && err.stack ? err.stack : err}\n`);
        process.exit(1);
    },
);

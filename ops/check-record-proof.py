#!/usr/bin/env python3
"""Checks a record proof (xfl-record-proof/1) without the server, with Python's standard library.

    ops/check-record-proof.py PROOF.json [DIGEST_LINE]

Exit 0 when the proof's events are exactly a stream of the log that the digest covers; 1 with
the reason otherwise; 2 when the file cannot be read. Give the digest line you kept (from an
inspection report, `xingfuli digest` or GET /api/v1/audit/digest) to prove against it rather
than against the line inside the file.

What it checks, in order:
1. Every event's hash: SHA-256 over the canonical bytes of its stream, version, type, schema
   version, command id, actor (user, role, region), recorded and occurred times (UTC
   microseconds) and payload, each string as a 4-byte big-endian length and its UTF-8 bytes,
   each integer big-endian (u32 schema version, u64 the others), after the tag
   "xfl.event.v1", followed by the previous event's hash (32 zero bytes for version 1).
   Versions must run 1, 2, 3, ...
2. The stream's leaf: SHA-256(0x00 || u32 length || stream id || u64 last version || last hash).
3. The Merkle root (RFC 9162, section 2.1.3.2) from the leaf, its index, the tree size and
   the path, nodes hashed as SHA-256(0x01 || left || right); it must equal the digest's.
"""
import hashlib
import json
import struct
import sys


def text(value):
    data = value.encode("utf-8")
    return struct.pack(">I", len(data)) + data


def u64(value):
    return struct.pack(">Q", value & 0xFFFFFFFFFFFFFFFF)


def event_hash(stream, event, prev):
    actor = event["actor"]
    canonical = (text("xfl.event.v1") + text(stream) + u64(event["version"]) +
                 text(event["type"]) + struct.pack(">I", event["schema_version"]) +
                 text(event["command_id"]) + text(actor["user_id"]) + text(actor["role"]) +
                 text(actor["region"]) + u64(event["recorded_at_us"]) +
                 u64(event["occurred_at_us"]) + text(event["payload"]) + prev)
    return hashlib.sha256(canonical).digest()


def root_from_path(leaf, index, size, path):
    if index >= size:
        return None
    fn, sn, r = index, size - 1, leaf
    for node in path:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            r = hashlib.sha256(b"\x01" + node + r).digest()
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = hashlib.sha256(b"\x01" + r + node).digest()
        fn >>= 1
        sn >>= 1
    return r if sn == 0 else None


def check(proof, digest_line):
    if proof.get("format") != "xfl-record-proof/1":
        return "not a record proof of format xfl-record-proof/1"
    parts = digest_line.split()
    if len(parts) != 5 or parts[0] != "xfl-digest/2":
        return "the digest is not an xfl-digest/2 line: " + digest_line
    position, streams, taken, root = int(parts[1]), int(parts[2]), parts[3], parts[4]
    stream, events = proof["stream"], proof["events"]
    if proof["tree_size"] != streams:
        return f"the proof is for {proof['tree_size']} streams, the digest covers {streams}"
    if not events:
        return "the proof holds no events"
    prev = bytes(32)
    for number, event in enumerate(events, start=1):
        if event["version"] != number:
            return f"{stream}: version {number} is missing (found {event['version']})"
        prev = event_hash(stream, event, prev)
        if event.get("hash") not in (None, prev.hex()):
            return f"{stream} version {number}: its content does not give its hash (altered)"
    leaf = hashlib.sha256(b"\x00" + text(stream) + u64(len(events)) + prev).digest()
    path = [bytes.fromhex(node) for node in proof["path"]]
    if root_from_path(leaf, proof["leaf_index"], streams, path) != bytes.fromhex(root):
        return (f"{stream} with {len(events)} events is not part of the digest at position "
                f"{position}: altered, incomplete, or another digest")
    print(f"ok: {stream}, {len(events)} events (to version {len(events)}), is part of the "
          f"digest at log position {position} taken {taken}")
    return None


def main():
    if len(sys.argv) not in (2, 3):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    try:
        with open(sys.argv[1], encoding="utf-8") as f:
            proof = json.load(f)
        problem = check(proof, sys.argv[2] if len(sys.argv) == 3 else proof["digest"])
    except (OSError, ValueError, KeyError, TypeError) as e:
        print(f"cannot read the proof: {e!r}", file=sys.stderr)
        return 2
    if problem:
        print("NOT PROVED: " + problem, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""ACCEPTANCE: a test recomputes the custody chain with an independent implementation (Python
hashlib over the raw lines) and gets the same digests.

Nothing here calls Sanad's own code except to produce the case and to print its head: the chain,
the canonical form, the stored objects and the item metadata are all rechecked from raw bytes.
"""

import hashlib
import json
import subprocess

from conftest import DEMO_MANIFEST, GENESIS, SAMPLES, sha256_bytes


def jcs(value) -> bytes:
    """RFC 8785 for the values Sanad writes (no fractional numbers): members sorted by their
    UTF-16 code units, no white space, minimal string escapes with lowercase \\u00xx."""
    if value is None:
        return b"null"
    if value is True:
        return b"true"
    if value is False:
        return b"false"
    if isinstance(value, int):
        return str(value).encode()
    if isinstance(value, float):
        raise AssertionError(f"Sanad writes integers only, found {value!r}")
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False).encode("utf-8")
    if isinstance(value, list):
        return b"[" + b",".join(jcs(v) for v in value) + b"]"
    if isinstance(value, dict):
        keys = sorted(value, key=lambda k: k.encode("utf-16-be"))
        return b"{" + b",".join(jcs(k) + b":" + jcs(value[k]) for k in keys) + b"}"
    raise AssertionError(f"unexpected JSON value {value!r}")


def test_python_recomputes_the_chain_and_every_digest(demo_case, sanad):
    ws = demo_case
    raw = ws.custody.read_bytes()
    assert raw.endswith(b"\n")
    lines = raw.split(b"\n")
    assert lines[-1] == b""  # the final LF ends the last entry; no torn tail
    lines = lines[:-1]
    # case-created + (collected, ingested) for each of the manifest's 8 items.
    assert len(lines) == 1 + 2 * 8

    prev = GENESIS
    entries = []
    for n, line in enumerate(lines):
        entry = json.loads(line)
        assert entry["seq"] == n
        assert entry["v"] == 1
        assert entry["prev"] == prev, f"seq {n}: prev does not chain"
        # Canonical per RFC 8785, checked twice: our own JCS encoder, and Python's sort_keys
        # (equal for the ASCII keys Sanad writes).
        assert jcs(entry) == line, f"seq {n} is not in RFC 8785 canonical form"
        assert json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8") == line
        prev = hashlib.sha256(line).hexdigest()
        entries.append(entry)
    head = prev

    assert entries[0]["action"] == "case-created"
    assert entries[0]["prev"] == GENESIS
    assert entries[0]["details"]["case_file_sha256"] == sha256_bytes((ws.root / "sanad-case.json").read_bytes())

    # The head Sanad prints is the SHA-256 of the last line.
    r, report = ws.verify()
    assert r.returncode == 0, r.stdout + r.stderr
    assert report["verdict"] == "verified"
    assert report["custody_head"] == head == hashlib.sha256(lines[-1]).hexdigest()
    assert report["entries"] == len(lines)
    assert report["items"] == 8

    ingested = [e for e in entries if e["action"] == "ingested"]
    assert [e["items"] for e in ingested] == [[f"E000{i}"] for i in range(1, 9)]
    for e in ingested:
        exhibit, d = e["items"][0], e["details"]
        obj = ws.root / d["object"]
        assert d["object"] == f"objects/sha256/{d['sha256'][:2]}/{d['sha256']}"
        # The real sha256sum binary, not our hashlib, checks the stored bytes.
        out = subprocess.run(["sha256sum", str(obj)], capture_output=True, text=True, check=True).stdout
        assert out.split()[0] == d["sha256"], exhibit
        assert obj.stat().st_size == d["size"]
        # The payload view is the same file.
        payload = ws.root / d["payload"]
        assert payload.stat().st_ino == obj.stat().st_ino
        # Item metadata is committed by its digest.
        meta = ws.root / d["metadata"]
        assert d["metadata"] == f"items/{exhibit}.json"
        assert hashlib.sha256(meta.read_bytes()).hexdigest() == d["metadata_sha256"], exhibit
        assert json.loads(meta.read_bytes())["digests"]["sha256"] == d["sha256"]

    # And the stored bytes are the sample files themselves.
    by_name = {json.loads((ws.root / e["details"]["metadata"]).read_bytes())["original"]["path"]: e["details"]["sha256"]
               for e in ingested}
    for path, digest in by_name.items():
        assert path.startswith(str(SAMPLES)), path
        assert sha256_bytes(open(path, "rb").read()) == digest


def test_head_printed_by_add_matches_the_log(workspace):
    r = workspace.add("--manifest", DEMO_MANIFEST, "--json")
    assert r.returncode == 0, r.stderr
    printed = json.loads(r.stdout)["custody_head"]
    assert printed == hashlib.sha256(workspace.log_lines()[-1]).hexdigest()


def test_jcs_helper_sorts_by_utf16_code_units():
    # U+1F600 sorts after U+FF61 by code point, but before it in UTF-16 (its lead surrogate is
    # 0xD83D): the one place where JCS order and Python's sort_keys differ.
    assert sorted(["\U0001F600", "\uFF61"]) == ["\uFF61", "\U0001F600"]
    assert jcs({"\uFF61": 2, "\U0001F600": 1}) == '{"\U0001F600":1,"\uFF61":2}'.encode()
    assert jcs({"b": [1, "x\n\u001f"], "a": None}) == b'{"a":null,"b":[1,"x\\n\\u001f"]}'

"""Stored originals bound to their digests (docs/WORKSPACE.md §7.2, docs/AGE.md "Bound files").

An encrypted workspace's originals carry a `sanad-bind` stanza that ties their age file key to
their SHA-256 under a key derived from the workspace identity, so that `seal` checks them by
their authentication tags instead of hashing them a second time. These tests show that `age`
still opens them, that a file `age` wrote in place of one (same content, no binding) is still
sealed after a hash, and that every substitution someone without the identity can make (two
originals swapped, another content encrypted to the workspace's public recipient, a changed
byte) stops the seal with the exhibit named and leaves no archive.
"""

import json
import os
import subprocess
import zipfile
from pathlib import Path

import pytest

from conftest import SAMPLES, sha256_bytes
from test_encrypted_workspace import age_decrypt_identity, age_d, init, run

SOURCES = [SAMPLES / "IMG_20260301_211530.jpg", SAMPLES / "sms-backup.xml"]


@pytest.fixture
def bound_case(tmp_path):
    ws = tmp_path / "case"
    init(ws)
    run("add", "--workspace", ws, *SOURCES, "--collected-by", "Noor")
    run("key", "new", "--out", tmp_path / "noor", "--name", "Noor", "--org", "Example NGO", "-q")
    identity = age_decrypt_identity(ws, tmp_path / "identity.txt")
    items = json.loads(run("items", "--workspace", ws, "--json").stdout)["items"]
    objects = {}
    for path in (ws / "objects" / "keyed").rglob("*.age"):
        plain = age_d(identity, path)
        objects[sha256_bytes(plain)] = path
    stored = {i["id"]: objects[i["sha256"]] for i in items}
    return ws, tmp_path, identity, stored


def seal(ws, tmp, name):
    return run("seal", "--workspace", ws, "--key", tmp / "noor.key", "--cert", tmp / "noor.crt",
               "--out", tmp / name, "--json", check=False)


def replace(path: Path, data: bytes):
    os.chmod(path, 0o600)
    path.write_bytes(data)
    os.chmod(path, 0o444)


def test_stored_originals_are_bound_and_age_still_opens_them(bound_case):
    ws, tmp, identity, stored = bound_case
    for item, path in stored.items():
        data = path.read_bytes()
        header = data[:data.index(b"\n--- ") + 1]
        assert header.count(b"\n-> sanad-bind\n") == 1, item
        assert header.count(b"\n-> X25519 ") == 1 and header.count(b"\n-> sanad-pad ") == 1
    r = seal(ws, tmp, "case.zip")
    assert r.returncode == 0, r.stderr
    assert run("verify", tmp / "case.zip", "-q", check=False).returncode == 0


def test_a_file_age_wrote_in_place_of_an_original_is_hashed_and_sealed(bound_case):
    """Same content, encrypted by `age` to the workspace's recipient: no binding, so the seal
    hashes it, finds the recorded digest, and seals it."""
    ws, tmp, identity, stored = bound_case
    recipient = json.loads((ws / "sanad-workspace.json").read_text())["encryption"]["recipient"]
    path = stored["E0001"]
    plain = age_d(identity, path)
    theirs = subprocess.run(["age", "-r", recipient], input=plain, capture_output=True, check=True).stdout
    assert b"sanad-bind" not in theirs
    replace(path, theirs)
    r = seal(ws, tmp, "case.zip")
    assert r.returncode == 0, r.stderr
    assert run("verify", tmp / "case.zip", "-q", check=False).returncode == 0


@pytest.mark.parametrize("how", ["swapped", "other-content", "changed-byte", "binding-copied"])
def test_a_substituted_original_stops_the_seal(bound_case, how):
    ws, tmp, identity, stored = bound_case
    recipient = json.loads((ws / "sanad-workspace.json").read_text())["encryption"]["recipient"]
    a, b = stored["E0001"], stored["E0002"]
    da, db = a.read_bytes(), b.read_bytes()
    if how == "swapped":
        replace(a, db)
        replace(b, da)
    elif how == "other-content":
        # The recipient is public (sanad-workspace.json): anyone can encrypt to it.
        other = bytearray(age_d(identity, a))
        other[len(other) // 2] ^= 0xFF
        replace(a, subprocess.run(["age", "-r", recipient], input=bytes(other), capture_output=True,
                                  check=True).stdout)
    elif how == "changed-byte":
        data = bytearray(da)
        data[-100] ^= 1
        replace(a, bytes(data))
    else:
        # E0002's genuine binding line pasted into E0001's header: the header MAC fails.
        end_a, end_b = da.index(b"\n--- ") + 1, db.index(b"\n--- ") + 1
        data = bytearray(da)
        data[end_a - 44:end_a] = db[end_b - 44:end_b]
        replace(a, bytes(data))
    r = seal(ws, tmp, "case.zip")
    if how == "changed-byte":
        # The chunk's tag fails as it is decrypted (evidence-mismatch), naming the stored file.
        assert r.returncode == 1 and "was changed" in r.stderr and "objects/" in r.stderr, r.stderr
    elif how == "binding-copied":
        assert r.returncode == 3 and "header was changed" in r.stderr, r.stderr
    else:
        # workspace-damaged, with the exhibit named: the two samples differ in size, so a swap
        # shows first as a changed size; another content of the same size as a wrong digest.
        assert r.returncode == 3 and "E0001" in r.stderr, r.stderr
        why = "changed size" if how == "swapped" else "no longer matches its recorded SHA-256"
        assert why in r.stderr, r.stderr
    assert not (tmp / "case.zip").exists()
    assert not list(tmp.glob("case.zip*")), "no partial archive is left"


def test_large_originals_are_read_ahead_and_a_bad_chunk_deep_inside_stops_the_seal(tmp_path):
    """Originals of several MiB go through the read-ahead on the other core in pieces (the
    seal's feed across files, `log --verify`'s digest within one): what is sealed is every byte,
    and a changed byte in the fourth MiB of one stops the seal, naming it, without hanging."""
    ws = tmp_path / "case"
    init(ws)
    big = [tmp_path / f"video-{i}.bin" for i in range(2)]
    for i, p in enumerate(big):
        p.write_bytes(os.urandom((5 << 20) + 12345 * i))
    run("add", "--workspace", ws, *big, *SOURCES, "--collected-by", "Noor")
    run("key", "new", "--out", tmp_path / "noor", "--name", "Noor", "--org", "Example NGO", "-q")
    assert run("log", "--verify", "--workspace", ws, "-q").returncode == 0
    r = seal(ws, tmp_path, "case.zip")
    assert r.returncode == 0, r.stderr
    assert run("verify", tmp_path / "case.zip", "-q", check=False).returncode == 0
    with zipfile.ZipFile(tmp_path / "case.zip") as z:
        sealed = {n.split("/", 1)[1]: z.read(n) for n in z.namelist() if "/data/" in n}
    assert sorted(map(sha256_bytes, sealed.values())) == sorted(sha256_bytes(p.read_bytes()) for p in big + SOURCES)
    target = max((ws / "objects" / "keyed").rglob("*.age"), key=lambda p: p.stat().st_size)
    data = bytearray(target.read_bytes())
    data[(3 << 20) + 777] ^= 1
    replace(target, bytes(data))
    r = seal(ws, tmp_path, "again.zip")
    assert r.returncode == 1 and "was changed" in r.stderr, r.stderr
    assert not (tmp_path / "again.zip").exists()

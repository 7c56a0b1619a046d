"""Golden archives (Tests/Golden/README.md): the same workspace, key and times must give the same
archive, byte for byte, whatever the code's structure. Made by Tests/Golden/make-golden.sh before
the module restructuring (issue 11); a difference here is a format change, to be made on purpose
(regenerate, and say so in FORMAT.md's changelog) or a defect."""
import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import SANAD_BIN

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "Tests" / "Golden"
KEYS = ROOT / "Tests" / "Vectors" / "_keys"
SEAL_TIME = "2026-03-04T10:00:00Z"
RECEIVE_TIME = "2026-03-06T09:30:00Z"
ENV = {**os.environ, "SANAD_PASSPHRASE": "vector"}


def sanad(*args):
    return subprocess.run([SANAD_BIN, *map(str, args)], capture_output=True, text=True, env=ENV)


def fingerprint(cert):
    der = subprocess.run(["openssl", "x509", "-in", str(cert), "-outform", "DER"], capture_output=True, check=True).stdout
    return hashlib.sha256(der).hexdigest()


def workspace_copy(tmp_path, name):
    """A copy with the modes a git checkout gives (seal appends to the log, so never the original)."""
    ws = tmp_path / name
    shutil.copytree(GOLDEN / "workspace", ws)
    for path in [ws, *ws.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return ws


def first_difference(a: bytes, b: bytes):
    return next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))


@pytest.mark.parametrize("fmt", ["zip", "tar"])
def test_sealing_the_golden_workspace_gives_the_golden_archive(tmp_path, fmt):
    ws = workspace_copy(tmp_path, f"ws-{fmt}")
    out = tmp_path / f"sealed.{fmt}"
    r = sanad("seal", "--workspace", ws, "--key", KEYS / "signer.key", "--cert", KEYS / "signer.crt",
              "--time", SEAL_TIME, "--format", fmt, "--out", out, "-q")
    assert r.returncode == 0, r.stderr
    made, golden = out.read_bytes(), (GOLDEN / f"sealed.{fmt}").read_bytes()
    assert len(made) == len(golden) and made == golden, f"first difference at byte {first_difference(made, golden)}"


def test_receiving_the_golden_zip_gives_the_golden_receipt(tmp_path):
    out = tmp_path / "received.zip"
    r = sanad("receive", GOLDEN / "sealed.zip", "--key", KEYS / "recipient.key", "--cert", KEYS / "recipient.crt",
              "--signer-fingerprint", fingerprint(KEYS / "signer.crt"), "--time", RECEIVE_TIME, "--out", out, "-q")
    assert r.returncode == 0, r.stderr
    made, golden = out.read_bytes(), (GOLDEN / "received.zip").read_bytes()
    assert made == golden, f"first difference at byte {first_difference(made, golden)}"


@pytest.mark.parametrize("name", ["sealed.zip", "sealed.tar", "received.zip"])
def test_the_golden_archives_verify_and_a_changed_byte_does_not(tmp_path, name):
    pin = ["--signer-fingerprint", fingerprint(KEYS / "signer.crt")]
    if name == "received.zip":
        pin += ["--countersigner-fingerprint", fingerprint(KEYS / "recipient.crt")]
    r = sanad("verify", GOLDEN / name, *pin)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.startswith("VERIFIED")
    # A byte in the middle of the first exhibit's data, changed: a zip's CRC-32 no longer
    # matches (malformed); a tar has none, so the payload digest fails (does not verify).
    data = bytearray((GOLDEN / name).read_bytes())
    member = "GOLD-1/data/E0001/original.jpg"
    if name.endswith(".zip"):
        import struct
        import zipfile
        info = zipfile.ZipFile(GOLDEN / name).getinfo(member)
        n, e = struct.unpack_from("<HH", data, info.header_offset + 26)
        at = info.header_offset + 30 + n + e + info.file_size // 2
        expected = (2, "container-profile", "CRC-32")
    else:
        import tarfile
        with tarfile.open(GOLDEN / name) as t:
            info = t.getmember(member)
        at = info.offset_data + info.size // 2
        expected = (1, "payload-digests", "data/E0001/original.jpg")
    data[at] ^= 0x01
    tampered = tmp_path / name
    tampered.write_bytes(bytes(data))
    r = sanad("verify", tampered, *pin, "--json")
    code, check, detail = expected
    assert r.returncode == code, r.stdout
    failed = [c for c in json.loads(r.stdout)["checks"] if c["outcome"] == "fail"]
    assert failed and failed[0]["name"] == check and detail in failed[0]["detail"], failed


@pytest.mark.parametrize("name", ["sealed.zip", "sealed.tar", "received.zip"])
def test_format_version_1_archives_still_verify(name):
    """The golden archives of format version 1 (before commitments, issue 15), kept as they were."""
    pin = ["--signer-fingerprint", fingerprint(KEYS / "signer.crt")]
    if name == "received.zip":
        pin += ["--countersigner-fingerprint", fingerprint(KEYS / "recipient.crt")]
    archive = GOLDEN / "v1" / name
    r = sanad("verify", archive, *pin)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.startswith("VERIFIED")
    assert b"Sanad-Format-Version: 1\n" in archive.read_bytes()

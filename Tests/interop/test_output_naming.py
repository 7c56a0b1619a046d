"""An output's format follows its file's name, an option that contradicts the name is refused,
and nothing overwrites an existing file unless asked (issue 12, "Output format ignores the file
name"): `seal --out case.tar` writes the tar VERIFY.txt tells the recipient to `tar -xf`,
`timeline -o t.html` writes HTML, and `timeline -o` refuses an existing file without --force."""

import os
import subprocess
import tarfile

from conftest import SANAD_BIN

ENV = {**os.environ, "SANAD_PASSPHRASE": "test pass"}


def sanad(*args):
    return subprocess.run([SANAD_BIN, *map(str, args)], capture_output=True, text=True, env=ENV)


def keys(tmp_path):
    assert sanad("key", "new", "--out", tmp_path / "k", "--name", "Noor", "--org", "NGO", "-q").returncode == 0
    return ["--key", tmp_path / "k.key", "--cert", tmp_path / "k.crt"]


def test_seal_writes_the_format_its_out_name_says(demo_case, tmp_path):
    k = keys(tmp_path)
    r = sanad("seal", "--workspace", demo_case.root, *k, "--out", tmp_path / "case.tar", "-q")
    assert r.returncode == 0, r.stderr
    head = (tmp_path / "case.tar").read_bytes()[:512]
    # A tar's first header says ustar at byte 257; a zip would start with PK\3\4. (zipfile's own
    # test finds the end record of the zip exhibit sealed inside the tar, so it cannot tell.)
    assert head[257:262] == b"ustar" and not head.startswith(b"PK\x03\x04")
    assert tarfile.is_tarfile(tmp_path / "case.tar")
    assert sanad("verify", tmp_path / "case.tar", "-q").returncode == 0
    r = sanad("seal", "--workspace", demo_case.root, *k, "--out", tmp_path / "case.zip", "-q")
    assert r.returncode == 0 and (tmp_path / "case.zip").read_bytes()[:4] == b"PK\x03\x04"
    # Any other name keeps the default, a zip.
    r = sanad("seal", "--workspace", demo_case.root, *k, "--out", tmp_path / "case.evidence", "-q")
    assert r.returncode == 0 and (tmp_path / "case.evidence").read_bytes()[:4] == b"PK\x03\x04"


def test_seal_refuses_a_format_that_contradicts_the_name(demo_case, tmp_path):
    k = keys(tmp_path)
    r = sanad("seal", "--workspace", demo_case.root, *k, "--out", tmp_path / "case.tar", "--format", "zip")
    assert r.returncode == 64, r.stderr
    assert "does not match" in r.stderr and "hint:" in r.stderr
    assert sorted(n for n in os.listdir(tmp_path) if n != "case") == ["k.crt", "k.key"], "nothing written"


def test_timeline_writes_the_format_its_file_name_says(demo_case, tmp_path):
    base = ["timeline", "--workspace", demo_case.root, "--date-order", "dmy", "-q"]
    assert sanad(*base, "-o", tmp_path / "t.html").returncode == 0
    assert (tmp_path / "t.html").read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    assert sanad(*base, "-o", tmp_path / "t.csv").returncode == 0
    assert (tmp_path / "t.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert sanad(*base, "-o", tmp_path / "t.jsonl").returncode == 0
    assert (tmp_path / "t.jsonl").read_text(encoding="utf-8").startswith("{")
    r = sanad(*base, "-o", tmp_path / "x.html", "--format", "csv")
    assert r.returncode == 64 and "does not match" in r.stderr
    assert not (tmp_path / "x.html").exists()


def test_timeline_never_overwrites_without_force(demo_case, tmp_path):
    base = ["timeline", "--workspace", demo_case.root, "--date-order", "dmy", "-q"]
    out = tmp_path / "t.csv"
    out.write_text("keep me")
    r = sanad(*base, "-o", out)
    assert r.returncode == 64 and "already exists" in r.stderr and "--force" in r.stderr
    assert out.read_text() == "keep me"
    assert sanad(*base, "-o", out, "--force").returncode == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert sorted(n for n in os.listdir(tmp_path) if n != "case") == ["t.csv"], "no temporary file left"

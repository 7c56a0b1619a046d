"""RFC 3161 timestamps from a real TSA on 127.0.0.1 (OpenSSL's TS support), checked by sanad and
by `openssl ts -verify`, with the untrusted-authority and other-data twins."""
import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from conftest import DEMO_MANIFEST, SANAD_BIN, make_tree_writable
from tsa_server import TSA

ENV = {**os.environ, "SANAD_PASSPHRASE": "test pass"}


def sanad(*args):
    return subprocess.run([SANAD_BIN, *map(str, args)], capture_output=True, text=True, env=ENV)


@pytest.fixture(scope="module")
def case(tmp_path_factory):
    d = tmp_path_factory.mktemp("ts")
    assert sanad("init", "--plaintext", d / "case", "--case-id", "TS-1", "--org", "Example NGO", "-q").returncode == 0
    assert sanad("add", "--workspace", d / "case", "--manifest", DEMO_MANIFEST, "-q").returncode == 0
    assert sanad("key", "new", "--out", d / "signer", "--name", "Noor", "--org", "Example NGO", "-q").returncode == 0
    yield d
    make_tree_writable(d)


def seal(case, out, *tsa_urls):
    args = ["seal", "--workspace", case / "case", "--key", case / "signer.key", "--cert", case / "signer.crt", "--out", out, "--json"]
    for u in tsa_urls:
        args += ["--tsa", u]
    return sanad(*args)


def test_sealed_with_a_real_tsa_verifies_with_sanad_and_openssl(case, tmp_path):
    with TSA(tmp_path / "tsa") as tsa:
        r = seal(case, tmp_path / "s.zip", tsa.url)
        assert r.returncode == 0, r.stderr
        assert tsa.requests == 1
    out = json.loads(r.stdout)
    assert len(out["timestamps"]) == 1
    v = sanad("verify", tmp_path / "s.zip", "--trust", tsa.ca, "--json")
    report = json.loads(v.stdout)
    assert v.returncode == 0, v.stdout
    assert [c["outcome"] for c in report["checks"] if c["name"] == "timestamp"] == ["pass"]
    assert report["timestamps"] == out["timestamps"]
    assert "timestamped" in sanad("verify", tmp_path / "s.zip", "--trust", tsa.ca).stdout.splitlines()[0]
    # The expert's check, as VERIFY.txt tells it.
    subprocess.run(["unzip", "-q", tmp_path / "s.zip", "-d", tmp_path / "u"], check=True)
    bag = tmp_path / "u" / "TS-1"
    ts = subprocess.run(["openssl", "ts", "-verify", "-in", "signature/seal.tsr", "-data", "signature/seal.p7s",
                         "-CAfile", str(tsa.ca), "-untrusted", "signature/tsa-chain.pem"], cwd=bag, capture_output=True, text=True)
    assert ts.returncode == 0 and "Verification: OK" in ts.stdout, ts.stdout + ts.stderr
    assert "openssl ts -verify" in (bag / "VERIFY.txt").read_text()
    # Twin: the token no longer matches a changed signature.
    p7s = bag / "signature" / "seal.p7s"
    b = bytearray(p7s.read_bytes()); b[-5] ^= 1; p7s.write_bytes(bytes(b))
    ts = subprocess.run(["openssl", "ts", "-verify", "-in", "signature/seal.tsr", "-data", "signature/seal.p7s",
                         "-CAfile", str(tsa.ca)], cwd=bag, capture_output=True, text=True)
    assert ts.returncode != 0


def test_untrusted_tsa_is_a_warning_and_fails_under_strict(case, tmp_path):
    with TSA(tmp_path / "tsa") as tsa:
        assert seal(case, tmp_path / "s.zip", tsa.url).returncode == 0
    fp = json.loads(sanad("key", "show", case / "signer.crt", "--json").stdout)["fingerprint_sha256"]
    v = sanad("verify", tmp_path / "s.zip", "--signer-fingerprint", fp, "--json")
    report = json.loads(v.stdout)
    assert v.returncode == 0
    assert [c["outcome"] for c in report["checks"] if c["name"] == "timestamp"] == ["warn"]
    strict = sanad("verify", tmp_path / "s.zip", "--signer-fingerprint", fp, "--strict", "--json")
    assert strict.returncode == 1 and json.loads(strict.stdout)["outcome"] == "timestamp"
    other = TSA(tmp_path / "other", name="Other TSA")
    v = sanad("verify", tmp_path / "s.zip", "--signer-fingerprint", fp, "--trust", other.ca, "--json")
    assert [c["outcome"] for c in json.loads(v.stdout)["checks"] if c["name"] == "timestamp"] == ["warn"]


def test_tsa_answering_for_other_data_stops_the_seal(case, tmp_path):
    with TSA(tmp_path / "tsa", answer_with_other_data=True) as tsa:
        r = seal(case, tmp_path / "s.zip", tsa.url)
    assert r.returncode != 0 and "unusable token" in r.stderr
    assert not (tmp_path / "s.zip").exists()


def test_timestamp_over_other_data_in_an_archive_does_not_verify(case, tmp_path):
    with TSA(tmp_path / "tsa") as tsa:
        assert seal(case, tmp_path / "a.zip", tsa.url).returncode == 0
        assert seal(case, tmp_path / "b.zip", tsa.url).returncode == 0
    # Put b's token into a: it covers b's signature, not a's.
    subprocess.run(["unzip", "-q", tmp_path / "a.zip", "-d", tmp_path / "a"], check=True)
    with zipfile.ZipFile(tmp_path / "b.zip") as z:
        (tmp_path / "a" / "TS-1" / "signature" / "seal.tsr").write_bytes(z.read("TS-1/signature/seal.tsr"))
    v = sanad("verify", tmp_path / "a" / "TS-1", "--trust", tsa.ca, "--json")
    report = json.loads(v.stdout)
    assert v.returncode == 1 and report["outcome"] == "timestamp"
    assert "over other data" in " ".join(c["detail"] for c in report["checks"] if c["name"] == "timestamp")


def test_unreachable_tsa_is_a_clear_error(case, tmp_path):
    r = seal(case, tmp_path / "s.zip", "http://127.0.0.1:9/tsa")
    assert r.returncode == 5 and "could not be reached" in r.stderr and "hint:" in r.stderr
    assert not (tmp_path / "s.zip").exists()

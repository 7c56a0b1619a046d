"""`sanad receive`: the recipient verifies, then countersigns. The copy is checked with the same
standard tools as a seal (unzip, sha256sum, openssl cms, openssl ts, bagit-python), every
earlier signature must still verify, and an archive that does not verify is never signed."""
import hashlib
import json
import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

import container_kit as kit
from conftest import DEMO_MANIFEST, SANAD_BIN, make_tree_writable, sha256_file
from tsa_server import TSA

ROOT = Path(__file__).resolve().parents[2]
SEAL_TIME = "2026-03-04T10:00:00Z"
RECEIVE_TIME = "2026-03-06T09:30:00Z"
ENV = {**os.environ, "SANAD_PASSPHRASE": "test pass"}


def sanad(*args, cwd=None, env=ENV):
    return subprocess.run([SANAD_BIN, *map(str, args)], capture_output=True, text=True, env=env, cwd=cwd)


def run(*args, cwd=None):
    return subprocess.run(list(map(str, args)), capture_output=True, text=True, cwd=cwd)


def fingerprint(cert):
    return json.loads(sanad("key", "show", cert, "--json").stdout)["fingerprint_sha256"]


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    d = tmp_path_factory.mktemp("receive")
    assert sanad("init", "--plaintext", d / "case", "--case-id", "DEMO-1", "--org", "Example NGO", "-q").returncode == 0
    assert sanad("add", "--workspace", d / "case", "--manifest", DEMO_MANIFEST, "-q").returncode == 0
    for name, who, org in [("signer", "Noor Advocate", "Example NGO"), ("lawyer", "Layla Lawyer", "Chambers"),
                           ("clerk", "Court Clerk", "District Court")]:
        assert sanad("key", "new", "--out", d / name, "--name", who, "--org", org, "-q").returncode == 0
    for fmt in ["zip", "tar"]:
        r = sanad("seal", "--workspace", d / "case", "--key", d / "signer.key", "--cert", d / "signer.crt",
                  "--out", d / f"sealed.{fmt}", "--format", fmt, "--time", SEAL_TIME, "-q")
        assert r.returncode == 0, r.stderr
    yield {"dir": d, "zip": d / "sealed.zip", "tar": d / "sealed.tar", "fp": fingerprint(d / "signer.crt"),
           "lawyer_fp": fingerprint(d / "lawyer.crt"), "clerk_fp": fingerprint(d / "clerk.crt")}
    make_tree_writable(d)


def receive(keys, archive, out, who="lawyer", *extra, env=ENV, confirm=False):
    """Most tests are about something else than whose seal it is: they accept an unconfirmed
    sealer, as the CLI then requires (`confirm=True` leaves the flag out)."""
    d = keys["dir"]
    accept = [] if confirm else ["--accept-unconfirmed-signer"]
    return sanad("receive", archive, "--key", d / f"{who}.key", "--cert", d / f"{who}.crt", "--out", out,
                 "--time", RECEIVE_TIME, *accept, *extra, env=env)


def verify(path, *args):
    r = sanad("verify", path, "--json", *args)
    return r.returncode, json.loads(r.stdout)


def entries(path):
    with zipfile.ZipFile(path) as z:
        return {i.filename: z.read(i.filename) for i in z.infolist()}


def test_receive_countersigns_and_verify_lists_both_signatures_in_order(keys, tmp_path):
    out = tmp_path / "received.zip"
    r = receive(keys, keys["zip"], out)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == sha256_file(out)
    code, report = verify(out, "--signer-fingerprint", keys["fp"], "--countersigner-fingerprint", keys["lawyer_fp"], "--strict")
    assert code == 0, report["checks"]
    assert [s["role"] for s in report["signatures"]] == ["seal", "receipt-1"]
    assert [s["fingerprint"] for s in report["signatures"]] == [keys["fp"], keys["lawyer_fp"]]
    assert [s["identity"] for s in report["signatures"]] == ["pinned", "pinned"]
    assert report["signatures"][1]["signed_at"] == "2026-03-06T09:30:00Z"
    human = sanad("verify", out).stdout.splitlines()
    assert human[0].startswith("VERIFIED") and "countersigned 1 time" in human[0]
    assert human[1] == f"  Archive: zip, {out.stat().st_size} bytes, SHA-256 {sha256_file(out)}"
    assert "1. sealed by Noor Advocate" in human[3] and "2. countersigned (receipt-1) by Layla Lawyer" in human[4]


def test_payload_and_earlier_files_are_copied_byte_for_byte(keys, tmp_path):
    out = tmp_path / "received.zip"
    assert receive(keys, keys["zip"], out).returncode == 0
    before, after = entries(keys["zip"]), entries(out)
    assert {n: after[n] for n in before} == before, "every original entry is unchanged"
    added = sorted(set(after) - set(before))
    assert added == ["DEMO-1/signature/receipt-1/custody.jsonl", "DEMO-1/signature/receipt-1/manifest-sha256.txt",
                     "DEMO-1/signature/receipt-1/receipt.p7s", "DEMO-1/signature/receipt-1/signer.pem"]
    with zipfile.ZipFile(keys["zip"]) as a, zipfile.ZipFile(out) as b:
        assert [i.date_time for i in a.infolist()] == [b.getinfo(i.filename).date_time for i in a.infolist()]


def test_standard_tools_check_the_countersigned_copy(keys, tmp_path):
    out = tmp_path / "received.zip"
    assert receive(keys, keys["zip"], out).returncode == 0
    assert run("unzip", "-q", out, "-d", tmp_path / "u").returncode == 0
    bag = tmp_path / "u" / "DEMO-1"
    r = run(sys.executable, "-m", "bagit", "--validate", bag)
    assert r.returncode == 0, r.stderr
    r = run("sha256sum", "-c", "--strict", "manifest-sha256.txt", cwd=bag)
    assert r.returncode == 0, r.stdout + r.stderr
    # The receipt's manifest pins the tag manifest, the seal and its own custody entries.
    r = run("sha256sum", "-c", "--strict", "signature/receipt-1/manifest-sha256.txt", cwd=bag)
    assert r.returncode == 0, r.stdout + r.stderr
    assert {l.split(": ")[0] for l in r.stdout.splitlines()} == {
        "tagmanifest-sha256.txt", "signature/seal.p7s", "signature/signer.pem", "signature/receipt-1/custody.jsonl"}
    # The seal still verifies with openssl, and so does the receipt.
    r = run("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", bag / "signature/seal.p7s",
            "-content", bag / "tagmanifest-sha256.txt", "-CAfile", bag / "signature/signer.pem", "-out", os.devnull)
    assert r.returncode == 0 and "Verification successful" in r.stderr, r.stderr
    r = run("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", bag / "signature/receipt-1/receipt.p7s",
            "-content", bag / "signature/receipt-1/manifest-sha256.txt", "-CAfile", bag / "signature/receipt-1/signer.pem",
            "-out", os.devnull)
    assert r.returncode == 0 and "Verification successful" in r.stderr, r.stderr
    # The tampered twin: the receipt's entries edited; sha256sum and openssl both see it.
    log = bag / "signature/receipt-1/custody.jsonl"
    log.write_bytes(log.read_bytes().replace(b"Layla Lawyer", b"Layla Lawyar"))
    r = run("sha256sum", "-c", "signature/receipt-1/manifest-sha256.txt", cwd=bag)
    assert r.returncode == 1 and "signature/receipt-1/custody.jsonl: FAILED" in r.stdout
    code, report = verify(bag)
    assert code == 1 and report["outcome"] == "receipt-manifest"


def test_receipt_custody_entries_continue_the_sealed_chain(keys, tmp_path):
    out = tmp_path / "received.zip"
    assert receive(keys, keys["zip"], out).returncode == 0
    e = entries(out)
    sealed = e["DEMO-1/sanad/custody.jsonl"].splitlines()
    receipt = e["DEMO-1/signature/receipt-1/custody.jsonl"].splitlines()
    chain = sealed + receipt
    for i, line in enumerate(chain[1:], start=1):
        assert json.loads(line)["prev"] == hashlib.sha256(chain[i - 1]).hexdigest()
    received, verified = (json.loads(l) for l in receipt)
    assert (received["action"], verified["action"]) == ("received", "verified")
    assert received["seq"] == len(sealed) and verified["seq"] == len(sealed) + 1
    assert received["details"]["archive_sha256"] == sha256_file(keys["zip"])
    assert received["actor"] == {"name": "Layla Lawyer"} and received["time"] == "2026-03-06T09:30:00.000Z"
    assert verified["details"]["verdict"] == "verified"
    assert verified["details"]["warnings"] == ["signer-identity"], "the unpinned sealer is recorded as a warning"
    (tmp_path / "chain.jsonl").write_bytes(b"\n".join(chain) + b"\n")
    r = run(sys.executable, ROOT / "manifests" / "validate.py", "--jsonl", "custody-entry", tmp_path / "chain.jsonl")
    assert r.returncode == 0, r.stdout + r.stderr


def test_a_second_recipient_adds_receipt_2_over_receipt_1(keys, tmp_path):
    first, second = tmp_path / "1.zip", tmp_path / "2.zip"
    assert receive(keys, keys["zip"], first).returncode == 0
    r = receive(keys, first, second, "clerk", "--countersigner-fingerprint", keys["lawyer_fp"], "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["received"]["receipt"] == 2 and out["received"]["received_sha256"] == sha256_file(first)
    code, report = verify(second, "--countersigner-fingerprint", keys["lawyer_fp"], "--countersigner-fingerprint", keys["clerk_fp"])
    assert code == 0, report["checks"]
    assert [s["role"] for s in report["signatures"]] == ["seal", "receipt-1", "receipt-2"]
    manifest = entries(second)["DEMO-1/signature/receipt-2/manifest-sha256.txt"].decode()
    assert "signature/receipt-1/receipt.p7s" in manifest and "signature/receipt-1/custody.jsonl" in manifest
    assert report["custody_entries"] == len(entries(second)["DEMO-1/sanad/custody.jsonl"].splitlines()) + 4


def test_same_archive_key_and_time_give_identical_bytes(keys, tmp_path):
    assert receive(keys, keys["zip"], tmp_path / "a.zip").returncode == 0
    assert receive(keys, keys["zip"], tmp_path / "b.zip").returncode == 0
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()


def test_a_tar_archive_is_countersigned_as_tar(keys, tmp_path):
    out = tmp_path / "received.tar"
    assert receive(keys, keys["tar"], out).returncode == 0
    assert tarfile.is_tarfile(out)
    with tarfile.open(out) as t:
        assert "DEMO-1/signature/receipt-1/receipt.p7s" in t.getnames()
    code, report = verify(out, "--countersigner-fingerprint", keys["lawyer_fp"])
    assert code == 0 and [s["role"] for s in report["signatures"]] == ["seal", "receipt-1"]


def test_an_archive_that_does_not_verify_is_never_countersigned(keys, tmp_path):
    # A payload byte changed, the container kept in Sanad's exact form (as a careful forger would).
    e = kit.parse_zip(Path(keys["zip"]).read_bytes())
    victim = next(x for x in e if x.name.startswith("DEMO-1/data/"))
    flipped = bytearray(victim.data); flipped[len(flipped) // 2] ^= 1
    victim.data = bytes(flipped)
    bad = tmp_path / "bad.zip"
    bad.write_bytes(kit.build_zip(e))
    out = tmp_path / "out" / "received.zip"
    out.parent.mkdir()
    r = receive(keys, bad, out)
    assert r.returncode == 1
    assert r.stdout.startswith("DOES NOT VERIFY") and "[FAIL] payload-digests" in r.stdout
    assert "nothing was countersigned or written" in r.stderr
    assert os.listdir(out.parent) == [], "no output and no partial file"
    # --strict refuses an unpinned sealer; pinning it is enough.
    r = receive(keys, keys["zip"], out, "lawyer", "--strict")
    assert r.returncode == 1 and not out.exists()
    assert "[WARN] signer-identity" in r.stdout
    r = receive(keys, keys["zip"], out, "lawyer", "--strict", "--signer-fingerprint", keys["fp"])
    assert r.returncode == 0, r.stdout + r.stderr


def test_a_repacked_archive_is_malformed_and_never_countersigned(keys, tmp_path):
    repacked = tmp_path / "repacked.zip"
    with zipfile.ZipFile(keys["zip"]) as src, zipfile.ZipFile(repacked, "w") as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info))
    out = tmp_path / "received.zip"
    r = receive(keys, repacked, out)
    assert r.returncode == 2 and r.stdout.startswith("MALFORMED") and not out.exists()
    assert "[FAIL] container-profile" in r.stdout


def test_a_pipe_is_refused_with_a_clear_error(keys, tmp_path):
    out = tmp_path / "received.zip"
    r = subprocess.run([SANAD_BIN, "receive", "/dev/stdin", "--key", str(keys["dir"] / "lawyer.key"), "--cert",
                        str(keys["dir"] / "lawyer.crt"), "--out", str(out)], input=Path(keys["zip"]).read_bytes(), capture_output=True, env=ENV)
    r.stderr = r.stderr.decode()
    assert r.returncode == 64 and "not a regular file" in r.stderr and "Save the archive to a file first" in r.stderr
    assert not out.exists()


def test_clear_errors_and_nothing_written(keys, tmp_path):
    d = keys["dir"]
    out = tmp_path / "o.zip"
    r = receive(keys, keys["zip"], out, env={**ENV, "SANAD_PASSPHRASE": "nope"})
    assert r.returncode == 2 and "wrong passphrase" in r.stderr and not out.exists()
    r = receive(keys, keys["zip"], keys["zip"])
    assert r.returncode == 64 and "already exists" in r.stderr
    r = receive(keys, tmp_path / "missing.zip", out)
    assert r.returncode == 2 and "does not exist" in r.stderr
    (tmp_path / "folder").mkdir()
    r = receive(keys, tmp_path / "folder", out)
    assert r.returncode == 64 and "folder" in r.stderr
    garbage = tmp_path / "garbage.zip"
    garbage.write_bytes(b"PK\x03\x04 not really a zip")
    r = receive(keys, garbage, out)
    assert r.returncode == 2 and not out.exists()
    assert sorted(os.listdir(tmp_path)) == ["folder", "garbage.zip"], "no output and no partial file"


def test_receipt_timestamp_from_a_real_tsa(keys, tmp_path):
    out = tmp_path / "stamped.zip"
    with TSA(tmp_path / "tsa") as tsa:
        r = receive(keys, keys["zip"], out, "lawyer", "--tsa", tsa.url)
        assert r.returncode == 0, r.stderr
        ca = tsa.ca
    code, report = verify(out, "--trust", ca, "--countersigner-fingerprint", keys["lawyer_fp"])
    assert code == 0
    assert report["signatures"][1]["timestamps"] and report["signatures"][0]["timestamps"] == []
    assert any(c["name"] == "receipt-timestamp" and c["outcome"] == "pass" for c in report["checks"])
    e = entries(out)
    (tmp_path / "receipt.p7s").write_bytes(e["DEMO-1/signature/receipt-1/receipt.p7s"])
    (tmp_path / "receipt.tsr").write_bytes(e["DEMO-1/signature/receipt-1/receipt.tsr"])
    r = run("openssl", "ts", "-verify", "-data", tmp_path / "receipt.p7s", "-in", tmp_path / "receipt.tsr", "-CAfile", ca)
    assert r.returncode == 0 and "Verification: OK" in r.stdout, r.stdout + r.stderr


def test_json_output_follows_its_schema(keys, tmp_path):
    r = receive(keys, keys["zip"], tmp_path / "o.zip", "lawyer", "--json")
    assert r.returncode == 0
    (tmp_path / "receive.json").write_text(r.stdout)
    (tmp_path / "verify.json").write_text(sanad("verify", tmp_path / "o.zip", "--json").stdout)
    for schema, f in [("receive-output", "receive.json"), ("verify-output", "verify.json")]:
        v = run(sys.executable, ROOT / "manifests" / "validate.py", schema, tmp_path / f)
        assert v.returncode == 0, v.stdout + v.stderr


def test_an_unconfirmed_sealer_is_refused_unless_pinned_trusted_or_accepted(keys, tmp_path):
    """Issue 12, item 9: receive used to countersign a self-signed, unpinned sealer without a word."""
    out = tmp_path / "r.zip"
    r = receive(keys, keys["zip"], out, confirm=True)
    assert r.returncode == 64, r.stderr
    assert "could not be confirmed" in r.stderr and "--signer-fingerprint" in r.stderr
    assert not out.exists() and os.listdir(tmp_path) == []
    r = receive(keys, keys["zip"], out, "lawyer", "--signer-fingerprint", keys["fp"], confirm=True)
    assert r.returncode == 0, r.stderr
    assert "not confirmed" not in r.stderr
    r = receive(keys, keys["zip"], tmp_path / "r2.zip", "lawyer", "--accept-unconfirmed-signer", confirm=True)
    assert r.returncode == 0, r.stderr
    assert "was not confirmed" in r.stderr

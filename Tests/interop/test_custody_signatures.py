"""ACCEPTANCE (issue 13, item 5): signed custody entries. With a key, every entry carries `sig`
(docs/CUSTODY.md §4); `log --verify` checks each one, names the keys that signed, and reports the
unsigned entries. An edited, dropped, reordered or re-signed-by-another-key entry fails with its
check's name, and a signature verifies with the `openssl` command alone."""

import base64
import json
import os
import subprocess
import zipfile

import pytest

from conftest import DEMO_MANIFEST, SANAD_BIN, checks_named, failures, make_tree_writable, make_writable

ENV = {**os.environ, "SANAD_PASSPHRASE": "test pass"}
SEAL_TIME = "2026-03-04T10:00:00Z"


def sanad(*args, env=ENV):
    return subprocess.run([SANAD_BIN, *map(str, args)], capture_output=True, text=True, env=env)


def fingerprint(cert):
    return json.loads(sanad("key", "show", cert, "--json").stdout)["fingerprint_sha256"]


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    d = tmp_path_factory.mktemp("keys")
    for name, who in [("noor", "Noor Advocate"), ("mallory", "Mallory"), ("lawyer", "Layla Lawyer")]:
        assert sanad("key", "new", "--out", d / name, "--name", who, "--org", "Example NGO", "-q").returncode == 0
    yield d
    make_tree_writable(d)


@pytest.fixture
def case(keys, tmp_path):
    """A case signed from its first entry: init --key, the demo manifest, an amendment."""
    ws = tmp_path / "case"
    r = sanad("init", "--plaintext", ws, "--case-id", "SIG-1", "--org", "Example NGO", "--actor", "Noor", "--key", keys / "noor.key")
    assert r.returncode == 0, r.stderr
    assert sanad("add", "--workspace", ws, "--manifest", DEMO_MANIFEST, "-q").returncode == 0
    r = sanad("amend", "--workspace", ws, "E0001", "--timezone", "Europe/Berlin", "--reason", "phone zone", "-q")
    assert r.returncode == 0, r.stderr
    return ws


def lines(ws):
    return (ws / "custody.jsonl").read_bytes()[:-1].split(b"\n")


def rewrite(ws, new_lines):
    make_writable(ws / "custody.jsonl")
    (ws / "custody.jsonl").write_bytes(b"".join(line + b"\n" for line in new_lines))


def canonical(entry) -> bytes:
    return json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def verify(ws, *extra):
    r = sanad("log", "--verify", "--json", "--workspace", ws, *extra)
    return r.returncode, json.loads(r.stdout)


def failing(report, name):
    return [c["subject"] for c in checks_named(report, name, "fail")]


def openssl_sign(key, message: bytes, tmp_path) -> str:
    (tmp_path / "msg").write_bytes(message)
    r = subprocess.run(
        ["openssl", "dgst", "-sha256", "-sign", key, "-passin", "env:SANAD_PASSPHRASE", "-out", tmp_path / "sig",
         tmp_path / "msg"], capture_output=True, env=ENV)
    assert r.returncode == 0, r.stderr
    return base64.b64encode((tmp_path / "sig").read_bytes()).decode()


def test_every_entry_is_signed_and_verifies(case, keys):
    entries = [json.loads(line) for line in lines(case)]
    assert all(e["sig"]["alg"] == "ecdsa-p256-sha256" for e in entries)
    fp = fingerprint(keys / "noor.crt")
    assert {e["sig"]["cert_sha256"] for e in entries} == {fp}
    cert = case / "certs" / f"{fp}.der"
    assert cert.exists() and oct(cert.stat().st_mode & 0o777) == "0o444"
    setting = json.loads((case / "signing-key.json").read_text())
    assert setting["cert_sha256"] == fp and "PRIVATE" not in (case / "signing-key.json").read_text()
    code, report = verify(case, "--expect-signer", fp)
    assert code == 0, report
    assert report["signatures"]["signed"] == len(entries) and report["signatures"]["unsigned"] == 0
    assert checks_named(report, "custody-signature", "pass") and checks_named(report, "custody-signer", "pass")
    assert checks_named(report, "custody-unsigned") == []
    text = sanad("log", "--verify", "--workspace", case).stdout
    assert text.startswith(f"VERIFIED: custody chain of {len(entries)} entries unbroken, {len(entries)} signed by 1")


def test_openssl_alone_verifies_an_entry_signature(case, keys, tmp_path):
    """CUSTODY.md §6: the certificate from certs/, the entry without sig, and `openssl dgst`."""
    for line in lines(case)[:3]:
        e = json.loads(line)
        sig = e.pop("sig")
        (tmp_path / "entry.json").write_bytes(canonical(e))
        (tmp_path / "sig.der").write_bytes(base64.b64decode(sig["value"]))
        pub = subprocess.run(
            ["openssl", "x509", "-inform", "DER", "-in", case / "certs" / f"{sig['cert_sha256']}.der", "-pubkey",
             "-noout"], capture_output=True, check=True).stdout
        (tmp_path / "pub.pem").write_bytes(pub)
        r = subprocess.run(["openssl", "dgst", "-sha256", "-verify", tmp_path / "pub.pem", "-signature",
                            tmp_path / "sig.der", tmp_path / "entry.json"], capture_output=True, text=True)
        assert r.returncode == 0 and "Verified OK" in r.stdout, r.stdout + r.stderr


def test_editing_the_last_entry_fails_custody_signature(case):
    """The chain alone cannot see an edit of the last line; its signature can."""
    ls = lines(case)
    e = json.loads(ls[-1])
    e["details"]["reason"] = "something else"
    ls[-1] = canonical(e)
    rewrite(case, ls)
    code, report = verify(case)
    assert code == 1
    assert failing(report, "custody-signature") == [f"seq {e['seq']}"]
    assert "does not verify with the certificate it names" in checks_named(report, "custody-signature", "fail")[0][
        "detail"]


def test_editing_an_inner_entry_fails_chain_and_signature(case):
    ls = lines(case)
    e = json.loads(ls[2])
    e["time"] = "2020-01-01T00:00:00.000Z"
    ls[2] = canonical(e)
    rewrite(case, ls)
    code, report = verify(case)
    assert code == 1
    assert failing(report, "custody-signature") == ["seq 2"]
    assert failing(report, "custody-chain") == ["seq 3"]


def test_dropping_an_entry_fails_custody_chain(case):
    ls = lines(case)
    del ls[3]
    rewrite(case, ls)
    code, report = verify(case)
    assert code == 1 and failing(report, "custody-chain") == ["seq 4"]
    assert failing(report, "custody-signature") == []


def test_reordering_entries_fails_custody_chain(case):
    ls = lines(case)
    ls[3], ls[4] = ls[4], ls[3]
    rewrite(case, ls)
    code, report = verify(case)
    assert code == 1 and failing(report, "custody-chain") == ["seq 4"]


def test_an_entry_re_signed_by_another_key_under_the_old_name_fails_custody_signature(case, keys, tmp_path):
    ls = lines(case)
    e = json.loads(ls[-1])
    sig = e.pop("sig")
    sig["value"] = openssl_sign(keys / "mallory.key", canonical(e), tmp_path)
    e["sig"] = sig
    ls[-1] = canonical(e)
    rewrite(case, ls)
    code, report = verify(case)
    assert code == 1 and failing(report, "custody-signature") == [f"seq {e['seq']}"]


def test_an_entry_re_signed_by_another_key_with_its_certificate_fails_the_pin(case, keys, tmp_path):
    """An edit re-signed by Mallory, her certificate put in certs/: every signature is valid, so
    only a pinned signer (--expect-signer) tells it apart; unpinned, both keys are listed."""
    ls = lines(case)
    e = json.loads(ls[-1])
    e.pop("sig")
    e["details"]["reason"] = "forged"
    mallory = fingerprint(keys / "mallory.crt")
    der = subprocess.run(["openssl", "x509", "-in", keys / "mallory.crt", "-outform", "DER"], capture_output=True,
                         check=True).stdout
    (case / "certs" / f"{mallory}.der").write_bytes(der)
    e["sig"] = {"alg": "ecdsa-p256-sha256", "cert_sha256": mallory,
                "value": openssl_sign(keys / "mallory.key", canonical(e), tmp_path)}
    ls[-1] = canonical(e)
    rewrite(case, ls)
    code, report = verify(case)
    assert code == 0
    assert [c["subject"] for c in checks_named(report, "custody-signer", "info")] == [
        fingerprint(keys / "noor.crt"), mallory]
    code, report = verify(case, "--expect-signer", fingerprint(keys / "noor.crt"))
    assert code == 1 and failing(report, "custody-signer") == [mallory]
    assert f"seq {e['seq']}" in checks_named(report, "custody-signer", "fail")[0]["detail"]


def test_a_corrupted_signature_value_fails_custody_signature(case):
    ls = lines(case)
    e = json.loads(ls[1])
    raw = bytearray(base64.b64decode(e["sig"]["value"]))
    raw[-1] ^= 1
    e["sig"]["value"] = base64.b64encode(bytes(raw)).decode()
    ls[1] = canonical(e)
    rewrite(case, ls)
    code, report = verify(case)
    assert code == 1 and failing(report, "custody-signature") == ["seq 1"]


def test_a_missing_or_replaced_certificate_fails_custody_signature(case, keys):
    fp = fingerprint(keys / "noor.crt")
    cert = case / "certs" / f"{fp}.der"
    make_writable(cert)
    cert.write_bytes(cert.read_bytes() + b"\0")
    code, report = verify(case)
    assert code == 1 and f"certs/{fp}.der" in failing(report, "custody-signature")
    cert.unlink()
    code, report = verify(case)
    assert code == 1
    subjects = failing(report, "custody-signature")
    assert len(subjects) == len(lines(case)) and subjects[0] == "seq 0"
    assert "not in certs/ (removed?)" in checks_named(report, "custody-signature", "fail")[0]["detail"]


def test_unsigned_entries_are_reported(keys, tmp_path):
    ws = tmp_path / "case"
    assert sanad("init", "--plaintext", ws, "--case-id", "SIG-2", "--org", "Example NGO", "--actor", "Noor").returncode == 0
    code, report = verify(ws)
    assert code == 0 and [c["outcome"] for c in checks_named(report, "custody-unsigned")] == ["info"]
    r = sanad("add", "--workspace", ws, "--manifest", DEMO_MANIFEST, "-q", "--key", keys / "noor.key")
    assert r.returncode == 0, r.stderr
    code, report = verify(ws)
    assert code == 0 and report["signatures"]["unsigned_seqs"] == [0]
    assert "all before the first signed entry" in checks_named(report, "custody-unsigned", "info")[0]["detail"]
    # A key configured for the workspace, then a command told not to sign: a downgrade warns.
    assert sanad("key", "use", "--workspace", ws, keys / "noor.key", "-q").returncode == 0
    r = sanad("amend", "--workspace", ws, "E0002", "--timezone", "Europe/Berlin", "--reason", "x", "--no-sign", "-q")
    assert r.returncode == 0, r.stderr
    code, report = verify(ws)
    seq = len(lines(ws)) - 1
    assert code == 0 and checks_named(report, "custody-unsigned", "warn")[0]["subject"] == f"seq {seq}"
    assert sanad("log", "--verify", "--strict", "--workspace", ws).returncode == 1
    r = sanad("amend", "--workspace", ws, "E0002", "--timezone", "Africa/Cairo", "--reason", "y", "-q")
    assert r.returncode == 0 and "sig" in json.loads(lines(ws)[-1])


def test_key_use_with_a_wrong_passphrase_changes_nothing(keys, tmp_path):
    ws = tmp_path / "case"
    assert sanad("init", "--plaintext", ws, "--case-id", "SIG-3", "--org", "Example NGO", "--actor", "Noor").returncode == 0
    r = sanad("key", "use", "--workspace", ws, keys / "noor.key", env={**ENV, "SANAD_PASSPHRASE": "wrong"})
    assert r.returncode != 0 and "wrong passphrase" in r.stderr
    assert not (ws / "signing-key.json").exists() and not (ws / "certs").exists()


def test_sealed_and_received_archives_check_entry_signatures(case, keys, tmp_path):
    """Entries signed by the sealer's key are checked from signature/signer.pem; the receipt's
    entries are signed by the recipient and checked against the receipt's signer.pem."""
    sealed = tmp_path / "sealed.zip"
    r = sanad("seal", "--workspace", case, "--key", keys / "noor.key", "--cert", keys / "noor.crt", "--out", sealed,
              "--time", SEAL_TIME, "-q")
    assert r.returncode == 0, r.stderr
    exported = json.loads(lines(case)[-1])
    assert exported["action"] == "exported" and "sig" in exported
    r = sanad("verify", sealed, "--json", "--signer-fingerprint", fingerprint(keys / "noor.crt"))
    report = json.loads(r.stdout)
    assert r.returncode == 0 and checks_named(report, "custody-signature", "pass"), report["checks"]
    received = tmp_path / "received.zip"
    r = sanad("receive", sealed, "--key", keys / "lawyer.key", "--cert", keys / "lawyer.crt", "--out", received,
              "--signer-fingerprint", fingerprint(keys / "noor.crt"))
    assert r.returncode == 0, r.stderr
    with zipfile.ZipFile(received) as z:
        name = next(n for n in z.namelist() if n.endswith("receipt-1/custody.jsonl"))
        receipt = [json.loads(x) for x in z.read(name).splitlines()]
    assert [e["sig"]["cert_sha256"] for e in receipt] == [fingerprint(keys / "lawyer.crt")] * 2
    r = sanad("verify", received, "--json", "--signer-fingerprint", fingerprint(keys / "noor.crt"))
    report = json.loads(r.stdout)
    assert r.returncode == 0 and failures(report) == [] and checks_named(report, "receipt-custody", "pass")

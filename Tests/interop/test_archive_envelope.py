"""A whole archive sealed for named recipients (issue 14, docs/FORMAT.md §2.3):
`seal --encrypt-archive-to CERT --out case.zip.p7m` writes the sealed archive inside a chunked CMS
AuthEnvelopedData, and nothing else. `openssl cms -decrypt` gives back exactly the archive whose
SHA-256 `seal` printed; `sanad verify case.zip.p7m --key --cert` opens it as a stream and runs
every check, then requires the envelope's tag (`archive-envelope`). Vectors: archive-envelope-*."""

import hashlib
import json
import subprocess
import tarfile
import zipfile

import pytest

from conftest import SAMPLES
from test_encrypted_workspace import ENV, init, run, windows_of

PHOTO = SAMPLES / "IMG_20260301_211530.jpg"
SMS = SAMPLES / "sms-backup.xml"
TIME = "2026-03-04T10:00:00Z"


def openssl(*args, check=True):
    return subprocess.run(["openssl", *map(str, args)], capture_output=True, check=check)


@pytest.fixture(scope="module")
def case(tmp_path_factory):
    """An encrypted workspace (the photo marked sensitive, the SMS backup), the sealer's key, a
    judge's EC key from `sanad key new` (its key in PEM without a passphrase, as openssl takes it)
    and a prosecutor's RSA key made by openssl."""
    tmp = tmp_path_factory.mktemp("archive-envelope")
    ws = tmp / "case"
    init(ws)
    run("add", "--workspace", ws, PHOTO, "--collected-by", "Noor", "--sensitive")
    run("add", "--workspace", ws, SMS, "--collected-by", "Noor")
    run("key", "new", "--out", tmp / "noor", "--name", "Noor", "--org", "Example NGO", "-q")
    run("key", "new", "--out", tmp / "judge", "--name", "Judge", "--org", "Court", "-q")
    openssl("pkey", "-in", tmp / "judge.key", "-passin", f"pass:{ENV['SANAD_PASSPHRASE']}", "-out", tmp / "judge.pem")
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", tmp / "rsa.key", "-out", tmp / "rsa.crt",
            "-subj", "/CN=Prosecutor", "-days", "30", "-addext", "keyUsage=keyEncipherment,digitalSignature")
    return ws, tmp


def seal(ws, tmp, out, *extra, check=True):
    return run("seal", "--workspace", ws, "--key", tmp / "noor.key", "--cert", tmp / "noor.crt", "--out", tmp / out,
               "--time", TIME, "--json", *extra, check=check)


def verify(target, *extra):
    r = run("verify", target, "--json", *extra, check=False)
    return r.returncode, json.loads(r.stdout)


def check(report, name):
    return [c for c in report["checks"] if c["name"] == name]


@pytest.fixture(scope="module")
def sealed(case):
    ws, tmp = case
    out = json.loads(seal(ws, tmp, "case.zip.p7m", "--encrypt-archive-to", tmp / "judge.crt",
                          "--encrypt-archive-to", tmp / "rsa.crt").stdout)
    return out, tmp / "case.zip.p7m"


def test_each_recipient_opens_it_with_openssl_into_the_sealed_archive(case, sealed):
    ws, tmp = case
    out, p7m = sealed
    assert out["envelope"]["size"] == p7m.stat().st_size and len(out["envelope"]["recipients"]) == 2
    assert p7m.read_bytes()[:2] == b"\x30\x80"  # chunked BER: its length was not known when it began
    for crt, key in [(tmp / "judge.crt", tmp / "judge.pem"), (tmp / "rsa.crt", tmp / "rsa.key")]:
        zipped = openssl("cms", "-decrypt", "-inform", "DER", "-in", p7m, "-recip", crt, "-inkey", key).stdout
        assert hashlib.sha256(zipped).hexdigest() == out["sha256"] and len(zipped) == out["size"]
    (tmp / "opened.zip").write_bytes(zipped)
    with zipfile.ZipFile(tmp / "opened.zip") as z:
        assert z.testzip() is None
        assert any(n.endswith("data/E0001/original.jpg") for n in z.namelist())
    code, report = verify(tmp / "opened.zip", "--archive-sha256", out["sha256"])
    assert code == 0 and report["verdict"] == "verified"
    # Another key opens nothing.
    wrong = openssl("cms", "-decrypt", "-inform", "DER", "-in", p7m, "-recip", tmp / "noor.crt", "-inkey",
                    tmp / "rsa.key", check=False)
    assert wrong.returncode != 0 and not wrong.stdout


def test_verify_opens_it_as_a_stream_with_either_key(case, sealed):
    ws, tmp = case
    out, p7m = sealed
    for key, crt in [(tmp / "judge.key", tmp / "judge.crt"), (tmp / "rsa.key", tmp / "rsa.crt")]:
        before = sorted(p.name for p in tmp.iterdir())
        code, report = verify(p7m, "--key", key, "--cert", crt, "--archive-sha256", out["sha256"])
        assert code == 0 and report["verdict"] == "verified", report["checks"]
        assert check(report, "archive-envelope")[0]["outcome"] == "pass"
        assert check(report, "archive-digest")[0]["outcome"] == "pass"
        assert report["archive"]["sha256"] == out["sha256"]
        assert check(report, "container-agreement")[0]["outcome"] == "info"  # a stream is read once
        assert sorted(p.name for p in tmp.iterdir()) == before, "verify wrote a file"


def test_without_a_key_or_with_another_it_says_so(case, sealed):
    ws, tmp = case
    _, p7m = sealed
    code, report = verify(p7m)
    assert code == 2 and report["verdict"] == "malformed"
    assert "sealed inside an envelope" in check(report, "container-readable")[0]["detail"]
    assert "--key" in report["hint"]
    code, report = verify(p7m, "--key", tmp / "noor.key", "--cert", tmp / "noor.crt")
    assert code == 1
    assert "not one the archive's envelope was made for" in check(report, "archive-envelope")[0]["detail"]


@pytest.mark.parametrize("damage", ["bit", "cut", "tag"])
def test_a_changed_or_cut_envelope_fails_its_tag(case, sealed, damage):
    ws, tmp = case
    _, p7m = sealed
    data = bytearray(p7m.read_bytes())
    if damage == "bit":
        data[len(data) // 2] ^= 0x10
    elif damage == "cut":
        data = data[:len(data) - 30]
    else:
        data[-12] ^= 1  # inside the tag, before the closing end-of-contents
    bad = tmp / f"bad-{damage}.zip.p7m"
    bad.write_bytes(bytes(data))
    code, report = verify(bad, "--key", tmp / "rsa.key", "--cert", tmp / "rsa.crt")
    assert code != 0 and report["verdict"] != "verified"
    envelope = check(report, "archive-envelope")[0]
    assert envelope["outcome"] == "fail"
    assert ("was changed" if damage != "cut" else "not whole") in envelope["detail"]
    assert "exactly as sealed" in report["hint"]


def test_no_plaintext_of_the_evidence_in_the_envelope_or_beside_it(case, sealed):
    ws, tmp = case
    _, p7m = sealed
    raw = p7m.read_bytes()
    windows = windows_of(PHOTO, 1) | windows_of(SMS, 1)
    assert not any(raw[i:i + 64] in windows for i in range(0, len(raw) - 63))
    assert not list(tmp.glob("case.zip.p7m.*")) and not list(tmp.glob(".case.zip*")), "a temporary file stayed"


def test_a_tar_archive_in_an_envelope(case):
    ws, tmp = case
    out = json.loads(seal(ws, tmp, "case.tar.p7m", "--encrypt-archive-to", tmp / "rsa.crt").stdout)
    opened = openssl("cms", "-decrypt", "-inform", "DER", "-in", tmp / "case.tar.p7m", "-recip", tmp / "rsa.crt",
                     "-inkey", tmp / "rsa.key").stdout
    assert hashlib.sha256(opened).hexdigest() == out["sha256"]
    (tmp / "opened.tar").write_bytes(opened)
    with tarfile.open(tmp / "opened.tar") as t:
        assert any(n.endswith("data/E0002/original.xml") for n in t.getnames())
    code, report = verify(tmp / "case.tar.p7m", "--key", tmp / "rsa.key", "--cert", tmp / "rsa.crt")
    assert code == 0 and report["archive"]["format"] == "tar"


def test_the_log_records_the_envelope_and_names_are_checked(case):
    ws, tmp = case
    r = seal(ws, tmp, "named.zip", "--encrypt-archive-to", tmp / "rsa.crt", check=False)
    assert r.returncode == 64 and "must end in .p7m" in r.stderr
    r = seal(ws, tmp, "plain.zip.p7m", check=False)
    assert r.returncode == 64 and "--encrypt-archive-to" in r.stderr
    assert not (tmp / "named.zip").exists() and not (tmp / "plain.zip.p7m").exists()
    out = json.loads(seal(ws, tmp, "logged.zip.p7m", "--encrypt-archive-to", tmp / "rsa.crt").stdout)
    log = json.loads(run("log", "--workspace", ws, "--json").stdout)
    exported = [e for e in log if e["action"] == "exported"][-1]
    assert exported["details"]["archive_sha256"] == out["sha256"]
    assert exported["details"]["archive_name"] == "logged.zip.p7m"
    assert exported["details"]["archive_envelope"]["size"] == (tmp / "logged.zip.p7m").stat().st_size
    assert exported["details"]["archive_envelope"]["recipients"] == out["envelope"]["recipients"]


def test_a_timeline_is_read_from_the_envelope_with_a_recipients_key(case, sealed):
    ws, tmp = case
    _, p7m = sealed
    opened = tmp / "for-timeline.zip"
    opened.write_bytes(openssl("cms", "-decrypt", "-inform", "DER", "-in", p7m, "-recip", tmp / "rsa.crt",
                               "-inkey", tmp / "rsa.key").stdout)
    before = sorted(p.name for p in tmp.iterdir())
    via_envelope = run("timeline", p7m, "--key", tmp / "rsa.key", "--cert", tmp / "rsa.crt", "--format", "jsonl")
    assert sorted(p.name for p in tmp.iterdir()) == before, "the timeline wrote a file"
    from_zip = run("timeline", opened, "--format", "jsonl")
    events = [json.loads(line) for line in via_envelope.stdout.splitlines()]
    assert events and via_envelope.stdout == from_zip.stdout  # the same events, traced to the same bytes
    assert any(e["source"]["exhibit"] == "E0002" and e["kind"] == "message" for e in events)
    # The sensitive photo is still only a placeholder, and without a key nothing is read.
    assert [e["kind"] for e in events if e["source"]["exhibit"] == "E0001"] == ["sensitive"]
    r = run("timeline", p7m, check=False)
    assert r.returncode != 0 and "--key" in r.stderr


@pytest.mark.parametrize("streamed", [True, False])
def test_an_archive_enveloped_by_openssl_verifies_too(case, sealed, streamed):
    """The other direction: `openssl cms -encrypt` (streamed BER, or DER) around a plain seal."""
    ws, tmp = case
    out = json.loads(seal(ws, tmp, f"plain-{streamed}.zip").stdout)
    p7m = tmp / f"by-openssl-{streamed}.zip.p7m"
    openssl("cms", "-encrypt", "-aes-256-gcm", "-binary", "-outform", "DER", *(["-stream"] if streamed else []),
            "-in", tmp / f"plain-{streamed}.zip", "-out", p7m, tmp / "judge.crt")
    code, report = verify(p7m, "--key", tmp / "judge.pem", "--cert", tmp / "judge.crt", "--archive-sha256",
                          out["sha256"])
    assert code == 0 and check(report, "archive-envelope")[0]["outcome"] == "pass", report["checks"]

"""Withheld items (issue 14, docs/FORMAT.md §2.1): `seal --withhold E0003` and
`--withhold-sensitive` leave originals out of the bag while their SHA-256, size and type stay
sealed in `sanad/withheld.json`; `verify` says so, and `verify --supplement` proves that a file
handed over later is exactly a withheld item. The archive stays a valid bag for the standard
tools, holds no 64-byte window of a withheld original, and the VERIFY.txt step for it works as
written. Tampered twins are in Tests/Vectors (withheld-*)."""

import hashlib
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import container_kit as kit

from conftest import SAMPLES, sha256_bytes
from test_encrypted_workspace import ENV, init, run, windows_of

DEMO = SAMPLES
PHOTO = DEMO / "IMG_20260301_211530.jpg"
CHAT = DEMO / "WhatsApp Chat with Karim.txt"
SMS = DEMO / "sms-backup.xml"


@pytest.fixture
def case(tmp_path):
    """An encrypted workspace: E0001 the photo (sensitive), E0002 the SMS backup, E0003 the
    chat (sensitive), E0004 a duplicate of the photo (not marked)."""
    ws = tmp_path / "case"
    init(ws)
    run("add", "--workspace", ws, PHOTO, "--collected-by", "Noor", "--sensitive")
    run("add", "--workspace", ws, SMS, "--collected-by", "Noor")
    run("add", "--workspace", ws, CHAT, "--collected-by", "Noor", "--sensitive")
    copy = tmp_path / "copy-of-photo.jpg"
    copy.write_bytes(PHOTO.read_bytes())
    run("add", "--workspace", ws, copy, "--collected-by", "Noor")
    run("key", "new", "--out", tmp_path / "noor", "--name", "Noor", "--org", "Example NGO", "-q")
    return ws, tmp_path


def seal(ws, tmp, name, *extra, check=True):
    return run("seal", "--workspace", ws, "--key", tmp / "noor.key", "--cert", tmp / "noor.crt",
               "--out", tmp / name, "--time", "2026-03-04T10:00:00Z", "--json", *extra, check=check)


def verify(archive, *extra):
    r = run("verify", archive, "--json", *extra, check=False)
    return r.returncode, json.loads(r.stdout)


def checks(report, name):
    return [c for c in report["checks"] if c["name"] == name]


def test_withhold_sensitive_leaves_the_originals_out_and_seals_their_digests(case):
    ws, tmp = case
    out = json.loads(seal(ws, tmp, "case.zip", "--withhold-sensitive").stdout)
    assert out["withheld"] == ["E0001", "E0003"]
    with zipfile.ZipFile(tmp / "case.zip") as z:
        names = z.namelist()
        listed = json.loads(z.read(next(n for n in names if n.endswith("/sanad/withheld.json"))))
        data = {n.split("/", 1)[1] for n in names if "/data/" in n}
        manifest = z.read(next(n for n in names if n.endswith("/manifest-sha256.txt"))).decode()
        verify_txt = z.read(next(n for n in names if n.endswith("/VERIFY.txt"))).decode()
    assert data == {"data/E0002/original.xml"}
    assert "E0001" not in manifest and "E0003" not in manifest
    assert listed["format"] == "sanad-withheld" and listed["version"] == 1
    assert [(i["id"], i["sha256"], i["size"], i["reason"]) for i in listed["items"]] == [
        ("E0001", sha256_bytes(PHOTO.read_bytes()), PHOTO.stat().st_size, "sensitive"),
        ("E0003", sha256_bytes(CHAT.read_bytes()), CHAT.stat().st_size, "sensitive")]
    assert listed["items"][0]["type"] == "image/jpeg" and listed["items"][0]["payload"] == "data/E0001/original.jpg"
    assert "2 withheld (step 7)" in verify_txt and "sanad/withheld.json" in verify_txt
    assert "٧. حجب الخاتم 2" in verify_txt
    # Not a window of either withheld original anywhere in the archive.
    raw = (tmp / "case.zip").read_bytes()
    windows = windows_of(PHOTO, 1) | windows_of(CHAT, 1)
    assert not any(raw[i:i + 64] in windows for i in range(len(raw) - 63))
    code, report = verify(tmp / "case.zip")
    assert code == 0 and report["verdict"] == "verified"
    assert [w["id"] for w in report["withheld"]] == ["E0001", "E0003"]
    [info] = checks(report, "withheld")
    assert info["outcome"] == "info" and info["detail"].startswith("2 item(s) withheld by the sealer")
    log = json.loads(run("log", "--workspace", ws, "--json").stdout)
    assert log[-1]["action"] == "exported"
    assert log[-1]["details"]["withheld"] == ["E0001", "E0003"]


def test_standard_tools_accept_a_bag_with_withheld_items(case):
    ws, tmp = case
    seal(ws, tmp, "case.zip", "--withhold", "E0002")
    subprocess.run(["unzip", "-q", tmp / "case.zip", "-d", tmp / "u"], check=True)
    bag = next((tmp / "u").iterdir())
    assert subprocess.run(["sha256sum", "-c", "--quiet", "manifest-sha256.txt"], cwd=bag).returncode == 0
    assert subprocess.run(["sha256sum", "-c", "--quiet", "tagmanifest-sha256.txt"], cwd=bag).returncode == 0
    bagit = subprocess.run([sys.executable, "-m", "bagit", "--validate", bag], capture_output=True, text=True)
    assert bagit.returncode == 0 and "is valid" in bagit.stderr, bagit.stderr
    # VERIFY.txt's step 7, done by hand: sha256sum of the file handed over finds its exhibit.
    listed = json.loads((bag / "sanad" / "withheld.json").read_text())
    handed = subprocess.run(["sha256sum", SMS], capture_output=True, text=True, check=True).stdout.split()[0]
    assert [i["id"] for i in listed["items"] if i["sha256"] == handed] == ["E0002"]
    # The unpacked folder verifies too.
    code, report = verify(bag)
    assert code == 0 and [w["id"] for w in report["withheld"]] == ["E0002"]


def test_supplements_are_checked_against_the_withheld_items(case):
    ws, tmp = case
    seal(ws, tmp, "case.zip", "--withhold", "E0001")
    code, report = verify(tmp / "case.zip", "--supplement", PHOTO)
    assert code == 0, report["checks"]
    [s] = checks(report, "supplement")
    assert s["outcome"] == "pass" and "is exactly E0001, which the sealer withheld" in s["detail"]
    other = tmp / "other.jpg"
    b = bytearray(PHOTO.read_bytes()); b[10] ^= 1
    other.write_bytes(bytes(b))
    code, report = verify(tmp / "case.zip", "--supplement", PHOTO, other)
    assert code == 1 and report["outcome"] == "supplement"
    assert [c["outcome"] for c in checks(report, "supplement")] == ["pass", "fail"]
    assert "matches no withheld item" in checks(report, "supplement")[1]["detail"]
    # A file the archive already holds is not a supplement: a warning, which --strict fails.
    code, report = verify(tmp / "case.zip", "--supplement", SMS)
    assert code == 0 and checks(report, "supplement")[0]["outcome"] == "warn"
    assert "holds it already, as data/E0002/original.xml" in checks(report, "supplement")[0]["detail"]
    assert verify(tmp / "case.zip", "--supplement", SMS, "--strict")[0] == 1


def test_bad_withhold_requests_are_refused_by_name_and_nothing_is_written(case):
    ws, tmp = case
    r = seal(ws, tmp, "a.zip", "--withhold", "E0009", check=False)
    assert r.returncode == 64 and "E0009 is not an exhibit of this case" in r.stderr
    r = seal(ws, tmp, "b.zip", "--withhold", "E0004", check=False)
    assert r.returncode == 64 and "E0004 is a duplicate" in r.stderr and "Withhold the exhibit it duplicates" in r.stderr
    r = seal(ws, tmp, "c.zip", "--withhold", "photo", check=False)
    assert r.returncode == 64 and "takes an exhibit number" in r.stderr
    assert not list(tmp.glob("*.zip*"))


def test_a_sensitive_duplicate_withholds_the_file_it_duplicates(case):
    ws, tmp = case
    run("amend", "--workspace", ws, "E0001", "--sensitive", "false", "--reason", "test: only its copy is sensitive")
    run("amend", "--workspace", ws, "E0004", "--sensitive", "true", "--reason", "test: the copy is the sensitive one")
    out = json.loads(seal(ws, tmp, "case.zip", "--withhold-sensitive").stdout)
    assert out["withheld"] == ["E0001", "E0003"]


def test_the_timeline_of_an_archive_with_withheld_items_says_what_it_cannot_read(case):
    ws, tmp = case
    seal(ws, tmp, "case.zip", "--withhold", "E0003")
    r = run("timeline", tmp / "case.zip", "--format", "jsonl", check=False)
    assert r.returncode == 0, r.stderr
    assert "E0003: withheld by the sealer" in r.stderr
    exhibits = {json.loads(line)["source"]["exhibit"] for line in r.stdout.splitlines() if line.strip()}
    assert "E0003" not in exhibits and "E0002" in exhibits


def test_a_withheld_list_that_contradicts_the_archive_fails(case):
    """Tampered twin of the listing: E0002 is in the archive, and a forger adds it to
    sanad/withheld.json (tag manifest recomputed, the zip rebuilt in Sanad's exact form). The
    seal no longer matches, and custody-items names the contradiction; an exhibit the log does
    not hold fails `withheld`."""
    ws, tmp = case
    seal(ws, tmp, "case.zip", "--withhold", "E0001")
    entries = kit.parse_zip((tmp / "case.zip").read_bytes())
    files = {e.name: e for e in entries}
    top = entries[0].name.split("/")[0]
    listed = json.loads(files[f"{top}/sanad/withheld.json"].data)
    manifest = files[f"{top}/manifest-sha256.txt"].data.decode()
    sms = next(line.split("  ") for line in manifest.splitlines() if "E0002" in line)
    extra = {"id": "E0002", "payload": sms[1], "reason": "requested", "sha256": sms[0],
             "size": SMS.stat().st_size, "type": "application/xml"}
    ghost = {**extra, "id": "E0009", "payload": "data/E0009/original.bin"}
    for added, check, says in [(extra, "custody-items", "as withheld, but data/E0002/original.xml is in the archive"),
                               (ghost, "withheld", "E0009 is listed as withheld but is no item of the custody log")]:
        forged = {**listed, "items": listed["items"] + [added]}
        data = (json.dumps(forged, indent=2, sort_keys=True) + "\n").encode()
        tagman = files[f"{top}/tagmanifest-sha256.txt"].data.decode().splitlines()
        tagman = [f"{hashlib.sha256(data).hexdigest()}  sanad/withheld.json" if l.endswith("  sanad/withheld.json")
                  else l for l in tagman]
        rebuilt = []
        for e in entries:
            if e.name.endswith("/sanad/withheld.json"):
                e = kit.Entry(e.name, data, e.mtime)
            elif e.name.endswith("/tagmanifest-sha256.txt"):
                e = kit.Entry(e.name, ("\n".join(tagman) + "\n").encode(), e.mtime)
            rebuilt.append(e)
        (tmp / "forged.zip").write_bytes(kit.build_zip(rebuilt))
        code, report = verify(tmp / "forged.zip")
        assert code == 1
        failed = {c["name"]: c["detail"] for c in report["checks"] if c["outcome"] == "fail"}
        assert "signature" in failed, failed
        assert says in failed.get(check, ""), failed

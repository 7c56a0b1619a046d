"""Envelopes to named recipients (issue 14 item 4, docs/FORMAT.md §2.2): `seal --encrypt-to
CERT` puts every sensitive original (every original with `--encrypt-all`) in a CMS
AuthEnvelopedData (AES-256-GCM) at `data/E000N/original.ext.p7m`, lists the plaintext digests in
`sanad/envelopes.json` and the recipients' certificates in `sanad/recipients.pem`. Checked with
the real `openssl cms -decrypt` for EC (from `sanad key new`) and RSA recipients, `sha256sum`,
bagit-python and VERIFY.txt's envelope step run as printed; `sanad verify` with and without a key, on a
zip, a tar and an unpacked folder. Tampered envelopes are in test_envelopes_tamper.py."""

import hashlib
import json
import os
import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from conftest import REPO, SAMPLES, sha256_bytes, sha256_file
from test_encrypted_workspace import ENV, init, run, windows_of

PHOTO = SAMPLES / "IMG_20260301_211530.jpg"
CHAT = SAMPLES / "WhatsApp Chat with Karim.txt"
SMS = SAMPLES / "sms-backup.xml"
KEY_PASS = ENV["SANAD_PASSPHRASE"]


def openssl(*args, check=True):
    r = subprocess.run(["openssl", *map(str, args)], capture_output=True)
    if check:
        assert r.returncode == 0, r.stderr.decode()
    return r


def der_fingerprint(pem_path: Path) -> str:
    return sha256_bytes(openssl("x509", "-in", pem_path, "-outform", "DER").stdout)


def self_signed(out: Path, name: str, kind: str, usage: str):
    """A certificate made with openssl alone: `kind` rsa or ec (P-256), `usage` its keyUsage."""
    new_key = ["-newkey", "rsa:2048"] if kind == "rsa" else ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"]
    openssl("req", "-x509", *new_key, "-nodes", "-keyout", out / f"{name}.key", "-out", out / f"{name}.pem",
            "-days", "30", "-subj", f"/CN={name}", "-addext", f"keyUsage={usage}")
    return out / f"{name}.pem", out / f"{name}.key"


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    """name -> (certificate, key): the sealer `noor` and recipient `judge` from `sanad key new`
    (EC P-256, keys in encrypted PKCS #8), `judge-plain` the judge's key decrypted by `openssl pkey`,
    `rsa` a recipient made by openssl, `stranger` an EC recipient nobody sealed to."""
    d = tmp_path_factory.mktemp("keys")
    for name, org in [("noor", "Example NGO"), ("judge", "Court of Appeal")]:
        run("key", "new", "--out", d / name, "--name", name.title(), "--org", org, "-q")
    openssl("pkey", "-in", d / "judge.key", "-passin", f"pass:{KEY_PASS}", "-out", d / "judge-plain.key")
    return {"noor": (d / "noor.crt", d / "noor.key"), "judge": (d / "judge.crt", d / "judge.key"),
            "judge-plain": (d / "judge.crt", d / "judge-plain.key"),
            "rsa": self_signed(d, "rsa", "rsa", "keyEncipherment,digitalSignature"),
            "stranger": self_signed(d, "stranger", "ec", "keyAgreement")}


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
    return ws, tmp_path


def seal(ws, tmp, keys, name, *extra, to=("judge",), check=True, env=None):
    cert, key = keys["noor"]
    recipients = [a for r in to for a in ("--encrypt-to", keys[r][0])]
    return run("seal", "--workspace", ws, "--key", key, "--cert", cert, "--out", tmp / name,
               "--time", "2026-03-04T10:00:00Z", "--json", *recipients, *extra, check=check, env=env)


def verify(archive, *extra, env=None):
    r = run("verify", archive, "--json", *extra, check=False, env=env)
    assert r.stdout, r.stderr
    return r.returncode, json.loads(r.stdout)


def with_key(keys, who):
    cert, key = keys[who]
    return ("--key", key, "--cert", cert)


def checks(report, name):
    return [c for c in report["checks"] if c["name"] == name]


def unpack(archive: Path, into: Path) -> Path:
    """The bag folder, unpacked by the standard tool for its kind."""
    into.mkdir()
    tool = ["unzip", "-q", archive, "-d", into] if archive.suffix == ".zip" else ["tar", "-xf", archive, "-C", into]
    subprocess.run(tool, check=True)
    [bag] = into.iterdir()
    return bag


def decrypt(p7m: Path, keys, who, out: Path):
    """`openssl cms -decrypt` as VERIFY.txt gives it; the passphrase of Sanad's keys on -passin."""
    cert, key = keys[who]
    return openssl("cms", "-decrypt", "-inform", "DER", "-in", p7m, "-recip", cert, "-inkey", key,
                   "-passin", f"pass:{KEY_PASS}", "-out", out, check=False)


@pytest.mark.parametrize("to", [("judge",), ("rsa",), ("judge", "rsa")], ids=["ec", "rsa", "ec+rsa"])
def test_each_recipient_opens_the_envelopes_with_openssl(case, keys, to):
    ws, tmp = case
    out = json.loads(seal(ws, tmp, keys, "case.zip", to=to).stdout)
    assert out["enveloped"] == ["E0001", "E0003"] and out["withheld"] == []
    assert out["recipients"] == [der_fingerprint(keys[r][0]) for r in to]
    bag = unpack(tmp / "case.zip", tmp / "u")
    assert sorted(str(p.relative_to(bag)) for p in (bag / "data").rglob("*") if p.is_file()) == [
        "data/E0001/original.jpg.p7m", "data/E0002/original.xml", "data/E0003/original.txt.p7m"]
    raw = (bag / "sanad" / "envelopes.json").read_bytes()
    listed = json.loads(raw)
    assert raw == (json.dumps(listed, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()
    assert (listed["format"], listed["version"], listed["cipher"]) == ("sanad-envelopes", 1, "aes-256-gcm")
    assert [r["fingerprint"] for r in listed["recipients"]] == out["recipients"]
    assert [r["subject"] for r in listed["recipients"]] == [
        {"judge": "O=Court of Appeal,CN=Judge", "rsa": "CN=rsa"}[r] for r in to]
    assert [(i["id"], i["original"], i["payload"], i["reason"], i["sha256"], i["size"], i["type"])
            for i in listed["items"]] == [
        ("E0001", "data/E0001/original.jpg", "data/E0001/original.jpg.p7m", "sensitive", sha256_file(PHOTO),
         PHOTO.stat().st_size, "image/jpeg"),
        ("E0003", "data/E0003/original.txt", "data/E0003/original.txt.p7m", "sensitive", sha256_file(CHAT),
         CHAT.stat().st_size, "text/plain; charset=utf-8")]
    # recipients.pem: the same certificates, in the same order.
    pems = re.findall(rb"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----\n",
                      (bag / "sanad" / "recipients.pem").read_bytes(), re.S)
    ders = [subprocess.run(["openssl", "x509", "-outform", "DER"], input=p, capture_output=True, check=True).stdout
            for p in pems]
    assert [sha256_bytes(d) for d in ders] == out["recipients"]
    for item, original in [(listed["items"][0], PHOTO), (listed["items"][1], CHAT)]:
        for who in to:
            plain = tmp / f"{item['id']}-{who}.out"
            r = decrypt(bag / item["payload"], keys, who, plain)
            assert r.returncode == 0, r.stderr.decode()
            assert sha256_file(plain) == sha256_file(original) == item["sha256"]


def test_a_key_that_is_no_recipient_opens_nothing(case, keys):
    ws, tmp = case
    seal(ws, tmp, keys, "case.zip", to=("judge", "rsa"))
    bag = unpack(tmp / "case.zip", tmp / "u")
    for who in ["noor", "stranger"]:
        plain = tmp / f"{who}.out"
        r = decrypt(bag / "data" / "E0001" / "original.jpg.p7m", keys, who, plain)
        assert r.returncode != 0 and b"Error decrypting CMS" in r.stderr
        assert not plain.exists() or plain.read_bytes() == b""


@pytest.mark.parametrize("kind", ["zip", "tar", "folder"])
def test_verify_lists_the_envelopes_and_opens_them_with_a_recipients_key(case, keys, kind):
    ws, tmp = case
    seal(ws, tmp, keys, "case.tar" if kind == "tar" else "case.zip", to=("judge", "rsa"))
    archive = unpack(tmp / "case.zip", tmp / "u") if kind == "folder" else tmp / f"case.{kind}"
    if kind == "tar":
        with tarfile.open(archive) as t:
            assert [m.name.split("/", 1)[1] for m in t.getmembers() if "/data/" in m.name] == [
                "data/E0001/original.jpg.p7m", "data/E0002/original.xml", "data/E0003/original.txt.p7m"]
    code, report = verify(archive)
    assert code == 0 and report["verdict"] == "verified", report["checks"]
    [info] = checks(report, "envelopes")
    assert info["outcome"] == "info"
    assert info["detail"].startswith("2 item(s) sealed in envelopes (CMS AuthEnvelopedData, AES-256-GCM) that only "
                                     "2 recipient(s) can open: O=Court of Appeal,CN=Judge; CN=rsa.")
    assert f"E0001 (image/jpeg, {PHOTO.stat().st_size} bytes, SHA-256 {sha256_file(PHOTO)})" in info["detail"]
    [closed] = checks(report, "envelope-content")
    assert closed["outcome"] == "info" and closed["detail"].startswith("the 2 envelope(s) were not opened")
    # The report's envelopes object: the items with their plaintext digests, and the recipients.
    assert [(i["id"], i["payload"], i["sha256"], i["size"], i["type"]) for i in report["envelopes"]["items"]] == [
        ("E0001", "data/E0001/original.jpg.p7m", sha256_file(PHOTO), PHOTO.stat().st_size, "image/jpeg"),
        ("E0003", "data/E0003/original.txt.p7m", sha256_file(CHAT), CHAT.stat().st_size, "text/plain; charset=utf-8")]
    assert [r["fingerprint"] for r in report["envelopes"]["recipients"]] == [
        der_fingerprint(keys["judge"][0]), der_fingerprint(keys["rsa"][0])]
    for who in ["judge", "judge-plain", "rsa"]:
        code, report = verify(archive, *with_key(keys, who))
        assert code == 0 and report["verdict"] == "verified", (who, report["checks"])
        opened = checks(report, "envelope-content")
        assert [(c["outcome"], c["subject"]) for c in opened] == [
            ("pass", "data/E0001/original.jpg.p7m"), ("pass", "data/E0003/original.txt.p7m")], who
        assert opened[0]["detail"] == (f"E0001: the envelope opens, and holds exactly the sealed original "
                                       f"(SHA-256 {sha256_file(PHOTO)})")
    # The sealer's own key is not a recipient: a warning per envelope, the archive still verifies.
    code, report = verify(archive, *with_key(keys, "noor"))
    assert code == 0 and report["verdict"] == "verified"
    assert [(c["outcome"], c["detail"]) for c in checks(report, "envelope-content")] == [
        ("warn", "E0001: not opened: the key given is not one of its recipients"),
        ("warn", "E0003: not opened: the key given is not one of its recipients")]


def test_verify_text_and_key_passphrase_sources(case, keys):
    ws, tmp = case
    seal(ws, tmp, keys, "case.zip")
    r = run("verify", tmp / "case.zip", *with_key(keys, "judge"))
    assert r.stdout.startswith("VERIFIED: 4 items")
    assert "  [INFO] envelopes: 2 item(s) sealed in envelopes" in r.stdout
    assert r.stdout.count("  [PASS] envelope-content: ") == 2
    # The judge's key is encrypted: its passphrase from a file, without SANAD_PASSPHRASE.
    env = {k: v for k, v in ENV.items() if k != "SANAD_PASSPHRASE"}
    (tmp / "pass.txt").write_text(KEY_PASS + "\n")
    code, report = verify(tmp / "case.zip", *with_key(keys, "judge"), "--passphrase-file", tmp / "pass.txt", env=env)
    assert code == 0 and [c["outcome"] for c in checks(report, "envelope-content")] == ["pass", "pass"]
    r = run("verify", tmp / "case.zip", *with_key(keys, "judge"), env=env, check=False)
    assert r.returncode == 64 and "no terminal to ask on" in r.stderr and r.stdout == ""
    r = run("verify", tmp / "case.zip", *with_key(keys, "judge"), env={**ENV, "SANAD_PASSPHRASE": "not it"},
            check=False)
    assert r.returncode == 2 and r.stdout == "" and "wrong passphrase for the key" in r.stderr


def test_encrypt_all_envelopes_every_original_and_says_why(case, keys):
    ws, tmp = case
    out = json.loads(seal(ws, tmp, keys, "case.zip", "--encrypt-all").stdout)
    assert out["enveloped"] == ["E0001", "E0002", "E0003"]
    with zipfile.ZipFile(tmp / "case.zip") as z:
        data = sorted(n.split("/", 1)[1] for n in z.namelist() if "/data/" in n)
        listed = json.loads(z.read(next(n for n in z.namelist() if n.endswith("/sanad/envelopes.json"))))
    assert data == ["data/E0001/original.jpg.p7m", "data/E0002/original.xml.p7m", "data/E0003/original.txt.p7m"]
    assert all(n.endswith(".p7m") for n in data)
    assert [(i["id"], i["reason"]) for i in listed["items"]] == [
        ("E0001", "sensitive"), ("E0002", "requested"), ("E0003", "sensitive")]
    code, report = verify(tmp / "case.zip", *with_key(keys, "judge"))
    assert code == 0 and [c["outcome"] for c in checks(report, "envelope-content")] == ["pass"] * 3
    for schema, doc in [("seal-output", out), ("verify-output", report)]:
        (tmp / f"{schema}.json").write_text(json.dumps(doc))
        r = subprocess.run([sys.executable, REPO / "manifests" / "validate.py", schema, tmp / f"{schema}.json"],
                           capture_output=True, text=True)
        assert r.returncode == 0, r.stdout + r.stderr


def test_a_sensitive_duplicate_envelopes_the_original_it_duplicates(case, keys):
    ws, tmp = case
    run("amend", "--workspace", ws, "E0001", "--sensitive", "false", "--reason", "test: only its copy is sensitive")
    run("amend", "--workspace", ws, "E0004", "--sensitive", "true", "--reason", "test: the copy is the sensitive one")
    out = json.loads(seal(ws, tmp, keys, "case.tar").stdout)
    assert out["enveloped"] == ["E0001", "E0003"]
    code, report = verify(tmp / "case.tar", *with_key(keys, "judge"))
    assert code == 0 and [i["id"] for i in report["envelopes"]["items"]] == ["E0001", "E0003"]
    assert [c["outcome"] for c in checks(report, "envelope-content")] == ["pass", "pass"]


def test_withheld_originals_stay_withheld_and_are_not_enveloped(case, keys):
    ws, tmp = case
    out = json.loads(seal(ws, tmp, keys, "case.zip", "--withhold-sensitive", "--encrypt-all").stdout)
    assert out["withheld"] == ["E0001", "E0003"] and out["enveloped"] == ["E0002"]
    with zipfile.ZipFile(tmp / "case.zip") as z:
        assert sorted(n.split("/", 1)[1] for n in z.namelist() if "/data/" in n) == ["data/E0002/original.xml.p7m"]
        listed = json.loads(z.read(next(n for n in z.namelist() if n.endswith("/sanad/envelopes.json"))))
    assert [(i["id"], i["reason"]) for i in listed["items"]] == [("E0002", "requested")]
    code, report = verify(tmp / "case.zip", *with_key(keys, "judge"), "--supplement", PHOTO)
    assert code == 0, report["checks"]
    assert [w["id"] for w in report["withheld"]] == ["E0001", "E0003"]
    assert [c["outcome"] for c in checks(report, "envelope-content")] == ["pass"]
    assert checks(report, "supplement")[0]["outcome"] == "pass"


def snapshot(root: Path) -> dict:
    return {p.relative_to(root): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_envelope_requests_that_cannot_be_met_are_refused_and_nothing_is_written(case, keys, tmp_path):
    ws, tmp = case
    before = snapshot(ws)
    r = seal(ws, tmp, keys, "a.zip", "--withhold", "E0001,E0003", check=False)
    assert r.returncode == 64 and r.stdout == ""
    assert "sanad: error: --encrypt-to was given, but no item is marked sensitive (or all are withheld)" in r.stderr
    assert "hint: Add --encrypt-all to put every original in an envelope" in r.stderr
    r = seal(ws, tmp, keys, "b.zip", "--encrypt-all", to=(), check=False)
    assert r.returncode == 64 and "--encrypt-all needs --encrypt-to CERT.pem" in r.stderr
    # Certificates that may sign but not receive a key: bad-key, exit 2 (docs/EXIT-CODES.md).
    signer_rsa = self_signed(tmp_path, "signer-rsa", "rsa", "digitalSignature")[0]
    signer_ec = self_signed(tmp_path, "signer-ec", "ec", "digitalSignature")[0]
    for cert, why in [(signer_rsa, "keyEncipherment"), (signer_ec, "keyAgreement")]:
        r = seal(ws, tmp, {**keys, "x": (cert, None)}, "c.zip", to=("judge", "x"), check=False)
        assert r.returncode == 2 and r.stdout == "", r.stderr
        assert f"{cert} cannot receive an envelope: its key usage does not allow {why}" in r.stderr
        assert "hint: Give an RSA or EC (P-256) certificate made for encryption" in r.stderr
    r = seal(ws, tmp, {**keys, "x": (keys["judge"][1], None)}, "d.zip", to=("x",), check=False)
    assert r.returncode == 2 and "no PEM certificate found" in r.stderr
    assert not list(tmp.glob("*.zip*")) and snapshot(ws) == before
    # A plain case with nothing marked sensitive: --encrypt-to alone names --encrypt-all.
    plain = tmp / "plain"
    init(plain)
    run("add", "--workspace", plain, SMS, "--collected-by", "Noor")
    r = seal(plain, tmp, keys, "e.zip", check=False)
    assert r.returncode == 64 and "no item is marked sensitive" in r.stderr and "--encrypt-all" in r.stderr
    assert not (tmp / "e.zip").exists()
    seal(ws, tmp, keys, "case.zip")
    for half in [("--key", keys["judge"][1]), ("--cert", keys["judge"][0])]:
        r = run("verify", tmp / "case.zip", *half, check=False)
        assert r.returncode == 64 and r.stdout == "" and "--key and --cert go together" in r.stderr
    r = run("verify", tmp / "case.zip", "--key", keys["rsa"][1], "--cert", keys["judge"][0], check=False)
    assert r.returncode == 2 and r.stdout == "" and "is not the key of the certificate" in r.stderr


@pytest.mark.parametrize("kind", ["encrypted", "plaintext"])
def test_no_window_of_a_sensitive_original_leaves_the_envelopes(tmp_path, keys, kind):
    """A sensitive file larger than a chunk (3 MiB of random bytes) and the chat: the archive holds
    no 64-byte window of either, the seal leaves nothing in the workspace's tmp/, in TMPDIR or
    beside the archive, and an encrypted workspace holds none anywhere."""
    ws, out, tmpdir = tmp_path / "case", tmp_path / "out", tmp_path / "tmpdir"
    out.mkdir()
    tmpdir.mkdir()
    init(ws, *(["--plaintext"] if kind == "plaintext" else []))
    big = tmp_path / "video.bin"
    big.write_bytes(os.urandom((3 << 20) + 12345))
    run("add", "--workspace", ws, big, CHAT, "--collected-by", "Noor", "--sensitive")
    run("add", "--workspace", ws, SMS, "--collected-by", "Noor")
    tmp_before = sorted(p.name for p in (ws / "tmp").iterdir())
    sealed = json.loads(seal(ws, out, keys, "case.zip", env={**ENV, "TMPDIR": str(tmpdir)}).stdout)
    assert sealed["enveloped"] == ["E0001", "E0002"]
    assert sorted(p.name for p in (ws / "tmp").iterdir()) == tmp_before
    assert list(tmpdir.iterdir()) == [] and [p.name for p in out.iterdir()] == ["case.zip"]
    small, large = windows_of(CHAT, 1), windows_of(big, 4096)
    raw = (out / "case.zip").read_bytes()
    assert SMS.read_bytes() in raw  # the scan's control: an original not sealed in an envelope is found
    assert not any(raw[i:i + 64] in small or raw[i:i + 64] in large for i in range(len(raw) - 63))
    if kind == "encrypted":
        for p in ws.rglob("*"):
            data = p.read_bytes() if p.is_file() else b""
            assert not any(data[i:i + 64] in small or data[i:i + 64] in large for i in range(len(data) - 63)), p
    code, report = verify(out / "case.zip", *with_key(keys, "judge"))
    assert code == 0 and [c["outcome"] for c in checks(report, "envelope-content")] == ["pass", "pass"]
    bag = unpack(out / "case.zip", tmp_path / "u")
    r = decrypt(bag / "data" / "E0001" / "original.bin.p7m", keys, "judge", tmp_path / "opened.bin")
    assert r.returncode == 0 and sha256_file(tmp_path / "opened.bin") == sha256_file(big)


def test_standard_tools_accept_the_bag_and_verify_txt_envelope_step_works_as_printed(case, keys):
    ws, tmp = case
    seal(ws, tmp, keys, "case.zip", to=("judge", "rsa"))
    bag = unpack(tmp / "case.zip", tmp / "u")
    for manifest in ["manifest-sha256.txt", "tagmanifest-sha256.txt"]:
        r = subprocess.run(["sha256sum", "-c", manifest], cwd=bag, capture_output=True, text=True)
        assert r.returncode == 0, r.stdout + r.stderr
    assert "data/E0001/original.jpg.p7m: OK" in subprocess.run(
        ["sha256sum", "-c", "manifest-sha256.txt"], cwd=bag, capture_output=True, text=True).stdout
    bagit = subprocess.run([sys.executable, "-m", "bagit", "--validate", bag], capture_output=True, text=True)
    assert bagit.returncode == 0 and "is valid" in bagit.stderr, bagit.stderr
    text = (bag / "VERIFY.txt").read_text()
    # Nothing is withheld, so the envelopes' step follows step 6 as step 7.
    english, arabic = text.split("\n٧. ", 1) if "\n٧. " in text else (text, "")
    assert "Evidence:      3 file(s) under data/, 2 in envelopes (step 7)" in english
    assert "(الخطوة ٧)" in arabic or "(الخطوة ٧)" in text
    step = re.search(r"\n7\. 2 evidence file\(s\) are sealed in envelopes.*?\n\n", english, re.S).group(0)
    opens = re.search(r"openssl cms -decrypt -inform DER -in \S+ \\\n\s+-recip recipient\.pem -inkey recipient\.key "
                      r"-out \S+", step).group(0)
    digest = re.search(r"sha256sum \S+", step).group(0)
    assert opens.split()[6] == "data/E0001/original.jpg.p7m" and digest == "sha256sum original.jpg"
    assert opens in arabic and digest in arabic, "step ٧ gives the same commands"
    listed = json.loads((bag / "sanad" / "envelopes.json").read_text())["items"][0]["sha256"]
    for who in ["judge-plain", "rsa"]:
        cert, key = keys[who]
        (bag / "recipient.pem").write_bytes(cert.read_bytes())
        (bag / "recipient.key").write_bytes(key.read_bytes())
        (bag / "original.jpg").unlink(missing_ok=True)
        r = subprocess.run(["bash", "-c", f"{opens}\n{digest}\n"], cwd=bag, capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        assert r.stdout == f"{listed}  original.jpg\n" and listed == sha256_file(PHOTO), who


def test_timeline_of_an_archive_with_envelopes_was_refused_as_a_digest_mismatch(case, keys):
    """Regression: `sanad timeline` of a verified archive with envelopes failed (exit 1, "the sealed
    manifest does not list data/E0001/original.jpg with the digest its item file records"). Like a
    withheld item, an envelope has no bytes the timeline can read: it says so, and reads the rest."""
    ws, tmp = case
    seal(ws, tmp, keys, "case.zip", "--withhold", "E0001")
    r = run("timeline", tmp / "case.zip", "--format", "jsonl", check=False)
    assert r.returncode == 0, r.stderr
    assert "E0001: withheld by the sealer" in r.stderr
    assert "E0003: sealed in envelopes for their recipients; not opened" in r.stderr
    exhibits = {json.loads(line)["source"]["exhibit"] for line in r.stdout.splitlines() if line.strip()}
    assert "E0002" in exhibits and "E0003" not in exhibits

"""The case workspace at rest (issue 13): encrypted by default, in the age format.

Checked with the real `age` binary: it decrypts every stored file with the workspace identity
(itself an age file that opens with the passphrase), and Sanad reads files that `age` wrote.
The evidence never reaches the disk in the clear: `test_no_plaintext_anywhere` runs every
command on files holding unique markers, kills an `add` and a `timeline` half-way, and scans
everything Sanad could have written for the markers and for any 64-byte window of the originals.
"""

import hashlib
import json
import os
import pty
import random
import select
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from conftest import CASE_ID, ORG, SANAD_BIN, SAMPLES, make_tree_writable, sha256_bytes

PASS = "seven tired camels cross the Tigris at dawn"
ENV = {**os.environ, "SANAD_WORKSPACE_PASSPHRASE": PASS, "SANAD_PASSPHRASE": "key pass for these tests"}


def run(*args, env=None, check=True, timeout=300):
    r = subprocess.run([SANAD_BIN, *map(str, args)], capture_output=True, text=True, env=env or ENV,
                       timeout=timeout)
    if check:
        assert r.returncode == 0, f"{args}: {r.stderr}"
    return r


def init(root, *extra, env=None):
    return run("init", root, "--case-id", CASE_ID, "--org", ORG, "--actor", "Noor", "-q", *extra, env=env)


def age_decrypt_identity(ws: Path, out: Path, passphrase=PASS):
    """`age -d keys/identity.age` typing the passphrase at age's terminal prompt, as a person would."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp("age", ["age", "-d", "-o", str(out), str(ws / "keys" / "identity.age")])
    buf = b""
    typed = False
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 1024)
            except OSError:
                break
            if not chunk:
                break
            buf += chunk
            if not typed and b"passphrase" in buf.lower():
                os.write(fd, passphrase.encode() + b"\r")
                typed = True
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    assert os.WEXITSTATUS(status) == 0, buf.decode(errors="replace")
    return out


def age_d(identity: Path, path: Path) -> bytes:
    r = subprocess.run(["age", "-d", "-i", str(identity), str(path)], capture_output=True)
    assert r.returncode == 0, r.stderr.decode()
    return r.stdout


@pytest.fixture
def enc_case(tmp_path):
    ws = tmp_path / "case"
    init(ws)
    return ws


def test_init_is_encrypted_by_default_and_says_so(tmp_path):
    ws = tmp_path / "case"
    r = run("init", ws, "--case-id", CASE_ID, "--org", ORG, "--actor", "Noor", "--json")
    out = json.loads(r.stdout)
    assert out["encrypted"] is True and out["recipient"].startswith("age1")
    names = sorted(p.name for p in ws.iterdir())
    assert "sanad-case.json" not in names and "custody.jsonl" not in names and "data" not in names
    assert {"sanad-workspace.json", "sanad-case.json.age", "custody.jsonl.age", "keys"} <= set(names)
    marker = json.loads((ws / "sanad-workspace.json").read_text())
    assert marker["encryption"]["recipient"] == out["recipient"]
    # The one file in the clear names no case, no organisation, no person.
    text = (ws / "sanad-workspace.json").read_text()
    assert CASE_ID not in text and ORG not in text and "Noor" not in text
    assert (ws / "keys" / "identity.age").read_bytes().startswith(b"age-encryption.org/v1\n-> scrypt ")
    assert oct((ws / "keys" / "identity.age").stat().st_mode & 0o777) == "0o400"

    p = run("init", tmp_path / "plain", "--plaintext", "--case-id", CASE_ID, "--org", ORG, "--actor", "Noor")
    assert "NOT encrypted" in p.stderr and (tmp_path / "plain" / "sanad-case.json").is_file()


@pytest.mark.parametrize("weak,why", [("short pass", "too short"), ("password1234", "easy to guess"),
                                      ("aaaaaaaaaaaaaaaa", "easy to guess")])
def test_weak_passphrases_are_refused_and_nothing_is_created(tmp_path, weak, why):
    env = {**ENV, "SANAD_WORKSPACE_PASSPHRASE": weak}
    r = run("init", tmp_path / "case", "--case-id", CASE_ID, "--org", ORG, env=env, check=False)
    assert r.returncode == 64, r.stderr
    assert why in r.stderr and "words" in r.stderr
    assert not (tmp_path / "case").exists() or list((tmp_path / "case").iterdir()) == []


def test_wrong_passphrase_is_a_clear_error_and_changes_nothing(enc_case, tmp_path):
    f = tmp_path / "note.txt"
    f.write_text("hello")
    before = {p: p.read_bytes() for p in enc_case.rglob("*") if p.is_file()}
    r = run("add", "--workspace", enc_case, f, "--collected-by", "Noor",
            env={**ENV, "SANAD_WORKSPACE_PASSPHRASE": "not the passphrase at all"}, check=False)
    assert r.returncode == 2, r.stderr
    assert "the passphrase does not open this workspace" in r.stderr and "Caps Lock" in r.stderr
    j = run("items", "--workspace", enc_case, "--json", env={**ENV, "SANAD_WORKSPACE_PASSPHRASE": "not it either, sorry"},
            check=False)
    assert j.returncode == 2 and j.stdout == "" and "does not open this workspace" in j.stderr
    after = {p: p.read_bytes() for p in enc_case.rglob("*") if p.is_file()}
    assert after == before


def test_age_decrypts_every_stored_file_with_the_identity(enc_case, tmp_path):
    run("add", "--workspace", enc_case, SAMPLES / "WhatsApp Chat with Karim.txt", SAMPLES / "IMG_20260301_211530.jpg",
        SAMPLES / "whatsapp-ios-export.zip", "--collected-by", "Noor")
    identity = age_decrypt_identity(enc_case, tmp_path / "identity.txt")
    assert b"AGE-SECRET-KEY-1" in identity.read_bytes()
    log = age_d(identity, enc_case / "custody.jsonl.age")
    entries = [json.loads(line) for line in log.decode().splitlines()]
    assert entries[0]["action"] == "case-created"
    assert sha256_bytes(age_d(identity, enc_case / "sanad-case.json.age")) == entries[0]["details"]["case_file_sha256"]
    ingested = [e for e in entries if e["action"] == "ingested"]
    assert len(ingested) == 3
    objects = [p for p in (enc_case / "objects" / "keyed").rglob("*.age")]
    assert len(objects) == 3
    by_digest = {sha256_bytes(age_d(identity, p)): p for p in objects}
    for e in ingested:
        d = e["details"]
        assert d["sha256"] in by_digest
        record = age_d(identity, enc_case / (d["metadata"] + ".age"))
        assert sha256_bytes(record) == d["metadata_sha256"]
    # Stored names are keyed MACs, never the SHA-256 of what they hold.
    names = " ".join(str(p) for p in enc_case.rglob("*"))
    for e in ingested:
        assert e["details"]["sha256"] not in names
    assert (identity.read_bytes() != b"")


def test_sanad_reads_files_that_age_wrote(enc_case, tmp_path):
    src = SAMPLES / "WhatsApp Chat with Karim.txt"
    run("add", "--workspace", enc_case, src, "--collected-by", "Noor")
    identity = age_decrypt_identity(enc_case, tmp_path / "identity.txt")
    recipient = json.loads((enc_case / "sanad-workspace.json").read_text())["encryption"]["recipient"]
    [obj] = list((enc_case / "objects" / "keyed").rglob("*.age"))
    # Re-encrypt the stored original with the age tool itself, to the workspace's recipient.
    plain = age_d(identity, obj)
    assert plain == src.read_bytes()
    os.chmod(obj, 0o600)
    subprocess.run(["age", "-r", recipient, "-o", str(obj) + ".new"], input=plain, check=True)
    os.replace(str(obj) + ".new", obj)
    r = run("log", "--verify", "--json", "--workspace", enc_case)
    assert json.loads(r.stdout)["verdict"] == "verified"
    t = run("timeline", "--workspace", enc_case, "--date-order", "dmy", "--format", "jsonl")
    assert len(t.stdout.splitlines()) > 5


def test_a_changed_byte_in_a_stored_file_fails_for_the_right_reason(enc_case):
    run("add", "--workspace", enc_case, SAMPLES / "IMG_20260301_211530.jpg", "--collected-by", "Noor")
    [obj] = list((enc_case / "objects" / "keyed").rglob("*.age"))
    os.chmod(obj, 0o600)
    data = bytearray(obj.read_bytes())
    data[-100] ^= 1
    obj.write_bytes(bytes(data))
    r = run("log", "--verify", "--json", "--workspace", enc_case, check=False)
    assert r.returncode == 1
    report = json.loads(r.stdout)
    failed = [c for c in report["checks"] if c["outcome"] == "fail"]
    assert [c["name"] for c in failed] == ["item-digest"] and "E0001" in failed[0]["detail"]


def test_a_swapped_original_or_a_changed_log_fails_log_verify(enc_case):
    """Each stored file decrypts on its own, so swapping two originals' files must be caught by
    the digests the log holds, and a changed byte in the encrypted log by its authentication."""
    run("add", "--workspace", enc_case, SAMPLES / "IMG_20260301_211530.jpg", SAMPLES / "sms-backup.xml",
        "--collected-by", "Noor")
    assert json.loads(run("log", "--verify", "--json", "--workspace", enc_case).stdout)["verdict"] == "verified"
    a, b = sorted((enc_case / "objects" / "keyed").rglob("*.age"))
    for p in (a, b):
        os.chmod(p, 0o600)
    da, db = a.read_bytes(), b.read_bytes()
    a.write_bytes(db)
    b.write_bytes(da)
    r = run("log", "--verify", "--json", "--workspace", enc_case, check=False)
    assert r.returncode == 1
    failed = [c for c in json.loads(r.stdout)["checks"] if c["outcome"] == "fail"]
    assert {c["name"] for c in failed} == {"item-digest"} and len(failed) == 2, failed
    a.write_bytes(da)
    b.write_bytes(db)
    log = enc_case / "custody.jsonl.age"
    data = bytearray(log.read_bytes())
    data[-20] ^= 1
    log.write_bytes(bytes(data))
    r = run("log", "--verify", "--json", "--workspace", enc_case, check=False)
    assert r.returncode == 1
    failed = [c for c in json.loads(r.stdout)["checks"] if c["outcome"] == "fail"]
    assert [c["name"] for c in failed] == ["custody-chain"] and "cannot be decrypted" in failed[0]["detail"]
    t = run("timeline", "--workspace", enc_case, check=False)
    assert t.returncode == 3 and t.stdout == "" and "cannot be decrypted" in t.stderr


def test_passphrase_change_rewraps_only_the_identity(enc_case, tmp_path):
    run("add", "--workspace", enc_case, SAMPLES / "sms-backup.xml", "--collected-by", "Noor")
    stored = {p: p.read_bytes() for p in enc_case.rglob("*") if p.is_file() and "keys" not in p.parts}
    new = "a brand new passphrase for this case"
    run("passphrase", "--workspace", enc_case, env={**ENV, "SANAD_NEW_PASSPHRASE": new})
    assert {p: p.read_bytes() for p in enc_case.rglob("*") if p.is_file() and "keys" not in p.parts} == stored
    old = run("items", "--workspace", enc_case, check=False)
    assert old.returncode == 2 and "does not open this workspace" in old.stderr
    ok = run("items", "--workspace", enc_case, "--json", env={**ENV, "SANAD_WORKSPACE_PASSPHRASE": new})
    assert json.loads(ok.stdout)["items"][0]["id"] == "E0001"
    weak = run("passphrase", "--workspace", enc_case, env={**ENV, "SANAD_WORKSPACE_PASSPHRASE": new,
                                                            "SANAD_NEW_PASSPHRASE": "qwerty"}, check=False)
    assert weak.returncode != 0 and "too short" in weak.stderr


def test_recovery_recipients_open_the_case_without_the_passphrase(tmp_path):
    subprocess.run(["age-keygen", "-o", str(tmp_path / "ngo.key")], check=True, capture_output=True)
    ngo = [l for l in (tmp_path / "ngo.key").read_text().splitlines() if l.startswith("# public key: ")][0][14:]
    run("key", "new", "--out", tmp_path / "judge", "--name", "Recovery Officer", "--org", "Example NGO", "-q")
    ws = tmp_path / "case"
    init(ws, "--recovery-recipient", ngo, "--recovery-recipient", tmp_path / "judge.crt")
    run("add", "--workspace", ws, SAMPLES / "WhatsApp Chat with Karim.txt", "--collected-by", "Noor")
    marker = json.loads((ws / "sanad-workspace.json").read_text())["encryption"]["recovery"]
    assert [r["file"] for r in marker] == ["keys/recovery-1.age", "keys/recovery-2.p7m"]
    # The NGO's age key alone opens the identity, and with it every file.
    identity = tmp_path / "recovered.txt"
    identity.write_bytes(age_d(tmp_path / "ngo.key", ws / "keys" / "recovery-1.age"))
    assert b"case-created" in age_d(identity, ws / "custody.jsonl.age")
    # So does the certificate's key, with openssl alone.
    r = subprocess.run(["openssl", "cms", "-decrypt", "-inform", "DER", "-in", str(ws / "keys" / "recovery-2.p7m"),
                        "-recip", str(tmp_path / "judge.crt"), "-inkey", str(tmp_path / "judge.key"),
                        "-passin", "env:SANAD_PASSPHRASE"], capture_output=True, env=ENV)
    assert r.returncode == 0, r.stderr.decode()
    assert r.stdout == identity.read_bytes()


def keyring_usable():
    return shutil.which("keyctl") is not None and subprocess.run(["keyctl", "show", "@u"], capture_output=True).returncode == 0


def test_unlock_keeps_the_key_in_the_kernel_keyring_until_lock(enc_case):
    no_pass = {k: v for k, v in ENV.items() if k not in ("SANAD_WORKSPACE_PASSPHRASE", "SANAD_PASSPHRASE")}
    u = run("unlock", "--workspace", enc_case, "--for", "10m", "--json")
    held = json.loads(u.stdout)
    if not keyring_usable():
        assert held["held"] is False and "keyring" in held["reason"]
        pytest.skip("no kernel keyring here: unlock said so, as the fallback requires")
    assert held["held"] is True
    # No key material on disk, and the next command needs no passphrase.
    r = run("items", "--workspace", enc_case, "--json", env=no_pass)
    assert json.loads(r.stdout)["items"] == []
    assert json.loads(run("lock", "--workspace", enc_case, "--json").stdout)["was_unlocked"] is True
    r = run("items", "--workspace", enc_case, env=no_pass, check=False)
    assert r.returncode != 0 and "passphrase" in r.stderr


def marker_jpeg(marker: bytes) -> bytes:
    """A JPEG whose EXIF ImageDescription holds `marker`, in front of a real sample image."""
    base = (SAMPLES / "IMG_20260301_211530.jpg").read_bytes()
    text = marker + b"\0"
    ifd = (b"II*\0" + (8).to_bytes(4, "little") + (1).to_bytes(2, "little")
           + (0x010E).to_bytes(2, "little") + (2).to_bytes(2, "little") + len(text).to_bytes(4, "little")
           + (26).to_bytes(4, "little") + (0).to_bytes(4, "little") + text)
    app1 = b"Exif\0\0" + ifd
    return base[:2] + b"\xff\xe1" + (len(app1) + 2).to_bytes(2, "big") + app1 + base[2:]


def make_marked_inputs(d: Path, big_mib=48):
    rnd = random.Random(13)
    d.mkdir()
    markers = {n: f"SANADMARK-{n}-{rnd.getrandbits(64):016x}".encode() for n in ("txt", "jpg", "wa", "tg", "big")}
    (d / "note.txt").write_bytes(b"Statement of the victim\n" + markers["txt"] + b"\n" + rnd.randbytes(3000).hex().encode())
    (d / "photo.jpg").write_bytes(marker_jpeg(markers["jpg"]))
    wa = "".join(f"01/03/2026, 10:{i % 60:02d} - Karim: message {i} {markers['wa'].decode()}\n" for i in range(400))
    (d / "WhatsApp Chat with Karim.txt").write_text(wa)
    tg = {"name": "Karim", "type": "personal_chat", "id": 1, "messages": [
        {"id": i, "type": "message", "date": "2026-03-01T10:00:00", "date_unixtime": str(1772359200 + i),
         "from": "Karim", "from_id": "user1", "text": f"line {i} {markers['tg'].decode()}"} for i in range(400)]}
    (d / "result.json").write_text(json.dumps(tg))
    # A big file, for kills that land half-way.
    chunk = rnd.randbytes(1 << 20)
    with open(d / "video.bin", "wb") as f:
        for i in range(big_mib):
            f.write(markers["big"] + i.to_bytes(4, "little") + chunk[: (1 << 20) - 64])
    return markers


def windows_of(path: Path, stride: int):
    """Every 64-byte window of `path` starting at a multiple of `stride`."""
    data = path.read_bytes()
    return {data[i:i + 64] for i in range(0, max(len(data) - 63, 0), stride)}


def scan_for_plaintext(roots, markers, originals):
    """Every file under `roots`: no marker, and no 64-byte window of an original (small
    originals at every offset; the big one at every 4 KiB, which finds any copy of 4 KiB+64)."""
    small = set()
    big = set()
    for p in originals:
        (big if p.stat().st_size > (1 << 20) else small).update(windows_of(p, 4096 if p.stat().st_size > (1 << 20) else 1))
    found = []
    for root in roots:
        for p in Path(root).rglob("*"):
            if not p.is_file():
                continue
            os.chmod(p, p.stat().st_mode | 0o400)
            data = p.read_bytes()
            for name, m in markers.items():
                if m in data:
                    found.append(f"{p}: marker {name}")
            for i in range(0, max(len(data) - 63, 0)):
                w = data[i:i + 64]
                if w in small or w in big:
                    found.append(f"{p}: a 64-byte window of an original at {i}")
                    break
    return found


def kill_half_way(args, env, seconds=None, when=None):
    """Runs sanad and SIGKILLs it after `seconds`, or as soon as `when()` is true."""
    p = subprocess.Popen([SANAD_BIN, *map(str, args)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    if when is None:
        time.sleep(seconds)
    else:
        deadline = time.monotonic() + 120
        while p.poll() is None and not when() and time.monotonic() < deadline:
            time.sleep(0.002)
    if p.poll() is None:
        os.kill(p.pid, signal.SIGKILL)
    return p.wait()


def staging_has_bytes(ws: Path, at_least: int):
    """True once a copy in progress in ws/tmp holds `at_least` bytes: the kill lands mid-copy."""
    def check():
        for f in (ws / "tmp").glob("ingest-*"):
            try:
                if f.stat().st_size >= at_least:
                    return True
            except FileNotFoundError:
                pass
        return False
    return check


def test_no_plaintext_anywhere(tmp_path):
    inputs = tmp_path / "phone"
    markers = make_marked_inputs(inputs)
    originals = [p for p in inputs.iterdir()]
    tmpdir = tmp_path / "TMPDIR"
    tmpdir.mkdir()
    env = {**ENV, "TMPDIR": str(tmpdir)}
    ws = tmp_path / "case"
    outputs = tmp_path / "outputs"
    outputs.mkdir()
    init(ws, env=env)
    # One add killed half-way through the big file (its copy in tmp/ holds 8 MiB), then the whole add.
    rc = kill_half_way(["add", "--workspace", ws, inputs, "--collected-by", "Noor", "-q"], env,
                       when=staging_has_bytes(ws, 8 << 20))
    assert rc == -signal.SIGKILL
    run("add", "--workspace", ws, inputs, "--collected-by", "Noor", "--date-order", "dmy", env=env)
    for args in (["log"], ["log", "--verify"], ["items"], ["items", "--json"]):
        run(*args, "--workspace", ws, env=env)
    for fmt in ("table", "jsonl", "csv", "html"):
        t0 = time.monotonic()
        r = run("timeline", "--workspace", ws, "--format", fmt, env=env)
        full = time.monotonic() - t0
        assert markers["wa"].decode() in r.stdout
    # Killed half-way through its run (past the passphrase's scrypt, which comes first).
    rc2 = kill_half_way(["timeline", "--workspace", ws, "--format", "jsonl"], env, full * 0.75)
    s = run("search", "--workspace", ws, "message", env=env)
    assert markers["wa"].decode() in s.stdout or "message" in s.stdout
    run("key", "new", "--out", outputs / "noor", "--name", "Noor", "--org", ORG, "-q", env=env)
    run("seal", "--workspace", ws, "--key", outputs / "noor.key", "--cert", outputs / "noor.crt",
        "--out", outputs / "case.zip", env=env)
    run("verify", outputs / "case.zip", env=env)
    run("key", "new", "--out", outputs / "layla", "--name", "Layla", "--org", ORG, "-q", env=env)
    run("receive", outputs / "case.zip", "--key", outputs / "layla.key", "--cert", outputs / "layla.crt",
        "--accept-unconfirmed-signer", "--out", outputs / "received.zip", env=env)
    # The outputs asked for hold the evidence (a sealed archive is meant to); nothing else does.
    found = scan_for_plaintext([ws, tmpdir], markers, originals)
    assert found == [], found[:10]
    assert rc2 in (-signal.SIGKILL, 0)
    v = json.loads(run("log", "--verify", "--json", "--workspace", ws, env=env).stdout)
    assert v["verdict"] == "verified" and v["items"] == len(originals)


def test_sigkill_during_add_on_an_encrypted_workspace(tmp_path):
    """The kill test's property on an encrypted workspace: after every SIGKILL the case verifies,
    nothing committed is lost, and a last add completes it exactly once."""
    kills = int(os.environ.get("SANAD_KILLS", "6"))
    rnd = random.Random(20261206)
    src = tmp_path / "dump"
    src.mkdir()
    digests = set()
    for i in range(120):
        data = rnd.randbytes(rnd.randint(1024, 48 * 1024) if i % 40 else 12 << 20)
        (src / f"f{i:03d}.bin").write_bytes(data)
        digests.add(sha256_bytes(data))
    scratch = tmp_path / "scratch"
    init(scratch)
    t0 = time.monotonic()
    run("add", "--workspace", scratch, src, "--collected-by", "T", "-q")
    full = time.monotonic() - t0
    cycle = 0
    ws = tmp_path / f"case{cycle}"
    init(ws)
    landed = committed = 0
    for _ in range(10 * kills + 20):
        if landed >= kills:
            break
        rc = kill_half_way(["add", "--workspace", ws, src, "--collected-by", "T", "-q"], ENV, rnd.uniform(0, full))
        r = run("log", "--verify", "--json", "--workspace", ws, check=False)
        report = json.loads(r.stdout)
        assert report["verdict"] == "verified", report
        assert report["items"] >= committed, "committed items were lost"
        committed = report["items"]
        if rc == -signal.SIGKILL:
            landed += 1
        elif rc == 0:
            # Through before the kill: a fresh workspace, so that kills keep landing in runs that write.
            assert committed == len(digests)
            cycle += 1
            ws = tmp_path / f"case{cycle}"
            init(ws)
            committed = 0
        else:
            raise AssertionError(f"add exited {rc} without being killed")
    assert landed == kills
    r = run("add", "--workspace", ws, src, "--collected-by", "T", "--json")
    statuses = [i["status"] for i in json.loads(r.stdout)["items"]]
    assert statuses.count("already-present") == committed
    items = json.loads(run("items", "--workspace", ws, "--json").stdout)["items"]
    assert {i["sha256"] for i in items} == digests and len(items) == len(digests)
    strict = json.loads(run("log", "--verify", "--strict", "--json", "--workspace", ws).stdout)
    assert [c for c in strict["checks"] if c["outcome"] not in ("pass", "info")] == []
    assert set(os.listdir(ws / "tmp")) <= {"pending-batch"}


def test_sigkill_during_encrypt_leaves_the_old_workspace_or_the_new_one(tmp_path):
    """`sanad encrypt` killed at random moments: after each kill the workspace verifies as the
    plaintext one or as the encrypted one, with every item; running it again completes it, and
    then no plaintext evidence is left."""
    kills = int(os.environ.get("SANAD_KILLS", "6"))
    rnd = random.Random(1312)
    src = tmp_path / "dump"
    src.mkdir()
    digests = set()
    for i in range(60):
        data = rnd.randbytes(rnd.randint(2048, 64 * 1024) if i % 20 else 8 << 20)
        (src / f"f{i:03d}.bin").write_bytes(data)
        digests.add(sha256_bytes(data))

    def plain_case(n):
        ws = tmp_path / f"case{n}"
        run("init", ws, "--plaintext", "--case-id", CASE_ID, "--org", ORG, "--actor", "Noor", "-q")
        run("add", "--workspace", ws, src, "--collected-by", "Noor", "-q")
        return ws

    t0 = time.monotonic()
    run("encrypt", "--workspace", plain_case("scratch"), "-q")
    full = time.monotonic() - t0
    n = 0
    ws = plain_case(n)
    landed = 0
    states = []
    for _ in range(10 * kills + 20):
        if landed >= kills:
            break
        rc = kill_half_way(["encrypt", "--workspace", ws, "-q"], ENV, rnd.uniform(0, full))
        encrypted = (ws / "sanad-workspace.json").exists()
        states.append("encrypted" if encrypted else "plaintext")
        v = json.loads(run("log", "--verify", "--json", "--workspace", ws, check=False).stdout)
        assert v["verdict"] == "verified", (rc, states, v)
        items = json.loads(run("items", "--workspace", ws, "--json").stdout)["items"]
        assert {i["sha256"] for i in items} == digests
        if encrypted:
            assert not (ws / "custody.jsonl").exists() or rc == -signal.SIGKILL
        if rc == -signal.SIGKILL:
            landed += 1
            if encrypted:
                run("encrypt", "--workspace", ws, "-q", check=False)   # finishes the unlinking
        if encrypted:
            assert not (ws / "custody.jsonl").exists() and not (ws / "objects" / "sha256").exists()
            assert not list((ws / "items").glob("*.json")) and not (ws / "data").exists()
            n += 1
            ws = plain_case(n)
    assert landed == kills
    assert "plaintext" in states and "encrypted" in states, states
    # A finished conversion leaves no window of any original anywhere in the workspace.
    last = tmp_path / f"case{n}"
    run("encrypt", "--workspace", last, "-q")
    assert scan_for_plaintext([last], {}, [p for p in src.iterdir() if p.stat().st_size < (1 << 20)]) == []


def test_signed_entries_in_an_encrypted_workspace_keep_the_signer_encrypted_too(tmp_path):
    run("key", "new", "--out", tmp_path / "noor", "--name", "Noor Advocate", "--org", ORG, "-q")
    ws = tmp_path / "case"
    init(ws, "--key", tmp_path / "noor.key")
    run("add", "--workspace", ws, SAMPLES / "sms-backup.xml", "--collected-by", "Noor")
    v = json.loads(run("log", "--verify", "--json", "--workspace", ws).stdout)
    assert v["verdict"] == "verified"
    sig = [c for c in v["checks"] if c["name"] == "custody-signature"]
    assert sig and all(c["outcome"] == "pass" for c in sig)
    # The certificate (a person's name) and the key's path are stored encrypted, under keyed names.
    certs = list((ws / "certs").iterdir())
    assert certs and all(p.name.endswith(".der.age") for p in certs)
    der = subprocess.run(["openssl", "x509", "-in", str(tmp_path / "noor.crt"), "-outform", "DER"],
                         capture_output=True, check=True).stdout
    assert sha256_bytes(der) not in " ".join(p.name for p in certs)
    assert not (ws / "signing-key.json").exists() and (ws / "signing-key.json.age").exists()
    for p in ws.rglob("*"):
        if p.is_file():
            assert b"Noor Advocate" not in p.read_bytes(), p

"""One archive, one reading (issue 10, docs/FORMAT.md §8), end to end through the CLI: the
archive's own SHA-256, pipes and FIFOs, no external decompressor ever run, a file that shrinks
while it is read, and a re-packed archive refused by every command that opens archives."""
import json
import os
import shutil
import stat
import subprocess
import threading
import time
import zipfile
from pathlib import Path

import pytest

from conftest import SANAD_BIN, sha256_file

ROOT = Path(__file__).resolve().parents[2]
VECTORS = ROOT / "Tests" / "Vectors"
SEALED = VECTORS / "verified-zip" / "archive.zip"


def sanad(*args, **kw):
    return subprocess.run([SANAD_BIN, *map(str, args)], capture_output=True, **kw)


def report(r):
    return json.loads(r.stdout)


def test_verify_prints_the_archive_sha256_and_checks_the_one_given():
    digest = sha256_file(SEALED)
    r = sanad("verify", SEALED, text=True)
    assert r.returncode == 0
    assert r.stdout.splitlines()[1] == f"  Archive: zip, {SEALED.stat().st_size} bytes, SHA-256 {digest}"
    rep = report(sanad("verify", SEALED, "--json", "--archive-sha256", digest.upper(), text=True))
    assert rep["archive"] == {"format": "zip", "size": SEALED.stat().st_size, "sha256": digest}
    assert any(c["name"] == "archive-digest" and c["outcome"] == "pass" for c in rep["checks"])
    r = sanad("verify", SEALED, "--json", "--archive-sha256", "ab" * 32, text=True)
    assert r.returncode == 1 and report(r)["outcome"] == "archive-digest"
    r = sanad("verify", SEALED, "--archive-sha256", "not-hex", text=True)
    assert r.returncode == 64 and "is not a SHA-256 digest" in r.stderr


def test_a_pipe_and_a_fifo_are_read_as_streams(tmp_path):
    data = SEALED.read_bytes()
    r = sanad("verify", "/dev/stdin", "--json", input=data)
    assert r.returncode == 0, r.stderr
    rep = report(r)
    assert rep["archive"]["sha256"] == sha256_file(SEALED)
    assert any(c["name"] == "container-agreement" and c["outcome"] == "info" for c in rep["checks"])
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_bytes(data))
    writer.start()
    r = sanad("verify", fifo, "--json", timeout=60)
    writer.join()
    assert r.returncode == 0 and report(r)["verdict"] == "verified"
    # A stream that is not a sealed archive: malformed at once, not read to its end.
    r = sanad("verify", "/dev/zero", "--json", timeout=60)
    assert r.returncode == 2 and report(r)["container_violation"]["rule"] == "format"


@pytest.mark.parametrize("magic,program", [(b"LRZI\x00\x06", "lrzip"), (b"\x89LZO\x00\r\n\x1a\n", "lzop"),
                                           (b"\x1f\x8b\x08\x00", "gzip")])
def test_no_external_decompressor_is_ever_run(tmp_path, magic, program):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    marker = tmp_path / "ran"
    fake = bin_dir / program
    fake.write_text(f"#!/bin/sh\ntouch {marker}\ncat\n")
    fake.chmod(0o755)
    archive = tmp_path / "case.tar"
    archive.write_bytes(magic + SEALED.read_bytes())
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}
    for command in (["verify", archive, "--json"], ["timeline", archive]):
        r = sanad(*command, env=env, text=True)
        assert r.returncode == 2, r.stdout + r.stderr
    assert not marker.exists(), f"{program} was run"


def test_an_archive_that_shrinks_while_it_is_read_is_a_clear_error(tmp_path):
    """A mapped file cut short under the reader raises SIGBUS: it must end with the I/O exit
    code and a sentence, not a crash."""
    big = tmp_path / "big.bin"
    with open(big, "wb") as f:
        f.write(os.urandom(1 << 20) * 200)
    ws = tmp_path / "ws"
    assert sanad("init", "--plaintext", ws, "--case-id", "BIG-1", "--org", "Org", "-q").returncode == 0
    assert sanad("add", "--workspace", ws, big, "--collected-by", "N", "-q").returncode == 0
    keys = VECTORS / "_keys"
    env = {**os.environ, "SANAD_PASSPHRASE": "vector"}
    sealed = tmp_path / "big.zip"
    assert sanad("seal", "--workspace", ws, "--key", keys / "signer.key", "--cert", keys / "signer.crt", "--out", sealed, "-q",
                 env=env).returncode == 0
    outcomes = []
    for delay in (0.15, 0.08, 0.03):
        victim = tmp_path / "victim.zip"
        shutil.copy(sealed, victim)
        p = subprocess.Popen([SANAD_BIN, "verify", str(victim)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(delay)
        os.truncate(victim, 1 << 20)
        out, err = p.communicate(timeout=120)
        outcomes.append((p.returncode, err))
        if p.returncode != 0:
            break
    code, err = outcomes[-1]
    assert code in (2, 5), outcomes  # 5: it vanished under the reader; 2: cut before it was opened
    if code == 5:
        assert "changed" in err and "Program crashed" not in err


def test_a_repacked_archive_is_refused_by_every_command_that_opens_archives(tmp_path):
    repacked = tmp_path / "repacked.zip"
    with zipfile.ZipFile(SEALED) as src, zipfile.ZipFile(repacked, "w") as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info))
    r = sanad("verify", repacked, text=True)
    assert r.returncode == 2 and r.stdout.startswith("MALFORMED") and "[FAIL] container-profile" in r.stdout
    assert "unpack it and run 'sanad verify FOLDER'" in r.stderr
    r = sanad("timeline", repacked, text=True)
    assert r.returncode == 2 and "malformed" in r.stderr
    # The bag inside is intact: unpacked, it verifies as a folder.
    with zipfile.ZipFile(repacked) as z:
        z.extractall(tmp_path / "u")
    assert sanad("verify", tmp_path / "u" / "VEC-1").returncode == 0

"""Under a pseudo-terminal, as a person at a keyboard runs Sanad (issue 12, items 7 and 8).

Long commands show a progress line on a terminal (bytes of the total, rate, time left) and
nothing when stderr is a pipe or with -q. Ctrl-C, typed as the byte 0x03 on the terminal so that
the line discipline sends SIGINT to the foreground process as a keyboard would, stops `seal` and
`add` leaving no partial file and no copy in `tmp/`, and says what was removed and what was kept.

SANAD_PROGRESS_INTERVAL_MS=20 makes the progress line redraw often enough to be seen on a short
run; the default is 250 ms.
"""

import os
import pty
import select
import signal
import subprocess
import time

import pytest

from conftest import CASE_ID, ORG, SANAD_BIN, make_tree_writable

ENV = {**os.environ, "SANAD_PASSPHRASE": "terminal test pass", "SANAD_PROGRESS_INTERVAL_MS": "20"}


def run(*args):
    r = subprocess.run([SANAD_BIN, *map(str, args)], capture_output=True, text=True, env=ENV)
    assert r.returncode == 0, r.stderr
    return r


def on_terminal(args, interrupt_when=None, timeout=120):
    """Runs `sanad args` with stdin, stdout and stderr on a new pseudo-terminal, as its
    session's foreground process. `interrupt_when(output_so_far)` returning True types Ctrl-C.
    Returns (exit status as Popen gives it: -2 for SIGINT, everything written to the terminal)."""
    master, slave = pty.openpty()
    p = subprocess.Popen([SANAD_BIN, *map(str, args)], stdin=slave, stdout=slave, stderr=slave, env=ENV,
                         start_new_session=True, preexec_fn=lambda: __import__("fcntl").ioctl(0, __import__("termios").TIOCSCTTY, 0))
    os.close(slave)
    out = b""
    typed = False
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    chunk = b""
                if not chunk and p.poll() is not None:
                    break
                out += chunk
            elif p.poll() is not None:
                break
            if interrupt_when and not typed and interrupt_when(out):
                os.write(master, b"\x03")
                typed = True
        p.wait(timeout=30)
    finally:
        if p.poll() is None:
            p.kill()
        os.close(master)
    return p.returncode, out.decode("utf-8", "replace")


@pytest.fixture(scope="module")
def case(tmp_path_factory):
    d = tmp_path_factory.mktemp("terminal")
    src = d / "src"
    src.mkdir()
    with open(src / "video.bin", "wb") as f:
        block = os.urandom(1 << 20)
        for i in range(160):
            f.write(block[:-8] + i.to_bytes(8, "big"))
    run("init", "--plaintext", d / "ws", "--case-id", CASE_ID, "--org", ORG, "--actor", "Tester")
    run("add", "--workspace", d / "ws", src, "--collected-by", "Tester", "-q")
    run("key", "new", "--out", d / "keys" / "signer", "--name", "Noor Advocate", "--org", "Example NGO", "-q")
    run("seal", "--workspace", d / "ws", "--key", d / "keys" / "signer.key", "--cert", d / "keys" / "signer.crt",
        "--out", d / "sealed.zip")
    yield d
    make_tree_writable(d)


def test_progress_shows_on_a_terminal_with_bytes_rate_and_time_left(case):
    status, out = on_terminal(["verify", case / "sealed.zip"])
    assert status == 0, out
    lines = [x for x in out.replace("\r", "\n").splitlines() if x.lstrip("\x1b[K").startswith("verifying: ")]
    assert lines, out
    assert any(" of 16" in x and "%)" in x and "/s" in x and "left" in x for x in lines), lines
    assert "VERIFIED" in out
    status, out = on_terminal(["log", "--verify", "--workspace", case / "ws"])
    assert status == 0 and "checking stored bytes: " in out, out


def test_no_progress_in_a_pipe_or_with_quiet(case):
    r = subprocess.run([SANAD_BIN, "verify", case / "sealed.zip"], capture_output=True, env=ENV)
    assert r.returncode == 0
    assert b"verifying:" not in r.stderr and b"\r" not in r.stderr and b"\x1b[" not in r.stderr
    status, out = on_terminal(["verify", case / "sealed.zip", "-q"])
    assert status == 0 and "verifying:" not in out and "VERIFIED" in out


def test_ctrl_c_during_seal_leaves_nothing_and_says_so(case):
    out_dir = case / "out"
    out_dir.mkdir(exist_ok=True)
    target = out_dir / "interrupted.zip"
    status, text = on_terminal(
        ["seal", "--workspace", case / "ws", "--key", case / "keys" / "signer.key", "--cert",
         case / "keys" / "signer.crt", "--out", target],
        interrupt_when=lambda seen: b"sealing: " in seen)
    assert status == -signal.SIGINT, text
    assert os.listdir(out_dir) == [], os.listdir(out_dir)
    assert "sanad: interrupted: removed 1 unfinished file(s); no archive was written; the case is unchanged" in text
    assert run("log", "--verify", "--workspace", case / "ws").returncode == 0


def test_ctrl_c_during_add_leaves_no_copy_in_tmp_and_says_what_was_kept(case, tmp_path):
    ws = tmp_path / "ws"
    run("init", "--plaintext", ws, "--case-id", CASE_ID, "--org", ORG, "--actor", "Tester")
    before = (ws / "custody.jsonl").read_bytes()
    status, text = on_terminal(
        ["add", "--workspace", ws, case / "src" / "video.bin", "--collected-by", "Tester"],
        # Typed while the copy is being made: a staging file is in tmp/.
        interrupt_when=lambda seen: any(p.name != "pending-batch" for p in (ws / "tmp").iterdir()))
    assert status == -signal.SIGINT, text
    # No copy: only the empty journal of the batch in progress (docs/WORKSPACE.md §5) is there.
    left = {p.name: p.stat().st_size for p in (ws / "tmp").iterdir()}
    assert left in ({}, {"pending-batch": 0}), left
    assert "sanad: interrupted: removed" in text and "the rest were not added" in text
    assert (ws / "custody.jsonl").read_bytes() == before
    assert run("log", "--verify", "--workspace", ws).returncode == 0
    make_tree_writable(tmp_path)

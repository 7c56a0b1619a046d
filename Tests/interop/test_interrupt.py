"""Ctrl-C (SIGINT), SIGTERM or SIGHUP while `seal` or `receive` writes its archive leaves nothing
behind: no output and no `.partial` file, and the process still ends by the signal (a shell sees
130 for Ctrl-C). Every output file (these, `timeline -o`, key files, the case file) is written
through one helper, SanadIO's AtomicOutput, whose temporary file a process-wide handler removes.

Each run waits until the temporary file exists (the command is then writing, since it is renamed
only at the end) and sends the signal. A payload of 192 MiB keeps the write going long enough
on the debug build; a run that finished before the signal landed is retried with the next
signal instead of passing by luck.
"""

import os
import signal
import subprocess
import time

import pytest

from conftest import CASE_ID, ORG, SANAD_BIN

ENV = {**os.environ, "SANAD_PASSPHRASE": "test pass"}
TIME = "2026-03-04T10:00:00Z"


def run(*args):
    r = subprocess.run([SANAD_BIN, *map(str, args)], capture_output=True, text=True, env=ENV)
    assert r.returncode == 0, r.stderr
    return r


@pytest.fixture(scope="module")
def big_case(tmp_path_factory):
    """A workspace with one 192 MiB exhibit and a chat, a key, and a sealed zip of it."""
    d = tmp_path_factory.mktemp("interrupt")
    src = d / "src"
    src.mkdir()
    with open(src / "video.bin", "wb") as f:
        block = os.urandom(1 << 20)
        for i in range(192):
            f.write(block[:-8] + i.to_bytes(8, "big"))
    (src / "chat.txt").write_text("[02/03/2026, 21:14:05] Noor: one\n[02/03/2026, 21:15:00] Sami: two\n")
    run("init", "--plaintext", d / "ws", "--case-id", CASE_ID, "--org", ORG, "--actor", "Tester")
    run("add", "--workspace", d / "ws", src, "--collected-by", "Tester", "-q")
    run("key", "new", "--out", d / "signer", "--name", "Noor Advocate", "--org", "Example NGO", "-q")
    run("seal", "--workspace", d / "ws", "--key", d / "signer.key", "--cert", d / "signer.crt", "--out", d / "sealed.zip",
        "--time", TIME)
    return d


def interrupt(args, out_dir, name, sig):
    """Starts `sanad args`, sends `sig` once `.<name>.partial-*` appears in out_dir; returns the
    exit status, or None when the command ended before the signal could be sent."""
    p = subprocess.Popen([SANAD_BIN, *map(str, args)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            if p.poll() is not None:
                return None
            if any(n.startswith(f".{name}.partial-") for n in os.listdir(out_dir)):
                p.send_signal(sig)
                break
            time.sleep(0.002)
        else:
            pytest.fail("the temporary output never appeared")
        p.wait(timeout=60)
        return p.returncode
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()


def commands(case, out):
    d = case
    return {
        "seal": ["seal", "--workspace", d / "ws", "--key", d / "signer.key", "--cert", d / "signer.crt", "--out", out,
                 "--time", TIME],
        "receive": ["receive", d / "sealed.zip", "--key", d / "signer.key", "--cert", d / "signer.crt", "--out", out,
                    "--time", "2026-03-06T09:30:00Z", "--accept-unconfirmed-signer"],
    }


@pytest.mark.parametrize("command", ["seal", "receive"])
def test_a_signal_mid_write_leaves_no_output_and_no_partial_file(big_case, tmp_path, command):
    landed = []
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        out_dir = tmp_path / sig.name
        out_dir.mkdir()
        status = interrupt(commands(big_case, out_dir / "out.zip")[command], out_dir, "out.zip", sig)
        if status is None:
            continue  # finished first: no signal was sent
        landed.append(sig)
        assert status == -sig, f"{command} ended with {status}, not by {sig.name}"
        assert os.listdir(out_dir) == [], f"{command} left {os.listdir(out_dir)} after {sig.name}"
    assert landed, f"{command} finished before any signal could be sent: make the payload larger"


def test_the_same_command_uninterrupted_writes_its_output(big_case, tmp_path):
    """The control: the interrupted commands above do write their output when left alone."""
    for command, argv in commands(big_case, tmp_path / "out.zip").items():
        run(*argv)
        assert (tmp_path / "out.zip").stat().st_size > 192 << 20
        assert sorted(os.listdir(tmp_path)) == ["out.zip"], command
        (tmp_path / "out.zip").unlink()


def test_a_signal_during_add_leaves_no_copy_in_tmp(big_case, tmp_path):
    """`add` copies each file into tmp/ before it gives it its name; a signal mid-copy must not
    leave that copy (evidence, in the clear) behind."""
    landed = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        ws = tmp_path / f"ws-{sig.name}"
        run("init", "--plaintext", ws, "--case-id", CASE_ID, "--org", ORG, "--actor", "Tester")
        argv = ["add", "--workspace", ws, big_case / "src" / "video.bin", "--collected-by", "Tester", "-q"]
        p = subprocess.Popen([SANAD_BIN, *map(str, argv)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)
        deadline = time.monotonic() + 60
        sent = False
        try:
            while time.monotonic() < deadline and p.poll() is None:
                if any(n.startswith("ingest-") for n in os.listdir(ws / "tmp")):
                    p.send_signal(sig)
                    sent = True
                    break
                time.sleep(0.002)
            p.wait(timeout=60)
        finally:
            if p.poll() is None:
                p.kill()
                p.wait()
        if not sent or p.returncode == 0:
            continue  # the copy finished before the signal landed
        landed.append(sig)
        assert p.returncode == -sig, p.stderr.read()
        left = [n for n in os.listdir(ws / "tmp") if n.startswith("ingest-")]
        assert left == [], f"add left {left} in tmp/ after {sig.name}"
    assert landed, "add finished before any signal could be sent: make the file larger"


@pytest.mark.parametrize("command", ["seal", "receive"])
def test_the_next_run_removes_what_a_killed_run_left(big_case, tmp_path, command):
    """SIGKILL cannot be caught: the `.partial` file stays. The next run of a command writing the
    same output removes it, says so, and leaves alone a `.partial` whose process still runs."""
    out = tmp_path / "out.zip"
    status = interrupt(commands(big_case, out)[command], tmp_path, "out.zip", signal.SIGKILL)
    if status is None:
        pytest.skip("the command finished before SIGKILL could be sent")
    assert status == -signal.SIGKILL
    left = [n for n in os.listdir(tmp_path) if n.startswith(".out.zip.partial-")]
    assert len(left) == 1
    alive = tmp_path / f".out.zip.partial-{os.getpid()}-1"  # this test's own process: running
    alive.write_bytes(b"in use")
    # A process id from another machine (a shared drive) means nothing here: its writer's lock does.
    gone = subprocess.Popen(["true"])
    gone.wait()
    locked = tmp_path / f".out.zip.partial-{gone.pid}-2"
    holder = open(locked, "wb")
    import fcntl
    fcntl.flock(holder, fcntl.LOCK_EX)
    r = run(*commands(big_case, out)[command])
    holder.close()
    assert f"removed {left[0]}, the unfinished output of an earlier run that was stopped" in r.stderr
    assert sorted(os.listdir(tmp_path)) == sorted(["out.zip", alive.name, locked.name])


def test_a_signal_mid_write_of_envelopes_leaves_nothing(big_case, tmp_path):
    """`seal` writing envelopes (issue 14): the items' envelopes wait in unnamed temporary files of
    the workspace and the archive's envelope is the `.partial` output: a signal leaves neither."""
    d = big_case
    landed = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        out_dir = tmp_path / sig.name
        out_dir.mkdir()
        argv = ["seal", "--workspace", d / "ws", "--key", d / "signer.key", "--cert", d / "signer.crt",
                "--out", out_dir / "out.zip.p7m", "--time", TIME, "--encrypt-all", "--encrypt-to", d / "signer.crt",
                "--encrypt-archive-to", d / "signer.crt"]
        status = interrupt(argv, out_dir, "out.zip.p7m", sig)
        if status is None:
            continue
        landed.append(sig)
        assert status == -sig, f"seal ended with {status}, not by {sig.name}"
        assert os.listdir(out_dir) == []
        assert [n for n in os.listdir(d / "ws" / "tmp") if n.startswith("envelope-")] == []
    assert landed, "seal finished before any signal could be sent"

"""ACCEPTANCE: a kill test delivers at least 50 random SIGKILLs during `add` of a large folder, and
`log --verify` passes after every one. `make test` runs a smaller count.

The number of kills comes from SANAD_KILLS (default 6; `make kill-test` sets 50). Kill times are
drawn with a fixed seed from [0, the time of one uninterrupted run], so they land in start-up,
in the middle of big files, in the batch sync and in the log append. Only kills that hit a
process still running count. After each one the workspace must verify, every committed item
must be whole, and the committed log must be an append-only extension of the one before.
"""

import hashlib
import json
import os
import shutil
import random
import signal
import subprocess
import time

from conftest import CASE_ID, ORG, Case, make_tree_writable, sha256_bytes

KILLS = int(os.environ.get("SANAD_KILLS", "6"))
SEED = 20260303
SMALL_FILES = 300
BIG_MIB = (8, 16, 24)


def build_folder(root):
    """300 small files (1-64 KiB) spread over sub-folders, and 3 big ones in the middle of the
    walk order; all contents distinct. Returns {absolute path: sha256}.

    `add` commits a batch every 200 files: the walk order a/ (200 small), b/ (big), c/ (100 small)
    puts the first commit early in a run and the second at its end, so that kills land both
    before and after a commit, and resumed runs start from a partly committed case."""
    rnd = random.Random(SEED)
    files = {}
    for i in range(SMALL_FILES):
        d = root / ("a" if i < 200 else "c") / f"{i % 7}"
        d.mkdir(parents=True, exist_ok=True)
        data = rnd.randbytes(rnd.randint(1024, 64 * 1024))
        (d / f"f{i:03d}.bin").write_bytes(data)
        files[str(d / f"f{i:03d}.bin")] = sha256_bytes(data)
    (root / "b").mkdir()
    for i, mib in enumerate(BIG_MIB):
        data = rnd.randbytes(mib << 20)
        (root / "b" / f"big{i}.bin").write_bytes(data)
        files[str(root / "b" / f"big{i}.bin")] = sha256_bytes(data)
    assert len(set(files.values())) == len(files)
    return files


class ObjectChecker:
    """Hashes each stored object once (objects are immutable; re-hash only if the file changes)."""

    def __init__(self):
        self.seen = {}

    def sha256(self, path):
        st = os.stat(path)
        key = (str(path), st.st_ino, st.st_size, st.st_mtime_ns)
        if key not in self.seen:
            h = hashlib.sha256()
            with open(path, "rb") as f:
                for chunk in iter(lambda: f.read(1 << 20), b""):
                    h.update(chunk)
            self.seen[key] = h.hexdigest()
        return self.seen[key]


def committed_prefix(raw: bytes) -> bytes:
    """The log up to its last LF: what was committed (a torn tail never was)."""
    return raw[: raw.rfind(b"\n") + 1]


def check_after_kill(case, checker, previous_log, round_no):
    r, report = case.verify()
    assert r.returncode == 0, f"round {round_no}: {r.stdout}{r.stderr}"
    assert report["verdict"] == "verified"
    bad = [c for c in report["checks"] if c["outcome"] == "fail"]
    assert bad == [], bad
    warned = {c["name"] for c in report["checks"] if c["outcome"] == "warn"}
    assert warned <= {"uncommitted-files", "custody-tail"}, report["checks"]

    raw = case.log_bytes()
    log = committed_prefix(raw)
    assert log.startswith(previous_log), f"round {round_no}: committed entries changed"
    lines = log[:-1].split(b"\n")
    assert report["custody_head"] == sha256_bytes(lines[-1])
    entries = [json.loads(line) for line in lines]
    ingested = [e for e in entries if e["action"] == "ingested"]
    assert [e for e in entries if e["action"] == "duplicate"] == []
    # Exhibit numbers of committed items are contiguous, each preceded by its `collected` entry.
    assert [e["items"] for e in ingested] == [[f"E{n:04d}"] for n in range(1, len(ingested) + 1)]
    by_seq = {e["seq"]: e for e in entries}
    for e in ingested:
        assert by_seq[e["seq"] - 1]["action"] == "collected" and by_seq[e["seq"] - 1]["items"] == e["items"]
        d = e["details"]
        obj = case.root / d["object"]
        assert obj.is_file(), f"round {round_no}: {e['items'][0]} committed but its object is missing"
        assert checker.sha256(obj) == d["sha256"], e["items"][0]
        assert os.path.getsize(obj) == d["size"]
        assert os.path.samefile(obj, case.root / d["payload"])
        assert sha256_bytes((case.root / d["metadata"]).read_bytes()) == d["metadata_sha256"]
    return log, len(ingested)


def assert_complete(case, files, checker, log):
    """The folder is in the case exactly once, the case verifies strictly, nothing is left over."""
    root = case.root
    rs = case._run("log", "--verify", "--strict", "--json", "--workspace", root)
    assert rs.returncode == 0, rs.stdout
    report = json.loads(rs.stdout)
    assert report["verdict"] == "verified" and report["items"] == len(files)
    assert [c for c in report["checks"] if c["outcome"] not in ("pass", "info")] == []
    _, n = check_after_kill(case, checker, log, "final")
    assert n == len(files)
    ingested = case.entries_with("ingested")
    # Every file is in the case exactly once: by its content, and by its source path.
    assert sorted(e["details"]["sha256"] for e in ingested) == sorted(files.values())
    assert sorted(e["details"]["source_ref"] for e in ingested) == sorted(sha256_bytes(p.encode()) for p in files)
    assert sorted(case.item(e["items"][0])["original"]["path"] for e in ingested) == sorted(files)
    # No leftovers of the killed runs; only the emptied write-ahead list may stay.
    assert set(os.listdir(root / "tmp")) <= {"pending-batch"}
    assert not (root / "tmp" / "pending-batch").exists() or (root / "tmp" / "pending-batch").stat().st_size == 0
    stored = sorted(p.name for p in (root / "objects" / "sha256").rglob("*") if p.is_file())
    assert stored == sorted(files.values())


def test_sigkill_during_add_never_breaks_the_workspace(sanad, sanad_bin, tmp_path):
    src = tmp_path / "phone-dump"
    files = build_folder(src)
    rnd = random.Random(SEED)

    # How long one uninterrupted run takes, on a scratch workspace (with the page cache flushed
    # first: `add` syncs the whole filesystem before each commit).
    os.sync()
    scratch = tmp_path / "scratch"
    assert sanad("init", "--plaintext", scratch, "--case-id", CASE_ID, "--org", ORG, "-q").returncode == 0
    t0 = time.monotonic()
    assert sanad("add", "--workspace", scratch, src, "--collected-by", "Tester", "-q").returncode == 0
    full_run = time.monotonic() - t0
    make_tree_writable(scratch)
    shutil.rmtree(scratch)
    os.sync()

    def new_case(n):
        root = tmp_path / f"case{n}"
        assert sanad("init", "--plaintext", root, "--case-id", CASE_ID, "--org", ORG, "-q").returncode == 0
        c = Case(root, sanad)
        return c, c.log_bytes()

    # Kills go to the same workspace until an add gets through; then its end state is checked
    # and a fresh workspace starts, so that the kills keep landing in runs that write.
    cycles = 0
    case, log = new_case(cycles)
    checker = ObjectChecker()
    kills = rounds = committed = 0
    progress = []
    # Runs slow down when the filesystem is busy (each commit calls syncfs). If several kills in
    # a row commit nothing, stretch the window so that kills reach past the first commit again.
    stretch, stalled = 1.0, 0
    while kills < KILLS:
        rounds += 1
        assert rounds <= 10 * KILLS + 20, f"only {kills} of {KILLS} kills landed in {rounds} rounds"
        delay = rnd.uniform(0, full_run * stretch)
        cmd = [sanad_bin, "add", "--workspace", str(case.root), str(src), "--collected-by", "Tester", "-q"]
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        rc = proc.wait()
        if rc == -signal.SIGKILL:
            kills += 1
        else:
            assert rc == 0, f"round {rounds}: add exited {rc} without being killed"
        log, n = check_after_kill(case, checker, log, rounds)
        assert n >= committed, "committed items were lost"
        stalled = stalled + 1 if n == committed and rc != 0 else 0
        if stalled >= 4:
            stretch, stalled = min(stretch * 1.5, 8.0), 0
        elif rc == 0:
            stretch = max(stretch / 1.5, 1.0)
        committed = n
        progress.append(n if rc == -signal.SIGKILL else f"{n} (done)")
        if rc == 0:
            assert n == len(files)
            assert_complete(case, files, checker, log)
            make_tree_writable(case.root)
            shutil.rmtree(case.root)
            cycles += 1
            case, log = new_case(cycles)
            committed = 0

    # Run to completion: the interrupted adds resume, and nothing is added twice.
    r = sanad("add", "--workspace", case.root, src, "--collected-by", "Tester", "--json")
    assert r.returncode == 0, r.stderr
    statuses = [i["status"] for i in json.loads(r.stdout)["items"]]
    assert statuses.count("already-present") == committed
    assert statuses.count("added") == len(files) - committed
    assert "duplicate" not in statuses
    log = committed_prefix(case.log_bytes())
    assert_complete(case, files, checker, log)
    # The evidence itself was never touched.
    for path, digest in files.items():
        assert checker.sha256(path) == digest
    print(f"{kills} SIGKILLs in {rounds} rounds over {cycles + 1} workspaces (one run {full_run:.2f} s); "
          f"committed items after each round: {progress}")

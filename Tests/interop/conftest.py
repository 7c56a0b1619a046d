"""Shared fixtures for the CLI and interop tests.

The tests run the built `sanad` binary (env SANAD_BIN, default `.build/debug/sanad`) and check
its output with independent tools: Python's hashlib, json and zipfile, and `sha256sum`.
"""

import hashlib
import json
import os
import stat
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SANAD_BIN = os.environ.get("SANAD_BIN", str(REPO / ".build" / "debug" / "sanad"))
SAMPLES = REPO / "samples" / "case-demo"
DEMO_MANIFEST = SAMPLES / "intake-manifest.yaml"
GENESIS = "0" * 64
CASE_ID = "TEST-2026-001"
ORG = "Test Protection NGO"


# ---------------------------------------------------------------------------------------------
# Plain helpers (import them with `from conftest import ...`).


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def make_tree_writable(root) -> None:
    """Gives the owner write (and search) permission on everything under `root`, so that a
    workspace's read-only objects (0444) and any chmod-000 fixtures can be deleted."""
    root = Path(root)
    if not root.exists() and not root.is_symlink():
        return
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames:
            p = os.path.join(dirpath, name)
            if not os.path.islink(p):
                os.chmod(p, 0o700)
        for name in filenames:
            p = os.path.join(dirpath, name)
            if not os.path.islink(p):
                os.chmod(p, stat.S_IMODE(os.lstat(p).st_mode) | stat.S_IRUSR | stat.S_IWUSR)
    if root.is_dir() and not root.is_symlink():
        os.chmod(root, 0o700)


def make_writable(path) -> None:
    """Makes one read-only file writable (e.g. a stored object before tampering with it)."""
    os.chmod(path, stat.S_IMODE(os.stat(path).st_mode) | stat.S_IWUSR)


def assert_error(r, code, *fragments):
    """A failed command: the exit code, nothing on stdout, `sanad: error: …` then `hint: …` on stderr."""
    assert r.returncode == code, (r.returncode, r.stdout, r.stderr)
    assert r.stdout == ""
    err = r.stderr.splitlines()
    errors = [i for i, line in enumerate(err) if line.startswith("sanad: error: ")]
    assert len(errors) == 1, r.stderr
    # The hint follows the error (a multi-line message is pinned by test_error_message_is_one_line).
    assert any(line.startswith("hint: ") for line in err[errors[0] + 1:]), r.stderr
    for f in fragments:
        assert f in r.stderr, (f, r.stderr)


def write(path, data: bytes):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def first_line(text: str) -> str:
    return text.splitlines()[0] if text else ""


class Case:
    """A case workspace on disk, read with nothing but the standard library."""

    def __init__(self, root: Path, run):
        self.root = Path(root)
        self._run = run

    @property
    def custody(self) -> Path:
        return self.root / "custody.jsonl"

    def log_bytes(self) -> bytes:
        return self.custody.read_bytes()

    def log_lines(self) -> list:
        """The raw lines of custody.jsonl, without their LF; a complete log ends in LF."""
        raw = self.log_bytes()
        assert raw.endswith(b"\n"), "custody.jsonl must end in LF"
        return raw[:-1].split(b"\n")

    def entries(self) -> list:
        return [json.loads(line) for line in self.log_lines()]

    def entries_with(self, action: str) -> list:
        return [e for e in self.entries() if e["action"] == action]

    def item(self, exhibit: str) -> dict:
        return json.loads((self.root / "items" / f"{exhibit}.json").read_text(encoding="utf-8"))

    def ingested(self, exhibit: str) -> dict:
        """The details of the `ingested` or `duplicate` entry that committed `exhibit`."""
        found = [e for e in self.entries() if e["action"] in ("ingested", "duplicate") and e["items"][0] == exhibit]
        assert len(found) == 1, f"{exhibit} should be committed exactly once, found {len(found)}"
        return found[0]["details"]

    def object_path(self, exhibit: str) -> Path:
        return self.root / self.ingested(exhibit)["object"]

    def add(self, *args):
        return self._run("add", "--workspace", self.root, *args)

    def add_demo(self):
        r = self.add("--manifest", DEMO_MANIFEST, "--json")
        assert r.returncode == 0, r.stderr
        return json.loads(r.stdout)

    def verify(self, *extra):
        """`sanad log --verify --json`: returns (CompletedProcess, parsed JSON)."""
        r = self._run("log", "--verify", "--json", "--workspace", self.root, *extra)
        return r, json.loads(r.stdout)

    def verify_text(self, *extra):
        return self._run("log", "--verify", "--workspace", self.root, *extra)


def checks_named(report: dict, name: str, outcome: str = None) -> list:
    return [c for c in report["checks"] if c["name"] == name and (outcome is None or c["outcome"] == outcome)]


def failures(report: dict) -> list:
    return [c for c in report["checks"] if c["outcome"] == "fail"]


# ---------------------------------------------------------------------------------------------
# Fixtures.


@pytest.fixture(scope="session")
def sanad_bin() -> str:
    if not os.access(SANAD_BIN, os.X_OK):
        pytest.exit(f"sanad binary not found at {SANAD_BIN}: run 'swift build' or set SANAD_BIN", returncode=2)
    return SANAD_BIN


@pytest.fixture
def sanad(sanad_bin):
    """Runs the binary: sanad("add", "--workspace", ws, ...) -> CompletedProcess (text)."""

    def run(*args, cwd=None, timeout=120, env=None):
        return subprocess.run(
            [sanad_bin, *[str(a) for a in args]],
            capture_output=True, text=True, cwd=cwd, timeout=timeout, env=env,
        )

    return run


@pytest.fixture(autouse=True)
def _removable_tmp(tmp_path):
    """Workspace objects are 0444 in 0700 folders, and some tests chmod 000: undo that afterwards
    so that pytest can always remove tmp_path."""
    yield
    make_tree_writable(tmp_path)


@pytest.fixture
def workspace(sanad, tmp_path) -> Case:
    """An initialised, empty case workspace at tmp_path/case."""
    root = tmp_path / "case"
    r = sanad("init", "--plaintext", root, "--case-id", CASE_ID, "--org", ORG, "--actor", "Tester")
    assert r.returncode == 0, r.stderr
    return Case(root, sanad)


@pytest.fixture
def demo_case(workspace) -> Case:
    """A workspace holding the bundled fictional case, added through its YAML manifest."""
    workspace.add_demo()
    return workspace

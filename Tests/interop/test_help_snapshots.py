"""Help output is part of the interface: it is checked against snapshot files.

After an intended change, refresh them with SANAD_UPDATE_SNAPSHOTS=1 make interop-test.
"""
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SNAPSHOTS = ROOT / "Tests" / "snapshots"
BIN = os.environ.get("SANAD_BIN", str(ROOT / ".build" / "debug" / "sanad"))


@pytest.mark.parametrize("command", ["", "init", "add", "log", "key", "seal", "verify", "receive", "disclose", "report", "timeline", "search", "unlock", "lock",
                                     "passphrase", "encrypt", "preview"])
def test_help_matches_snapshot(command):
    args = [BIN] + ([command] if command else []) + ["--help"]
    run = subprocess.run(args, capture_output=True, text=True, env={**os.environ, "COLUMNS": "80"})
    assert run.returncode == 0
    snapshot = SNAPSHOTS / (f"help-{command}.txt" if command else "help.txt")
    if os.environ.get("SANAD_UPDATE_SNAPSHOTS") == "1":
        snapshot.write_text(run.stdout)
    assert run.stdout == snapshot.read_text(), f"help for '{command or 'sanad'}' changed; see {snapshot}"

"""Evidence zips whose two descriptions of themselves disagree (issue 10): ingest keeps them
whole, reads members as unzip does (through the central directory), records every
disagreement in the item record, and warns. A consistent export adds without a word."""
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import SANAD_BIN

ROOT = Path(__file__).resolve().parents[2]
VECTORS = ROOT / "Tests" / "Vectors"


def sanad(*args, cwd=None):
    return subprocess.run([SANAD_BIN, *map(str, args)], capture_output=True, text=True, cwd=cwd)


@pytest.fixture
def ws(tmp_path):
    assert sanad("init", "--plaintext", tmp_path / "ws", "--case-id", "ZIP-1", "--org", "Test Org", "-q").returncode == 0
    return tmp_path / "ws"


def add(ws, tmp_path, vector):
    src = tmp_path / f"{vector}.zip"
    shutil.copy(VECTORS / vector / "archive.zip", src)
    r = sanad("add", "--workspace", ws, src, "--collected-by", "Noor", "--json")
    assert r.returncode == 0, r.stderr
    item = json.loads(r.stdout)["items"][0]["id"]
    record = json.loads((ws / "items" / f"{item}.json").read_text())
    return r, record


@pytest.mark.parametrize("vector,finding", [
    ("zip-local-name-differs", "its local header names it VEC-1/sanad/items/E0009.json"),
    ("zip-local-only-entry", "is not in the central directory: a reader that follows local headers sees an extra member"),
    ("zip-central-only-entry", "overlap"),
    ("zip-overlapping-entries", "are the same local entry under two names"),
    ("zip-second-zip-appended", "byte(s) come before the zip proper"),
    ("zip-unicode-path-extra", "a Unicode Path field names it VEC-1/sanad/items/E0009.json"),
    ("zip-mode-directory", "its mode and its name disagree on whether it is a folder"),
])
def test_a_zip_that_disagrees_with_itself_is_kept_whole_and_its_record_says_so(ws, tmp_path, vector, finding):
    r, record = add(ws, tmp_path, vector)
    assert "describes itself two ways that disagree" in r.stderr
    found = record["member_scan"].get("disagreements", [])
    assert any(finding in f for f in found), found
    # Kept whole: the stored original is the file, byte for byte.
    stored = ws / record["stored"]["payload"]
    assert stored.read_bytes() == (tmp_path / f"{vector}.zip").read_bytes()
    assert sanad("log", "--verify", "--workspace", ws).returncode == 0


def test_a_consistent_export_adds_without_a_word(ws, tmp_path):
    for src in [ROOT / "samples" / "case-demo" / "whatsapp-ios-export.zip", VECTORS / "verified-zip" / "archive.zip"]:
        dst = tmp_path / src.name
        shutil.copy(src, dst)
        r = sanad("add", "--workspace", ws, dst, "--collected-by", "Noor", "--json")
        assert r.returncode == 0 and "disagree" not in r.stderr, r.stderr
        item = json.loads(r.stdout)["items"][0]["id"]
        assert "disagreements" not in json.loads((ws / "items" / f"{item}.json").read_text())["member_scan"]

"""`sanad search`: full-text search over the case's timeline, Arabic included. The index is
derived data: deleting it or adding evidence makes the next search rebuild it, and every hit is
the very event the timeline gives."""
import json
import os
import subprocess
from pathlib import Path

import pytest

from conftest import DEMO_MANIFEST, SANAD_BIN, make_tree_writable

ROOT = Path(__file__).resolve().parents[2]
WA = ROOT / "Tests" / "Fixtures" / "whatsapp"


def sanad(*args):
    return subprocess.run([SANAD_BIN, *map(str, args)], capture_output=True, text=True)


def search(ws, *args):
    r = sanad("search", "--workspace", ws, "--date-order", "dmy", "--json", *args)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


@pytest.fixture
def ws(tmp_path):
    ws = tmp_path / "case"
    assert sanad("init", "--plaintext", ws, "--case-id", "S-1", "--org", "NGO", "-q").returncode == 0
    assert sanad("add", "--workspace", ws, "--manifest", DEMO_MANIFEST, "-q").returncode == 0
    assert sanad("add", "--workspace", ws, WA / "android-ar.txt", "--collected-by", "Noor", "--timezone", "Asia/Baghdad",
                 "-q").returncode == 0
    yield ws
    make_tree_writable(tmp_path)


def test_arabic_spellings_find_the_same_event_and_hits_are_timeline_events(ws):
    plain = search(ws, "مرحبا")
    assert plain["total"] >= 1 and plain["index"]["rebuilt"] is True
    # With harakat and tatweel, and with a hamza-less alef form: the same events.
    assert [h["event"] for h in search(ws, "مَرْحَـــبًا")["hits"]] == [h["event"] for h in plain["hits"]]
    timeline = subprocess.run([SANAD_BIN, "timeline", "--workspace", ws, "--date-order", "dmy", "--format", "jsonl"],
                              capture_output=True, text=True).stdout.splitlines()
    events = [json.loads(x) for x in timeline]
    for h in plain["hits"]:
        assert h["event"] in events
        assert any(s["match"] for s in h["snippet"])
        assert "مرحبا" in (h["event"]["text"] or "")


def test_json_follows_its_schema_and_operators_are_plain_words(ws, tmp_path):
    out = search(ws, 'answer OR "NEAR(" AND*')
    assert out["total"] == 0 and out["hits"] == []
    doc = tmp_path / "s.json"
    doc.write_text(json.dumps(search(ws, "answer")))
    r = subprocess.run(["python3", ROOT / "manifests" / "validate.py", "search-output", doc], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_the_index_is_rebuilt_when_deleted_or_when_the_case_changes(ws):
    # The demo's chat exports are marked sensitive and not indexed; its SMS backup is not.
    first = search(ws, "answer")
    assert first["index"]["rebuilt"] and first["total"] > 0
    # It holds every message of the case: only its owner may read it.
    assert os.stat(ws / "index" / "search.sqlite").st_mode & 0o777 == 0o600
    assert os.stat(ws / "index").st_mode & 0o777 == 0o700
    again = search(ws, "answer")
    assert again["index"]["rebuilt"] is False and again["hits"] == first["hits"]
    (ws / "index" / "search.sqlite").unlink()
    assert search(ws, "answer")["index"]["rebuilt"] is True
    assert sanad("add", "--workspace", ws, WA / "android-de.txt", "--collected-by", "Noor", "-q").returncode == 0
    after = search(ws, "answer")
    assert after["index"]["rebuilt"] is True and after["index"]["events"] > first["index"]["events"]
    # The index lives outside the evidence: the workspace still verifies and seals.
    assert sanad("log", "--verify", "--workspace", ws, "-q").returncode == 0


def test_filters_and_errors(ws):
    out = search(ws, "answer", "--platform", "sms")
    assert out["total"] >= 1 and {h["event"]["platform"] for h in out["hits"]} == {"sms"}
    assert search(ws, "answer", "--platform", "telegram")["total"] == 0
    r = sanad("search", "--workspace", ws, "   ")
    assert r.returncode == 64 and "sanad: error:" in r.stderr
    r = sanad("search", "--workspace", ws, "x", "--platform", "myspace")
    assert r.returncode == 64
    r = sanad("search", "--workspace", ws, "x", "--from", "2026-03-01T00:00:00")
    assert r.returncode == 64

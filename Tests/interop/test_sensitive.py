"""Issue 14, item 1: a sensitive item is never rendered by default. Its content (chat text,
sender names, attachment names and media) appears in no timeline format, no search result and
no archive timeline; a placeholder names exhibit, type, size, SHA-256 and why. `--reveal-sensitive`
shows it and leaves a `viewed` custody entry that `log --verify` accepts, and so does `verify`
of an archive sealed after it."""
import json
import os
import subprocess
import zipfile
from pathlib import Path

import pytest

from conftest import SANAD_BIN

ROOT = Path(__file__).resolve().parents[2]
WA = ROOT / "Tests" / "Fixtures" / "whatsapp"
PHOTO = ROOT / "samples" / "case-demo" / "IMG_20260301_211530.jpg"
ENV = {**os.environ, "SANAD_PASSPHRASE": "test pass"}
MARKER = "quokkamarker"
CONTACT = "Zeynep Demir"
ATTACHED = "IMG-20220318-WA0001.jpg"
FORMATS = ["table", "csv", "html", "json", "jsonl"]


def sanad(*args):
    return subprocess.run([SANAD_BIN, *map(str, args)], capture_output=True, env=ENV)


def ok(*args):
    r = sanad(*args)
    assert r.returncode == 0, r.stderr.decode()
    return r


def make_export(d: Path) -> Path:
    """A WhatsApp zip export: a chat with a unique word, a sender's name and an attached photo."""
    chat = (f"18/03/2022, 14:56 - {CONTACT}: the word is {MARKER} today\n"
            f"18/03/2022, 14:58 - Omar Aziz: {ATTACHED} (file attached)\n"
            f"18/03/2022, 15:01 - {CONTACT}: ok\n")
    path = d / "export.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(f"WhatsApp Chat with {CONTACT}.txt", chat)
        z.write(PHOTO, ATTACHED)
    return path


@pytest.fixture(scope="module")
def case(tmp_path_factory):
    d = tmp_path_factory.mktemp("sensitive")
    ws = d / "case"
    ok("init", "--plaintext", ws, "--case-id", "SN-1", "--org", "Example NGO", "--actor", "Noor", "-q")
    ok("add", "--workspace", ws, make_export(d), "--sensitive", "--collected-by", "Noor", "--timezone", "Asia/Baghdad",
       "--source-platform", "whatsapp", "-q")
    ok("add", "--workspace", ws, WA / "android-en-24h.txt", "--collected-by", "Noor", "--timezone", "Asia/Baghdad",
       "--source-platform", "whatsapp", "-q")
    return {"dir": d, "ws": ws, "zip_sha": json.loads((ws / "items" / "E0001.json").read_text())["digests"]["sha256"]}


def timeline(ws, fmt, *extra):
    return ok("timeline", "--workspace", ws, "--format", fmt, *extra).stdout.decode("utf-8-sig")


def entries(ws):
    return [json.loads(line) for line in (ws / "custody.jsonl").read_text().splitlines()]


def assert_hidden(text, zip_sha):
    for secret in (MARKER, CONTACT, ATTACHED, "/9j/", "data:image"):
        assert secret not in text, secret
    assert "E0001" in text and zip_sha in text
    assert "marked sensitive when collected by Noor" in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_format_renders_a_sensitive_chat_and_each_shows_its_placeholder(case, fmt):
    text = timeline(case["ws"], fmt)
    assert_hidden(text, case["zip_sha"])
    # The non-sensitive exhibit in the same case is unaffected.
    assert "Good afternoon, are you at the library?" in text


def test_a_sensitive_chat_is_one_placeholder_with_no_time_sender_or_count(case):
    events = [json.loads(line) for line in timeline(case["ws"], "jsonl").splitlines()]
    hidden = [e for e in events if e["source"]["exhibit"].startswith("E0001")]
    assert {e["source"]["exhibit"] for e in hidden} == {"E0001", "E0001.1"}
    for e in hidden:
        assert e["kind"] == "sensitive" and e["text"] is None and e["sender"] is None and e["time"] is None
        assert e["attachments"] == [] and e["conversation"] == {"participants": [], "title": None}
        assert e["source"]["offset"] == 0 and e["sensitive"]["size"] == e["source"]["length"]
    doc = json.loads(timeline(case["ws"], "json"))
    item = next(i for i in doc["items"] if i["exhibit"] == "E0001.1")
    assert item["sensitive"] is True and item["revealed"] is False and item["events"] == 1 and "file_name" not in item


def test_the_html_timeline_embeds_no_image_of_a_sensitive_item(case):
    page = timeline(case["ws"], "html")
    assert "<img" not in page and "data:" not in page
    assert 'class="sensitive"' in page


def test_search_neither_finds_nor_leaks_a_sensitive_word(case):
    for args in ([MARKER], [CONTACT.split()[0]], [MARKER, "--json"], ["library", "--json"]):
        out = ok("search", "--workspace", case["ws"], *args).stdout.decode()
        if "--json" in args:  # the query is echoed as given; what matters is what it found
            doc = json.loads(out)
            doc.pop("query")
            out = json.dumps(doc, ensure_ascii=False)
        assert MARKER not in out and CONTACT not in out
    hit = json.loads(ok("search", "--workspace", case["ws"], MARKER, "--json").stdout)
    assert hit["total"] == 0 and hit["hits"] == []
    # The stored index holds no sensitive text either.
    assert MARKER.encode() not in (case["ws"] / "index" / "search.sqlite").read_bytes()


def test_reveal_shows_the_content_and_records_a_viewed_entry_that_verifies(case, tmp_path):
    ws = case["ws"]
    before = len(entries(ws))
    out = tmp_path / "revealed.html"
    r = ok("timeline", "--workspace", ws, "--reveal-sensitive", "--actor", "Lawyer L", "-o", out)
    assert MARKER in out.read_text()
    viewed = entries(ws)[before:]
    assert [e["action"] for e in viewed] == ["viewed"]
    v = viewed[0]
    assert v["actor"] == {"name": "Lawyer L"} and v["items"] == ["E0001", "E0001.1"]
    assert v["details"]["command"] == "timeline" and v["details"]["format"] == "html"
    assert v["details"]["output"] == "revealed.html" and v["details"]["read"] == ["E0001", "E0001.1"]
    assert b"'viewed'" in r.stderr
    # Search with --reveal-sensitive finds the word, logs its query, and stores nothing revealed.
    r = ok("search", "--workspace", ws, MARKER, "--reveal-sensitive", "--actor", "Lawyer L", "--json")
    assert json.loads(r.stdout)["total"] == 1 and MARKER.encode() in r.stdout
    s = entries(ws)[-1]
    assert s["action"] == "viewed" and s["items"] == ["E0001.1"]
    assert s["details"]["command"] == "search" and s["details"]["query"] == MARKER
    assert MARKER.encode() not in (ws / "index" / "search.sqlite").read_bytes()
    log = json.loads(ok("log", "--workspace", ws, "--json").stdout)
    assert "viewed" in json.dumps(log)
    ok("log", "--workspace", ws, "--verify")


def test_a_reveal_that_shows_no_sensitive_item_is_not_logged(case):
    before = len(entries(case["ws"]))
    ok("timeline", "--workspace", case["ws"], "--exhibit", "E0002", "--reveal-sensitive")
    assert len(entries(case["ws"])) == before


def test_amending_sensitive_hides_and_unhides_an_item(tmp_path):
    ws = tmp_path / "case"
    ok("init", "--plaintext", ws, "--case-id", "SN-2", "--org", "NGO", "--actor", "Noor", "-q")
    ok("add", "--workspace", ws, WA / "android-en-24h.txt", "--collected-by", "Noor", "--timezone", "Asia/Baghdad", "-q")
    assert "library" in timeline(ws, "table")
    ok("amend", "--workspace", ws, "E0001", "--sensitive", "true", "--reason", "intimate", "--actor", "Noor", "-q")
    seq = entries(ws)[-1]["seq"]
    text = timeline(ws, "table")
    assert "library" not in text and "amended to sensitive by Noor at" in text and f"entry {seq}" in text
    assert json.loads(ok("search", "--workspace", ws, "library", "--json").stdout)["total"] == 0
    ok("amend", "--workspace", ws, "E0001", "--sensitive", "false", "--reason", "not intimate", "--actor", "Noor", "-q")
    assert "library" in timeline(ws, "table")
    assert json.loads(ok("search", "--workspace", ws, "library", "--json").stdout)["total"] == 1


def test_a_sealed_archive_follows_the_same_rule_and_verifies_with_a_viewed_entry(case, tmp_path):
    d = case["dir"]
    ok("key", "new", "--out", d / "signer", "--name", "Noor Advocate", "--org", "Example NGO", "-q")
    sealed = tmp_path / "sealed.zip"
    ok("timeline", "--workspace", case["ws"], "--exhibit", "E0001", "--reveal-sensitive", "-q")
    ok("seal", "--workspace", case["ws"], "--key", d / "signer.key", "--cert", d / "signer.crt", "--out", sealed, "-q")
    assert any(e["action"] == "viewed" for e in entries(case["ws"]))  # the log sealed holds one
    ok("verify", sealed)
    for fmt in FORMATS:
        text = ok("timeline", sealed, "--format", fmt).stdout.decode("utf-8-sig")
        assert_hidden(text, case["zip_sha"])
    r = ok("timeline", sealed, "--reveal-sensitive", "--format", "jsonl")
    assert MARKER.encode() in r.stdout and b"nothing was logged" in r.stderr


def test_a_sensitive_copy_hides_the_original_it_duplicates(tmp_path):
    """The same export added twice, only the second time marked sensitive: the second is a
    duplicate with no bytes of its own, so the first, which holds them, is hidden for it, in the
    workspace's timeline and in a sealed archive's."""
    ws = tmp_path / "case"
    export = make_export(tmp_path)
    copy = tmp_path / "copy.zip"
    copy.write_bytes(export.read_bytes())
    ok("init", "--plaintext", ws, "--case-id", "SN-2", "--org", "Example NGO", "--actor", "Noor", "-q")
    ok("add", "--workspace", ws, export, "--collected-by", "Noor", "--timezone", "Asia/Baghdad", "-q")
    ok("add", "--workspace", ws, copy, "--sensitive", "--collected-by", "Noor", "--timezone", "Asia/Baghdad", "-q")
    text = timeline(ws, "jsonl")
    assert MARKER not in text and CONTACT not in text
    assert "its copy E0002 was marked sensitive when collected by Noor" in text
    ok("key", "new", "--out", tmp_path / "k", "--name", "Noor", "--org", "Example NGO", "-q")
    ok("seal", "--workspace", ws, "--key", tmp_path / "k.key", "--cert", tmp_path / "k.crt", "--out", tmp_path / "a.zip", "-q")
    sealed = ok("timeline", tmp_path / "a.zip", "--format", "jsonl").stdout.decode()
    assert MARKER not in sealed and "its copy E0002 was marked sensitive" in sealed
    assert MARKER in ok("timeline", "--workspace", ws, "--format", "jsonl", "--reveal-sensitive").stdout.decode()

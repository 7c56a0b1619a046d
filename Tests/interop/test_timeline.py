"""`sanad timeline`: every event traces to the exact bytes of an exhibit (checked here with
Python's hashlib on the stored objects), the same timeline comes out of the workspace and of
the sealed archive read without unpacking, a tampered archive gives none, and each output
format opens with standard readers (json, csv, html.parser)."""
import csv
import fcntl
import hashlib
import html.parser
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from conftest import DEMO_MANIFEST, SANAD_BIN, make_tree_writable, sha256_file

ROOT = Path(__file__).resolve().parents[2]
WA = ROOT / "Tests" / "Fixtures" / "whatsapp"
ENV = {**os.environ, "SANAD_PASSPHRASE": "test pass"}
SEAL_TIME = "2026-03-04T10:00:00Z"


def sanad(*args, env=ENV):
    return subprocess.run([SANAD_BIN, *map(str, args)], capture_output=True, env=env)


def schema_validator(name):
    resources = []
    for path in sorted((ROOT / "manifests").glob("*.schema.json")):
        s = json.loads(path.read_text())
        resources.append((s["$id"], Resource.from_contents(s)))
    schema = json.loads((ROOT / "manifests" / f"{name}.schema.json").read_text())
    return Draft202012Validator(schema, registry=Registry().with_resources(resources))


@pytest.fixture(scope="module")
def case(tmp_path_factory):
    d = tmp_path_factory.mktemp("timeline")
    ws = d / "case"
    assert sanad("init", "--plaintext", ws, "--case-id", "TL-1", "--org", "Example NGO", "-q").returncode == 0
    assert sanad("add", "--workspace", ws, "--manifest", DEMO_MANIFEST, "-q").returncode == 0
    # Two chats with the phone's zone declared, one without (floating), one damaged.
    r = sanad("add", "--workspace", ws, WA / "android-ar.txt", WA / "ios-en-crlf.txt", "--collected-by", "Noor",
              "--timezone", "Asia/Baghdad", "--source-platform", "whatsapp", "-q")
    assert r.returncode == 0, r.stderr
    r = sanad("add", "--workspace", ws, WA / "android-de.txt", WA / "android-en-malformed.txt", "--collected-by", "Noor",
              "--source-platform", "whatsapp", "-q")
    assert r.returncode == 0, r.stderr
    assert sanad("key", "new", "--out", d / "signer", "--name", "Noor Advocate", "--org", "Example NGO", "-q").returncode == 0
    r = sanad("seal", "--workspace", ws, "--key", d / "signer.key", "--cert", d / "signer.crt", "--out", d / "sealed.zip",
              "--time", SEAL_TIME, "-q")
    assert r.returncode == 0, r.stderr
    items = {}
    for p in (ws / "items").glob("*.json"):
        items[p.stem] = json.loads(p.read_text())
    # Exhibits whose date order the file leaves open are given one, as an investigator would.
    orders = []
    for exhibit in sorted(items):
        r = sanad("timeline", "--workspace", ws, "--exhibit", exhibit, "--format", "jsonl", "-q")
        if r.returncode == 64 and b"date-order" in r.stderr:
            orders += ["--date-order", f"{exhibit}=dmy"]
    yield {"dir": d, "ws": ws, "zip": d / "sealed.zip", "items": items, "orders": orders}
    make_tree_writable(d)


def timeline(case, *args, source=None):
    src = [source] if source else ["--workspace", case["ws"]]
    r = sanad("timeline", *src, *case["orders"], *args)
    assert r.returncode == 0, r.stderr.decode()
    return r


def events(case, *args, source=None):
    out = timeline(case, "--format", "jsonl", *args, source=source).stdout
    return [json.loads(line) for line in out.decode().splitlines()], out


def object_bytes(case, exhibit):
    """The exhibit's bytes, from the workspace's stored object or, for a zip member, the zip."""
    parent, _, member = exhibit.partition(".")
    item = case["items"][parent]
    data = (case["ws"] / item["stored"]["object"]).read_bytes()
    if not member:
        return data
    m = next(m for m in item["members"] if m["id"] == exhibit)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(m["member_path"])


def test_every_event_points_at_its_exact_bytes_and_the_ranges_tile_each_file(case):
    evs, _ = events(case, "--include-container")
    assert len(evs) > 40
    by_exhibit = {}
    for e in evs:
        by_exhibit.setdefault(e["source"]["exhibit"], []).append(e)
    assert len(by_exhibit) >= 5
    for exhibit, es in by_exhibit.items():
        data = object_bytes(case, exhibit)
        assert all(e["source"]["sha256"] == hashlib.sha256(data).hexdigest() for e in es), exhibit
        if es[0]["parser"]["name"] == "image-exif":
            continue
        # Sorted by time the events move around; by offset they must rebuild the file exactly.
        rebuilt = b"".join(data[e["source"]["offset"]:e["source"]["offset"] + e["source"]["length"]]
                           for e in sorted(es, key=lambda e: e["source"]["offset"]))
        assert rebuilt == data, exhibit


def test_events_follow_the_event_schema(case):
    v = schema_validator("timeline-event")
    evs, _ = events(case, "--include-container")
    for e in evs:
        errors = list(v.iter_errors(e))
        assert not errors, (e, errors[0].message)


def test_jsonl_lines_are_canonical(case):
    _, raw = events(case)
    for line in raw.decode().splitlines():
        assert json.dumps(json.loads(line), sort_keys=True, separators=(",", ":"), ensure_ascii=False) == line


def test_order_timed_by_instant_then_floating_by_exhibit(case):
    evs, _ = events(case)
    timed = [e for e in evs if e["time"]]
    floating = [e for e in evs if e["time"] is None and e["local_time"]]
    assert timed and floating
    assert [e["time"] for e in timed] == sorted(e["time"] for e in timed)
    first_floating = next(i for i, e in enumerate(evs) if e["time"] is None and e["local_time"])
    assert all(e["time"] is None for e in evs[first_floating:])
    assert {e["zone"]["basis"] for e in floating} == {"unknown"}


def test_the_sealed_archive_gives_the_same_timeline_without_unpacking(case, tmp_path):
    _, from_ws = events(case)
    before = set(os.listdir(tmp_path))
    env = {**ENV, "TMPDIR": str(tmp_path)}
    r = subprocess.run([SANAD_BIN, "timeline", case["zip"], *case["orders"], "--format", "jsonl"], capture_output=True, env=env)
    assert r.returncode == 0, r.stderr.decode()
    assert r.stdout == from_ws
    assert set(os.listdir(tmp_path)) == before, "nothing is left in the temporary folder"
    j = json.loads(timeline(case, "--format", "json", source=case["zip"]).stdout)
    assert j["source"]["kind"] == "archive"
    manifest = zipfile.ZipFile(case["zip"]).read(next(n for n in zipfile.ZipFile(case["zip"]).namelist() if n.endswith("/bag-info.txt")))
    assert f"Sanad-Custody-Head: {j['source']['custody_head']}".encode() in manifest


def test_an_archive_that_does_not_verify_gives_no_timeline(case):
    vec = ROOT / "Tests" / "Vectors" / "payload-byte-flipped" / "archive.zip"
    r = sanad("timeline", vec, "--format", "jsonl")
    assert r.returncode == 1, r.stderr
    assert r.stdout == b""
    assert b"does not verify" in r.stderr and b"payload" in r.stderr


def test_timezone_places_floating_exhibits_and_never_overrides_a_declared_zone(case):
    plain, _ = events(case)
    given, _ = events(case, "--timezone", "Asia/Baku")
    assert len(plain) == len(given)
    bases = {(e["source"]["exhibit"], e["zone"]["basis"]) for e in given if e["zone"]}
    declared = {x for x, b in bases if b == "declared-at-ingest"}
    assert declared and {x for x, b in bases if b == "given-to-timeline"}
    for e in given:
        if e["zone"] and e["zone"]["basis"] == "given-to-timeline":
            assert e["zone"]["name"] == "Asia/Baku" and e["time"] is not None
    for e in plain:
        if e["zone"] and e["zone"]["basis"] == "declared-at-ingest":
            assert e["source"]["exhibit"] in declared


def test_filters_match_a_python_reading_of_the_full_timeline(case):
    full, _ = events(case)
    got, _ = events(case, "--from", "2022-03-18T12:00:00Z", "--to", "2022-03-19T06:16:00Z")
    want = [e for e in full if e["time"] and "2022-03-18T12:00:00.000Z" <= e["time"] < "2022-03-19T06:16:00.000Z"]
    assert got == want and want
    got, _ = events(case, "--participant", "lina")
    assert got and all("Lina" in (e["sender"] or {}).get("name", "") or any("Lina" in p for p in e["conversation"]["participants"])
                       for e in got)
    got, _ = events(case, "--contains", "كيف")
    assert got and all("كيف" in (e["text"] or "") for e in got)
    got, _ = events(case, "--platform", "sms")
    assert all(e["platform"] == "sms" for e in got)
    r = sanad("timeline", "--workspace", case["ws"], "--from", "2022-03-18T12:00:00")
    assert r.returncode == 64 and b"offset" in r.stderr


def test_csv_has_a_bom_arabic_and_no_live_formulas(case):
    out = timeline(case, "--format", "csv").stdout
    assert out.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(out.decode("utf-8-sig"), newline="")))
    assert rows[0][:3] == ["time_utc", "local_time", "zone"]
    assert all(len(r) == len(rows[0]) for r in rows)
    evs, _ = events(case)
    text_col = rows[0].index("text")
    texts = [r[text_col] for r in rows[1:]]
    assert len(texts) == len(evs)
    for e, t in zip(evs, texts):
        if e["kind"] == "sensitive":  # the demo's WhatsApp export: its placeholder, not its text
            assert t.startswith(f"[sensitive, not shown: {e['source']['exhibit']}, ") and e["text"] is None
            continue
        want = e["text"] or ""
        assert t == (("'" + want) if want[:1] in ("=", "+", "-", "@", "\t", "\r") else want)
    assert any("مرحبا" in t for t in texts)
    assert not timeline(case, "--format", "csv", "--no-bom").stdout.startswith(b"\xef\xbb\xbf")


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.text, self.urls = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self.urls += [v for k, v in attrs if k in ("src", "href") and v]

    def handle_data(self, data):
        self.text.append(data)


def test_html_is_one_self_contained_page_with_rtl_islands(case):
    out = timeline(case, "--format", "html").stdout.decode()
    page = Page()
    page.feed(out)
    assert not page.urls, "nothing is fetched"
    assert all(t != "script" for t, _ in page.tags)
    cells = [a for t, a in page.tags if t == "td" and a.get("dir") == "auto"]
    evs, _ = events(case)
    assert len([t for t, _ in page.tags if t == "tr"]) == len(evs) + 1
    assert len(cells) == 3 * len(evs)
    assert "سارة" in "".join(page.text)
    assert "@media print" in out


def test_json_document_follows_its_schema_and_out_is_private(case, tmp_path):
    out = tmp_path / "timeline.json"
    r = sanad("timeline", "--workspace", case["ws"], *case["orders"], "--format", "json", "--out", out)
    assert r.returncode == 0 and r.stdout == b""
    assert os.stat(out).st_mode & 0o777 == 0o600
    doc = json.loads(out.read_text())
    errors = list(schema_validator("timeline-output").iter_errors(doc))
    assert not errors, errors[0].message
    assert doc["event_count"] == len(doc["events"])
    statuses = {i["exhibit"]: i["status"] for i in doc["items"]}
    assert "skipped" in statuses.values() and "read" in statuses.values()
    assert [p.name for p in tmp_path.iterdir()] == ["timeline.json"]


def test_an_ambiguous_exhibit_never_blocks_the_rest_and_states_both_readings(case, tmp_path):
    """README item 1: one exhibit whose dates read both ways used to stop the whole timeline
    and search with exit 64. Now its events state both readings and no UTC time, a warning
    names it, and every other exhibit is read as before."""
    ws = tmp_path / "amb"
    assert sanad("init", "--plaintext", ws, "--case-id", "TL-2", "--org", "NGO", "--actor", "Noor", "-q").returncode == 0
    assert sanad("add", "--workspace", ws, WA / "android-en-ambiguous.txt", "--collected-by", "Noor",
                 "--timezone", "Asia/Baghdad", "-q").returncode == 0
    assert sanad("add", "--workspace", ws, WA / "android-en-24h.txt", "--collected-by", "Noor",
                 "--timezone", "Europe/London", "-q").returncode == 0
    r = sanad("timeline", "--workspace", ws, "--format", "jsonl")
    assert r.returncode == 0, r.stderr
    evs = [json.loads(x) for x in r.stdout.decode().splitlines()]
    amb = [e for e in evs if e["source"]["exhibit"] == "E0001"]
    other = [e for e in evs if e["source"]["exhibit"] == "E0002"]
    assert other and all(e["time"] for e in other if e["kind"] != "unparsed")
    assert [e.get("local_time_readings") for e in amb] == [
        ["2022-04-03T10:00", "2022-03-04T10:00"], ["2022-04-03T10:05", "2022-03-04T10:05"],
        ["2022-04-04T09:30"], ["2022-04-05T11:00", "2022-05-04T11:00"]]
    assert {(e["time"], e["local_time"], e["zone"]) for e in amb} == {(None, None, None)}
    assert {e["parser"]["date_order_basis"] for e in amb} == {"undecided"}
    assert b"warning: E0001: its dates read both as day/month and as month/day" in r.stderr
    assert b"sanad amend E0001 --date-order" in r.stderr
    # The table says it in words; search goes on and repeats the warning.
    table = sanad("timeline", "--workspace", ws, "--exhibit", "E0001", "-q").stdout.decode()
    assert "2022-04-03 10:00 or 2022-03-04 10:00 (local; day/month order unknown)" in table
    # 04/04 is the same date either way: said so, still without a UTC time, as the file is undecided.
    assert "2022-04-04 09:30 (local; no UTC time)" in table
    r = sanad("search", "--workspace", ws, "form")
    assert r.returncode == 0 and b"1. " in r.stdout and b"warning: E0001" in r.stderr
    # An order given for the exhibit decides it, as before.
    r = sanad("timeline", "--workspace", ws, "--date-order", "E0001=mdy", "--format", "jsonl")
    assert r.returncode == 0 and b"warning" not in r.stderr
    evs = [json.loads(x) for x in r.stdout.decode().splitlines()]
    assert [e["local_time"] for e in evs if e["source"]["exhibit"] == "E0001"] == [
        "2022-03-04T10:00", "2022-03-04T10:05", "2022-04-04T09:30", "2022-05-04T11:00"]


def test_the_date_order_recorded_at_ingest_or_amended_decides_the_exhibit(case, tmp_path):
    ws = tmp_path / "loc"
    assert sanad("init", "--plaintext", ws, "--case-id", "TL-3", "--org", "NGO", "--actor", "Noor", "--locale", "ar-IQ",
                 "-q").returncode == 0
    # The case's default (ar-IQ: day/month) is recorded for an item added without one...
    assert sanad("add", "--workspace", ws, WA / "android-en-ambiguous.txt", "--collected-by", "Noor",
                 "-q").returncode == 0
    item = json.loads((ws / "items" / "E0001.json").read_text())
    assert item["collection"]["date_order"] == "dmy" and item["collection"]["locale"] == "ar-IQ"
    assert item["collection"]["from_case_defaults"] == ["locale", "date_order"]
    r = sanad("timeline", "--workspace", ws, "--format", "jsonl")
    assert r.returncode == 0 and b"day/month" not in r.stderr
    evs = [json.loads(x) for x in r.stdout.decode().splitlines()]
    assert evs[0]["local_time"] == "2022-04-03T10:00" and evs[0]["parser"]["date_order_basis"] == "declared"
    # ...and an amendment with its reason changes what every reader sees, keeping the original.
    r = sanad("amend", "--workspace", ws, "E0001", "--locale", "en-US", "--reason", "phone set to English (US)",
              "--actor", "Noor", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["changes"] == {"locale": "en-US", "date_order": "mdy"}
    assert out["previous"] == {"locale": "ar-IQ", "date_order": "dmy"}
    evs = [json.loads(x) for x in sanad("timeline", "--workspace", ws, "--format", "jsonl").stdout.splitlines()]
    assert evs[0]["local_time"] == "2022-03-04T10:00"
    assert json.loads((ws / "items" / "E0001.json").read_text()) == item
    assert sanad("log", "--verify", "--workspace", ws).returncode == 0


def test_stored_bytes_that_changed_give_no_timeline(case, tmp_path):
    ws = tmp_path / "bad"
    shutil.copytree(case["ws"], ws)
    make_tree_writable(ws)
    item = json.loads((ws / "items" / "E0016.json").read_text()) if (ws / "items" / "E0016.json").exists() else None
    target = next(p for p in (ws / "items").glob("*.json") if json.loads(p.read_text())["original"]["name"] == "ios-en-crlf.txt")
    obj = ws / json.loads(target.read_text())["stored"]["object"]
    data = bytearray(obj.read_bytes())
    data[-3] ^= 0x01
    obj.write_bytes(bytes(data))
    r = sanad("timeline", "--workspace", ws, *case["orders"])
    assert r.returncode == 1, r.stderr
    assert r.stdout == b""
    assert target.stem.encode() in r.stderr and b"SHA-256" in r.stderr


def test_standard_output_to_a_file_pipe_or_append_gives_the_same_bytes(tmp_path):
    """A large timeline into a redirected standard output goes past the page cache in whole
    blocks (O_DIRECT); the descriptor is the shell's too, so the flag must be off again
    afterwards, and a pipe, an append or an unaligned start must give the same bytes."""
    ws = tmp_path / "ws"
    assert sanad("init", "--plaintext", ws, "--case-id", "TL-2", "--org", "Example NGO", "-q").returncode == 0
    chat = tmp_path / "chat.txt"
    lines = [f"{1 + n // 1440 % 28:02d}/03/2022, {n // 60 % 24:02d}:{n % 60:02d} - {'Sara' if n % 2 else 'Omar'}: message {n}\n"
             for n in range(6000)]
    chat.write_text("".join(lines), encoding="utf-8")
    r = sanad("add", "--workspace", ws, chat, "--collected-by", "Noor", "--timezone", "Asia/Baghdad", "-q")
    assert r.returncode == 0, r.stderr
    args = ["timeline", "--workspace", ws, "--format", "jsonl", "--date-order", "dmy", "-q"]
    assert sanad(*args, "--out", tmp_path / "ref.jsonl").returncode == 0
    ref = (tmp_path / "ref.jsonl").read_bytes()
    assert len(ref) > 3 << 20 and ref.count(b"\n") == 6000

    def run_into(path, mode, prefix=b""):
        with open(path, mode) as f:
            f.write(prefix)
            f.flush()
            r = subprocess.run([SANAD_BIN, *map(str, args)], stdout=f, stderr=subprocess.PIPE, env=ENV)
            assert r.returncode == 0, r.stderr
            assert fcntl.fcntl(f.fileno(), fcntl.F_GETFL) & os.O_DIRECT == 0
        return path.read_bytes()

    assert run_into(tmp_path / "plain.jsonl", "wb") == ref
    assert run_into(tmp_path / "unaligned.jsonl", "wb", b"0123456789") == b"0123456789" + ref
    (tmp_path / "appended.jsonl").write_bytes(b"earlier\n")
    assert run_into(tmp_path / "appended.jsonl", "ab") == b"earlier\n" + ref
    assert sanad(*args).stdout == ref


def chat_lines(count, width=0):
    """WhatsApp Android lines with continuation lines, clock jumps back and a DST change."""
    lines = []
    for n in range(count):
        day, minute = 1 + n // 1440 % 28, n % 1440
        if n % 997 == 0:
            minute = (minute + 1440 - 300) % 1440  # the phone's clock went back
        pad = "." * width
        lines.append(f"{day:02d}/03/2023, {minute // 60:02d}:{minute % 60:02d} - {'Sara' if n % 3 else 'Omar'}: message {n}{pad}\n")
        if n % 50 == 0:
            lines.append(f"a continuation of message {n}\n")
    return lines


@pytest.mark.parametrize("shape", ["timed-throughout", "unreadable-first-half"])
def test_a_large_export_read_in_parts_gives_the_one_pass_timeline(tmp_path, shape):
    """An export of 8 MiB or more in the workspace is read as two parts on two threads
    (TIMELINE.md §8.5); the sealed archive's copy is read in one pass, as any archive entry.
    Both timelines must be the same bytes. In the second shape the first part holds no time at
    all, so its first 10,000 unreadable lines must wait for the second part's first time."""
    ws = tmp_path / "ws"
    assert sanad("init", "--plaintext", ws, "--case-id", "TL-3", "--org", "Example NGO", "-q").returncode == 0
    if shape == "timed-throughout":
        lines = ["unreadable first line\n", "another one\n"] + chat_lines(230_000)
    else:
        # A header with an impossible date first, so that the file is recognised, but untimed.
        lines = ["45/13/2023, 10:00 - Sara: no such date\n"]
        lines += [f"unreadable line {n} " + "x" * 80 + "\n" for n in range(48_000)] + chat_lines(45_000, width=60)
    (tmp_path / "chat.txt").write_text("".join(lines), encoding="utf-8")
    r = sanad("add", "--workspace", ws, tmp_path / "chat.txt", "--collected-by", "Noor", "--timezone", "Europe/Berlin", "-q")
    assert r.returncode == 0, r.stderr
    assert sanad("key", "new", "--out", tmp_path / "k", "--name", "Noor", "--org", "Example NGO", "-q").returncode == 0
    r = sanad("seal", "--workspace", ws, "--key", tmp_path / "k.key", "--cert", tmp_path / "k.crt", "--out", tmp_path / "a.zip",
              "--time", SEAL_TIME, "-q")
    assert r.returncode == 0, r.stderr
    args = ["--format", "jsonl", "--date-order", "dmy"]
    from_ws = sanad("timeline", "--workspace", ws, *args)
    from_zip = sanad("timeline", tmp_path / "a.zip", *args)
    assert from_ws.returncode == 0 and from_zip.returncode == 0, (from_ws.stderr, from_zip.stderr)
    assert from_ws.stdout.count(b"\n") > 40_000
    assert from_ws.stdout == from_zip.stdout
    # The same numbers (TIMELINE.md §2.2): 1..N, and in file order, across the cut.
    evs = [json.loads(x) for x in from_ws.stdout.splitlines()]
    numbers = [e["source"]["event"] for e in sorted(evs, key=lambda e: e["source"]["offset"])]
    assert numbers == list(range(1, len(evs) + 1))

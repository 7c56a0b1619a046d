"""Event numbers (TIMELINE.md §2.2): every event of a timeline carries `source.event`, its number
in its file, 1..N in the order the parser gives the events, unreadable lines and the structure of
JSON exports included, whatever a filter keeps; every format shows it; the sealed archive gives
the same numbers as the workspace; a sensitive item's placeholder has none. These are the numbers
`sanad disclose --events E0001:120-135` will select by (issue 15)."""
import csv
import io
import json
import os
import re
import subprocess

import pytest

from conftest import DEMO_MANIFEST, SANAD_BIN, make_tree_writable

ENV = {**os.environ, "SANAD_PASSPHRASE": "test pass"}

# An unreadable first line, messages on several lines, a header whose date no order reads, and a
# clock that went back: sorted by time, the file's order is shuffled; the numbers are not.
SMALL = """an unreadable first line
18/03/2022, 14:56 - Sara: a message
on two lines
18/03/2022, 14:57 - Omar: one line
18/03/2022, 14:58 - Sara: three
lines
here
45/03/2022, 14:59 - Omar: a date no order reads
17/03/2022, 09:00 - Sara: the clock went back
"""


def sanad(*args, env=ENV):
    return subprocess.run([SANAD_BIN, *map(str, args)], capture_output=True, env=env)


@pytest.fixture(scope="module")
def case(tmp_path_factory):
    d = tmp_path_factory.mktemp("numbers")
    ws = d / "case"
    assert sanad("init", "--plaintext", ws, "--case-id", "TN-1", "--org", "Example NGO", "-q").returncode == 0
    assert sanad("add", "--workspace", ws, "--manifest", DEMO_MANIFEST, "-q").returncode == 0
    (d / "small.txt").write_text(SMALL, encoding="utf-8")
    r = sanad("add", "--workspace", ws, d / "small.txt", "--collected-by", "Noor", "--timezone", "Asia/Baghdad", "-q")
    assert r.returncode == 0, r.stderr
    small = max(p.stem for p in (ws / "items").glob("*.json"))
    assert sanad("key", "new", "--out", d / "signer", "--name", "Noor", "--org", "Example NGO", "-q").returncode == 0
    r = sanad("seal", "--workspace", ws, "--key", d / "signer.key", "--cert", d / "signer.crt", "--out", d / "sealed.zip",
              "--time", "2026-03-04T10:00:00Z", "-q")
    assert r.returncode == 0, r.stderr
    yield {"ws": ws, "zip": d / "sealed.zip", "small": small}
    make_tree_writable(d)


def timeline(case, *args, source=None):
    src = [source] if source else ["--workspace", case["ws"]]
    r = sanad("timeline", *src, "--date-order", "dmy", *args)
    assert r.returncode == 0, r.stderr.decode()
    return r.stdout


def events(case, *args, source=None):
    return [json.loads(x) for x in timeline(case, "--format", "jsonl", *args, source=source).decode().splitlines()]


def test_a_small_export_is_numbered_in_file_order_unreadable_lines_included(case):
    evs = events(case, "--exhibit", case["small"])
    got = [(e["source"]["event"], e["source"]["line"], e["kind"]) for e in evs]
    assert got == [(6, 9, "message"), (1, 1, "unparsed"), (2, 2, "message"), (3, 4, "message"), (4, 5, "message"),
                   (5, 8, "unparsed")]
    # `event` is the first member of `source`, as canonical JSON orders it.
    assert all(b'"source":{"event":' in line for line in timeline(case, "--format", "jsonl").splitlines()
               if b'"kind":"sensitive"' not in line)


def test_every_format_shows_the_number_beside_the_exhibit(case):
    evs = events(case)
    refs = [(e["source"]["exhibit"] + (f"#{e['source']['event']}" if "event" in e["source"] else ""), e) for e in evs]
    table = timeline(case).decode()
    assert re.findall(r"  (E\d{4}(?:\.\d+)?(?:#\d+)? @\d+\+\d+ \(line \d+\))\n", table) == [
        f"{r} @{e['source']['offset']}+{e['source']['length']} (line {e['source']['line']})" for r, e in refs]
    assert f"{case['small']}#6 @" in table
    rows = list(csv.reader(io.StringIO(timeline(case, "--format", "csv").decode("utf-8-sig"), newline="")))
    at = rows[0].index("event")
    assert rows[0][at - 1:at + 2] == ["exhibit", "event", "offset"]
    assert [r[at] for r in rows[1:]] == [str(e["source"].get("event", "")) for e in evs]
    page = timeline(case, "--format", "html").decode()
    assert re.findall(r'<td class="src">([^ ]+) @', page) == [r for r, _ in refs]
    assert json.loads(timeline(case, "--format", "json"))["events"] == evs


def test_numbers_are_one_to_n_in_file_order_and_filters_keep_them(case):
    """Read from the archive with --reveal-sensitive (nothing is logged there), so that the JSON
    exports are read too: with --include-container each exhibit's numbers are 1..N, and sorted
    by number their byte ranges come in file order. Without it, and with any filter, the events
    kept are the same lines, numbers included."""
    args = ["--reveal-sensitive", "--include-container"]
    full = events(case, *args, source=case["zip"])
    by_exhibit = {}
    for e in full:
        by_exhibit.setdefault(e["source"]["exhibit"], []).append(e)
    assert len(by_exhibit) >= 8
    assert any(e["reason"] == "container" for e in full if e["kind"] == "unparsed")
    for exhibit, es in by_exhibit.items():
        es.sort(key=lambda e: e["source"]["event"])
        assert [e["source"]["event"] for e in es] == list(range(1, len(es) + 1)), exhibit
        offsets = [e["source"]["offset"] for e in es]
        assert offsets == sorted(offsets), exhibit
    lines = set(timeline(case, "--format", "jsonl", *args, source=case["zip"]).splitlines())
    for narrower in ([], ["--contains", "the"], ["--exhibit", case["small"]], ["--platform", "telegram"]):
        kept = timeline(case, "--format", "jsonl", "--reveal-sensitive", *narrower, source=case["zip"]).splitlines()
        assert kept and set(kept) <= lines and len(kept) < len(lines), narrower


def test_the_sealed_archive_gives_the_workspace_numbers(case):
    assert timeline(case, "--format", "jsonl", source=case["zip"]) == timeline(case, "--format", "jsonl")


def test_a_sensitive_placeholder_has_no_number(case):
    placeholders = [e for e in events(case) if e["kind"] == "sensitive"]
    assert placeholders and all("event" not in e["source"] for e in placeholders)
    # Revealed, the same item's events are numbered as any other's.
    exhibit = placeholders[0]["source"]["exhibit"]
    revealed = events(case, "--reveal-sensitive", "--exhibit", exhibit, source=case["zip"])
    assert sorted(e["source"]["event"] for e in revealed) == list(range(1, len(revealed) + 1))


def test_search_hits_carry_the_timeline_numbers(case):
    r = sanad("search", "--workspace", case["ws"], "--date-order", "dmy", "--json", "clock")
    assert r.returncode == 0, r.stderr
    hits = json.loads(r.stdout)["hits"]
    assert [h["event"]["source"]["event"] for h in hits] == [6]
    r = sanad("search", "--workspace", case["ws"], "--date-order", "dmy", "clock")
    assert r.returncode == 0 and f"  {case['small']}#6 @".encode() in r.stdout

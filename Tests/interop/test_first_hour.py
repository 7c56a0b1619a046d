"""A newcomer's first hour (issue 12): each test is one wall a new advocate, lawyer or
investigator hit, and fails on the build before the fix.

Filters that depend on spelling, plain dates refused, times from file dates that look like
real times, declarations that cannot be corrected, and the smaller ones: names that break
lines, unknown exhibits and empty windows that silently match nothing, missing folders.
"""

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, SANAD_BIN, make_tree_writable

FIX = REPO / "Tests" / "Fixtures"
WA = FIX / "whatsapp"
IMG = FIX / "image"


def sanad(*args, env=None):
    return subprocess.run([SANAD_BIN, *map(str, args)], capture_output=True, env=env)


def events(r):
    assert r.returncode == 0, r.stderr
    return [json.loads(x) for x in r.stdout.decode().splitlines()]


@pytest.fixture
def ws(tmp_path):
    ws = tmp_path / "case"
    assert sanad("init", "--plaintext", ws, "--case-id", "FH-1", "--org", "NGO", "--actor", "Noor", "-q").returncode == 0
    yield ws
    make_tree_writable(tmp_path)


def add(ws, *paths, **fields):
    args = ["add", "--workspace", ws, *paths, "--collected-by", "Noor", "-q"]
    for k, v in fields.items():
        args += [f"--{k.replace('_', '-')}", v]
    r = sanad(*args)
    assert r.returncode == 0, r.stderr
    return r


# -- Filters fold like search does (item 5) -------------------------------------------------


def test_a_phone_number_matches_however_it_is_written(ws):
    add(ws, WA / "android-ar.txt", timezone="Asia/Baghdad")
    base = ["timeline", "--workspace", ws, "--format", "jsonl", "-q"]
    written = events(sanad(*base, "--participant", "+964 770 123 4567"))
    assert len(written) == 7  # every event of a conversation the number takes part in
    for form in ["+9647701234567", "009647701234567", "0770 123 4567", "(0770) 123-4567", "+٩٦٤٧٧٠١٢٣٤٥٦٧"]:
        assert events(sanad(*base, "--participant", form)) == written, form
    # Without its country code a number could be any country's: said on stderr.
    r = sanad(*base, "--participant", "0770 123 4567")
    assert b"has no country code: it matches this national number in every country" in r.stderr
    assert b"country code" not in sanad(*base, "--participant", "+9647701234567").stderr
    # A different number, or too few digits to name a line, does not match.
    assert events(sanad(*base, "--participant", "+964 770 123 4568")) == []
    assert events(sanad(*base, "--participant", "4567")) == written  # as text, it is in the name


def test_arabic_names_and_text_match_whatever_their_letter_forms(ws):
    add(ws, WA / "android-ar.txt", timezone="Asia/Baghdad")
    base = ["timeline", "--workspace", ws, "--format", "jsonl", "-q"]
    sara = events(sanad(*base, "--participant", "سارة"))
    assert sara and events(sanad(*base, "--participant", "ساره")) == sara
    assert events(sanad(*base, "--contains", "كيف حالك")) == events(sanad(*base, "--contains", "كَيْفَ حالك"))
    assert len(events(sanad(*base, "--contains", "كيف حالك"))) == 1


# -- Plain dates, and windows that cannot match (items 4 and 11) ----------------------------


def test_a_plain_date_is_read_in_the_declared_zone_and_said_so(ws):
    add(ws, WA / "android-ar.txt", timezone="Asia/Baghdad")
    r = sanad("timeline", "--workspace", ws, "--format", "jsonl", "--from", "2022-03-19")
    evs = events(r)
    assert evs and min(e["time"] for e in evs) >= "2022-03-18T21:00:00.000Z"
    assert all(e["local_time"] >= "2022-03-19" for e in evs)
    assert b"read in Asia/Baghdad (the only zone declared in the case)" in r.stderr
    r = sanad("search", "--workspace", ws, "مرحبا", "--from", "2022-03-19", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["total"] == 0
    r = sanad("search", "--workspace", ws, "مرحبا", "--to", "2022-03-19", "--json")
    assert json.loads(r.stdout)["total"] == 1


def test_a_plain_date_with_no_zone_to_read_it_in_is_refused_with_a_hint(ws):
    add(ws, WA / "android-ar.txt")
    r = sanad("timeline", "--workspace", ws, "--from", "2022-03-19")
    assert r.returncode == 64 and r.stdout == b""
    assert b"has no UTC offset, and the exhibits declare no zone" in r.stderr and b"--timezone" in r.stderr
    r = sanad("timeline", "--workspace", ws, "--format", "jsonl", "--from", "2022-03-19", "--timezone", "Asia/Baghdad")
    assert events(r)


def test_from_after_to_and_an_unknown_exhibit_are_errors_not_empty_answers(ws):
    add(ws, WA / "android-ar.txt", timezone="Asia/Baghdad")
    r = sanad("timeline", "--workspace", ws, "--from", "2022-03-20", "--to", "2022-03-19")
    assert r.returncode == 64 and b"is not before --to" in r.stderr
    r = sanad("timeline", "--workspace", ws, "--exhibit", "E0099")
    assert r.returncode == 64 and b"E0099 is not an exhibit" in r.stderr and b"E0001" in r.stderr
    r = sanad("search", "--workspace", ws, "مرحبا", "--exhibit", "E0099")
    assert r.returncode == 64 and b"E0099 is not an exhibit" in r.stderr
    # Lower case is the same exhibit.
    assert events(sanad("timeline", "--workspace", ws, "--format", "jsonl", "--exhibit", "e0001"))


# -- Where each time came from (items 3 and 4) ----------------------------------------------


def test_a_time_from_the_files_date_is_marked_weak_in_every_human_format(ws, tmp_path):
    photo = tmp_path / "photo.jpg"
    shutil.copy(IMG / "mtime-only.jpg", photo)
    os.utime(photo, (1_646_000_000, 1_646_000_000))
    add(ws, photo)
    table = sanad("timeline", "--workspace", ws, "-q").stdout.decode()
    assert "[weak: file date]" in table
    assert "the file's modification time: weak" in table
    rows = list(csv.DictReader(io.StringIO(
        sanad("timeline", "--workspace", ws, "--format", "csv", "--no-bom", "-q").stdout.decode())))
    assert rows[0]["time_basis"] == "file-mtime (weak)"
    html = sanad("timeline", "--workspace", ws, "--format", "html", "-q").stdout.decode()
    assert '<tr class="weak">' in html and "[weak: file date]" in html
    # Search results say it too (the photo is found by its file name).
    hits = sanad("search", "--workspace", ws, "photo", "-q").stdout.decode()
    assert "[weak: file date]" in hits and "time: " in hits and "modification time: weak" in hits


def test_local_shows_the_time_the_phone_showed_with_its_offset(ws):
    add(ws, WA / "android-ar.txt", timezone="Asia/Baghdad")
    utc = sanad("timeline", "--workspace", ws, "-q").stdout.decode()
    local = sanad("timeline", "--workspace", ws, "--local", "-q").stdout.decode()
    assert "2022-03-18 11:56:00Z" in utc and "2022-03-18 14:56 +03:00" not in utc
    assert "2022-03-18 14:56 +03:00" in local
    assert "time: +03:00 Asia/Baghdad, declared at ingest" in local


# -- Declarations: items, amend, warnings (item 10) -----------------------------------------


def test_items_lists_each_exhibit_with_its_declarations_and_validates(ws):
    add(ws, WA / "android-ar.txt", timezone="Asia/Baghdad", locale="ar-IQ")
    add(ws, IMG / "jpeg-offset.jpg")
    r = sanad("items", "--workspace", ws, "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert [i["id"] for i in out["items"]] == ["E0001", "E0002"]
    e1 = out["items"][0]
    assert e1["original_name"] == "android-ar.txt" and e1["collection"]["date_order"] == "dmy"
    assert e1["collection"]["locale"] == "ar-IQ" and "amended" not in e1
    (ws.parent / "items.json").write_bytes(r.stdout)
    v = subprocess.run([sys.executable, REPO / "manifests" / "validate.py", "items-output", ws.parent / "items.json"],
                       capture_output=True)
    assert v.returncode == 0, v.stderr
    text = sanad("items", "--workspace", ws).stdout.decode()
    assert "E0001  android-ar.txt  plain text" in text and "    date order: dmy" in text


def test_amend_records_who_changed_what_and_why_and_every_reader_follows(ws, tmp_path):
    add(ws, WA / "android-ar.txt", timezone="Asia/Dubai")
    before = (ws / "items" / "E0001.json").read_bytes()
    r = sanad("amend", "--workspace", ws, "E0001", "--timezone", "Asia/Baghdad",
              "--reason", "the phone was set to Baghdad", "--actor", "Layla")
    assert r.returncode == 0, r.stderr
    assert "E0001  timezone: Asia/Dubai → Asia/Baghdad" in r.stdout.decode()
    # The record and the collected entry keep the original; the log adds the amendment.
    assert (ws / "items" / "E0001.json").read_bytes() == before
    log = [json.loads(x) for x in (ws / "custody.jsonl").read_text().splitlines()]
    assert log[-1]["action"] == "amended" and log[-1]["actor"] == {"name": "Layla"} and log[-1]["items"] == ["E0001"]
    assert log[-1]["details"] == {"changes": {"timezone": "Asia/Baghdad"}, "previous": {"timezone": "Asia/Dubai"},
                                  "reason": "the phone was set to Baghdad"}
    assert [e for e in log if e["action"] == "collected"][0]["details"]["timezone"] == "Asia/Dubai"
    assert sanad("log", "--verify", "--workspace", ws).returncode == 0
    v = subprocess.run([sys.executable, REPO / "manifests" / "validate.py", "--workspace", ws], capture_output=True)
    assert v.returncode == 0, v.stderr
    items = json.loads(sanad("items", "--workspace", ws, "--json").stdout)["items"]
    assert items[0]["collection"]["timezone"] == "Asia/Baghdad"
    assert items[0]["amended"]["timezone"]["by"] == "Layla"
    evs = events(sanad("timeline", "--workspace", ws, "--format", "jsonl", "-q"))
    assert {e["zone"]["name"] for e in evs if e["zone"]} == {"Asia/Baghdad"}
    assert {e["zone"]["basis"] for e in evs if e["zone"]} == {"amended"}
    assert "Asia/Baghdad, as amended after ingest" in sanad("timeline", "--workspace", ws, "-q").stdout.decode()
    # A sealed archive carries the amendment, and its timeline follows it.
    env = {**os.environ, "SANAD_PASSPHRASE": "first hour test passphrase"}
    assert sanad("key", "new", "--out", tmp_path / "keys" / "noor", "--name", "Noor", "--org", "NGO", "-q",
                 env=env).returncode == 0
    assert sanad("seal", "--workspace", ws, "--key", tmp_path / "keys" / "noor.key", "--cert",
                 tmp_path / "keys" / "noor.crt", "--out", tmp_path / "a.zip", "-q", env=env).returncode == 0
    fp = json.loads(sanad("key", "show", tmp_path / "keys" / "noor.crt", "--json").stdout)["fingerprint_sha256"]
    evs = events(sanad("timeline", tmp_path / "a.zip", "--signer-fingerprint", fp, "--format", "jsonl", "-q"))
    assert {e["zone"]["name"] for e in evs if e["zone"]} == {"Asia/Baghdad"}
    # Nothing to change, no reason, or no such exhibit: refused, nothing written.
    n = len((ws / "custody.jsonl").read_bytes())
    for args, why in [(["E0001", "--timezone", "Asia/Baghdad", "--reason", "again"], b"already has these"),
                      (["E0001", "--timezone", "Asia/Baghdad", "--reason", "  "], b"needs a reason"),
                      (["E0099", "--timezone", "UTC", "--reason", "x"], b"E0099 is not an exhibit"),
                      (["E0001", "--timezone", "Mars/Olympus", "--reason", "x"], b"Mars/Olympus"),
                      (["--case", "--note", "x", "--reason", "x"], b"only the time zone, locale and date order")]:
        r = sanad("amend", "--workspace", ws, *args)
        assert r.returncode == 64 and why in r.stderr, (args, r.stderr)
    assert len((ws / "custody.jsonl").read_bytes()) == n


def test_adding_a_file_again_with_new_declarations_says_they_were_not_recorded(ws):
    add(ws, WA / "android-ar.txt")
    r = sanad("add", "--workspace", ws, WA / "android-ar.txt", "--collected-by", "Noor", "--timezone", "Asia/Baghdad")
    assert r.returncode == 0
    assert b"already in the case: --timezone not recorded" in r.stderr
    assert b"sanad amend E0001 --timezone" in r.stderr


def test_a_collection_time_in_the_future_is_recorded_with_a_warning(ws):
    r = sanad("add", "--workspace", ws, WA / "android-ar.txt", "--collected-by", "Noor",
              "--collected-at", "2099-01-01T10:00:00+03:00")
    assert r.returncode == 0
    assert b"warning: E0001: --collected-at 2099-01-01T10:00:00+03:00 is" in r.stderr and b"in the future" in r.stderr
    r = sanad("add", "--workspace", ws, WA / "android-de.txt", "--collected-by", "Noor",
              "--collected-at", "2020-01-01T10:00:00+03:00")
    assert b"in the future" not in r.stderr


def test_the_case_defaults_apply_to_items_added_without_their_own(tmp_path):
    ws = tmp_path / "c"
    r = sanad("init", "--plaintext", ws, "--case-id", "FH-2", "--org", "NGO", "--actor", "Noor", "--timezone", "Asia/Baghdad",
              "--locale", "ar-IQ")
    assert r.returncode == 0, r.stderr
    assert json.loads((ws / "sanad-case.json").read_text())["defaults"] == {
        "timezone": "Asia/Baghdad", "locale": "ar-IQ", "date_order": "dmy"}
    add(ws, WA / "android-ar.txt")
    add(ws, WA / "android-de.txt", timezone="Europe/Berlin", date_order="dmy")
    items = json.loads(sanad("items", "--workspace", ws, "--json").stdout)["items"]
    assert items[0]["collection"]["timezone"] == "Asia/Baghdad"
    assert items[0]["collection"]["from_case_defaults"] == ["timezone", "locale", "date_order"]
    assert items[1]["collection"]["timezone"] == "Europe/Berlin" and "locale" not in items[1]["collection"]
    assert "from_case_defaults" not in items[1]["collection"]  # a declared order is not mixed with the case's locale
    r = sanad("init", "--plaintext", tmp_path / "d", "--case-id", "FH-3", "--org", "NGO", "--locale", "xx-nowhere")
    assert r.returncode == 64 and b"not a locale Sanad knows" in r.stderr


# -- Smaller walls (item 11) ----------------------------------------------------------------


def test_a_file_name_with_a_line_break_stays_on_one_line(ws, tmp_path):
    odd = tmp_path / "chat\nwith a break.txt"
    shutil.copy(WA / "android-ar.txt", odd)
    r = sanad("add", "--workspace", ws, odd, "--collected-by", "Noor")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.decode().splitlines()
    assert len(lines) == 1 and "chat\\nwith a break.txt" in lines[0]


def test_a_missing_output_folder_is_named_with_a_hint_and_key_new_makes_its_own(ws, tmp_path):
    env = {**os.environ, "SANAD_PASSPHRASE": "first hour test passphrase"}
    r = sanad("key", "new", "--out", tmp_path / "new" / "keys" / "noor", "--name", "Noor", "--org", "NGO", env=env)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "new" / "keys" / "noor.key").is_file()
    assert oct((tmp_path / "new" / "keys").stat().st_mode & 0o777) == "0o700"
    add(ws, WA / "android-ar.txt")
    r = sanad("seal", "--workspace", ws, "--key", tmp_path / "new" / "keys" / "noor.key", "--cert",
              tmp_path / "new" / "keys" / "noor.crt", "--out", tmp_path / "nowhere" / "a.zip", env=env)
    assert r.returncode != 0
    assert b"the folder" in r.stderr and b"does not exist" in r.stderr and b"mkdir -p" in r.stderr
    assert b".partial" not in r.stderr


def test_key_show_prints_arabic_names_as_letters(tmp_path):
    env = {**os.environ, "SANAD_PASSPHRASE": "first hour test passphrase"}
    assert sanad("key", "new", "--out", tmp_path / "k", "--name", "نور الهدى", "--org", "منظمة الحماية", "-q",
                 env=env).returncode == 0
    out = sanad("key", "show", tmp_path / "k.crt").stdout.decode()
    assert "CN=نور الهدى" in out and "O=منظمة الحماية" in out and "\\D9" not in out


def test_sanad_alone_is_a_usage_error_with_the_help_on_stderr():
    r = sanad()
    assert r.returncode == 64 and r.stdout == b""
    assert b"SUBCOMMANDS" in r.stderr and b"timeline" in r.stderr
    assert sanad("--help").returncode == 0


def test_system_files_of_a_folder_are_noted_not_numbered_and_empty_files_are_flagged(ws, tmp_path):
    folder = tmp_path / "phone"
    folder.mkdir()
    shutil.copy(WA / "android-ar.txt", folder / "chat.txt")
    (folder / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    (folder / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0")
    (folder / "empty.txt").write_bytes(b"")
    r = sanad("add", "--workspace", ws, folder, "--collected-by", "Noor")
    assert r.returncode == 0, r.stderr
    assert [line.split()[2] for line in r.stdout.decode().splitlines()] == ["chat.txt", "empty.txt"]
    assert r.stderr.count(b"a file the operating system keeps for itself") == 2
    assert b"E0002: the file is empty (0 bytes); it is recorded as found" in r.stderr
    # Named on its own, it is evidence like any other file.
    r = sanad("add", "--workspace", ws, folder / ".DS_Store", "--collected-by", "Noor")
    assert r.returncode == 0 and b"E0003  added  .DS_Store" in r.stdout


def test_a_truncated_archive_says_it_is_incomplete(ws, tmp_path):
    env = {**os.environ, "SANAD_PASSPHRASE": "first hour test passphrase"}
    add(ws, WA / "android-ar.txt")
    assert sanad("key", "new", "--out", tmp_path / "k", "--name", "Noor", "--org", "NGO", "-q", env=env).returncode == 0
    assert sanad("seal", "--workspace", ws, "--key", tmp_path / "k.key", "--cert", tmp_path / "k.crt", "--out",
                 tmp_path / "a.zip", "-q", env=env).returncode == 0
    data = (tmp_path / "a.zip").read_bytes()
    (tmp_path / "cut.zip").write_bytes(data[: len(data) // 2])
    r = sanad("verify", tmp_path / "cut.zip")
    assert r.returncode == 2
    assert b"it is truncated" in r.stdout and b"trailing data" not in r.stdout
    assert b"hint: The file is incomplete" in r.stderr


def test_a_plain_date_is_the_first_moment_of_that_day_even_on_a_clock_change(ws, tmp_path):
    """Beirut moved its clocks from 00:00 to 01:00 on 31 March 2024: that day began at 22:00Z on
    the 30th. A message at 23:30 on the 30th (21:30Z) is before it."""
    chat = tmp_path / "chat.txt"
    chat.write_text("30/03/2024, 23:30 - Rami: late\n31/03/2024, 01:30 - Rami: early\n31/03/2024, 13:00 - Rami: noon\n")
    add(ws, chat, timezone="Asia/Beirut")
    evs = events(sanad("timeline", "--workspace", ws, "--format", "jsonl", "--from", "2024-03-31", "-q"))
    assert [e["text"] for e in evs] == ["early", "noon"]
    assert evs[0]["time"] == "2024-03-30T22:30:00.000Z"
    evs = events(sanad("timeline", "--workspace", ws, "--format", "jsonl", "--to", "2024-03-31", "-q"))
    assert [e["text"] for e in evs] == ["late"]


def test_the_warning_for_a_chat_inside_a_zip_names_the_exhibit_amend_takes(ws, tmp_path):
    add(ws, REPO / "samples" / "case-demo" / "whatsapp-ios-export.zip")
    r = sanad("timeline", "--workspace", ws, "--format", "jsonl")
    assert r.returncode == 0
    assert b"warning: E0001.1: its dates read both" in r.stderr
    assert b"'sanad amend E0001 --date-order dmy'" in r.stderr and b"--date-order E0001.1=dmy" in r.stderr
    r = sanad("amend", "--workspace", ws, "E0001", "--date-order", "dmy", "--reason", "the phone shows 1 March")
    assert r.returncode == 0, r.stderr
    r = sanad("timeline", "--workspace", ws, "--format", "jsonl")
    assert r.returncode == 0 and b"both as day/month" not in r.stderr
    assert json.loads(r.stdout.splitlines()[0])["local_time"] == "2026-03-01T21:02:11"


def test_a_declared_date_order_yields_to_dates_that_prove_the_other(tmp_path):
    """A case set up for Iraqi phones (day/month) receives a chat exported from a US phone: its
    dates (3/18/22) are valid only as month/day. They are read that way, every event names the
    declaration it overrode, and the timeline says how to correct it; add said where the
    declaration came from."""
    ws = tmp_path / "c"
    assert sanad("init", "--plaintext", ws, "--case-id", "FH-4", "--org", "NGO", "--actor", "Noor", "--locale", "ar-IQ",
                 "-q").returncode == 0
    r = sanad("add", "--workspace", ws, WA / "android-en-us-12h.txt", "--collected-by", "Noor")
    assert r.returncode == 0
    assert b"recorded the case's defaults, as none was declared for it: locale ar-IQ, date order dmy" in r.stderr
    r = sanad("timeline", "--workspace", ws, "--format", "jsonl")
    evs = events(r)
    timed = [e for e in evs if e["local_time"]]
    assert timed and {e["parser"]["date_order"] for e in timed} == {"mdy"}
    assert {e["parser"]["date_order_basis"] for e in timed} == {"inferred"}
    assert {e["parser"].get("date_order_declared") for e in timed} == {"dmy"}
    assert not [e for e in evs if e["kind"] == "unparsed"]
    assert b"valid only as month/day, not as the day/month declared for it" in r.stderr
    assert b"sanad amend E0001 --date-order mdy" in r.stderr


def append_entry(ws, action, items, details):
    """Appends a custody entry by hand, chained and canonical as Sanad writes it: what someone
    with write access to the workspace could add."""
    import hashlib
    lines = (ws / "custody.jsonl").read_bytes().splitlines()
    last = json.loads(lines[-1])
    entry = {"action": action, "actor": {"name": "Someone"}, "details": details, "items": items,
             "prev": hashlib.sha256(lines[-1]).hexdigest(), "seq": last["seq"] + 1, "time": last["time"], "v": 1}
    line = json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    with open(ws / "custody.jsonl", "ab") as f:
        f.write(line + b"\n")


def test_an_amendment_that_does_not_decode_stops_the_timeline_and_fails_the_audit(ws):
    add(ws, WA / "android-ar.txt", timezone="Asia/Baghdad")
    # Well chained, but its changes name no field Sanad amends: it must not be skipped silently.
    append_entry(ws, "amended", ["E0001"], {"changes": {"colour": "red"}, "previous": {}, "reason": "x"})
    r = sanad("timeline", "--workspace", ws)
    assert r.returncode == 3 and b"does not decode as its action requires" in r.stderr
    r = sanad("log", "--verify", "--workspace", ws)
    assert r.returncode == 1 and b"does not decode as its action requires" in r.stdout


def test_amending_the_case_defaults_changes_what_later_adds_record(tmp_path):
    ws = tmp_path / "c"
    assert sanad("init", "--plaintext", ws, "--case-id", "FH-5", "--org", "NGO", "--actor", "Noor", "--locale", "ar-IQ",
                 "-q").returncode == 0
    add(ws, WA / "android-en-ambiguous.txt")
    r = sanad("amend", "--workspace", ws, "--case", "--locale", "en-US", "--reason", "the phones are US ones",
              "--actor", "Noor", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["item"] is None
    add(ws, WA / "android-en-24h.txt")
    out = json.loads(sanad("items", "--workspace", ws, "--json").stdout)
    assert out["case_defaults"] == {"locale": "en-US", "date_order": "mdy"}
    assert [i["collection"]["date_order"] for i in out["items"]] == ["dmy", "mdy"]
    # The case file itself never changes: its digest is in the first custody entry.
    assert json.loads((ws / "sanad-case.json").read_text())["defaults"]["locale"] == "ar-IQ"
    assert sanad("log", "--verify", "--workspace", ws).returncode == 0

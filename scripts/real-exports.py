#!/usr/bin/env python3
"""`make real-exports`: runs Sanad over the real exports listed in Tests/Fixtures/REAL-SOURCES.md.

    python3 scripts/real-exports.py [--bin .build/release/sanad] [--dir DIR] [--collect MIRRORS]

The files are other people's words and are never committed. They live in DIR (default
$REAL_EXPORTS, else ../real-exports), as DIR/<owner>__<repo>/<path>. `--collect MIRRORS` fills
DIR from local bare git mirrors laid out as MIRRORS/<owner>+<repo>/repo (what the team's
`fetch` tool writes), taking each file at the listed commit; without mirrors, clone each
repository listed and copy the path by hand.

For every listed file it checks, and prints one line:

1. present, with the listed SHA-256;
2. `sanad add` then `sanad timeline --format jsonl --include-container` exit 0 in a fresh case,
   with the listed options (`--timezone UTC` unless the row says otherwise);
3. at least one event with a time, no unparsed event beyond the row's allowance, and no
   event left with two readings of its date;
4. byte tiling: the events' ranges, in offset order, cover the file exactly, without gap or
   overlap;
5. times, checked independently of Sanad from each event's own bytes: a WhatsApp header's
   numbers hold the event's day, month, year (or its two digits, Buddhist or Japanese era
   year), hour (or its 12-hour form, on the right side of noon) and minute; a JSON message's
   `date_unixtime`, `date`, `timestamp_ms` or `timestamp`, an SMS element's `date`, a Telegram
   HTML message's `title` give the event's instant or wall clock.

Exit 0 when every file passes, 1 when one fails, 2 when one is missing (nothing else is run
for it). Nothing leaves the machine; the temporary cases are removed.
"""

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "Tests" / "Fixtures" / "REAL-SOURCES.md"
DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def rows(path=SOURCES):
    """The table rows of REAL-SOURCES.md: # | repository | commit | path | sha256 | platform | options | allow | traits | fixture."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip().strip("|"))]
        if len(cells) >= 10 and cells[0].isdigit():
            out.append(dict(n=int(cells[0]), repo=cells[1].strip("`"), commit=cells[2].strip("`"),
                            path=cells[3].strip("`").replace("\\|", "|"), sha256=cells[4].strip("`"),
                            platform=cells[5], options=cells[6].strip("`").split() if cells[6] != "—" else [],
                            allow=int(cells[7] or 0), traits=cells[8], fixture=cells[9]))
    return out


def local_file(base: Path, row) -> Path:
    owner, name = row["repo"].split("/")
    return base / f"{owner}__{name}" / row["path"]


def collect(base: Path, mirrors: Path, all_rows):
    for row in all_rows:
        dest = local_file(base, row)
        if dest.exists():
            continue
        git = mirrors / row["repo"].replace("/", "+") / "repo"
        if not git.exists():
            print(f"  no mirror of {row['repo']} in {mirrors}", file=sys.stderr)
            continue
        r = subprocess.run(["git", f"--git-dir={git}", "show", f"{row['commit']}:{row['path']}"], capture_output=True)
        if r.returncode != 0:
            r = subprocess.run(["git", f"--git-dir={git}", "show", f"HEAD:{row['path']}"], capture_output=True)
        if r.returncode == 0:
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(r.stdout)


# --- independent readings of each event's own bytes ----------------------------------------


def utc_ms(iso):
    return int(datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp() * 1000)


def whatsapp_header_ok(raw: str, local: str):
    """The numbers of the header at the start of `raw` hold `local`'s fields."""
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})", local)
    y, mo, d, h, mi = map(int, m.groups())
    head = raw.translate(DIGITS)
    end = re.search(r"\]|[0-9APMapm.]\s?-\s|[0-9APMapm.]\s?:\s|(?:morning|afternoon|evening|night)\s-\s", head[5:])
    head = head[: 5 + end.end()] if end else head[:40]
    nums = [int(x) for x in re.findall(r"\d+", head)]
    low = head.lower()

    problems = []
    if d not in nums:
        problems.append("day")
    names = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    if mo not in nums and names[mo - 1] not in low:
        problems.append("month")
    if not ({y, y % 100, y + 543, (y + 543) % 100, y - 2018, y - 1988} & set(nums)):
        problems.append("year")
    pm = re.search(r"p\.?\s?m\b|\u0645\]|afternoon|evening|午後|오후|下午|\bch\b", low)
    am = re.search(r"a\.?\s?m\b|\u0635\]|morning|午前|오전|上午|\bsa\b", low)
    twelve = h % 12 or 12
    if pm and h < 12 or am and h >= 12:
        problems.append("am/pm")
    if h not in nums and twelve not in nums:
        problems.append("hour")
    if mi not in nums:
        problems.append("minute")
    return problems


def instant_of(platform, raw: str):
    """(kind, value) an event's bytes state by themselves: ('ms', epoch ms) or ('local', ISO)."""
    text = raw.strip().rstrip(",").strip()
    if platform in ("telegram", "instagram", "messenger", "facebook", "discord") and text.startswith("{"):
        try:
            obj = json.loads(text)
        except ValueError:
            return None
        if "date_unixtime" in obj:
            return "ms", int(obj["date_unixtime"]) * 1000
        if "timestamp_ms" in obj:
            return "ms", int(obj["timestamp_ms"])
        if isinstance(obj.get("timestamp"), str):
            return "ms", utc_ms(obj["timestamp"])
        if isinstance(obj.get("date"), str):
            date = obj["date"]
            return ("ms", utc_ms(date)) if date.endswith("Z") or "+" in date[10:] else ("local", date[:19])
    if platform == "sms":
        m = re.search(r'\sdate="(\d+)"', raw)
        return ("ms", int(m.group(1))) if m else None
    if platform == "telegram-html":
        m = re.search(r'title="(\d\d)\.(\d\d)\.(\d{4}) (\d\d):(\d\d):(\d\d)(?: UTC([+-]\d\d):(\d\d))?"', raw)
        if m:
            d, mo, y, h, mi, s, oh, om = m.groups()
            local = datetime(int(y), int(mo), int(d), int(h), int(mi), int(s))
            if oh is None:
                return "local", local.isoformat()
            off = timedelta(hours=int(oh), minutes=int(om) * (1 if oh[0] == "+" else -1))
            return "ms", int((local - off).replace(tzinfo=timezone.utc).timestamp() * 1000)
    return None


# --- one file --------------------------------------------------------------------------------


def check(binary, path: Path, row):
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != row["sha256"]:
        return "FAIL", "SHA-256 differs from the listed one"
    env = {**os.environ, "SANAD_PASSPHRASE": "real exports check", "LC_ALL": "C.UTF-8"}
    work = Path(tempfile.mkdtemp(prefix="sanad-real-"))
    try:
        ws = work / "case"

        def sanad(*args):
            return subprocess.run([binary, *map(str, args)], capture_output=True, env=env, timeout=900)

        sanad("init", ws, "--plaintext", "--case-id", "REAL", "--org", "check", "--actor", "check", "-q")
        platform = {"telegram-html": "telegram", "messenger": "facebook"}.get(row["platform"], row["platform"])
        options = row["options"] or []
        zone = [] if "--timezone" in options else ["--timezone", "UTC"]
        r = sanad("add", "--workspace", ws, path, "--collected-by", "check", "--source-platform", platform, *zone,
                  *options, "-q")
        if r.returncode != 0:
            return "FAIL", f"add exit {r.returncode}: {r.stderr.decode(errors='replace')[:200]}"
        r = sanad("timeline", "--workspace", ws, "--format", "jsonl", "--include-container", "-q")
        if r.returncode != 0:
            return "FAIL", f"timeline exit {r.returncode}: {r.stderr.decode(errors='replace')[:200]}"
        events = [json.loads(x) for x in r.stdout.splitlines()]
    finally:
        subprocess.run(["chmod", "-R", "u+w", str(work)])
        shutil.rmtree(work, ignore_errors=True)
    undecided = [e for e in events if e.get("local_time_readings")]
    if undecided:
        return "FAIL", f"{len(undecided)} events with two readings of their date: give --date-order in the row"
    timed = [e for e in events if e["local_time"] or e["time"]]
    if not timed:
        return "FAIL", f"no event with a time ({len(events)} events)"
    unparsed = [e for e in events if e["kind"] == "unparsed" and e.get("reason") != "container"]
    if len(unparsed) > row["allow"]:
        return "FAIL", f"{len(unparsed)} unparsed (allowed {row['allow']}): {unparsed[0]['reason']} at {unparsed[0]['source']['offset']}"
    spans = sorted((e["source"]["offset"], e["source"]["length"]) for e in events if e["source"]["length"] > 0)
    pos = 0
    for off, length in spans:
        if off != pos:
            return "FAIL", f"tiling: {'gap' if off > pos else 'overlap'} at byte {min(off, pos)}"
        pos = off + length
    if pos != len(data):
        return "FAIL", f"tiling: events end at byte {pos} of {len(data)}"
    checked, wrong = 0, []
    for e in timed:
        raw = data[e["source"]["offset"]: e["source"]["offset"] + e["source"]["length"]].decode("utf-8", "replace")
        if row["platform"] == "whatsapp":
            if not e["local_time"]:
                continue
            problems = whatsapp_header_ok(raw.lstrip("\ufeff\u200e\u200f"), e["local_time"])
            checked += 1
            if problems:
                wrong.append(f"line {e['source']['line']}: {', '.join(problems)} of {e['local_time']}")
            continue
        stated = instant_of(row["platform"], raw)
        if stated is None:
            continue
        checked += 1
        kind, value = stated
        if kind == "ms" and e["time"] and utc_ms(e["time"]) != value:
            wrong.append(f"byte {e['source']['offset']}: time {e['time']}, the bytes say {value} ms")
        if kind == "local" and e["local_time"] and e["local_time"][:19] != value[:19]:
            wrong.append(f"byte {e['source']['offset']}: local time {e['local_time']}, the bytes say {value}")
    if wrong:
        return "FAIL", f"{len(wrong)} wrong time(s), e.g. {wrong[0]}"
    return "ok", f"{len(events)} events, {len(timed)} timed, {checked} times checked against their bytes"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", default=os.environ.get("SANAD_BIN", str(ROOT / ".build" / "release" / "sanad")))
    ap.add_argument("--dir", default=os.environ.get("REAL_EXPORTS", str(ROOT.parent / "real-exports")))
    ap.add_argument("--collect", metavar="MIRRORS", help="fill --dir from bare git mirrors first")
    args = ap.parse_args()
    base = Path(args.dir)
    all_rows = rows()
    if args.collect:
        collect(base, Path(args.collect), all_rows)
    missing = failed = 0
    for row in all_rows:
        path = local_file(base, row)
        if not path.exists():
            missing += 1
            status, detail = "MISSING", f"not in {base}"
        else:
            status, detail = check(args.bin, path, row)
            failed += status != "ok"
        print(f"{row['n']:3d} {status:7s} {row['platform']:13s} {row['repo']}: {row['path'][-48:]} — {detail}")
    passed = len(all_rows) - missing - failed
    print(f"\n{passed} of {len(all_rows)} real exports pass; {failed} fail; {missing} missing")
    sys.exit(2 if missing else 1 if failed else 0)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes the Signal fixtures and their golden events (docs/TIMELINE.md §8).

    python3 Tests/Fixtures/signal/generate.py

Two exporters, as their source code writes files:

- signal-export (github.com/carderne/signal-export, `sigexport/models.py` `Message.to_md` and
  `main.py`): `chat.md`, each message `[YYYY-MM-DD HH:MM:SS] Sender: {quote}{body}  ` with
  reactions `\\n(- Name: emoji -)` and attachment links `![name](./media/name)  ` appended,
  then the empty line `print` adds. Times are the exporting computer's wall clock, no zone.
  Contact names pass through `fix_names` (letters and digits only); the owner is `Me`.
- sigtop (github.com/tbvdm/sigtop, `fmt_text.go`): `export-messages -f text`, a
  `Conversation:` heading, then `From:`, `Type:`, `Sent:`, `Received:`, `Attachment:`,
  `Reaction:` lines, a quote (`> `), the body after an empty line, edits (`| `), and an empty
  line after every message. Times are Go's `Mon, 2 Jan 2006 15:04:05 -0700`.

For each fixture NAME it writes NAME.md or NAME.txt (the export, byte for byte),
NAME.options.json (the ParseContext and the parser that must read it) and NAME.events.jsonl
(the events expected, one RFC 8785 line each).

The golden events are NOT produced by Sanad: each is written by hand next to the bytes it is
read from. This script only computes offsets, line numbers, the SHA-256 and UTC times (with
zoneinfo for declared zones; local time minus the stated offset for sigtop). People and
conversations are invented. Checked by Tests/SanadTests/SignalFixtureTests.swift.
Regenerating gives identical files.
"""
import hashlib
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent

LRM, RLM = "\u200e", "\u200f"
LRE, PDF = "\u202a", "\u202c"
FSI, PDI = "\u2068", "\u2069"


# --- what an expected event says ------------------------------------------------------------


def msg(raw, local, sender, text, kind="message", attachments=(), offset=None, time_from=None):
    """`sender` is a dict (name, phone, id) or None; `offset` the stated UTC offset (sigtop)."""
    return raw, dict(local=local, sender=sender, kind=kind, text=text, attachments=list(attachments),
                     offset=offset, time_from=time_from)


def unparsed(raw, reason, text, local=None, sender=None, offset=None):
    return raw, dict(local=local, sender=sender, kind="unparsed", text=text, attachments=[], reason=reason,
                     offset=offset, time_from=None)


def who(name, phone=None, id=None):
    s = {"name": name}
    if phone:
        s["phone"] = phone
    if id:
        s["id"] = id
    return s


def named(name, media):
    a = {"name": name, "status": "named"}
    if media:
        a["media"] = media
    return a


def linked(name, exhibit, media):
    return {"name": name, "status": "linked", "exhibit": exhibit, "media": media}


FIXTURES = []


def fixture(name, ext, parser, about, participants, events, *, title=None, zone=None, zone_basis="declared-at-ingest",
            exhibit="E0001", file_name=None, attachment_exhibits=None):
    FIXTURES.append(dict(name=name, ext=ext, parser=parser, about=about, participants=participants, events=events,
                         title=title, zone=zone, zone_basis=zone_basis, exhibit=exhibit, file_name=file_name,
                         attachment_exhibits=attachment_exhibits or {}))


# --- signal-export ----------------------------------------------------------------------------

IMG = "2022-03-18T14-58-10.512_00_IMG_20220318_145801.jpg"
PDF_AR = "2022-03-18T15-05-00.100_00_عقد_الإيجار.pdf"
SARA = who("سارة")
ME = who("Me")

fixture(
    "export-ar-direct", "md", "signal-export-md",
    "signal-export, a one-to-one chat in Arabic: bidi marks, multi-line body, quote, reactions, "
    "linked image, named document, call; the phone's zone declared at ingest.",
    ["سارة", "Me"],
    [
        # The RLM the sender's keyboard put first is removed; the two spaces signal-export adds
        # to every body are not text.
        msg(f"[2022-03-18 14:56:01] سارة: {RLM}مرحبا، هل وصلت إلى المكتب؟  \n\n",
            "2022-03-18T14:56:01", SARA, "مرحبا، هل وصلت إلى المكتب؟"),
        # An empty line inside the body is not the end: the next line is no header.
        msg("[2022-03-18 14:57:30] Me: نعم، وصلت.\nسأرسل الصور الآن\n\nانتظري قليلاً  \n\n",
            "2022-03-18T14:57:30", ME, "نعم، وصلت.\nسأرسل الصور الآن\n\nانتظري قليلاً"),
        # An image and nothing written: the body is empty, the reactions line is the exporter's,
        # and the image is carried by the export (exhibit E0002.3).
        msg(f"[2022-03-18 14:58:10] Me:   \n(- سارة: 👍 -)![{IMG}](./media/{IMG})  \n\n",
            "2022-03-18T14:58:10", ME, None, kind="media", attachments=[linked(IMG, "E0002.3", "image")]),
        # A reply: the quoted lines (`> `) are the other message, not this one's text.
        msg(f"[2022-03-18 15:02:44] سارة: \n\n> نعم، وصلت.\n> سأرسل الصور الآن\n\nأنا في الطريق، {LRE}١٠{PDF} دقائق  \n\n",
            "2022-03-18T15:02:44", SARA, "أنا في الطريق، ١٠ دقائق"),
        # A document: no `!`, and the export was read without its media folder, so only named.
        msg(f"[2022-03-18 15:05:00] سارة: العقد المعدّل  [{PDF_AR}](./media/{PDF_AR})  \n\n",
            "2022-03-18T15:05:00", SARA, "العقد المعدّل", kind="media", attachments=[named(PDF_AR, "document")]),
        # signal-export writes a call as a body of its own wording.
        msg("[2022-03-18 15:10:12] سارة: Incoming voice call (accepted, 2m 5s)  \n\n",
            "2022-03-18T15:10:12", SARA, "Incoming voice call (accepted, 2m 5s)", kind="call"),
    ],
    zone="Asia/Baghdad", attachment_exhibits={IMG: "E0002.3"}, file_name="chat.md",
)

fixture(
    "export-en-damaged", "md", "signal-export-md",
    "signal-export, English, damaged: the start cut off, an impossible date and hour, a byte that is "
    "not UTF-8, No-Sender, a header pasted inside a body, the end cut off; no zone (floating).",
    ["Maya", "Daniel"],
    [
        # The copy starts in the middle of a message: these lines belong to no header.
        unparsed("and the spare keys are under the mat  \n", "no-header", "and the spare keys are under the mat  "),
        unparsed("\n", "no-header", ""),
        msg("[2022-03-20 09:00:00] Maya: Did you get them?  \n\n", "2022-03-20T09:00:00", who("Maya"), "Did you get them?"),
        # 30 February: the whole message is unreadable, its empty line included.
        unparsed("[2022-02-30 10:00:00] Maya: Impossible date  \n\n", "invalid-date",
                 "[2022-02-30 10:00:00] Maya: Impossible date  "),
        unparsed("[2022-03-20 25:10:00] Daniel: Impossible hour  \n\n", "invalid-time",
                 "[2022-03-20 25:10:00] Daniel: Impossible hour  "),
        # Latin-1 é: the header is valid, so time and sender stay; there is no exact text.
        unparsed(b"[2022-03-20 09:05:00] Daniel: caf\xe9 at 10?  \n\n", "not-utf8", None,
                 local="2022-03-20T09:05:00", sender=who("Daniel")),
        # signal-export's stand-in for a sender it could not find: no sender.
        msg("[2022-03-20 09:06:00] No-Sender: Who is this?  \n\n", "2022-03-20T09:06:00", None, "Who is this?"),
        # A header right after a line break, without the empty line before it, is text.
        msg("[2022-03-20 09:07:00] Maya: Look what he sent:\n[2022-03-20 08:00:00] Daniel: I never said that  \n\n",
            "2022-03-20T09:07:00", who("Maya"), "Look what he sent:\n[2022-03-20 08:00:00] Daniel: I never said that"),
        # Cut off: no two spaces, no empty line, no final line break.
        msg("[2022-03-20 09:10:00] Daniel: See you at the cour", "2022-03-20T09:10:00", who("Daniel"), "See you at the cour"),
    ],
    zone=None, exhibit="E0007", file_name="chat.md",
)

fixture(
    "export-windows-crlf", "md", "signal-export-md",
    "signal-export run on Windows: CRLF throughout; a local time skipped by the DST change in the "
    "declared zone, and one that is repeated.",
    ["Me", "Alex"],
    [
        # 02:30 on 13 March 2022 never happened in New York: read with the offset before the change.
        msg("[2022-03-13 02:30:00] Me: Are you awake?  \r\n\r\n", "2022-03-13T02:30:00", ME, "Are you awake?"),
        # A line break inside the body is CRLF too, and stays in the text as written.
        msg("[2022-03-13 03:05:00] Alex: Yes\r\nthe clocks just changed  \r\n\r\n",
            "2022-03-13T03:05:00", who("Alex"), "Yes\r\nthe clocks just changed"),
        # 01:30 on 6 November 2022 happened twice: the earlier is taken.
        msg("[2022-11-06 01:30:00] Alex: And back again  \r\n\r\n", "2022-11-06T01:30:00", who("Alex"), "And back again"),
    ],
    zone="America/New_York", zone_basis="given-to-timeline", exhibit="E0003", file_name="chat.md",
)

# --- sigtop -------------------------------------------------------------------------------------

SARA_T = who("سارة حداد", phone="+9647700000001")
YOU = who("You")
B3 = "+03:00"

fixture(
    "sigtop-ar-direct", "txt", "sigtop-text",
    "sigtop text, a one-to-one chat in Arabic: bidi marks, multi-line body, attachment, reaction, "
    "quote, an edited message, a call, a notice with no Sent line.",
    ["سارة حداد", "You"],
    [
        # The heading names the conversation: container bytes, and the title of every event.
        unparsed("Conversation: سارة حداد (+9647700000001)\n\n", "container", None),
        msg("From: سارة حداد (+9647700000001)\nType: incoming\nSent: Fri, 18 Mar 2022 14:56:01 +0300\n"
            f"Received: Fri, 18 Mar 2022 14:56:03 +0300\n\n{RLM}مرحبا، هل وصلت إلى المكتب؟\n\n",
            "2022-03-18T14:56:01", SARA_T, "مرحبا، هل وصلت إلى المكتب؟", offset=B3),
        # Reactions are listed but have no time of their own; the body keeps its empty line.
        msg("From: You\nType: outgoing\nSent: Fri, 18 Mar 2022 14:57:30 +0300\n"
            "Attachment: IMG_20220318_145801.jpg (image/jpeg, 2483311 bytes)\n"
            f"Reaction: 👍 from {FSI}سارة حداد{PDI} (+9647700000001)\n\n"
            "نعم، وصلت.\nسأرسل الصور الآن\n\nانتظري قليلاً\n\n",
            "2022-03-18T14:57:30", YOU, "نعم، وصلت.\nسأرسل الصور الآن\n\nانتظري قليلاً", kind="media",
            attachments=[named("IMG_20220318_145801.jpg", "image")], offset=B3),
        # A reply: the `>` lines are the quoted message.
        msg("From: سارة حداد (+9647700000001)\nType: incoming\nSent: Fri, 18 Mar 2022 15:02:44 +0300\n"
            "Received: Fri, 18 Mar 2022 15:02:45 +0300\n\n"
            "> From: You\n> Sent: Fri, 18 Mar 2022 14:57:30 +0300\n"
            "> Attachment: IMG_20220318_145801.jpg (image/jpeg)\n>\n> نعم، وصلت.\n> سأرسل الصور الآن\n\n"
            f"أنا في الطريق، {LRE}١٠{PDF} دقائق\n\n",
            "2022-03-18T15:02:44", SARA_T, "أنا في الطريق، ١٠ دقائق", offset=B3),
        # Edited: the event is the newest version (listed first); its time is when it was first sent.
        msg("From: سارة حداد (+9647700000001)\nType: incoming\nSent: Fri, 18 Mar 2022 15:05:00 +0300\n"
            "Received: Fri, 18 Mar 2022 15:05:02 +0300\n"
            "Attachment: عقد الإيجار.pdf (application/pdf, 88210 bytes)\nEdited: 2 versions\n\n"
            "| Version: 2\n| Attachment: عقد الإيجار.pdf (application/pdf, 88210 bytes)\n"
            "| Sent: Fri, 18 Mar 2022 15:06:10 +0300\n|\n| العقد المعدّل، النسخة النهائية\n|\n"
            "| Version: 1\n| Attachment: عقد الإيجار.pdf (application/pdf, 88210 bytes)\n"
            "| Sent: Fri, 18 Mar 2022 15:05:00 +0300\n|\n| العقد المعدّل\n\n",
            "2022-03-18T15:05:00", SARA_T, "العقد المعدّل، النسخة النهائية", kind="edited",
            attachments=[named("عقد الإيجار.pdf", "document")], offset=B3),
        # A voice note Signal stored without a file name: nothing to link it by, so `omitted`.
        msg("From: You\nType: outgoing\nSent: Fri, 18 Mar 2022 15:08:00 +0300\n"
            "Attachment: no filename (audio/aac, 48213 bytes)\n\n",
            "2022-03-18T15:08:00", YOU, None, kind="media",
            attachments=[{"name": None, "status": "omitted", "media": "audio"}], offset=B3),
        msg("From: سارة حداد (+9647700000001)\nType: call-history\nSent: Fri, 18 Mar 2022 15:10:12 +0300\n"
            "Received: Fri, 18 Mar 2022 15:10:12 +0300\n\n",
            "2022-03-18T15:10:12", SARA_T, None, kind="call", offset=B3),
        # A notice: no sender; its type is all it says. No Sent line: the time is when it was received.
        msg("From: سارة حداد (+9647700000001)\nType: keychange\nReceived: Sat, 19 Mar 2022 09:00:00 +0300\n\n",
            "2022-03-19T09:00:00", None, "keychange", kind="system", offset=B3, time_from="received"),
    ],
    title="سارة حداد", file_name="سارة حداد.txt",
)

LINA = who("Lina", id="lina.42")
OMAR = who("Omar Aziz", phone="+9647700000003")

fixture(
    "sigtop-group-damaged", "txt", "sigtop-text",
    "sigtop text, a group, exported in Berlin across the DST change (+0100 then +0200): a username, "
    "Sent unknown, a stray line, a weekday that does not match, an unknown field, a byte that is not "
    "UTF-8, a body line that only looks like a field, the end cut off.",
    ["Lina", "You", "Omar Aziz"],
    [
        unparsed("Conversation: عائلة حداد (group)\n\n", "container", None),
        # Not a message and not sigtop's: unreadable, one event per line.
        unparsed("(copied from the old laptop)\n", "no-header", "(copied from the old laptop)"),
        unparsed("\n", "no-header", ""),
        msg("From: Lina (lina.42)\nType: incoming\nSent: Sat, 26 Mar 2022 23:59:58 +0100\n"
            "Received: Sun, 27 Mar 2022 00:00:01 +0100\n\nHello everyone\n\n",
            "2022-03-26T23:59:58", LINA, "Hello everyone", offset="+01:00"),
        msg("From: You\nType: outgoing\nSent: Sun, 27 Mar 2022 10:15:00 +0200\n\nClocks went forward 🙂\n\n",
            "2022-03-27T10:15:00", YOU, "Clocks went forward 🙂", offset="+02:00"),
        # sigtop writes `unknown` for a time it cannot show; the time received is used and said so.
        msg("From: Omar Aziz (+9647700000003)\nType: incoming\nSent: unknown\n"
            "Received: Sun, 27 Mar 2022 10:20:00 +0200\n\nمساء الخير\n\n",
            "2022-03-27T10:20:00", OMAR, "مساء الخير", offset="+02:00", time_from="received"),
        # 27 March 2022 was a Sunday: not what sigtop writes.
        unparsed("From: Lina (lina.42)\nType: incoming\nSent: Mon, 27 Mar 2022 10:30:00 +0200\n"
                 "Received: Sun, 27 Mar 2022 10:30:02 +0200\n\nwrong day\n\n", "invalid-date",
                 "From: Lina (lina.42)\nType: incoming\nSent: Mon, 27 Mar 2022 10:30:00 +0200\n"
                 "Received: Sun, 27 Mar 2022 10:30:02 +0200\n\nwrong day"),
        # A line among the fields that sigtop never writes.
        unparsed("From: Lina (lina.42)\nType: incoming\nSent: Sun, 27 Mar 2022 10:31:00 +0200\nColour: blue\n\nodd\n\n",
                 "malformed", "From: Lina (lina.42)\nType: incoming\nSent: Sun, 27 Mar 2022 10:31:00 +0200\nColour: blue\n\nodd"),
        unparsed(b"From: You\nType: outgoing\nSent: Sun, 27 Mar 2022 10:40:00 +0200\n\ncaf\xe9\n\n", "not-utf8", None),
        # `Type: Your full name` is no Signal type: the paragraph stays in the body.
        msg("From: Lina (lina.42)\nType: incoming\nSent: Sun, 27 Mar 2022 10:45:00 +0200\n"
            "Received: Sun, 27 Mar 2022 10:45:01 +0200\n\nFill in the form:\n\nType: Your full name\n\n",
            "2022-03-27T10:45:00", LINA, "Fill in the form:\n\nType: Your full name", offset="+02:00"),
        # Cut off in the body: no empty line, no final line break.
        msg("From: Lina (lina.42)\nType: incoming\nSent: Sun, 27 Mar 2022 11:00:00 +0200\n"
            "Received: Sun, 27 Mar 2022 11:00:02 +0200\n\nsee you at the cou",
            "2022-03-27T11:00:00", LINA, "see you at the cou", offset="+02:00"),
    ],
    title="عائلة حداد", exhibit="E0012", file_name="عائلة حداد.txt",
)

# --- bookkeeping ----------------------------------------------------------------------------


def declared(local, zone_name):
    naive = datetime.fromisoformat(local)
    z = ZoneInfo(zone_name)
    first, second = naive.replace(tzinfo=z, fold=0), naive.replace(tzinfo=z, fold=1)
    round_trip = first.astimezone(timezone.utc).astimezone(z).replace(tzinfo=None)
    dst = None
    if round_trip != naive:
        dst = "skipped"
    elif first.utcoffset() != second.utcoffset():
        dst = "repeated"
    offset = first.utcoffset()
    zone = {"basis": None, "name": zone_name, "offset": fmt_offset(offset)}
    if dst:
        zone["dst"] = dst
    return (naive - offset).strftime("%Y-%m-%dT%H:%M:%S.000Z"), zone


def fmt_offset(delta):
    minutes = int(delta.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def stated(local, offset):
    sign = -1 if offset[0] == "-" else 1
    delta = timedelta(hours=int(offset[1:3]), minutes=int(offset[4:6])) * sign
    return (datetime.fromisoformat(local) - delta).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def canonical(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def build(fx):
    chunks = [raw.encode("utf-8") if isinstance(raw, str) else raw for raw, _ in fx["events"]]
    data = b"".join(chunks)
    digest = hashlib.sha256(data).hexdigest()
    lines, offset = [], 0
    for chunk, (_, e) in zip(chunks, fx["events"]):
        parser = {"name": fx["parser"], "version": "1"}
        event = {
            "v": 1, "time": None, "local_time": e["local"], "zone": None, "platform": "signal",
            "conversation": {"title": fx["title"], "participants": fx["participants"]},
            "sender": e["sender"], "kind": e["kind"], "text": e["text"], "attachments": e["attachments"],
            "reply_to": None, "forwarded_from": None,
            "source": {"exhibit": fx["exhibit"], "sha256": digest, "offset": offset, "length": len(chunk),
                       "line": data[:offset].count(b"\n") + 1},
            "parser": parser,
        }
        if "reason" in e:
            event["reason"] = e["reason"]
        if e["local"]:
            if e["offset"]:
                event["time"] = stated(e["local"], e["offset"])
                event["zone"] = {"basis": "source-offset", "offset": e["offset"]}
            elif fx["zone"]:
                event["time"], event["zone"] = declared(e["local"], fx["zone"])
                event["zone"]["basis"] = fx["zone_basis"]
            else:
                event["zone"] = {"basis": "unknown"}
            if e["time_from"]:
                parser["time_from"] = e["time_from"]
        lines.append(canonical(event))
        offset += len(chunk)
    return data, lines


def options(fx):
    return {
        "about": fx["about"], "parser": fx["parser"], "exhibit": fx["exhibit"], "file_name": fx["file_name"],
        "zone": fx["zone"], "zone_basis": fx["zone_basis"] if fx["zone"] else None,
        "attachment_exhibits": fx["attachment_exhibits"],
    }


def main():
    names = set()
    for fx in FIXTURES:
        assert fx["name"] not in names, fx["name"]
        names.add(fx["name"])
        data, lines = build(fx)
        (HERE / f"{fx['name']}.{fx['ext']}").write_bytes(data)
        (HERE / f"{fx['name']}.events.jsonl").write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        (HERE / f"{fx['name']}.options.json").write_text(
            json.dumps(options(fx), indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(FIXTURES)} fixtures written to {HERE}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes the Instagram and Facebook Messenger "Download your information" thread fixtures
(`message_N.json`) and their golden events (docs/TIMELINE.md §8.4).

    python3 Tests/Fixtures/meta/generate.py

For each fixture NAME it writes NAME.json (the export, as Meta writes it: two-space
indentation, every non-ASCII UTF-8 byte escaped as its own \\u00XX, newest message first),
NAME.options.json (the ParseContext) and NAME.events.jsonl (the golden events, RFC 8785).

The golden events are NOT produced by Sanad: each is written by hand next to the message it is
read from, with the text as a person reads it once the mojibake is undone. This script only
does the bookkeeping: the bytes Meta's writer makes of each message (its mojibake escaping),
offsets, line numbers, SHA-256 and UTC times from `timestamp_ms`. People and texts are invented.

Checked by Tests/SanadTests/MetaFixtureTests.swift. Regenerating gives identical files.
"""
import hashlib
import json
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent


def mojibake(value):
    """Meta's writer: each UTF-8 byte of every string becomes one code point."""
    if isinstance(value, str):
        return value.encode("utf-8").decode("latin-1")
    if isinstance(value, list):
        return [mojibake(v) for v in value]
    if isinstance(value, dict):
        return {k: mojibake(v) for k, v in value.items()}
    return value


def block(value, depth, repair=True):
    text = json.dumps(mojibake(value) if repair else value, indent=2, ensure_ascii=True)
    return text.replace("\n", "\n" + " " * depth)


def ms(utc):
    """`timestamp_ms` of a UTC wall-clock time."""
    return int(datetime.fromisoformat(utc).replace(tzinfo=timezone.utc).timestamp() * 1000)


def ev(utc, sender, kind, text, attachments=(), reactions=()):
    """A message at UTC time `utc` (seconds precision, as `timestamp_ms` shows it)."""
    return dict(utc=utc, sender={"name": sender} if sender else None, kind=kind, text=text,
                attachments=list(attachments), reactions=list(reactions))


def reaction(actor, emoji, utc=None):
    return dict(utc=utc, sender={"name": actor}, kind="reaction", text=emoji)


def bad():
    return dict(utc=None, sender=None, kind="unparsed", text=None, attachments=[], reactions=[], reason="malformed")


def named(uri, media):
    return {"name": uri, "status": "named", "media": media}


def linked(uri, exhibit, media):
    return {"name": uri, "status": "linked", "exhibit": exhibit, "media": media}


CONTAINER = "container"
FIXTURES = []


def thread(name, about, header, pairs, footer, *, platform, conversation, exhibit, context_platform=None,
           attachment_exhibits=None):
    segments = [("{\n" + header + '  "messages": [\n    ', CONTAINER)]
    for k, (message, expect) in enumerate(pairs):
        text = message if isinstance(message, str) else block(message, 4)
        segments.append((text + (",\n    " if k + 1 < len(pairs) else ""), expect))
    segments.append(("\n  ]" + footer + "\n}", CONTAINER))
    FIXTURES.append(dict(name=name, about=about, segments=segments, platform=platform, conversation=conversation,
                         exhibit=exhibit, context_platform=context_platform,
                         attachment_exhibits=attachment_exhibits or {}))


def header(participants):
    return '  "participants": ' + block([{"name": p} for p in participants], 2) + ",\n"


# --- instagram-ar: the 2023 layout (your_instagram_activity/), Arabic and emoji mojibake ------

LAYLA, ZAYD = "ليلى حسن", "زيد_2024"
IG_DIR = "your_instagram_activity/messages/inbox/zayd2024_17841400000000000/"
IG = {"title": ZAYD, "participants": [ZAYD, LAYLA]}
thread("instagram-ar", "Instagram, 2023 layout: Arabic and emoji mojibake, photo, share, unsent, reactions.",
       header([ZAYD, LAYLA]), [
           # Newest first. The unsent message: kind deleted; Instagram keeps no text for it.
           ({"sender_name": ZAYD, "timestamp_ms": ms("2024-01-15T18:45:10"), "is_unsent": True,
             "is_geoblocked_for_viewer": False},
            ev("2024-01-15T18:45:10", ZAYD, "deleted", None)),
           # A shared post: the link is added to the text on its own line.
           ({"sender_name": ZAYD, "timestamp_ms": ms("2024-01-15T18:44:02"), "content": "شوفي هذا 👀",
             "share": {"link": "https://www.instagram.com/p/C0000000000/", "original_content_owner": "news.iq"},
             "is_geoblocked_for_viewer": False},
            ev("2024-01-15T18:44:02", ZAYD, "message", "شوفي هذا 👀\nhttps://www.instagram.com/p/C0000000000/")),
           ({"sender_name": LAYLA, "timestamp_ms": ms("2024-01-15T18:40:00"),
             "photos": [{"uri": IG_DIR + "photos/412345678901234_1.jpg", "creation_timestamp": 1705344000}],
             "is_geoblocked_for_viewer": False},
            ev("2024-01-15T18:40:00", LAYLA, "media", None,
               attachments=[linked(IG_DIR + "photos/412345678901234_1.jpg", "E0007.2", "image")])),
           # Two reactions, each an event after the message, with its own time.
           ({"sender_name": ZAYD, "timestamp_ms": ms("2024-01-15T18:30:45"), "content": "مرحبا ليلى ❤️ كيف حالك؟",
             "reactions": [{"reaction": "❤", "actor": LAYLA, "timestamp": 1705343500},
                           {"reaction": "😂", "actor": ZAYD, "timestamp": 1705343510}],
             "is_geoblocked_for_viewer": False},
            ev("2024-01-15T18:30:45", ZAYD, "message", "مرحبا ليلى ❤️ كيف حالك؟",
               reactions=[reaction(LAYLA, "❤", "2024-01-15T18:31:40"), reaction(ZAYD, "😂", "2024-01-15T18:31:50")])),
       ], ',\n  "title": ' + json.dumps(mojibake(ZAYD)) + ',\n  "is_still_participant": true,\n'
          '  "thread_path": "inbox/zayd2024_17841400000000000",\n  "magic_words": []',
       platform="instagram", conversation=IG, exhibit="E0007",
       attachment_exhibits={IG_DIR + "photos/412345678901234_1.jpg": "E0007.2"})

# --- messenger-part1 / part2: one Messenger thread in two files, title after the messages ----

OMAR, SARA = "Omar Aziz", "Sara Haddad"
FOOTER = (',\n  "title": "Omar Aziz",\n  "is_still_participant": true,\n'
          '  "thread_path": "inbox/omaraziz_10158000000000000",\n  "magic_words": [],\n'
          '  "joinable_mode": {\n    "mode": 1,\n    "link": ""\n  }')
thread("messenger-part1", "Messenger message_1.json: the newest part; joinable_mode says Facebook; call, reaction "
       "without time, a real é kept as written.",
       header([OMAR, SARA]), [
           ({"sender_name": OMAR, "timestamp_ms": ms("2022-03-18T12:30:00"), "content": "The video chat ended.",
             "call_duration": 312, "is_geoblocked_for_viewer": False},
            ev("2022-03-18T12:30:00", OMAR, "call", "The video chat ended.")),
           # Older reactions have no timestamp: the reaction event has no time.
           ({"sender_name": SARA, "timestamp_ms": ms("2022-03-18T12:20:00"), "content": "أنا في البيت الآن",
             "reactions": [{"reaction": "👍", "actor": OMAR}], "is_geoblocked_for_viewer": False},
            ev("2022-03-18T12:20:00", SARA, "message", "أنا في البيت الآن", reactions=[reaction(OMAR, "👍")])),
       ], FOOTER, platform="facebook", conversation={"title": OMAR, "participants": [OMAR, SARA]}, exhibit="E0008")

# Written without mojibake escaping by hand: "café" with a real U+00E9 cannot be UTF-8 bytes
# (E9 alone is invalid), and "€" (U+20AC) is above U+00FF: both are kept as written.
RAW_CAFE = ('{\n      "sender_name": "Sara Haddad",\n      "timestamp_ms": ' + str(ms("2022-03-17T09:00:00"))
            + ',\n      "content": "caf\\u00e9 5\\u20ac",\n      "is_geoblocked_for_viewer": false\n    }')
thread("messenger-part2", "Messenger message_2.json of the same thread: old messages/inbox/ paths say nothing, so "
       "the declared platform is used; a malformed element; text kept when it is not mojibake.",
       header([OMAR, SARA]), [
           (RAW_CAFE, ev("2022-03-17T09:00:00", SARA, "message", "café 5€")),
           ({"sender_name": OMAR, "timestamp_ms": ms("2022-03-17T08:55:00"),
             "audio_files": [{"uri": "messages/inbox/omaraziz_10158000000000000/audio/audioclip1647500000000.mp4",
                              "creation_timestamp": 1647507300}], "is_geoblocked_for_viewer": False},
            ev("2022-03-17T08:55:00", OMAR, "media", None, attachments=[
                named("messages/inbox/omaraziz_10158000000000000/audio/audioclip1647500000000.mp4", "audio")])),
           # No timestamp_ms: not a message Meta writes.
           ({"sender_name": OMAR, "content": "no time", "is_geoblocked_for_viewer": False}, bad()),
       ], ',\n  "title": "Omar Aziz",\n  "is_still_participant": true,\n'
          '  "thread_path": "inbox/omaraziz_10158000000000000",\n  "magic_words": []',
       platform="facebook", conversation={"title": OMAR, "participants": [SARA, OMAR]}, exhibit="E0009",
       context_platform="facebook")


def canonical(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def build(fx):
    chunks = [text.encode("utf-8") for text, _ in fx["segments"]]
    data = b"".join(chunks)
    digest = hashlib.sha256(data).hexdigest()
    lines, offset = [], 0

    def event(e, offset, length, line, conversation):
        time = zone = local = None
        if e["utc"]:
            time, local, zone = e["utc"] + ".000Z", e["utc"], {"basis": "source-instant", "offset": "+00:00"}
        out = {"v": 1, "time": time, "local_time": local, "zone": zone, "platform": fx["platform"],
               "conversation": conversation, "sender": e["sender"], "kind": e["kind"], "text": e["text"],
               "attachments": e.get("attachments", []), "reply_to": None, "forwarded_from": None,
               "source": {"exhibit": fx["exhibit"], "sha256": digest, "offset": offset, "length": length, "line": line},
               "parser": {"name": "meta-json", "version": "1"}}
        if "reason" in e:
            out["reason"] = e["reason"]
        return canonical(out)

    for chunk, (_, e) in zip(chunks, fx["segments"]):
        line = data[:offset].count(b"\n") + 1
        if e == CONTAINER:
            lines.append(event(dict(bad(), reason="container"), offset, len(chunk), line,
                               {"title": None, "participants": []}))
        else:
            lines.append(event(e, offset, len(chunk), line, fx["conversation"]))
            for r in e["reactions"]:
                lines.append(event(r, offset + len(chunk), 0, line, fx["conversation"]))
        offset += len(chunk)
    return data, lines


def main():
    for fx in FIXTURES:
        data, lines = build(fx)
        (HERE / f"{fx['name']}.json").write_bytes(data)
        (HERE / f"{fx['name']}.events.jsonl").write_text("".join(l + "\n" for l in lines), encoding="utf-8")
        options = {"exhibit": fx["exhibit"], "file_name": "message_1.json", "platform": fx["context_platform"],
                   "zone": None, "zone_basis": None, "attachment_exhibits": fx["attachment_exhibits"]}
        (HERE / f"{fx['name']}.options.json").write_text(json.dumps(options, indent=2, sort_keys=True) + "\n",
                                                          encoding="utf-8")
    print(f"{len(FIXTURES)} fixtures written to {HERE}")


if __name__ == "__main__":
    main()

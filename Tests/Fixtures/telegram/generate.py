#!/usr/bin/env python3
"""Writes the Telegram Desktop `result.json` fixtures and their golden events (docs/TIMELINE.md §8.3).

    python3 Tests/Fixtures/telegram/generate.py

For each fixture NAME it writes:

    NAME.json            the export, byte for byte, laid out as Telegram Desktop writes it
                         (one-space indentation, `"key": value`, raw UTF-8, no final line break)
    NAME.options.json    the ParseContext the parser is run with
    NAME.events.jsonl    the events expected, one per line, in RFC 8785 canonical form

The golden events are NOT produced by Sanad. Each expected event is written by hand next to
the message it is read from: its local time, stated offset, sender, kind, text and
attachments are what a person reading the export concludes. This script only does the
bookkeeping: byte offsets, line numbers, the file's SHA-256, UTC times (local time minus the
offset written by hand, or Python's zoneinfo for a declared zone), and the `date_unixtime` the
exporter's clock would have written. The people and conversations are invented.

Checked by Tests/SanadTests/TelegramFixtureTests.swift. Regenerating gives identical files.
"""
import hashlib
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
OMITTED = "(File not included. Change data exporting settings to download.)"
RLM = "\u200f"


def block(value, depth):
    """A value as Telegram Desktop writes it at nesting `depth`: one space per level."""
    return json.dumps(value, indent=1, ensure_ascii=False).replace("\n", "\n" + " " * depth)


def stamp(local, zone):
    """`date` and `date_unixtime` as an exporter running in `zone` writes them."""
    naive = datetime.fromisoformat(local)
    unix = int(naive.replace(tzinfo=ZoneInfo(zone)).timestamp())
    return {"date": local, "date_unixtime": str(unix)}


# --- what an expected event says ------------------------------------------------------------


def ev(local, offset, sender, kind, text, sender_id=None, attachments=(), reply_to=None, forwarded_from=None,
       phone=None):
    """A message at wall-clock `local` with the UTC offset the export states (None: no offset)."""
    s = None
    if sender is not None:
        s = {"name": sender}
        if sender_id:
            s["id"] = sender_id
        if phone:
            s["phone"] = phone
    return dict(local=local, offset=offset, sender=s, kind=kind, text=text, attachments=list(attachments),
                reply_to=reply_to, forwarded_from=forwarded_from, ms=0)


def bad(reason="malformed"):
    """An element that cannot be read as a message."""
    return dict(local=None, offset=None, sender=None, kind="unparsed", text=None, attachments=[], reply_to=None,
                forwarded_from=None, reason=reason)


CONTAINER = "container"


def linked(name, exhibit, media):
    return {"name": name, "status": "linked", "exhibit": exhibit, "media": media}


def named(name, media):
    return {"name": name, "status": "named", "media": media}


def omitted(media, name=None):
    return {"name": name, "status": "omitted", "media": media}


# --- building a file ------------------------------------------------------------------------


class File:
    """A file as a list of segments: (raw text, expected event or CONTAINER, conversation)."""

    def __init__(self):
        self.segments = []

    def raw(self, text, expect=CONTAINER, conversation=None):
        if self.segments and self.segments[-1][1] == CONTAINER and expect == CONTAINER:
            prev = self.segments.pop()
            text = prev[0] + text
        self.segments.append((text, expect, conversation))

    def messages(self, pairs, depth, conversation):
        """The elements of a `messages` array at `depth`; each owns the separator after it."""
        for k, (message, expect) in enumerate(pairs):
            text = message if isinstance(message, str) else block(message, depth)
            sep = ",\n" + " " * depth if k + 1 < len(pairs) else ""
            self.segments.append((text + sep, expect, conversation))


FIXTURES = []


def fixture(name, about, file, *, exhibit="E0001", zone=None, zone_basis=None, attachment_exhibits=None, cut=None):
    FIXTURES.append(dict(name=name, about=about, file=file, exhibit=exhibit, zone=zone, zone_basis=zone_basis,
                         attachment_exhibits=attachment_exhibits or {}, cut=cut))


def single_chat(name, type_, id_, pairs, conversation, old=False):
    f = File()
    head = "{\n" + (f' "name": {json.dumps(name, ensure_ascii=False)},\n' if name is not None else "")
    f.raw(head + f' "type": "{type_}",\n "id": {id_},\n "messages": [\n  ')
    f.messages(pairs, 2, conversation)
    f.raw("\n ]\n}")
    return f


# --- telegram-chat: one personal chat, exported in Baghdad (+03:00) --------------------------

BGD = "Asia/Baghdad"
OMAR, OMAR_ID = "Omar Aziz", "user4412345678"
SARA, SARA_ID = "Sara Haddad", "user4498765432"
CHAT1 = {"title": OMAR, "participants": [OMAR, SARA]}
PHOTO = "photos/photo_1@18-03-2022_15-02-10.jpg"
VOICE = "voice_messages/audio_1@18-03-2022_15-10-00.ogg"

chat_messages = [
    ({"id": 101, "type": "message", **stamp("2022-03-18T14:56:01", BGD), "from": OMAR, "from_id": OMAR_ID,
      "text": "مرحبا سارة، هل وصلتِ إلى البيت؟",
      "text_entities": [{"type": "plain", "text": "مرحبا سارة، هل وصلتِ إلى البيت؟"}]},
     ev("2022-03-18T14:56:01", "+03:00", OMAR, "message", "مرحبا سارة، هل وصلتِ إلى البيت؟", OMAR_ID)),
    # Text as entities: the words of the link are text, its href is not. A reply to 101.
    ({"id": 102, "type": "message", **stamp("2022-03-18T14:57:30", BGD), "from": SARA, "from_id": SARA_ID,
      "reply_to_message_id": 101,
      "text": ["نعم، شكراً. انظر ", {"type": "text_link", "text": "هذا الرابط", "href": "https://example.org/news/1"},
               " أو اتصل على ", {"type": "phone", "text": "+964 770 000 0000"}],
      "text_entities": [{"type": "plain", "text": "نعم، شكراً. انظر "},
                        {"type": "text_link", "text": "هذا الرابط", "href": "https://example.org/news/1"},
                        {"type": "plain", "text": " أو اتصل على "}, {"type": "phone", "text": "+964 770 000 0000"}]},
     ev("2022-03-18T14:57:30", "+03:00", SARA, "message", "نعم، شكراً. انظر هذا الرابط أو اتصل على +964 770 000 0000",
        SARA_ID, reply_to="101")),
    ({"id": 103, "type": "message", **stamp("2022-03-18T14:59:12", BGD), "from": OMAR, "from_id": OMAR_ID,
      "forwarded_from": "Baghdad Weather", "text": "Rain expected tomorrow evening.",
      "text_entities": [{"type": "plain", "text": "Rain expected tomorrow evening."}]},
     ev("2022-03-18T14:59:12", "+03:00", OMAR, "message", "Rain expected tomorrow evening.", OMAR_ID,
        forwarded_from="Baghdad Weather")),
    # The export carries this photo, and the case holds it as E0002.3.
    ({"id": 104, "type": "message", **stamp("2022-03-18T15:02:10", BGD), "from": SARA, "from_id": SARA_ID,
      "photo": PHOTO, "width": 1280, "height": 960, "text": "", "text_entities": []},
     ev("2022-03-18T15:02:10", "+03:00", SARA, "media", None, SARA_ID, attachments=[linked(PHOTO, "E0002.3", "image")])),
    # Telegram left this photo out; the caption is text.
    ({"id": 105, "type": "message", **stamp("2022-03-18T15:05:44", BGD), "from": OMAR, "from_id": OMAR_ID,
      "photo": OMITTED, "width": 960, "height": 1280, "text": "صورة الوثيقة",
      "text_entities": [{"type": "plain", "text": "صورة الوثيقة"}]},
     ev("2022-03-18T15:05:44", "+03:00", OMAR, "media", "صورة الوثيقة", OMAR_ID, attachments=[omitted("image")])),
    # A voice message the export names; the parser was not given the file.
    ({"id": 106, "type": "message", **stamp("2022-03-18T15:10:00", BGD), "from": OMAR, "from_id": OMAR_ID,
      "file": VOICE, "media_type": "voice_message", "mime_type": "audio/ogg", "duration_seconds": 4, "text": "",
      "text_entities": []},
     ev("2022-03-18T15:10:00", "+03:00", OMAR, "media", None, OMAR_ID, attachments=[named(VOICE, "audio")])),
    ({"id": 107, "type": "message", **stamp("2022-03-18T15:10:31", BGD), "from": SARA, "from_id": SARA_ID,
      "file": OMITTED, "thumbnail": OMITTED, "media_type": "sticker", "sticker_emoji": "😂", "width": 512,
      "height": 512, "text": "", "text_entities": []},
     ev("2022-03-18T15:10:31", "+03:00", SARA, "media", None, SARA_ID, attachments=[omitted("sticker")])),
    # A service message: the actor is the sender, the action and its details are the text.
    ({"id": 108, "type": "service", **stamp("2022-03-18T15:20:05", BGD), "actor": OMAR, "actor_id": OMAR_ID,
      "action": "phone_call", "discard_reason": "missed", "text": "", "text_entities": []},
     ev("2022-03-18T15:20:05", "+03:00", OMAR, "call", "phone_call\ndiscard_reason: missed", OMAR_ID)),
    # Edited later: the text is the edited one, the time the original.
    ({"id": 109, "type": "message", **stamp("2022-03-18T15:21:40", BGD),
      **{"edited": "2022-03-18T16:01:00", "edited_unixtime": stamp("2022-03-18T16:01:00", BGD)["date_unixtime"]},
      "from": OMAR, "from_id": OMAR_ID, "text": "I will call you later, sorry",
      "text_entities": [{"type": "plain", "text": "I will call you later, sorry"}]},
     ev("2022-03-18T15:21:40", "+03:00", OMAR, "edited", "I will call you later, sorry", OMAR_ID)),
    # A line break is kept; the RLM before the Arabic word is a format mark and is removed.
    ({"id": 110, "type": "message", **stamp("2022-03-18T15:22:02", BGD), "from": SARA, "from_id": SARA_ID,
      "text": f"Okay\n{RLM}حسناً", "text_entities": [{"type": "plain", "text": f"Okay\n{RLM}حسناً"}]},
     ev("2022-03-18T15:22:02", "+03:00", SARA, "message", "Okay\nحسناً", SARA_ID)),
    ({"id": 111, "type": "message", **stamp("2022-03-18T15:30:00", BGD), "from": OMAR, "from_id": OMAR_ID,
      "file": "files/contract.pdf", "mime_type": "application/pdf", "text": "the contract",
      "text_entities": [{"type": "plain", "text": "the contract"}]},
     ev("2022-03-18T15:30:00", "+03:00", OMAR, "media", "the contract", OMAR_ID,
        attachments=[named("files/contract.pdf", "document")])),
]

fixture("telegram-chat", "One personal chat: entity text, reply, forward, media linked/named/omitted, call, edit.",
        single_chat(OMAR, "personal_chat", 4412345678, chat_messages, CHAT1), exhibit="E0002",
        attachment_exhibits={PHOTO: "E0002.3"})

# --- telegram-account: a whole account, exported in Berlin across a DST change ----------------

BER = "Europe/Berlin"
LINA, LINA_ID = "Lina Saleh", "user7700000001"
KARIM, KARIM_ID = "Karim Saleh", "user7700000002"
NOOR, NOOR_ID = "Noor Saleh", "user7700000003"
FAMILY = "العائلة 🏠"
CHAT_A = {"title": KARIM, "participants": [KARIM, LINA]}
# The deleted account (from null) is named by its id.
CHAT_B = {"title": FAMILY, "participants": [LINA, "user7700000009", KARIM, NOOR]}

chat_a = [
    # 23:30 on 26 March is still winter time in Berlin (+01:00) ...
    ({"id": 1, "type": "message", **stamp("2022-03-26T23:30:00", BER), "from": KARIM, "from_id": KARIM_ID,
      "text": "Are you awake?", "text_entities": [{"type": "plain", "text": "Are you awake?"}]},
     ev("2022-03-26T23:30:00", "+01:00", KARIM, "message", "Are you awake?", KARIM_ID)),
    # ... and 09:15 on 27 March summer time (+02:00): each message states its own offset.
    ({"id": 2, "type": "message", **stamp("2022-03-27T09:15:00", BER), "from": LINA, "from_id": LINA_ID,
      "contact_information": {"first_name": "Hassan", "last_name": "Ali", "phone_number": "+964 750 000 0001"},
      "text": "", "text_entities": []},
     ev("2022-03-27T09:15:00", "+02:00", LINA, "contact", "Hassan Ali\n+964 750 000 0001", LINA_ID)),
    ({"id": 3, "type": "message", **stamp("2022-03-27T09:16:30", BER), "from": KARIM, "from_id": KARIM_ID,
      "location_information": {"latitude": 52.520008, "longitude": 13.404954}, "text": "", "text_entities": []},
     ev("2022-03-27T09:16:30", "+02:00", KARIM, "location", "geo:52.520008,13.404954", KARIM_ID)),
]

chat_b = [
    ({"id": 10, "type": "service", **stamp("2022-03-27T10:00:00", BER), "actor": LINA, "actor_id": LINA_ID,
      "action": "create_group", "title": FAMILY, "members": [KARIM, NOOR], "text": "", "text_entities": []},
     ev("2022-03-27T10:00:00", "+02:00", LINA, "system", f"create_group\ntitle: {FAMILY}\nmembers: {KARIM}, {NOOR}",
        LINA_ID)),
    # A deleted account: `from` is null; its id is all the export says.
    ({"id": 11, "type": "message", **stamp("2022-03-27T10:02:00", BER), "from": None, "from_id": "user7700000009",
      "text": "hello?", "text_entities": [{"type": "plain", "text": "hello?"}]},
     ev("2022-03-27T10:02:00", "+02:00", "user7700000009", "message", "hello?", "user7700000009")),
    ({"id": 12, "type": "message", **stamp("2022-03-27T10:05:00", BER), "from": KARIM, "from_id": KARIM_ID,
      "poll": {"question": "Dinner on Friday?", "closed": False, "total_voters": 2,
               "answers": [{"text": "Yes", "voters": 2, "chosen": True}, {"text": "No", "voters": 0, "chosen": False}]},
      "text": "", "text_entities": []},
     ev("2022-03-27T10:05:00", "+02:00", KARIM, "poll", "Dinner on Friday?\nYes\nNo", KARIM_ID)),
    ({"id": 13, "type": "message", **stamp("2022-03-27T10:07:45", BER), "from": NOOR, "from_id": NOOR_ID,
      "reply_to_message_id": 12, "text": ["I can ", {"type": "bold", "text": "only"}, " after 8"],
      "text_entities": [{"type": "plain", "text": "I can "}, {"type": "bold", "text": "only"},
                        {"type": "plain", "text": " after 8"}]},
     ev("2022-03-27T10:07:45", "+02:00", NOOR, "message", "I can only after 8", NOOR_ID, reply_to="12")),
]


def account():
    f = File()
    f.raw("{\n"
          ' "about": "Here is the data you requested. Remember: Telegram is ad free, it doesn\'t sell your data, '
          'and never will.",\n'
          ' "personal_information": ' + block({"user_id": 7700000001, "first_name": "Lina", "last_name": "Saleh",
                                               "phone_number": "+49 151 00000001", "username": "@lina_s"}, 1) + ",\n"
          ' "contacts": ' + block({"about": "This is the list of contacts.", "list": [
              {"user_id": 7700000002, "first_name": "Karim", "last_name": "Saleh", "phone_number": "+964 750 000 0002",
               **stamp("2021-11-02T18:00:00", BER)}]}, 1) + ",\n"
          ' "chats": {\n  "about": "This page lists all chats from this export.",\n  "list": [\n   {\n'
          f'    "name": "{KARIM}",\n    "type": "personal_chat",\n    "id": 7700000002,\n    "messages": [\n     ')
    f.messages(chat_a, 5, CHAT_A)
    f.raw("\n    ]\n   },\n   {\n"
          f'    "name": "{FAMILY}",\n    "type": "private_group",\n    "id": 900123,\n    "messages": [\n     ')
    f.messages(chat_b, 5, CHAT_B)
    f.raw("\n    ]\n   }\n  ]\n }\n}")
    return f


fixture("telegram-account", "A whole account: two chats, DST change between messages, contact, location, poll, "
        "group service message, deleted account.", account(), exhibit="E0005")

# --- telegram-old: an export from before date_unixtime, with a declared zone -----------------

OLD = {"title": "Daniel Kim", "participants": ["Maya Lopez", "Daniel Kim"]}
old_messages = [
    # Old exports write `edited` on every message; the Unix epoch (here in +03:00) means never edited.
    ({"id": 5165, "type": "message", "date": "2019-05-21T10:45:52", "edited": "1970-01-01T03:00:00",
      "from": "Maya Lopez", "from_id": 182120723, "text": "Did you see the screenshot?"},
     ev("2019-05-21T10:45:52", "zone", "Maya Lopez", "message", "Did you see the screenshot?", "182120723")),
    ({"id": 5166, "type": "message", "date": "2019-05-21T10:47:03", "edited": "1970-01-01T03:00:00",
      "from": "Daniel Kim", "from_id": 182120724, "file": "stickers/sticker (14).webp",
      "thumbnail": "stickers/sticker (14).webp_thumb.jpg", "media_type": "sticker", "sticker_emoji": "💪",
      "width": 438, "height": 512, "text": ""},
     ev("2019-05-21T10:47:03", "zone", "Daniel Kim", "media", None, "182120724",
        attachments=[named("stickers/sticker (14).webp", "sticker")])),
    # Edited for real: an edit time that is not the epoch.
    ({"id": 5167, "type": "message", "date": "2019-05-21T10:50:00", "edited": "2019-05-21T10:52:10",
      "from": "Daniel Kim", "from_id": 182120724, "text": ["Yes, ", {"type": "italic", "text": "twice"}]},
     ev("2019-05-21T10:50:00", "zone", "Daniel Kim", "edited", "Yes, twice", "182120724")),
    ({"id": 5168, "type": "service", "date": "2019-05-21T11:00:00", "edited": "1970-01-01T03:00:00",
      "actor": "Maya Lopez", "actor_id": 182120723, "action": "pin_message", "message_id": 5167, "text": ""},
     ev("2019-05-21T11:00:00", "zone", "Maya Lopez", "system", "pin_message\nmessage_id: 5167", "182120723")),
]

fixture("telegram-old", "An old export: no date_unixtime, numeric from_id, epoch `edited`; zone declared at ingest.",
        single_chat("Daniel Kim", "personal_chat", 182120724, old_messages, OLD), exhibit="E0003",
        zone=BGD, zone_basis="declared-at-ingest")

# --- telegram-old-floating: the same kind of file with no zone at all ------------------------

FLOAT = {"title": "Daniel Kim", "participants": ["Daniel Kim"]}
fixture("telegram-old-floating", "An old export with no zone declared: floating local times, time null.",
        single_chat("Daniel Kim", "personal_chat", 182120724, [
            ({"id": 7, "type": "message", "date": "2019-06-01T20:00:00", "edited": "1970-01-01T03:00:00",
              "from": "Daniel Kim", "from_id": 182120724, "text": "See you at 9"},
             ev("2019-06-01T20:00:00", None, "Daniel Kim", "message", "See you at 9", "182120724")),
        ], FLOAT), exhibit="E0004")

# --- telegram-malformed: unreadable messages, then a file cut in the middle of one -----------

BROKEN = {"title": OMAR, "participants": [OMAR]}
broken = [
    ({"id": 1, "type": "message", **stamp("2022-04-01T09:00:00", BGD), "from": OMAR, "from_id": OMAR_ID,
      "text": "first", "text_entities": [{"type": "plain", "text": "first"}]},
     ev("2022-04-01T09:00:00", "+03:00", OMAR, "message", "first", OMAR_ID)),
    # 13th month: not a time.
    ({"id": 2, "type": "message", "date": "2022-13-01T09:00:00", "date_unixtime": "1648792800", "from": OMAR,
      "from_id": OMAR_ID, "text": "bad date", "text_entities": []}, bad()),
    # Telegram's own mark for a message it could not export: no date, nothing to read.
    ({"id": 3, "type": "unsupported"}, bad()),
    # `text` must be a string or an array.
    ({"id": 4, "type": "message", **stamp("2022-04-01T09:05:00", BGD), "from": OMAR, "from_id": OMAR_ID, "text": 42},
     bad()),
    # `date` and `date_unixtime` 21 hours apart: no real offset, so neither can be trusted.
    ({"id": 5, "type": "message", "date": "2022-04-01T09:06:00", "date_unixtime": "1648728360", "from": OMAR,
      "from_id": OMAR_ID, "text": "clock", "text_entities": []}, bad()),
    # Not JSON inside the element (a stray quote): this element only.
    ('{\n   "id": 6,\n   "type": "message",\n   "text": "a "quoted" word"\n  }', bad()),
    ({"id": 7, "type": "message", **stamp("2022-04-01T09:10:00", BGD), "from": OMAR, "from_id": OMAR_ID,
      "text": "still readable", "text_entities": [{"type": "plain", "text": "still readable"}]},
     ev("2022-04-01T09:10:00", "+03:00", OMAR, "message", "still readable", OMAR_ID)),
]


def truncated():
    f = single_chat(OMAR, "personal_chat", 4412345678, broken, BROKEN)
    # Cut the file in the middle of an eighth message: from its first byte, the rest is malformed.
    f.segments.pop()  # the closing
    last = f.segments.pop()
    f.segments.append((last[0] + ",\n  ", last[1], last[2]))
    f.segments.append(('{\n   "id": 8,\n   "type": "message",\n   "date": "2022-04-01T09:1', bad(), None))
    return f


fixture("telegram-malformed", "Unreadable elements (bad date, unsupported, wrong type, impossible offset, bad syntax) "
        "and a file cut inside a message.", truncated(), exhibit="E0006")


# --- telegram-trimmed: files other tools trimmed or wrote, as parsers' test suites hold them --
# Seen in real exports (Tests/Fixtures/REAL-SOURCES.md): messages with `date_unixtime` and no
# `date`, and a `date` written as ISO 8601 with fractions and `Z`. No zone is declared.

TRIM = {"title": "Lina", "participants": ["Lina", "Omar Aziz"]}


def with_ms(e, ms):
    e["ms"] = ms
    return e


fixture("telegram-trimmed", "date_unixtime without date (an exact instant, shown in UTC); date with an offset or Z "
        "and fractions (stated offset), checked against date_unixtime when both are there.",
        single_chat("Lina", "personal_chat", 5512, [
            # 1544006350 = 2018-12-05T10:39:10Z: an instant, no zone known: shown in UTC.
            ({"id": 1, "type": "message", "date_unixtime": "1544006350", "from": "Lina", "from_id": "user5512",
              "text": "are you there?"},
             ev("2018-12-05T10:39:10", "instant", "Lina", "message", "are you there?", "user5512")),
            ({"id": 2, "type": "message", "date": "2018-12-05T10:41:02.248Z", "from": OMAR, "from_id": OMAR_ID,
              "text": "yes"},
             with_ms(ev("2018-12-05T10:41:02", "+00:00", OMAR, "message", "yes", OMAR_ID), 248)),
            ({"id": 3, "type": "message", "date": "2018-12-05T13:42:00+03:00", "date_unixtime": "1544006520",
              "from": "Lina", "from_id": "user5512", "text": "good"},
             ev("2018-12-05T13:42:00", "+03:00", "Lina", "message", "good", "user5512")),
            # The offset and date_unixtime disagree by an hour: neither can be trusted.
            ({"id": 4, "type": "message", "date": "2018-12-05T13:43:00+03:00", "date_unixtime": "1544010180",
              "from": "Lina", "from_id": "user5512", "text": "clock"}, bad()),
        ], TRIM), exhibit="E0007")


# --- bookkeeping ----------------------------------------------------------------------------


def zone_reading(local, offset, fx):
    """`time` and `zone` for an expected event."""
    if local is None:
        return None, None
    if offset == "zone":
        naive = datetime.fromisoformat(local)
        off = naive.replace(tzinfo=ZoneInfo(fx["zone"])).utcoffset()
        minutes = int(off.total_seconds()) // 60
        sign = "-" if minutes < 0 else "+"
        text = f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
        time = (naive - off).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        return time, {"basis": fx["zone_basis"], "name": fx["zone"], "offset": text}
    if offset is None:
        return None, {"basis": "unknown"}
    if offset == "instant":
        time = datetime.fromisoformat(local).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        return time, {"basis": "source-instant", "offset": "+00:00"}
    sign = -1 if offset[0] == "-" else 1
    delta = timedelta(hours=int(offset[1:3]), minutes=int(offset[4:6])) * sign
    time = (datetime.fromisoformat(local) - delta).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return time, {"basis": "source-offset", "offset": offset}


def canonical(value):
    # Keys are ASCII, so code-point order is RFC 8785's order; Python escapes what JCS escapes.
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def build(fx):
    chunks = [text.encode("utf-8") for text, _, _ in fx["file"].segments]
    data = b"".join(chunks)
    digest = hashlib.sha256(data).hexdigest()
    lines, offset = [], 0
    for chunk, (_, e, conv) in zip(chunks, fx["file"].segments):
        line = data[:offset].count(b"\n") + 1
        if e == CONTAINER:
            e = dict(bad("container"))
        time, zone = zone_reading(e["local"], e["offset"], fx)
        if time and e.get("ms"):
            time = time.replace(".000Z", f".{e['ms']:03d}Z")
        event = {
            "v": 1, "time": time, "local_time": e["local"], "zone": zone, "platform": "telegram",
            "conversation": conv or {"title": None, "participants": []},
            "sender": e["sender"], "kind": e["kind"], "text": e["text"], "attachments": e["attachments"],
            "reply_to": e["reply_to"], "forwarded_from": e["forwarded_from"],
            "source": {"exhibit": fx["exhibit"], "sha256": digest, "offset": offset, "length": len(chunk), "line": line},
            "parser": {"name": "telegram-json", "version": "1"},
        }
        if "reason" in e:
            event["reason"] = e["reason"]
        lines.append(canonical(event))
        offset += len(chunk)
    return data, lines


def options(fx):
    return {"about": fx["about"], "exhibit": fx["exhibit"], "file_name": "result.json", "platform": "telegram",
            "zone": fx["zone"], "zone_basis": fx["zone_basis"], "attachment_exhibits": fx["attachment_exhibits"]}


def main():
    for fx in FIXTURES:
        data, lines = build(fx)
        (HERE / f"{fx['name']}.json").write_bytes(data)
        (HERE / f"{fx['name']}.events.jsonl").write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        (HERE / f"{fx['name']}.options.json").write_text(
            json.dumps(options(fx), indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(FIXTURES)} fixtures written to {HERE}")


if __name__ == "__main__":
    main()

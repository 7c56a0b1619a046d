#!/usr/bin/env python3
"""Writes the DiscordChatExporter JSON fixtures and their golden events (docs/TIMELINE.md §15).

    python3 Tests/Fixtures/discord/generate.py

For each fixture NAME it writes NAME.json (the export as DiscordChatExporter's JsonMessageWriter
writes it: .NET's Utf8JsonWriter, indented by two spaces, non-ASCII text written as UTF-8 except
characters outside the Basic Multilingual Plane (emoji), which it escapes as surrogate pairs
`\\uD83D\\uDC4D`, and format marks, escaped as `\\u200F`; times as .NET writes a DateTimeOffset,
`2022-03-18T14:56:00.123+03:00` with the fraction's trailing zeros dropped; no final line break,
and CRLF line breaks for an export made on Windows), NAME.options.json (the ParseContext) and
NAME.events.jsonl (the golden events, RFC 8785).

The golden events are NOT produced by Sanad: each is written by hand next to the message it is
read from, as a person reading the export concludes. This script only does the bookkeeping:
the bytes of each message, offsets, line numbers, SHA-256, and the UTC time of a stated local
time and offset. People, servers and texts are invented.

Checked by Tests/SanadTests/DiscordFixtureTests.swift. Regenerating gives identical files.
"""
import hashlib
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
FORMAT_MARKS = {"\u200e", "\u200f", "\u061c", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067",
                "\u2068", "\u2069"}


def dotnet_json(value, depth):
    """Utf8JsonWriter, indented, with JavaScriptEncoder.UnsafeRelaxedJsonEscaping."""
    text = json.dumps(value, indent=2, ensure_ascii=False)
    out = []
    for ch in text:
        cp = ord(ch)
        if cp > 0xFFFF:
            cp -= 0x10000
            out.append("\\u%04X\\u%04X" % (0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF)))
        elif ch in FORMAT_MARKS:
            out.append("\\u%04X" % cp)
        else:
            out.append(ch)
    return "".join(out).replace("\n", "\n" + " " * depth)


def user(uid, name, nickname, roles=True, bot=False):
    u = {"id": uid, "name": name, "discriminator": "0000", "nickname": nickname, "color": None, "isBot": bot}
    if roles:
        u["roles"] = []
    u["avatarUrl"] = "https://cdn.discordapp.com/embed/avatars/%d.png" % (int(uid) % 5)
    return u


def message(mid, kind, timestamp, author, content="", *, edited=None, call_ended=None, pinned=False, attachments=(),
            stickers=(), reactions=(), reference=None, extra=None):
    """A message in the exporter's member order."""
    m = {"id": mid, "type": kind, "timestamp": timestamp, "timestampEdited": edited, "callEndedTimestamp": call_ended,
         "isPinned": pinned, "content": content, "author": author, "attachments": list(attachments),
         "components": [], "embeds": [], "stickers": list(stickers), "reactions": list(reactions), "mentions": []}
    if reference:
        m["reference"] = reference
    if extra:
        m.update(extra)
    m["inlineEmojis"] = []
    return m


def emoji(name, code):
    return {"id": "", "name": name, "code": code, "isAnimated": False,
            "imageUrl": "https://cdn.jsdelivr.net/gh/twitter/twemoji@latest/assets/svg/1f44d.svg"}


def utc_of(local, offset, ms=0):
    """`time` of a local time with a stated offset (`+03:00`)."""
    sign = -1 if offset[0] == "-" else 1
    delta = timedelta(hours=int(offset[1:3]), minutes=int(offset[4:6])) * sign
    t = datetime.fromisoformat(local).replace(tzinfo=timezone(delta)).astimezone(timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S") + ".%03dZ" % ms


def ev(local, offset, ms, sender, kind, text, attachments=(), reply_to=None, reactions=()):
    """An event read from a message: its local time (seconds), the offset and milliseconds the
    export states, and what a reader concludes."""
    return dict(local=local, offset=offset, ms=ms, sender=sender, kind=kind, text=text,
                attachments=list(attachments), reply_to=reply_to, reactions=list(reactions))


def reaction(sender, emoji_text):
    return dict(local=None, sender=sender, kind="reaction", text=emoji_text, attachments=[], reply_to=None)


def bad():
    return dict(local=None, sender=None, kind="unparsed", text=None, attachments=[], reply_to=None, reactions=[],
                reason="malformed")


def sender(u):
    return {"name": u["name"], "id": u["id"]}


def named(name, media):
    return {"name": name, "status": "named", "media": media}


def linked(name, exhibit, media):
    return {"name": name, "status": "linked", "exhibit": exhibit, "media": media}


CONTAINER = "container"
FIXTURES = []


def export(name, about, head, pairs, *, conversation, exhibit, crlf=False, attachment_exhibits=None, tail=None):
    """`head` is the preamble (guild, channel, dateRange, exportedAt); `pairs` each message (a
    dict, or raw text) with its golden event; `tail` replaces the postamble (a truncated file)."""
    nl = "\r\n" if crlf else "\n"
    opening = dotnet_json(head, 0)[:-2] + ',\n  "messages": [\n    '
    segments = [(opening.replace("\n", nl), CONTAINER)]
    for k, (m, expect) in enumerate(pairs):
        text = m if isinstance(m, str) else dotnet_json(m, 4).replace("\n", nl)
        last = k + 1 == len(pairs)
        segments.append((text + ("" if last else ("," + nl + "    ")), expect))
    if tail is None:
        segments.append(((nl + "  ],\n  \"messageCount\": %d\n}" % len(pairs)).replace("\n", nl), CONTAINER))
    elif tail:
        segments.append((tail, CONTAINER))
    FIXTURES.append(dict(name=name, about=about, segments=segments, conversation=conversation, exhibit=exhibit,
                         attachment_exhibits=attachment_exhibits or {}))


# --- discord-guild: a server channel exported on a computer in Baghdad (+03:00) --------------

OMAR = user("310000000000000001", "omar_aziz", "عمر")
LAYLA = user("310000000000000002", "layla.h", "ليلى")
KARIM = user("310000000000000003", "karim77", "Karim")
GUILD_ID, CHANNEL_ID = "1084000000000000000", "1084000000000000001"
FILES = "نادي البصرة للشطرنج - general [%s].json_Files/" % CHANNEL_ID
GUILD_HEAD = {
    "guild": {"id": GUILD_ID, "name": "نادي البصرة للشطرنج",
              "iconUrl": "https://cdn.discordapp.com/icons/%s/a1b2c3d4e5f6.png?size=512" % GUILD_ID},
    "channel": {"id": CHANNEL_ID, "type": "GuildTextChat", "categoryId": "1084000000000000009",
                "category": "Text Channels", "name": "general", "topic": "أخبار النادي"},
    "dateRange": {"after": None, "before": None},
    "exportedAt": "2022-03-20T10:15:42.5874321+03:00",
}
GUILD_CONV = {"title": "نادي البصرة للشطرنج / #general",
              "participants": ["layla.h", "omar_aziz", "karim77"]}
M_HELLO, M_RULES = "1084100000000000001", "1084100000000000005"
export("discord-guild", "Server channel: join notice, Arabic with a format mark and an emoji, a reply with reactions "
       "and their users, downloaded and remote attachments, a sticker, an edit, a pin, a thread.", GUILD_HEAD, [
           # A notice: the exporter writes its own sentence as content.
           (message("1084100000000000000", "GuildMemberJoin", "2022-03-18T14:50:03.417+03:00", LAYLA,
                    "Joined the server."),
            ev("2022-03-18T14:50:03", "+03:00", 417, sender(LAYLA), "system", "Joined the server.")),
           # U+200F is removed from the text; the emoji is written as a surrogate pair.
           (message(M_HELLO, "Default", "2022-03-18T14:56:00.123+03:00", OMAR, "مرحبا بالجميع \u200f👋"),
            ev("2022-03-18T14:56:00", "+03:00", 123, sender(OMAR), "message", "مرحبا بالجميع 👋")),
           # A reply: reference.messageId is reply_to. Two users reacted 👍: an event each, no time.
           (message("1084100000000000002", "Reply", "2022-03-18T14:57:10.12+03:00", LAYLA, "أهلاً عمر، متى البطولة؟",
                    reactions=[{"emoji": emoji("👍", "thumbsup"), "count": 2,
                                "users": [user(OMAR["id"], OMAR["name"], OMAR["nickname"], roles=False),
                                          user(KARIM["id"], KARIM["name"], KARIM["nickname"], roles=False)]}],
                    reference={"type": "Default", "messageId": M_HELLO, "channelId": CHANNEL_ID, "guildId": GUILD_ID}),
            ev("2022-03-18T14:57:10", "+03:00", 120, sender(LAYLA), "message", "أهلاً عمر، متى البطولة؟",
               reply_to=M_HELLO, reactions=[reaction(sender(OMAR), "👍"), reaction(sender(KARIM), "👍")])),
           # Downloaded with --media (no fraction: a whole second), and the context links it.
           (message("1084100000000000003", "Default", "2022-03-18T15:02:10+03:00", OMAR,
                    attachments=[{"id": "1084200000000000001", "url": FILES + "IMG_2041-5C1D9.jpg",
                                  "fileName": "IMG_2041.jpg", "fileSizeBytes": 284512}]),
            ev("2022-03-18T15:02:10", "+03:00", 0, sender(OMAR), "media", None,
               attachments=[linked(FILES + "IMG_2041-5C1D9.jpg", "E0012.3", "image")])),
           # Left on Discord's servers: named by fileName; the caption is the text.
           (message("1084100000000000004", "Default", "2022-03-18T15:05:44.901+03:00", LAYLA, "ملاحظات المباراة",
                    attachments=[{"id": "1084200000000000002",
                                  "url": "https://cdn.discordapp.com/attachments/%s/1084200000000000002/match-notes.pdf"
                                         "?ex=65a1b2c3&is=65a06143&hm=0f1e2d3c" % CHANNEL_ID,
                                  "fileName": "match-notes.pdf", "fileSizeBytes": 51234}]),
            ev("2022-03-18T15:05:44", "+03:00", 901, sender(LAYLA), "message", "ملاحظات المباراة",
               attachments=[named("match-notes.pdf", "document")])),
           # Edited and pinned: kind edited; the text is the edited one, the time the original.
           (message(M_RULES, "Default", "2022-03-18T15:10:00.5+03:00", OMAR, "البطولة يوم الجمعة الساعة 5",
                    edited="2022-03-18T15:12:31.007+03:00", pinned=True),
            ev("2022-03-18T15:10:00", "+03:00", 500, sender(OMAR), "edited", "البطولة يوم الجمعة الساعة 5")),
           # The pin notice: its reference is the pinned message.
           (message("1084100000000000006", "ChannelPinnedMessage", "2022-03-18T15:12:45.66+03:00", OMAR,
                    "Pinned a message.",
                    reference={"type": "Default", "messageId": M_RULES, "channelId": CHANNEL_ID, "guildId": GUILD_ID}),
            ev("2022-03-18T15:12:45", "+03:00", 660, sender(OMAR), "system", "Pinned a message.", reply_to=M_RULES)),
           # A sticker left on Discord's servers: named by its name.
           (message("1084100000000000007", "Default", "2022-03-18T15:13:02.25+03:00", KARIM,
                    stickers=[{"id": "749054660769218631", "name": "Wave", "format": "Apng",
                               "sourceUrl": "https://media.discordapp.net/stickers/749054660769218631.png"}]),
            ev("2022-03-18T15:13:02", "+03:00", 250, sender(KARIM), "media", None,
               attachments=[named("Wave", "sticker")])),
           # Downloaded, but the context was not given the file: named by its path.
           (message("1084100000000000008", "Default", "2022-03-18T15:20:37.3+03:00", KARIM, "تسجيل صوتي",
                    attachments=[{"id": "1084200000000000003", "url": FILES + "voice-message-8E0B2.ogg",
                                  "fileName": "voice-message.ogg", "fileSizeBytes": 40211}]),
            ev("2022-03-18T15:20:37", "+03:00", 300, sender(KARIM), "message", "تسجيل صوتي",
               attachments=[named(FILES + "voice-message-8E0B2.ogg", "audio")])),
           (message("1084100000000000009", "ThreadCreated", "2022-03-18T15:25:00.75+03:00", LAYLA, "Started a thread.",
                    reference={"type": "Default", "messageId": None, "channelId": "1084300000000000000",
                               "guildId": GUILD_ID}),
            ev("2022-03-18T15:25:00", "+03:00", 750, sender(LAYLA), "system", "Started a thread.")),
       ], conversation=GUILD_CONV, exhibit="E0012",
       attachment_exhibits={FILES + "IMG_2041-5C1D9.jpg": "E0012.3", "IMG_2041-5C1D9.jpg": "E0012.3"})

# --- discord-dm: a direct message exported on Windows in New York (CRLF, DST inside) ---------

SARA = user("310000000000000004", "sara.haddad", "سارة")
OMAR_DM = dict(OMAR)
del OMAR_DM["roles"]
OMAR_DM["roles"] = []
DM_ID = "950000000000000001"
DM_FILES = "Direct Messages - sara.haddad [%s].json_Files\\" % DM_ID
DM_HEAD = {
    "guild": {"id": "0", "name": "Direct Messages", "iconUrl": "https://cdn.discordapp.com/embed/avatars/0.png"},
    "channel": {"id": DM_ID, "type": "DirectTextChat", "categoryId": None, "category": None, "name": "sara.haddad",
                "topic": None},
    "dateRange": {"after": None, "before": None},
    "exportedAt": "2022-03-20T09:00:00.0000001-04:00",
}
DM_CONV = {"title": "sara.haddad", "participants": ["omar_aziz", "sara.haddad"]}
M_CALL = "950100000000000001"
export("discord-dm", "Direct message, Windows export: CRLF, an offset that changes with daylight saving, a call, "
       "reactions given only as counts, a downloaded voice message with a Windows path, a forward.", DM_HEAD, [
           # A call: the exporter's sentence, with the duration it computed.
           (message(M_CALL, "Call", "2022-03-12T21:30:15.804-05:00", OMAR_DM, "Started a call that lasted 12 minutes.",
                    call_ended="2022-03-12T21:42:40.11-05:00"),
            ev("2022-03-12T21:30:15", "-05:00", 804, sender(OMAR_DM), "call", "Started a call that lasted 12 minutes.")),
           # Reactions without users (older exporters): a count is not an event.
           (message("950100000000000002", "Default", "2022-03-12T21:45:00.2-05:00", SARA, "شكراً على الاتصال ❤️",
                    reactions=[{"emoji": emoji("❤️", "heart"), "count": 1}]),
            ev("2022-03-12T21:45:00", "-05:00", 200, sender(SARA), "message", "شكراً على الاتصال ❤️")),
           # After the change to daylight saving time the computer's offset is -04:00. The path has
           # Windows separators and the zip member a folder before it: linked by the file name.
           (message("950100000000000003", "Default", "2022-03-13T10:05:09.031-04:00", OMAR_DM,
                    attachments=[{"id": "950200000000000001", "url": DM_FILES + "voice-message-3F7A1.ogg",
                                  "fileName": "voice-message.ogg", "fileSizeBytes": 18022}]),
            ev("2022-03-13T10:05:09", "-04:00", 31, sender(OMAR_DM), "media", None,
               attachments=[linked(DM_FILES + "voice-message-3F7A1.ogg", "E0013.2", "audio")])),
           # A forward: its reference is the forwarded message, not one it answers; the forwarded
           # content is not read in version 1, so the event has no text.
           (message("950100000000000004", "Default", "2022-03-13T10:07:00.9-04:00", SARA,
                    reference={"type": "Forward", "messageId": "1084100000000000005", "channelId": CHANNEL_ID,
                               "guildId": GUILD_ID},
                    extra={"forwardedMessage": {"timestamp": "2022-03-18T15:10:00.5+03:00",
                                                "timestampEdited": None, "content": "البطولة يوم الجمعة",
                                                "attachments": [], "embeds": [], "stickers": []}}),
            ev("2022-03-13T10:07:00", "-04:00", 900, sender(SARA), "message", None)),
       ], conversation=DM_CONV, exhibit="E0013", crlf=True,
       attachment_exhibits={
           "discord-export/Direct Messages - sara.haddad [%s].json_Files/voice-message-3F7A1.ogg" % DM_ID: "E0013.2",
           "voice-message-3F7A1.ogg": "E0013.2"})

# --- discord-malformed: damaged messages, then a file cut off inside a message ---------------

BROKEN_HEAD = dict(GUILD_HEAD, channel=dict(GUILD_HEAD["channel"], id="1084000000000000002", name="tournament",
                                            topic=None))
no_offset = message("1084500000000000002", "Default", "2022-03-18T16:00:00", OMAR, "بلا منطقة زمنية")
no_author = message("1084500000000000003", "Default", "2022-03-18T16:01:00+03:00", OMAR, "بلا مرسل")
del no_author["author"]
bad_attachments = message("1084500000000000004", "Default", "2022-03-18T16:02:00+03:00", LAYLA, "x")
bad_attachments["attachments"] = {"url": "a.png"}
truncated = dotnet_json(message("1084500000000000005", "Default", "2022-03-18T16:03:00.1+03:00", LAYLA,
                                "هذه الرسالة مقطوعة"), 4)
truncated = truncated[:truncated.index("مقطوعة") + 3]
export("discord-malformed", "A time without offset, a message without author, attachments of the wrong type, then "
       "the file ends inside a message.", BROKEN_HEAD, [
           (message("1084500000000000001", "Default", "2022-03-18T15:59:59.999+03:00", LAYLA, "آخر رسالة سليمة"),
            ev("2022-03-18T15:59:59", "+03:00", 999, sender(LAYLA), "message", "آخر رسالة سليمة")),
           # .NET always writes the offset: a time without one is not the exporter's.
           (no_offset, bad()),
           (no_author, bad()),
           (bad_attachments, bad()),
           # From the start of the cut message to the end of the file: one malformed event.
           (truncated, dict(bad(), span=True)),
       ], conversation={"title": "نادي البصرة للشطرنج / #tournament", "participants": ["layla.h"]}, exhibit="E0014",
       tail="")


def canonical(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def build(fx):
    chunks = [text.encode("utf-8") for text, _ in fx["segments"] if text]
    data = b"".join(chunks)
    digest = hashlib.sha256(data).hexdigest()
    lines, offset = [], 0

    def event(e, offset, length, line, conversation):
        time = zone = local = None
        if e["local"]:
            time, local = utc_of(e["local"], e["offset"], e["ms"]), e["local"]
            zone = {"basis": "source-offset", "offset": e["offset"]}
        out = {"v": 1, "time": time, "local_time": local, "zone": zone, "platform": "discord",
               "conversation": conversation, "sender": e["sender"], "kind": e["kind"], "text": e["text"],
               "attachments": e["attachments"], "reply_to": e["reply_to"], "forwarded_from": None,
               "source": {"exhibit": fx["exhibit"], "sha256": digest, "offset": offset, "length": length, "line": line},
               "parser": {"name": "discord-json", "version": "1"}}
        if "reason" in e:
            out["reason"] = e["reason"]
        return canonical(out)

    for chunk, (_, e) in zip(chunks, [s for s in fx["segments"] if s[0]]):
        line = data[:offset].count(b"\n") + 1
        if e == CONTAINER:
            lines.append(event(dict(bad(), reason="container"), offset, len(chunk), line,
                               {"title": None, "participants": []}))
        elif e.get("span"):
            # The reader's malformed span: no conversation, it runs to the end of the file.
            lines.append(event(bad(), offset, len(data) - offset, line, {"title": None, "participants": []}))
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
        options = {"exhibit": fx["exhibit"], "file_name": fx["name"] + ".json", "platform": "discord",
                   "zone": None, "zone_basis": None, "attachment_exhibits": fx["attachment_exhibits"]}
        (HERE / f"{fx['name']}.options.json").write_text(json.dumps(options, indent=2, sort_keys=True,
                                                                    ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(FIXTURES)} fixtures written to {HERE}")


if __name__ == "__main__":
    main()

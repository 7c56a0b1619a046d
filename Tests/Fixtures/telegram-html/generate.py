#!/usr/bin/env python3
"""Writes the Telegram Desktop HTML fixtures and their golden events (docs/TIMELINE.md §9).

    python3 Tests/Fixtures/telegram-html/generate.py

Each page is written the way Telegram Desktop's HTML writer writes it (export_output_html.cpp):
a block tag is preceded by a line break and one space per open tag and followed by a line
break, attributes come in name order, a message's line breaks are `<br>`, and `"&'<>` are
references. The small `Page` class below reproduces only that layout; the content is invented.

For each fixture NAME it writes NAME.html, NAME.options.json (the ParseContext) and
NAME.events.jsonl (golden events, RFC 8785, one a line). The golden events are written by hand
next to the messages they come from; the script only computes offsets, line numbers, the SHA-256
and UTC times. Checked by Tests/SanadTests/TelegramHTMLFixtureTests.swift.
"""
import hashlib
import json
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
START, END = "\x00S\x00", "\x00E\x00"  # where a message block starts and ends; removed from the file


def esc(s):
    out = s.replace("&", "&amp;").replace('"', "&quot;").replace("'", "&apos;").replace("<", "&lt;").replace(">", "&gt;")
    return out.replace("\n", "<br>")


class Page:
    def __init__(self):
        self.tags, self.out = [], []

    def push(self, name, attrs=None, block=True, empty=False):
        inner = "".join(f' {k}="{v}"' for k, v in sorted((attrs or {}).items()))
        indent = " " * len(self.tags)
        self.out.append(("\n" + indent if block else "") + f"<{name}{inner}{'/' if empty else ''}>" + ("\n" if block else ""))
        if not empty:
            self.tags.append((name, block))

    def div(self, cls, style=None):
        self.push("div", {"class": cls, **({"style": style} if style else {})})

    def pop(self):
        name, block = self.tags.pop()
        indent = " " * len(self.tags)
        self.out.append(("\n" + indent if block else "") + f"</{name}>" + ("\n" if block else ""))

    def raw(self, s):
        self.out.append(s)

    def mark(self):
        """A message block starts at its `<div`, after the line break and indentation before it."""
        self.out[-1] = self.out[-1].replace("<div", START + "<div", 1)

    def start(self, title):
        self.raw("<!DOCTYPE html>")
        self.push("html")
        self.push("head")
        self.push("meta", {"charset": "utf-8"}, empty=True)
        self.push("title", block=False)
        self.raw("Exported Data")
        self.pop()
        self.push("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1.0"}, empty=True)
        self.push("link", {"href": "css/style.css", "rel": "stylesheet"}, empty=True)
        self.push("script", {"src": "js/script.js", "type": "text/javascript"})
        self.pop()
        self.pop()
        self.push("body", {"onload": "CheckLocation();"})
        self.div("page_wrap")
        self.div("page_header")
        self.div("content")
        self.div("text bold")
        self.raw(esc(title))
        self.pop(), self.pop(), self.pop()
        self.div("page_body chat_page")
        self.div("history")

    def service(self, mid, html):
        self.push("div", {"class": "message service", "id": f"message{mid}"})
        self.mark()
        self.div("body details")
        self.raw(html)
        self.pop()
        self.pop()
        self.raw(END)

    def userpic(self, initials, color, cls="pull_left userpic_wrap"):
        self.div(cls)
        self.div(f"userpic userpic{color}", "width: 42px; height: 42px")
        self.div("initials", "line-height: 42px")
        self.raw(initials)
        self.pop(), self.pop(), self.pop()

    def message(self, mid, title, hhmm, *, name=None, initials="", joined=False, forwarded=None, reply=None,
                media=None, text=None):
        self.push("div", {"class": "message default clearfix" + (" joined" if joined else ""), "id": f"message{mid}"})
        self.mark()
        if not joined:
            self.userpic(initials, 2)
        self.div("body")
        self.push("div", {"class": "pull_right date details", "title": title})
        self.raw(hhmm)
        self.pop()
        if not joined:
            self.div("from_name")
            self.raw(esc(name))
            self.pop()
        if forwarded:
            fname, ftitle = forwarded
            self.userpic(fname[0], 4, "pull_left forwarded userpic_wrap")
            self.div("forwarded body")
            self.div("from_name")
            self.raw(esc(fname))
            self.push("span", {"class": "date details", "title": ftitle}, block=False)
            self.raw(" " + ftitle.split(" UTC")[0])
            self.pop()
            self.pop()
        if reply:
            self.div("reply_to details")
            self.raw(f'In reply to <a href="#go_to_message{reply}" onclick="return GoToMessage({reply})">this message</a>')
            self.pop()
        if media:
            media(self)
        if text is not None:
            self.div("text")
            self.raw(text)
            self.pop()
        if forwarded:
            self.pop()
        self.pop()
        self.pop()
        self.raw(END)

    def finish(self):
        while self.tags:
            self.pop()
        return "".join(self.out)


def photo(href):
    def write(p):
        p.div("media_wrap clearfix")
        p.push("a", {"class": "photo_wrap clearfix pull_left", "href": href})
        p.push("img", {"class": "photo", "src": href.replace(".jpg", "_thumb.jpg"), "style": "width: 260px; height: 195px"},
               empty=True)
        p.pop()
        p.pop()
    return write


def generic(cls, title, description, status):
    def write(p):
        p.div("media_wrap clearfix")
        p.div(f"media clearfix pull_left {cls}")
        p.div("fill pull_left")
        p.pop()
        p.div("body")
        for c, v in (("title bold", title), ("description", description), ("status details", status)):
            if v:
                p.div(c)
                p.raw(esc(v))
                p.pop()
        p.pop(), p.pop(), p.pop()
    return write


NOT_INCLUDED = "Not included, change data exporting settings to download."

# --- expected events ------------------------------------------------------------------------


def msg(local, offset, sender, text, kind="message", attachments=(), reply_to=None, forwarded_from=None):
    """A message at wall-clock `local` with the stated `offset` (None: the title states none)."""
    return dict(kind=kind, local=local, offset=offset, sender=sender, text=text, attachments=list(attachments),
                reply_to=reply_to, forwarded_from=forwarded_from)


def system(text):
    return dict(kind="system", local=None, sender=None, text=text)


def unparsed(reason):
    return dict(kind="unparsed", local=None, sender=None, text=None, reason=reason)


def person(name):
    return {"name": name}


FIXTURES = []


def fixture(name, about, title, participants, write, expected, zone=None, zone_basis="declared-at-ingest"):
    FIXTURES.append(dict(name=name, about=about, title=title, participants=participants, write=write,
                         expected=expected, zone=zone, zone_basis=zone_basis))


def chat_en(p):
    p.start("Sara Haddad")
    p.service(-1, "18 March 2022")
    p.message(101, "18.03.2022 14:56:00 UTC+03:00", "14:56", name="Sara Haddad", initials="SH",
              text="Did you get the papers?")
    # Same sender within 15 minutes: "joined", no name. <br> is a line break in the text.
    p.message(102, "18.03.2022 14:57:30 UTC+03:00", "14:57", joined=True,
              text='They are at <a href="https://example.org/office">https://example.org/office</a><br><strong>Today</strong> please')
    p.message(103, "18.03.2022 15:02:10 UTC+03:00", "15:02", name="Omar ", initials="O", reply=101,
              text="Yes, I have them")
    p.service(104, "Omar invited Lina Haddad")
    p.message(105, "18.03.2022 15:05:00 UTC+03:00", "15:05", name="Omar ", initials="O",
              forwarded=("Lina Haddad", "17.03.2022 09:00:00 UTC+03:00"), text="The meeting is on Sunday")
    p.message(106, "18.03.2022 15:06:00 UTC+03:00", "15:06", name="Sara Haddad", initials="SH",
              media=photo("photos/photo_3@18-03-2022_15-06-00.jpg"), text="This one")
    p.message(107, "18.03.2022 15:07:00 UTC+03:00", "15:07", joined=True,
              media=generic("media_voice_message", "Voice message", NOT_INCLUDED, "0:07, 11.2 KB"))
    p.message(108, "18.03.2022 15:10:00 UTC+03:00", "15:10", name="Omar ", initials="O",
              media=generic("media_file", "contract.pdf", NOT_INCLUDED, "1.2 MB"))


fixture(
    "chat-en", "Joined, forwarded and reply messages, service notices, a photo in the export, media left out; UTC+03:00 titles.",
    "Sara Haddad", ["Sara Haddad", "Omar"], chat_en,
    [
        unparsed("container"),  # the page up to the first message
        unparsed("container"),  # the exporter's day heading, message-1
        msg("2022-03-18T14:56:00", "+03:00", person("Sara Haddad"), "Did you get the papers?"),
        # Joined: the sender is the one of the message before, as the page shows it.
        msg("2022-03-18T14:57:30", "+03:00", person("Sara Haddad"), "They are at https://example.org/office\nToday please"),
        # The exporter writes "Omar " (first name, space, empty last name): the space is not his.
        msg("2022-03-18T15:02:10", "+03:00", person("Omar"), "Yes, I have them", reply_to="101"),
        system("Omar invited Lina Haddad"),
        msg("2022-03-18T15:05:00", "+03:00", person("Omar"), "The meeting is on Sunday", forwarded_from="Lina Haddad"),
        msg("2022-03-18T15:06:00", "+03:00", person("Sara Haddad"), "This one", kind="media",
            attachments=[{"name": "photos/photo_3@18-03-2022_15-06-00.jpg", "status": "named", "media": "image"}]),
        msg("2022-03-18T15:07:00", "+03:00", person("Sara Haddad"), None, kind="media",
            attachments=[{"name": None, "status": "omitted", "media": "audio"}]),
        msg("2022-03-18T15:10:00", "+03:00", person("Omar"), None, kind="media",
            attachments=[{"name": "contract.pdf", "status": "omitted", "media": "document"}]),
        unparsed("container"),  # the end of the history and of the page
    ],
)

NOUR = "نور الهدى"


def chat_ar(p):
    p.start(NOUR)
    p.service(-1, "5 April 2023")
    p.message(7, "05.04.2023 21:15:00 UTC+03:00", "21:15", name=NOUR + " ", initials="ن",
              text=esc('\u200fقال لي: "لا تتأخر" & <وعد> 🌙'))
    p.message(8, "05.04.2023 21:16:00 UTC+03:00", "21:16", joined=True, text=esc("حسناً\nسأكون هناك") + "&nbsp;👍")
    p.message(9, "05.04.2023 21:20:00 UTC+03:00", "21:20", name="Karim Saleh", initials="KS", reply=7,
              text=esc("تمام 'غداً'"))


fixture(
    "chat-ar", "Arabic right-to-left text: references, an RLM, a first name only, &nbsp;, emoji.",
    NOUR, [NOUR, "Karim Saleh"], chat_ar,
    [
        unparsed("container"),
        unparsed("container"),
        # The RLM is a format mark: removed. &quot; &amp; &lt; &gt; decode.
        msg("2023-04-05T21:15:00", "+03:00", person(NOUR), 'قال لي: "لا تتأخر" & <وعد> 🌙'),
        msg("2023-04-05T21:16:00", "+03:00", person(NOUR), "حسناً\nسأكون هناك\u00a0👍"),
        msg("2023-04-05T21:20:00", "+03:00", person("Karim Saleh"), "تمام 'غداً'", reply_to="7"),
        unparsed("container"),
    ],
)


def chat_old(p):
    p.start("Maya Lopez")
    p.service(-1, "21 May 2019")
    p.message(2001, "21.05.2019 10:45:52", "10:45", name="Maya Lopez", initials="ML", text="See you at the station")
    p.message(2002, "21.05.2019 10:47:03", "10:47", name="Daniel Kim", initials="DK", text="On my way")
    # A title that is no date: the block cannot be placed in time.
    p.message(2003, "21.05.2019 25:61:00", "25:61", name="Maya Lopez", initials="ML", text="?")


fixture(
    "chat-old-no-offset", "An export from before Telegram Desktop wrote UTC offsets: floating local times; an impossible time.",
    "Maya Lopez", ["Maya Lopez", "Daniel Kim"], chat_old,
    [
        unparsed("container"),
        unparsed("container"),
        msg("2019-05-21T10:45:52", None, person("Maya Lopez"), "See you at the station"),
        msg("2019-05-21T10:47:03", None, person("Daniel Kim"), "On my way"),
        unparsed("invalid-date"),
        unparsed("container"),
    ],
)

# --- bookkeeping ----------------------------------------------------------------------------


def page_chunks(text):
    """Splits the page at its message blocks: each block runs to the first non-space after its end."""
    chunks = []
    pos = 0
    while True:
        s = text.find(START, pos)
        if s < 0:
            break
        e = text.find(END, s)
        chunks.append(text[pos:s])
        body = text[s + len(START):e]
        rest = e + len(END)
        k = rest
        while k < len(text) and text[k] in " \n":
            k += 1
        if text.startswith(START, k):
            chunks.append(body + text[rest:k])
            pos = k
        else:
            chunks.append(body + text[rest:k])
            pos = k
    chunks.append(text[pos:])
    return [c for c in chunks if c]


def times(local, offset, zone_name, basis):
    naive = datetime.fromisoformat(local)
    if offset:
        sign = -1 if offset[0] == "-" else 1
        delta = timedelta(hours=int(offset[1:3]), minutes=int(offset[4:6])) * sign
        return (naive - delta).strftime("%Y-%m-%dT%H:%M:%S.000Z"), {"basis": "source-offset", "offset": offset}
    if zone_name:
        aware = naive.replace(tzinfo=ZoneInfo(zone_name), fold=0)
        minutes = int(aware.utcoffset().total_seconds()) // 60
        sign = "-" if minutes < 0 else "+"
        zone = {"basis": basis, "name": zone_name, "offset": f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"}
        return (naive - aware.utcoffset()).strftime("%Y-%m-%dT%H:%M:%S.000Z"), zone
    return None, {"basis": "unknown"}


def canonical(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def build(fx):
    page = Page()
    fx["write"](page)
    chunks = [c.encode("utf-8") for c in page_chunks(page.finish())]
    assert len(chunks) == len(fx["expected"]), (fx["name"], len(chunks), len(fx["expected"]))
    data = b"".join(chunks)
    digest = hashlib.sha256(data).hexdigest()
    lines, offset = [], 0
    for chunk, e in zip(chunks, fx["expected"]):
        event = {
            "v": 1, "time": None, "local_time": e["local"], "zone": None, "platform": "telegram",
            "conversation": {"title": fx["title"], "participants": fx["participants"]}, "sender": e["sender"],
            "kind": e["kind"], "text": e["text"], "attachments": e.get("attachments", []),
            "reply_to": e.get("reply_to"), "forwarded_from": e.get("forwarded_from"),
            "source": {"exhibit": "E0003", "sha256": digest, "offset": offset, "length": len(chunk),
                       "line": data[:offset].count(b"\n") + 1},
            "parser": {"name": "telegram-html", "version": "1"},
        }
        if "reason" in e:
            event["reason"] = e["reason"]
        if e["local"]:
            event["time"], event["zone"] = times(e["local"], e["offset"], fx["zone"], fx["zone_basis"])
        lines.append(canonical(event))
        offset += len(chunk)
    return data, lines


def main():
    for fx in FIXTURES:
        data, lines = build(fx)
        (HERE / f"{fx['name']}.html").write_bytes(data)
        (HERE / f"{fx['name']}.events.jsonl").write_text("".join(l + "\n" for l in lines), encoding="utf-8")
        options = {"about": fx["about"], "exhibit": "E0003", "file_name": "messages.html", "zone": fx["zone"],
                   "zone_basis": fx["zone_basis"] if fx["zone"] else None}
        (HERE / f"{fx['name']}.options.json").write_text(
            json.dumps(options, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(FIXTURES)} fixtures written to {HERE}")


if __name__ == "__main__":
    main()

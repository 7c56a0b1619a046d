#!/usr/bin/env python3
"""Writes the large chat exports of the timeline benchmark (issue 4), deterministic for a seed.

    gen_chats.py whatsapp N OUT.txt     an Android WhatsApp export with N messages
    gen_chats.py telegram N OUT.json    a Telegram Desktop result.json (one chat) with N messages

The content is invented and mixes what real exports hold: Latin and Arabic text, multi-line
messages, media omitted, deleted messages, system notices, links, emoji. Times move forward a
few seconds to a few minutes per message, starting 2022-01-01 10:00.
"""
import json
import random
import sys
from datetime import datetime, timedelta, timezone

WORDS = ("hello are you there we need to talk about the money tomorrow send me the photo now "
         "why did you block me I will post it everywhere please stop this call me at night").split()
ARABIC = "مرحبا كيف حالك أين أنت لماذا لا ترد سأنشر الصور غدا أرجوك توقف اتصل بي الآن".split()
NAMES = ["Sara Haddad", "Omar Aziz", "+964 770 000 0000", "Lina"]


def text(rng):
    words = ARABIC if rng.random() < 0.3 else WORDS
    s = " ".join(rng.choice(words) for _ in range(rng.randint(2, 18)))
    if rng.random() < 0.05:
        s += "\n" + " ".join(rng.choice(words) for _ in range(rng.randint(1, 8)))
    if rng.random() < 0.03:
        s += " https://example.org/x/" + str(rng.randint(1, 10**6))
    if rng.random() < 0.05:
        s += " 😀"
    return s


def whatsapp(n, out, rng):
    t = datetime(2022, 1, 1, 10, 0)
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write(f"{t:%d/%m/%Y}, {t:%H:%M} - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.\n")
        for i in range(n - 1):
            t += timedelta(seconds=rng.randint(5, 300))
            who = rng.choice(NAMES)
            r = rng.random()
            if r < 0.04:
                body = "<Media omitted>"
            elif r < 0.05:
                body = "This message was deleted"
            else:
                body = text(rng)
            f.write(f"{t:%d/%m/%Y}, {t:%H:%M} - {who}: {body}\n")


def telegram(n, out, rng):
    t = datetime(2022, 1, 1, 10, 0, tzinfo=timezone(timedelta(hours=3)))
    msgs = []
    with open(out, "w", encoding="utf-8") as f:
        f.write('{\n "name": "Omar Aziz",\n "type": "personal_chat",\n "id": 5012345678,\n "messages": [\n')
        for i in range(n):
            t += timedelta(seconds=rng.randint(5, 300))
            who, uid = rng.choice([("Sara Haddad", "user7012345678"), ("Omar Aziz", "user5012345678")])
            m = {"id": i + 1, "type": "message", "date": t.strftime("%Y-%m-%dT%H:%M:%S"),
                 "date_unixtime": str(int(t.timestamp())), "from": who, "from_id": uid}
            body = text(rng)
            if rng.random() < 0.1:
                m["reply_to_message_id"] = max(1, i - rng.randint(1, 20))
            if rng.random() < 0.1:
                m["text"] = [body, {"type": "bold", "text": "now"}]
                m["text_entities"] = [{"type": "plain", "text": body}, {"type": "bold", "text": "now"}]
            else:
                m["text"] = body
                m["text_entities"] = [{"type": "plain", "text": body}]
            if rng.random() < 0.03:
                m["photo"] = "(File not included. Change data exporting settings to download.)"
                m["width"], m["height"] = 1280, 720
            f.write("  " + json.dumps(m, ensure_ascii=False, indent=1).replace("\n", "\n  ") + (",\n" if i < n - 1 else "\n"))
        f.write(" ]\n}\n")


if __name__ == "__main__":
    kind, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    {"whatsapp": whatsapp, "telegram": telegram}[kind](n, out, random.Random(20260301))

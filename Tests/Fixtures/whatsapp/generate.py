#!/usr/bin/env python3
"""Writes the WhatsApp `.txt` fixtures and their golden events (docs/TIMELINE.md §5).

    python3 Tests/Fixtures/whatsapp/generate.py

For each fixture NAME it writes:

    NAME.txt             the export, byte for byte
    NAME.options.json    how the parser is run (exhibit, zone, given date order, attachments
                         the export carries) and what its survey must find
    NAME.events.jsonl    the events expected, one per line, in RFC 8785 canonical form

The golden events are NOT produced by Sanad. Each event below is written by hand next to the
exact bytes it is read from: its local time, sender, kind, text and attachments are what a
person reading the export concludes, and the comments say why where it is not obvious. This
script only does the bookkeeping a person should not do by hand: byte offsets, line numbers,
the file's SHA-256, and UTC times, computed with Python's own zoneinfo (PEP 495: fold=0 takes
the earlier of a repeated time and the offset before a skipped one). The people and
conversations are invented.

Checked by Tests/SanadTests/WhatsAppFixtureTests.swift. Regenerating gives identical files.
"""
import hashlib
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent

LRM, RLM = "\u200e", "\u200f"  # bidi marks: removed from text
LRE, PDF = "\u202a", "\u202c"  # embedding around phone numbers: removed
BOM = "\ufeff"  # removed
NBSP, NNBSP = "\u00a0", "\u202f"  # spaces: kept in text, accepted in timestamps
AR_COMMA = "\u060c"


def ar(n, width=0):
    """A number in Arabic-Indic digits."""
    return str(n).zfill(width).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))


def ar_date(d, m, y):
    """An Android/iOS Arabic date: Arabic-Indic digits, RLM after day and month."""
    return f"{ar(d)}{RLM}/{ar(m)}{RLM}/{ar(y)}"


# --- what an expected event says ------------------------------------------------------------


def msg(raw, local, sender, text, kind="message", attachments=(), phone=None, calendar=None, order=None):
    """A message from `sender` at wall-clock `local` (ISO, the source's precision)."""
    s = {"name": sender}
    if phone:
        s["phone"] = phone
    return raw, dict(local=local, sender=s, kind=kind, text=text, attachments=list(attachments),
                     calendar=calendar, order=order)


def system(raw, local, text, calendar=None, order=None):
    """A notice: no sender, `text` is everything after the stamp."""
    return raw, dict(local=local, sender=None, kind="system", text=text, attachments=[], calendar=calendar, order=order)


def unparsed(raw, reason, text, local=None, sender=None):
    """Bytes the parser cannot read as an event; `not-utf8` keeps the header's time and sender."""
    return raw, dict(local=local, sender={"name": sender} if sender else None, kind="unparsed", text=text,
                     attachments=[], reason=reason, calendar=None, order=None)


def named(name, media):
    return {"name": name, "status": "named", "media": media} if media else {"name": name, "status": "named"}


def linked(name, exhibit, media):
    return {"name": name, "status": "linked", "exhibit": exhibit, "media": media}


def omitted(media=None, name=None):
    a = {"name": name, "status": "omitted"}
    if media:
        a["media"] = media
    return a


# --- the fixtures ---------------------------------------------------------------------------

FIXTURES = []


def fixture(name, about, participants, events, *, order=("dmy", "inferred"), finding=None, zone=None,
            zone_basis="declared-at-ingest", given_order=None, crlf_framed=False, exhibit="E0001", title=None,
            attachment_exhibits=None, calendar="gregorian"):
    """`order` is how the file's dates are read (order, basis); `finding` what the survey reports
    about the date order, when it differs from `order` (ambiguous files)."""
    FIXTURES.append(dict(name=name, about=about, participants=participants, events=events, order=order,
                         finding=finding, zone=zone, zone_basis=zone_basis, given_order=given_order,
                         crlf_framed=crlf_framed, exhibit=exhibit, title=title,
                         attachment_exhibits=attachment_exhibits or {}, calendar=calendar))


E2E_EN = ("Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, "
          "can read or listen to them. Tap to learn more.")

fixture(
    "android-en-24h", "Android, English (UK): day/month/year, 24-hour clock, LF; zone declared at ingest.",
    ["Sara Haddad", "Omar Aziz"],
    [
        # No sender: the encryption notice. 18 cannot be a month, so line 1 already decides dmy.
        system(f"18/03/2022, 14:50 - {E2E_EN}\n", "2022-03-18T14:50", E2E_EN),
        msg("18/03/2022, 14:56 - Sara Haddad: Good afternoon, are you at the library?\n",
            "2022-03-18T14:56", "Sara Haddad", "Good afternoon, are you at the library?"),
        # Continuation lines, one of them empty, belong to the message; the final LF does not.
        msg("18/03/2022, 14:58 - Omar Aziz: Yes, second floor.\nBring the blue folder please\n\nand the charger\n",
            "2022-03-18T14:58", "Omar Aziz", "Yes, second floor.\nBring the blue folder please\n\nand the charger"),
        msg("19/03/2022, 09:05 - Sara Haddad: Thanks for yesterday 🙂\n",
            "2022-03-19T09:05", "Sara Haddad", "Thanks for yesterday 🙂"),
        msg("19/03/2022, 23:59 - Omar Aziz: Good night\n", "2022-03-19T23:59", "Omar Aziz", "Good night"),
    ],
    order=("dmy", "inferred"), finding=("decided", "dmy", "inferred", 1), zone="Asia/Baghdad",
)

fixture(
    "android-en-us-12h", "Android, English (US): month/day/two-digit year, 12-hour clock with U+202F or NBSP before AM/PM.",
    ["Maya Lopez", "Daniel Kim"],
    [
        # 18 can only be the day: month/day/year, decided on line 1. 22 is 2022.
        msg(f"3/18/22, 2:56{NNBSP}PM - Maya Lopez: Are we still on for Saturday?\n",
            "2022-03-18T14:56", "Maya Lopez", "Are we still on for Saturday?"),
        msg(f"3/18/22, 3:02{NNBSP}PM - Daniel Kim: Yes! 10 AM at the park\n",
            "2022-03-18T15:02", "Daniel Kim", "Yes! 10 AM at the park"),
        # 12:05 AM is five past midnight.
        msg(f"3/19/22, 12:05{NNBSP}AM - Maya Lopez: Sorry, late reply. See you there\n",
            "2022-03-19T00:05", "Maya Lopez", "Sorry, late reply. See you there"),
        # 12:30 PM is half past noon; NBSP instead of U+202F.
        msg(f"3/19/22, 12:30{NBSP}PM - Daniel Kim: Running 5 minutes late\n",
            "2022-03-19T12:30", "Daniel Kim", "Running 5 minutes late"),
        # 12/1/22 alone could be 12 January; the file is month/day, so 1 December.
        msg("12/1/22, 9:15 AM - Maya Lopez: Happy December!\n", "2022-12-01T09:15", "Maya Lopez", "Happy December!"),
    ],
    order=("mdy", "inferred"), finding=("decided", "mdy", "inferred", 1),
)

fixture(
    "ios-en-crlf", "iOS, English (UK): BOM, seconds, CRLF between messages and LF inside; a header pasted inside a message.",
    ["Lina Haddad", "Karim Saleh"],
    [
        # The BOM is part of the first event's bytes (offset 0), not of its text. iOS writes its
        # notices as "Chat name: <LRM>notice": a system event whose text is all after the stamp.
        system(f"{BOM}[18/03/2022, 14:56:01] Lina Haddad: {LRM}Messages and calls are end-to-end encrypted. "
               "No one outside of this chat, not even WhatsApp, can read or listen to them.\r\n",
               "2022-03-18T14:56:01",
               "Lina Haddad: Messages and calls are end-to-end encrypted. No one outside of this chat, not even "
               "WhatsApp, can read or listen to them."),
        msg("[18/03/2022, 14:57:10] Lina Haddad: Did you get home ok?\r\n",
            "2022-03-18T14:57:10", "Lina Haddad", "Did you get home ok?"),
        # The third line looks like Lina's message but follows a bare LF: in a CRLF-framed file it
        # is Karim's text, not a message from Lina.
        msg("[18/03/2022, 14:59:42] Karim Saleh: Yes, thanks.\nI copied your message:\n"
            "[18/03/2022, 14:57:10] Lina Haddad: Did you get home ok?\nfunny, right?\r\n",
            "2022-03-18T14:59:42", "Karim Saleh",
            "Yes, thanks.\nI copied your message:\n[18/03/2022, 14:57:10] Lina Haddad: Did you get home ok?\nfunny, right?"),
        msg("[18/03/2022, 15:03:00] Lina Haddad: Good 👍\r\n", "2022-03-18T15:03:00", "Lina Haddad", "Good 👍"),
        msg("[19/03/2022, 08:15:27] Karim Saleh: Morning. The bus is late again\nI will be 20 min late\r\n",
            "2022-03-19T08:15:27", "Karim Saleh", "Morning. The bus is late again\nI will be 20 min late"),
        # The file ends without a line break.
        msg("[19/03/2022, 08:16:03] Lina Haddad: No problem", "2022-03-19T08:16:03", "Lina Haddad", "No problem"),
    ],
    order=("dmy", "inferred"), finding=("decided", "dmy", "inferred", 1), crlf_framed=True,
)

fixture(
    "ios-en-us-attachments", "iOS, English (US): 12-hour clock with U+202F, LRM-marked attachments, omissions, call, deletion, edit, location.",
    ["Maya Lopez", "Daniel Kim"],
    [
        msg(f"[3/18/22, 2:56:01{NNBSP}PM] Maya Lopez: Here is the flyer\r\n",
            "2022-03-18T14:56:01", "Maya Lopez", "Here is the flyer"),
        # The export carries this photo (zip member E0001.2): linked.
        msg(f"{LRM}[3/18/22, 2:56:30{NNBSP}PM] Maya Lopez: {LRM}<attached: 00000035-PHOTO-2022-03-18-14-56-30.jpg>\r\n",
            "2022-03-18T14:56:30", "Maya Lopez", None, kind="media",
            attachments=[linked("00000035-PHOTO-2022-03-18-14-56-30.jpg", "E0001.2", "image")]),
        msg(f"{LRM}[3/18/22, 2:57:02{NNBSP}PM] Daniel Kim: {LRM}image omitted\r\n",
            "2022-03-18T14:57:02", "Daniel Kim", None, kind="media", attachments=[omitted("image")]),
        msg(f"{LRM}[3/18/22, 2:57:40{NNBSP}PM] Daniel Kim: {LRM}video omitted\r\n",
            "2022-03-18T14:57:40", "Daniel Kim", None, kind="media", attachments=[omitted("video")]),
        # A contact card the export names but the parser was not given.
        msg(f"{LRM}[3/18/22, 2:58:00{NNBSP}PM] Maya Lopez: {LRM}<attached: 00000036-Sam Rivera.vcf>\r\n",
            "2022-03-18T14:58:00", "Maya Lopez", None, kind="contact",
            attachments=[named("00000036-Sam Rivera.vcf", "contact")]),
        msg(f"{LRM}[3/18/22, 3:01:12{NNBSP}PM] Maya Lopez: {LRM}audio omitted\r\n",
            "2022-03-18T15:01:12", "Maya Lopez", None, kind="media", attachments=[omitted("audio")]),
        # iOS names an omitted document, with its page count, before "document omitted".
        msg(f"{LRM}[3/18/22, 3:02:00{NNBSP}PM] Daniel Kim: Schedule.pdf • 2 pages {LRM}document omitted\r\n",
            "2022-03-18T15:02:00", "Daniel Kim", None, kind="media", attachments=[omitted("document", "Schedule.pdf")]),
        msg(f"{LRM}[3/18/22, 3:05:45{NNBSP}PM] Daniel Kim: {LRM}Missed voice call\r\n",
            "2022-03-18T15:05:45", "Daniel Kim", "Missed voice call", kind="call"),
        msg(f"{LRM}[3/18/22, 3:06:00{NNBSP}PM] Maya Lopez: {LRM}This message was deleted.\r\n",
            "2022-03-18T15:06:00", "Maya Lopez", None, kind="deleted"),
        # The edited marker is the export's, not Maya's: removed from the text with its space.
        msg(f"[3/18/22, 3:07:10{NNBSP}PM] Maya Lopez: Call me when you can {LRM}<This message was edited>\r\n",
            "2022-03-18T15:07:10", "Maya Lopez", "Call me when you can", kind="edited"),
        msg(f"[3/18/22, 3:08:00{NNBSP}PM] Daniel Kim: {LRM}Location: https://maps.google.com/?q=40.7128,-74.0060\r\n",
            "2022-03-18T15:08:00", "Daniel Kim", "Location: https://maps.google.com/?q=40.7128,-74.0060", kind="location"),
    ],
    order=("mdy", "inferred"), finding=("decided", "mdy", "inferred", 1), crlf_framed=True,
    attachment_exhibits={"00000035-PHOTO-2022-03-18-14-56-30.jpg": "E0001.2"},
)

fixture(
    "android-en-attachments", "Android, English: files attached with captions, omitted media, contact, location, poll.",
    ["Nour Salem", "Ali Hassan"],
    [
        # 05/04 could be either order: the evidence is 17/04, on line 11.
        msg("05/04/2022, 10:15 - Nour Salem: IMG-20220405-WA0001.jpg (file attached)\nThe receipt from the shop\n",
            "2022-04-05T10:15", "Nour Salem", "The receipt from the shop", kind="media",
            attachments=[named("IMG-20220405-WA0001.jpg", "image")]),
        msg("05/04/2022, 10:16 - Nour Salem: PTT-20220405-WA0002.opus (file attached)\n",
            "2022-04-05T10:16", "Nour Salem", None, kind="media", attachments=[named("PTT-20220405-WA0002.opus", "audio")]),
        msg("05/04/2022, 10:20 - Ali Hassan: <Media omitted>\n",
            "2022-04-05T10:20", "Ali Hassan", None, kind="media", attachments=[omitted()]),
        msg("05/04/2022, 10:21 - Ali Hassan: Rami.vcf (file attached)\n",
            "2022-04-05T10:21", "Ali Hassan", None, kind="contact", attachments=[named("Rami.vcf", "contact")]),
        msg("05/04/2022, 10:22 - Nour Salem: location: https://maps.google.com/?q=33.3152,44.3661\n",
            "2022-04-05T10:22", "Nour Salem", "location: https://maps.google.com/?q=33.3152,44.3661", kind="location"),
        msg("05/04/2022, 10:30 - Ali Hassan: POLL:\nWhich day for the meeting?\nOPTION: Sunday (1 vote)\nOPTION: Monday (0 votes)\n",
            "2022-04-05T10:30", "Ali Hassan", "POLL:\nWhich day for the meeting?\nOPTION: Sunday (1 vote)\nOPTION: Monday (0 votes)",
            kind="poll"),
        msg("17/04/2022, 18:00 - Nour Salem: DOC-20220417-WA0003.pdf (file attached)\nLease contract.pdf\n",
            "2022-04-17T18:00", "Nour Salem", "Lease contract.pdf", kind="media",
            attachments=[named("DOC-20220417-WA0003.pdf", "document")]),
    ],
    order=("dmy", "inferred"), finding=("decided", "dmy", "inferred", 11),
)

fixture(
    "android-ar", "Android, Arabic: Arabic-Indic digits, RLM after day and month, U+060C, ص/م, phone number in U+202A/U+202C.",
    ["سارة", "+964 770 123 4567"],
    [
        system(f"{ar_date(18, 3, 2022)}{AR_COMMA} {ar(2)}:{ar(50)} م - سارة أضافتك\n", "2022-03-18T14:50", "سارة أضافتك"),
        msg(f"{ar_date(18, 3, 2022)}{AR_COMMA} {ar(2)}:{ar(56)} م - سارة: مرحبا، كيف حالك؟\n",
            "2022-03-18T14:56", "سارة", "مرحبا، كيف حالك؟"),
        # An unsaved contact: the number, wrapped in LRE…PDF, is the sender.
        msg(f"{ar_date(18, 3, 2022)}{AR_COMMA} {ar(3)}:{ar(0, 2)} م - {LRE}+964 770 123 4567{PDF}: بخير، شكراً\n",
            "2022-03-18T15:00", "+964 770 123 4567", "بخير، شكراً", phone="+9647701234567"),
        msg(f"{ar_date(19, 3, 2022)}{AR_COMMA} {ar(9)}:{ar(15)} ص - سارة: <تم استبعاد الوسائط>\n",
            "2022-03-19T09:15", "سارة", None, kind="media", attachments=[omitted()]),
        msg(f"{ar_date(19, 3, 2022)}{AR_COMMA} {ar(9)}:{ar(16)} ص - {LRE}+964 770 123 4567{PDF}: تم حذف هذه الرسالة\n",
            "2022-03-19T09:16", "+964 770 123 4567", None, kind="deleted", phone="+9647701234567"),
        # ١٢:٠٥ م is 12:05 (noon).
        msg(f"{ar_date(19, 3, 2022)}{AR_COMMA} {ar(12)}:{ar(5, 2)} م - سارة: موعدنا غداً\nفي المكتبة\n",
            "2022-03-19T12:05", "سارة", "موعدنا غداً\nفي المكتبة"),
        # ١٢:٣٠ ص is half past midnight; the edited marker, with its RLM and space, is not text.
        msg(f"{ar_date(20, 3, 2022)}{AR_COMMA} {ar(12)}:{ar(30)} ص - سارة: تصبح على خير {RLM}<تم تعديل هذه الرسالة>\n",
            "2022-03-20T00:30", "سارة", "تصبح على خير", kind="edited"),
    ],
    order=("dmy", "inferred"), finding=("decided", "dmy", "inferred", 1), zone="Asia/Baghdad",
)

fixture(
    "ios-ar", "iOS, Arabic: bracketed stamp with seconds, Arabic-Indic digits, RLM, U+060C, ص/م, CRLF.",
    ["سارة", "ليلى"],
    [
        msg(f"[{ar_date(18, 3, 2022)}{AR_COMMA} {ar(2)}:{ar(56)}:{ar(1, 2)} م] سارة: مساء الخير\r\n",
            "2022-03-18T14:56:01", "سارة", "مساء الخير"),
        msg(f"[{ar_date(18, 3, 2022)}{AR_COMMA} {ar(2)}:{ar(57)}:{ar(10)} م] ليلى: أهلاً\nكيف الحال؟\r\n",
            "2022-03-18T14:57:10", "ليلى", "أهلاً\nكيف الحال؟"),
        msg(f"{RLM}[{ar_date(21, 3, 2022)}{AR_COMMA} {ar(10)}:{ar(0, 2)}:{ar(0, 2)} ص] سارة: {RLM}تم حذف هذه الرسالة.\r\n",
            "2022-03-21T10:00:00", "سارة", None, kind="deleted"),
        msg(f"[{ar_date(21, 3, 2022)}{AR_COMMA} {ar(11)}:{ar(45)}:{ar(30)} ص] ليلى: {RLM}شكراً جزيلاً{RLM}",
            "2022-03-21T11:45:30", "ليلى", "شكراً جزيلاً"),
    ],
    order=("dmy", "inferred"), finding=("decided", "dmy", "inferred", 1), crlf_framed=True,
)

fixture(
    "ios-vi-time-first", "iOS, Vietnamese: the time comes before the date; zone given to the timeline.",
    ["Minh Anh", "Quốc Bảo"],
    [
        msg("[14:56:01, 18/03/2022] Minh Anh: Chào bạn, mai gặp nhé\r\n", "2022-03-18T14:56:01", "Minh Anh",
            "Chào bạn, mai gặp nhé"),
        msg("[14:57:30, 18/03/2022] Quốc Bảo: Ok, 9 giờ sáng nhé\r\n", "2022-03-18T14:57:30", "Quốc Bảo",
            "Ok, 9 giờ sáng nhé"),
        msg("[08:02:11, 19/03/2022] Minh Anh: Mình đến rồi\r\n", "2022-03-19T08:02:11", "Minh Anh", "Mình đến rồi"),
    ],
    order=("dmy", "inferred"), finding=("decided", "dmy", "inferred", 1), crlf_framed=True,
    zone="Asia/Ho_Chi_Minh", zone_basis="given-to-timeline",
)

fixture(
    "ios-ja-era", "iOS, Japanese calendar: Heisei and Reiwa era years (H31 = 2019, R1 = 2019, R4 = 2022).",
    ["佐藤 花子", "田中 一郎"],
    [
        # The last evening of Heisei and the first minutes of Reiwa.
        msg("[H31/04/30 23:59:00] 佐藤 花子: 平成最後の夜ですね\r\n", "2019-04-30T23:59:00", "佐藤 花子", "平成最後の夜ですね",
            calendar="japanese"),
        msg("[R1/05/01 00:00:05] 田中 一郎: 令和になりました\r\n", "2019-05-01T00:00:05", "田中 一郎", "令和になりました",
            calendar="japanese"),
        msg("[R4/03/18 14:56:01] 佐藤 花子: こんにちは\r\n", "2022-03-18T14:56:01", "佐藤 花子", "こんにちは", calendar="japanese"),
    ],
    # An era makes the first number a year: year-first, whatever else the file says.
    order=("ymd", "inferred"), finding=("decided", "ymd", "inferred", 1), crlf_framed=True, calendar="japanese",
    zone="Asia/Tokyo",
)

# Traits of real exports (Tests/Fixtures/REAL-SOURCES.md), with invented people and words.

fixture(
    "ios-ja-era-last", "iOS, Japanese calendar with month/day order: the era year written last (3/18/R4).",
    ["佐藤", "田中"],
    [
        # 18 cannot be a month: month/day, decided on line 1; R4 is Reiwa 4 = 2022.
        msg("[3/18/R4, 14:56:01] 佐藤: 駅に着きました\r\n", "2022-03-18T14:56:01", "佐藤", "駅に着きました", calendar="japanese"),
        msg("[3/19/R4, 9:05:00] 田中: おはようございます\r\n", "2022-03-19T09:05:00", "田中", "おはようございます",
            calendar="japanese"),
        # Heisei 31 was the last year of Heisei: 2019.
        msg("[4/30/H31, 23:59:00] 佐藤: 平成最後\r\n", "2019-04-30T23:59:00", "佐藤", "平成最後", calendar="japanese"),
    ],
    order=("mdy", "inferred"), finding=("decided", "mdy", "inferred", 1), crlf_framed=True, calendar="japanese",
    zone="Asia/Tokyo",
)

fixture(
    "ios-th-buddhist-be", "iOS, Thai calendar, English language: month/day and a Buddhist year marked BE.",
    ["Somchai", "Suda"],
    [
        msg("[3/18/2565 BE, 14:56:01] Somchai: Are you home yet?\r\n", "2022-03-18T14:56:01", "Somchai",
            "Are you home yet?", calendar="buddhist"),
        msg("[3/18/2565 BE, 15:10:40] Suda: Yes, just now\r\n", "2022-03-18T15:10:40", "Suda", "Yes, just now",
            calendar="buddhist"),
    ],
    order=("mdy", "inferred"), finding=("decided", "mdy", "inferred", 1), crlf_framed=True, calendar="buddhist",
    zone="Asia/Bangkok",
)

fixture(
    "ios-ru-hi-notices", "iOS, Russian and Hindi: localised media, deletion and location notices keep their sender "
    "(Hindi with ड़ as U+095C, as WhatsApp writes it).",
    ["Анна", "Борис", "राहुल"],
    [
        # 18 cannot be a month: month/day, decided on line 1.
        msg(f"[3/18/22, 14:56:00] Анна: {LRM}изображение отсутствует\r\n", "2022-03-18T14:56:00", "Анна", None,
            kind="media", attachments=[omitted("image")]),
        msg("[3/18/22, 14:57:10] Борис: Привет, получил\r\n", "2022-03-18T14:57:10", "Борис", "Привет, получил"),
        msg(f"[3/18/22, 14:58:00] Анна: {LRM}Данное сообщение удалено.\r\n", "2022-03-18T14:58:00", "Анна", None,
            kind="deleted"),
        msg(f"[3/18/22, 14:59:00] Борис: {LRM}Местоположение: https://maps.google.com/?q=55.7558,37.6173\r\n",
            "2022-03-18T14:59:00", "Борис", "Местоположение: https://maps.google.com/?q=55.7558,37.6173",
            kind="location"),
        msg(f"[3/18/22, 15:01:00] राहुल: {LRM}वीडियो छो\u095cा गया\r\n", "2022-03-18T15:01:00", "राहुल", None,
            kind="media", attachments=[omitted("video")]),
        # A notice not in the tables stays a notice, its whole text kept: nothing is invented.
        system(f"[3/18/22, 15:02:00] Анна: {LRM}Анна изменила тему\r\n", "2022-03-18T15:02:00",
               "Анна: Анна изменила тему"),
    ],
    order=("mdy", "inferred"), finding=("decided", "mdy", "inferred", 1), crlf_framed=True,
)

fixture(
    "android-en-month-name", "Android before 2014: the time first, then the day, the month's English name and the year.",
    ["Ravi", "Meera"],
    [
        msg("19:23, 28 Aug 2013 - Ravi: Are we meeting today?\n", "2013-08-28T19:23", "Ravi", "Are we meeting today?"),
        # A day of 12 or less, which digits would leave ambiguous: the name settles it.
        msg("07:05, 5 Sep 2013 - Meera: Yes, at 6\n", "2013-09-05T07:05", "Meera", "Yes, at 6"),
        msg("21:40, 12 September 2013 - Ravi: Done\n", "2013-09-12T21:40", "Ravi", "Done"),
    ],
    # The month's name leaves no order to decide: read as year, month, day (docs/TIMELINE.md §5.1).
    order=("ymd", "inferred"), finding=("decided", "ymd", "inferred", 1),
)

fixture(
    "ios-en-legacy", "iOS before 2017: no brackets, a colon after the time, 12-hour clock, CRLF between messages.",
    ["Nadia K.", "Omar"],
    [
        # The group's creation: a notice with LRM; Nadia K. is in its words, not a sender.
        system(f"7/1/16, 4:56:55 PM: {LRM}Nadia K. created this group\r\n", "2016-07-01T16:56:55",
               "Nadia K. created this group"),
        msg("7/1/16, 5:13:36 PM: Nadia K.: Hi all 🙂\r\n", "2016-07-01T17:13:36", "Nadia K.", "Hi all 🙂"),
        msg("7/1/16, 5:14:12 PM: Omar: Hello\nsecond line\r\n", "2016-07-01T17:14:12", "Omar", "Hello\nsecond line"),
        # 13 cannot be a month: the first line that decides month/day (line 5: the message above has two).
        msg("7/13/16, 9:02:00 AM: Nadia K.: Meeting moved to Friday\r\n", "2016-07-13T09:02:00", "Nadia K.",
            "Meeting moved to Friday"),
    ],
    order=("mdy", "inferred"), finding=("decided", "mdy", "inferred", 5), crlf_framed=True,
)

fixture(
    "android-en-day-periods", "Android, English (Ireland, South Africa): day periods instead of AM/PM.",
    ["Wolf", "Jana"],
    [
        system(f"03/01/2021, 9:15 in the morning - {E2E_EN}\n", "2021-01-03T09:15", E2E_EN),
        msg("03/01/2021, 9:15 in the morning - Wolf: Good morning\n", "2021-01-03T09:15", "Wolf", "Good morning"),
        # 13 cannot be a month: day/month, decided on line 3.
        msg("13/01/2021, 2:30 in the afternoon - Jana: Lunch?\n", "2021-01-13T14:30", "Jana", "Lunch?"),
        msg("13/01/2021, 8:05 in the evening - Wolf: Home now\n", "2021-01-13T20:05", "Wolf", "Home now"),
        # Night runs from 21:00 to 06:00: 11 at night is 23:00, 1 at night is 01:00.
        msg("13/01/2021, 11:40 at night - Jana: Still awake?\n", "2021-01-13T23:40", "Jana", "Still awake?"),
        # A line inside a message with a date, a time without seconds and a colon is text: only
        # iOS before 2017 wrote that shape, and always with seconds.
        msg("13/01/2021, 11:45 at night - Wolf: Copying the note:\n14/01/2021, 9:00: Ali: pick up\n",
            "2021-01-13T23:45", "Wolf", "Copying the note:\n14/01/2021, 9:00: Ali: pick up"),
        # Twelve o'clock is "noon" or "midnight" in these locales.
        msg("14/01/2021, 12:00 noon - Jana: Lunch now\n", "2021-01-14T12:00", "Jana", "Lunch now"),
        msg("14/01/2021, 12:00 midnight - Wolf: Sleep\n", "2021-01-14T00:00", "Wolf", "Sleep"),
        msg("14/01/2021, 1:10 at night - Wolf: Yes", "2021-01-14T01:10", "Wolf", "Yes"),
    ],
    order=("dmy", "inferred"), finding=("decided", "dmy", "inferred", 3),
)

fixture(
    "ios-ja-12h", "iOS, Japanese (Gregorian): year first, 午前/午後 before the time.",
    ["佐藤", "田中"],
    [
        msg("[2022/03/18 午後2:56:01] 佐藤: 駅に着きました\r\n", "2022-03-18T14:56:01", "佐藤", "駅に着きました"),
        # 午前0:05 is five past midnight; 午後0:10 is ten past noon.
        msg("[2022/03/19 午前0:05:00] 田中: おやすみなさい\r\n", "2022-03-19T00:05:00", "田中", "おやすみなさい"),
        msg("[2022/03/19 午後0:10:00] 佐藤: お昼どうする？\r\n", "2022-03-19T12:10:00", "佐藤", "お昼どうする？"),
    ],
    order=("ymd", "inferred"), finding=("decided", "ymd", "inferred", 1), crlf_framed=True,
)

fixture(
    "ios-th-buddhist", "iOS, Thai: Buddhist Era year 2565 (= 2022), date and time separated by a space only.",
    ["สมชาย", "สุดา"],
    [
        msg("[18/3/2565 14:56:01] สมชาย: สวัสดีครับ\r\n", "2022-03-18T14:56:01", "สมชาย", "สวัสดีครับ", calendar="buddhist"),
        msg("[25/3/2565 09:00:00] สุดา: พรุ่งนี้เจอกันนะคะ\r\n", "2022-03-25T09:00:00", "สุดา", "พรุ่งนี้เจอกันนะคะ",
            calendar="buddhist"),
    ],
    order=("dmy", "inferred"), finding=("decided", "dmy", "inferred", 1), crlf_framed=True, calendar="buddhist",
    zone="Asia/Bangkok",
)

fixture(
    "android-th-buddhist-2digit", "Android, Thai: two-digit Buddhist Era year (65 = 2565 BE = 2022).",
    ["สมชาย", "สุดา"],
    [
        msg("18/3/65 14:56 - สมชาย: ถึงบ้านหรือยัง\n", "2022-03-18T14:56", "สมชาย", "ถึงบ้านหรือยัง", calendar="buddhist"),
        msg("18/3/65 15:10 - สุดา: ถึงแล้วค่ะ\n", "2022-03-18T15:10", "สุดา", "ถึงแล้วค่ะ", calendar="buddhist"),
    ],
    order=("dmy", "inferred"), finding=("decided", "dmy", "inferred", 1), calendar="buddhist",
)

fixture(
    "android-de", "Android, German: dotted two-digit-year dates; German media, attachment, deletion and edit notices.",
    ["Jonas Becker", "Lea Wagner"],
    [
        msg("18.03.22, 14:56 - Jonas Becker: Hallo! Wann kommst du?\n", "2022-03-18T14:56", "Jonas Becker",
            "Hallo! Wann kommst du?"),
        msg("18.03.22, 14:58 - Lea Wagner: <Medien ausgeschlossen>\n", "2022-03-18T14:58", "Lea Wagner", None,
            kind="media", attachments=[omitted()]),
        msg("18.03.22, 15:01 - Lea Wagner: IMG-20220318-WA0004.jpg (Datei angehängt)\nDas Foto vom Plan\n",
            "2022-03-18T15:01", "Lea Wagner", "Das Foto vom Plan", kind="media",
            attachments=[named("IMG-20220318-WA0004.jpg", "image")]),
        msg("18.03.22, 15:05 - Jonas Becker: Diese Nachricht wurde gelöscht.\n", "2022-03-18T15:05", "Jonas Becker",
            None, kind="deleted"),
        msg("18.03.22, 15:06 - Lea Wagner: Bis morgen <Diese Nachricht wurde bearbeitet.>\n", "2022-03-18T15:06",
            "Lea Wagner", "Bis morgen", kind="edited"),
        msg("01.04.22, 08:00 - Jonas Becker: Du hast diese Nachricht gelöscht.\n", "2022-04-01T08:00", "Jonas Becker",
            None, kind="deleted"),
    ],
    order=("dmy", "inferred"), finding=("decided", "dmy", "inferred", 1),
)

fixture(
    "android-es-am-pm", "Android, Spanish: 'a. m.'/'p. m.' with U+202F and NBSP (or plain spaces), Spanish notices.",
    ["Lucía Fernández", "Mateo Ruiz"],
    [
        msg(f"18/3/22, 2:56{NNBSP}p.{NBSP}m. - Lucía Fernández: Hola, ¿ya llegaste?\n", "2022-03-18T14:56",
            "Lucía Fernández", "Hola, ¿ya llegaste?"),
        msg(f"18/3/22, 3:10{NNBSP}p.{NBSP}m. - Mateo Ruiz: <Multimedia omitido>\n", "2022-03-18T15:10", "Mateo Ruiz",
            None, kind="media", attachments=[omitted()]),
        msg(f"19/3/22, 9:05{NNBSP}a.{NBSP}m. - Lucía Fernández: Se eliminó este mensaje.\n", "2022-03-19T09:05",
            "Lucía Fernández", None, kind="deleted"),
        msg("19/3/22, 9:06 a. m. - Mateo Ruiz: Eliminaste este mensaje.\n", "2022-03-19T09:06", "Mateo Ruiz", None,
            kind="deleted"),
        # 12:15 a. m. is a quarter past midnight.
        msg(f"19/3/22, 12:15{NNBSP}a.{NBSP}m. - Lucía Fernández: Nos vemos a las 5 <Se editó este mensaje.>\n",
            "2022-03-19T00:15", "Lucía Fernández", "Nos vemos a las 5", kind="edited"),
        msg(f"19/3/22, 12:20{NNBSP}p.{NBSP}m. - Mateo Ruiz: DOC-20220319-WA0007.pdf (archivo adjunto)\n",
            "2022-03-19T12:20", "Mateo Ruiz", None, kind="media", attachments=[named("DOC-20220319-WA0007.pdf", "document")]),
    ],
    order=("dmy", "inferred"), finding=("decided", "dmy", "inferred", 1),
)

fixture(
    "android-fr", "Android, French: 'à' between date and time; French media, attachment, deletion and edit notices.",
    ["Camille Martin", "Hugo Bernard"],
    [
        msg("18/03/2022 à 14:56 - Camille Martin: Salut ! Tu es où ?\n", "2022-03-18T14:56", "Camille Martin",
            "Salut ! Tu es où ?"),
        msg("18/03/2022 à 14:58 - Hugo Bernard: <Médias omis>\n", "2022-03-18T14:58", "Hugo Bernard", None,
            kind="media", attachments=[omitted()]),
        msg("18/03/2022 à 15:00 - Hugo Bernard: IMG-20220318-WA0009.jpg (fichier joint)\n", "2022-03-18T15:00",
            "Hugo Bernard", None, kind="media", attachments=[named("IMG-20220318-WA0009.jpg", "image")]),
        msg("18/03/2022 à 15:02 - Camille Martin: Ce message a été supprimé.\n", "2022-03-18T15:02", "Camille Martin",
            None, kind="deleted"),
        msg("18/03/2022 à 15:03 - Camille Martin: Rendez-vous à 18 h <Ce message a été modifié>\n", "2022-03-18T15:03",
            "Camille Martin", "Rendez-vous à 18 h", kind="edited"),
    ],
    order=("dmy", "inferred"), finding=("decided", "dmy", "inferred", 1), zone="Europe/Paris",
)

fixture(
    "android-en-deleted-edited", "Android, English: deleted messages, edited messages, an edited caption.",
    ["Farah Nasser", "Sami Haddad"],
    [
        msg("02/05/2022, 20:00 - Farah Nasser: This message was deleted\n", "2022-05-02T20:00", "Farah Nasser", None,
            kind="deleted"),
        msg("02/05/2022, 20:01 - Sami Haddad: You deleted this message\n", "2022-05-02T20:01", "Sami Haddad", None,
            kind="deleted"),
        msg("02/05/2022, 20:02 - Farah Nasser: See you at 8 <This message was edited>\n", "2022-05-02T20:02",
            "Farah Nasser", "See you at 8", kind="edited"),
        # An edited caption: kind edited, the attachment kept.
        msg("02/05/2022, 20:03 - Sami Haddad: IMG-20220502-WA0011.jpg (file attached)\nNew photo of the room <This message was edited>\n",
            "2022-05-02T20:03", "Sami Haddad", "New photo of the room", kind="edited",
            attachments=[named("IMG-20220502-WA0011.jpg", "image")]),
        # 13 decides day/month on line 6.
        msg("13/05/2022, 07:45 - Farah Nasser: Thanks\n", "2022-05-13T07:45", "Farah Nasser", "Thanks"),
    ],
    order=("dmy", "inferred"), finding=("decided", "dmy", "inferred", 6),
)

fixture(
    "android-en-group-system", "Android, English group: notices without a sender, quotes and colons inside notices, '~ name'.",
    ["~\u202fZaid Omar", "Hiba Mansour"],
    [
        system(f"10/06/2022, 18:00 - {E2E_EN}\n", "2022-06-10T18:00", E2E_EN),
        # The colon inside the quoted group name does not make "Hiba Mansour created group "Rent" a sender.
        system('10/06/2022, 18:00 - Hiba Mansour created group "Rent: June"\n', "2022-06-10T18:00",
               'Hiba Mansour created group "Rent: June"'),
        system("10/06/2022, 18:01 - Hiba Mansour added Zaid Omar\n", "2022-06-10T18:01", "Hiba Mansour added Zaid Omar"),
        # WhatsApp shows non-contacts as "~ name" with U+202F: a space, kept as written.
        msg("10/06/2022, 18:02 - ~\u202fZaid Omar: Hi all\n", "2022-06-10T18:02", "~\u202fZaid Omar", "Hi all"),
        system('10/06/2022, 18:03 - Hiba Mansour changed the subject from "Rent: June" to "Rent: July"\n',
               "2022-06-10T18:03", 'Hiba Mansour changed the subject from "Rent: June" to "Rent: July"'),
        system("10/06/2022, 18:05 - Zaid Omar left\n", "2022-06-10T18:05", "Zaid Omar left"),
        # A colon in the text is the sender's own.
        msg("25/06/2022, 09:00 - Hiba Mansour: Reminder: payment is due on Friday\n", "2022-06-25T09:00",
            "Hiba Mansour", "Reminder: payment is due on Friday"),
    ],
    order=("dmy", "inferred"), finding=("decided", "dmy", "inferred", 7),
)

fixture(
    "android-en-ambiguous", "Android, English: every date reads validly as day/month and month/day; read with a given order.",
    ["Rania Khalil", "Yusuf Demir"],
    [
        msg("03/04/2022, 10:00 - Rania Khalil: Did you send the form?\n", "2022-04-03T10:00", "Rania Khalil",
            "Did you send the form?"),
        msg("03/04/2022, 10:05 - Yusuf Demir: Not yet, tomorrow\n", "2022-04-03T10:05", "Yusuf Demir", "Not yet, tomorrow"),
        msg("04/04/2022, 09:30 - Yusuf Demir: Sent it now\n", "2022-04-04T09:30", "Yusuf Demir", "Sent it now"),
        msg("05/04/2022, 11:00 - Rania Khalil: Received, thanks\n", "2022-04-05T11:00", "Rania Khalil", "Received, thanks"),
    ],
    # The survey must refuse to choose; the caller (who checked the phone) says day/month.
    order=("dmy", "given"), finding=("ambiguous", 1), given_order="dmy",
)

fixture(
    "android-en-inconsistent", "Android, English: one date only valid as day/month, another only as month/day.",
    ["Rania Khalil", "Yusuf Demir"],
    [
        msg("13/01/2022, 10:00 - Rania Khalil: Happy new year, a bit late\n", "2022-01-13T10:00", "Rania Khalil",
            "Happy new year, a bit late"),
        # Impossible as day/month (month 14): unparsed, and its continuation line with it.
        unparsed("01/14/2022, 10:05 - Yusuf Demir: Thanks!\nSame to you\n", "invalid-date",
                 "01/14/2022, 10:05 - Yusuf Demir: Thanks!\nSame to you"),
        msg("15/01/2022, 08:00 - Yusuf Demir: Morning\n", "2022-01-15T08:00", "Yusuf Demir", "Morning"),
    ],
    order=("dmy", "given"), finding=("inconsistent", 1, 2), given_order="dmy",
)

fixture(
    "android-en-malformed", "Lines before the first header, impossible dates and times, invalid UTF-8, empty texts, no final LF.",
    ["Sara Haddad", "Omar Aziz"],
    [
        unparsed("This file was saved from a phone\n", "no-header", "This file was saved from a phone"),
        unparsed("\n", "no-header", ""),
        msg("18/03/2022, 14:56 - Sara Haddad: First real message\n", "2022-03-18T14:56", "Sara Haddad", "First real message"),
        # 31 February: impossible in either order, so no evidence, and unparsed.
        unparsed("31/02/2022, 10:00 - Sara Haddad: impossible date\ncontinued line\n", "invalid-date",
                 "31/02/2022, 10:00 - Sara Haddad: impossible date\ncontinued line"),
        unparsed("18/03/2022, 25:10 - Omar Aziz: impossible hour\n", "invalid-time",
                 "18/03/2022, 25:10 - Omar Aziz: impossible hour"),
        unparsed("18/03/2022, 13:05 PM - Omar Aziz: thirteen PM\n", "invalid-time",
                 "18/03/2022, 13:05 PM - Omar Aziz: thirteen PM"),
        # A byte that is not UTF-8: no exact text can be given, but the header was sound.
        unparsed(b"18/03/2022, 15:00 - Omar Aziz: bad byte \xff here\n", "not-utf8", None,
                 local="2022-03-18T15:00", sender="Omar Aziz"),
        # A header with nothing after it: a notice with empty text.
        system("18/03/2022, 15:01 - \n", "2022-03-18T15:01", ""),
        # A sender and an empty text.
        msg("18/03/2022, 15:02 - Omar Aziz:\n", "2022-03-18T15:02", "Omar Aziz", ""),
        msg("18/03/2022, 15:03 - Sara Haddad: last line without a line break", "2022-03-18T15:03", "Sara Haddad",
            "last line without a line break"),
    ],
    order=("dmy", "inferred"), finding=("decided", "dmy", "inferred", 3),
)

fixture(
    "android-en-dst", "Android, English: times in the hours skipped and repeated by daylight-saving changes (Europe/Berlin).",
    ["Anna Vogel", "Ben Roth"],
    [
        msg("27/03/2022, 01:30 - Anna Vogel: before the change\n", "2022-03-27T01:30", "Anna Vogel", "before the change"),
        # Clocks went from 02:00 to 03:00: 02:30 never happened; read with +01:00.
        msg("27/03/2022, 02:30 - Anna Vogel: this time never happened\n", "2022-03-27T02:30", "Anna Vogel",
            "this time never happened"),
        msg("27/03/2022, 03:30 - Ben Roth: after the change\n", "2022-03-27T03:30", "Ben Roth", "after the change"),
        # Clocks went from 03:00 back to 02:00: 02:30 happened twice; the earlier (+02:00) is taken.
        msg("30/10/2022, 02:30 - Ben Roth: this time happened twice\n", "2022-10-30T02:30", "Ben Roth",
            "this time happened twice"),
        msg("30/10/2022, 03:30 - Anna Vogel: after the change back\n", "2022-10-30T03:30", "Anna Vogel",
            "after the change back"),
    ],
    order=("dmy", "inferred"), finding=("decided", "dmy", "inferred", 1), zone="Europe/Berlin",
)


# --- bookkeeping ----------------------------------------------------------------------------


def utc(local, zone_name):
    """The instant and the zone member for a wall-clock time in a declared zone."""
    naive = datetime.fromisoformat(local)
    z = ZoneInfo(zone_name)
    first, second = naive.replace(tzinfo=z, fold=0), naive.replace(tzinfo=z, fold=1)
    round_trip = first.astimezone(timezone.utc).astimezone(z).replace(tzinfo=None)
    dst = None
    if round_trip != naive:
        dst = "skipped"  # fold=0 in a gap uses the offset before the change
    elif first.utcoffset() != second.utcoffset():
        dst = "repeated"  # fold=0 is the earlier instant
    offset = first.utcoffset()
    instant = (naive - offset).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    zone = {"basis": None, "name": zone_name, "offset": f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"}
    if dst:
        zone["dst"] = dst
    return instant, zone


def canonical(value):
    # Keys are ASCII, so code-point order is RFC 8785's UTF-16 order; Python escapes exactly
    # the characters JCS escapes, in lower case.
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def build(fx):
    chunks = [raw.encode("utf-8") if isinstance(raw, str) else raw for raw, _ in fx["events"]]
    data = b"".join(chunks)
    digest = hashlib.sha256(data).hexdigest()
    lines = []
    offset = 0
    for chunk, (_, e) in zip(chunks, fx["events"]):
        line = data[:offset].count(b"\n") + 1
        event = {
            "v": 1,
            "time": None,
            "local_time": e["local"],
            "zone": None,
            "platform": "whatsapp",
            "conversation": {"title": fx["title"], "participants": fx["participants"]},
            "sender": e["sender"],
            "kind": e["kind"],
            "text": e["text"],
            "attachments": e["attachments"],
            "reply_to": None,
            "forwarded_from": None,
            "source": {"exhibit": fx["exhibit"], "sha256": digest, "offset": offset, "length": len(chunk), "line": line},
            "parser": {"name": "whatsapp-txt", "version": "1"},
        }
        if "reason" in e:
            event["reason"] = e["reason"]
        if e["local"]:
            if fx["zone"]:
                event["time"], event["zone"] = utc(e["local"], fx["zone"])
                event["zone"]["basis"] = fx["zone_basis"]
            else:
                event["zone"] = {"basis": "unknown"}
            order, basis = e["order"] or fx["order"]
            event["parser"].update(date_order=order, date_order_basis=basis,
                                   calendar=e["calendar"] or fx["calendar"])
        lines.append(canonical(event))
        offset += len(chunk)
    assert offset == len(data)
    return data, lines


def options(fx):
    finding = fx["finding"]
    if finding[0] == "decided":
        found = {"finding": "decided", "order": finding[1], "basis": finding[2], "line": finding[3]}
    elif finding[0] == "ambiguous":
        found = {"finding": "ambiguous", "line": finding[1]}
    else:
        found = {"finding": "inconsistent", "dmy_line": finding[1], "mdy_line": finding[2]}
    return {
        "about": fx["about"],
        "exhibit": fx["exhibit"],
        "title": fx["title"],
        "zone": fx["zone"],
        "zone_basis": fx["zone_basis"] if fx["zone"] else None,
        "date_order": fx["given_order"],
        "attachment_exhibits": fx["attachment_exhibits"],
        "expect_survey": {"date_order": found, "crlf_framed": fx["crlf_framed"], "participants": fx["participants"]},
    }


def main():
    names = set()
    for fx in FIXTURES:
        assert fx["name"] not in names, fx["name"]
        names.add(fx["name"])
        data, lines = build(fx)
        (HERE / f"{fx['name']}.txt").write_bytes(data)
        (HERE / f"{fx['name']}.events.jsonl").write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        (HERE / f"{fx['name']}.options.json").write_text(
            json.dumps(options(fx), indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(FIXTURES)} fixtures written to {HERE}")


if __name__ == "__main__":
    main()

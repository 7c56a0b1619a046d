#!/usr/bin/env python3
"""Regenerate the fictional Sanad demo case in samples/case-demo/.

Everything here is INVENTED: people, numbers, accounts and messages.
Output is deterministic (fixed content, timestamps and mtimes; no randomness),
so running the script twice gives byte-identical files.
Standard library only: JPEG, PNG, Ogg and EXIF bytes are built by hand.

Usage: python3 samples/generate.py
"""
import json
import os
import shutil
import struct
import sys
import xml.etree.ElementTree as ET
import zipfile
import zlib
from datetime import datetime, timedelta, timezone
from xml.sax.saxutils import escape

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "case-demo")
BAGHDAD = timezone(timedelta(hours=3))  # Asia/Baghdad, no DST
BAKU = timezone(timedelta(hours=4))     # Asia/Baku, no DST since 2016
LRM, RLM, LRE, PDF = "\u200e", "\u200f", "\u202a", "\u202c"
KARIM_NUMBER, LAYLA_NUMBER = "+964 770 000 0001", "+994 50 000 0002"


def local(y, mo, d, h, mi, s=0, tz=BAGHDAD):
    return datetime(y, mo, d, h, mi, s, tzinfo=tz)


def epoch(dt):
    return int(dt.timestamp())


def write(rel, data, mtime):
    """Write bytes (or str as UTF-8) under OUT and pin the file's mtime."""
    path = os.path.join(OUT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data.encode("utf-8") if isinstance(data, str) else data)
    os.utime(path, (epoch(mtime), epoch(mtime)))
    return path


# --------------------------------------------------------------------------
# Pictures: a tiny raster "canvas" shared by the JPEG and PNG writers
# --------------------------------------------------------------------------

def canvas(w, h, bg, rects):
    """rects: (x, y, w, h, (r, g, b)); later rects paint over earlier ones."""
    rows = [[bg] * w for _ in range(h)]
    for x, y, rw, rh, col in rects:
        for yy in range(y, min(y + rh, h)):
            rows[yy][x:min(x + rw, w)] = [col] * (min(x + rw, w) - x)
    return rows


# ---- EXIF (TIFF) ---------------------------------------------------------
ASCII, SHORT, LONG, RATIONAL, UNDEFINED = 2, 3, 4, 5, 7
TYPE_SIZE = {ASCII: 1, SHORT: 2, LONG: 4, RATIONAL: 8, UNDEFINED: 1}


def _ifd(entries, start):
    """Serialise one little-endian IFD that begins at offset `start`."""
    entries = sorted(entries)
    data_at = start + 2 + 12 * len(entries) + 4
    head, data = struct.pack("<H", len(entries)), b""
    for tag, typ, val in entries:
        if typ == ASCII:
            raw, count = val.encode("ascii") + b"\0", len(val) + 1
        elif typ == UNDEFINED:
            raw, count = val, len(val)
        elif typ == RATIONAL:
            raw, count = struct.pack("<II", *val), 1
        else:
            raw, count = struct.pack("<H" if typ == SHORT else "<I", val), 1
        if len(raw) <= 4:
            head += struct.pack("<HHI", tag, typ, count) + raw.ljust(4, b"\0")
        else:
            head += struct.pack("<HHII", tag, typ, count, data_at + len(data))
            data += raw + (b"\0" if len(raw) % 2 else b"")
    return head + struct.pack("<I", 0) + data  # 0 = no next IFD


def build_tiff(ifd0, exif):
    """TIFF blob 'II*\\0' with IFD0 pointing (tag 0x8769) to an Exif IFD."""
    probe = _ifd(ifd0 + [(0x8769, LONG, 0)], 8)
    exif_at = 8 + len(probe)
    return (b"II*\0" + struct.pack("<I", 8)
            + _ifd(ifd0 + [(0x8769, LONG, exif_at)], 8) + _ifd(exif, exif_at))


def read_tiff(blob):
    """Minimal reader used by the self-check: {tag: value} of IFD0 + Exif IFD."""
    assert blob[:4] == b"II*\0", "not a little-endian TIFF"
    tags, todo = {}, [struct.unpack_from("<I", blob, 4)[0]]
    while todo:
        at = todo.pop()
        for i in range(struct.unpack_from("<H", blob, at)[0]):
            tag, typ, count = struct.unpack_from("<HHI", blob, at + 2 + 12 * i)
            size = TYPE_SIZE[typ] * count
            pos = at + 2 + 12 * i + 8
            if size > 4:
                pos = struct.unpack_from("<I", blob, pos)[0]
            raw = blob[pos:pos + size]
            if typ == ASCII:
                assert raw.endswith(b"\0")
                tags[tag] = raw[:-1].decode("ascii")
            elif typ == SHORT:
                tags[tag] = struct.unpack("<H", raw)[0]
            elif typ == LONG:
                tags[tag] = struct.unpack("<I", raw)[0]
            elif typ == RATIONAL:
                tags[tag] = struct.unpack("<II", raw)
            else:
                tags[tag] = raw
        if 0x8769 in tags and tags[0x8769] not in todo and at != tags[0x8769]:
            todo.append(tags.pop(0x8769))
    return tags


def exif_tags(taken, offset, w, h, make=None, model=None, comment=None):
    stamp = taken.strftime("%Y:%m:%d %H:%M:%S")
    ifd0 = [(0x0112, SHORT, 1), (0x011A, RATIONAL, (72, 1)),
            (0x011B, RATIONAL, (72, 1)), (0x0128, SHORT, 2),
            (0x0132, ASCII, stamp)]
    if make:
        ifd0 += [(0x010F, ASCII, make), (0x0110, ASCII, model),
                 (0x0131, ASCII, "Demo OS 14"), (0x0213, SHORT, 1)]
    exif = [(0x9000, UNDEFINED, b"0232"), (0x9003, ASCII, stamp),
            (0x9004, ASCII, stamp), (0x9010, ASCII, offset),
            (0x9011, ASCII, offset), (0x9012, ASCII, offset),
            (0xA001, SHORT, 1), (0xA002, LONG, w), (0xA003, LONG, h)]
    if make:  # tags the Exif spec requires in camera JPEGs
        exif += [(0x9101, UNDEFINED, b"\1\2\3\0"), (0xA000, UNDEFINED, b"0100")]
    if comment:
        exif.append((0x9286, UNDEFINED, b"ASCII\0\0\0" + comment.encode()))
    return build_tiff(ifd0, exif)


# ---- JPEG: baseline, 3 components 4:4:4, every 8x8 block a flat colour -----
# ITU T.81 Annex K tables. Quantiser = Annex K luminance table at quality 75
# (zigzag order); its DC step is 8, so a flat block's DC is exactly (v - 128).
STD_Q = [16, 11, 12, 14, 12, 10, 16, 14, 13, 14, 18, 17, 16, 19, 24, 40,
         26, 24, 22, 22, 24, 49, 35, 37, 29, 40, 58, 51, 61, 60, 57, 51,
         56, 55, 64, 72, 92, 78, 64, 68, 87, 69, 55, 56, 80, 109, 81, 87,
         95, 98, 103, 104, 103, 62, 77, 113, 121, 112, 100, 120, 92, 101,
         103, 99]
Q75 = bytes(max(1, (q * 50 + 50) // 100) for q in STD_Q)
DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
DC_VALS = list(range(12))
AC_BITS = [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7D]
AC_VALS = list(bytes.fromhex(
    "01020300041105122131410613516107227114328191a1082342b1c11552d1f0"
    "2433627282090a161718191a25262728292a3435363738393a434445464748494a"
    "535455565758595a636465666768696a737475767778797a838485868788898a"
    "92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6"
    "c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9fa"))


def huffman_codes(bits, vals):
    codes, code, k = {}, 0, 0
    for length in range(1, 17):
        for _ in range(bits[length - 1]):
            codes[vals[k]] = format(code, "0%db" % length)
            code, k = code + 1, k + 1
        code <<= 1
    return codes


def segment(marker, payload):
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def encode_jpeg(rows, app_segment):
    h, w = len(rows), len(rows[0])
    assert w % 8 == 0 and h % 8 == 0 and len(AC_VALS) == 162
    dc, eob = huffman_codes(DC_BITS, DC_VALS), huffman_codes(AC_BITS, AC_VALS)[0]
    bits, pred = [], [0, 0, 0]
    for by in range(0, h, 8):
        for bx in range(0, w, 8):
            r, g, b = rows[by][bx]
            ycc = (0.299 * r + 0.587 * g + 0.114 * b,
                   128 - 0.168736 * r - 0.331264 * g + 0.5 * b,
                   128 + 0.5 * r - 0.418688 * g - 0.081312 * b)
            for c in range(3):
                value = max(-127, min(127, round(ycc[c] - 128)))
                diff, pred[c] = value - pred[c], value
                size = abs(diff).bit_length()
                bits.append(dc[size])
                if size:
                    bits.append(format(diff if diff > 0 else diff + (1 << size) - 1,
                                       "0%db" % size))
                bits.append(eob)  # all AC coefficients are zero
    stream = "".join(bits)
    stream += "1" * (-len(stream) % 8)
    scan = int(stream, 2).to_bytes(len(stream) // 8, "big").replace(b"\xff", b"\xff\x00")
    comps = b"".join(bytes([i, 0x11, 0]) for i in (1, 2, 3))
    return (b"\xff\xd8" + app_segment
            + segment(0xDB, b"\x00" + Q75)
            + segment(0xC0, struct.pack(">BHHB", 8, h, w, 3) + comps)
            + segment(0xC4, bytes([0x00] + DC_BITS + DC_VALS + [0x10] + AC_BITS + AC_VALS))
            + segment(0xDA, b"\x03" + bytes([1, 0, 2, 0x00, 3, 0x00]) + b"\x00\x3f\x00")
            + scan + b"\xff\xd9")


JFIF_APP0 = segment(0xE0, b"JFIF\0\x01\x01\x00\x00\x01\x00\x01\x00\x00")


def exif_app1(tiff):
    return segment(0xE1, b"Exif\0\0" + tiff)


# ---- PNG -------------------------------------------------------------------

def png_chunk(kind, data):
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def encode_png(rows, exif=None):
    h, w = len(rows), len(rows[0])
    raw = b"".join(b"\0" + bytes(v for px in row for v in px) for row in rows)
    return (b"\x89PNG\r\n\x1a\n"
            + png_chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + (png_chunk(b"eXIf", exif) if exif else b"")
            + png_chunk(b"IDAT", zlib.compress(raw, 9))
            + png_chunk(b"IEND", b""))


# ---- Ogg/Opus voice note: OpusHead, OpusTags, 2 s of Opus silence frames -----

def ogg_crc(data):
    crc = 0
    for byte in data:
        crc ^= byte << 24
        for _ in range(8):
            crc = ((crc << 1) ^ 0x04C11DB7 if crc & 0x80000000 else crc << 1) & 0xFFFFFFFF
    return crc


def ogg_page(packets, flags, granule, seq, serial=0x5A4E4144):
    lacing = b""
    for p in packets:
        lacing += b"\xff" * (len(p) // 255) + bytes([len(p) % 255])
    head = (b"OggS\0" + bytes([flags]) + struct.pack("<qII", granule, serial, seq)
            + b"\0\0\0\0" + bytes([len(lacing)]) + lacing)
    page = head + b"".join(packets)
    return page[:22] + struct.pack("<I", ogg_crc(page)) + page[26:]


def opus_voice_note(frames=100):
    head = b"OpusHead" + struct.pack("<BBHIhB", 1, 1, 312, 16000, 0, 0)
    vendor = b"libopus 1.3.1"
    tags = b"OpusTags" + struct.pack("<I", len(vendor)) + vendor + struct.pack("<I", 0)
    silence = [b"\xf8\xff\xfe"] * frames  # CELT 20 ms mono silence packets
    return (ogg_page([head], 0x02, 0, 0) + ogg_page([tags], 0x00, 0, 1)
            + ogg_page(silence, 0x04, 312 + 960 * frames, 2))


# --------------------------------------------------------------------------
# Chats
# --------------------------------------------------------------------------
FALCON, LAYLA = "Dark Falcon", "Layla Hassan"
PHOTO_1 = "00000012-PHOTO-2026-03-01-21-14-05.jpg"
AUDIO_1 = "00000013-AUDIO-2026-03-01-21-15-10.opus"
PHOTO_2 = "00000016-PHOTO-2026-03-01-21-30-02.jpg"

IOS_CHAT = [  # (local time, sender, text, lrm_line)
    ((1, 21, 2, 11), FALCON, LRM + "Messages and calls are end-to-end encrypted. Only people "
     "in this chat can read, listen to, or share them.", False),
    ((1, 21, 2, 11), FALCON, "Hello Layla. You don't know me, but I know you.", False),
    ((1, 21, 3, 40), LAYLA, "Who is this? How did you get my number?", False),
    ((1, 21, 5, 2), FALCON, "That does not matter. I have your photos from your old phone.", False),
    ((1, 21, 6, 15), LAYLA, "What photos? Please stop writing to me.", False),
    ((1, 21, 10, 47), FALCON, "Family photos. Your sister's wedding.\nThink about it.", False),
    ((1, 21, 14, 5), FALCON, LRM + "<attached: %s>" % PHOTO_1, True),
    ((1, 21, 14, 40), FALCON, "Do you recognise this?", False),
    ((1, 21, 15, 10), FALCON, LRM + "<attached: %s>" % AUDIO_1, True),
    ((1, 21, 16, 2), LAYLA, "I am going to block you.", False),
    ((1, 21, 17, 30), FALCON, "Send 500 dollars by Friday.\nSend the money or I will share "
     "the photos with your family.\nDo not tell anyone.", False),
    ((1, 21, 18, 12), FALCON, LRM + "This message was deleted.", True),
    ((1, 21, 20, 55), LAYLA, "I have saved everything. I am talking to people who can help me.", False),
    ((1, 21, 25, 0), FALCON, LRM + "Missed voice call", True),
    ((1, 21, 30, 2), FALCON, LRM + "<attached: %s>" % PHOTO_2, True),
    ((2, 9, 5, 31), FALCON, "Good morning \U0001F642 Did you think about my offer?", False),
    ((2, 9, 40, 12), LAYLA, "Leave me alone.", False),
]


def whatsapp_ios_chat():
    lines = []
    for (day, h, mi, s), who, text, lrm in IOS_CHAT:
        stamp = local(2026, 3, day, h, mi, s).strftime("[%d/%m/%Y, %H:%M:%S]")
        lines.append((LRM if lrm else "") + "%s %s: %s" % (stamp, who, text))
    return "\r\n".join(lines) + "\r\n"  # CRLF between messages, bare LF inside


ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
KARIM = "Karim"
LAYLA_AR = LRE + LAYLA_NUMBER + PDF  # a sender shown as a bare, LRE/PDF-wrapped number
ANDROID_CHAT = [  # (day, hour, minute, sender or None for system, text)
    (2, 21, 0, None, "الرسائل والمكالمات مشفرة تمامًا بين الطرفين. لا يمكن لأي أحد خارج هذه "
     "الدردشة، ولا حتى واتساب، قراءتها أو الاستماع إليها. انقر لمعرفة المزيد."),
    (2, 21, 14, KARIM, "مساء الخير يا ليلى"),
    (2, 21, 16, LAYLA_AR, "من أنت؟"),
    (2, 21, 17, KARIM, "<الوسائط محذوفة>"),
    (2, 21, 18, KARIM, "هل تعرفين هذه الصورة؟"),
    (2, 21, 20, LAYLA_AR, "أرجوك توقف عن مراسلتي"),
    (2, 21, 25, KARIM, "أرسلي المال أو سأشارك الصور مع عائلتك.\nلديك مهلة حتى يوم الجمعة."),
    (2, 21, 26, KARIM, "تم حذف هذه الرسالة"),
    (2, 21, 30, LAYLA_AR, "سأبلغ عنك"),
    (2, 21, 31, KARIM, "لن يصدقك أحد"),
    (3, 0, 5, KARIM, "هل فكرتِ في الأمر؟"),
    (3, 9, 12, LAYLA_AR, "لا تراسلني مرة أخرى"),
]


def whatsapp_android_arabic_chat():
    out = []
    for day, h, mi, who, text in ANDROID_CHAT:
        ampm = "م" if h >= 12 else "ص"
        head = "%s%02d%s/%02d%s/%d\u060c %d:%02d %s - " % (
            RLM, day, RLM, 3, RLM, 2026, (h % 12) or 12, mi, ampm)
        out.append(head.translate(ARABIC_DIGITS) + (who + ": " if who else "") + text)
    return "\n".join(out) + "\n"


def whatsapp_ios_zip():
    blue, green, brown = (110, 170, 230), (70, 140, 70), (120, 80, 50)
    photo1 = canvas(32, 32, blue, [(0, 16, 32, 16, green), (8, 8, 8, 16, brown)])
    photo2 = canvas(32, 24, (235, 235, 235), [(0, 0, 32, 8, (40, 40, 40)),
                                             (8, 8, 16, 8, (200, 60, 60))])
    entries = [("_chat.txt", whatsapp_ios_chat().encode("utf-8"), zipfile.ZIP_DEFLATED),
               (PHOTO_1, encode_jpeg(photo1, JFIF_APP0), zipfile.ZIP_STORED),
               (AUDIO_1, opus_voice_note(), zipfile.ZIP_STORED),
               (PHOTO_2, encode_jpeg(photo2, JFIF_APP0), zipfile.ZIP_STORED)]
    path = os.path.join(OUT, "whatsapp-ios-export.zip")
    with zipfile.ZipFile(path, "w") as zf:
        for name, data, method in entries:
            info = zipfile.ZipInfo(name, date_time=(2026, 3, 3, 11, 2, 0))
            info.compress_type, info.create_system = method, 3
            info.external_attr = 0o100644 << 16
            zf.writestr(info, data, compresslevel=9 if method else None)
    os.utime(path, (epoch(local(2026, 3, 3, 11, 2, 30, BAKU)),) * 2)


def telegram_json():
    peer = ("Dark Falcon", "user7012345678")
    me = (LAYLA, "user6000000002")

    def msg(mid, when, who, text, **extra):
        d = local(2026, 3, *when)
        m = {"id": mid, "type": "message", "date": d.strftime("%Y-%m-%dT%H:%M:%S"),
             "date_unixtime": str(epoch(d))}
        if "edited" in extra:
            e = local(2026, 3, *extra.pop("edited"))
            m.update(edited=e.strftime("%Y-%m-%dT%H:%M:%S"), edited_unixtime=str(epoch(e)))
        if who is not None and who[0] == "service":
            m.update(type="service", actor=peer[0], actor_id=peer[1])
        else:
            m.update({"from": who and who[0], "from_id": who[1] if who else "user5999999999"})
        m.update(extra)
        if isinstance(text, list):
            ents = [p if isinstance(p, dict) else {"type": "plain", "text": p} for p in text]
        else:
            ents = [{"type": "plain", "text": text}] if text else []
        m.update(text=text, text_entities=ents)
        return m

    service = ("service", None)
    messages = [
        msg(2001, (2, 0, 14, 5), peer, "Layla, why did you block me on WhatsApp?"),
        msg(2002, (2, 0, 15, 40), me, "Stop contacting me."),
        msg(2003, (2, 0, 16, 2), peer, "",
            photo="(File not included. Change data exporting settings to download.)",
            width=1280, height=960),
        msg(2004, (2, 0, 17, 30), peer, "Everything is saved here.", forwarded_from="Falcon Archive"),
        msg(2005, (2, 0, 19, 11), peer, [{"type": "bold", "text": "Last warning."},
                                         " Send the money or I will share the photos with your family."]),
        msg(2006, (2, 0, 20, 0), service, "", action="pin_message", message_id=2005),
        msg(2007, (2, 0, 23, 45), service, "", action="phone_call", discard_reason="missed"),
        msg(2008, (2, 0, 25, 3), me, "I have reported your account.", reply_to_message_id=2005),
        msg(2009, (2, 0, 31, 20), peer, ["Pay here: ", {"type": "link",
                                         "text": "https://pay.example.invalid/falcon"}],
            edited=(2, 0, 33, 0)),
        msg(2010, (2, 1, 2, 9), None, "Hi Layla, I am a friend of Karim. He only wants to talk."),
    ]
    chat = {"name": peer[0], "type": "personal_chat", "id": 7012345678, "messages": messages}
    return json.dumps(chat, ensure_ascii=False, indent=1) + "\n"


def meta_mojibake(obj):
    """Meta's export bug: UTF-8 bytes written as one \\u00XX escape per byte."""
    if isinstance(obj, str):
        return obj.encode("utf-8").decode("latin-1")
    if isinstance(obj, list):
        return [meta_mojibake(v) for v in obj]
    if isinstance(obj, dict):
        return {k: meta_mojibake(v) for k, v in obj.items()}
    return obj


def instagram_json():
    falcon = "Dark Falcon \U0001F985"
    ms = lambda *t: epoch(local(2026, 3, *t)) * 1000  # noqa: E731
    msgs = [  # oldest first here; Instagram writes newest first
        {"sender_name": falcon, "timestamp_ms": ms(2, 22, 2, 14),
         "content": "Hi Layla, nice profile. Café photos are my favourite.",
         "reactions": [{"reaction": "\U0001F62E", "actor": LAYLA,
                        "timestamp": ms(2, 22, 3, 0) // 1000}]},
        {"sender_name": LAYLA, "timestamp_ms": ms(2, 22, 5, 9), "content": "Who are you? \U0001F622"},
        {"sender_name": falcon, "timestamp_ms": ms(2, 22, 9, 1),
         "content": "أرسلي المال أو سأشارك الصور مع عائلتك"},
        {"sender_name": falcon, "timestamp_ms": ms(2, 22, 10, 30), "photos": [
            {"uri": "your_instagram_activity/messages/inbox/darkfalcon_123/photos/123.jpg",
             "creation_timestamp": ms(2, 22, 10, 30) // 1000}]},
        {"sender_name": falcon, "timestamp_ms": ms(2, 22, 11, 2), "is_unsent": True},
        {"sender_name": LAYLA, "timestamp_ms": ms(2, 22, 12, 40),
         "content": "Please stop. I have reported this account."},
    ]
    for m in msgs:
        m["is_geoblocked_for_viewer"] = False
    thread = {"participants": [{"name": falcon}, {"name": LAYLA}],
              "messages": msgs[::-1], "title": falcon, "is_still_participant": True,
              "thread_path": "inbox/darkfalcon_123", "magic_words": []}
    return json.dumps(meta_mojibake(thread), ensure_ascii=True, indent=2)


def sms_backup_xml():
    months = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()

    def readable(d):
        return "%d %s %d %d:%s %s" % (d.day, months[d.month - 1], d.year, (d.hour % 12) or 12,
                                      d.strftime("%M:%S"), "pm" if d.hour >= 12 else "am")

    def attr(v):
        return escape(str(v), {'"': "&quot;", "\n": "&#10;"})

    karim, layla = "+9647700000001", "+994500000002"
    sms = [  # (when, address, type 1=received 2=sent, body, contact)
        ((2, 21, 14, 5), karim, 1, "Layla, answer your phone.", "Karim X."),
        ((2, 21, 16, 30), karim, 2, "Please stop contacting me.", "Karim X."),
        ((2, 21, 18, 0), karim, 1, "أرسلي المال قبل يوم الجمعة.", "Karim X."),
        ((2, 21, 20, 45), karim, 1, 'I know where you work & who your friends are.\n'
         '"Think" about it <seriously>.', "Karim X."),
        ((2, 22, 1, 10), "+9647700000003", 1, "I am Karim's friend. Just pay and it ends.",
         "(Unknown)"),
    ]
    lines = []
    for when, addr, typ, body, contact in sms:
        d = local(2026, 3, *when)
        sent = 0 if typ == 2 else (epoch(d) - 3) * 1000
        lines.append(
            '  <sms protocol="0" address="%s" date="%d" type="%d" subject="null" body="%s" '
            'toa="null" sc_toa="null" service_center="null" read="1" status="-1" locked="0" '
            'date_sent="%d" sub_id="1" readable_date="%s" contact_name="%s" />'
            % (addr, epoch(d) * 1000, typ, attr(body), sent, readable(d), attr(contact)))
    d = local(2026, 3, 2, 22, 30, 0)
    smil = ('<smil><head><layout><root-layout/><region id="Text" top="0" left="0" '
            'height="100%" width="100%"/></layout></head><body><par dur="5000ms">'
            '<text src="text_0.txt" region="Text"/></par></body></smil>')
    lines += [
        '  <mms date="%d" ct_t="application/vnd.wap.multipart.related" msg_box="1" '
        'address="%s" sub="null" read="1" seen="1" text_only="1" m_type="132" '
        'm_id="demo-mms-0001" date_sent="%d" locked="0" sub_id="1" '
        'readable_date="%s" contact_name="Karim X.">' % (epoch(d) * 1000, karim, epoch(d) - 4,
                                                         readable(d)),
        '    <parts>',
        '      <part seq="-1" ct="application/smil" name="null" chset="null" cd="null" fn="null" '
        'cid="&lt;smil&gt;" cl="smil.xml" ctt_s="null" ctt_t="null" text="%s" />' % attr(smil),
        '      <part seq="0" ct="text/plain" name="null" chset="106" cd="null" fn="null" '
        'cid="&lt;text_0&gt;" cl="text_0.txt" ctt_s="null" ctt_t="null" text="%s" />'
        % attr("Check your WhatsApp. Friday is close."),
        '    </parts>',
        '    <addrs>',
        '      <addr address="%s" type="137" charset="106" />' % karim,
        '      <addr address="%s" type="151" charset="106" />' % layla,
        '    </addrs>',
        '  </mms>']
    backup = epoch(local(2026, 3, 3, 10, 50, 0, BAKU)) * 1000
    return ("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n"
            "<!--File Created By SMS Backup & Restore v10.20.002 on 03/03/2026 10:50:00-->\n"
            '<smses count="%d" backup_set="7d1c5b0e-0000-4000-8000-000000000001" '
            'backup_date="%d" type="full">\n' % (len(sms) + 1, backup)
            + "\n".join(lines) + "\n</smses>\n")


# --------------------------------------------------------------------------
# Screenshots and photos
# --------------------------------------------------------------------------
IMG_JPEG = "IMG_20260301_211530.jpg"
IG_PNG = "Screenshot_20260302-221045_Instagram.png"
MAC_PNG = "Screenshot 2026-03-03 at 10.45.52.png"


def photo_of_screen():
    """96x72 camera photo of a phone showing the WhatsApp chat (8x8 blocks)."""
    k, wa, beige, white, bubble = (25, 25, 25), (7, 94, 84), (236, 229, 221), (250, 250, 250), (220, 248, 198)
    rows = canvas(96, 72, (90, 70, 50), [(24, 0, 48, 72, k), (32, 8, 32, 8, wa),
                                         (32, 16, 32, 48, beige), (32, 24, 24, 8, white),
                                         (40, 40, 24, 8, bubble), (32, 48, 24, 8, white)])
    return encode_jpeg(rows, exif_app1(exif_tags(local(2026, 3, 1, 21, 15, 30), "+03:00",
                                                 96, 72, "ExamplePhone", "Demo 1")))


def instagram_screenshot():
    w, h = 180, 360
    grey, purple = (239, 239, 239), (120, 60, 220)
    return encode_png(canvas(w, h, (255, 255, 255), [
        (0, 0, w, 12, (0, 0, 0)), (0, 12, w, 36, (250, 250, 250)), (10, 20, 20, 20, (200, 120, 60)),
        (10, 70, 110, 30, grey), (60, 110, 110, 24, purple), (10, 145, 120, 44, grey),
        (10, 200, 90, 90, (170, 170, 170)), (60, 300, 110, 24, purple),
        (0, 330, w, 30, (245, 245, 245))]))


def mac_screenshot():
    w, h = 320, 200
    taken = local(2026, 3, 3, 10, 45, 52, BAKU)
    return encode_png(canvas(w, h, (255, 255, 255), [
        (0, 0, w, 22, (230, 230, 230)), (8, 7, 8, 8, (255, 95, 87)), (22, 7, 8, 8, (254, 188, 46)),
        (36, 7, 8, 8, (40, 200, 64)), (0, 22, w, 28, (24, 119, 242)), (20, 62, 60, 60, (190, 190, 190)),
        (95, 70, 150, 12, (60, 60, 60)), (95, 92, 110, 8, (150, 150, 150)),
        (20, 140, 280, 44, (240, 242, 245))]),
        exif=exif_tags(taken, "+04:00", w, h, comment="Screenshot"))


# --------------------------------------------------------------------------
# Manifest
# --------------------------------------------------------------------------

def manifest():
    acct, ig = KARIM_NUMBER, "https://www.instagram.com/darkfalcon_fake/"
    items = [
        dict(path="whatsapp-ios-export.zip", platform="whatsapp", account=acct,
             collected_at="2026-03-03T11:02:30+04:00",
             note="Chat with the harasser, exported with media", sensitive=True),
        dict(path="WhatsApp Chat with Karim.txt", platform="whatsapp", account=acct,
             collected_at="2026-03-03T11:05:00+04:00",
             note="Second chat, exported without media from an Android phone set to Arabic",
             sensitive=True),
        dict(path="telegram/result.json", platform="telegram", account="user7012345678",
             timezone="Asia/Baghdad",
             method="Telegram Desktop JSON export on the victim's laptop (clock on Baghdad time)",
             note="Dates are the exporting computer's local time", sensitive=True),
        dict(path="instagram/message_1.json", platform="instagram", account="darkfalcon_fake",
             url=ig, method="Instagram 'Download your information' (JSON), downloaded by the victim",
             note="Text is in Meta's mojibake encoding", sensitive=True),
        dict(path="sms-backup.xml", platform="sms", account=acct,
             method="SMS Backup & Restore on the victim's phone, file emailed to the advocate",
             collected_at="2026-03-03T10:55:00+04:00", sensitive=False),
        dict(path=IMG_JPEG, platform="whatsapp", account=acct, collected_by=LAYLA,
             note="Photo of the phone screen showing the threat, taken with a second phone",
             sensitive=False),
        dict(path=IG_PNG, platform="instagram", account="darkfalcon_fake", url=ig,
             note="Screenshot of the DM thread; no metadata, the time is only in the file name",
             sensitive=True),
        dict(path=MAC_PNG, platform="facebook", url="https://www.facebook.com/darkfalcon.fake.demo",
             timezone="Asia/Baku", collected_at="2026-03-03T10:46:30+04:00",
             method="Screenshot taken by the advocate on the NGO office Mac in Baku",
             note="Fake profile impersonating the victim", sensitive=False),
    ]
    return {"sanad_manifest": 1,
            "defaults": {"collected_by": "Noor Advocate",
                         "method": "Exported on the victim's phone in the NGO office, copied over USB",
                         "timezone": "Asia/Baghdad"},
            "items": items}


def to_yaml(m):
    def scalar(key, v):
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, int):
            return str(v)
        plain = key in ("path", "platform") and all(c.isalnum() or c in "._-/" for c in v)
        return v if plain else json.dumps(v, ensure_ascii=False)

    out = ["sanad_manifest: %d" % m["sanad_manifest"], "defaults:"]
    out += ["  %s: %s" % (k, scalar(k, v)) for k, v in m["defaults"].items()]
    out.append("items:")
    for item in m["items"]:
        for i, (k, v) in enumerate(item.items()):
            out.append(("  - " if i == 0 else "    ") + "%s: %s" % (k, scalar(k, v)))
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------
# Self-check
# --------------------------------------------------------------------------

def jpeg_app1_tiff(data):
    assert data[:2] == b"\xff\xd8" and data[-2:] == b"\xff\xd9"
    pos = 2
    while data[pos] == 0xFF and data[pos + 1] != 0xDA:
        length = struct.unpack_from(">H", data, pos + 2)[0]
        if data[pos + 1] == 0xE1 and data[pos + 4:pos + 10] == b"Exif\0\0":
            return data[pos + 10:pos + 2 + length]
        pos += 2 + length
    raise AssertionError("no Exif APP1")


def png_chunks(data):
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks = 8, {}
    while pos < len(data):
        n, kind = struct.unpack_from(">I4s", data, pos)
        body = data[pos + 8:pos + 8 + n]
        assert struct.unpack_from(">I", data, pos + 8 + n)[0] == zlib.crc32(kind + body)
        chunks[kind] = body
        pos += 12 + n
    w, h = struct.unpack(">II", chunks[b"IHDR"][:8])
    assert len(zlib.decompress(chunks[b"IDAT"])) == h * (1 + 3 * w)
    return chunks


def self_check():
    def read(rel):
        with open(os.path.join(OUT, rel), "rb") as f:
            return f.read()

    t = read_tiff(jpeg_app1_tiff(read(IMG_JPEG)))
    assert (t[0x010F], t[0x0110], t[0x0132]) == ("ExamplePhone", "Demo 1", "2026:03:01 21:15:30")
    assert (t[0x9003], t[0x9010], t[0x9011]) == ("2026:03:01 21:15:30", "+03:00", "+03:00")
    chunks = png_chunks(read(MAC_PNG))
    t = read_tiff(chunks[b"eXIf"])
    assert (t[0x9003], t[0x9011]) == ("2026:03:03 10:45:52", "+04:00")
    assert set(png_chunks(read(IG_PNG))) == {b"IHDR", b"IDAT", b"IEND"}
    with zipfile.ZipFile(os.path.join(OUT, "whatsapp-ios-export.zip")) as zf:
        assert zf.testzip() is None
        chat = zf.read("_chat.txt")
        assert chat.startswith(b"[") and chat.count(b"\r\n") == len(IOS_CHAT)
        assert zf.read(AUDIO_1)[28:36] == b"OpusHead"
    ET.parse(os.path.join(OUT, "sms-backup.xml"))
    tg = json.loads(read("telegram/result.json"))
    for m in tg["messages"]:
        d = datetime.strptime(m["date"], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=BAGHDAD)
        assert epoch(d) == int(m["date_unixtime"])
    ig = read("instagram/message_1.json")
    assert b"\\u00c3\\u00a9" in ig and b"\\u00d8" in ig and ig.isascii()
    assert json.loads(read("intake-manifest.json")) == manifest()


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    at = lambda h, mi: local(2026, 3, 3, h, mi, 0, BAKU)  # noqa: E731  (file mtimes)
    whatsapp_ios_zip()
    write("WhatsApp Chat with Karim.txt", whatsapp_android_arabic_chat(), at(11, 5))
    write("telegram/result.json", telegram_json(), at(11, 10))
    write("instagram/message_1.json", instagram_json(), at(11, 15))
    write("sms-backup.xml", sms_backup_xml(), at(10, 55))
    write(IMG_JPEG, photo_of_screen(), local(2026, 3, 1, 21, 15, 30))
    write(IG_PNG, instagram_screenshot(), local(2026, 3, 2, 22, 10, 45))
    write(MAC_PNG, mac_screenshot(), local(2026, 3, 3, 10, 45, 52, BAKU))
    write("intake-manifest.yaml", to_yaml(manifest()), at(11, 30))
    write("intake-manifest.json", json.dumps(manifest(), ensure_ascii=False, indent=2) + "\n",
          at(11, 30))
    for sub in ("telegram", "instagram", ""):
        os.utime(os.path.join(OUT, sub), (epoch(at(11, 30)),) * 2)
    self_check()
    files = [os.path.join(d, f) for d, _, fs in os.walk(OUT) for f in fs]
    print("samples/case-demo: %d files, %d bytes, self-check OK"
          % (len(files), sum(os.path.getsize(f) for f in files)))


if __name__ == "__main__":
    sys.exit(main())

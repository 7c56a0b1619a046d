#!/usr/bin/env python3
"""Writes the image fixtures and their golden events (docs/TIMELINE.md §9), stdlib only.

    python3 Tests/Fixtures/image/generate.py

Each image is built byte by byte as its container defines it: a TIFF structure with the EXIF
tags (TIFF 6.0 / EXIF 2.32: IFD0 `DateTime` 0x0132 and the Exif IFD pointer 0x8769; in the
Exif IFD `DateTimeOriginal` 0x9003, `DateTimeDigitized` 0x9004, `OffsetTime…` 0x9010-0x9012,
`SubSecTime…` 0x9290-0x9292), placed in a JPEG APP1 segment after `Exif\\0\\0`, a PNG `eXIf`
chunk, or a HEIF `Exif` item (ISO/IEC 23008-12: `meta` with `iinf`/`infe` and `iloc`, the item
in `mdat` after its 4-byte TIFF-header offset). Pixels are placeholders: only metadata is read.

For each fixture NAME it writes the image, NAME.options.json (the ParseContext: exhibit,
original file name, modification time at ingest, zone) and NAME.events.jsonl, the one event
expected, written by hand below; the script only computes the size, the SHA-256 and UTC times.
Checked by Tests/SanadTests/ImageFixtureTests.swift. Regenerating gives identical files.
"""
import hashlib
import json
import struct
import zlib
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
NNBSP = "\u202f"

# --- TIFF / EXIF ------------------------------------------------------------------------------

ASCII, LONG = 2, 4


def tiff(ifd0, exif, big_endian=False):
    """A TIFF structure: IFD0 (tag -> ASCII string) pointing to an Exif IFD (tag -> string)."""
    e = ">" if big_endian else "<"
    ifd0 = dict(ifd0)
    ifd0[0x8769] = None  # Exif IFD pointer, filled in below
    ifd0_size = 2 + 12 * len(ifd0) + 4
    exif_at = 8 + ifd0_size
    exif_size = 2 + 12 * len(exif) + 4
    data_at = exif_at + exif_size
    data = bytearray()

    def ifd(entries, pointer_value):
        nonlocal data
        out = struct.pack(e + "H", len(entries))
        for tag in sorted(entries):
            value = entries[tag]
            if value is None:
                out += struct.pack(e + "HHII", tag, LONG, 1, pointer_value)
                continue
            raw = value.encode("ascii") + b"\0"
            if len(raw) <= 4:
                out += struct.pack(e + "HHI", tag, ASCII, len(raw)) + raw.ljust(4, b"\0")
            else:
                out += struct.pack(e + "HHII", tag, ASCII, len(raw), data_at + len(data))
                data += raw
                if len(data) % 2:
                    data += b"\0"
        return out + struct.pack(e + "I", 0)

    head = (b"MM" if big_endian else b"II") + struct.pack(e + "HI", 42, 8)
    body = ifd(ifd0, exif_at) + ifd(exif, 0)
    return head + body + bytes(data)


# --- containers -------------------------------------------------------------------------------


def jpeg(app1_payload=None):
    """SOI, APP0 (JFIF), optional APP1, a DQT, SOS with a few placeholder scan bytes, EOI."""
    out = b"\xff\xd8"
    jfif = b"JFIF\0\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    out += b"\xff\xe0" + struct.pack(">H", len(jfif) + 2) + jfif
    if app1_payload is not None:
        out += b"\xff\xe1" + struct.pack(">H", len(app1_payload) + 2) + app1_payload
    dqt = b"\x00" + bytes(range(1, 65))
    out += b"\xff\xdb" + struct.pack(">H", len(dqt) + 2) + dqt
    sos = b"\x01\x01\x00\x00\x3f\x00"
    out += b"\xff\xda" + struct.pack(">H", len(sos) + 2) + sos + b"\x12\x34\x56\x78\x9a" + b"\xff\xd9"
    return out


def jpeg_exif(tiff_bytes):
    return jpeg(b"Exif\0\0" + tiff_bytes)


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png(exif=None):
    """A 1×1 RGB PNG; `eXIf` (raw TIFF, no `Exif\\0\\0`) before IDAT, as the extension requires."""
    out = b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
    if exif is not None:
        out += png_chunk(b"eXIf", exif)
    out += png_chunk(b"IDAT", zlib.compress(b"\x00\x20\x40\x60", 9)) + png_chunk(b"IEND", b"")
    return out


def box(kind, payload):
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def full_box(kind, version, payload, flags=0):
    return box(kind, struct.pack(">I", (version << 24) | flags) + payload)


def heic(tiff_bytes):
    """ftyp, meta (hdlr, pitm, iinf with infe v2 for the image and the Exif item, iloc v0 with
    4-byte offsets and lengths), then mdat holding the Exif item and placeholder HEVC bytes."""
    ftyp = box(b"ftyp", b"heic" + struct.pack(">I", 0) + b"mif1heic")
    exif_item = struct.pack(">I", 6) + b"Exif\0\0" + tiff_bytes
    hevc = bytes(range(32))

    def meta(exif_at, hevc_at):
        hdlr = full_box(b"hdlr", 0, struct.pack(">I", 0) + b"pict" + b"\0" * 12 + b"\0")
        pitm = full_box(b"pitm", 0, struct.pack(">H", 1))
        infe1 = full_box(b"infe", 2, struct.pack(">HH", 1, 0) + b"hvc1" + b"\0")
        infe2 = full_box(b"infe", 2, struct.pack(">HH", 2, 0) + b"Exif" + b"\0")
        iinf = full_box(b"iinf", 0, struct.pack(">H", 2) + infe1 + infe2)
        iloc = full_box(b"iloc", 0, bytes([0x44, 0x00]) + struct.pack(">H", 2)
                        + struct.pack(">HHHII", 1, 0, 1, hevc_at, len(hevc))
                        + struct.pack(">HHHII", 2, 0, 1, exif_at, len(exif_item)))
        return full_box(b"meta", 0, hdlr + pitm + iinf + iloc)

    size_meta = len(meta(0, 0))
    mdat_data_at = len(ftyp) + size_meta + 8
    return ftyp + meta(mdat_data_at, mdat_data_at + len(exif_item)) + box(b"mdat", exif_item + hevc)


# --- the fixtures -----------------------------------------------------------------------------

FIXTURES = []


def fixture(name, ext, about, data, expect, *, file_name, exhibit="E0005", zone=None, zone_basis="declared-at-ingest",
            modified=None, platform=None):
    """`expect`: (local, how, time_from) where how is ("offset", "+03:00", ms), ("zone",),
    ("instant", iso_utc), or None for no time."""
    FIXTURES.append(dict(name=name, ext=ext, about=about, data=data, expect=expect, file_name=file_name,
                         exhibit=exhibit, zone=zone, zone_basis=zone_basis, modified=modified, platform=platform))


ORIGINAL = {0x9003: "2022:03:18 14:56:00", 0x9004: "2022:03:18 14:56:00", 0x9011: "+03:00", 0x9291: "123"}

fixture("jpeg-offset", "jpg",
        "JPEG from a phone camera: DateTimeOriginal, OffsetTimeOriginal +03:00 and SubSecTimeOriginal; "
        "the file name has a time too, but EXIF comes first.",
        jpeg_exif(tiff({0x0132: "2022:03:18 14:56:00"}, ORIGINAL)),
        ("2022-03-18T14:56:00", ("offset", "+03:00", 123), "exif-original"),
        file_name="IMG_20220318_145600.jpg", platform="whatsapp")

fixture("jpeg-no-offset", "jpg",
        "JPEG, big-endian TIFF, DateTimeOriginal without an offset: placed in the zone declared at ingest.",
        jpeg_exif(tiff({0x0132: "2022:03:19 09:00:00"}, {0x9003: "2022:03:18 23:30:05"}, big_endian=True)),
        ("2022-03-18T23:30:05", ("zone",), "exif-original"),
        file_name="DSC01234.JPG", zone="Asia/Baghdad")

fixture("jpeg-digitized", "jpg",
        "JPEG whose camera clock was never set (DateTimeOriginal all zeros): DateTimeDigitized is used, "
        "and with no zone declared the time is floating.",
        jpeg_exif(tiff({}, {0x9003: "0000:00:00 00:00:00", 0x9004: "2021:12:31 23:59:59"})),
        ("2021-12-31T23:59:59", ("zone",), "exif-digitized"),
        file_name="photo.jpg")

fixture("jpeg-datetime", "jpg",
        "JPEG with only IFD0 DateTime and its OffsetTime: the last resort inside EXIF, said so.",
        jpeg_exif(tiff({0x0132: "2020:07:04 12:00:00"}, {0x9010: "-04:00"})),
        ("2020-07-04T12:00:00", ("offset", "-04:00", 0), "exif-datetime"),
        file_name="edited.jpg")

fixture("png-exif", "png",
        "PNG with an eXIf chunk: DateTimeOriginal and OffsetTimeOriginal -05:00.",
        png(tiff({}, {0x9003: "2023:11:05 01:30:00", 0x9011: "-05:00"}, big_endian=True)),
        ("2023-11-05T01:30:00", ("offset", "-05:00", 0), "exif-original"),
        file_name="IMG_0042.PNG")

fixture("heic-exif", "heic",
        "HEIC from an iPhone: the Exif item found through meta/iinf/iloc, after its TIFF header offset.",
        heic(tiff({0x0132: "2022:03:18 14:56:00"}, {0x9003: "2022:03:18 14:56:00", 0x9011: "+01:00", 0x9291: "45"})),
        ("2022-03-18T14:56:00", ("offset", "+01:00", 450), "exif-original"),
        file_name="IMG_4711.HEIC")

fixture("screenshot-android", "jpg",
        "Android screenshot with no EXIF: the time in the file name, in the zone declared at ingest.",
        jpeg(), ("2024-01-15T21:30:45", ("zone",), "file-name"),
        file_name="Screenshot_20240115-213045_Instagram.jpg", zone="Asia/Baghdad", modified="2024-02-01T10:00:00Z")

fixture("screenshot-android-ms", "jpg",
        "Android screenshot, the newer name with milliseconds (dropped: a local time has seconds only).",
        jpeg(), ("2024-01-15T21:30:45", ("zone",), "file-name"),
        file_name="Screenshot_2024-01-15-21-30-45-123_com.whatsapp.jpg")

fixture("screenshot-macos", "png",
        "macOS screenshot with no eXIf: 12-hour time after U+202F in the name, no zone: floating.",
        png(), ("2019-05-21T22:45:52", ("zone",), "file-name"),
        file_name=f"Screenshot 2019-05-21 at 10.45.52{NNBSP}PM.png", modified="2019-05-21T20:45:53Z")

fixture("whatsapp-image", "jpeg",
        "WhatsApp Image as saved by WhatsApp (its EXIF removed), the time in the name.",
        jpeg(), ("2022-03-18T14:56:00", ("zone",), "file-name"),
        file_name="WhatsApp Image 2022-03-18 at 14.56.00.jpeg", zone="Europe/Berlin", zone_basis="given-to-timeline")

fixture("pixel-utc", "jpg",
        "Google Pixel camera name: PXL_ times are UTC, so the offset is stated (+00:00), milliseconds kept.",
        jpeg(), ("2022-03-18T11:56:00", ("offset", "+00:00", 123), "file-name"),
        file_name="PXL_20220318_115600123.jpg", zone="Asia/Baghdad")

fixture("mtime-only", "jpg",
        "No EXIF and a name with no time (IMG-…-WA0001 has only a date): the modification time at ingest, weak.",
        jpeg(), ("2023-07-01T08:15:30", ("instant", "2023-07-01T08:15:30.250Z"), "file-mtime"),
        file_name="IMG-20230701-WA0001.jpg", modified="2023-07-01T08:15:30.250Z")

# An IFD offset pointing far past the block: libexif finds no tags, the file name is used.
fixture("corrupt-exif", "jpg",
        "JPEG whose EXIF block lies (IFD offset past its end): no EXIF time, the file name's time instead.",
        jpeg_exif(b"II*\0" + struct.pack("<I", 0x7FFFFF00) + b"\0" * 24),
        ("2022-03-18T14:56:00", ("zone",), "file-name"),
        file_name="IMG_20220318_145600.jpg")

fixture("no-time", "png",
        "PNG with no eXIf, a name with no time, no modification time: an event with no time.",
        png(), None, file_name="image.png", exhibit=None)

# --- bookkeeping ----------------------------------------------------------------------------


def fmt_offset(delta):
    minutes = int(delta.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def canonical(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def build(fx):
    data = fx["data"]
    attachment = {"name": fx["file_name"], "media": "image"}
    attachment.update({"status": "linked", "exhibit": fx["exhibit"]} if fx["exhibit"] else {"status": "named"})
    event = {
        "v": 1, "time": None, "local_time": None, "zone": None, "platform": fx["platform"] or "other",
        "conversation": {"title": None, "participants": []}, "sender": None, "kind": "media", "text": None,
        "attachments": [attachment], "reply_to": None, "forwarded_from": None,
        "source": {"exhibit": fx["exhibit"], "sha256": hashlib.sha256(data).hexdigest(), "offset": 0,
                   "length": len(data), "line": 1},
        "parser": {"name": "image-exif", "version": "1"},
    }
    if fx["expect"]:
        local, how, time_from = fx["expect"]
        event["local_time"] = local
        event["parser"]["time_from"] = time_from
        naive = datetime.fromisoformat(local)
        if how[0] == "offset":
            sign = -1 if how[1][0] == "-" else 1
            delta = timedelta(hours=int(how[1][1:3]), minutes=int(how[1][4:6])) * sign
            event["time"] = (naive - delta + timedelta(milliseconds=how[2])).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
            event["zone"] = {"basis": "source-offset", "offset": how[1]}
        elif how[0] == "instant":
            event["time"] = how[1]
            event["zone"] = {"basis": "source-instant", "offset": "+00:00"}
            event["parser"]["weak"] = True
        elif fx["zone"]:
            z = ZoneInfo(fx["zone"])
            offset = naive.replace(tzinfo=z).utcoffset()
            event["time"] = (naive - offset).strftime("%Y-%m-%dT%H:%M:%S.000Z")
            event["zone"] = {"basis": fx["zone_basis"], "name": fx["zone"], "offset": fmt_offset(offset)}
        else:
            event["zone"] = {"basis": "unknown"}
    return data, canonical(event)


def main():
    names = set()
    for fx in FIXTURES:
        assert fx["name"] not in names, fx["name"]
        names.add(fx["name"])
        data, line = build(fx)
        (HERE / f"{fx['name']}.{fx['ext']}").write_bytes(data)
        (HERE / f"{fx['name']}.events.jsonl").write_text(line + "\n", encoding="utf-8")
        options = {"about": fx["about"], "exhibit": fx["exhibit"], "file_name": fx["file_name"],
                   "file_modified": fx["modified"], "platform": fx["platform"], "zone": fx["zone"],
                   "zone_basis": fx["zone_basis"] if fx["zone"] else None}
        (HERE / f"{fx['name']}.options.json").write_text(
            json.dumps(options, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(FIXTURES)} fixtures written to {HERE}")


if __name__ == "__main__":
    main()

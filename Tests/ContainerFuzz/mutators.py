"""Mutations of sealed containers for the differential fuzzer (docs/FUZZING.md §7).

Each mutator takes the bytes of a sealed zip or tar (and a random generator) and returns new
bytes, or None when it does not apply. They know the containers' structure (container_kit and
the maps below), so that most of their changes land in headers, where readers can disagree,
rather than in payload bytes, which only the digests judge.
"""
import gzip
import random
import struct
import zlib

import container_kit as kit

MAX32 = 0xFFFFFFFF


# ---------------------------------------------------------------- structure maps

def zip_map(data):
    """The records of a zip in Sanad's form: [(kind, start, length, index)], kinds local,
    data, descriptor, central, end (zip64 records included in end)."""
    out, pos, i = [], 0, 0
    while data[pos:pos + 4] == b"PK\x03\x04" and pos + 30 <= len(data):
        n, m = struct.unpack_from("<HH", data, pos + 26)
        usize = struct.unpack_from("<I", data, pos + 22)[0]
        extra = data[pos + 30 + n:pos + 30 + n + m]
        size = usize
        if usize == MAX32:
            j = 0
            while j + 4 <= len(extra):
                fid, flen = struct.unpack_from("<HH", extra, j)
                if fid == 1 and flen >= 8:
                    size = struct.unpack_from("<Q", extra, j + 4)[0]
                j += 4 + flen
        out.append(("local", pos, 30 + n + m, i))
        start = pos + 30 + n + m
        out.append(("data", start, size, i))
        dlen = 24 if size > MAX32 else 16
        out.append(("descriptor", start + size, dlen, i))
        pos = start + size + dlen
        i += 1
    i = 0
    while data[pos:pos + 4] == b"PK\x01\x02" and pos + 46 <= len(data):
        n, m, k = struct.unpack_from("<HHH", data, pos + 28)
        out.append(("central", pos, 46 + n + m + k, i))
        pos += 46 + n + m + k
        i += 1
    out.append(("end", pos, len(data) - pos, 0))
    return out


def tar_map(data):
    """[(kind, start, length, index)] with kinds header, pax, data, padding, end."""
    out, pos, i = [], 0, 0
    while pos + 512 <= len(data):
        block = data[pos:pos + 512]
        if block == b"\0" * 512:
            out.append(("end", pos, len(data) - pos, 0))
            return out
        try:
            size = int(block[124:136].split(b"\0")[0].strip() or b"0", 8)
        except ValueError:
            size = 0
        kind = "pax" if block[156:157] == b"x" else "header"
        out.append((kind, pos, 512, i))
        body = pos + 512
        out.append(("data" if kind == "header" else "paxdata", body, size, i))
        pad = (512 - size % 512) % 512
        if pad:
            out.append(("padding", body + size, pad, i))
        pos = body + size + pad
        if kind == "header":
            i += 1
    return out


def headers(data, kind):
    m = zip_map(data) if kind == "zip" else tar_map(data)
    return [r for r in m if r[0] not in ("data",)]


# ---------------------------------------------------------------- helpers

INTERESTING32 = [0, 1, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFE, 0xFFFFFFFF]
INTERESTING16 = [0, 1, 8, 9, 10, 20, 45, 63, 0x7F, 0x80, 0xFF, 0x800, 0x808, 0x809, 0xFFFF]


def put(data, at, value, width):
    b = bytearray(data)
    b[at:at + width] = (value & ((1 << (8 * width)) - 1)).to_bytes(width, "little")
    return bytes(b)


def fix_tar_checksum(block):
    b = bytearray(block)
    b[148:156] = b" " * 8
    b[148:156] = f"{sum(b):06o}".encode() + b"\0 "
    return bytes(b)


# ---------------------------------------------------------------- mutators (both kinds)

def flip_bits(data, kind, rng, seeds):
    hs = headers(data, kind)
    b = bytearray(data)
    for _ in range(rng.choice([1, 1, 2, 3, 4])):
        if hs and rng.random() < 0.85:
            _, start, length, _ = rng.choice(hs)
            at = start + rng.randrange(max(length, 1))
        else:
            at = rng.randrange(len(b))
        if at < len(b):
            b[at] ^= 1 << rng.randrange(8)
    return bytes(b)


def set_bytes(data, kind, rng, seeds):
    hs = headers(data, kind)
    if not hs:
        return None
    _, start, length, _ = rng.choice(hs)
    at = start + rng.randrange(max(length, 1))
    width = rng.choice([1, 2, 4])
    value = rng.choice(INTERESTING32 + [rng.getrandbits(32)])
    return put(data, at, value, min(width, max(1, len(data) - at)))


def truncate(data, kind, rng, seeds):
    return data[:rng.randrange(len(data))]


def extend(data, kind, rng, seeds):
    tail = rng.choice([b"\0", b"\0" * 512, b"\0" * 1024, b"PK\x05\x06" + b"\0" * 18, b"GARBAGE", bytes(rng.getrandbits(8) for _ in range(64))])
    return data + tail


def prefix(data, kind, rng, seeds):
    junk = rng.choice([b"MZ" + b"\0" * 62, b"\0" * 512, b"#!/bin/sh\nexit 0\n", bytes(rng.getrandbits(8) for _ in range(rng.randrange(1, 600)))])
    return junk + data


def concat(data, kind, rng, seeds):
    other = rng.choice(seeds)[1]
    return data + other if rng.random() < 0.7 else other + data


def gzip_wrap(data, kind, rng, seeds):
    return gzip.compress(data, mtime=0)


def magic_prefix(data, kind, rng, seeds):
    magic = rng.choice([b"\x1f\x8b\x08\x00", b"BZh9", b"\xfd7zXZ\x00", b"(\xb5/\xfd", b"LRZI", b"\x89LZO\x00\r\n\x1a\n", b"7z\xbc\xaf'\x1c"])
    return magic + data[len(magic):] if rng.random() < 0.5 else magic + data


def rebuild(data, kind, rng, seeds, change):
    entries = kit.parse(data)
    changed = change(entries)
    if changed is None:
        return None
    return kit.build(kind, changed)


def tamper_content(data, kind, rng, seeds):
    """A careful forger: contents changed, container rebuilt in Sanad's exact form."""
    def change(entries):
        e = rng.choice(entries)
        if not e.data:
            e.data = b"x"
        else:
            b = bytearray(e.data)
            b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
            e.data = bytes(b)
        return entries
    return rebuild(data, kind, rng, seeds, change)


def add_entry(data, kind, rng, seeds):
    def change(entries):
        top = entries[0].name.split("/", 1)[0]
        name = rng.choice([f"{top}/sanad/items/E0099.json", f"{top}/data/E0099/original.txt", f"{top}/signature/notes.txt",
                           f"{top}/extra.txt", "other/file.txt", f"{top}/data/", f"{top}/../evil.txt", entries[rng.randrange(len(entries))].name,
                           f"{top}/DATA/E0001/original.txt", f"{top}/signature/receipt-9/receipt.p7s"])
        entries.insert(rng.randrange(len(entries) + 1), kit.Entry(name, b'{"forged": true}\n', entries[0].mtime))
        return entries
    return rebuild(data, kind, rng, seeds, change)


def remove_entry(data, kind, rng, seeds):
    def change(entries):
        del entries[rng.randrange(len(entries))]
        return entries
    return rebuild(data, kind, rng, seeds, change)


def swap_entries(data, kind, rng, seeds):
    def change(entries):
        i, j = rng.randrange(len(entries)), rng.randrange(len(entries))
        entries[i], entries[j] = entries[j], entries[i]
        return entries
    return rebuild(data, kind, rng, seeds, change)


def rename_entry(data, kind, rng, seeds):
    def change(entries):
        e = rng.choice(entries)
        e.name = rng.choice([e.name.upper(), e.name + " ", e.name.replace("/", "//", 1), e.name.replace("E000", "E00"),
                             e.name.replace(".", "\u0301.", 1), e.name + "/", "./" + e.name, e.name.replace("/", "\\", 1)])
        return entries
    return rebuild(data, kind, rng, seeds, change)


def change_time(data, kind, rng, seeds):
    def change(entries):
        e = rng.choice(entries)
        e.mtime = rng.choice([0, 315532799, 315532800, 0x7FFFFFFE, 0x7FFFFFFF, 0x80000000, e.mtime + 1, e.mtime - 1])
        return entries
    try:
        return rebuild(data, kind, rng, seeds, change)
    except (ValueError, struct.error, OverflowError):
        return None


# ---------------------------------------------------------------- zip-only

def zip_field(data, kind, rng, seeds):
    """One field of one local header, central record or descriptor set to an interesting value."""
    m = [r for r in zip_map(data) if r[0] in ("local", "central", "descriptor", "end")]
    rec, start, length, _ = rng.choice(m)
    layouts = {
        "local": [(4, 2), (6, 2), (8, 2), (10, 4), (14, 4), (18, 4), (22, 4), (26, 2), (28, 2)],
        "central": [(4, 2), (6, 2), (8, 2), (10, 2), (12, 4), (16, 4), (20, 4), (24, 4), (28, 2), (30, 2), (32, 2), (34, 2), (36, 2), (38, 4), (42, 4)],
        "descriptor": [(0, 4), (4, 4), (8, 4), (12, 4)],
        "end": [(0, 4), (4, 2), (6, 2), (8, 2), (10, 2), (12, 4), (16, 4), (20, 2)],
    }
    off, width = rng.choice(layouts[rec])
    if off + width > length:
        return None
    at = start + off
    old = int.from_bytes(data[at:at + width], "little")
    value = rng.choice((INTERESTING16 if width == 2 else INTERESTING32) + [old + 1, old - 1, old ^ 0x0800, old ^ 0x0001])
    if rec == "central" and off == 38:
        value = rng.choice([0o040755 << 16, 0o120777 << 16, 0o100755 << 16, 0o100644 << 16 | 0x10, 0x10, 0, 0o020644 << 16])
    return put(data, at, value, width)


def zip_hidden_entry(data, kind, rng, seeds):
    entries = kit.parse_zip(data)
    top = entries[0].name.split("/", 1)[0]
    forged = kit.Entry(f"{top}/sanad/items/E0099.json", b'{"forged": true}\n', entries[0].mtime)
    where = rng.randrange(len(entries) + 1)
    if rng.random() < 0.5:
        entries.insert(where, kit.Entry(forged.name, forged.data, forged.mtime, {"local_only": True}))
        return kit.build_zip(entries)
    out, records = bytearray(), []
    for i, e in enumerate(entries + [None]):
        if i == where:
            offset = len(out)
            out += kit.local_header(forged.name_bytes, len(forged.data), forged.mtime) + forged.data + kit.data_descriptor(zlib.crc32(forged.data), len(forged.data))
            hidden = kit.central_record(forged.name_bytes, len(forged.data), forged.mtime, zlib.crc32(forged.data), offset)
            if rng.random() < 0.5:
                records.append(hidden)  # listed in order: a normal extra entry
            else:
                records.insert(rng.randrange(len(records) + 1), hidden)
        if e is None:
            break
        offset, crc = len(out), zlib.crc32(e.data)
        out += kit.local_header(e.name_bytes, len(e.data), e.mtime) + e.data + kit.data_descriptor(crc, len(e.data))
        records.append(kit.central_record(e.name_bytes, len(e.data), e.mtime, crc, offset))
    cd = len(out)
    body = b"".join(records)
    return bytes(out) + body + kit.end_records(len(records), cd, len(body))


def zip_central_points_elsewhere(data, kind, rng, seeds):
    m = zip_map(data)
    centrals = [r for r in m if r[0] == "central"]
    locals_ = [r for r in m if r[0] == "local"]
    _, start, _, _ = rng.choice(centrals)
    target = rng.choice(locals_)[1] if rng.random() < 0.7 else rng.randrange(len(data))
    return put(data, start + 42, target, 4)


def zip_extra_field(data, kind, rng, seeds):
    """An extra field that some readers honour: Unicode path, zip64, NTFS times, another UT."""
    m = [r for r in zip_map(data) if r[0] in ("local", "central")]
    rec, start, length, _ = rng.choice(m)
    n_at, m_at = (26, 28) if rec == "local" else (28, 30)
    n, mlen = struct.unpack_from("<HH", data, start + n_at)
    name = data[start + (30 if rec == "local" else 46):start + (30 if rec == "local" else 46) + n]
    field = rng.choice([
        struct.pack("<HHB", 0x7075, 5 + len(name) + 3, 1) + struct.pack("<I", zlib.crc32(name)) + name + b"XYZ",
        struct.pack("<HH", 1, 16) + struct.pack("<QQ", 10, 10),
        struct.pack("<HH", 0x000A, 32) + b"\0" * 32,
        struct.pack("<HHBI", 0x5455, 5, 1, 0),
        struct.pack("<HH", 0x6375, 8) + b"\x01" + struct.pack("<I", 0) + b"abc",
    ])
    fixed = 30 if rec == "local" else 46
    ins = start + fixed + n + mlen
    out = data[:ins] + field + data[ins:]
    out = put(out, start + m_at, mlen + len(field), 2)
    return out  # offsets after it are now off: a reader that tolerates it reads something else


def zip_zip64_end(data, kind, rng, seeds):
    count, cd_size, cd = struct.unpack_from("<HII", data, len(data) - 12)
    body = data[:-22]
    over = rng.choice([{}, {"z64_count": count + 1}, {"z64_size": cd_size + 1}, {"z64_offset": 0}, {"locator": 0}, {"count": 0xFFFF}])
    return body + kit.end_records(count, cd, cd_size, force_zip64=True, **over)


def zip_comment(data, kind, rng, seeds):
    other = rng.choice(seeds)
    comment = rng.choice([b"x", b"PK\x05\x06" + b"\0" * 18, other[1][-22:], b"\0" * 100])
    return data[:-2] + struct.pack("<H", len(comment)) + comment


def tar_zip_polyglot(data, kind, rng, seeds):
    """A zip whose offsets count from the start of the file, after another archive."""
    zips = [s for s in seeds if s[0] == "zip"]
    tars = [s for s in seeds if s[0] == "tar"]
    if not zips or not tars:
        return None
    front = rng.choice(tars)[1] if kind == "zip" else data
    entries = kit.parse_zip(rng.choice(zips)[1])
    out, records = bytearray(), []
    for e in entries:
        offset, crc = len(front) + len(out), zlib.crc32(e.data)
        out += kit.local_header(e.name_bytes, len(e.data), e.mtime) + e.data + kit.data_descriptor(crc, len(e.data))
        records.append(kit.central_record(e.name_bytes, len(e.data), e.mtime, crc, offset))
    cd = len(front) + len(out)
    body = b"".join(records)
    return front + bytes(out) + body + kit.end_records(len(records), cd, len(body))


# ---------------------------------------------------------------- tar-only

TYPEFLAGS = b"0123456789xgLKSVMDNAZ\0 "
PAX_KEYS = [b"path", b"size", b"linkpath", b"mtime", b"atime", b"ctime", b"uid", b"gid", b"uname", b"gname", b"hdrcharset",
            b"comment", b"GNU.sparse.major", b"GNU.sparse.minor", b"GNU.sparse.name", b"GNU.sparse.realsize", b"GNU.sparse.map",
            b"SCHILY.xattr.user.x", b"LIBARCHIVE.xattr.user.x", b"SCHILY.fflags", b"charset"]


def tar_headers_of(data):
    return [r for r in tar_map(data) if r[0] in ("header", "pax")]


def tar_typeflag(data, kind, rng, seeds):
    hs = tar_headers_of(data)
    if not hs:
        return None
    _, start, _, _ = rng.choice(hs)
    b = bytearray(data)
    b[start + 156] = rng.choice(TYPEFLAGS)
    b[start:start + 512] = fix_tar_checksum(b[start:start + 512])
    return bytes(b)


def tar_field(data, kind, rng, seeds):
    hs = tar_headers_of(data)
    if not hs:
        return None
    _, start, _, _ = rng.choice(hs)
    off, width = rng.choice([(0, 100), (100, 8), (108, 8), (116, 8), (124, 12), (136, 12), (157, 100), (257, 8), (265, 32), (297, 32),
                             (329, 8), (337, 8), (345, 155), (500, 12)])
    value = rng.choice([b"", b"0" * width, b" " * width, b"\0" * width, b"7" * width, b"\x80" + b"\0" * (width - 1),
                        b"ustar  \0", b"../../etc/x", b"link", b"root", b"00000001750 ", b"1" * (width - 1) + b"\0"])
    b = bytearray(data)
    b[start + off:start + off + width] = (value + b"\0" * width)[:width]
    if rng.random() < 0.9:
        b[start:start + 512] = fix_tar_checksum(b[start:start + 512])
    return bytes(b)


def tar_pax_header(data, kind, rng, seeds):
    """A pax header (per entry or global) with records a reader may honour."""
    hs = [r for r in tar_map(data) if r[0] == "header"]
    if not hs:
        return None
    _, start, _, _ = rng.choice(hs)
    records = b""
    for _ in range(rng.randrange(1, 4)):
        key = rng.choice(PAX_KEYS)
        value = rng.choice([b"VEC-1/sanad/items/E0099.json", b"10", b"0", b"999999999999", b"1772618400.5", b"BINARY", b"/etc/passwd",
                            b"0,512,1024,0", b"1", b"", "قضية".encode()])
        records += kit.pax_record(key.decode(), value)
    type_ = rng.choice([b"x", b"x", b"g"])
    header = kit.ustar_header(b"PaxHeader/x", len(records), 1772618400, type_, strict=True)
    block = header + records + kit.pad(len(records))
    return data[:start] + block + data[start:]


def tar_gnu_long(data, kind, rng, seeds):
    hs = [r for r in tar_map(data) if r[0] == "header"]
    if not hs:
        return None
    _, start, _, _ = rng.choice(hs)
    name = rng.choice([b"VEC-1/sanad/items/E0099.json", b"../evil", b"x" * 200]) + b"\0"
    type_ = rng.choice([b"L", b"K"])
    block = kit.ustar_header(b"././@LongLink", len(name), 1772618400, type_) + name + kit.pad(len(name))
    return data[:start] + block + data[start:]


def tar_zero_block(data, kind, rng, seeds):
    hs = [r for r in tar_map(data) if r[0] in ("header", "pax")]
    if not hs:
        return None
    _, start, _, _ = rng.choice(hs)
    return data[:start] + b"\0" * 512 + data[start:]


def tar_padding(data, kind, rng, seeds):
    pads = [r for r in tar_map(data) if r[0] == "padding"]
    if not pads:
        return None
    _, start, length, _ = rng.choice(pads)
    b = bytearray(data)
    b[start + rng.randrange(length)] = rng.randrange(1, 256)
    return bytes(b)


COMMON = [flip_bits, flip_bits, set_bytes, truncate, extend, prefix, concat, gzip_wrap, magic_prefix, tamper_content, add_entry,
          remove_entry, swap_entries, rename_entry, change_time, tar_zip_polyglot]
ZIP = [zip_field, zip_field, zip_field, zip_hidden_entry, zip_central_points_elsewhere, zip_extra_field, zip_zip64_end, zip_comment]
TAR = [tar_typeflag, tar_typeflag, tar_field, tar_field, tar_pax_header, tar_pax_header, tar_gnu_long, tar_zero_block, tar_padding]


def mutate(data, kind, rng, seeds):
    """One to three mutations; returns (bytes, names of the mutators applied)."""
    applied = []
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        pool = COMMON + (ZIP if kind == "zip" else TAR)
        m = rng.choice(pool)
        try:
            out = m(data, kind, rng, seeds)
        except (ValueError, IndexError, KeyError, struct.error, UnicodeDecodeError, AttributeError, TypeError, EOFError, OSError,
                zlib.error, __import__("tarfile").TarError):
            out = None
        if out is not None and out != data:
            data = out
            applied.append(m.__name__)
    return data, applied

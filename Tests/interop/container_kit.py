"""A second implementation of docs/FORMAT.md §8 (the container profile), in Python, written from
the spec: it builds zips and tars in exactly the form Sanad writes, and takes them apart again.

Three users:
  * Tests/interop/test_container_kit.py shows that it rebuilds every sealed archive byte for
    byte, which is what makes the profile a specification a second implementation can follow;
  * Tests/Vectors/generate.py uses it to tamper with contents as a careful forger would,
    keeping the container in Sanad's exact form (so that the verdict is about the evidence);
  * Tests/ContainerFuzz uses its record builders to make containers that differ from the
    profile in one field at a time.
"""
import struct
import tarfile
import time
import zlib
from dataclasses import dataclass, field

MAX32 = 0xFFFFFFFF
MAX16 = 0xFFFF
BLOCK = 512


@dataclass
class Entry:
    name: str
    data: bytes
    mtime: int
    extra: dict = field(default_factory=dict)  # overrides for the fuzzer and vectors

    @property
    def name_bytes(self):
        return self.name.encode("utf-8") if isinstance(self.name, str) else self.name


# ---------------------------------------------------------------- zip (§8.2)

def dos_time(t):
    tm = time.gmtime(t)
    if tm.tm_year < 1980:
        return 0x00210000
    if tm.tm_year > 2107:
        return 0xFF9FBF7D
    date = (tm.tm_year - 1980) << 9 | tm.tm_mon << 5 | tm.tm_mday
    clock = tm.tm_hour << 11 | tm.tm_min << 5 | tm.tm_sec >> 1
    return date << 16 | clock


def _flags(name):
    return 0x0008 | (0x0800 if any(b >= 0x80 for b in name) else 0)


def common_extra(mtime, uid=0, gid=0):
    return struct.pack("<HHBI", 0x5455, 5, 1, mtime) + struct.pack("<HHBBIBI", 0x7875, 11, 1, 4, uid, 4, gid)


def zip64_field(values):
    return struct.pack("<HH", 1, 8 * len(values)) + b"".join(struct.pack("<Q", v) for v in values)


def local_header(raw_name, raw_size, raw_mtime, **o):
    name, size, mtime = raw_name, raw_size, raw_mtime
    z64 = size > MAX32
    extra = o.get("extra", common_extra(mtime) + (zip64_field([size, size]) if z64 else b""))
    size32 = MAX32 if z64 else size
    return struct.pack(
        "<IHHHIIIIHH", o.get("signature", 0x04034B50), o.get("version", 45 if z64 else 10), o.get("flags", _flags(name)),
        o.get("method", 0), o.get("dostime", dos_time(mtime)), o.get("crc", 0), o.get("csize", size32), o.get("usize", size32),
        len(o.get("name", name)), len(extra)) + o.get("name", name) + extra


def data_descriptor(raw_crc, raw_size, **o):
    crc, size = raw_crc, raw_size
    if size > MAX32 or o.get("zip64"):
        return struct.pack("<IIQQ", o.get("signature", 0x08074B50), o.get("crc", crc), o.get("csize", size), o.get("usize", size))
    return struct.pack("<IIII", o.get("signature", 0x08074B50), o.get("crc", crc), o.get("csize", size), o.get("usize", size))


def central_record(raw_name, raw_size, raw_mtime, raw_crc, raw_offset, **o):
    name, size, mtime, crc, offset = raw_name, raw_size, raw_mtime, raw_crc, raw_offset
    z64_local = size > MAX32
    z64 = size > MAX32 or offset > MAX32
    big = ([size, size] if size >= MAX32 else []) + ([offset] if offset >= MAX32 else [])
    extra = o.get("extra", common_extra(mtime) + (zip64_field(big) if z64 else b""))
    version = 45 if z64_local else 10
    comment = o.get("comment", b"")
    return struct.pack(
        "<IHHHHIIIIHHHHHII", o.get("signature", 0x02014B50), o.get("made_by", 0x0300 | version),
        o.get("version", 45 if z64 else version), o.get("flags", _flags(name)), o.get("method", 0),
        o.get("dostime", dos_time(mtime)), o.get("crc", crc), o.get("csize", min(size, MAX32)), o.get("usize", min(size, MAX32)),
        len(o.get("name", name)), len(extra), len(comment), o.get("disk", 0), o.get("internal", 0),
        o.get("external", 0o100644 << 16), o.get("offset", min(offset, MAX32))) + o.get("name", name) + extra + comment


def end_records(count, cd_offset, cd_size, comment=b"", **o):
    out = b""
    if cd_size > MAX32 or cd_offset > MAX32 or count > MAX16 or o.get("force_zip64"):
        out += struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, o.get("z64_count", count), o.get("z64_count", count),
                           o.get("z64_size", cd_size), o.get("z64_offset", cd_offset))
        out += struct.pack("<IIQI", 0x07064B50, 0, o.get("locator", cd_offset + cd_size), 1)
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, o.get("count", min(count, MAX16)), o.get("count", min(count, MAX16)),
                       o.get("cd_size", min(cd_size, MAX32)), o.get("cd_offset", min(cd_offset, MAX32)), len(comment)) + comment
    return out


def build_zip(entries):
    """The zip Sanad writes for these entries, in this order."""
    out = bytearray()
    records = []
    for e in entries:
        name, offset, crc = e.name_bytes, len(out), zlib.crc32(e.data)
        out += local_header(name, len(e.data), e.mtime, **e.extra.get("local", {}))
        out += e.data
        out += data_descriptor(crc, len(e.data), **e.extra.get("descriptor", {}))
        if not e.extra.get("local_only"):
            records.append((name, len(e.data), e.mtime, crc, offset, e.extra.get("central", {})))
    cd_offset = len(out)
    for name, size, mtime, crc, offset, o in records:
        out += central_record(name, size, mtime, crc, offset, **o)
    out += end_records(len(records), cd_offset, len(out) - cd_offset)
    return bytes(out)


def parse_zip(data):
    """The entries of a zip in Sanad's form, walking its local headers (name, bytes, UT time)."""
    entries, pos = [], 0
    while data[pos:pos + 4] == b"PK\x03\x04":
        (_, _, flags, _, _, _, csize, usize, n, m) = struct.unpack_from("<IHHHIIIIHH", data, pos)
        name = data[pos + 30:pos + 30 + n]
        extra = data[pos + 30 + n:pos + 30 + n + m]
        fields, i = {}, 0
        while i + 4 <= len(extra):
            fid, flen = struct.unpack_from("<HH", extra, i)
            fields[fid] = extra[i + 4:i + 4 + flen]
            i += 4 + flen
        size = struct.unpack_from("<Q", fields[1])[0] if usize == MAX32 else usize
        mtime = struct.unpack_from("<I", fields[0x5455], 1)[0]
        start = pos + 30 + n + m
        entries.append(Entry(name.decode("utf-8"), bytes(data[start:start + size]), mtime))
        pos = start + size + (24 if size > MAX32 else 16)
    return entries


# ---------------------------------------------------------------- tar (§8.3)

def pax_record(key, value):
    body = 1 + len(key) + 1 + len(value) + 1
    digits = len(str(body))
    if body + digits >= 10 ** digits:
        digits += 1
    return f"{body + digits} {key}=".encode() + value + b"\n"


def split_point(name):
    if len(name) <= 100:
        return None
    p = name.find(b"/", len(name) - 101)
    if p == 0:
        p = name.find(b"/", 1)
    if p < 0 or p == len(name) - 1 or p > 155:
        return None
    return p


def ustar_entry_name(src, insert=None):
    """The name the ustar fields get when a pax record carries the real one (FORMAT.md §8.3)."""
    if len(src) < 100 and insert is None:
        return src
    room, end, slash = 99, len(src), False
    while True:
        if end > 0 and src[end - 1:end] == b"/":
            end, slash = end - 1, True
            continue
        if end > 1 and src[end - 2:end] == b"/.":
            end, slash = end - 2, True
            continue
        break
    if slash:
        room -= 1
    f = max(end - 1, 0)
    while f > 0 and src[f:f + 1] != b"/":
        f -= 1
    if src[f:f + 1] == b"/" and f < end - 1:
        f += 1
    room -= len(insert) + 2 if insert is not None else 0
    end = min(end, f + room)
    room -= end - f
    prefix_end = min(155, f)
    while prefix_end > 0 and src[prefix_end:prefix_end + 1] != b"/":
        prefix_end -= 1
    if prefix_end < f and src[prefix_end:prefix_end + 1] == b"/":
        prefix_end += 1
    suffix_end = max(min(prefix_end + room, f), prefix_end)
    while suffix_end > prefix_end and src[suffix_end:suffix_end + 1] != b"/":
        suffix_end -= 1
    if suffix_end < f and src[suffix_end:suffix_end + 1] == b"/":
        suffix_end += 1
    out = src[:prefix_end] + src[prefix_end:suffix_end] + (insert + b"/" if insert is not None else b"") + src[f:end]
    return out + (b"/" if slash else b"")


def pax_header_name(name):
    end = len(name)
    while True:
        if end > 0 and name[end - 1:end] == b"/":
            end -= 1
            continue
        if end > 1 and name[end - 1:end] == b"." and name[end - 2:end - 1] == b"/":
            end -= 1
            continue
        break
    return ustar_entry_name(name[:end], b"PaxHeader")


def _number(v, digits, strict):
    if v < 8 ** digits:
        return f"{v:0{digits}o}".encode()
    if not strict and v < 8 ** (digits + 1):
        return f"{v:0{digits + 1}o}".encode()
    if strict:
        raise ValueError("number too large")
    raw = bytearray(v.to_bytes(digits + 1, "big"))
    raw[0] |= 0x80
    return bytes(raw)


def ustar_header(name, size, mtime, type_=b"0", strict=False, **o):
    h = bytearray(BLOCK)
    if len(name) <= 100:
        h[0:len(name)] = name
    else:
        p = split_point(name)
        if p is None:
            raise ValueError("name cannot be split")
        h[345:345 + p] = name[:p]
        h[0:len(name) - p - 1] = name[p + 1:]
    for off, text in [(100, b"000644 \0"), (108, b"000000 \0"), (116, b"000000 \0"), (329, b"000000 \0"), (337, b"000000 \0")]:
        h[off:off + 8] = text
    h[135] = h[147] = 0x20
    s = _number(size, 11, strict)
    h[124:124 + len(s)] = s
    t = _number(mtime, 11, strict)
    h[136:136 + len(t)] = t
    h[156:157] = type_
    h[257:265] = b"ustar\x0000"
    for off, value in o.get("fields", {}).items():
        h[off:off + len(value)] = value
    h[148:156] = b" " * 8
    s = f"{sum(h):06o}".encode() + b"\0 "
    h[148:156] = o.get("checksum", s)
    return bytes(h)


def pad(n):
    return b"\0" * ((BLOCK - n % BLOCK) % BLOCK)


def tar_headers(name, size, mtime):
    needs_path = any(b >= 0x80 for b in name) or (len(name) > 100 and split_point(name) is None)
    records = (pax_record("path", name) if needs_path else b"") + (pax_record("size", str(size).encode()) if size >= 1 << 33 else b"")
    ustar_name = ustar_entry_name(name) if needs_path else name
    main = ustar_header(ustar_name, size, mtime)
    if not records:
        return main
    return ustar_header(pax_header_name(ustar_name), len(records), mtime, b"x", strict=True) + records + pad(len(records)) + main


def build_tar(entries):
    out = bytearray()
    for e in entries:
        out += e.extra.get("headers", tar_headers(e.name_bytes, len(e.data), e.mtime))
        out += e.data + pad(len(e.data))
    return bytes(out) + b"\0" * 1024


def parse_tar(path_or_bytes):
    import io
    src = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, (bytes, bytearray)) else open(path_or_bytes, "rb")
    with tarfile.open(fileobj=src, mode="r:") as t:
        return [Entry(m.name, t.extractfile(m).read(), int(m.mtime)) for m in t.getmembers()]


def parse(data):
    return parse_zip(data) if data[:4] == b"PK\x03\x04" else parse_tar(data)


def build(kind, entries):
    return build_zip(entries) if kind == "zip" else build_tar(entries)

"""The "one archive, one reading" scenarios (docs/FORMAT.md §8): containers that a standard tool
reads one way and a careless verifier another, or that are simply not in the form Sanad writes.

Each is derived from a sealed vector (verified-zip, verified-tar, verified-countersigned) and
written with its `expect` file, which also says which check and profile rule must fail and
what the standard tool of VERIFY.txt (unzip for a zip, GNU tar for a tar) makes of it:

    seen: same        it extracts the sealed tree, without a word (re-packed, but harmless)
    seen: different   it extracts another tree without a warning: the dangerous kind
    seen: warns       it extracts something but complains
    seen: fails       it cannot read it

Run through Tests/Vectors/generate.py (all vectors), or alone after a change here:

    python3 Tests/Vectors/generate.py --container-only
"""
import gzip
import io
import os
import shutil
import struct
import subprocess
import sys
import tarfile
import tempfile
import zipfile
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "interop"))
import container_kit as kit  # noqa: E402
import standard_tools as tools  # noqa: E402

TOP = "VEC-1"
PREFIXES = ("zip-", "zip64-", "tar-", "container-", "archive-sha256-")


def write(d, name, data, expect, why, check=None, rule=None, args="--signer-fingerprint {fp}", base="verified-zip", also=None):
    if d.exists():
        shutil.rmtree(d)
    d.mkdir()
    path = d / name
    path.write_bytes(data)
    sealed = tools.sealed_tree(kit.parse((HERE / base / ("archive.tar" if base == "verified-tar" else "archive.zip")).read_bytes()))
    work = Path(tempfile.mkdtemp())
    try:
        seen = tools.standard_tool(path, work).category(sealed)
        extra = f"seen-by-{also}: {getattr(tools, also.replace('-', '_'))(path, work).category(sealed)}" if also else ""
    finally:
        tools.cleanup(work)
    lines = [f"expect: {expect}"] + ([f"args: {args}"] if args else []) + ([f"check: {check}"] if check else [])
    lines += ([f"rule: {rule}"] if rule else []) + [f"base: {base}", f"seen: {seen}", f"why: {why}"] + ([extra] if extra else [])
    (d / "expect").write_text("\n".join(lines) + "\n")


def entries_of(path):
    return kit.parse(Path(path).read_bytes())


def with_data(entries, inner, data):
    return [kit.Entry(e.name, data if e.name == f"{TOP}/{inner}" else e.data, e.mtime, e.extra) for e in entries]


def tweak(entries, inner, **extra):
    return [kit.Entry(e.name, e.data, e.mtime, {**e.extra, **extra} if e.name == f"{TOP}/{inner}" else e.extra) for e in entries]


def zip_from(entries):
    return kit.build_zip(entries)


def make(root=HERE):
    for old in root.iterdir():
        if old.is_dir() and old.name.startswith(PREFIXES):
            shutil.rmtree(old)
    base = entries_of(root / "verified-zip" / "archive.zip")
    tbase = entries_of(root / "verified-tar" / "archive.tar")
    raw = (root / "verified-zip" / "archive.zip").read_bytes()
    traw = (root / "verified-tar" / "archive.tar").read_bytes()
    mtime = base[0].mtime
    forged = kit.Entry(f"{TOP}/sanad/items/E0009.json", b'{"note":"complaint withdrawn"}\n', mtime)
    n = 0

    def zs(name, data, expect, why, **kw):
        nonlocal n
        n += 1
        write(root / name, "archive.zip", data, expect, why, **kw)

    def ts(name, data, expect, why, **kw):
        nonlocal n
        n += 1
        write(root / name, "archive.tar", data, expect, why, base="verified-tar", **kw)

    M, P = "malformed", "container-profile"

    # --- Local headers and the central directory disagree.
    item = "sanad/items/E0001.json"
    zs("zip-local-name-differs", zip_from(tweak(base, item, local={"name": f"{TOP}/sanad/items/E0009.json".encode()})), M,
       "a local header names another file than its central directory record", check=P, rule="zip-central-directory")
    zs("zip-central-name-differs", zip_from(tweak(base, item, central={"name": f"{TOP}/sanad/items/E0009.json".encode()})), M,
       "the central directory renames an entry: unzip extracts it under the new name", check=P, rule="zip-central-directory")
    zs("zip-central-size-differs", zip_from(tweak(base, item, central={"csize": 10, "usize": 10})), M,
       "the central directory gives an entry a shorter size than its local header", check=P, rule="zip-central-directory")
    zs("zip-central-crc-differs", zip_from(tweak(base, item, central={"crc": 0x12345678})), M,
       "the central directory's CRC-32 differs from the data descriptor's", check=P, rule="zip-central-directory")
    zs("zip-crc-wrong", zip_from(tweak(base, item, central={"crc": 0x12345678}, descriptor={"crc": 0x12345678})), M,
       "an entry's CRC-32 is wrong in both its descriptor and the central directory", check=P, rule="zip-crc")
    zs("zip-mode-directory", zip_from(tweak(base, item, central={"external": 0o040755 << 16})), M,
       "the central directory gives a file with data a folder's mode", check=P, rule="zip-central-directory")
    zs("zip-mode-symlink", zip_from(tweak(base, "data/E0003/original.png", central={"external": 0o120777 << 16})), M,
       "the central directory calls a payload file a symbolic link", check=P, rule="zip-central-directory")
    zs("zip-unicode-path-extra", zip_from(tweak(base, item, central={"extra": kit.common_extra(mtime) + unicode_path(
        f"{TOP}/sanad/items/E0009.json", f"{TOP}/{item}")})), M,
       "an Info-ZIP Unicode Path field in the central directory renames an entry for unzip", check=P, rule="zip-central-directory")
    zs("zip-utf8-flag-set", zip_from(tweak(base, item, local={"flags": 0x0808}, central={"flags": 0x0808})), M,
       "the UTF-8 flag on an ASCII name (harmless, but not what Sanad writes)", check=P, rule="zip-local-header")
    zs("zip-dostime-differs", zip_from(tweak(base, item, local={"dostime": 0x5C640000}, central={"dostime": 0x5C640000})), M,
       "the DOS time disagrees with the UT time", check=P, rule="zip-local-header")
    zs("zip-owner-not-root", zip_from(tweak(base, item, local={"extra": kit.common_extra(mtime, uid=1000, gid=1000)},
                                            central={"extra": kit.common_extra(mtime, uid=1000, gid=1000)})), M,
       "owner 1000 in the Unix extra field (a re-pack by a user's tool)", check=P, rule="zip-local-header")
    zs("zip-encrypted-flag", zip_from(tweak(base, item, local={"flags": 0x0009}, central={"flags": 0x0009})), M,
       "an entry marked as encrypted", check=P, rule="zip-local-header")
    zs("zip64-extra-unneeded", zip_from(tweak(base, item, local={"version": 45, "csize": kit.MAX32, "usize": kit.MAX32,
        "extra": kit.common_extra(mtime) + kit.zip64_field([955, 955])}, descriptor={"zip64": True})), M,
       "zip64 fields for a small entry", check=P, rule="zip-local-header")

    # --- Entries hidden from one reader or the other.
    entries = base[:5] + [kit.Entry(forged.name, forged.data, mtime, {"local_only": True})] + base[5:]
    zs("zip-local-only-entry", zip_from(entries), M,
       "a forged item record with a local header but no central directory record: unzip never sees it, a streaming reader does",
       check=P, rule="zip-central-directory")
    zs("zip-central-only-entry", central_only(base, forged), M,
       "a forged item record in the central directory whose local header hides inside another entry's data: unzip extracts it",
       check=P, rule="zip-central-directory")
    zs("zip-overlapping-entries", overlapping(base), M,
       "two central directory records point at one local header, under two names", check=P, rule="zip-central-directory")
    zs("zip-gap-between-entries", gap(base), M, "16 zero bytes between two entries, offsets consistent", check=P, rule="zip-local-header")
    zs("zip-second-zip-appended", raw + kit.build_zip(base[:5] + [forged] + base[5:]), M,
       "a second, forged zip appended: readers that search for the last end record read it instead", check=P, rule="trailing-data")
    zs("zip-comment", raw[:-2] + struct.pack("<H", 9) + b"not empty", M, "the end record carries a comment", check=P, rule="zip-end-record")
    zs("zip-prefix-junk", b"MZ" + b"\0" * 98 + raw, M, "100 bytes in front of the zip (a self-extractor's stub)", check=P, rule="format")
    zs("zip-eocd-count-wrong", raw[:-12] + struct.pack("<HH", 16, 16) + raw[-8:], M,
       "the end record counts 16 entries; the directory has 17", check=P, rule="zip-end-record")
    zs("zip64-end-unneeded", zip64_end_added(raw, consistent=True), M,
       "a zip64 end record and locator where no count, size or offset needs one", check=P, rule="zip-end-record")
    zs("zip64-end-inconsistent", zip64_end_added(raw, consistent=False), M,
       "a zip64 end record whose entry count disagrees with the end record", check=P, rule="zip-end-record")
    zs("zip-truncated-in-directory", raw[: len(raw) - 300], M, "the file cut inside its central directory", check=P, rule="truncated")
    zs("zip-no-data-descriptor", zip_no_descriptor(base), M,
       "sizes and CRC-32 in the local headers and no data descriptors (how most tools write)", check=P, rule="zip-local-header")
    zs("zip-deflated-entry", repack_python(base, deflate_one=f"{TOP}/VERIFY.txt"), M,
       "the same tree re-packed with one entry compressed", check=P, rule="zip-local-header")

    # --- The same bag, re-packed by another tool.
    zs("zip-repacked-python", repack_python(base), M, "the same tree re-packed by Python's zipfile (stored)", check=P,
       rule="zip-local-header")
    zs("zip-repacked-infozip", repack_tool(base, ["zip", "-q", "-r", "-X", "-0"]), M,
       "the same tree unpacked and re-packed with Info-ZIP zip: folders, other headers", check=P, rule="entry-name")
    zs("zip-repacked-bsdtar", repack_tool(base, ["bsdtar", "--format", "zip", "-cf"]), M,
       "the same tree re-packed by bsdtar", check=P, rule="entry-name")
    zs("zip-folder-entry", zip_from(base[:13] + [kit.Entry(f"{TOP}/data/", b"", mtime)] + base[13:]), M,
       "a folder entry (Sanad writes none; some tools write it as a file)", check=P, rule="entry-name")

    # --- Bag layout inside a container in Sanad's form.
    swapped = base[:]
    swapped[1], swapped[2] = swapped[2], swapped[1]
    zs("container-order-swapped", zip_from(swapped), M, "bag-info.txt and manifest-sha256.txt in the other order",
       check="container-layout")
    zs("container-top-folder-renamed", zip_from([kit.Entry(e.name.replace(f"{TOP}/", "VEC-2/", 1), e.data, e.mtime) for e in base]), M,
       "the top folder is not the case id that bag-info.txt names", check="container-layout")
    zs("container-signature-extra-file", zip_from(base[:13] + [kit.Entry(f"{TOP}/signature/notes.txt", b"approved\n", mtime)] + base[13:]),
       "tag-manifest", "an unsigned note planted in signature/, where only signature files may be", check="tag-manifest")
    sha = __import__("hashlib").sha256(raw).hexdigest()
    zs("archive-sha256-mismatch", raw, "archive-digest", "verify --archive-sha256 given another file's digest",
       check="archive-digest", args="--signer-fingerprint {fp} --archive-sha256 " + "0" * 64)
    zs("archive-sha256-matches", raw, "verified", "verify --archive-sha256 given the archive's own digest",
       args="--signer-fingerprint {fp} --archive-sha256 " + sha)

    # --- Found by the container fuzzer (docs/FUZZING.md §7): files or bytes no signature covered.
    stamped = entries_of(root / "verified-timestamp" / "archive.zip")
    countersigned = entries_of(root / "verified-countersigned" / "archive.zip")
    chain = f"signature/tsa-chain.pem"

    def without(entries, inner):
        return [e for e in entries if e.name != f"{TOP}/{inner}"]

    def fz(name, entries, expect, why, base_name, found=True, **kw):
        nonlocal n
        n += 1
        write(root / name, "archive.zip", kit.build_zip(entries), expect, why + (" (found by the container fuzzer)" if found else ""),
              base=base_name, **kw)

    chain_bytes = next(e.data for e in stamped if e.name.endswith(chain))
    fz("container-tsa-chain-edited", with_data(stamped, chain, chain_bytes + b"approved by the court\n"), "timestamp",
       "text appended to signature/tsa-chain.pem, which nothing but the token vouches for", "verified-timestamp", check="timestamp")
    fz("container-timestamp-removed", without(without(stamped, "signature/seal.tsr"), chain), "timestamp",
       "the seal's timestamp taken out: bag-info.txt says one was asked for", "verified-timestamp", check="timestamp")
    signer = next(e.data for e in base if e.name.endswith("signature/signer.pem"))
    fz("container-signer-pem-removed", without(base, "signature/signer.pem"), "signer-identity",
       "signature/signer.pem taken out", "verified-zip", check="signer-identity")
    fz("container-signer-pem-appended", with_data(base, "signature/signer.pem", signer + b"Approved: Judge X\n"), "signer-identity",
       "text appended to signature/signer.pem after the certificate", "verified-zip", check="signer-identity")
    seal = next(e.data for e in base if e.name.endswith("signature/seal.p7s"))
    fz("container-p7s-trailing-bytes", with_data(base, "signature/seal.p7s", seal + b"\0" * 16), "signature",
       "zero bytes after the seal's DER, which OpenSSL ignores", "verified-zip", check="signature")
    fz("container-receipt-signer-removed", without(countersigned, "signature/receipt-1/signer.pem"), "receipt-structure",
       "the last receipt's signer.pem taken out", "verified-countersigned", check="receipt-structure", args="--signer-fingerprint {fp} --countersigner-fingerprint {rfp}")
    fz("container-time-changed", [kit.Entry(e.name, e.data, e.mtime + (3600 if e.name.endswith("VERIFY.txt") else 0)) for e in base], M,
       "one entry's time moved by an hour: entry times are the seal's signed time", "verified-zip", check="container-layout")

    # CMS and RFC 3161 fields no signature covers (found by the container fuzzer: a flipped byte
    # in the signer identifier's issuer name still verified, OpenSSL comparing names loosely).
    p7s = der_parse(seal)
    sid_changed = bytearray(seal)
    at = seal.index(b"Vector Signer", seal.index(b"Vector Signer", seal.index(b"Vector Signer") + 1) + 1)  # the third: the sid's
    sid_changed[at + 1] = ord("E")
    fz("container-p7s-sid-changed", with_data(base, "signature/seal.p7s", bytes(sid_changed)), "signature",
       "one letter of the issuer name in the seal's signer identifier changed case (OpenSSL still finds the signer)", "verified-zip",
       check="signature")
    fz("container-p7s-unsigned-attribute", with_data(base, "signature/seal.p7s", der_encode(with_unsigned_attribute(p7s))), "signature",
       "an unsigned attribute carrying a forged note added to the seal", "verified-zip", check="signature")
    fz("container-p7s-version-changed", with_data(base, "signature/seal.p7s", der_encode(with_version(p7s, 3))), "signature",
       "the SignedData version changed from 1 to 3", "verified-zip", check="signature")
    extra_cert = next(e.data for e in stamped if e.name.endswith(chain))  # the TSA's certificates: real, but not the signer's chain
    extra_der = pem_to_der(extra_cert)[0]
    fz("container-p7s-extra-certificate",
       with_data(with_data(base, "signature/seal.p7s", der_encode(with_certificate(p7s, extra_der))), "signature/signer.pem", signer + extra_cert.split(b"-----END CERTIFICATE-----\n")[0] + b"-----END CERTIFICATE-----\n"),
       "signature", "a certificate outside the signer's chain added to the seal and to signer.pem alike", "verified-zip", check="signature")
    tsr = next(e.data for e in stamped if e.name.endswith("signature/seal.tsr"))
    fz("container-tsr-status-text", with_data(stamped, "signature/seal.tsr", der_encode(with_status_text(der_parse(tsr), "approved"))),
       "timestamp", "a status text added to the time-stamp response (the authority's signature does not cover it)", "verified-timestamp",
       check="timestamp")
    # The algorithm identifiers a SignerInfo names are outside what it signs: OpenSSL verified
    # a seal whose ECDSA OID was changed to an undefined one (1.2.840.10045.4.3.0).
    fz("container-p7s-sigalg-changed", with_data(base, "signature/seal.p7s", der_encode(with_signature_algorithm(p7s, ECDSA_OID[:-1] + b"\x00"))),
       "signature", "the seal's signature algorithm changed to an undefined ECDSA OID", "verified-zip", check="signature")
    fz("container-p7s-digest-null-added", with_data(base, "signature/seal.p7s", der_encode(with_digest_null(p7s))), "signature",
       "NULL parameters given to the seal's SHA-256 identifiers, a spelling RFC 5754 has verifiers accept", "verified-zip",
       found=False, check="signature")
    response = der_parse(tsr)
    fz("container-tsr-sigalg-changed",
       with_data(stamped, "signature/seal.tsr", der_encode(with_token(response, with_signature_algorithm(response[1][1], ECDSA_OID[:-1] + b"\x03")))),
       "timestamp", "the time-stamp token's signature algorithm changed from ECDSA with SHA-256 to ECDSA with SHA-384",
       "verified-timestamp", found=False, check="timestamp")

    # --- Polyglots: one file, two archives.
    ts("container-tar-zip-polyglot", polyglot(traw, base, forged), M,
       "the sealed tar with a forged zip after it, its offsets made absolute: unzip reads the zip, tar the tar",
       check=P, rule="trailing-data", also="unzip")

    # --- Tar dialects.
    ix = next(i for i, e in enumerate(tbase) if e.name.endswith(item))
    ts("tar-pax-path-added", kit.build_tar(tweak_tar(tbase, ix, pax={"path": forged.name.encode()})), M,
       "a pax path record renames an entry for every pax reader", check=P, rule="tar-extended-header")
    ts("tar-pax-size-differs", kit.build_tar(tweak_tar(tbase, ix, pax={"size": b"10"})), M,
       "a pax size record that disagrees with the ustar size", check=P, rule="tar-extended-header")
    ts("tar-pax-unknown-keyword", kit.build_tar(tweak_tar(tbase, ix, pax={"comment": b"approved"})), M,
       "a pax record Sanad never writes", check=P, rule="tar-extended-header")
    ts("tar-pax-mtime", kit.build_tar(tweak_tar(tbase, ix, pax={"mtime": b"1772618400.5"})), M,
       "a pax mtime record", check=P, rule="tar-extended-header")
    ts("tar-global-header", global_header(traw), M, "a pax global header in front", check=P, rule="tar-header")
    ts("tar-gnu-longname", kit.build_tar(gnu_longname(tbase, ix, forged.name)), M,
       "a GNU long-name record renames an entry for GNU tar", check=P, rule="tar-header")
    ts("tar-directory-entry", kit.build_tar(tbase[:13] + [dir_entry(f"{TOP}/data/", mtime)] + tbase[13:]), M,
       "a folder entry", check=P, rule="tar-header")
    ts("tar-directory-with-data", kit.build_tar(tbase[:13] + [dir_entry(f"{TOP}/notes", mtime, b"hidden\n")] + tbase[13:]), M,
       "a folder entry that carries data", check=P, rule="tar-header")
    ts("tar-regular-named-like-folder", kit.build_tar(tbase[:13] + [kit.Entry(f"{TOP}/notes/", b"hidden\n", mtime)] + tbase[13:]), M,
       "a regular file whose name ends in '/'", check=P, rule="entry-name")
    ts("tar-symlink", kit.build_tar(tbase[:13] + [typed(f"{TOP}/data/link", b"2", mtime, link=b"/etc/passwd")] + tbase[13:]), M,
       "a symbolic link", check=P, rule="tar-header")
    ts("tar-gnu-sparse", kit.build_tar(tbase[:13] + [typed(f"{TOP}/data/sparse", b"S", mtime)] + tbase[13:]), M,
       "a GNU sparse entry", check=P, rule="tar-header")
    ts("tar-volume-header", kit.ustar_header(b"VOLUME", 0, mtime, b"V") + traw, M, "a GNU volume header in front",
       check=P, rule="tar-header")
    ts("tar-entry-after-end", traw + kit.build_tar([forged]), M,
       "a forged entry after the two zero blocks (tar --ignore-zeros reads it)", check=P, rule="trailing-data")
    ts("tar-entry-after-one-zero-block", traw[:-1024] + b"\0" * 512 + kit.build_tar([forged]), M,
       "a zero block, then a forged entry", check=P, rule="tar-end")
    ts("tar-padding-not-zero", padding_dirty(traw, tbase), M, "non-zero bytes in the padding after an entry", check=P,
       rule="tar-padding")
    ts("tar-checksum-wrong", checksum_wrong(traw), M, "a header whose checksum does not add up", check=P, rule="tar-header")
    ts("tar-base256-size", kit.build_tar(tweak_tar(tbase, ix, fields={124: b"\x80" + b"\0" * 7 + struct.pack(">I", len(tbase[ix].data))})), M,
       "a size in base-256 where Sanad writes octal", check=P, rule="tar-header")
    ts("tar-repacked-gnu", repack_tool(tbase, ["tar", "--format=gnu", "-cf"], tar=True), M,
       "the same tree unpacked and re-packed by GNU tar", check=P, rule="tar-header")
    ts("tar-repacked-python", repack_python_tar(tbase), M, "the same tree re-packed by Python's tarfile (pax)", check=P,
       rule="tar-header")
    ts("tar-gzipped", gzip.compress(traw, mtime=0), M, "the sealed tar, gzip-compressed", check=P, rule="format")
    print(f"Tests/Vectors: {n} container scenarios")
    return n


# ---------------------------------------------------------------- DER surgery

def der_parse(data, at=0):
    """[tag, bytes or list of children], for definite-length DER."""
    def one(i):
        tag = data[i]
        length = data[i + 1]
        j = i + 2
        if length & 0x80:
            n = length & 0x7F
            length = int.from_bytes(data[j:j + n], "big")
            j += n
        content = data[j:j + length]
        if tag & 0x20:
            kids, k = [], 0
            while k < len(content):
                child, used = one_in(content, k)
                kids.append(child)
                k += used
            return [tag, kids], j + length - i
        return [tag, bytes(content)], j + length - i

    def one_in(buf, i):
        nonlocal data
        saved, data = data, buf
        try:
            return one(i)
        finally:
            data = saved
    return one(at)[0]


def der_encode(node):
    tag, value = node
    content = b"".join(der_encode(c) for c in value) if isinstance(value, list) else value
    n = len(content)
    length = bytes([n]) if n < 0x80 else bytes([0x80 | ((n.bit_length() + 7) // 8)]) + n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([tag]) + length + content


def signed_data(ci):
    return ci[1][1][1][0]  # ContentInfo -> [0] -> SignedData


def with_unsigned_attribute(ci):
    import copy
    ci = copy.deepcopy(ci)
    info = signed_data(ci)[1][-1][1][0]  # signerInfos SET -> SignerInfo
    note = [0x30, [[0x06, bytes([0x2A, 0x03, 0x04])], [0x31, [[0x0C, "complaint withdrawn".encode()]]]]]
    info[1].append([0xA1, [note]])
    return ci


def with_version(ci, v):
    import copy
    ci = copy.deepcopy(ci)
    signed_data(ci)[1][0] = [0x02, bytes([v])]
    return ci


def with_certificate(ci, der):
    import copy
    ci = copy.deepcopy(ci)
    certs = next(f for f in signed_data(ci)[1] if f[0] == 0xA0)
    certs[1].append(der_parse(der))
    certs[1].sort(key=lambda c: der_encode(c))  # a SET OF, in DER order
    return ci


ECDSA_OID = bytes([0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x02])  # ecdsa-with-SHA256


def signer_info(ci):
    return signed_data(ci)[1][-1][1][0]


def with_signature_algorithm(ci, oid):
    import copy
    ci = copy.deepcopy(ci)
    signer_info(ci)[1][4] = [0x30, [[0x06, oid]]]
    return ci


def with_digest_null(ci):
    """The digest AlgorithmIdentifier, in the SignedData's list and in its SignerInfo, with NULL."""
    import copy
    ci = copy.deepcopy(ci)
    for ident in (signed_data(ci)[1][1][1][0], signer_info(ci)[1][2]):
        ident[1].append([0x05, b""])
    return ci


def with_token(resp, token):
    import copy
    resp = copy.deepcopy(resp)
    resp[1][1] = token
    return resp


def with_status_text(resp, text):
    import copy
    resp = copy.deepcopy(resp)
    resp[1][0][1].append([0x30, [[0x0C, text.encode()]]])
    return resp


def pem_to_der(pem):
    import base64
    out = []
    for block in pem.split(b"-----BEGIN CERTIFICATE-----")[1:]:
        out.append(base64.b64decode(block.split(b"-----END CERTIFICATE-----")[0]))
    return out


# ---------------------------------------------------------------- builders

def unicode_path(name, old):
    value = b"\x01" + struct.pack("<I", zlib.crc32(old.encode())) + name.encode()
    return struct.pack("<HH", 0x7075, len(value)) + value


def central_only(base, forged):
    """The forged entry's local header and data sit inside VERIFY.txt's data (which grows by
    them), and only the central directory lists the forged entry."""
    hidden = (kit.local_header(forged.name_bytes, len(forged.data), forged.mtime) + forged.data
              + kit.data_descriptor(zlib.crc32(forged.data), len(forged.data)))
    out, records = bytearray(), []
    for e in base:
        offset = len(out)
        grown = e.name.endswith("VERIFY.txt")
        data = e.data + hidden if grown else e.data
        crc = zlib.crc32(data)
        header = kit.local_header(e.name_bytes, len(data), e.mtime)
        out += header + data + kit.data_descriptor(crc, len(data))
        records.append(kit.central_record(e.name_bytes, len(data), e.mtime, crc, offset))
        if grown:
            records.append(kit.central_record(forged.name_bytes, len(forged.data), forged.mtime, zlib.crc32(forged.data),
                                              offset + len(header) + len(e.data)))
    cd = len(out)
    out += b"".join(records)
    return bytes(out + kit.end_records(len(records), cd, len(out) - cd))


def overlapping(base):
    data = bytearray(kit.build_zip(base))
    cd = struct.unpack_from("<I", data, len(data) - 6)[0]
    count = struct.unpack_from("<H", data, len(data) - 12)[0]
    first_len = 46 + struct.unpack_from("<HHH", data, cd + 28)[0] + sum(struct.unpack_from("<HH", data, cd + 30))
    dup = bytearray(data[cd:cd + first_len])
    dup[46:46 + 15] = b"VEC-1/bagit.TXT"
    end = len(data) - 22
    body = data[cd:end] + dup
    return bytes(data[:cd] + body + kit.end_records(count + 1, cd, len(body)))


def gap(base):
    out, records = bytearray(), []
    for i, e in enumerate(base):
        if i == 3:
            out += b"\0" * 16
        offset, crc = len(out), zlib.crc32(e.data)
        out += kit.local_header(e.name_bytes, len(e.data), e.mtime) + e.data + kit.data_descriptor(crc, len(e.data))
        records.append(kit.central_record(e.name_bytes, len(e.data), e.mtime, crc, offset))
    cd = len(out)
    out += b"".join(records)
    return bytes(out + kit.end_records(len(records), cd, len(out) - cd))


def zip64_end_added(raw, consistent):
    count, cd_size, cd = struct.unpack_from("<HII", raw, len(raw) - 12)
    body = raw[:-22]
    return body + kit.end_records(count, cd, cd_size, force_zip64=True, **({} if consistent else {"z64_count": count + 1}))


def zip_no_descriptor(base):
    out, records = bytearray(), []
    for e in base:
        offset, crc, size = len(out), zlib.crc32(e.data), len(e.data)
        out += kit.local_header(e.name_bytes, size, e.mtime, flags=0, crc=crc) + e.data
        records.append(kit.central_record(e.name_bytes, size, e.mtime, crc, offset, flags=0))
    cd = len(out)
    out += b"".join(records)
    return bytes(out + kit.end_records(len(records), cd, len(out) - cd))


def repack_python(base, deflate_one=None):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for e in base:
            info = zipfile.ZipInfo(e.name, date_time=(2026, 3, 4, 10, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED if e.name == deflate_one else zipfile.ZIP_STORED
            info.external_attr = 0o100644 << 16
            z.writestr(info, e.data)
    return buf.getvalue()


def repack_tool(base, cmd, tar=False):
    with tempfile.TemporaryDirectory() as t:
        t = Path(t)
        for e in base:
            p = t / "tree" / e.name
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(e.data)
            os.utime(p, (e.mtime, e.mtime))
        out = t / ("out.tar" if tar else "out.zip")
        subprocess.run(cmd + [str(out), TOP], cwd=t / "tree", check=True, capture_output=True)
        return out.read_bytes()


def repack_python_tar(base):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as t:
        for e in base:
            ti = tarfile.TarInfo(e.name)
            ti.size, ti.mtime, ti.mode = len(e.data), e.mtime, 0o644
            t.addfile(ti, io.BytesIO(e.data))
    return buf.getvalue()


def polyglot(traw, base, forged):
    """A zip whose offsets count from the start of the whole file, appended to the sealed tar."""
    entries = base[:5] + [forged] + base[5:]
    out, records = bytearray(), []
    for e in entries:
        offset, crc = len(traw) + len(out), zlib.crc32(e.data)
        out += kit.local_header(e.name_bytes, len(e.data), e.mtime) + e.data + kit.data_descriptor(crc, len(e.data))
        records.append(kit.central_record(e.name_bytes, len(e.data), e.mtime, crc, offset))
    cd = len(traw) + len(out)
    body = b"".join(records)
    return traw + bytes(out) + body + kit.end_records(len(records), cd, len(body))


def tweak_tar(entries, i, pax=None, fields=None):
    e = entries[i]
    name = e.name_bytes
    records = b"".join(kit.pax_record(k, v) for k, v in (pax or {}).items())
    main = kit.ustar_header(name, len(e.data), e.mtime, fields=fields or {})
    headers = main
    if records:
        headers = kit.ustar_header(kit.pax_header_name(name), len(records), e.mtime, b"x", strict=True) + records + kit.pad(len(records)) + main
    out = list(entries)
    out[i] = kit.Entry(e.name, e.data, e.mtime, {"headers": headers})
    return out


def global_header(traw):
    records = kit.pax_record("comment", b"sealed")
    return kit.ustar_header(b"pax_global_header", len(records), 0x69A802A0, b"g", strict=True) + records + kit.pad(len(records)) + traw


def gnu_longname(entries, i, name):
    e = entries[i]
    long = name.encode() + b"\0"
    header = kit.ustar_header(b"././@LongLink", len(long), e.mtime, b"L") + long + kit.pad(len(long))
    out = list(entries)
    out[i] = kit.Entry(e.name, e.data, e.mtime, {"headers": header + kit.tar_headers(e.name_bytes, len(e.data), e.mtime)})
    return out


def dir_entry(name, mtime, data=b""):
    return kit.Entry(name, data, mtime, {"headers": kit.ustar_header(name.encode(), len(data), mtime, b"5")})


def typed(name, type_, mtime, link=b""):
    return kit.Entry(name, b"", mtime, {"headers": kit.ustar_header(name.encode(), 0, mtime, type_, fields={157: link})})


def padding_dirty(traw, tbase):
    data = bytearray(traw)
    first = tbase[0]
    data[512 + len(first.data)] = 0x41  # the byte after bagit.txt's data, inside its padding
    return bytes(data)


def checksum_wrong(traw):
    data = bytearray(traw)
    data[512 * 2 + 148:512 * 2 + 154] = b"000001"  # the second entry's header
    return bytes(data)


if __name__ == "__main__":
    make()

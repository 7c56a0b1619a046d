#!/usr/bin/env python3
"""Generates the verification test vectors: one scenario per folder, each with an `expect` file.

    python3 Tests/Vectors/generate.py            # uses .build/debug/sanad, or $SANAD_BIN

Each folder holds the input (`archive.zip`, `archive.tar` or an unpacked `bag/`) and `expect`:

    expect: <outcome>        what `sanad verify --json` reports as "outcome"
    args: <extra arguments>  optional; "{fp}" is the test signer's fingerprint, "{rfp}" the test
                             recipient's (countersigner's), "{tsa}" the TSA root, "{dir}" the
                             scenario's own folder (a supplement file kept beside the archive)
    why: <one line>

The outcome is "verified", "malformed", or the name of the first failed check (docs/FORMAT.md §6).
A small fictional case is sealed with a fresh test key (passphrase "vector"), and every other
scenario is derived from that archive, as a party who wants to change it would. The TSA
scenarios use the local authority of Tests/interop/tsa_server.py. Regenerating changes the bytes
(new keys, new times), never the scenarios.
"""
import hashlib
import io
import warnings
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "Tests" / "interop"))
sys.path.insert(0, str(HERE))
from tsa_server import TSA  # noqa: E402
import container_kit as kit  # noqa: E402
import container_scenarios  # noqa: E402

BIN = os.environ.get("SANAD_BIN", str(ROOT / ".build" / "debug" / "sanad"))
ENV = {**os.environ, "SANAD_PASSPHRASE": "vector"}
TOP = "VEC-1"
TIME = "2026-03-04T10:00:00Z"


def sanad(*args):
    r = subprocess.run([BIN, *map(str, args)], capture_output=True, text=True, env=ENV)
    if r.returncode != 0:
        sys.exit(f"sanad {' '.join(map(str, args))} failed: {r.stderr}")
    return r.stdout


def sha(b):
    return hashlib.sha256(b).hexdigest()


# Each entry's time as sealed (receipts carry their own), so that a tampered archive keeps it.
MTIME = {}
SEAL_EPOCH = 1772618400  # TIME


def read_zip(path):
    entries = kit.parse_zip(Path(path).read_bytes())
    MTIME.update({e.name: e.mtime for e in entries})
    return [(e.name, e.data) for e in entries]


def write_zip(path, entries, method=zipfile.ZIP_STORED):
    """A careful forger's zip: changed contents in exactly the container form Sanad writes
    (docs/FORMAT.md §8, through container_kit), so that the verdict is about the evidence.
    Only the zip bomb, which must be compressed, is written by Python's zipfile."""
    if method != zipfile.ZIP_STORED:
        with zipfile.ZipFile(path, "w", method) as z:
            for name, data, *_ in entries:
                z.writestr(zipfile.ZipInfo(name, date_time=(2026, 3, 4, 10, 0, 0)), data)
        return
    built = []
    for e in entries:
        extra = {"central": {"external": e[2] << 16}} if len(e) > 2 else {}
        built.append(kit.Entry(e[0], e[1], MTIME.get(e[0], SEAL_EPOCH), extra))
    Path(path).write_bytes(kit.build_zip(built))


def files(entries):
    return {n: d for n, d in entries}


def with_tagmanifest(entries):
    """Recomputes the tag manifest after an edit, as a careful forger would."""
    f = files(entries)
    lines = []
    for line in f[f"{TOP}/tagmanifest-sha256.txt"].decode().splitlines():
        path = line.split("  ", 1)[1]
        lines.append(f"{sha(f[f'{TOP}/{path}'])}  {path}")
    return replace(entries, "tagmanifest-sha256.txt", ("\n".join(lines) + "\n").encode())


def replace(entries, inner, data):
    return [(n, data if n == f"{TOP}/{inner}" else d) for n, d in entries]


def sign_with(content, cert, key):
    """A CMS signature over `content` by another key, as openssl makes it (a forger's tool)."""
    with tempfile.NamedTemporaryFile() as tm:
        tm.write(content); tm.flush()
        return subprocess.run(["openssl", "cms", "-sign", "-binary", "-outform", "DER", "-in", tm.name, "-signer",
                               cert, "-inkey", key], capture_output=True, check=True).stdout


def scenario(name, expect, why, args="", make=None):
    d = HERE / name
    if d.exists():
        shutil.rmtree(d)
    d.mkdir()
    (d / "expect").write_text(f"expect: {expect}\n" + (f"args: {args}\n" if args else "") + f"why: {why}\n")
    make(d)


def withheld_scenarios(keys):
    """Issue 14: originals left out by the sealer (docs/FORMAT.md §2.1), and files handed over for
    them later (`verify --supplement`). A case of its own, sealed with the vectors' signer key, so
    that these scenarios can be made again without touching the others (--withheld-only)."""
    with tempfile.TemporaryDirectory() as t:
        t = Path(t)
        (t / "in").mkdir()
        (t / "in" / "chat.txt").write_text("[01/03/2026, 21:14:05] Dark Falcon: send the money\r\n", encoding="utf-8")
        photo = ROOT / "samples" / "case-demo" / "IMG_20260301_211530.jpg"
        sanad("init", t / "case", "--plaintext", "--case-id", "VEC-W", "--org", "Vector NGO", "-q")
        sanad("add", "--workspace", t / "case", t / "in" / "chat.txt", "--collected-by", "Vector Collector", "-q")
        sanad("add", "--workspace", t / "case", photo, "--collected-by", "Vector Collector", "--sensitive", "-q")
        sanad("seal", "--workspace", t / "case", "--key", keys / "signer.key", "--cert", keys / "signer.crt",
              "--out", t / "withheld.zip", "--time", TIME, "--withhold-sensitive", "-q")
        pin = "--signer-fingerprint {fp}"
        top = "VEC-W"
        entries = read_zip(t / "withheld.zip")
        f = files(entries)

        def z(es):
            return lambda d: write_zip(d / "archive.zip", es)

        def with_supplement(data):
            def make(d):
                shutil.copy(t / "withheld.zip", d / "archive.zip")
                (d / "supplement.bin").write_bytes(data)
            return make

        scenario("withheld-verified", "verified", "E0002 (marked sensitive) left out; its digest sealed in sanad/withheld.json",
                 pin, lambda d: shutil.copy(t / "withheld.zip", d / "archive.zip"))
        scenario("withheld-supplement-matches", "verified", "the withheld photo handed over later is exactly E0002",
                 pin + " --supplement {dir}/supplement.bin", with_supplement(photo.read_bytes()))
        other = bytearray(photo.read_bytes()); other[300] ^= 1
        scenario("withheld-supplement-mismatch", "supplement", "a file handed over for E0002 differs by one bit",
                 pin + " --supplement {dir}/supplement.bin", with_supplement(bytes(other)))
        listed = json.loads(f[f"{top}/sanad/withheld.json"])
        listed["items"][0]["sha256"] = "0" * 64
        edited = json.dumps(listed, indent=2, sort_keys=True, ensure_ascii=False).encode() + b"\n"
        scenario("withheld-list-edited", "tag-manifest", "the sealed digest of the withheld item changed",
                 pin, z([(n, edited if n.endswith("/sanad/withheld.json") else d) for n, d in entries]))
        (d_check := HERE / "withheld-list-edited" / "expect").write_text(d_check.read_text() + "check: custody-items\n")
        scenario("withheld-list-removed", "tag-manifest", "sanad/withheld.json removed: E0002 is then simply missing",
                 pin, z([(n, d) for n, d in entries if not n.endswith("/sanad/withheld.json")]))
        (d_check := HERE / "withheld-list-removed" / "expect").write_text(d_check.read_text() + "check: custody-items\n")


def envelope_recipient(keys):
    """A test-only EC recipient for the envelope scenarios (unencrypted PEM, made once)."""
    key, crt = keys / "envelope-recipient.key", keys / "envelope-recipient.crt"
    if not key.exists():
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                        "-keyout", key, "-out", crt, "-subj", "/O=Vector Court/CN=Vector Judge", "-days", "36500",
                        "-addext", "keyUsage=critical,keyAgreement,digitalSignature"], check=True, capture_output=True)
    return key, crt


def envelope_scenarios(keys):
    """Issue 14: originals sealed in envelopes for named recipients (docs/FORMAT.md §2.2). The
    seal covers each envelope's bytes (the manifest) and its plaintext digest (sanad/envelopes.json),
    so a changed envelope fails payload-digests before any key is used; with the recipient's key,
    the verifier also names what the envelope itself got wrong (--envelope-only)."""
    rkey, rcrt = envelope_recipient(keys)
    with tempfile.TemporaryDirectory() as t:
        t = Path(t)
        (t / "in").mkdir()
        (t / "in" / "chat.txt").write_text("[01/03/2026, 21:14:05] Dark Falcon: send the money\r\n", encoding="utf-8")
        photo = ROOT / "samples" / "case-demo" / "IMG_20260301_211530.jpg"
        sanad("init", t / "case", "--plaintext", "--case-id", "VEC-E", "--org", "Vector NGO", "-q")
        sanad("add", "--workspace", t / "case", t / "in" / "chat.txt", "--collected-by", "Vector Collector", "-q")
        sanad("add", "--workspace", t / "case", photo, "--collected-by", "Vector Collector", "--sensitive", "-q")
        sanad("seal", "--workspace", t / "case", "--key", keys / "signer.key", "--cert", keys / "signer.crt",
              "--out", t / "env.zip", "--time", TIME, "--encrypt-to", rcrt, "-q")
        sanad("seal", "--workspace", t / "case", "--key", keys / "signer.key", "--cert", keys / "signer.crt",
              "--out", t / "whole.zip.p7m", "--time", TIME, "--encrypt-archive-to", rcrt, "-q")
        whole = (t / "whole.zip.p7m").read_bytes()
        pin = "--signer-fingerprint {fp}"
        opened = pin + " --key {dir}/../_keys/envelope-recipient.key --cert {dir}/../_keys/envelope-recipient.crt"
        entries = read_zip(t / "env.zip")
        name = next(n for n, _ in entries if n.endswith(".p7m"))
        envelope = files(entries)[name]

        def z(es):
            return lambda d: write_zip(d / "archive.zip", es)

        def with_envelope(data):
            return z([(n, data if n == name else d) for n, d in entries])

        def also_check(scenario_name, check):
            e = HERE / scenario_name / "expect"
            e.write_text(e.read_text() + f"check: {check}\n")

        scenario("envelope-verified", "verified", "E0002 (marked sensitive) sealed in an envelope; the recipient's key "
                 "opens it and it holds exactly the sealed original", opened, z(entries))
        scenario("envelope-unopened", "verified", "the same archive without a key: the envelope is reported, not opened",
                 pin, z(entries))
        flipped = bytearray(envelope); flipped[len(envelope) - 40] ^= 1
        scenario("envelope-ciphertext-changed", "payload-digests", "one bit of the envelope's ciphertext changed; "
                 "opened with the recipient's key, its tag no longer holds", opened, with_envelope(bytes(flipped)))
        also_check("envelope-ciphertext-changed", "envelope-content")
        tagged = bytearray(envelope); tagged[-1] ^= 0x80
        scenario("envelope-tag-changed", "payload-digests", "one bit of the envelope's authentication tag changed",
                 opened, with_envelope(bytes(tagged)))
        also_check("envelope-tag-changed", "envelope-content")
        with tempfile.TemporaryDirectory() as u:
            u = Path(u)
            (u / "in.p7m").write_bytes(envelope)
            subprocess.run(["openssl", "cms", "-decrypt", "-inform", "DER", "-in", u / "in.p7m", "-recip", rcrt,
                            "-inkey", rkey, "-out", u / "plain"], check=True)
            subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                            "-nodes", "-keyout", u / "k", "-out", u / "c", "-subj", "/CN=Stranger", "-days", "30",
                            "-addext", "keyUsage=keyAgreement"], check=True, capture_output=True)
            other = subprocess.run(["openssl", "cms", "-encrypt", "-aes-256-gcm", "-binary", "-outform", "DER", "-in",
                                    u / "plain", u / "c"], check=True, capture_output=True).stdout
        scenario("envelope-other-recipient", "payload-digests", "the envelope re-encrypted (same plaintext) to a "
                 "recipient sanad/envelopes.json does not list", opened, with_envelope(other))
        also_check("envelope-other-recipient", "envelopes")
        scenario("envelope-truncated", "payload-digests", "the envelope cut short: its tag and the end of its content "
                 "are gone", opened, with_envelope(envelope[:-100]))
        also_check("envelope-truncated", "envelopes")
        top = "VEC-E"
        plain_path = name[: -len(".p7m")]
        lines = files(entries)[f"{top}/manifest-sha256.txt"].decode().splitlines()
        lines.append(f"{sha(photo.read_bytes())}  {plain_path.split('/', 1)[1]}")
        manifest = ("\n".join(sorted(lines, key=lambda x: x.split("  ", 1)[1].encode())) + "\n").encode()

        def leaked(d):
            # An unpacked bag (a zip cannot hold two files of one exhibit in Sanad's order).
            for n, data in entries + [(plain_path, photo.read_bytes())]:
                out = d / "bag" / n.split("/", 1)[1]
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_bytes(manifest if n.endswith("/manifest-sha256.txt") else data)
        def p7m(data):
            return lambda d: (d / "archive.p7m").write_bytes(data)
        scenario("archive-envelope-verified", "verified", "the whole archive sealed in an envelope for the recipient "
                 "(seal --encrypt-archive-to), opened as a stream with the recipient's key", opened, p7m(whole))
        scenario("archive-envelope-no-key", "malformed", "the same envelope without a key: it cannot be read as an "
                 "archive, and the verifier says what to give", pin, p7m(whole))
        also_check("archive-envelope-no-key", "container-readable")
        cut = len(whole) // 2
        scenario("archive-envelope-truncated", "malformed", "the envelope of the whole archive cut in half",
                 opened, p7m(whole[:cut]))
        also_check("archive-envelope-truncated", "archive-envelope")
        changed = bytearray(whole); changed[len(whole) // 2] ^= 1
        scenario("archive-envelope-changed", "malformed", "one bit of the archive's envelope changed: the archive "
                 "read from it differs, and the envelope's tag no longer holds", opened, p7m(bytes(changed)))
        also_check("archive-envelope-changed", "archive-envelope")
        scenario("envelope-plaintext-added", "payload-oxum", "the plaintext of an enveloped original put back in "
                 "data/ beside its envelope, and in the manifest", pin, leaked)
        also_check("envelope-plaintext-added", "custody-items")


def excerpt_scenarios(keys):
    """Issue 15: commitments (docs/FORMAT.md §9) and excerpts cut from them (§10). A case of its
    own, sealed (format version 2) with the vectors' signer key; each forged excerpt keeps
    Sanad's exact zip form, so that the verdict is about the proof (--excerpt-only). Every
    excerpt vector is also checked by the verify_excerpt.py it carries, which must agree."""
    with tempfile.TemporaryDirectory() as t:
        t = Path(t)
        (t / "in").mkdir()
        chat = "".join(f"[0{1 + i // 10}/03/2026, 21:{i:02d}:05] {'Dark Falcon' if i % 2 else 'Layla'}: message {i}\r\n"
                       for i in range(30))
        (t / "in" / "chat.txt").write_text(chat, encoding="utf-8")
        (t / "in" / "other.txt").write_text("[05/03/2026, 09:00:00] Dark Falcon: second chat\r\n"
                                            "[05/03/2026, 09:01:00] Layla: ok\r\n", encoding="utf-8")
        photo = ROOT / "samples" / "case-demo" / "IMG_20260301_211530.jpg"
        sanad("init", t / "case", "--plaintext", "--case-id", "VEC-X", "--org", "Vector NGO", "-q")
        for f in [t / "in" / "chat.txt", t / "in" / "other.txt", photo]:
            sanad("add", "--workspace", t / "case", f, "--collected-by", "Vector Collector", "--date-order", "dmy",
                  "--timezone", "Asia/Baghdad", "-q")
        sealed = t / "sealed.zip"
        sanad("seal", "--workspace", t / "case", "--key", keys / "signer.key", "--cert", keys / "signer.crt",
              "--out", sealed, "--time", TIME, "-q")
        sanad("key", "new", "--out", t / "other", "--name", "Vector Signer", "--org", "Vector NGO", "-q")
        sanad("seal", "--workspace", t / "case", "--key", t / "other.key", "--cert", t / "other.crt",
              "--out", t / "other.zip", "--time", TIME, "-q")
        pin = "--signer-fingerprint {fp}"
        top = "VEC-X"

        def cut(name, *args, source=sealed):
            out = t / f"{name}.zip"
            sanad("disclose", source, "--out", out, "--time", "2026-03-05T09:00:00Z", *args, "-q")
            return read_zip(out)

        def z(es):
            return lambda d: write_zip(d / "archive.zip", es)

        def edit(es, inner, f):
            return [(n, f(d) if n == f"{top}/{inner}" else d) for n, d in es]

        def disclosure(es, f):
            def g(data):
                d = json.loads(data)
                f(d)
                return json.dumps(d, indent=2).encode()
            return edit(es, "excerpt/disclosure.json", g)

        def flip(h):
            return ("0" if h[0] != "0" else "1") + h[1:]

        scenario("commitments-verified", "verified", "a version 2 archive: every chat's commitment recomputed from "
                 "its bytes", pin, z(read_zip(sealed)))
        many = cut("many", "--events", "E0001:3-9,12,20")
        scenario("excerpt-one-event", "verified", "an excerpt of one event", pin, z(cut("one", "--events", "E0001:5")))
        scenario("excerpt-many-events", "verified", "an excerpt of nine events in three runs", pin, z(many))
        scenario("excerpt-all-events", "verified", "an excerpt of every leaf, 0 to 30", pin,
                 z(cut("all", "--events", "E0001:0-30")))
        scenario("excerpt-two-exhibits-and-item", "verified", "events of two chats and a photo by its manifest line",
                 pin, z(cut("two", "--events", "E0001:1-2", "--events", "E0002:2", "--item", "E0003")))

        def byte(data):
            b = bytearray(data); b[30] ^= 1
            return bytes(b)
        scenario("excerpt-byte-changed", "inclusion-proof", "one byte of a disclosed message changed", pin,
                 z(edit(many, "excerpt/E0001.bin", byte)))
        scenario("excerpt-salt-changed", "inclusion-proof", "one disclosed leaf's salt changed", pin,
                 z(disclosure(many, lambda d: d["exhibits"][0]["leaves"][1].update(
                     salt=flip(d["exhibits"][0]["leaves"][1]["salt"])))))
        scenario("excerpt-proof-node-changed", "inclusion-proof", "one node of the inclusion proof changed", pin,
                 z(disclosure(many, lambda d: d["exhibits"][0]["proof"].__setitem__(
                     0, flip(d["exhibits"][0]["proof"][0])))))
        scenario("excerpt-proof-node-removed", "inclusion-proof", "the last node of the inclusion proof removed", pin,
                 z(disclosure(many, lambda d: d["exhibits"][0]["proof"].pop())))

        def moved(d):
            d["exhibits"][0]["leaves"][-1]["index"] = 21
            d["exhibits"][0]["runs"][-1] = [21, 21]
        scenario("excerpt-index-moved", "inclusion-proof", "the last disclosed leaf claims to be event 21, not 20",
                 pin, z(disclosure(many, moved)))
        scenario("excerpt-run-skips-withheld", "excerpt-contiguity", "a claimed run 3-12 over withheld events 10 "
                 "and 11", pin, z(disclosure(many, lambda d: d["exhibits"][0].update(runs=[[3, 12], [20, 20]]))))
        theirs = files(cut("theirs", "--events", "E0001:3-9,12,20", source=t / "other.zip"))
        spliced = [(n, theirs[n] if n.endswith(("/excerpt/disclosure.json", "/excerpt/E0001.bin")) else d)
                   for n, d in many]
        scenario("excerpt-spliced-from-another-archive", "inclusion-proof", "the same events with the salts and "
                 "proof of another seal of the same chat (another key, so other seeds)", pin, z(spliced))
        changed = edit(many, "sanad/commitments/E0001.json", lambda b: b.replace(b'"events": 30,', b'"events": 31,'))
        assert changed != many
        scenario("excerpt-commitment-changed", "tag-manifest", "the commitment's count of events changed after the "
                 "seal (its digest no longer matches the signed tag manifest)", pin, z(changed))
        subprocess.run(["openssl", "pkey", "-in", t / "other.key", "-passin", "pass:vector", "-out", t / "other.pem"],
                       check=True)
        other_sig = sign_with(files(many)[f"{top}/tagmanifest-sha256.txt"], t / "other.crt", t / "other.pem")
        resigned = edit(edit(many, "signature/seal.p7s", lambda _: other_sig), "signature/signer.pem",
                        lambda _: (t / "other.crt").read_bytes())
        scenario("excerpt-resigned-by-another-key", "signer-identity", "the excerpt's seal replaced by another key's "
                 "signature over the same tag manifest", pin, z(resigned))
        extra = many[:3] + [(f"{top}/data/E0001/original.txt", b"planted\n")] + many[3:]
        scenario("excerpt-file-added", "malformed", "a file an excerpt never carries, planted beside the proof",
                 pin, z(extra))


def main():
    if "--envelope-only" in sys.argv:
        envelope_scenarios(HERE / "_keys")
        return
    if "--container-only" in sys.argv:
        container_scenarios.make(HERE)
        return
    if "--excerpt-only" in sys.argv:
        excerpt_scenarios(HERE / "_keys")
        return
    if "--withheld-only" in sys.argv:
        withheld_scenarios(HERE / "_keys")
        return
    warnings.filterwarnings("ignore", message="Duplicate name")
    for old in HERE.iterdir():
        if old.is_dir() and old.name != "__pycache__":
            shutil.rmtree(old)
    with tempfile.TemporaryDirectory() as t:
        t = Path(t)
        (t / "in").mkdir()
        (t / "in" / "chat.txt").write_text("[01/03/2026, 21:14:05] Dark Falcon: send the money\r\n", encoding="utf-8")
        (t / "in" / "shot.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(64)))
        (t / "in" / "note.txt").write_text("ملاحظة تجريبية\n", encoding="utf-8")
        sanad("init", t / "case", "--case-id", TOP, "--org", "Vector NGO", "-q")
        sanad("add", "--workspace", t / "case", t / "in", "--collected-by", "Vector Collector", "-q")
        keys = HERE / "_keys"
        keys.mkdir()
        sanad("key", "new", "--out", keys / "signer", "--name", "Vector Signer", "--org", "Vector NGO", "-q")
        sanad("key", "new", "--out", keys / "recipient", "--name", "Vector Lawyer", "--org", "Vector Chambers", "-q")
        sanad("key", "new", "--out", t / "other", "--name", "Vector Signer", "--org", "Vector NGO", "-q")
        (keys / "README").write_text("Test-only keys for the vectors. The passphrase is 'vector'. Never use them for anything else.\n")
        fp = json.loads(sanad("key", "show", keys / "signer.crt", "--json"))["fingerprint_sha256"]
        seal = lambda out, *extra: sanad("seal", "--workspace", t / "case", "--key", keys / "signer.key", "--cert",
                                         keys / "signer.crt", "--out", out, "--time", TIME, "-q", *extra)
        seal(t / "older.zip")
        sanad("add", "--workspace", t / "case", ROOT / "samples" / "case-demo" / "IMG_20260301_211530.jpg",
              "--collected-by", "Vector Collector", "-q")
        seal(t / "base.zip")
        seal(t / "base.tar", "--format", "tar")
        with TSA(t / "tsa") as tsa:
            seal(t / "stamped.zip", "--tsa", tsa.url)
            seal(t / "stamped2.zip", "--tsa", tsa.url)
        shutil.copy(tsa.ca, keys / "tsa-ca.pem")
        other_key = subprocess.run(["openssl", "pkey", "-in", t / "other.key", "-passin", "pass:vector"], capture_output=True).stdout
        (t / "other.pem").write_bytes(other_key)
        base = read_zip(t / "base.zip")
        pin = "--signer-fingerprint {fp}"

        def z(entries, method=zipfile.ZIP_STORED):
            return lambda d: write_zip(d / "archive.zip", entries, method)

        def copy(src):
            return lambda d: shutil.copy(src, d / ("archive" + src.suffix))

        # Intact, in every form.
        scenario("verified-zip", "verified", "the sealed archive as made", pin, copy(t / "base.zip"))
        scenario("verified-tar", "verified", "the same case sealed as pax tar", pin, copy(t / "base.tar"))

        def unpacked(d):
            with zipfile.ZipFile(t / "base.zip") as zf:
                zf.extractall(d / "bag-parent")
            (d / "bag-parent" / TOP).rename(d / "bag")
            (d / "bag-parent").rmdir()
        scenario("verified-dir", "verified", "the archive unpacked into a folder", pin, unpacked)
        scenario("verified-timestamp", "verified", "sealed with an RFC 3161 token from a trusted TSA",
                 pin + " --trust {tsa} --strict", copy(t / "stamped.zip"))
        scenario("self-signed-unpinned-strict", "signer-identity", "a self-signed signer neither pinned nor trusted fails only under --strict",
                 "--strict", copy(t / "base.zip"))
        scenario("untrusted-tsa", "timestamp", "the token's authority is not trusted (--strict)", pin + " --strict", copy(t / "stamped.zip"))

        # Tampering with the payload.
        f = files(base)
        img = f"{TOP}/data/E0004/original.jpg"
        flipped = bytearray(f[img]); flipped[200] ^= 1
        scenario("payload-byte-flipped", "payload-digests", "one byte of an exhibit changed", pin,
                 z([(n, bytes(flipped) if n == img else d) for n, d in base]))
        scenario("payload-file-removed", "payload-digests", "an exhibit deleted", pin, z([e for e in base if e[0] != img]))
        scenario("payload-file-extra", "payload-digests", "a file planted in data/", pin,
                 z(base + [(f"{TOP}/data/E0005/original.jpg", b"\xff\xd8\xff planted")]))
        scenario("payload-file-renamed", "payload-digests", "an exhibit moved to another name", pin,
                 z([(n.replace("E0004/original.jpg", "E0004/renamed.jpg"), d) for n, d in base]))

        # Tampering with the records.
        man = f[f"{TOP}/manifest-sha256.txt"].decode().splitlines()
        man[0] = "0" * 64 + man[0][64:]
        scenario("manifest-line-edited", "payload-digests", "a digest in manifest-sha256.txt edited (the tag manifest fails too)", pin,
                 z(replace(base, "manifest-sha256.txt", ("\n".join(man) + "\n").encode())))
        scenario("bag-info-edited", "tag-manifest", "the organisation in bag-info.txt edited", pin,
                 z(replace(base, "bag-info.txt", f[f"{TOP}/bag-info.txt"].replace(b"Vector NGO", b"Other NGO"))))
        log = f[f"{TOP}/sanad/custody.jsonl"].decode().splitlines(keepends=True)
        edited = log.copy(); edited[2] = edited[2].replace("Vector Collector", "Vector Collectos")
        scenario("custody-line-edited", "custody-chain", "an inner custody entry edited, tag manifest recomputed", pin,
                 z(with_tagmanifest(replace(base, "sanad/custody.jsonl", "".join(edited).encode()))))
        removed = log[:3] + log[4:]
        scenario("custody-line-removed", "custody-chain", "an inner custody entry deleted, tag manifest recomputed", pin,
                 z(with_tagmanifest(replace(base, "sanad/custody.jsonl", "".join(removed).encode()))))
        reordered = log.copy(); reordered[3], reordered[4] = reordered[4], reordered[3]
        scenario("custody-lines-reordered", "custody-chain", "two custody entries swapped, tag manifest recomputed", pin,
                 z(with_tagmanifest(replace(base, "sanad/custody.jsonl", "".join(reordered).encode()))))

        # Tampering with the seal.
        other_sig = sign_with(f[f"{TOP}/tagmanifest-sha256.txt"], t / "other.crt", t / "other.pem")
        scenario("signature-other-key", "signer-identity", "re-signed by another key with the same name", pin,
                 z(replace(base, "signature/seal.p7s", other_sig)))
        old_sig = files(read_zip(t / "older.zip"))[f"{TOP}/signature/seal.p7s"]
        scenario("signature-older-tagmanifest", "signature", "the seal of an earlier state of the case", pin,
                 z(replace(base, "signature/seal.p7s", old_sig)))
        scenario("swapped-certificate", "signer-identity", "signature/signer.pem replaced by another certificate", "",
                 z(replace(base, "signature/signer.pem", (t / "other.crt").read_bytes())))
        stamped, stamped2 = read_zip(t / "stamped.zip"), files(read_zip(t / "stamped2.zip"))
        scenario("timestamp-other-data", "timestamp", "a valid token over another seal", pin + " --trust {tsa}",
                 z(replace(stamped, "signature/seal.tsr", stamped2[f"{TOP}/signature/seal.tsr"])))

        # Countersignatures (sanad receive, docs/FORMAT.md §7).
        sanad("receive", t / "base.zip", "--key", keys / "recipient.key", "--cert", keys / "recipient.crt",
              "--out", t / "received.zip", "--time", "2026-03-06T09:30:00Z", "--accept-unconfirmed-signer", "-q")
        received = read_zip(t / "received.zip")
        rf = files(received)
        rpin = pin + " --countersigner-fingerprint {rfp}"
        scenario("verified-countersigned", "verified", "received and countersigned by the lawyer; both signatures listed in order",
                 rpin, copy(t / "received.zip"))
        rlog = rf[f"{TOP}/signature/receipt-1/custody.jsonl"]
        forged_log = rlog.replace(b"Vector Lawyer", b"Vector Lawyar")
        scenario("receipt-custody-edited", "receipt-manifest", "the recipient's custody entry edited after countersigning", rpin,
                 z(replace(received, "signature/receipt-1/custody.jsonl", forged_log)))
        forged_manifest = rf[f"{TOP}/signature/receipt-1/manifest-sha256.txt"].replace(
            sha(rlog).encode(), sha(forged_log).encode())
        scenario("receipt-resigned-by-forger", "receipt-signature", "the receipt's entries and manifest edited; the old signature no longer matches",
                 rpin, z(replace(replace(received, "signature/receipt-1/custody.jsonl", forged_log),
                                 "signature/receipt-1/manifest-sha256.txt", forged_manifest)))
        other_receipt = sign_with(rf[f"{TOP}/signature/receipt-1/manifest-sha256.txt"], t / "other.crt", t / "other.pem")
        scenario("receipt-other-key", "receipt-signer", "the countersignature replaced by one from another key", rpin,
                 z(replace(received, "signature/receipt-1/receipt.p7s", other_receipt)))
        scenario("receipt-seal-replaced", "signature", "after countersigning, the seal swapped for the seal of an older state", rpin,
                 z(replace(received, "signature/seal.p7s", old_sig)))
        MTIME.update({n.replace("/receipt-1/", "/receipt-2/"): MTIME[n] for n in list(MTIME) if "/receipt-1/" in n})
        scenario("receipt-renumbered", "receipt-structure", "receipt-1 renamed receipt-2, as if a receipt were removed", rpin,
                 z([(n.replace("/receipt-1/", "/receipt-2/"), d) for n, d in received]))
        scenario("receipt-payload-flipped", "payload-digests", "an exhibit changed after countersigning", rpin,
                 z([(n, bytes(flipped) if n == img else d) for n, d in received]))

        # Hostile containers: malformed, never a crash, nothing written.
        for name, entry, why in [
            ("hostile-parent-path", (f"{TOP}/../evil.txt", b"x"), "a '..' path"),
            ("hostile-absolute-path", ("/etc/evil.txt", b"x"), "an absolute path"),
            ("hostile-symlink", (f"{TOP}/data/link", b"/etc/passwd", 0o120777), "a symbolic link entry"),
            ("hostile-duplicate-name", (f"{TOP}/bag-info.txt", b"Source-Organization: Evil\n"), "a name that appears twice"),
            ("hostile-case-collision", (f"{TOP}/DATA/E0004/original.jpg", b"x"), "names equal after case folding"),
            ("hostile-nfc-collision", (f"{TOP}/data/cafe\u0301.txt", b"x"), "names equal after NFC (with cafe\u0301 below)"),
            ("hostile-percent-name", (f"{TOP}/data/100%.jpg", b"x"), "a '%' in a name"),
            ("hostile-cr-name", (f"{TOP}/data/a\rb.jpg", b"x"), "a CR in a name"),
            ("hostile-lf-name", (f"{TOP}/data/a\nb.jpg", b"x"), "an LF in a name"),
        ]:
            extra = [entry]
            if name == "hostile-nfc-collision":
                extra.insert(0, (f"{TOP}/data/caf\u00e9.txt", b"y"))
            scenario(name, "malformed", why, pin, z(base + extra))

        def tar_with(kind):
            def make(d):
                with tarfile.open(d / "archive.tar", "w", format=tarfile.PAX_FORMAT) as tf:
                    for n, data in read_zip(t / "base.zip"):  # re-packed by tarfile: malformed already
                        ti = tarfile.TarInfo(n); ti.size = len(data); ti.mtime = 0
                        tf.addfile(ti, io.BytesIO(data))
                    ti = tarfile.TarInfo(f"{TOP}/data/special")
                    if kind == "hardlink":
                        ti.type, ti.linkname = tarfile.LNKTYPE, f"{TOP}/bagit.txt"
                    else:
                        ti.type, ti.devmajor, ti.devminor = tarfile.CHRTYPE, 1, 3
                    tf.addfile(ti)
            return make
        scenario("hostile-hardlink", "malformed", "a hard link entry", pin, tar_with("hardlink"))
        scenario("hostile-device", "malformed", "a character device entry", pin, tar_with("device"))

        def huge(d):
            hdr = tarfile.TarInfo(f"{TOP}/data/huge.bin"); hdr.size = 1 << 50
            (d / "archive.tar").write_bytes(hdr.tobuf(format=tarfile.GNU_FORMAT) + b"\0" * 1024)
        scenario("hostile-huge-declared-size", "malformed", "an entry declaring 1 PiB", pin, huge)
        scenario("hostile-zip-bomb", "malformed", "80 MiB of zeros in a small deflated zip", pin,
                 z([(f"{TOP}/bagit.txt", b"BagIt-Version: 1.0\n"), (f"{TOP}/data/E0001/original.bin", b"\0" * (80 << 20))], zipfile.ZIP_DEFLATED))
        raw = (t / "base.zip").read_bytes()
        scenario("hostile-truncated", "malformed", "the archive cut in half", pin, lambda d: (d / "archive.zip").write_bytes(raw[: len(raw) // 2]))
        scenario("hostile-trailing-garbage", "malformed", "bytes after the end of the zip", pin,
                 lambda d: (d / "archive.zip").write_bytes(raw + b"GARBAGE"))
        m = f[f"{TOP}/manifest-sha256.txt"]
        scenario("manifest-lists-twice", "malformed", "manifest-sha256.txt lists a file twice", pin,
                 z(replace(base, "manifest-sha256.txt", m + m.splitlines(keepends=True)[0])))
        scenario("manifest-lists-absent", "payload-digests", "manifest-sha256.txt lists a file the archive lacks", pin,
                 z(replace(base, "manifest-sha256.txt", m + f"{'a' * 64}  data/E0009/original.bin\n".encode())))
    container_scenarios.make(HERE)
    withheld_scenarios(HERE / "_keys")
    envelope_scenarios(HERE / "_keys")
    count = sum(1 for p in HERE.iterdir() if (p / "expect").exists())
    print(f"Tests/Vectors: {count} scenarios")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Checks a Sanad excerpt (docs/FORMAT.md §9, §10): that its messages are exact parts of the file the sealer
signed. Needs Python 3 and openssl only.   python3 verify_excerpt.py [--json] EXCERPT.zip (or the unpacked
folder that holds bagit.txt). Exit status: 0 verified, 1 does not verify, 2 malformed input or wrong usage."""
import bisect, hashlib, json, os, pathlib, re, stat, subprocess, sys, tempfile, zipfile

MAX_BYTES, MAX_ENTRIES = 2 << 30, 10000  # in all, checked before an entry is read; bigger needs sanad verify
HEX, EXHIBIT = re.compile(r"[0-9a-f]{64}\Z"), re.compile(r"E[0-9]{4,18}(\.[1-9][0-9]{0,17})?\Z")
ALLOWED = re.compile(r"VERIFY-EXCERPT\.txt|verify_excerpt\.py|signature/(seal\.p7s|signer\.pem|seal(-[1-9][0-9]*)?"
                     r"\.tsr|tsa-chain(-[1-9][0-9]*)?\.pem|receipt-[1-9][0-9]*/[^/]+)\Z")  # besides the named files
def sha(data): return hashlib.sha256(data).digest()
def is_int(v): return type(v) is int and 0 <= v < 1 << 64  # not a bool, which Python counts as an int
def is_hex(v): return isinstance(v, str) and HEX.match(v) is not None
def is_exhibit(v): return isinstance(v, str) and EXHIBIT.match(v) is not None
def safe(name): return all(p not in ("", ".", "..") for p in name.split("/")) and all(32 <= ord(c) != 127 for c in name)
def gap(a, b): return b["offset"] - a["offset"] - a["length"]  # the bytes between two disclosed leaves
def fail(message): raise ValueError(message)
def span(a, b): return f"event {a}" if a == b else f"events {a}–{b}"  # leaf i is event i; 0: what precedes event 1
def fits(v, shape):  # shape: a test, a constant, [the shape of every item] or {name: shape}
    if isinstance(shape, dict):
        return isinstance(v, dict) and all(fits(v.get(k), s) for k, s in shape.items())
    if isinstance(shape, list):
        return isinstance(v, list) and all(fits(item, shape[0]) for item in v)
    return shape(v) if callable(shape) else (type(v), v) == (type(shape), shape)
LEAF = {"index": is_int, "offset": is_int, "length": is_int, "salt": is_hex}
EXCERPT = {"format": "sanad-excerpt", "version": 1, "items": lambda v: v is None or fits(v, [{"exhibit": is_exhibit}]),
           "exhibits": [{"exhibit": is_exhibit, "leaves": lambda v: v != [] and fits(v, [LEAF]), "proof": [is_hex],
                         "runs": [lambda run: fits(run, [is_int]) and len(run) == 2]}]}
COMMITMENT = {"format": "sanad-commitment", "version": 1, "salts": "hmac-sha256", "tree": "rfc9162-sha256",
              "leaves": is_int, "events": is_int, "messages": is_int, "size": is_int, "root": is_hex, "sha256": is_hex}

def entries(path):  # (name under the top folder, size, opener) for each file of the folder or the zip
    if os.path.isdir(path):
        found = [os.path.join(folder, n) for folder, dirs, names in os.walk(path) for n in dirs + names]
        if any(os.path.islink(p) or not (os.path.isdir(p) or os.path.isfile(p)) for p in found):
            fail(f"{path} holds a link or a special file")
        yield from ((os.path.relpath(p, path).replace(os.sep, "/"), os.path.getsize(p), lambda p=p: open(p, "rb"))
                    for p in found if os.path.isfile(p))
        return
    with zipfile.ZipFile(path) as z:
        top = z.infolist()[0].filename.split("/")[0] if z.infolist() else ""
        for e in z.infolist():  # an excerpt's entries are stored files: no folder, link, compression or password
            if len(z.infolist()) > MAX_ENTRIES or stat.S_IFMT(e.external_attr >> 16) not in (0, stat.S_IFREG) or \
                    e.compress_type or e.flag_bits & 1 or not safe(top) or not e.filename.startswith(top + "/"):
                fail(f"zip entry {e.filename!r} is not a stored file in the one top folder, or one of too many")
            yield e.filename[len(top) + 1:], e.file_size, lambda e=e: z.open(e)
def read_bag(path):  # {name: bytes}, each file read once: openssl checks the very bytes that were hashed
    files = {}
    for name, size, opener in entries(path):
        if not safe(name) or "\\" in name or name in files or size > MAX_BYTES - sum(map(len, files.values())):
            fail(f"{name!r} is an unsafe or repeated name, or too large ({size} bytes): it was not read")
        with opener() as f:
            files[name] = f.read(size + 1)
        if len(files[name]) != size:
            fail(f"{name} does not hold the {size} bytes its entry announces")
    return files
def parse_json(data, name):  # a name twice in an object is refused: two readers could take different values
    return json.loads(data.decode("utf-8"), object_pairs_hook=lambda kv: dict(kv) if len(dict(kv)) == len(kv)
                      else fail(f"{name}: a name repeats"))
def parse_lines(data, pattern, name):  # bag-info.txt or a manifest: {label or path: value}
    lines = data.decode("utf-8").split("\n")
    found = [re.fullmatch(pattern, line) for line in lines[:-1]]
    if lines[-1] or not all(found) or len({m["k"] for m in found}) < len(found):
        fail(f"{name}: a line is not in the expected form, repeats a name, or has no line end")
    return {m["k"]: m["v"] for m in found}

def form_problems(files, d, info):  # excerpt-form: the excerpt holds exactly the files it names
    if not fits(d, EXCERPT):
        return ["no excerpt/disclosure.json in the spec's form (give the zip, or the folder holding bagit.txt)"]
    exhibits, items = [e["exhibit"] for e in d["exhibits"]], d.get("items") or []
    named = {"bagit.txt", "bag-info.txt", "tagmanifest-sha256.txt", "excerpt/disclosure.json", "signature/seal.p7s",
             "signature/signer.pem", *(["manifest-sha256.txt"] if items else []), *(str(i.get("path")) for i in items),
             *(f"sanad/commitments/{x}.json" for x in exhibits), *(f"excerpt/{x}.bin" for x in exhibits)}
    xs = exhibits + [i["exhibit"] for i in items]
    p = ["bag-info.txt does not say Sanad-Format-Version: 2"] * (info.get("Sanad-Format-Version") != "2")
    p += ["nothing is disclosed, or an exhibit is disclosed twice"] * (not xs or len(set(xs)) < len(xs))
    p += [f"{e['exhibit']}: commitment or bytes not where the spec puts them" for e in d["exhibits"] if (e.get(
          "commitment"), e.get("bytes")) != (f"sanad/commitments/{e['exhibit']}.json", f"excerpt/{e['exhibit']}.bin")]
    p += [f"{i['exhibit']}: a whole item not under data/{i['exhibit']}/" for i in items
          if not str(i.get("path")).startswith(f"data/{i['exhibit']}/")]
    p += [f"{n} is named but missing" for n in sorted(named - set(files))]
    return p + [f"{n} is not a file of an excerpt" for n in sorted(set(files) - named) if not ALLOWED.match(n)]
def byte_problems(ends, blob):  # ends: the disclosed leaves, after a leaf -1 ending at 0, before a leaf L at the end
    p = [f"leaf {b['index']} (bytes {b['offset']}+{b['length']}) does not follow leaf {a['index']}, which ends at "
         f"byte {a['offset'] + a['length']}" for a, b in zip(ends, ends[1:]) if b["index"] <= a["index"]
         or gap(a, b) < 0 or (b["index"] == a["index"] + 1 and gap(a, b))]
    return p + ["its bytes are not as long as its leaves"] * (len(blob) != sum(v["length"] for v in ends))
def inclusion_problems(e, c, blob):
    hashes, at, nodes = {}, 0, iter(bytes.fromhex(h) for h in e["proof"])
    for v in e["leaves"]:
        fields = b"".join(n.to_bytes(8, "big") for n in (v["index"], v["offset"], v["length"]))
        hashes[v["index"]] = sha(b"\x00" + bytes.fromhex(v["salt"]) + fields + sha(blob[at:at + v["length"]]))
        at += v["length"]
    disclosed = sorted(hashes)
    def walk(lo, hi):  # the spec's walk: a node above no disclosed leaf is the proof's next one
        if bisect.bisect_left(disclosed, lo) == bisect.bisect_left(disclosed, hi):
            return next(nodes, b"")  # a missing node gives a wrong root
        if hi - lo == 1:
            return hashes[lo]
        k = 1 << (hi - lo - 1).bit_length() - 1  # the largest power of two below hi - lo
        return sha(b"\x01" + walk(lo, lo + k) + walk(lo + k, hi))
    root = walk(0, c["leaves"]).hex()
    if next(nodes, None) is not None or disclosed[-1] >= c["leaves"]:
        return ["the proof has more nodes than the walk takes, or a leaf lies outside the tree"]
    return [] if root == c["root"] else [f"the proof leads to {root:.16}…, not the committed root {c['root']:.16}…"]
def signature_problems(files, info):  # the seal over the tag manifest, and its signer's fingerprint
    with tempfile.TemporaryDirectory(prefix="verify-excerpt-") as tmp:  # private (0700), removed at the end
        for name in ("signature/seal.p7s", "tagmanifest-sha256.txt", "signature/signer.pem"):
            pathlib.Path(tmp, os.path.basename(name)).write_bytes(files[name])
        p7s, content, pem = (os.path.join(tmp, n) for n in ("seal.p7s", "tagmanifest-sha256.txt", "signer.pem"))
        run = lambda *args: subprocess.run(["openssl", *args], capture_output=True, text=True, check=False)  # noqa
        r = run("cms", "-verify", "-binary", "-inform", "DER", "-in", p7s, "-content", content, "-CAfile", pem,
                "-out", os.devnull)
        fp = run("x509", "-in", pem, "-noout", "-fingerprint", "-sha256").stdout.partition("=")[2].strip()
    p = [] if r.returncode == 0 else ["openssl cms -verify failed: " + " ".join(r.stderr.split())[:200]]
    fp, named = fp.replace(":", "").lower(), info.get("Sanad-Signer-Fingerprint", "").replace(":", "").lower()
    return p + ([] if fp == named else [f"signer.pem holds the key {fp:.16}…, bag-info.txt names {named:.16}…"]), fp

def verify(path):
    checks, files, d, info, listed, exhibits = [], {}, {}, {}, {}, []
    def add(name, problems, detail, x=""):
        checks.extend([{"name": name, "passed": False, "detail": (x and x + ": ") + p} for p in problems]
                      or [{"name": name, "passed": True, "detail": (x and x + ": ") + detail}])
        return not problems
    try:
        files = read_bag(path)
        d = parse_json(files.get("excerpt/disclosure.json", b"null"), "excerpt/disclosure.json")
        info = parse_lines(files.get("bag-info.txt", b""), r"(?P<k>[^:\s]+):\s*(?P<v>.*?)\s*", "bag-info.txt")
        for m in ("tagmanifest-sha256.txt", "manifest-sha256.txt"):  # {path: SHA-256} as each one lists them
            listed[m] = parse_lines(files.get(m, b""), r"(?P<v>[0-9a-f]{64})  (?P<k>.+)", m)
        problems = form_problems(files, d, info)
    except (ValueError, RuntimeError, OSError, EOFError, zipfile.BadZipFile) as err:  # RecursionError included
        problems = [str(err)]
    if not add("excerpt-form", problems, f"{len(files)} files, each one an excerpt holds"):
        return {"verdict": "malformed", "checks": checks, "exhibits": []}
    tags = [n for n in files if n in ("bagit.txt", "bag-info.txt", "manifest-sha256.txt") or n.startswith("sanad/")]
    add("tag-manifest", [f"{n} differs from tagmanifest-sha256.txt, or is not in it" for n in tags if listed[
        "tagmanifest-sha256.txt"].get(n) != sha(files[n]).hex()], f"{', '.join(sorted(tags))}: as listed")
    problems, fp = signature_problems(files, info)
    add("signature", problems, "openssl cms -verify succeeded, by the key bag-info.txt names")
    for e in d["exhibits"]:
        x, leaves, blob = e["exhibit"], e["leaves"], files[e["bytes"]]
        try:
            c = parse_json(files[e["commitment"]], e["commitment"])
        except (ValueError, RecursionError) as err:
            c = str(err)
        ok = fits(c, COMMITMENT) and c.get("exhibit") == x and c["leaves"] == c["events"] + 1
        if not add("commitment", [] if ok else [f"not a sanad-commitment, version 1, of {x}: {str(c):.80}"],
                   ok and f"{c['events']} events in {c['leaves']} leaves", x):
            continue
        ends = [dict(index=-1, offset=0, length=0), *leaves, dict(index=c["leaves"], offset=c["size"], length=0)]
        at = {v["index"]: n for n, v in enumerate(leaves)}  # a run a..b is whole when b is b - a places after a
        passed = add("excerpt-bytes", byte_problems(ends, blob), f"{len(blob)} bytes in {len(leaves)} leaves", x)
        proven = f"{len(leaves)} of {c['leaves']} leaves and {len(e['proof'])} proof nodes give the root"
        passed &= add("inclusion-proof", inclusion_problems(e, c, blob), proven, x)
        passed &= add("excerpt-contiguity", [f"the claimed run {a}–{b} includes withheld leaves" for a, b in e["runs"]
                                             if not (a in at and b in at and at[b] - at[a] == b - a >= 0)],
                      f"{len(e['runs'])} claimed runs, each disclosed whole", x)
        shown = sum(v["index"] > 0 for v in leaves)
        stretches = [{"leaves": [a["index"] + 1, b["index"] - 1], "bytes": gap(a, b)} for a, b in zip(ends, ends[1:])
                     if b["index"] > a["index"] + 1]  # each withheld stretch, with its length in bytes
        exhibits += [{"exhibit": x, "events": c["events"], "disclosed": shown, "withheld": c["events"] - shown,
                      "runs": e["runs"], "stretches": stretches}] * passed
    items = [i["path"] for i in d.get("items") or []]
    add("disclosed-items", [f"{n} differs from manifest-sha256.txt" for n in items if listed["manifest-sha256.txt"]
                            .get(n) != sha(files[n]).hex()], f"whole items: {len(items)}")
    notes = ["NOTE  timestamps and receipts are not checked here (sanad verify checks them). A timestamp, with its "
             "authority's CA: openssl ts -verify -in signature/seal.tsr -data signature/seal.p7s -CAfile TSA-CA.pem "
             "-untrusted signature/tsa-chain.pem"] * any(n.endswith(".tsr") or "/receipt-" in n for n in files)
    signer = {"fingerprint": fp, "case": info.get("External-Identifier"), "sealed_at": info.get("Sanad-Sealed-At")}
    return {"verdict": "verified" if all(c["passed"] for c in checks) else "does-not-verify", "checks": checks,
            "exhibits": exhibits, "notes": notes, "signer": signer}

def text(r):
    lines = [f"{'PASS' if c['passed'] else 'FAIL'}  {c['name']}  {c['detail']}" for c in r["checks"]]
    failures = [c["detail"] for c in r["checks"] if not c["passed"]]
    if failures:  # the verdict, then the first reason, as sanad verify prints them
        return [f"{r['verdict'].upper().replace('-', ' ')}: {failures[0]}"] + lines
    for s in r["exhibits"]:
        lines.append(f"{s['exhibit']}: {s['disclosed']} of {s['events']} events disclosed, {s['withheld']} withheld.")
        lines += [f"  {span(a, b)}: consecutive, so nothing between them was withheld." for a, b in s["runs"] if b > a]
        lines += [f"  Withheld: {span(*g['leaves'])}, {g['bytes']} bytes in all." for g in s["stretches"]]
    s = r["signer"]
    return ["VERIFIED"] + lines + [f"Case {s['case']}, sealed at {s['sealed_at']} (the sealer's claim) by the key with "
                                   f"SHA-256 fingerprint\n  {s['fingerprint']}\nCompare it with the one the sealer "
                                   "gave you by another channel: a certificate's name proves nothing."] + r["notes"]
def main(argv):
    paths = [a for a in argv if a != "--json"]
    if len(paths) != 1 or paths[0].startswith("-"):
        return print(__doc__, file=sys.stderr) or 2
    try:
        r = verify(paths[0])
    except FileNotFoundError as err:  # no openssl: the signature cannot be checked
        return print(f"verify_excerpt: error: {err}\nhint: install OpenSSL", file=sys.stderr) or 2
    print(json.dumps(r, ensure_ascii=False, indent=2) if "--json" in argv else "\n".join(text(r)))
    return {"verified": 0, "does-not-verify": 1, "malformed": 2}[r["verdict"]]

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

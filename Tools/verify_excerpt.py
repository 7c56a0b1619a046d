#!/usr/bin/env python3
"""Checks a Sanad excerpt: some messages of a sealed chat, with proofs that they are exact parts
of the file the sealer signed (docs/FORMAT.md §9, §10). Needs only Python 3 and openssl.
    python3 verify_excerpt.py [--json] EXCERPT.zip     (or the unpacked folder holding bagit.txt)
Exit status: 0 verified, 1 does not verify, 2 malformed or unreadable input, or a wrong command."""
import bisect, hashlib, json, os, re, shutil, stat, subprocess, sys, tempfile, zipfile

MAX_FILES, MAX_ITEM, MAX_ENTRIES = 256 << 20, 2 << 30, 10000  # checked before an entry is read
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
        for e in z.infolist():  # folder entries are refused too (their names end in /): an excerpt has none
            if len(z.infolist()) > MAX_ENTRIES or stat.S_IFMT(e.external_attr >> 16) not in (0, stat.S_IFREG) \
                    or not safe(top) or not e.filename.startswith(top + "/"):
                fail(f"zip entry {e.filename!r} is a link, or not in the one top folder, or one of too many")
            yield e.filename[len(top) + 1:], e.file_size, lambda e=e: z.open(e)

def read_bag(path):  # {name: bytes} and {whole item: SHA-256}; openssl checks the very bytes that were hashed
    files, digests = {}, {}
    for name, size, opener in entries(path):
        item, room = name.startswith("data/"), MAX_FILES - sum(map(len, files.values()))
        if not safe(name) or "\\" in name or name in files or name in digests or size > (MAX_ITEM if item else room):
            fail(f"{name!r} is an unsafe or repeated name, or too large ({size} bytes): it was not read")
        with opener() as f:
            data = f.read(size + 1)
        if len(data) != size:
            fail(f"{name} does not hold the {size} bytes its entry announces")
        if item:
            digests[name] = sha(data).hex()
        else:
            files[name] = data
    return files, digests

def parse_json(data, name):  # a name twice in an object is refused: two readers could take different values
    unique = lambda pairs: dict(pairs) if len(dict(pairs)) == len(pairs) else fail(f"{name}: a name repeats")  # noqa
    return json.loads(data.decode("utf-8"), object_pairs_hook=unique)

def parse_lines(data, pattern, name):  # bag-info.txt or a manifest: {label or path: value}
    lines = data.decode("utf-8").split("\n")
    found = [re.fullmatch(pattern, line) for line in lines[:-1]]
    if lines[-1] or not all(found) or len({m["k"] for m in found}) < len(found):
        fail(f"{name}: a line is not in the expected form, repeats a name, or has no line end")
    return {m["k"]: m["v"] for m in found}

def form_problems(files, digests, d, info):  # excerpt-form: the excerpt holds exactly the files it names
    if not fits(d, EXCERPT):
        return ["excerpt/disclosure.json is missing, or is not a sanad-excerpt, version 1, in the spec's form"]
    exhibits, items = [e["exhibit"] for e in d["exhibits"]], d.get("items") or []
    named = {"bagit.txt", "bag-info.txt", "tagmanifest-sha256.txt", "excerpt/disclosure.json", "signature/seal.p7s",
             "signature/signer.pem", *(["manifest-sha256.txt"] if items else []), *(str(i.get("path")) for i in items),
             *(f"sanad/commitments/{x}.json" for x in exhibits), *(f"excerpt/{x}.bin" for x in exhibits)}
    p = [] if info.get("Sanad-Format-Version") == "2" else ["bag-info.txt does not say Sanad-Format-Version: 2"]
    if not exhibits + items or len(set(exhibits)) < len(exhibits) or len({i["exhibit"] for i in items}) < len(items):
        p.append("disclosure.json names no exhibit, or one exhibit twice")
    p += [f"{x}: its commitment or bytes are not where the spec puts them" for x, e in zip(exhibits, d["exhibits"])
          if (e.get("commitment"), e.get("bytes")) != (f"sanad/commitments/{x}.json", f"excerpt/{x}.bin")]
    p += [f"{i['exhibit']}: a whole item must lie under data/{i['exhibit']}/" for i in items
          if not str(i.get("path")).startswith(f"data/{i['exhibit']}/")]
    p += [f"{n} is named but missing" for n in sorted(named) if n not in files and n not in digests]
    return p + [f"{n} is not a file of an excerpt" for n in sorted({*files, *digests} - named) if not ALLOWED.match(n)]

def byte_problems(ends, c, blob):  # each leaf in order, where its neighbours and the file's ends say
    p = [f"leaf {b['index']} (bytes {b['offset']}+{b['length']}) does not follow leaf {a['index']} (ending at byte "
         f"{a['offset'] + a['length']}; leaf -1 ends at 0, leaf {c['leaves']} is the file's end)"
         for a, b in zip(ends, ends[1:])
         if b["index"] <= a["index"] or gap(a, b) < 0 or (b["index"] == a["index"] + 1 and gap(a, b))]
    return p + ([] if len(blob) == sum(v["length"] for v in ends) else ["its bytes are not as long as its leaves"])

def inclusion_problems(e, c, blob):
    hashes, at, nodes = {}, 0, iter(bytes.fromhex(h) for h in e["proof"])
    for v in e["leaves"]:
        fields = b"".join(n.to_bytes(8, "big") for n in (v["index"], v["offset"], v["length"]))
        hashes[v["index"]] = sha(b"\x00" + bytes.fromhex(v["salt"]) + fields + sha(blob[at:at + v["length"]]))
        at += v["length"]
    disclosed = sorted(hashes)
    def walk(lo, hi):  # the spec's walk: a node above no disclosed leaf is the proof's next one
        j = bisect.bisect_left(disclosed, lo)
        if j == len(disclosed) or disclosed[j] >= hi:
            return next(nodes, b"")  # a missing node gives a wrong root
        if hi - lo == 1:
            return hashes[lo]
        k = 1 << (hi - lo - 1).bit_length() - 1  # the largest power of two below hi - lo
        return sha(b"\x01" + walk(lo, lo + k) + walk(lo + k, hi))
    root = walk(0, c["leaves"]).hex()
    if next(nodes, None) is not None or disclosed[-1] >= c["leaves"]:
        return ["the proof has more nodes than the walk takes, or a leaf lies outside the tree"]
    return [] if root == c["root"] else [f"the proof leads to {root:.16}…, not the commitment's root {c['root']:.16}…"]

def listed_problems(files, manifest, found):  # each path of found must be listed with its SHA-256
    try:
        listed = parse_lines(files[manifest], r"(?P<v>[0-9a-f]{64})  (?P<k>.+)", manifest)
    except ValueError as err:
        return [str(err)]
    return [f"{n} is not listed in {manifest}, or differs from it" for n in found if listed.get(n) != found[n]]

def signature_problems(files, info, tmp):  # the seal over the tag manifest, and its signer's fingerprint
    p7s, content, pem = (os.path.join(tmp, n) for n in ("seal.p7s", "tagmanifest-sha256.txt", "signer.pem"))
    for path, name in ((p7s, "signature/seal.p7s"), (content, "tagmanifest-sha256.txt"), (pem, "signature/signer.pem")):
        with open(path, "wb") as f:
            f.write(files[name])
    run = lambda *args: subprocess.run(["openssl", *args], capture_output=True, text=True, check=False)  # noqa
    r = run("cms", "-verify", "-binary", "-inform", "DER", "-in", p7s, "-content", content, "-CAfile", pem,
            "-out", os.devnull)
    p = [] if r.returncode == 0 else ["openssl cms -verify failed: " + " ".join(r.stderr.split())[:200]]
    fp = run("x509", "-in", pem, "-noout", "-fingerprint", "-sha256").stdout.partition("=")[2].strip()
    fp, named = fp.replace(":", "").lower(), info.get("Sanad-Signer-Fingerprint", "").replace(":", "").lower()
    return p + ([] if fp == named else [f"signer.pem holds the key {fp:.16}…, bag-info.txt names {named:.16}…"]), fp

def exhibit_checks(e, files, add):  # the checks of one exhibit, and what it shows if they pass
    x, leaves, blob = e["exhibit"], e["leaves"], files[e["bytes"]]
    try:
        c = parse_json(files[e["commitment"]], e["commitment"])
        ok = fits(c, COMMITMENT) and c.get("exhibit") == x and c["leaves"] == c["events"] + 1
        problems = [] if ok else [f"not a sanad-commitment, version 1, of {x}, in the spec's form"]
    except (ValueError, RecursionError) as err:
        problems = [str(err)]
    if not add("commitment", problems, problems or f"{c['events']} events in {c['leaves']} leaves", x):
        return None
    # The disclosed leaves between a leaf -1 that ends at byte 0 and a leaf L that starts at the file's end:
    ends = [dict(index=-1, offset=0, length=0), *leaves, dict(index=c["leaves"], offset=c["size"], length=0)]
    at = {v["index"]: n for n, v in enumerate(leaves)}  # a run a..b is whole when b is b - a places after a
    passed = add("excerpt-bytes", byte_problems(ends, c, blob), f"{len(blob)} bytes in {len(leaves)} leaves", x)
    passed &= add("inclusion-proof", inclusion_problems(e, c, blob), f"{len(e['proof'])} proof nodes give the root", x)
    passed &= add("excerpt-contiguity", [f"the claimed run {a}–{b} includes withheld leaves" for a, b in e["runs"]
                                         if not (a in at and b in at and at[b] - at[a] == b - a >= 0)],
                  f"{len(e['runs'])} claimed runs, each disclosed whole", x)
    shown = sum(v["index"] > 0 for v in leaves)
    withheld = [{"leaves": [a["index"] + 1, b["index"] - 1], "bytes": gap(a, b)} for a, b in zip(ends, ends[1:])
                if b["index"] > a["index"] + 1]
    return passed and {"exhibit": x, "events": c["events"], "disclosed_events": shown, "runs": e["runs"],
                       "withheld_events": c["events"] - shown, "withheld": withheld}

def verify(path, tmp):
    checks, files, digests, d, info = [], {}, {}, {}, {}
    def add(name, problems, detail, x=""):
        checks.extend([{"name": name, "passed": False, "detail": (x and x + ": ") + p} for p in problems]
                      or [{"name": name, "passed": True, "detail": (x and x + ": ") + detail}])
        return not problems
    try:
        files, digests = read_bag(path)
        d = parse_json(files.get("excerpt/disclosure.json", b"null"), "excerpt/disclosure.json")
        info = parse_lines(files.get("bag-info.txt", b""), r"(?P<k>[^:\s]+):\s*(?P<v>.*?)\s*", "bag-info.txt")
        problems = form_problems(files, digests, d, info)
    except (ValueError, RecursionError, OSError, EOFError, zipfile.BadZipFile) as err:
        problems = [str(err)]
    if not add("excerpt-form", problems, f"{len(files) + len(digests)} files, each one an excerpt holds"):
        return {"verdict": "malformed", "checks": checks, "exhibits": []}
    tags = {n: sha(b).hex() for n, b in files.items() if n in ("bagit.txt", "bag-info.txt", "manifest-sha256.txt")
            or n.startswith("sanad/")}
    add("tag-manifest", listed_problems(files, "tagmanifest-sha256.txt", tags), f"{len(tags)} tag files are as listed")
    problems, fp = signature_problems(files, info, tmp)
    add("signature", problems, "openssl cms -verify succeeded, by the key bag-info.txt names")
    exhibits = [s for s in (exhibit_checks(e, files, add) for e in d["exhibits"]) if s]
    items = {i["path"]: digests[i["path"]] for i in d.get("items") or []}
    add("disclosed-items", listed_problems(files, "manifest-sha256.txt", items) if items else [],
        f"{len(items)} whole items, as manifest-sha256.txt lists them")
    notes = [f"NOTE  {n} is not checked here (sanad verify checks it)" + (n.endswith(".tsr") and "; check it with "
             f"its authority's CA: openssl ts -verify -in {n} -data signature/seal.p7s -CAfile TSA-CA.pem -untrusted "
             f"signature/tsa-chain{n[14:-4]}.pem" or "") for n in sorted(files) if re.match(r"signature/(seal|rec)", n)]
    return {"verdict": "verified" if all(c["passed"] for c in checks) else "does-not-verify", "checks": checks,
            "exhibits": exhibits, "notes": notes, "signer": {"fingerprint": fp, "case": info.get("External-Identifier"),
                                                             "sealed_at": info.get("Sanad-Sealed-At")}}

def span(a, b):  # leaves a to b in words: leaf 0 holds what comes before event 1, leaf i holds event i
    head, a = ["the bytes before event 1"] if a == 0 else [], max(a, 1)
    return " and ".join(head + ([] if b < a else [f"event {a}" if a == b else f"events {a}–{b}"]))

def text(r):
    lines = [f"{'PASS' if c['passed'] else 'FAIL'}  {c['name']}  {c['detail']}" for c in r["checks"]]
    if r["verdict"] != "verified":
        return [f"{r['verdict'].upper().replace('-', ' ')}: nothing in this excerpt is proven."] + lines
    for s in r["exhibits"]:
        lines.append(f"{s['exhibit']}: {s['disclosed_events']} of {s['events']} events disclosed, "
                     f"{s['withheld_events']} withheld.")
        lines += [f"  {span(a, b)} are consecutive, so nothing between them was withheld." for a, b in s["runs"] if b > a]
        lines += [f"  Withheld: {span(*g['leaves'])}, {g['bytes']} bytes in all." for g in s["withheld"]]
    s = r["signer"]
    return ["VERIFIED"] + lines + [
        f"Case {s['case']}, sealed at {s['sealed_at']} (the sealer's claim) by the key with SHA-256 fingerprint",
        f"  {s['fingerprint']}: compare it with the one the sealer gave you by another channel."] + r["notes"]

def main(argv):
    paths = [a for a in argv if a != "--json"]
    if len(paths) != 1 or paths[0].startswith("-"):
        return print(__doc__, file=sys.stderr) or 2
    tmp = tempfile.mkdtemp(prefix="verify-excerpt-")
    try:
        r = verify(paths[0], tmp)
    except FileNotFoundError as err:  # no openssl: the signature cannot be checked
        return print(f"verify_excerpt: error: {err}\nhint: install OpenSSL", file=sys.stderr) or 2
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(json.dumps(r, ensure_ascii=False, indent=2) if "--json" in argv else "\n".join(text(r)))
    return {"verified": 0, "does-not-verify": 1, "malformed": 2}[r["verdict"]]

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

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
MANIFEST_LINE, BAG_INFO_LINE = r"(?P<v>[0-9a-f]{64})  (?P<k>.+)", r"(?P<k>[^:\s]+):\s*(?P<v>.*?)\s*"

def sha(data): return hashlib.sha256(data).digest()
def is_int(v): return type(v) is int and 0 <= v < 1 << 64  # not a bool, which Python counts as an int
def is_hex(v): return isinstance(v, str) and HEX.match(v) is not None
def is_exhibit(v): return isinstance(v, str) and EXHIBIT.match(v) is not None
def safe(name): return all(p not in ("", ".", "..") for p in name.split("/")) and all(32 <= ord(c) != 127 for c in name)

def fits(v, shape):
    """Whether v has the shape: a test, a constant, [the shape of every item] or {name: shape}."""
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
              "exhibit": is_exhibit, "leaves": is_int, "events": is_int, "messages": is_int, "size": is_int,
              "root": is_hex, "sha256": is_hex}

def entries(path):
    """(name under the top folder, size, opener) for each file of the folder or the zip."""
    if os.path.isdir(path):
        for folder, dirs, names in os.walk(path):
            for p in (os.path.join(folder, n) for n in dirs + names):
                if os.path.islink(p) or not (os.path.isdir(p) or os.path.isfile(p)):
                    raise ValueError(f"{p} is a link or a special file")
                if os.path.isfile(p):
                    yield os.path.relpath(p, path).replace(os.sep, "/"), os.path.getsize(p), lambda p=p: open(p, "rb")
        return
    with zipfile.ZipFile(path) as z:
        top = z.infolist()[0].filename.split("/")[0] if z.infolist() else ""
        if len(z.infolist()) > MAX_ENTRIES or not safe(top):
            raise ValueError(f"the zip has no single top folder, or more than {MAX_ENTRIES} entries")
        for e in z.infolist():  # folder entries are refused too: an excerpt has none
            if stat.S_IFMT(e.external_attr >> 16) not in (0, stat.S_IFREG) or not e.filename.startswith(top + "/"):
                raise ValueError(f"zip entry {e.filename!r} is a link, or lies outside the one top folder")
            yield e.filename[len(top) + 1:], e.file_size, lambda e=e: z.open(e)

def read_bag(path):
    """{name: bytes} and {whole item's name: SHA-256}. Each file is read once (what openssl checks is
    what was hashed), and only after its announced size is found within the limits."""
    files, digests = {}, {}
    for name, size, opener in entries(path):
        item = name.startswith("data/")
        if not safe(name) or "\\" in name or name in files or name in digests:
            raise ValueError(f"unsafe or repeated name {name!r}: it could land outside the folder, or twice")
        if size > (MAX_ITEM if item else MAX_FILES - sum(map(len, files.values()))):
            raise ValueError(f"{name} is too large for an excerpt ({size} bytes); it was not read")
        with opener() as f:
            data = f.read(size + 1)
        if len(data) != size:
            raise ValueError(f"{name} does not hold the {size} bytes its entry announces")
        if item:
            digests[name] = sha(data).hex()
        else:
            files[name] = data
    return files, digests

def parse_json(data, name):
    def unique(pairs):  # a name twice in an object: two readers could take different values
        return dict(pairs) if len(dict(pairs)) == len(pairs) else fail(f"{name}: a name appears twice in an object")
    return json.loads(data.decode("utf-8"), object_pairs_hook=unique)

def fail(message):
    raise ValueError(message)

def parse_lines(data, pattern, name):
    """bag-info.txt (`label: value`) or a manifest (`<sha256>  <path>`): {label or path: value}."""
    out, text = {}, data.decode("utf-8")
    for line in text[:-1].split("\n") if text.endswith("\n") else [text]:
        m = re.fullmatch(pattern, line) if text.endswith("\n") else None
        if not m or m["k"] in out:
            fail(f"{name}: the line {line!r:.70} is not in the expected form, or repeats a name")
        out[m["k"]] = m["v"]
    return out

def form_problems(files, digests, d, info):
    """excerpt-form: the disclosure's shape, and that the excerpt holds exactly the files it names."""
    if not fits(d, EXCERPT):
        return ["excerpt/disclosure.json is missing, or is not a sanad-excerpt, version 1, in the spec's form"]
    exhibits, items = [e["exhibit"] for e in d["exhibits"]], d.get("items") or []
    named = {"bagit.txt", "bag-info.txt", "tagmanifest-sha256.txt", "excerpt/disclosure.json", "signature/seal.p7s",
             "signature/signer.pem", *(["manifest-sha256.txt"] if items else []), *(i.get("path") for i in items),
             *(f"sanad/commitments/{x}.json" for x in exhibits), *(f"excerpt/{x}.bin" for x in exhibits)}
    p = [] if info.get("Sanad-Format-Version") == "2" else ["bag-info.txt does not say Sanad-Format-Version: 2"]
    if not exhibits + items or len(set(exhibits)) < len(exhibits) or len({i["exhibit"] for i in items}) < len(items):
        p.append("disclosure.json names no exhibit, or one exhibit twice")
    p += [f"{e['exhibit']}: commitment and bytes must be the spec's paths" for e in d["exhibits"] if
          (e.get("commitment"), e.get("bytes")) != (f"sanad/commitments/{e['exhibit']}.json", f"excerpt/{e['exhibit']}.bin")]
    p += [f"{i['exhibit']}: a whole item must lie under data/{i['exhibit']}/" for i in items
          if not str(i.get("path")).startswith(f"data/{i['exhibit']}/")]
    p += [f"{n} is named but missing" for n in sorted(map(str, named)) if n not in files and n not in digests]
    return p + [f"{n} is not a file an excerpt holds" for n in sorted({*files, *digests} - named) if not ALLOWED.match(n)]

def commitment_problems(c, x):
    if fits(c, COMMITMENT) and c["exhibit"] == x and c["leaves"] == c["events"] + 1:
        return []
    return [f"not a sanad-commitment, version 1, of {x} in the spec's form, with as many leaves as events + 1"]

def byte_problems(leaves, c, blob):
    idx, L, size, p, prev = [v["index"] for v in leaves], c["leaves"], c["size"], [], None
    if idx != sorted(set(idx)) or idx[-1] >= L:
        p.append(f"leaf indices must be sorted, unique and below {L}")
    if len(blob) != sum(v["length"] for v in leaves):
        p.append(f"its bytes are {len(blob)} long, not the sum of its leaves' lengths")
    for v in leaves:
        i, end = v["index"], v["offset"] + v["length"]
        if (i == 0 and v["offset"]) or end > size or (i == L - 1 and end != size):
            p.append(f"leaf {i} (bytes {v['offset']}+{v['length']}) is not where it must be in a file of {size} bytes")
        if prev and (v["offset"] < prev[1] or (i == prev[0] + 1 and v["offset"] != prev[1])):
            p.append(f"leaf {i} starts at byte {v['offset']}, but leaf {prev[0]} ends at byte {prev[1]}")
        prev = (i, end)
    return p

def inclusion_problems(e, c, blob):
    hashes, at, proof, used = {}, 0, [bytes.fromhex(h) for h in e["proof"]], 0
    for v in e["leaves"]:
        fields = b"".join(n.to_bytes(8, "big") for n in (v["index"], v["offset"], v["length"]))
        hashes[v["index"]] = sha(b"\x00" + bytes.fromhex(v["salt"]) + fields + sha(blob[at:at + v["length"]]))
        at += v["length"]
    disclosed = sorted(hashes)
    def walk(lo, hi):  # the spec's walk: every node not above a disclosed leaf comes from the proof, in order
        nonlocal used
        j = bisect.bisect_left(disclosed, lo)
        if j == len(disclosed) or disclosed[j] >= hi:
            used += 1
            return proof[used - 1] if used <= len(proof) else b""
        k = 1 << (hi - lo - 1).bit_length() - 1  # the largest power of two below hi - lo
        return hashes[lo] if hi - lo == 1 else sha(b"\x01" + walk(lo, lo + k) + walk(lo + k, hi))
    root = walk(0, c["leaves"]).hex()
    if used != len(proof) or disclosed[-1] >= c["leaves"]:
        return [f"the walk takes {used} proof nodes, the proof has {len(proof)}; or a leaf lies outside the tree"]
    return [] if root == c["root"] else [f"the proof leads to {root:.16}…, not the commitment's root {c['root']:.16}…"]

def listed_problems(files, manifest, found):
    try:
        listed = parse_lines(files[manifest], MANIFEST_LINE, manifest)
    except ValueError as err:
        return [str(err)]
    return [f"{n} is not listed in {manifest}, or differs from it" for n in found if listed.get(n) != found[n]]

def signature_problems(files, info, tmp):
    """The seal over the tag manifest, checked by openssl, and the fingerprint of its signer."""
    for name in ("signature/seal.p7s", "tagmanifest-sha256.txt", "signature/signer.pem"):
        with open(os.path.join(tmp, os.path.basename(name)), "wb") as f:
            f.write(files[name])
    p7s, content, pem = (os.path.join(tmp, n) for n in ("seal.p7s", "tagmanifest-sha256.txt", "signer.pem"))
    run = lambda *a: subprocess.run(["openssl", *a], capture_output=True, text=True, check=False)  # noqa: E731
    r = run("cms", "-verify", "-binary", "-inform", "DER", "-in", p7s, "-content", content, "-CAfile", pem, "-out", os.devnull)
    p = [] if r.returncode == 0 else ["openssl cms -verify failed: " + " ".join(r.stderr.split())[:200]]
    r = run("x509", "-in", pem, "-noout", "-fingerprint", "-sha256")
    fp = r.stdout.partition("=")[2].strip().replace(":", "").lower() or "unreadable"
    named = info.get("Sanad-Signer-Fingerprint", "").replace(":", "").lower()
    return p + ([] if fp == named else [f"signer.pem has the key {fp:.16}…, bag-info.txt names {named:.16}…"]), fp

def summary(x, leaves, c):
    """Exhibit x's runs of disclosed leaves, and the withheld stretches before, between and after them."""
    runs, gaps, last, last_end = [], [], -1, 0
    for v in leaves + [{"index": c["leaves"], "offset": c["size"], "length": 0}]:  # a mark past the last leaf
        i = v["index"]
        gaps += [{"leaves": [last + 1, i - 1], "bytes": v["offset"] - last_end}] if i > last + 1 else []
        if i == last + 1 and runs:
            runs[-1][1] = i
        elif i < c["leaves"]:
            runs.append([i, i])
        last, last_end = i, v["offset"] + v["length"]
    shown = sum(v["index"] > 0 for v in leaves)
    return {"exhibit": x, "events": c["events"], "disclosed_events": shown, "withheld_events": c["events"] - shown,
            "runs": runs, "withheld": gaps}

def span(a, b):
    """Leaves a to b in words: leaf 0 holds what comes before event 1, leaf i holds event i."""
    head, a = ["the bytes before event 1"] if a == 0 else [], max(a, 1)
    return " and ".join(head + ([] if b < a else [f"event {a}" if a == b else f"events {a}–{b}"]))

def verify(path, tmp):
    checks, exhibits, files, digests, d, info = [], [], {}, {}, {}, {}
    def add(name, problems, detail, x=""):
        x = f"{x}: " if x else ""
        checks.extend([{"name": name, "passed": False, "detail": x + p} for p in problems]
                      or [{"name": name, "passed": True, "detail": x + detail}])
        return not problems
    try:
        files, digests = read_bag(path)
        d = parse_json(files.get("excerpt/disclosure.json", b"null"), "excerpt/disclosure.json")
        info = parse_lines(files["bag-info.txt"], BAG_INFO_LINE, "bag-info.txt") if "bag-info.txt" in files else {}
        problems = form_problems(files, digests, d, info)
    except (ValueError, RecursionError, OSError, EOFError, zipfile.BadZipFile) as err:
        problems = [str(err)]
    if not add("excerpt-form", problems, f"{len(files) + len(digests)} files, each one an excerpt holds"):
        return {"verdict": "malformed", "checks": checks, "exhibits": []}
    tags = {n: sha(b).hex() for n, b in files.items() if n.startswith("sanad/") or n in ("bagit.txt", "bag-info.txt", "manifest-sha256.txt")}
    add("tag-manifest", listed_problems(files, "tagmanifest-sha256.txt", tags), f"{len(tags)} tag files as tagmanifest-sha256.txt lists them")
    problems, fp = signature_problems(files, info, tmp)
    add("signature", problems, f"openssl cms -verify succeeded, by the key bag-info.txt names")
    for e in d["exhibits"]:
        x, leaves, blob = e["exhibit"], e["leaves"], files[e["bytes"]]
        try:
            c = parse_json(files[e["commitment"]], e["commitment"])
            problems = commitment_problems(c, x)
        except (ValueError, RecursionError) as err:
            problems = [str(err)]
        if not add("commitment", problems, problems or f"{c['events']} events, {c['leaves']} leaves, root {c['root']:.16}…", x):
            continue
        good = add("excerpt-bytes", byte_problems(leaves, c, blob), f"{len(blob)} bytes in {len(leaves)} leaves", x)
        add("inclusion-proof", inclusion_problems(e, c, blob), f"{len(leaves)} of {c['leaves']} leaves and {len(e['proof'])} proof nodes lead to its root", x)
        S = sorted(v["index"] for v in leaves)
        add("excerpt-contiguity", [f"the claimed run {a}–{b} includes withheld leaves" for a, b in e["runs"]
                                   if b < a or bisect.bisect_right(S, b) - bisect.bisect_left(S, a) != b - a + 1],
            f"{len(e['runs'])} claimed runs, each disclosed whole", x)
        exhibits += [summary(x, leaves, c)] if good else []
    items = {i["path"]: digests[i["path"]] for i in d.get("items") or []}
    add("disclosed-items", listed_problems(files, "manifest-sha256.txt", items) if items else [], f"{len(items)} whole items as manifest-sha256.txt lists them")
    notes = [f"{n} (a timestamp) is not checked by this script; with its authority's CA certificate: openssl ts -verify "
             f"-in {n} -data signature/seal.p7s -CAfile TSA-CA.pem -untrusted signature/tsa-chain{n[14:-4]}.pem"
             for n in sorted(files) if re.fullmatch(r"signature/seal(-[0-9]+)?\.tsr", n)]
    notes += [f"signature/{r}/ (a countersignature) is not checked by this script: use sanad verify"
              for r in sorted({n.split("/")[1] for n in files if n.startswith("signature/receipt-")})]
    signer = {"case": info.get("External-Identifier"), "fingerprint": fp, "sealed_at": info.get("Sanad-Sealed-At")}
    verdict = "verified" if all(c["passed"] for c in checks) else "does-not-verify"
    return {"verdict": verdict, "checks": checks, "exhibits": exhibits, "signer": signer, "notes": notes}

def text(r):
    lines = [f"{'PASS' if c['passed'] else 'FAIL'}  {c['name']}  {c['detail']}" for c in r["checks"]]
    if r["verdict"] != "verified":
        return [f"{r['verdict'].upper().replace('-', ' ')}: nothing in this excerpt is proven."] + lines
    for s in r["exhibits"]:
        lines.append(f"{s['exhibit']}: {s['disclosed_events']} of its {s['events']} events disclosed, {s['withheld_events']} withheld.")
        lines += [f"  {span(a, b)} are consecutive, so nothing between them was withheld." for a, b in s["runs"] if b > a]
        lines += [f"  Withheld: {span(*g['leaves'])}, {g['bytes']} bytes in all." for g in s["withheld"]]
    s = r["signer"]
    lines += [f"Case {s['case']}, sealed at {s['sealed_at']} (the sealer's claim) by the key with SHA-256 fingerprint",
              f"  {s['fingerprint']}: compare it with the one the sealer gave you by another channel."]
    return ["VERIFIED"] + lines + [f"NOTE  {n}" for n in r["notes"]]

def main(argv):
    paths = [a for a in argv if a != "--json"]
    if len(paths) != 1 or paths[0].startswith("-"):
        print(__doc__ if paths in (["-h"], ["--help"]) else "usage: verify_excerpt.py [--json] EXCERPT.zip|FOLDER", file=sys.stderr)
        return 2
    tmp = tempfile.mkdtemp(prefix="verify-excerpt-")
    try:
        r = verify(paths[0], tmp)
    except FileNotFoundError as err:  # openssl is missing: nothing can be said about the signature
        print(f"verify_excerpt: error: {err}\nhint: install OpenSSL's openssl command", file=sys.stderr)
        return 2
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(json.dumps(r, ensure_ascii=False, indent=2) if "--json" in argv else "\n".join(text(r)))
    return {"verified": 0, "does-not-verify": 1, "malformed": 2}[r["verdict"]]

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

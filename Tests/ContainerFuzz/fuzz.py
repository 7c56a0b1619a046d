#!/usr/bin/env python3
"""The differential container fuzzer of issue 10 (docs/FUZZING.md §7).

    Tests/ContainerFuzz/fuzz.py --bin .build/release/sanad --seconds 600 --jobs 2 [--seed N] [--out DIR]

It mutates sealed zips and tars (the vectors' sealed archives: plain, timestamped and
countersigned; and a case with an Arabic case id and file names, sealed as zip and tar, made at
start) and runs `sanad verify --json` on every mutant. The property, checked on every input:

  * verify ends with exit 0, 1 or 2 and a JSON report whose verdict matches the exit code:
    never a crash, an internal error or a hang (60 s);
  * verify writes nothing: its working folder and TMPDIR stay empty, the input is unchanged;
  * whenever verify exits 0, Info-ZIP unzip, Python's zipfile and bsdtar (for a zip), or GNU
    tar, Python's tarfile and bsdtar (for a tar) each extract, without a warning, exactly the
    tree that was sealed, byte for byte.

A failing input is saved in --out with a JSON note; every finding becomes a vector
(Tests/Vectors). The run prints what it tried and found, for docs/FUZZING.md.
"""
import argparse
import hashlib
import json
import multiprocessing
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "Tests" / "interop"))
sys.path.insert(0, str(HERE))
import container_kit as kit  # noqa: E402
import mutators  # noqa: E402
import standard_tools as tools  # noqa: E402

VECTORS = ROOT / "Tests" / "Vectors"
TIMEOUT = 60


def sanad(bin_, *args, env=None, check=True):
    r = subprocess.run([bin_, *map(str, args)], capture_output=True, text=True, env={**os.environ, **(env or {})})
    if check and r.returncode != 0:
        sys.exit(f"sanad {' '.join(map(str, args))}: {r.stderr}")
    return r


def make_seeds(bin_, work):
    """(kind, bytes, sealed tree) for every seed."""
    seeds = []
    for name in ["verified-zip", "verified-tar", "verified-timestamp", "verified-countersigned"]:
        p = next((VECTORS / name).glob("archive.*"))
        seeds.append((p.suffix[1:], p.read_bytes()))
    env = {"SANAD_PASSPHRASE": "vector"}
    keys = VECTORS / "_keys"
    received = work / "received.tar"
    sanad(bin_, "receive", VECTORS / "verified-tar" / "archive.tar", "--key", keys / "recipient.key", "--cert", keys / "recipient.crt",
          "--out", received, "--time", "2026-03-06T09:30:00Z", "--accept-unconfirmed-signer", "-q", env=env)
    seeds.append(("tar", received.read_bytes()))
    case = work / "case"
    (work / "in").mkdir()
    (work / "in" / "محادثة واتساب.txt").write_text("[01/03/2026, 21:14:05] صقر الظلام: أرسلي المال\r\n", encoding="utf-8")
    (work / "in" / "صورة.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(200)))
    sanad(bin_, "init", case, "--plaintext", "--case-id", "قضية-٢٠٢٦-٠١٤", "--org", "منظمة", "-q")
    sanad(bin_, "add", "--workspace", case, work / "in", "--collected-by", "نور", "-q")
    for fmt in ["zip", "tar"]:
        out = work / f"arabic.{fmt}"
        sanad(bin_, "seal", "--workspace", case, "--key", keys / "signer.key", "--cert", keys / "signer.crt", "--out", out,
              "--format", fmt, "--time", "2026-03-04T10:00:00Z", "-q", env=env)
        seeds.append((fmt, out.read_bytes()))
    # A mutant may mix seeds (a polyglot of two, a tar rebuilt as a zip): what it verifies as
    # must be one of the sealed trees, whichever seed it came from.
    allowed = [t for _, data in seeds for t in allowed_trees(data)]
    return [(kind, data, allowed) for kind, data in seeds]


def allowed_trees(data):
    """The trees a verified mutant of this seed may hold: the seed's own, or the same archive
    without its last receipts (taking countersignatures off gives back the earlier archive,
    which is just as valid)."""
    tree = tools.sealed_tree(kit.parse(data))
    trees = [tree]
    numbers = sorted({int(p.split("/signature/receipt-")[1].split("/")[0]) for p in tree if "/signature/receipt-" in p})
    for n in reversed(numbers):
        tree = {p: b for p, b in tree.items() if f"/signature/receipt-{n}/" not in p}
        trees.append(tree)
    return trees


def check_one(bin_, data, kind, allowed, scratch):
    """Runs the property on one input; returns (verdict, problem or None)."""
    run_dir = Path(tempfile.mkdtemp(dir=scratch))
    tmp = run_dir / "tmp"
    cwd = run_dir / "cwd"
    tmp.mkdir()
    cwd.mkdir()
    target = run_dir / ("input." + ("zip" if data[:2] == b"PK" else "tar"))
    target.write_bytes(data)
    try:
        start = time.monotonic()
        r = subprocess.run([bin_, "verify", str(target), "--json"], capture_output=True, timeout=TIMEOUT, cwd=cwd,
                           env={**os.environ, "TMPDIR": str(tmp)})
        elapsed = time.monotonic() - start
    except subprocess.TimeoutExpired:
        return "hang", f"verify did not end within {TIMEOUT} s"
    finally:
        pass
    if r.returncode not in (0, 1, 2):
        # The whole of it: a crash report's first lines (the reason, the faulting thread) matter most.
        return "crash", f"exit {r.returncode}: {r.stderr.decode('utf-8', 'replace')[:20000]}"
    try:
        report = json.loads(r.stdout)
    except ValueError:
        return "crash", f"no JSON report (exit {r.returncode}): {r.stdout[:300]!r} {r.stderr[-300:]!r}"
    verdict = report.get("verdict")
    if {"verified": 0, "does-not-verify": 1, "malformed": 2}.get(verdict) != r.returncode:
        return "crash", f"verdict {verdict} with exit {r.returncode}"
    if os.listdir(cwd) or os.listdir(tmp):
        return "wrote", f"verify wrote {os.listdir(cwd) + os.listdir(tmp)}"
    if target.read_bytes() != data:
        return "wrote", "verify changed its input"
    if elapsed > 20:
        return "slow", f"verify took {elapsed:.1f} s on {len(data)} bytes"
    rule = (report.get("container_violation") or {}).get("rule") or (verdict if verdict != "does-not-verify" else report.get("outcome"))
    if r.returncode != 0:
        return f"{verdict}:{rule}", None
    # Verified: what Sanad read must be a sealed tree, and every standard tool must extract
    # exactly that, without a warning.
    try:
        read = tools.sealed_tree(kit.parse(data))
    except Exception as e:  # noqa: BLE001 - Sanad accepted what the second implementation cannot read
        return "verified", f"verify said VERIFIED, but container_kit cannot read it: {e}"
    if read not in allowed:
        return "verified", "verify said VERIFIED for a tree that was never sealed"
    future = any(c["name"] == "container-times" for c in report["checks"])
    work = Path(tempfile.mkdtemp(dir=run_dir))
    kind_now = "zip" if data[:4] == b"PK\x03\x04" else "tar"
    for view in tools.all_tools(target, kind_now, work):
        if future and not view.clean and view.ok and "in the future" in view.message:
            view.clean = True  # verify warned about the sealer's clock itself
        category = view.category(read)
        if category != "same":
            return "verified", f"verify said VERIFIED, but {view.tool} {category}: {view.message[:400]}"
    return "verified", None


def worker(args):
    bin_, seeds, seconds, seed, out, scratch, job = args
    rng = random.Random(seed)
    stats, findings, inputs, mutations = Counter(), [], 0, Counter()
    deadline = time.monotonic() + seconds
    scratch = Path(tempfile.mkdtemp(dir=scratch, prefix=f"job{job}-"))
    # The seeds themselves first: each must verify and extract as sealed.
    queue = [(kind, data, allowed, ["seed"]) for kind, data, allowed in seeds]
    while time.monotonic() < deadline:
        if queue:
            kind, data, allowed, applied = queue.pop(0)
        else:
            kind, base, allowed = rng.choice(seeds)
            data, applied = mutators.mutate(base, kind, rng, [(k, d) for k, d, _ in seeds])
            if not applied:
                continue
        inputs += 1
        for m in applied:
            mutations[m] += 1
        verdict, problem = check_one(bin_, data, kind, allowed, scratch)
        stats[verdict] += 1
        if problem:
            digest = hashlib.sha256(data).hexdigest()[:16]
            path = Path(out) / f"finding-{digest}.{'zip' if data[:2] == b'PK' else 'tar'}"
            path.write_bytes(data)
            note = {"verdict": verdict, "problem": problem, "mutations": applied, "seed_kind": kind}
            path.with_suffix(path.suffix + ".json").write_text(json.dumps(note, indent=1, ensure_ascii=False) + "\n")
            findings.append((str(path), verdict, problem))
            print(f"FINDING {path.name}: {verdict}: {problem[:300]}", flush=True)
        shutil.rmtree(scratch, ignore_errors=True)
        scratch.mkdir(parents=True, exist_ok=True)
    return inputs, stats, findings, mutations


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=str(ROOT / ".build" / "release" / "sanad"))
    ap.add_argument("--seconds", type=float, default=600)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--out", default=str(ROOT / ".build" / "fuzz-container"))
    args = ap.parse_args()
    seed = args.seed if args.seed is not None else int(time.time())
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    bin_ = str(Path(args.bin).resolve())
    with tempfile.TemporaryDirectory(prefix="sanad-container-fuzz-") as t:
        t = Path(t)
        seeds = make_seeds(bin_, t)
        print(f"container fuzz: seed {seed}, {len(seeds)} seeds, {args.jobs} job(s) × {args.seconds:.0f} s, {bin_}", flush=True)
        jobs = [(bin_, seeds, args.seconds, seed * 1000 + j, str(out), str(t), j) for j in range(args.jobs)]
        with multiprocessing.Pool(args.jobs) as pool:
            results = pool.map(worker, jobs)
    inputs = sum(r[0] for r in results)
    stats, mutations = Counter(), Counter()
    findings = []
    for r in results:
        stats.update(r[1])
        findings += r[2]
        mutations.update(r[3])
    print(f"inputs: {inputs} ({inputs / max(args.seconds * args.jobs, 1):.1f}/s per job); findings: {len(findings)}")
    print("verdicts: " + ", ".join(f"{k} {v}" for k, v in stats.most_common()))
    print("mutations: " + ", ".join(f"{k} {v}" for k, v in mutations.most_common()))
    for f in findings:
        print("  " + " | ".join(f))
    sys.exit(1 if findings else 0)


if __name__ == "__main__":
    main()

"""Property test of issue 15: for random chat exports and random selections, every honest excerpt
verifies (in `sanad verify` and in verify_excerpt.py), and every single-byte change of its proof
material (a disclosed byte, a hex digit of a salt or proof node, a digit of an index, offset or
length) makes it fail. The random seed is printed, so that a failure can be replayed with
SANAD_PROPERTY_SEED."""
import importlib.util
import json
import os
import random
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from conftest import SANAD_BIN, make_tree_writable

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "SANAD_PASSPHRASE": "test pass"}
SEED = int(os.environ.get("SANAD_PROPERTY_SEED", random.SystemRandom().randrange(1 << 32)))
WORDS = ["send", "the", "money", "photo", "tomorrow", "please", "stop", "أرسل", "المال", "الصور", "غدا", "ok", "😀"]


def sanad(*args):
    return subprocess.run([SANAD_BIN, *map(str, args)], capture_output=True, text=True, env=ENV)


def checker():
    spec = importlib.util.spec_from_file_location("verify_excerpt", ROOT / "Tools" / "verify_excerpt.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def export(rng, n):
    """A WhatsApp Android export: an unparsed line or two first, sometimes; multi-line messages,
    Arabic and emoji, LF or CRLF."""
    nl = rng.choice(["\n", "\r\n"])
    out = [f"garbage before the chat {rng.randrange(100)}" for _ in range(rng.randrange(3))]
    for i in range(n):
        day, minute = 1 + i // 50, i % 50
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(1, 8)))
        if rng.random() < 0.2:
            text += nl + " ".join(rng.choice(WORDS) for _ in range(rng.randrange(1, 4)))
        out.append(f"{day:02d}/04/2026, 10:{minute:02d} - {rng.choice(['Omar', 'Layla', '+964 770 000 0001'])}: {text}")
    return (nl.join(out) + (nl if rng.random() < 0.8 else "")).encode()


@pytest.fixture(scope="module")
def sealed(tmp_path_factory):
    print(f"SANAD_PROPERTY_SEED={SEED}")
    rng = random.Random(SEED)
    d = tmp_path_factory.mktemp("props")
    (d / "in").mkdir()
    sizes = [1, 2, rng.randrange(3, 20), rng.randrange(50, 300)]
    for k, n in enumerate(sizes):
        (d / "in" / f"chat{k}.txt").write_bytes(export(rng, n))
    assert sanad("init", "--plaintext", d / "ws", "--case-id", "PROP-1", "--org", "NGO", "-q").returncode == 0
    r = sanad("add", "--workspace", d / "ws", *sorted((d / "in").iterdir()), "--collected-by", "Noor",
              "--date-order", "dmy", "--timezone", "Asia/Baghdad", "-q")
    assert r.returncode == 0, r.stderr
    assert sanad("key", "new", "--out", d / "k", "--name", "Noor", "--org", "NGO", "-q").returncode == 0
    r = sanad("seal", "--workspace", d / "ws", "--key", d / "k.key", "--cert", d / "k.crt", "--out", d / "a.zip",
              "--time", "2026-04-02T00:00:00Z", "--json")
    assert r.returncode == 0, r.stderr
    yield d, {c["exhibit"]: c["events"] for c in json.loads(r.stdout)["commitments"]}, rng
    make_tree_writable(d)


def mutations(folder, rng, budget=150):
    """(file, position, new byte) for single-byte changes of the proof material."""
    d = json.loads((folder / "excerpt" / "disclosure.json").read_bytes())
    raw = (folder / "excerpt" / "disclosure.json").read_bytes()
    out = []
    for e in d["exhibits"]:
        blob = (folder / e["bytes"]).read_bytes()
        for i in rng.sample(range(len(blob)), min(len(blob), budget // 3)):
            out.append((e["bytes"], i, blob[i] ^ rng.randrange(1, 256)))
        for h in [v["salt"] for v in e["leaves"]] + e["proof"]:
            at = raw.index(h.encode()) + rng.randrange(64)
            out.append(("excerpt/disclosure.json", at, ord(rng.choice("0123456789abcdef".replace(chr(raw[at]), "")))))
        for v in e["leaves"]:
            for key in ("index", "offset", "length"):
                token = f'"{key}": {v[key]}'.encode()
                at = raw.index(token, raw.index(f'"salt": "{v["salt"]}"'.encode()) - 400) + len(token) - 1
                out.append(("excerpt/disclosure.json", at, ord(rng.choice("0123456789".replace(chr(raw[at]), "")))))
    rng.shuffle(out)
    return out[:budget]


def test_random_exports_and_selections(sealed, tmp_path):
    d, committed, rng = sealed
    module = checker()
    cached = {}
    real = module.signature_problems

    def signature_problems(files, info):  # the seal's files are never mutated here: check them once
        key = (files["tagmanifest-sha256.txt"], files["signature/seal.p7s"])
        if key not in cached:
            cached[key] = real(files, info)
        return cached[key]

    module.signature_problems = signature_problems
    tried = 0
    for n in range(6):
        picks = []
        for exhibit in rng.sample(sorted(committed), rng.randrange(1, len(committed) + 1)):
            events = committed[exhibit]
            chosen = sorted(rng.sample(range(0, events + 1), rng.randrange(1, min(events + 1, 12) + 1)))
            picks += ["--events", f"{exhibit}:{','.join(map(str, chosen))}"]
        out = tmp_path / f"x{n}.zip"
        r = sanad("disclose", d / "a.zip", "--out", out, *picks)
        assert r.returncode == 0, (SEED, picks, r.stderr)
        assert sanad("verify", out).returncode == 0, (SEED, picks)
        folder = tmp_path / f"x{n}"
        with zipfile.ZipFile(out) as z:
            z.extractall(folder)
        folder = folder / "PROP-1"
        assert module.verify(folder)["verdict"] == "verified", (SEED, picks)
        for name, at, value in mutations(folder, rng):
            path = folder / name
            original = path.read_bytes()
            changed = bytearray(original)
            changed[at] = value
            path.write_bytes(bytes(changed))
            verdict = module.verify(folder)["verdict"]
            path.write_bytes(original)
            assert verdict != "verified", (SEED, picks, name, at, value)
            tried += 1
        # A few of them through sanad verify too, which must agree.
        for name, at, value in mutations(folder, rng, budget=3):
            forged = tmp_path / f"f{n}"
            shutil.rmtree(forged, ignore_errors=True)
            shutil.copytree(folder, forged)
            data = bytearray((forged / name).read_bytes())
            data[at] = value
            (forged / name).write_bytes(bytes(data))
            assert sanad("verify", forged).returncode != 0, (SEED, picks, name, at, value)
    assert tried >= 300

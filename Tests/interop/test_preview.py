"""Issue 14: `sanad preview`, run on the built binary. In an encrypted workspace the preview and
its record are age files under keyed names that `age -d -i identity` opens (a PNG whose IHDR says
at most 24 x 24, 8-bit grey); the `derived` entry is in the log, `log --verify` checks the
preview's digest, and a changed byte fails it. A PNG bomb and a truncated HEIC are refused with
exit 2 under a memory ceiling measured by /usr/bin/time."""
import hashlib
import json
import struct
import subprocess
import zlib
from pathlib import Path

import jsonschema

from conftest import REPO, SAMPLES, SANAD_BIN, assert_error, make_writable
from test_encrypted_workspace import age_d, age_decrypt_identity, init, run

JPEG = SAMPLES / "IMG_20260301_211530.jpg"
COLLECT = ["--collected-by", "Noor", "--collected-at", "2026-03-01T10:00:00Z"]


def ihdr(png: bytes):
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR"
    width, height, depth, colour = struct.unpack(">IIBB", png[16:26])
    return width, height, depth, colour


def png_bomb(width, height) -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    # The first rows' zeros: a real bomb's start, a few hundred bytes for 2.5 gigapixels.
    rows = zlib.compress(b"\x00" * (width + 1) * 4, 9)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", rows) + chunk(b"IEND", b""))


def test_preview_in_an_encrypted_workspace(tmp_path):
    ws = tmp_path / "case"
    init(ws)
    note = tmp_path / "note.txt"
    note.write_text("not an image\n")
    run("add", "--workspace", ws, *COLLECT, JPEG, note, "-q")
    r = run("preview", "--workspace", ws, "E0001", "--json")
    out = json.loads(r.stdout)
    jsonschema.validate(out, json.loads((REPO / "manifests" / "preview-output.schema.json").read_text()))
    assert out["created"] is True and out["path"] == "derived/E0001/preview.png"
    assert max(out["width"], out["height"]) == 24

    stored = sorted((ws / "derived").iterdir())
    assert len(stored) == 2 and all(p.suffix == ".age" and "E0001" not in p.name for p in stored)
    identity = age_decrypt_identity(ws, tmp_path / "identity.txt")
    plain = {p: age_d(identity, p) for p in stored}
    png_file = next(p for p, b in plain.items() if b.startswith(b"\x89PNG"))
    png = plain[png_file]
    width, height, depth, colour = ihdr(png)
    assert width <= 24 and height <= 24 and depth == 8 and colour == 0
    assert hashlib.sha256(png).hexdigest() == out["sha256"]
    record = json.loads(next(b for p, b in plain.items() if p != png_file))
    assert record["source"]["item"] == "E0001"
    assert record["source"]["sha256"] == hashlib.sha256(JPEG.read_bytes()).hexdigest()
    assert record["tool"]["libvips"] and record["output"]["sha256"] == out["sha256"]

    log = [json.loads(line) for line in age_d(identity, ws / "custody.jsonl.age").splitlines()]
    assert log[-1]["action"] == "derived" and log[-1]["items"] == ["E0001"]
    assert log[-1]["details"]["files"][0]["sha256"] == out["sha256"]
    assert run("log", "--verify", "--workspace", ws, "-q").returncode == 0

    again = json.loads(run("preview", "--workspace", ws, "E0001", "--json").stdout)
    assert again["created"] is False and again["seq"] == out["seq"]
    assert_error(run("preview", "--workspace", ws, "E0002", check=False), 64, "not an image")

    # A changed byte in the stored preview: log --verify fails on derived-digest.
    make_writable(png_file)
    data = bytearray(png_file.read_bytes())
    data[-40] ^= 1
    png_file.write_bytes(bytes(data))
    r = run("log", "--verify", "--json", "--workspace", ws, check=False)
    assert r.returncode == 1
    failed = [c["name"] for c in json.loads(r.stdout)["checks"] if c["outcome"] == "fail"]
    assert failed == ["derived-digest"]


def peak_kib(args):
    r = subprocess.run(["/usr/bin/time", "-f", "%M", *map(str, args)], capture_output=True, text=True, timeout=120)
    return r, int(r.stderr.strip().splitlines()[-1])


def test_bomb_and_truncated_heic_are_clean_errors_within_memory(sanad, workspace, tmp_path):
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(png_bomb(50_000, 50_000))
    assert bomb.stat().st_size < 10_000
    heic = tmp_path / "photo.heic"
    subprocess.run(["vips", "copy", JPEG, heic], check=True)
    cut = tmp_path / "cut.heic"
    cut.write_bytes(heic.read_bytes()[: heic.stat().st_size // 2])
    assert workspace.add(*COLLECT, bomb, cut, "-q").returncode == 0
    # image-too-large (refused from the header) and image-undecodable, both exit 2.
    for exhibit, says in [("E0001", "declares 50000 × 50000 pixels"), ("E0002", "cannot be decoded")]:
        r, kib = peak_kib([SANAD_BIN, "preview", "--workspace", workspace.root, exhibit])
        err = r.stderr.rsplit("\n", 2)[0] + "\n"
        assert r.returncode == 2, r.stderr
        assert err.startswith("sanad: error: ") and "hint: " in err and "VIPS" not in err, r.stderr
        assert says in err, r.stderr
        assert kib < 200 * 1024, f"{exhibit} peaked at {kib} KiB"
    assert not (workspace.root / "derived").exists() or not any((workspace.root / "derived").iterdir())
    assert workspace.entries_with("derived") == []


def test_encrypt_converts_previews_made_in_a_plaintext_workspace(tmp_path):
    """`sanad encrypt` of a workspace with a preview: the preview and its record become keyed age
    files, the plaintext ones are gone, and the encrypted workspace verifies and finds its preview."""
    ws = tmp_path / "case"
    init(ws, "--plaintext")
    run("add", "--workspace", ws, *COLLECT, JPEG, "-q")
    made = json.loads(run("preview", "--workspace", ws, "E0001", "--json").stdout)
    png = (ws / "derived" / "E0001" / "preview.png").read_bytes()
    run("encrypt", "--workspace", ws, "-q")
    stored = sorted(p for p in (ws / "derived").rglob("*") if p.is_file())
    assert len(stored) == 2 and all(p.suffix == ".age" and p.parent == ws / "derived" for p in stored), stored
    assert not (ws / "derived" / "E0001").exists()
    identity = age_decrypt_identity(ws, tmp_path / "identity.txt")
    assert png in [age_d(identity, p) for p in stored]
    assert run("log", "--verify", "--workspace", ws, "-q").returncode == 0
    again = json.loads(run("preview", "--workspace", ws, "E0001", "--json").stdout)
    assert again["created"] is False and again["sha256"] == made["sha256"]

"""`sanad seal` and `sanad verify`, checked against the standard tools an expert would use:
unzip, sha256sum, openssl cms, and bagit-python. Every tampered case has an intact twin."""
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import container_kit as kit
from conftest import DEMO_MANIFEST, SANAD_BIN, make_tree_writable, sha256_file

TIME = "2026-03-04T10:00:00Z"
ENV = {**os.environ, "SANAD_PASSPHRASE": "test pass"}


def sanad(*args, cwd=None):
    return subprocess.run([SANAD_BIN, *map(str, args)], capture_output=True, text=True, env=ENV, cwd=cwd)


def run(*args, cwd=None):
    return subprocess.run(list(map(str, args)), capture_output=True, text=True, cwd=cwd)


@pytest.fixture(scope="module")
def sealed(tmp_path_factory):
    """A workspace with the samples, a key, and archives sealed from two copies of it."""
    d = tmp_path_factory.mktemp("seal")
    assert sanad("init", "--plaintext", d / "case", "--case-id", "DEMO-1", "--org", "Example NGO", "-q").returncode == 0
    assert sanad("add", "--workspace", d / "case", "--manifest", DEMO_MANIFEST, "-q").returncode == 0
    assert sanad("key", "new", "--out", d / "signer", "--name", "Noor Advocate", "--org", "Example NGO", "-q").returncode == 0
    assert sanad("key", "new", "--out", d / "other", "--name", "Mallory", "--org", "Elsewhere", "-q").returncode == 0
    shutil.copytree(d / "case", d / "copy", symlinks=True)
    out = {}
    for name, ws, fmt in [("zip", "case", "zip"), ("zip2", "copy", "zip")]:
        r = sanad("seal", "--workspace", d / ws, "--key", d / "signer.key", "--cert", d / "signer.crt",
                  "--out", d / f"{name}.{fmt}", "--format", fmt, "--time", TIME, "--json")
        assert r.returncode == 0, r.stderr
        out[name] = json.loads(r.stdout)
    r = sanad("seal", "--workspace", d / "copy", "--key", d / "signer.key", "--cert", d / "signer.crt",
              "--out", d / "a.tar", "--format", "tar", "--time", TIME, "--json")
    assert r.returncode == 0, r.stderr
    fp = json.loads(sanad("key", "show", d / "signer.crt", "--json").stdout)["fingerprint_sha256"]
    yield {"dir": d, "zip": d / "zip.zip", "tar": d / "a.tar", "out": out, "fp": fp}
    make_tree_writable(d)


def unpack(archive, into):
    into.mkdir()
    assert run("unzip", "-q", archive, "-d", into).returncode == 0
    return into / "DEMO-1"


def verify(path, *args):
    r = sanad("verify", path, "--json", *args)
    return r.returncode, json.loads(r.stdout) if r.stdout else None, r


def failed(report):
    return [c["name"] for c in report["checks"] if c["outcome"] == "fail"]


def test_seal_prints_the_archive_digest_and_logs_the_export(sealed):
    out = sealed["out"]["zip"]
    assert out["sha256"] == sha256_file(sealed["zip"])
    log = [json.loads(l) for l in (sealed["dir"] / "case" / "custody.jsonl").read_text().splitlines()]
    assert log[-1]["action"] == "exported"
    assert log[-1]["details"]["archive_sha256"] == out["sha256"]
    assert log[-1]["details"]["sealed_custody_head"] == out["custody_head"]


def test_same_workspace_key_and_time_give_identical_bytes(sealed):
    assert sealed["out"]["zip"]["sha256"] == sealed["out"]["zip2"]["sha256"]
    assert sealed["zip"].read_bytes() == (sealed["dir"] / "zip2.zip").read_bytes()


@pytest.mark.parametrize("form", ["zip", "tar", "dir"])
def test_verified_as_zip_tar_and_unpacked_folder(sealed, tmp_path, form):
    path = unpack(sealed["zip"], tmp_path / "u") if form == "dir" else sealed[form]
    code, report, r = verify(path, "--signer-fingerprint", sealed["fp"])
    assert code == 0, r.stdout
    assert report["verdict"] == "verified" and report["items"] == 8
    assert report["signer_fingerprint"] == sealed["fp"]
    human = sanad("verify", path)
    assert human.stdout.startswith("VERIFIED: 8 items, sealed by Noor Advocate, Example NGO")


def test_self_signed_unpinned_is_a_warning_that_fails_only_under_strict(sealed):
    code, report, _ = verify(sealed["zip"])
    assert code == 0
    assert [c["outcome"] for c in report["checks"] if c["name"] == "signer-identity"] == ["warn"]
    code, report, _ = verify(sealed["zip"], "--strict")
    assert code == 1 and report["outcome"] == "signer-identity"
    assert verify(sealed["zip"], "--strict", "--signer-fingerprint", sealed["fp"])[0] == 0


def test_trusting_the_certificate_as_a_ca_establishes_identity(sealed):
    code, report, _ = verify(sealed["zip"], "--trust", sealed["dir"] / "signer.crt", "--strict")
    assert code == 0, report


def test_other_pinned_fingerprint_does_not_verify(sealed):
    other = json.loads(sanad("key", "show", sealed["dir"] / "other.crt", "--json").stdout)["fingerprint_sha256"]
    code, report, _ = verify(sealed["zip"], "--signer-fingerprint", ":".join(other[i:i + 2] for i in range(0, 64, 2)).upper())
    assert code == 1 and failed(report) == ["signer-identity"]


def test_standard_tools_accept_the_intact_archive(sealed, tmp_path):
    bag = unpack(sealed["zip"], tmp_path / "u")
    assert run("sha256sum", "-c", "--quiet", "manifest-sha256.txt", cwd=bag).returncode == 0
    assert run("sha256sum", "-c", "--quiet", "tagmanifest-sha256.txt", cwd=bag).returncode == 0
    cms = run("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", "signature/seal.p7s",
              "-content", "tagmanifest-sha256.txt", "-CAfile", "signature/signer.pem", "-out", "/dev/null", cwd=bag)
    assert cms.returncode == 0 and "CMS Verification successful" in cms.stderr
    bagit = run(sys.executable, "-m", "bagit", "--validate", bag)
    assert bagit.returncode == 0, bagit.stderr
    assert "is valid" in bagit.stderr


def test_verify_txt_followed_literally(sealed, tmp_path):
    """Runs the English instructions of VERIFY.txt as written, in a fresh folder."""
    with zipfile.ZipFile(sealed["zip"]) as z:
        text = z.read("DEMO-1/VERIFY.txt").decode()
    english = text.split("أرشيف")[0]
    commands, current = [], ""
    for line in english.splitlines():
        s = line.strip()
        if current:
            current += " " + s.rstrip("\\").strip()
            if not s.endswith("\\"):
                commands.append(current)
                current = ""
        elif re.match(r"^(unzip|cd|sha256sum|openssl) ", s) and line.startswith("       "):
            s = s.split("  (")[0]
            if s.endswith("\\"):
                current = s.rstrip("\\").strip()
            else:
                commands.append(s)
    assert commands[0].strip() == "sha256sum ARCHIVE.zip" and commands[1].startswith("unzip ARCHIVE.zip")
    assert any(c.startswith("openssl cms -verify") for c in commands)
    shutil.copy(sealed["zip"], tmp_path / "ARCHIVE.zip")
    script = "set -e\n" + "\n".join(commands) + "\n"
    r = subprocess.run(["bash", "-c", script], capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 0, (script, r.stdout, r.stderr)
    assert "CMS Verification successful" in r.stderr
    assert r.stdout.startswith(sha256_file(sealed["zip"]) + "  ARCHIVE.zip")
    assert "FAILED" not in r.stdout and r.stdout.count(": OK") >= 8
    assert "sha256 fingerprint=" + ":".join(sealed["fp"][i:i + 2] for i in range(0, 64, 2)) in r.stdout.lower()


# --- Tampered twins: each fails in sanad for the named reason, and in the standard tool that can see it.

def test_payload_byte_flipped(sealed, tmp_path):
    bag = unpack(sealed["zip"], tmp_path / "u")
    f = bag / "data" / "E0006" / "original.jpg"
    b = bytearray(f.read_bytes()); b[100] ^= 1; f.write_bytes(bytes(b))
    code, report, _ = verify(bag)
    assert code == 1 and report["outcome"] == "payload-digests"
    assert any(c.get("subject") == "data/E0006/original.jpg" for c in report["checks"] if c["outcome"] == "fail")
    assert run("sha256sum", "-c", "--quiet", "manifest-sha256.txt", cwd=bag).returncode != 0
    assert run(sys.executable, "-m", "bagit", "--validate", bag).returncode != 0


def test_payload_file_removed_and_extra_file(sealed, tmp_path):
    bag = unpack(sealed["zip"], tmp_path / "u")
    (bag / "data" / "E0007" / "original.png").unlink()
    (bag / "data" / "E0009").mkdir()
    (bag / "data" / "E0009" / "planted.jpg").write_bytes(b"\xff\xd8\xff planted")
    code, report, _ = verify(bag)
    assert code == 1 and set(failed(report)) == {"payload-digests", "payload-oxum"}
    details = " ".join(c["detail"] for c in report["checks"])
    assert "data/E0007/original.png is listed in the manifest but missing" in details
    assert "data/E0009/planted.jpg is in the archive but not in the manifest" in details
    assert run(sys.executable, "-m", "bagit", "--validate", bag).returncode != 0


def test_bag_info_edited(sealed, tmp_path):
    bag = unpack(sealed["zip"], tmp_path / "u")
    info = bag / "bag-info.txt"
    info.write_text(info.read_text().replace("Example NGO", "Another NGO"))
    code, report, _ = verify(bag)
    assert code == 1 and report["outcome"] == "tag-manifest"
    assert run("sha256sum", "-c", "--quiet", "tagmanifest-sha256.txt", cwd=bag).returncode != 0
    assert run(sys.executable, "-m", "bagit", "--validate", bag).returncode != 0


def test_custody_line_edited_with_the_tag_manifest_updated(sealed, tmp_path):
    """Even if the forger recomputes the tag manifest, the signature over it breaks."""
    bag = unpack(sealed["zip"], tmp_path / "u")
    log = bag / "sanad" / "custody.jsonl"
    log.write_text(log.read_text().replace("Noor Advocate", "Noor Advocatf", 1))
    tm = bag / "tagmanifest-sha256.txt"
    lines = [f"{sha256_file(bag / p)}  {p}" for _, p in (l.split("  ", 1) for l in tm.read_text().splitlines())]
    tm.write_text("\n".join(lines) + "\n")
    code, report, _ = verify(bag)
    assert code == 1 and "signature" in failed(report) and "custody-chain" in failed(report)
    cms = run("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", "signature/seal.p7s",
              "-content", "tagmanifest-sha256.txt", "-CAfile", "signature/signer.pem", "-out", "/dev/null", cwd=bag)
    assert cms.returncode != 0


def test_signature_by_another_key(sealed, tmp_path):
    bag = unpack(sealed["zip"], tmp_path / "u")
    other = sealed["dir"] / "other"
    plain = run("openssl", "pkey", "-in", f"{other}.key", "-passin", "pass:test pass").stdout
    (tmp_path / "k.pem").write_text(plain)
    assert run("openssl", "cms", "-sign", "-binary", "-outform", "DER", "-in", bag / "tagmanifest-sha256.txt",
               "-signer", f"{other}.crt", "-inkey", tmp_path / "k.pem", "-out", bag / "signature" / "seal.p7s").returncode == 0
    code, report, _ = verify(bag)
    assert code == 1 and failed(report) == ["signer-identity"]
    assert "bag-info.txt names signer" in " ".join(c["detail"] for c in report["checks"])
    cms = run("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", "signature/seal.p7s",
              "-content", "tagmanifest-sha256.txt", "-CAfile", "signature/signer.pem", "-out", "/dev/null", cwd=bag)
    assert cms.returncode != 0


# --- Hostile containers are malformed (exit 2), never "verified" and never a crash.

def hostile_zip(path, entries):
    """Hostile names in a container of exactly Sanad's form (container_kit), so that the names
    themselves are judged (container-safety), not the container around them."""
    built = [kit.Entry(name, data, 1772618400, {"central": {"external": attr << 16}} if attr else {}) for name, data, attr in entries]
    path.write_bytes(kit.build_zip(built))
    return path


def sealed_entries(path):
    return [(e.name, e.data, 0) for e in kit.parse_zip(Path(path).read_bytes())]


@pytest.mark.parametrize("name,reason", [
    ("DEMO-1/../evil.txt", "'..' component"),
    ("/DEMO-1/abs.txt", "absolute path"),
    ("DEMO-1/data/100%.jpg", "'%'"),
    ("DEMO-1/data/a\nb.jpg", "control character"),
])
def test_hostile_names_are_malformed(sealed, tmp_path, name, reason):
    z = hostile_zip(tmp_path / "h.zip", sealed_entries(sealed["zip"]) + [(name, b"x", 0)])
    code, report, r = verify(z)
    assert code == 2 and report["verdict"] == "malformed", r.stdout
    assert any(reason in c["detail"] for c in report["checks"] if c["name"] == "container-safety")
    assert not (tmp_path / "evil.txt").exists()


def test_a_link_is_malformed_by_the_container_profile(sealed, tmp_path):
    z = hostile_zip(tmp_path / "l.zip", sealed_entries(sealed["zip"]) + [("DEMO-1/data/link", b"/etc/passwd", 0o120777)])
    code, report, r = verify(z)
    assert code == 2 and report["container_violation"]["rule"] == "zip-central-directory", r.stdout
    assert "external attributes (mode)" in report["container_violation"]["detail"]


def test_duplicate_and_case_colliding_names_are_malformed(sealed, tmp_path):
    z = hostile_zip(tmp_path / "d.zip", sealed_entries(sealed["zip"]) + [("DEMO-1/DATA/E0006/original.jpg", b"x", 0)])
    code, report, _ = verify(z)
    assert code == 2 and "collides with" in " ".join(c["detail"] for c in report["checks"])


@pytest.mark.parametrize("damage", ["truncated", "trailing-garbage"])
def test_truncated_or_extended_archives_are_malformed(sealed, tmp_path, damage):
    data = sealed["zip"].read_bytes()
    bad = tmp_path / "bad.zip"
    bad.write_bytes(data[: len(data) // 2] if damage == "truncated" else data + b"GARBAGE")
    code, report, _ = verify(bad)
    assert code == 2 and report["verdict"] == "malformed"


def test_zip_bomb_is_malformed(tmp_path):
    with zipfile.ZipFile(tmp_path / "bomb.zip", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("DEMO-1/data/E0001/original.bin", b"\0" * (80 << 20))
    code, report, _ = verify(tmp_path / "bomb.zip")
    # Compressed entries are never in the profile: the bomb is refused at its first header,
    # before a byte is inflated.
    assert code == 2 and report["container_violation"]["rule"] == "zip-local-header"
    assert "compressed (compression method 8)" in report["container_violation"]["detail"]


def test_manifest_listing_a_file_twice_is_malformed(sealed, tmp_path):
    bag = unpack(sealed["zip"], tmp_path / "u")
    m = bag / "manifest-sha256.txt"
    m.write_text(m.read_text() + m.read_text().splitlines()[0] + "\n")
    code, report, _ = verify(bag)
    assert code == 2 and report["outcome"] == "malformed"
    assert "lists data/E0001/original.zip twice" in " ".join(c["detail"] for c in report["checks"])


# --- Sealing refuses a corrupted store and never leaves a partial archive.

def test_corrupted_store_stops_the_seal_naming_the_exhibit(sealed, tmp_path):
    ws = tmp_path / "ws"
    shutil.copytree(sealed["dir"] / "copy", ws, symlinks=True)
    make_tree_writable(ws)
    obj = next((ws / "objects" / "sha256").rglob("345e4066*"))
    b = bytearray(obj.read_bytes()); b[50] ^= 1; obj.write_bytes(bytes(b))
    r = sanad("seal", "--workspace", ws, "--key", sealed["dir"] / "signer.key", "--cert", sealed["dir"] / "signer.crt",
              "--out", tmp_path / "out.zip", "--time", TIME)
    assert r.returncode == 3, r.stderr
    assert "E0006" in r.stderr and "hint:" in r.stderr
    assert not (tmp_path / "out.zip").exists()
    assert [p.name for p in tmp_path.iterdir() if "out.zip" in p.name] == []
    make_tree_writable(ws)


def test_wrong_passphrase_and_existing_output(sealed, tmp_path):
    d = sealed["dir"]
    r = subprocess.run([SANAD_BIN, "seal", "--workspace", d / "copy", "--key", d / "signer.key", "--cert", d / "signer.crt",
                        "--out", tmp_path / "o.zip"], capture_output=True, text=True, env={**ENV, "SANAD_PASSPHRASE": "nope"})
    assert r.returncode == 2 and "wrong passphrase" in r.stderr
    r = sanad("seal", "--workspace", d / "copy", "--key", d / "signer.key", "--cert", d / "other.crt", "--out", tmp_path / "o.zip")
    assert r.returncode == 2 and "is not the key of the certificate" in r.stderr
    r = sanad("seal", "--workspace", d / "copy", "--key", d / "signer.key", "--cert", d / "signer.crt", "--out", sealed["zip"])
    assert r.returncode == 64 and "already exists" in r.stderr


def test_json_outputs_follow_their_schemas(sealed, tmp_path):
    root = Path(__file__).resolve().parents[2]
    (tmp_path / "seal.json").write_text(json.dumps(sealed["out"]["zip"]))
    (tmp_path / "verify.json").write_text(sanad("verify", sealed["zip"], "--json").stdout)
    for schema, f in [("seal-output", "seal.json"), ("verify-output", "verify.json")]:
        r = run(sys.executable, root / "manifests" / "validate.py", schema, tmp_path / f)
        assert r.returncode == 0, r.stdout + r.stderr
    # The custody log with its 'exported' entry still follows the entry schema.
    r = run(sys.executable, root / "manifests" / "validate.py", "--jsonl", "custody-entry", sealed["dir"] / "case" / "custody.jsonl")
    assert r.returncode == 0, r.stdout + r.stderr


def test_an_rsa_seal_verifies_and_its_signature_algorithm_respelled_does_not(tmp_path):
    """An imported RSA key seals with `rsaEncryption` + NULL as its SignerInfo's signature
    algorithm (FORMAT.md §4). `sha256WithRSAEncryption` in its place is the same signature to
    OpenSSL, which accepts it, but bytes no signature covers: Sanad refuses the re-spelled seal."""
    key, cert = tmp_path / "r.pem", tmp_path / "r.crt"
    assert run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
               "-subj", "/CN=RSA Signer/O=NGO", "-days", "30",
               "-addext", "keyUsage=critical,digitalSignature,nonRepudiation",
               "-addext", "extendedKeyUsage=emailProtection").returncode == 0
    assert sanad("key", "import", key, "--cert", cert, "--out", tmp_path / "k", "-q").returncode == 0
    assert sanad("init", "--plaintext", tmp_path / "ws", "--case-id", "RSA-1", "--org", "NGO", "-q").returncode == 0
    (tmp_path / "e.txt").write_text("evidence\n")
    assert sanad("add", "--workspace", tmp_path / "ws", tmp_path / "e.txt", "--collected-by", "N", "-q").returncode == 0
    sealed = tmp_path / "a.zip"
    r = sanad("seal", "--workspace", tmp_path / "ws", "--key", tmp_path / "k.key", "--cert", tmp_path / "k.crt",
              "--time", TIME, "--out", sealed, "-q")
    assert r.returncode == 0, r.stderr
    fp = json.loads(sanad("key", "show", tmp_path / "k.crt", "--json").stdout)["fingerprint_sha256"]
    code, report, _ = verify(sealed, "--signer-fingerprint", fp)
    assert code == 0, failed(report)

    rsa_null = bytes.fromhex("06092a864886f70d0101010500")
    entries = kit.parse_zip(sealed.read_bytes())
    seal = next(e for e in entries if e.name.endswith("signature/seal.p7s"))
    # The certificate's key is rsaEncryption too; the SignerInfo, last in the SignedData, comes after it.
    at = seal.data.rfind(rsa_null)
    assert at > seal.data.find(rsa_null) >= 0
    respelled = seal.data[:at] + bytes.fromhex("06092a864886f70d01010b0500") + seal.data[at + len(rsa_null):]
    twin = tmp_path / "twin.zip"
    twin.write_bytes(kit.build_zip([kit.Entry(e.name, respelled if e is seal else e.data, e.mtime) for e in entries]))
    unpacked = tmp_path / "twin"
    unpacked.mkdir()
    assert run("unzip", "-q", twin, "-d", unpacked).returncode == 0
    bag = unpacked / "RSA-1"
    assert run("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", bag / "signature/seal.p7s",
               "-content", bag / "tagmanifest-sha256.txt", "-noverify", "-out", "/dev/null").returncode == 0
    code, report, _ = verify(twin, "--signer-fingerprint", fp)
    assert code == 1 and failed(report) == ["signature"], failed(report)
    detail = next(c["detail"] for c in report["checks"] if c["name"] == "signature")
    assert "signature algorithm is not spelled as Sanad writes it" in detail

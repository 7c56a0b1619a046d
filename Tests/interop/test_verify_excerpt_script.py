"""Tools/verify_excerpt.py, the standalone checker that travels inside every excerpt (issue 15),
against excerpts made by Tests/interop/excerpt_reference.py: honest ones pass with exit 0; each
kind of tampering fails with exit 1 and the check the spec names; unsafe or malformed input
exits 2. Needs python3 and openssl only, no built sanad (no fixture here uses SANAD_BIN)."""
import ast
import copy
import hashlib
import hmac
import importlib.util
import json
import os
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import excerpt_reference as ref

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "Tools" / "verify_excerpt.py"
SIZES = [1, 2, 3, 5, 8, 13, 100]  # leaves L, so L - 1 events


def run(target, *args, env=None):
    return subprocess.run([sys.executable, str(SCRIPT), *args, str(target)], capture_output=True, text=True,
                          env=env, timeout=120)


def report(target):
    r = run(target, "--json")
    return r, json.loads(r.stdout)


def failed(rep):
    return {c["name"] for c in rep["checks"] if not c["passed"]}


def assert_fails(target, check, code=1):
    """Exit `code`, the verdict that goes with it, and `check` among the failed checks; the text
    report names it on a FAIL line too."""
    r, rep = report(target)
    assert r.returncode == code, (r.stdout, r.stderr)
    assert rep["verdict"] == {1: "does-not-verify", 2: "malformed"}[code]
    assert check in failed(rep), rep["checks"]
    text = run(target)
    assert text.returncode == code and any(line.startswith(f"FAIL  {check}  ") for line in text.stdout.splitlines())
    return rep


@pytest.fixture(scope="module")
def signers(tmp_path_factory):
    d = tmp_path_factory.mktemp("keys")
    return ref.make_signer(d, "Noor Sealer"), ref.make_signer(d, "Someone Else")


def patterns(L):
    """One leaf; several with runs and gaps (leaf 0 included when it exists); every leaf."""
    several = sorted({0, L - 1} | {i for i in range(L) if i % 7 in (2, 3, 4)})
    return {"one": [L // 2], "several": several, "all": list(range(L))}


def build(tmp_path, signer, L=13, disclose=(2, 3, 4, 7, 10, 11), **kw):
    return ref.build(tmp_path / "out", signer, {"E0001": (ref.chat_leaves(L - 1), list(disclose))}, **kw)


# ---------------------------------------------------------------------------------------------
# The construction: a known answer, computed twice.


KAT_SEED = bytes(range(32))
KAT_LEAVES = [b"", b"hello\n", b"world\n"]
KAT_ROOT_HEX = "ef57fcbb247c50525f37e5835b8e60507e626348893c8d066e922e4ec8e1b57a"  # in the worked example


def independent_kat():
    """The worked example with hashlib and hmac alone, from the spec's text, not the reference."""
    salts, datas, hashes, offset = [], [], [], 0
    for i, leaf in enumerate(KAT_LEAVES):
        s = hmac.new(KAT_SEED, struct.pack(">Q", i), hashlib.sha256).digest()
        d = struct.pack(">QQQ", i, offset, len(leaf)) + hashlib.sha256(leaf).digest()
        salts.append(s)
        datas.append(d)
        hashes.append(hashlib.sha256(b"\x00" + s + d).digest())
        offset += len(leaf)
    left = hashlib.sha256(b"\x01" + hashes[0] + hashes[1]).digest()  # L = 3: k = 2
    root = hashlib.sha256(b"\x01" + left + hashes[2]).digest()
    return salts, datas, hashes, left, root


def test_known_answer_seed_0_to_31_and_three_leaves(tmp_path, signers):
    """The worked example of the spec (seed 00..1f; leaves "", "hello\\n", "world\\n"): the reference, an
    independent computation and a fixed root agree. `pytest -s` prints the values for the docs."""
    salts, datas, hashes, left, root = independent_kat()
    c = ref.Commitment("E0001", KAT_LEAVES, KAT_SEED)
    assert [ref.salt(KAT_SEED, i) for i in range(3)] == salts
    assert [ref.leaf_data(i, c.offsets[i], d) for i, d in enumerate(KAT_LEAVES)] == datas
    assert c.hashes == hashes
    assert c.root == root
    assert c.root.hex() == KAT_ROOT_HEX
    # Disclosing leaf 1 only: the walk emits leaf 0's hash (left of it), then leaf 2's (right subtree).
    assert ref.multi_proof(c.hashes, [1]) == [hashes[0], hashes[2]]
    print("\nworked example: seed", KAT_SEED.hex())
    for i in range(3):
        print(f"  leaf {i}: salt {salts[i].hex()}\n    leaf_data {datas[i].hex()}\n    leaf_hash {hashes[i].hex()}")
    print("  node(leaves 0-1)", left.hex(), "\n  root", root.hex())
    print("  proof disclosing leaf 1:", [h.hex() for h in (hashes[0], hashes[2])])
    # And the script accepts the excerpt of leaf 1 under that seed.
    e = ref.build(tmp_path, signers[0], {"E0001": (KAT_LEAVES, [1])}, seeds={"E0001": KAT_SEED})
    assert e.disclosure()["exhibits"][0]["proof"] == [hashes[0].hex(), hashes[2].hex()]
    assert run(e.root).returncode == 0


def test_the_seed_is_the_spec_derivation_and_deterministic(signers):
    s = signers[0]
    a = ref.seed_for(s.private_key_der, "E0001", "00" * 32)
    assert a == ref.seed_for(s.private_key_der, "E0001", "00" * 32)
    assert a != ref.seed_for(s.private_key_der, "E0002", "00" * 32)
    assert a != ref.seed_for(signers[1].private_key_der, "E0001", "00" * 32)


def test_a_proof_walk_reproduces_the_root_for_every_subset_of_small_trees():
    """The reference's multi_proof and a straightforward verifier walk agree for all subsets, L <= 6."""
    for L in range(1, 7):
        c = ref.Commitment("E0001", ref.chat_leaves(L - 1), KAT_SEED)
        for mask in range(1, 1 << L):
            S = [i for i in range(L) if mask >> i & 1]
            nodes = iter(ref.multi_proof(c.hashes, S))

            def walk(lo, hi):
                if not any(lo <= i < hi for i in S):
                    return next(nodes)
                if hi - lo == 1:
                    return c.hashes[lo]
                k = ref.split(hi - lo)
                return ref.node_hash(walk(lo, lo + k), walk(lo + k, hi))

            assert walk(0, L) == c.root and next(nodes, None) is None, (L, S)


def test_the_scripts_walk_accepts_every_honest_subset_and_no_altered_proof():
    """In process, the script's own inclusion check: for L <= 7, every non-empty disclosed set
    verifies, and dropping, adding or changing any one proof node does not."""
    spec = importlib.util.spec_from_file_location("verify_excerpt", SCRIPT)
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    for L in range(1, 8):
        c = ref.Commitment("E0001", ref.chat_leaves(L - 1, header=b"hdr\n"), KAT_SEED)
        committed = {"leaves": L, "root": c.root.hex()}
        for mask in range(1, 1 << L):
            S = [i for i in range(L) if mask >> i & 1]
            e = c.disclosure(S)
            blob = c.excerpt_bytes(S)
            assert script.inclusion_problems(e, committed, blob) == [], (L, S)
            proof = e["proof"]
            for altered in ([*proof[:n], *proof[n + 1:]] for n in range(len(proof))):
                assert script.inclusion_problems({**e, "proof": altered}, committed, blob), (L, S, "dropped")
            for n in range(len(proof) + 1):
                extra = [*proof[:n], hashlib.sha256(b"x").hexdigest(), *proof[n:]]
                assert script.inclusion_problems({**e, "proof": extra}, committed, blob), (L, S, "added")
            for n in range(len(proof)):
                changed = [*proof[:n], "00" * 32, *proof[n + 1:]]
                assert script.inclusion_problems({**e, "proof": changed}, committed, blob), (L, S, "changed")


# ---------------------------------------------------------------------------------------------
# Honest excerpts.


@pytest.mark.parametrize("L", SIZES)
@pytest.mark.parametrize("pattern", ["one", "several", "all"])
def test_an_honest_excerpt_verifies(tmp_path, signers, L, pattern):
    disclose = patterns(L)[pattern]
    e = ref.build(tmp_path, signers[0], {"E0001": (ref.chat_leaves(L - 1), disclose)})
    r, rep = report(e.zip(tmp_path / "excerpt.zip"))
    assert r.returncode == 0, (r.stdout, r.stderr)
    assert rep["verdict"] == "verified" and failed(rep) == set()
    assert {c["name"] for c in rep["checks"]} == {"excerpt-form", "tag-manifest", "signature", "commitment",
                                                  "excerpt-bytes", "inclusion-proof", "excerpt-contiguity",
                                                  "disclosed-items"}
    [s] = rep["exhibits"]
    shown = len([i for i in disclose if i > 0])
    assert (s["events"], s["disclosed"], s["withheld"]) == (L - 1, shown, L - 1 - shown)
    assert s["runs"] == ref.maximal_runs(disclose)
    withheld = [i for i in range(L) if i not in disclose]
    assert sum(g["leaves"][1] - g["leaves"][0] + 1 for g in s["stretches"]) == len(withheld)
    assert sum(g["bytes"] for g in s["stretches"]) == sum(len(ref.chat_leaves(L - 1)[i]) for i in withheld)
    assert rep["signer"]["fingerprint"] == signers[0].fingerprint
    if pattern == "several":  # the unpacked folder verifies too
        assert run(e.root).returncode == 0


def test_the_text_report_names_runs_withheld_stretches_and_the_signer(tmp_path, signers):
    e = build(tmp_path, signers[0])  # 12 events; leaves 2-4, 7, 10-11 disclosed
    r = run(e.zip(tmp_path / "x.zip"))
    assert r.returncode == 0, r.stdout
    out = r.stdout.splitlines()
    assert out[0] == "VERIFIED"
    assert "PASS  inclusion-proof  E0001: 6 of 13 leaves and 5 proof nodes give the root" in out
    assert "E0001: 6 of 12 events disclosed, 6 withheld." in out
    assert "  events 2–4: consecutive, so nothing between them was withheld." in out
    assert "  events 10–11: consecutive, so nothing between them was withheld." in out
    leaves = ref.chat_leaves(12)
    assert f"  Withheld: events 0–1, {len(leaves[0]) + len(leaves[1])} bytes in all." in out
    assert f"  Withheld: events 5–6, {len(leaves[5]) + len(leaves[6])} bytes in all." in out
    assert f"  Withheld: event 12, {len(leaves[12])} bytes in all." in out
    assert f"  {signers[0].fingerprint}" in out
    assert any("sealed at 2026-03-12T10:00:00Z" in line for line in out)


def test_whole_items_and_two_exhibits_verify(tmp_path, signers):
    e = ref.build(tmp_path, signers[0], {"E0001": (ref.chat_leaves(8), [1, 2]), "E0003.2": (ref.chat_leaves(3), [3])},
                  items={"E0005": ("jpg", b"\xff\xd8\xff a screenshot")})
    r, rep = report(e.zip(tmp_path / "x.zip"))
    assert r.returncode == 0, rep["checks"]
    assert [s["exhibit"] for s in rep["exhibits"]] == ["E0001", "E0003.2"]
    e.path("data/E0005/original.jpg").write_bytes(b"\xff\xd8\xff another screenshot")
    assert_fails(e.root, "disclosed-items")


def test_a_timestamp_is_not_checked_but_its_openssl_command_is_printed(tmp_path, signers):
    e = build(tmp_path, signers[0])
    e.path("signature/seal.tsr").write_bytes(b"0\x03\x02\x01\x00")
    r = run(e.root)
    assert r.returncode == 0
    assert "openssl ts -verify -in signature/seal.tsr -data signature/seal.p7s" in r.stdout


# ---------------------------------------------------------------------------------------------
# Tampering: exit 1 and the named check.


def entry(e, n=0):
    d = e.disclosure()
    return d, d["exhibits"][n]


def test_a_changed_byte_of_a_disclosed_message(tmp_path, signers):
    e = build(tmp_path, signers[0])
    blob = bytearray(e.path("excerpt/E0001.bin").read_bytes())
    blob[5] ^= 0x01
    e.path("excerpt/E0001.bin").write_bytes(bytes(blob))
    rep = assert_fails(e.zip(tmp_path / "x.zip"), "inclusion-proof")
    assert failed(rep) == {"inclusion-proof"}


def test_a_changed_salt(tmp_path, signers):
    e = build(tmp_path, signers[0])
    d, x = entry(e)
    s = x["leaves"][2]["salt"]
    x["leaves"][2]["salt"] = ("1" if s[0] != "1" else "2") + s[1:]
    e.write_disclosure(d)
    assert failed(assert_fails(e.root, "inclusion-proof")) == {"inclusion-proof"}


def test_a_changed_proof_node(tmp_path, signers):
    e = build(tmp_path, signers[0])
    d, x = entry(e)
    x["proof"][1] = hashlib.sha256(b"another subtree").hexdigest()
    e.write_disclosure(d)
    assert failed(assert_fails(e.root, "inclusion-proof")) == {"inclusion-proof"}


@pytest.mark.parametrize("change", ["extra at the end", "extra at the start", "missing last", "missing first"])
def test_an_extra_or_a_missing_proof_node(tmp_path, signers, change):
    e = build(tmp_path, signers[0])
    d, x = entry(e)
    node = hashlib.sha256(b"x").hexdigest()
    x["proof"] = {"extra at the end": x["proof"] + [node], "extra at the start": [node] + x["proof"],
                  "missing last": x["proof"][:-1], "missing first": x["proof"][1:]}[change]
    e.write_disclosure(d)
    assert failed(assert_fails(e.zip(tmp_path / "x.zip"), "inclusion-proof")) == {"inclusion-proof"}


@pytest.mark.parametrize("moved", [(7, 8), (4, 5), (2, 1), (11, 12)])
def test_a_moved_leaf_index(tmp_path, signers, moved):
    """The leaf's index (in leaf_data, and its place in the walk) changes; its bytes and salt do not."""
    e = build(tmp_path, signers[0])
    d, x = entry(e)
    for leaf in x["leaves"]:
        if leaf["index"] == moved[0]:
            leaf["index"] = moved[1]
    x["runs"] = ref.maximal_runs(v["index"] for v in x["leaves"])
    e.write_disclosure(d)
    assert failed(assert_fails(e.root, "inclusion-proof")) <= {"inclusion-proof", "excerpt-bytes"}


def test_a_leaf_spliced_in_from_another_commitment(tmp_path, signers):
    """Leaf 7 of another chat (another seed, other bytes), with its own salt and offsets."""
    e = build(tmp_path / "a", signers[0])
    other = ref.Commitment("E0001", ref.chat_leaves(12, header=b"\xef\xbb\xbf"), b"\x07" * 32)
    d, x = entry(e)
    n = next(k for k, v in enumerate(x["leaves"]) if v["index"] == 7)
    theirs = other.disclosure([7])["leaves"][0]
    ours_bytes = e.commitments["E0001"].leaves[7]
    blob = e.path("excerpt/E0001.bin").read_bytes()
    start = sum(v["length"] for v in x["leaves"][:n])
    e.path("excerpt/E0001.bin").write_bytes(blob[:start] + other.leaves[7] + blob[start + len(ours_bytes):])
    x["leaves"][n] = theirs
    e.write_disclosure(d)
    rep = assert_fails(e.root, "inclusion-proof")
    assert failed(rep) <= {"inclusion-proof", "excerpt-bytes"}


def test_a_run_claim_over_a_withheld_leaf(tmp_path, signers):
    e = build(tmp_path, signers[0])
    d, x = entry(e)
    assert x["runs"] == [[2, 4], [7, 7], [10, 11]]
    x["runs"] = [[2, 4], [7, 11]]  # 8 and 9 are withheld
    e.write_disclosure(d)
    assert failed(assert_fails(e.root, "excerpt-contiguity")) == {"excerpt-contiguity"}
    x["runs"] = [[4, 2]]
    e.write_disclosure(d)
    assert failed(assert_fails(e.root, "excerpt-contiguity")) == {"excerpt-contiguity"}


def test_a_changed_commitment_even_one_consistent_with_its_excerpt(tmp_path, signers):
    """A forged chat with its own commitment, bytes and proofs: everything agrees except that the
    signed tag manifest lists the sealed commitment's digest."""
    e = build(tmp_path / "a", signers[0])
    leaves = ref.chat_leaves(12)
    leaves[3] = leaves[3][:-1] + b" (edited)\n"
    forged = ref.build(tmp_path / "c", signers[0], {"E0001": (leaves, [2, 3, 4, 7, 10, 11])})
    assert forged.path("excerpt/E0001.bin").read_bytes() != e.path("excerpt/E0001.bin").read_bytes()
    for name in ("sanad/commitments/E0001.json", "excerpt/E0001.bin", "excerpt/disclosure.json"):
        e.path(name).write_bytes(forged.path(name).read_bytes())
    assert failed(assert_fails(e.zip(tmp_path / "x.zip"), "tag-manifest")) == {"tag-manifest"}


def test_a_commitment_field_changed(tmp_path, signers):
    e = build(tmp_path, signers[0])
    c = json.loads(e.path("sanad/commitments/E0001.json").read_bytes())
    c["messages"] += 1
    e.path("sanad/commitments/E0001.json").write_bytes(ref.canonical_json(c))
    assert failed(assert_fails(e.root, "tag-manifest")) == {"tag-manifest"}


def test_a_seal_by_another_key_with_bag_info_unchanged(tmp_path, signers):
    e = build(tmp_path, signers[0])
    e.reseal(signers[1])  # a valid signature, and signer.pem is the other key's
    rep = assert_fails(e.zip(tmp_path / "x.zip"), "signature")
    assert failed(rep) == {"signature"}
    assert any("bag-info.txt names" in c["detail"] for c in rep["checks"] if not c["passed"])


def test_a_seal_by_another_key_beside_the_sealers_certificate(tmp_path, signers):
    e = build(tmp_path, signers[0])
    signers[1].sign(e.path("tagmanifest-sha256.txt"), e.path("signature/seal.p7s"))
    rep = assert_fails(e.root, "signature")
    assert any("openssl cms -verify failed" in c["detail"] for c in rep["checks"] if not c["passed"])


def test_a_changed_tag_manifest(tmp_path, signers):
    e = build(tmp_path, signers[0])
    tm = e.path("tagmanifest-sha256.txt")
    tm.write_bytes(tm.read_bytes().replace(b"VERIFY.txt", b"VERIFY.TXT"))
    assert failed(assert_fails(e.root, "signature")) == {"signature"}


# ---------------------------------------------------------------------------------------------
# Unsafe or malformed input: exit 2, nothing read past the problem.


@pytest.mark.filterwarnings("ignore:Duplicate name")
@pytest.mark.parametrize("name", ["TEST-2026-001/../evil.txt", "TEST-2026-001/excerpt/../../evil.txt",
                                  "/etc/evil.txt", "other-top/bagit.txt", "TEST-2026-001/bagit.txt",
                                  "TEST-2026-001/a\\..\\b", "TEST-2026-001/"])
def test_an_unsafe_or_repeated_zip_entry_is_refused(tmp_path, signers, name):
    e = build(tmp_path, signers[0])
    z = e.zip(tmp_path / "x.zip", extra={name: b"evil\n"})
    r, rep = report(z)
    assert r.returncode == 2, rep
    assert rep["verdict"] == "malformed" and failed(rep) == {"excerpt-form"}


@pytest.mark.parametrize("change", ["deflated", "encrypted flag", "bad crc", "cut short"])
def test_a_zip_not_in_an_excerpts_form_is_refused(tmp_path, signers, change):
    """Entries are stored, unencrypted, with their CRC-32: anything else is malformed, never read."""
    e = build(tmp_path, signers[0])
    z = e.zip(tmp_path / "x.zip")
    data = bytearray(z.read_bytes())
    if change == "deflated":
        with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
            for p in sorted(q for q in e.root.rglob("*") if q.is_file()):
                zf.write(p, f"{e.root.name}/{p.relative_to(e.root).as_posix()}")
        data = bytearray(z.read_bytes())
    elif change == "encrypted flag":
        cd = data.rindex(b"PK\x01\x02", 0, data.rindex(b"TEST-2026-001/bagit.txt"))
        data[cd + 8] |= 1
    elif change == "bad crc":
        data[data.index(b"BagIt-Version")] ^= 1
    else:
        data = data[:-30]
    z.write_bytes(bytes(data))
    assert_fails(z, "excerpt-form", code=2)


def test_a_symlink_entry_is_refused(tmp_path, signers):
    e = build(tmp_path, signers[0])
    z = e.zip(tmp_path / "x.zip")
    with zipfile.ZipFile(z, "a") as zf:
        info = zipfile.ZipInfo("TEST-2026-001/VERIFY-EXCERPT2.txt", ref.ZIP_TIME)
        info.external_attr = 0o120777 << 16
        zf.writestr(info, "/etc/passwd")
    assert_fails(z, "excerpt-form", code=2)


def test_an_entry_announcing_more_than_the_limit_is_refused_before_it_is_read(tmp_path, signers):
    """The central directory says excerpt/E0001.bin holds 4 GiB: refused on that number alone."""
    e = build(tmp_path, signers[0])
    z = e.zip(tmp_path / "x.zip")
    data = bytearray(z.read_bytes())
    name = b"TEST-2026-001/excerpt/E0001.bin"
    cd = data.rindex(b"PK\x01\x02", 0, data.rindex(name))  # its central directory header
    assert data[cd + 46:cd + 46 + len(name)] == name
    struct.pack_into("<I", data, cd + 24, 0xFFFFFFF0)  # uncompressed size
    z.write_bytes(bytes(data))
    rep = assert_fails(z, "excerpt-form", code=2)
    assert any("too large" in c["detail"] for c in rep["checks"])


def test_a_symlink_in_a_folder_is_refused(tmp_path, signers):
    e = build(tmp_path, signers[0])
    e.path("VERIFY-EXCERPT.txt").unlink()
    os.symlink("/etc/hostname", e.path("VERIFY-EXCERPT.txt"))
    assert_fails(e.root, "excerpt-form", code=2)


def test_a_missing_or_an_unexpected_file(tmp_path, signers):
    e = build(tmp_path, signers[0])
    e.path("data/E0002/original.jpg").parent.mkdir(parents=True)
    e.path("data/E0002/original.jpg").write_bytes(b"not disclosed, not proven")
    rep = assert_fails(e.root, "excerpt-form", code=2)
    assert any("data/E0002/original.jpg is not a file of an excerpt" in c["detail"] for c in rep["checks"])
    e.path("data/E0002/original.jpg").unlink()
    e.path("sanad/commitments/E0001.json").unlink()
    rep = assert_fails(e.root, "excerpt-form", code=2)
    assert any("sanad/commitments/E0001.json is named but missing" in c["detail"] for c in rep["checks"])


@pytest.mark.parametrize("change", ["not json", "repeated name", "version 2", "index as text", "no leaves",
                                    "index true", "deep nesting"])
def test_a_malformed_disclosure(tmp_path, signers, change):
    e = build(tmp_path, signers[0])
    raw = e.path("excerpt/disclosure.json").read_bytes()
    d, x = entry(e)
    if change == "not json":
        raw = raw[:-10]
    elif change == "repeated name":
        raw = raw.replace(b'{"archive"', b'{"version":1,"archive"', 1)
    elif change == "deep nesting":
        raw = b"[" * 100000 + b"]" * 100000
    else:
        bad = copy.deepcopy(d)
        if change == "version 2":
            bad["version"] = 2
        elif change == "index as text":
            bad["exhibits"][0]["leaves"][0]["index"] = "2"
        elif change == "index true":
            bad["exhibits"][0]["leaves"][1]["index"] = True
        else:
            bad["exhibits"][0]["leaves"] = []
        raw = ref.canonical_json(bad)
    e.path("excerpt/disclosure.json").write_bytes(raw)
    assert_fails(e.root, "excerpt-form", code=2)


def test_unreadable_input_and_usage(tmp_path):
    (tmp_path / "not.zip").write_bytes(b"PK\x03\x04 not really")
    for target in (tmp_path / "not.zip", tmp_path / "absent.zip", tmp_path):
        r, rep = report(target)
        assert r.returncode == 2 and rep["verdict"] == "malformed", (target, r.stdout, r.stderr)
    assert subprocess.run([sys.executable, str(SCRIPT)], capture_output=True).returncode == 2
    assert subprocess.run([sys.executable, str(SCRIPT), "a", "b"], capture_output=True).returncode == 2


def test_temporary_files_are_removed(tmp_path, signers):
    e = build(tmp_path, signers[0])
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp)}
    assert run(e.zip(tmp_path / "x.zip"), env=env).returncode == 0
    e.reseal(signers[1])
    assert run(e.root, env=env).returncode == 1
    assert list(tmp.iterdir()) == []


# ---------------------------------------------------------------------------------------------
# The script itself.


def test_the_script_is_under_200_lines_and_imports_only_the_standard_library():
    source = SCRIPT.read_text(encoding="utf-8")
    assert len(source.splitlines()) < 200, len(source.splitlines())
    modules = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "no relative imports"
            modules.add(node.module.split(".")[0])
    assert modules and modules <= set(sys.stdlib_module_names), modules - set(sys.stdlib_module_names)

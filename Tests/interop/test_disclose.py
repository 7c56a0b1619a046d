"""`sanad disclose` and excerpt verification (issue 15, docs/FORMAT.md §9–§10).

An excerpt carries a few events of a sealed chat with a multi-leaf inclusion proof. These tests
cut excerpts of one, several and every event, across exhibits, with a whole item, and from a
countersigned archive; then forge each part of an excerpt the way a careful forger would
(keeping Sanad's exact zip form, with container_kit) and check that `sanad verify` names the
check that fails. Every excerpt is also checked by the standalone `verify_excerpt.py` it
carries (Python standard library + openssl), which must agree with `sanad verify`.
"""
import hashlib
import hmac
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import container_kit as kit
from conftest import DEMO_MANIFEST, SANAD_BIN, make_tree_writable

SEAL_TIME = "2026-03-04T10:00:00Z"
ENV = {**os.environ, "SANAD_PASSPHRASE": "test pass"}
CHAT = "".join(
    f"0{1 + i // 20}/03/2026, 10:{i % 60:02d} - {'Omar' if i % 2 else 'Layla'}: message number {i}\n"
    for i in range(40)
).encode() + b"09/03/2026, 11:00 - Omar: IMG-20260309-WA0001.jpg (file attached)\nsee this\n"


def sanad(*args, env=ENV):
    return subprocess.run([SANAD_BIN, *map(str, args)], capture_output=True, text=True, env=env)


def verify(path):
    r = sanad("verify", path, "--json")
    return r.returncode, json.loads(r.stdout)


def script(path):
    """The verify_excerpt.py the excerpt carries, run on the excerpt."""
    entries = {e.name.split("/", 1)[1]: e.data for e in kit.parse_zip(Path(path).read_bytes())}
    tool = Path(path).with_suffix(".verify_excerpt.py")
    tool.write_bytes(entries.get("verify_excerpt.py") or (Path(__file__).parents[2] / "Tools/verify_excerpt.py")
                     .read_bytes())
    r = subprocess.run([sys.executable, tool, path, "--json"], capture_output=True, text=True)
    return r.returncode, json.loads(r.stdout) if r.stdout.strip().startswith("{") else {}


def failed(report):
    """The failed checks of a `sanad verify --json` report or of verify_excerpt.py's."""
    return [c["name"] for c in report.get("checks", []) if c.get("outcome") == "fail" or c.get("passed") is False]


@pytest.fixture(scope="module")
def case(tmp_path_factory):
    d = tmp_path_factory.mktemp("disclose")
    (d / "in").mkdir()
    (d / "in" / "WhatsApp Chat with Omar.txt").write_bytes(CHAT)
    (d / "in" / "IMG-20260309-WA0001.jpg").write_bytes(bytes.fromhex("ffd8ffe000104a464946") + b"\x00" * 64)
    assert sanad("init", "--plaintext", d / "ws", "--case-id", "DEMO-1", "--org", "Example NGO", "-q").returncode == 0
    r = sanad("add", "--workspace", d / "ws", "--manifest", DEMO_MANIFEST, "-q")
    assert r.returncode == 0, r.stderr
    r = sanad("add", "--workspace", d / "ws", d / "in" / "WhatsApp Chat with Omar.txt", d / "in" / "IMG-20260309-WA0001.jpg",
              "--collected-by", "Noor", "--timezone", "Asia/Baghdad", "--date-order", "dmy", "-q")
    assert r.returncode == 0, r.stderr
    for name in ["signer", "other", "lawyer"]:
        assert sanad("key", "new", "--out", d / name, "--name", name.title(), "--org", "Example", "-q").returncode == 0
    r = sanad("seal", "--workspace", d / "ws", "--key", d / "signer.key", "--cert", d / "signer.crt",
              "--out", d / "sealed.zip", "--time", SEAL_TIME, "--json")
    assert r.returncode == 0, r.stderr
    seal = json.loads(r.stdout)
    items = {i["id"]: i for i in json.loads(sanad("items", "--workspace", d / "ws", "--json").stdout)["items"]}
    chat = next(e for e, i in items.items() if i.get("original_name", i.get("name", "")).startswith("WhatsApp Chat with Omar"))
    image = next(e for e, i in items.items() if i.get("original_name", i.get("name", "")).startswith("IMG-20260309"))
    yield {"dir": d, "zip": d / "sealed.zip", "seal": seal, "chat": chat, "image": image}
    make_tree_writable(d)


def disclose(case, out, *args):
    r = sanad("disclose", case["zip"], "--out", out, "--time", "2026-03-05T09:00:00Z", "--json", *args)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_seal_commits_to_every_chat_and_lists_the_files_in_the_tag_manifest(case):
    committed = {c["exhibit"]: c["events"] for c in case["seal"]["commitments"]}
    assert committed[case["chat"]] == 41
    assert case["image"] not in committed
    entries = {e.name.split("/", 1)[1]: e.data for e in kit.parse_zip(case["zip"].read_bytes())}
    tm = entries["tagmanifest-sha256.txt"].decode()
    for suffix in [".json", ".leaves"]:
        path = f"sanad/commitments/{case['chat']}{suffix}"
        assert f"{hashlib.sha256(entries[path]).hexdigest()}  {path}\n" in tm
    lengths = [int(x) for x in entries[f"sanad/commitments/{case['chat']}.leaves"].decode().split("\n") if x]
    assert len(lengths) == 42 and sum(lengths) == len(CHAT) and lengths[0] == 0
    assert b"Sanad-Format-Version: 2\n" in entries["bag-info.txt"]


def check_root_independently(entries, exhibit, data):
    """The commitment's root recomputed here, from the spec, with hashlib and hmac only."""
    c = json.loads(entries[f"sanad/commitments/{exhibit}.json"])
    seed = bytes.fromhex(json.loads(entries[f"sanad/commitment-seeds/{exhibit}.json"])["seed"])
    lengths = [int(x) for x in entries[f"sanad/commitments/{exhibit}.leaves"].decode().split("\n") if x]
    hashes, at = [], 0
    for i, n in enumerate(lengths):
        salt = hmac.new(seed, i.to_bytes(8, "big"), hashlib.sha256).digest()
        leaf = i.to_bytes(8, "big") + at.to_bytes(8, "big") + n.to_bytes(8, "big") + hashlib.sha256(data[at:at + n]).digest()
        hashes.append(hashlib.sha256(b"\x00" + salt + leaf).digest())
        at += n

    def mth(h):
        if len(h) == 1:
            return h[0]
        k = 1 << ((len(h) - 1).bit_length() - 1)
        return hashlib.sha256(b"\x01" + mth(h[:k]) + mth(h[k:])).digest()

    assert mth(hashes).hex() == c["root"]


def test_the_root_follows_the_spec(case):
    entries = {e.name.split("/", 1)[1]: e.data for e in kit.parse_zip(case["zip"].read_bytes())}
    check_root_independently(entries, case["chat"], CHAT)


@pytest.mark.parametrize("selection,count", [("5", 1), ("3-9,12,30-31", 10), ("0-41", 42)])
def test_excerpts_of_one_many_and_all_events_verify_with_both_verifiers(case, tmp_path, selection, count):
    out = tmp_path / "excerpt.zip"
    result = disclose(case, out, "--events", f"{case['chat']}:{selection}")
    assert result["exhibits"][0]["disclosed"][:1] and len(result["exhibits"][0]["disclosed"]) == count
    rc, report = verify(out)
    assert rc == 0 and report["verdict"] == "verified", failed(report)
    ex = report["excerpt"]["exhibits"][0]
    assert ex["events"] == 41 and len(ex["disclosed"]) == count
    assert ex["withheld_events"] == 41 - len([i for i in ex["disclosed"] if i > 0])
    rc2, report2 = script(out)
    assert rc2 == 0 and report2["verdict"] == "verified"
    entries = {e.name.split("/", 1)[1]: e.data for e in kit.parse_zip(out.read_bytes())}
    assert not any(p.startswith("data/") or p.startswith("sanad/commitment-seeds/") or p.endswith(".leaves")
                   or p == "sanad/custody.jsonl" for p in entries)
    d = json.loads(entries["excerpt/disclosure.json"])
    blob = entries[f"excerpt/{case['chat']}.bin"]
    at = 0
    for leaf in d["exhibits"][0]["leaves"]:
        assert blob[at:at + leaf["length"]] == CHAT[leaf["offset"]:leaf["offset"] + leaf["length"]]
        at += leaf["length"]


def test_the_human_report_says_what_is_proven_in_words(case, tmp_path):
    out = tmp_path / "excerpt.zip"
    disclose(case, out, "--events", f"{case['chat']}:3-9,12")
    r = sanad("verify", out)
    assert r.returncode == 0
    assert (f"8 events from exhibit {case['chat']} (a WhatsApp chat read by whatsapp-txt 1, 41 events, "
            "40 messages in all) are exact parts") in r.stdout
    assert "events 3–9 are consecutive, so nothing between them was withheld; 33 events are withheld." in r.stdout
    assert "sender and time are Sanad's reading of the bytes; the bytes are proven" in r.stdout
    assert f"{case['chat']} #5 bytes" in r.stdout and "Layla: message number 4" in r.stdout


def test_search_selects_across_several_exhibits(case, tmp_path):
    out = tmp_path / "excerpt.zip"
    result = disclose(case, out, "--search", "message number 1")
    exhibits = {e["exhibit"]: e["disclosed"] for e in result["exhibits"]}
    assert exhibits[case["chat"]] == [2] + list(range(11, 21))
    both = tmp_path / "both.zip"
    result = disclose(case, both, "--search", "message number 7", "--search", "المال")
    assert len(result["exhibits"]) >= 2
    rc, report = verify(both)
    assert rc == 0, failed(report)
    assert script(both)[0] == 0


def test_an_event_with_an_attachment_and_the_attachment_by_its_manifest_line(case, tmp_path):
    out = tmp_path / "excerpt.zip"
    result = disclose(case, out, "--events", f"{case['chat']}:41", "--item", case["image"])
    assert result["items"] == [case["image"]]
    rc, report = verify(out)
    assert rc == 0, failed(report)
    assert [c for c in report["checks"] if c["name"] == "disclosed-items"][0]["outcome"] == "pass"
    reading = report["reading"][0]
    assert "IMG-20260309-WA0001.jpg" in json.dumps(reading, ensure_ascii=False)
    assert script(out)[0] == 0


def test_an_excerpt_of_a_countersigned_archive_carries_and_checks_the_receipt(case, tmp_path):
    d = case["dir"]
    received = tmp_path / "received.zip"
    r = sanad("receive", case["zip"], "--key", d / "lawyer.key", "--cert", d / "lawyer.crt", "--out", received,
              "--time", "2026-03-06T09:30:00Z", "--accept-unconfirmed-signer")
    assert r.returncode == 0, r.stderr
    out = tmp_path / "excerpt.zip"
    r = sanad("disclose", received, "--out", out, "--events", f"{case['chat']}:7", "--json")
    assert r.returncode == 0, r.stderr
    rc, report = verify(out)
    assert rc == 0, failed(report)
    assert [s["role"] for s in report["signatures"]] == ["seal", "receipt-1"]
    assert script(out)[0] == 0


def tampered(case, tmp_path, change, selection="3-9"):
    """An honest excerpt, then `change(entries)` applied, rebuilt in Sanad's exact zip form."""
    honest = tmp_path / "honest.zip"
    disclose(case, honest, "--events", f"{case['chat']}:{selection}")
    entries = kit.parse_zip(honest.read_bytes())
    by = {e.name.split("/", 1)[1]: e for e in entries}
    change(by, case)
    out = tmp_path / "forged.zip"
    out.write_bytes(kit.build_zip(entries))
    return out


def set_disclosure(by, f):
    d = json.loads(by["excerpt/disclosure.json"].data)
    f(d)
    by["excerpt/disclosure.json"].data = json.dumps(d).encode()


def flip(h):
    return ("0" if h[0] != "0" else "1") + h[1:]


def byte_changed(by, case):
    b = bytearray(by[f"excerpt/{case['chat']}.bin"].data)
    b[40] ^= 0x01
    by[f"excerpt/{case['chat']}.bin"].data = bytes(b)


def salt_changed(by, case):
    set_disclosure(by, lambda d: d["exhibits"][0]["leaves"][2].update(salt=flip(d["exhibits"][0]["leaves"][2]["salt"])))


def node_changed(by, case):
    set_disclosure(by, lambda d: d["exhibits"][0]["proof"].__setitem__(0, flip(d["exhibits"][0]["proof"][0])))


def index_moved(by, case):
    def f(d):
        last = d["exhibits"][0]["leaves"][-1]
        last["index"] += 1
        d["exhibits"][0]["runs"] = [[3, 8], [10, 10]]
    set_disclosure(by, f)


def run_skips_a_withheld_event(by, case):
    set_disclosure(by, lambda d: d["exhibits"][0].update(runs=[[3, 12]]))


@pytest.mark.parametrize("change,check", [
    (byte_changed, "inclusion-proof"),
    (salt_changed, "inclusion-proof"),
    (node_changed, "inclusion-proof"),
    (index_moved, "inclusion-proof"),
    (run_skips_a_withheld_event, "excerpt-contiguity"),
])
def test_a_forged_excerpt_fails_the_named_check_in_both_verifiers(case, tmp_path, change, check):
    out = tampered(case, tmp_path, change)
    rc, report = verify(out)
    assert rc == 1 and report["verdict"] == "does-not-verify"
    assert check in failed(report), failed(report)
    rc2, report2 = script(out)
    assert rc2 == 1 and check in failed(report2), report2


def test_messages_spliced_from_another_archive_fail(case, tmp_path):
    """The same chat sealed again by the same key at another time has the same seed, but the
    other archive's excerpt must not pass as this one's: the commitment is sealed by tag manifest."""
    d = case["dir"]
    other = d / "other.zip"
    if not other.exists():
        assert sanad("seal", "--workspace", d / "ws", "--key", d / "other.key", "--cert", d / "other.crt",
                     "--out", other, "--time", SEAL_TIME, "-q").returncode == 0
    ours = tmp_path / "ours.zip"
    disclose(case, ours, "--events", f"{case['chat']}:3-4")
    theirs = tmp_path / "theirs.zip"
    r = sanad("disclose", other, "--out", theirs, "--events", f"{case['chat']}:5-6", "--json")
    assert r.returncode == 0, r.stderr
    mine = kit.parse_zip(ours.read_bytes())
    foreign = {e.name.split("/", 1)[1]: e for e in kit.parse_zip(theirs.read_bytes())}
    for e in mine:
        inner = e.name.split("/", 1)[1]
        if inner in ("excerpt/disclosure.json", f"excerpt/{case['chat']}.bin"):
            e.data = foreign[inner].data
    out = tmp_path / "spliced.zip"
    out.write_bytes(kit.build_zip(mine))
    rc, report = verify(out)
    assert rc == 1 and "inclusion-proof" in failed(report), failed(report)
    assert script(out)[0] == 1


def test_a_signature_from_another_key_fails(case, tmp_path):
    d = case["dir"]
    honest = tmp_path / "honest.zip"
    disclose(case, honest, "--events", f"{case['chat']}:3")
    entries = kit.parse_zip(honest.read_bytes())
    by = {e.name.split("/", 1)[1]: e for e in entries}
    tm = tmp_path / "tm"
    tm.write_bytes(by["tagmanifest-sha256.txt"].data)
    sig = subprocess.run(["openssl", "cms", "-sign", "-binary", "-outform", "DER", "-in", tm, "-signer", d / "other.crt",
                          "-inkey", d / "other.key", "-passin", "pass:test pass", "-md", "sha256"],
                         capture_output=True)
    assert sig.returncode == 0, sig.stderr
    by["signature/seal.p7s"].data = sig.stdout
    by["signature/signer.pem"].data = (d / "other.crt").read_bytes()
    out = tmp_path / "resigned.zip"
    out.write_bytes(kit.build_zip(entries))
    rc, report = verify(out)
    assert rc == 1
    assert {"signature", "signer-identity"} & set(failed(report)), failed(report)
    rc2, report2 = script(out)
    assert rc2 == 1 and "signature" in failed(report2)


def test_an_archive_without_commitments_cannot_be_disclosed_in_part(case, tmp_path):
    d = case["dir"]
    plain = d / "plain.zip"
    if not plain.exists():
        assert sanad("seal", "--workspace", d / "ws", "--key", d / "signer.key", "--cert", d / "signer.crt",
                     "--out", plain, "--time", SEAL_TIME, "--no-commitments", "-q").returncode == 0
    r = sanad("disclose", plain, "--out", tmp_path / "x.zip", "--events", f"{case['chat']}:3")
    assert r.returncode == 64 and "has no commitment" in r.stderr
    assert not (tmp_path / "x.zip").exists()
    r = sanad("disclose", case["zip"], "--out", tmp_path / "y.zip", "--events", f"{case['chat']}:42")
    assert r.returncode == 64 and "has 41 events" in r.stderr


def test_verify_excerpt_txt_commands_work_as_written(case, tmp_path):
    """The steps of VERIFY-EXCERPT.txt, run exactly as the file prints them, from the unpacked folder."""
    out = tmp_path / "excerpt.zip"
    disclose(case, out, "--events", f"{case['chat']}:3-4", "--item", case["image"])
    assert subprocess.run(["unzip", "-q", out.name], cwd=tmp_path).returncode == 0
    folder = tmp_path / "DEMO-1"
    text = (folder / "VERIFY-EXCERPT.txt").read_text()
    english = text.split("مقتطف من")[0]
    commands, current = [], ""
    for line in english.splitlines():
        stripped = line.strip()
        if current:
            current += " " + stripped.rstrip("\\").strip()
            if not stripped.endswith("\\"):
                commands.append(current)
                current = ""
        elif stripped.startswith(("openssl cms", "grep -E", "sha256sum -c", "python3 verify_excerpt.py")):
            current = stripped.rstrip("\\").strip()
            if not stripped.endswith("\\"):
                commands.append(current)
                current = ""
    assert len(commands) == 5, commands
    for c in commands:
        r = subprocess.run(c, shell=True, cwd=folder, capture_output=True, text=True)
        assert r.returncode == 0, (c, r.stdout, r.stderr)
        if c.startswith("openssl cms"):
            assert "Verification successful" in r.stderr
        if "sha256sum -c" in c:
            assert ": OK" in r.stdout and "FAILED" not in r.stdout
        if "bagit" in c:
            assert r.stdout.count(": OK") == 3, r.stdout  # bagit.txt, bag-info.txt and the one commitment
    assert case["chat"] in text.split("Disclosed:")[1].splitlines()[0]
    assert "\u2068DEMO-1\u2069" in text


def test_an_excerpt_of_the_workspaces_own_archive_is_recorded_as_disclosed(case, tmp_path):
    d = case["dir"]
    out = tmp_path / "for-the-judge.zip"
    r = sanad("disclose", case["zip"], "--out", out, "--events", f"{case['chat']}:3-5,9", "--workspace", d / "ws",
              "--recipient", "Judge of the Karkh court", "--reason", "the threats of 2 March", "--actor", "Noor")
    assert r.returncode == 0, r.stderr
    assert "('disclosed') by Noor" in r.stderr
    log = [json.loads(line) for line in (d / "ws" / "custody.jsonl").read_text().splitlines()]
    entry = log[-1]
    assert entry["action"] == "disclosed" and entry["actor"]["name"] == "Noor" and entry["items"] == [case["chat"]]
    details = entry["details"]
    assert details["events"] == {case["chat"]: [3, 4, 5, 9]}
    assert details["recipient"] == "Judge of the Karkh court" and details["reason"] == "the threats of 2 March"
    assert details["archive_sha256"] == case["seal"]["sha256"]
    assert details["excerpt_sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert sanad("log", "--workspace", d / "ws", "--verify", "-q").returncode == 0
    # An archive this workspace did not seal leaves its log alone.
    other = tmp_path / "elsewhere"
    assert sanad("init", "--plaintext", other, "--case-id", "OTHER-1", "--org", "NGO", "-q").returncode == 0
    before = (other / "custody.jsonl").read_bytes()
    r = sanad("disclose", case["zip"], "--out", tmp_path / "x.zip", "--events", f"{case['chat']}:3", "--workspace", other)
    assert r.returncode == 0 and "was not sealed by this workspace: nothing was logged" in r.stderr
    assert (other / "custody.jsonl").read_bytes() == before


def test_timeline_numbers_are_the_commitments_leaf_numbers(case):
    """`timeline` shows each event's number; `disclose --events` selects by it; the commitment's
    leaf n must begin exactly where the timeline's event n does, in every committed chat (WhatsApp,
    Telegram JSON, Instagram, SMS XML, a zip member)."""
    r = sanad("timeline", case["zip"], "--format", "jsonl", "--include-container", "--date-order", "dmy",
              "--reveal-sensitive")
    assert r.returncode == 0, r.stderr
    events = [json.loads(line) for line in r.stdout.splitlines() if line.strip()]
    events = [e for e in events if "source" in e and e["source"].get("event") is not None]
    entries = {e.name.split("/", 1)[1]: e.data for e in kit.parse_zip(case["zip"].read_bytes())}
    checked = set()
    for e in events:
        exhibit, n = e["source"]["exhibit"], e["source"]["event"]
        leaves = entries.get(f"sanad/commitments/{exhibit}.leaves")
        if leaves is None:
            continue
        lengths = [int(x) for x in leaves.decode().split("\n") if x]
        assert n < len(lengths), (exhibit, n)
        assert sum(lengths[:n]) == e["source"]["offset"], (exhibit, n, e["source"])
        checked.add(exhibit)
    committed = {p.split("/")[-1][:-5] for p in entries if p.startswith("sanad/commitments/") and p.endswith(".json")}
    assert committed and checked == committed, (checked, committed)


def test_an_excerpt_cut_from_an_unpacked_bag_names_no_archive_digest_and_verifies(case, tmp_path):
    assert subprocess.run(["unzip", "-q", case["zip"], "-d", tmp_path / "bag"]).returncode == 0
    out = tmp_path / "from-folder.zip"
    r = sanad("disclose", tmp_path / "bag" / "DEMO-1", "--out", out, "--events", f"{case['chat']}:2-3", "--json")
    assert r.returncode == 0, r.stderr
    entries = {e.name.split("/", 1)[1]: e.data for e in kit.parse_zip(out.read_bytes())}
    assert json.loads(entries["excerpt/disclosure.json"])["archive"]["sha256"] is None
    rc, report = verify(out)
    assert rc == 0, failed(report)
    assert "an unpacked bag" in [c for c in report["checks"] if c["name"] == "excerpt-form"][0]["detail"]
    assert script(out)[0] == 0

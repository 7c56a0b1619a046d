"""ACCEPTANCE: flipping one byte of a stored original, or editing one inner log entry, makes
`sanad log --verify` exit 1 and name the item or entry.

Every test first shows that the untouched case verifies, then tampers with exactly one thing,
then checks the exit code, the first line of the text report, and the failing check in --json.
"""

import json
import os

import pytest

from conftest import DEMO_MANIFEST, checks_named, failures, first_line, make_writable, sha256_bytes

EXHIBIT = "E0003"  # telegram/result.json, the third item of the demo manifest


def assert_verified(case):
    r = case.verify_text()
    assert r.returncode == 0, r.stdout + r.stderr
    assert first_line(r.stdout).startswith("VERIFIED: custody chain of 17 entries unbroken; 8 items match")
    rj, report = case.verify()
    assert rj.returncode == 0
    assert report["verdict"] == "verified"
    assert failures(report) == []
    return report


def assert_does_not_verify(case, name, subject, detail_has=()):
    """Exit 1; the first text line starts DOES NOT VERIFY and shows the first failure; --json has
    a failing check `name` about `subject`. Returns that check."""
    r = case.verify_text()
    assert r.returncode == 1, r.stdout + r.stderr
    head = first_line(r.stdout)
    assert head.startswith("DOES NOT VERIFY: "), head
    assert r.stderr == ""
    rj, report = case.verify()
    assert rj.returncode == 1
    assert report["verdict"] == "does-not-verify"
    failing = checks_named(report, name, "fail")
    assert [c["subject"] for c in failing] == [subject], report["checks"]
    check = failing[0]
    for text in detail_has:
        assert text in check["detail"], check["detail"]
    # The text report's headline is the first failure, and lists it as [FAIL].
    first_failure = failures(report)[0]
    assert head == f"DOES NOT VERIFY: {first_failure['detail']}"
    assert f"  [FAIL] {name}: {check['detail']}" in r.stdout.splitlines()
    return check


def rewrite_log(case, lines):
    make_writable(case.custody)
    case.custody.write_bytes(b"".join(line + b"\n" for line in lines))


def canonical(entry) -> bytes:
    return json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


# --- stored bytes ----------------------------------------------------------------------------


def test_flipping_one_byte_of_a_stored_original_names_the_item(demo_case):
    assert_verified(demo_case)
    obj = demo_case.object_path(EXHIBIT)
    payload = demo_case.root / demo_case.ingested(EXHIBIT)["payload"]
    assert payload.name == "original.json" and os.path.samefile(obj, payload)
    assert oct(obj.stat().st_mode & 0o777) == "0o444"
    recorded = demo_case.ingested(EXHIBIT)["sha256"]

    make_writable(obj)
    data = bytearray(obj.read_bytes())
    data[len(data) // 2] ^= 0x01
    obj.write_bytes(bytes(data))

    check = assert_does_not_verify(demo_case, "item-digest", EXHIBIT,
                                   detail_has=(f"{EXHIBIT}: the stored original changed", recorded, sha256_bytes(bytes(data))))
    r = demo_case.verify_text()
    assert EXHIBIT in first_line(r.stdout)
    # Only that item fails: the payload is a hard link to the same inode, so it is not reported twice.
    _, report = demo_case.verify()
    assert [c["subject"] for c in failures(report)] == [EXHIBIT]
    assert "payload copy" not in check["detail"]


def test_replacing_the_payload_link_with_an_edited_copy_names_the_item(demo_case):
    assert_verified(demo_case)
    payload = demo_case.root / demo_case.ingested(EXHIBIT)["payload"]
    data = payload.read_bytes()
    os.chmod(payload.parent, 0o700)
    payload.unlink()
    payload.write_bytes(data.replace(b"user", b"usEr", 1))
    assert_does_not_verify(demo_case, "item-digest", EXHIBIT, detail_has=("payload copy data/E0003/original.json",))


def test_removing_a_stored_object_names_the_item(demo_case):
    assert_verified(demo_case)
    obj = demo_case.object_path(EXHIBIT)
    obj.unlink()
    assert_does_not_verify(demo_case, "item-digest", EXHIBIT, detail_has=("stored original is missing or unreadable",))


def test_editing_item_metadata_names_the_item(demo_case):
    assert_verified(demo_case)
    meta = demo_case.root / "items" / f"{EXHIBIT}.json"
    make_writable(meta)
    text = meta.read_text(encoding="utf-8")
    assert '"account": "user7012345678"' in text
    meta.write_text(text.replace("user7012345678", "user7012345679"), encoding="utf-8")
    assert_does_not_verify(demo_case, "item-metadata", EXHIBIT,
                           detail_has=(f"{EXHIBIT}: its metadata items/{EXHIBIT}.json was changed",))


def test_removing_item_metadata_names_the_item(demo_case):
    assert_verified(demo_case)
    (demo_case.root / "items" / f"{EXHIBIT}.json").unlink()
    assert_does_not_verify(demo_case, "item-metadata", EXHIBIT, detail_has=("is missing",))


def test_editing_the_case_file_fails_case_file(demo_case):
    assert_verified(demo_case)
    case_file = demo_case.root / "sanad-case.json"
    make_writable(case_file)
    case_file.write_text(case_file.read_text().replace("Test Protection NGO", "Another NGO"))
    check = assert_does_not_verify(demo_case, "case-file", "sanad-case.json",
                                   detail_has=("sanad-case.json changed since the case was created",))
    assert sha256_bytes(case_file.read_bytes()) in check["detail"]


# --- the custody log -------------------------------------------------------------------------


def test_editing_an_inner_entry_canonically_breaks_the_chain_at_the_next_entry(demo_case):
    assert_verified(demo_case)
    lines = demo_case.log_lines()
    entry = json.loads(lines[3])
    assert entry["seq"] == 3 and entry["action"] == "collected" and entry["actor"]["name"] == "Noor Advocate"
    entry["actor"]["name"] = "Somebody Else"
    lines[3] = canonical(entry)
    rewrite_log(demo_case, lines)
    # The edited line is still valid canonical JSON: only the chain catches it. Sanad reports the
    # first entry whose prev no longer matches (seq 4) and says that line 4 (seq 3) was changed.
    check = assert_does_not_verify(demo_case, "custody-chain", "seq 4",
                                   detail_has=("entry seq 4 (line 5) does not chain to line 4", "line 4 was changed"))
    _, report = demo_case.verify()
    assert checks_named(report, "custody-syntax", "pass")
    assert [c["name"] for c in failures(report)] == ["custody-chain"]
    assert "seq 4" in first_line(demo_case.verify_text().stdout)
    assert check


def test_deleting_an_inner_entry_breaks_the_chain(demo_case):
    assert_verified(demo_case)
    lines = demo_case.log_lines()
    assert json.loads(lines[3])["action"] == "collected"
    del lines[3]
    rewrite_log(demo_case, lines)
    assert_does_not_verify(demo_case, "custody-chain", "seq 4", detail_has=("does not chain to line 3",))


def test_swapping_two_entries_breaks_the_chain(demo_case):
    assert_verified(demo_case)
    lines = demo_case.log_lines()
    lines[3], lines[4] = lines[4], lines[3]
    rewrite_log(demo_case, lines)
    assert_does_not_verify(demo_case, "custody-chain", "seq 4",
                           detail_has=("entry seq 4 (line 4) does not chain to line 3",))


def test_renumbering_entries_is_caught_even_with_a_recomputed_chain(demo_case):
    """Deleting seq 3 and re-chaining everything after it keeps prev consistent, but the seq gap stays."""
    assert_verified(demo_case)
    lines = demo_case.log_lines()
    del lines[3]
    prev = sha256_bytes(lines[2])
    for i in range(3, len(lines)):
        e = json.loads(lines[i])
        e["prev"] = prev
        lines[i] = canonical(e)
        prev = sha256_bytes(lines[i])
    rewrite_log(demo_case, lines)
    assert_does_not_verify(demo_case, "custody-chain", "seq 4", detail_has=("line 4 has seq 4, expected 3",))


def test_non_canonical_edit_fails_custody_syntax(demo_case):
    assert_verified(demo_case)
    lines = demo_case.log_lines()
    assert lines[3].startswith(b'{"action":')
    lines[3] = b'{ "action":' + lines[3][len(b'{"action":'):]
    assert json.loads(lines[3])["seq"] == 3  # still valid JSON, same meaning
    rewrite_log(demo_case, lines)
    assert_does_not_verify(demo_case, "custody-syntax", "line 4", detail_has=("not in RFC 8785 canonical form",))
    # The changed bytes also break the chain at the next entry.
    _, report = demo_case.verify()
    assert [c["subject"] for c in checks_named(report, "custody-chain", "fail")] == ["seq 4"]


def test_invalid_json_line_fails_custody_syntax(demo_case):
    assert_verified(demo_case)
    lines = demo_case.log_lines()
    lines[5] = lines[5][:-1]  # drop the closing brace
    rewrite_log(demo_case, lines)
    assert_does_not_verify(demo_case, "custody-syntax", "line 6", detail_has=("line 6 is not valid JSON",))


def test_editing_the_digest_in_an_ingested_entry_is_caught(demo_case):
    """Someone who rewrites the log's sha256 to match a changed file still breaks the chain."""
    assert_verified(demo_case)
    lines = demo_case.log_lines()
    n = next(i for i, line in enumerate(lines) if json.loads(line)["action"] == "ingested" and json.loads(line)["items"] == [EXHIBIT])
    e = json.loads(lines[n])
    e["details"]["sha256"] = "f" * 64
    lines[n] = canonical(e)
    rewrite_log(demo_case, lines)
    _, report = demo_case.verify()
    assert report["verdict"] == "does-not-verify"
    assert [c["subject"] for c in checks_named(report, "custody-chain", "fail")] == [f"seq {n + 1}"]
    digest_failures = checks_named(report, "item-digest", "fail")
    assert {c["subject"] for c in digest_failures} == {EXHIBIT}
    details = " | ".join(c["detail"] for c in digest_failures)
    assert "not the content address of its SHA-256" in details
    assert f"recorded {'f' * 64}" in details


def test_an_unfinished_last_line_is_a_warning_not_a_failure(demo_case):
    """A torn tail is what a killed append leaves: never committed, so it does not fail the chain."""
    assert_verified(demo_case)
    make_writable(demo_case.custody)
    with open(demo_case.custody, "ab") as f:
        f.write(b'{"action":"note"')
    rj, report = demo_case.verify()
    assert rj.returncode == 0 and report["verdict"] == "verified"
    assert [c["name"] for c in report["checks"] if c["outcome"] == "warn"] == ["custody-tail"]
    assert demo_case._run("log", "--verify", "--strict", "--workspace", demo_case.root).returncode == 1


def test_editing_the_last_entry_is_visible_only_through_the_head(demo_case):
    """No later entry chains to the last one, so the head that `add` printed (and that a seal or
    an outside record keeps) is what exposes an edit there. Documents the limit of the bare chain."""
    report = assert_verified(demo_case)
    head_before = report["custody_head"]
    lines = demo_case.log_lines()
    e = json.loads(lines[-1])
    e["actor"]["name"] = "Somebody Else"
    lines[-1] = canonical(e)
    rewrite_log(demo_case, lines)
    rj, after = demo_case.verify()
    assert rj.returncode == 0 and after["verdict"] == "verified"
    assert after["custody_head"] != head_before
    assert after["custody_head"] == sha256_bytes(lines[-1])


def test_a_leftover_in_tmp_is_a_warning_and_strict_fails(demo_case):
    assert_verified(demo_case)
    (demo_case.root / "tmp" / "ingest-1-2").write_bytes(b"partial")
    rj, report = demo_case.verify()
    assert rj.returncode == 0 and report["verdict"] == "verified"
    assert [c["name"] for c in report["checks"] if c["outcome"] == "warn"] == ["uncommitted-files"]
    r = demo_case._run("log", "--verify", "--strict", "--json", "--workspace", demo_case.root)
    assert r.returncode == 1 and json.loads(r.stdout)["verdict"] == "does-not-verify"
    # The next add removes it.
    assert demo_case.add("--manifest", DEMO_MANIFEST, "-q").returncode == 0
    assert not (demo_case.root / "tmp" / "ingest-1-2").exists()
    assert_verified(demo_case)


def test_declared_leftovers_of_an_interrupted_batch_are_a_warning_and_removed(demo_case):
    """What a killed batch made, and declared in tmp/pending-batch first, is safe to delete."""
    assert_verified(demo_case)
    stray_dir = demo_case.root / "objects" / "sha256" / "ab"
    stray_dir.mkdir()
    (stray_dir / ("ab" * 32)).write_bytes(b"half a batch")
    (demo_case.root / "items" / "E0009.json").write_text("{}")
    (demo_case.root / "tmp" / "pending-batch").write_text(
        f"items/E0009.json\nobjects/sha256/ab/{'ab' * 32}\nobjects/sha256/ab\ndata/E0009/original.bin\ndata/E0009\n")
    rj, report = demo_case.verify()
    assert rj.returncode == 0 and report["verdict"] == "verified"
    [warn] = [c for c in report["checks"] if c["outcome"] == "warn"]
    assert warn["name"] == "uncommitted-files" and warn["detail"].startswith("3 file(s) from an interrupted command")
    before = demo_case.log_bytes()
    r = demo_case.add("--manifest", DEMO_MANIFEST, "-q")
    assert r.returncode == 0, r.stderr
    assert demo_case.log_bytes() == before
    assert not stray_dir.exists() and not (demo_case.root / "items" / "E0009.json").exists()
    assert_verified(demo_case)


@pytest.mark.parametrize("kind", ["object", "metadata", "payload"])
def test_an_unrecorded_file_fails_and_add_refuses_to_touch_it(demo_case, tmp_path, kind):
    """A file nobody declared is not a leftover: it fails verification and is never deleted."""
    assert_verified(demo_case)
    if kind == "object":
        stray = demo_case.root / "objects" / "sha256" / "ab" / ("ab" * 32)
    elif kind == "metadata":
        stray = demo_case.root / "items" / "E0099.json"
    else:
        stray = demo_case.root / "data" / "E0001" / "extra.jpg"
    stray.parent.mkdir(exist_ok=True)
    stray.write_bytes(b"put here by hand")
    rel = str(stray.relative_to(demo_case.root))
    check = assert_does_not_verify(demo_case, "unrecorded-files", checks_subject_of(demo_case, "unrecorded-files"))
    assert check["subject"] in (rel, str(stray.parent.relative_to(demo_case.root)))
    assert "not recorded in the custody log" in check["detail"]
    before = demo_case.log_bytes()
    new = tmp_path / "new.txt"
    new.write_bytes(b"new evidence")
    r = demo_case.add(new, "--collected-by", "Tester")
    assert r.returncode == 3, r.stderr
    assert "sanad: error: " in r.stderr and "are not recorded in the custody log" in r.stderr
    assert "hint: Run 'sanad log --verify'" in r.stderr
    assert stray.read_bytes() == b"put here by hand"
    assert demo_case.log_bytes() == before


def test_a_log_cut_short_fails_and_nothing_is_deleted(demo_case, tmp_path):
    """Restoring an older custody.jsonl must not make the next add destroy the lost items' files."""
    assert_verified(demo_case)
    lines = demo_case.log_lines()
    last = json.loads(lines[-1])
    assert last["action"] == "ingested" and last["items"] == ["E0008"]
    obj = demo_case.root / last["details"]["object"]
    rewrite_log(demo_case, lines[:-2])
    rj, report = demo_case.verify()
    assert rj.returncode == 1 and report["verdict"] == "does-not-verify"
    assert report["items"] == 7
    [check] = checks_named(report, "unrecorded-files", "fail")
    d = last["details"]
    lost = {d["metadata"], d["payload"], os.path.dirname(d["payload"]), d["object"], os.path.dirname(d["object"])}
    assert check["subject"] in lost
    assert check["detail"].startswith(f"{len(lost)} file(s) are not recorded in the custody log")
    assert checks_named(report, "custody-chain", "pass")
    new = tmp_path / "new.txt"
    new.write_bytes(b"new evidence")
    r = demo_case.add(new, "--collected-by", "Tester")
    assert r.returncode == 3, r.stderr
    assert f"sanad: error: {len(lost)} file(s) in the workspace are not recorded in the custody log" in r.stderr
    assert obj.is_file() and (demo_case.root / "items" / "E0008.json").is_file()


def checks_subject_of(case, name):
    _, report = case.verify()
    return checks_named(report, name, "fail")[0]["subject"]


# --- logs that cannot be read as a whole ---------------------------------------------------


def test_a_missing_custody_log_does_not_verify(demo_case, sanad):
    demo_case.custody.unlink()
    rj, report = demo_case.verify()
    assert rj.returncode == 1 and report["verdict"] == "does-not-verify"
    [check] = failures(report)
    assert check["name"] == "custody-chain" and "cannot read" in check["detail"]
    r = sanad("log", "--workspace", demo_case.root)
    assert r.returncode == 3 and "sanad: error: cannot read" in r.stderr


def test_an_empty_custody_log_does_not_verify(demo_case):
    rewrite_log(demo_case, [])
    rj, report = demo_case.verify()
    assert rj.returncode == 1
    assert [c["detail"] for c in checks_named(report, "custody-chain", "fail")] == ["the custody log is empty"]
    # The items' files are now unexplained, and are reported rather than deleted.
    assert checks_named(report, "unrecorded-files", "fail")


@pytest.mark.parametrize("change,subject,detail", [
    (lambda e: e.update(extra=1), "line 17", "line 17 is not a custody entry"),
    (lambda e: e.update(v=2), "line 17", "line 17 is not a custody entry"),
    (lambda e: e.update(action="teleported"), "line 17", "line 17 is not a custody entry"),
    (lambda e: e.update(seq="16"), "line 17", "line 17 is not a custody entry"),
])
def test_a_line_that_is_not_a_v1_entry_fails_custody_syntax(demo_case, change, subject, detail):
    assert_verified(demo_case)
    lines = demo_case.log_lines()
    e = json.loads(lines[-1])
    change(e)
    lines[-1] = canonical(e)
    rewrite_log(demo_case, lines)
    check = assert_does_not_verify(demo_case, "custody-syntax", subject)
    assert check["detail"].startswith(detail)


def test_a_duplicate_member_name_fails_custody_syntax(demo_case):
    assert_verified(demo_case)
    lines = demo_case.log_lines()
    assert lines[-1].startswith(b'{"action":"ingested",')
    lines[-1] = b'{"action":"ingested","action":"ingested",' + lines[-1][len(b'{"action":"ingested",'):]
    rewrite_log(demo_case, lines)
    assert_does_not_verify(demo_case, "custody-syntax", "line 17", detail_has=('duplicate member "action"',))


def test_a_signature_naming_an_unknown_certificate_fails_custody_signature(demo_case, sanad):
    """Signatures are checked (test_custody_signatures.py): one whose certificate is not in
    certs/ fails, where Sanad 0.1.0 only warned that it did not check it."""
    assert_verified(demo_case)
    lines = demo_case.log_lines()
    e = json.loads(lines[-1])
    e["sig"] = {"alg": "ecdsa-p256-sha256", "cert_sha256": "0" * 64, "value": "AA=="}
    lines[-1] = canonical(e)
    rewrite_log(demo_case, lines)
    assert_does_not_verify(demo_case, "custody-signature", "seq 16", detail_has=("not in certs/",))


def test_entry_times_going_backwards_are_a_warning(demo_case):
    assert_verified(demo_case)
    lines = demo_case.log_lines()
    e = json.loads(lines[-1])
    e["time"] = "2000-01-01T00:00:00.000Z"
    lines[-1] = canonical(e)
    rewrite_log(demo_case, lines)
    rj, report = demo_case.verify()
    assert rj.returncode == 0
    [warn] = [c for c in report["checks"] if c["outcome"] == "warn"]
    assert warn["name"] == "custody-time-order" and "seq 16" in warn["detail"]


def test_a_newer_case_file_version_is_exit_3(demo_case):
    case_file = demo_case.root / "sanad-case.json"
    make_writable(case_file)
    case_file.write_text(case_file.read_text().replace('"version": 1', '"version": 2'))
    r = demo_case.verify_text()
    assert r.returncode == 3 and r.stdout == ""
    assert "sanad: error: this workspace has format version 2; this Sanad reads up to 1" in r.stderr
    assert "hint: Upgrade Sanad" in r.stderr

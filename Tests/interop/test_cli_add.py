"""End-to-end CLI tests of `sanad add`: folders, digests, duplicates, idempotence, bad input that
adds nothing, declared times, and what is stored (exit codes, stdout/stderr, files on disk)."""

import hashlib
import json
import os
import shutil
import zipfile

import pytest

from conftest import SAMPLES, assert_error, mode, sha256_bytes, sha256_file, write


# --- add: folders, order, links --------------------------------------------------------------


def test_add_folder_recursively_in_byte_order(workspace, tmp_path):
    src = tmp_path / "evidence"
    names = ["b.txt", "a/z.txt", "A.txt", "a/b.txt", "é.txt", "10.txt", "9.txt"]
    for n in names:
        write(src / n, f"content of {n}\n".encode())
    r = workspace.add(src, "--collected-by", "Tester")
    assert r.returncode == 0, r.stderr
    expected = ["10.txt", "9.txt", "A.txt", "a/b.txt", "a/z.txt", "b.txt", "é.txt"]
    out = r.stdout.splitlines()
    assert len(out) == len(expected)
    for i, rel in enumerate(expected, start=1):
        ex = f"E{i:04d}"
        assert out[i - 1].startswith(f"{ex}  added  {os.path.basename(rel)}  (plain text, sha256 ")
        meta = workspace.item(ex)
        assert meta["original"]["path"] == str(src / rel)
        assert meta["original"]["name"] == os.path.basename(rel)
        assert meta["digests"]["sha256"] == sha256_bytes(f"content of {rel}\n".encode())
        assert (workspace.root / "data" / ex / "original.txt").read_bytes() == (src / rel).read_bytes()
    assert "7 new item(s) recorded" in r.stderr


def test_symlinks_inside_a_folder_are_not_followed(workspace, tmp_path):
    outside = write(tmp_path / "outside" / "secret.txt", b"not evidence")
    src = tmp_path / "evidence"
    write(src / "real.txt", b"evidence")
    os.symlink(outside, src / "link.txt")
    os.symlink(outside.parent, src / "linkdir")
    r = workspace.add(src, "--collected-by", "Tester", "--json")
    assert r.returncode == 0, r.stderr
    items = json.loads(r.stdout)["items"]
    assert [i["source"] for i in items] == [str(src / "real.txt")]
    assert f"sanad: warning: {src / 'link.txt'}: symbolic link not followed" in r.stderr
    assert f"sanad: warning: {src / 'linkdir'}: symbolic link not followed" in r.stderr
    assert json.loads(r.stdout)["warnings"] == [f"{src / 'link.txt'}: symbolic link not followed",
                                                f"{src / 'linkdir'}: symbolic link not followed"]
    assert len(workspace.entries_with("ingested")) == 1


def test_special_files_in_a_folder_are_skipped_and_given_directly_are_exit_2(workspace, tmp_path):
    src = tmp_path / "evidence"
    write(src / "real.txt", b"evidence")
    os.mkfifo(src / "pipe")
    r = workspace.add(src, "--collected-by", "Tester", "-q")
    assert r.returncode == 0, r.stderr
    assert f"sanad: warning: {src / 'pipe'}: not a regular file, skipped" in r.stderr
    before = workspace.log_bytes()
    r = workspace.add(src / "pipe", "--collected-by", "Tester")
    assert_error(r, 2, "is not a regular file", "nothing was added")
    assert workspace.log_bytes() == before


# --- add: digests, duplicates, idempotence ---------------------------------------------------


def test_extra_digests(workspace, tmp_path):
    data = os.urandom(200_000)
    f = write(tmp_path / "photo.bin", data)
    r = workspace.add(f, "--collected-by", "Tester", "--digest", "sha512,md5")
    assert r.returncode == 0, r.stderr
    want = {"sha256": hashlib.sha256(data).hexdigest(), "sha512": hashlib.sha512(data).hexdigest(),
            "md5": hashlib.md5(data).hexdigest()}
    assert workspace.item("E0001")["digests"] == want
    details = workspace.ingested("E0001")
    assert details["digests"] == want
    assert details["sha256"] == want["sha256"]


def test_unknown_digest_is_a_usage_error(workspace, tmp_path):
    f = write(tmp_path / "a.txt", b"a")
    before = workspace.log_bytes()
    r = workspace.add(f, "--collected-by", "Tester", "--digest", "sha3")
    assert_error(r, 64, "unknown digest algorithm 'sha3'")
    assert workspace.log_bytes() == before


def test_duplicate_content_from_another_path(workspace, tmp_path):
    data = b"the same screenshot bytes"
    a = write(tmp_path / "a" / "shot.png.bin", data)
    b = write(tmp_path / "b" / "copy.bin", data)
    r = workspace.add(a, "--collected-by", "Tester")
    assert r.returncode == 0
    r = workspace.add(b, "--collected-by", "Tester", "--json")
    assert r.returncode == 0, r.stderr
    [item] = json.loads(r.stdout)["items"]
    assert item["status"] == "duplicate" and item["duplicate_of"] == "E0001" and item["id"] == "E0002"
    dup = workspace.entries_with("duplicate")
    assert len(dup) == 1 and dup[0]["items"] == ["E0002", "E0001"]
    assert "object" not in dup[0]["details"] and dup[0]["details"]["duplicate_of"] == "E0001"
    meta = workspace.item("E0002")
    assert meta["kind"] == "duplicate" and meta["duplicate_of"] == "E0001"
    assert meta["original"]["path"] == str(b)
    objects = [p for p in (workspace.root / "objects").rglob("*") if p.is_file()]
    assert objects == [workspace.root / "objects" / "sha256" / sha256_bytes(data)[:2] / sha256_bytes(data)]
    assert not (workspace.root / "data" / "E0002").exists()
    # Text output says what it duplicates.
    c = write(tmp_path / "c" / "third.bin", data)
    r = workspace.add(c, "--collected-by", "Tester")
    assert r.stdout.startswith("E0003  duplicate of E0001  third.bin")
    rj, report = workspace.verify()
    assert report["verdict"] == "verified" and report["items"] == 3


def test_same_file_again_is_already_present_and_changes_nothing(workspace, tmp_path):
    f = write(tmp_path / "chat.txt", b"hello\n")
    r = workspace.add(f, "--collected-by", "Tester")
    assert r.returncode == 0
    before = workspace.log_bytes()
    listing = sorted(str(p.relative_to(workspace.root)) for p in workspace.root.rglob("*"))
    r = workspace.add(f, "--collected-by", "Someone Else", "--json")
    assert r.returncode == 0, r.stderr
    [item] = json.loads(r.stdout)["items"]
    assert item["status"] == "already-present" and item["id"] == "E0001"
    assert json.loads(r.stdout)["custody_head"] == sha256_bytes(before.split(b"\n")[-2])
    assert workspace.log_bytes() == before
    assert sorted(str(p.relative_to(workspace.root)) for p in workspace.root.rglob("*")) == listing
    r = workspace.add(f, "--collected-by", "Tester")
    assert r.stdout.startswith("E0001  already in the case  chat.txt")
    assert "0 new item(s) recorded" in r.stderr


def test_a_changed_file_at_the_same_path_is_a_new_item(workspace, tmp_path):
    f = write(tmp_path / "chat.txt", b"version 1\n")
    assert workspace.add(f, "--collected-by", "Tester").returncode == 0
    f.write_bytes(b"version 2\n")
    r = workspace.add(f, "--collected-by", "Tester", "--json")
    [item] = json.loads(r.stdout)["items"]
    assert item["status"] == "added" and item["id"] == "E0002"


# --- add: bad input leaves nothing behind ----------------------------------------------------


def test_missing_path_adds_nothing_even_with_valid_paths(workspace, tmp_path):
    good = write(tmp_path / "good.txt", b"good")
    before = workspace.log_bytes()
    r = workspace.add(good, tmp_path / "missing.txt", "--collected-by", "Tester")
    assert_error(r, 2, f"{tmp_path / 'missing.txt'}: No such file or directory", "hint: Check the path; nothing was added.")
    assert workspace.log_bytes() == before
    assert os.listdir(workspace.root / "items") == []
    assert [p for p in (workspace.root / "objects").rglob("*") if p.is_file()] == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a chmod-000 file")
def test_unreadable_path_adds_nothing(workspace, tmp_path):
    good = write(tmp_path / "good.txt", b"good")
    bad = write(tmp_path / "locked.txt", b"secret")
    os.chmod(bad, 0)
    before = workspace.log_bytes()
    r = workspace.add(good, bad, "--collected-by", "Tester")
    assert_error(r, 2, "permission denied", "nothing was added")
    assert workspace.log_bytes() == before
    sub = tmp_path / "dir"
    write(sub / "a.txt", b"a")
    os.chmod(sub, 0)
    r = workspace.add(sub, "--collected-by", "Tester")
    assert_error(r, 2, "folder cannot be read")
    assert workspace.log_bytes() == before


def test_adding_from_inside_the_workspace_is_refused(workspace):
    before = workspace.log_bytes()
    r = workspace.add(workspace.root / "sanad-case.json", "--collected-by", "Tester")
    assert_error(r, 64, "is inside the workspace")
    assert workspace.log_bytes() == before


def test_adding_a_folder_that_holds_the_workspace_is_refused(workspace, tmp_path):
    write(tmp_path / "evidence" / "a.txt", b"a")
    before = workspace.log_bytes()
    r = workspace.add(tmp_path, "--collected-by", "Tester")
    assert_error(r, 64, "is inside the workspace, or holds it", "hint: Add evidence from outside the case workspace.")
    assert workspace.log_bytes() == before


@pytest.mark.parametrize("target", ["case/sanad-case.json", "."])
def test_adding_from_inside_a_relative_workspace_is_refused(workspace, sanad, target):
    write(workspace.root.parent / "evidence" / "a.txt", b"a")
    before = workspace.log_bytes()
    r = sanad("add", "--workspace", "case", target, "--collected-by", "Tester", cwd=workspace.root.parent)
    assert r.returncode == 64, r.stdout + r.stderr
    assert "is inside the workspace, or holds it" in r.stderr
    assert workspace.log_bytes() == before

# --- add: times, collectors, platforms -------------------------------------------------------


@pytest.mark.parametrize("zone", [[], ["--timezone", "Asia/Baghdad"]], ids=["no-zone", "device-zone"])
def test_collected_at_must_carry_its_offset(workspace, tmp_path, zone):
    """--timezone is the device's zone, never assumed for the collection time (docs/CUSTODY.md)."""
    f = write(tmp_path / "a.txt", b"a")
    before = workspace.log_bytes()
    r = workspace.add(f, "--collected-by", "Tester", "--collected-at", "2026-03-01T10:00:00", *zone)
    assert_error(r, 64, "'2026-03-01T10:00:00' has no UTC offset", "hint: Write it with the offset")
    assert workspace.log_bytes() == before
    assert os.listdir(workspace.root / "items") == []


def test_collected_at_and_device_timezone_are_recorded_apart(workspace, tmp_path):
    f = write(tmp_path / "a.txt", b"a")
    r = workspace.add(f, "--collected-by", "Tester", "--collected-at", "2026-03-01T10:00:00+04:00",
                      "--timezone", "Asia/Baghdad")
    assert r.returncode == 0, r.stderr
    coll = workspace.item("E0001")["collection"]
    assert coll["collected_at"] == {"as_written": "2026-03-01T10:00:00+04:00", "utc": "2026-03-01T06:00:00.000Z",
                                    "zone": "offset in the value"}
    assert coll["timezone"] == "Asia/Baghdad"
    assert workspace.entries_with("collected")[0]["details"] == coll


def test_collected_at_with_offset(workspace, tmp_path):
    f = write(tmp_path / "a.txt", b"a")
    r = workspace.add(f, "--collected-by", "Tester", "--collected-at", "2026-03-03T11:02:30+04:00")
    assert r.returncode == 0, r.stderr
    assert workspace.item("E0001")["collection"]["collected_at"] == {
        "as_written": "2026-03-03T11:02:30+04:00", "utc": "2026-03-03T07:02:30.000Z", "zone": "offset in the value"}


@pytest.mark.parametrize("args,fragment", [
    (["--timezone", "Mars/Base"], "'Mars/Base' is not an IANA time zone"),
    (["--collected-at", "yesterday"], "'yesterday'"),
    (["--collected-at", "2026-13-01T10:00:00Z"], "'2026-13-01T10:00:00Z'"),
    (["--collected-at", "2026-03-01T25:00:00Z"], "'2026-03-01T25:00:00Z'"),
    (["--source-platform", "myspace"], "unknown platform 'myspace'"),
    (["--url", "ftp://example.org/x"], "is not an http(s) URL"),
])
def test_bad_flag_values_are_usage_errors(workspace, tmp_path, args, fragment):
    f = write(tmp_path / "a.txt", b"a")
    before = workspace.log_bytes()
    r = workspace.add(f, "--collected-by", "Tester", *args)
    assert_error(r, 64, fragment)
    assert workspace.log_bytes() == before


@pytest.mark.parametrize("when", ["2026-02-30T10:00:00+03:00", "2026-02-29T10:00:00Z", "2026-03-01T10:00:00+3:00"])
def test_impossible_collection_times_are_rejected(workspace, tmp_path, when):
    f = write(tmp_path / "a.txt", b"a")
    before = workspace.log_bytes()
    r = workspace.add(f, "--collected-by", "Tester", "--collected-at", when)
    assert r.returncode == 64, workspace.item("E0001")["collection"]["collected_at"]
    assert workspace.log_bytes() == before


def test_collector_is_required(workspace, tmp_path):
    f = write(tmp_path / "a.txt", b"a")
    before = workspace.log_bytes()
    r = workspace.add(f)
    assert_error(r, 64, f"no collector given for {f}", "hint: Pass --collected-by NAME")
    assert workspace.log_bytes() == before


def test_add_without_paths_is_a_usage_error(workspace):
    r = workspace.add("--collected-by", "Tester")
    assert r.returncode == 64
    assert "Give at least one PATH, or --manifest FILE." in r.stderr


def test_flags_are_recorded_and_actor_defaults_to_collector(workspace, tmp_path):
    f = write(tmp_path / "a.txt", b"a")
    r = workspace.add(f, "--collected-by", "Noor", "--actor", "Clerk", "--source-platform", "WhatsApp",
                      "--account", "+964 770 000 0001", "--url", "https://example.org/p", "--sensitive", "--note", "n",
                      "--method", "USB")
    assert r.returncode == 0, r.stderr
    assert workspace.item("E0001")["collection"] == {
        "collected_by": "Noor", "method": "USB", "platform": "whatsapp", "account": "+964 770 000 0001",
        "url": "https://example.org/p", "sensitive": True, "note": "n"}
    assert [e["actor"]["name"] for e in workspace.entries()[1:]] == ["Clerk", "Clerk"]
    g = write(tmp_path / "b.txt", b"b")
    assert workspace.add(g, "--collected-by", "Noor").returncode == 0
    assert [e["actor"]["name"] for e in workspace.entries()[3:]] == ["Noor", "Noor"]

# --- what add stores -------------------------------------------------------------------------


def test_originals_are_never_modified(workspace, tmp_path):
    src = tmp_path / "evidence"
    shutil.copytree(SAMPLES, src)
    past = 1_700_000_000_123_456_789
    earlier = past - 86_400 * 10**9  # atime before mtime: a relatime mount would update it on read
    before = {}
    for p in sorted(src.rglob("*")):
        if p.is_file():
            data = p.read_bytes()
            os.chmod(p, 0o640)
            os.utime(p, ns=(earlier, past))
            before[p] = (data, os.stat(p).st_mtime_ns, mode(p), os.stat(p).st_ino)
    r = workspace.add(src, "--collected-by", "Tester", "-q")
    assert r.returncode == 0, r.stderr
    for p, (data, mtime, m, ino) in before.items():
        st = os.stat(p)
        # Sources are read with O_NOATIME: not even the access time changes.
        assert st.st_atime_ns == earlier, p
        assert (st.st_mtime_ns, mode(p), st.st_ino) == (mtime, m, ino), p
        assert p.read_bytes() == data, p
        assert st.st_nlink == 1, f"{p} was hard-linked into the workspace"
    # The recorded times are the source's, at millisecond precision.
    meta = next(workspace.item(f"E{i:04d}") for i in range(1, 20)
                if workspace.item(f"E{i:04d}")["original"]["name"] == "sms-backup.xml")
    assert meta["original"]["times"]["modified"] == "2023-11-14T22:13:20.123Z"
    assert meta["original"]["times"]["accessed"] == "2023-11-13T22:13:20.123Z"
    assert meta["original"]["mode"] == "640"


def test_stored_files_are_read_only(demo_case):
    root = demo_case.root
    for e in demo_case.entries_with("ingested"):
        d = e["details"]
        for rel in (d["object"], d["payload"], d["metadata"]):
            assert mode(root / rel) == 0o444, rel
    assert mode(root / "sanad-case.json") == 0o444
    # After a commit only the emptied write-ahead list stays in tmp/ (docs/WORKSPACE.md §5.1).
    assert set(os.listdir(root / "tmp")) <= {"pending-batch"}
    assert not (root / "tmp" / "pending-batch").exists() or (root / "tmp" / "pending-batch").stat().st_size == 0


def test_metadata_records_the_original(demo_case):
    jpeg = SAMPLES / "IMG_20260301_211530.jpg"
    meta = demo_case.item("E0006")
    assert meta["format"] == "sanad-item" and meta["version"] == 1 and meta["id"] == "E0006" and meta["kind"] == "original"
    assert meta["original"]["name"] == jpeg.name
    assert meta["original"]["path"] == str(jpeg)
    assert meta["original"]["size"] == jpeg.stat().st_size == meta["size"]
    assert meta["type"] == {"mime": "image/jpeg", "label": "JPEG image", "detected_from": "content"}
    assert meta["digests"] == {"sha256": sha256_file(jpeg)}
    assert meta["stored"] == {"object": f"objects/sha256/{sha256_file(jpeg)[:2]}/{sha256_file(jpeg)}",
                              "payload": "data/E0006/original.jpg"}
    assert meta["collection"]["collected_by"] == "Layla Hassan"
    assert demo_case.ingested("E0006")["type"] == "image/jpeg"
    expected = {"E0002": "text/plain; charset=utf-8", "E0003": "application/json", "E0004": "application/json",
                "E0005": "application/xml", "E0007": "image/png", "E0008": "image/png"}
    for ex, mime in expected.items():
        assert demo_case.item(ex)["type"]["mime"] == mime, ex


def test_zip_members_are_registered_with_their_digests(demo_case):
    z = SAMPLES / "whatsapp-ios-export.zip"
    meta = demo_case.item("E0001")
    assert meta["original"]["name"] == z.name
    assert meta["type"]["mime"] == "application/zip"
    assert meta["stored"]["payload"] == "data/E0001/original.zip"
    assert meta["member_scan"] == {"status": "complete", "count": 4, "reader": "libarchive"}
    assert demo_case.ingested("E0001")["members"] == 4
    with zipfile.ZipFile(z) as zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        assert len(infos) == 4
        for n, (info, m) in enumerate(zip(infos, meta["members"], strict=True), start=1):
            assert m["id"] == f"E0001.{n}" and m["parent"] == "E0001"
            assert m["member_path"] == info.filename
            assert m["entry_kind"] == "file"
            assert m["size"] == info.file_size
            assert m["digests"] == {"sha256": hashlib.sha256(zf.read(info)).hexdigest()}
            assert "flags" not in m
    kinds = [m["type"]["mime"] for m in meta["members"]]
    assert kinds == ["text/plain; charset=utf-8", "image/jpeg", "audio/ogg; codecs=opus", "image/jpeg"]
    # Members are registered, never unpacked.
    assert sorted(os.listdir(demo_case.root / "data" / "E0001")) == ["original.zip"]


def test_add_json_output(workspace, tmp_path):
    f = write(tmp_path / "a.txt", b"hello\n")
    r = workspace.add(f, "--collected-by", "Tester", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out == {"items": [{"id": "E0001", "source": str(f), "status": "added", "sha256": sha256_bytes(b"hello\n"),
                              "size": 6, "type": "text/plain; charset=utf-8"}],
                   "custody_head": sha256_bytes(workspace.log_lines()[-1]), "warnings": []}


def test_quiet_silences_notes_not_errors(workspace, tmp_path):
    f = write(tmp_path / "a.txt", b"a")
    r = workspace.add(f, "--collected-by", "Tester", "-q")
    assert r.returncode == 0 and r.stderr == ""
    assert r.stdout.startswith("E0001  added  a.txt")
    r = workspace.add(tmp_path / "nope", "--collected-by", "Tester", "-q")
    assert_error(r, 2, "No such file or directory")


def test_empty_file(workspace, tmp_path):
    f = write(tmp_path / "empty.dat", b"")
    r = workspace.add(f, "--collected-by", "Tester", "--json")
    assert r.returncode == 0, r.stderr
    [item] = json.loads(r.stdout)["items"]
    assert item["sha256"] == sha256_bytes(b"") and item["size"] == 0 and item["type"] == "application/x-empty"
    assert (workspace.root / "data" / "E0001" / "original.bin").read_bytes() == b""
    assert workspace.verify()[1]["verdict"] == "verified"

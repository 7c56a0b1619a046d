"""Hostile zips: unsafe member names, links, duplicate names, corrupt archives and bombs.

A zip is always kept whole as one item (its SHA-256 is that of the file), its members are only
registered and flagged, nothing is ever unpacked, and `log --verify` passes afterwards.
"""

import io
import json
import os
import random
import warnings
import zipfile

import pytest

from conftest import sha256_bytes


def make_zip(path, members, compression=zipfile.ZIP_STORED):
    """members: (name, bytes) or (ZipInfo, bytes)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are the point
        with zipfile.ZipFile(path, "w", compression) as z:
            for name, data in members:
                z.writestr(name, data)
    return path


def symlink_info(name):
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = 0o120777 << 16
    return info


def add_zip(case, path, cwd=None):
    """Adds one zip with --json; returns (CompletedProcess, the item outcome, the item metadata)."""
    r = case._run("add", "--workspace", case.root, path, "--collected-by", "Tester", "--json", cwd=cwd)
    out = json.loads(r.stdout)
    [item] = out["items"]
    return r, item, case.item(item["id"])


def assert_kept_whole(case, path, item, meta):
    data = open(path, "rb").read()
    assert item["status"] == "added" and item["type"] == "application/zip"
    assert item["sha256"] == sha256_bytes(data) == meta["digests"]["sha256"]
    assert item["size"] == len(data)
    stored = case.root / meta["stored"]["object"]
    assert stored.read_bytes() == data
    assert sorted(os.listdir(case.root / "data" / item["id"])) == ["original.zip"]
    r, report = case.verify()
    assert r.returncode == 0 and report["verdict"] == "verified", report


def members(meta):
    return [(m["member_path"], m["entry_kind"], m.get("flags", [])) for m in meta["members"]]


def no_escape(tmp_path):
    found = [p for p in tmp_path.rglob("*evil*") if not p.name.endswith(".zip")]
    assert found == [], found
    assert not (tmp_path.parent / "evil.txt").exists()


def test_unsafe_names_and_links_are_flagged_never_unpacked(workspace, tmp_path):
    etc_x_existed = os.path.exists("/etc/x")
    z = make_zip(tmp_path / "evil.zip", [
        ("../evil.txt", b"escape"),
        ("/etc/x", b"absolute"),
        (symlink_info("link"), b"/etc/passwd"),
        ("a/../../evil2.txt", b"escape"),
        ("ok.txt", b"fine"),
        ("x\nname.txt", b"newline"),
    ])
    cwd = tmp_path / "deep" / "cwd"
    cwd.mkdir(parents=True)
    r, item, meta = add_zip(workspace, z, cwd=cwd)
    assert r.returncode == 0, r.stderr
    assert members(meta) == [
        ("../evil.txt", "file", ["parent-traversal"]),
        ("/etc/x", "file", ["absolute-path"]),
        ("link", "symlink", ["symlink-entry"]),
        ("a/../../evil2.txt", "file", ["parent-traversal"]),
        ("ok.txt", "file", []),
        ("x\nname.txt", "file", ["control-character"]),
    ]
    assert meta["member_scan"] == {"status": "complete", "count": 6, "reader": "libarchive"}
    link = meta["members"][2]
    assert link["size"] == 0 and "digests" not in link
    assert meta["members"][0]["digests"] == {"sha256": sha256_bytes(b"escape")}
    assert f"sanad: warning: {item['id']}: 5 zip member(s) have unsafe names or are links; they are flagged, never unpacked" in r.stderr
    assert item["warnings"] == ["5 zip member(s) have unsafe names or are links; they are flagged, never unpacked"]
    assert_kept_whole(workspace, z, item, meta)
    no_escape(tmp_path)
    assert os.listdir(cwd) == []
    assert os.path.exists("/etc/x") == etc_x_existed


def test_windows_style_names_are_flagged(workspace, tmp_path):
    z = make_zip(tmp_path / "win.zip", [("C:\\evil.txt", b"1"), ("..\\evil.txt", b"2")])
    r, item, meta = add_zip(workspace, z)
    assert r.returncode == 0, r.stderr
    flags = [m.get("flags") for m in meta["members"]]
    assert flags == [["absolute-path"], ["parent-traversal"]]
    assert_kept_whole(workspace, z, item, meta)
    no_escape(tmp_path)


def test_member_path_is_the_name_as_libarchive_reads_it(workspace, tmp_path):
    """docs/WORKSPACE.md §4: member_path is the name as libarchive reads it, which turns a
    Windows backslash into a folder separator; the unsafe-name flags still apply."""
    z = make_zip(tmp_path / "win.zip", [("C:\\evil.txt", b"1"), ("..\\evil.txt", b"2")])
    with zipfile.ZipFile(z) as zf:
        assert [i.filename for i in zf.infolist()] == ["C:\\evil.txt", "..\\evil.txt"]
    r, item, meta = add_zip(workspace, z)
    assert [m["member_path"] for m in meta["members"]] == ["C:/evil.txt", "../evil.txt"]
    assert [m["flags"] for m in meta["members"]] == [["absolute-path"], ["parent-traversal"]]


def test_duplicate_and_case_colliding_names_are_flagged(workspace, tmp_path):
    z = make_zip(tmp_path / "dups.zip", [
        ("same.txt", b"first"), ("same.txt", b"second"),
        ("Photo.JPG", b"a"), ("photo.jpg", b"b"),
        ("Caf\u00e9.txt", b"nfc"), ("Cafe\u0301.txt", b"nfd"),
    ])
    r, item, meta = add_zip(workspace, z)
    assert r.returncode == 0, r.stderr
    assert [m.get("flags", []) for m in meta["members"]] == [[], ["duplicate-name"]] * 3
    # Both copies of a duplicated name are registered, each with its own digest.
    assert [m["digests"]["sha256"] for m in meta["members"][:2]] == [sha256_bytes(b"first"), sha256_bytes(b"second")]
    assert [m["id"] for m in meta["members"]] == [f"{item['id']}.{i}" for i in range(1, 7)]
    assert_kept_whole(workspace, z, item, meta)


def test_corrupt_zip_truncated_inside_member_data(workspace, tmp_path):
    rnd = random.Random(7)
    good = make_zip(tmp_path / "good.zip", [("a.bin", rnd.randbytes(50_000)), ("b.bin", rnd.randbytes(50_000))],
                    zipfile.ZIP_DEFLATED)
    data = good.read_bytes()
    z = tmp_path / "truncated.zip"
    z.write_bytes(data[:75_000])  # inside b.bin's data
    r, item, meta = add_zip(workspace, z)
    assert r.returncode == 2, r.stderr
    assert meta["member_scan"]["status"] == "failed"
    assert meta["member_scan"]["reason"]
    assert [m["member_path"] for m in meta["members"]] == ["a.bin"]
    assert f"sanad: warning: {item['id']}: the zip could not be fully read" in r.stderr
    assert "it is kept whole as one item, with 1 member(s) registered" in r.stderr
    assert "sanad: error:" not in r.stderr
    assert_kept_whole(workspace, z, item, meta)


def test_corrupt_zip_garbage_after_the_signature(workspace, tmp_path):
    z = tmp_path / "garbage.zip"
    z.write_bytes(b"PK\x03\x04" + random.Random(1).randbytes(4000))
    r, item, meta = add_zip(workspace, z)
    assert r.returncode == 2, r.stderr
    assert meta["member_scan"]["status"] == "failed" and meta["member_scan"]["count"] == 0
    assert "members" not in meta or meta["members"] == []
    assert "the zip could not be fully read" in r.stderr
    assert_kept_whole(workspace, z, item, meta)
    no_escape(tmp_path)


def test_a_corrupt_zip_does_not_stop_the_other_files(workspace, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.zip").write_bytes(b"PK\x03\x04" + b"\xff" * 100)
    (src / "b.txt").write_bytes(b"fine")
    r = workspace.add(src, "--collected-by", "Tester", "--json")
    assert r.returncode == 2
    out = json.loads(r.stdout)
    assert [(i["id"], i["status"]) for i in out["items"]] == [("E0001", "added"), ("E0002", "added")]
    assert len(workspace.entries_with("ingested")) == 2
    assert workspace.verify()[1]["verdict"] == "verified"


def test_corrupt_zip_cut_where_the_central_directory_starts(workspace, tmp_path):
    z = make_zip(tmp_path / "whole.zip", [("a.txt", b"a" * 1000), ("b.txt", b"b" * 1000)])
    data = z.read_bytes()
    cut = tmp_path / "cut.zip"
    cut.write_bytes(data[:data.index(b"PK\x01\x02")])
    r, item, meta = add_zip(workspace, cut)
    assert r.returncode == 2
    assert meta["member_scan"]["status"] == "failed"
    assert [m["member_path"] for m in meta["members"]] == ["a.txt", "b.txt"]
    assert_kept_whole(workspace, cut, item, meta)


@pytest.mark.parametrize("where", ["without-eocd", "inside-central-directory"])
def test_corrupt_zip_without_end_of_central_directory(workspace, tmp_path, where):
    z = make_zip(tmp_path / "whole.zip", [("a.txt", b"a" * 1000), ("b.txt", b"b" * 1000)])
    data = z.read_bytes()
    central = data.index(b"PK\x01\x02")
    cut = tmp_path / f"{where}.zip"
    cut.write_bytes(data[:-22] if where == "without-eocd" else data[:central + 30])
    with pytest.raises(zipfile.BadZipFile):
        zipfile.ZipFile(cut)
    r, item, meta = add_zip(workspace, cut)
    assert meta["member_scan"]["status"] == "failed", meta["member_scan"]
    assert r.returncode == 2


def test_zip_bomb_is_aborted(workspace, tmp_path):
    z = tmp_path / "bomb.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        with zf.open("zeros.bin", "w") as w:
            block = bytes(1 << 20)
            for _ in range(64):
                w.write(block)
    size = z.stat().st_size
    assert 64 << 20 > max(16 << 20, 100 * size)
    r, item, meta = add_zip(workspace, z)
    assert r.returncode == 2, r.stderr
    scan = meta["member_scan"]
    assert scan["status"] == "aborted" and scan["count"] == 0
    assert "possible zip bomb" in scan["reason"] and str(16 << 20) in scan["reason"]
    assert "zip bomb" in r.stderr and f"sanad: warning: {item['id']}: the zip could not be fully read" in r.stderr
    assert_kept_whole(workspace, z, item, meta)
    assert not any(p.stat().st_size > size for p in workspace.root.rglob("*") if p.is_file())


def test_zip_bomb_spread_over_many_members_is_aborted(workspace, tmp_path):
    z = make_zip(tmp_path / "many.zip", [(f"z{i:02d}.bin", bytes(1 << 20)) for i in range(20)], zipfile.ZIP_DEFLATED)
    r, item, meta = add_zip(workspace, z)
    assert r.returncode == 2
    scan = meta["member_scan"]
    assert scan["status"] == "aborted" and "zip bomb" in scan["reason"]
    # The budget is 16 MiB: the first 16 whole members are registered, the 17th trips it.
    assert scan["count"] == 16 == len(meta["members"])
    assert_kept_whole(workspace, z, item, meta)


def test_highly_compressible_zip_under_the_floor_is_complete(workspace, tmp_path):
    z = make_zip(tmp_path / "zeros.zip", [("zeros.bin", bytes(10 << 20))], zipfile.ZIP_DEFLATED)
    assert 100 * z.stat().st_size < 10 << 20 < 16 << 20
    r, item, meta = add_zip(workspace, z)
    assert r.returncode == 0, r.stderr
    assert meta["member_scan"]["status"] == "complete"
    assert meta["members"][0]["size"] == 10 << 20
    assert meta["members"][0]["digests"]["sha256"] == sha256_bytes(bytes(10 << 20))
    assert_kept_whole(workspace, z, item, meta)


def test_zip_member_types_come_from_content(workspace, tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as inner:
        inner.writestr("x.txt", b"x")
    z = make_zip(tmp_path / "types.zip", [
        ("photo.txt", b"\xff\xd8\xff\xe0" + bytes(100)),  # a JPEG with a misleading name
        ("nested.zip", buf.getvalue()),
        ("empty", b""),
    ])
    r, item, meta = add_zip(workspace, z)
    assert r.returncode == 0, r.stderr
    assert [m["type"]["mime"] for m in meta["members"]] == ["image/jpeg", "application/zip", "application/x-empty"]
    # A nested zip is registered as one member, not opened.
    assert meta["member_scan"]["count"] == 3

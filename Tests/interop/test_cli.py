"""End-to-end CLI tests of `sanad init`, workspace discovery, locking and `sanad log` against the
built binary: exit codes, stdout/stderr, and the files left on disk. `add` is in test_cli_add.py,
intake manifests in test_cli_manifest.py."""

import fcntl
import json
import os

import pytest

from conftest import CASE_ID, GENESIS, ORG, Case, assert_error, mode, sha256_bytes, write


# --- init ------------------------------------------------------------------------------------


def test_init_creates_the_workspace(sanad, tmp_path):
    root = tmp_path / "case"
    r = sanad("init", "--plaintext", root, "--case-id", CASE_ID, "--org", ORG, "--actor", "Noor")
    assert r.returncode == 0, r.stderr
    assert r.stdout == f"Created case {CASE_ID} for {ORG} in {root}\n"
    assert "next: sanad add" in r.stderr
    for d in ("items", "data", "objects/sha256", "tmp"):
        assert (root / d).is_dir(), d
    case_bytes = (root / "sanad-case.json").read_bytes()
    info = json.loads(case_bytes)
    assert info["format"] == "sanad-workspace" and info["version"] == 1
    assert info["case_id"] == CASE_ID and info["organisation"] == ORG
    assert info["created"].endswith("Z")
    assert mode(root / "sanad-case.json") == 0o444
    lines = (root / "custody.jsonl").read_bytes().split(b"\n")
    assert lines[1:] == [b""]
    first = json.loads(lines[0])
    assert first["seq"] == 0 and first["action"] == "case-created" and first["prev"] == GENESIS
    assert first["actor"] == {"name": "Noor"}
    assert first["details"]["case_id"] == CASE_ID
    assert first["details"]["case_file_sha256"] == sha256_bytes(case_bytes)
    assert first["time"] == info["created"]


def test_init_json_and_default_actor(sanad, tmp_path):
    root = tmp_path / "case"
    r = sanad("init", "--plaintext", root, "--case-id", CASE_ID, "--org", ORG, "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == {"workspace": str(root), "case_id": CASE_ID, "organisation": ORG,
                                    "encrypted": False, "recipient": None, "recovery_recipients": 0}
    # Without --actor this computer's user account is recorded, never the organisation as a
    # person, and stderr says so.
    import pwd
    login = pwd.getpwuid(os.getuid()).pw_name
    actor = Case(root, sanad).entries()[0]["actor"]["name"]
    assert actor != ORG and login in actor
    assert "this computer's user account" in r.stderr and "--actor" in r.stderr


def test_init_into_an_empty_existing_folder(sanad, tmp_path):
    root = tmp_path / "empty"
    root.mkdir()
    r = sanad("init", "--plaintext", root, "--case-id", CASE_ID, "--org", ORG, "-q")
    assert r.returncode == 0 and r.stderr == ""
    assert (root / "sanad-case.json").is_file()


def test_init_refuses_a_non_empty_folder(sanad, tmp_path):
    root = tmp_path / "busy"
    write(root / "keep.txt", b"mine")
    r = sanad("init", "--plaintext", root, "--case-id", CASE_ID, "--org", ORG)
    assert_error(r, 3, "exists and is not empty", "hint: Choose a new or empty folder.")
    assert sorted(os.listdir(root)) == ["keep.txt"]


def test_init_refuses_an_existing_workspace(workspace, sanad):
    before = workspace.log_bytes()
    r = sanad("init", "--plaintext", workspace.root, "--case-id", "OTHER", "--org", ORG)
    assert_error(r, 3, "is already a case workspace")
    assert workspace.log_bytes() == before
    assert json.loads((workspace.root / "sanad-case.json").read_text())["case_id"] == CASE_ID


@pytest.mark.parametrize("case_id", ["bad id", ".hidden", "a/b", "x" * 65, "semi;colon", ""])
def test_init_rejects_a_bad_case_id(sanad, tmp_path, case_id):
    root = tmp_path / "case"
    r = sanad("init", "--plaintext", root, "--case-id", case_id, "--org", ORG)
    assert_error(r, 64, f"case id '{case_id}' must be 1-64 letters", "hint: For example: --case-id")
    assert not root.exists()


def test_init_without_org_is_a_usage_error(sanad, tmp_path):
    r = sanad("init", "--plaintext", tmp_path / "case", "--case-id", CASE_ID)
    assert r.returncode == 64
    assert "--org" in r.stderr
    assert not (tmp_path / "case").exists()


# --- finding the workspace -------------------------------------------------------------------


def test_log_finds_the_workspace_upward_from_a_subfolder(demo_case, sanad):
    for sub in ("items", "data/E0001", "objects/sha256"):
        r = sanad("log", cwd=demo_case.root / sub)
        assert r.returncode == 0, r.stderr
        lines = r.stdout.splitlines()
        assert len(lines) == 17
        assert lines[0].startswith("0\t") and lines[0].endswith("\tcase-created\tby Tester")
        assert lines[2].endswith("\tingested E0001\tby Noor Advocate")
        # The actor is the operator (the manifest's default collector), not the per-file collector.
        assert lines[11].endswith("\tcollected E0006\tby Noor Advocate")
    r = sanad("log", "--verify", cwd=demo_case.root / "items")
    assert r.returncode == 0 and r.stdout.startswith("VERIFIED")


def test_outside_any_workspace_is_exit_3_with_a_hint(sanad, tmp_path):
    r = sanad("log", cwd=tmp_path)
    assert_error(r, 3, "no Sanad case workspace here or in any parent folder", "hint: Pass --workspace DIR")
    write(tmp_path / "f.txt", b"x")
    r = sanad("add", "f.txt", "--collected-by", "T", cwd=tmp_path)
    assert_error(r, 3, "no Sanad case workspace here")


def test_explicit_workspace_that_is_not_one(sanad, tmp_path):
    r = sanad("log", "--workspace", tmp_path)
    assert_error(r, 3, f"{tmp_path} is not a Sanad case workspace", "hint: Create one with 'sanad init")


def test_a_damaged_case_file_is_exit_3(workspace, sanad):
    cf = workspace.root / "sanad-case.json"
    os.chmod(cf, 0o644)
    cf.write_text("{ not json")
    r = sanad("log", "--workspace", workspace.root)
    assert r.returncode == 3
    assert "sanad: error: sanad-case.json is not valid JSON" in r.stderr

# --- locking ---------------------------------------------------------------------------------


def test_locked_workspace_is_exit_4(workspace, tmp_path):
    f = write(tmp_path / "a.txt", b"a")
    before = workspace.log_bytes()
    with open(workspace.root / ".lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        r = workspace.add(f, "--collected-by", "Tester")
        assert_error(r, 4, "another sanad command is writing to this workspace", "hint: Wait for it to finish")
        assert workspace.log_bytes() == before
        # Reading and verifying take no lock.
        rv, report = workspace.verify()
        assert rv.returncode == 0 and report["verdict"] == "verified"
        fcntl.flock(lock, fcntl.LOCK_UN)
    r = workspace.add(f, "--collected-by", "Tester")
    assert r.returncode == 0, r.stderr


# --- log -------------------------------------------------------------------------------------


def test_log_json_matches_the_file(demo_case, sanad):
    r = sanad("log", "--json", "--workspace", demo_case.root)
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    assert json.loads(r.stdout) == demo_case.entries()
    text = sanad("log", "--workspace", demo_case.root).stdout.splitlines()
    for line, e in zip(text, demo_case.entries(), strict=True):
        items = (" " + ",".join(e["items"])) if e["items"] else ""
        assert line == f"{e['seq']}\t{e['time']}\t{e['action']}{items}\tby {e['actor']['name']}"


def test_log_of_an_unreadable_entry_is_exit_3(demo_case, sanad):
    os.chmod(demo_case.custody, 0o644)
    lines = demo_case.log_lines()
    lines[2] = b"garbage"
    demo_case.custody.write_bytes(b"\n".join(lines) + b"\n")
    r = sanad("log", "--workspace", demo_case.root)
    assert_error(r, 3, "custody.jsonl line 3 cannot be read", "hint: Run 'sanad log --verify'")


def test_add_refuses_to_append_to_a_damaged_log(demo_case, tmp_path):
    os.chmod(demo_case.custody, 0o644)
    lines = demo_case.log_lines()
    lines[2] = b"garbage"
    demo_case.custody.write_bytes(b"\n".join(lines) + b"\n")
    before = demo_case.log_bytes()
    r = demo_case.add(write(tmp_path / "a.txt", b"a"), "--collected-by", "Tester")
    assert r.returncode == 3, r.stderr
    assert "custody.jsonl line 3 is not valid JSON" in r.stderr
    assert demo_case.log_bytes() == before

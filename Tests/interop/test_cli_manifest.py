"""`sanad add --manifest`: intake manifests in YAML and JSON. A bad manifest exits 2, names the
place (e.g. `item 1 (f.txt).platform`, items counted from 1) and adds nothing; every item's
problems are named at once."""

import pytest

from conftest import CASE_ID, ORG, SAMPLES, Case, assert_error, write


# --- add: manifests --------------------------------------------------------------------------

BAD_MANIFESTS = [
    ("unknown-item-key", "sanad_manifest: 1\nitems:\n  - path: f.txt\n    colour: red\n", "item 1 (f.txt): unknown key 'colour'"),
    ("unknown-top-key", "sanad_manifest: 1\nextra: 1\nitems:\n  - path: f.txt\n", "unknown key 'extra'"),
    ("bad-platform", "sanad_manifest: 1\nitems:\n  - path: f.txt\n    platform: myspace\n",
     "item 1 (f.txt).platform: 'myspace' is not one of"),
    ("missing-version", "items:\n  - path: f.txt\n", "'sanad_manifest: 1' is missing"),
    ("invalid-yaml", "sanad_manifest: 1\nitems: [ {path: f.txt\n", "not valid YAML"),
    ("bad-timezone", "sanad_manifest: 1\ndefaults:\n  collected_by: X\nitems:\n  - path: f.txt\n  - path: f.txt\n    timezone: Mars/Base\n",
     "item 2 (f.txt): 'Mars/Base' is not an IANA time zone"),
    ("bad-default-timezone", "sanad_manifest: 1\ndefaults:\n  timezone: Baghdad\nitems:\n  - path: f.txt\n",
     "defaults: 'Baghdad' is not an IANA time zone"),
    ("bad-sensitive", "sanad_manifest: 1\nitems:\n  - path: f.txt\n    sensitive: maybe\n", "item 1 (f.txt).sensitive must be true or false"),
    ("missing-path", "sanad_manifest: 1\nitems:\n  - note: hi\n", "item 1: path is missing"),
    ("empty-items", "sanad_manifest: 1\nitems: []\n", "'items' must be a non-empty list"),
    ("zoneless-time", "sanad_manifest: 1\nitems:\n  - path: f.txt\n    collected_by: X\n    collected_at: '2026-03-01 10:00:00'\n",
     "item 1 (f.txt): '2026-03-01 10:00:00' has no UTC offset"),
    ("time-without-seconds", "sanad_manifest: 1\nitems:\n  - path: f.txt\n    collected_by: X\n    collected_at: '2026-03-01T10:00+03:00'\n",
     "item 1 (f.txt): '2026-03-01T10:00+03:00' is not a valid RFC 3339 time"),
    # The device's timezone is never assumed for the collection time (docs/CUSTODY.md, `collected`).
    ("zoneless-time-with-default-zone",
     "sanad_manifest: 1\ndefaults:\n  collected_by: X\n  timezone: Asia/Baghdad\nitems:\n  - path: f.txt\n    collected_at: '2026-03-01 10:00:00'\n",
     "item 1 (f.txt): '2026-03-01 10:00:00' has no UTC offset"),
    ("newer-version", "sanad_manifest: 2\nitems:\n  - path: f.txt\n", "sanad_manifest is 2; this Sanad reads version 1 to 1"),
    ("version-zero", "sanad_manifest: 0\nitems:\n  - path: f.txt\n", "sanad_manifest is 0"),
    ("bad-url", "sanad_manifest: 1\nitems:\n  - path: f.txt\n    url: 'javascript:alert(1)'\n", "item 1 (f.txt): 'javascript:alert(1)' is not an http(s) URL"),
    ("duplicate-key", "sanad_manifest: 1\nitems:\n  - path: f.txt\n    note: a\n    note: b\n", "item 1.note appears twice"),
    ("invalid-json", '{"sanad_manifest": 1, "items": [}', "not valid JSON"),
    ("two-bad-items", "sanad_manifest: 1\nitems:\n  - path: f.txt\n    platform: myspace\n  - path: f.txt\n    timezone: Mars/Base\n",
     "2 problems:\n  item 1 (f.txt).platform: 'myspace' is not one of"),
    ("fraction", "sanad_manifest: 1.5\nitems:\n  - path: f.txt\n", "sanad_manifest: numbers with fractions are not used"),
]


@pytest.mark.parametrize("name,text,fragment", BAD_MANIFESTS, ids=[m[0] for m in BAD_MANIFESTS])
def test_bad_manifest_is_exit_2_and_names_the_place(workspace, tmp_path, name, text, fragment):
    write(tmp_path / "f.txt", b"file")
    m = tmp_path / ("m.json" if name == "invalid-json" else "m.yaml")
    m.write_text(text)
    before = workspace.log_bytes()
    r = workspace.add("--manifest", m, "--collected-by", "Tester")
    assert_error(r, 2, f"sanad: error: manifest {m.name}: {fragment}", "hint: See manifests/intake-manifest.schema.json")
    assert workspace.log_bytes() == before


def test_error_message_is_one_line(workspace, tmp_path):
    m = tmp_path / "m.yaml"
    m.write_text("sanad_manifest: 1\nitems: [ {path: f.txt\n")
    r = workspace.add("--manifest", m, "--collected-by", "Tester")
    assert r.returncode == 2
    lines = r.stderr.splitlines()
    assert len(lines) == 2 and lines[0].startswith("sanad: error: manifest m.yaml: not valid YAML")
    assert lines[1].startswith("hint: ")


def test_missing_manifest_is_exit_2(workspace, tmp_path):
    r = workspace.add("--manifest", tmp_path / "nope.yaml", "--collected-by", "Tester")
    assert_error(r, 2, "cannot read manifest", "hint: Check the path given to --manifest.")


def test_manifest_naming_a_missing_file_adds_nothing(workspace, tmp_path):
    write(tmp_path / "f.txt", b"file")
    m = tmp_path / "m.yaml"
    m.write_text("sanad_manifest: 1\ndefaults:\n  collected_by: X\nitems:\n  - path: f.txt\n  - path: gone.txt\n")
    before = workspace.log_bytes()
    r = workspace.add("--manifest", m)
    assert_error(r, 2, "gone.txt: No such file or directory", "nothing was added")
    assert workspace.log_bytes() == before


def test_manifest_item_without_a_collector_names_the_item(workspace, tmp_path):
    write(tmp_path / "f.txt", b"file")
    m = tmp_path / "m.yaml"
    m.write_text("sanad_manifest: 1\nitems:\n  - path: f.txt\n")
    before = workspace.log_bytes()
    r = workspace.add("--manifest", m)
    assert_error(r, 2, f"no collector given for item 1 ({tmp_path / 'f.txt'})", "hint: Pass --collected-by NAME")
    assert workspace.log_bytes() == before


def test_manifest_layers_item_over_defaults_over_flags(workspace, tmp_path):
    write(tmp_path / "a.txt", b"a")
    write(tmp_path / "b.txt", b"b")
    m = tmp_path / "m.yaml"
    m.write_text("sanad_manifest: 1\ndefaults:\n  method: from defaults\n  platform: sms\n"
                 "items:\n  - path: a.txt\n  - path: b.txt\n    method: from item\n    collected_by: Item Person\n")
    r = workspace.add("--manifest", m, "--collected-by", "Flag Person", "--note", "from flag", "--method", "from flag")
    assert r.returncode == 0, r.stderr
    a, b = workspace.item("E0001")["collection"], workspace.item("E0002")["collection"]
    assert (a["collected_by"], a["method"], a["platform"], a["note"]) == ("Flag Person", "from defaults", "sms", "from flag")
    assert (b["collected_by"], b["method"], b["platform"], b["note"]) == ("Item Person", "from item", "sms", "from flag")
    # The actor of every entry is the operator (the command line's collector), never a per-file collector.
    assert [e["actor"]["name"] for e in workspace.entries()[1:]] == ["Flag Person"] * 4
    assert workspace.entries()[3]["details"]["collected_by"] == "Item Person"


def test_json_manifest_gives_the_same_collection_as_yaml(sanad, tmp_path):
    cases = []
    for name in ("yaml", "json"):
        root = tmp_path / name
        assert sanad("init", "--plaintext", root, "--case-id", CASE_ID, "--org", ORG).returncode == 0
        c = Case(root, sanad)
        r = c.add("--manifest", SAMPLES / f"intake-manifest.{name}", "-q")
        assert r.returncode == 0, r.stderr
        cases.append(c)
    for i in range(1, 9):
        a, b = (c.item(f"E{i:04d}") for c in cases)
        assert a["collection"] == b["collection"] and a["digests"] == b["digests"]

"""The module graph of docs/ARCHITECTURE.md, checked against Package.swift and the sources:
every module imports only modules it declares, no edge runs against the pipeline order, and the
verifier depends on nothing that makes archives."""

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# The pipeline, in order: a module may depend only on modules earlier in this list.
ORDER = [
    "CSanadOpenSSL", "CSanadOpenSSLShims", "CSanadArchive", "CSanadDeflate", "CSanadArchiveShims", "CSanadSystem",
    "CSanadSQLite", "CSanadLZ4", "CSanadExif", "CSanadSecrets", "CSanadVipsShims", "CSanadVipsHeaders",
    "CSanadPDFShims", "CSanadPDFHeaders",
    "SanadModel", "SanadCrypto", "SanadIO", "SanadNetwork", "SanadFormat", "SanadArchive",
    "SanadCustody", "SanadWorkspace", "SanadIngest", "SanadPreview", "SanadVerify", "SanadReceive",
    # Seal reads each chat with its parser to commit to its events (issue 15): after Extract.
    "SanadExif", "SanadTimeline", "SanadExtract", "SanadSeal", "SanadReport", "SanadSQLite", "SanadSearch", "SanadFuzz", "sanad-fuzz", "sanad",
]
EXTERNAL = {"Foundation", "FoundationNetworking", "Dispatch", "Glibc", "Synchronization", "XCTest", "ArgumentParser", "Yams"}


def declared():
    """{target: set of dependencies} from Package.swift."""
    text = (REPO / "Package.swift").read_text()
    starts = list(re.finditer(r'\.(?:target|executableTarget|systemLibrary|testTarget)\(\s*name:\s*"([^"]+)"', text))
    graph = {}
    for i, m in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else text.find("swiftLanguageModes")
        body = re.sub(r"resources:\s*\[.*?\]\)", ")", text[m.end():end], flags=re.S)
        deps = re.search(r"dependencies:\s*\[(.*)\]", body, re.S)
        graph[m.group(1)] = set(re.findall(r'"([^"]+)"', deps.group(1))) - {"swift-argument-parser"} if deps else set()
    return graph


def imports(target):
    folder = REPO / "Sources" / target
    found = set()
    for f in folder.rglob("*.swift"):
        found |= set(re.findall(r"^(?:@\w+\s+)?import\s+(\w+)", f.read_text(), re.M))
    return found


def test_every_target_is_in_the_pipeline_order():
    graph = declared()
    assert set(graph) - {"SanadTests"} == set(ORDER), set(graph) ^ set(ORDER)


def test_no_edge_runs_against_the_pipeline():
    graph = declared()
    backwards = [(t, d) for t, deps in graph.items() if t in ORDER for d in deps
                 if d in ORDER and ORDER.index(d) >= ORDER.index(t)]
    assert backwards == []


def test_every_import_is_declared():
    graph = declared()
    undeclared = []
    for target in ORDER:
        if not (REPO / "Sources" / target).is_dir() or target.startswith("CSanad"):
            continue
        for module in imports(target) - EXTERNAL - {target}:
            if module not in graph[target]:
                undeclared.append((target, module))
    assert undeclared == []


def test_the_verifier_depends_on_nothing_that_makes_archives():
    graph = declared()

    def closure(t):
        seen, todo = set(), [t]
        while todo:
            for d in graph.get(todo.pop(), set()):
                if d not in seen:
                    seen.add(d)
                    todo.append(d)
        return seen

    assert closure("SanadVerify").isdisjoint({"SanadSeal", "SanadIngest", "SanadWorkspace", "Yams", "SanadNetwork"})
    assert imports("SanadVerify").isdisjoint({"SanadSeal", "SanadIngest", "SanadWorkspace", "Yams", "SanadNetwork"})


def test_only_the_network_module_imports_foundation_networking():
    users = [t for t in ORDER if (REPO / "Sources" / t).is_dir() and "FoundationNetworking" in imports(t)]
    assert users == ["SanadNetwork"]


def test_each_c_library_has_one_swift_owner():
    owners = {"CSanadOpenSSL": {"SanadCrypto"}, "CSanadOpenSSLShims": {"SanadCrypto"},
              "CSanadArchive": {"SanadArchive"}, "CSanadArchiveShims": {"SanadArchive"},
              "CSanadDeflate": {"SanadArchive"}, "CSanadSQLite": {"SanadSQLite"}, "CSanadLZ4": {"SanadIO"},
              "CSanadExif": {"SanadExif"}, "CSanadSecrets": {"SanadWorkspace"}, "CSanadVipsShims": {"SanadPreview"}}
    found = {}
    for target in ORDER:
        if (REPO / "Sources" / target).is_dir() and not target.startswith("CSanad"):
            for module in imports(target) & set(owners):
                found.setdefault(module, set()).add(target)
    assert found == {m: o for m, o in owners.items() if m in found}
    assert set(found) == set(owners)


def test_libvips_headers_are_for_tests_only():
    """libvips is loaded with dlopen when a preview is rendered (CSanadVipsShims), so that no
    other command maps it and the ~60 libraries it needs. Its headers, and the link flags that
    pkg-config gives with them, are for the test that compares the shims' constants with them."""
    graph = declared()
    users = {t for t, deps in graph.items() if "CSanadVipsHeaders" in deps}
    assert users == {"SanadTests"}
    assert graph["CSanadVipsShims"] == set()
    assert not (REPO / "Sources" / "CSanadVipsHeaders").exists()
    shims = REPO / "Sources" / "CSanadVipsShims"
    includes = re.compile(r"^\s*#\s*include\s*<(?:vips|glib|gobject)", re.M)
    assert [f.name for f in shims.rglob("*.[ch]") if includes.search(f.read_text())] == []

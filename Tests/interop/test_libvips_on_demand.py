"""libvips is loaded with dlopen when a preview is rendered, not linked: linked, it and the ~60
libraries it needs (GLib, GObject, GIO, the image codecs; libheif comes later, as a libvips
module) were loaded by every command, 12 MiB resident and 20 ms of start-up before any work
(docs/ARCHITECTURE.md). These tests pin that: the binary does not need them, a command other
than preview does not load them, preview does, and without a usable libvips preview fails with
`library-unavailable` (exit 70) naming the Debian package, while every other command still runs."""
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import SAMPLES, SANAD_BIN, assert_error

JPEG = SAMPLES / "IMG_20260301_211530.jpg"
COLLECT = ["--collected-by", "Noor", "--collected-at", "2026-03-01T10:00:00Z"]
# libvips and what only libvips brings in (libheif through its module); libswiftGlibc is Swift's, not GLib.
LIBVIPS_AND_ITS_OWN = re.compile(r"^lib(vips|vips-cpp|heif|glib-2\.0|gobject-2\.0|gio-2\.0|gmodule-2\.0)\.so")


def loaded_libraries(ldd_or_ld_debug_text):
    return set(re.findall(r"(lib[\w.+-]+\.so[\w.]*)", ldd_or_ld_debug_text))


def test_the_binary_needs_neither_libvips_nor_glib():
    r = subprocess.run(["ldd", SANAD_BIN], capture_output=True, text=True, check=True)
    linked = sorted(n for n in loaded_libraries(r.stdout) if LIBVIPS_AND_ITS_OWN.match(n))
    assert linked == [], (
        f"{SANAD_BIN} links {linked}: libvips must be loaded with dlopen by `sanad preview` only "
        "(CSanadVipsShims), or every command maps ~60 more libraries and 12 MiB before it starts")


def run_traced(*args):
    """Runs sanad with the dynamic loader's trace of every file it loads (LD_DEBUG=files)."""
    env = {**os.environ, "LD_DEBUG": "files"}
    return subprocess.run([SANAD_BIN, *map(str, args)], capture_output=True, text=True, env=env, timeout=120)


def test_only_preview_loads_libvips(workspace):
    assert workspace.add(*COLLECT, JPEG, "-q").returncode == 0
    for args in (["--version"], ["items", "--workspace", workspace.root], ["log", "--verify", "-q",
                                                                           "--workspace", workspace.root]):
        r = run_traced(*args)
        assert r.returncode == 0, r.stderr
        assert "libvips" not in r.stderr, f"sanad {args[0]} loaded libvips"
    r = run_traced("preview", "--workspace", workspace.root, "E0001")
    assert r.returncode == 0, r.stderr
    assert re.search(r"file=libvips\.so\.42 \[\d+\];\s+dynamically loaded by", r.stderr), r.stderr[-2000:]


def libvips_path() -> Path:
    ldconfig = shutil.which("ldconfig") or "/sbin/ldconfig"  # /sbin is not on a user's PATH
    r = subprocess.run([ldconfig, "-p"], capture_output=True, text=True, check=True)
    m = re.search(r"libvips\.so\.42 \(.*\) => (\S+)", r.stdout)
    assert m, "libvips42 is not installed"
    return Path(m.group(1)).resolve()


def without_libvips(replacement, *args):
    """Runs sanad with libvips.so.42 replaced by `replacement` in a private mount namespace
    (unshare), the way a machine without libvips42 or with an old one behaves; skips where
    unprivileged namespaces are not allowed."""
    if not shutil.which("unshare") or subprocess.run(["unshare", "-rm", "true"], capture_output=True).returncode:
        pytest.skip("unshare -rm (user and mount namespaces) is not available here")
    script = 'mount --bind "$1" "$2" || exit 99; shift 2; exec "$@"'
    r = subprocess.run(["unshare", "-rm", "sh", "-c", script, "sh", str(replacement), str(libvips_path()),
                        SANAD_BIN, *map(str, args)], capture_output=True, text=True, timeout=120)
    if r.returncode == 99:
        pytest.skip(f"cannot bind-mount over libvips here: {r.stderr.strip()}")
    return r


def assert_nothing_written(workspace, entries_before):
    assert not (workspace.root / "derived").exists()
    assert len(workspace.entries()) == entries_before


def test_preview_without_libvips_is_a_clean_error_and_other_commands_run(workspace):
    assert workspace.add(*COLLECT, JPEG, "-q").returncode == 0
    before = len(workspace.entries())
    r = without_libvips("/dev/null", "preview", "--workspace", workspace.root, "E0001", "--json")
    assert_error(r, 70, "previews need libvips", "libvips42", "could not be loaded")
    assert "Install it (sudo apt-get install libvips42)" in r.stderr
    assert_nothing_written(workspace, before)
    for args in (["items", "--workspace", workspace.root], ["log", "--verify", "-q", "--workspace", workspace.root]):
        r = without_libvips("/dev/null", *args)
        assert r.returncode == 0, r.stderr


def test_preview_with_a_libvips_older_than_8_13_is_refused_by_version(workspace, tmp_path):
    cc = shutil.which("cc") or shutil.which("clang")
    if not cc:
        pytest.skip("no C compiler to build a stand-in libvips")
    # A stand-in libvips.so.42 of version 8.10.0 (ABI 42): the check that replaces VIPS_INIT's
    # refuses it before anything else is looked up or called.
    source = tmp_path / "old.c"
    source.write_text("int vips_version(int f) { static const int v[] = {8, 10, 0, 52, 0, 10};"
                      " return f >= 0 && f < 6 ? v[f] : -1; }\n")
    stub = tmp_path / "libvips.so.42"
    subprocess.run([cc, "-shared", "-fPIC", "-o", stub, source], check=True)
    assert workspace.add(*COLLECT, JPEG, "-q").returncode == 0
    before = len(workspace.entries())
    r = without_libvips(stub, "preview", "--workspace", workspace.root, "E0001")
    assert_error(r, 70, "previews need libvips 8.13 or later", "it is libvips 8.10.0 (ABI 42)", "libvips42")
    assert_nothing_written(workspace, before)

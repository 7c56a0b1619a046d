"""What the standard tools a court's expert would use make of an archive: Info-ZIP `unzip`, GNU
`tar`, `bsdtar` (libarchive) and Python's `zipfile`/`tarfile`. Each extracts into a fresh folder;
the result is the tree it wrote (path -> bytes, links and folders marked) and whether it
complained. Used by the vector test (what a tool "would have seen") and the container fuzzer
(whenever `sanad verify` says VERIFIED, every tool must extract exactly the sealed tree).
"""
import io
import os
import shutil
import subprocess
import tarfile
import tempfile
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

TIMEOUT = 60


@dataclass
class View:
    tool: str
    ok: bool           # the tool ended with success
    clean: bool        # ... and said nothing on stderr (no warning)
    tree: dict         # relative path -> bytes, "<dir>", "<link:target>" or "<special>"
    message: str = ""

    def category(self, sealed):
        """same | different | warns | fails, against the sealed tree."""
        if not self.ok and not self.tree:
            return "fails"
        if not (self.ok and self.clean):
            return "warns"
        return "same" if files_only(self.tree) == sealed and no_extras(self.tree) else "different"


def files_only(tree):
    return {k: v for k, v in tree.items() if isinstance(v, bytes)}


def no_extras(tree):
    """Folders are implied by files; anything else (links, specials, empty folders) is extra."""
    files = files_only(tree)
    for k, v in tree.items():
        if v == "<dir>":
            if not any(f.startswith(k.rstrip("/") + "/") for f in files):
                return False
        elif not isinstance(v, bytes):
            return False
    return True


def read_tree(root):
    tree = {}
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        for d in list(dirnames):
            p = Path(dirpath, d)
            rel = str(p.relative_to(root))
            if p.is_symlink():
                tree[rel] = f"<link:{os.readlink(p)}>"
                dirnames.remove(d)
            else:
                tree[rel] = "<dir>"
        for f in filenames:
            p = Path(dirpath, f)
            rel = str(p.relative_to(root))
            if p.is_symlink():
                tree[rel] = f"<link:{os.readlink(p)}>"
            elif p.is_file():
                tree[rel] = p.read_bytes()
            else:
                tree[rel] = "<special>"
    return tree


def _run(tool, cmd, out, cwd=None):
    env = {**os.environ, "LC_ALL": "C.UTF-8", "TZ": "UTC"}
    try:
        r = subprocess.run(cmd, cwd=cwd or out, capture_output=True, timeout=TIMEOUT, env=env)
    except subprocess.TimeoutExpired:
        return View(tool, False, False, read_tree(out), "timeout")
    err = r.stderr.decode("utf-8", "replace").strip()
    # unzip prints its progress and warnings on stdout.
    text = (r.stdout.decode("utf-8", "replace") + "\n" + err).strip()
    warned = bool(err) or ("warning" in text.lower() or "error" in text.lower())
    return View(tool, r.returncode == 0, not warned, read_tree(out), text[-500:])


def unzip(path, workdir):
    out = Path(tempfile.mkdtemp(dir=workdir))
    # -o: no prompts (an entry twice must not hang); the listing goes to stdout, warnings too.
    return _run("unzip", ["unzip", "-o", "-q", str(Path(path).resolve()), "-d", str(out)], out)


def gnu_tar(path, workdir):
    out = Path(tempfile.mkdtemp(dir=workdir))
    return _run("gnu-tar", ["tar", "--no-same-owner", "-xf", str(Path(path).resolve()), "-C", str(out)], out)


def bsdtar(path, workdir):
    out = Path(tempfile.mkdtemp(dir=workdir))
    return _run("bsdtar", ["bsdtar", "-x", "-f", str(Path(path).resolve()), "-C", str(out)], out)


def py_zipfile(path, workdir):
    out = Path(tempfile.mkdtemp(dir=workdir))
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        try:
            with zipfile.ZipFile(path) as z:
                bad = z.testzip()
                z.extractall(out)
            ok, msg = bad is None, f"bad CRC in {bad}" if bad else ""
        except Exception as e:  # noqa: BLE001 - any failure is the tool's verdict
            ok, msg = False, f"{type(e).__name__}: {e}"
    return View("python-zipfile", ok, ok and not w, read_tree(out), msg or "; ".join(str(x.message) for x in w))


def py_tarfile(path, workdir):
    out = Path(tempfile.mkdtemp(dir=workdir))
    try:
        with tarfile.open(path, "r:*") as t:
            t.extractall(out, filter="data")
        ok, msg = True, ""
    except Exception as e:  # noqa: BLE001
        ok, msg = False, f"{type(e).__name__}: {e}"
    return View("python-tarfile", ok, ok, read_tree(out), msg)


def is_zip(path):
    with open(path, "rb") as f:
        return f.read(4) == b"PK\x03\x04"


def standard_tool(path, workdir):
    """The tool VERIFY.txt names for this kind of file: unzip for a zip, GNU tar otherwise."""
    return unzip(path, workdir) if str(path).endswith(".zip") else gnu_tar(path, workdir)


def all_tools(path, kind, workdir):
    """Every tool the property names for a container of this kind."""
    if kind == "zip":
        return [unzip(path, workdir), py_zipfile(path, workdir), bsdtar(path, workdir)]
    return [gnu_tar(path, workdir), py_tarfile(path, workdir), bsdtar(path, workdir)]


def sealed_tree(entries):
    return {e.name: e.data for e in entries}


def cleanup(workdir):
    shutil.rmtree(workdir, ignore_errors=True)

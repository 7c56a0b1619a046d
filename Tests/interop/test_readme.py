"""The README is a test: every command block of its walkthrough runs as written.

A newcomer's first hour is the README. This test takes each ```sh block of the section
"A five-minute walkthrough" of README.md, in order, and runs it with bash exactly as printed,
in a fresh home folder that holds what the walkthrough assumes: the sample files in ~/usb/
(WhatsApp-Chat.zip, WhatsApp Chat with Karim.txt and screenshots/), `sanad` on PATH, and a demo passphrase in
SANAD_PASSPHRASE (a person types it at the prompt). The only change made to the text is the
documented placeholders, which stand for values the reader gets from an earlier step; each is
replaced by the command that prints it, run when its line runs:

    3F:9A:…   the sealer's fingerprint   (`sanad key show ~/keys/noor.crt`, step 5)
    7C:21:…   the lawyer's fingerprint   (`sanad key show ~/keys/layla.crt`, step 7)
    5d41…     the archive's SHA-256      (printed by `sanad seal`, step 5; `sha256sum` here)

A block fails the test if any command in it exits non-zero (bash -e -o pipefail) or writes an
error to stderr. The working folder carries over from block to block, as in one terminal.
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import REPO, SAMPLES, SANAD_BIN, make_tree_writable

PASSPHRASE = "demo passphrase for the README test"


def walkthrough_blocks(readme: Path, section: str) -> list[str]:
    """The ```sh blocks of one `## ` section, in order."""
    text = readme.read_text(encoding="utf-8")
    start = text.index(f"## {section}")
    end = text.find("\n## ", start + 1)
    body = text[start : end if end >= 0 else len(text)]
    return re.findall(r"```sh\n(.*?)```", body, flags=re.S)


def fingerprint_of(cert: str) -> str:
    read = "python3 -c 'import json,sys; print(json.load(sys.stdin)[\"fingerprint_sha256\"])'"
    return f'"$(sanad key show {cert} --json | {read})"'


PLACEHOLDERS = {
    "3F:9A:…": fingerprint_of("~/keys/noor.crt"),
    "7C:21:…": fingerprint_of("~/keys/layla.crt"),
    "5d41…": '"$(sha256sum NGO-2026-014.zip | cut -d" " -f1)"',
}


@pytest.fixture
def home(tmp_path):
    home = tmp_path / "home"
    usb = home / "usb"
    (usb / "screenshots").mkdir(parents=True)
    shutil.copy(SAMPLES / "whatsapp-ios-export.zip", usb / "WhatsApp-Chat.zip")
    shutil.copy(SAMPLES / "WhatsApp Chat with Karim.txt", usb / "WhatsApp Chat with Karim.txt")
    for shot in SAMPLES.glob("Screenshot*.png"):
        shutil.copy(shot, usb / "screenshots" / shot.name)
    yield home
    make_tree_writable(tmp_path)


def run_blocks(blocks, home: Path):
    env = dict(os.environ)
    env.update(
        HOME=str(home),
        PATH=f"{Path(SANAD_BIN).resolve().parent}:{env.get('PATH', '/usr/bin:/bin')}",
        SANAD_PASSPHRASE=PASSPHRASE,
        LC_ALL="C.UTF-8",
    )
    cwd = home
    outputs = []
    for n, block in enumerate(blocks, 1):
        # Each placeholder becomes the command a reader would use for the value, run by bash
        # when the line runs (the key it names may be made earlier in the same block).
        script = block
        for placeholder, value in PLACEHOLDERS.items():
            script = script.replace(placeholder, value)
        state = home / ".readme-cwd"
        r = subprocess.run(
            ["bash", "-e", "-o", "pipefail", "-c", script + f'\npwd > "{state}"\n'],
            cwd=cwd, env=env, capture_output=True, timeout=300)
        stderr = r.stderr.decode("utf-8", "replace")
        assert r.returncode == 0, f"README block {n} failed (exit {r.returncode}):\n{block}\n--- stderr:\n{stderr}"
        assert "error:" not in stderr, f"README block {n} printed an error:\n{block}\n--- stderr:\n{stderr}"
        cwd = Path(state.read_text().strip())
        outputs.append((block, r.stdout.decode("utf-8", "replace"), stderr))
    return outputs


def test_the_walkthrough_runs_verbatim(home):
    blocks = walkthrough_blocks(REPO / "README.md", "A five-minute walkthrough")
    assert len(blocks) >= 8, "the walkthrough lost its command blocks"
    outputs = run_blocks(blocks, home)
    joined = {block: (out, err) for block, out, err in outputs}
    verify = next(out for block, (out, _) in joined.items() if block.lstrip().startswith("sanad verify"))
    assert verify.startswith("VERIFIED"), verify
    timeline_block = next(b for b in joined if "sanad timeline NGO-2026-014.zip" in b)
    out, err = joined[timeline_block]
    # The walkthrough records the phone's locale, so no exhibit is left with two readings.
    assert "both as day/month and as month/day" not in err, err
    # The zip added with --sensitive shows only as its placeholder (issue 14); the other chat in full.
    assert "Dark Falcon" not in out and "[sensitive, not shown: E0001" in out, out
    assert "Karim: " in out, out
    assert (home / "cases" / "NGO-2026-014" / "timeline.html").stat().st_size > 0
    assert (home / "cases" / "NGO-2026-014" / "timeline.csv").stat().st_size > 0
    # The search at the end of the block finds the message it is there to show.
    assert re.search(r"^1\. ", out, flags=re.M), out


def test_a_failing_command_fails_the_readme_test(home):
    """The harness itself: a block whose command fails, or prints an error, is caught."""
    with pytest.raises(AssertionError, match="failed"):
        run_blocks(["sanad verify ~/no-such-archive.zip\n"], home)
    with pytest.raises(AssertionError, match="printed an error"):
        run_blocks(["sanad verify ~/no-such-archive.zip || true\n"], home)


def test_the_docs_quick_check_of_the_schemas_runs_verbatim(home):
    """docs/README.md's one command block: checking Sanad's JSON against its schemas. `CASE`
    and `add.json` stand for a case and a saved `sanad add --json`, as its text says; the
    walkthrough's `init` and an `add` make them."""
    # The schemas describe the plaintext layout: a --plaintext case (an encrypted one is checked
    # after `age` decrypts it, docs/WORKSPACE.md §7.5).
    case = home / "cases" / "NGO-2026-014"
    env = {**os.environ, "SANAD_PASSPHRASE": PASSPHRASE}
    assert subprocess.run([SANAD_BIN, "init", "--plaintext", str(case), "--case-id", "NGO-2026-014", "--org", "NGO",
                           "-q"], env=env).returncode == 0
    add = subprocess.run([SANAD_BIN, "add", "--workspace", str(case), str(REPO / "samples" / "case-demo" / "sms-backup.xml"),
                          "--collected-by", "Noor", "--json"], capture_output=True, env=env)
    assert add.returncode == 0, add.stderr
    blocks = re.findall(r"```sh\n(.*?)```", (REPO / "docs" / "README.md").read_text(encoding="utf-8"), flags=re.S)
    assert len(blocks) == 1
    script = blocks[0].replace("CASE", str(case)).replace("add.json", str(home / "add.json"))
    (home / "add.json").write_bytes(add.stdout)
    r = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", script], cwd=REPO, capture_output=True, env=env)
    assert r.returncode == 0, r.stdout.decode() + r.stderr.decode()

"""`sanad report` (issue 16): the court report, read back with poppler's tools only.

Reports are rendered for a verified archive, a countersigned and timestamped one, one that does
not verify, an excerpt, a case with a sensitive item, and hostile evidence. Each is read with
`pdftotext` (the verdict and check sentences of both catalogues, in logical order, fingerprints
unbroken), `pdfdetach` (the verifier's JSON report and VERIFY.txt attached), `pdfinfo` and
`pdftoppm` (every page renders)."""
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import report_kit as rk
from conftest import DEMO_MANIFEST, SANAD_BIN, make_tree_writable
from tsa_server import TSA

SEAL_TIME = "2026-03-04T10:00:00Z"
ENV = {**os.environ, "SANAD_PASSPHRASE": "test pass"}
CHAT = (
    "05/03/2026, 21:15 - ليلى: أرسل لي المال الليلة وإلا سأنشر الصور\n"
    "05/03/2026, 21:16 - Omar: Please stop. I will go to the police.\n"
    "05/03/2026, 21:17 - ليلى: لديك حتى الغد، الرقم 07701234567\n"
    "05/03/2026, 21:18 - Omar: I have saved all of this.\n"
).encode()
HOSTILE_NAME = "Kar\u202eim evil\u202c <b>x</b>"
LONG = "x" * 10_000
HOSTILE_NOTE = "from his phone \u202eSI SIHT\u202c <script>alert(1)</script> &lt; " + "y" * 10_000
HOSTILE_CHAT = (
    f"06/03/2026, 09:00 - {HOSTILE_NAME}: before \u202eGNIDDIH\u202c after &amp; <i>tag</i>\n"
    f"06/03/2026, 09:01 - Omar: bell\x07 null-ish \x1b[31m red\n"
    f"06/03/2026, 09:02 - Omar: {LONG}\n"
    "06/03/2026, 09:03 - Omar: last message\n"
).encode()


def sanad(*args, env=ENV):
    return subprocess.run([SANAD_BIN, *map(str, args)], capture_output=True, text=True, env=env)


@pytest.fixture(scope="module")
def case(tmp_path_factory):
    d = tmp_path_factory.mktemp("report")
    (d / "in").mkdir()
    (d / "in" / "WhatsApp Chat with Layla.txt").write_bytes(CHAT)
    (d / "in" / "WhatsApp Chat with Karim.txt").write_bytes(HOSTILE_CHAT)
    (d / "in" / "private-photo-of-victim.jpg").write_bytes(bytes.fromhex("ffd8ffe000104a464946") + b"\x00" * 64)
    assert sanad("init", "--plaintext", d / "ws", "--case-id", "CASE-2026-014", "--org", "Example NGO", "-q").returncode == 0
    r = sanad("add", "--workspace", d / "ws", d / "in" / "WhatsApp Chat with Layla.txt",
              "--collected-by", "نور", "--timezone", "Asia/Baghdad", "--date-order", "dmy", "-q")
    assert r.returncode == 0, r.stderr
    r = sanad("add", "--workspace", d / "ws", d / "in" / "WhatsApp Chat with Karim.txt",
              "--collected-by", "Noor \u202eRLO\u202c", "--date-order", "dmy", "--note", HOSTILE_NOTE, "-q")
    assert r.returncode == 0, r.stderr
    r = sanad("add", "--workspace", d / "ws", d / "in" / "private-photo-of-victim.jpg", "--sensitive",
              "--collected-by", "Noor", "-q")
    assert r.returncode == 0, r.stderr
    for name in ["signer", "lawyer"]:
        assert sanad("key", "new", "--out", d / name, "--name", name.title(), "--org", "Example", "-q").returncode == 0
    r = sanad("seal", "--workspace", d / "ws", "--key", d / "signer.key", "--cert", d / "signer.crt",
              "--out", d / "sealed.zip", "--time", SEAL_TIME, "--json")
    assert r.returncode == 0, r.stderr
    items = json.loads(sanad("items", "--workspace", d / "ws", "--json").stdout)["items"]
    by_name = {i.get("original_name", i.get("name", "")): i["id"] for i in items}
    yield {"dir": d, "zip": d / "sealed.zip", "layla": by_name["WhatsApp Chat with Layla.txt"],
           "karim": by_name["WhatsApp Chat with Karim.txt"], "photo": by_name["private-photo-of-victim.jpg"]}
    make_tree_writable(d)


REPO = Path(__file__).resolve().parents[2]


def report(path, out, *args, code=0):
    """`sanad report --json`, its output checked against manifests/report-output.schema.json."""
    r = sanad("report", path, "--out", out, "--json", *args)
    assert r.returncode == code, r.stderr
    doc = Path(str(out) + ".out.json")
    doc.write_text(r.stdout)
    v = subprocess.run([sys.executable, REPO / "manifests" / "validate.py", "report-output", doc],
                       capture_output=True, text=True)
    assert v.returncode == 0, v.stdout + v.stderr
    return json.loads(r.stdout)


def sha_of(path):
    import hashlib
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def test_verified_archive_report_in_both_languages_with_attachments(case, tmp_path):
    out = tmp_path / "report.pdf"
    result = report(case["zip"], out)
    assert result["verdict"] == "verified" and result["languages"] == ["ar", "en"]
    text = rk.text(out)
    flat = rk.norm(text)
    time_en = "4 March 2026 at 10:00 UTC"
    time_ar = rk.fill(rk.AR["time.utc"], day=4, month=rk.AR["month.3"], year=2026, time="10:00")
    # The first lines: the verdict in Arabic, then in English, in logical order.
    ar_verdict = rk.fill(rk.AR["verdict.verified"], time=time_ar)
    en_verdict = rk.fill(rk.EN["verdict.verified"], time=time_en)
    assert flat.startswith(rk.norm(ar_verdict) + rk.norm(en_verdict)), text[:600]
    archive_sha = sha_of(case["zip"])
    assert archive_sha in text  # whole, on one line
    fp = json.loads(sanad("verify", case["zip"], "--json").stdout)["signer_fingerprint"]
    assert fp in text
    for key in ["check.payload-digests", "check.custody-chain", "check.signature"]:
        assert rk.norm(rk.EN[key]) in flat and rk.norm(rk.AR[key]) in flat, key
    assert rk.norm(rk.EN["check.payload-digests"] + " — " + rk.EN["outcome.pass"]) in flat
    # The custody narrative cites entry numbers; the exhibits show their fingerprints.
    assert "(entry 0)" in text and rk.norm(rk.AR["cert.law78"]) in flat
    # Attached: the verifier's report (as `sanad verify --json` gives it) and VERIFY.txt, byte for byte.
    files = rk.attachments(out, tmp_path / "att")
    assert sorted(files) == ["VERIFY.txt", "verification.json"]
    attached = json.loads(files["verification.json"])
    direct = json.loads(sanad("verify", case["zip"], "--json").stdout)
    assert attached["verdict"] == direct["verdict"] == "verified"
    assert [c["name"] for c in attached["checks"]] == [c["name"] for c in direct["checks"]]
    with zipfile.ZipFile(case["zip"]) as z:
        verify_txt = z.read("CASE-2026-014/VERIFY.txt")
    assert files["VERIFY.txt"] == verify_txt
    meta = rk.info(out)
    assert meta["Pages"] == str(result["pages"]) and meta["Creator"].startswith("Sanad")
    assert meta["CreationDate"].startswith("Wed Mar  4 10:00:00 2026")
    assert len(rk.render_all(out, tmp_path / "png")) == result["pages"]
    rk.keep_page(out, "verified-cover", page=1)
    # The QR code on the cover carries both fingerprints (read back with zbarimg).
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", "-f", "1", "-l", "1", out, tmp_path / "cover"],
                   check=True)
    qr = subprocess.run(["zbarimg", "-q", "--raw", tmp_path / "cover.png"], capture_output=True, text=True)
    assert qr.stdout.strip() == f"archive-sha256: {archive_sha}\nsigner-sha256: {fp}", qr.stdout + qr.stderr
    # Deterministic: the same archive and options give the same bytes.
    again = tmp_path / "again.pdf"
    report(case["zip"], again)
    assert again.read_bytes() == out.read_bytes()
    # Every page but the first carries the running header: the case and the archive's fingerprint;
    # every page its number, and the last page the count.
    pages = text.split("\f")[:-1]
    assert len(pages) == result["pages"]
    assert all("CASE-2026-014" in p and archive_sha in p for p in pages[1:])
    # (A number beside an Arabic word comes out on either side of it, as poppler guesses the order.)
    ar_word = rk.AR["footer.page"].replace("{page}", "").strip()
    assert all(re.search(rf"(Page {n}\b|{ar_word}\s*{n}\b|\b{n}\s*{ar_word})", rk.plain(p))
               for n, p in enumerate(pages, 1))
    assert rk.norm(rk.fill(rk.EN["footer.end"], pages=result["pages"])) in rk.norm(pages[-1])


def test_english_only_report_has_no_arabic_part(case, tmp_path):
    out = tmp_path / "en.pdf"
    result = report(case["zip"], out, "--lang", "en")
    text = rk.text(out)
    assert result["languages"] == ["en"] and rk.norm(rk.AR["verdict.verified"][:20]) not in rk.norm(text)
    assert text.startswith("This archive was checked and is intact")


def test_a_changed_check_changes_the_report(case, tmp_path):
    """The verdict and the check lines come from the verifier's report: one changed payload byte
    turns the payload line to FAILED, and the first line in both languages says so."""
    bag = tmp_path / "bag"
    with zipfile.ZipFile(case["zip"]) as z:
        z.extractall(bag)
    top = bag / "CASE-2026-014"
    good = tmp_path / "good.pdf"
    report(top, good)
    chat = top / "data" / case["layla"] / "original.txt"
    data = bytearray(chat.read_bytes())
    data[30] ^= 0x01
    chat.write_bytes(bytes(data))
    bad = tmp_path / "bad.pdf"
    result = report(top, bad, code=1)
    assert result["verdict"] == "does-not-verify" and result["outcome"] == "payload-digests"
    good_flat, bad_flat = rk.norm(rk.text(good)), rk.norm(rk.text(bad))
    failed_count = len([c for c in json.loads(sanad("verify", top, "--json").stdout)["checks"] if c["outcome"] == "fail"])
    assert failed_count >= 1
    ar_first = rk.fill(rk.AR["verdict.fails"], count=failed_count)
    en_first = rk.fill(rk.EN["verdict.fails"], count=failed_count)
    assert bad_flat.startswith(rk.norm(ar_first) + rk.norm(en_first)), rk.text(bad)[:500]
    line = rk.EN["check.payload-digests"] + " — "
    assert rk.norm(line + rk.fill(rk.EN["checks.count"], outcome=rk.EN["outcome.pass"], count=1)) in good_flat
    assert rk.norm(line + rk.fill(rk.EN["checks.count"], outcome=rk.EN["outcome.fail"], count=1)) in bad_flat
    assert rk.norm(line + rk.fill(rk.EN["checks.count"], outcome=rk.EN["outcome.pass"], count=1)) not in bad_flat
    # What the verifier said about it is shown, and nothing is reported from the unverified files.
    assert case["layla"] in rk.text(bad) and rk.norm(rk.EN["checks.not_read"]) in bad_flat
    assert rk.norm(rk.EN["section.exhibits"]) not in bad_flat and rk.norm(rk.EN["section.exhibits"]) in good_flat
    assert "payload-digests" in json.loads(rk.attachments(bad, tmp_path / "att")["verification.json"])["outcome"]
    rk.keep_page(bad, "does-not-verify-cover", page=1)


def test_countersigned_and_timestamped_archive(case, tmp_path):
    d = case["dir"]
    with TSA(tmp_path / "tsa") as tsa:
        r = sanad("seal", "--workspace", d / "ws", "--key", d / "signer.key", "--cert", d / "signer.crt",
                  "--out", tmp_path / "ts.zip", "--tsa", tsa.url, "--json")
        assert r.returncode == 0, r.stderr
        stamped = json.loads(r.stdout)["timestamps"][0]
    r = sanad("receive", tmp_path / "ts.zip", "--key", d / "lawyer.key", "--cert", d / "lawyer.crt",
              "--out", tmp_path / "received.zip", "--accept-unconfirmed-signer", "--trust", tsa.ca)
    assert r.returncode == 0, r.stderr
    out = tmp_path / "received.pdf"
    result = report(tmp_path / "received.zip", out, "--trust", tsa.ca)
    assert result["verdict"] == "verified"
    text = rk.text(out)
    flat = rk.norm(text)
    assert rk.norm(rk.fill(rk.EN["signatures.receipt"], n=1)) in flat
    assert rk.norm(rk.fill(rk.AR["signatures.receipt"], n=1)) in flat
    # The authority is named as its certificate names itself, with the time it vouches for.
    months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December"]
    y, mo, d, hm = stamped[:4], int(stamped[5:7]), int(stamped[8:10]), stamped[11:16]
    when = f"{d} {months[mo - 1]} {y} at {hm} UTC"
    assert rk.norm(rk.fill(rk.EN["signatures.stamped"], authority="Test TSA", time=when)) in flat, text
    assert rk.norm(rk.EN["check.timestamp"] + " — " + rk.fill(rk.EN["checks.count"], outcome=rk.EN["outcome.pass"], count=1)) in flat
    assert rk.norm(rk.EN["check.receipt-signature"]) in flat
    assert stamped[:10] in json.dumps(json.loads(rk.attachments(out, tmp_path / "att")["verification.json"]))
    assert len(rk.render_all(out, tmp_path / "png")) == result["pages"]
    rk.keep_page(out, "countersigned-signatures", contains=rk.EN["section.signatures"])


def test_excerpt_report_shows_the_disclosed_messages_in_logical_order(case, tmp_path):
    excerpt = tmp_path / "excerpt.zip"
    r = sanad("disclose", case["zip"], "--events", f"{case['layla']}:1-3", "--out", excerpt,
              "--time", "2026-03-05T09:00:00Z")
    assert r.returncode == 0, r.stderr
    out = tmp_path / "excerpt.pdf"
    result = report(excerpt, out)
    assert result["verdict"] == "verified" and result["messages"] == 3
    text = rk.text(out)
    flat = rk.norm(text)
    assert rk.norm(rk.fill(rk.EN["verdict.excerpt"], events=3, time="4 March 2026 at 10:00 UTC")) in flat
    assert sha_of(excerpt) in text and sha_of(case["zip"]) in text
    # Each message: its sender and text in logical order, its exhibit and exact byte range.
    assert rk.norm("ليلى") in flat and rk.norm("أرسل لي المال الليلة وإلا سأنشر الصور") in flat
    assert "Please stop. I will go to the police." in text and "07701234567" in text
    lines = CHAT.split(b"\n")
    first_end = len(lines[0]) + 1
    # The transcript is in the first part (Arabic): the message's number, local time and bytes.
    meta = rk.fill(rk.AR["messages.meta"], n=2, time="2026-03-05T21:16", to=first_end + len(lines[1]) + 1,
                   **{"from": first_end})
    assert rk.norm(meta) in flat
    assert rk.norm(rk.fill(rk.AR["messages.withheld"], count=1)) in flat
    files = rk.attachments(out, tmp_path / "att")
    assert sorted(files) == ["VERIFY-EXCERPT.txt", "verification.json"]
    assert json.loads(files["verification.json"])["excerpt"]["exhibits"][0]["exhibit"] == case["layla"]
    assert len(rk.render_all(out, tmp_path / "png")) == result["pages"]
    rk.keep_page(out, "excerpt-messages", contains="#1 · ")
    # --events selects from an archive, not from an excerpt.
    r = sanad("report", excerpt, "--out", tmp_path / "x.pdf", "--events", f"{case['layla']}:1")
    assert r.returncode == 64 and "--events" in r.stderr and not (tmp_path / "x.pdf").exists()


def test_events_from_an_archive_are_proven_and_shown(case, tmp_path):
    out = tmp_path / "events.pdf"
    result = report(case["zip"], out, "--events", f"{case['layla']}:3-4", "--lang", "en")
    assert result["messages"] == 2
    flat = rk.norm(rk.text(out))
    assert rk.norm("لديك حتى الغد") in flat and rk.norm("I have saved all of this.") in flat
    assert rk.norm("Please stop") not in flat
    assert rk.norm(rk.fill(rk.EN["messages.gap"], count=2)) in flat
    r = sanad("report", case["zip"], "--out", tmp_path / "past.pdf", "--events", f"{case['layla']}:9")
    assert r.returncode == 64 and not (tmp_path / "past.pdf").exists()


def test_a_sensitive_item_is_a_labelled_placeholder(case, tmp_path):
    # The exhibits are listed in the first part: Arabic here, English in the second report.
    out, en = tmp_path / "sensitive.pdf", tmp_path / "sensitive-en.pdf"
    report(case["zip"], out)
    report(case["zip"], en, "--lang", "en,ar")
    text, text_en = rk.text(out), rk.text(en)
    assert "private-photo-of-victim" not in text and "private-photo-of-victim" not in text_en
    assert rk.norm(rk.AR["exhibit.sensitive"]) in rk.norm(text) and rk.norm(rk.EN["exhibit.sensitive"]) in rk.norm(text_en)
    assert rk.norm(rk.EN["exhibits.elsewhere"]) in rk.norm(text) and rk.norm(rk.AR["exhibits.elsewhere"]) in rk.norm(text_en)
    rk.keep_page(en, "sensitive-exhibits", contains="SENSITIVE EXHIBIT")
    item_sha = json.loads(sanad("items", "--workspace", case["dir"] / "ws", "--json").stdout)["items"]
    photo = next(i for i in item_sha if i["id"] == case["photo"])
    assert photo["sha256"] in text


def test_messages_of_a_sensitive_item_need_reveal_sensitive(case, tmp_path):
    d = tmp_path
    (d / "in").mkdir()
    (d / "in" / "WhatsApp Chat with Sami.txt").write_bytes(CHAT)
    assert sanad("init", "--plaintext", d / "ws", "--case-id", "SENS-1", "--org", "Example NGO", "-q").returncode == 0
    r = sanad("add", "--workspace", d / "ws", d / "in" / "WhatsApp Chat with Sami.txt", "--sensitive",
              "--collected-by", "Noor", "--date-order", "dmy", "-q")
    assert r.returncode == 0, r.stderr
    assert sanad("key", "new", "--out", d / "k", "--name", "K", "--org", "K", "-q").returncode == 0
    assert sanad("seal", "--workspace", d / "ws", "--key", d / "k.key", "--cert", d / "k.crt", "--out",
                 d / "s.zip", "--time", SEAL_TIME, "-q").returncode == 0
    r = sanad("report", d / "s.zip", "--out", d / "no.pdf", "--events", "E0001:1-2")
    assert r.returncode == 64 and "E0001 is marked sensitive" in r.stderr and not (d / "no.pdf").exists()
    result = report(d / "s.zip", d / "yes.pdf", "--events", "E0001:1-2", "--reveal-sensitive", "--lang", "en")
    text = rk.text(d / "yes.pdf")
    assert result["messages"] == 2 and "Please stop. I will go to the police." in text
    assert rk.norm(rk.EN["messages.sensitive"]) in rk.norm(text)


def test_hostile_names_and_messages_cannot_reorder_or_hide_text(case, tmp_path):
    out = tmp_path / "hostile.pdf"
    # English first: the transcript is in the first part, on pages poppler reads left to right.
    result = report(case["zip"], out, "--events", f"{case['karim']}:1-4", "--lang", "en,ar")
    raw = rk.text(out)
    text = rk.plain(raw)
    # No bidi override or control character reaches the page: in a declared name each is shown
    # as a visible marker where it was; the WhatsApp parser drops the bidi marks of a chat line
    # (its exports are full of them), so the message reads in its stored order. Markup is text.
    assert not any(c in raw for c in "\u202e\u202d\u2066\u2067\u2068\x07\x1b")
    assert "Collected by Noor ⟦U+202E⟧RLO⟦U+202C⟧." in text
    # A note: the override shown, markup as text, its 10,000-character word cut with the count.
    note = "Collector's note: from his phone ⟦U+202E⟧SI SIHT⟦U+202C⟧ <script>alert(1)</script> &lt;"
    assert rk.norm(note) in rk.norm(text)
    cut = len("from his phone \u202eSI SIHT\u202c <script>alert(1)</script> &lt; ") + 10_000 - 4_000
    assert rk.norm(rk.fill(rk.EN["messages.truncated"], count=cut)) in rk.norm(text)
    assert "before GNIDDIH after &amp; <i>tag</i>" in text
    assert "Karim evil <b>x</b>" in text
    assert "bell⟦U+0007⟧ null-ish ⟦U+001B⟧[31m red" in text
    # The 10,000-character line is set whole, across lines (and pages), and the next message follows.
    rk.keep_page(out, "hostile-messages", contains="before GNIDDIH")
    runs = re.findall("x{20,}", text)
    assert sum(map(len, runs)) == 10_000 and len(runs) > 100 and "last message" in text
    assert len(rk.render_all(out, tmp_path / "png")) == result["pages"]


def test_a_tar_archive_and_an_archive_in_an_envelope(case, tmp_path):
    """The container does not change the report: a tar verifies and reports as the zip does; an
    archive sealed in an envelope is reported with the recipient's key (without it, the report
    says it could not be read, as `verify` does)."""
    d = case["dir"]
    r = sanad("seal", "--workspace", d / "ws", "--key", d / "signer.key", "--cert", d / "signer.crt",
              "--out", tmp_path / "s.tar", "--time", SEAL_TIME, "-q")
    assert r.returncode == 0, r.stderr
    result = report(tmp_path / "s.tar", tmp_path / "tar.pdf", "--events", f"{case['layla']}:1-2", "--lang", "en")
    assert result["verdict"] == "verified" and result["messages"] == 2
    assert "Please stop. I will go to the police." in rk.text(tmp_path / "tar.pdf")
    r = sanad("seal", "--workspace", d / "ws", "--key", d / "signer.key", "--cert", d / "signer.crt",
              "--encrypt-archive-to", d / "lawyer.crt", "--out", tmp_path / "s.zip.p7m", "--time", SEAL_TIME, "-q")
    assert r.returncode == 0, r.stderr
    locked = report(tmp_path / "s.zip.p7m", tmp_path / "locked.pdf", code=2)
    assert locked["verdict"] == "malformed" and locked["exhibits"] == 0 and locked["messages"] == 0
    assert "Please stop" not in rk.text(tmp_path / "locked.pdf")
    opened = report(tmp_path / "s.zip.p7m", tmp_path / "opened.pdf", "--key", d / "lawyer.key", "--cert",
                    d / "lawyer.crt", "--events", f"{case['layla']}:1-2", "--lang", "en")
    assert opened["verdict"] == "verified" and opened["messages"] == 2 and opened["exhibits"] == 3
    assert "Please stop. I will go to the police." in rk.text(tmp_path / "opened.pdf")


def test_usage_errors_write_nothing(case, tmp_path):
    r = sanad("report", case["zip"], "--out", tmp_path / "a.pdf", "--lang", "fr")
    assert r.returncode == 64 and "fr" in r.stderr and not (tmp_path / "a.pdf").exists()
    (tmp_path / "exists.pdf").write_bytes(b"keep")
    r = sanad("report", case["zip"], "--out", tmp_path / "exists.pdf")
    assert r.returncode == 64 and (tmp_path / "exists.pdf").read_bytes() == b"keep"
    r = sanad("report", tmp_path / "missing.zip", "--out", tmp_path / "b.pdf")
    assert r.returncode == 2 and not (tmp_path / "b.pdf").exists()

"""Tampered envelopes (docs/FORMAT.md §2.2). A forger rewrites `data/E0001/original.jpg.p7m` inside a
sealed zip or tar, keeping the container in Sanad's exact form (container_kit), so that the verdict
is about the evidence. The manifest lists each envelope's own SHA-256, so `payload-digests` fails
first; the envelope checks still say what the new file is: `envelopes` (its form, content length
and recipients) and, with a recipient's key, `envelope-content` (the tag and the sealed digest).
In an unpacked folder the forger also rewrites manifest-sha256.txt and Payload-Oxum, which breaks
`tag-manifest`, and then tagmanifest-sha256.txt, which breaks `signature`: the envelope checks
report the same in every case, and nothing verifies."""

import hashlib

import pytest

import container_kit as kit

from conftest import sha256_file
from test_encrypted_workspace import init, run
from test_envelopes import CHAT, KEY_PASS, PHOTO, SMS, checks, openssl, seal, unpack, verify, with_key
from test_envelopes import keys  # noqa: F401 (a fixture)

P7M = "data/E0001/original.jpg.p7m"
TAG_FAILS = "E0001: the envelope's authentication tag does not hold: its content or tag was changed"
ELSEWHERE = ("E0001: data/E0001/original.jpg.p7m is addressed to other recipients than the 2 that "
             "sanad/envelopes.json lists (1 unlisted, 2 listed but absent)")
NOT_RECIPIENT = "E0001: not opened: the key given is not one of its recipients"


@pytest.fixture(scope="module")
def sealed(tmp_path_factory, keys):
    """A case (E0001 the photo and E0003 the chat sensitive, E0002 the SMS), sealed to the judge
    (EC) and an RSA recipient as a zip and as a tar."""
    tmp = tmp_path_factory.mktemp("sealed")
    ws = tmp / "case"
    init(ws)
    run("add", "--workspace", ws, PHOTO, "--collected-by", "Noor", "--sensitive")
    run("add", "--workspace", ws, SMS, "--collected-by", "Noor")
    run("add", "--workspace", ws, CHAT, "--collected-by", "Noor", "--sensitive")
    for name in ["case.zip", "case.tar"]:
        seal(ws, tmp, keys, name, to=("judge", "rsa"))
    return tmp


def encrypt(plain: bytes, tmp, *certs, stream=False) -> bytes:
    """An envelope as `openssl cms -encrypt` makes it, to `certs`."""
    src = tmp / "plain.bin"
    src.write_bytes(plain)
    return openssl("cms", "-encrypt", "-aes-256-gcm", "-binary", *(["-stream"] if stream else []),
                   "-outform", "DER", "-in", src, *certs).stdout


def flipped(at):
    def change(data: bytes) -> bytes:
        b = bytearray(data)
        b[at] ^= 0x01
        return bytes(b)
    return change


def forged(sealed, kind, change, name="forged"):
    """The sealed archive with E0001's envelope replaced by change(envelope), all else as sealed."""
    entries = kit.parse((sealed / f"case.{kind}").read_bytes())
    out = [kit.Entry(e.name, change(e.data), e.mtime) if e.name.endswith("/" + P7M) else e for e in entries]
    path = sealed / f"{name}.{kind}"
    path.write_bytes(kit.build(kind, out))
    return path


def outcomes(report, name):
    return [(c["outcome"], c["detail"]) for c in checks(report, name)]


def assert_caught_by_the_manifest(report):
    assert report["verdict"] == "does-not-verify" and report["outcome"] == "payload-digests"
    [digests] = [c for c in report["checks"] if c["outcome"] == "fail"][:1]
    assert digests["detail"].startswith(f"{P7M} changed: SHA-256 is ")


def test_the_sealed_archives_verify_untouched(sealed, keys):
    for kind in ["zip", "tar"]:
        raw = (sealed / f"case.{kind}").read_bytes()
        assert kit.build(kind, kit.parse(raw)) == raw, "the forger's tool rebuilds the archive byte for byte"
        code, report = verify(sealed / f"case.{kind}", *with_key(keys, "judge"))
        assert code == 0 and [o for o, _ in outcomes(report, "envelope-content")] == ["pass", "pass"]


@pytest.mark.parametrize("kind", ["zip", "tar", "folder"])
@pytest.mark.parametrize("at", [-500, -1], ids=["ciphertext", "tag"])
def test_a_flipped_bit_in_the_ciphertext_or_tag_breaks_the_tag(sealed, keys, tmp_path, kind, at):
    """In the folder the forger also rewrites manifest-sha256.txt (same size, so Payload-Oxum
    holds): tag-manifest is then the first failure, and the envelope checks run all the same."""
    first = "payload-digests"
    if kind == "folder":
        archive = unpack(sealed / "case.zip", tmp_path / "u")
        (archive / P7M).write_bytes(flipped(at)((archive / P7M).read_bytes()))
        rewrite_manifest(archive, "manifest-sha256.txt")
        first = "tag-manifest"
    else:
        archive = forged(sealed, kind, flipped(at))
    code, report = verify(archive)
    assert code == 1 and report["verdict"] == "does-not-verify" and report["outcome"] == first
    if kind != "folder":
        assert_caught_by_the_manifest(report)
    # The envelope keeps its form; only the key can tell that what it holds was changed.
    assert [o for o, _ in outcomes(report, "envelopes")] == ["info"]
    assert [o for o, _ in outcomes(report, "envelope-content")] == ["info"]
    for who in ["judge", "rsa"]:
        code, report = verify(archive, *with_key(keys, who))
        assert code == 1 and report["outcome"] == first
        assert [o for o, _ in outcomes(report, "envelopes")] == ["info"]
        assert outcomes(report, "envelope-content") == [
            ("fail", TAG_FAILS),
            ("pass", f"E0003: the envelope opens, and holds exactly the sealed original (SHA-256 {sha256_file(CHAT)})")]


@pytest.mark.parametrize("keep,why", [(-5, "it ends before its tag (truncated)"),
                                      (-300, "it ends before its tag (truncated)"),
                                      (40, "it ends before its content begins (truncated, or not an envelope)")])
def test_a_truncated_envelope_is_not_in_sanads_form(sealed, keys, keep, why):
    archive = forged(sealed, "zip", lambda d: d[:keep])
    for key in [(), with_key(keys, "judge")]:
        code, report = verify(archive, *key)
        assert code == 1
        assert_caught_by_the_manifest(report)
        failed = [c["name"] for c in report["checks"] if c["outcome"] == "fail"]
        assert failed == ["payload-digests", "payload-oxum", "envelopes"]
        assert outcomes(report, "envelopes") == [("fail", f"E0001: {P7M} is not an envelope in Sanad's form: {why}")]
    # With the key, a cut envelope is not opened at all: only E0003 has an envelope-content line.
    assert [c.get("subject") for c in checks(report, "envelope-content")] == ["data/E0003/original.txt.p7m"]


def test_an_envelope_made_for_a_stranger(sealed, keys, tmp_path):
    """Re-encrypted with openssl to another recipient (the plaintext taken with the judge's key)."""
    bag = unpack(sealed / "case.zip", tmp_path / "u")
    opened = tmp_path / "opened.jpg"
    judge_cert, judge_key = keys["judge"]
    openssl("cms", "-decrypt", "-inform", "DER", "-in", bag / P7M, "-recip", judge_cert, "-inkey", judge_key,
            "-passin", f"pass:{KEY_PASS}", "-out", opened)
    assert sha256_file(opened) == sha256_file(PHOTO)
    stranger = encrypt(opened.read_bytes(), tmp_path, keys["stranger"][0])
    archive = forged(sealed, "zip", lambda _: stranger)
    code, report = verify(archive)
    assert code == 1
    assert_caught_by_the_manifest(report)
    assert outcomes(report, "envelopes") == [("fail", ELSEWHERE)]
    code, report = verify(archive, *with_key(keys, "judge"))
    assert code == 1 and outcomes(report, "envelopes") == [("fail", ELSEWHERE)]
    assert outcomes(report, "envelope-content")[0] == ("warn", NOT_RECIPIENT)
    # The stranger opens it and finds the sealed original; the envelope is still not the sealed one.
    code, report = verify(archive, *with_key(keys, "stranger"))
    assert code == 1 and report["outcome"] == "payload-digests"
    assert outcomes(report, "envelopes") == [("fail", ELSEWHERE)]
    assert [(c["outcome"], c["subject"]) for c in checks(report, "envelope-content")] == [
        ("pass", P7M), ("warn", "data/E0003/original.txt.p7m")]
    # In the unpacked folder the forger rewrites the manifest and Payload-Oxum (tag-manifest fails),
    # then the tag manifest too (the seal's signature fails): the envelope check says the same.
    (bag / P7M).write_bytes(stranger)
    rewrite_manifest(bag, "manifest-sha256.txt")
    fix_oxum(bag)
    code, report = verify(bag, *with_key(keys, "judge"))
    assert code == 1 and report["outcome"] == "tag-manifest", report["checks"]
    assert [(c["name"], c.get("subject")) for c in report["checks"] if c["outcome"] == "fail"] == [
        ("tag-manifest", "bag-info.txt"), ("tag-manifest", "manifest-sha256.txt"), ("envelopes", P7M)]
    assert outcomes(report, "envelopes") == [("fail", ELSEWHERE)]
    assert outcomes(report, "envelope-content")[0] == ("warn", NOT_RECIPIENT)
    rewrite_manifest(bag, "tagmanifest-sha256.txt")
    code, report = verify(bag, *with_key(keys, "judge"))
    assert code == 1 and report["outcome"] == "signature", report["checks"]
    assert [c["name"] for c in report["checks"] if c["outcome"] == "fail"] == ["signature", "envelopes"]
    assert outcomes(report, "envelopes") == [("fail", ELSEWHERE)]


def rewrite_manifest(bag, name):
    lines = []
    for line in (bag / name).read_text().splitlines():
        path = line.split("  ", 1)[1]
        lines.append(f"{hashlib.sha256((bag / path).read_bytes()).hexdigest()}  {path}")
    (bag / name).write_text("\n".join(lines) + "\n")


def fix_oxum(bag):
    files = [p for p in (bag / "data").rglob("*") if p.is_file()]
    oxum = f"{sum(p.stat().st_size for p in files)}.{len(files)}"
    info = [f"Payload-Oxum: {oxum}" if line.startswith("Payload-Oxum: ") else line
            for line in (bag / "bag-info.txt").read_text().splitlines()]
    (bag / "bag-info.txt").write_text("\n".join(info) + "\n")


def test_an_envelope_for_the_listed_recipients_holding_another_file(sealed, keys, tmp_path):
    """Anyone can encrypt to the recipients' public certificates: a forged envelope addressed to
    exactly them passes `envelopes`; only the key shows that it holds another file."""
    certs = [keys["judge"][0], keys["rsa"][0]]
    other = bytearray(PHOTO.read_bytes())
    other[-3] ^= 0xFF
    archive = forged(sealed, "zip", lambda _: encrypt(bytes(other), tmp_path, *certs))
    code, report = verify(archive)
    assert code == 1
    assert_caught_by_the_manifest(report)
    assert [o for o, _ in outcomes(report, "envelopes")] == ["info"]
    for who in ["judge", "rsa"]:
        code, report = verify(archive, *with_key(keys, who))
        assert code == 1 and report["outcome"] == "payload-digests"
        assert outcomes(report, "envelope-content")[0] == (
            "fail", f"E0001: the envelope opens, but holds another file (SHA-256 "
                    f"{hashlib.sha256(bytes(other)).hexdigest()}) than the sealed original ({sha256_file(PHOTO)})")
    # Another length: `envelopes` fails without a key.
    longer = forged(sealed, "zip", lambda _: encrypt(PHOTO.read_bytes() + b"!", tmp_path, *certs))
    code, report = verify(longer)
    assert code == 1 and report["outcome"] == "payload-digests"
    size = PHOTO.stat().st_size
    assert outcomes(report, "envelopes") == [
        ("fail", f"E0001: {P7M} holds {size + 1} bytes of content, not the {size} sealed for it")]
    # openssl's streamed (indefinite-length BER) form is not Sanad's DER.
    ber = forged(sealed, "zip", lambda _: encrypt(PHOTO.read_bytes(), tmp_path, *certs, stream=True))
    code, report = verify(ber)
    assert code == 1 and report["outcome"] == "payload-digests"
    assert outcomes(report, "envelopes") == [
        ("fail", f"E0001: {P7M} is not an envelope in Sanad's form: it is chunked (BER), where an item's "
                 "envelope is DER")]


def test_recipient_certificates_that_are_not_the_listed_recipients(sealed, keys, tmp_path):
    """sanad/recipients.pem swapped for the stranger's certificate in an unpacked folder (a tag
    file, so tag-manifest fails first): `envelopes` says the certificates are not the recipients."""
    bag = unpack(sealed / "case.zip", tmp_path / "u")
    (bag / "sanad" / "recipients.pem").write_bytes(keys["stranger"][0].read_bytes())
    code, report = verify(bag)
    assert code == 1 and report["outcome"] == "tag-manifest", report["checks"]
    fails = [(c["name"], c["detail"]) for c in report["checks"] if c["outcome"] == "fail"]
    assert ("envelopes", "sanad/recipients.pem does not hold exactly the recipients sanad/envelopes.json lists, "
                         "in its order") in fails, fails

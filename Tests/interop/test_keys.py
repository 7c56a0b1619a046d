"""`sanad key`: what it writes must be readable by the openssl CLI, and its mistakes explicit."""
import json
import os
import stat
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("SANAD_BIN", os.path.join(ROOT, ".build", "debug", "sanad"))
VALIDATE = os.path.join(ROOT, "manifests", "validate.py")


def sanad(*args, env=None, cwd=None):
    e = {**os.environ, "SANAD_PASSPHRASE": "correct horse", **(env or {})}
    return subprocess.run([BIN, *args], capture_output=True, text=True, env=e, cwd=cwd)


def openssl(*args, **kw):
    return subprocess.run(["openssl", *args], capture_output=True, **kw)


def validate(schema, text, path):
    """Runs manifests/validate.py, as a user would, on one document written to `path`."""
    path.write_text(text)
    return subprocess.run([sys.executable, VALIDATE, schema, str(path)], capture_output=True, text=True)


def new_key(tmp_path, prefix="signer"):
    r = sanad("key", "new", "--out", str(tmp_path / prefix), "--name", "Noor Advocate", "--org", "Example NGO",
              "--email", "noor@example.org", "--json")
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_new_key_is_encrypted_pkcs8_and_cert_has_the_sealing_profile(tmp_path):
    info = new_key(tmp_path)
    key, crt = tmp_path / "signer.key", tmp_path / "signer.crt"
    assert key.read_text().startswith("-----BEGIN ENCRYPTED PRIVATE KEY-----")
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    # openssl can open the key only with the passphrase.
    assert openssl("pkey", "-in", str(key), "-passin", "pass:correct horse", "-noout").returncode == 0
    assert openssl("pkey", "-in", str(key), "-passin", "pass:wrong", "-noout").returncode != 0
    text = openssl("x509", "-in", str(crt), "-noout", "-text").stdout.decode()
    assert "Digital Signature, Non Repudiation, Key Agreement" in text
    assert "E-mail Protection" in text
    # A recipient of envelopes (issue 14): openssl cms makes an AES-256-GCM envelope to the
    # certificate (ECDH key agreement), and the key opens it.
    secret = tmp_path / "secret.bin"
    secret.write_bytes(b"a photo only the judge may see\n" * 100)
    enc = openssl("cms", "-encrypt", "-binary", "-aes-256-gcm", "-outform", "DER", "-in", str(secret),
                  "-out", str(tmp_path / "secret.p7m"), str(crt))
    assert enc.returncode == 0, enc.stderr
    dec = openssl("cms", "-decrypt", "-binary", "-inform", "DER", "-in", str(tmp_path / "secret.p7m"),
                  "-recip", str(crt), "-inkey", str(key), "-passin", "pass:correct horse")
    assert dec.returncode == 0 and dec.stdout == secret.read_bytes(), dec.stderr
    assert "ASN1 OID: prime256v1" in text
    der = openssl("x509", "-in", str(crt), "-outform", "DER").stdout
    assert info["fingerprint_sha256"] == subprocess.run(["sha256sum"], input=der, capture_output=True).stdout.decode()[:64]
    assert info["self_signed"] is True and info["name"] == "Noor Advocate"


def test_show_prints_colon_fingerprint(tmp_path):
    info = new_key(tmp_path)
    r = sanad("key", "show", str(tmp_path / "signer.crt"))
    assert r.returncode == 0
    fp = ":".join(info["fingerprint_sha256"][i:i + 2] for i in range(0, 64, 2)).upper()
    assert f"fingerprint: {fp}" in r.stdout


def test_wrong_passphrase_is_a_clear_error(tmp_path):
    new_key(tmp_path)
    r = sanad("key", "csr", "--key", str(tmp_path / "signer.key"), "--out", str(tmp_path / "r.csr"),
              "--name", "N", "--org", "O", env={"SANAD_PASSPHRASE": "wrong"})
    assert r.returncode == 2
    assert "sanad: error: wrong passphrase for the key" in r.stderr and "hint:" in r.stderr
    assert not (tmp_path / "r.csr").exists()


def test_passphrase_file_is_used_without_its_line_end(tmp_path):
    (tmp_path / "pass.txt").write_text("from a file\n")
    r = sanad("key", "new", "--out", str(tmp_path / "k"), "--name", "A", "--org", "B",
              "--passphrase-file", str(tmp_path / "pass.txt"), env={"SANAD_PASSPHRASE": "ignored"})
    assert r.returncode == 0, r.stderr
    assert openssl("pkey", "-in", str(tmp_path / "k.key"), "-passin", "pass:from a file", "-noout").returncode == 0


def test_csr_verifies_and_asks_for_the_sealing_usages(tmp_path):
    new_key(tmp_path)
    r = sanad("key", "csr", "--key", str(tmp_path / "signer.key"), "--out", str(tmp_path / "r.csr"),
              "--name", "Noor", "--org", "Example NGO")
    assert r.returncode == 0, r.stderr
    v = openssl("req", "-in", str(tmp_path / "r.csr"), "-noout", "-verify", "-text")
    assert v.returncode == 0
    assert b"verify OK" in v.stdout + v.stderr and b"E-mail Protection" in v.stdout


def test_import_pkcs12_and_pem(tmp_path):
    new_key(tmp_path)
    plain = openssl("pkey", "-in", str(tmp_path / "signer.key"), "-passin", "pass:correct horse").stdout
    (tmp_path / "plain.pem").write_bytes(plain)
    p12 = tmp_path / "id.p12"
    assert openssl("pkcs12", "-export", "-inkey", str(tmp_path / "plain.pem"), "-in", str(tmp_path / "signer.crt"),
                   "-out", str(p12), "-passout", "pass:p12pass").returncode == 0
    r = sanad("key", "import", str(p12), "--out", str(tmp_path / "from-p12"), "--json", env={"SANAD_SOURCE_PASSPHRASE": "p12pass"})
    assert r.returncode == 0, r.stderr
    original = json.loads(sanad("key", "show", str(tmp_path / "signer.crt"), "--json").stdout)
    assert json.loads(r.stdout)["fingerprint_sha256"] == original["fingerprint_sha256"]
    bad = sanad("key", "import", str(p12), "--out", str(tmp_path / "x"), env={"SANAD_SOURCE_PASSPHRASE": "nope"})
    assert bad.returncode == 2 and "wrong passphrase for the PKCS #12 file" in bad.stderr
    r = sanad("key", "import", str(tmp_path / "plain.pem"), "--cert", str(tmp_path / "signer.crt"), "--out", str(tmp_path / "from-pem"))
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "from-pem.key").read_text().startswith("-----BEGIN ENCRYPTED PRIVATE KEY-----")


def test_never_overwrites_a_key(tmp_path):
    new_key(tmp_path)
    before = (tmp_path / "signer.key").read_bytes()
    r = sanad("key", "new", "--out", str(tmp_path / "signer"), "--name", "X", "--org", "Y")
    assert r.returncode == 64 and "already exists" in r.stderr
    assert (tmp_path / "signer.key").read_bytes() == before


def test_no_terminal_and_no_passphrase_source_is_a_usage_error(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SANAD_PASSPHRASE"}
    r = subprocess.run([BIN, "key", "new", "--out", str(tmp_path / "k"), "--name", "A", "--org", "B"],
                       capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL)
    assert r.returncode == 64 and "SANAD_PASSPHRASE" in r.stderr
    assert not (tmp_path / "k.key").exists()


def test_json_outputs_follow_their_schemas(tmp_path):
    d = tmp_path
    outputs = []  # (schema, stdout), checked together at the end

    def run(schema, *args, env=None):
        r = sanad(*args, "--json", env=env)
        assert r.returncode == 0, r.stderr
        outputs.append((schema, r.stdout))
        return json.loads(r.stdout)

    run("key-new-output", "key", "new", "--out", str(d / "signer"), "--name", "Noor Advocate", "--org", "Example NGO",
        "--email", "noor@example.org")
    bare = run("key-new-output", "key", "new", "--out", str(d / "bare"), "--name", "A", "--org", "B")
    assert "email" not in bare  # absent, not null
    run("key-csr-output", "key", "csr", "--key", str(d / "signer.key"), "--out", str(d / "r.csr"), "--name", "Noor", "--org", "Example NGO")
    run("key-show-output", "key", "show", str(d / "signer.crt"))

    plain = d / "plain.pem"
    plain.write_bytes(openssl("pkey", "-in", str(d / "signer.key"), "-passin", "pass:correct horse").stdout)
    assert openssl("pkcs12", "-export", "-inkey", str(plain), "-in", str(d / "signer.crt"), "-out", str(d / "id.p12"),
                   "-passout", "pass:p12pass").returncode == 0
    run("key-import-output", "key", "import", str(d / "id.p12"), "--out", str(d / "from-p12"), env={"SANAD_SOURCE_PASSPHRASE": "p12pass"})

    # A CA signs the request: the import then holds a chain and a certificate that is not self-signed.
    assert openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=Test CA",
                   "-keyout", str(d / "ca.key"), "-out", str(d / "ca.crt"), "-days", "30").returncode == 0
    assert openssl("x509", "-req", "-in", str(d / "r.csr"), "-CA", str(d / "ca.crt"), "-CAkey", str(d / "ca.key"),
                   "-set_serial", "2", "-days", "30", "-out", str(d / "leaf.crt")).returncode == 0
    (d / "chain.pem").write_bytes((d / "leaf.crt").read_bytes() + (d / "ca.crt").read_bytes())
    imported = run("key-import-output", "key", "import", str(plain), "--cert", str(d / "chain.pem"), "--out", str(d / "from-ca"))
    assert imported["self_signed"] is False and imported["chain_length"] == 2 and "email" not in imported
    shown = run("key-show-output", "key", "show", str(d / "from-ca.crt"))
    assert shown["chain_length"] == 2 and shown["issuer"] == "CN=Test CA"

    for n, (schema, stdout) in enumerate(outputs):
        r = validate(schema, stdout, d / f"out-{n}.json")
        assert r.returncode == 0, (schema, r.stdout + r.stderr)


def test_key_schemas_are_strict(tmp_path):
    info = new_key(tmp_path)
    shown = json.loads(sanad("key", "show", str(tmp_path / "signer.crt"), "--json").stdout)
    r = validate("key-show-output", json.dumps(shown), tmp_path / "intact.json")
    assert r.returncode == 0, r.stdout + r.stderr  # the intact twin
    fp = shown["fingerprint_sha256"]
    bad = [
        ("key-show-output", {**shown, "fingerprint_sha256": fp.upper()}, "fingerprint_sha256"),
        ("key-show-output", {**shown, "fingerprint_sha256": fp[:-1]}, "fingerprint_sha256"),
        ("key-show-output", {**shown, "not_after": shown["not_after"].replace("Z", ".000Z")}, "not_after"),
        ("key-show-output", {**shown, "signer": "Mallory"}, "Unevaluated properties"),
        ("key-new-output", {**info, "self_signed": False}, "self_signed"),
        ("key-new-output", {k: v for k, v in info.items() if k != "key"}, "'key' is a required property"),
        ("key-csr-output", {"request": "r.csr", "fingerprint_sha256": fp}, "Additional properties"),
    ]
    for n, (schema, document, complaint) in enumerate(bad):
        r = validate(schema, json.dumps(document), tmp_path / f"bad-{n}.json")
        assert r.returncode == 1 and complaint in r.stderr, (schema, complaint, r.stdout + r.stderr)


def test_a_one_letter_bare_output_name_works(tmp_path):
    """`--out k` in the current folder: Foundation's deletingLastPathComponent traps on a
    one-character bare name, so Sanad crashed here before it took the folder part itself."""
    r = sanad("key", "new", "--out", "k", "--name", "N", "--org", "O", cwd=str(tmp_path))
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "k.key").is_file() and (tmp_path / "k.crt").is_file()

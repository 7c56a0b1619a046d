"""A real RFC 3161 time-stamp authority on 127.0.0.1 for the tests, built on OpenSSL's TS support.

It makes its own CA and TSA certificate (critical extendedKeyUsage timeStamping), answers
POST application/timestamp-query with `openssl ts -reply`, and stops when the test ends.
"""
import http.server
import subprocess
import tempfile
import threading
from pathlib import Path

CONFIG = """
[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
dir = {dir}
serial = $dir/serial
crypto_device = builtin
signer_cert = $dir/tsa.crt
certs = $dir/ca.crt
signer_key = $dir/tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
other_policies = 1.2.3.4.5
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""


def _run(*args, cwd):
    subprocess.run(list(args), cwd=cwd, check=True, capture_output=True)


def make_authority(directory: Path, name: str = "Test TSA"):
    d = directory
    _run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key",
         "-out", "ca.crt", "-days", "30", "-subj", f"/CN={name} Root", "-addext", "basicConstraints=critical,CA:TRUE",
         "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=d)
    _run("openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "tsa.key",
         "-out", "tsa.csr", "-subj", f"/CN={name}", cwd=d)
    (d / "ext.cnf").write_text("basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\n")
    _run("openssl", "x509", "-req", "-in", "tsa.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
         "-out", "tsa.crt", "-days", "30", "-extfile", "ext.cnf", cwd=d)
    (d / "serial").write_text("01\n")
    (d / "tsa.cnf").write_text(CONFIG.format(dir=d))
    return d / "ca.crt"


class TSA:
    """`with TSA(tmp) as tsa:` gives tsa.url and tsa.ca (the root to trust)."""

    def __init__(self, directory: Path, name: str = "Test TSA", answer_with_other_data: bool = False):
        self.dir = Path(directory)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.ca = make_authority(self.dir, name)
        self.requests = 0
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                outer.requests += 1
                if self.headers.get("Content-Type") != "application/timestamp-query":
                    self.send_error(415)
                    return
                with tempfile.TemporaryDirectory() as t:
                    q = Path(t) / "q.tsq"
                    if answer_with_other_data:
                        subprocess.run(["openssl", "ts", "-query", "-data", "/etc/hostname", "-sha256", "-cert", "-out", str(q)],
                                       check=True, capture_output=True)
                    else:
                        q.write_bytes(body)
                    r = subprocess.run(["openssl", "ts", "-reply", "-config", str(outer.dir / "tsa.cnf"), "-queryfile", str(q),
                                        "-out", str(Path(t) / "r.tsr")], capture_output=True)
                    if r.returncode != 0:
                        self.send_error(500)
                        return
                    reply = (Path(t) / "r.tsr").read_bytes()
                self.send_response(200)
                self.send_header("Content-Type", "application/timestamp-reply")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/tsa"

    def __enter__(self):
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

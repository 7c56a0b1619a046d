"""A test-only reference for selective disclosure (issue 15; the excerpt spec, to become
docs/FORMAT.md §9 and §10): the sealer's side, written from the spec with hashlib, hmac and the
openssl command, so that Tools/verify_excerpt.py can be tested without a built `sanad`.

It builds an excerpt bundle directly (it never builds the full archive): the tag files an archive
would copy, a commitment per exhibit over given leaf byte strings, the disclosure with its proofs,
and a CMS seal by a self-signed EC P-256 key. Tests then tamper with the folder or the zip.
"""
import base64
import hashlib
import hmac
import json
import re
import subprocess
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "Tools" / "verify_excerpt.py"
SEALED_AT = "2026-03-12T10:00:00Z"
ZIP_TIME = (2026, 3, 12, 10, 0, 0)


# ---------------------------------------------------------------------------------------------
# The construction, as the spec states it.


def u64(n: int) -> bytes:
    return n.to_bytes(8, "big")


def sha(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def seed_for(private_key_der: bytes, exhibit: str, item_sha256_hex: str) -> bytes:
    """seed = HMAC-SHA256(SHA-256("sanad commitment seed key v1" || PKCS#8 DER), "sanad commitment
    seed v1\\n" || exhibit || "\\n" || item sha256 hex)."""
    key = sha(b"sanad commitment seed key v1" + private_key_der)
    message = b"sanad commitment seed v1\n" + exhibit.encode() + b"\n" + item_sha256_hex.encode()
    return hmac.new(key, message, hashlib.sha256).digest()


def salt(seed: bytes, i: int) -> bytes:
    return hmac.new(seed, u64(i), hashlib.sha256).digest()


def leaf_data(i: int, offset: int, data: bytes) -> bytes:
    return u64(i) + u64(offset) + u64(len(data)) + sha(data)


def leaf_hash(salt_i: bytes, data_i: bytes) -> bytes:
    return sha(b"\x00" + salt_i + data_i)


def node_hash(left: bytes, right: bytes) -> bytes:
    return sha(b"\x01" + left + right)


def split(n: int) -> int:
    """The largest power of two smaller than n (n > 1)."""
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def mth(hashes: list) -> bytes:
    """RFC 9162 §2.1.1 Merkle Tree Hash over already-hashed leaves."""
    if len(hashes) == 1:
        return hashes[0]
    k = split(len(hashes))
    return node_hash(mth(hashes[:k]), mth(hashes[k:]))


def multi_proof(hashes: list, disclosed) -> list:
    """The spec's walk (pre-order, left before right): the MTH of each maximal subtree holding no
    disclosed leaf."""
    disclosed = set(disclosed)
    out = []

    def walk(lo, hi):
        if not any(lo <= i < hi for i in disclosed):
            out.append(mth(hashes[lo:hi]))
            return
        if hi - lo == 1:
            return
        k = split(hi - lo)
        walk(lo, lo + k)
        walk(lo + k, hi)

    walk(0, len(hashes))
    return out


def maximal_runs(indices) -> list:
    runs = []
    for i in sorted(indices):
        if runs and runs[-1][1] == i - 1:
            runs[-1][1] = i
        else:
            runs.append([i, i])
    return runs


def canonical_json(value) -> bytes:
    """Sorted keys, no spaces, then LF (what the spec calls canonical for these ASCII documents)."""
    return (json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n").encode()


@dataclass
class Commitment:
    """One exhibit's commitment over the given leaves (leaf 0 first; they tile the item)."""
    exhibit: str
    leaves: list
    seed: bytes
    messages: int = None
    offsets: list = field(init=False)
    hashes: list = field(init=False)

    def __post_init__(self):
        self.offsets, at = [], 0
        for data in self.leaves:
            self.offsets.append(at)
            at += len(data)
        self.hashes = [leaf_hash(salt(self.seed, i), leaf_data(i, self.offsets[i], d)) for i, d in enumerate(self.leaves)]

    @property
    def item(self) -> bytes:
        return b"".join(self.leaves)

    @property
    def root(self) -> bytes:
        return mth(self.hashes)

    def json(self) -> dict:
        events = len(self.leaves) - 1
        return {"format": "sanad-commitment", "version": 1, "exhibit": self.exhibit,
                "sha256": sha(self.item).hex(), "size": len(self.item),
                "parser": {"name": "whatsapp-txt", "version": "1"}, "context": {"date_order": "dmy", "zone": None},
                "leaves": len(self.leaves), "events": events,
                "messages": events if self.messages is None else self.messages,
                "root": self.root.hex(), "salts": "hmac-sha256", "tree": "rfc9162-sha256"}

    def leaves_file(self) -> bytes:
        return "".join(f"{len(d)}\n" for d in self.leaves).encode()

    def disclosure(self, indices) -> dict:
        indices = sorted(indices)
        return {"exhibit": self.exhibit, "commitment": f"sanad/commitments/{self.exhibit}.json",
                "bytes": f"excerpt/{self.exhibit}.bin",
                "leaves": [{"index": i, "offset": self.offsets[i], "length": len(self.leaves[i]),
                            "salt": salt(self.seed, i).hex()} for i in indices],
                "proof": [h.hex() for h in multi_proof(self.hashes, indices)],
                "runs": maximal_runs(indices)}

    def excerpt_bytes(self, indices) -> bytes:
        return b"".join(self.leaves[i] for i in sorted(indices))


def chat_leaves(n_events: int, header: bytes = b"") -> list:
    """A WhatsApp-like chat of n_events messages of varied lengths (some Arabic), leaf 0 `header`."""
    leaves = [header]
    for i in range(1, n_events + 1):
        who = ["Noor", "Sami", "نور"][i % 3]
        text = ["ok", "see you at the station", "أرسل الصور الآن", "ok\ncontinued line"][i % 4]
        leaves.append(f"12/03/2026, 10:{i % 60:02d} - {who}: {text} {i}\n".encode())
    return leaves


# ---------------------------------------------------------------------------------------------
# Keys and signatures, with the openssl command.


def openssl(*args, input=None) -> subprocess.CompletedProcess:
    r = subprocess.run(["openssl", *map(str, args)], capture_output=True, input=input, check=False)
    assert r.returncode == 0, r.stderr.decode(errors="replace")
    return r


@dataclass
class Signer:
    key: Path
    cert: Path

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the certificate's DER, computed here from the PEM (not by openssl x509)."""
        pem = self.cert.read_text()
        body = re.search(r"-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", pem, re.S).group(1)
        return hashlib.sha256(base64.b64decode("".join(body.split()))).hexdigest()

    @property
    def private_key_der(self) -> bytes:
        return openssl("pkcs8", "-topk8", "-nocrypt", "-outform", "DER", "-in", self.key).stdout

    def sign(self, content: Path, out: Path):
        """A detached CMS SignedData, DER, -binary, SHA-256, as FORMAT.md §4 asks (no -nodetach)."""
        openssl("cms", "-sign", "-binary", "-outform", "DER", "-md", "sha256", "-nosmimecap",
                "-in", content, "-signer", self.cert, "-inkey", self.key, "-out", out)


def make_signer(folder: Path, name: str) -> Signer:
    """A self-signed EC P-256 certificate with emailProtection, as `sanad key new` makes them."""
    folder.mkdir(parents=True, exist_ok=True)
    key, cert = folder / f"{name}.key", folder / f"{name}.pem"
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", key, "-out", cert, "-days", "30", "-subj", f"/CN={name}/O=Test NGO",
            "-addext", "keyUsage=critical,digitalSignature,nonRepudiation",
            "-addext", "extendedKeyUsage=emailProtection")
    return Signer(key, cert)


# ---------------------------------------------------------------------------------------------
# The bundle.


@dataclass
class Excerpt:
    """An excerpt folder `root` (the bag's top folder, named after the case)."""
    root: Path
    commitments: dict
    signer: Signer

    def path(self, name: str) -> Path:
        return self.root / name

    def disclosure(self) -> dict:
        return json.loads(self.path("excerpt/disclosure.json").read_bytes())

    def write_disclosure(self, value: dict):
        self.path("excerpt/disclosure.json").write_bytes(canonical_json(value))

    def reseal(self, signer: Signer = None):
        """Signs tagmanifest-sha256.txt again, by `signer` (default: the sealer); with another signer,
        signer.pem is replaced and bag-info.txt is left as it was."""
        signer = signer or self.signer
        signer.sign(self.path("tagmanifest-sha256.txt"), self.path("signature/seal.p7s"))
        self.path("signature/signer.pem").write_bytes(signer.cert.read_bytes())

    def zip(self, out: Path, extra: dict = None) -> Path:
        """The folder as a zip of stored entries under the top folder, in path order; `extra` adds
        raw entries ({name in the zip: bytes}) as given, unsafe names included."""
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
            for p in sorted(p for p in self.root.rglob("*") if p.is_file()):
                info = zipfile.ZipInfo(f"{self.root.name}/{p.relative_to(self.root).as_posix()}", ZIP_TIME)
                info.external_attr = 0o100644 << 16
                z.writestr(info, p.read_bytes())
            for name, data in (extra or {}).items():
                z.writestr(zipfile.ZipInfo(name, ZIP_TIME), data)
        return out


def build(out: Path, signer: Signer, exhibits: dict, items: dict = None, case_id: str = "TEST-2026-001",
          seeds: dict = None) -> Excerpt:
    """An excerpt under out/<case_id>/. `exhibits` maps an exhibit to (leaf byte strings, indices
    to disclose); `items` maps an exhibit to (extension, bytes) disclosed whole; `seeds` gives an
    exhibit's seed (default: derived from the signer's key as the spec says)."""
    items, seeds = items or {}, seeds or {}
    root = out / case_id
    files = {}
    commitments = {}
    for x, (leaves, indices) in exhibits.items():
        item_sha = sha(b"".join(leaves)).hex()
        c = Commitment(x, leaves, seeds.get(x) or seed_for(signer.private_key_der, x, item_sha))
        commitments[x] = c
        files[f"sanad/commitments/{x}.json"] = canonical_json(c.json())
        files[f"excerpt/{x}.bin"] = c.excerpt_bytes(indices)
    payload = {f"data/{x}/original.{ext}": data for x, (ext, data) in items.items()}
    # The archive's other payload, and tag files an excerpt never copies, listed all the same.
    archive_payload = {**payload, "data/E0099/original.jpg": b"\xff\xd8 an image never disclosed"}
    for x, c in commitments.items():
        archive_payload[f"data/{x}/original.txt"] = c.item
    manifest = "".join(f"{sha(d).hex()}  {n}\n" for n, d in sorted(archive_payload.items(), key=lambda kv: kv[0].encode()))
    bag_info = "".join(f"{k}: {v}\n" for k, v in [
        ("Source-Organization", "Test NGO"), ("External-Identifier", case_id), ("Bagging-Date", SEALED_AT[:10]),
        ("Payload-Oxum", f"{sum(map(len, archive_payload.values()))}.{len(archive_payload)}"),
        ("Bag-Software-Agent", "sanad 0.2.0"), ("Sanad-Format-Version", "2"), ("Sanad-Sealed-At", SEALED_AT),
        ("Sanad-Custody-Head", "ab" * 32), ("Sanad-Custody-Entries", "7"),
        ("Sanad-Signer-Fingerprint", signer.fingerprint), ("Sanad-Timestamps", "0")])
    tag_files = {"bagit.txt": b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n",
                 "bag-info.txt": bag_info.encode(), "manifest-sha256.txt": manifest.encode(),
                 "VERIFY.txt": b"how to check it\n", "sanad/case.json": b"{}\n", "sanad/custody.jsonl": b"{}\n",
                 # a chat of the archive that this excerpt does not disclose
                 "sanad/commitments/E0098.json": b'{"exhibit":"E0098"}\n', "sanad/commitments/E0098.leaves": b"0\n"}
    for x, c in commitments.items():
        tag_files[f"sanad/commitments/{x}.json"] = files[f"sanad/commitments/{x}.json"]
        tag_files[f"sanad/commitments/{x}.leaves"] = c.leaves_file()
        tag_files[f"sanad/commitment-seeds/{x}.json"] = canonical_json(
            {"format": "sanad-commitment-seed", "version": 1, "exhibit": x, "seed": c.seed.hex()})
        tag_files[f"sanad/items/{x}.json"] = b"{}\n"
    tagmanifest = "".join(f"{sha(d).hex()}  {n}\n" for n, d in sorted(tag_files.items(), key=lambda kv: kv[0].encode()))

    files.update({"bagit.txt": tag_files["bagit.txt"], "bag-info.txt": tag_files["bag-info.txt"],
                  "tagmanifest-sha256.txt": tagmanifest.encode()})
    if items:
        files["manifest-sha256.txt"] = manifest.encode()
        files.update(payload)
    disclosure = {"format": "sanad-excerpt", "version": 1, "created_at": "2026-03-13T09:00:00Z",
                  "tool": {"name": "sanad", "version": "0.2.0"}, "recipient": "Public prosecutor",
                  "reason": "the messages the complaint cites",
                  "archive": {"sha256": "cd" * 32, "name": f"{case_id}.zip"},
                  "exhibits": [commitments[x].disclosure(idx) for x, (_, idx) in exhibits.items()],
                  "items": [{"exhibit": x, "path": f"data/{x}/original.{ext}"} for x, (ext, _) in items.items()]}
    files["excerpt/disclosure.json"] = canonical_json(disclosure)
    files["VERIFY-EXCERPT.txt"] = b"how to check this excerpt\n"
    files["verify_excerpt.py"] = SCRIPT.read_bytes()  # every excerpt carries the checker
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    excerpt = Excerpt(root, commitments, signer)
    (root / "signature").mkdir(exist_ok=True)
    excerpt.reseal()
    return excerpt

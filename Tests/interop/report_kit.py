"""Reading a court report (`sanad report`) with poppler's tools only: its text as `pdftotext`
gives it, its attached files as `pdfdetach` lists and saves them, its metadata as `pdfinfo`
shows it, and every page rendered by `pdftoppm`."""
import json
import os
import re
import subprocess
from pathlib import Path

CATALOGUES = Path(__file__).resolve().parents[2] / "Sources/SanadReport/Catalogues"
EN = json.loads((CATALOGUES / "en.json").read_text(encoding="utf-8"))
AR = json.loads((CATALOGUES / "ar.json").read_text(encoding="utf-8"))
for cat in (EN, AR):
    for k, v in cat.items():
        cat[k] = v[2:] if v.startswith("? ") else v

# Bidi marks poppler adds around runs, the isolates Sanad writes, Arabic diacritics (poppler moves
# them among the letters when it reverses a right-to-left run), and punctuation: a PDF stores
# glyphs where they are drawn, and poppler guesses the reading order back from their places; it
# puts a mark that touches a left-to-right run (a number, "UTC") on the side it is drawn on
# ("،UTC" for "UTC،" in an Arabic sentence). Letters, digits and words must still come out in
# their logical order, and fingerprints whole: the tests check those.
_INVISIBLE = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u064b-\u0652\u0670\\s.,:;()\u060c\u061b\u2014\u00b7]")


# A lam-alef ligature is one glyph for two letters; poppler writes its two letters reversed when
# it reverses the run around it ("سجالت" for "سجلات"). Both orders are read as one.
_LAM_ALEF = {"\u0627\u0644": "\u0644\u0627", "\u0623\u0644": "\u0644\u0623", "\u0625\u0644": "\u0644\u0625",
             "\u0622\u0644": "\u0644\u0622"}


def norm(text: str) -> str:
    """Text with whitespace, bidi marks, Arabic diacritics and punctuation removed, and the two
    letters of a lam-alef in one order: what must be in logical order once poppler's layout
    guesses (spaces and marks beside numbers, line breaks, ligatures) are set aside."""
    text = _INVISIBLE.sub("", text)
    for reversed_, logical in _LAM_ALEF.items():
        text = text.replace(reversed_, logical)
    return text


def plain(text: str) -> str:
    """pdftotext's text without the embedding marks poppler adds around each run (U+202A–U+202C)."""
    return re.sub("[\u202a-\u202c]", "", text)


def fill(template: str, **values) -> str:
    for k, v in values.items():
        template = template.replace("{" + k + "}", str(v))
    return template


def text(pdf: Path, *args) -> str:
    r = subprocess.run(["pdftotext", *args, str(pdf), "-"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return r.stdout


def info(pdf: Path) -> dict:
    r = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in r.stdout.splitlines())}


def attachments(pdf: Path, into: Path) -> dict:
    """{name: bytes} of every file attached to the PDF, as pdfdetach lists and saves them."""
    r = subprocess.run(["pdfdetach", "-list", str(pdf)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    names = [line.split(": ", 1)[1] for line in r.stdout.splitlines()[1:]]
    into.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdfdetach", "-saveall", "-o", str(into), str(pdf)], check=True)
    return {n: (into / n).read_bytes() for n in names}


def render_all(pdf: Path, into: Path, dpi: int = 40) -> list:
    """Every page rendered by pdftoppm; returns the PNG files."""
    into.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(into / "page")], check=True)
    return sorted(into.glob("page-*.png"))


def keep_page(pdf: Path, name: str, contains: str = None, page: int = None):
    """With SANAD_REPORT_PAGES=DIR, renders one page of the report as DIR/NAME.png (the first
    page whose text holds `contains`, or page `page`): how docs/report/*.png are made."""
    into = os.environ.get("SANAD_REPORT_PAGES")
    if not into:
        return
    if page is None:
        pages = text(pdf).split("\f")
        page = next(i for i, p in enumerate(pages, 1) if contains in plain(p))
    Path(into).mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "72", "-png", "-singlefile", "-f", str(page), "-l", str(page), str(pdf),
                    str(Path(into) / name)], check=True)

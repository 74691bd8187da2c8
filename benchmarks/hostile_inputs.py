"""Time and peak memory of reading each hostile file of issue 13, and of PDF engines by size.

    python benchmarks/hostile_inputs.py [--work DIR] [--pdf-pages 250 500 1000] [--embedded-pages 250]
                                        [--html-depths 8000 16000 32000]

Makes the files itself in a temporary folder (nothing is kept): a 200 MB .txt, a 1 MB
HTML page of nested divs, a 5,000-page PDF, a .docx that unpacks to 1 GB; then reads each
with chainkg's reader (default limits) in a fresh process and prints seconds, peak
resident memory and the reason it was refused. Then, for PDFs of the given page counts
(limits raised), text extraction with PDFium (pypdfium2, what chainkg uses) and with
pdfminer.six's layout analysis (what it used before), twice: with the CJK font only named
(STSong-Light, as reportlab and many older Chinese PDFs do: the reader must find a system
font) and with the font embedded as a subset (matplotlib, as most office software does).
With --html-depths, the time an HTML5 parser (selectolax/lexbor, `pip install selectolax`;
not a dependency of chainkg) and libxml2 (lxml, what chainkg uses) take on nested divs of
those depths. Figures: docs/hostile_inputs.md.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from chainkg.contract.errors import run_script

LINE = "衢州远帆新材料有限公司主要生产硫酸钴和硫酸镍，总投资28亿元，年产3万吨。"
CHILD = """
import json, resource, sys, time
from chainkg.extract.read import ReadLimits, UnreadableDocument, read_document
start = time.monotonic()
kind, path = sys.argv[1], sys.argv[2]
outcome = "read"
try:
    if kind == "pdfminer":
        from pdfminer.high_level import extract_text
        chars = len(extract_text(path))
    else:
        limits = ReadLimits(max_pdf_pages=100_000, timeout_s=100_000) if kind == "pdfium" else ReadLimits()
        chars = len(read_document(path, limits).text)
except UnreadableDocument as exc:
    outcome, chars = "refused: " + exc.reason, 0
print(json.dumps({"seconds": round(time.monotonic() - start, 2), "chars": chars,
                  "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                  "outcome": outcome}))
"""


def make_text(path: Path, mb: int) -> Path:
    block = (LINE * 2000).encode("utf-8")
    with path.open("wb") as handle:
        for _ in range(mb * 1_000_000 // len(block) + 1):
            handle.write(block)
    return path


def make_nested_html(path: Path, size: int = 1_000_000) -> Path:
    depth = (size - 200) // 11
    path.write_text("<html><body>" + "<div>" * depth + LINE + "</div>" * depth + "</body></html>",
                    encoding="utf-8")
    return path


def make_pdf(path: Path, pages: int) -> Path:
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    page = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(pages):
        page.setFont("STSong-Light", 10)
        for row in range(40):
            page.drawString(40, 800 - row * 19, LINE)
        page.showPage()
    page.save()
    return path


def make_embedded_font_pdf(path: Path, pages: int) -> Path:
    """The same pages with Noto Sans CJK embedded as a TrueType subset (matplotlib)."""
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib import font_manager, pyplot
    from matplotlib.backends.backend_pdf import PdfPages

    matplotlib.rcParams["pdf.fonttype"] = 42
    cjk = next(f.name for f in font_manager.fontManager.ttflist if "CJK" in f.name)
    with PdfPages(path) as document:
        for _ in range(pages):
            figure = pyplot.figure(figsize=(8.27, 11.69))
            for row in range(40):
                figure.text(0.05, 0.95 - row * 0.023, LINE, fontsize=10, family=cjk)
            document.savefig(figure)
            pyplot.close(figure)
    return path


def make_docx_bomb(path: Path, unpacked_mb: int = 1000) -> Path:
    """A .docx whose document part is ``unpacked_mb`` MB of one repeated paragraph."""
    paragraph = f"<w:p><w:r><w:t>{LINE}</w:t></w:r></w:p>".encode("utf-8") * 1000
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.'
                         'openxmlformats.org/package/2006/content-types"/>')
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats'
                       b'.org/wordprocessingml/2006/main"><w:body>')
            for _ in range(unpacked_mb * 1_000_000 // len(paragraph)):
                part.write(paragraph)
            part.write(b"</w:body></w:document>")
    return path


def measure(kind: str, path: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", CHILD, kind, str(path)], capture_output=True,
                          text=True, timeout=1800)
    if done.returncode != 0:
        return {"outcome": f"crashed: {done.stderr.strip().splitlines()[-1:]}"}
    return json.loads(done.stdout)


def html_parsers(depths: list[int]) -> None:
    """Parse time of nested divs: an HTML5 parser against libxml2 (which stops at 256 levels)."""
    import time

    import lxml.etree
    import lxml.html
    try:
        from selectolax.lexbor import LexborHTMLParser
    except ImportError:
        print("\nselectolax is not installed: pip install selectolax to compare HTML parsers")
        return
    print("\n| nested divs | HTML size | lexbor s | libxml2 s |\n|---|---|---|---|")
    for depth in depths:
        page = "<html><body>" + "<div>" * depth + LINE + "</div>" * depth + "</body></html>"
        started = time.monotonic()
        LexborHTMLParser(page)
        html5 = time.monotonic() - started
        started = time.monotonic()
        lxml.etree.fromstring(page, lxml.html.HTMLParser())
        libxml2 = time.monotonic() - started
        print(f"| {depth:,} | {len(page.encode()) / 1e6:.2f} MB | {html5:.2f} | {libxml2:.4f} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=None, help="folder for the generated files")
    parser.add_argument("--pdf-pages", type=int, nargs="*", default=[250, 500, 1000])
    parser.add_argument("--embedded-pages", type=int, nargs="*", default=[250])
    parser.add_argument("--html-depths", type=int, nargs="*", default=[])
    parser.add_argument("--skip-hostile", action="store_true", help="only the PDF engines")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.work) as folder:
        work = Path(folder)
        if args.html_depths:
            html_parsers(args.html_depths)
        if not args.skip_hostile:
            hostile_table(work)
        print("\n| font | pages | PDFium s | PDFium peak MB | pdfminer s | pdfminer peak MB | chars (PDFium / pdfminer) |")
        print("|---|---|---|---|---|---|---|")
        for font, make, counts in (("named", make_pdf, args.pdf_pages),
                                   ("embedded", make_embedded_font_pdf, args.embedded_pages)):
            for pages in counts:
                path = make(work / f"{font}{pages}.pdf", pages)
                fast, slow = measure("pdfium", path), measure("pdfminer", path)
                print(f"| {font} | {pages} | {fast.get('seconds')} | {fast.get('peak_mb')} | "
                      f"{slow.get('seconds')} | {slow.get('peak_mb')} | "
                      f"{fast.get('chars')} / {slow.get('chars')} |", flush=True)


def hostile_table(work: Path) -> None:
    """Each hostile file read by chainkg with its default limits, in a fresh process."""
    hostile = {
        "200 MB .txt": make_text(work / "big.txt", 200),
        "1 MB HTML, nested divs": make_nested_html(work / "nested.html"),
        "5,000-page PDF": make_pdf(work / "pages5000.pdf", 5000),
        ".docx unpacking to 1 GB": make_docx_bomb(work / "bomb.docx"),
    }
    print("| file | size | seconds | peak MB | outcome |\n|---|---|---|---|---|")
    for name, path in hostile.items():
        figures = measure("chainkg", path)
        print(f"| {name} | {path.stat().st_size / 1e6:.1f} MB | {figures.get('seconds')} | "
              f"{figures.get('peak_mb')} | {figures['outcome']} |", flush=True)


if __name__ == "__main__":
    run_script(main, "hostile_inputs")

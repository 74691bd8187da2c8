"""Briefings as a reader opens them: DOCX and PPTX rendered to PDF by LibreOffice (headless).

python-docx and python-pptx write what they are told; whether a table runs off its slide or
a character is drawn with a missing glyph only shows when an office suite lays the file out.
Needs Debian's LibreOffice (`make system-deps` installs libreoffice-writer-nogui and
libreoffice-impress-nogui).
"""

from __future__ import annotations

import copy
import shutil
import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from chainkg.exports.briefing_pdf import write_briefing
from chainkg.exports.briefing_text import Imprint
from chainkg.graph.analysis.report import chain_report
from chainkg.graph.store import open_store
from tests import appdata

A4_PT = (595, 842)
SLIDE_PT = (960, 540)  # 13.333 x 7.5 in
IMPRINT = Imprint(issuer="衢州市投资促进中心", day=date(2024, 5, 1), documents=11)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, Path]:
    """The briefing (with more recommendations than one slide holds and a tab in a sentence)
    as DOCX and PPTX, each rendered to PDF by LibreOffice."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    assert office, "install LibreOffice: make system-deps (libreoffice-writer-nogui, libreoffice-impress-nogui)"
    folder = tmp_path_factory.mktemp("render")
    with open_store(f"embedded:{folder / 'graph'}") as store:
        store.ensure_schema()
        appdata.build(store)
        report = chain_report(store, appdata.CHAIN, appdata.REGION)
    report = copy.deepcopy(report)
    report.recommendations = report.recommendations * 8
    first = report.recommendations[0].evidence[0]
    report.recommendations[0].evidence[0] = type(first)(first.doc_id, first.title, "甲公司\t甲\t江西新余")
    files = [write_briefing(report, folder / f"简报.{kind}", IMPRINT) for kind in ("docx", "pptx")]
    for file in files:  # one at a time: both would write 简报.pdf
        out = folder / file.suffix[1:]
        done = subprocess.run([office, f"-env:UserInstallation=file://{folder / 'profile'}", "--headless",
                               "--convert-to", "pdf", "--outdir", str(out), str(file)],
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0 and (out / "简报.pdf").exists(), done.stdout + done.stderr
    return {"docx": folder / "docx" / "简报.pdf", "pptx": folder / "pptx" / "简报.pdf"}


def _pages(pdf: Path):
    from pdfminer.high_level import extract_pages
    return list(extract_pages(pdf))


def _chars(item):
    """The characters of a page in reading order."""
    from pdfminer.layout import LTChar
    if isinstance(item, LTChar):
        yield item
    elif hasattr(item, "__iter__"):
        for child in item:
            yield from _chars(child)


def _text(pdf: Path) -> str:
    from pdfminer.high_level import extract_text
    return extract_text(pdf)


def test_docx_renders_on_a4_with_title_page_first(rendered):
    pages = _pages(rendered["docx"])
    assert all((round(p.width), round(p.height)) == A4_PT for p in pages)
    first = "".join(c.get_text() for c in _chars(pages[0]))
    assert "衢州锂电池产业链招商简报" in first and "衢州市投资促进中心" in first and "2024年5月1日" in first
    second = "".join(c.get_text() for c in _chars(pages[1]))
    assert "主要结论" in second and "重点招商对象1" in second  # the summary on the next page
    assert len(pages) <= 10


def test_pptx_renders_16_9_with_everything_inside_its_slide(rendered):
    pages = _pages(rendered["pptx"])
    assert all((round(p.width), round(p.height)) == SLIDE_PT for p in pages)
    for number, page in enumerate(pages, 1):
        for char in _chars(page):
            x0, y0, x1, y1 = char.bbox
            assert x0 >= 0 and y0 >= 0 and x1 <= page.width and y1 <= page.height, \
                (number, char.get_text(), char.bbox)
    text = _text(rendered["pptx"])
    assert text.count("江苏远航电解液股份有限公司") >= 8  # every row shown, none run off a slide


@pytest.mark.parametrize("kind", ["docx", "pptx"])
def test_no_text_uses_a_missing_glyph(rendered, kind):
    """Every character is a printable one, and every Chinese one is drawn with the CJK font
    (not a fallback that may lack it); the tab from a company list became a space."""
    pdf = rendered[kind]
    for page in _pages(pdf):
        for char in _chars(page):
            text = char.get_text()
            assert text not in ("\ufffd", "\t", "⍰"), (kind, char.fontname)
            if any(unicodedata.east_asian_width(c) in "WF" for c in text):
                assert "CJK" in char.fontname, (kind, text, char.fontname)
    assert "甲公司 甲 江西新余" in _text(pdf).replace("\n", "")
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "CJK" in fonts
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:] if line.strip()), fonts  # embedded

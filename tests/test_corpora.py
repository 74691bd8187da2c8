"""The sample corpus in corpora/ and its hand-written gold relations stay usable.

Checks that every document decodes the way its name says (the one GBK file
with gb18030, everything else as strict UTF-8), that every gold source and
target string is really in its document's text, and that the gold file is big
and varied enough to evaluate relation extraction with.

The documents are read here with the plain libraries (python-docx, pdfminer.six,
BeautifulSoup), independently of extract/, so a bug in the project's own reader
cannot hide a broken sample file.
"""

from __future__ import annotations

import importlib.util
import json
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import docx
import pytest
from bs4 import BeautifulSoup
from pdfminer.high_level import extract_text

REPO = Path(__file__).resolve().parent.parent
CORPORA = REPO / "corpora"
GOLD = REPO / "tests" / "gold_facts.jsonl"
GENERATOR = CORPORA / "build" / "make_binary_docs.py"
DOCUMENT_SUFFIXES = {".txt", ".md", ".html", ".htm", ".docx", ".pdf"}
RELATION_TYPES = {"MAKES", "RUNS", "LOCATED_IN", "PARTNERS_WITH", "SUPPLIES", "INVESTS_IN", "SUBSIDIARY_OF"}
INVISIBLE_HTML_TAGS = ("script", "style", "noscript", "template")


def corpus_documents() -> list[Path]:
    """Every file under corpora/ that `chainkg ingest corpora/` would read."""
    return sorted(p for p in CORPORA.rglob("*")
                  if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES and not p.name.startswith("."))


def is_gbk_named(path: Path) -> bool:
    """The corpus convention: a file whose name ends in _GBK is GBK-encoded, all others UTF-8."""
    return path.stem.upper().endswith("_GBK")


@lru_cache(maxsize=None)
def document_text(path: Path) -> str:
    """The text a reader sees in `path`: decoded, markup and invisible HTML removed."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return _docx_text(path)
    if suffix == ".pdf":
        return extract_text(str(path))
    raw = path.read_bytes().decode("gb18030" if is_gbk_named(path) else "utf-8")
    return _html_visible_text(raw) if suffix in {".html", ".htm"} else raw


def _docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def _html_visible_text(markup: str) -> str:
    soup = BeautifulSoup(markup, "html.parser")
    for tag in soup(INVISIBLE_HTML_TAGS):
        tag.decompose()
    return soup.get_text("\n")


def squeeze(text: str) -> str:
    """Drop all whitespace: PDF line wrapping puts newlines inside Chinese names."""
    return re.sub(r"\s+", "", text)


def load_gold() -> list[dict]:
    with GOLD.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def all_relations() -> list[dict]:
    return [rel for row in load_gold() for rel in row["relations"]]


# --------------------------------------------------------------------------- the documents


def test_corpus_holds_eight_to_twelve_documents_in_every_format():
    documents = corpus_documents()
    assert 8 <= len(documents) <= 12
    assert {p.suffix for p in documents} >= {".txt", ".md", ".html", ".docx", ".pdf"}
    assert sum(is_gbk_named(p) for p in documents) == 1


def test_only_the_generator_script_sits_beside_the_documents():
    others = [p for p in CORPORA.rglob("*") if p.is_file() and p not in corpus_documents()
              and "__pycache__" not in p.parts]
    assert others == [GENERATOR]


@pytest.mark.parametrize("path", corpus_documents(), ids=lambda p: p.name)
def test_document_decodes_to_a_short_chinese_text(path):
    text = squeeze(document_text(path))
    chinese = len(re.findall(r"[\u4e00-\u9fff]", text))
    assert 350 <= chinese <= 1300, f"{path.name}: {chinese} Chinese characters"


def test_gbk_document_is_not_utf8_but_reads_with_gb18030():
    [gbk_file] = [p for p in corpus_documents() if is_gbk_named(p)]
    raw = gbk_file.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert "特种纸" in raw.decode("gb18030")


def test_html_visible_text_leaves_out_scripts_and_styles():
    text = document_text(CORPORA / "智造新城集成电路.html")
    assert "金瑞泓微电子（衢州）有限公司" in text
    assert "createElement" not in text and "display:inline" not in text


def test_binary_documents_carry_every_block_of_the_generator_text():
    spec = importlib.util.spec_from_file_location("make_binary_docs", GENERATOR)
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    for name, blocks in {**generator.DOCX_DOCS, **generator.PDF_DOCS}.items():
        text = squeeze(document_text(CORPORA / name))
        for kind, content in blocks:
            cells = [c for row in content for c in row] if kind == "table" else [content]
            missing = [c for c in cells if squeeze(c) not in text]
            assert not missing, f"{name} is stale, rerun {GENERATOR.name}: {missing[:3]}"


# --------------------------------------------------------------------------- the gold file


def test_gold_rows_name_existing_documents_and_cover_all_of_them():
    gold_docs = [row["doc"] for row in load_gold()]
    assert len(gold_docs) == len(set(gold_docs))
    assert sorted(gold_docs) == sorted(f"../{p.relative_to(REPO)}" for p in corpus_documents())


def test_gold_relations_are_well_formed():
    for row in load_gold():
        assert set(row) == {"doc", "relations"}
        triples = [(r["source"], r["relation"], r["target"]) for r in row["relations"]]
        assert len(triples) == len(set(triples)), f"duplicate relation in {row['doc']}"
        for rel in row["relations"]:
            assert set(rel) == {"source", "relation", "target"}
            assert rel["relation"] in RELATION_TYPES
            assert rel["source"].strip() and rel["target"].strip() and rel["source"] != rel["target"]


def test_gold_file_is_big_and_varied_enough():
    counts = Counter(rel["relation"] for rel in all_relations())
    assert sum(counts.values()) >= 60
    assert len(counts) >= 4


@pytest.mark.parametrize("row", load_gold(), ids=lambda row: Path(row["doc"]).name)
def test_every_gold_name_occurs_in_its_document(row):
    text = squeeze(document_text(GOLD.parent / row["doc"]))
    names = {rel[end] for rel in row["relations"] for end in ("source", "target")}
    missing = sorted(name for name in names if squeeze(name) not in text)
    assert not missing, f"{row['doc']}: not in the text: {missing}"

"""Hostile and unlucky input: each file over a limit is named and skipped while the rest of
the folder loads; document ids do not depend on the working directory; NUL is no harm.

The limits are made small here so the files stay small; benchmarks/hostile_inputs.py runs
the full-size files (200 MB text, 60,000 nested divs, 5,000 pages, a docx bomb).
"""

from __future__ import annotations

import io
import os
import subprocess
import zipfile

import docx
import pytest

from chainkg.contract.facts import DocumentFact, RelationFact
from chainkg.extract.pipeline import build_pipeline, document_id, extract_paths
from chainkg.extract.read import ReadLimits, UnreadableDocument, read_document
from tests.test_cli import CHAINKG, ROOT
from tests.test_read import write_pdf

GOOD = "衢州远帆新材料有限公司主要生产硫酸钴。"


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def _docx(path, paragraphs: list[str]):
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(path)
    return path


def _deep_html(depth: int) -> str:
    return "<html><body>" + "<div>" * depth + GOOD + "</div>" * depth + "</body></html>"


def test_a_file_over_the_size_limit_is_named_and_the_rest_loads(tmp_path, nlp):
    (tmp_path / "big.txt").write_text(GOOD * 20_000, encoding="utf-8")  # 0.6 MB
    (tmp_path / "ok.txt").write_text(GOOD, encoding="utf-8")
    failures: list[str] = []
    facts = list(extract_paths([tmp_path], failures, nlp=nlp, limits=ReadLimits(max_file_mb=0.1)))
    assert [f.path for f in facts if isinstance(f, DocumentFact)] == [f"{tmp_path.name}/ok.txt"]
    assert len(failures) == 1 and "big.txt" in failures[0] and "CHAINKG_MAX_FILE_MB" in failures[0]


def test_text_over_the_character_limit_is_refused(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text(GOOD * 100, encoding="utf-8")
    with pytest.raises(UnreadableDocument, match="CHAINKG_MAX_TEXT_CHARS"):
        read_document(path, ReadLimits(max_text_chars=1000))


def test_deeply_nested_html_is_refused_at_once_and_shallow_html_reads(tmp_path):
    deep, shallow = tmp_path / "deep.html", tmp_path / "shallow.html"
    deep.write_text(_deep_html(60_000), encoding="utf-8")  # 660 KB: minutes for an HTML5 parser
    shallow.write_text(_deep_html(200), encoding="utf-8")
    with pytest.raises(UnreadableDocument, match="nested deeper than 256"):
        read_document(deep)
    assert read_document(shallow).text == GOOD


def test_a_pdf_over_the_page_limit_is_refused(tmp_path):
    path = write_pdf(tmp_path / "long.pdf", [GOOD])
    with pytest.raises(UnreadableDocument, match="CHAINKG_MAX_PDF_PAGES"):
        read_document(path, ReadLimits(max_pdf_pages=0))
    assert read_document(path, ReadLimits(max_pdf_pages=1)).text == GOOD


def test_a_docx_that_unpacks_past_the_limit_is_refused_before_parsing(tmp_path):
    path = _docx(tmp_path / "bomb.docx", [GOOD] + ["重复" * 50_000] * 20)  # 6 MB unpacked
    assert path.stat().st_size < 200_000
    with pytest.raises(UnreadableDocument, match="CHAINKG_MAX_DOCX_MB"):
        read_document(path, ReadLimits(max_docx_mb=1))


def test_reading_past_the_time_limit_is_refused(tmp_path):
    path = _docx(tmp_path / "slow.docx", [GOOD] * 50)
    with pytest.raises(UnreadableDocument, match="CHAINKG_READ_TIMEOUT_S"):
        read_document(path, ReadLimits(timeout_s=-1))


def test_nul_and_control_characters_become_spaces_in_place(tmp_path):
    path = tmp_path / "nul.txt"
    path.write_bytes(("衢州远帆新材料有限公司\x00主要生产\x07硫酸钴。").encode("utf-8"))
    assert read_document(path).text == "衢州远帆新材料有限公司 主要生产 硫酸钴。"


def test_a_text_with_nul_loads_whole_and_is_unchanged_the_second_time(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "nul.txt").write_bytes(("浙江远帆钴业股份有限公司位于衢州市柯城区。\x00"
                                      "浙江远帆钴业股份有限公司主要生产硫酸钴和硫酸镍。").encode("utf-8"))
    spec = f"embedded:{tmp_path / 'g'}"
    first = subprocess.run([CHAINKG, "ingest", str(folder), "--store", spec], capture_output=True, text=True)
    second = subprocess.run([CHAINKG, "ingest", str(folder), "--store", spec], capture_output=True, text=True)
    assert first.returncode == 0 and "skipped" not in first.stderr, first.stderr
    assert "1 documents written" in first.stdout and "1 unchanged" in second.stdout


def test_document_ids_do_not_depend_on_the_working_directory(tmp_path, nlp):
    corpus = tmp_path / "corpus"
    (corpus / "子目录").mkdir(parents=True)
    (corpus / "子目录" / "报告.txt").write_text(GOOD, encoding="utf-8")
    seen = set()
    for cwd, given in ((tmp_path, "corpus"), (corpus, "."), (corpus / "子目录", "..")):
        os.chdir(cwd)
        try:
            docs = [f for f in extract_paths([given], [], nlp=nlp) if isinstance(f, DocumentFact)]
        finally:
            os.chdir(ROOT)
        seen.add((docs[0].id, docs[0].path))
    assert seen == {(document_id(corpus / "子目录" / "报告.txt", corpus), "corpus/子目录/报告.txt")}


def test_ingesting_one_folder_from_three_directories_gives_its_documents_once(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "b.txt").write_text("浙江青岚科技股份有限公司位于江山市。", encoding="utf-8")
    spec = f"embedded:{tmp_path / 'g'}"
    for cwd, given in ((tmp_path, "corpus"), (corpus, "."), (ROOT, str(corpus))):
        result = subprocess.run([CHAINKG, "ingest", given, "--store", spec], cwd=cwd,
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    stats = subprocess.run([CHAINKG, "stats", "--format", "json", "--store", spec],
                           capture_output=True, text=True)
    assert '"Document": 2' in stats.stdout


def test_streamlit_refuses_uploads_over_50_mb():
    config = (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert "maxUploadSize = 50" in config and 'address = "127.0.0.1"' in config


def test_relations_of_a_shallow_document_survive_reading(nlp, tmp_path):
    (tmp_path / "a.html").write_text(_deep_html(100), encoding="utf-8")
    facts = list(extract_paths([tmp_path], [], nlp=nlp))
    assert any(isinstance(f, RelationFact) and f.type == "MAKES" for f in facts)


def test_zip_sizes_are_what_the_check_reads(tmp_path):
    path = _docx(tmp_path / "x.docx", [GOOD])
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
        assert sum(i.file_size for i in archive.infolist()) > path.stat().st_size

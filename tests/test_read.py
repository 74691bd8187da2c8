"""Reading documents of every format, text normalisation, sentences and Chinese numbers.

Every input file is written by the test itself into tmp_path.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import docx
import pytest
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from chainkg.contract.errors import ChainkgError
from chainkg.contract.text import normalize
from chainkg.extract.read import (
    DocumentNotFound,
    UnreadableDocument,
    _page_text,
    iter_document_paths,
    join_broken_lines,
    read_document,
)
from chainkg.extract.rules.chinese_numbers import parse_chinese_number
from chainkg.extract.rules.sentence_split import split_sentences

SENTENCE = "衢州市锂电池新材料产业园总投资51.5亿元，年产三元正极材料5万吨。"


def write(path: Path, data: bytes | str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return path


# --------------------------------------------------------------------------- finding files


def test_iter_document_paths_walks_sorted_and_skips_hidden_lock_and_unsupported(tmp_path):
    for name in ["b.TXT", "a.md", "sub/c.pdf", "sub/d.docx", "sub/~$d.docx", ".hidden.txt",
                 ".git/e.txt", "f.xlsx", "sub/deeper/g.HTM", "_草稿.txt", "_temporary/h.txt"]:
        write(tmp_path / name, "x")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_document_paths([tmp_path])]
    assert found == ["a.md", "b.TXT", "sub/c.pdf", "sub/d.docx", "sub/deeper/g.HTM"]


def test_a_file_named_explicitly_is_read_even_with_a_leading_underscore(tmp_path):
    doc = write(tmp_path / "_草稿.txt", "x")
    assert list(iter_document_paths([doc])) == [doc]


def test_iter_document_paths_accepts_files_and_yields_each_once(tmp_path):
    doc = write(tmp_path / "报告.txt", "x")
    assert list(iter_document_paths([doc, tmp_path, str(doc)])) == [doc]
    assert list(iter_document_paths(doc)) == [doc]


def test_iter_document_paths_missing_path_is_a_clear_error(tmp_path):
    missing = tmp_path / "nope"
    with pytest.raises(DocumentNotFound, match="nope: no such file or folder"):
        list(iter_document_paths([missing]))


def test_iter_document_paths_rejects_an_explicit_unsupported_file(tmp_path):
    sheet = write(tmp_path / "名单.xlsx", "x")
    with pytest.raises(UnreadableDocument, match=r"名单\.xlsx: unsupported file type '\.xlsx'"):
        list(iter_document_paths([sheet]))


# --------------------------------------------------------------------------- plain text


def test_gbk_text_with_chinese_file_name(tmp_path):
    path = write(tmp_path / "衢州招商简报.txt", SENTENCE + "\r\n第二行。", encoding="gbk")
    doc = read_document(path)
    assert doc.text == SENTENCE + "\n第二行。"
    assert doc.encoding == "gb18030"
    assert doc.title == "衢州招商简报"
    assert doc.format == "txt"
    assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig"])
def test_text_with_byte_order_mark(tmp_path, encoding):
    data = SENTENCE.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    doc = read_document(write(tmp_path / "bom.txt", data))
    assert doc.text == SENTENCE
    assert doc.encoding.startswith(encoding.split("-")[0] + "-")


def test_plain_utf8_text(tmp_path):
    doc = read_document(write(tmp_path / "a.txt", SENTENCE))
    assert (doc.text, doc.encoding) == (SENTENCE, "utf-8")


def test_big5_text_is_not_mistaken_for_gbk(tmp_path):
    text = "臺灣積體電路製造股份有限公司是全球最大的晶圓代工廠，總部位於新竹科學園區。" * 3
    doc = read_document(write(tmp_path / "big5.txt", text, encoding="big5"))
    assert doc.text == text


@pytest.mark.parametrize("content", [b"", b"  \n\t ", "  ".encode("utf-16"), "\ufeff \n".encode("utf-16")])
def test_empty_files_are_unreadable_and_named(tmp_path, content):
    path = write(tmp_path / "空白.txt", content)
    with pytest.raises(UnreadableDocument) as caught:
        read_document(path)
    assert str(caught.value).startswith(f"{path}: empty")
    assert isinstance(caught.value, ChainkgError)


def test_missing_file_is_named(tmp_path):
    with pytest.raises(DocumentNotFound, match="gone.txt: no such file"):
        read_document(tmp_path / "gone.txt")


# --------------------------------------------------------------------------- Markdown


def test_markdown_markup_is_stripped_and_title_is_first_heading(tmp_path):
    source = (
        "# 衢州 **锂电池** 产业链\n\n"
        "## 概况\n"
        "- [华友钴业](https://example.com/a) 生产*三元前驱体*\n"
        "> 引用：`六氟磷酸锂`\n\n"
        "| 企业 | 产品 |\n|---|---|\n| 甲公司 | 电解液 |\n"
        "---\n"
        "![图](x.png)结束。\n"
    )
    doc = read_document(write(tmp_path / "chain.md", source))
    assert doc.title == "衢州 锂电池 产业链"
    assert doc.format == "markdown"
    assert doc.text.split("\n") == [
        "衢州 锂电池 产业链", "", "概况", "华友钴业 生产三元前驱体", "引用：六氟磷酸锂", "",
        "企业\t产品", "", "甲公司\t电解液", "", "图结束。",
    ]


def test_markdown_title_from_front_matter(tmp_path):
    doc = read_document(write(tmp_path / "x.markdown", "---\ntitle: 产业链简报\n---\n正文。\n"))
    assert (doc.title, doc.text) == ("产业链简报", "正文。")


# --------------------------------------------------------------------------- HTML


def test_html_visible_text_blocks_and_title(tmp_path):
    page = (
        "<html><head><meta charset='gbk'><title>衢州 新闻</title><style>p{color:red}</style></head>"
        "<body><header>网站导航</header><nav><a href='/'>首页</a></nav>"
        "<h1>锂电项目签约</h1><p>项目总投资\n  51.5亿元，<b>年产</b>5万吨。</p>"
        "<div>第二段<br>换行</div><script>var x = '不可见';</script>"
        "<table><tr><td>企业</td><td>产品</td></tr></table>"
        "<aside>相关阅读</aside><footer>版权所有</footer></body></html>"
    )
    doc = read_document(write(tmp_path / "news.html", page, encoding="gbk"))
    assert doc.title == "衢州 新闻"
    assert doc.encoding == "gb18030"
    assert doc.text.split("\n") == ["锂电项目签约", "项目总投资51.5亿元，年产5万吨。", "第二段", "换行", "企业\t产品"]


def test_html_page_furniture_marked_by_class_or_id_is_dropped(tmp_path):
    page = (
        "<body class='page'><div class='topbar'>欢迎访问</div><ul id='main-nav'><li>首页</li></ul>"
        "<div class='bread-crumb'>当前位置</div><div class='article'><p>正文。</p>"
        "<span class='share-box'>分享到</span></div><div class='side-list'>热点</div></body>"
    )
    assert read_document(write(tmp_path / "p.html", page)).text == "正文。"


def test_html_title_falls_back_to_h1_then_stem(tmp_path):
    assert read_document(write(tmp_path / "a.htm", "<h1>标题一</h1><p>正文</p>")).title == "标题一"
    assert read_document(write(tmp_path / "b.htm", "<p>正文</p>")).title == "b"


def test_html_with_only_script_is_empty(tmp_path):
    path = write(tmp_path / "blank.html", "<html><body><script>x=1</script></body></html>")
    with pytest.raises(UnreadableDocument, match="blank.html: empty document"):
        read_document(path)


# --------------------------------------------------------------------------- DOCX


def test_docx_paragraphs_tables_and_heading_title(tmp_path):
    document = docx.Document()
    document.core_properties.title = "属性标题"
    document.add_paragraph("前言段落。")
    document.add_heading("衢州新能源产业报告", level=1)
    document.add_paragraph(SENTENCE)
    table = document.add_table(rows=2, cols=3)
    for row, values in zip(table.rows, [("企业", "产品", "产能"), ("甲公司", "电解液", "10万吨")]):
        for cell, value in zip(row.cells, values):
            cell.text = value
    table.rows[0].cells[1].merge(table.rows[0].cells[2])
    document.add_paragraph("结尾。")
    path = tmp_path / "报告.docx"
    document.save(path)

    doc = read_document(path)
    assert doc.title == "衢州新能源产业报告"
    assert doc.encoding is None and doc.format == "docx"
    assert doc.text.split("\n") == [
        "前言段落。", "衢州新能源产业报告", SENTENCE, "企业\t产品 产能", "甲公司\t电解液\t10万吨", "结尾。",
    ]


def test_docx_title_falls_back_to_core_properties(tmp_path):
    document = docx.Document()
    document.core_properties.title = "属性标题"
    document.add_paragraph("正文。")
    document.save(tmp_path / "a.docx")
    assert read_document(tmp_path / "a.docx").title == "属性标题"


def test_corrupt_docx_is_unreadable(tmp_path):
    path = write(tmp_path / "坏.docx", b"PK\x03\x04 not really a zip")
    with pytest.raises(UnreadableDocument, match=r"坏\.docx: is not a valid \.docx"):
        read_document(path)


# --------------------------------------------------------------------------- PDF


def write_pdf(path: Path, lines: list[str], title: str | None = None) -> Path:
    """A PDF with one text line per entry (empty entry = extra gap), in the built-in CID font."""
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    page = canvas.Canvas(str(path))
    if title:
        page.setTitle(title)
    page.setFont("STSong-Light", 12)
    y = 750
    for line in lines:
        if line:
            page.drawString(72, y, line)
        y -= 16
    page.save()
    return path


def test_pdf_text_with_lines_broken_inside_a_sentence_joined(tmp_path):
    path = write_pdf(tmp_path / "简报.pdf", ["衢州市锂电池新材料产业园", "总投资51.5亿元，年产", "三元正极材料5万吨。", "", "第二段。"])
    doc = read_document(path)
    assert doc.text == "衢州市锂电池新材料产业园总投资51.5亿元，年产三元正极材料5万吨。\n\n第二段。"
    assert (doc.title, doc.format, doc.encoding) == ("简报", "pdf", None)


class _Rects:
    """PDFium's text page as _page_text reads it: (left, bottom, right, top) rectangles and their text."""

    def __init__(self, rows: list[tuple[float, float, str]]):
        self.rows = rows  # (top, bottom, text), one rectangle a line

    def count_rects(self) -> int:
        return len(self.rows)

    def get_rect(self, index: int):
        top, bottom, _ = self.rows[index]
        return 72.0, bottom, 500.0, top

    def get_text_bounded(self, left, bottom, right, top) -> str:
        return next(text for t, b, text in self.rows if (t, b) == (top, bottom))


def test_pdf_paragraphs_found_without_glyph_boxes():
    # A CID font that is neither embedded nor installed gives rectangles of no height: the
    # paragraphs come from the distance between lines (15 within one, 21 between two).
    page = _Rects([(700, 700, "第一段第一行，"), (685, 685, "第一段第二行。"), (664, 664, "第二段第一行，"),
                   (649, 649, "第二段第二行，"), (634, 634, "第二段第三行。")])
    assert _page_text(page).split("\n") == ["第一段第一行，", "第一段第二行。", "", "第二段第一行，",
                                            "第二段第二行，", "第二段第三行。"]


def test_pdf_paragraphs_from_glyph_boxes_where_the_font_is_known():
    # Lines 16 apart, 12 high: a gap of 4 is a wrapped line, a gap of 20 a new paragraph.
    page = _Rects([(712, 700, "一行，"), (696, 684, "续行。"), (664, 652, "新段。")])
    assert _page_text(page).split("\n") == ["一行，", "续行。", "", "新段。"]


def test_pdf_title_from_metadata(tmp_path):
    path = write_pdf(tmp_path / "a.pdf", ["正文。"], title="产业链招商报告")
    assert read_document(path).title == "产业链招商报告"


def test_corrupt_pdf_is_unreadable_and_named(tmp_path):
    good = write_pdf(tmp_path / "good.pdf", ["正文。"]).read_bytes()
    path = write(tmp_path / "损坏.pdf", good[: len(good) // 3])
    with pytest.raises(UnreadableDocument) as caught:
        read_document(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert "Traceback" not in str(caught.value)


def test_password_protected_pdf_is_unreadable(tmp_path):
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "加密.pdf"
    page = canvas.Canvas(str(path), encrypt=StandardEncryption("secret", canPrint=0))
    page.setFont("STSong-Light", 12)
    page.drawString(72, 750, "机密。")
    page.save()
    with pytest.raises(UnreadableDocument, match=r"加密\.pdf: is password-protected"):
        read_document(path)


def test_encrypted_docx_is_unreadable(tmp_path):
    # Word saves a password-protected .docx as an OLE compound file, not a zip.
    path = write(tmp_path / "加密.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    with pytest.raises(UnreadableDocument, match=r"加密\.docx: is encrypted or an old binary \.doc"):
        read_document(path)


def test_not_a_pdf_and_image_only_pdf(tmp_path):
    with pytest.raises(UnreadableDocument, match=r"fake\.pdf: is not a PDF"):
        read_document(write(tmp_path / "fake.pdf", "纯文本"))
    blank = write_pdf(tmp_path / "scan.pdf", [])
    with pytest.raises(UnreadableDocument, match=r"scan\.pdf: no extractable text"):
        read_document(blank)


def test_join_broken_lines_keeps_sentence_ends_and_paragraphs():
    assert join_broken_lines("产业\n链。\n下一句") == "产业链。\n下一句"
    assert join_broken_lines("年产\n5万吨") == "年产5万吨"
    assert join_broken_lines("第一段\n\n第二段") == "第一段\n\n第二段"
    assert join_broken_lines("English line\nnext line") == "English line\nnext line"


# --------------------------------------------------------------------------- normalisation


def test_normalize_full_width_is_length_preserving():
    text = "ＡＢＣ公司２０２５年营收５１．５亿元，增长１２％！（完）"
    normalised, offsets = normalize(text)
    assert normalised == "ABC公司2025年营收51.5亿元，增长12%！（完）"
    assert offsets.is_identity
    assert len(normalised) == len(text)


def test_normalize_keeps_chinese_punctuation():
    text = "他说：「好」；“行”。对吗？是！（注）、《报告》"
    assert normalize(text)[0] == text


def test_normalize_collapses_whitespace_keeps_tabs_and_maps_offsets_back():
    text = "华友\u3000\u3000钴业\r\n\r\n  在衢州  \t 投资。"
    normalised, offsets = normalize(text)
    assert normalised == "华友 钴业\n在衢州 \t 投资。"  # a tab separates table cells: it stays
    for i, char in enumerate(normalised):
        if not char.isspace():
            assert text[offsets.to_original(i)] == char
    start = normalised.index("衢州")
    orig_start, orig_end = offsets.span_to_original(start, start + 2)
    assert text[orig_start:orig_end] == "衢州"
    assert offsets.to_original(len(normalised)) == len(text)


# --------------------------------------------------------------------------- sentences


def texts(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


def test_split_sentences_never_at_a_decimal_point():
    assert texts("营收51.5亿元。增长3.2%！") == ["营收51.5亿元。", "增长3.2%！"]


def test_split_sentences_keeps_closing_quotes_with_the_sentence():
    assert texts("他说：“……。”随后签约。「好！」『行？』") == ["他说：“……。”", "随后签约。", "「好！」", "『行？』"]


def test_split_sentences_mixed_punctuation_and_line_breaks():
    text = "  第一句；第二句?!第三句\n\n  第四句（附注。）最后没有句号  "
    assert texts(text) == ["第一句；", "第二句?!", "第三句", "第四句（附注。）", "最后没有句号"]


def test_split_sentences_spans_point_into_the_text_and_are_never_empty():
    assert split_sentences("") == []
    assert split_sentences(" \n。\n ") == []
    assert split_sentences(" \n好。\n ") == [(2, 4)]


def test_split_sentences_cuts_very_long_sentences_at_commas():
    clause = "衢州市新材料产业持续发展壮大"  # 14 chars
    text = "，".join([clause] * 60) + "。"
    spans = split_sentences(text)
    assert len(spans) == 2
    assert all(end - start <= 500 for start, end in spans)
    assert text[spans[0][1] - 1] == "，"
    assert "".join(text[s:e] for s, e in spans) == text


def test_split_sentences_does_not_cut_a_long_sentence_without_commas():
    assert split_sentences("数" * 600) == [(0, 600)]


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("四百六十七", 467), ("两千万", 20_000_000), ("1.5万", 15_000), ("3,000", 3000),
        ("二〇二五", 2025), ("十二", 12), ("十", 10), ("百分之三十", 0.3), ("30%", 0.3),
        ("5万", 50_000), ("2.3亿", 230_000_000), ("12亿", 1_200_000_000), ("一千零五", 1005),
        ("三万五", 35_000), ("二十一亿五千万", 2_150_000_000), ("1.5万亿", 1.5e12),
        ("300多亿", 3e10), ("三点五", 3.5), ("１２３", 123), ("零", 0), ("-5", -5),
    ],
)
def test_parse_chinese_number(text, value):
    assert parse_chinese_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "万", "多", "abc", "3千万元", "3 5", "一二三abc"])
def test_parse_chinese_number_rejects_non_numbers(text):
    assert parse_chinese_number(text) is None

"""Reading documents: find them on disk and turn each into plain text with a title.

Supported: .txt, .md/.markdown, .html/.htm, .docx and .pdf. Every failure a
user can cause (a corrupt or encrypted file, an empty one, undecodable bytes)
is an `UnreadableDocument` whose message names the file and the problem in
plain words; library tracebacks stay in `__cause__`.

Offsets used as evidence later point into `SourceText.text`, the text as read
here (markup removed, line endings unified), not into the raw bytes.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import time
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from chainkg.contract.errors import ChainkgError

__all__ = [
    "SUPPORTED_SUFFIXES",
    "ReadLimits",
    "DocumentNotFound",
    "SourceText",
    "UnreadableDocument",
    "decode_bytes",
    "iter_document_paths",
    "join_broken_lines",
    "read_document",
]

SUPPORTED_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf"})
_SKIPPED_FOLDERS = frozenset({"__MACOSX"})

# What each format reader returns: (title, text, encoding or None, format name).
_Parsed = tuple[str, str, "str | None", str]


class UnreadableDocument(ChainkgError):
    """A document that cannot be read; str() is "<path>: <reason>"."""

    def __init__(self, path: Path | str, reason: str):
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class DocumentNotFound(UnreadableDocument):
    """A path given to read from does not exist."""


@dataclass(frozen=True)
class SourceText:
    """One document as text: where it came from, its title and how it was decoded.

    `encoding` is the codec used for text formats (txt, md, html) and None for
    binary formats (docx, pdf); `sha256` is the hex digest of the raw bytes.
    """

    path: Path
    title: str
    text: str
    encoding: str | None
    sha256: str
    format: str


@dataclass(frozen=True)
class ReadLimits:
    """What one document may cost to read; a document over a limit is named and skipped.

    Defaults (each overridable by the environment variable in brackets): 50 MB a file
    [CHAINKG_MAX_FILE_MB], 2,000,000 characters of text [CHAINKG_MAX_TEXT_CHARS] (about 45 s
    of the pipeline on one core), 500 PDF pages [CHAINKG_MAX_PDF_PAGES], 200 MB unpacked
    .docx [CHAINKG_MAX_DOCX_MB] and 120 s of reading [CHAINKG_READ_TIMEOUT_S]. HTML nested
    deeper than 256 levels is refused by the parser itself. Figures: docs/hostile_inputs.md.
    """

    max_file_mb: float = 50
    max_text_chars: int = 2_000_000
    max_pdf_pages: int = 500
    max_docx_mb: float = 200
    timeout_s: float = 120

    @classmethod
    def from_environment(cls) -> ReadLimits:
        env, default = os.environ, cls()
        return cls(max_file_mb=float(env.get("CHAINKG_MAX_FILE_MB", default.max_file_mb)),
                   max_text_chars=int(env.get("CHAINKG_MAX_TEXT_CHARS", default.max_text_chars)),
                   max_pdf_pages=int(env.get("CHAINKG_MAX_PDF_PAGES", default.max_pdf_pages)),
                   max_docx_mb=float(env.get("CHAINKG_MAX_DOCX_MB", default.max_docx_mb)),
                   timeout_s=float(env.get("CHAINKG_READ_TIMEOUT_S", default.timeout_s)))


class _Deadline:
    """The reading time left for one document, checked between pages and paragraphs."""

    def __init__(self, path: Path, seconds: float):
        self.path, self.seconds = path, seconds
        self.end = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.end:
            raise UnreadableDocument(self.path, f"reading took longer than {self.seconds:g} s "
                                                "(CHAINKG_READ_TIMEOUT_S); skipped")


# --------------------------------------------------------------------------- finding files


def iter_document_paths(paths: Iterable[str | Path] | str | Path) -> Iterator[Path]:
    """Yield the supported documents under `paths` (files or folders), sorted and unique.

    Folders are walked recursively in sorted order, skipping files and folders whose
    name starts with "." or "_" (hidden, or bookkeeping such as _SUCCESS: Hadoop's
    listing skips the same, so a Spark run reads the files this one reads) and Office
    lock files (~$report.docx). A file named explicitly must
    have a supported suffix; a path that does not exist raises DocumentNotFound.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    seen: set[Path] = set()
    for given in map(Path, paths):
        for path in _expand(given):
            if path not in seen:
                seen.add(path)
                yield path


def _expand(path: Path) -> Iterator[Path]:
    """The documents a single given path stands for."""
    if path.is_dir():
        yield from _walk_folder(path)
    elif path.is_file():
        if _is_lock_file(path.name):
            return
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            supported = " ".join(sorted(SUPPORTED_SUFFIXES))
            raise UnreadableDocument(path, f"unsupported file type '{path.suffix}' (supported: {supported})")
        yield path
    else:
        raise DocumentNotFound(path, "no such file or folder")


def _walk_folder(folder: Path) -> Iterator[Path]:
    """Supported, visible documents under `folder`, in sorted order, depth first."""
    for root, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not _is_hidden(d) and d not in _SKIPPED_FOLDERS)
        for name in sorted(filenames):
            if _is_wanted_file_name(name):
                yield Path(root) / name


def _is_wanted_file_name(name: str) -> bool:
    """True for a visible, supported document name that is not an Office lock file."""
    if _is_hidden(name) or _is_lock_file(name):
        return False
    return Path(name).suffix.lower() in SUPPORTED_SUFFIXES


def _is_hidden(name: str) -> bool:
    """Names Hadoop's file listing (and so a Spark run) never reads: .hidden and _bookkeeping."""
    return name.startswith((".", "_"))


def _is_lock_file(name: str) -> bool:
    """Office writes ~$name.docx next to a file that is open; it is not a document."""
    return name.startswith("~$")


# --------------------------------------------------------------------------- reading


def read_document(path: str | Path, limits: ReadLimits | None = None) -> SourceText:
    """Read one document into a SourceText, or raise UnreadableDocument saying why.

    Example: ``read_document("报告.docx").title`` is the first Heading paragraph,
    else the document's core-properties title, else "报告". A document over one of
    ``limits`` (default: ReadLimits()) is refused with the figure and the setting.
    """
    path = Path(path)
    limits = limits or ReadLimits()
    suffix = path.suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        raise UnreadableDocument(path, f"unsupported file type '{path.suffix}'")
    raw = _read_bytes(path, limits)
    if not raw.strip():
        raise UnreadableDocument(path, "empty file" if not raw else "empty document (only whitespace)")
    title, text, encoding, fmt = reader(path, raw, limits, _Deadline(path, limits.timeout_s))
    # NUL and other C0 controls carry no text; a space keeps every offset where it was.
    text = _CONTROLS.sub(" ", _unify_line_endings(text)).lstrip("\ufeff").strip()
    if not text:
        raise UnreadableDocument(path, "empty document: no text found")
    if len(text) > limits.max_text_chars:
        raise UnreadableDocument(path, f"{len(text):,} characters of text, over the limit of "
                                       f"{limits.max_text_chars:,} (CHAINKG_MAX_TEXT_CHARS)")
    title = " ".join(title.split()) or path.stem
    return SourceText(path, title, text, encoding, hashlib.sha256(raw).hexdigest(), fmt)


_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _read_bytes(path: Path, limits: ReadLimits) -> bytes:
    """The raw bytes of `path`, with OS errors and an oversized file turned into UnreadableDocument."""
    try:
        size = path.stat().st_size
        if size > limits.max_file_mb * 1_000_000:
            raise UnreadableDocument(path, f"{size / 1_000_000:,.1f} MB, over the limit of "
                                           f"{limits.max_file_mb:g} MB a file (CHAINKG_MAX_FILE_MB)")
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise DocumentNotFound(path, "no such file") from exc
    except IsADirectoryError as exc:
        raise UnreadableDocument(path, "is a folder, not a file") from exc
    except PermissionError as exc:
        raise UnreadableDocument(path, "permission denied") from exc
    except OSError as exc:
        raise UnreadableDocument(path, f"cannot read the file ({exc.strerror or exc})") from exc


def _unify_line_endings(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --------------------------------------------------------------------------- text encodings

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def decode_bytes(path: Path, raw: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode `raw` to (text, encoding): BOM, declared charset, UTF-8, GB18030, then detection."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return _decode_strict(path, raw[len(bom) :], encoding.removesuffix("-sig")), encoding
    for encoding in _candidate_encodings(declared):
        try:
            text = raw.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if encoding != "gb18030" or _looks_like_chinese(text):
            return text, encoding
    return _detect_encoding(path, raw)


def _candidate_encodings(declared: str | None) -> list[str]:
    """Encodings to try strictly, in order; a declared GBK/GB2312 is read as its superset."""
    candidates = []
    if declared:
        declared = declared.strip().lower()
        candidates.append("gb18030" if declared in ("gbk", "gb2312", "gb_2312-80", "x-gbk") else declared)
    return candidates + [enc for enc in ("utf-8", "gb18030") if enc not in candidates]


def _decode_strict(path: Path, raw: bytes, encoding: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise UnreadableDocument(path, f"starts with a {encoding} byte-order mark but is not valid {encoding}") from exc


def _looks_like_chinese(text: str) -> bool:
    """GB18030 decodes almost any bytes; accept it only if the result is mostly common text.

    Real GBK text is nearly all GB2312 characters and ASCII; Big5 or binary
    bytes read as GB18030 give rare characters and control codes instead.
    """
    sample = text[:20000]
    if not sample:
        return True
    common = sum(1 for ch in sample if ch.isascii() and (ch.isprintable() or ch in "\n\r\t") or _in_gb2312(ch))
    return common / len(sample) >= 0.95


def _in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _detect_encoding(path: Path, raw: bytes) -> tuple[str, str]:
    """Last resort: charset-normalizer's best guess, refusing binary-looking results."""
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None or best.encoding is None:
        raise UnreadableDocument(path, "cannot tell the text encoding (not UTF-8, GBK/GB18030 or UTF-16)")
    text = str(best)
    if "\x00" in text:
        raise UnreadableDocument(path, "looks like a binary file, not text")
    return text, best.encoding


# --------------------------------------------------------------------------- plain text and Markdown


def _read_plain(path: Path, raw: bytes, limits: ReadLimits, deadline: _Deadline) -> _Parsed:
    text, encoding = decode_bytes(path, raw)
    return path.stem, text, encoding, "txt"


def _read_markdown(path: Path, raw: bytes, limits: ReadLimits, deadline: _Deadline) -> _Parsed:
    text, encoding = decode_bytes(path, raw)
    front_title, body = _split_front_matter(_unify_line_endings(text))
    title = front_title or _first_markdown_heading(body) or path.stem
    return title, _strip_markdown(body), encoding, "markdown"


_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
_FRONT_TITLE = re.compile(r"^title:\s*[\"']?(.+?)[\"']?\s*$", re.MULTILINE)


def _split_front_matter(text: str) -> tuple[str | None, str]:
    """(title from YAML front matter or None, the text without the front matter)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return None, text
    title = _FRONT_TITLE.search(match.group(1))
    return (title.group(1) if title else None), text[match.end() :]


_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.+?)[ \t#]*$", re.MULTILINE)


def _first_markdown_heading(text: str) -> str | None:
    match = _HEADING.search(text)
    return _strip_inline_markdown(match.group(1)) if match else None


# Line-level markup, removed at the start of a line.
_LINE_PREFIX = re.compile(r"^ {0,3}(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+(?:\[[ xX]\][ \t]+)?)", re.MULTILINE)
_RULE_OR_FENCE = re.compile(r"^ {0,3}(?:[-*_=][ \t]*){3,}$|^ {0,3}(?:```|~~~).*$", re.MULTILINE)
_TABLE_DIVIDER = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$", re.MULTILINE)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_CLOSING_HASHES = re.compile(r"[ \t]+#+[ \t]*$", re.MULTILINE)


def _strip_markdown(text: str) -> str:
    """Light Markdown removal: headings, quotes, bullets, rules, fences, tables, inline marks."""
    text = _HTML_COMMENT.sub("", text)
    text = _TABLE_DIVIDER.sub("", text)
    text = _RULE_OR_FENCE.sub("", text)
    text = _CLOSING_HASHES.sub("", text)
    text = _LINE_PREFIX.sub("", text)
    text = "\n".join(_table_row_to_cells(line) for line in text.split("\n"))
    return _strip_inline_markdown(text)


def _table_row_to_cells(line: str) -> str:
    """'| 企业 | 产品 |' -> '企业\\t产品'; other lines unchanged."""
    stripped = line.strip()
    if len(stripped) < 2 or not (stripped.startswith("|") and stripped.endswith("|")):
        return line
    return "\t".join(cell.strip() for cell in stripped[1:-1].split("|"))


_IMAGE_OR_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_REFERENCE_LINK = re.compile(r"!?\[([^\]]+)\]\[[^\]]*\]")
_EMPHASIS = re.compile(r"(\*{1,3}|_{2,3}|~~)(?=\S)(.+?)(?<=\S)\1")
_INLINE_CODE = re.compile(r"`([^`\n]+)`")


def _strip_inline_markdown(text: str) -> str:
    """Links and images become their text; emphasis, strike and code marks are dropped."""
    text = _IMAGE_OR_LINK.sub(r"\1", text)
    text = _REFERENCE_LINK.sub(r"\1", text)
    text = _INLINE_CODE.sub(r"\1", text)
    return _EMPHASIS.sub(r"\2", text)


# --------------------------------------------------------------------------- HTML

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.IGNORECASE)
_INVISIBLE_TAGS = ("head", "title", "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "svg", "iframe")
_BLOCK_TAGS = (
    "address", "article", "blockquote", "br", "caption", "dd", "div", "dl", "dt", "figcaption",
    "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "main", "ol", "p", "pre",
    "section", "table", "tr", "ul",
)
_CELL_TAGS = ("td", "th")
# class/id words that mark page furniture on Chinese news and government sites.
_BOILERPLATE_WORDS = frozenset({
    "nav", "navbar", "menu", "topbar", "crumb", "crumbs", "breadcrumb", "footer", "foot", "sidebar",
    "side", "share", "copyright", "toolbar", "related", "ad", "ads", "advert", "banner", "login",
})
_CLASS_WORD = re.compile(r"[a-z]+")
_BREAK = "\ue000"  # private-use sentinel for a line break; not whitespace, never in real text
_CELL = "\ue001"
_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
# A source line break next to a Chinese character renders as nothing (CSS segment-break rules).
_SOURCE_BREAK_NEAR_CJK = re.compile(rf"(?<=[{_CJK}])\s*\n\s*|\s*\n\s*(?=[{_CJK}])")


def _read_html(path: Path, raw: bytes, limits: ReadLimits, deadline: _Deadline) -> _Parsed:
    declared = _META_CHARSET.search(raw[:4096])
    text, encoding = decode_bytes(path, raw, declared.group(1).decode("ascii") if declared else None)
    root = _parse_html(path, text)
    if root is None:
        return path.stem, "", encoding, "html"
    title = _html_title(root)
    _remove_invisible_and_boilerplate(root)
    return title or path.stem, _visible_html_text(root), encoding, "html"


def _parse_html(path: Path, text: str):
    """The page's element tree from libxml2: linear in size and depth, which it caps at 256
    levels (a browser's HTML5 parser is quadratic in depth: a page of 60,000 nested divs
    would take minutes)."""
    import lxml.etree
    import lxml.html

    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True)
    try:
        root = lxml.etree.fromstring(text, parser)
    except (lxml.etree.LxmlError, ValueError) as exc:
        if "Excessive depth" in str(parser.error_log):
            raise UnreadableDocument(path, "HTML nested deeper than 256 levels "
                                           "(a broken or hostile page)") from exc
        if not text.strip("\ufeff \t\r\n"):
            return None
        raise UnreadableDocument(path, f"cannot parse the HTML ({type(exc).__name__})") from exc
    if any("Excessive depth" in entry.message for entry in parser.error_log):
        raise UnreadableDocument(path, "HTML nested deeper than 256 levels (a broken or hostile page)")
    return root


def _html_title(root) -> str | None:
    for name in ("title", "h1"):
        for tag in root.iter(name):
            text = " ".join("".join(tag.itertext()).split())
            if text:
                return text
    return None


def _remove_invisible_and_boilerplate(root) -> None:
    """Drop scripts, styles, navigation, headers, footers and class-marked page furniture."""
    doomed = [el for el in root.iter() if isinstance(el.tag, str)
              and (el.tag in _INVISIBLE_TAGS or _is_boilerplate(el))]
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()  # keeps the text that follows the element


def _is_boilerplate(tag) -> bool:
    """True for an element whose class or id names navigation, sidebars, sharing and such."""
    if tag.tag in ("html", "body"):
        return False
    names = (tag.get("class") or "") + " " + (tag.get("id") or "")
    return not _BOILERPLATE_WORDS.isdisjoint(_CLASS_WORD.findall(names.lower()))


def _visible_html_text(root) -> str:
    """Text of the page with block elements on their own lines and table cells tab-separated."""
    import lxml.etree

    pieces: list[str] = []
    for event, element in lxml.etree.iterwalk(root, events=("start", "end")):
        if not isinstance(element.tag, str):
            continue
        if event == "start":
            if element.tag in _BLOCK_TAGS:
                pieces.append(_BREAK)
            pieces.append(element.text or "")
            continue
        if element.tag in _CELL_TAGS:
            pieces.append(_CELL)
        if element.tag in _BLOCK_TAGS:
            pieces.append(_BREAK)
        if element is not root:
            pieces.append(element.tail or "")
    flat = _SOURCE_BREAK_NEAR_CJK.sub("", "".join(pieces))
    flat = re.sub(r"\s+", " ", flat)  # other source whitespace is one space in HTML
    lines = (line.replace(_CELL, "\t").strip(" \t") for line in flat.split(_BREAK))
    return "\n".join(line for line in lines if line)


# --------------------------------------------------------------------------- DOCX


def _read_docx(path: Path, raw: bytes, limits: ReadLimits, deadline: _Deadline) -> _Parsed:
    from docx.table import Table

    _check_docx_expansion(path, raw, limits)
    document = _open_docx(path, raw)
    lines, heading = [], None
    for block in document.iter_inner_content():
        deadline.check()
        if isinstance(block, Table):
            lines.extend(_docx_table_lines(block))
            continue
        if heading is None and block.text.strip() and _is_heading_style(block):
            heading = block.text.strip()
        lines.append(block.text)
    title = heading or document.core_properties.title or path.stem
    return title, "\n".join(line for line in lines if line.strip()), None, "docx"


def _check_docx_expansion(path: Path, raw: bytes, limits: ReadLimits) -> None:
    """Refuse a .docx whose parts unpack to more than the limit (a zip bomb) before parsing."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        return  # _open_docx says what is wrong with it
    if unpacked > limits.max_docx_mb * 1_000_000:
        raise UnreadableDocument(path, f"unpacks to {unpacked / 1_000_000:,.0f} MB, over the limit of "
                                       f"{limits.max_docx_mb:g} MB (CHAINKG_MAX_DOCX_MB)")


def _open_docx(path: Path, raw: bytes):
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableDocument(path, "is encrypted or an old binary .doc saved as .docx; save it as a plain .docx")
    try:
        return docx.Document(io.BytesIO(raw))
    except (zipfile.BadZipFile, PackageNotFoundError) as exc:
        raise UnreadableDocument(path, "is not a valid .docx (corrupt or a different format)") from exc
    except Exception as exc:  # broken XML parts surface as lxml, KeyError, ValueError...
        raise UnreadableDocument(path, f"the .docx is damaged ({type(exc).__name__})") from exc


def _is_heading_style(paragraph) -> bool:
    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    return name.startswith(("Heading", "Title", "标题"))


def _docx_table_lines(table) -> list[str]:
    """One line a row, cells joined by a tab; a merged cell is written once."""
    lines = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) not in seen:  # merged cells repeat the same <w:tc>
                seen.add(id(cell._tc))
                cells.append(" ".join(cell.text.split()))
        lines.append("\t".join(cells))
    return lines


# --------------------------------------------------------------------------- PDF

_SENTENCE_END_BEFORE_BREAK = "。！？；：!?;:"
_JOIN_LEFT = rf"[{_CJK}0-9A-Za-z%]"
_JOIN_RIGHT = rf"[{_CJK}0-9A-Za-z]"
_BROKEN_LINE = re.compile(rf"(?<={_JOIN_LEFT})[ \t]*\n[ \t]*(?={_JOIN_RIGHT})")
_CJK_CHAR = re.compile(rf"[{_CJK}]")


def _read_pdf(path: Path, raw: bytes, limits: ReadLimits, deadline: _Deadline) -> _Parsed:
    if not raw.lstrip().startswith(b"%PDF"):
        raise UnreadableDocument(path, "is not a PDF (no %PDF header)")
    title, pages = _pdf_pages(path, raw, limits, deadline)
    text = "\n\n".join(pages)
    if not text.strip():
        raise UnreadableDocument(path, "no extractable text (a scanned PDF? run OCR on it first)")
    return title or path.stem, join_broken_lines(_unify_line_endings(text)), None, "pdf"


def _pdf_pages(path: Path, raw: bytes, limits: ReadLimits, deadline: _Deadline) -> tuple[str | None, list[str]]:
    """The title and the text of each page, from PDFium (pypdfium2; measured against
    pdfminer in docs/hostile_inputs.md)."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(raw)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise UnreadableDocument(path, "is password-protected or forbids text extraction") from exc
        raise UnreadableDocument(path, "the PDF is damaged and cannot be parsed") from exc
    try:
        if len(pdf) > limits.max_pdf_pages:
            raise UnreadableDocument(path, f"{len(pdf):,} pages, over the limit of "
                                           f"{limits.max_pdf_pages:,} (CHAINKG_MAX_PDF_PAGES)")
        pages = []
        for page in pdf:
            deadline.check()
            textpage = page.get_textpage()
            pages.append(_page_text(textpage))
            textpage.close()
            page.close()
        return _pdf_title(pdf), pages
    except pdfium.PdfiumError as exc:
        raise UnreadableDocument(path, "the PDF is damaged and cannot be parsed") from exc
    finally:
        pdf.close()


def _page_text(textpage) -> str:
    """A page's text line by line, with a blank line where a paragraph (or a heading) starts."""
    lines: list[list] = []  # [top, bottom, text]
    for index in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(index)
        text = textpage.get_text_bounded(left, bottom, right, top)
        if lines and _same_line(lines[-1], top, bottom):
            lines[-1][2] += text
        else:
            lines.append([top, bottom, text])
    pitches = sorted(above[1] - line[1] for above, line in zip(lines, lines[1:]) if above[1] > line[1])
    pitch = pitches[len(pitches) // 2] if pitches else 0.0
    out: list[str] = []
    for index, (top, bottom, text) in enumerate(lines):
        if index and _starts_paragraph(lines[index - 1], top, bottom, pitch):
            out.append("")
        out.append(text)
    return "\n".join(out)


def _starts_paragraph(above: list, top: float, bottom: float, pitch: float) -> bool:
    """A paragraph starts where the gap above a line is taller than most of a line. Where
    PDFium has no glyph boxes (a font neither embedded nor installed: rectangles of no height),
    it starts where the line sits a quarter further below the one above than the page's usual
    distance between lines (``pitch``, the median)."""
    above_top, above_bottom, _ = above
    if min(above_top - above_bottom, top - bottom) > _KNOWN_HEIGHT:
        return above_bottom - top > 0.8 * (above_top - above_bottom)
    return pitch > 0 and above_bottom - bottom > 1.25 * pitch


_KNOWN_HEIGHT = 1.0  # points: a line's rectangle lower than this has no glyph boxes behind it


def _same_line(line: list, top: float, bottom: float) -> bool:
    overlap = min(line[0], top) - max(line[1], bottom)
    return overlap > 0.5 * min(line[0] - line[1], top - bottom)


def _pdf_title(pdf) -> str | None:
    """The Title entry of the PDF's information dictionary, if any; never raises."""
    try:
        title = (pdf.get_metadata_dict().get("Title") or "").strip()
    except Exception:  # a title is optional; the stem is a fine fallback
        return None
    return title if title and title.lower() != "untitled" else None


def join_broken_lines(text: str) -> str:
    """Remove line breaks that a PDF put inside a Chinese sentence.

    A single line break between two CJK characters (or a CJK character and a
    digit or letter) is dropped unless a sentence-ending mark precedes it.
    Blank lines (paragraph breaks) stay.

    >>> join_broken_lines("衢州市新材料产业\\n集聚了多家企业。\\n第二句")
    '衢州市新材料产业集聚了多家企业。\\n第二句'
    """
    def join(match: re.Match) -> str:
        before, after = text[match.start() - 1], text[match.end()]
        if before in _SENTENCE_END_BEFORE_BREAK or not (_CJK_CHAR.match(before) or _CJK_CHAR.match(after)):
            return match.group()
        return ""

    return _BROKEN_LINE.sub(join, text)


_READERS = {
    ".txt": _read_plain,
    ".md": _read_markdown,
    ".markdown": _read_markdown,
    ".html": _read_html,
    ".htm": _read_html,
    ".docx": _read_docx,
    ".pdf": _read_pdf,
}

"""Product and company vocabularies beyond the chain templates.

Two sources, both plain text files a person can read and edit:

- ``contract/data/products.general.v1.txt`` (and v2, v1 with a few more kinds) ships with chainkg: general industrial products
  (煤炭, 原油, 芯片, 汽车, 化肥 …) that news names and the six chains do not cover, written by
  the team from general knowledge. Extraction finds them as PRODUCT; they belong to no
  segment, so they never count for a gap, but they carry MAKES facts into the graph.
- ``contract/data/companies.foreign.v1.tsv`` ships with chainkg too: foreign companies as news
  names them without a legal suffix (特斯拉, 西门子, 巴斯夫), with their home country, written by
  the team from general knowledge; extraction finds them as COMPANY.
- a **lexicon file**, written from a graph (graph/analysis/vocabulary.py reads its names):
  ``label<TAB>text<TAB>key`` lines, label COMPANY or PRODUCT, which the extraction pipeline
  loads without the store (``paths.lexicon`` in its config).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from chainkg.contract.errors import ChainkgError
from chainkg.contract.keys import company_key, product_key
from chainkg.contract.resources import contract_data

GENERAL_PRODUCTS = "products.general.v1.txt"
# Versioned as the rules are: a version is a whole file, never edited once measured; the
# pipeline's config chooses one (``general_version`` of chainkg.chain_patterns.v2).
GENERAL_PRODUCT_VERSIONS = {"v1": GENERAL_PRODUCTS, "v2": "products.general.v2.txt"}
FOREIGN_COMPANIES = "companies.foreign.v1.tsv"
LEXICON_LABELS = ("COMPANY", "PRODUCT")


class VocabularyError(ChainkgError):
    """A vocabulary or lexicon file cannot be read."""


@dataclass(frozen=True)
class Term:
    label: str   # COMPANY | PRODUCT
    text: str    # as written in documents
    key: str     # the node key the text names


def general_products(path: str | Path | None = None, version: str = "v1") -> list[Term]:
    """The general product vocabulary (``version`` of GENERAL_PRODUCT_VERSIONS, unless a path is
    given): every name and alias, keyed by the first name."""
    if not path and version not in GENERAL_PRODUCT_VERSIONS:
        raise VocabularyError(f"unknown general product vocabulary {version!r}: choose one of "
                              f"{', '.join(GENERAL_PRODUCT_VERSIONS)}")
    path = Path(path) if path else contract_data(GENERAL_PRODUCT_VERSIONS[version])
    terms = []
    for number, line in enumerate(_lines(path), 1):
        if not line.strip() or line.startswith("#"):
            continue
        name, _, aliases = line.rstrip("\n").partition("\t")
        name = name.strip()
        if not name:
            raise VocabularyError(f"{path}:{number}: a line needs a product name before its tab")
        key = product_key(name)
        terms += [Term("PRODUCT", text, key) for text in
                  dict.fromkeys([name, *(a.strip() for a in aliases.split("、") if a.strip())])]
    return terms


@dataclass(frozen=True)
class ForeignCompany:
    name: str                # its usual Chinese name, the company's name in the facts
    country: str             # its home country, as the gazetteer names it
    forms: tuple[str, ...]   # every name it goes by, ``name`` first


@dataclass(frozen=True)
class ForeignCompanies:
    companies: tuple[ForeignCompany, ...]
    not_names: tuple[str, ...]  # words that hold a listed name and name no company (三星堆)


def foreign_companies(path: str | Path | None = None) -> ForeignCompanies:
    """The foreign company list: ``name<TAB>country<TAB>other names`` lines (others separated
    by 、), and ``!word`` lines for words that hold a listed name and name no company.

    >>> next(c for c in foreign_companies().companies if c.name == "西门子").country
    '德国'
    """
    path = Path(path) if path else contract_data(FOREIGN_COMPANIES)
    companies, not_names = [], []
    for number, line in enumerate(_lines(path), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("!"):
            not_names.append(line[1:].strip())
            continue
        parts = [part.strip() for part in line.rstrip("\n").split("\t")]
        if len(parts) not in (2, 3) or not all(parts[:2]):
            raise VocabularyError(f"{path}:{number}: expected name<TAB>country[<TAB>other names]")
        others = parts[2].split("、") if len(parts) == 3 else []
        forms = tuple(dict.fromkeys([parts[0], *(o.strip() for o in others if o.strip())]))
        companies.append(ForeignCompany(parts[0], parts[1], forms))
    return ForeignCompanies(tuple(companies), tuple(not_names))


def read_lexicon(path: str | Path) -> list[Term]:
    """The terms of a lexicon file (``label<TAB>text<TAB>key``; ``#`` lines are comments)."""
    path = Path(path)
    terms = []
    for number, line in enumerate(_lines(path), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.rstrip("\n").split("\t")
        if len(parts) != 3 or parts[0] not in LEXICON_LABELS or not parts[1].strip():
            raise VocabularyError(f"{path}:{number}: expected label<TAB>text<TAB>key with label "
                                  f"{' or '.join(LEXICON_LABELS)}")
        label, text, key = parts[0], parts[1].strip(), parts[2].strip()
        terms.append(Term(label, text, key or (company_key(text) if label == "COMPANY" else product_key(text))))
    return terms


def write_lexicon(path: str | Path, terms: list[Term], header: str = "") -> int:
    """Write ``terms`` as a lexicon file; returns how many lines were written."""
    path = Path(path)
    lines = [f"# {line}" for line in header.splitlines()] if header else []
    lines += [f"{t.label}\t{t.text}\t{t.key}" for t in terms]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(terms)


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8-sig").splitlines()
    except OSError as exc:
        raise VocabularyError(f"{path}: cannot read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise VocabularyError(f"{path}: not UTF-8 text") from None

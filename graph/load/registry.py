"""Company registries into the graph: CSV, XLSX or JSON lines, one company a row.

Columns (any order, other columns ignored): ``name``, ``full_name``, ``credit_code``,
``province``, ``city``, ``address``, ``products`` (separated by ``;``, ``；``, ``、`` or ``,``),
``industry``, ``listed``. A file with other headers is read through a mapping from its
column names to these fields (``{"企业名称": "name"}``; ``FIELDS`` lists them). A row needs a name or a full name;
a credit code, when given, must have the 18-character shape. Province and city come from
their columns, else from the credit code's region digits, else from the address, else from
the start of the company's name.

The rows of a file become one document group ``registry:<file name>`` written with
``origin="registry"``; rows with problems are reported by line number and left out.
Product names are linked by the loader to the template products of the loaded chains, so
"LFP" in a registry is the node 磷酸铁锂 of the templates. A company is keyed by its normalised full name (else its name),
the key extraction uses too, so a registry row and a document mention meet in one node.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

from chainkg.contract.errors import ChainkgError
from chainkg.contract.facts import CompanyFact, DocumentFact, Evidence, NodeRef, ProductFact, RelationFact
from chainkg.contract.keys import company_key, product_key, region_key
from chainkg.contract.places import (
    Place,
    city_place,
    is_credit_code,
    place_from_credit_code,
    place_from_text,
    province_name,
)
from chainkg.graph.load.regions import place_facts
from chainkg.graph.load.writer import DocumentGroup, LoadReport, load_facts
from chainkg.graph.store import GraphStore

FIELDS = ("name", "full_name", "credit_code", "province", "city", "address", "products",
          "industry", "listed")
_PRODUCT_SPLIT = re.compile(r"[;；、,，/]")
_TRUE = {"1", "true", "yes", "y", "是", "上市"}


class RegistryError(ChainkgError):
    """A registry file cannot be read at all (missing, unknown format, no usable header)."""


class RowProblem(ValueError):
    """One row cannot be used; the message says why."""


@dataclass
class CompanyRow:
    line: int
    name: str
    full_name: str
    credit_code: str | None
    place: Place
    products: list[str]
    industry: str | None
    listed: bool | None

    @property
    def key(self) -> str:
        return company_key(self.full_name or self.name)


@dataclass
class ImportReport:
    """What an import did: rows loaded, rows refused (``file:line: why``), the writer's report."""

    loaded: int = 0
    problems: list[str] = field(default_factory=list)
    load: LoadReport | None = None


# --------------------------------------------------------------------------
# Reading rows


def read_rows(path: Path, mapping: dict[str, str] | None = None) -> Iterator[tuple[int, dict]]:
    """Raw rows of a registry file as ``(line number, {field: text})``, fields renamed."""
    if not path.is_file():
        raise RegistryError(f"{path}: no such file")
    suffix = path.suffix.lower()
    readers = {".csv": _csv_rows, ".xlsx": _xlsx_rows, ".jsonl": _jsonl_rows,
               ".json": _jsonl_rows, ".ndjson": _jsonl_rows}
    if suffix not in readers:
        raise RegistryError(f"{path}: unknown registry format {suffix or '(none)'}; "
                            "use .csv, .xlsx or .jsonl")
    mapping = mapping or {}
    for line, raw in readers[suffix](path):
        yield line, {mapping.get(k.strip(), k.strip()): v for k, v in raw.items() if k}


def _decoded(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Registries exported from Chinese office software are often GBK.
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            raise RegistryError(f"{path}: neither UTF-8 nor GBK text") from None


def _csv_rows(path: Path) -> Iterator[tuple[int, dict]]:
    reader = csv.DictReader(_decoded(path).splitlines())
    if not reader.fieldnames:
        raise RegistryError(f"{path}: empty file, expected a header line")
    for raw in reader:
        yield reader.line_num, {k: v for k, v in raw.items() if k is not None}


def _xlsx_rows(path: Path) -> Iterator[tuple[int, dict]]:
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for a bad file
        raise RegistryError(f"{path}: not a readable .xlsx workbook ({exc})") from None
    rows = book.active.iter_rows(values_only=True)
    header = [str(c).strip() if c is not None else "" for c in next(rows, [])]
    for number, values in enumerate(rows, 2):
        if any(v not in (None, "") for v in values):
            yield number, {h: "" if v is None else str(v) for h, v in zip(header, values)}
    book.close()


def _jsonl_rows(path: Path) -> Iterator[tuple[int, dict]]:
    for number, line in enumerate(_decoded(path).splitlines(), 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, {"__error__": f"not JSON ({exc.msg})"}
            continue
        yield number, raw if isinstance(raw, dict) else {"__error__": "not a JSON object"}


# --------------------------------------------------------------------------
# Checking one row


def parse_row(line: int, raw: dict) -> CompanyRow:
    """A checked row; raises RowProblem saying what is wrong with it."""
    if "__error__" in raw:
        raise RowProblem(raw["__error__"])
    text = {k: _text(raw.get(k)) for k in FIELDS}
    if not (text["name"] or text["full_name"]):
        raise RowProblem("no name and no full_name")
    code = text["credit_code"].upper() or None
    if code and not is_credit_code(code):
        raise RowProblem(f"credit_code {code!r} is not an 18-character unified social credit code")
    if text["province"] and not province_name(text["province"]):
        raise RowProblem(f"unknown province {text['province']!r}")
    return CompanyRow(
        line=line, name=text["name"] or text["full_name"], full_name=text["full_name"],
        credit_code=code, place=_place(text, code),
        products=[p.strip() for p in _PRODUCT_SPLIT.split(text["products"]) if p.strip()],
        industry=text["industry"] or None,
        listed=(text["listed"].lower() in _TRUE) if text["listed"] else None)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "；".join(str(v) for v in value)
    return str(value).strip()


def _place(text: dict, code: str | None) -> Place:
    """Columns first, then the credit code, the address and the company name."""
    given = _given_place(text)
    derived = [place_from_credit_code(code)] if code else []
    derived += [place_from_text(text["address"])] if text["address"] else []
    derived.append(place_from_text(text["full_name"] or text["name"], anywhere=False))
    for place in derived:
        if not place.province or (given.province and place.province != given.province):
            continue
        if given.city and place.city != given.city:
            continue
        return Place(place.province, place.city or given.city, place.district)
    return given


def _given_place(text: dict) -> Place:
    province = province_name(text["province"])
    city = city_place(text["city"])
    if city and (not province or city.province == province):
        return city
    city_name = text["city"] or None
    if city_name and not city_name.endswith(("市", "州", "盟", "区")):
        city_name += "市"
    return Place(province, city_name)


# --------------------------------------------------------------------------
# Rows to facts


def registry_group(rows: list[CompanyRow], source: str) -> DocumentGroup:
    """One document group holding every good row of a registry file."""
    doc_id = f"registry:{source}"
    group = DocumentGroup(DocumentFact(id=doc_id, title=f"企业名录：{source}",
                                       source="company registry", path=source))
    regions: dict[str, object] = {}
    for row in rows:
        _add_company(group, row, doc_id, regions)
    group.entities.extend(regions.values())
    return group


def _add_company(group: DocumentGroup, row: CompanyRow, doc_id: str, regions: dict) -> None:
    company = CompanyFact(
        key=row.key, name=row.full_name or row.name,
        aliases=[row.name] if row.full_name and row.name != row.full_name else [],
        credit_code=row.credit_code, province=row.place.province, city=row.place.city,
        industry=row.industry, listed=row.listed)
    group.entities.append(company)
    ref = NodeRef(label="Company", key=row.key, name=company.name)
    evidence = Evidence(doc_id=doc_id, extractor="registry", sentence=_sentence(row))
    for name in row.products:
        key = product_key(name)
        group.entities.append(ProductFact(key=key, name=name))
        group.relations.append(RelationFact(
            type="MAKES", source=ref, target=NodeRef(label="Product", key=key, name=name),
            evidence=evidence))
    _add_place(group, ref, row.place, doc_id, evidence, regions)


def _add_place(group: DocumentGroup, ref: NodeRef, place: Place, doc_id: str,
               evidence: Evidence, regions: dict) -> None:
    where = place.most_specific()
    if not where:
        return
    entities, relations = place_facts(place, doc_id)
    for entity in entities:
        regions.setdefault(entity.key, entity)
    group.relations.extend(relations)  # repeated PART_OF rows are merged by the writer
    group.relations.append(RelationFact(
        type="LOCATED_IN", source=ref, target=NodeRef(label="Region", key=region_key(where), name=where),
        evidence=evidence))


def _sentence(row: CompanyRow) -> str:
    products = "、".join(row.products) or "未列明"
    return f"名录第{row.line}行：{row.full_name or row.name}，主营产品：{products}。"


def import_companies(store: GraphStore, path: str | Path, mapping: dict[str, str] | None = None, *,
                     force: bool = False) -> ImportReport:
    """Load the good rows of a registry file; every bad row is reported as ``file:line: why``.

    The loader links products to the template products of the chains the store holds.
    """
    path = Path(path)
    report = ImportReport()
    rows: list[CompanyRow] = []
    for line, raw in read_rows(path, mapping):
        try:
            rows.append(parse_row(line, raw))
        except RowProblem as exc:
            report.problems.append(f"{path}:{line}: {exc}")
    if not rows and not report.problems:
        raise RegistryError(f"{path}: no rows")
    store.ensure_schema()
    report.load = load_facts(store, [registry_group(rows, path.name)],
                             origin="registry", force=force)
    report.problems += report.load.failures
    report.loaded = len(rows) if not report.load.failures else 0
    return report

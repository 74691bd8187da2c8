"""Importer for the ChainKnowledgeGraph JSON-lines files (listed companies and their products).

Reads, from a folder holding them: ``company.json`` ({name, fullname, code, ...}),
``company_industry.json`` ({company_code, industry_name, ...}), ``product.json`` ({name}),
``company_product.json`` ({company_code, product_name, rel_weight, ...}) and
``product_product.json`` ({from_entity, rel, to_entity}). Nothing of the data is kept in
the repository; the folder is an argument.

Facts made: every company (keyed by its normalised full name, listed, placed in the
province/city its name starts with), every product, and MAKES with the revenue share as
``share``. The loader links product names to the template products of the loaded chains
(graph/load/products.py); a product whose ``产品小类`` parent links to a template product
also counts as making that template product (尖晶石型锰酸锂 -> 锰酸锂). Product-to-product relations have no place in the facts contract
yet, so they are only counted. Each file becomes one ``registry:ckg/<file>`` document group
written with ``origin="registry"``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from chainkg.contract.errors import ChainkgError
from chainkg.contract.facts import CompanyFact, DocumentFact, Evidence, NodeRef, ProductFact, RelationFact
from chainkg.contract.keys import company_key, product_key, region_key
from chainkg.contract.lexicon import AUTO_LINK
from chainkg.contract.places import place_from_text
from chainkg.graph.load.products import TemplateProducts
from chainkg.graph.load.regions import place_facts
from chainkg.graph.load.writer import DocumentGroup, LoadReport, load_facts
from chainkg.graph.store import GraphStore

FILES = ("company.json", "company_industry.json", "product.json", "company_product.json",
         "product_product.json")
SUBTYPE = "产品小类"


class CkgError(ChainkgError):
    """The ChainKnowledgeGraph folder is missing a file or cannot be read."""


@dataclass
class CkgReport:
    companies: int = 0
    products: int = 0
    makes: int = 0
    makes_via_subtype: int = 0
    skipped_product_relations: int = 0
    problems: list[str] = field(default_factory=list)
    load: LoadReport | None = None


def _lines(path: Path, problems: list[str]) -> Iterator[dict]:
    with path.open(encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                problems.append(f"{path}:{number}: not JSON ({exc.msg})")


def _code(text: str) -> str:
    """The six-digit stock code of ``300750.SZ`` or ``300750``."""
    return str(text).split(".")[0].strip()


def _companies(folder: Path, problems: list[str]) -> dict[str, dict]:
    """Companies by stock code (a repeated code keeps its last line)."""
    industries = {_code(r["company_code"]): r.get("industry_name")
                  for r in _lines(folder / "company_industry.json", problems)}
    companies = {}
    for row in _lines(folder / "company.json", problems):
        full = (row.get("fullname") or row.get("name") or "").strip()
        if not full:
            continue
        code = _code(row.get("code", ""))
        companies[code] = {"key": company_key(full), "name": full, "code": code,
                           "short": (row.get("name") or "").strip(),
                           "industry": industries.get(code)}
    return companies


def _company_group(companies: dict[str, dict]) -> DocumentGroup:
    doc_id = "registry:ckg/company.json"
    group = DocumentGroup(DocumentFact(id=doc_id, title="ChainKnowledgeGraph 上市公司",
                                       source="ChainKnowledgeGraph", path="company.json"))
    regions: dict[str, object] = {}
    evidence = Evidence(doc_id=doc_id, extractor="ckg")
    for company in companies.values():
        place = place_from_text(company["name"], anywhere=False)
        group.entities.append(CompanyFact(
            key=company["key"], name=company["name"], listed=True, industry=company["industry"],
            stock_code=company["code"] or None,
            aliases=[company["short"]] if company["short"] and company["short"] != company["name"] else [],
            province=place.province, city=place.city))
        if place.province:
            entities, relations = place_facts(place, doc_id)
            regions.update({e.key: e for e in entities})
            group.relations += relations
            where = place.most_specific()
            group.relations.append(RelationFact(
                type="LOCATED_IN", source=NodeRef(label="Company", key=company["key"]),
                target=NodeRef(label="Region", key=region_key(where), name=where),
                evidence=evidence))
    group.entities += list(regions.values())
    return group


def _product_group(folder: Path, problems: list[str]) -> DocumentGroup:
    group = DocumentGroup(DocumentFact(id="registry:ckg/product.json",
                                       title="ChainKnowledgeGraph 产品", source="ChainKnowledgeGraph",
                                       path="product.json"))
    seen: set[str] = set()
    for row in _lines(folder / "product.json", problems):
        name = (row.get("name") or "").strip()
        if name and product_key(name) not in seen:
            seen.add(product_key(name))
            group.entities.append(ProductFact(key=product_key(name), name=name))
    return group


def _subtype_parents(folder: Path, products: TemplateProducts, problems: list[str],
                     report: CkgReport) -> dict[str, tuple[str, str]]:
    """Product name -> the template product its parent (产品小类) links to."""
    parents = {}
    for row in _lines(folder / "product_product.json", problems):
        if row.get("rel") != SUBTYPE:
            report.skipped_product_relations += 1
            continue
        parent, child = row.get("from_entity", ""), (row.get("to_entity") or "").strip()
        link = products.linker.link(parent) if child and parent else None
        if link and link.confidence >= AUTO_LINK:
            parents.setdefault(child, (link.product_key, link.product_name))
    return parents


def _makes_group(folder: Path, companies: dict, parents: dict,
                 problems: list[str], report: CkgReport) -> DocumentGroup:
    doc_id = "registry:ckg/company_product.json"
    group = DocumentGroup(DocumentFact(id=doc_id, title="ChainKnowledgeGraph 主营产品",
                                       source="ChainKnowledgeGraph", path="company_product.json"))
    best: dict[tuple[str, str], tuple[float, str, str]] = {}
    for row in _lines(folder / "company_product.json", problems):
        company = companies.get(_code(row.get("company_code", "")))
        raw = (row.get("product_name") or "").strip()
        if not company or not raw:
            continue
        share = float(row.get("rel_weight") or 0.0)
        targets = [(product_key(raw), raw, "")]
        if raw in parents and parents[raw][0] != targets[0][0]:
            targets.append((*parents[raw], raw))
        for key, name, via in targets:
            pair = (company["key"], key)
            if pair not in best or share > best[pair][0]:
                best[pair] = (share, name, via)
    for (company, key), (share, name, via) in best.items():
        group.relations.append(_makes(company, key, name, share, via, doc_id))
        report.makes_via_subtype += bool(via)
    report.makes = len(best)
    return group


def _makes(company_key: str, key: str, name: str, share: float, via: str, doc_id: str) -> RelationFact:
    how = f"（其{via}属{name}）" if via else ""
    sentence = f"主营产品：{via or name}{how}，营收占比{share:.1%}。"
    return RelationFact(
        type="MAKES", source=NodeRef(label="Company", key=company_key),
        target=NodeRef(label="Product", key=key, name=name),
        evidence=Evidence(doc_id=doc_id, extractor="ckg", sentence=sentence),
        props={"share": round(share, 6), **({"via": SUBTYPE} if via else {})})


def import_ckg(store: GraphStore, folder: str | Path, *, force: bool = False,
               progress: Callable[[DocumentGroup], None] | None = None) -> CkgReport:
    """Import the ChainKnowledgeGraph files of ``folder``; see the module docstring.

    Products are put on the template products of the chains the store holds (load them first).
    """
    folder = Path(folder)
    missing = [name for name in FILES if not (folder / name).is_file()]
    if missing:
        raise CkgError(f"{folder}: missing {', '.join(missing)} (expected the "
                       "ChainKnowledgeGraph JSON-lines files)")
    report = CkgReport()
    store.ensure_schema()
    companies = _companies(folder, report.problems)
    groups = [_company_group(companies), _product_group(folder, report.problems)]
    parents = _subtype_parents(folder, TemplateProducts.read(store), report.problems, report)
    groups.append(_makes_group(folder, companies, parents, report.problems, report))
    report.companies, report.products = len(companies), len(groups[1].entities)
    report.load = load_facts(store, groups, origin="registry", force=force, progress=progress)
    report.problems += report.load.failures
    return report

"""A small, realistic graph for the app and export tests, written through the real writer.

The chain templates of chains/ and the region table come in through ``load_chains``; one
hand-written document (facts made with the contract's fact models, not read from the sample
corpus, so the tests do not depend on extraction quality) adds lithium-chain companies in
衢州 and elsewhere, with evidence sentences. Gaps in the lithium chain of 衢州 are therefore
known: 正极材料 strong, 电解质锂盐 weak, 电解液 missing between present neighbours.
"""

from __future__ import annotations

from pathlib import Path

from chainkg.contract.facts import CompanyFact, DocumentFact, Evidence, NodeRef, ProjectFact, RelationFact
from chainkg.contract.keys import product_key, region_key
from chainkg.extract.pipeline import extract_paths
from chainkg.graph.load.chains import load_chains
from chainkg.graph.load.writer import DocumentGroup, group_facts, load_facts

DOC_ID = "doc:app-test"
DOC_TITLE = "衢州锂电产业调研（测试）"
CHAIN = "lithium-battery"
REGION = "衢州"

# (company, city or district, province, products, sentence)
COMPANIES = [
    ("衢州华锂正极材料有限公司", "衢江区", "浙江省", ["三元正极材料"],
     "衢州华锂正极材料有限公司在衢江区建成年产5万吨三元正极材料产线。"),
    ("衢州钴源新材料有限公司", "衢州市", "浙江省", ["磷酸铁锂"],
     "衢州钴源新材料有限公司主要生产磷酸铁锂。"),
    ("浙江衢正科技有限公司", "衢州市", "浙江省", ["钴酸锂"],
     "浙江衢正科技有限公司生产钴酸锂，供应本地电芯企业。"),
    ("衢州氟锂化学有限公司", "衢州市", "浙江省", ["六氟磷酸锂"],
     "衢州氟锂化学有限公司具备六氟磷酸锂产能。"),
    ("衢州前驱体科技有限公司", "衢州市", "浙江省", ["三元前驱体"],
     "衢州前驱体科技有限公司生产三元前驱体。"),
    ("衢州动力电芯有限公司", "衢州市", "浙江省", ["动力电池"],
     "衢州动力电芯有限公司生产动力电池。"),
    ("江苏远航电解液股份有限公司", "苏州市", "江苏省", ["锂离子电池电解液"],
     "江苏远航电解液股份有限公司是国内领先的锂离子电池电解液供应商。"),
    ("江西赣锋新能源有限公司", "宜春市", "江西省", ["锂离子电池电解液", "六氟磷酸锂"],
     "江西赣锋新能源有限公司同时生产锂离子电池电解液和六氟磷酸锂。"),
]
PROJECT = ("年产5万吨三元正极材料项目", "衢州华锂正极材料有限公司", "三元正极材料",
           3.2e9, "5万吨", "衢州华锂正极材料有限公司投资32亿元建设年产5万吨三元正极材料项目。")


def _sentence_evidence(text: str, sentence: str) -> Evidence:
    start = text.index(sentence)
    return Evidence(doc_id=DOC_ID, sentence=sentence, start=start, end=start + len(sentence),
                    extractor="test", confidence=1.0)


def document_group() -> DocumentGroup:
    """The hand-written test document with its companies, products, places and one project."""
    text = "".join(row[4] for row in COMPANIES) + PROJECT[5]
    group = DocumentGroup(DocumentFact(id=DOC_ID, title=DOC_TITLE, source="测试",
                                       date="2024-05-01", path="tests/appdata.py"))
    for name, place, province, products, sentence in COMPANIES:
        evidence = _sentence_evidence(text, sentence)
        company = NodeRef(label="Company", key=name, name=name)
        group.entities.append(CompanyFact(key=name, name=name, province=province,
                                          city=place, aliases=[_short(name)]))
        group.relations.append(RelationFact(
            type="LOCATED_IN", source=company,
            target=NodeRef(label="Region", key=region_key(place), name=place),
            evidence=evidence))
        for product in products:
            group.relations.append(RelationFact(
                type="MAKES", source=company,
                target=NodeRef(label="Product", key=product_key(product), name=product),
                evidence=evidence))
    _add_project(group, text)
    return group


def _add_project(group: DocumentGroup, text: str) -> None:
    name, company, product, investment, capacity, sentence = PROJECT
    evidence = _sentence_evidence(text, sentence)
    project = NodeRef(label="Project", key=name, name=name)
    group.entities.append(ProjectFact(key=name, name=name, investment_cny=investment,
                                      capacity=capacity, stage="在建", date="2024-03"))
    group.relations += [
        RelationFact(type="RUNS", source=NodeRef(label="Company", key=company, name=company),
                     target=project, evidence=evidence),
        RelationFact(type="MAKES", source=project,
                     target=NodeRef(label="Product", key=product_key(product), name=product),
                     evidence=evidence),
        RelationFact(type="LOCATED_IN", source=project,
                     target=NodeRef(label="Region", key=region_key("衢江区"), name="衢江区"),
                     evidence=evidence),
    ]


def _short(name: str) -> str:
    """A short name the way people write it: no province/city prefix, no legal suffix."""
    for prefix in ("浙江", "江苏", "江西", "衢州"):
        name = name.removeprefix(prefix)
    for suffix in ("股份有限公司", "有限公司"):
        name = name.removesuffix(suffix)
    return name


def build(store) -> None:
    """Fill an empty ``store`` with the chain templates, regions and the test document."""
    load_chains(store)
    report = load_facts(store, [document_group()])
    assert not report.failures, report.failures


CORPUS = Path(__file__).resolve().parent.parent / "corpora"


def build_with_corpus(store) -> None:
    """``build`` plus the sample corpus of corpora/, extracted by the real pipeline."""
    build(store)
    failures: list[str] = []
    report = load_facts(store, group_facts(extract_paths([CORPUS], failures)))
    assert not failures and not report.failures, failures + report.failures

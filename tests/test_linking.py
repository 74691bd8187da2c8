"""Product linking: names from documents, registries and CKG land on the template products,
and a template product is one node whichever chains name it."""

from __future__ import annotations

from pathlib import Path

import pytest

from chainkg.contract.lexicon import AUTO_LINK, LexiconEntry, ProductLinker, lexicon
from chainkg.contract.templates import load_templates
from chainkg.graph.load.chains import load_chains
from chainkg.graph.load.registry import import_companies

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def linker() -> ProductLinker:
    return ProductLinker(lexicon(load_templates(ROOT / "chains")))


@pytest.mark.parametrize("name, product, rule", [
    ("三元正极材料", "三元正极材料", "name"),
    ("ＮＣＭ", "三元正极材料", "alias"),            # full-width Latin is the same text
    ("正极材料", "正极材料", "name"),              # the segment's name is its generic product
    ("“碳酸锂”", "碳酸锂", "name"),                # quotes around a cell are not the name
    ("碳酸锂系列", "碳酸锂", "suffix"),
    ("高镍三元正极材料", "三元正极材料", "modifier"),
    ("注射液", "注射剂", "alias"),
    ("氟化工产品", "含氟精细化学品", "head"),
    ("左氧氟沙星片", "化学药制剂", "mark"),
])
def test_each_rule_links_its_kind_of_name(linker, name, product, rule):
    link = linker.link(name)
    assert link is not None, name
    assert (link.product_key, link.rule) == (product, rule)
    assert link.confidence >= AUTO_LINK


@pytest.mark.parametrize("name", ["钢材", "铝", "三元", "PCB", "", "——"])
def test_names_no_rule_covers_stay_unlinked(linker, name):
    assert linker.link(name) is None


def test_the_longest_ending_wins_and_short_endings_are_doubtful():
    linker = ProductLinker([LexiconEntry(text, "PRODUCT", "c", segment, text) for text, segment in
                            [("电芯", "cell"), ("隔膜", "sep"), ("锂电池隔膜", "sep")]])
    assert linker.link("湿法锂电池隔膜").product_key == "锂电池隔膜"
    assert linker.link("湿法锂电池隔膜").confidence >= AUTO_LINK
    assert linker.link("方形电芯").confidence < AUTO_LINK  # a two-character ending: review it


def test_a_latin_text_matches_whole_words_only(linker):
    assert linker.link("NCM") is not None
    assert linker.link("ANCM") is None


def _write(folder: Path, name: str, text: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


FOIL_A = """key: chain-a
name: 甲链
segments:
  - key: foil
    name: 集流体
    tier: upstream
    feeds: [cell]
    products: [电池铝箔]
    product_aliases:
      电池铝箔: [锂电铝箔]
  - key: cell
    name: 电芯
    tier: midstream
    products: [电芯]
"""
FOIL_B = """key: chain-b
name: 乙链
segments:
  - key: rolled
    name: 铝加工材
    tier: midstream
    products: [锂电铝箔, 铝板带]
"""


def test_a_product_two_chains_name_is_one_node(store, tmp_path):
    _write(tmp_path / "chains", "a.yaml", FOIL_A)
    _write(tmp_path / "chains", "b.yaml", FOIL_B)
    load_chains(store, tmp_path / "chains")
    rows = store.rows(
        "MATCH (s:Segment)-[:INCLUDES]->(p:Product) WHERE p.name IN ['电池铝箔', '锂电铝箔'] "
        "OR '锂电铝箔' IN coalesce(p.aliases, []) RETURN DISTINCT p.key AS key, s.key AS segment "
        "ORDER BY segment")
    assert [r["segment"] for r in rows] == ["chain-a/foil", "chain-b/rolled"]
    assert len({r["key"] for r in rows}) == 1
    again = load_chains(store, tmp_path / "chains")  # loading again finds the same identity
    assert again.written == 0


def test_two_products_that_share_only_an_alias_stay_two(store, tmp_path):
    _write(tmp_path / "chains", "a.yaml", FOIL_A.replace("products: [电芯]", "products: [碳酸甲乙酯]\n"
                                                         "    product_aliases:\n      碳酸甲乙酯: [EMC]"))
    _write(tmp_path / "chains", "c.yaml", """key: chain-c
name: 丙链
segments:
  - key: packaging
    name: 封装材料
    tier: upstream
    products: [环氧塑封料]
    product_aliases:
      环氧塑封料: [EMC]
""")
    load_chains(store, tmp_path / "chains")
    rows = store.rows("MATCH (s:Segment)-[:INCLUDES]->(p:Product) WHERE p.name IN ['碳酸甲乙酯', '环氧塑封料'] "
                      "RETURN s.key AS segment, p.name AS product ORDER BY segment")
    assert [(r["segment"], r["product"]) for r in rows] == [("chain-a/cell", "碳酸甲乙酯"),
                                                              ("chain-c/packaging", "环氧塑封料")]


def test_registry_products_link_to_the_stored_templates(store, tmp_path):
    _write(tmp_path / "chains", "a.yaml", FOIL_A)
    load_chains(store, tmp_path / "chains")
    registry = tmp_path / "companies.csv"
    registry.write_text("name,full_name,province,products\n"
                        "甲箔,江苏甲箔材有限公司,江苏,锂电铝箔、集流体；钢材\n", encoding="utf-8")
    assert import_companies(store, registry).loaded == 1
    rows = store.rows("MATCH (:Company {key: '江苏甲箔材有限公司'})-[m:MAKES]->(p:Product) "
                      "OPTIONAL MATCH (s:Segment)-[:INCLUDES]->(p) "
                      "RETURN p.name AS product, s.key AS segment ORDER BY product")
    assert [(r["product"], r["segment"]) for r in rows] == [
        ("电池铝箔", "chain-a/foil"), ("钢材", None), ("集流体", "chain-a/foil")]

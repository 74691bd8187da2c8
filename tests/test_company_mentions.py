"""Company mentions without a legal suffix (docs/extraction.md, "Company mentions").

Every sentence here is made up for the test, with invented companies; none comes from the
real-news gold set or the held-out lists the benchmark reads.
"""

from __future__ import annotations

import pytest

from chainkg.contract.facts import RelationFact
from chainkg.extract.pipeline import build_pipeline, extract_text
from chainkg.extract.rules.company_names import NAME_CUTS, RegionSpan, find_companies


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(overrides=(("components.relation_model.enabled", False),))


def names(text: str, regions: list[RegionSpan] = (), others: list[tuple[int, int]] = (),
          **switches) -> list[str]:
    mentions, _ = find_companies(text, list(regions), cuts=NAME_CUTS["v2"], others=others, **switches)
    return [text[m.start:m.end] for m in mentions]


def triples(nlp, text: str) -> set[tuple[str, str, str]]:
    facts = list(extract_text(text, "doc:t", nlp=nlp))
    return {(f.source.name, f.type, f.target.name) for f in facts if isinstance(f, RelationFact)}


# -- lists naming a found company ----------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("青岚电池集团、远帆锂业和星河能源等企业签约入驻。", ["青岚电池集团", "远帆锂业", "星河能源"]),
    ("签约企业包括远帆锂业、青岚电池集团与星河能源。", ["远帆锂业", "青岚电池集团", "星河能源"]),
    ("青岚电池集团、远帆锂业、星河能源均出现上涨。", ["青岚电池集团", "远帆锂业", "星河能源"]),
])
def test_the_other_members_of_a_list_naming_a_company_are_companies(text, expected):
    assert names(text, enumerations=True) == expected
    assert names(text) == ["青岚电池集团"]


def test_a_list_without_a_found_company_names_none():
    assert names("远帆锂业、星河能源等企业签约入驻。", enumerations=True) == []
    assert names("经济、民生、文化等方面都有进展。", enumerations=True) == []


def test_places_offices_and_products_in_a_list_are_no_companies():
    text = "参会的有苍山市、青岚电池集团、北岭县商务局和钠电池。"
    product = text.index("钠电池")
    place = RegionSpan(text.index("苍山市"), text.index("苍山市") + 3, "苍山市")
    assert names(text, [place], [(product, product + 3)], enumerations=True) == ["青岚电池集团"]


@pytest.mark.parametrize("text, expected", [
    ("公司主要客户为星河光电、远帆光伏和青岚太阳能等。", ["星河光电", "远帆光伏", "青岚太阳能"]),
    ("晶远科技、东方日泰等多家上市公司积极参与。", ["晶远科技", "东方日泰"]),
    ("星岳重机、北岭远大等12家央企集中签约。", ["星岳重机", "北岭远大"]),
])
def test_a_list_a_word_for_companies_introduces_or_closes_names_companies(text, expected):
    assert names(text, enumerations=True, described_lists=True) == expected
    assert names(text, enumerations=True) == []


def test_a_list_of_products_or_places_is_no_list_of_companies():
    assert names("公司产品包括电控、电驱和热管理系统。", enumerations=True, described_lists=True) == []
    text = "北岭、苍山等多家企业参与。"
    places = [RegionSpan(0, 2, "北岭市"), RegionSpan(3, 5, "苍山县")]
    assert names(text, places, enumerations=True, described_lists=True) == []


def test_list_members_become_partners_in_the_pipeline(nlp):
    found = triples(nlp, "青岚电池集团、远帆锂业和星河能源共同出资设立合资公司。")
    pairs = {frozenset((s, o)) for s, t, o in found if t == "PARTNERS_WITH"}
    assert frozenset(("远帆锂业", "星河能源")) in pairs


# -- financial-news cues, v2 --------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("青岚科技：拟投资5亿元建设钠电池项目。", ["青岚科技"]),
    ("远帆锂业：子公司拟与北岭市签署投资协议。", ["远帆锂业"]),
    ("记者从星河能源获悉，新工厂已投产。", ["星河能源"]),
    ("星河能源与对方的合资公司Alpha Motors将于明年投产。", ["Alpha Motors"]),
    ("青岚科技（股票代码：300999）发布业绩预告。", ["青岚科技"]),
    ("远帆锂业(SZ300998)股价上涨。", ["远帆锂业"]),
])
def test_v2_cues_name_companies_without_a_legal_suffix(text, expected):
    assert names(text, cues="v2") == expected
    assert names(text, cues="v1") != expected


@pytest.mark.parametrize("text", [
    "主持人：我们欢迎各位来宾。",
    "青岚市副市长某某：拟加快钠电池产业布局。",
    "记者从北岭市商务局获悉，项目已开工。",
    "记者从会上获悉，项目已开工。",
    "星河能源公司CEO表示，需求旺盛。",
])
def test_v2_cues_take_no_speaker_office_or_title(text):
    assert names(text, cues="v2") == []


def test_cues_version_is_checked(nlp):
    with pytest.raises(Exception, match="cues"):
        build_pipeline(overrides=(("components.companies.cues", "v9"),))


# -- the party a company signs or works with, cues v3 ------------------------------------------

@pytest.mark.parametrize("text, party", [
    ("青岚科技公告，公司与远帆创投及其他方合作设立两支基金。", "远帆创投"),
    ("远帆锂业公告，公司与北岭市政府、星河创业等签署投资协议。", "星河创业"),
    ("青岚科技股份有限公司与星河能源就电池回收达成合作。", "星河能源"),
    ("青岚科技股份有限公司与星河能源的合资公司明年投产。", "星河能源"),
])
def test_v3_the_party_a_company_signs_with_is_a_company(text, party):
    assert party in names(text, cues="v3")
    assert party not in names(text, cues="v2")


@pytest.mark.parametrize("text", [
    "青岚科技股份有限公司与张伟签署股权转让协议。",
    "青岚科技股份有限公司与对方签署协议。",
    "青岚科技股份有限公司与北岭市人民政府签署协议。",
    "公司与客户签订供货合同。",
    "会议强调要把发展与安全结合起来。",
])
def test_v3_no_person_pronoun_or_government_is_a_party(text):
    found = names(text, cues="v3")
    assert found in ([], ["青岚科技股份有限公司"])


def test_v3_parties_become_partners_in_the_pipeline(nlp):
    found = triples(nlp, "青岚科技公告，公司与远帆创投共同设立新能源产业基金。")
    assert any(t == "PARTNERS_WITH" and {s, o} == {"青岚科技", "远帆创投"} for s, t, o in found)


# -- short names by shape ---------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("据悉，岚峰锂业拟投资建设电解液项目。", ["岚峰锂业"]),
    ("远川股份与岚峰钴业签署供货协议。", ["远川股份", "岚峰钴业"]),
    ("星岳化工拟收购岚峰水泥的部分股权。", ["星岳化工", "岚峰水泥"]),
    ("岚峰锂业2025年营收增长三成。", ["岚峰锂业"]),
])
def test_a_brand_and_a_trade_word_between_clause_edges_is_a_company(text, expected):
    assert names(text, shapes=True) == expected
    assert names(text) == []


@pytest.mark.parametrize("text", [
    "动力电池需求旺盛，消费电子需求疲软。",
    "我国传统能源仍占主导，商业银行加大投放。",
    "公司持有股份比例为百分之五。",
    "各地要推动钢铁、化工等行业节能降碳，加快发展能源。",
])
def test_industry_words_of_that_shape_are_no_companies(text):
    assert names(text, shapes=True) == []


def test_a_place_or_a_lexicon_product_is_no_brand():
    text = "北岭化工园区扩建。"
    place = RegionSpan(0, 2, "北岭市")
    assert names(text, [place], shapes=True) == []
    assert names("储能电池供不应求。", others=[(0, 4)], shapes=True) == []


# -- a company whose officer speaks, cues v4 ------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("股比不会调整。星河汽车相关负责人表示，双方仍在谈判。", ["星河汽车"]),
    ("据悉，远帆光电董事长表示，扩产将按期完成。", ["远帆光电"]),
])
def test_v4_a_company_whose_officer_speaks_is_a_company(text, expected):
    assert names(text, cues="v4") == expected
    assert names(text, cues="v3") == []


@pytest.mark.parametrize("text", [
    "北岭市商务局相关负责人表示，项目进展顺利。",
    "公司董事长张某表示，订单饱满。",
    "此前他将任职副董事长。",
])
def test_v4_no_office_pronoun_or_career_is_a_company(text):
    assert names(text, cues="v4") == []


def test_the_benchmark_skips_in_one_line_without_the_shared_data(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    done = subprocess.run([sys.executable, "benchmarks/company_mentions.py", "--data", str(tmp_path)],
                          capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1], timeout=120)
    assert done.returncode == 0 and done.stdout.startswith("skipped:") and len(done.stdout.splitlines()) == 1


# -- a name a clause says is a company, cues v5; cut words inside a cue name ---------------------

def test_v5_a_name_a_clause_calls_a_company_is_one():
    text = "记者了解到，星河豪泰是一家以光伏硅片生产为主营业务的高新技术企业。"
    assert names(text, cues="v5") == ["星河豪泰"]
    assert names(text, cues="v4") == []


@pytest.mark.parametrize("text", [
    "张伟是一家新能源企业。",
    "该公司是一家高新技术企业。",
    "李强是一家公司的老板。",
])
def test_v5_no_person_or_pronoun_is_a_company(text):
    assert names(text, cues="v5") == []


def test_strict_cues_cut_a_passive_word_off_a_name_before_a_stock_code():
    text = "股权穿透显示，该公司由星岳重工(600999)全资控股。"
    assert names(text, cues="v2") == ["星岳重工"]
    assert names(text, cues="v1") == ["该公司由星岳重工"]


# -- foreign companies by their usual Chinese name (contract/data/companies.foreign.v1.tsv) ----

def _with_foreign_names(on: bool):
    return build_pipeline(overrides=(("components.relation_model.enabled", False),
                                     ("components.companies.foreign_names", on)))


@pytest.fixture(scope="module")
def nlp_foreign():
    return _with_foreign_names(True)


def companies(nlp, text: str) -> list[str]:
    doc = nlp(text)
    return [span.text for span in doc.spans["companies"]]


def test_a_listed_foreign_company_is_a_company(nlp_foreign):
    text = "特斯拉与松下签署电池供货协议，德国巴斯夫将在北岭建设新工厂。"
    assert companies(nlp_foreign, text) == ["特斯拉", "松下", "巴斯夫"]
    assert companies(_with_foreign_names(False), text) == []  # the switch off: as before
    facts = {f.name: f for f in extract_text(text, "doc:t", nlp=nlp_foreign) if f.kind == "company"}
    assert {"特斯拉", "松下", "巴斯夫"} <= set(facts)


def test_another_name_of_a_listed_company_keys_it_by_its_listed_name(nlp_foreign):
    doc = nlp_foreign("空客宣布，空中客车天津总装线将扩产。")
    assert [(s.text, s.kb_id_) for s in doc.spans["companies"]] == [("空客", "空中客车"), ("空中客车", "空中客车")]
    assert doc._.companies["空中客车"].aliases == ["空客"]


@pytest.mark.parametrize("text", [
    "各地要加强生产安全，努力拓展市场。",   # 加强|生产 holds 强生, 努力|拓展 holds 力拓
    "三星堆遗址又有新发现。",              # a word of the list's that names no company
    "丰田章男出席了发布会。",              # a person's name holding 丰田
    "全国最佳能效企业名单公布。",          # 最佳|能效 holds 佳能
])
def test_a_word_holding_a_listed_name_is_no_company(nlp_foreign, text):
    assert companies(nlp_foreign, text) == []


def test_a_place_or_latin_letters_across_a_name_edge_keep_it_out():
    from chainkg.contract.vocabulary import foreign_companies
    from chainkg.extract.rules.foreign_names import ForeignNames

    names = ForeignNames(foreign_companies())
    assert names.find("武汉高铁站", fixed=[(0, 2)]) == []        # 武汉 runs across 汉高
    assert names.find("ABBA乐队与ABB合作") and [h.start for h in names.find("ABBA乐队与ABB合作")] == [7]
    assert [h.name for h in names.find("现代汽车", fixed=[(2, 4)])] == ["现代汽车"]  # a product inside


def test_the_foreign_list_names_no_ordinary_word_and_only_gazetteer_countries():
    from chainkg.contract.gazetteer import DEFAULT_GAZETTEER, load_gazetteer
    from chainkg.contract.vocabulary import foreign_companies

    listed = foreign_companies()
    countries = {r.name for r in load_gazetteer(DEFAULT_GAZETTEER).regions.values() if r.level == "country"}
    forms = [form for company in listed.companies for form in company.forms]
    assert len(listed.companies) >= 300 and len(forms) == len(set(forms))
    assert {company.country for company in listed.companies} <= countries
    assert not {"大众", "苹果", "通用", "现代", "日产", "福特", "奔驰", "标致", "陶氏", "罗氏", "亚马逊"} & set(forms)


def test_a_listed_foreign_company_anchors_a_list(nlp_foreign):
    assert companies(nlp_foreign, "特斯拉、星河汽车和远帆动力等车企纷纷降价。") == ["特斯拉", "星河汽车", "远帆动力"]



def _merged(nlp, text: str, company: str, regions: tuple[str, ...], products: tuple[str, ...] = (),
            *, place_named: bool = True) -> list[tuple[str, str]]:
    """doc.ents of the entities step over a made-up Doc: places and lexicon products found by
    the rules, and one NER company opening with the first place."""
    from chainkg.extract.components.base import LEXICON, NER, REGIONS
    from chainkg.extract.components.entities import Entities

    doc = nlp.make_doc(text)

    def spans(parts, label):
        return [doc.char_span(text.index(p), text.index(p) + len(p), label=label, kb_id=p) for p in parts]

    doc.spans[REGIONS] = spans(regions, "REGION")
    doc.spans[LEXICON] = spans(products, "PRODUCT")
    doc.spans[NER] = spans([company], "COMPANY")
    return [(e.text, e.label_) for e in Entities(place_named=place_named)(doc).ents]


@pytest.mark.parametrize("text, company, place", [
    ("四川长虹为美菱电器第一大股东", "四川长虹", "四川"),
    ("中国平安持有深发展股份", "中国平安", "中国"),
])
def test_a_ner_company_that_opens_with_a_place_and_goes_on_with_a_name_is_the_company(nlp, text, company, place):
    assert _merged(nlp, text, company, (place,))[0] == (company, "COMPANY")
    assert _merged(nlp, text, company, (place,), place_named=False)[0] == (place, "REGION")


@pytest.mark.parametrize("text, company, regions, products", [
    ("天津工厂正式投产", "天津工厂", ("天津",), ()),
    ("华安财险吉林分公司被处罚", "吉林分公司", ("吉林",), ()),
    ("江苏南通的项目开工", "江苏南通", ("江苏", "南通"), ()),
    ("浙江锂电池企业增多", "浙江锂电池", ("浙江",), ("锂电池",)),
])
def test_a_plant_branch_place_or_product_after_a_place_leaves_the_place(nlp, text, company, regions, products):
    merged = _merged(nlp, text, company, regions, products)
    assert (regions[0], "REGION") in merged and (company, "COMPANY") not in merged

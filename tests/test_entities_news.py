"""The entity layer on the shapes real news takes (docs/extraction.md, "Entity layer on real news").

Every sentence here is made up for the test, with invented companies; none comes from the
real-news gold set.
"""

from __future__ import annotations

import pytest

from chainkg.contract.facts import RelationFact
from chainkg.extract.pipeline import PipelineError, build_pipeline, extract_text
from chainkg.extract.rules.company_names import NAME_CUTS, find_companies
from chainkg.extract.rules.product_heads import (
    PRODUCT_HEADS,
    PRODUCT_HEADS_V1,
    clause_products,
    name_products,
)
from chainkg.extract.rules.project_names import find_projects


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(overrides=(("components.relation_model.enabled", False),))


def triples(nlp, text: str) -> set[tuple[str, str, str]]:
    facts = list(extract_text(text, "doc:t", nlp=nlp))
    return {(f.source.name, f.type, f.target.name) for f in facts if isinstance(f, RelationFact)}


def company_names(text: str, version: str = "v2") -> list[str]:
    mentions, _ = find_companies(text, [], cuts=NAME_CUTS[version])
    return [text[m.start:m.end] for m in mentions]


# -- company names: news words cut off ------------------------------------------------

@pytest.mark.parametrize("text, name", [
    ("据青岚电池集团消息，新工厂投产。", "青岚电池集团"),
    ("报道称远帆集团正洽谈收购。", "远帆集团"),
    ("媒体援引星河能源集团的消息称，合作已谈妥。", "星河能源集团"),
    ("主管部门批准青州远帆信托有限公司转让股权。", "青州远帆信托有限公司"),
    ("【青岚科技再发异动公告：经营正常】", "青岚科技"),
])
def test_news_words_are_cut_off_a_company_name_under_v2(text, name):
    assert company_names(text) == [name]


def test_v1_keeps_the_old_names_so_the_cut_is_measurable():
    assert company_names("据青岚电池集团消息，新工厂投产。", "v1") == ["据青岚电池集团"]


def test_a_name_holding_a_cut_word_inside_is_kept_whole():
    # 据 inside 数据 and 称 inside 名称 are no reporting words
    assert company_names("青州星河数据技术有限公司公布了年报。") == ["青州星河数据技术有限公司"]


@pytest.mark.parametrize("text, name", [
    ("负极材料生产企业青岚新材料集团股份有限公司宣布扩产。", "青岚新材料集团股份有限公司"),
    ("光伏巨头远帆绿能科技股份有限公司在西安建设基地。", "远帆绿能科技股份有限公司"),
    ("新能源车企星河汽车有限公司发布新车。", "星河汽车有限公司"),
])
def test_v3_cuts_a_descriptor_off_the_name_it_introduces(text, name):
    assert company_names(text, "v3") == [name]
    assert company_names(text, "v2") != [name]


@pytest.mark.parametrize("text", [
    "上海青岚企业管理有限公司成立。",        # 企业管理: a line of business
    "杭州远帆企业集团有限公司发布公告。",      # 企业集团: part of the legal name
    "中央企业乡村产业投资基金有限公司入股。",  # 中央企业: a set phrase of the name
])
def test_v3_keeps_a_descriptor_word_that_is_part_of_the_name(text):
    names = company_names(text, "v3")
    assert names == company_names(text, "v2") and len(names) == 1 and text.startswith(names[0])


# -- a subsidiary's short name after 子公司 ------------------------------------------------

@pytest.mark.parametrize("text, name", [
    ("公司全资子公司远帆青州拟投资20亿元建设新工厂。", "远帆青州"),
    ("向控股子公司星河电池增资5亿元。", "星河电池"),
    ("公司决定以全资子公司青岚储能为项目实施主体。", "青岚储能"),
])
def test_a_short_name_after_zigongsi_is_a_company(text, name):
    assert company_names(text) == [name]


@pytest.mark.parametrize("text", ["公司全资子公司将投资10亿元建设新工厂。", "子公司生产的产品销往海外。"])
def test_an_unnamed_subsidiary_is_no_company(text):
    assert company_names(text) == []


def test_the_subsidiary_a_company_announces_runs_the_project_and_belongs_to_it(nlp):
    found = triples(nlp, "远帆集团公告，公司全资子公司远帆青州拟投资20亿元在青州市建设年产5万吨钠电池正极材料项目。")
    assert ("远帆青州", "SUBSIDIARY_OF", "远帆集团") in found
    assert ("远帆青州", "RUNS", "年产5万吨钠电池正极材料项目") in found
    assert ("远帆集团", "RUNS", "年产5万吨钠电池正极材料项目") not in found


# -- project names: forecast and quantity words cut a name --------------------------------

@pytest.mark.parametrize("text, names", [
    ("远帆汽车宣布预计青州工厂明年投产。", ["青州工厂"]),
    ("其中一期项目年内开工。", ["一期项目"]),
    ("总投资钠电池正极材料项目的资金已到位。", ["钠电池正极材料项目"]),
    ("谈判重启后双方讨论了合资电池厂。", ["合资电池厂"]),
    # a place in brackets stays inside the name; an alias definition does not
    ("拟建设远帆激光(青州)产业园二期项目。", ["远帆激光(青州)产业园二期项目"]),
    ("远帆（简称远帆）锂电项目开工。", ["锂电项目"]),
    # a supplier (供应商) that builds is no plant the products go to; solar over farmland is energy
    ("一家零部件供应商正在建设青州第二工厂。", ["青州第二工厂"]),
    ("远帆新能源青州农业光伏发电项目开工。", ["远帆新能源青州农业光伏发电项目"]),
    ("投资超10亿元建设超超临界燃煤发电项目。", ["超超临界燃煤发电项目"]),
])
def test_forecast_and_quantity_words_cut_a_project_name(text, names):
    assert [p.name for p in find_projects(text)] == names


@pytest.mark.parametrize("text", ["公司上述全部生产线已停产。", "中金参与了较多新项目。",
                                  "青州资产引战增资项目完成。", "双方签署单次合作项目协议。"])
def test_a_quantifier_before_a_head_names_no_project(text):
    assert find_projects(text) == []


# -- products by head noun: in a project's name and after a production word -----------------

@pytest.mark.parametrize("name, product", [
    ("年产12万吨高纯硅烷聚合物项目", "高纯硅烷聚合物"),
    ("年产8万吨钠电池负极材料一体化项目", "钠电池负极材料"),
    ("年产6000吨粉状乳化炸药生产线扩能项目", "粉状乳化炸药"),
    ("青岚新能源汽车轻量化零部件项目", "青岚新能源汽车轻量化零部件"),
])
def test_the_product_a_project_name_names_is_one_span(name, product):
    assert [name[a:b] for a, b in name_products(name, 0, len(name))] == [product]


def test_a_plant_without_a_product_head_names_no_product():
    name = "年产3000吨特种纸项目"
    assert name_products(name, 0, len(name)) == []


@pytest.mark.parametrize("text, products", [
    ("远帆科技主要生产储能变流器模块和电池结构件。", ["储能变流器模块"]),
    ("星河公司主营车规级功率芯片。", ["车规级功率芯片"]),
    ("青岚科技用于生产电池。", []),  # a head alone is the lexicon's
])
def test_a_production_word_is_followed_by_its_product(text, products):
    assert [text[a:b] for a, b in clause_products(text)] == products


def test_a_project_makes_the_product_its_name_names_and_a_company_the_product_it_makes(nlp):
    found = triples(nlp, "远帆集团在青州市投资建设年产8万吨钠电池负极材料项目。青州星河科技有限公司主要生产车规级功率芯片。")
    assert ("年产8万吨钠电池负极材料项目", "MAKES", "钠电池负极材料") in found
    assert ("青州星河科技有限公司", "MAKES", "车规级功率芯片") in found


def test_the_head_versions_are_chosen_by_name():
    assert PRODUCT_HEADS["v1"] == PRODUCT_HEADS_V1 and "零部件" in PRODUCT_HEADS_V1


# -- phases and project frames across sentences -------------------------------------------

def test_a_phase_takes_the_operator_and_place_of_the_project_named_before_it(nlp):
    found = triples(nlp, "远帆集团在青州市投资建设钠电池正极材料项目，分两期建设。一期项目明年投产，二期项目2027年开工。")
    for phase in ("一期项目", "二期项目"):
        assert ("远帆集团", "RUNS", phase) in found
        assert (phase, "LOCATED_IN", "青州市") in found


def test_a_phase_with_nothing_named_before_it_takes_nothing(nlp):
    found = triples(nlp, "一期项目明年投产。远帆集团在青州市投资建设钠电池正极材料项目。")
    assert ("远帆集团", "RUNS", "一期项目") not in found


def test_products_said_in_the_sentences_that_continue_a_project_replace_its_name_product(nlp):
    found = triples(nlp, "青岚科技有限公司在江州建设年产1万吨高性能含氟聚合物项目。"
                         "项目建成后主要生产聚偏氟乙烯和聚全氟乙丙烯。")
    made = {t[2] for t in found if t[0] == "年产1万吨高性能含氟聚合物项目" and t[1] == "MAKES"}
    assert made == {"聚偏氟乙烯", "聚全氟乙丙烯"}


def test_a_sentence_that_does_not_continue_the_project_lends_it_no_product(nlp):
    found = triples(nlp, "青岚科技有限公司在江州建设年产1万吨高性能含氟聚合物项目。"
                         "另外，星河化工有限公司主要生产聚偏氟乙烯。")
    made = {t[2] for t in found if t[0] == "年产1万吨高性能含氟聚合物项目" and t[1] == "MAKES"}
    assert made == {"高性能含氟聚合物"}


def test_a_company_right_before_a_quoted_project_name_runs_it(nlp):
    found = triples(nlp, "恒远科技在互动平台表示，公司控股子公司青州远帆化学有限公司“年产3万吨高纯硅烷聚合物项目”已投料试生产。")
    assert ("青州远帆化学有限公司", "RUNS", "年产3万吨高纯硅烷聚合物项目") in found


def test_a_bare_plant_head_right_after_a_company_is_its_plant(nlp):
    text = "远帆汽车工厂今年投产。"
    assert [p.name for p in find_projects(text, blocked=set(range(4)))] == ["工厂"]
    assert find_projects("这座工厂今年投产。") == []
    assert ("青州远帆汽车有限公司", "RUNS", "工厂") in triples(nlp, "青州远帆汽车有限公司工厂今年投产。")


def test_the_config_chooses_the_name_cuts_and_refuses_an_unknown_version():
    old = build_pipeline(overrides=(("components.companies.name_cuts", "v1"),
                                    ("components.relation_model.enabled", False)))
    doc = old("据青岚电池集团消息，新工厂投产。")
    assert [s.text for s in doc.spans["companies"]] == ["据青岚电池集团"]
    with pytest.raises(Exception, match="name_cuts"):
        build_pipeline(overrides=(("components.companies.name_cuts", "v9"),))


def test_xiangmu_erqi_opening_a_sentence_is_a_phase_of_the_project_before_it(nlp):
    assert [p.name for p in find_projects("钠电池项目。项目二期明年开工。")] == ["钠电池项目", "项目二期"]
    assert [p.name for p in find_projects("年产10GWh钠电池项目一期投产。")] == ["年产10GWh钠电池项目"]
    found = triples(nlp, "青州远帆科技有限公司在青州市投资建设钠电池项目。项目二期明年开工。")
    assert ("青州远帆科技有限公司", "RUNS", "项目二期") in found
    assert ("项目二期", "LOCATED_IN", "青州市") in found


def test_a_sentence_continuing_a_project_names_its_owners_not_its_builder(nlp):
    found = triples(nlp, "青州市开工建设年产5万吨钠电池正极材料项目。"
                         "该项目由青州远帆科技有限公司与青州星河集团有限公司共同投资建设。")
    assert {("青州远帆科技有限公司", "RUNS", "年产5万吨钠电池正极材料项目"),
            ("青州星河集团有限公司", "RUNS", "年产5万吨钠电池正极材料项目")} <= found
    built = triples(nlp, "青州市开工建设年产5万吨钠电池正极材料项目。该项目由青州远帆建工有限公司承建。")
    assert not {t for t in built if t[1] == "RUNS"}


def test_name_cuts_v4_leave_the_time_of_day_and_a_verb_off_a_name():
    def companies(version: str, text: str) -> list[str]:
        nlp = build_pipeline(overrides=(("components.companies.name_cuts", version),
                                        ("components.relation_model.enabled", False)))
        doc = nlp(text)
        return [s.text for s in doc.spans["companies"]]
    text = "青岚电池午间公告，公司拟对全资子公司远帆新材进行增资。"
    assert companies("v3", text) == ["青岚电池午间", "远帆新材进行"]
    assert companies("v4", text) == ["青岚电池", "远帆新材"]
    assert companies("v4", "青岚电池晚间披露，子公司远帆新材报送的材料已获受理。") == ["青岚电池", "远帆新材"]
    # a cut that would leave less than two characters leaves no name
    assert companies("v4", "子公司进行增资。") == []


@pytest.mark.parametrize("component, key", [("projects", "cuts"), ("companies", "cues"),
                                            ("companies", "name_cuts"), ("products", "heads")])
def test_an_unknown_version_in_the_config_is_refused_when_the_pipeline_is_built(component, key):
    with pytest.raises(PipelineError, match=rf"cannot build the pipeline \({key} must be one of \[.*'v1'.*\], not 'v9'\)"):
        build_pipeline(overrides=((f"components.{component}.{key}", "v9"),))

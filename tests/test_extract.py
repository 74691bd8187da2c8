"""The extraction pipeline end to end: config, relations with offsets, files, failures, corpus.

The texts are written for these tests (invented companies); the corpus test reads corpora/.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import spacy

from chainkg.contract.facts import CompanyFact, DocumentFact, FactLine, ProjectFact, RegionFact, RelationFact
from chainkg.extract.pipeline import (
    DEFAULT_CONFIG,
    build_pipeline,
    document_id,
    extract_paths,
    extract_text,
    extract_texts,
)

ROOT = Path(__file__).resolve().parent.parent

# Full-width digits and doubled ideographic spaces make normalised and original offsets differ.
TEXT = (
    "\u3000\u3000浙江星河锂电股份有限公司（简称“星河锂电”）位于衢州市衢江区，主要生产碳酸锂和氢氧化锂。\n"
    "衢州星河新材料有限公司是星河锂电的全资子公司。\n"
    "星河锂电与江西远山矿业股份有限公司签署战略合作协议。\n"
    "江西远山矿业股份有限公司向星河锂电供应锂辉石。\n"
    "星河锂电增资湖南青岚电池有限公司。\n"
    "衢州星河新材料有限公司年产２万吨电池级碳酸锂项目在衢江区开工，总投资约十五亿元，占地四百六十七亩。\n"
)


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


@pytest.fixture(scope="module")
def facts(nlp):
    return list(extract_text(TEXT, "doc:test", title="测试", nlp=nlp))


def relations(facts, type_=None):
    return [f for f in facts if isinstance(f, RelationFact) and (type_ is None or f.type == type_)]


def triples(facts):
    return {(r.source.name, r.type, r.target.name) for r in relations(facts) if r.type != "PART_OF"}


def test_pipeline_is_built_from_the_config_file_alone():
    config = spacy.util.load_config(DEFAULT_CONFIG)
    nlp = build_pipeline(DEFAULT_CONFIG)
    assert nlp.pipe_names == config["nlp"]["pipeline"]
    assert nlp.tokenizer.segmenter == "char"
    factories = {name: nlp.get_pipe_meta(name).factory for name in nlp.pipe_names}
    assert factories["lexicon"] == "span_ruler" and factories["companies"] == "chainkg_companies"
    assert nlp.get_pipe_meta("relations").assigns == ["doc._.relations"]


@pytest.mark.parametrize("expected", [
    ("浙江星河锂电股份有限公司", "MAKES", "碳酸锂"),
    ("浙江星河锂电股份有限公司", "MAKES", "氢氧化锂"),
    ("浙江星河锂电股份有限公司", "LOCATED_IN", "衢江区"),
    ("衢州星河新材料有限公司", "SUBSIDIARY_OF", "浙江星河锂电股份有限公司"),
    ("浙江星河锂电股份有限公司", "PARTNERS_WITH", "江西远山矿业股份有限公司"),
    ("江西远山矿业股份有限公司", "SUPPLIES", "浙江星河锂电股份有限公司"),
    ("浙江星河锂电股份有限公司", "INVESTS_IN", "湖南青岚电池有限公司"),
    ("衢州星河新材料有限公司", "RUNS", "年产2万吨电池级碳酸锂项目"),
    ("年产2万吨电池级碳酸锂项目", "LOCATED_IN", "衢江区"),
])
def test_each_relation_type_is_found(facts, expected):
    assert expected in triples(facts)


def test_evidence_offsets_point_into_the_original_text(facts):
    for relation in relations(facts):
        if relation.type == "PART_OF":
            continue
        ev = relation.evidence
        assert TEXT[ev.start:ev.end] == ev.sentence and ev.sentence
        assert ev.doc_id == "doc:test" and ev.extractor and 0 < ev.confidence <= 1
        target = TEXT[relation.props["target_start"]:relation.props["target_end"]]
        assert ev.start <= relation.props["target_start"] < ev.end
        if relation.target.label == "Product":
            assert target in ("碳酸锂", "氢氧化锂", "锂辉石", "电池级碳酸锂")


def test_offsets_survive_full_width_digits_and_collapsed_spaces(facts):
    runs = next(r for r in relations(facts, "RUNS"))
    project = TEXT[runs.props["target_start"]:runs.props["target_end"]]
    assert project == "年产２万吨电池级碳酸锂项目"


def test_short_name_mentions_take_the_full_name_key(facts):
    company = next(f for f in facts if isinstance(f, CompanyFact) and f.name == "浙江星河锂电股份有限公司")
    assert company.key == "浙江星河锂电股份有限公司" and "星河锂电" in company.aliases
    assert (company.province, company.city) == ("浙江省", "衢州市")
    partner = next(r for r in relations(facts, "SUPPLIES"))
    assert TEXT[partner.props["target_start"]:partner.props["target_end"]] == "星河锂电"
    assert partner.target.key == company.key


def test_project_carries_its_quantities(facts):
    project = next(f for f in facts if isinstance(f, ProjectFact))
    assert project.key == "doc:test/年产2万吨电池级碳酸锂项目"
    assert (project.capacity, project.investment_cny, project.area_mu, project.stage) == \
        ("2万吨", 1.5e9, 467.0, "开工")


def test_a_signing_sentence_gives_the_project_its_company_and_investment(nlp):
    text = "近日，湖南青岚电池有限公司与衢州高新区签约，投资15亿元建设年产2万吨六氟磷酸锂项目，建成后为本地配套。"
    signed = list(extract_text(text, "doc:signing", title="签约", nlp=nlp))
    assert ("湖南青岚电池有限公司", "RUNS", "年产2万吨六氟磷酸锂项目") in triples(signed)
    project = next(f for f in signed if isinstance(f, ProjectFact))
    assert (project.investment_cny, project.stage) == (1.5e9, "签约")
    # an amount after the name wins over one before it; a previous project's amount stays its own
    two = "甲项目投资3亿元。投资5亿元建设年产1万吨碳酸锂项目，总投资6亿元的年产2万吨氢氧化锂项目同期开工。"
    projects = {f.name: f.investment_cny for f in extract_text(two, "doc:two", nlp=nlp)
                if isinstance(f, ProjectFact)}
    assert projects["年产1万吨碳酸锂项目"] == 5e8
    assert projects["年产2万吨氢氧化锂项目"] == 6e8


def test_facts_are_valid_contract_lines_and_name_only_the_regions_of_the_text(facts):
    assert isinstance(facts[0], DocumentFact) and facts[0].id == "doc:test"
    for fact in facts:
        assert FactLine.validate_json(fact.to_json()) == fact
    regions = {f.key: f.level for f in facts if isinstance(f, RegionFact)}
    # The hierarchy (衢江区 PART_OF 衢州市 ...) is loaded once by `chains load`, not per document.
    assert regions == {"衢州市": "city", "衢江区": "district"}
    assert relations(facts, "PART_OF") == []


def test_the_region_of_a_legal_name_is_no_relation_but_the_company_carries_it(facts):
    # The text never says where 衢州星河新材料有限公司 sits: no LOCATED_IN is read, the fact carries
    # the place its registered name gives, and the loader seats it there (tests/test_places.py).
    assert not [r for r in relations(facts, "LOCATED_IN") if r.source.name == "衢州星河新材料有限公司"]
    company = next(f for f in facts if isinstance(f, CompanyFact) and f.name == "衢州星河新材料有限公司")
    assert (company.province, company.city) == ("浙江省", "衢州市")
    stated = [r for r in relations(facts, "LOCATED_IN") if r.source.name == "浙江星河锂电股份有限公司"]
    assert [(r.target.name, r.evidence.extractor, r.evidence.confidence) for r in stated] == \
        [("衢江区", "located_verb", 0.9)]


def test_a_town_of_the_gazetteer_places_a_project(nlp):
    text = "浙江远帆药业股份有限公司年产2万吨木糖醇项目位于开化县华埠镇，总投资3亿元。"
    located = {(r.source.name, r.target.key) for r in relations(
        list(extract_text(text, "doc:town", nlp=nlp)), "LOCATED_IN")}
    assert ("年产2万吨木糖醇项目", "华埠镇") in located


def test_negated_production_is_not_a_makes(nlp):
    text = "浙江远帆材料股份有限公司位于衢州，目前没有生产六氟磷酸锂。"
    assert not relations(list(extract_text(text, "doc:neg", nlp=nlp)), "MAKES")


def test_gbk_file_and_unreadable_file_through_extract_paths(tmp_path, nlp):
    (tmp_path / "a_gbk.txt").write_bytes("衢州远帆新材料有限公司主要生产硫酸钴。".encode("gbk"))
    (tmp_path / "b_broken.docx").write_bytes(b"this is not a zip file")
    (tmp_path / "c_utf8.md").write_text("# 标题\n\n浙江青岚科技股份有限公司位于江山市。", encoding="utf-8")
    failures: list[str] = []
    seen: list[DocumentFact] = []
    facts = list(extract_paths([tmp_path], failures, on_document=seen.append, nlp=nlp))
    assert [d.path.rsplit("/", 1)[-1] for d in seen] == ["a_gbk.txt", "c_utf8.md"]
    assert len(failures) == 1 and "b_broken.docx" in failures[0]
    assert ("衢州远帆新材料有限公司", "MAKES", "硫酸钴") in triples(facts)
    assert ("浙江青岚科技股份有限公司", "LOCATED_IN", "江山市") in triples(facts)


def test_missing_path_is_reported_and_the_rest_goes_on(tmp_path, nlp):
    (tmp_path / "ok.txt").write_text("衢州远帆新材料有限公司主要生产硫酸钴。", encoding="utf-8")
    failures: list[str] = []
    facts = list(extract_paths([tmp_path / "nope", tmp_path / "ok.txt"], failures, nlp=nlp))
    assert len(failures) == 1 and "nope" in failures[0]
    assert sum(isinstance(f, DocumentFact) for f in facts) == 1


def test_document_id_is_stable_and_path_based(tmp_path):
    path = tmp_path / "x.txt"
    assert document_id(path) == document_id(str(path)) and document_id(path).startswith("doc:")
    assert document_id(path) != document_id(tmp_path / "y.txt")


def test_corpus_end_to_end_yields_companies_products_and_relations(nlp):
    failures: list[str] = []
    facts = list(extract_paths([ROOT / "corpora"], failures, nlp=nlp))
    assert failures == []
    kinds = Counter(f.kind for f in facts)
    types = Counter(r.type for r in relations(facts))
    assert kinds["document"] >= 8 and kinds["company"] >= 30 and kinds["product"] >= 30
    assert types["MAKES"] >= 30 and types["LOCATED_IN"] >= 20 and types["RUNS"] >= 5
    assert all(FactLine.validate_json(f.to_json()) == f for f in facts)


def test_evaluate_facts_scores_predictions_against_a_gold_file(tmp_path, nlp):
    from chainkg.extract.evaluate_facts import GoldFileError, evaluate_facts
    document = tmp_path / "doc.txt"
    document.write_text("浙江远帆钴业股份有限公司（简称“远帆钴业”）位于衢州市柯城区，主要生产硫酸钴和硫酸镍。",
                        encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        '{"doc": "%s", "relations": ['
        '{"source": "远帆钴业", "relation": "MAKES", "target": "硫酸钴"},'
        '{"source": "浙江远帆钴业股份有限公司", "relation": "LOCATED_IN", "target": "柯城"},'
        '{"source": "浙江远帆钴业股份有限公司", "relation": "SUPPLIES", "target": "某公司"}]}\n'
        % document.as_posix(), encoding="utf-8")
    scores = evaluate_facts(gold, nlp=nlp)
    assert scores["MAKES"] == {"p": 0.5, "r": 1.0, "f": 0.667, "tp": 1, "fp": 1, "fn": 0}
    assert scores["LOCATED_IN"]["tp"] == 1 and scores["SUPPLIES"]["fn"] == 1
    assert scores["ALL"]["tp"] == 2
    gold.write_text("not json\n", encoding="utf-8")
    with pytest.raises(GoldFileError, match="gold.jsonl:1"):
        evaluate_facts(gold, nlp=nlp)


def test_two_processes_give_the_same_facts_as_one(nlp):
    items = [(TEXT, f"doc:{i}", "t") for i in range(6)]
    one = [f.to_json() for f in extract_texts(items, nlp=nlp)]
    two = [f.to_json() for f in extract_texts(items, nlp=nlp, n_process=2, batch_size=2)]
    assert one == two and len(one) > 6


def test_company_registry_lexicon_gives_names_without_a_legal_suffix(tmp_path):
    registry = tmp_path / "registry.csv"
    registry.write_text("name,aliases,credit_code\n远帆化学,远帆;远帆化学公司,\n", encoding="utf-8")
    nlp = build_pipeline(DEFAULT_CONFIG, (("paths.company_registry", str(registry)),))
    facts = list(extract_text("远帆化学位于衢州市柯城区，主要生产六氟磷酸锂。", "doc:reg", nlp=nlp))
    assert ("远帆化学", "MAKES", "六氟磷酸锂") in triples(facts)
    assert ("远帆化学", "LOCATED_IN", "柯城区") in triples(facts)

"""Company registries (CSV, GBK CSV, XLSX, JSON lines) and the ChainKnowledgeGraph importer.

Every input is written by the test into tmp_path; the store tests run on both stores.
"""

from __future__ import annotations

import json

import openpyxl
import pytest

from chainkg.cli import UsageError, registry_mapping
from chainkg.contract.gazetteer import GazetteerError, load_gazetteer
from chainkg.contract.places import (
    Place,
    city_place,
    load_neighbours,
    neighbouring,
    place_from_credit_code,
    place_from_text,
    place_index,
    province_name,
)
from chainkg.graph.analysis.recommend import recommend
from chainkg.graph.analysis.status import analyse_gaps
from chainkg.graph.load.chains import load_chains
from chainkg.graph.load.ckg import CkgError, import_ckg
from chainkg.graph.load.registry import RegistryError, RowProblem, import_companies, parse_row, read_rows
from tests.gap_fixture import CHAIN, FIXTURE

CHAINS = FIXTURE / "chains"
HEADER = "name,full_name,credit_code,province,city,products,industry\n"


def _company(store, key):
    rows = store.rows("MATCH (c:Company {key: $k}) OPTIONAL MATCH (c)-[:LOCATED_IN]->(r:Region) "
                      "OPTIONAL MATCH (c)-[:MAKES]->(p:Product) "
                      "RETURN c.name AS name, c.province AS province, c.city AS city, "
                      "c.credit_code AS code, collect(DISTINCT r.name) AS regions, "
                      "collect(DISTINCT p.name) AS products", {"k": key})
    return rows[0] if rows else None


def test_places_come_from_credit_codes_addresses_and_names():
    assert place_from_credit_code("91330881MA2A00002X") == Place("浙江省", "衢州市", "江山市")
    assert place_from_credit_code("91440300MA5F00000X").province == "广东省"
    assert place_from_text("浙江省衢州市衢江区廿里镇华友大道1号") == Place("浙江省", "衢州市", "衢江区")
    assert place_from_text("深圳市鸿富瀚科技股份有限公司", anywhere=False) == Place("广东省", "深圳市")
    assert place_from_text("华友（衢州）新材料有限公司", anywhere=False).city == "衢州市"
    assert place_from_text("中国石化", anywhere=False) == Place()
    assert neighbouring("浙江省", "江西") and not neighbouring("浙江", "广东省")


def test_places_are_read_from_the_gazetteer_down_to_towns_and_zones():
    assert place_from_credit_code("91330899MA2A00002X") == Place("浙江省", "衢州市")  # city of an uncoded county
    assert place_from_credit_code("91990000MA2A00002X") == Place()
    assert place_from_text("浙江省衢州市开化县华埠镇某路1号") == Place("浙江省", "衢州市", "华埠镇")
    assert place_from_text("衢州市衢江区沈家经济开发区") == Place("浙江省", "衢州市", "沈家经济开发区")
    assert place_from_text("乌鲁木齐某某有限公司", anywhere=False) == Place("新疆维吾尔自治区", "乌鲁木齐市")
    # County-level cities and counties by short name, with the city above them.
    assert city_place("义乌") == Place("浙江省", "金华市", "义乌市")
    assert city_place("长兴") == Place("浙江省", "湖州市", "长兴县")
    assert city_place("汕头市") == Place("广东省", "汕头市") and province_name("广西") == "广西壮族自治区"


def test_every_province_has_its_code_and_every_region_a_known_parent():
    gazetteer = load_gazetteer()
    provinces = [r for r in gazetteer.regions.values() if r.level == "province"]
    assert len(provinces) == 34 and all(r.code and r.code.endswith("0000") for r in provinces)
    assert {gazetteer.codes[f"3308{n}"] for n in ("02", "03", "22", "24", "25", "81")} == \
        {"柯城区", "衢江区", "常山县", "开化县", "龙游县", "江山市"}
    # Cities the graph once knew by name only are in the gazetteer now, with the same keys.
    places = place_index().places
    assert [places[c].most_specific() for c in ("汕头", "格尔木", "昆山", "石河子")] == \
        ["汕头市", "格尔木市", "昆山市", "石河子市"]


def test_the_neighbour_table_is_symmetric_and_names_provinces_only(tmp_path):
    table = load_neighbours()
    assert len(table) == 34 and table["浙江"] == {"上海", "江苏", "安徽", "江西", "福建"}
    assert all(a in table[b] for a, others in table.items() for b in others)
    bad = tmp_path / "n.tsv"
    bad.write_text("# header\n浙江\t上海 火星\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"n\.tsv:2: .*unknown: 火星"):
        load_neighbours(bad)


def test_a_row_is_checked_and_explained():
    row = parse_row(2, {"name": "甲", "credit_code": "91330803ma2a00001x", "products": "碳酸锂; LFP；"})
    assert (row.credit_code, row.products) == ("91330803MA2A00001X", ["碳酸锂", "LFP"])
    assert row.place == Place("浙江省", "衢州市", "衢江区")
    with pytest.raises(RowProblem, match="no name"):
        parse_row(3, {"products": "碳酸锂"})
    with pytest.raises(RowProblem, match="credit_code '123'"):
        parse_row(4, {"name": "乙", "credit_code": "123"})
    with pytest.raises(RowProblem, match="unknown province '火星'"):
        parse_row(5, {"name": "丙", "province": "火星"})


def test_a_column_mapping_renames_headers(tmp_path):
    path = tmp_path / "名录.csv"
    path.write_text("企业名称,地址,主营\n衢州某锂业,浙江省衢州市柯城区某路,碳酸锂\n", encoding="utf-8")
    mapping = registry_mapping(("企业名称=name", "地址=address", "主营=products"))
    [(line, raw)] = list(read_rows(path, mapping))
    assert line == 2 and parse_row(line, raw).place == Place("浙江省", "衢州市", "柯城区")
    with pytest.raises(UsageError, match="FIELD must be one of"):
        registry_mapping(("企业名称=title",))


def test_unknown_formats_and_missing_files_are_refused(tmp_path):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    with pytest.raises(RegistryError, match=r"a\.txt: unknown registry format \.txt"):
        list(read_rows(tmp_path / "a.txt"))
    with pytest.raises(RegistryError, match="no such file"):
        list(read_rows(tmp_path / "none.csv"))


def test_good_rows_load_and_bad_rows_are_named_by_line(store, tmp_path):
    path = tmp_path / "registry.csv"
    path.write_text(HEADER + "甲锂业,衢州甲锂业有限公司,91330803MA2A00001X,,,碳酸锂；LFP,锂盐\n"
                    ",,,,,碳酸锂,\n"
                    "乙锂业,江西乙锂业有限公司,12345,,,碳酸锂,\n"
                    "丙正极,丙正极材料有限公司,,江西,宜春,三元正极材料,\n", encoding="gbk")
    load_chains(store, CHAINS)  # products link against the stored templates
    report = import_companies(store, path)
    assert report.loaded == 2
    assert report.problems == [f"{path}:3: no name and no full_name",
                               f"{path}:4: credit_code '12345' is not an 18-character unified "
                               "social credit code"]
    first = _company(store, "衢州甲锂业有限公司")
    assert (first["province"], first["city"], first["regions"]) == ("浙江省", "衢州市", ["衢江区"])
    assert sorted(first["products"]) == sorted(["磷酸铁锂", "碳酸锂"])  # LFP: a template alias
    assert _company(store, "丙正极材料有限公司")["regions"] == ["宜春市"]
    again = import_companies(store, path)
    assert again.load.unchanged == 1


def test_xlsx_and_json_lines_registries(store, tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["name", "full_name", "province", "city", "products"])
    book.active.append(["丁", "衢州丁新材料有限公司", "浙江", "衢州", "三元正极材料"])
    book.active.append([None, None, None, None, None])
    book.active.append(["戊", None, "火星", None, "锂电池电芯"])
    book.save(tmp_path / "r.xlsx")
    load_chains(store, CHAINS)
    report = import_companies(store, tmp_path / "r.xlsx")
    assert report.loaded == 1 and report.problems == [
        f"{tmp_path / 'r.xlsx'}:4: unknown province '火星'"]
    lines = [json.dumps({"full_name": "江苏丑电池包有限公司", "products": ["动力电池包"]},
                        ensure_ascii=False), "{broken", "[1]"]
    (tmp_path / "r.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = import_companies(store, tmp_path / "r.jsonl")
    assert report.loaded == 1 and [p.split(": ", 1)[0][-1] for p in report.problems] == ["2", "3"]
    assert _company(store, "江苏丑电池包有限公司")["province"] == "江苏省"


def _write_ckg(folder):
    folder.mkdir()
    rows = {
        "company.json": [{"name": "甲锂业", "fullname": "江西甲锂业股份有限公司", "code": "000001",
                          "location": "深圳证券交易所", "time": "2010-01-01"},
                         {"name": "乙材料", "fullname": "广东乙材料股份有限公司", "code": "600002.SH",
                          "location": "上海证券交易所", "time": "2011-01-01"}],
        "company_industry.json": [{"company_code": "000001.SZ", "industry_code": "1",
                                   "industry_name": "锂", "company_name": "甲锂业", "rel": "所属行业"}],
        "product.json": [{"name": "三元前驱体"}, {"name": "高镍三元前驱体"}, {"name": "碳酸锂"}],
        "company_product.json": [
            {"company_code": "000001.SZ", "product_name": "三元前驱体", "rel_weight": 0.6,
             "rel": "主营产品", "company_name": "甲锂业"},
            {"company_code": "000001.SZ", "product_name": "三元前驱体", "rel_weight": 0.2,
             "rel": "主营产品", "company_name": "甲锂业"},
            {"company_code": "600002.SH", "product_name": "高镍三元前驱体", "rel_weight": 0.3,
             "rel": "主营产品", "company_name": "乙材料"}],
        "product_product.json": [
            {"from_entity": "三元前驱体", "rel": "产品小类", "to_entity": "高镍三元前驱体"},
            {"from_entity": "三元前驱体", "rel": "上游材料", "to_entity": "硫酸镍"}],
    }
    for name, items in rows.items():
        (folder / name).write_text(
            "\n".join(json.dumps(i, ensure_ascii=False) for i in items) + "\n", encoding="utf-8")


def test_ckg_import_feeds_the_recommendations(store, tmp_path):
    _write_ckg(tmp_path / "ckg")
    load_chains(store, CHAINS)
    report = import_ckg(store, tmp_path / "ckg")
    assert (report.companies, report.makes, report.makes_via_subtype) == (2, 3, 1)
    assert report.skipped_product_relations == 1 and report.problems == []
    assert _company(store, "江西甲锂业股份有限公司")["regions"] == ["江西省"]
    picks = recommend(store, CHAIN, "衢州", segment="precursor")
    assert [p.company for p in picks] == ["江西甲锂业股份有限公司", "广东乙材料股份有限公司"]
    assert "营收占比60.0%" in picks[0].evidence[0].sentence
    assert analyse_gaps(store, CHAIN, "衢州")[2].status == "missing"


def test_ckg_candidates_are_real_lines_of_business_listed_once_with_a_scale(store, tmp_path):
    _write_ckg(tmp_path / "ckg")
    more = [{"company_code": "000001.SZ", "product_name": "锂矿石", "rel_weight": 0.0,
             "rel": "主营产品", "company_name": "甲锂业"},
            {"company_code": "000001.SZ", "product_name": "动力电池包", "rel_weight": 0.15,
             "rel": "主营产品", "company_name": "甲锂业"}]
    with (tmp_path / "ckg" / "company_product.json").open("a", encoding="utf-8") as handle:
        handle.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in more)
    load_chains(store, CHAINS)
    import_ckg(store, tmp_path / "ckg")
    group = tmp_path / "group.csv"  # the same company under its group's legal name
    group.write_text("name,full_name,province,products\n甲锂业集团,江西甲锂业集团股份有限公司,江西,三元前驱体\n",
                     encoding="utf-8")
    import_companies(store, group)
    picks = recommend(store, CHAIN, "衢州", top=50)
    assert len({p.company_key for p in picks}) == len(picks)
    jia = [p for p in picks if "甲锂业" in p.company]
    assert len(jia) == 1  # two gap segments and two legal names: one row
    assert jia[0].segment == "precursor" and jia[0].other_segments == ["电池包"]
    assert jia[0].also_named == ["江西甲锂业集团股份有限公司"]
    assert "ore" not in {p.segment for p in jia}  # 营收占比 0.0%: not a line of business
    listed = {r["key"] for r in store.rows("MATCH (c:Company) WHERE c.listed RETURN c.key AS key")}
    scales = [dict((s.name, s.value) for s in p.parts)["scale"] for p in picks if p.company_key in listed]
    assert scales and all(scale > 0 for scale in scales)


def test_ckg_folder_without_its_files_is_refused(tmp_path):
    with pytest.raises(CkgError, match="missing company.json"):
        import_ckg(None, tmp_path)

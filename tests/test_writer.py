"""The batched writer on both stores: idempotent loads, per-document replacement, no half documents."""

from __future__ import annotations

import pytest

from chainkg.contract.errors import ReadOnlyViolation, StoreError
from chainkg.contract.facts import CompanyFact, DocumentFact, Evidence, NodeRef, RegionFact, RelationFact
from chainkg.graph.analysis.overview import graph_stats
from chainkg.graph.load.writer import group_facts, load_facts, read_groups

HUAYOU = "浙江华友钴业股份有限公司"


def _relation(kind, source, target, doc_id, sentence="华友钴业在衢州生产三元前驱体。", start=0):
    evidence = Evidence(doc_id=doc_id, sentence=sentence, start=start, end=start + len(sentence),
                        extractor="test", confidence=0.9)
    return RelationFact(type=kind, source=source, target=target, evidence=evidence)


def _company(key=HUAYOU):
    return NodeRef(label="Company", key=key, name=key)


def _doc(doc_id, region="衢州", product="三元前驱体"):
    yield DocumentFact(id=doc_id, title=doc_id, path=f"{doc_id}.txt", sha256="0" * 64)
    yield CompanyFact(key=HUAYOU, name=HUAYOU, aliases=["华友钴业"], province="浙江省")
    yield RegionFact(key=region, name=region, level="city")
    yield _relation("MAKES", _company(), NodeRef(label="Product", key=product, name=product), doc_id)
    yield _relation("LOCATED_IN", _company(), NodeRef(label="Region", key=region, name=region), doc_id)


def test_loading_twice_changes_nothing(store):
    first = load_facts(store, group_facts([*_doc("d1"), *_doc("d2", product="钴")]))
    counts = graph_stats(store)
    again = load_facts(store, group_facts([*_doc("d1"), *_doc("d2", product="钴")]))
    forced = load_facts(store, group_facts([*_doc("d1"), *_doc("d2", product="钴")]), force=True)
    assert (first.written, again.unchanged, forced.written) == (2, 2, 2)
    assert graph_stats(store) == counts
    assert counts["nodes"] == {"Company": 1, "Document": 2, "Product": 2, "Region": 1}
    assert counts["relationships"]["MAKES"] == 2


def test_changed_document_replaces_only_its_facts(store):
    load_facts(store, group_facts([*_doc("d1"), *_doc("d2", region="宜春市", product="钴")]))
    load_facts(store, group_facts(_doc("d1", region="江山市", product="硫酸镍")))
    products = store.rows("MATCH (:Company)-[r:MAKES]->(p:Product) RETURN p.name AS p, r.doc_id AS d "
                          "ORDER BY p")
    assert products == [{"p": "硫酸镍", "d": "d1"}, {"p": "钴", "d": "d2"}]
    regions = {row["name"] for row in store.rows("MATCH (r:Region) RETURN r.name AS name")}
    assert "衢州" not in regions, "衢州, named only by d1 and in no gazetteer, must go"
    # Regions of the gazetteer stay, with the hierarchy every load writes above them.
    assert regions == {"宜春市", "江山市", "江西省", "衢州市", "浙江省", "中国"}


def test_evidence_is_kept_on_each_relationship(store):
    load_facts(store, group_facts(_doc("d1")))
    row = store.rows("MATCH (c:Company)-[r:MAKES]->(p:Product) RETURN r.sentence AS s, "
                     "r.start AS start, r.end AS end, r.extractor AS x, r.confidence AS conf, "
                     "c.aliases AS aliases")[0]
    assert row == {"s": "华友钴业在衢州生产三元前驱体。", "start": 0, "end": 15, "x": "test",
                   "conf": 0.9, "aliases": ["华友钴业"]}


def test_registry_nodes_survive_document_replacement(store):
    registry = [DocumentFact(id="registry:test"), CompanyFact(key=HUAYOU, name=HUAYOU)]
    load_facts(store, group_facts(registry), origin="registry")
    load_facts(store, group_facts(_doc("d1")))
    load_facts(store, group_facts([DocumentFact(id="d1", title="emptied")]))
    names = store.rows("MATCH (c:Company) RETURN c.name AS name, c.origin AS origin")
    assert names == [{"name": HUAYOU, "origin": "registry"}]
    assert store.rows("MATCH (p:Product) RETURN count(p) AS n") == [{"n": 0}]


def test_bad_lines_fail_their_document_only(store, tmp_path):
    good = list(_doc("good"))
    bad = list(_doc("bad"))
    lines = [f.to_json() for f in bad[:2]] + ['{"schema": "chainkg.facts/1", "kind": "company"}']
    lines += [f.to_json() for f in bad[2:]] + [f.to_json() for f in good]
    path = tmp_path / "facts.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    failures: list[str] = []
    report = load_facts(store, read_groups(path, failures))
    assert report.written == 1 and len(failures) == 1
    assert "facts.jsonl:3" in failures[0] and "company.key" in failures[0]
    assert store.rows("MATCH (d:Document) RETURN d.id AS id") == [{"id": "good"}]


def test_read_path_refuses_writes(store):
    with pytest.raises(ReadOnlyViolation):
        store.read("CREATE (:Company {key: 'x', name: 'x'})")
    assert store.rows("MATCH (n) RETURN count(n) AS n") == [{"n": 0}]


def test_bad_cypher_is_a_store_error(store):
    with pytest.raises(StoreError):
        store.read("MATCH (n RETURN n")


def test_unique_keys_are_enforced(store):
    store.run("CREATE (:Company {key: 'k', name: 'a'})")
    with pytest.raises(StoreError):
        store.run("CREATE (:Company {key: 'k', name: 'b'})")


def test_last_load_lists_only_what_it_wrote(store):
    from chainkg.graph.queries import load_query, run_query
    load_facts(store, group_facts([*_doc("d1"), *_doc("d2", product="钴")]))
    load_facts(store, group_facts([*_doc("d1", product="硫酸镍"), *_doc("d2", product="钴"),
                                   *_doc("d3")]))
    rows = run_query(store, load_query("last_load")).rows
    assert [(r["id"], r["change"]) for r in rows] == [("d3", "new"), ("d1", "replaced")]


def test_embedded_store_keeps_its_graph_across_restarts(tmp_path):
    from chainkg.graph.store import open_store
    spec = f"embedded:{tmp_path / '图谱'}"
    from chainkg.graph.store.falkor_server import server_pid, stop_server
    with open_store(spec) as first:
        first.ensure_schema()
        load_facts(first, group_facts(_doc("d1")))
    assert stop_server(tmp_path / "图谱") is not None
    assert server_pid(tmp_path / "图谱") is None
    with open_store(spec) as again:
        assert again.rows("MATCH (c:Company) RETURN c.name AS name") == [{"name": HUAYOU}]


def test_a_second_opener_shares_the_running_server(tmp_path):
    from chainkg.graph.store import open_store
    spec = f"embedded:{tmp_path / 'g'}"
    from chainkg.graph.store.falkor_server import server_pid
    with open_store(spec) as owner:
        owner.ensure_schema()
        pid = server_pid(tmp_path / "g")
        with open_store(spec) as guest:
            assert server_pid(tmp_path / "g") == pid
            load_facts(guest, group_facts(_doc("d1")))
        assert owner.rows("MATCH (d:Document) RETURN d.id AS id") == [{"id": "d1"}]


def test_a_credit_code_joins_a_renamed_company_to_its_node(store):
    code = "91330800MA2D123411"
    registry = [DocumentFact(id="registry:test"),
                CompanyFact(key="衢州远帆新材料有限公司", name="衢州远帆新材料有限公司", credit_code=code)]
    load_facts(store, group_facts(registry), origin="registry")
    renamed = "衢州远帆锂电材料有限公司"
    document = [DocumentFact(id="d1"), CompanyFact(key=renamed, name=renamed, credit_code=code),
                _relation("MAKES", _company(renamed), NodeRef(label="Product", key="硫酸镍"), "d1")]
    load_facts(store, group_facts(document))
    rows = store.rows("MATCH (c:Company)-[:MAKES]->(p:Product) RETURN c.key AS key, "
                      "c.aliases AS aliases, p.key AS product")
    assert rows == [{"key": "衢州远帆新材料有限公司", "aliases": [renamed], "product": "硫酸镍"}]


def test_a_document_naming_a_company_by_its_alias_reaches_the_stored_node(store):
    registry = [DocumentFact(id="registry:test"),
                CompanyFact(key=HUAYOU, name=HUAYOU, aliases=["华友钴业股份"])]
    load_facts(store, group_facts(registry), origin="registry")
    document = [DocumentFact(id="d1"),
                _relation("MAKES", _company("华友钴业股份"), NodeRef(label="Product", key="钴"), "d1")]
    load_facts(store, group_facts(document))
    assert store.rows("MATCH (c:Company) RETURN c.key AS key") == [{"key": HUAYOU}]
    assert store.rows("MATCH (c:Company)-[:MAKES]->(p) RETURN c.key AS key") == [{"key": HUAYOU}]

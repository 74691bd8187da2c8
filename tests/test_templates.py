"""Chain templates: the six real chains load and hold together; bad files are
refused with a message that names the file and the offending line."""

from __future__ import annotations

from collections import defaultdict, deque
from pathlib import Path

import pytest

from chainkg.contract.errors import ChainkgError
from chainkg.contract.keys import product_key
from chainkg.contract.lexicon import lexicon
from chainkg.contract.templates import ChainTemplate, TemplateError, load_template, load_templates

ROOT = Path(__file__).resolve().parent.parent
CHAINS = ROOT / "chains"
BAD = ROOT / "tests" / "fixtures" / "chains_bad"
SIX = {"new-materials", "lithium-battery", "integrated-circuit",
       "smart-equipment", "life-health", "special-paper"}


@pytest.fixture(scope="module")
def chains() -> dict[str, ChainTemplate]:
    return {chain.key: chain for chain in load_templates(CHAINS)}


def topological_order(chain: ChainTemplate) -> list[str]:
    """Kahn's algorithm, written independently of the module under test."""
    indegree = {segment.key: 0 for segment in chain.segments}
    for _, target in chain.edges():
        indegree[target] += 1
    ready = deque(key for key, degree in indegree.items() if degree == 0)
    order = []
    while ready:
        key = ready.popleft()
        order.append(key)
        for target in chain.segment(key).feeds:
            indegree[target] -= 1
            if indegree[target] == 0:
                ready.append(target)
    return order


# -- the real chains -------------------------------------------------------

def test_the_six_chains_load(chains):
    assert set(chains) == SIX
    assert all(chain.source == CHAINS / f"{key}.yaml" for key, chain in chains.items())


def test_segment_counts(chains):
    assert len(chains["lithium-battery"].segments) >= 15
    for key in SIX - {"lithium-battery"}:
        assert len(chains[key].segments) >= 8, key


@pytest.mark.parametrize("key", sorted(SIX))
def test_every_feeds_key_resolves_and_there_is_no_cycle(chains, key):
    chain = chains[key]
    keys = {segment.key for segment in chain.segments}
    assert all(target in keys for _, target in chain.edges())
    assert len(topological_order(chain)) == len(keys)


@pytest.mark.parametrize("key", sorted(SIX))
def test_every_segment_is_connected_and_tiers_are_used(chains, key):
    chain = chains[key]
    touched = {node for edge in chain.edges() for node in edge}
    assert touched == {segment.key for segment in chain.segments}
    assert {segment.tier for segment in chain.segments} == {"upstream", "midstream", "downstream"}


@pytest.mark.parametrize("key", sorted(SIX))
def test_no_product_in_two_segments(chains, key):
    seen: dict[str, str] = {}
    for segment in chains[key].segments:
        for product in segment.products:
            assert seen.setdefault(product_key(product), segment.key) == segment.key, product


def test_lithium_chain_runs_from_ore_to_vehicles_and_recycling(chains):
    chain = chains["lithium-battery"]
    order = topological_order(chain)
    path = ["lithium-resources", "lithium-salts", "cathode", "cell", "pack", "ev", "recycling"]
    assert [key for key in order if key in path] == path
    for supplier, customer in zip(path, path[1:]):
        assert customer in chain.segment(supplier).feeds
    assert "electrolyte" in chain.segment("electrolyte-salt").feeds
    assert "precursor" in chain.segment("cobalt-nickel-salts").feeds


def test_lithium_chain_names_the_products_documents_use(chains):
    chain = chains["lithium-battery"]
    where = {p: s.key for s in chain.segments for p in s.products}
    assert where["六氟磷酸锂"] == "electrolyte-salt"
    assert where["三元前驱体"] == "precursor"
    assert where["碳酸锂"] == where["氢氧化锂"] == "lithium-salts"
    assert where["硫酸钴"] == where["硫酸镍"] == "cobalt-nickel-salts"
    assert where["碳酸二甲酯"] == "electrolyte-solvent"
    salt = chain.segment("electrolyte-salt")
    assert {"LiPF6", "六氟"} <= set(salt.aliases_of("六氟磷酸锂"))
    assert "三元材料" in chain.segment("cathode").aliases_of("三元正极材料")


# -- lexicon and product keys ---------------------------------------------

def test_product_key_normalises_width_case_and_space():
    assert product_key(" ＬｉＰＦ６ ") == "lipf6"
    assert product_key("NCM  前驱体") == "ncm前驱体"
    assert product_key("六氟磷酸锂") == "六氟磷酸锂"


def test_lexicon_lists_products_aliases_and_segments(chains):
    entries = lexicon([chains["lithium-battery"]])
    by_text = {entry.text: entry for entry in entries}
    assert by_text["LiPF6"].label == "PRODUCT"
    assert by_text["LiPF6"].product_key == "六氟磷酸锂"
    assert by_text["LiPF6"].segment == "electrolyte-salt"
    assert by_text["正极材料"].label == "SEGMENT"
    assert by_text["正极材料"].product_key == "正极材料"
    assert by_text["正极"].segment == "cathode"
    assert by_text["正极"].product_key == "正极材料"
    assert all(entry.chain == "lithium-battery" for entry in entries)


def test_segment_name_is_its_generic_product(chains):
    included = chains["lithium-battery"].segment("electrolyte").included_products()
    assert included[0] == ("电解液", "电解液")
    assert ("锂离子电池电解液", "锂离子电池电解液") in included


def test_lexicon_text_is_unique_inside_each_chain(chains):
    entries = lexicon(chains.values())
    per_chain = defaultdict(list)
    for entry in entries:
        per_chain[entry.chain].append(product_key(entry.text))
    for chain, keys in per_chain.items():
        assert len(keys) == len(set(keys)), chain
    shared = {e.chain for e in entries if e.text == "六氟磷酸锂"}
    assert shared == {"lithium-battery", "new-materials"}


# -- refusals --------------------------------------------------------------

def marked_line(path: Path) -> int:
    """The line a fixture marks with ``# <- error``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if "# <- error" in line)


REFUSALS = {
    "unknown_feeds.yaml": "unknown feeds key 'foo' in segment 'bar'",
    "cycle.yaml": "cycle in feeds: a -> b -> c -> a",
    "duplicate_segment.yaml": "duplicate segment key 'cathode'",
    "duplicate_product.yaml": "'六氟磷酸锂' (a product of segment 'electrolyte') "
                              "is already a product of segment 'electrolyte-salt'",
    "duplicate_alias.yaml": "is already an alias of product '三元正极材料'",
    "missing_field.yaml": "missing field 'tier' in segment 'part'",
    "unknown_field.yaml": "unknown field 'supplies' in segment 'raw'",
    "bad_tier.yaml": "tier must be one of upstream, midstream, downstream, not 'top'",
    "against_tiers.yaml": "segment 'use' (downstream) feeds 'raw' (upstream)",
    "bad_yaml.yaml": "bad YAML",
    "duplicate_yaml_key.yaml": "duplicate key 'tier'",
    "aliased_unknown_product.yaml": "'氢氧化锂', which is not a product of segment 'raw'",
    "bad_key.yaml": "segment key 'Cathode_Material' must be a lower-case ASCII key",
    "head_of_unknown_product.yaml": "heads names '片剂', which is not a product of segment 'drug'",
    "head_is_a_name.yaml": "'口服液' (a head of '注射剂' in segment 'drug') is already a product",
    "mark_twice.yaml": "'沙星' (a mark of '原料药' in segment 'api') is already a mark of '化学药制剂'",
}


def test_every_bad_fixture_has_an_expectation():
    assert {path.name for path in BAD.glob("*.yaml")} == set(REFUSALS)


@pytest.mark.parametrize("name", sorted(REFUSALS))
def test_bad_file_is_refused_at_its_line(name):
    path = BAD / name
    with pytest.raises(TemplateError) as caught:
        load_template(path)
    error = caught.value
    assert str(error).startswith(f"{path}:{marked_line(path)}: ")
    assert REFUSALS[name] in str(error)
    assert (error.path, error.line) == (str(path), marked_line(path))
    assert isinstance(error, ChainkgError)


def test_relative_path_is_reported_as_given(monkeypatch):
    monkeypatch.chdir(ROOT)
    with pytest.raises(TemplateError, match=r"^tests/fixtures/chains_bad/cycle\.yaml:19: "):
        load_template("tests/fixtures/chains_bad/cycle.yaml")


def test_directory_load_stops_at_the_first_bad_file():
    with pytest.raises(TemplateError) as caught:
        load_templates(BAD)
    assert caught.value.path == str(BAD / "against_tiers.yaml")


def test_two_files_with_one_chain_key_are_refused(tmp_path):
    text = (CHAINS / "special-paper.yaml").read_text(encoding="utf-8")
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(text, encoding="utf-8")
    expected = r"b\.yaml:\d+: chain key 'special-paper' is already used"
    with pytest.raises(TemplateError, match=expected):
        load_templates(tmp_path)


def test_empty_directory_is_refused(tmp_path):
    with pytest.raises(TemplateError, match="no chain templates"):
        load_templates(tmp_path)


SMALL = ("key: tiny\nname: 小链\nsegments:\n"
         "  - key: raw\n    name: 原料\n    tier: upstream\n    products: [萤石]\n")


def test_utf8_with_bom_loads(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + SMALL.encode("utf-8"))
    assert load_template(path).segments[0].products == ["萤石"]


def test_gbk_file_is_refused_with_its_line(tmp_path):
    path = tmp_path / "gbk.yaml"
    path.write_bytes(SMALL.encode("gbk"))
    with pytest.raises(TemplateError, match=r"gbk\.yaml:2: not UTF-8"):
        load_template(path)


@pytest.mark.parametrize("text", ["", "- just\n- a list\n", "plain words\n"])
def test_a_file_that_is_not_a_mapping_is_refused(tmp_path, text):
    path = tmp_path / "odd.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TemplateError, match="must be a mapping"):
        load_template(path)


def test_a_name_yaml_reads_as_a_boolean_is_refused(tmp_path):
    path = tmp_path / "bool.yaml"
    path.write_text(SMALL.replace("[萤石]", "[萤石, yes]"), encoding="utf-8")
    with pytest.raises(TemplateError, match=r"bool\.yaml:7: .*must be text, not True"):
        load_template(path)

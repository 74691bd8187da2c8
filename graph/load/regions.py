"""Region facts for the loaders: the gazetteer's hierarchy and the places of registry rows.

A Region node is keyed by ``region_key`` of its canonical gazetteer name (衢州市, 南京市鼓楼区)
and carries the gazetteer's aliases (衢州), so every loader and the extractor meet on one
node. Every load writes the PART_OF chain above each region it meets (``hierarchy``), so a
county's companies count for its city and province whether or not `chainkg chains load` ran.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from chainkg.contract.facts import Evidence, NodeRef, RegionFact, RelationFact
from chainkg.contract.gazetteer import DEFAULT_GAZETTEER, Gazetteer, Region, load_gazetteer
from chainkg.contract.keys import region_key
from chainkg.contract.places import Place, short_name

REGIONS_DOC = "registry:regions"  # the document the gazetteer's facts are loaded as


def region_fact(name: str, level: str) -> RegionFact:
    """A Region entity: the gazetteer's aliases for a gazetteer region, else its short name."""
    region = _by_key().get(region_key(name))
    if region is not None:
        return RegionFact(key=region_key(name), name=region.name, level=region.level,
                          aliases=load_gazetteer().aliases_of(region.name))
    aliases = [short_name(name)] if short_name(name) != name else []
    return RegionFact(key=region_key(name), name=name, level=level, aliases=aliases)


def place_facts(place: Place, doc_id: str) -> tuple[list[RegionFact], list[RelationFact]]:
    """Region entities of a place, and PART_OF district -> city -> province where the
    gazetteer lacks the lower one (a registry's city column naming a city it does not know);
    the gazetteer's regions get their PART_OF from ``hierarchy`` at load.
    """
    chain = [(place.province, "province"), (place.city, "city"), (place.district, "district")]
    known = [(name, level) for name, level in chain if name]
    entities = [region_fact(name, level) for name, level in known]
    relations = [_part_of(region_key(child), child, region_key(parent), parent, doc_id)
                 for (parent, _), (child, _) in zip(known, known[1:])
                 if region_key(child) not in _by_key()]
    return entities, relations


@dataclass(frozen=True)
class Hierarchy:
    """The regions above some regions (rows for the one node writer) and their PART_OF pairs."""

    parents: list[dict]   # {key, props, aliases}
    edges: list[dict]     # {s, t, props}


def hierarchy(keys, gazetteer: Gazetteer | None = None) -> Hierarchy:
    """Every gazetteer region above the regions keyed ``keys`` and one PART_OF a pair, from
    each of them up to its country (柯城区 -> 衢州市 -> 浙江省 -> 中国)."""
    by_key = _by_key() if gazetteer is None else {region_key(n): r for n, r in gazetteer.regions.items()}
    gazetteer = gazetteer or load_gazetteer()
    parents: dict[str, dict] = {}
    edges: dict[tuple[str, str], dict] = {}
    evidence = Evidence(doc_id=REGIONS_DOC, extractor="gazetteer").model_dump()
    for key in keys:
        region = by_key.get(key)
        while region is not None and region.parent:
            parent = gazetteer.regions[region.parent]
            pair = (region_key(region.name), region_key(parent.name))
            if pair in edges:
                break
            edges[pair] = {"s": pair[0], "t": pair[1], "props": evidence}
            parents.setdefault(pair[1], _node_row(parent))
            region = parent
    return Hierarchy(list(parents.values()), list(edges.values()))


def _node_row(region: Region) -> dict:
    return {"key": region_key(region.name), "aliases": load_gazetteer().aliases_of(region.name),
            "props": {"name": region.name, "level": region.level}}


@functools.lru_cache(maxsize=1)
def _by_key() -> dict[str, Region]:
    gazetteer = load_gazetteer(DEFAULT_GAZETTEER)
    return {region_key(name): region for name, region in gazetteer.regions.items()}


def _part_of(child_key: str, child: str, parent_key: str, parent: str, doc_id: str) -> RelationFact:
    return RelationFact(type="PART_OF",
                        source=NodeRef(label="Region", key=child_key, name=child),
                        target=NodeRef(label="Region", key=parent_key, name=parent),
                        evidence=Evidence(doc_id=doc_id, extractor="gazetteer"))


def gazetteer_facts(doc_id: str, gazetteer: Gazetteer | None = None
                    ) -> tuple[list[RegionFact], list[RelationFact]]:
    """Every region of the gazetteer and its PART_OF link to its parent: the region hierarchy.

    A region's key is its gazetteer name, the key extraction gives its mentions; its aliases
    are the forms a person may type for it and for nothing else (衢州市: 衢州; 柯城区: 柯城;
    吉林市 has none, since 吉林 is the province).
    """
    gazetteer = gazetteer or load_gazetteer()
    entities, relations = [], []
    for region in gazetteer.regions.values():
        entities.append(RegionFact(key=region_key(region.name), name=region.name,
                                   level=region.level, aliases=gazetteer.aliases_of(region.name)))
        if region.parent:
            relations.append(_part_of(region_key(region.name), region.name,
                                      region_key(region.parent), region.parent, doc_id))
    return entities, relations

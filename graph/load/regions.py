"""Region facts for the loaders: the gazetteer's hierarchy and the places of registry rows.

A Region node is keyed by ``region_key`` of its official name and carries its short form as
an alias (衢州市: 衢州), so every loader and the extractor meet on one node.
"""

from __future__ import annotations

from chainkg.contract.facts import Evidence, NodeRef, RegionFact, RelationFact
from chainkg.contract.gazetteer import Gazetteer, load_gazetteer
from chainkg.contract.keys import region_key
from chainkg.contract.places import Place, short_name


def region_fact(name: str, level: str) -> RegionFact:
    """A Region entity with its short name as an alias."""
    aliases = [short_name(name)] if short_name(name) != name else []
    return RegionFact(key=region_key(name), name=name, level=level, aliases=aliases)


def place_facts(place: Place, doc_id: str) -> tuple[list[RegionFact], list[RelationFact]]:
    """Region entities of a place and PART_OF relations district -> city -> province.

    For registry rows, whose place may lie outside the gazetteer (a city column naming a
    city it lacks); the gazetteer's own hierarchy is ``gazetteer_facts``.
    """
    chain = [(place.province, "province"), (place.city, "city"), (place.district, "district")]
    known = [(name, level) for name, level in chain if name]
    entities = [region_fact(name, level) for name, level in known]
    relations = [_part_of(region_key(child), child, region_key(parent), parent, doc_id)
                 for (parent, _), (child, _) in zip(known, known[1:])]
    return entities, relations


def _part_of(child_key: str, child: str, parent_key: str, parent: str, doc_id: str) -> RelationFact:
    return RelationFact(type="PART_OF",
                        source=NodeRef(label="Region", key=child_key, name=child),
                        target=NodeRef(label="Region", key=parent_key, name=parent),
                        evidence=Evidence(doc_id=doc_id, extractor="gazetteer"))


def gazetteer_facts(doc_id: str, gazetteer: Gazetteer | None = None
                    ) -> tuple[list[RegionFact], list[RelationFact]]:
    """Every region of the gazetteer and its PART_OF link to its parent: the region hierarchy.

    A region's key is its gazetteer name, the key extraction gives its mentions; its aliases
    are the gazetteer's and its short form (衢州市: 衢州).
    """
    gazetteer = gazetteer or load_gazetteer()
    entities, relations = [], []
    for region in gazetteer.regions.values():
        aliases = [*region.aliases, short_name(region.name)]
        aliases = [a for a in dict.fromkeys(aliases) if a != region.name]
        entities.append(RegionFact(key=region_key(region.name), name=region.name,
                                   level=region.level, aliases=aliases))
        if region.parent:
            relations.append(_part_of(region_key(region.name), region.name,
                                      region_key(region.parent), region.parent, doc_id))
    return entities, relations

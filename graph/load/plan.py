"""What a document group writes, planned as rows: the one mapping from facts to graph rows.

Two paths write a plan. The batched writer (writer.py) turns it into Cypher statements
against a running store; the bulk export (bulk.py) turns it into CSV files for Neo4j's
offline importer. Both start here, so a fact maps to the same nodes, relationships,
mentions, regions and review items whichever way it reaches the graph.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Literal

from chainkg.contract.facts import CompanyFact, DocumentFact, EntityFact, NodeRef, RelationFact, label_of
from chainkg.graph.load.products import TemplateProducts, review_relations
from chainkg.graph.load.regions import Hierarchy, hierarchy
from chainkg.graph.load.resolve import company_properties, resolve_group
from chainkg.graph.load.reviews import Decisions, ReviewItem
from chainkg.graph.load.seats import name_seats
from chainkg.graph.store import GraphStore

Origin = Literal["document", "registry"]
# (relationship type, start label, end label): one statement or one CSV file a shape.
Shape = tuple[str, str, str]


@dataclass
class DocumentGroup:
    """A document and the facts read from it, in file order."""

    document: DocumentFact
    entities: list[EntityFact] = field(default_factory=list)
    relations: list[RelationFact] = field(default_factory=list)
    where: str = ""

    def fingerprint(self, vocabulary: str = "") -> str:
        """A digest of the group's facts and of the vocabulary they were linked with."""
        digest = hashlib.sha256(vocabulary.encode() + self.document.to_json().encode())
        for fact in [*self.entities, *self.relations]:
            digest.update(fact.to_json().encode())
        return digest.hexdigest()


@dataclass
class LoadContext:
    """What one load reads from the store once: staff decisions and the template products."""

    decisions: Decisions
    products: TemplateProducts | None   # None: products are not linked (chain templates)
    origin: Origin
    loaded_at: str

    @property
    def vocabulary(self) -> str:
        """What product links depend on: a group linked with other templates is rewritten."""
        return self.products.digest if self.products else ""

    @classmethod
    def read(cls, store: GraphStore, origin: Origin, link_products: bool) -> LoadContext:
        return cls(Decisions.read(store), TemplateProducts.read(store) if link_products else None,
                   origin, datetime.now(timezone.utc).isoformat(timespec="microseconds"))


@dataclass
class GroupPlan:
    """The rows one document group writes, grouped the way they are written.

    ``nodes`` maps a label to its rows by key (``{key, props, aliases}``), declared entities
    first, then relation ends nobody declared; ``relations`` maps a shape to its rows
    (``{s, t, props}``: start key, end key, evidence and properties); ``regions`` is the
    gazetteer's hierarchy above the group's regions; ``absorb`` the stored companies merged
    into others (``(old, new)``); ``reviews`` the proposals for staff.
    """

    document: DocumentFact
    document_props: dict
    fingerprint: str
    nodes: dict[str, dict[str, dict]]
    relations: dict[Shape, list[dict]]
    regions: Hierarchy
    absorb: list[tuple[str, str]]
    reviews: list[ReviewItem]

    @property
    def node_count(self) -> int:
        return sum(len(rows) for rows in self.nodes.values())

    @property
    def relation_count(self) -> int:
        return sum(len(rows) for rows in self.relations.values())


def plan_group(store: GraphStore, group: DocumentGroup, context: LoadContext,
               fingerprint: str | None = None) -> GroupPlan:
    """Resolve ``group`` against ``store`` and plan its rows (nothing is written).

    Companies are resolved against the stored ones, products linked to the templates of
    ``context``, companies seated where their names say, doubtful merges and links turned
    into review items.
    """
    doc_id = group.document.id
    relations = [*group.relations, *name_seats(group.entities, group.relations, doc_id)]
    entities, relations, resolution = resolve_group(
        store, group.entities, relations, context.decisions, doc_id,
        by_name=context.origin == "document")
    reviews = list(resolution.reviews)
    if context.products is not None:
        entities, relations, linked = context.products.link_group(entities, relations, context.decisions, doc_id)
        relations, doubtful = review_relations(relations, context.decisions, doc_id)
        reviews += linked + doubtful
    nodes = _nodes_of(entities, relations)
    return GroupPlan(
        document=group.document, document_props=_document_props(group.document, context.loaded_at),
        fingerprint=fingerprint or group.fingerprint(context.vocabulary),
        nodes=nodes, relations=_relation_rows(relations),
        regions=hierarchy(list(nodes.get("Region", {}))),
        absorb=list(resolution.absorb), reviews=reviews)


def _document_props(doc: DocumentFact, loaded_at: str) -> dict:
    props = doc.model_dump(exclude={"schema_", "kind", "id"}, exclude_none=True)
    props.update(loaded_at=loaded_at)
    return props


def _nodes_of(entities: list[EntityFact], relations: list[RelationFact]) -> dict[str, dict[str, dict]]:
    """Rows to MERGE, by label and key: declared entities, then relation ends not declared."""
    nodes: dict[str, dict[str, dict]] = defaultdict(dict)
    for entity in entities:
        props = entity.model_dump(exclude={"schema_", "kind", "key"}, exclude_none=True)
        if isinstance(entity, CompanyFact):
            props.update(company_properties(entity))
        row = nodes[label_of(entity)].setdefault(
            entity.key, {"key": entity.key, "props": {}, "aliases": []})
        row["aliases"] = list(dict.fromkeys(row["aliases"] + props.pop("aliases")))
        row["props"].update(props)
    for relation in relations:
        for ref in (relation.source, relation.target):
            _add_ref(nodes, ref)
    return nodes


def _add_ref(nodes: dict[str, dict[str, dict]], ref: NodeRef) -> None:
    if ref.key not in nodes[ref.label]:
        props = {"name": ref.name or ref.key}
        if ref.label == "Company":
            props.update(company_properties(CompanyFact(key=ref.key, name=props["name"])))
        nodes[ref.label][ref.key] = {"key": ref.key, "props": props, "aliases": []}


def _relation_rows(relations: list[RelationFact]) -> dict[Shape, list[dict]]:
    by_shape: dict[Shape, list[dict]] = defaultdict(list)
    for relation in _unique_relations(relations):
        shape = (relation.type, relation.source.label, relation.target.label)
        props = {**relation.props, **relation.evidence.model_dump()}
        by_shape[shape].append({"s": relation.source.key, "t": relation.target.key, "props": props})
    return dict(by_shape)


def _unique_relations(relations: list[RelationFact]) -> list[RelationFact]:
    seen: dict[tuple, RelationFact] = {}
    for relation in relations:
        ev = relation.evidence
        key = (relation.type, relation.source.label, relation.source.key,
               relation.target.label, relation.target.key, ev.start, ev.end, ev.sentence)
        seen.setdefault(key, relation)
    return list(seen.values())

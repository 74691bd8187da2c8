"""Chain templates into the graph: each template becomes one document group of facts.

A template file ``lithium-battery.yaml`` becomes the group of document
``template:chains/lithium-battery.yaml``: the Chain, its Segments (keyed
``<chain>/<segment>`` because segment keys are only unique inside a chain), their Products,
and HAS_SEGMENT (with the segment's ``position`` in the file), FEEDS and INCLUDES relations.
The region gazetteer (contract/data/regions.v3.tsv, the table extraction matches text with)
is loaded alongside as ``registry:regions``: every region and its PART_OF parent, so 衢州 and
its districts exist before any company does. Documents name regions but carry no PART_OF;
the writer adds the chain above each region a load meets (graph/load/regions.py), so the
hierarchy is there even before this runs.
Everything is written by the one writer with ``origin="registry"``: re-ingesting documents
never removes these nodes, and loading an edited template replaces that template only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from chainkg.contract.facts import (
    ChainFact,
    DocumentFact,
    Evidence,
    NodeRef,
    ProductFact,
    RelationFact,
    SegmentFact,
)
from chainkg.contract.gazetteer import DEFAULT_GAZETTEER
from chainkg.contract.keys import product_key, segment_key
from chainkg.contract.resources import chains_dir
from chainkg.contract.templates import TEMPLATE_SUFFIXES, ChainTemplate, SegmentTemplate, load_templates
from chainkg.graph.load.regions import REGIONS_DOC, gazetteer_facts
from chainkg.graph.load.writer import DocumentGroup, LoadReport, load_facts
from chainkg.graph.queries import read_rows
from chainkg.graph.store import GraphStore


@dataclass(frozen=True)
class Identity:
    """The one Product node a template product is, whichever chain named it first."""

    key: str
    name: str


class ProductIdentities:
    """One product identity across chains: a name that is a product or an alias in several
    chains (stored or loaded now) is one node, included by each of those chains' segments.

    A product whose name is a stored template product's name or alias, or one of whose aliases
    is a stored product's name, takes that product's key; otherwise its own name's key. Two
    products that only share an alias stay two (EMC is 碳酸甲乙酯 in one chain and 环氧塑封料
    in another): an abbreviation names different things in different trades.
    """

    def __init__(self, stored: list[dict]):
        self._by_name: dict[str, Identity] = {}
        self._by_alias: dict[str, Identity] = {}
        for row in stored:
            self._remember(Identity(row["key"], row["name"] or row["key"]),
                           row["name"] or row["key"], row["aliases"] or [])

    def _remember(self, identity: Identity, name: str, aliases: list[str]) -> None:
        self._by_name.setdefault(product_key(name), identity)
        for alias in aliases:
            self._by_alias.setdefault(product_key(alias), identity)

    def of(self, name: str, aliases: list[str]) -> Identity:
        own = product_key(name)
        known = [self._by_name.get(own), self._by_alias.get(own),
                 *sorted((self._by_name[k] for k in map(product_key, aliases) if k in self._by_name),
                         key=lambda i: i.key)]
        identity = next((i for i in known if i is not None), None) or Identity(own, name)
        self._remember(identity, name, aliases)
        return identity


def chain_group(template: ChainTemplate, file_name: str,
                identities: ProductIdentities | None = None) -> DocumentGroup:
    """The facts of one chain template, grouped under its template document."""
    identities = identities or ProductIdentities([])
    doc_id = f"template:chains/{file_name}"
    group = DocumentGroup(DocumentFact(id=doc_id, title=f"产业链模板：{template.name}",
                                       source="chain template", path=f"chains/{file_name}"))
    group.entities.append(ChainFact(key=template.key, name=template.name,
                                    aliases=list(template.aliases)))
    evidence = Evidence(doc_id=doc_id, extractor="template")
    chain_ref = NodeRef(label="Chain", key=template.key, name=template.name)
    for position, segment in enumerate(template.segments):
        ref = _segment_ref(template.key, segment)
        group.entities.append(SegmentFact(key=ref.key, name=segment.name, chain=template.key,
                                          tier=segment.tier, aliases=list(segment.aliases)))
        group.relations.append(RelationFact(type="HAS_SEGMENT", source=chain_ref, target=ref,
                                            evidence=evidence, props={"position": position}))
        _add_products(group, ref, segment, evidence, identities)
    for supplier, customer in template.edges():
        group.relations.append(RelationFact(
            type="FEEDS", source=_segment_ref(template.key, template.segment(supplier)),
            target=_segment_ref(template.key, template.segment(customer)), evidence=evidence))
    return group


def _segment_ref(chain: str, segment: SegmentTemplate) -> NodeRef:
    return NodeRef(label="Segment", key=segment_key(chain, segment.key), name=segment.name)


def _add_products(group: DocumentGroup, ref: NodeRef, segment: SegmentTemplate,
                  evidence: Evidence, identities: ProductIdentities) -> None:
    """Every product the segment INCLUDES, its own name (the generic product) first."""
    for product in segment.product_names():
        aliases = segment.aliases_of(product)
        identity = identities.of(product, aliases)
        names = [a for a in dict.fromkeys([product, *aliases]) if a != identity.name]
        group.entities.append(ProductFact(
            key=identity.key, name=identity.name, aliases=names,
            heads=segment.heads.get(product) or None, marks=segment.marks.get(product) or None))
        group.relations.append(RelationFact(
            type="INCLUDES", source=ref,
            target=NodeRef(label="Product", key=identity.key, name=identity.name), evidence=evidence))


def regions_group() -> DocumentGroup:
    """The region gazetteer as one group: every region and its PART_OF parent."""
    path = DEFAULT_GAZETTEER.name
    group = DocumentGroup(DocumentFact(id=REGIONS_DOC, title="行政区划（区域词表）",
                                       source="region gazetteer", path=path))
    group.entities, group.relations = gazetteer_facts(REGIONS_DOC)
    return group


@dataclass
class ChainsLoadReport:
    """What ``load_chains`` wrote: the chain templates and the region table, counted apart."""

    chains: LoadReport
    regions: LoadReport
    chain_names: list[str] = field(default_factory=list)
    region_count: int = 0

    @property
    def written(self) -> int:
        return self.chains.written + self.regions.written

    @property
    def unchanged(self) -> int:
        return self.chains.unchanged + self.regions.unchanged

    @property
    def failures(self) -> list[str]:
        return self.chains.failures + self.regions.failures


def load_chains(store: GraphStore, directory: str | Path | None = None, *, force: bool = False
                ) -> ChainsLoadReport:
    """Validate every template in ``directory``, then write them and the region table.

    ``directory`` defaults to the chains that ship with chainkg. Nothing is written when any
    template is refused (TemplateError names file and line). The report counts chains and
    the region table apart: neither is a user's document.
    """
    directory = Path(directory) if directory else chains_dir()
    templates = load_templates(directory)
    names = _file_names(directory, templates)
    regions = regions_group()
    store.ensure_schema()
    identities = ProductIdentities(read_rows(store, "load/template_products"))
    chains = load_facts(store, [chain_group(t, names[t.key], identities) for t in templates],
                        origin="registry", force=force, link_products=False)
    return ChainsLoadReport(chains, load_facts(store, [regions], origin="registry", force=force,
                                               link_products=False),
                            [t.name for t in templates], len(regions.entities))


def _file_names(directory: Path, templates: list[ChainTemplate]) -> dict[str, str]:
    # load_templates reads files in name order and returns one template a file.
    paths = sorted(p for p in directory.iterdir() if p.suffix in TEMPLATE_SUFFIXES)
    return {t.key: p.name for t, p in zip(templates, paths)}

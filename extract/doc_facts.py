"""One processed Doc to facts: keys, names and offsets into the original text.

The pipeline's components leave their findings on the Doc (entity spans, ``doc._.companies``,
``doc._.projects``, ``doc._.relations``); ``doc_facts`` turns them into the facts contract:
entities keyed by the contract's key functions, relations with their evidence sentence and
the character spans of both ends mapped back to the text as it was read.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language

from chainkg.contract.facts import (
    CompanyFact,
    DocumentFact,
    Evidence,
    Fact,
    NodeRef,
    ProductFact,
    ProjectFact,
    RegionFact,
    RelationFact,
)
from chainkg.contract.gazetteer import Gazetteer, load_gazetteer
from chainkg.contract.keys import project_key, region_key
from chainkg.contract.lexicon import canonical_product_names, lexicon
from chainkg.contract.resources import chains_dir as shipped_chains
from chainkg.contract.templates import load_templates
from chainkg.contract.text import OffsetMap
from chainkg.extract.components.base import RelationRecord
from chainkg.extract.rules.company_names import CompanyInfo
from chainkg.extract.rules.relation_patterns import Mention


@dataclass(frozen=True)
class DocContext:
    """What facts need beside the Doc: the original text and how to map offsets back to it."""

    doc_id: str
    original: str
    offsets: OffsetMap
    document: DocumentFact


def doc_facts(doc, context: DocContext, nlp: Language) -> list[Fact]:
    """The DocumentFact, entity facts and relation facts of one processed Doc."""
    builder = _FactBuilder(doc, context, _gazetteer(nlp), _product_names(nlp))
    return [context.document, *builder.entities(), *builder.relations()]


class _FactBuilder:
    """Turns the annotations of one Doc into facts with keys and original-text offsets."""

    def __init__(self, doc, context: DocContext, gazetteer: Gazetteer, product_names: dict[str, str]):
        self.doc, self.context = doc, context
        self.gazetteer, self.product_names = gazetteer, product_names
        self.records: list[RelationRecord] = doc._.relations or []
        self.companies: dict[str, CompanyInfo] = doc._.companies or {}
        ents = doc.spans["entities"] if "entities" in doc.spans else doc.ents
        self.ents = [(e.label_, e.kb_id_, e.text) for e in ents]

    def entities(self) -> list[Fact]:
        return [*self._companies(), *self._products(), *self._regions(), *self._projects()]

    def _companies(self) -> list[CompanyFact]:
        facts = []
        for key in self._keys("Company", "COMPANY"):
            info = self.companies.get(key) or CompanyInfo(key)
            province, city = self._company_place(key, info)
            facts.append(CompanyFact(key=key, name=info.name, province=province, city=city,
                                     aliases=[a for a in info.aliases if a != info.name],
                                     credit_code=info.credit_code))
        return facts

    def _company_place(self, key: str, info: CompanyInfo) -> tuple[str | None, str | None]:
        """Province and city: the most specific place the text gives inside the name's region."""
        named = info.region
        located = sorted((r for r in self.records if r.type == "LOCATED_IN" and r.source.key == key),
                         key=lambda r: -r.confidence)
        for record in located:
            region = record.target.key
            if named is None or self.gazetteer.is_inside(region, named):
                return self.gazetteer.province_and_city(region)
        return self.gazetteer.province_and_city(named) if named else (None, None)

    def _products(self) -> list[ProductFact]:
        names: dict[str, set[str]] = {}
        for key, text in self._surfaces("Product", "PRODUCT"):
            names.setdefault(key, set()).add(text)
        return [ProductFact(key=key, name=self.product_names.get(key, key),
                            aliases=sorted(t for t in texts if t != self.product_names.get(key, key)))
                for key, texts in names.items()]

    def _regions(self) -> list[RegionFact]:
        """The regions the document names; their hierarchy is loaded by ``chainkg chains load``."""
        names = {name for name, _ in self._surfaces("Region", "REGION")}
        facts = []
        for name in sorted(names):
            region = self.gazetteer.regions.get(name)
            facts.append(RegionFact(key=region_key(name), name=name,
                                    level=region.level if region else None,
                                    aliases=list(region.aliases) if region else []))
        return facts

    def _projects(self) -> list[ProjectFact]:
        projects = self.doc._.projects or {}
        return [ProjectFact(key=project_key(self.context.doc_id, kb), **fields)
                for kb, fields in projects.items()]

    def _surfaces(self, label: str, ent_label: str) -> list[tuple[str, str]]:
        """(key, text) of every mention of a kind: entity spans, then relation ends."""
        found = [(key, text) for label_, key, text in self.ents if label_ == ent_label]
        for record in self.records:
            for end in (record.source, record.target):
                if end.label == label:
                    found.append((end.key, end.name))
        return found

    def _keys(self, label: str, ent_label: str) -> list[str]:
        return list(dict.fromkeys(key for key, _ in self._surfaces(label, ent_label)))

    def relations(self) -> list[RelationFact]:
        return [self._relation(record) for record in self.records]

    def _relation(self, record: RelationRecord) -> RelationFact:
        offsets = self.context.offsets
        start, end = offsets.span_to_original(*record.sentence)
        evidence = Evidence(doc_id=self.context.doc_id, sentence=self.context.original[start:end],
                            start=start, end=end, extractor=record.extractor,
                            confidence=record.confidence)
        props = {}
        for prefix, mention in (("source", record.source), ("target", record.target)):
            props[f"{prefix}_start"], props[f"{prefix}_end"] = \
                offsets.span_to_original(mention.start, mention.end)
        return RelationFact(type=record.type, source=self._ref(record.source),
                            target=self._ref(record.target), evidence=evidence, props=props)

    def _ref(self, mention: Mention) -> NodeRef:
        key, name = mention.key, mention.name
        if mention.label == "Project":
            key = project_key(self.context.doc_id, mention.key)
        elif mention.label == "Region":
            key, name = region_key(mention.key), mention.key
        elif mention.label == "Company":
            info = self.companies.get(key)
            name = info.name if info else name
        elif mention.label == "Product":
            name = self.product_names.get(key, name)
        return NodeRef(label=mention.label, key=key, name=name)


def _gazetteer(nlp: Language) -> Gazetteer:
    gazetteer = nlp.get_pipe("relations").gazetteer if "relations" in nlp.pipe_names else None
    return gazetteer if isinstance(gazetteer, Gazetteer) else load_gazetteer()


@functools.lru_cache(maxsize=8)
def _canonical_products(chains_dir: Path) -> dict[str, str]:
    return canonical_product_names(lexicon(load_templates(chains_dir)))


_CHAINS_DIR: dict[int, Path | None] = {}


def _product_names(nlp: Language) -> dict[str, str]:
    """Canonical product names by key, from the chains folder the pipeline's config names."""
    if id(nlp) not in _CHAINS_DIR:  # interpolating a config is slow: once per pipeline
        try:
            patterns = nlp.config.interpolate()["initialize"]["components"]["lexicon"]["patterns"]
            _CHAINS_DIR[id(nlp)] = Path(patterns.get("chains_dir") or shipped_chains())
        except KeyError:
            _CHAINS_DIR[id(nlp)] = None
    chains = _CHAINS_DIR[id(nlp)]
    return _canonical_products(chains) if chains else {}

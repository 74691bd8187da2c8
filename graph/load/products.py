"""Product linking at load: documents, registries and CKG name products the templates know.

A product named by a source is put on a template product of the loaded chains by the
contract's ProductLinker (by name, alias, a known suffix, a modifier, a head or a mark, each
with a confidence). The templates' products are read from the store, so a chain loaded
from a user's folder links as well as the shipped ones, and one product named in several
chains is one node whichever chain came first. A link at or above the auto-link confidence
is made; one below it, down to ``PROPOSE_LINK``, is made but waits for review; a link staff
rejected is never made again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from chainkg.contract.facts import EntityFact, NodeRef, ProductFact, RelationFact
from chainkg.contract.labels import LINK_RULE_ZH, relation_zh
from chainkg.contract.lexicon import AUTO_LINK, LexiconEntry, Link, ProductLinker
from chainkg.graph.load.reviews import REVIEW_RELATIONS_BELOW, Decisions, ReviewItem, link_key, relation_key
from chainkg.graph.queries import read_rows
from chainkg.graph.store import GraphStore

PROPOSE_LINK = 0.6
# Relations read from text that a person may need to look at; registries and templates are facts.
REVIEWED_EXTRACTORS_EXCLUDED = {"registry", "ckg", "template", "gazetteer", "name_bracket"}


@dataclass
class TemplateProducts:
    """The template products of the store and a linker over their names."""

    keys: frozenset[str]
    linker: ProductLinker
    digest: str = ""   # changes when the template products (names, aliases, heads) change

    @classmethod
    def read(cls, store: GraphStore) -> TemplateProducts:
        rows = read_rows(store, "load/template_products")
        entries = []
        for row in sorted(rows, key=lambda r: r["key"]):
            key = row["key"]
            entries.append(LexiconEntry(row["name"] or key, "PRODUCT", "", "", key))
            entries += [LexiconEntry(a, "PRODUCT", "", "", key) for a in row["aliases"] or []]
            entries += [LexiconEntry(h, "HEAD", "", "", key) for h in row["heads"] or []]
            entries += [LexiconEntry(m, "MARK", "", "", key) for m in row["marks"] or []]
        digest = hashlib.sha256("\n".join(f"{e.label}\t{e.text}\t{e.product_key}" for e in entries)
                                .encode("utf-8")).hexdigest()[:16]
        return cls(frozenset(r["key"] for r in rows), ProductLinker(entries), digest)

    def link_group(self, entities: list[EntityFact], relations: list[RelationFact],
                   decisions: Decisions, doc_id: str
                   ) -> tuple[list[EntityFact], list[RelationFact], list[ReviewItem]]:
        """The group with its products on template products where a link is made."""
        links: dict[str, tuple[Link, str]] = {}
        names = {e.key: e.name for e in entities if isinstance(e, ProductFact)}
        names.update({r.target.key: r.target.name or r.target.key for r in relations
                      if r.target.label == "Product" and r.target.key not in names})
        reviews = []
        for key, name in names.items():
            found = self._link(key, name, decisions)
            if found:
                links[key] = found
                link, status = found
                if status == "pending":
                    reviews.append(ReviewItem(
                        link_key(key, link.product_key), "link", key, link.product_key, name, link.product_name,
                        f"按{LINK_RULE_ZH.get(link.rule, link.rule)}归类（匹配“{link.matched}”）", link.confidence, doc_id=doc_id))
        kept = [e for e in entities if not (isinstance(e, ProductFact) and e.key in links)]
        return kept, [_relinked(r, links) for r in relations], reviews

    def _link(self, key: str, name: str, decisions: Decisions) -> tuple[Link, str] | None:
        if key in self.keys:
            return None
        link = self.linker.link(name)
        if link is None or link.confidence < PROPOSE_LINK or link.product_key == key:
            return None
        decided = decisions.of(link_key(key, link.product_key))
        if decided == "rejected":
            return None
        if decided == "confirmed" or link.confidence >= AUTO_LINK:
            return link, decided or "auto"
        return link, "pending"


def _relinked(relation: RelationFact, links: dict[str, tuple[Link, str]]) -> RelationFact:
    if relation.target.label != "Product" or relation.target.key not in links:
        return relation
    link, status = links[relation.target.key]
    props = {**relation.props, "linked_from": relation.target.name or relation.target.key,
             "link_confidence": link.confidence, "link_rule": link.rule}
    if status != "auto":
        props.update(review_key=link_key(relation.target.key, link.product_key), review=status)
    target = NodeRef(label="Product", key=link.product_key, name=link.product_name)
    return relation.model_copy(update={"target": target, "props": props})


def review_relations(relations: list[RelationFact], decisions: Decisions, doc_id: str
                     ) -> tuple[list[RelationFact], list[ReviewItem]]:
    """Extracted relations below the review confidence, stamped with their review state."""
    reviews, out = [], []
    for relation in relations:
        evidence = relation.evidence
        if evidence.confidence >= REVIEW_RELATIONS_BELOW or evidence.extractor in REVIEWED_EXTRACTORS_EXCLUDED \
                or "review_key" in relation.props:
            out.append(relation)
            continue
        key = relation_key(relation.type, relation.source.key, relation.target.key)
        status = decisions.of(key) or "pending"
        if status == "pending":
            reviews.append(ReviewItem(
                key, "relation", relation.source.key, relation.target.key,
                relation.source.name or relation.source.key, relation.target.name or relation.target.key,
                f"{relation_zh(relation.type)}，抽取置信度低（规则 {evidence.extractor}）：{evidence.sentence[:80]}",
                evidence.confidence, doc_id=doc_id))
        out.append(relation.model_copy(update={"props": {**relation.props, "review_key": key, "review": status}}))
    return out, reviews

"""Company resolution at load: one company, one node, whatever names the sources use.

Documents name a company by its full name, a short name or a brand; registries by a full
name with a credit code; ChainKnowledgeGraph by a full name with a stock code and a stock
name. Before a group is written, each incoming company is matched against the stored ones:

1. a staff decision (a confirmed merge joins two nodes, a rejected one keeps them apart);
2. the same unified social credit code or stock code: one company (1.0);
3. a full name that is a stored company's alias (a former name): one company (0.95);
4. a short name (no legal form) that is one stored company's key or alias (0.95), else the
   core of one stored full name (华友钴业 in 浙江华友钴业股份有限公司, 0.9): one company; two
   or more stored companies fitting it: a pending merge for review, no merge;
5. a new full name whose core is the key of a stored short-name node (a document named 华友钴业
   before any named 浙江华友钴业股份有限公司): that node is merged into the new one (0.9);
6. two full names with the same place and core but different legal forms or group words
   (江西赣锋锂业股份有限公司 / 江西赣锋锂业集团股份有限公司, a renamed company or a group and
   its listed company): a pending merge for review, never merged by rule;
7. a name with a place in brackets (华金新能源材料（衢州）有限公司) is a company registered
   there by the one without it: never merged with it, a SUBSIDIARY_OF is inferred (0.8).

Every merge a rule makes is recorded as a review item with status ``auto`` and its reason;
``chainkg resolve --report`` lists them with the pending ones. The stored node's key and
name win; the incoming names become its aliases.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from chainkg.contract.company_names import NameParts, name_parts
from chainkg.contract.facts import RELATION_ENDS, CompanyFact, EntityFact, Evidence, NodeRef, RelationFact
from chainkg.contract.keys import normalise_name
from chainkg.graph.load.reviews import Decisions, ReviewItem, merge_key
from chainkg.graph.queries import read_rows, statement
from chainkg.graph.store import GraphStore, Statement

BRACKET_SUBSIDIARY_CONFIDENCE = 0.8
PENDING_MERGE_CONFIDENCE = 0.6
SAME_CORE_REASON = "名称主体与所在地相同、法定形式不同：可能是更名或集团与其上市公司"
# Relationship types a company node can carry, moved when one node is merged into another.
COMPANY_TYPES = sorted({t for t, (sources, targets) in RELATION_ENDS.items()
                        if "Company" in sources | targets})


@dataclass(frozen=True)
class Stored:
    """A stored company as resolution sees it."""

    key: str
    name: str
    aliases: tuple[str, ...]
    credit_code: str | None
    stock_code: str | None
    core: str | None
    region: str | None
    full: bool

    @classmethod
    def of(cls, row: dict) -> Stored:
        return cls(row["key"], row["name"] or row["key"], tuple(row["aliases"] or ()),
                   row["credit_code"], row["stock_code"], row["core"], row["region"], bool(row["full"]))


@dataclass
class Resolution:
    """What resolution decided for one group."""

    rekey: dict[str, Stored] = field(default_factory=dict)       # incoming key -> stored company
    absorb: list[tuple[str, str]] = field(default_factory=list)  # (stored key, incoming key)
    inferred: list[RelationFact] = field(default_factory=list)
    reviews: list[ReviewItem] = field(default_factory=list)


def company_properties(fact: CompanyFact) -> dict:
    """The derived properties resolution reads back: name core, place prefix, full name or not."""
    parts = name_parts(fact.name)
    return {"name_core": parts.group_free_core, "name_region": parts.region,
            "full_name": parts.is_full_name}


def resolve_group(store: GraphStore, entities: list[EntityFact], relations: list[RelationFact],
                  decisions: Decisions, doc_id: str, *, by_name: bool = True
                  ) -> tuple[list[EntityFact], list[RelationFact], Resolution]:
    """The group's facts with company keys mapped onto stored companies, and what was decided.

    ``by_name=False`` (bulk registries, which carry codes and full names) skips the alias
    scan of short names, the one look-up that reads every stored company.
    """
    companies = _incoming(entities, relations)
    if not companies:
        return entities, relations, Resolution()
    resolution = _resolve(store, companies, decisions, doc_id, by_name)
    if not resolution.rekey:
        return entities, relations + resolution.inferred, resolution
    return ([_rekey_entity(e, resolution.rekey) for e in entities],
            [_rekey_relation(r, resolution.rekey) for r in relations + resolution.inferred],
            resolution)


def merge_statements(old: str, new: str) -> list[Statement]:
    """Statements merging stored company ``old`` into ``new``: relationships, mentions, names."""
    out, into = statement("load/move_company_out"), statement("load/move_company_in")
    moves = [(query.fill(type=type_), {"old": old, "new": new})
             for type_ in COMPANY_TYPES for query in (out, into)]
    return moves + [(statement("load/finish_company_merge").body, {"old": old, "new": new})]


# --------------------------------------------------------------------------


def _incoming(entities: list[EntityFact], relations: list[RelationFact]) -> dict[str, CompanyFact]:
    companies = {e.key: e for e in entities if isinstance(e, CompanyFact)}
    for relation in relations:
        for ref in (relation.source, relation.target):
            if ref.label == "Company" and ref.key not in companies:
                companies[ref.key] = CompanyFact(key=ref.key, name=ref.name or ref.key)
    return companies


class _Index:
    """The stored candidates of a group, looked up by key, core, alias and codes."""

    def __init__(self, stored: list[Stored]):
        self.by_key = {s.key: s for s in stored}
        self.by_core: dict[str, list[Stored]] = defaultdict(list)    # full names only
        self.by_alias: dict[str, list[Stored]] = defaultdict(list)
        self.by_credit: dict[str, list[Stored]] = defaultdict(list)
        self.by_stock: dict[str, list[Stored]] = defaultdict(list)
        for s in stored:
            if s.full and s.core:
                self.by_core[s.core].append(s)
            for alias in dict.fromkeys(normalise_name(a) for a in s.aliases):
                self.by_alias[alias].append(s)
            if s.credit_code:
                self.by_credit[s.credit_code].append(s)
            if s.stock_code:
                self.by_stock[s.stock_code].append(s)


def _resolve(store: GraphStore, companies: dict[str, CompanyFact], decisions: Decisions,
             doc_id: str, by_name: bool) -> Resolution:
    parts = {key: name_parts(fact.name) for key, fact in companies.items()}
    index = _Index(_candidates(store, companies, parts, decisions, by_name))
    resolution = Resolution()
    for key, fact in companies.items():
        _resolve_one(key, fact, parts[key], index, decisions, doc_id, resolution)
    _pair_incoming(companies, parts, index, decisions, doc_id, resolution)
    return resolution


def _pair_incoming(companies: dict[str, CompanyFact], parts: dict[str, NameParts], index: _Index,
                   decisions: Decisions, doc_id: str, resolution: Resolution) -> None:
    """Rule 6 between two new full names of one group (a registry chunk names both)."""
    by_core: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key in sorted(companies):
        p = parts[key]
        if key not in resolution.rekey and p.is_full_name and not p.bracketed and key not in index.by_key:
            by_core[(p.group_free_core, p.region)].append(key)
    for keys in by_core.values():
        for i, key in enumerate(keys):
            for other in keys[i + 1:]:
                if decisions.of(merge_key(key, other)) in ("confirmed", "rejected"):
                    continue  # a decided pair: the decision applies when either is stored again
                resolution.reviews.append(ReviewItem(
                    merge_key(key, other), "merge", key, other, companies[key].name, companies[other].name,
                    SAME_CORE_REASON, PENDING_MERGE_CONFIDENCE, doc_id=doc_id))


def _candidates(store: GraphStore, companies: dict[str, CompanyFact], parts: dict[str, NameParts],
                decisions: Decisions, by_name: bool) -> list[Stored]:
    names = {normalise_name(n) for f in companies.values() for n in (f.key, f.name, *f.aliases)}
    cores = {p.group_free_core for p in parts.values() if p.group_free_core}
    partners = {p for key in companies for p in decisions.confirmed_partners(key)}
    codes = sorted({f.credit_code for f in companies.values() if f.credit_code})
    stock_codes = sorted({f.stock_code for f in companies.values() if f.stock_code})
    found = {}
    for row in read_rows(store, "load/companies_by_keys", keys=sorted(names | cores | partners)):
        found[row["key"]] = row
    for row in read_rows(store, "load/companies_by_core", cores=sorted(cores)):
        found[row["key"]] = row
    if codes or stock_codes:
        for row in read_rows(store, "load/companies_by_codes", codes=codes, stock_codes=stock_codes):
            found[row["key"]] = row
    if by_name:
        written = sorted({n for f in companies.values() for n in (f.name, *f.aliases)})
        for row in read_rows(store, "load/companies_by_alias", names=written):
            found[row["key"]] = row
    return [Stored.of(row) for row in found.values()]


def _resolve_one(key: str, fact: CompanyFact, parts: NameParts, index: _Index,
                 decisions: Decisions, doc_id: str, resolution: Resolution) -> None:
    def open_(found) -> list[Stored]:
        """Candidates other than the company itself and not kept apart by staff."""
        return [s for s in dict.fromkeys(found)
                if s.key != key and not decisions.rejected(merge_key(key, s.key))]

    confirmed = open_(index.by_key[p] for p in decisions.confirmed_partners(key) if p in index.by_key)
    if confirmed:
        return _merge(resolution, key, fact.name, confirmed[0], "合并已由人工确认", 1.0, doc_id)
    core = open_(index.by_core.get(parts.group_free_core, []))
    if key in index.by_key:
        return _absorb_short_nodes(key, fact, parts, core, open_(_short_nodes(fact, parts, index)),
                                   resolution, doc_id)
    coded = open_(index.by_credit.get(fact.credit_code, [])) if fact.credit_code else []
    if coded:
        return _merge(resolution, key, fact.name, coded[0], "统一社会信用代码相同", 1.0, doc_id)
    listed = open_(index.by_stock.get(fact.stock_code, [])) if fact.stock_code else []
    if listed:
        return _merge(resolution, key, fact.name, listed[0], "股票代码相同", 1.0, doc_id)
    if parts.is_full_name:
        former = open_([*index.by_alias.get(key, []), *index.by_alias.get(normalise_name(fact.name), [])])
        if len(former) == 1:
            return _merge(resolution, key, fact.name, former[0], "全称是已有企业的曾用名或别名", 0.95, doc_id)
        return _resolve_full(key, fact, parts, core, open_(_short_nodes(fact, parts, index)),
                             resolution, doc_id)
    names = {normalise_name(n) for n in (fact.name, *fact.aliases)} | {key}
    exact = open_([index.by_key[n] for n in sorted(names) if n in index.by_key]
                  + [s for n in sorted(names) for s in index.by_alias.get(n, [])])
    by_core = open_(s for n in sorted(names) for s in index.by_core.get(n, []))
    return _resolve_short(key, fact, exact, by_core, resolution, doc_id)


def _short_nodes(fact: CompanyFact, parts: NameParts, index: _Index) -> list[Stored]:
    """Stored short-name nodes whose key is this full name's core or one of its aliases."""
    own = [parts.group_free_core, parts.core, *(normalise_name(a) for a in fact.aliases)]
    return [index.by_key[n] for n in dict.fromkeys(own) if n in index.by_key and not index.by_key[n].full]


def _resolve_full(key: str, fact: CompanyFact, parts: NameParts, core: list[Stored], short: list[Stored],
                  resolution: Resolution, doc_id: str) -> None:
    _absorb_short_nodes(key, fact, parts, core, short, resolution, doc_id)
    for other in core:
        if (other.region or "") == parts.region and not parts.bracketed \
                and normalise_name(other.name) != key:
            resolution.reviews.append(ReviewItem(
                merge_key(key, other.key), "merge", key, other.key, fact.name, other.name,
                SAME_CORE_REASON, PENDING_MERGE_CONFIDENCE, doc_id=doc_id))
    if parts.bracketed:
        _infer_parent(key, fact, core, resolution, doc_id)


def _resolve_short(key: str, fact: CompanyFact, exact: list[Stored], by_core: list[Stored],
                   resolution: Resolution, doc_id: str) -> None:
    if len(exact) == 1:
        return _merge(resolution, key, fact.name, exact[0], "简称是已有企业的名称或别名", 0.95, doc_id)
    fitting = exact or by_core
    if len(fitting) == 1:
        return _merge(resolution, key, fact.name, fitting[0], "简称与已有企业全称的主体相同", 0.9, doc_id)
    for other in fitting:
        resolution.reviews.append(ReviewItem(
            merge_key(key, other.key), "merge", key, other.key, fact.name, other.name,
            f"简称“{fact.name}”可能指{len(fitting)}家企业中的任一家", PENDING_MERGE_CONFIDENCE, doc_id=doc_id))


def _absorb_short_nodes(key: str, fact: CompanyFact, parts: NameParts, core: list[Stored],
                        short: list[Stored], resolution: Resolution, doc_id: str) -> None:
    """Merge stored short-name nodes into this full name, where the short name is its own
    and no other stored full name has the same core (then the short name is ambiguous)."""
    if not parts.is_full_name or parts.bracketed or core:
        return
    for other in short:
        resolution.absorb.append((other.key, key))
        resolution.reviews.append(ReviewItem(
            merge_key(key, other.key), "merge", other.key, key, other.name, fact.name,
            "只有简称的企业节点并入其全称", 0.9, "auto", doc_id))


def _infer_parent(key: str, fact: CompanyFact, core: list[Stored], resolution: Resolution,
                  doc_id: str) -> None:
    for parent in core[:1]:
        resolution.inferred.append(RelationFact(
            type="SUBSIDIARY_OF", source=NodeRef(label="Company", key=key, name=fact.name),
            target=NodeRef(label="Company", key=parent.key, name=parent.name),
            evidence=Evidence(doc_id=doc_id, sentence=fact.name, extractor="name_bracket",
                              confidence=BRACKET_SUBSIDIARY_CONFIDENCE)))


def _merge(resolution: Resolution, key: str, name: str, into: Stored, reason: str, confidence: float,
           doc_id: str) -> None:
    resolution.rekey[key] = into
    resolution.reviews.append(ReviewItem(merge_key(key, into.key), "merge", key, into.key, name,
                                         into.name, reason, confidence, "auto", doc_id))


def _rekey_entity(entity: EntityFact, rekey: dict[str, Stored]) -> EntityFact:
    if not isinstance(entity, CompanyFact) or entity.key not in rekey:
        return entity
    into = rekey[entity.key]
    aliases = [a for a in dict.fromkeys([*entity.aliases, entity.name]) if a != into.name]
    return entity.model_copy(update={"key": into.key, "name": into.name, "aliases": aliases,
                                     "credit_code": entity.credit_code or into.credit_code})


def _rekey_ref(ref: NodeRef, rekey: dict[str, Stored]) -> NodeRef:
    if ref.label != "Company" or ref.key not in rekey:
        return ref
    return ref.model_copy(update={"key": rekey[ref.key].key})


def _rekey_relation(relation: RelationFact, rekey: dict[str, Stored]) -> RelationFact:
    source, target = _rekey_ref(relation.source, rekey), _rekey_ref(relation.target, rekey)
    if source is relation.source and target is relation.target:
        return relation
    return relation.model_copy(update={"source": source, "target": target})

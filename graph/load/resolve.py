"""Entity resolution at load time: a company the graph already holds keeps its one node.

Extraction keys a company by its normalised full name, and so does the registry import.
Two cases would still split one company into two nodes, and are resolved here against
what is stored before a document group is written:

- the same unified social credit code under another key (a renamed company, or a name
  written differently in a document and in the registry);
- a name that is a stored company's alias (a former name or a short name a registry gave).

The stored node's key and name win; the incoming name is kept as an alias.
"""

from __future__ import annotations

from chainkg.contract.facts import CompanyFact, EntityFact, NodeRef, RelationFact
from chainkg.graph.queries import read_rows
from chainkg.graph.store import GraphStore

Match = tuple[str, str]  # the stored company's key and name

def company_matches(store: GraphStore, companies: dict[str, CompanyFact], *, by_alias: bool = True
                    ) -> dict[str, Match]:
    """Incoming company key -> (stored key, stored name) for the companies stored under another key.

    The alias look-up scans the stored companies, so bulk registry loads (full names, with
    credit codes) skip it: ``by_alias=False``.
    """
    coded = [{"key": k, "code": c.credit_code} for k, c in companies.items() if c.credit_code]
    by_code = read_rows(store, "load/companies_by_credit_code", rows=coded) if coded else []
    found = {row["incoming"]: (row["key"], row["name"]) for row in by_code}
    unknown = set(companies) - set(found)
    if unknown and by_alias:
        present = {row["key"] for row in read_rows(store, "load/companies_present", keys=sorted(unknown))}
        rows = [{"key": k, "name": companies[k].name} for k in sorted(unknown - present)]
        if rows:
            for row in read_rows(store, "load/companies_by_alias", rows=rows):
                found.setdefault(row["incoming"], (row["key"], row["name"]))
    return found


def resolve_group(store: GraphStore, entities: list[EntityFact], relations: list[RelationFact], *,
                  by_alias: bool = True) -> tuple[list[EntityFact], list[RelationFact]]:
    """The group's entities and relations with company keys mapped onto stored companies."""
    companies = {e.key: e for e in entities if isinstance(e, CompanyFact)}
    for relation in relations:
        for ref in (relation.source, relation.target):
            if ref.label == "Company" and ref.key not in companies:
                companies[ref.key] = CompanyFact(key=ref.key, name=ref.name or ref.key)
    matches = company_matches(store, companies, by_alias=by_alias)
    if not matches:
        return entities, relations
    return ([_rekey_entity(e, matches) for e in entities],
            [_rekey_relation(r, matches) for r in relations])


def _rekey_entity(entity, matches: dict[str, Match]):
    if not isinstance(entity, CompanyFact) or entity.key not in matches:
        return entity
    key, name = matches[entity.key]
    aliases = list(dict.fromkeys([*entity.aliases, entity.name]))
    return entity.model_copy(update={"key": key, "name": name,
                                     "aliases": [a for a in aliases if a != name]})


def _rekey_ref(ref: NodeRef, matches: dict[str, Match]) -> NodeRef:
    if ref.label != "Company" or ref.key not in matches:
        return ref
    return ref.model_copy(update={"key": matches[ref.key][0]})


def _rekey_relation(relation: RelationFact, matches: dict[str, Match]) -> RelationFact:
    source, target = _rekey_ref(relation.source, matches), _rekey_ref(relation.target, matches)
    if source is relation.source and target is relation.target:
        return relation
    return relation.model_copy(update={"source": source, "target": target})

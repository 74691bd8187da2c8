"""The one batched writer: every fact reaches the graph through ``load_facts``.

Facts arrive grouped by document. Each group is written as one unit: the facts the store
holds for that document are removed, then its nodes are MERGEd on their keys and its
relationships created with their evidence. Re-loading the same group therefore changes
nothing, and loading a changed document replaces that document's facts and nothing else.
The document's fingerprint is removed by the first write of a group and written back only
after the last one succeeded, so a load that failed or was killed half-way leaves no
fingerprint and the next run redoes that document instead of calling it unchanged.
Nodes made by a document alone (``origin = 'document'``) go when no relationship is left.
Before a group is written its companies are resolved against the stored ones (resolve.py),
its products linked to the templates' (products.py), and its doubtful merges, links and
relations proposed for review (reviews.py), where the decisions staff made apply; a company
its document places nowhere is seated where its registered name says (seats.py), and every
region the group names gets the gazetteer's PART_OF chain above it (regions.py). Every
statement is a file of queries/load/.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal

from chainkg.contract.errors import ChainkgError, FactsError, StoreUnavailable
from chainkg.contract.facts import (
    CompanyFact,
    DocumentFact,
    EntityFact,
    Fact,
    NodeRef,
    RelationFact,
    label_of,
    parse_line,
)
from chainkg.graph.load.products import TemplateProducts, review_relations
from chainkg.graph.load.regions import hierarchy
from chainkg.graph.load.resolve import company_properties, merge_statements, resolve_group
from chainkg.graph.load.reviews import Decisions, propose_statements
from chainkg.graph.load.seats import name_seats
from chainkg.graph.queries import read_rows, statement
from chainkg.graph.store import GraphStore, Statement

Origin = Literal["document", "registry"]

BATCH_ROWS = 2000
# Documents whose stored fingerprints are read at once (groups held in memory meanwhile).
FINGERPRINT_BATCH = 100
# Groups larger than this (registry imports) are written in several units, not one.
MAX_UNIT_ROWS = 50_000

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
class LoadReport:
    written: int = 0
    unchanged: int = 0
    nodes: int = 0
    relationships: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def documents(self) -> int:
        return self.written + self.unchanged


def group_facts(facts: Iterable[Fact]) -> Iterator[DocumentGroup]:
    """Group a stream of facts by their document line (facts before any document are refused)."""
    group: DocumentGroup | None = None
    for fact in facts:
        if isinstance(fact, DocumentFact):
            if group is not None:
                yield group
            group = DocumentGroup(fact)
        elif group is None:
            raise FactsError("facts must start with a document line")
        elif isinstance(fact, RelationFact):
            group.relations.append(fact)
        else:
            group.entities.append(fact)
    if group is not None:
        yield group


def read_groups(path: str | Path, failures: list[str]) -> Iterator[DocumentGroup]:
    """Stream the document groups of a facts file; a bad line fails its group, named in ``failures``."""
    group: DocumentGroup | None = None
    broken = False
    with open(path, encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                fact = parse_line(line, f"{path}:{number}")
            except FactsError as exc:
                failures.append(str(exc))
                broken = True
                continue
            if isinstance(fact, DocumentFact):
                if group is not None and not broken:
                    yield group
                group, broken = DocumentGroup(fact, where=f"{path}:{number}"), False
            elif group is None:
                failures.append(f"{path}:{number}: facts must start with a document line")
                broken = True
            else:
                (group.relations if isinstance(fact, RelationFact) else group.entities).append(fact)
    if group is not None and not broken:
        yield group


def facts_files(path: str | Path) -> list[Path]:
    """The facts files a load reads: ``path`` itself, or the part files of a folder.

    A folder is what a Spark job (or any many-process extractor) writes: its files, sorted
    by name, but the hidden ones and the bookkeeping Spark and Hadoop leave beside them
    (``_SUCCESS``, ``.part-00000.crc``). A folder with no such file is an error, not an
    empty load.
    """
    path = Path(path)
    if not path.is_dir():
        return [path]
    files = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith(("_", ".")))
    if not files:
        raise FactsError(f"{path}: no facts files in this folder")
    return files


def read_folder_groups(path: str | Path, failures: list[str]) -> Iterator[DocumentGroup]:
    """The document groups of a facts file or of every part file of a folder, file by file."""
    for facts_file in facts_files(path):
        yield from read_groups(facts_file, failures)


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


def load_facts(store: GraphStore, groups: Iterable[DocumentGroup], *, origin: Origin = "document",
               force: bool = False, progress: Callable[[DocumentGroup], None] | None = None,
               link_products: bool = True) -> LoadReport:
    """Write document groups to ``store``; a group that fails is reported and the rest go on.

    ``origin`` marks nodes this load creates: ``document`` nodes are removed with the last
    document that needs them, ``registry`` nodes stay. A group whose facts did not change
    since it was last written is skipped unless ``force``. ``link_products=False`` writes
    products as they are (the chain templates, which define the products others link to).
    """
    report = LoadReport()
    # One stamp a load: the overview lists what the last load added or changed.
    context = LoadContext.read(store, origin, link_products)
    for chunk in _chunks(groups, FINGERPRINT_BATCH):
        # One read for the stored fingerprints of many documents, not one a document: on
        # Neo4j every read is a transaction's round trip (docs/scale.md).
        stored = {} if force else _stored_fingerprints(store, [g.document.id for g in chunk])
        seen: set[str] = set()
        for group in chunk:
            # A document met twice in one batch is looked up again: its first group changed it.
            known = stored if stored is not None and group.document.id not in seen else None
            seen.add(group.document.id)
            try:
                _load_group(store, group, context, force, report, known)
            except StoreUnavailable:
                raise  # every later group would fail the same way: stop, say so once
            except ChainkgError as exc:
                report.failures.append(f"{group.document.path or group.document.id}: {exc}")
            if progress:
                progress(group)
    return report


def _load_group(store: GraphStore, group: DocumentGroup, context: LoadContext, force: bool,
                report: LoadReport, known: dict[str, str | None] | None = None) -> None:
    fingerprint = group.fingerprint(context.vocabulary)
    stored = (known.get(group.document.id) if known is not None
              else None if force else _stored_fingerprint(store, group.document.id))
    if not force and stored == fingerprint:
        report.unchanged += 1
        return
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
    group = DocumentGroup(group.document, entities, relations, group.where)
    nodes = _nodes_of(group)
    statements = _replace_statements(group, context.loaded_at)
    statements += _node_statements(nodes, context.origin)
    for old, new in resolution.absorb:
        statements += merge_statements(old, new)
    statements += _mention_statements(doc_id, nodes)
    statements += _relation_statements(group.relations)
    statements += _hierarchy_statements(nodes)
    statements += propose_statements(reviews)
    seal = (statement("load/seal_document").body, {"id": group.document.id, "fingerprint": fingerprint})
    units = list(_units(statements))
    if store.atomic_units:  # Neo4j: the last unit's transaction commits the seal or nothing
        units[-1].append(seal)
    for unit in units:
        store.write(unit)
    if not store.atomic_units:
        # Last, on its own: the embedded store undoes no failed statement of a unit, so the
        # seal goes only after every unit came back without an error.
        store.write([seal])
    report.written += 1
    report.nodes += sum(len(rows) for rows in nodes.values())
    report.relationships += len(_unique_relations(group.relations))


def _stored_fingerprints(store: GraphStore, ids: list[str]) -> dict[str, str | None] | None:
    """Stored fingerprints by document id (None: the read failed, look each one up)."""
    try:
        return {row["id"]: row["f"] for row in read_rows(store, "load/document_fingerprints", ids=ids)}
    except StoreUnavailable:
        raise
    except ChainkgError:
        return None


def _chunks(groups: Iterable[DocumentGroup], size: int) -> Iterator[list[DocumentGroup]]:
    chunk: list[DocumentGroup] = []
    for group in groups:
        chunk.append(group)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _stored_fingerprint(store: GraphStore, doc_id: str) -> str | None:
    rows = read_rows(store, "load/document_fingerprint", id=doc_id)
    return rows[0]["f"] if rows else None


def _replace_statements(group: DocumentGroup, loaded_at: str) -> list[Statement]:
    doc = group.document
    props = doc.model_dump(exclude={"schema_", "kind", "id"}, exclude_none=True)
    props.update(loaded_at=loaded_at)
    return [
        (statement("load/delete_document_relations").body, {"id": doc.id}),
        (statement("load/delete_document_mentions").body, {"id": doc.id}),
        (statement("load/merge_document").body, {"id": doc.id, "props": props}),
    ]


def _nodes_of(group: DocumentGroup) -> dict[str, dict[str, dict]]:
    """Rows to MERGE, by label and key: declared entities, then relation ends not declared."""
    nodes: dict[str, dict[str, dict]] = defaultdict(dict)
    for entity in group.entities:
        props = entity.model_dump(exclude={"schema_", "kind", "key"}, exclude_none=True)
        if isinstance(entity, CompanyFact):
            props.update(company_properties(entity))
        row = nodes[label_of(entity)].setdefault(
            entity.key, {"key": entity.key, "props": {}, "aliases": []})
        row["aliases"] = list(dict.fromkeys(row["aliases"] + props.pop("aliases")))
        row["props"].update(props)
    for relation in group.relations:
        for ref in (relation.source, relation.target):
            _add_ref(nodes, ref)
    return nodes


def _add_ref(nodes: dict[str, dict[str, dict]], ref: NodeRef) -> None:
    if ref.key not in nodes[ref.label]:
        props = {"name": ref.name or ref.key}
        if ref.label == "Company":
            props.update(company_properties(CompanyFact(key=ref.key, name=props["name"])))
        nodes[ref.label][ref.key] = {"key": ref.key, "props": props, "aliases": []}


def _node_statements(nodes: dict[str, dict[str, dict]], origin: Origin) -> list[Statement]:
    merge = statement("load/merge_nodes")
    return [(merge.fill(label=label), {"rows": batch, "origin": origin})
            for label, rows in nodes.items() for batch in _batches(list(rows.values()))]


def _hierarchy_statements(nodes: dict[str, dict[str, dict]]) -> list[Statement]:
    """The gazetteer's regions above every region of the group and one PART_OF a pair, after
    the group's own relations (the gazetteer's group creates them; MERGE then finds them)."""
    above = hierarchy(list(nodes.get("Region", {})))
    merge, part_of = statement("load/merge_nodes"), statement("load/merge_part_of")
    return [*((merge.fill(label="Region"), {"rows": batch, "origin": "registry"})
              for batch in _batches(above.parents)),
            *((part_of.body, {"rows": batch}) for batch in _batches(above.edges))]


def _mention_statements(doc_id: str, nodes: dict[str, dict[str, dict]]) -> list[Statement]:
    mention = statement("load/merge_mentions")
    return [(mention.fill(label=label), {"id": doc_id, "keys": batch})
            for label, rows in nodes.items() for batch in _batches(list(rows))]


def _relation_statements(relations: list[RelationFact]) -> list[Statement]:
    by_shape: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for relation in _unique_relations(relations):
        shape = (relation.type, relation.source.label, relation.target.label)
        props = {**relation.props, **relation.evidence.model_dump()}
        by_shape[shape].append({"s": relation.source.key, "t": relation.target.key, "props": props})
    create, part_of = statement("load/create_relations"), statement("load/merge_part_of")
    # PART_OF is a fact of the gazetteer, not of a document: one edge a pair, whoever wrote it.
    return [(part_of.body if type_ == "PART_OF" and (src, dst) == ("Region", "Region")
             else create.fill(type=type_, source=src, target=dst), {"rows": batch})
            for (type_, src, dst), rows in by_shape.items() for batch in _batches(rows)]


def _unique_relations(relations: list[RelationFact]) -> list[RelationFact]:
    seen: dict[tuple, RelationFact] = {}
    for relation in relations:
        ev = relation.evidence
        key = (relation.type, relation.source.label, relation.source.key,
               relation.target.label, relation.target.key, ev.start, ev.end, ev.sentence)
        seen.setdefault(key, relation)
    return list(seen.values())


def _batches(rows: list, size: int = BATCH_ROWS) -> Iterator[list]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def _units(statements: list[Statement]) -> Iterator[list[Statement]]:
    """One unit normally; consecutive units of at most MAX_UNIT_ROWS rows for huge groups."""
    unit, rows = [], 0
    for cypher, params in statements:
        size = len(params.get("rows") or params.get("keys") or [1])
        if unit and rows + size > MAX_UNIT_ROWS:
            yield unit
            unit, rows = [], 0
        unit.append((cypher, params))
        rows += size
    if unit:
        yield unit

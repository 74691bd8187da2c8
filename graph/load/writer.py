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
region the group names gets the gazetteer's PART_OF chain above it (regions.py); all of that
is planned as rows in plan.py, which the bulk export (bulk.py) shares. A huge group (a
registry file) is written phase by phase instead of as one unit, the lanes of a phase side by
side on a store with several workers, and sealed after the last phase. Every statement is a
file of queries/load/.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from chainkg.contract.errors import ChainkgError, FactsError, StoreUnavailable
from chainkg.contract.facts import DocumentFact, Fact, RelationFact, parse_line
from chainkg.graph.load.plan import DocumentGroup, GroupPlan, LoadContext, Origin, Shape, plan_group
from chainkg.graph.load.regions import Hierarchy
from chainkg.graph.load.resolve import merge_statements
from chainkg.graph.load.reviews import propose_statements
from chainkg.graph.queries import read_rows, statement
from chainkg.graph.store import GraphStore, Statement

__all__ = ["DocumentGroup", "LoadContext", "LoadReport", "facts_files", "group_facts",
           "load_facts", "read_folder_groups", "read_groups"]

BATCH_ROWS = 2000
# Documents whose stored fingerprints are read at once (groups held in memory meanwhile).
FINGERPRINT_BATCH = 100
# Groups larger than this (registry imports) are written in several units, not one.
MAX_UNIT_ROWS = 50_000


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
    plan = plan_group(store, group, context, fingerprint)
    phases = _phases(plan, context.origin, lanes=1)
    seal = (statement("load/seal_document").body, {"id": plan.document.id, "fingerprint": fingerprint})
    if sum(phase.rows for phase in phases) > MAX_UNIT_ROWS:
        if store.workers > 1:  # the same statements, dealt into lanes
            phases = _phases(plan, context.origin, lanes=store.workers)
        _write_phases(store, phases)
        store.write([seal])
    else:
        _write_units(store, [s for phase in phases for lane in phase.lanes for s in lane], seal)
    report.written += 1
    report.nodes += plan.node_count
    report.relationships += plan.relation_count


@dataclass
class Phase:
    """Statements of one step of a group's write, in lanes that never write the same node.

    A phase of one lane runs in order; the lanes of a phase may run side by side, each in
    transactions of its own (docs/stores.md, "Concurrent writes").
    """

    lanes: list[list[Statement]]

    @property
    def rows(self) -> int:
        return sum(_rows_of(params) for lane in self.lanes for _, params in lane)


def _phases(plan: GroupPlan, origin: Origin, lanes: int) -> list[Phase]:
    """A group's statements step by step: the old facts out, nodes, merges and mentions,
    relationships, then the regions above and the review items.

    Nodes of a label are keyed apart, so their batches split into lanes freely.
    Relationships split by their start node, so no two lanes create relationships from the
    same node; a shared end node can still make two transactions wait for each other (the
    store retries a deadlock). Mentions all start at the document's node: one lane.
    """
    mentions = _mention_statements(plan.document.id, plan.nodes)
    absorb = [s for old, new in plan.absorb for s in merge_statements(old, new)]
    return [Phase([_replace_statements(plan)]),
            Phase(_deal(_node_statements(plan.nodes, origin), lanes)),
            Phase([absorb + mentions]),
            Phase(_relation_lanes(plan.relations, lanes)),
            Phase([_hierarchy_statements(plan.regions) + propose_statements(plan.reviews)])]


def _write_units(store: GraphStore, statements: list[Statement], seal: Statement) -> None:
    """A group of normal size: one unit (or a few), the seal last."""
    units = list(_units(statements))
    if store.atomic_units:  # Neo4j: the last unit's transaction commits the seal or nothing
        units[-1].append(seal)
    for unit in units:
        store.write(unit)
    if not store.atomic_units:
        # Last, on its own: the embedded store undoes no failed statement of a unit, so the
        # seal goes only after every unit came back without an error.
        store.write([seal])


def _write_phases(store: GraphStore, phases: list[Phase]) -> None:
    """A huge group (a registry file): phase after phase, the lanes of each side by side."""
    for phase in phases:
        lanes = [list(_units(lane)) for lane in phase.lanes if lane]
        if len(lanes) > 1:
            store.write_lanes(lanes)
        else:
            for unit in (lanes[0] if lanes else []):
                store.write(unit)


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


def _replace_statements(plan: GroupPlan) -> list[Statement]:
    doc_id = plan.document.id
    return [
        (statement("load/delete_document_relations").body, {"id": doc_id}),
        (statement("load/delete_document_mentions").body, {"id": doc_id}),
        (statement("load/merge_document").body, {"id": doc_id, "props": plan.document_props}),
    ]


def _node_statements(nodes: dict[str, dict[str, dict]], origin: Origin) -> list[Statement]:
    merge = statement("load/merge_nodes")
    return [(merge.fill(label=label), {"rows": batch, "origin": origin})
            for label, rows in nodes.items() for batch in _batches(list(rows.values()))]


def _hierarchy_statements(above: Hierarchy) -> list[Statement]:
    """The gazetteer's regions above every region of the group and one PART_OF a pair, after
    the group's own relations (the gazetteer's group creates them; MERGE then finds them)."""
    merge, part_of = statement("load/merge_nodes"), statement("load/merge_part_of")
    return [*((merge.fill(label="Region"), {"rows": batch, "origin": "registry"})
              for batch in _batches(above.parents)),
            *((part_of.body, {"rows": batch}) for batch in _batches(above.edges))]


def _mention_statements(doc_id: str, nodes: dict[str, dict[str, dict]]) -> list[Statement]:
    mention = statement("load/merge_mentions")
    return [(mention.fill(label=label), {"id": doc_id, "keys": batch})
            for label, rows in nodes.items() for batch in _batches(list(rows))]


def _relation_lanes(relations: dict[Shape, list[dict]], lanes: int) -> list[list[Statement]]:
    """Relationship statements in ``lanes`` lanes by start node (see ``_phases``)."""
    create, part_of = statement("load/create_relations"), statement("load/merge_part_of")
    out: list[list[Statement]] = [[] for _ in range(lanes)]
    for (type_, src, dst), rows in relations.items():
        # PART_OF is a fact of the gazetteer, not of a document: one edge a pair, whoever wrote it.
        cypher = (part_of.body if type_ == "PART_OF" and (src, dst) == ("Region", "Region")
                  else create.fill(type=type_, source=src, target=dst))
        by_lane: list[list[dict]] = [[] for _ in range(lanes)]
        for row in rows:
            by_lane[zlib.crc32(row["s"].encode()) % lanes].append(row)
        for lane, lane_rows in zip(out, by_lane):
            lane += [(cypher, {"rows": batch}) for batch in _batches(lane_rows)]
    return out


def _deal(statements: list[Statement], lanes: int) -> list[list[Statement]]:
    """Statements dealt round-robin into ``lanes`` lanes of about equal size."""
    return [statements[lane::lanes] for lane in range(lanes)]


def _rows_of(params: dict) -> int:
    return len(params.get("rows") or params.get("keys") or [1])


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

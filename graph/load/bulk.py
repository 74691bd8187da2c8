"""A first load of a large facts set, offline: CSV files for Neo4j's importer.

``export_bulk`` plans every document group exactly as the writer does (plan.py) and writes
the rows as CSV files plus an argument file for ``neo4j-admin database import full``, which
builds a new database from them without transactions. After the import the server is
started and ``finish_import`` creates the schema and seals the documents, as the writer's
last step does, so later loads through the writer skip what is already there.

The limit, stated plainly: each document is resolved against an empty graph, not against
the documents before it, because nothing is stored while the files are written. Two
documents that name the same company by the same key still meet on one node (rows are
merged by key, aliases united), but a short name in one document is not resolved to the
full name another document gave. That is what a first load of a registry or of a corpus
extracted on a cluster needs; every later load goes through the writer.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from chainkg.contract.errors import FactsError, StoreError
from chainkg.graph.load.plan import DocumentGroup, GroupPlan, LoadContext, Origin, plan_group
from chainkg.graph.queries import read_rows, statement
from chainkg.graph.store import GraphStore
from chainkg.graph.store.empty import EmptyGraph

ARGS_FILE = "import.args"
# Between the items of a list value (aliases): the unit separator, which no name holds
# (the reader turns control characters into spaces), where ";" could be part of a name.
ARRAY_DELIMITER = "\x1f"
# What the importer is told besides the files: strings may span lines (sentences do), an
# existing database of the name is replaced (a first load, by definition), and a single bad
# row fails the import instead of going missing.
IMPORT_OPTIONS = ("--overwrite-destination=true", "--multiline-fields=true",
                  "--array-delimiter=U+001F", "--id-type=string", "--bad-tolerance=0",
                  "--report-file=import.report")
DATABASE = "neo4j"


@dataclass
class BulkReport:
    documents: int = 0
    nodes: int = 0
    relationships: int = 0
    files: list[Path] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def export_bulk(groups: Iterable[DocumentGroup], out: str | Path, *,
                origin: Origin = "document") -> BulkReport:
    """Write the CSV files and ``import.args`` of a first load of ``groups`` into ``out``.

    A document met a second time is reported in ``failures`` and not written: the importer
    cannot replace what it has not stored yet, so load a changed document with the writer.
    """
    empty = EmptyGraph()
    context = LoadContext.read(empty, origin, link_products=True)
    export = _Export(Path(out), context)
    report = BulkReport()
    for group in groups:
        if group.document.id in export.documents:
            report.failures.append(f"{group.where or group.document.id}: document "
                                   f"{group.document.id} met again; a bulk load writes its first group only")
            continue
        export.add(plan_group(empty, group, context))
    return export.finish(report)


def finish_import(store: GraphStore) -> int:
    """Constraints and indexes on an imported Neo4j graph, the empty alias lists the CSV could
    not carry, and its documents sealed; returns how many documents are sealed."""
    if not hasattr(store, "run_autocommit"):
        raise StoreError(f"{store.location}: a bulk import is a Neo4j database; "
                         "this store is loaded by the writer")
    store.ensure_schema()
    store.read(statement("load/await_indexes").body)
    store.run_autocommit(statement("load/import_empty_aliases").body)
    store.run_autocommit(statement("load/seal_imported").body)
    return read_rows(store, "load/sealed_count")[0]["n"]


class _Export:
    """The rows of a bulk load being gathered: nodes merged in memory by key (as MERGE
    would), relationships spooled to disk as they come."""

    def __init__(self, out: Path, context: LoadContext):
        self.out, self.context = out, context
        for old in ("nodes", "relationships", ".spool"):
            shutil.rmtree(out / old, ignore_errors=True)
        (out / ".spool").mkdir(parents=True)
        self.documents: dict[str, dict] = {}
        self.nodes: dict[str, dict[str, dict]] = {}
        self.reviews: dict[str, dict] = {}
        self.part_of: set[tuple[str, str]] = set()
        self.spools: dict[tuple[str, str, str], _Spool] = {}
        self.proposed_at = datetime.now(timezone.utc).isoformat(timespec="seconds")

    def add(self, plan: GroupPlan) -> None:
        """One document's plan, in the writer's order: document, nodes, mentions,
        relationships, the regions above, review items."""
        if plan.absorb:  # nothing is stored, so nothing can be merged away
            raise FactsError(f"{plan.document.id}: a bulk load cannot merge stored companies")
        props = plan.document_props
        self.documents[plan.document.id] = {
            **props, "first_loaded_at": props["loaded_at"], "pending_fingerprint": plan.fingerprint}
        for label, rows in plan.nodes.items():
            for row in rows.values():
                self._merge_node(label, row, self.context.origin)
            spool = self._spool("MENTIONS", "Document", label)
            for key in rows:
                spool.add({"s": plan.document.id, "t": key, "props": {}})
        for (type_, src, dst), rows in plan.relations.items():
            for row in rows:
                self._add_relation(type_, src, dst, row)
        for row in plan.regions.parents:
            self._merge_node("Region", row, "registry")
        for row in plan.regions.edges:
            self._add_relation("PART_OF", "Region", "Region", row)
        for item in plan.reviews:
            self._merge_review(item.row())

    def _merge_node(self, label: str, row: dict, origin: str) -> None:
        node = self.nodes.setdefault(label, {}).get(row["key"])
        if node is None:
            self.nodes[label][row["key"]] = {**row["props"], "origin": origin,
                                             "aliases": list(row["aliases"])}
            return
        aliases = node["aliases"] + [a for a in row["aliases"] if a not in node["aliases"]]
        node.update(row["props"])
        node["aliases"] = aliases

    def _add_relation(self, type_: str, src: str, dst: str, row: dict) -> None:
        if type_ == "PART_OF" and (src, dst) == ("Region", "Region"):
            # MERGEd by the writer: one edge a pair, the first one's evidence.
            if (row["s"], row["t"]) in self.part_of:
                return
            self.part_of.add((row["s"], row["t"]))
        self._spool(type_, src, dst).add(row)

    def _merge_review(self, row: dict) -> None:
        review = self.reviews.get(row["key"])
        if review is None:
            self.reviews[row["key"]] = {**row["props"], "proposed_at": self.proposed_at}
        else:
            review.update({k: row["props"][k] for k in ("reason", "confidence", "status")})

    def _spool(self, type_: str, src: str, dst: str) -> _Spool:
        shape = (type_, src, dst)
        if shape not in self.spools:
            self.spools[shape] = _Spool(self.out / ".spool" / f"{type_}.{src}.{dst}.jsonl")
        return self.spools[shape]

    def finish(self, report: BulkReport) -> BulkReport:
        args = list(IMPORT_OPTIONS)
        node_sets = {"Document": ("id", self.documents), "Review": ("key", self.reviews),
                     **{label: ("key", rows) for label, rows in self.nodes.items()}}
        for label, (id_name, rows) in node_sets.items():
            if rows:
                path = self.out / "nodes" / f"{label}.csv"
                _write_nodes(path, label, id_name, rows)
                args.append(f"--nodes={label}={path.relative_to(self.out)}")
                report.files.append(path)
        for (type_, src, dst), spool in self.spools.items():
            path = self.out / "relationships" / f"{type_}.{src}.{dst}.csv"
            spool.write_csv(path, src, dst)
            args.append(f"--relationships={type_}={path.relative_to(self.out)}")
            report.files.append(path)
            if type_ != "MENTIONS":
                report.relationships += spool.count
        shutil.rmtree(self.out / ".spool")
        # The database first: --nodes and --relationships take every later word as a file.
        (self.out / ARGS_FILE).write_text("\n".join([DATABASE, *args]) + "\n", encoding="utf-8")
        report.documents = len(self.documents)
        report.nodes = sum(len(rows) for rows in self.nodes.values())
        return report


class _Spool:
    """Relationship rows of one shape on disk until their columns are all known."""

    def __init__(self, path: Path):
        self.path, self.count = path, 0
        self.types: dict[str, str] = {}
        self.handle = open(path, "w", encoding="utf-8")

    def add(self, row: dict) -> None:
        _note_types(self.types, row["props"], self.path.stem)
        self.handle.write(json.dumps([row["s"], row["t"], row["props"]], ensure_ascii=False) + "\n")
        self.count += 1

    def write_csv(self, path: Path, src: str, dst: str) -> None:
        self.handle.close()
        columns = sorted(self.types)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, encoding="utf-8") as rows, open(path, "w", encoding="utf-8") as out:
            out.write(",".join([f":START_ID({src})", f":END_ID({dst})",
                                *(_header(c, self.types[c]) for c in columns)]) + "\n")
            for line in rows:
                s, t, props = json.loads(line)
                out.write(",".join([_quote(s), _quote(t), *(_field(props.get(c), self.types[c])
                                                            for c in columns)]) + "\n")


def _write_nodes(path: Path, label: str, id_name: str, rows: dict[str, dict]) -> None:
    types: dict[str, str] = {}
    for props in rows.values():
        _note_types(types, props, label)
    columns = sorted(types)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as out:
        out.write(",".join([f"{id_name}:ID({label})", *(_header(c, types[c]) for c in columns)]) + "\n")
        for key, props in rows.items():
            out.write(",".join([_quote(key), *(_field(props.get(c), types[c]) for c in columns)]) + "\n")


def _note_types(types: dict[str, str], props: dict[str, Any], where: str) -> None:
    for name, value in props.items():
        if value is None or value == []:
            continue  # no property, as the writer's SET of a null would leave none
        kind = _type_of(value, where, name)
        known = types.setdefault(name, kind)
        if known != kind:
            if {known, kind} == {"long", "double"}:
                types[name] = "double"
            else:
                raise FactsError(f"{where}: property {name} is both {known} and {kind}; "
                                 "the importer needs one type a column")


def _type_of(value: Any, where: str, name: str) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "string[]"
    raise FactsError(f"{where}: property {name} holds {type(value).__name__}, "
                     "which the importer's CSV cannot carry")


def _header(name: str, kind: str) -> str:
    return name if kind == "string" else f"{name}:{kind}"


def _field(value: Any, kind: str) -> str:
    if value is None or value == []:
        return ""
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "double":
        return repr(float(value))
    if kind == "long":
        return str(value)
    if kind == "string[]":
        for item in value:
            if ARRAY_DELIMITER in item:
                raise FactsError(f"{item!r}: a list value with {ARRAY_DELIMITER!r} in it cannot "
                                 "go through the importer's CSV")
        return _quote(ARRAY_DELIMITER.join(value))
    return _quote(str(value))


def _quote(text: str) -> str:
    """A quoted CSV field: an empty string stays a string, not a missing value."""
    return '"' + text.replace('"', '""') + '"'

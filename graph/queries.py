"""Every Cypher statement chainkg runs: *.cypher files in queries/, each with a header.

The analysts' library is the top of queries/ (run read-only); queries/load/ holds the
writer's and the resolver's statements. A header is the leading ``//`` comment block::

    // Purpose: Companies of a segment located in a region (and its sub-regions).
    // Param: $segment STRING  key of the segment, e.g. cathode
    // Param: $region STRING   region name, e.g. 衢州
    // Returns: company, products, city

``Param`` types are STRING, INTEGER, FLOAT, BOOLEAN, LIST<STRING>, LIST<MAP> and MAP; a value
given on the command line as text is converted to the declared type. A writer statement
whose label or relationship type varies names it as a slot, ``{label}``, declared with
``// Slot: {label} LABEL  …`` (or ``TYPE``); ``NamedQuery.fill`` puts in a value the facts
contract knows, never free text.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chainkg.contract.errors import ChainkgError
from chainkg.contract.facts import ENTITY_LABELS, RELATION_TYPES
from chainkg.contract.resources import shipped
from chainkg.graph.store import GraphStore, QueryResult

QUERY_DIR = shipped("chainkg.queries")
PARAM_TYPES = ("STRING", "INTEGER", "FLOAT", "BOOLEAN", "LIST<STRING>", "LIST<MAP>", "MAP")
SLOT_VALUES = {"LABEL": (*ENTITY_LABELS, "Document"), "TYPE": RELATION_TYPES}
_PARAM = re.compile(r"^\$(\w+)\s+(\S+)\s*(.*)$")
_SLOT = re.compile(r"^\{(\w+)\}\s+(LABEL|TYPE)\s*(.*)$")
_USED_PARAM = re.compile(r"\$(\w+)")
_USED_SLOT = re.compile(r"(?<!\{)\{(\w+)\}(?!\})")


class QueryError(ChainkgError):
    """A query file is missing, has a bad header, or was given bad parameters."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    description: str = ""


@dataclass(frozen=True)
class Slot:
    name: str
    kind: str  # LABEL | TYPE
    description: str = ""


@dataclass
class NamedQuery:
    name: str
    path: Path
    purpose: str
    params: list[Param]
    returns: list[str]
    body: str
    slots: list[Slot] = field(default_factory=list)

    def fill(self, **values: str) -> str:
        """The body with its slots filled: ``fill(label="Company")``; only known labels and types."""
        declared = {slot.name: slot for slot in self.slots}
        if set(values) != set(declared):
            raise QueryError(f"{self.name}: slots {sorted(declared)} need values, got {sorted(values)}")
        for name, value in values.items():
            if value not in SLOT_VALUES[declared[name].kind]:
                raise QueryError(f"{self.name}: {{{name}}} cannot be {value!r}")
        return self.body.format(**values)

    def convert(self, raw: dict[str, str]) -> dict[str, Any]:
        """Turn text values (from a form or ``-p key=value``) into the declared types."""
        declared = {p.name: p for p in self.params}
        unknown = set(raw) - set(declared)
        if unknown:
            raise QueryError(f"{self.name}: unknown parameter(s) {', '.join(sorted(unknown))}; "
                             f"it takes {', '.join('$' + p for p in declared) or 'none'}")
        missing = [p for p in declared if p not in raw]
        if missing:
            raise QueryError(f"{self.name}: missing parameter(s) "
                             f"{', '.join('$' + p for p in missing)}")
        return {name: _convert(self.name, declared[name], value) for name, value in raw.items()}


def _convert(query: str, param: Param, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        if param.type == "INTEGER":
            return int(value)
        if param.type == "FLOAT":
            return float(value)
        if param.type == "BOOLEAN":
            return {"true": True, "false": False, "1": True, "0": False}[value.strip().lower()]
        if param.type == "LIST<STRING>":
            return [part.strip() for part in re.split(r"[,，;；]", value) if part.strip()]
    except (ValueError, KeyError):
        raise QueryError(f"{query}: ${param.name} must be {param.type}, got {value!r}") from None
    return value


def parse_query(text: str, name: str = "query", path: Path | None = None) -> NamedQuery:
    """Split a query file into its header fields and body; the header is checked strictly."""
    header, body = _split_header(text)
    purpose, params, returns, slots = "", [], [], []
    for line in header:
        key, _, value = line.partition(":")
        key, value = key.strip().lower(), value.strip()
        if key == "purpose":
            purpose = value
        elif key == "param":
            params.append(_parse_param(name, value))
        elif key == "slot":
            slots.append(_parse_slot(name, value))
        elif key == "returns":
            returns = [c.strip() for c in value.split(",") if c.strip()]
    return NamedQuery(name, path or Path(name), purpose, params, returns, body, slots)


def _split_header(text: str) -> tuple[list[str], str]:
    lines = text.lstrip("\ufeff").splitlines()
    header = []
    while lines and (lines[0].startswith("//") or not lines[0].strip()):
        line = lines.pop(0)
        if line.strip():
            header.append(line.lstrip("/").strip())
    return header, "\n".join(lines).strip()


def _parse_param(name: str, value: str) -> Param:
    match = _PARAM.match(value)
    if not match or match.group(2) not in PARAM_TYPES:
        raise QueryError(f"{name}: bad Param line {value!r}: "
                         f"expected '$name TYPE description' with TYPE in {', '.join(PARAM_TYPES)}")
    return Param(*match.groups())


def _parse_slot(name: str, value: str) -> Slot:
    match = _SLOT.match(value)
    if not match:
        raise QueryError(f"{name}: bad Slot line {value!r}: expected '{{name}} LABEL|TYPE description'")
    return Slot(*match.groups())


def used_slots(body: str) -> set[str]:
    """The {slots} a statement body uses ({{ }} is a literal brace for str.format)."""
    return set(_USED_SLOT.findall(body))


def used_params(body: str) -> set[str]:
    """The $parameters a query body uses (ignoring string literals)."""
    without_strings = re.sub(r"'[^']*'|\"[^\"]*\"", "", body)
    return set(_USED_PARAM.findall(without_strings))


def list_queries(directory: Path = QUERY_DIR) -> list[NamedQuery]:
    """Every query of the library, sorted by name."""
    return [load_query(path) for path in sorted(directory.glob("*.cypher"))]


def load_query(name_or_path: str | Path, directory: Path = QUERY_DIR) -> NamedQuery:
    """A query by its name in queries/ (``load/merge_nodes`` for a subfolder; no suffix) or by
    a path to any .cypher file."""
    path = Path(name_or_path)
    if not path.suffix:
        path = directory / f"{name_or_path}.cypher"
    if not path.is_file():
        known = ", ".join(q.stem for q in sorted(directory.glob("*.cypher")))
        raise QueryError(f"no query {str(name_or_path)!r}; the library has: {known}")
    return parse_query(path.read_text(encoding="utf-8"), path.stem, path)


@functools.lru_cache(maxsize=None)
def statement(name: str) -> NamedQuery:
    """A statement of the shipped queries/ folder by name, read once per process."""
    return load_query(name)


def run_query(store: GraphStore, query: NamedQuery, raw_params: dict[str, Any] | None = None, *,
              timeout_s: float | None = 30, limit: int | None = 10_000) -> QueryResult:
    """Run a library query read-only with converted parameters; returns a QueryResult."""
    return store.read(query.body, query.convert(raw_params or {}),
                      timeout_s=timeout_s, limit=limit)


def read_rows(store: GraphStore, name: str, **params: Any) -> list[dict[str, Any]]:
    """Every row of the shipped query ``name`` (``load/companies_present`` for a subfolder)."""
    return run_query(store, statement(name), params, limit=None).rows

"""Lexicon patterns for the span ruler: chain products and segments, and a company registry.

Patterns are plain SpanRuler dicts (``label``, ``pattern``, ``id``). The ``id`` carries the
business key the facts need: the product key for PRODUCT, ``chain/segment`` for SEGMENT,
the normalised full name (or credit code) for COMPANY. Texts are normalised the way the
pipeline normalises documents, so full-width forms in chains/ still match.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from chainkg_errors import ChainkgError
from extract.facts import normalise_name
from extract.text import normalize

REPO_ROOT = Path(__file__).resolve().parent.parent


class LexiconError(ChainkgError):
    """A lexicon source (chains folder or company registry) cannot be used."""


def resolve_path(path: str | Path) -> Path:
    """``path`` as given if it exists, else relative to the repository (configs say "chains")."""
    path = Path(path)
    if path.exists() or path.is_absolute():
        return path
    return REPO_ROOT / path


def chain_patterns(chains_dir: str | Path) -> list[dict]:
    """Product and segment patterns from every chain template in ``chains_dir``."""
    from graph.templates import lexicon, load_templates

    patterns = []
    for entry in lexicon(load_templates(resolve_path(chains_dir))):
        text = normalize(entry.text)[0]
        if entry.label == "PRODUCT":
            patterns.append({"label": "PRODUCT", "pattern": text, "id": entry.product_key})
        else:
            patterns.append({"label": "SEGMENT", "pattern": text,
                             "id": f"{entry.chain}/{entry.segment}"})
    return _unique(patterns)


def registry_patterns(path: str | Path) -> list[dict]:
    """COMPANY patterns (full names and aliases) from a registry: facts JSONL or CSV.

    A facts file contributes its ``company`` lines; a CSV needs a ``name`` column and may have
    ``aliases`` (separated by ``;`` or ``、``) and ``credit_code``.
    """
    path = resolve_path(path)
    rows = _registry_rows(path)
    patterns = []
    for name, aliases, key in rows:
        for text in dict.fromkeys([name, *aliases]):
            if len(text) >= 2:
                patterns.append({"label": "COMPANY", "pattern": normalize(text)[0], "id": key})
    return _unique(patterns)


def _registry_rows(path: Path) -> list[tuple[str, list[str], str]]:
    try:
        if path.suffix.lower() == ".csv":
            return _csv_rows(path)
        return _facts_rows(path)
    except OSError as exc:
        raise LexiconError(f"{path}: cannot read the company registry ({exc.strerror})") from None


def _csv_rows(path: Path) -> list[tuple[str, list[str], str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or "name" not in reader.fieldnames:
            raise LexiconError(f"{path}: a registry CSV needs a 'name' column")
        return [(row["name"].strip(),
                 [a.strip() for a in (row.get("aliases") or "").replace("、", ";").split(";")
                  if a.strip()],
                 (row.get("credit_code") or "").strip() or normalise_name(row["name"]))
                for row in reader if (row.get("name") or "").strip()]


def _facts_rows(path: Path) -> list[tuple[str, list[str], str]]:
    rows = []
    with path.open(encoding="utf-8-sig") as handle:
        for line in handle:
            if '"company"' in line:
                fact = json.loads(line)
                if fact.get("kind") == "company":
                    rows.append((fact["name"], fact.get("aliases", []), fact["key"]))
    return rows


def _unique(patterns: list[dict]) -> list[dict]:
    seen, unique = set(), []
    for pattern in patterns:
        marker = (pattern["label"], pattern["pattern"])
        if pattern["pattern"] and marker not in seen:
            seen.add(marker)
            unique.append(pattern)
    return unique

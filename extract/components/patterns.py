"""Span-ruler patterns, as versioned registered functions the config names.

``chainkg.chain_patterns.v1`` gives the products and segments of the chain templates (and,
when a registry is given, its companies). Patterns are plain SpanRuler dicts (``label``,
``pattern``, ``id``): the ``id`` carries the business key the facts need, the product key for
PRODUCT, ``chain/segment`` for SEGMENT, the company key (or credit code) for COMPANY. Texts
are normalised the way documents are, so full-width forms in the templates still match. A
change of what the patterns contain is a new version. Regions are matched by their own
component (components/regions.py), since a region form may name a region only in context.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from spacy.util import registry

from chainkg.contract import vocabulary
from chainkg.contract.errors import ChainkgError
from chainkg.contract.keys import company_key, segment_key
from chainkg.contract.lexicon import NAMING_LABELS, lexicon
from chainkg.contract.resources import chains_dir as chains_dir_shipped
from chainkg.contract.templates import load_templates
from chainkg.contract.text import normalize


class LexiconError(ChainkgError):
    """A lexicon source (chains folder or company registry) cannot be used."""


@registry.misc("chainkg.chain_patterns.v1")
def make_chain_patterns(chains_dir: str | None = None, company_registry: str | None = None
                        ) -> list[dict]:
    """Products and segments of every chain in ``chains_dir`` (the shipped chains when null),
    plus the companies of ``company_registry`` when given."""
    patterns = chain_patterns(chains_dir)
    if company_registry:
        patterns += registry_patterns(company_registry)
    return patterns


@registry.misc("chainkg.chain_patterns.v2")
def make_chain_patterns_v2(chains_dir: str | None = None, company_registry: str | None = None,
                           lexicon: str | None = None, general_products: bool = True,
                           general_version: str = "v1") -> list[dict]:
    """v1's patterns, then the general product vocabulary (contract/vocabulary.py, the version
    ``general_version`` names) and the companies and products of a lexicon file
    (contract/vocabulary.py) when given.
    Template names come first, so a general or lexicon product never takes a template's text."""
    patterns = make_chain_patterns(chains_dir, company_registry)
    terms = vocabulary.general_products(version=general_version) if general_products else []
    terms += vocabulary.read_lexicon(lexicon) if lexicon else []
    known = {p["pattern"] for p in patterns}
    for term in terms:
        text = normalize(term.text)[0]
        # one character names a product only in Chinese (铀, 铜); a single Latin letter never
        if text not in known and (len(text) >= 2 or not text.isascii()):
            patterns.append({"label": term.label, "pattern": text, "id": term.key})
            known.add(text)
    return patterns


def chain_patterns(chains_dir: str | Path | None = None) -> list[dict]:
    """Product and segment patterns from every chain template in ``chains_dir`` (default: shipped)."""
    patterns = []
    for entry in lexicon(load_templates(chains_dir or chains_dir_shipped())):
        if entry.label not in NAMING_LABELS:
            continue  # heads and marks are for linking names, not for finding them in text
        text = normalize(entry.text)[0]
        if entry.label == "PRODUCT":
            patterns.append({"label": "PRODUCT", "pattern": text, "id": entry.product_key})
        else:
            patterns.append({"label": "SEGMENT", "pattern": text,
                             "id": segment_key(entry.chain, entry.segment)})
    return _unique(patterns)


def registry_patterns(path: str | Path) -> list[dict]:
    """COMPANY patterns (full names and aliases) from a registry: facts JSONL or CSV.

    A facts file contributes its ``company`` lines; a CSV needs a ``name`` column and may have
    ``aliases`` (separated by ``;`` or ``、``) and ``credit_code``.
    """
    rows = _registry_rows(Path(path))
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
                 (row.get("credit_code") or "").strip() or company_key(row["name"]))
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

"""Chains and segments named the way people name them: 锂电池, 锂电, lithium-battery; 正极材料, cathode.

The one place a name, an alias or a key becomes the key the analysis takes; every caller
that reads a chain or a segment from a person goes through here.
"""

from __future__ import annotations

from chainkg.contract.keys import normalise_name, segment_short_key
from chainkg.graph.analysis.chains import list_chains
from chainkg.graph.analysis.model import GapError
from chainkg.graph.queries import read_rows
from chainkg.graph.store import GraphStore


def match_key(text: str, candidates: list[tuple[str, list[str]]]) -> str | None:
    """The key of ``(key, names)`` whose key, name or alias equals ``text`` (normalised); None
    when none does. ``resolve_chain`` and ``resolve_segment`` use it, and the app with the chains
    it has cached."""
    wanted = normalise_name(text)
    for key, names in candidates:
        if wanted in {normalise_name(n) for n in [key, *names] if n}:
            return key
    return None


def resolve_chain(store: GraphStore, text: str) -> str:
    """The key of the chain ``text`` names: its key, its name or an alias.

    >>> resolve_chain(store, "锂电池"), resolve_chain(store, "锂电")  # doctest: +SKIP
    ('lithium-battery', 'lithium-battery')
    """
    chains = list_chains(store)
    found = match_key(text, [(c["key"], [c["name"], *c["aliases"]]) for c in chains])
    if found is None:
        known = "、".join(f"{c['name']}（{c['key']}）" for c in chains) or "none (load the chain templates first)"
        raise GapError(f"unknown chain {text!r}; the graph has: {known}")
    return found


def resolve_segment(store: GraphStore, chain: str, text: str) -> str:
    """The template key (``cathode``) of the segment of ``chain`` that ``text`` names:
    its key, its name (正极材料) or an alias."""
    rows = read_rows(store, "chain_segment_names", chain=chain)
    candidates = [(segment_short_key(r["segment_key"]), [r["name"], *(r["aliases"] or [])])
                  for r in rows]
    found = match_key(text, candidates)
    if found is None:
        known = "、".join(f"{r['name']}（{segment_short_key(r['segment_key'])}）" for r in rows)
        raise GapError(f"unknown segment {text!r} in chain {chain}; it has: {known or 'no segments'}")
    return found


def busiest_region(store: GraphStore) -> str | None:
    """The city with the most companies in it or its districts: where an unset app opens."""
    rows = read_rows(store, "busiest_regions", limit=1)
    return rows[0]["name"] if rows else None

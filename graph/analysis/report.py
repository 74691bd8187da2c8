"""A chain report for a briefing: the map, the top recommendations and the documents cited."""

from __future__ import annotations

from chainkg.graph.analysis.model import ChainReport, SourceDocument
from chainkg.graph.analysis.recommend import recommend
from chainkg.graph.analysis.status import chain_map
from chainkg.graph.queries import read_rows
from chainkg.graph.store import GraphStore


def chain_report(store: GraphStore, chain: str, region: str, *, top: int = 10) -> ChainReport:
    """The chain map of ``chain`` in ``region``, its ``top`` recommendations and their sources."""
    built = chain_map(store, chain, region)
    recommendations = recommend(store, chain, region, top=top)
    names = sorted({n for g in built.segments for n in [*g.companies, *g.projects]}
                   | {r.company for r in recommendations})
    found = read_rows(store, "chain_sources", chain=built.chain, names=names) if names else []
    sources = {row["doc_id"]: SourceDocument(row["doc_id"], row["title"] or row["doc_id"],
                                             row["date"], row["source"]) for row in found}
    for rec in recommendations:
        for item in rec.evidence:
            sources.setdefault(item.doc_id, SourceDocument(item.doc_id, item.title))
    ordered = sorted(sources.values(), key=lambda s: s.title or s.doc_id)
    return ChainReport(built, recommendations, ordered)

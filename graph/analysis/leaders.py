"""链主: the companies that span the most segments of a chain, then carry the most investment."""

from __future__ import annotations

from collections import defaultdict

from chainkg.contract.keys import segment_short_key
from chainkg.graph.analysis.chains import read_chain
from chainkg.graph.analysis.model import Leader
from chainkg.graph.analysis.presence import sum_capacity
from chainkg.graph.analysis.status import analyse
from chainkg.graph.queries import read_rows
from chainkg.graph.store import GraphStore


def chain_leaders(store: GraphStore, chain: str, region: str | None = None, top: int = 10) -> list[Leader]:
    """链主 of ``chain``: the ``top`` companies by segments spanned, then investment.

    With ``region``, local companies are flagged and the best ``top`` local ones are listed
    besides the best ``top`` overall. Score = segments spanned + investment / 100亿 (at most 1).
    """
    if region is None:
        read, local = read_chain(store, chain), set()  # an unknown chain is refused, not answered empty
    else:
        analysis = analyse(store, chain, region)
        read, local = analysis.chain, analysis.local_company_keys
    names = {s.short: s.name for s in read.segments}
    found = read_rows(store, "chain_leaders", chain=read.key)
    shortlist = found[: top * 5] + [r for r in found[top * 5:] if r["company_key"] in local]
    totals = _project_totals(store, read.key, [r["company_key"] for r in shortlist])
    leaders = [_leader(r, totals.get(r["company_key"], []), local, names) for r in shortlist]
    leaders.sort(key=lambda l: (-l.score, l.company))
    chosen = leaders[:top] + [l for l in leaders if l.local][:top]
    return sorted({l.company_key: l for l in chosen}.values(), key=lambda l: (-l.score, l.company))


def _project_totals(store: GraphStore, chain: str, companies: list[str]) -> dict[str, list[dict]]:
    totals: dict[str, list[dict]] = defaultdict(list)
    if companies:
        for row in read_rows(store, "chain_project_totals", chain=chain, companies=companies):
            totals[row["company_key"]].append(row)
    return totals


def _leader(row: dict, projects: list[dict], local: set[str], names: dict[str, str]) -> Leader:
    investment = sum(p["investment_cny"] or 0.0 for p in projects)
    segments = sorted(segment_short_key(k) for k in row["segments"])
    score = round(len(segments) + min(1.0, investment / 1e10), 4)
    return Leader(company=row["company"], company_key=row["company_key"], segments=segments,
                  capacity=sum_capacity([p["capacity"] for p in projects]),
                  local=row["company_key"] in local, score=score, investment_cny=investment,
                  province=row["province"], segment_names=[names.get(s, s) for s in segments])

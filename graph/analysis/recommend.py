"""Whom to approach for a region's gaps: companies elsewhere making the segment's products.

A candidate makes a product of a gap segment as a line of business (a registry's revenue
share, where it gives one, of at least ``min_revenue_share``) and is not already active in
the region (seated there, running a project there, or the parent of such a company). It is
listed once, for its best segment; two full names with the same core and place (a renamed
company, a group and its listed company) are one row. Each gets a score in 0..1, the
weighted sum of five parts, each in 0..1 and each with the reason it got its value:
product match, scale, distance (same or neighbouring province), existing ties with local
companies, recent expansion in the documents.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date

from chainkg.contract.keys import segment_key, segment_short_key
from chainkg.contract.places import neighbouring, short_name
from chainkg.graph.analysis.chains import TargetRegion
from chainkg.graph.analysis.model import (
    EvidenceItem,
    GapConfig,
    GapError,
    Recommendation,
    ScorePart,
    SegmentGap,
)
from chainkg.graph.analysis.status import analyse
from chainkg.graph.queries import read_rows
from chainkg.graph.store import GraphStore


def recommend(store: GraphStore, chain: str, region: str, *, segment: str | None = None,
              top: int = 10, config: GapConfig = GapConfig()) -> list[Recommendation]:
    """Companies outside ``region`` making products of its gap segments, best score first.

    Without ``segment`` every segment with an action (fill, extend, strengthen) is
    considered; ``top`` limits the whole list. Each result shows the parts of its score.
    """
    analysis = analyse(store, chain, region, config)
    gaps = _target_gaps(analysis.gaps, segment)
    if not gaps:
        return []
    chain = analysis.chain.key
    by_segment = {segment_key(chain, g.segment): g for g in gaps}
    active = analysis.local_company_keys | active_company_keys(store, region)
    found = [r for r in read_rows(store, "gap_candidates", chain=chain, segments=list(by_segment),
                                  min_share=config.min_revenue_share, pending=bool(config.include_pending))
             if r["company_key"] not in active]
    facts = _candidate_facts(store, found, region)
    results = [(_recommendation(row, by_segment[row["segment_key"]], facts, analysis.region, config), row)
               for row in found]
    order = {key: position for position, key in enumerate(by_segment)}
    # equal scores: the bigger revenue share first (the company's main line), then chain order
    results.sort(key=lambda pair: (-pair[0].score, pair[0].company, -(pair[1]["share"] or 0.0),
                                   order[pair[1]["segment_key"]]))
    return _with_product_evidence(store, chain, _once_each(results)[:top], config)


def active_company_keys(store: GraphStore, region: str) -> set[str]:
    """The companies active in ``region``: its seat, a project, or a subsidiary is there."""
    return {row["company_key"] for row in read_rows(store, "region_active_companies", region=region)}


def _once_each(results: list[tuple[Recommendation, dict]]) -> list[Recommendation]:
    """Best first, one row a company, and one row for two full names of one core and place."""
    kept: dict[tuple, Recommendation] = {}
    for rec, row in results:
        same_name = (row["place_prefix"] or "", row["core"]) if row["core"] else (rec.company_key,)
        for identity in ((rec.company_key,), same_name):
            if identity in kept:
                best = kept[identity]
                if rec.company != best.company and rec.company not in best.also_named:
                    best.also_named.append(rec.company)
                if rec.segment_name != best.segment_name and rec.segment_name not in best.other_segments:
                    best.other_segments.append(rec.segment_name)
                break
        else:
            kept[(rec.company_key,)] = kept[same_name] = rec
    return list({id(rec): rec for rec in kept.values()}.values())


def _target_gaps(gaps: list[SegmentGap], segment: str | None) -> list[SegmentGap]:
    if segment is None:
        return [g for g in gaps if g.action is not None]
    chosen = [g for g in gaps if g.segment == segment]
    if not chosen:
        raise GapError(f"unknown segment {segment!r}; the chain has: "
                       f"{', '.join(g.segment for g in gaps)}")
    return chosen


def _with_product_evidence(store: GraphStore, chain: str, results: list[Recommendation],
                           config: GapConfig) -> list[Recommendation]:
    """Put the sentences saying each company makes the products first in its evidence.

    Fetched for the chosen few only: it is the largest of the candidate queries.
    """
    if not results:
        return results
    found: dict[tuple[str, str], list[EvidenceItem]] = defaultdict(list)
    for row in read_rows(store, "gap_candidate_evidence", companies=sorted({r.company_key for r in results}),
                    segments=sorted({segment_key(chain, r.segment) for r in results})):
        found[(row["company_key"], segment_short_key(row["segment_key"]))].append(_evidence(row))
    for result in results:
        evidence = found[(result.company_key, result.segment)] + result.evidence
        result.evidence = _distinct(evidence)[: config.max_evidence]
    return results


def _candidate_facts(store: GraphStore, found: list[dict], region: str) -> dict[str, dict]:
    """Places (when the company has no province), ties and projects of the candidates."""
    companies = sorted({r["company_key"] for r in found})
    facts: dict[str, dict] = {k: {"places": None, "ties": [], "projects": []} for k in companies}
    if not companies:
        return facts
    unplaced = sorted({r["company_key"] for r in found if not r["province"]})
    for row in read_rows(store, "gap_candidate_places", companies=unplaced) if unplaced else []:
        facts[row["company_key"]]["places"] = row
    for row in read_rows(store, "gap_candidate_ties", companies=companies, region=region):
        facts[row["company_key"]]["ties"].append(row)
    for row in read_rows(store, "gap_candidate_projects", companies=companies):
        facts[row["company_key"]]["projects"].append(row)
    return facts


def _recommendation(row: dict, gap: SegmentGap, facts: dict, home: TargetRegion,
                    config: GapConfig) -> Recommendation:
    known = facts[row["company_key"]]
    province, city = _candidate_place(row, known["places"])
    parts = [_product_part(row, gap, config), _scale_part(row, known["projects"], config),
             _distance_part(province, home.province, config),
             _ties_part(known["ties"], config), _expansion_part(known["projects"], config)]
    score = round(sum(p.value * p.weight for p in parts), 4)
    evidence = [_evidence(t) for t in known["ties"]] + [_evidence(p) for p in known["projects"]]
    return Recommendation(
        segment=gap.segment, company=row["company"], company_key=row["company_key"],
        province=province, city=city, products=sorted(row["products"]), score=score,
        parts=parts, evidence=_distinct(evidence), segment_name=gap.name, action=gap.action)


def _candidate_place(row: dict, places: dict | None) -> tuple[str | None, str | None]:
    province = row["province"] or ((places or {}).get("province") or [None])[0]
    city = row["city"] or ((places or {}).get("city") or [None])[0]
    return province, city


def _distinct(evidence: list[EvidenceItem]) -> list[EvidenceItem]:
    """Evidence with a document, each (document, sentence) once, in the order given."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for item in evidence:
        key = (item.doc_id, item.sentence)
        if item.doc_id and key not in seen:
            seen.add(key)
            kept.append(item)
    return kept


def _evidence(row: dict) -> EvidenceItem:
    doc_id = row.get("doc_id") or ""
    return EvidenceItem(doc_id=doc_id, title=row.get("title") or doc_id,
                        sentence=row.get("sentence") or "", start=row.get("start") or 0,
                        end=row.get("end") or 0)


def _product_part(row: dict, gap: SegmentGap, config: GapConfig) -> ScorePart:
    matched = len(row["products"])
    full = max(1, min(config.product_match_full, len(gap.products) or 1))
    detail = f"生产{gap.name}产品{matched}种：{'、'.join(sorted(row['products'])[:5])}"
    if row.get("share") is not None and row["share"] > 0:
        detail += f"（营收占比最高{row['share']:.0%}）"
    return ScorePart("product", min(1.0, matched / full), config.w_product, detail)


def _scale_part(row: dict, projects: list[dict], config: GapConfig) -> ScorePart:
    investment = sum(p["investment_cny"] or 0.0 for p in projects)
    value = (config.scale_listed if row.get("listed") else 0.0)
    value += (1 - config.scale_listed) * min(1.0, investment / config.scale_full_investment_cny)
    detail = ("上市公司" if row.get("listed") else "非上市或未知") + \
        (f"，项目投资合计{investment / 1e8:g}亿元" if investment else "")
    return ScorePart("scale", round(min(1.0, value), 4), config.w_scale, detail)


def _distance_part(province: str | None, home: str | None, config: GapConfig) -> ScorePart:
    if not province or not home:
        return ScorePart("distance", config.distance_unknown, config.w_distance, "所在省份未知")
    if short_name(province) == short_name(home):
        return ScorePart("distance", config.distance_same_province, config.w_distance,
                         f"同省（{province}）")
    if neighbouring(province, home):
        return ScorePart("distance", config.distance_neighbour, config.w_distance,
                         f"邻省（{province}）")
    return ScorePart("distance", config.distance_other, config.w_distance, f"外省（{province}）")


def _ties_part(ties: list[dict], config: GapConfig) -> ScorePart:
    partners = sorted({t["partner"] for t in ties})
    detail = f"与本地企业有合作/供应/投资关系：{'、'.join(partners)}" if partners else "与本地企业无已知关系"
    return ScorePart("ties", min(1.0, len(partners) / config.ties_full), config.w_ties, detail)


def _expansion_part(projects: list[dict], config: GapConfig, today: date | None = None) -> ScorePart:
    since = (today or date.today()).year - config.recent_years
    recent = sorted({p["project"] for p in projects if _year(p.get("date")) >= since})
    detail = f"近{config.recent_years}年新项目：{'、'.join(recent)}" if recent else "文档中无近期扩产项目"
    return ScorePart("expansion", min(1.0, len(recent) / config.expansion_full),
                     config.w_expansion, detail)


def _year(text: str | None) -> int:
    match = re.match(r"\s*(\d{4})", text or "")
    return int(match.group(1)) if match else 0

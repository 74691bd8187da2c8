"""Chain-gap analysis: 补链 (fill), 强链 (strengthen), 延链 (extend), recommendations, 链主.

Pure functions over a store; every query they run is a file in queries/ (gap_*, chain_*,
region_match, list_*). Definitions (docs/gaps.md has the long form):

* presence of segment S in region R: companies located in R or its sub-regions that make a
  product of S, plus companies running a project in R that makes one; local projects;
  their summed capacity and investment.
* status: ``missing`` (no company, no project); ``weak`` (at most ``weak_max_companies``
  companies, or one local supplier carries at least ``dominant_supplier_share`` of the local
  customers of S that are served by local suppliers); ``strong`` (at least
  ``strong_min_companies`` companies or ``strong_min_investment_cny`` invested); else present.
* action: a missing segment is filled (补链) and is a break (断点) when some segment
  upstream of it and some segment downstream of it are present; a missing segment that is not
  a break but one FEEDS hop from a strong segment is an extension (延链); a weak segment is
  strengthened (强链); the rest need nothing.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from chainkg_errors import ChainkgError
from graph.chains_load import segment_node_key, segment_short_key
from graph.queries import load_query, run_query
from graph.regions import neighbouring, short_name

TIER_RANK = {"upstream": 0, "midstream": 1, "downstream": 2}
ACTION_ZH = {"fill": "补链", "strengthen": "强链", "extend": "延链", "none": ""}
STATUS_ZH = {"missing": "缺失", "weak": "薄弱", "present": "具备", "strong": "优势"}


class GapError(ChainkgError):
    """An unknown chain, region or segment was asked for; the message lists what exists."""


@dataclass(frozen=True)
class GapConfig:
    """Every threshold and weight of the analysis; the defaults are documented in docs/gaps.md."""

    weak_max_companies: int = 1            # present with <= this many local companies -> weak
    strong_min_companies: int = 3          # >= this many local companies -> strong
    strong_min_investment_cny: float = 5e9  # or >= this much local project investment -> strong
    dominant_supplier_share: float = 0.6   # one supplier serves >= this share of local customers -> weak
    w_product: float = 0.4                 # weights of the recommendation score (sum to 1)
    w_scale: float = 0.2
    w_distance: float = 0.2
    w_ties: float = 0.1
    w_expansion: float = 0.1
    product_match_full: int = 2            # making this many products of the segment = full match
    scale_full_investment_cny: float = 1e10  # project investment that counts as full scale
    scale_listed: float = 0.5              # scale credit for a listed company
    distance_same_province: float = 1.0
    distance_neighbour: float = 0.6
    distance_other: float = 0.2
    distance_unknown: float = 0.1
    ties_full: int = 2                     # this many ties with local companies = full credit
    expansion_full: int = 2                # this many recent projects = full credit
    recent_years: int = 3                  # a project dated within this many years is recent
    max_evidence: int = 5                  # evidence sentences kept per recommendation


@dataclass
class SegmentGap:
    segment: str
    name: str
    tier: str
    status: str
    action: str
    action_zh: str
    companies: list[str]
    projects: list[str]
    capacity: str | None
    investment_cny: float
    reason: str
    is_break: bool
    upstream: list[str]
    downstream: list[str]
    products: list[str] = field(default_factory=list)
    company_keys: list[str] = field(default_factory=list)
    dominant_supplier: str | None = None


@dataclass
class ScorePart:
    name: str
    value: float
    weight: float
    detail: str


@dataclass
class Recommendation:
    segment: str
    company: str
    company_key: str
    province: str | None
    city: str | None
    products: list[str]
    score: float
    parts: list[ScorePart]
    evidence: list[dict]
    segment_name: str = ""
    action: str = ""


@dataclass
class Leader:
    company: str
    company_key: str
    segments: list[str]
    capacity: str | None
    local: bool
    score: float
    investment_cny: float = 0.0
    province: str | None = None


@dataclass
class ChainMap:
    chain: str
    name: str
    region: str
    segments: list[SegmentGap]
    edges: list[tuple[str, str]]


def _rows(store, name: str, **params) -> list[dict]:
    return run_query(store, load_query(name), params, limit=None).rows


# --------------------------------------------------------------------------
# Chains and regions


@dataclass
class _Segment:
    key: str            # graph key, lithium-battery/cathode
    short: str
    name: str
    tier: str
    position: int
    feeds: list[str]
    products: list[str]
    fed_by: list[str] = field(default_factory=list)


def list_chains(store) -> list[dict]:
    """Every chain in the store: ``[{"key", "name", "segments"}]``."""
    return [{"key": r["key"], "name": r["name"], "segments": r["segments"]}
            for r in _rows(store, "list_chains")]


def list_regions(store) -> list[dict]:
    """Every region in the store: ``[{"name", "level", "parent"}]``."""
    return [{"name": r["name"], "level": r["level"], "parent": (r["parent"] or [None])[0]}
            for r in _rows(store, "list_regions")]


def _chain(store, chain: str) -> tuple[str, list[_Segment]]:
    rows = _rows(store, "chain_segments", chain=chain)
    if not rows:
        known = ", ".join(c["key"] for c in list_chains(store)) or "none (run: chainkg chains load)"
        raise GapError(f"unknown chain {chain!r}; the graph has: {known}")
    segments = {r["segment_key"]: _Segment(
        r["segment_key"], segment_short_key(r["segment_key"]), r["name"], r["tier"],
        r["position"] if r["position"] is not None else 999, sorted(r["feeds"]),
        sorted(r["products"])) for r in rows}
    for segment in segments.values():
        for target in segment.feeds:
            segments[target].fed_by.append(segment.key)
    return rows[0]["chain_name"], _ordered(segments)


def _ordered(segments: dict[str, _Segment]) -> list[_Segment]:
    """Upstream to downstream: a topological order of FEEDS, ties by tier then file position."""
    waiting = {key: len(s.fed_by) for key, s in segments.items()}
    ready = [s for s in segments.values() if not s.fed_by]
    order: list[_Segment] = []
    while ready:
        ready.sort(key=lambda s: (TIER_RANK.get(s.tier, 1), s.position))
        current = ready.pop(0)
        order.append(current)
        for target in current.feeds:
            waiting[target] -= 1
            if waiting[target] == 0:
                ready.append(segments[target])
    return order + [s for s in segments.values() if s not in order]  # a cycle cannot load


def _unknown_region_message(store, region: str) -> str:
    """Name the closest regions the graph knows; without any, the cities and districts first."""
    import difflib
    rank = {"city": 0, "district": 1, "province": 2}
    regions = sorted(list_regions(store), key=lambda r: (rank.get(r["level"], 3), r["name"]))
    names = [r["name"] for r in regions]
    close = difflib.get_close_matches(region, names, n=8, cutoff=0.5)
    if close:
        return f"unknown region {region!r}; did you mean: {'、'.join(close)}"
    shown = "、".join(names[:40]) + (" …" if len(names) > 40 else "")
    return f"unknown region {region!r}; the graph has: {shown or 'no regions'}"


def _region(store, region: str) -> dict:
    rows = _rows(store, "region_match", region=region)
    if not rows:
        raise GapError(_unknown_region_message(store, region))
    provinces = [p for r in rows for p in (r["province"] or [])]
    return {"name": rows[0]["region"], "province": provinces[0] if provinces else None}


# --------------------------------------------------------------------------
# Presence and status


@dataclass
class _Presence:
    companies: dict[str, str] = field(default_factory=dict)   # key -> name
    projects: list[dict] = field(default_factory=list)
    suppliers: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    supplier_names: dict[str, str] = field(default_factory=dict)


def _presence(store, chain: str, region: str) -> dict[str, _Presence]:
    found: dict[str, _Presence] = defaultdict(_Presence)
    for row in _rows(store, "gap_local_companies", chain=chain, region=region):
        found[row["segment_key"]].companies[row["company_key"]] = row["company"]
    for row in _rows(store, "gap_local_projects", chain=chain, region=region):
        presence = found[row["segment_key"]]
        presence.projects.append(row)
        presence.companies.update(zip(row["company_keys"], row["companies"]))
    for row in _rows(store, "gap_local_supplies", chain=chain, region=region):
        presence = found[row["supplier_segment"]]
        presence.suppliers[row["supplier_key"]].add(row["customer_key"])
        presence.supplier_names[row["supplier_key"]] = row["supplier"]
    return found


def _dominant_supplier(presence: _Presence, config: GapConfig) -> tuple[str, float] | None:
    """The local supplier serving at least the configured share of the served local customers."""
    customers = set().union(*presence.suppliers.values()) if presence.suppliers else set()
    if len(presence.suppliers) < 1 or not customers:
        return None
    key, served = max(presence.suppliers.items(), key=lambda item: (len(item[1]), item[0]))
    share = len(served) / len(customers)
    if share >= config.dominant_supplier_share and len(presence.companies) > 1:
        return presence.supplier_names[key], share
    return None


def _status(presence: _Presence, investment: float, config: GapConfig) -> str:
    count = len(presence.companies)
    if count == 0 and not presence.projects:
        return "missing"
    if count <= config.weak_max_companies or _dominant_supplier(presence, config):
        return "weak"
    if count >= config.strong_min_companies or investment >= config.strong_min_investment_cny:
        return "strong"
    return "present"


_CAPACITY = re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*(万|亿)?\s*([^\s0-9,，;；、]+)")


def sum_capacity(texts: list[str | None]) -> str | None:
    """Add capacity texts by unit: ``["10万吨", "5万吨/年", "2GWh"]`` -> ``"15万吨；2GWh"``."""
    totals: dict[str, float] = {}
    for text in texts:
        match = _CAPACITY.search(text or "")
        if match:
            number, scale, unit = match.groups()
            value = float(number) * {"万": 1e4, "亿": 1e8}.get(scale or "", 1)
            unit = unit.removesuffix("/年")
            totals[unit] = totals.get(unit, 0.0) + value
    if not totals:
        return None
    return "；".join(_format_amount(value) + unit for unit, value in totals.items())


def _format_amount(value: float) -> str:
    for size, word in ((1e8, "亿"), (1e4, "万")):
        if value >= size:
            return f"{value / size:g}{word}"
    return f"{value:g}"


# --------------------------------------------------------------------------
# The gap table


def analyse_gaps(store, chain: str, region: str, config: GapConfig = GapConfig()) -> list[SegmentGap]:
    """One row per segment of ``chain`` for ``region`` (sub-regions included), upstream first.

    >>> [g.action_zh for g in analyse_gaps(store, "lithium-battery", "衢州")]  # doctest: +SKIP
    ['', '补链', '强链', ...]
    """
    return _analyse(store, chain, region, config)[3]


def _analyse(store, chain: str, region: str, config: GapConfig):
    """The chain's name, its segments, the region's place and the gap rows."""
    name, segments = _chain(store, chain)
    place = _region(store, region)
    presence = _presence(store, chain, region)
    statuses, rows = {}, {}
    for segment in segments:
        found = presence.get(segment.key, _Presence())
        investment = sum(p["investment_cny"] or 0.0 for p in found.projects)
        statuses[segment.key] = _status(found, investment, config)
        rows[segment.key] = (found, investment)
    by_key = {s.key: s for s in segments}
    return name, segments, place, [_gap_row(s, by_key, statuses, *rows[s.key], config)
                                   for s in segments]


def _gap_row(segment: _Segment, by_key: dict, statuses: dict, found: _Presence,
             investment: float, config: GapConfig) -> SegmentGap:
    status = statuses[segment.key]
    is_break = status == "missing" and _present_beyond(segment, by_key, statuses)
    strong_neighbours = [by_key[k] for k in segment.fed_by + segment.feeds
                         if statuses[k] == "strong"]
    action = _action(status, is_break, strong_neighbours)
    dominant = _dominant_supplier(found, config) if status == "weak" else None
    gap = SegmentGap(
        segment=segment.short, name=segment.name, tier=segment.tier, status=status,
        action=action, action_zh=ACTION_ZH[action], companies=sorted(found.companies.values()),
        projects=sorted({p["project"] for p in found.projects}),
        capacity=sum_capacity([p["capacity"] for p in found.projects]),
        investment_cny=investment, reason="", is_break=is_break,
        upstream=[by_key[k].short for k in segment.fed_by],
        downstream=[by_key[k].short for k in segment.feeds], products=segment.products,
        company_keys=sorted(found.companies), dominant_supplier=dominant[0] if dominant else None)
    gap.reason = _reason(gap, segment, by_key, statuses, strong_neighbours, dominant)
    return gap


def _nearest_present(segment: _Segment, by_key: dict, statuses: dict,
                     upstream: bool) -> list[str]:
    """The closest segments on one side of ``segment`` (any distance along FEEDS) that are present.

    Searched level by level, and a present segment stops the search along its path.
    """
    step = (lambda s: s.fed_by) if upstream else (lambda s: s.feeds)
    found, seen, level = [], set(), list(step(segment))
    while level:
        following = []
        for key in level:
            if key in seen:
                continue
            seen.add(key)
            if statuses[key] != "missing":
                found.append(key)
            else:
                following.extend(step(by_key[key]))
        level = following
    return found


def _present_beyond(segment: _Segment, by_key: dict, statuses: dict) -> bool:
    """Some segment upstream and some downstream of ``segment`` (any distance) are present."""
    return bool(_nearest_present(segment, by_key, statuses, upstream=True)
                and _nearest_present(segment, by_key, statuses, upstream=False))


def _action(status: str, is_break: bool, strong_neighbours: list) -> str:
    if status == "weak":
        return "strengthen"
    if status != "missing":
        return "none"
    if not is_break and strong_neighbours:
        return "extend"
    return "fill"


def _reason(gap: SegmentGap, segment: _Segment, by_key: dict, statuses: dict,
            strong_neighbours: list, dominant: tuple[str, float] | None) -> str:
    """One Chinese sentence saying why the segment got its action."""
    names = lambda keys: "、".join(by_key[k].name for k in keys)  # noqa: E731
    if gap.action == "fill" and gap.is_break:
        up = _nearest_present(segment, by_key, statuses, upstream=True)
        down = _nearest_present(segment, by_key, statuses, upstream=False)
        return (f"本地上游（{names(up)}）与下游（{names(down)}）均有布局，"
                f"但{segment.name}环节无企业和项目，产业链在此断开，应优先补链。")
    if gap.action == "fill":
        return f"本地没有生产{segment.name}产品（{'、'.join(segment.products[:4])}等）的企业或项目，需补链。"
    if gap.action == "extend":
        strong = strong_neighbours[0]
        direction = "下游" if strong.key in segment.fed_by else "上游"
        return f"本地{strong.name}环节具备优势，{segment.name}是其直接{direction}环节、本地尚无布局，可向{direction}延链。"
    if gap.action == "strengthen" and dominant:
        return (f"本地下游客户的{dominant[1]:.0%}依赖{dominant[0]}一家供应，"
                f"{segment.name}环节供应集中、抗风险能力弱，需强链。")
    if gap.action == "strengthen":
        who = "、".join(gap.companies) or "、".join(gap.projects)
        return f"本地{segment.name}环节仅有{max(len(gap.companies), 1)}家企业（{who}），链条薄弱，需强链。"
    if gap.status == "strong":
        return f"本地{segment.name}环节有{len(gap.companies)}家企业{_investment_text(gap)}，为优势环节。"
    return f"本地{segment.name}环节有{len(gap.companies)}家企业，已具备基础。"


def _investment_text(gap: SegmentGap) -> str:
    return f"、项目投资合计{gap.investment_cny / 1e8:g}亿元" if gap.investment_cny else ""


def chain_map(store, chain: str, region: str, config: GapConfig = GapConfig()) -> ChainMap:
    """The gap rows of a chain for a region plus its FEEDS edges, for drawing a chain map."""
    name, segments, _, gaps = _analyse(store, chain, region, config)
    edges = [(s.short, segment_short_key(t)) for s in segments for t in s.feeds]
    return ChainMap(chain, name, region, gaps, edges)


# --------------------------------------------------------------------------
# Recommendations


def recommend(store, chain: str, region: str, *, segment: str | None = None, top: int = 10,
              config: GapConfig = GapConfig()) -> list[Recommendation]:
    """Companies outside ``region`` making products of its gap segments, best score first.

    Without ``segment`` every segment whose action is fill, extend or strengthen is
    considered; ``top`` limits the whole list. Each result shows the parts of its score.
    """
    _, _, place, all_gaps = _analyse(store, chain, region, config)
    gaps = _target_gaps(all_gaps, segment)
    if not gaps:
        return []
    keys = [segment_node_key(chain, g.segment) for g in gaps]
    local = {k for g in all_gaps for k in g.company_keys}
    rows = [r for r in _rows(store, "gap_candidates", chain=chain, segments=keys, region=region)
            if r["company_key"] not in local]
    facts = _candidate_facts(store, rows, region)
    by_segment = {segment_node_key(chain, g.segment): g for g in gaps}
    results = [_recommendation(row, by_segment[row["segment_key"]], facts, place, config)
               for row in rows]
    results.sort(key=lambda r: (-r.score, r.company))
    return _with_product_evidence(store, chain, results[:top], config)


def _with_product_evidence(store, chain: str, results: list[Recommendation],
                           config: GapConfig) -> list[Recommendation]:
    """Put the sentences saying each company makes the products first in its evidence.

    Fetched for the chosen few only: it is the largest of the candidate queries.
    """
    if not results:
        return results
    found: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in _rows(store, "gap_candidate_evidence", companies=sorted({r.company_key for r in results}),
                     segments=sorted({segment_node_key(chain, r.segment) for r in results})):
        found[(row["company_key"], segment_short_key(row["segment_key"]))].append(_evidence(row))
    for result in results:
        evidence = found[(result.company_key, result.segment)] + result.evidence
        result.evidence = _distinct(evidence)[: config.max_evidence]
    return results


def _target_gaps(gaps: list[SegmentGap], segment: str | None) -> list[SegmentGap]:
    if segment is None:
        return [g for g in gaps if g.action != "none"]
    chosen = [g for g in gaps if g.segment == segment]
    if not chosen:
        raise GapError(f"unknown segment {segment!r}; the chain has: "
                       f"{', '.join(g.segment for g in gaps)}")
    return chosen


def _candidate_facts(store, rows: list[dict], region: str) -> dict:
    """Places (when the company has no province), ties and projects of the candidates."""
    companies = sorted({r["company_key"] for r in rows})
    facts: dict[str, dict] = {k: {"places": None, "ties": [], "projects": []} for k in companies}
    if not companies:
        return facts
    unplaced = sorted({r["company_key"] for r in rows if not r["province"]})
    for row in _rows(store, "gap_candidate_places", companies=unplaced) if unplaced else []:
        facts[row["company_key"]]["places"] = row
    for row in _rows(store, "gap_candidate_ties", companies=companies, region=region):
        facts[row["company_key"]]["ties"].append(row)
    for row in _rows(store, "gap_candidate_projects", companies=companies):
        facts[row["company_key"]]["projects"].append(row)
    return facts


def _recommendation(row: dict, gap: SegmentGap, facts: dict, place: dict,
                    config: GapConfig) -> Recommendation:
    known = facts[row["company_key"]]
    province, city = _candidate_place(row, known["places"])
    parts = [_product_part(row, gap, config), _scale_part(row, known["projects"], config),
             _distance_part(province, place["province"], config),
             _ties_part(known["ties"], config), _expansion_part(known["projects"], config)]
    score = round(sum(p.value * p.weight for p in parts), 4)
    evidence = [_evidence(t) for t in known["ties"]] + [_evidence(p) for p in known["projects"]]
    return Recommendation(
        segment=gap.segment, company=row["company"], company_key=row["company_key"],
        province=province, city=city, products=sorted(row["products"]), score=score,
        parts=parts, evidence=_distinct(evidence),
        segment_name=gap.name, action=gap.action)


def _candidate_place(row: dict, places: dict | None) -> tuple[str | None, str | None]:
    province = row["province"] or ((places or {}).get("province") or [None])[0]
    city = row["city"] or ((places or {}).get("city") or [None])[0]
    return province, city


def _distinct(evidence: list[dict]) -> list[dict]:
    """Evidence with a document, each (document, sentence) once, in the order given."""
    seen: set[tuple] = set()
    kept = []
    for item in evidence:
        key = (item["doc_id"], item["sentence"])
        if item["doc_id"] and key not in seen:
            seen.add(key)
            kept.append(item)
    return kept


def _evidence(row: dict) -> dict:
    return {"doc_id": row.get("doc_id"), "title": row.get("title") or row.get("doc_id") or "",
            "sentence": row.get("sentence") or "", "start": row.get("start") or 0,
            "end": row.get("end") or 0}


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


# --------------------------------------------------------------------------
# Chain leaders


def chain_leaders(store, chain: str, region: str | None = None, top: int = 10) -> list[Leader]:
    """链主: companies spanning the most segments of ``chain``, then carrying the most investment.

    With ``region``, local companies are flagged and the best ``top`` local ones are listed
    besides the best ``top`` overall. Score = segments spanned + investment / 100亿 (at most 1).
    """
    local: set[str] = set()
    if region is None:
        _chain(store, chain)  # an unknown chain is refused, not answered with nothing
    else:
        local = {k for g in analyse_gaps(store, chain, region) for k in g.company_keys}
    rows = _rows(store, "chain_leaders", chain=chain)
    shortlist = rows[: top * 5] + [r for r in rows[top * 5:] if r["company_key"] in local]
    totals = _project_totals(store, chain, [r["company_key"] for r in shortlist])
    leaders = [_leader(r, totals.get(r["company_key"], []), local) for r in shortlist]
    leaders.sort(key=lambda l: (-l.score, l.company))
    chosen = leaders[:top] + [l for l in leaders if l.local][:top]
    return sorted({l.company_key: l for l in chosen}.values(), key=lambda l: (-l.score, l.company))


def _project_totals(store, chain: str, companies: list[str]) -> dict[str, list[dict]]:
    totals: dict[str, list[dict]] = defaultdict(list)
    if companies:
        for row in _rows(store, "chain_project_totals", chain=chain, companies=companies):
            totals[row["company_key"]].append(row)
    return totals


def _leader(row: dict, projects: list[dict], local: set[str]) -> Leader:
    investment = sum(p["investment_cny"] or 0.0 for p in projects)
    segments = sorted(segment_short_key(k) for k in row["segments"])
    score = round(len(segments) + min(1.0, investment / 1e10), 4)
    return Leader(company=row["company"], company_key=row["company_key"], segments=segments,
                  capacity=sum_capacity([p["capacity"] for p in projects]),
                  local=row["company_key"] in local, score=score, investment_cny=investment,
                  province=row["province"])


# --------------------------------------------------------------------------
# Settings from the command line, and flat rows for tables


def config_with(overrides: list[str] | tuple[str, ...] = ()) -> GapConfig:
    """A GapConfig with ``name=value`` overrides, e.g. ``["weak_max_companies=2"]``."""
    fields = {f.name: f for f in dataclasses.fields(GapConfig)}
    values = {}
    for item in overrides:
        name, sep, text = item.partition("=")
        name = name.strip().replace("-", "_")
        if not sep or name not in fields:
            raise GapError(f"--set {item!r}: expected NAME=VALUE with NAME one of "
                           f"{', '.join(fields)}")
        kind = int if isinstance(getattr(GapConfig(), name), int) else float
        try:
            values[name] = kind(text)
        except ValueError:
            raise GapError(f"--set {item!r}: {name} takes a number") from None
    return GapConfig(**values)


def gap_rows(gaps: list[SegmentGap]) -> list[dict]:
    """One flat dict a segment, for a table or CSV (the action in Chinese as 补链/强链/延链)."""
    return [{"segment": g.segment, "name": g.name, "tier": g.tier, "status": g.status,
             "action": g.action_zh or "-", "break": "断点" if g.is_break else "",
             "companies": g.companies, "projects": g.projects, "capacity": g.capacity,
             "investment_cny": g.investment_cny or None, "reason": g.reason} for g in gaps]


def recommendation_rows(recommendations: list[Recommendation]) -> list[dict]:
    """One flat dict a recommendation: score, its parts as value x weight, first evidence."""
    return [{"rank": i, "segment": r.segment, "company": r.company, "province": r.province,
             "score": round(r.score, 3),
             "parts": [f"{p.name} {p.value:.2f}×{p.weight:g}（{p.detail}）" for p in r.parts],
             "evidence": (r.evidence[0]["sentence"] if r.evidence else "")}
            for i, r in enumerate(recommendations, 1)]


def leader_rows(leaders: list[Leader]) -> list[dict]:
    """One flat dict a chain leader."""
    return [{"company": l.company, "local": "本地" if l.local else "", "province": l.province,
             "segments": l.segments, "capacity": l.capacity, "score": l.score} for l in leaders]

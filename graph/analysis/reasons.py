"""Why a segment got its action, as one Chinese sentence, and the neighbourhood that decides it."""

from __future__ import annotations

from dataclasses import dataclass

from chainkg.contract.formatting import zh_money
from chainkg.graph.analysis.chains import ChainSegment
from chainkg.graph.analysis.model import Action, SegmentGap, Status


@dataclass
class Neighbourhood:
    """A segment among the statuses of its chain: what lies up- and downstream of it."""

    segment: ChainSegment
    by_key: dict[str, ChainSegment]
    statuses: dict[str, Status]

    def nearest_present(self, upstream: bool) -> list[str]:
        """The closest segments on one side (any distance along FEEDS) that are present.

        Searched level by level, and a present segment stops the search along its path.
        """
        step = (lambda s: s.fed_by) if upstream else (lambda s: s.feeds)
        found, seen, level = [], set(), list(step(self.segment))
        while level:
            following = []
            for key in level:
                if key in seen:
                    continue
                seen.add(key)
                if self.statuses[key] is not Status.MISSING:
                    found.append(key)
                else:
                    following.extend(step(self.by_key[key]))
            level = following
        return found

    def is_break(self) -> bool:
        """Some segment upstream and some downstream of this one (any distance) are present."""
        return bool(self.nearest_present(upstream=True) and self.nearest_present(upstream=False))

    def strong_neighbours(self) -> list[ChainSegment]:
        """The strong segments one FEEDS hop away, suppliers first."""
        keys = self.segment.fed_by + self.segment.feeds
        return [self.by_key[k] for k in keys if self.statuses[k] is Status.STRONG]

    def names(self, keys: list[str]) -> str:
        return "、".join(self.by_key[k].name for k in keys)


def reason(gap: SegmentGap, around: Neighbourhood, dominant: tuple[str, float] | None) -> str:
    """One Chinese sentence saying why the segment got its action."""
    name = gap.name
    if gap.action is Action.FILL and gap.is_break:
        up, down = around.nearest_present(upstream=True), around.nearest_present(upstream=False)
        return (f"本地上游（{around.names(up)}）与下游（{around.names(down)}）均有布局，"
                f"但{name}环节无企业和项目，产业链在此断开，应优先补链。")
    if gap.action is Action.FILL:
        return f"本地没有生产{name}产品（{'、'.join(gap.products[:4])}等）的企业或项目，需补链。"
    if gap.action is Action.EXTEND:
        strong = around.strong_neighbours()[0]
        direction = "下游" if strong.key in around.segment.fed_by else "上游"
        return f"本地{strong.name}环节具备优势，{name}是其直接{direction}环节、本地尚无布局，可向{direction}延链。"
    if gap.action is Action.STRENGTHEN and dominant:
        return (f"本地下游客户的{dominant[1]:.0%}依赖{dominant[0]}一家供应，"
                f"{name}环节供应集中、抗风险能力弱，需强链。")
    if gap.action is Action.STRENGTHEN:
        who = "、".join(gap.companies) or "、".join(gap.projects)
        return f"本地{name}环节仅有{max(len(gap.companies), 1)}家企业（{who}），链条薄弱，需强链。"
    if gap.status is Status.STRONG:
        invested = f"、项目投资合计{zh_money(gap.investment_cny)}" if gap.investment_cny else ""
        return f"本地{name}环节有{len(gap.companies)}家企业{invested}，为优势环节。"
    return f"本地{name}环节有{len(gap.companies)}家企业，已具备基础。"

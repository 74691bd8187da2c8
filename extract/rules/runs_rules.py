"""RUNS rules, rule set v5: rules v4 with two shapes of news that name a project's owner
without a verb of building next to it.

- *the company signs the project* (docs/annotation.md: RUNS is also for the company that signs
  it): 甲公司与乙区管委会签署丙项目投资协议, 甲公司与乙公司签订丙项目合作协议 (both companies,
  and they are partners), 甲公司拟与乙市政府签订协议，建设丙项目; never a contract for
  building or supplying it (丙项目EPC总承包合同, 施工合同, 供货合同: a contractor or a supplier);
- *a company, its place, its plant*: 甲集团重庆永川电动车生产基地, 甲公司江苏常州基地 (runs_adjacent
  with the plant's place between).

Every other rule of v4 is kept as it is.
"""

from __future__ import annotations

import re
from dataclasses import replace

from chainkg.extract.rules.company_pairs import with_company_words
from chainkg.extract.rules.place_rules import RULES_V4
from chainkg.extract.rules.relation_patterns import C, Found, J, PairRule, Skeleton

# what a contract about a project may be for, when the signer does not own it (a gap that may
# hold products: EPC reads as E and the product PC)
_NOT_OWNED = r"(?!⟨GP⟩{0,8}?(?:EPC|施工|总承包|总包|承包|设计|采购|供货|供应|销售|订单|监理|咨询|服务|贷款|融资|授信))"
_SIGNS = r"(?:共同|正式|成功)?(?:签署|签订|签约)(?:了)?"

RUNS_SIGNS = PairRule(
    "runs_signs", "RUNS",
    r"(?P<s>⟨C⟩)(?:拟|将|已)?(?:与|同)(?:(?P<s2>⟨C⟩)|⟨GR⟩{1,24}?)" + _SIGNS
    + r"(?:⟨G⟩{0,4}?|⟨G⟩{0,30}?[，,](?:拟|将|计划|共同)?(?:投资|建设|新建|投建|扩建)(?:的)?⟨G⟩{0,4}?)"
    + r"(?P<o>⟨J⟩)" + _NOT_OWNED,
    0.85, symmetric_partners=True)

RUNS_ADJACENT_PLACE = PairRule("runs_adjacent_place", "RUNS", r"(?P<s>⟨C⟩)⟨R⟩{1,3}(?P<o>⟨J⟩)", 0.85)

RUNS_RULES_V5 = (RUNS_SIGNS, RUNS_ADJACENT_PLACE)

# 甲、乙和丙共同投资建设丁项目, 公司与乙、丙联合投建的丁基地: a list, a word of doing it together,
# a verb of investing or building, the project
_LIST_BUILDS = re.compile(
    rf"(?P<list>{C}(?:(?:[、和与及]|以及){C})+)(?:等)?(?:三方|双方|各方)?(?:拟|将|已|计划)?"
    rf"(?:共同|联合|合资)(?:出资)?(?:投资|投建|建设|兴建|新建)(?:建设)?(?:的)?[^\ue000-\ue003。；;！？，,]{{0,4}}?"
    rf"(?P<o>{J})")


def company_list_runs(skeleton: Skeleton, discourse: object = None) -> list[Found]:
    """Every member of a list of companies that invests in or builds a project together runs it
    (公司 standing for the announcing company)."""
    skeleton = with_company_words(skeleton, getattr(discourse, "announcer", None))
    found = []
    for match in _LIST_BUILDS.finditer(skeleton.text):
        project = skeleton.at[match.start("o")]
        members = {skeleton.at[i].key: skeleton.at[i] for i in range(*match.span("list")) if skeleton.text[i] == C}
        found += [Found("RUNS", member, project, "runs_company_list", 0.85) for member in members.values()]
    return found


RULES_V5 = replace(RULES_V4, name="v5", pair_rules=(*RULES_V4.pair_rules, *RUNS_RULES_V5),
                   sentence_rules=(*RULES_V4.sentence_rules, company_list_runs))

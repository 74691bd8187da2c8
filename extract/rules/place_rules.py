"""LOCATED_IN rules, version 3 (rule set v4): rules v3 with the place rules read against
real news outside the dev half.

v3's place rules (``PLACE_RULES_V2``) fitted the dev half's phrasing; news they never saw showed
places given to the wrong node or the wrong place given to the right one:

- *a province where the text gives a city*: 在江苏省甲市乙县建设…项目 took the second region of
  the run; v3 takes the last (the most specific, docs/annotation.md);
- *a place across a clause*: 甲工厂外，在乙市也有生产线 put the plant in 乙市; a project's
  place (located_project_at) is said in the project's own clause;
- *a list of places*: 在甲市、乙市等地布局一批…项目 names no one place of a project;
- *a 位于 clause that modifies a later noun* (乙公司开发的位于丙区的广场, 其位于丁市的工厂): the
  noun's place, not the company's (``TriggerRule.places = "v2"``);
- *a name's region wider than the sentence's place* (在甲市，…建设中国研发中心) and *parts of a
  plant* (主厂房, 总装车间) given the sentence's place (``RuleSet.project_places = "v2"``);
- *the seat of the company after 的* (总部设在英国的甲集团: ``LOCATED_SEAT_OF``), unless the noun
  is the subject itself (甲是首家落户乙区的企业);
- *a country before a company inside a project's name* (美国甲公司数据中心: the company's country)
  and *projects counted together* (五个…项目, 一批…项目, 工厂22家: no one project's place).

Every other rule of v3 is kept as it is.
"""

from __future__ import annotations

from dataclasses import replace

from chainkg.extract.rules.makes_rules import RULES_V3
from chainkg.extract.rules.relation_patterns import PLACE_RULES_V2, PairRule, RuleSet

# a region run read to its last, most specific region: 在江苏省常州市金坛区 -> 金坛区
_RUN_TO_LAST = (r"⟨R⟩?(?P<o>⟨R⟩)", r"⟨R⟩*(?P<o>⟨R⟩)(?!⟨R⟩)")
# not one place of a list: 在甲市、乙市等地, 在甲市和乙市
_NOT_A_LIST = r"(?![、和与及]⟨R⟩|等)"
# a gap inside one clause (no comma): the project and its place are in the same clause
_CLAUSE_GAP = r"[^\ue000-\ue003。；;！？，,]"
# …or the next clause, when it opens by naming the project again: 甲项目，项目拟在乙市建设
_RESTATED = rf"(?:[，,](?:该|本|此)?项目{_CLAUSE_GAP}{{0,4}}?)?"


def _place_rule_v3(rule):
    pattern = rule.pattern.replace(*_RUN_TO_LAST)
    if rule.name in ("located_project_in", "located_project_at", "located_builds_project"):
        pattern = pattern.replace("(?!⟨R⟩)", "(?!⟨R⟩)" + _NOT_A_LIST, 1)
    if rule.name == "located_project_at":
        pattern = pattern.replace("⟨G⟩{0,6}?", _CLAUSE_GAP + "{0,6}?" + _RESTATED, 1)
    if rule.name == "located_builds_project":  # 在甲国…再投资，企业新建的二期工厂: not one clause
        pattern = pattern.replace("⟨G⟩{0,20}?", _CLAUSE_GAP + "{0,20}?", 1)
    return replace(rule, pattern=pattern)


# 总部设在英国的甲集团: the seat of the company the clause modifies
LOCATED_SEAT_OF = PairRule("located_seat_of", "LOCATED_IN",
                           r"(?:总部|注册地)(?:位于|设在|在)⟨R⟩*(?P<o>⟨R⟩)(?!⟨R⟩)的(?P<s>⟨C⟩)", 0.85)


PLACE_RULES_V3 = (*(_place_rule_v3(rule) for rule in PLACE_RULES_V2), LOCATED_SEAT_OF)
_V2_NAMES = {rule.name for rule in PLACE_RULES_V2}


def _trigger_rule_v4(rule):
    return replace(rule, places="v2") if rule.relation == "LOCATED_IN" else rule


RULES_V4 = RuleSet(
    "v4",
    (*(r for r in RULES_V3.pair_rules if r.name not in _V2_NAMES), *PLACE_RULES_V3),
    tuple(map(_trigger_rule_v4, RULES_V3.trigger_rules)),
    RULES_V3.sentence_rules,
    project_places="v2",
)

"""The versions of the sentence rules by name, as the pipeline's config chooses them.

``v1`` is relation_patterns as it was measured before the company-company rules; ``v2`` adds
company_pairs (lists, words standing for companies, owners left unsaid); ``v3`` is v2 with the
MAKES rules of makes_rules (what unlabelled news showed they took that no one makes); ``v4`` is v3
with the LOCATED_IN rules of place_rules (places read against news outside the dev half); ``v5`` is v4
with the RUNS rules of runs_rules (a company that signs a project, a company before its plant's place);
``v6`` is v5 with the MAKES rules of makes_lists (lists of makers and products, a company's line of
business); ``v7`` is v6 with checks every relation must pass (no broker makes, no product
written in pieces) and two shapes of news (funds raised for projects, a place's plant:
news_checks). A version is never
edited in place: a change is a new version to evaluate against the one before it.
"""

from __future__ import annotations

from chainkg.contract.errors import ChainkgError
from chainkg.extract.rules.company_pairs import RULES_V2
from chainkg.extract.rules.makes_lists import RULES_V6
from chainkg.extract.rules.makes_rules import RULES_V3
from chainkg.extract.rules.news_checks import RULES_V7
from chainkg.extract.rules.place_rules import RULES_V4
from chainkg.extract.rules.relation_patterns import RULES_V1, RuleSet
from chainkg.extract.rules.runs_rules import RULES_V5

RULE_SETS: dict[str, RuleSet] = {"v1": RULES_V1, "v2": RULES_V2, "v3": RULES_V3, "v4": RULES_V4, "v5": RULES_V5,
                                 "v6": RULES_V6, "v7": RULES_V7}
# the factory default is the shipped version (pipeline.cfg), so a config that omits it gets what ships
DEFAULT_RULE_SET = "v7"


class RuleSetError(ChainkgError):
    """A rule set named that does not exist."""


def rule_set(name: str) -> RuleSet:
    """The rule set called ``name``; a RuleSetError naming the known ones otherwise."""
    if name not in RULE_SETS:
        raise RuleSetError(f"unknown relation rule set {name!r}: choose one of {', '.join(RULE_SETS)}")
    return RULE_SETS[name]

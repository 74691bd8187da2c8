"""The parts of a Chinese company name: place prefix, core, legal suffix, bracketed place.

浙江华友钴业股份有限公司 is 浙江 + 华友钴业 + 股份有限公司; 华金新能源材料（衢州）有限公司 is
华金新能源材料 + （衢州） + 有限公司, a company registered in 衢州 by 华金新能源材料 — its
subsidiary, not itself. The core is what a short name usually is (华友钴业), so resolution
compares cores; the extractor finds short names the same way.

>>> parts = name_parts("浙江华友钴业股份有限公司")
>>> parts.region, parts.core, parts.suffix, parts.bracketed
('浙江', '华友钴业', '股份有限公司', '')
>>> name_parts("华金新能源材料（衢州）有限公司").bracketed
'衢州'
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from chainkg.contract.gazetteer import DEFAULT_GAZETTEER, Gazetteer, load_gazetteer
from chainkg.contract.keys import normalise_name

LEGAL_SUFFIXES = (
    "(集团)股份有限公司", "(集团)有限责任公司", "(集团)有限公司", "集团股份有限公司", "集团有限责任公司",
    "集团有限公司", "股份有限公司", "有限责任公司", "有限公司", "集团公司", "株式会社", "公司",
)
# Words a group adds to its name without becoming another company: 赣锋锂业 -> 赣锋锂业集团.
GROUP_WORDS = ("集团", "控股")
_BRACKETED = re.compile(r"\(([^()]{2,10})\)$")
_COUNTRY = "country"


@dataclass(frozen=True)
class NameParts:
    region: str        # the place the name starts with (浙江, 浙江衢州), or ''
    core: str          # what is left between the place and the suffix (华友钴业)
    suffix: str        # the legal form (股份有限公司), or '' for a short name
    bracketed: str     # a place in brackets before the suffix (衢州), or ''

    @property
    def is_full_name(self) -> bool:
        return bool(self.suffix)

    @property
    def group_free_core(self) -> str:
        """The core without a trailing group word: 赣锋锂业集团 -> 赣锋锂业."""
        core = self.core
        for word in GROUP_WORDS:
            if core.endswith(word) and len(core) > len(word) + 1:
                core = core[: -len(word)]
        return core


def name_parts(name: str, gazetteer: Gazetteer | None = None) -> NameParts:
    """Split a company name (any width, brackets or spaces) into its parts."""
    text = normalise_name(name)
    suffix = next((s for s in LEGAL_SUFFIXES if text.endswith(s) and len(text) > len(s)), "")
    body = text[: len(text) - len(suffix)]
    bracketed = ""
    match = _BRACKETED.search(body)
    if match and _is_place(match.group(1), gazetteer):
        bracketed, body = match.group(1), body[: match.start()]
    region, core = _split_region(body, gazetteer)
    return NameParts(region, core, suffix, bracketed)


def _split_region(body: str, gazetteer: Gazetteer | None) -> tuple[str, str]:
    """Peel place names (provinces, cities, districts; never countries) off the front."""
    forms = _place_forms(gazetteer)
    region = ""
    while True:
        size = next((n for n in range(min(8, len(body) - 2), 1, -1) if body[:n] in forms), 0)
        if not size:
            return region, body
        region, body = region + body[:size], body[size:]


def _is_place(text: str, gazetteer: Gazetteer | None) -> bool:
    return text in _place_forms(gazetteer)


@functools.lru_cache(maxsize=4)
def _forms_of(path: str) -> frozenset[str]:
    gazetteer = load_gazetteer(path)
    return frozenset(form for form, name in gazetteer.forms.items()
                     if gazetteer.regions[name].level != _COUNTRY)


def _place_forms(gazetteer: Gazetteer | None) -> frozenset[str]:
    if gazetteer is None:
        return _forms_of(str(DEFAULT_GAZETTEER))
    return frozenset(form for form, name in gazetteer.forms.items()
                     if gazetteer.regions[name].level != _COUNTRY)

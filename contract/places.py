"""Places: a company's province, city and district, read from the region gazetteer.

Region nodes are keyed by their official name (浙江省, 衢州市, 衢江区) and carry the short
form as an alias (浙江, 衢州, 衢江), so "衢州" and "衢州市" find the same node. A place is
derived from a unified social credit code (characters 3-8 are the GB/T 2260 administrative
code of the registering authority) or, failing that, from an address or a company name that
starts with a place name ("湖南长远锂科…", "深圳市鸿富瀚…").

Every region fact comes from the one gazetteer (contract/gazetteer.py: name, level, parent,
aliases, GB/T 2260 code); the neighbouring provinces are a data file beside it
(``province_neighbours.v1.tsv``). Nothing here is a region literal.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from chainkg.contract.gazetteer import DEFAULT_GAZETTEER, Gazetteer, GazetteerError, Region, load_gazetteer
from chainkg.contract.keys import normalise_name
from chainkg.contract.resources import contract_data

NEIGHBOURS_FILE = contract_data("province_neighbours.v1.tsv")

_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市", "区", "县")
_CREDIT_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


def short_name(name: str) -> str:
    """The name without its administrative suffix: 浙江省 -> 浙江, 衢江区 -> 衢江."""
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


@dataclass(frozen=True)
class Place:
    """A province, city and district by official name; any of them may be unknown."""

    province: str | None = None
    city: str | None = None
    district: str | None = None

    def most_specific(self) -> str | None:
        return self.district or self.city or self.province


@dataclass
class PlaceIndex:
    """The gazetteer read for place derivation.

    ``provinces`` maps a province's short name to its name; ``places`` the short name of a
    city, a county-level city or a county (衢州, 义乌, 长兴) to its Place; ``districts`` the full name of every
    district-level region (柯城区, 沈家经济开发区) to its Place; ``codes`` comes from the gazetteer.
    """

    gazetteer: Gazetteer
    provinces: dict[str, str] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    districts: dict[str, Place] = field(default_factory=dict)
    district_sizes: list[int] = field(default_factory=list)

    @classmethod
    def build(cls, gazetteer: Gazetteer) -> PlaceIndex:
        """Index every province, city and district of ``gazetteer``."""
        index = cls(gazetteer)
        for region in gazetteer.regions.values():
            place = index.place_of(region.name)
            if region.level == "province":
                index.provinces[short_name(region.name)] = region.name
            elif region.level == "district" and place.province:
                index.districts[region.name] = place
        # Cities first, so a county-level city never hides a city of the same short name.
        for region in sorted(gazetteer.regions.values(), key=lambda r: r.level != "city"):
            if _named_by_short_form(region):
                index.places.setdefault(short_name(region.name), index.place_of(region.name))
        index.district_sizes = sorted({len(name) for name in index.districts}, reverse=True)
        return index

    def place_of(self, name: str) -> Place:
        """The Place of a gazetteer region (江山市 -> 浙江省/衢州市/江山市); Place() if unknown."""
        region = self.gazetteer.regions.get(name)
        if region is None:
            return Place()
        province, city = self.gazetteer.province_and_city(name)
        return Place(province, city, name if region.level == "district" else None)

    def place_of_code(self, digits: str) -> Place:
        """The Place of a six-digit GB/T 2260 code, else of its city, else of its province."""
        for code in (digits, digits[:4] + "00", digits[:2] + "0000"):
            if code in self.gazetteer.codes:
                return self.place_of(self.gazetteer.codes[code])
        return Place()


def _named_by_short_form(region: Region) -> bool:
    # A county-level city or county (义乌市, 长兴县) is written without its suffix as often as a
    # city is; an urban district is not looked for by its short form (滨江, 衢江 are also words).
    return region.level == "city" or (region.level == "district" and region.name.endswith(("市", "县")))


@functools.lru_cache(maxsize=4)
def place_index(path: str | Path = DEFAULT_GAZETTEER) -> PlaceIndex:
    """The PlaceIndex of the gazetteer at ``path`` (built once per process)."""
    return PlaceIndex.build(load_gazetteer(path))


def province_name(text: str | None) -> str | None:
    """The official province name for a full or short name ("浙江" -> "浙江省"), else None."""
    if not text:
        return None
    return place_index().provinces.get(short_name(text.strip()))


def city_place(text: str | None) -> Place | None:
    """The Place of a known city or county-level city by full or short name.

    >>> city_place("衢州"), city_place("义乌市").city
    (Place(province='浙江省', city='衢州市', district=None), '金华市')
    """
    if not text:
        return None
    return place_index().places.get(short_name(text.strip()))


def is_credit_code(code: str) -> bool:
    """Whether ``code`` has the shape of an 18-character unified social credit code."""
    return bool(_CREDIT_CODE.match(code.strip().upper()))


def place_from_credit_code(code: str) -> Place:
    """The registering authority's place: characters 3-8 are a GB/T 2260 code.

    >>> place_from_credit_code("91330800MA2A0XXXXX")
    Place(province='浙江省', city='衢州市', district=None)
    """
    digits = code.strip()[2:8]
    if len(digits) != 6 or not digits.isdigit():
        return Place()
    return place_index().place_of_code(digits)


def place_from_text(text: str, *, anywhere: bool = True) -> Place:
    """The place an address or a company name names; ``anywhere=False`` looks at the start only.

    A company name is read from its start ("湖南长远锂科…"), then inside brackets
    ("华友（衢州）…"); an address anywhere. A district is found by its full name (衢江区).
    """
    text = normalise_name(text)
    index = place_index()
    for candidate in _candidates(text, anywhere):
        place = _place_at_start(index, candidate)
        if place.province:
            return place
    return Place()


def _candidates(text: str, anywhere: bool) -> list[str]:
    if anywhere:
        return [text[i:] for i in range(len(text))]
    return [text] + [text[m.end():] for m in re.finditer(r"\(", text)]


def _place_at_start(index: PlaceIndex, text: str) -> Place:
    province, rest = _take(text, index.provinces)
    place, rest = _take(rest, index.places)
    if province and place and place.province != province:
        place = None
    if not place and not province:
        place, rest = _take_district(text, index)
    if place:
        return _narrow(index, place, rest)
    return Place(province)


def _take(text: str, table: dict):
    """The table value of the place name ``text`` starts with, and the text after it."""
    for size in (4, 3, 2):
        head = text[:size]
        if head in table:
            rest = text[size:]
            suffix = next((s for s in _SUFFIXES if rest.startswith(s)), "")
            return table[head], rest[len(suffix):]
    return None, text


def _take_district(text: str, index: PlaceIndex) -> tuple[Place | None, str]:
    """The Place of the district whose full name ``text`` starts with (longest name first)."""
    for size in index.district_sizes:
        if text[:size] in index.districts:
            return index.districts[text[:size]], text[size:]
    return None, text


def _narrow(index: PlaceIndex, place: Place, rest: str) -> Place:
    """Follow district names down from ``place`` while each lies inside the last (衢江区沈家…)."""
    while True:
        inner, after = _take_district(rest, index)
        if inner is None or not index.gazetteer.is_inside(inner.district, place.most_specific()) \
                or inner.district == place.district:
            return place
        place, rest = inner, after


# --------------------------------------------------------------------------
# Neighbouring provinces


@functools.lru_cache(maxsize=4)
def load_neighbours(path: str | Path = NEIGHBOURS_FILE) -> dict[str, frozenset[str]]:
    """Province short name -> the short names of the provinces it borders (a TSV data file)."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except OSError as exc:
        raise GazetteerError(f"{path}: cannot read the neighbour table ({exc.strerror})") from None
    known = set(place_index().provinces)
    table: dict[str, frozenset[str]] = {}
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        province, _, others = line.partition("\t")
        names = [province.strip(), *others.split()]
        unknown = [name for name in names if name not in known]
        if unknown or not others.strip():
            raise GazetteerError(f"{path}:{number}: expected province<TAB>neighbours, as province "
                                 f"short names of the gazetteer (unknown: {' '.join(unknown) or '-'})")
        table[names[0]] = frozenset(names[1:])
    return table


def neighbouring(province_a: str | None, province_b: str | None) -> bool:
    """Whether two provinces (full or short names) share a border."""
    if not province_a or not province_b:
        return False
    a, b = short_name(province_a), short_name(province_b)
    return b in load_neighbours().get(a, frozenset())

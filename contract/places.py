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

    ``provinces`` maps a province's short name or alias to its name; ``places`` the short name
    or alias of a prefecture-level city (衢州, 延边) and of a county-level unit whose short form
    names it alone (义乌, 长兴, 格尔木) to its Place; ``districts`` the full name of every
    county-level region (柯城区, 沈家经济开发区; 鼓楼区 for each of the four) to its Places.
    """

    gazetteer: Gazetteer
    provinces: dict[str, str] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    cities: dict[str, Place] = field(default_factory=dict)  # by full name: 吉林市 is the city
    districts: dict[str, list[Place]] = field(default_factory=dict)
    district_sizes: list[int] = field(default_factory=list)

    @classmethod
    def build(cls, gazetteer: Gazetteer) -> PlaceIndex:
        """Index every province, city and county-level region of ``gazetteer``."""
        index = cls(gazetteer)
        counties: dict[str, list[Place]] = {}
        for region in gazetteer.regions.values():
            place = index.place_of(region.name)
            forms = {short_name(region.name), *gazetteer.aliases_of(region.name)}
            if region.level == "province":
                index.provinces.update((form, region.name) for form in forms)
            elif region.level == "city":
                index.places.update((form, place) for form in forms)
                index.cities[region.name] = place
            elif region.level == "district" and place.province:
                full = _plain_name(region, gazetteer)
                index.districts.setdefault(full, []).append(place)
                if _named_by_short_form(region):
                    counties.setdefault(short_name(full), []).append(place)
        # A city's short form wins over a county's (吉林 the city, not a county of that name).
        for form, found in counties.items():
            if len(found) == 1 and form not in index.places and form not in index.provinces:
                index.places[form] = found[0]
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

    def district_in(self, text: str, within: Place | None) -> tuple[Place | None, str]:
        """The county-level region whose full name ``text`` starts with (longest first), the
        one inside ``within`` where several share the name; and the text after it."""
        for size in self.district_sizes:
            for place in self.districts.get(text[:size], ()):
                outer = within.most_specific() if within else None
                if outer is None and len(self.districts[text[:size]]) == 1 \
                        or outer is not None and self.gazetteer.is_inside(place.district, outer):
                    return place, text[size:]
        return None, text


def _plain_name(region: Region, gazetteer: Gazetteer) -> str:
    """The official full name: 南京市鼓楼区 is 鼓楼区 (its parent's name is a prefix of its key)."""
    parent = region.parent or ""
    shared = region.name.startswith(parent) and gazetteer.conditional.get(region.name[len(parent):])
    return region.name[len(parent):] if shared else region.name


def _named_by_short_form(region: Region) -> bool:
    # A county-level city or county (义乌市, 长兴县) is written without its suffix as often as a
    # city is; an urban district is not looked for by its short form (滨江, 衢江 are also words).
    return region.level == "district" and region.name.endswith(("市", "县"))


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
    """The place a text starts with: a province, then a city in it, then a county in that; a
    county's short form only after a province or city that holds it (东方电气 is no place)."""
    for size in range(min(len(text), 9), 2, -1):
        if text[:size] in index.cities:  # a city's full name first: 吉林市… is the city, not the province
            return _narrow(index, index.cities[text[:size]], text[size:])
    province, after_province = _take(text, index.provinces)
    place, rest = _take(after_province, index.places)
    # a county's short form alone opens many a brand (东方电气, 新兴铸管): not without its province
    if place and (province and place.province != province or place.district and not province):
        place, rest = None, after_province
    if not place and not province:
        place, rest = index.district_in(text, None)
    if place:
        return _narrow(index, place, rest)
    return _narrow(index, Place(province), after_province) if province else Place()


def _take(text: str, table: dict):
    """The table value of the place name ``text`` starts with, and the text after it."""
    for size in (7, 6, 5, 4, 3, 2):
        head = text[:size]
        if head in table:
            rest = text[size:]
            suffix = next((s for s in _SUFFIXES if rest.startswith(s)), "")
            return table[head], rest[len(suffix):]
    return None, text


def _narrow(index: PlaceIndex, place: Place, rest: str) -> Place:
    """Follow county names down from ``place`` while each lies inside the last (衢江区沈家…):
    full names, or short names of counties inside ``place`` (浙江江山…)."""
    while True:
        inner, after = index.district_in(rest, place)
        if inner is None:
            short, after = _take(rest, index.places)
            inner = short if short and short.district and short.province == place.province else None
        if inner is None or inner.district == place.district \
                or not index.gazetteer.is_inside(inner.district, place.most_specific()):
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

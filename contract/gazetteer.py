"""The region gazetteer: provinces, cities, districts and zones with their PART_OF links.

The data is a versioned TSV file shipped in contract/data/ (``regions.v2.tsv``): one region a
line, ``name<TAB>level<TAB>parent<TAB>aliases<TAB>code``. The canonical name (衢州市) is the
Region key; aliases (衢州) are surface forms the pipeline recognises; the code is the six-digit
GB/T 2260 code where known (330800). It is the project's one table of region facts: the
extractor matches text with it, contract/places.py derives places from it, and
`chainkg chains load` writes it as the PART_OF hierarchy.

>>> gazetteer = load_gazetteer()
>>> gazetteer.resolve("柯城").name, [r.name for r in gazetteer.ancestors("柯城区")]
('柯城区', ['衢州市', '浙江省', '中国'])
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from chainkg.contract.errors import ChainkgError
from chainkg.contract.resources import contract_data

DEFAULT_GAZETTEER = contract_data("regions.v2.tsv")
LEVELS = ("country", "province", "city", "district")


class GazetteerError(ChainkgError):
    """The region gazetteer file is missing or malformed (names the file and line)."""


@dataclass(frozen=True)
class Region:
    """One administrative region: canonical name, level, parent name, aliases, GB/T 2260 code."""

    name: str
    level: str
    parent: str | None
    aliases: tuple[str, ...] = ()
    code: str | None = None


@dataclass
class Gazetteer:
    """Regions by canonical name, and every surface form (name or alias) to its region."""

    regions: dict[str, Region] = field(default_factory=dict)
    forms: dict[str, str] = field(default_factory=dict)
    codes: dict[str, str] = field(default_factory=dict)

    def resolve(self, text: str) -> Region | None:
        """The region a surface form names (衢州 -> 衢州市), or None."""
        name = self.forms.get(text)
        return self.regions[name] if name else None

    def ancestors(self, name: str) -> list[Region]:
        """The regions above ``name``, nearest first (柯城区 -> 衢州市, 浙江省, 中国)."""
        chain: list[Region] = []
        region = self.regions.get(name)
        while region is not None and region.parent:
            region = self.regions.get(region.parent)
            if region is None or region in chain:
                break
            chain.append(region)
        return chain

    def province_and_city(self, name: str) -> tuple[str | None, str | None]:
        """The province and city a region lies in (a city or province gives itself)."""
        found = {"province": None, "city": None}
        for region in [self.regions[name], *self.ancestors(name)] if name in self.regions else []:
            if region.level in found and found[region.level] is None:
                found[region.level] = region.name
        return found["province"], found["city"]

    def is_inside(self, name: str, other: str) -> bool:
        """True when region ``name`` is ``other`` or lies inside it."""
        return name == other or any(r.name == other for r in self.ancestors(name))


def parse_gazetteer(lines, where: str = "<gazetteer>") -> Gazetteer:
    """Build a Gazetteer from TSV lines (``#`` comments and blank lines skipped).

    The code column is optional (a v1 file has four columns); a code is six digits and
    names one region only.
    """
    gazetteer = Gazetteer()
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        region = _parse_line(line, f"{where}:{number}")
        if region.code in gazetteer.codes:
            raise GazetteerError(f"{where}:{number}: code {region.code} of {region.name} is already "
                                 f"the code of {gazetteer.codes[region.code]}")
        gazetteer.regions[region.name] = region
        if region.code:
            gazetteer.codes[region.code] = region.name
        for form in (region.name, *region.aliases):
            gazetteer.forms.setdefault(form, region.name)
    _check_parents(gazetteer, where)
    return gazetteer


def _parse_line(line: str, where: str) -> Region:
    cells = line.rstrip("\n").split("\t") + ["", "", "", ""]
    name, level, parent, aliases, code = (cell.strip() for cell in cells[:5])
    if not name or level not in LEVELS:
        raise GazetteerError(f"{where}: expected name<TAB>level<TAB>parent<TAB>aliases<TAB>code "
                             f"with level one of {', '.join(LEVELS)}")
    if code and not (len(code) == 6 and code.isdigit()):
        raise GazetteerError(f"{where}: code {code!r} of {name} is not a six-digit GB/T 2260 code")
    alias_list = tuple(a.strip() for a in aliases.split(",") if a.strip())
    return Region(name, level, parent or None, alias_list, code or None)


def _check_parents(gazetteer: Gazetteer, where: str) -> None:
    for region in gazetteer.regions.values():
        if region.parent and region.parent not in gazetteer.regions:
            raise GazetteerError(f"{where}: region {region.name} names unknown parent {region.parent}")


@functools.lru_cache(maxsize=4)
def load_gazetteer(path: str | Path = DEFAULT_GAZETTEER) -> Gazetteer:
    """Load (once per process) the gazetteer at ``path``; the bundled v2 file by default."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise GazetteerError(f"{path}: cannot read the region gazetteer ({exc.strerror})") from None
    return parse_gazetteer(text.splitlines(), str(path))

"""The region gazetteer: countries, provinces, cities, counties and zones with their PART_OF links.

The data is a versioned TSV file shipped in contract/data/ (``regions.v3.tsv``, generated from
an administrative-division package by scripts/gazetteer/build.py): one region a line,
``name<TAB>level<TAB>parent<TAB>aliases<TAB>code``. The canonical name (衢州市; 南京市鼓楼区 where
several counties share 鼓楼区) is the Region key and unique; aliases (衢州) are forms that name
the region wherever they are written; the code is the six-digit GB/T 2260 code. Beside it,
``regions.v3.forms.tsv`` lists the forms that name a region only under a condition the
extractor checks (``FormRule``): county short forms (柯城), names several regions share
(鼓楼区, 朝阳) and ordinary words (合作, 城区). It is the project's one table of region facts:
the extractor matches text with it, contract/places.py derives places from it, and every load
writes its PART_OF hierarchy.

>>> gazetteer = load_gazetteer()
>>> gazetteer.resolve("衢州").name, [r.name for r in gazetteer.ancestors("柯城区")]
('衢州市', ['衢州市', '浙江省', '中国'])
>>> gazetteer.conditional["柯城"]
FormRule(condition='context', regions=('柯城区',), default=None)
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from chainkg.contract.errors import ChainkgError
from chainkg.contract.resources import contract_data

DEFAULT_GAZETTEER = contract_data("regions.v3.tsv")
LEVELS = ("country", "province", "city", "district")
CONDITIONS = ("context", "after_parent", "never")
# The country the divisions belong to: its name opens registered names (中国石化), a foreign one does not.
HOME_COUNTRY = "中国"


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


@dataclass(frozen=True)
class FormRule:
    """A form that names a region only under ``condition``: ``context`` (a region above it, a
    sibling or the region itself is named in the text; among several regions the text decides,
    else ``default``), ``after_parent`` (written right after a region above it) or ``never``."""

    condition: str
    regions: tuple[str, ...]
    default: str | None = None


@dataclass
class Gazetteer:
    """Regions by canonical name; the forms (name or alias) that name one region wherever they
    are written; the forms that name one only under a condition (``conditional``)."""

    regions: dict[str, Region] = field(default_factory=dict)
    forms: dict[str, str] = field(default_factory=dict)
    codes: dict[str, str] = field(default_factory=dict)
    conditional: dict[str, FormRule] = field(default_factory=dict)

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

    def aliases_of(self, name: str) -> list[str]:
        """Every form that stands for the region when written on its own, as a name typed to
        look a region up: its aliases, and the conditional forms that name it alone or by
        default (柯城, 西安). Built once per gazetteer."""
        if not hasattr(self, "_typed"):
            typed: dict[str, list[str]] = {n: list(r.aliases) for n, r in self.regions.items()}
            for form, rule in self.conditional.items():
                owner = rule.default or (rule.regions[0] if len(rule.regions) == 1 else None)
                if owner and rule.condition != "never":
                    typed[owner].append(form)
            self._typed = typed
        return self._typed.get(name, [])

    def lookup(self, text: str) -> Region | None:
        """The region a name written on its own stands for: ``resolve``, else the one region
        or the default of a conditional form (柯城 -> 柯城区, 西安 -> 西安市, 鼓楼 -> None)."""
        region = self.resolve(text)
        rule = self.conditional.get(text)
        if region is None and rule is not None and rule.condition != "never":
            owner = rule.default or (rule.regions[0] if len(rule.regions) == 1 else None)
            region = self.regions[owner] if owner else None
        return region

    def candidates(self, form: str) -> tuple[str, ...]:
        """Every region a form may name: its one region, or those of its conditional rule."""
        if form in self.forms:
            return (self.forms[form],)
        rule = self.conditional.get(form)
        return rule.regions if rule and rule.condition != "never" else ()


def parse_gazetteer(lines, where: str = "<gazetteer>") -> Gazetteer:
    """Build a Gazetteer from TSV lines (``#`` comments and blank lines skipped).

    The code column is optional (a v1 file has four columns); a code is six digits and
    names one region only, and a name or alias names one region only.
    """
    gazetteer = Gazetteer()
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        region = _parse_line(line, f"{where}:{number}")
        if region.code in gazetteer.codes:
            raise GazetteerError(f"{where}:{number}: code {region.code} of {region.name} is already "
                                 f"the code of {gazetteer.codes[region.code]}")
        if region.name in gazetteer.regions:
            raise GazetteerError(f"{where}:{number}: {region.name} is already a region of the file")
        gazetteer.regions[region.name] = region
        if region.code:
            gazetteer.codes[region.code] = region.name
        for form in (region.name, *region.aliases):
            if gazetteer.forms.get(form, region.name) != region.name:
                raise GazetteerError(f"{where}:{number}: {form} already names {gazetteer.forms[form]}")
            gazetteer.forms[form] = region.name
    _check_parents(gazetteer, where)
    return gazetteer


def parse_forms(lines, gazetteer: Gazetteer, where: str = "<forms>") -> Gazetteer:
    """Add the conditional forms of a forms file (``form<TAB>condition<TAB>default<TAB>regions``)
    to ``gazetteer``: each such form stops naming a region on its own."""
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in (line.rstrip("\n").split("\t") + ["", "", ""])[:4]]
        form, condition, default, names = cells
        regions = tuple(n for n in names.split(",") if n)
        unknown = [n for n in (*regions, default) if n and n not in gazetteer.regions]
        if not form or condition not in CONDITIONS or not regions or unknown \
                or (default and default not in regions):
            raise GazetteerError(f"{where}:{number}: expected form<TAB>condition<TAB>default<TAB>regions "
                                 f"with condition one of {', '.join(CONDITIONS)} and known regions"
                                 + (f" (unknown: {', '.join(unknown)})" if unknown else ""))
        gazetteer.conditional[form] = FormRule(condition, regions, default or None)
        gazetteer.forms.pop(form, None)
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


def forms_path(path: str | Path) -> Path:
    """The forms file that goes with a gazetteer file: regions.v3.tsv -> regions.v3.forms.tsv."""
    path = Path(path)
    return path.with_name(path.stem + ".forms" + path.suffix)


@functools.lru_cache(maxsize=4)
def load_gazetteer(path: str | Path = DEFAULT_GAZETTEER) -> Gazetteer:
    """Load (once per process) the gazetteer at ``path`` and the forms file beside it, if any;
    the shipped v3 files by default."""
    path = Path(path)
    gazetteer = parse_gazetteer(_read(path).splitlines(), str(path))
    forms = forms_path(path)
    if forms.exists():
        parse_forms(_read(forms).splitlines(), gazetteer, str(forms))
    return gazetteer


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise GazetteerError(f"{path}: cannot read the region gazetteer ({exc.strerror})") from None

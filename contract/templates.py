"""Chain templates: parse and validate the YAML files under chains/.

A chain template names the segments (环节) of one industrial chain, the
products each segment includes, and which segments feed which. This module
only reads and checks files; writing them into a store is the writer's job.

Every refusal is a :class:`TemplateError` whose text names the file and the
line, e.g. ``chains/x.yaml:12: unknown feeds key 'foo' in segment 'bar'``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Iterable, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints, ValidationError

from chainkg.contract.errors import ChainkgError
from chainkg.contract.keys import product_key

__all__ = [
    "TIERS",
    "ChainTemplate",
    "SegmentTemplate",
    "TemplateError",
    "load_template",
    "load_templates",
]

TIERS = ("upstream", "midstream", "downstream")
TEMPLATE_SUFFIXES = (".yaml", ".yml")

Key = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Tier = Literal["upstream", "midstream", "downstream"]


class TemplateError(ChainkgError):
    """A chain template file was refused; ``str()`` is ``path:line: message``."""

    def __init__(self, path: str | Path, line: int | None, message: str):
        self.path = str(path)
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


# --------------------------------------------------------------------------
# Models


class SegmentTemplate(BaseModel):
    """One segment (环节) of a chain: its products and the segments it feeds."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: Key
    name: Name
    tier: Tier
    products: list[Name] = Field(min_length=1)
    aliases: list[Name] = Field(default_factory=list)
    feeds: list[Key] = Field(default_factory=list)
    product_aliases: dict[Name, list[Name]] = Field(default_factory=dict)
    heads: dict[Name, list[Name]] = Field(default_factory=dict)
    marks: dict[Name, list[Name]] = Field(default_factory=dict)
    description: str = ""

    def aliases_of(self, product: str) -> list[str]:
        """The aliases listed for ``product`` in this segment (may be empty); the segment's
        own name, as its generic product, has the segment's aliases."""
        if product == self.name:
            return list(self.aliases)
        return list(self.product_aliases.get(product, []))

    def product_names(self) -> list[str]:
        """Every product the segment INCLUDES, its own name first.

        The segment's name is its generic product: documents and registries say a company
        makes 电解液 or 正极材料 as often as a named product, and such a company must count
        for the segment too. A template may list the name among its products as well.
        """
        return list(dict.fromkeys([self.name, *self.products]))

    def included_products(self) -> list[tuple[str, str]]:
        """``(product key, name)`` of every product the segment INCLUDES, generic one first."""
        return [(product_key(name), name) for name in self.product_names()]


class ChainTemplate(BaseModel):
    """One industrial chain (产业链): key, names and its segments in file order."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: Key
    name: Name
    segments: list[SegmentTemplate] = Field(min_length=1)
    aliases: list[Name] = Field(default_factory=list)
    description: str = ""
    version: int = Field(default=1, ge=1)
    _source: Path | None = PrivateAttr(default=None)

    @property
    def source(self) -> Path | None:
        """The file the template was loaded from (None when built in code)."""
        return self._source

    def segment(self, key: str) -> SegmentTemplate:
        """The segment with ``key``; ``KeyError`` if the chain has none."""
        for segment in self.segments:
            if segment.key == key:
                return segment
        raise KeyError(key)

    def edges(self) -> list[tuple[str, str]]:
        """Every FEEDS edge as ``(supplier key, customer key)``, in file order."""
        return [(s.key, target) for s in self.segments for target in s.feeds]


# --------------------------------------------------------------------------
# Loading


def load_templates(directory: str | Path) -> list[ChainTemplate]:
    """Load and validate every ``*.yaml``/``*.yml`` chain file in ``directory``.

    Files are read in name order; two files with the same chain key are
    refused. Raises :class:`TemplateError` on the first problem found.
    """
    templates: list[ChainTemplate] = []
    seen: dict[str, Path] = {}
    for path in _template_paths(Path(directory)):
        raw = _read_yaml(path)
        template = _validate(path, raw)
        if template.key in seen:
            message = f"chain key '{template.key}' is already used by {seen[template.key]}"
            raise TemplateError(path, _line_of(raw, ("key",)), message)
        seen[template.key] = path
        templates.append(template)
    return templates


def _template_paths(directory: Path) -> list[Path]:
    paths = []
    if directory.is_dir():
        paths = sorted(p for p in directory.iterdir() if p.suffix in TEMPLATE_SUFFIXES)
    if not paths:
        raise TemplateError(directory, None, "no chain templates (*.yaml) found")
    return paths


def load_template(path: str | Path) -> ChainTemplate:
    """Load and validate one chain template file (UTF-8, BOM tolerated)."""
    path = Path(path)
    return _validate(path, _read_yaml(path))


def _validate(path: Path, raw: Any) -> ChainTemplate:
    if not isinstance(raw, dict):
        line = getattr(raw, "line", 1)
        message = "a chain template must be a mapping with key, name and segments"
        raise TemplateError(path, line, message)
    try:
        template = ChainTemplate.model_validate(raw)
    except ValidationError as exc:
        raise _from_validation_error(path, raw, exc) from None
    problem = _first_problem(template)
    if problem is not None:
        loc, message = problem
        raise TemplateError(path, _line_of(raw, loc), message)
    template._source = path
    return template


# --------------------------------------------------------------------------
# YAML with line numbers


class _LineDict(dict):
    """A YAML mapping that remembers its own line and the line of each key."""

    line: int = 1
    key_lines: dict[Any, int]


class _LineList(list):
    """A YAML sequence that remembers its own line and the line of each item."""

    line: int = 1
    item_lines: list[int]


class _LineLoader(yaml.SafeLoader):
    """SafeLoader whose mappings and sequences carry 1-based line numbers."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _LineDict:
    _refuse_duplicate_keys(node)  # before merging: a '<<' merge may be overridden
    loader.flatten_mapping(node)
    data = _LineDict(loader.construct_mapping(node, deep=True))
    data.line = node.start_mark.line + 1
    data.key_lines = {loader.construct_object(k, deep=True): k.start_mark.line + 1
                      for k, _ in node.value}
    return data


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> _LineList:
    data = _LineList(loader.construct_sequence(node, deep=True))
    data.line = node.start_mark.line + 1
    data.item_lines = [item.start_mark.line + 1 for item in node.value]
    return data


def _refuse_duplicate_keys(node: yaml.MappingNode) -> None:
    # PyYAML silently keeps the last of two equal keys; a template must not.
    seen: set[str] = set()
    for key_node, _ in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            continue
        if key_node.value in seen:
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping", node.start_mark,
                f"duplicate key '{key_node.value}'", key_node.start_mark)
        seen.add(key_node.value)


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def _read_yaml(path: Path) -> Any:
    """Parse ``path`` as UTF-8 YAML (BOM tolerated) into line-marked data."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TemplateError(path, None, f"cannot read: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise TemplateError(path, line, "not UTF-8 text (save the file as UTF-8)") from None
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise TemplateError(path, line, f"bad YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise TemplateError(path, None, f"bad YAML: {exc}") from None


def _line_of(raw: Any, loc: tuple) -> int:
    """The line of the deepest element of ``raw`` that ``loc`` reaches.

    ``loc`` is a pydantic-style location, e.g. ``("segments", 3, "feeds", 0)``.
    A mapping key reports the key's line, a sequence item the item's line.
    """
    line = getattr(raw, "line", 1)
    node = raw
    for step in loc:
        if isinstance(node, _LineDict) and step in node:
            line, node = node.key_lines.get(step, line), node[step]
        elif isinstance(node, _LineList) and isinstance(step, int) and 0 <= step < len(node):
            line, node = node.item_lines[step], node[step]
        else:
            break
    return line


# --------------------------------------------------------------------------
# Pydantic errors as one clear line


def _from_validation_error(path: Path, raw: Any, exc: ValidationError) -> TemplateError:
    error = exc.errors()[0]
    loc = tuple(error["loc"])
    return TemplateError(path, _line_of(raw, loc), _describe(raw, loc, error))


def _describe(raw: Any, loc: tuple, error: dict) -> str:
    kind = error["type"]
    field = loc[-1] if loc else ""
    where = _where(raw, loc)
    if kind == "missing":
        return f"missing field '{field}'{where}"
    if kind == "extra_forbidden":
        return f"unknown field '{field}'{where}"
    if kind == "literal_error" and field == "tier":
        return f"tier must be one of {', '.join(TIERS)}, not {error['input']!r}{where}"
    if kind == "string_type":
        return f"{_dotted(loc)} must be text, not {error['input']!r} (quote it){where}"
    if kind == "string_pattern_mismatch":
        return (f"{_field_name(loc)} {error['input']!r} must be a lower-case ASCII key "
                f"like 'cathode' or 'lithium-battery'")
    return f"{_dotted(loc)}: {error['msg']}{where}"


def _where(raw: Any, loc: tuple) -> str:
    """`` in segment 'x'`` when ``loc`` points inside a segment, else ''."""
    if len(loc) < 2 or loc[0] != "segments" or not isinstance(loc[1], int):
        return ""
    segments = raw.get("segments")
    if isinstance(segments, list) and loc[1] < len(segments):
        segment = segments[loc[1]]
        if isinstance(segment, dict) and isinstance(segment.get("key"), str):
            return f" in segment '{segment['key']}'"
    return f" in segment #{loc[1] + 1}"


def _field_name(loc: tuple) -> str:
    """``segment key``, ``chain key`` or ``feeds`` for a key-valued location."""
    if loc and loc[-1] == "key":
        return "segment key" if loc[0] == "segments" else "chain key"
    return str(loc[-2]) if len(loc) >= 2 else _dotted(loc)


def _dotted(loc: tuple) -> str:
    return ".".join(str(step) for step in loc)


# --------------------------------------------------------------------------
# Rules pydantic cannot express: keys, names, feeds, cycles, tiers

Problem = tuple[tuple, str]  # (location in the raw file, message)


def _first_problem(chain: ChainTemplate) -> Problem | None:
    """The first rule ``chain`` breaks, in the order the docs list them."""
    checks = (_duplicate_segment_key, _unknown_feeds_key, _unknown_aliased_product,
              _reused_text, _feeds_cycle, _feeds_against_tiers)
    for check in checks:
        problem = check(chain)
        if problem is not None:
            return problem
    return None


def _duplicate_segment_key(chain: ChainTemplate) -> Problem | None:
    first: dict[str, int] = {}
    for index, segment in enumerate(chain.segments):
        if segment.key in first:
            return (("segments", index, "key"),
                    f"duplicate segment key '{segment.key}' "
                    f"(segment #{first[segment.key] + 1} has it already)")
        first[segment.key] = index
    return None


def _unknown_feeds_key(chain: ChainTemplate) -> Problem | None:
    keys = {segment.key for segment in chain.segments}
    for index, segment in enumerate(chain.segments):
        for position, target in enumerate(segment.feeds):
            if target not in keys:
                return (("segments", index, "feeds", position),
                        f"unknown feeds key '{target}' in segment '{segment.key}'")
    return None


def _unknown_aliased_product(chain: ChainTemplate) -> Problem | None:
    for index, segment in enumerate(chain.segments):
        for field in ("product_aliases", "heads", "marks"):
            allowed = segment.products if field == "product_aliases" else segment.product_names()
            for product in getattr(segment, field):
                if product not in allowed:
                    return ((("segments", index, field, product)),
                            f"{field} names '{product}', which is not a product "
                            f"of segment '{segment.key}'")
    return None


def _reused_text(chain: ChainTemplate) -> Problem | None:
    """A text (segment name, product or alias) may name one thing in a chain.

    Compared by :func:`product_key`, so ``NCM`` and ``ｎｃｍ`` collide; a
    product listed twice, or under two segments, is refused the same way.
    """
    owners: dict[str, tuple[tuple, str]] = {}
    for loc, text, owner, role in _texts(chain):
        key = product_key(text)
        segment = chain.segments[loc[1]]
        generic = loc[2] == "products" and text == segment.name  # the segment's own name, listed
        if key in owners and not generic and (owners[key][0] != owner or loc[2] == "products"):
            return loc, f"'{text}' ({role}) is already {owners[key][1]}"
        owners.setdefault(key, (owner, role))
    return _reused_match_text(chain)


def _reused_match_text(chain: ChainTemplate) -> Problem | None:
    """A head or mark (the texts the linker matches inside names) points at one product and
    is not already a name or alias of the chain (a name ends every name that ends in it)."""
    named = {product_key(text): role for _, text, _, role in _texts(chain)}
    owners: dict[str, str] = {}
    for index, segment in enumerate(chain.segments):
        for field in ("heads", "marks"):
            for product, texts in getattr(segment, field).items():
                for position, text in enumerate(texts):
                    where = f"a {field[:-1]} of '{product}' in segment '{segment.key}'"
                    if product_key(text) in named:
                        return (("segments", index, field, product, position),
                                f"'{text}' ({where}) is already {named[product_key(text)]}")
                    key = product_key(text)
                    if key in owners and owners[key] != where:
                        return (("segments", index, field, product, position),
                                f"'{text}' ({where}) is already {owners[key]}")
                    owners.setdefault(key, where)
    return None


def _texts(chain: ChainTemplate) -> Iterable[tuple[tuple, str, tuple, str]]:
    """Every text of ``chain``: its location, the thing it names, its role."""
    for index, segment in enumerate(chain.segments):
        here, name = ("segments", index), f"segment '{segment.key}'"
        yield (*here, "name"), segment.name, (segment.key,), f"the name of {name}"
        for position, alias in enumerate(segment.aliases):
            yield (*here, "aliases", position), alias, (segment.key,), f"an alias of {name}"
        for position, product in enumerate(segment.products):
            owner = (segment.key, product)
            yield (*here, "products", position), product, owner, f"a product of {name}"
            for number, alias in enumerate(segment.aliases_of(product)):
                yield ((*here, "product_aliases", product, number), alias, owner,
                       f"an alias of product '{product}' in {name}")


def _feeds_cycle(chain: ChainTemplate) -> Problem | None:
    """A FEEDS cycle, found by depth-first search, reported at its closing edge."""
    feeds = {segment.key: segment.feeds for segment in chain.segments}
    state: dict[str, str] = {}  # key -> "open" while on the path, "done" after

    def visit(key: str, path: list[str]) -> list[str] | None:
        state[key] = "open"
        for target in feeds[key]:
            if state.get(target) == "open":  # back on the current path
                stack = [*path, key]
                return [*stack[stack.index(target):], target]
            if target not in state:
                cycle = visit(target, [*path, key])
                if cycle:
                    return cycle
        state[key] = "done"
        return None

    for segment in chain.segments:
        if segment.key not in state:
            cycle = visit(segment.key, [])
            if cycle:
                return _cycle_problem(chain, cycle)
    return None


def _cycle_problem(chain: ChainTemplate, cycle: list[str]) -> Problem:
    closer, target = cycle[-2], cycle[-1]
    index = next(i for i, s in enumerate(chain.segments) if s.key == closer)
    position = chain.segments[index].feeds.index(target)
    return (("segments", index, "feeds", position),
            f"cycle in feeds: {' -> '.join(cycle)} (FEEDS must run one way, "
            f"upstream to downstream)")


def _feeds_against_tiers(chain: ChainTemplate) -> Problem | None:
    rank = {segment.key: TIERS.index(segment.tier) for segment in chain.segments}
    for index, segment in enumerate(chain.segments):
        for position, target in enumerate(segment.feeds):
            if rank[target] < rank[segment.key]:
                target_tier = TIERS[rank[target]]
                return (("segments", index, "feeds", position),
                        f"segment '{segment.key}' ({segment.tier}) feeds "
                        f"'{target}' ({target_tier}): FEEDS must not run back up the tiers")
    return None

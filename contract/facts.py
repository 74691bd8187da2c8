"""The facts contract: what extraction emits and the graph store accepts.

One JSON object a line, each with ``"schema": SCHEMA`` and a ``kind``. A file of facts is
grouped by document: a ``document`` line, then the entities and relations taken from it.
Lines before the first ``document`` line (or a file with none) are refused by the loader.
The format is described for other producers in the README and by ``json_schema()``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from chainkg.contract.errors import FactsError

SCHEMA = "chainkg.facts/1"

ENTITY_LABELS = ("Company", "Product", "Chain", "Segment", "Region", "Project")
RELATION_TYPES = (
    "MAKES", "RUNS", "LOCATED_IN", "PART_OF", "HAS_SEGMENT", "FEEDS", "INCLUDES",
    "PARTNERS_WITH", "SUPPLIES", "INVESTS_IN", "SUBSIDIARY_OF",
)
# Which labels each relation may join; the writer relies on it to build typed MERGEs.
RELATION_ENDS: dict[str, tuple[set[str], set[str]]] = {
    "MAKES": ({"Company", "Project"}, {"Product"}),
    "RUNS": ({"Company"}, {"Project"}),
    "LOCATED_IN": ({"Company", "Project"}, {"Region"}),
    "PART_OF": ({"Region"}, {"Region"}),
    "HAS_SEGMENT": ({"Chain"}, {"Segment"}),
    "FEEDS": ({"Segment"}, {"Segment"}),
    "INCLUDES": ({"Segment"}, {"Product"}),
    "PARTNERS_WITH": ({"Company"}, {"Company"}),
    "SUPPLIES": ({"Company"}, {"Company"}),
    "INVESTS_IN": ({"Company"}, {"Company"}),
    "SUBSIDIARY_OF": ({"Company"}, {"Company"}),
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Evidence(_Strict):
    """Where a relation was read: the sentence and its character offsets in the document text."""

    doc_id: str
    sentence: str = ""
    start: int = Field(default=0, ge=0)
    end: int = Field(default=0, ge=0)
    extractor: str
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)


class _Line(_Strict):
    schema_: Literal["chainkg.facts/1"] = Field(default=SCHEMA, alias="schema")
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    def to_json(self) -> str:
        return self.model_dump_json(by_alias=True, exclude_none=True)


class DocumentFact(_Line):
    kind: Literal["document"] = "document"
    id: str = Field(min_length=1)
    title: str = ""
    source: str = ""
    date: str | None = None
    path: str = ""
    sha256: str = ""


class _Entity(_Line):
    key: str = Field(min_length=1)
    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)


class CompanyFact(_Entity):
    kind: Literal["company"] = "company"
    credit_code: str | None = None
    stock_code: str | None = None
    province: str | None = None
    city: str | None = None
    listed: bool | None = None
    industry: str | None = None


class ProductFact(_Entity):
    kind: Literal["product"] = "product"
    heads: list[str] | None = None   # a template product's linking heads and marks (chains/*.yaml)
    marks: list[str] | None = None


class ChainFact(_Entity):
    kind: Literal["chain"] = "chain"


class SegmentFact(_Entity):
    kind: Literal["segment"] = "segment"
    chain: str
    tier: Literal["upstream", "midstream", "downstream"]


class RegionFact(_Entity):
    kind: Literal["region"] = "region"
    level: Literal["country", "province", "city", "district"] | None = None


class ProjectFact(_Entity):
    kind: Literal["project"] = "project"
    capacity: str | None = None
    investment_cny: float | None = None
    area_mu: float | None = None
    jobs: int | None = None
    output_value_cny: float | None = None
    stage: str | None = None
    date: str | None = None


class NodeRef(_Strict):
    """One end of a relation: the node's label and key, and its name for readers of the file."""

    label: Literal["Company", "Product", "Chain", "Segment", "Region", "Project"]
    key: str = Field(min_length=1)
    name: str = ""


class RelationFact(_Line):
    kind: Literal["relation"] = "relation"
    type: Literal[RELATION_TYPES]  # type: ignore[valid-type]
    source: NodeRef
    target: NodeRef
    evidence: Evidence
    props: dict[str, str | float | int | bool] = Field(default_factory=dict)

    def model_post_init(self, __context) -> None:
        sources, targets = RELATION_ENDS[self.type]
        if self.source.label not in sources or self.target.label not in targets:
            raise ValueError(
                f"{self.type} cannot join {self.source.label} to {self.target.label}")


ENTITY_KINDS = {
    "company": CompanyFact, "product": ProductFact, "chain": ChainFact,
    "segment": SegmentFact, "region": RegionFact, "project": ProjectFact,
}
Fact = Annotated[
    Union[DocumentFact, CompanyFact, ProductFact, ChainFact, SegmentFact, RegionFact,
          ProjectFact, RelationFact],
    Field(discriminator="kind"),
]
FactLine: TypeAdapter = TypeAdapter(Fact)
EntityFact = Union[CompanyFact, ProductFact, ChainFact, SegmentFact, RegionFact, ProjectFact]


def label_of(entity: EntityFact) -> str:
    """The graph label of an entity fact (``company`` -> ``Company``)."""
    return entity.kind.capitalize()


def parse_line(line: str, where: str = "") -> Fact:
    """Validate one JSONL line; a bad line raises FactsError naming ``where`` and the field."""
    try:
        return FactLine.validate_json(line)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "line"
        raise FactsError(f"{where}: {field}: {first['msg']}") from None


def read_facts(path: str | Path) -> Iterator[Fact]:
    """Stream the facts of a JSONL file, validating each line (blank lines are skipped)."""
    path = Path(path)
    try:
        handle = path.open(encoding="utf-8-sig")
    except OSError as exc:
        raise FactsError(f"{path}: cannot open ({exc.strerror})") from None
    with handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                yield parse_line(line, f"{path}:{number}")


def write_facts(facts: Iterable[Fact], handle) -> int:
    """Write facts as JSON lines to an open text handle; returns how many were written."""
    count = 0
    for fact in facts:
        handle.write(fact.to_json() + "\n")
        count += 1
    return count


def json_schema() -> dict:
    """The JSON Schema of one facts line, for producers written in other languages."""
    return FactLine.json_schema(by_alias=True)


if __name__ == "__main__":  # pragma: no cover - prints the schema for docs
    print(json.dumps(json_schema(), ensure_ascii=False, indent=2))

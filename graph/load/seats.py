"""A company's seat from its registered name, where no fact of its document places it.

Extraction emits only what a text states: "衢州华友钴新材料有限公司主要生产硫酸钴" says where
the company makes things, not where it sits, so no LOCATED_IN is read from it. The company
fact still carries the province and city its name starts with (contract/places.py reads them
for registries; the extractor from the regions it found), and a registered name does say
where the company was registered. So the loader seats such a company there, as an inference
of its own (extractor ``company_name``, confidence ``NAME_SEAT_CONFIDENCE``), only when the
document gives it no LOCATED_IN: presence and gap figures count it in its city.
"""

from __future__ import annotations

from chainkg.contract.facts import CompanyFact, EntityFact, Evidence, NodeRef, RelationFact
from chainkg.contract.keys import region_key

NAME_SEAT_EXTRACTOR = "company_name"
# A registered name's place is usually the seat, never stated: below the stated rules' 0.85-0.9,
# at the review threshold (relations under 0.7 wait for staff).
NAME_SEAT_CONFIDENCE = 0.7


def name_seats(entities: list[EntityFact], relations: list[RelationFact], doc_id: str) -> list[RelationFact]:
    """LOCATED_IN from each company fact with a city (else a province) to it, for the
    companies the group's relations place nowhere."""
    placed = {r.source.key for r in relations if r.type == "LOCATED_IN" and r.source.label == "Company"}
    seats = []
    for fact in entities:
        where = (fact.city or fact.province) if isinstance(fact, CompanyFact) else None
        if where is None or fact.key in placed:
            continue
        placed.add(fact.key)
        seats.append(RelationFact(
            type="LOCATED_IN", source=NodeRef(label="Company", key=fact.key, name=fact.name),
            target=NodeRef(label="Region", key=region_key(where), name=where),
            evidence=Evidence(doc_id=doc_id, sentence=fact.name, extractor=NAME_SEAT_EXTRACTOR,
                              confidence=NAME_SEAT_CONFIDENCE)))
    return seats

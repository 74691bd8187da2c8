"""Region patterns for spaCy's ``span_ruler``: ``chainkg.region_patterns.v1`` (the gazetteer)."""

from __future__ import annotations

from spacy.util import registry

from extract.regions import DEFAULT_GAZETTEER, load_gazetteer, region_patterns


@registry.misc("chainkg.region_patterns.v1")
def make_region_patterns(gazetteer: str = str(DEFAULT_GAZETTEER)) -> list[dict]:
    """Every region name and alias of the gazetteer, labelled REGION, id = canonical name."""
    return region_patterns(load_gazetteer(gazetteer))

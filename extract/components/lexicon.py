"""Versioned lexicon patterns for spaCy's ``span_ruler``: ``chainkg.chain_patterns.v1``.

The config names the function in ``[initialize.components.lexicon.patterns]``; a change of
what the patterns contain is a new version (v2), so runs can be compared.
"""

from __future__ import annotations

from spacy.util import registry

from extract.lexicon import chain_patterns, registry_patterns


@registry.misc("chainkg.chain_patterns.v1")
def make_chain_patterns(chains_dir: str = "chains", company_registry: str | None = None) -> list[dict]:
    """Products and segments of every chain in ``chains_dir``, plus registry companies if given."""
    patterns = chain_patterns(chains_dir)
    if company_registry:
        patterns += registry_patterns(company_registry)
    return patterns

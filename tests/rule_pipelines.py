"""Pipelines that differ only in their relation rule set, for tests that compare one version of
the rules with the one before it (the relation model off, so the rules alone are seen)."""

from __future__ import annotations

from chainkg.extract.pipeline import build_pipeline


def rule_set_pipelines(*names: str) -> dict:
    """One pipeline per rule set name, keyed by the name."""
    return {name: build_pipeline(overrides=(("components.relation_model.enabled", False),
                                            ("components.relations.rule_set", name)))
            for name in names}


def pairs(nlp, text: str, kind: str) -> set[tuple[str, str]]:
    """(source name, target name) of each ``kind`` relation the pipeline finds in ``text``."""
    return {(r.source.name, r.target.name) for r in nlp(text)._.relations if r.type == kind}

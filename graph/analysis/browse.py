"""Reads for looking around the graph: a company and its relations, the evidence of a segment."""

from __future__ import annotations

from chainkg.graph.queries import read_rows
from chainkg.graph.store import GraphStore


def find_companies(store: GraphStore, text: str) -> list[dict]:
    """Companies whose full name or a short name contains ``text`` (at most 50)."""
    return read_rows(store, "company_search", text=text)


def company_relations(store: GraphStore, company: str) -> list[dict]:
    """Every relationship of a company (by key), with the other end, sentence and document."""
    return read_rows(store, "company_relations", company=company)


def company_segments(store: GraphStore, company: str) -> list[dict]:
    """The chain segments a company's products belong to."""
    return read_rows(store, "company_segments", company=company)


def segment_evidence(store: GraphStore, segment: str, names: list[str]) -> list[dict]:
    """The sentences saying the named companies or projects make a product of ``segment`` (graph key)."""
    return read_rows(store, "segment_evidence", segment=segment, names=names) if names else []

"""Store adapters: one protocol (``GraphStore``), the embedded FalkorDB store and Neo4j."""

from chainkg.graph.store.base import GraphStore, Node, QueryResult, Relationship, Statement, StoreBase
from chainkg.graph.store.open import DEFAULT_STORE, open_store

__all__ = ["DEFAULT_STORE", "GraphStore", "Node", "QueryResult", "Relationship", "Statement",
           "StoreBase", "open_store"]

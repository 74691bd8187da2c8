"""Extraction: documents in, facts out (reading, the spaCy pipeline and its components, the NER).

It never talks to a store; its output is the facts contract (chainkg.contract.facts)."""

"""Loading: the one batched writer, resolution against the stored graph, and the loaders of
chain templates, company registries and the ChainKnowledgeGraph files."""

"""The contract: facts, keys, chain templates and their lexicon, the region gazetteer, labels and
errors; the vocabulary extraction and the graph share. It imports nothing else of chainkg."""

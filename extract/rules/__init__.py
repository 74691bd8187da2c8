"""Rules over normalised Chinese text: names, amounts, relation patterns. Pure functions, no spaCy."""

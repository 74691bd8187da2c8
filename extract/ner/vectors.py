"""Train character and character-bigram vectors on unlabelled Chinese text.

    python -m chainkg.extract.ner.vectors --corpus xwlb_items.jsonl --out DIR [--dim 48]

Reads JSONL lines with a ``text`` field (e.g. the CCTV Xinwen Lianbo corpus),
trains two word2vec models with gensim (characters; overlapping bigrams),
keeps the most frequent entries and writes a blank spaCy "zh" pipeline whose
vocab holds them, keyed by the string hash of the char or bigram. The NER
config loads it through ``[initialize] vectors`` and reads it with
``chainkg.NgramStaticVectors.v1`` (extract/ner/features.py).
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Iterator

import numpy
import spacy
from spacy.vectors import Vectors

from chainkg.contract.errors import run_script

_SPACE = re.compile(r"\s+")


def corpus_lines(path: Path) -> Iterator[str]:
    """Yield the non-empty paragraphs of each document, whitespace removed."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                for paragraph in json.loads(line).get("text", "").split("\n"):
                    paragraph = _SPACE.sub("", paragraph)
                    if paragraph:
                        yield paragraph


def train_word2vec(sentences: list[list[str]], dim: int, keep: int) -> tuple[list[str], numpy.ndarray]:
    """Train CBOW word2vec on one thread; return the ``keep`` most frequent keys and vectors."""
    from gensim.models import Word2Vec  # training-time dependency only

    model = Word2Vec(sentences, vector_size=dim, window=5, min_count=3, sg=0, workers=1, epochs=3, seed=1)
    keys = model.wv.index_to_key[:keep]  # index_to_key is sorted by frequency
    return keys, numpy.asarray([model.wv[key] for key in keys], dtype="float32")


def build_vectors(corpus: Path, out: Path, dim: int, n_chars: int, n_bigrams: int) -> dict[str, int]:
    """Train both tables and save them as a spaCy pipeline at ``out``."""
    paragraphs = list(corpus_lines(corpus))
    chars, char_vecs = train_word2vec([list(p) for p in paragraphs], dim, n_chars)
    bigram_sents = [[p[i:i + 2] for i in range(len(p) - 1)] for p in paragraphs]
    bigrams, bigram_vecs = train_word2vec(bigram_sents, dim, n_bigrams)
    nlp = spacy.blank("zh")
    keys = chars + bigrams
    data = numpy.vstack([char_vecs, bigram_vecs])
    data /= numpy.linalg.norm(data, axis=1, keepdims=True) + 1e-8  # unit length: one scale for both tables
    nlp.vocab.vectors = Vectors(data=data, keys=[nlp.vocab.strings.add(k) for k in keys])
    nlp.to_disk(out)
    return {"paragraphs": len(paragraphs), "chars": len(chars), "bigrams": len(bigrams), "dim": dim}


def main(argv: list[str] | None = None) -> None:
    """Command-line entry."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", required=True, type=Path)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--dim", type=int, default=48)
    parser.add_argument("--chars", type=int, default=7000)
    parser.add_argument("--bigrams", type=int, default=30000)
    args = parser.parse_args(argv)
    print(json.dumps(build_vectors(args.corpus, args.out, args.dim, args.chars, args.bigrams)))


if __name__ == "__main__":
    run_script(main, "extract.ner.vectors")

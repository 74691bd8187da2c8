"""Weak NER labels on the realistic corpus, from the rules and lexicon (never from the NER).

    python -m chainkg.extract.ner.weak --corpus X/xwlb_items.jsonl --out build/ner/weak.spacy [--limit 3000]

Runs the extraction pipeline with the trained NER switched off over a JSONL corpus
(one ``{"text": ...}`` a line, e.g. the Xinwen Lianbo items), and keeps each sentence
in which the chain lexicon finds a product or the company rules find a company. The
product and company spans become PRODUCT and COMPANY; everything else in the sentence
is taken as outside, which is the weakness: a company neither the rules nor the
lexicon know is taught as O. The DocBin is added to training with ``--weak`` in
``extract.ner.train``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Iterator

import spacy
from spacy.tokens import DocBin

from chainkg.contract.errors import run_script
from chainkg.extract.components.base import COMPANIES, LEXICON
from chainkg.extract.ner.data import Record
from chainkg.extract.ner.errors import NerError
from chainkg.extract.ner.prepare import record_to_doc
from chainkg.extract.pipeline import build_pipeline
from chainkg.extract.rules.sentence_split import split_sentences


def weak_records(texts: Iterator[str], limit: int) -> Iterator[Record]:
    """Yield up to ``limit`` sentence Records labelled by the lexicon and the company rules."""

    nlp = build_pipeline(overrides=(("paths.ner_model", "none"),))
    found = 0
    for doc in nlp.pipe(texts, batch_size=32):
        text = doc.text
        spans = [(s.start_char, s.end_char, "PRODUCT") for s in doc.spans.get(LEXICON, []) if s.label_ == "PRODUCT"]
        spans += [(s.start_char, s.end_char, "COMPANY") for s in doc.spans.get(COMPANIES, [])]
        for start, end in split_sentences(text):
            inside = [(s - start, e - start, label) for s, e, label in spans if s >= start and e <= end]
            if inside:
                yield Record(text[start:end], sorted(set(inside)))
                found += 1
                if found >= limit:
                    return


def main(argv: list[str] | None = None) -> None:
    """Command-line entry: write the weakly labelled DocBin."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", required=True, type=Path, help='JSONL, one {"text": ...} a line')
    parser.add_argument("--out", required=True, type=Path, help="DocBin to write")
    parser.add_argument("--limit", type=int, default=3000, help="sentences to keep")
    args = parser.parse_args(argv)

    if not args.corpus.is_file():
        raise NerError(f"{args.corpus}: no such corpus file")

    def texts() -> Iterator[str]:
        with args.corpus.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if line.strip():
                    try:
                        yield json.loads(line).get("text") or ""
                    except (ValueError, AttributeError) as exc:
                        raise NerError(f"{args.corpus}:{number}: not a JSON object with a text ({exc})") from exc

    blank = spacy.blank("zh")
    docbin = DocBin(store_user_data=False)
    counts = {"sentences": 0, "PRODUCT": 0, "COMPANY": 0}
    for record in weak_records(texts(), args.limit):
        docbin.add(record_to_doc(blank, record))
        counts["sentences"] += 1
        for _, _, label in record.spans:
            counts[label] += 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    docbin.to_disk(args.out)
    print(json.dumps(counts))


if __name__ == "__main__":
    run_script(main, "extract.ner.weak")

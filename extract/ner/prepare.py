"""Turn CLUENER and Boson JSONL into spaCy DocBin train/dev/test files.

    python -m chainkg.extract.ner.prepare --cluener PATH --boson PATH --out DIR

Docs are stored one token per character, so the DocBins do not depend on the
tokenizer a config chooses: spaCy re-tokenises and aligns them at training time.
The held-out test split is written only for the record; training and model
selection read train and dev.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin
from spacy.training import offsets_to_biluo_tags
from spacy.util import filter_spans

from chainkg.contract.errors import run_script
from chainkg.extract.ner.data import (
    BOSON_AUX_LABELS,
    BOSON_LABELS,
    CLUENER_AUX_LABELS,
    CLUENER_LABELS,
    SPLITS,
    Record,
    chunk_record,
    read_split,
)


def record_to_doc(nlp: spacy.Language, record: Record) -> Doc:
    """Make a char-tokenised Doc whose ``ents`` are the record's spans.

    Overlaps (organization and government both become ORG) keep the longest.
    Each token's ``tag_`` is its BILUO tag, the target of the tagger variant.
    """
    doc = nlp.make_doc(record.text)
    spans = [doc.char_span(s, e, label=label, alignment_mode="expand") for s, e, label in record.spans]
    doc.ents = filter_spans([span for span in spans if span is not None])
    offsets = [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents]
    for token, tag in zip(doc, offsets_to_biluo_tags(doc, offsets)):
        token.tag_ = tag
    return doc


def build_split(nlp: spacy.Language, path: str, label_map: dict, split: str, aux_map: dict | None = None) -> DocBin:
    """Collect one split of one source corpus into a DocBin (train docs chunked).

    ``aux_map`` adds the corpus's other types (X_ labels) to the *training* split only:
    dev and test keep our labels, which is what model selection and the benchmark score.
    """
    docbin = DocBin(store_user_data=False)
    if aux_map and split == "train":
        label_map = {**aux_map, **label_map}
    for record in read_split(path, label_map, split):
        pieces = chunk_record(record) if split == "train" else [record]
        for piece in pieces:
            docbin.add(record_to_doc(nlp, piece))
    return docbin


def prepare(cluener: str, boson: str | None, out: str | Path, aux: bool = True) -> dict[str, int]:
    """Write ``{split}.spacy`` (all sources) and ``{split}_{source}.spacy`` to ``out``.

    Returns the doc count of each file. Dev and test keep Boson documents
    whole, as the evaluation sees them. ``aux`` adds the corpora's other
    entity types to the training split as auxiliary X_ labels.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    nlp = spacy.blank("zh")  # char segmenter: one token per character
    sources = {"cluener": (cluener, CLUENER_LABELS, CLUENER_AUX_LABELS if aux else None)}
    if boson:
        sources["boson"] = (boson, BOSON_LABELS, BOSON_AUX_LABELS if aux else None)
    counts = {}
    for split in SPLITS:
        merged = DocBin(store_user_data=False)
        for source, (path, label_map, aux_map) in sources.items():
            docbin = build_split(nlp, path, label_map, split, aux_map)
            docbin.to_disk(out / f"{split}_{source}.spacy")
            counts[f"{split}_{source}"] = len(docbin)
            merged.merge(docbin)
        merged.to_disk(out / f"{split}.spacy")
        counts[split] = len(merged)
    (out / "counts.json").write_text(json.dumps(counts, indent=2))
    return counts


def main(argv: list[str] | None = None) -> None:
    """Command-line entry: parse the paths and run :func:`prepare`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cluener", required=True, help="CLUENER train.jsonl")
    parser.add_argument("--boson", help="Boson boson_train.jsonl (optional)")
    parser.add_argument("--out", required=True, help="output folder for the DocBins")
    parser.add_argument("--no-aux", action="store_true",
                        help="train on our labels only, not the corpora's other types as X_ labels")
    args = parser.parse_args(argv)
    print(json.dumps(prepare(args.cluener, args.boson, args.out, aux=not args.no_aux)))


if __name__ == "__main__":
    run_script(main, "extract.ner.prepare")

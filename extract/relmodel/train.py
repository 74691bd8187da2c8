"""Train the relation model and save it (the shipped one is ``models/relations``).

    python benchmarks/realnews/training_inputs.py --data ../shared/data --out build/relmodel
    python -m chainkg.extract.relmodel.train --inputs build/relmodel \\
        --cctv ../shared/data/cctv_xinwenlianbo/xwlb_items.jsonl \\
        --finre ../shared/data/bbt_fincuge/finre --out models/relations

(``make relation-model DATA=../shared/data`` runs both.) The first command writes the dev
half of the real-news gold set with its texts and the exclusion list of every gold passage
(dev and test) into the build folder; this one builds the examples (data.py: gold, weak
labels from the rules over CCTV, FinRE), fits one L2 logistic regression a type (liblinear,
scikit-learn from requirements-train.txt) and writes ``weights.npz`` and ``meta.json``.
Examples are cached in the build folder (``examples.pkl``); ``--rebuild`` makes them anew,
which is needed when the entity layer or the features changed.
"""

from __future__ import annotations

import argparse
import json
import pickle
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import numpy

from chainkg.contract.errors import run_script
from chainkg.extract.relmodel.data import (
    Example,
    Exclusion,
    TrainingDataError,
    cctv_texts,
    finre_examples,
    finre_rows,
    gold_examples,
    read_gold,
    weak_examples,
)
from chainkg.extract.relmodel.features import DIM, FEATURES_VERSION, TYPES
from chainkg.extract.relmodel.model import RelationModel

T = TypeVar("T")
DEFAULT_C = 2.0
SOURCE_WEIGHTS = {"gold": 1.0, "weak": 1.0, "finre": 1.0}


def rules_pipeline():
    """The extraction pipeline with the relation model switched off (the rules' view)."""
    from chainkg.extract.pipeline import build_pipeline  # the pipeline imports this package's component
    return build_pipeline(overrides=(("components.relation_model.enabled", False),))


def cached_examples(cache: Path, cctv_chars: int, rebuild: bool, build: Callable[[], T]) -> T:
    """What ``build`` returns, kept in ``cache`` and read back while its stamp (the features'
    version and the CCTV size) holds, unless ``rebuild``: the stamp does not see the entity
    layer, so a change there needs ``rebuild``."""
    stamp = {"features": FEATURES_VERSION, "cctv_chars": cctv_chars}
    if cache.is_file() and not rebuild:
        saved = pickle.loads(cache.read_bytes())
        if saved.get("stamp") == stamp:
            return saved["examples"]
    examples = build()
    cache.write_bytes(pickle.dumps({"stamp": stamp, "examples": examples}))
    return examples


def build_examples(inputs: Path, cctv: Path, finre: Path, *, cctv_chars: int = 3_000_000,
                   rebuild: bool = False) -> dict[str, list[Example]]:
    """Examples by source ("gold", "weak", "finre"), cached in ``inputs/examples.pkl``."""
    def build() -> dict[str, list[Example]]:
        for needed in (inputs / "dev.jsonl", inputs / "exclude.json", cctv, finre):
            if not needed.exists():
                raise TrainingDataError(f"{needed}: not found")
        exclusion = Exclusion.load(inputs / "exclude.json")
        nlp = rules_pipeline()
        examples = {"gold": gold_examples(nlp, read_gold(inputs / "dev.jsonl"))}
        examples["weak"] = weak_examples(nlp, cctv_texts(cctv, exclusion, max_chars=cctv_chars))
        examples["finre"], counts = finre_examples(nlp, finre_rows(finre), exclusion)
        print(json.dumps({"finre": counts}, ensure_ascii=False))
        return examples
    return cached_examples(inputs / "examples.pkl", cctv_chars, rebuild, build)


def fit(examples: list[Example], *, c: float = DEFAULT_C, weights: dict[str, float] | None = None,
        meta: dict | None = None) -> RelationModel:
    """One logistic regression a type over the examples that know that type."""
    from scipy.sparse import csr_matrix  # training only (requirements-train.txt)
    from sklearn.linear_model import LogisticRegression

    weights = SOURCE_WEIGHTS | dict(weights or {})
    matrix = numpy.zeros((len(TYPES), DIM), dtype=numpy.float32)
    bias = numpy.full(len(TYPES), -5.0, dtype=numpy.float32)
    for row, kind in enumerate(TYPES):
        chosen = [e for e in examples if kind in e.labels and weights.get(e.source, 0) > 0]
        y = numpy.array([e.labels[kind] for e in chosen])
        if len(chosen) < 10 or y.sum() == 0 or y.sum() == len(y):
            continue
        indptr = numpy.cumsum([0] + [len(e.features) for e in chosen])
        indices = numpy.fromiter((i for e in chosen for i in e.features), dtype=numpy.int64, count=indptr[-1])
        x = csr_matrix((numpy.ones(len(indices), dtype=numpy.float32), indices, indptr), shape=(len(chosen), DIM))
        x.sum_duplicates()
        x.data[:] = 1.0  # a feature is there or not
        sample_weight = numpy.array([e.weight * weights[e.source] for e in chosen])
        model = LogisticRegression(C=c, solver="liblinear", max_iter=200)
        model.fit(x, y, sample_weight=sample_weight)
        matrix[row] = model.coef_[0]
        bias[row] = model.intercept_[0]
    return RelationModel(matrix, bias, TYPES, meta)


def describe(examples: dict[str, list[Example]]) -> dict:
    """Positives and examples per source and type (for meta.json and the docs)."""
    out = {}
    for source, items in examples.items():
        positives, known = Counter(), Counter()
        for e in items:
            for kind, label in e.labels.items():
                known[kind] += 1
                positives[kind] += label
        out[source] = {"candidates": len(items),
                       **{kind: [positives[kind], known[kind]] for kind in TYPES if known[kind]}}
    return out


def main(argv: list[str] | None = None) -> None:
    """Command-line entry: build the examples, fit on all of them, save the model."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=Path, default=Path("build/relmodel"),
                        help="folder written by benchmarks/realnews/training_inputs.py")
    parser.add_argument("--cctv", type=Path, required=True, help="cctv_xinwenlianbo/xwlb_items.jsonl")
    parser.add_argument("--finre", type=Path, required=True, help="bbt_fincuge/finre")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--cctv-chars", type=int, default=3_000_000, help="CCTV text to take weak labels from")
    parser.add_argument("--c", type=float, default=DEFAULT_C, help="inverse L2 strength")
    parser.add_argument("--rebuild", action="store_true", help="build the examples anew (entity layer changed)")
    args = parser.parse_args(argv)
    examples = build_examples(args.inputs, args.cctv, args.finre, cctv_chars=args.cctv_chars,
                              rebuild=args.rebuild)
    summary = describe(examples)
    meta = {"trained_on": summary, "c": args.c, "source_weights": SOURCE_WEIGHTS,
            "cctv_chars": args.cctv_chars}
    model = fit([e for items in examples.values() for e in items], c=args.c, meta=meta)
    model.save(args.out)
    print(json.dumps(summary, ensure_ascii=False))
    print(f"saved {args.out} ({sum(p.stat().st_size for p in args.out.iterdir()) / 1e6:.1f} MB)")


if __name__ == "__main__":
    run_script(main, "extract.relmodel.train")

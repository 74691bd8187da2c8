"""The relation model: one logistic regression a relation type over hashed pair features.

    >>> model = RelationModel.load()                       # the one shipped in chainkg.models
    >>> model.scores([[12, 40961, 7]], [("Company", "Product")])   # doctest: +SKIP
    [{'MAKES': 0.93}]

Saved as a folder: ``weights.npz`` (a float16 matrix, one row a type, ``DIM`` columns, and
a bias a type) and ``meta.json`` (the types, the feature version, how it was trained).
Scoring is a sum of weights and a sigmoid: numpy only, nothing of the training stack.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy

from chainkg.contract.errors import ChainkgError
from chainkg.contract.resources import shipped
from chainkg.extract.relmodel.features import DIM, FEATURES_VERSION, TYPES, TYPES_FOR

DEFAULT_MODEL_DIR = shipped("chainkg.models", "relations")


class RelationModelError(ChainkgError):
    """A relation model folder is missing, incomplete or made for other features."""


class RelationModel:
    """Weights ``(len(types), DIM)`` and biases; :meth:`scores` gives P(type) per candidate."""

    def __init__(self, weights: numpy.ndarray, bias: numpy.ndarray, types: tuple[str, ...] = TYPES,
                 meta: dict | None = None):
        self.weights = weights.astype(numpy.float32)
        self.bias = bias.astype(numpy.float32)
        self.types = tuple(types)
        self.meta = meta or {}
        self._row = {t: k for k, t in enumerate(self.types)}

    @classmethod
    def load(cls, path: str | Path = DEFAULT_MODEL_DIR) -> RelationModel:
        path = Path(path)
        if not (path / "meta.json").is_file() or not (path / "weights.npz").is_file():
            raise RelationModelError(f"{path}: no trained relation model here (meta.json, weights.npz)")
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        if meta.get("features") != FEATURES_VERSION or meta.get("dim") != DIM:
            raise RelationModelError(f"{path}: trained on features {meta.get('features')}/{meta.get('dim')}, "
                                     f"this code makes {FEATURES_VERSION}/{DIM}: retrain it")
        arrays = numpy.load(path / "weights.npz")
        return cls(arrays["weights"], arrays["bias"], tuple(meta["types"]), meta)

    def save(self, path: str | Path) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        numpy.savez_compressed(path / "weights.npz", weights=self.weights.astype(numpy.float16),
                               bias=self.bias)
        meta = {**self.meta, "types": list(self.types), "features": FEATURES_VERSION, "dim": DIM}
        (path / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n",
                                        encoding="utf-8")

    def scores(self, features: list[list[int]], pairs: list[tuple[str, str]]) -> list[dict[str, float]]:
        """For each candidate (its feature indices and its label pair), P(type) of every type
        the pair can hold."""
        if not features:
            return []
        lengths = numpy.fromiter((len(f) for f in features), dtype=numpy.int64, count=len(features))
        flat = numpy.fromiter((i for f in features for i in f), dtype=numpy.int64, count=int(lengths.sum()))
        starts = numpy.concatenate(([0], numpy.cumsum(lengths)[:-1]))
        sums = numpy.add.reduceat(self.weights[:, flat], starts, axis=1) + self.bias[:, None]
        probabilities = 1.0 / (1.0 + numpy.exp(-sums))
        out = []
        for column, pair in enumerate(pairs):
            out.append({t: float(probabilities[self._row[t], column])
                        for t in TYPES_FOR.get(pair, ()) if t in self._row})
        return out

"""``chainkg_relation_model``: a trained scorer of entity pairs, beside the relation rules.

Runs after ``relations``. Every ordered pair of entity mentions in a sentence whose labels a
relation type can join is scored by ``chainkg.extract.relmodel.RelationModel`` (one logistic
regression a type over hashed features of the pair and its context). What it does with the
scores is set per type in the config, by measurement (docs/extraction.md):

* ``rules``: the model is not used for the type;
* ``union``: the rules' relations stay, and a pair the rules did not relate is added when
  its probability reaches the type's threshold;
* ``model``: the model decides every pair it scores: a rule relation between two mentions
  the model scored is dropped, and the pairs at or above the threshold are added (rule
  relations it cannot score, such as a product inside a project's name or a table row,
  stay).

Added relations carry the extractor ``relation_model`` and the probability as confidence.
When the model folder holds no trained model, or ``enabled`` is false, nothing changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from chainkg.extract.components.base import RelationRecord, doc_text

# The rules' own reading of the Doc's spans: one reading for rules and model.
from chainkg.extract.components.relations import _mentions as _rule_mentions
from chainkg.extract.relmodel.features import TYPES, Candidate, sentence_candidates
from chainkg.extract.relmodel.model import DEFAULT_MODEL_DIR, RelationModel
from chainkg.extract.rules.relation_patterns import Mention

EXTRACTOR = "relation_model"
MODES = ("rules", "union", "model")
SYMMETRIC = {"PARTNERS_WITH"}


@dataclass(frozen=True)
class Scored:
    """One candidate pair's probability for one relation type."""

    candidate: Candidate
    type: str
    probability: float


@Language.factory("chainkg_relation_model",
                  default_config={"model_path": None, "enabled": True, "max_distance": 60,
                                  "modes": {t: "rules" for t in TYPES},
                                  "thresholds": {t: 0.5 for t in TYPES}},
                  requires=["doc.spans", "token.is_sent_start", "doc._.relations"],
                  assigns=["doc._.relations"])
def make_relation_model(nlp: Language, name: str, *, model_path: str | None, enabled: bool,
                        max_distance: int, modes: dict[str, str], thresholds: dict[str, float]):
    """Factory: config to constructor."""
    return RelationScorer(model_path=model_path, enabled=enabled, max_distance=max_distance,
                          modes=modes, thresholds=thresholds)


class RelationScorer:
    """Scores candidate pairs and merges the chosen ones into ``doc._.relations``."""

    def __init__(self, *, model_path: str | None = None, enabled: bool = True, max_distance: int = 60,
                 modes: dict[str, str] | None = None, thresholds: dict[str, float] | None = None):
        self.modes = {t: "rules" for t in TYPES} | dict(modes or {})
        bad = {t: m for t, m in self.modes.items() if m not in MODES or t not in TYPES}
        if bad:
            raise ValueError(f"relation_model modes: {bad} (types {TYPES}, modes {MODES})")
        self.thresholds = {t: 0.5 for t in TYPES} | dict(thresholds or {})
        self.max_distance = max_distance
        path = Path(model_path or DEFAULT_MODEL_DIR)
        self.model = RelationModel.load(path) if enabled and (path / "meta.json").is_file() else None

    @property
    def active(self) -> bool:
        """True when a trained model is loaded and some type uses it."""
        return self.model is not None and any(m != "rules" for m in self.modes.values())

    def __call__(self, doc: Doc) -> Doc:
        if not self.active:
            return doc
        scored = self.predictions(doc, types={t for t, m in self.modes.items() if m != "rules"})
        doc._.relations = self.merge(doc._.relations or [], scored)
        return doc

    def predictions(self, doc: Doc, types: set[str] | None = None) -> list[Scored]:
        """Every candidate pair of ``doc`` with its probability for each type in ``types``."""
        mentions = doc_mentions(doc)
        if self.model is None or not any(m.label in ("Company", "Project") for m in mentions):
            return []
        candidates = doc_candidates(doc, mentions, max_distance=self.max_distance)
        scores = self.model.scores([f for _, f in candidates], [c.pair for c, _ in candidates])
        return [Scored(candidate, kind, p) for (candidate, _), row in zip(candidates, scores)
                for kind, p in row.items() if types is None or kind in types]

    def merge(self, records: list[RelationRecord], scored: list[Scored]) -> list[RelationRecord]:
        """The rule records and the model's choices, as the modes and thresholds say."""
        decided = {_pair_key(s.type, s.candidate.source, s.candidate.target)
                   for s in scored if self.modes[s.type] == "model"}
        kept = [r for r in records if _pair_key(r.type, r.source, r.target) not in decided]
        related = {_node_key(r.type, r.source, r.target) for r in kept}
        best: dict[tuple, Scored] = {}
        for item in scored:
            if self.modes[item.type] == "rules" or item.probability < self.thresholds[item.type]:
                continue
            key = _node_key(item.type, item.candidate.source, item.candidate.target)
            if key not in related and (key not in best or item.probability > best[key].probability):
                best[key] = item
        added = [RelationRecord(s.type, *_ordered(s), EXTRACTOR, round(s.probability, 3), s.candidate.sentence)
                 for s in best.values()]
        return kept + sorted(added, key=lambda r: r.sentence)


def _ordered(item: Scored):
    source, target = item.candidate.source, item.candidate.target
    if item.type in SYMMETRIC and target.start < source.start:
        return target, source
    return source, target


def _pair_key(kind: str, source, target) -> tuple:
    """A relation between two mention spans (unordered for symmetric types)."""
    ends = ((source.label, source.start, source.end), (target.label, target.start, target.end))
    return (kind, *sorted(ends)) if kind in SYMMETRIC else (kind, *ends)


def _node_key(kind: str, source, target) -> tuple:
    """A relation between two nodes, whatever mentions name them."""
    ends = ((source.label, source.key), (target.label, target.key))
    return (kind, *sorted(ends)) if kind in SYMMETRIC else (kind, *ends)


def doc_mentions(doc: Doc) -> list[Mention]:
    """The mentions the relation rules read (projects, companies, products, regions, in text
    order; an entity inside a project's name stays with the project, for the rules), so the
    model pairs exactly what the rules see, however the entity layer finds it."""
    return _rule_mentions(doc)


def doc_candidates(doc: Doc, mentions: list[Mention] | None = None, *, max_distance: int = 60
                   ) -> list[tuple[Candidate, list[int]]]:
    """Every candidate of the Doc with its hashed feature indices (sentence by sentence)."""
    text = doc_text(doc)
    mentions = doc_mentions(doc) if mentions is None else mentions
    out, index = [], 0
    for sent in doc.sents:
        inside = []
        while index < len(mentions) and mentions[index].start < sent.end_char:
            if mentions[index].start >= sent.start_char and mentions[index].end <= sent.end_char:
                inside.append(mentions[index])
            index += 1
        if len(inside) >= 2:
            out += sentence_candidates(text[sent.start_char:sent.end_char], sent.start_char, inside,
                                       max_distance=max_distance)
    return out

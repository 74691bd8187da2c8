"""Candidate entity pairs of a Doc and their hashed features, for the relation model.

A candidate is an ordered pair of entity mentions in one sentence whose labels a relation
type can join (Company→Project for RUNS, Company/Project→Product for MAKES, Company/
Project→Region for LOCATED_IN, Company→Company for the four company relations). Its
features describe the pair and its context on the sentence's skeleton (each entity one
placeholder character, alias parentheses removed: extract/rules/relation_patterns.py):
the labels and their order, the distance, the words between (whole when short, and their
characters, bigrams and trigrams), the characters around each end, the entities and commas
between, the ends' last characters (公司, 集团, 局 …) and whether each end is the other's
nearest mention of its label. Digits are folded to 0. Every feature is conjoined with the label pair and
the order, and hashed (crc32) into ``DIM`` buckets, so the model is a weight matrix.

The mentions come from whatever entity spans the earlier components left on the Doc
(chainkg.extract.components.relation_model ``doc_mentions``), so a better entity layer gives
the model more and better pairs without a change here.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

from chainkg.extract.rules.relation_patterns import CHAR_LABEL, LABEL_CHAR, Mention, build_skeleton

FEATURES_VERSION = "relfeatures.v2"
DIM = 1 << 18
# The relation types a (source label, target label) pair can hold.
TYPES_FOR = {
    ("Company", "Project"): ("RUNS",),
    ("Company", "Product"): ("MAKES",),
    ("Project", "Product"): ("MAKES",),
    ("Company", "Region"): ("LOCATED_IN",),
    ("Project", "Region"): ("LOCATED_IN",),
    ("Company", "Company"): ("PARTNERS_WITH", "SUPPLIES", "INVESTS_IN", "SUBSIDIARY_OF"),
}
TYPES = ("RUNS", "MAKES", "LOCATED_IN", "PARTNERS_WITH", "SUPPLIES", "INVESTS_IN", "SUBSIDIARY_OF")
_SHORT = {"Company": "C", "Project": "J", "Product": "P", "Region": "R"}
_PLACEHOLDER = {ch: f"<{_SHORT[label]}>" for ch, label in CHAR_LABEL.items()}
_DIGITS = re.compile(r"\d+(?:\.\d+)?")


@dataclass(frozen=True)
class Candidate:
    """An ordered pair of mentions of one sentence, with the sentence's character span."""

    source: Mention
    target: Mention
    sentence: tuple[int, int]

    @property
    def pair(self) -> tuple[str, str]:
        return self.source.label, self.target.label

    @property
    def types(self) -> tuple[str, ...]:
        return TYPES_FOR.get(self.pair, ())


def sentence_candidates(sentence: str, offset: int, inside: list[Mention], *, max_distance: int = 60
                        ) -> list[tuple[Candidate, list[int]]]:
    """The candidates of one sentence (starting at ``offset`` in the Doc) and their features."""
    skeleton = build_skeleton(sentence, offset, inside)
    placed = [(i, m) for i, m in enumerate(skeleton.at) if isinstance(m, Mention)]
    if len(placed) < 2:
        return []
    text = _fold(skeleton.text)
    span = (offset, offset + len(sentence))
    out = []
    for i, a in placed:
        for j, b in placed:
            if i == j or abs(i - j) > max_distance or (a.label, b.label) not in TYPES_FOR \
                    or (a.key == b.key and a.label == b.label):
                continue
            features = pair_features(text, i, j, a.label, b.label) + mention_features(text, i, j, a, b)
            out.append((Candidate(a, b, span), hashed(features)))
    return out


def _fold(skeleton: str) -> str:
    """Digits to 0 (keeping the length), so 5万吨 and 20万吨 read alike."""
    return _DIGITS.sub(lambda m: "0" * len(m.group()), skeleton)


def pair_features(text: str, i: int, j: int, source: str, target: str) -> list[str]:
    """Feature strings of the pair at skeleton positions ``i`` (source) and ``j`` (target)."""
    lo, hi = min(i, j), max(i, j)
    between = text[lo + 1:hi]
    left, right = text[max(0, lo - 4):lo], text[hi + 1:hi + 5]
    shown = "".join(_PLACEHOLDER.get(ch, ch) for ch in between)
    feats = ["bias", f"d={_bucket(hi - lo - 1)}",
             f"sb={_ch(text, i - 1)}", f"sa={_ch(text, i + 1)}", f"tb={_ch(text, j - 1)}", f"ta={_ch(text, j + 1)}",
             f"l1={left[-1:]}", f"l2={left[-2:]}", f"r1={right[:1]}", f"r2={right[:2]}",
             f"bs={between[:2]}", f"be={between[-2:]}", f"b1={between[:1]}", f"e1={between[-1:]}",
             f"cm={min(between.count('，') + between.count(','), 3)}"]
    if len(between) <= 12:
        feats.append(f"btw={shown}")
    for ch, label in CHAR_LABEL.items():
        if ch in between:
            feats.append(f"n{_SHORT[label]}={min(between.count(ch), 3)}")
    feats += [f"u={c}" for c in between]
    feats += [f"b={between[k:k + 2]}" for k in range(len(between) - 1)]
    feats += [f"t={between[k:k + 3]}" for k in range(len(between) - 2)]
    feats += [f"lb={left[k:k + 2]}" for k in range(len(left) - 1)]
    feats += [f"rb={right[k:k + 2]}" for k in range(len(right) - 1)]
    prefix = f"{_SHORT[source]}{_SHORT[target]}{'>' if i < j else '<'}|"
    return [prefix + f for f in feats]


def mention_features(text: str, i: int, j: int, source: Mention, target: Mention) -> list[str]:
    """What the two ends are: the last characters of their names (公司, 集团, 局, 项目, 基地 …),
    whether another mention of the source's label lies between them (the source is not the
    target's nearest), and whether the source is the first of its label in the sentence."""
    lo, hi = min(i, j), max(i, j)
    between = text[lo + 1:hi]
    own = LABEL_CHAR[source.label.upper()]
    feats = [f"se={source.name[-2:]}", f"s1={source.name[-1:]}", f"te={target.name[-2:]}",
             f"t1={target.name[-1:]}", f"near={own not in between}",
             f"tnear={LABEL_CHAR[target.label.upper()] not in between}",
             f"first={text.find(own) == i}", f"nc={min(text.count(own), 4)}"]
    prefix = f"{_SHORT[source.label]}{_SHORT[target.label]}{'>' if i < j else '<'}|"
    return [prefix + f for f in feats]


def hashed(features: list[str]) -> list[int]:
    """Bucket indices of feature strings (stable across processes, unlike ``hash``)."""
    return [zlib.crc32(f.encode("utf-8")) & (DIM - 1) for f in features]


def _ch(text: str, index: int) -> str:
    if not 0 <= index < len(text):
        return "^" if index < 0 else "$"
    return _PLACEHOLDER.get(text[index], text[index])


def _bucket(distance: int) -> str:
    for limit in (0, 1, 2, 4, 8, 16, 32):
        if distance <= limit:
            return str(limit)
    return "far"

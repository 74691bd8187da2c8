"""Training examples for the relation model, from three sources.

* **gold**: the dev half of the real-news gold set (benchmarks/realnews), as written by
  ``benchmarks/realnews/training_inputs.py`` into a build folder (text, entities, relations of
  each passage; the text never enters the repository). The pipeline's own entity spans give
  the candidates, labelled by the annotation; annotated entities the pipeline missed are
  added as mentions, so the model also learns the pairs a better entity layer will give it.
* **weak**: the relation rules over the CCTV corpus. In a sentence where a stated rule
  (confidence ≥ ``WEAK_MIN_CONFIDENCE``, not an inference) relates two mentions, that pair is a
  positive and the sentence's other pairs are negatives (weighted lower: the rules miss
  relations).
* **finre**: FinRE (bbt_fincuge/finre), company pairs in financial news with 44 relation
  types, mapped by ``FINRE_TYPES``; pairs of types with no counterpart are negatives, pairs of
  types that overlap ours loosely (签约, 成立, 重组 ...) are left out.

Every gold passage (dev and test) is kept out of the weak and FinRE data: CCTV items that
hold a gold passage are skipped, and any sentence sharing a ``WINDOW``-character stretch with
a gold passage text is dropped (``Exclusion``).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language

from chainkg.contract.errors import ChainkgError
from chainkg.contract.text import normalize
from chainkg.extract.components.base import RelationRecord
from chainkg.extract.components.relation_model import doc_candidates, doc_mentions
from chainkg.extract.relmodel.features import TYPES_FOR, Candidate, sentence_candidates
from chainkg.extract.rules.relation_patterns import Mention

WEAK_MIN_CONFIDENCE = 0.85
# Rule relations that are inferences or defaults, not statements of the sentence.
NOT_STATED = {"inferred_from_company_name", "document_place", "project_name_link", "makes_project_name",
              "table_row", "relation_model"}
WINDOW = 14
_GOLD_LABEL = {"COMPANY": "Company", "PROJECT": "Project", "PRODUCT": "Product", "REGION": "Region"}
# FinRE relation (head -> tail) -> (our type, direction): "ht" keeps head->tail, "th" swaps.
FINRE_TYPES = {
    "合作": ("PARTNERS_WITH", "ht"), "合资": ("PARTNERS_WITH", "ht"),
    "持股": ("INVESTS_IN", "ht"), "入股": ("INVESTS_IN", "ht"), "注资": ("INVESTS_IN", "ht"),
    "增持": ("INVESTS_IN", "ht"), "收购": ("INVESTS_IN", "ht"),
    "拥有": ("SUBSIDIARY_OF", "th"),
    "订单": ("SUPPLIES", "cue"),  # FinRE gives both directions: a cue in the sentence decides
}
# Company pairs FinRE says hold none of our relations.
FINRE_NEGATIVE = {"unknown", "自己", "竞争", "分析", "被分析", "纠纷", "减持", "被减持", "帮助", "被帮助",
                  "发行", "被发行", "商讨", "转让", "被转让", "欠款", "被欠款"}
_SUPPLY_CUES = (  # (pattern over "H…T" text, who supplies): H is the head, T the tail
    (re.compile(r"H.{0,12}(?:向|为|给)T.{0,16}(?:供|提供|配套|交付)"), "ht"),
    (re.compile(r"T.{0,12}(?:向|为|给)H.{0,16}(?:供|提供|配套|交付)"), "th"),
    (re.compile(r"H.{0,12}(?:获得|拿下|斩获|中标|获)T.{0,16}订单"), "ht"),
    (re.compile(r"T.{0,12}(?:获得|拿下|斩获|中标|获)H.{0,16}订单"), "th"),
    (re.compile(r"H.{0,12}向T.{0,12}(?:采购|订购|购买)"), "th"),
    (re.compile(r"T.{0,12}向H.{0,12}(?:采购|订购|购买)"), "ht"),
)


class TrainingDataError(ChainkgError):
    """A training input is missing or malformed (names the file and the problem)."""


@dataclass
class Example:
    """One candidate pair: its label pair, feature indices and the types known to hold (1) or
    not (0); a type absent from ``labels`` is unknown for this pair."""

    pair: tuple[str, str]
    features: list[int]
    labels: dict[str, int]
    weight: float = 1.0
    source: str = "gold"
    group: str = ""  # the passage, for k-fold splits of the gold set


# ------------------------------------------------------------------ keeping gold out


def _squeeze(text: str) -> str:
    return re.sub(r"<N>|\d+(?:\.\d+)?", "#", re.sub(r"\s+", "", text))


def text_windows(text: str) -> set[str]:
    """Hashes of every ``WINDOW``-character stretch of ``text`` (spaces dropped, numbers as #)."""
    squeezed = _squeeze(text)
    return {hashlib.blake2b(squeezed[i:i + WINDOW].encode("utf-8"), digest_size=8).hexdigest()
            for i in range(max(0, len(squeezed) - WINDOW + 1))}


@dataclass
class Exclusion:
    """What training data must not contain: CCTV items of gold passages, gold text windows."""

    cctv_items: set[int] = field(default_factory=set)
    windows: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, path: Path) -> Exclusion:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(set(data["cctv_items"]), set(data["windows"]))
        except (ValueError, KeyError, TypeError) as exc:
            raise TrainingDataError(f"{path}: not an exclusion file ({exc})") from exc

    def overlaps(self, text: str) -> bool:
        return not self.windows.isdisjoint(text_windows(text))


# ------------------------------------------------------------------ gold


def read_gold(path: Path) -> list[dict]:
    """The passages of a training_inputs file: passage, text, entities, relations."""
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        try:
            item = json.loads(line)
            item["text"], item["entities"], item["relations"]  # noqa: B018 - checks the fields
        except (ValueError, KeyError, TypeError) as exc:
            raise TrainingDataError(f"{path}:{number}: not a gold passage line ({exc})") from exc
        items.append(item)
    return items


def gold_examples(nlp: Language, items: list[dict], *, add_gold_mentions: bool = True) -> list[Example]:
    """Labelled candidates of the gold passages (grouped by passage)."""
    examples = []
    texts = [normalize(item["text"]) for item in items]
    for item, (normalised, offsets), doc in zip(items, texts, nlp.pipe(t for t, _ in texts)):
        spans = {e["id"]: [tuple(m) for m in e["mentions"]] for e in item["entities"]}
        labels = {e["id"]: _GOLD_LABEL.get(e["label"]) for e in item["entities"]}
        gold = defaultdict(set)  # type -> {(source id, target id)}
        for relation in item["relations"]:
            gold[relation["type"]].add((relation["source"], relation["target"]))
        mentions = doc_mentions(doc)
        if add_gold_mentions and offsets.is_identity:
            mentions = _with_gold_mentions(mentions, spans, labels, normalised)

        def entity_of(mention: Mention) -> set[str]:
            start, end = offsets.span_to_original(mention.start, mention.end)
            return {eid for eid, ms in spans.items() if labels[eid] == mention.label
                    and any(a < end and start < b for a, b in ms)}

        for candidate, features in doc_candidates(doc, mentions):
            sources, targets = entity_of(candidate.source), entity_of(candidate.target)
            row = {}
            for kind in candidate.types:
                pairs = {(s, t) for s in sources for t in targets}
                if kind == "PARTNERS_WITH":
                    pairs |= {(t, s) for s, t in pairs}
                row[kind] = int(bool(pairs & gold[kind]))
            examples.append(Example(candidate.pair, features, row, 1.0, "gold", item["passage"]))
    return examples


def _with_gold_mentions(mentions: list[Mention], spans: dict, labels: dict, text: str) -> list[Mention]:
    """The pipeline's mentions plus annotated mentions that overlap none of them and lie
    inside no other annotated mention (a product inside a project's name stays the rules')."""
    taken = [(m.start, m.end) for m in mentions]
    every = [(a, b) for ms in spans.values() for a, b in ms]
    added = []
    for eid, ms in spans.items():
        if labels[eid] is None:
            continue
        for a, b in ms:
            nested = any(c <= a and b <= d and (c, d) != (a, b) for c, d in every)
            if not nested and not any(a < d and c < b for c, d in taken):
                added.append(Mention(labels[eid], f"gold:{eid}", text[a:b], a, b))
                taken.append((a, b))
    return sorted(mentions + added, key=lambda m: m.start)


# ------------------------------------------------------------------ weak labels


def cctv_texts(path: Path, exclusion: Exclusion, *, max_chars: int) -> Iterator[str]:
    """Paragraphs of CCTV items that are not gold passages' items, hold a company word and a
    relation word, and share no stretch with a gold passage; up to ``max_chars`` in all."""
    cue = re.compile(r"公司|集团|企业")
    relation_word = re.compile(r"项目|生产|投资|合作|合资|供应|供货|订单|收购|入股|控股|子公司|旗下|落户|位于|签约")
    total = 0
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if number in exclusion.cctv_items or not line.strip():
                continue
            try:
                text = json.loads(line)["text"]
            except (ValueError, KeyError, TypeError) as exc:
                raise TrainingDataError(f"{path}:{number}: not a CCTV item ({exc})") from exc
            for paragraph in text.split("\n"):
                if cue.search(paragraph) and relation_word.search(paragraph) and not exclusion.overlaps(paragraph):
                    yield paragraph
                    total += len(paragraph)
                    if total >= max_chars:
                        return


def weak_examples(nlp: Language, texts: Iterable[str], *, negative_weight: float = 0.3,
                  positive_weight: float = 0.5) -> list[Example]:
    """Candidates of sentences where a stated rule relates a pair, labelled by the rules."""
    examples = []
    for doc in nlp.pipe((normalize(t)[0] for t in texts), batch_size=32):
        stated = [r for r in doc._.relations or [] if r.extractor not in NOT_STATED
                  and r.confidence >= WEAK_MIN_CONFIDENCE]
        if not stated:
            continue
        positives = {_span_key(r) for r in stated}
        sentences = {r.sentence for r in stated}
        for candidate, features in doc_candidates(doc):
            if candidate.sentence not in sentences:
                continue
            row = {kind: int(_span_key_of(kind, candidate) in positives) for kind in candidate.types}
            weight = positive_weight if any(row.values()) else negative_weight
            examples.append(Example(candidate.pair, features, row, weight, "weak"))
    return examples


def _span_key(record: RelationRecord) -> tuple:
    return record.type, record.source.start, record.source.end, record.target.start, record.target.end


def _span_key_of(kind: str, candidate: Candidate) -> tuple:
    s, t = candidate.source, candidate.target
    return kind, s.start, s.end, t.start, t.end


# ------------------------------------------------------------------ FinRE


FINRE_LISTS = ("train_list.json", "eval_list.json")


def finre_rows(folder: Path, lists: tuple[str, ...] = FINRE_LISTS) -> list[tuple[str, str, str, str]]:
    """(head, tail, relation, sentence) of FinRE's labelled lists (train and eval, or ``lists``)."""
    rows = []
    for name in lists:
        path = folder / name
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise TrainingDataError(f"{path}: not JSON ({exc})") from exc
        for index, row in enumerate(data):
            if not (isinstance(row, list) and len(row) == 4 and all(isinstance(x, str) for x in row)):
                raise TrainingDataError(f"{path}: item {index} is not [head, tail, relation, sentence]")
            rows.append(tuple(row))
    return rows


def finre_examples(nlp: Language, rows: list[tuple[str, str, str, str]], exclusion: Exclusion,
                   *, weight: float = 1.0) -> tuple[list[Example], dict[str, int]]:
    """Labelled company pairs of FinRE sentences that overlap no gold passage, and counts."""
    by_sentence: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for head, tail, relation, sentence in rows:
        by_sentence[sentence].append((head, tail, relation))
    counts = defaultdict(int)
    kept = []
    for sentence in by_sentence:
        if exclusion.overlaps(sentence):
            counts["sentences_overlapping_gold"] += 1
        else:
            kept.append(sentence)
    texts = [finre_text(s) for s in kept]
    examples = []
    for sentence, text, doc in zip(kept, texts, nlp.pipe(texts, batch_size=64)):
        labels = finre_labels(by_sentence[sentence], text, counts)
        if not labels:
            continue
        names = {n for pair in labels for n in pair}
        ends = {n: _find(text, n) for n in names}
        if any(v is None for v in ends.values()) or _overlapping(list(ends.values())):
            counts["pairs_unplaced"] += len(labels)
            continue
        mentions = [m for m in doc_mentions(doc)
                    if not any(m.start < e and s < m.end for s, e in ends.values())]
        mentions += [Mention("Company", f"finre:{n}", n, s, e) for n, (s, e) in ends.items()]
        mentions.sort(key=lambda m: m.start)
        for candidate, features in sentence_candidates(text, 0, mentions):
            pair = (candidate.source.name, candidate.target.name)
            if candidate.pair == ("Company", "Company") and pair in labels and \
                    candidate.source.key.startswith("finre:") and candidate.target.key.startswith("finre:"):
                examples.append(Example(candidate.pair, features, labels[pair], weight, "finre"))
                counts["pairs"] += 1
    return examples, dict(counts)


def finre_text(sentence: str) -> str:
    """A FinRE sentence as the pipeline reads it: its number mark <N> a digit, normalised."""
    return normalize(sentence.replace("<N>", "1"))[0]


def finre_labels(rows: list[tuple[str, str, str]], text: str, counts) -> dict[tuple[str, str], dict]:
    """Ordered company pair -> {type: 0/1} from the FinRE rows of one sentence."""
    labels: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    company_types = TYPES_FOR[("Company", "Company")]
    for head, tail, relation in rows:
        if head == tail:
            continue
        if relation in FINRE_NEGATIVE:
            for kind in company_types:
                labels[(head, tail)].setdefault(kind, 0)
            continue
        if relation not in FINRE_TYPES:
            continue
        kind, direction = FINRE_TYPES[relation]
        if direction == "cue":
            direction = _supply_direction(text, head, tail)
            if direction is None:
                counts["orders_without_direction"] += 1
                continue
        source, target = (head, tail) if direction == "ht" else (tail, head)
        labels[(source, target)][kind] = 1
        if kind != "PARTNERS_WITH":
            labels[(target, source)].setdefault(kind, 0)
        counts[kind] += 1
    return {pair: row for pair, row in labels.items() if row}


def _supply_direction(text: str, head: str, tail: str) -> str | None:
    marked = text.replace(head, "H").replace(tail, "T") if len(head) >= len(tail) \
        else text.replace(tail, "T").replace(head, "H")
    for pattern, direction in _SUPPLY_CUES:
        if pattern.search(marked):
            return direction
    return None


def _find(text: str, name: str) -> tuple[int, int] | None:
    start = text.find(name)
    return (start, start + len(name)) if start >= 0 and name else None


def _overlapping(spans: list[tuple[int, int]]) -> bool:
    spans = sorted(spans)
    return any(b > c for (_, b), (c, _) in zip(spans, spans[1:]))

"""Company mention recall (and precision where the labels allow) of the entity layer.

    python benchmarks/company_mentions.py --data ../shared/data
    python benchmarks/company_mentions.py --data ../shared/data --part tune --misses misses.txt

Runs the pipeline up to its entities (doc.ents, label COMPANY) on held-out labelled text that
no rule of the entity layer was written from, and on the real-news dev half:

* ``finnsp``: BBT FinCUGE finnsp eval_list.json, financial news with the entities it names
  (its candidate list, mostly companies): recall, one item a (text, entity) pair whose name
  the text writes;
* ``finre``: BBT FinCUGE FinRE eval_list.json, the head and tail of each pair (mostly
  companies), one item a (sentence, name) pair: recall;
* ``cluener``: the ``company`` spans of the CLUENER lines of the NER's held-out test split
  (``extract/ner/data.py`` split_of; the NER trains on train and dev only): recall and
  precision;
* ``realnews dev``: the COMPANY entities of benchmarks/realnews/gold/dev.jsonl: mention
  recall, entity recall (one mention found), precision (a predicted company overlapping a
  gold company mention) and the company-company relations with both ends found (``pairs``).

A name counts as found when a COMPANY entity overlaps one of its places in the text
(``overlap``, as the relation benchmark matches ends) and, stricter, when one has exactly
its characters (``exact``). ``--part tune`` measures the train lists of finnsp and FinRE and
the CLUENER dev split instead: the part to read misses in (``--misses``) when writing rules,
so the eval part stays held out.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent / "realnews"
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True

from passages import MissingData, load_passages, resolve  # noqa: E402

from chainkg.contract.text import normalize  # noqa: E402
from chainkg.extract.pipeline import build_pipeline, config_setting  # noqa: E402

STOP_AFTER = "entities"  # the components after it find relations, not entities


@dataclass
class Score:
    items: int = 0
    overlap: int = 0
    exact: int = 0
    predicted: int = 0
    correct: int = 0

    def line(self, name: str) -> str:
        def ratio(a: int, b: int) -> str:
            return f"{a / b:.3f}" if b else "  -  "
        precision = ratio(self.correct, self.predicted) if self.predicted else "  -  "
        exact = ratio(self.exact, self.items) if self.exact or self.predicted else "  -  "
        return f"{name:<16}{self.items:>7}{ratio(self.overlap, self.items):>9}{exact:>9}{precision:>9}"


def company_spans(nlp, texts: list[str]) -> list[list[tuple[int, int]]]:
    """The COMPANY entities of each (normalised) text, as character spans."""
    out = []
    with nlp.select_pipes(enable=_entity_pipes(nlp)):
        for doc in nlp.pipe(texts, batch_size=32):
            out.append([(e.start_char, e.end_char) for e in doc.ents if e.label_ == "COMPANY"])
    return out


def _entity_pipes(nlp) -> list[str]:
    names = list(nlp.pipe_names)
    return names[:names.index(STOP_AFTER) + 1]


def places(text: str, name: str) -> list[tuple[int, int]]:
    found, start = [], text.find(name)
    while start >= 0 and name:
        found.append((start, start + len(name)))
        start = text.find(name, start + 1)
    return found


def overlaps(span: tuple[int, int], spans: Iterable[tuple[int, int]]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in spans)


def score_names(items: list[tuple[str, list[str]]], predicted: list[list[tuple[int, int]]],
                misses: list[str], tag: str) -> Score:
    """Recall of named entities: each (text, names) item against the text's companies."""
    score = Score()
    for (text, names), spans in zip(items, predicted):
        for name in names:
            where = places(text, name)
            if not where:
                continue
            score.items += 1
            hit = any(overlaps(w, spans) for w in where)
            score.overlap += hit
            score.exact += any(w in spans for w in where)
            if not hit:
                misses.append(f"{tag}\t{name}\t{_context(text, where[0])}")
    return score


def score_spans(golds: list[list[tuple[int, int]]], predicted: list[list[tuple[int, int]]],
                texts: list[str], misses: list[str], tag: str) -> Score:
    """Recall and precision of labelled spans against the predicted companies."""
    score = Score()
    for gold, spans, text in zip(golds, predicted, texts):
        score.items += len(gold)
        score.overlap += sum(overlaps(g, spans) for g in gold)
        score.exact += sum(g in spans for g in gold)
        score.predicted += len(spans)
        score.correct += sum(overlaps(s, gold) for s in spans)
        misses += [f"{tag}\t{text[s:e]}\t{_context(text, (s, e))}" for s, e in gold if not overlaps((s, e), spans)]
        misses += [f"{tag}-FP\t{text[s:e]}\t{_context(text, (s, e))}" for s, e in spans if not overlaps((s, e), gold)]
    return score


def _context(text: str, span: tuple[int, int], width: int = 40) -> str:
    s, e = span
    return (text[max(0, s - width):s] + "[" + text[s:e] + "]" + text[e:e + width]).replace("\n", " ")


def _norm(text: str) -> str:
    return normalize(text)[0]


def finnsp_items(data: Path, part: str) -> list[tuple[str, list[str]]]:
    rows = json.loads((data / "bbt_fincuge/finnsp" / f"{part}_list.json").read_text(encoding="utf-8"))
    return [(_norm(row[2]), sorted({_norm(n.strip()) for n in row[3].split(";") if n.strip()}))
            for row in rows]


def finre_items(data: Path, part: str) -> list[tuple[str, list[str]]]:
    rows = json.loads((data / "bbt_fincuge/finre" / f"{part}_list.json").read_text(encoding="utf-8"))
    names: dict[str, set[str]] = {}
    for head, tail, _, sentence in rows:
        names.setdefault(_norm(sentence), set()).update({_norm(head), _norm(tail)})
    return [(text, sorted(found)) for text, found in names.items()]


def cluener_items(data: Path, split: str) -> tuple[list[str], list[list[tuple[int, int]]]]:
    from chainkg.extract.ner.data import read_split
    texts, golds = [], []
    for record in read_split(data / "cluener2020/train.jsonl", {"company": "COMPANY"}, split):
        text, offsets = normalize(record.text)
        if not offsets.is_identity:
            continue  # the spans are the original's; few lines change under normalisation
        texts.append(text)
        golds.append([(s, e) for s, e, _ in record.spans])
    return texts, golds


def realnews_items(data: Path) -> tuple[list[str], list[list[tuple[int, int]]], list[list[list[tuple[int, int]]]],
                                        list[list[tuple[int, int]]]]:
    """Texts, COMPANY mentions, COMPANY entities (their mentions) and company pairs (entity indexes)."""
    gold = {}
    for line in (HERE / "gold/dev.jsonl").read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        gold[item["passage"]] = item
    passages = [p for p in load_passages(HERE / "passages.jsonl") if p["id"] in gold]
    originals = resolve(data, passages)
    texts, mentions, entities, pairs = [], [], [], []
    for pid, original in originals.items():
        text, offsets = normalize(original)
        back = {offsets.to_original(i): i for i in range(len(text) + 1)}
        companies = [ent for ent in gold[pid]["entities"] if ent["label"] == "COMPANY"]
        ents = [[(back[s], back[e]) for s, e in ent["mentions"]] for ent in companies]
        index = {ent["id"]: i for i, ent in enumerate(companies)}
        pairs.append([(index[r["source"]], index[r["target"]]) for r in gold[pid]["relations"]
                      if r["source"] in index and r["target"] in index])
        texts.append(text)
        entities.append(ents)
        mentions.append([m for ent in ents for m in ent])
    return texts, mentions, entities, pairs


def run(data: Path, part: str, nlp, misses: list[str]) -> dict[str, Score]:
    scores = {}
    names_part = "eval" if part == "eval" else "train"
    for name, loader in (("finnsp", finnsp_items), ("finre", finre_items)):
        items = loader(data, names_part)
        scores[f"{name} {names_part}"] = score_names(items, company_spans(nlp, [t for t, _ in items]), misses, name)
    split = "test" if part == "eval" else "dev"
    texts, golds = cluener_items(data, split)
    scores[f"cluener {split}"] = score_spans(golds, company_spans(nlp, texts), texts, misses, "cluener")
    texts, mentions, entities, pairs = realnews_items(data)
    predicted = company_spans(nlp, texts)
    scores["realnews dev"] = score_spans(mentions, predicted, texts, misses, "realnews")
    found = [[any(overlaps(m, spans) for m in ent) for ent in ents] for ents, spans in zip(entities, predicted)]
    scores["realnews dev ent"] = Score(items=sum(map(len, found)), overlap=sum(map(sum, found)))
    both = [hit[a] and hit[b] for hit, doc_pairs in zip(found, pairs) for a, b in doc_pairs]
    scores["realnews pairs"] = Score(items=len(both), overlap=sum(both))
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--part", choices=("eval", "tune"), default="eval",
                        help="eval: the held-out lists (default); tune: the lists to read misses in")
    parser.add_argument("--misses", type=Path, default=None, help="write every miss (and CLUENER/dev FP) here")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", type=config_setting,
                        help="a pipeline config override, e.g. components.companies.name_cuts=v1")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not (args.data / "bbt_fincuge/finnsp").is_dir() or not (args.data / "cluener2020").is_dir():
        print(f"skipped: {args.data} holds no bbt_fincuge/finnsp or cluener2020 (the shared data is absent)")
        return 0
    nlp = build_pipeline(overrides=tuple(args.set))
    misses: list[str] = []
    try:
        scores = run(args.data, args.part, nlp, misses)
    except MissingData as missing:
        print(f"skipped: {missing}")
        return 0
    if args.misses:
        args.misses.write_text("\n".join(misses) + "\n", encoding="utf-8")
    if args.json:
        print(json.dumps({k: vars(v) for k, v in scores.items()}, ensure_ascii=False, indent=2))
        return 0
    print(f"{'set':<16}{'items':>7}{'R':>9}{'R exact':>9}{'P':>9}")
    for name, score in scores.items():
        print(score.line(name))
    return 0


if __name__ == "__main__":
    sys.exit(main())

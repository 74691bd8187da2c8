"""Train the NER from prepared DocBins and export it with its metrics.

    python -m chainkg.extract.ner.train --data DIR --out models/ner [--vectors VDIR] [--config CFG] [--minutes 55]
    python -m chainkg.extract.ner.train --data DIR --out models/ner --export-only [--workdir RUN]

Runs spaCy's training loop on ``DIR/train.spacy`` with ``DIR/dev.spacy`` for
model selection, stops at a wall-clock budget, copies the best checkpoint to
``--out`` and writes ``--out/metrics.json``: per-label P/R/F1/support on the
dev and held-out test split of each source corpus, measured through NerModel.
Use one thread (OMP_NUM_THREADS=1): the machines are shared. A run stopped by
hand (its dev curve flat) keeps its best checkpoint; ``--export-only`` exports
and measures it without training.
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from pathlib import Path

from spacy.tokens import DocBin
from spacy.training.initialize import init_nlp
from spacy.training.loop import train as train_loop
from spacy.util import load_config, registry

from chainkg.contract.errors import run_script
from chainkg.extract.ner import biluo, features  # noqa: F401  (registrations used by the configs)
from chainkg.extract.ner.data import BOSON_LABELS, CLUENER_LABELS, Record
from chainkg.extract.ner.errors import NerError
from chainkg.extract.ner.evaluate import score_records
from chainkg.extract.ner.model import NerModel
from chainkg.extract.ner.ops import use_numpy_blas

DEFAULT_CONFIG = Path(__file__).with_name("configs") / "char_ngram_word_tagger_vectors.cfg"
SOURCE_LABELS = {"cluener": CLUENER_LABELS, "boson": BOSON_LABELS}


class TrainingDeadline(Exception):
    """Raised inside the training loop when the time budget is spent."""


@registry.callbacks("chainkg.train_deadline.v1")
def make_deadline(minutes: float = 60.0):
    """A ``before_update`` callback that stops training after ``minutes`` of wall clock.

    spaCy saves model-last on the way out and keeps the best dev checkpoint.
    """
    deadline = time.monotonic() + minutes * 60

    def before_update(nlp, info):
        if time.monotonic() > deadline:
            raise TrainingDeadline(f"time budget of {minutes} min spent at step {info['step']}")

    return before_update


def run_training(config_path: Path, data: Path, workdir: Path, overrides: dict,
                 final_steps: int | None = None, extra: tuple[Path, ...] = ()) -> Path:
    """Train into ``workdir`` and return the path of the checkpoint to export.

    Normally that is the best checkpoint on ``dev``. With ``final_steps`` the
    model is fitted on train and dev together for exactly that many steps (the
    best step of an earlier run) and the last checkpoint is returned: dev then
    only chose the step count, and the test split is still unseen. ``extra``
    DocBins (weak labels, extract/ner/weak.py) are added to the training data.
    """
    use_numpy_blas()
    workdir.mkdir(parents=True, exist_ok=True)
    train_path = data / "train.spacy"
    parts = [train_path, *([data / "dev.spacy"] if final_steps else []), *extra]
    if len(parts) > 1:
        train_path = workdir / "train_merged.spacy"
        merged = DocBin(store_user_data=False)
        for part in parts:
            merged.merge(DocBin().from_disk(part))
        merged.to_disk(train_path)
    if final_steps:
        overrides = {**overrides, "training.max_steps": final_steps, "training.patience": 0}
    paths = {"paths.train": str(train_path), "paths.dev": str(data / "dev.spacy")}
    config = load_config(config_path, overrides={**paths, **overrides}, interpolate=False)
    nlp = init_nlp(config)
    try:
        train_loop(nlp, workdir)
    except TrainingDeadline as stop:
        print(f"stopped: {stop}", flush=True)
    checkpoint = workdir / ("model-last" if final_steps else "model-best")
    if not checkpoint.is_dir():
        raise NerError(f"{workdir}: training ended before the first evaluation; no model saved")
    return checkpoint


def export_model(best: Path, out: Path, config_path: Path) -> None:
    """Replace ``out`` with the best checkpoint, recording where its config came from."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(best, out)
    _forget_build_paths(out / "config.cfg")
    meta_path = out / "meta.json"
    meta = json.loads(meta_path.read_text())
    meta.update(name="chainkg_ner", chainkg_config=config_path.name,
                chainkg_labels=["COMPANY", "ORG", "PRODUCT"])
    meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False))


def _forget_build_paths(config_file: Path) -> None:
    """Blank the machine-local [paths] in a shipped config (loading never reads them)."""
    config = load_config(config_file, interpolate=False)
    for key in config["paths"]:
        config["paths"][key] = None
    config.to_disk(config_file)


def docbin_records(path: Path, vocab) -> list[Record]:
    """Read a DocBin back as Records (text and entity character spans)."""
    docs = DocBin().from_disk(path).get_docs(vocab)
    return [Record(doc.text, [(e.start_char, e.end_char, e.label_) for e in doc.ents]) for doc in docs]


def measure(model: NerModel, data: Path, splits: tuple[str, ...] = ("dev", "test")) -> dict:
    """Per-label scores of ``model`` on each dev/test DocBin of each source."""
    metrics: dict = {}
    for split in splits:
        for source, label_map in SOURCE_LABELS.items():
            path = data / f"{split}_{source}.spacy"
            if path.is_file():
                records = docbin_records(path, model.nlp.vocab)
                metrics.setdefault(split, {})[source] = score_records(model, records, set(label_map.values()))
    return metrics


def main(argv: list[str] | None = None) -> None:
    """Command-line entry: train, export, measure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, type=Path, help="folder written by extract.ner.prepare")
    parser.add_argument("--out", default=Path("models/ner"), type=Path)
    parser.add_argument("--config", default=DEFAULT_CONFIG, type=Path)
    parser.add_argument("--workdir", type=Path, help="checkpoints (default: DATA/run)")
    parser.add_argument("--vectors", help="pretrained vectors folder (python -m chainkg.extract.ner.vectors)")
    parser.add_argument("--minutes", type=float, help="wall-clock budget (overrides the config)")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=JSON", help="config override")
    parser.add_argument("--export-only", action="store_true",
                        help="export and measure WORKDIR/model-best of a run stopped by hand; no training")
    parser.add_argument("--final-steps", type=int, metavar="N",
                        help="fit on train+dev for N steps (the best step of a dev-selected run) and "
                             "export the last checkpoint; metrics then report the test split only")
    parser.add_argument("--weak", action="append", default=[], type=Path, metavar="DOCBIN",
                        help="extra weakly labelled training data (python -m chainkg.extract.ner.weak)")
    args = parser.parse_args(argv)
    overrides = {key: json.loads(value) for key, value in (item.split("=", 1) for item in args.set)}
    if args.vectors:
        overrides["paths.vectors"] = args.vectors
    if args.minutes is not None:
        overrides["training.before_update.minutes"] = args.minutes
    workdir = args.workdir or args.data / "run"
    if args.export_only:
        best = workdir / "model-best"
        if not best.is_dir():
            raise NerError(f"{best}: no checkpoint to export (has the run reached its first evaluation?)")
    else:
        best = run_training(args.config, args.data, workdir, overrides, args.final_steps, tuple(args.weak))
    export_model(best, args.out, args.config)
    splits = ("test",) if args.final_steps else ("dev", "test")
    metrics = {"config": args.config.name, "overrides": overrides,
               "trained_on": "+".join(["train", *(["dev"] if args.final_steps else []),
                                       *(path.name for path in args.weak)]), "steps": args.final_steps,
               **measure(NerModel.load(args.out), args.data, splits)}
    (args.out / "metrics.json").write_text(json.dumps(metrics, indent=2))
    print(json.dumps(metrics, indent=2))


if __name__ == "__main__":
    run_script(main, "extract.ner.train")

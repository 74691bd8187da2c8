"""Documents in, facts out: the extraction entry points.

``extract_paths`` reads documents (files or folders), runs the spaCy pipeline described by
``extract/config/pipeline.cfg`` and yields, per document, a DocumentFact followed by its
entity and relation facts. ``extract_text`` does the same for text already in memory (the
app's upload page). Both stream: one document's text at a time is held, whatever the corpus
size, and ``n_process > 1`` spreads the pipeline over processes (spaCy's ``nlp.pipe``).

>>> failures = []
>>> facts = list(extract_paths(["corpora"], failures))   # doctest: +SKIP
"""

from __future__ import annotations

import functools
import hashlib
import json
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path

import spacy
from spacy.language import Language
from threadpoolctl import threadpool_limits

import chainkg.extract.components  # noqa: F401 - registers the factories the config names
from chainkg.contract.errors import ChainkgError
from chainkg.contract.facts import DocumentFact, Fact
from chainkg.contract.resources import shipped
from chainkg.contract.text import normalize
from chainkg.extract.doc_facts import DocContext, doc_facts
from chainkg.extract.read import (
    ReadLimits,
    SourceText,
    UnreadableDocument,
    iter_document_paths,
    read_document,
)
from chainkg.extract.rules.amounts import first_full_date

DEFAULT_CONFIG = shipped("chainkg.extract", "config", "pipeline.cfg")


class PipelineError(ChainkgError):
    """The extraction pipeline cannot be built from its config (names the file and problem)."""


# ------------------------------------------------------------------ building the pipeline


def config_setting(text: str) -> tuple[str, object]:
    """A ``KEY=VALUE`` of a command line as one config override: the value as JSON where it
    reads as JSON (``true``, ``0.9``, ``"v2"``, ``[...]``), else as the bare string (``v2``).

    >>> config_setting("components.ner.sentence_cue=")
    ('components.ner.sentence_cue', '')
    >>> config_setting("components.relation_model.thresholds.RUNS=0.9")
    ('components.relation_model.thresholds.RUNS', 0.9)
    """
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise ValueError(f"{text!r} is not KEY=VALUE")
    try:
        return key.strip(), json.loads(value)
    except ValueError:
        return key.strip(), value


@functools.lru_cache(maxsize=4)
def build_pipeline(config_path: str | Path = DEFAULT_CONFIG,
                   overrides: tuple[tuple[str, object], ...] = ()) -> Language:
    """The pipeline described by ``config_path`` (built once per process and config).

    ``overrides`` are config overrides as pairs, e.g. ``(("paths.ner_model", "none"),)``.
    """
    try:
        config = spacy.util.load_config(config_path, overrides=dict(overrides), interpolate=False)
        nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
        nlp.initialize()
    except ChainkgError:
        raise
    except (OSError, ValueError, KeyError) as exc:
        raise PipelineError(f"{config_path}: cannot build the pipeline ({exc})") from exc
    nlp.max_length = 50_000_000  # char tokens are cheap; documents are never split
    return nlp


# ------------------------------------------------------------------ entry points


def extract_paths(paths: Iterable[str | Path] | str | Path, failures: list[str],
                  on_document: Callable[[DocumentFact], None] | None = None, *,
                  nlp: Language | None = None, n_process: int = 1,
                  batch_size: int = 16, limits: ReadLimits | None = None) -> Iterator[Fact]:
    """Yield the facts of every document under ``paths``, document by document.

    A path or document that cannot be read, or is over a limit of ``limits`` (size, pages,
    expansion, time: extract/read.py), is appended to ``failures`` (as "path: reason") and
    the run goes on. ``on_document`` is called with each DocumentFact once its facts
    are out.
    """
    nlp = nlp or build_pipeline()
    contexts: deque[DocContext] = deque()
    texts = _read_all(paths, failures, contexts, limits or ReadLimits.from_environment())
    yield from _pipe_facts(nlp, texts, contexts, on_document, n_process, batch_size)


def extract_texts(items: Iterable[tuple[str, str, str]], *, nlp: Language | None = None,
                  source: str = "upload", n_process: int = 1, batch_size: int = 16,
                  on_document: Callable[[DocumentFact], None] | None = None) -> Iterator[Fact]:
    """The facts of many texts already read, given as (text, doc_id, title) triples, streamed."""
    nlp = nlp or build_pipeline()
    contexts: deque[DocContext] = deque()

    def texts() -> Iterator[str]:
        for text, doc_id, title in items:
            normalised, offsets = normalize(text)
            document = DocumentFact(id=doc_id, title=title, source=source,
                                    date=first_full_date(text),
                                    sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())
            contexts.append(DocContext(doc_id, text, offsets, document))
            yield normalised

    yield from _pipe_facts(nlp, texts(), contexts, on_document, n_process, batch_size)


def _pipe_facts(nlp: Language, texts: Iterator[str], contexts: deque, on_document,
                n_process: int, batch_size: int) -> Iterator[Fact]:
    if n_process > 1:
        yield from _parallel_facts(nlp, texts, contexts, on_document, n_process, batch_size)
        return
    # nlp.pipe keeps the order of its input, so contexts pushed while reading pair up here;
    # only the batches in flight are held in memory.
    for doc in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
        context = contexts.popleft()
        yield from doc_facts(doc, context, nlp)
        if on_document:
            on_document(context.document)


def extract_text(text: str, doc_id: str, *, title: str = "", source: str = "upload",
                 path: str = "", nlp: Language | None = None) -> Iterator[Fact]:
    """The facts of one text already read (an upload): its DocumentFact, entities, relations."""
    nlp = nlp or build_pipeline()
    document = DocumentFact(id=doc_id, title=title, source=source, path=path,
                            date=first_full_date(text),
                            sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())
    normalised, offsets = normalize(text)
    yield from doc_facts(nlp(normalised), DocContext(doc_id, text, offsets, document), nlp)


def document_id(path: str | Path, root: str | Path | None = None) -> str:
    """A stable id for a document: its path from the folder it was ingested from, hashed.

    ``root`` is the folder given to the ingest (a file given alone is its own folder's), and
    the path keeps that folder's name: ``corpora/报告.md`` whether the ingest ran in the
    checkout (``corpora/``) or inside the folder (``.``). A changed document keeps its id,
    so re-ingesting it replaces its facts; the working directory never enters the id.
    """
    return "doc:" + hashlib.sha256(document_path(path, root).encode("utf-8")).hexdigest()[:16]


def document_path(path: str | Path, root: str | Path | None = None) -> str:
    """``<root folder name>/<path inside root>``, in POSIX form."""
    absolute = Path(os.path.abspath(path))
    base = Path(os.path.abspath(root)) if root is not None else absolute.parent
    try:
        inside = absolute.relative_to(base).as_posix()
    except ValueError:
        base, inside = absolute.parent, absolute.name
    return f"{base.resolve().name}/{inside}" if base.resolve().name else inside


def _read_all(paths, failures: list[str], contexts: deque, limits: ReadLimits) -> Iterator[str]:
    """Normalised texts of the readable documents; their contexts go to ``contexts`` in order."""
    for path, root in _document_paths(paths, failures):
        try:
            source = read_document(path, limits)
        except UnreadableDocument as exc:
            failures.append(str(exc))
            continue
        normalised, offsets = normalize(source.text)
        document = _document_fact(path, root, source)
        contexts.append(DocContext(document.id, source.text, offsets, document))
        yield normalised


def _document_paths(paths, failures: list[str]) -> Iterator[tuple[Path, Path]]:
    """(document, the folder it was found under) for every document ``paths`` name."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    seen: set[Path] = set()
    for given in map(Path, paths):
        root = given if given.is_dir() else given.parent
        try:
            for path in iter_document_paths([given]):
                if path not in seen:
                    seen.add(path)
                    yield path, root
        except UnreadableDocument as exc:
            failures.append(str(exc))


def _document_fact(path: Path, root: Path, source: SourceText) -> DocumentFact:
    return DocumentFact(id=document_id(path, root), title=source.title, source="file",
                        date=first_full_date(source.text), path=document_path(path, root),
                        sha256=source.sha256)


_WORKER_NLP: Language | None = None  # the pipeline forked workers inherit


def _parallel_facts(nlp: Language, texts: Iterator[str], contexts: deque, on_document,
                    n_process: int, batch_size: int) -> Iterator[Fact]:
    """Documents split over forked processes, each returning facts (never Docs).

    spaCy's own ``n_process`` sends every Doc with its span groups back to the parent,
    which costs more than this pipeline itself; facts are small. The input is taken a
    window at a time, so the corpus is never held.
    """
    global _WORKER_NLP
    _WORKER_NLP = nlp
    # One BLAS thread a process: forked workers inherit the limit; with the default, each
    # worker's NER used every core and two workers ran no faster than one process.
    with threadpool_limits(limits=1, user_api="blas"), \
            multiprocessing.get_context("fork").Pool(n_process) as pool:
        while window := list(islice(texts, batch_size * n_process)):
            window_contexts = [contexts.popleft() for _ in window]
            items = list(zip(window, window_contexts))
            batches = [items[i:i + batch_size] for i in range(0, len(items), batch_size)]
            for batch_facts in pool.imap(_worker_batch, batches):
                for facts in batch_facts:
                    yield from facts
                    if on_document:
                        on_document(facts[0])  # doc_facts puts the DocumentFact first


def _worker_batch(items: list[tuple[str, "DocContext"]]) -> list[list[Fact]]:
    """The facts of a batch of documents, run through nlp.pipe so the NER sees them together."""
    texts = (text for text, _ in items)
    return [doc_facts(doc, context, _WORKER_NLP)
            for doc, (_, context) in zip(_WORKER_NLP.pipe(texts, batch_size=len(items)), items)]

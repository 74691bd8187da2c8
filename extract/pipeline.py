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
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language

from chainkg_errors import ChainkgError
from extract.facts import (
    CompanyFact, DocumentFact, Evidence, Fact, NodeRef, ProductFact, ProjectFact, RegionFact,
    RelationFact)
from extract.quantities import first_full_date
from extract.read import SourceText, UnreadableDocument, iter_document_paths, read_document
from extract.regions import Gazetteer, load_gazetteer
from extract.text import OffsetMap, normalize

DEFAULT_CONFIG = Path(__file__).parent / "config" / "pipeline.cfg"


class PipelineError(ChainkgError):
    """The extraction pipeline cannot be built from its config (names the file and problem)."""


@dataclass(frozen=True)
class _Context:
    """What facts need beside the Doc: the original text and how to map offsets back to it."""

    doc_id: str
    original: str
    offsets: OffsetMap
    document: DocumentFact


# ------------------------------------------------------------------ building the pipeline


@functools.lru_cache(maxsize=4)
def build_pipeline(config_path: str | Path = DEFAULT_CONFIG,
                   overrides: tuple[tuple[str, object], ...] = ()) -> Language:
    """The pipeline described by ``config_path`` (built once per process and config).

    ``overrides`` are config overrides as pairs, e.g. ``(("paths.ner_model", "none"),)``.
    """
    import extract.components  # noqa: F401 - registers the factories the config names

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
                  batch_size: int = 16) -> Iterator[Fact]:
    """Yield the facts of every document under ``paths``, document by document.

    A path or document that cannot be read is appended to ``failures`` (as "path: reason")
    and the run goes on. ``on_document`` is called with each DocumentFact once its facts
    are out.
    """
    nlp = nlp or build_pipeline()
    contexts: deque[_Context] = deque()
    texts = _read_all(paths, failures, contexts)
    yield from _pipe_facts(nlp, texts, contexts, on_document, n_process, batch_size)


def extract_texts(items: Iterable[tuple[str, str, str]], *, nlp: Language | None = None,
                  source: str = "upload", n_process: int = 1, batch_size: int = 16,
                  on_document: Callable[[DocumentFact], None] | None = None) -> Iterator[Fact]:
    """The facts of many texts already read, given as (text, doc_id, title) triples, streamed."""
    nlp = nlp or build_pipeline()
    contexts: deque[_Context] = deque()

    def texts() -> Iterator[str]:
        for text, doc_id, title in items:
            normalised, offsets = normalise_document(text)
            document = DocumentFact(id=doc_id, title=title, source=source,
                                    date=first_full_date(text),
                                    sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())
            contexts.append(_Context(doc_id, text, offsets, document))
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
    normalised, offsets = normalise_document(text)
    yield from doc_facts(nlp(normalised), _Context(doc_id, text, offsets, document), nlp)


_TAB_GUARD = "\ue010"  # private-use stand-in: normalize() would turn table tabs into spaces


def normalise_document(text: str) -> tuple[str, OffsetMap]:
    """normalize() that keeps tabs, which separate table cells in the readers' output."""
    normalised, offsets = normalize(text.replace("\t", _TAB_GUARD))
    return normalised.replace(_TAB_GUARD, "\t"), offsets


def document_id(path: str | Path) -> str:
    """A stable id for a document path: its path relative to the working folder, hashed.

    A changed document keeps its id, so re-ingesting it replaces its facts.
    """
    return "doc:" + hashlib.sha256(_relative(path).encode("utf-8")).hexdigest()[:16]


def _relative(path: str | Path) -> str:
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return absolute.as_posix()


def _read_all(paths, failures: list[str], contexts: deque) -> Iterator[str]:
    """Normalised texts of the readable documents; their contexts go to ``contexts`` in order."""
    for path in _document_paths(paths, failures):
        try:
            source = read_document(path)
        except UnreadableDocument as exc:
            failures.append(str(exc))
            continue
        normalised, offsets = normalise_document(source.text)
        contexts.append(_Context(document_id(path), source.text, offsets, _document_fact(path, source)))
        yield normalised


def _document_paths(paths, failures: list[str]) -> Iterator[Path]:
    if isinstance(paths, (str, Path)):
        paths = [paths]
    seen: set[Path] = set()
    for given in paths:
        try:
            for path in iter_document_paths([given]):
                if path not in seen:
                    seen.add(path)
                    yield path
        except UnreadableDocument as exc:
            failures.append(str(exc))


def _document_fact(path: Path, source: SourceText) -> DocumentFact:
    return DocumentFact(id=document_id(path), title=source.title, source="file",
                        date=first_full_date(source.text), path=_relative(path),
                        sha256=source.sha256)


_WORKER_NLP: Language | None = None  # the pipeline forked workers inherit


def _parallel_facts(nlp: Language, texts: Iterator[str], contexts: deque, on_document,
                    n_process: int, batch_size: int) -> Iterator[Fact]:
    """Documents split over forked processes, each returning facts (never Docs).

    spaCy's own ``n_process`` sends every Doc with its span groups back to the parent,
    which costs more than this pipeline itself; facts are small. The input is taken a
    window at a time, so the corpus is never held.
    """
    import multiprocessing
    from itertools import islice

    from threadpoolctl import threadpool_limits

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


def _worker_batch(items: list[tuple[str, "_Context"]]) -> list[list[Fact]]:
    """The facts of a batch of documents, run through nlp.pipe so the NER sees them together."""
    texts = (text for text, _ in items)
    return [doc_facts(doc, context, _WORKER_NLP)
            for doc, (_, context) in zip(_WORKER_NLP.pipe(texts, batch_size=len(items)), items)]


# ------------------------------------------------------------------ Doc to facts


def doc_facts(doc, context: _Context, nlp: Language) -> list[Fact]:
    """The DocumentFact, entity facts and relation facts of one processed Doc."""
    builder = _FactBuilder(doc, context, _gazetteer(nlp), _product_names(nlp))
    return [context.document, *builder.entities(), *builder.relations()]


class _FactBuilder:
    """Turns the annotations of one Doc into facts with keys and original-text offsets."""

    def __init__(self, doc, context: _Context, gazetteer: Gazetteer, product_names: dict[str, str]):
        self.doc, self.context = doc, context
        self.gazetteer, self.product_names = gazetteer, product_names
        self.records = doc._.relations or []
        self.companies = doc._.companies or {}
        ents = doc.spans["entities"] if "entities" in doc.spans else doc.ents
        self.ents = [(e.label_, e.kb_id_, e.text) for e in ents]

    def entities(self) -> list[Fact]:
        return [*self._companies(), *self._products(), *self._regions(), *self._projects()]

    def _companies(self) -> list[CompanyFact]:
        keys = self._keys("Company", "COMPANY")
        facts = []
        for key in keys:
            info = self.companies.get(key) or {"name": key, "aliases": []}
            province, city = self._company_place(key, info)
            facts.append(CompanyFact(key=key, name=info["name"], province=province, city=city,
                                     aliases=[a for a in info["aliases"] if a != info["name"]],
                                     credit_code=info.get("credit_code")))
        return facts

    def _company_place(self, key: str, info: dict) -> tuple[str | None, str | None]:
        """Province and city: the most specific place the text gives inside the name's region."""
        named = info.get("region")
        located = sorted((r for r in self.records if r["type"] == "LOCATED_IN"
                          and r["source"]["key"] == key), key=lambda r: -r["confidence"])
        for record in located:
            region = record["target"]["key"]
            if named is None or self.gazetteer.is_inside(region, named):
                return self.gazetteer.province_and_city(region)
        return self.gazetteer.province_and_city(named) if named else (None, None)

    def _products(self) -> list[ProductFact]:
        names: dict[str, set[str]] = {}
        for key, text in self._surfaces("Product", "PRODUCT"):
            names.setdefault(key, set()).add(text)
        return [ProductFact(key=key, name=self.product_names.get(key, key),
                            aliases=sorted(t for t in texts if t != self.product_names.get(key, key)))
                for key, texts in names.items()]

    def _regions(self) -> list[RegionFact]:
        """The regions the document names; their hierarchy is loaded by ``chainkg chains load``."""
        keys = {key for key, _ in self._surfaces("Region", "REGION")}
        facts = []
        for key in sorted(keys):
            region = self.gazetteer.regions.get(key)
            facts.append(RegionFact(key=key, name=key, level=region.level if region else None,
                                    aliases=list(region.aliases) if region else []))
        return facts

    def _projects(self) -> list[ProjectFact]:
        projects = self.doc._.projects or {}
        return [ProjectFact(key=self._project_key(kb), **fields) for kb, fields in projects.items()]

    def _project_key(self, kb: str) -> str:
        return f"{self.context.doc_id}/{kb}"

    def _surfaces(self, label: str, ent_label: str) -> list[tuple[str, str]]:
        found = [(key, text) for label, key, text in self.ents if label == ent_label]
        for record in self.records:
            for end in (record["source"], record["target"]):
                if end["label"] == label:
                    found.append((end["key"], end["name"]))
        return found

    def _keys(self, label: str, ent_label: str) -> list[str]:
        return list(dict.fromkeys(key for key, _ in self._surfaces(label, ent_label)))

    def relations(self) -> list[RelationFact]:
        return [self._relation(record) for record in self.records]

    def _relation(self, record: dict) -> RelationFact:
        start, end = self.context.offsets.span_to_original(*record["sentence"])
        evidence = Evidence(doc_id=self.context.doc_id, sentence=self.context.original[start:end],
                            start=start, end=end, extractor=record["extractor"],
                            confidence=record["confidence"])
        source, target = record["source"], record["target"]
        props = {}
        for prefix, end_ in (("source", source), ("target", target)):
            props[f"{prefix}_start"], props[f"{prefix}_end"] = \
                self.context.offsets.span_to_original(end_["start"], end_["end"])
        return RelationFact(type=record["type"], source=self._ref(source), target=self._ref(target),
                            evidence=evidence, props=props)

    def _ref(self, end: dict) -> NodeRef:
        key = self._project_key(end["key"]) if end["label"] == "Project" else end["key"]
        name = end["name"]
        if end["label"] == "Region":
            name = key
        elif end["label"] == "Company":
            name = (self.companies.get(key) or {}).get("name", name)
        elif end["label"] == "Product":
            name = self.product_names.get(key, name)
        return NodeRef(label=end["label"], key=key, name=name)


def _gazetteer(nlp: Language) -> Gazetteer:
    path = nlp.get_pipe("relations").gazetteer if "relations" in nlp.pipe_names else None
    return path if isinstance(path, Gazetteer) else load_gazetteer()


@functools.lru_cache(maxsize=8)
def _canonical_products(chains_dir: str) -> dict[str, str]:
    from extract.lexicon import resolve_path
    from graph.templates import lexicon, load_templates
    return {entry.product_key: entry.text for entry in lexicon(load_templates(resolve_path(chains_dir)))
            if entry.label == "PRODUCT" and entry.product_key
            and _is_canonical(entry)}


def _is_canonical(entry) -> bool:
    from graph.templates import product_key
    return product_key(entry.text) == entry.product_key


_CHAINS_DIR: dict[int, str | None] = {}


def _product_names(nlp: Language) -> dict[str, str]:
    """Canonical product names by key, from the chains folder the pipeline's config names."""
    if id(nlp) not in _CHAINS_DIR:  # interpolating a config is slow: once per pipeline
        try:
            patterns = nlp.config.interpolate()["initialize"]["components"]["lexicon"]["patterns"]
            _CHAINS_DIR[id(nlp)] = str(patterns["chains_dir"])
        except KeyError:
            _CHAINS_DIR[id(nlp)] = None
    chains = _CHAINS_DIR[id(nlp)]
    return _canonical_products(chains) if chains else {}

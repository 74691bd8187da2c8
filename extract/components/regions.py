"""``chainkg_regions``: the regions a text names, each with its canonical gazetteer name.

Every form of the gazetteer (contract/data/regions.v3.tsv and its forms file) is matched with
a PhraseMatcher; extract.rules.region_forms then decides which region each match names: a
plain form its region, a conditional form (柯城, 鼓楼, 合作) the region the text around it
supports, or none. Writes the ``regions`` spans group (label REGION, kb_id and id = the
canonical name: 衢州市, 南京市鼓楼区), which the company rules and the entity merge read.
"""

from __future__ import annotations

import functools

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from chainkg.contract.gazetteer import DEFAULT_GAZETTEER, load_gazetteer
from chainkg.contract.text import normalize
from chainkg.extract.components.base import REGIONS, doc_text
from chainkg.extract.rules.region_forms import FormMatch, Words, resolve_regions


@Language.factory("chainkg_regions", default_config={"gazetteer": None, "word_check": True},
                  assigns=["doc.spans"])
def make_regions(nlp: Language, name: str, *, gazetteer: str | None, word_check: bool):
    """Factory: config to constructor."""
    return Regions(nlp, gazetteer=gazetteer, word_check=word_check)


class Regions:
    """Matches every gazetteer form and keeps the regions the text supports."""

    def __init__(self, nlp: Language, *, gazetteer: str | None = None, word_check: bool = True):
        self.gazetteer = load_gazetteer(gazetteer or DEFAULT_GAZETTEER)
        self.word_check = word_check
        forms = [*self.gazetteer.forms, *(form for form, rule in self.gazetteer.conditional.items()
                                          if rule.condition != "never")]
        self.form_of = {normalize(form)[0]: form for form in forms}
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.matcher.add("REGION", list(nlp.tokenizer.pipe(self.form_of)))

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        matches = []
        for _, start, end in self.matcher(doc):
            span = doc[start:end]
            form = self.form_of.get(text[span.start_char:span.end_char])
            if form is not None:
                matches.append(FormMatch(span.start_char, span.end_char, form))
        words = dictionary_words() if self.word_check and matches else None
        spans = []
        for region in resolve_regions(text, matches, self.gazetteer, words):
            span = doc.char_span(region.start, region.end, label="REGION", kb_id=region.name,
                                 alignment_mode="expand")
            if span is not None and len(span):
                spans.append(Span(doc, span.start, span.end, label="REGION", kb_id=region.name,
                                  span_id=region.name))
        doc.spans[REGIONS] = spans
        return doc


@functools.lru_cache(maxsize=1)
def dictionary_words() -> Words:
    """jieba's dictionary cut, loaded once per process (the NER's word features load it too)."""
    from chainkg.extract.ner.features import segmenter
    jieba = segmenter()

    @functools.lru_cache(maxsize=65536)  # news repeats its phrases
    def cut(text: str) -> tuple[str, ...]:
        return tuple(jieba.cut(text, HMM=False))

    return Words(cut, jieba.dt.FREQ)

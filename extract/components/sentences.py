"""``chainkg_sentences``: sentence starts from Chinese punctuation (extract.text.split_sentences).

spaCy's sentencizer splits 51.5 at the point on char tokens; this one never splits a number
and also cuts at line breaks and overlong sentences.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from chainkg.extract.components.base import doc_text
from chainkg.extract.rules.sentence_split import split_sentences


@Language.factory("chainkg_sentences", default_config={"max_length": 500},
                  assigns=["token.is_sent_start"])
def make_sentences(nlp: Language, name: str, *, max_length: int):
    """Factory: config to constructor."""
    return ChineseSentences(max_length=max_length)


class ChineseSentences:
    """Marks the first token of every sentence found by split_sentences."""

    def __init__(self, *, max_length: int = 500):
        self.max_length = max_length

    def __call__(self, doc: Doc) -> Doc:
        for start, _ in split_sentences(doc_text(doc), max_length=self.max_length):
            span = doc.char_span(start, start + 1, alignment_mode="expand")
            if span is not None and len(span):
                span[0].is_sent_start = True
        if len(doc) > 1:
            doc[0].is_sent_start = True
            # spaCy counts sentence annotation from the second token on; a one-sentence
            # document must say so explicitly or doc.sents refuses to run.
            if doc[1].is_sent_start is None:
                doc[1].is_sent_start = False
        return doc

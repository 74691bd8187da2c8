"""``chainkg.char_tokenizer.v1``: spaCy's Chinese char segmenter that also keeps the input text.

``Doc.text`` rebuilds the text from every token on each call (about 5 µs a character), and
every component needs the text; the tokenizer already has it, so it stores it once in
``doc.user_data`` and components read it with :func:`extract.components.base.doc_text`.
"""

from __future__ import annotations

from spacy.lang.zh import ChineseTokenizer
from spacy.tokens import Doc
from spacy.util import registry

from chainkg.extract.components.base import TEXT_KEY


class TextKeepingTokenizer(ChineseTokenizer):
    """ChineseTokenizer whose Docs remember their text."""

    def __call__(self, text: str) -> Doc:
        doc = super().__call__(text)
        doc.user_data[TEXT_KEY] = text
        return doc


@registry.tokenizers("chainkg.char_tokenizer.v1")
def create_char_tokenizer(segmenter: str = "char"):
    """Factory for the config's [nlp.tokenizer] block."""
    def make(nlp):
        return TextKeepingTokenizer(nlp.vocab, segmenter=segmenter)
    return make

"""Chinese NER of chainkg: COMPANY, ORG and PRODUCT spans by character offset.

Public API: ``NerModel`` (load, predict) and ``evaluate_ner``; training is
``python -m extract.ner.prepare`` then ``python -m extract.ner.train``.
"""

from extract.ner.errors import NerError
from extract.ner.evaluate import evaluate_ner
from extract.ner.model import NerModel

__all__ = ["NerError", "NerModel", "evaluate_ner"]

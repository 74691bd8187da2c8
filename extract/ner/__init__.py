"""Chinese NER of chainkg: COMPANY, ORG and PRODUCT spans by character offset.

Public API: ``NerModel`` (load, predict) and ``evaluate_ner``; training is
``python -m chainkg.extract.ner.prepare`` then ``python -m chainkg.extract.ner.train``.
"""

from chainkg.extract.ner.errors import NerError
from chainkg.extract.ner.evaluate import evaluate_ner
from chainkg.extract.ner.model import NerModel

__all__ = ["NerError", "NerModel", "evaluate_ner"]

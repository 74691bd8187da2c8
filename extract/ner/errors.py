"""The NER package's error type."""

from chainkg.contract.errors import ChainkgError


class NerError(ChainkgError):
    """Bad NER input: a missing or malformed data file, a missing model, a bad option."""

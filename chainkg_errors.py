"""The root of every error chainkg raises on purpose.

The CLI turns a ``ChainkgError`` into one line and exit code 2; the app turns it into
``st.error``. Anything else reaching the user is a bug.
"""


class ChainkgError(Exception):
    """Base class of the errors a user can cause and fix (bad input, bad settings)."""


class StoreError(ChainkgError):
    """The graph store cannot be reached, refused our credentials, or rejected a query."""


class ReadOnlyViolation(StoreError):
    """A query sent through the read-only path tried to write."""


class FactsError(ChainkgError):
    """A facts JSONL line does not follow the contract."""

"""The root of every error chainkg raises on purpose.

The CLI turns a ``ChainkgError`` into one line and exit code 2; the app turns it into
``st.error``. Anything else reaching the user is a bug.
"""

from __future__ import annotations

import sys


class ChainkgError(Exception):
    """Base class of the errors a user can cause and fix (bad input, bad settings)."""


class StoreError(ChainkgError):
    """The graph store cannot be reached, refused our credentials, or rejected a query."""


class StoreUnavailable(StoreError):
    """The store went away or refused to go on (server stopped, killed, rate-limited): a load
    stops at once instead of skipping every document that follows."""


class ReadOnlyViolation(StoreError):
    """A query sent through the read-only path tried to write."""


class ConsoleRefusal(StoreError):
    """A console query asks for something beyond reading the graph (files, URLs, admin)."""


class FactsError(ChainkgError):
    """A facts JSONL line does not follow the contract."""


def run_script(main, name: str) -> None:
    """Run a script's ``main()`` the way the CLI runs a command: a ChainkgError, or a file
    the script cannot open (OSError), becomes ``NAME: error: …`` on stderr and exit code 2;
    Ctrl-C exit code 130; no traceback."""

    try:
        result = main()
    except ChainkgError as exc:
        print(f"{name}: error: {exc}", file=sys.stderr)
        sys.exit(2)
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"{name}: error: {where}{exc.strerror or exc}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print(f"{name}: interrupted", file=sys.stderr)
        sys.exit(130)
    sys.exit(result if isinstance(result, int) else 0)

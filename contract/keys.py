"""Keys: the one normalisation of names, and the key of every kind of node.

A node is MERGEd on its key, so two writings of one thing must give one key. Every name
key is ``normalise_name``: NFKC (full-width letters, digits and brackets become ASCII), no
whitespace, lower-case. Segment keys are ``<chain>/<segment>`` because a segment's
template key is unique only inside its chain; a project's key is ``<doc id>/<name>``
because two documents naming 二期项目 do not name one project.

>>> product_key(" ＬｉＰＦ６ "), company_key("浙江华友钴业股份有限公司（衢州）")
('lipf6', '浙江华友钴业股份有限公司(衢州)')
>>> segment_key("lithium-battery", "cathode"), segment_short_key("lithium-battery/cathode")
('lithium-battery/cathode', 'cathode')
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def normalise_name(name: str) -> str:
    """The key form of a name: NFKC, no whitespace, lower-case."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", name)).lower()


def company_key(name: str) -> str:
    """The key of a Company: its normalised full name (a credit code joins on load)."""
    return normalise_name(name)


def product_key(name: str) -> str:
    """The key of a Product: its normalised name."""
    return normalise_name(name)


def region_key(name: str) -> str:
    """The key of a Region: its normalised official name (衢州市, not 衢州)."""
    return normalise_name(name)


def segment_key(chain: str, segment: str) -> str:
    """The graph key of a segment: ``lithium-battery/cathode``."""
    return f"{chain}/{segment}"


def segment_short_key(key: str) -> str:
    """The template key of a segment from its graph key (``cathode``)."""
    return key.split("/", 1)[-1]


def project_key(doc_id: str, name: str) -> str:
    """The key of a Project read from a document: the document's id and the project's name."""
    return f"{doc_id}/{name}"

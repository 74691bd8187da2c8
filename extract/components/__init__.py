"""The chainkg spaCy components, one registered factory a module.

Importing this package registers every factory and pattern function, so a config file
can name them (``factory = "chainkg_companies"``, ``@misc = "chainkg.chain_patterns.v1"``).
"""

from chainkg.extract.components import (  # noqa: F401 - imported for their registrations
    base,
    companies,
    entities,
    frames,
    ner,
    patterns,
    products,
    projects,
    quantities,
    regions,
    relation_model,
    relations,
    sentences,
    tokenizer,
)

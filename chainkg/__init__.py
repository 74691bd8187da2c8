"""chainkg: an industrial-chain investment knowledge graph (产业链招商图谱).

One import root. The layers are folders of the repository mapped into it (pyproject.toml):
``chainkg.contract`` (contract/: the shared vocabulary, importing nothing of ours),
``chainkg.extract`` (extract/: documents to facts), ``chainkg.graph`` (graph/: facts to store
to answers), ``chainkg.exports`` (exports/: answers to files), ``chainkg.app_pages`` and
``chainkg.cli``; the data folders ``chainkg.chains``, ``chainkg.queries`` and ``chainkg.models``
ship inside the package.
"""

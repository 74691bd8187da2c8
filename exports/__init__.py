"""Exports: analysis results to files for briefings and other tools.

Maps (interactive HTML, PNG, SVG), gap and recommendation tables (the one place their rows
are shaped, for the CLI, the app, CSV and XLSX), briefings (DOCX, PPTX, PDF) and GraphML.
Everything here takes results of chainkg.graph.analysis and never runs a query.
"""

from chainkg.contract.errors import ChainkgError


class ExportError(ChainkgError):
    """An export cannot be made: unknown format, no CJK font, nothing to draw."""

"""The data chainkg ships, found with importlib.resources wherever the package is installed.

Chain templates (``chainkg.chains``), the query library (``chainkg.queries``), trained
models (``chainkg.models``) and the data files of each layer are package data, so a wheel
installed into any environment finds them from any working directory.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def shipped(package: str, *parts: str) -> Path:
    """The path of a file or folder shipped in ``package`` (a wheel is installed unzipped)."""
    return Path(str(files(package).joinpath(*parts)))


def chains_dir() -> Path:
    """The chain templates that ship with chainkg (Quzhou's six chains)."""
    return shipped("chainkg.chains")


def contract_data(name: str) -> Path:
    """A data file of the contract layer: the region gazetteer, the neighbouring provinces."""
    return shipped("chainkg.contract", "data", name)

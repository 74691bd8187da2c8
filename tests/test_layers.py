"""The layers import one way, and the package ships every folder it is made of.

contract <- extract; contract <- graph <- exports <- app / CLI. Every import statement of
every module counts, at the top or inside a function.
"""

from __future__ import annotations

import ast
import fnmatch
import re
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The folder each layer lives in, and the chainkg packages it may import.
LAYERS = {
    "contract": {"chainkg.contract"},
    "extract": {"chainkg.contract", "chainkg.extract"},
    "graph": {"chainkg.contract", "chainkg.graph"},
    "exports": {"chainkg.contract", "chainkg.graph", "chainkg.exports"},
    "app_pages": {"chainkg.contract", "chainkg.graph", "chainkg.exports", "chainkg.extract",
                  "chainkg.app_pages"},
    "chainkg": {"chainkg.contract", "chainkg.graph", "chainkg.exports", "chainkg.extract",
                "chainkg.app_pages", "chainkg.app", "chainkg.cli"},
}
FRONT_ENDS = {"streamlit": {"app_pages", "chainkg/app.py"}, "click": {"chainkg/cli.py"}}
# What a library module must not name: a front end's flags, pages or commands.
CONSUMER_WORDS = re.compile(r"--(?:set|map|chain|region|segment|format|store)\b|app_pages|chainkg (?:gaps|query|import)")


def modules(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def imported(path: Path) -> set[str]:
    """Every module name an import statement of ``path`` names (absolute imports only)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def string_constants(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every string literal of ``path``, docstrings included."""
    return [(node.lineno, node.value) for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Constant) and isinstance(node.value, str)]


def _layer_of(name: str) -> str | None:
    parts = name.split(".")
    if parts[0] != "chainkg":
        return None
    return ".".join(parts[:2]) if len(parts) > 1 else "chainkg"


@pytest.mark.parametrize("folder", LAYERS)
def test_each_layer_imports_only_what_lies_below_it(folder):
    allowed = LAYERS[folder]
    wrong = [f"{path.relative_to(ROOT)} imports {name}"
             for path in modules(folder) for name in imported(path)
             if _layer_of(name) and _layer_of(name) not in allowed and _layer_of(name) != "chainkg"]
    assert wrong == []


def test_no_module_imports_the_old_top_level_names():
    old = {"graph", "extract", "cli", "chainkg_errors", "app_pages"}
    wrong = [f"{path.relative_to(ROOT)} imports {name}"
             for folder in [*LAYERS, "tests", "benchmarks"] for path in modules(folder)
             for name in imported(path) if name.split(".")[0] in old]
    assert wrong == []


def test_streamlit_and_click_are_imported_by_the_front_ends_only():
    for library, owners in FRONT_ENDS.items():
        users = {str(path.relative_to(ROOT)) for folder in LAYERS for path in modules(folder)
                 if any(name.split(".")[0] == library for name in imported(path))}
        outside = {u for u in users if not any(u == o or u.startswith(o + "/") for o in owners)}
        assert outside == set(), f"{library} imported by {sorted(outside)}"
        assert users, f"nothing imports {library}: the check would pass for any layout"


def test_analysis_never_imports_exports_and_exports_never_query():
    analysis = [name for path in modules("graph/analysis") for name in imported(path)]
    assert not [n for n in analysis if n.startswith("chainkg.exports")]
    for path in modules("exports"):
        names = imported(path)
        assert not [n for n in names if n.startswith(("chainkg.graph.queries", "chainkg.graph.analysis.reads",
                                                      "chainkg.graph.store.open"))], path


@pytest.mark.parametrize("folder", ["contract", "extract", "graph", "exports"])
def test_library_modules_name_no_cli_flag_or_app_page(folder):
    found = []
    for path in modules(folder):
        if "__main__" in path.read_text(encoding="utf-8"):
            continue  # a script's own argparse flags are its interface
        found += [f"{path.relative_to(ROOT)}:{line}: {text[:60]!r}"
                  for line, text in string_constants(path) if CONSUMER_WORDS.search(text)]
    assert found == []


def test_no_cypher_outside_queries_and_the_store_adapters():
    cypher = re.compile(r"\b(?:MATCH|MERGE|UNWIND)\s*\(|\bMATCH\s*\(|\bRETURN\s+\w+\s+AS\b")
    found = []
    for folder in ("contract", "extract", "graph", "exports", "app_pages", "chainkg"):
        for path in modules(folder):
            if path.parent.name == "store":
                continue  # the adapters' own dialect code
            found += [f"{path.relative_to(ROOT)}:{line}"
                      for line, text in string_constants(path) if cypher.search(text)]
    assert found == []


def test_every_package_folder_is_shipped():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(config["packages"])
    folders = {package: Path(folder) for package, folder in config["package-dir"].items()}
    on_disk = set()
    for package, folder in folders.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            relative = init.parent.relative_to(ROOT / folder).parts
            on_disk.add(".".join([package, *relative]))
    assert on_disk - listed == set()


def test_every_data_file_of_a_package_is_shipped():
    """A data file the code reads (a vocabulary, a config, a model) must match a package-data
    pattern, or an installed wheel lacks it while the editable checkout works."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    patterns = config["package-data"]["*"]
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    folders = {Path(folder).parts[0] for folder in config["package-dir"].values()}
    if not tracked:
        pytest.skip("not a git checkout: no list of the files the repository holds")
    left_out = [path for path in tracked if Path(path).parts[0] in folders and not path.endswith(".py")
                and not any(fnmatch.fnmatch(Path(path).name, pattern) for pattern in patterns)]
    assert left_out == []

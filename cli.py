"""The ``chainkg`` command: parses arguments, calls one library function, prints the result.

Every error a user can cause is a ChainkgError; it is printed as one line and the
command exits with code 2.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import sys
from pathlib import Path

import click

from chainkg_errors import ChainkgError
from graph.formatting import display_width

EXIT_USAGE = 2


class ChainkgGroup(click.Group):
    """A click group that turns library errors into one clear line and exit code 2."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ChainkgError as exc:
            click.echo(f"chainkg: error: {exc}", err=True)
            sys.exit(EXIT_USAGE)
        except KeyboardInterrupt:
            click.echo("chainkg: interrupted", err=True)
            sys.exit(130)


def store_options(command):
    """--store/--user/--password/--database, read from the environment when absent."""
    options = [
        click.option("--store", "store_spec", envvar="CHAINKG_STORE", metavar="SPEC",
                     help="embedded:PATH or bolt:// / neo4j:// URI "
                          "[env CHAINKG_STORE; default embedded:.chainkg/graph]"),
        click.option("--user", envvar="NEO4J_USER", default="neo4j", show_default=True,
                     help="Neo4j user [env NEO4J_USER]"),
        click.option("--password", envvar="NEO4J_PASSWORD", default="",
                     help="Neo4j password [env NEO4J_PASSWORD]"),
        click.option("--database", envvar="NEO4J_DATABASE", default=None,
                     help="Neo4j database [env NEO4J_DATABASE]"),
    ]
    for option in reversed(options):
        command = option(command)

    @functools.wraps(command)
    def wrapper(store_spec, user, password, database, **kwargs):
        from graph.store import open_store
        with open_store(store_spec, user=user, password=password, database=database) as store:
            return command(store=store, **kwargs)

    return wrapper


def format_option(*choices: str):
    return click.option("--format", "fmt", type=click.Choice(choices), default=choices[0],
                        show_default=True, help="output format")


def print_rows(rows: list[dict], fmt: str, columns: list[str] | None = None) -> None:
    """Print rows as an aligned table, JSON or CSV."""
    columns = columns or (list(rows[0]) if rows else [])
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=_jsonable))
    elif fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(columns)
        writer.writerows([[_cell(row.get(c)) for c in columns] for row in rows])
        click.echo(out.getvalue().rstrip("\n"))
    else:
        click.echo(render_table(rows, columns))


def print_results(results: list, table_rows, fmt: str) -> None:
    """Dataclass results as JSON (every field), or through ``table_rows`` as a table or CSV."""
    import dataclasses
    if fmt == "json":
        print_rows([dataclasses.asdict(r) for r in results], fmt)
    else:
        print_rows(table_rows(results), fmt)


def render_table(rows: list[dict], columns: list[str]) -> str:
    """A plain-text table whose columns line up for CJK text (a CJK character is two cells wide)."""
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    widths = [max([display_width(c)] + [display_width(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(_pad(c, w) for c, w in zip(columns, widths)),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(_pad(v, w) for v, w in zip(r, widths)) for r in cells]
    if not rows:
        lines.append("(no rows)")
    return "\n".join(lines)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "；".join(_cell(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    if hasattr(value, "props"):
        props = value.props
        return str(props.get("name") or props.get("title") or props.get("key")
                   or getattr(value, "type", ""))
    return str(value)


def _jsonable(value):
    if hasattr(value, "__dataclass_fields__"):
        import dataclasses
        return dataclasses.asdict(value)
    return str(value)


def progress(total: int | None, unit: str, desc: str):
    """A tqdm progress bar on stderr; off when stderr is not a terminal (it then counts nothing)."""
    from tqdm import tqdm
    return tqdm(total=total, unit=unit, desc=desc, file=sys.stderr, dynamic_ncols=True,
                disable=None)


@click.group(cls=ChainkgGroup)
@click.version_option(package_name="chainkg")
def main():
    """chainkg: an industrial-chain investment knowledge graph (产业链招商图谱)."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="facts JSONL file to write")
def extract(paths, output):
    """Read documents (files or folders) and write their facts as JSON lines."""
    from extract.facts import write_facts
    from extract.pipeline import extract_paths
    failures: list[str] = []
    documents = []

    def done(document) -> None:
        documents.append(document.id)
        bar.update()

    with output.open("w", encoding="utf-8") as handle, progress(None, "doc", "extract") as bar:
        count = write_facts(extract_paths(paths, failures, on_document=done), handle)
    click.echo(f"{count} facts from {len(documents)} documents written to {output}")
    _report_failures(failures)


@main.command()
@click.argument("facts_file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--force", is_flag=True, help="rewrite documents whose facts did not change")
@store_options
def load(store, facts_file, force):
    """Load a facts JSONL file into the graph store."""
    from graph.writer import read_groups
    failures: list[str] = []
    _load_groups(store, read_groups(facts_file, failures), force, failures, "load")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="rewrite documents whose facts did not change")
@store_options
def ingest(store, paths, force):
    """Extract documents and load their facts, one document at a time."""
    from extract.pipeline import extract_paths
    from graph.writer import group_facts
    failures: list[str] = []
    _load_groups(store, group_facts(extract_paths(paths, failures)), force, failures, "ingest")


def _load_groups(store, groups, force: bool, failures: list[str], desc: str) -> None:
    """Write document groups with a progress bar, then report what was written and skipped."""
    from graph.writer import load_facts
    store.ensure_schema()
    with progress(None, "doc", desc) as bar:
        report = load_facts(store, groups, force=force, progress=lambda _: bar.update())
    _print_load_report(report, store)
    _report_failures(failures + report.failures)


def _print_load_report(report, store) -> None:
    click.echo(f"{report.written} documents written, {report.unchanged} unchanged "
               f"({report.nodes} nodes and {report.relationships} relationships written) "
               f"to {store.kind} store {store.location}")


def _report_failures(failures: list[str]) -> None:
    for failure in failures:
        click.echo(f"chainkg: skipped {failure}", err=True)
    if failures:
        click.echo(f"chainkg: {len(failures)} input(s) skipped; everything else was processed",
                   err=True)


@main.command()
@click.argument("name_or_file")
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE",
              help="a query parameter (repeatable)")
@click.option("--limit", default=10_000, show_default=True, help="row limit")
@click.option("--timeout", default=30.0, show_default=True, help="time limit in seconds")
@format_option("table", "json", "csv")
@store_options
def query(store, name_or_file, params, limit, timeout, fmt):
    """Run a read-only query from queries/ (by name) or a .cypher file."""
    from graph.queries import QueryError, load_query, run_query
    raw = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep:
            raise QueryError(f"-p {item!r}: expected KEY=VALUE")
        raw[key.strip().lstrip("$")] = value
    named = load_query(name_or_file)
    result = run_query(store, named, raw, timeout_s=timeout, limit=limit)
    print_rows(result.rows, fmt, result.columns)
    if result.truncated:
        click.echo(f"chainkg: only the first {limit} rows are shown (--limit)", err=True)


@main.command()
@format_option("table", "json")
@store_options
def stats(store, fmt):
    """Node counts by label and relationship counts by type."""
    from graph.stats import graph_stats
    counts = graph_stats(store)
    if fmt == "json":
        click.echo(json.dumps(counts, ensure_ascii=False, indent=2))
        return
    rows = [{"kind": "node", "name": k, "count": v} for k, v in counts["nodes"].items()]
    rows += [{"kind": "relationship", "name": k, "count": v}
             for k, v in counts["relationships"].items()]
    click.echo(render_table(rows, ["kind", "name", "count"]))


@main.group()
def chains():
    """Chain templates (chains/*.yaml)."""


@chains.command("load")
@click.argument("directory", required=False, type=click.Path(path_type=Path, file_okay=False))
@click.option("--force", is_flag=True, help="rewrite templates that did not change")
@store_options
def chains_load(store, directory, force):
    """Validate and load the chain templates of DIRECTORY (default chains/) and the region table."""
    from graph.chains_load import CHAINS_DIR, load_chains
    report = load_chains(store, directory or CHAINS_DIR, force=force)
    _print_load_report(report, store)
    _report_failures(report.failures)


def gap_options(command):
    """--chain/--region and --set NAME=VALUE overrides of the gap settings (docs/gaps.md)."""
    command = click.option("--set", "settings", multiple=True, metavar="NAME=VALUE",
                           help="override a threshold or weight, e.g. weak_max_companies=2")(command)
    command = click.option("--region", required=True, help="region name, e.g. 衢州")(command)
    return click.option("--chain", required=True, help="chain key, e.g. lithium-battery")(command)


@main.command()
@gap_options
@format_option("table", "json", "csv")
@store_options
def gaps(store, chain, region, settings, fmt):
    """Gap analysis of a chain in a region: one row per segment with 补链/强链/延链 and why."""
    from graph.gaps import analyse_gaps, config_with, gap_rows
    print_results(analyse_gaps(store, chain, region, config_with(settings)), gap_rows, fmt)


@main.command()
@gap_options
@click.option("--segment", default=None, help="only this segment key (default: every gap)")
@click.option("--top", default=10, show_default=True, help="how many companies")
@format_option("table", "json")
@store_options
def recommend(store, chain, region, settings, segment, top, fmt):
    """Companies outside the region to approach for its gaps, with the parts of their score."""
    from graph.gaps import config_with, recommend as recommend_companies, recommendation_rows
    result = recommend_companies(store, chain, region, segment=segment, top=top,
                                 config=config_with(settings))
    print_results(result, recommendation_rows, fmt)


@main.command()
@click.option("--chain", required=True, help="chain key, e.g. lithium-battery")
@click.option("--region", default=None, help="flag and include this region's companies")
@click.option("--top", default=10, show_default=True, help="how many companies")
@format_option("table", "json")
@store_options
def leaders(store, chain, region, top, fmt):
    """Chain leaders (链主): companies spanning the most segments, then the most investment."""
    from graph.gaps import chain_leaders, leader_rows
    print_results(chain_leaders(store, chain, region, top=top), leader_rows, fmt)


@main.group("import")
def import_():
    """Import registries: company lists and the ChainKnowledgeGraph files."""


@import_.command("companies")
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--map", "mapping", multiple=True, metavar="COLUMN=FIELD",
              help="read COLUMN as FIELD (name, full_name, credit_code, province, city, "
                   "address, products, industry, listed); repeatable")
@click.option("--force", is_flag=True, help="rewrite the file's facts even if unchanged")
@store_options
def import_companies(store, file, mapping, force):
    """Load a company registry (CSV, XLSX or JSON lines); bad rows are reported by line."""
    from graph.registry import import_companies as load_registry, parse_mapping
    report = load_registry(store, file, parse_mapping(mapping), force=force)
    click.echo(f"{report.loaded} companies loaded from {file}")
    _report_failures(report.problems)


@import_.command("ckg")
@click.argument("directory", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option("--force", is_flag=True, help="rewrite files whose facts did not change")
@store_options
def import_ckg(store, directory, force):
    """Import the ChainKnowledgeGraph JSON-lines files (companies, products, main products)."""
    from graph.ckg import import_ckg as load_ckg
    with progress(3, "file", "import ckg") as bar:
        report = load_ckg(store, directory, force=force, progress=lambda _: bar.update())
    click.echo(f"{report.companies} companies, {report.products} products, {report.makes} "
               f"MAKES ({report.makes_via_subtype} through 产品小类) from {directory}; "
               f"{report.skipped_product_relations} product-product relations not imported")
    _print_load_report(report.load, store)
    _report_failures(report.problems)


@main.group()
def export():
    """Chain maps, briefings and the whole graph as files."""


@export.command("map")
@click.option("--chain", required=True, help="chain key, e.g. lithium-battery")
@click.option("--region", required=True, help="region name, e.g. 衢州")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="file to write: .html (interactive, offline), .png or .svg")
@store_options
def export_map(store, chain, region, output):
    """The chain map of a region, upstream to downstream, coloured by gap status."""
    from graph.exports import write_chain_map
    from graph.gaps import chain_map
    click.echo(f"chain map written to {write_chain_map(chain_map(store, chain, region), output)}")


@export.command("briefing")
@click.option("--chain", required=True, help="chain key, e.g. lithium-battery")
@click.option("--region", required=True, help="region name, e.g. 衢州")
@click.option("--top", default=10, show_default=True, help="how many recommended companies")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="file to write: .docx, .pptx or .pdf")
@store_options
def export_briefing(store, chain, region, top, output):
    """A briefing: the map, the gap table, the top recommendations and the sources."""
    from graph.exports import build_briefing, write_briefing
    path = write_briefing(build_briefing(store, chain, region, top=top), output)
    click.echo(f"briefing written to {path}")


@export.command("graph")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="the .graphml file to write")
@store_options
def export_graph(store, output):
    """The whole graph as GraphML (for Gephi, yEd or networkx)."""
    from graph.exports import write_graphml
    click.echo(f"graph written to {write_graphml(store, output)}")


@main.group("eval")
def eval_():
    """Accuracy of extraction: relations against a gold file, NER against labelled data."""


@eval_.command("facts")
@click.option("--gold", "gold", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              required=True, help="gold relations JSONL (format in docs/corpora.md)")
@format_option("table", "json")
def eval_facts(gold, fmt):
    """Precision, recall and F1 per relation type of the pipeline on the gold file's documents."""
    from extract.evaluate_facts import evaluate_facts
    scores = evaluate_facts(gold)
    if fmt == "json":
        click.echo(json.dumps(scores, ensure_ascii=False, indent=2))
        return
    print_rows([{"type": name, **figures} for name, figures in scores.items()], fmt)


@eval_.command("ner")
@click.option("--data", "data", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              required=True, help="CLUENER-format JSONL (company, organization, government)")
@format_option("table", "json")
def eval_ner(data, fmt):
    """Exact-span precision, recall, F1 and support per label of the trained NER (models/ner)."""
    from extract.ner import NerModel, evaluate_ner
    scores = evaluate_ner(NerModel.load(), data)
    if fmt == "json":
        click.echo(json.dumps(scores, ensure_ascii=False, indent=2))
        return
    print_rows([{"label": name, **figures} for name, figures in scores.items()], fmt)


if __name__ == "__main__":
    main()

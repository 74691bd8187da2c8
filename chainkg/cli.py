"""The ``chainkg`` command: parses arguments, calls one library function, prints the result.

Every error a user can cause is a ChainkgError; it is printed as one line and the
command exits with code 2.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import io
import json
import logging
import os
import sys
from pathlib import Path

import click
from tqdm import tqdm

from chainkg.app_pages._users import DEFAULT_USERS_FILE, ROLES, add_user
from chainkg.contract.errors import ChainkgError
from chainkg.contract.facts import ENTITY_LABELS, RELATION_TYPES, write_facts
from chainkg.contract.formatting import display_width, plain_text, zh_money, zh_number
from chainkg.contract.vocabulary import write_lexicon
from chainkg.exports.briefing_text import Imprint
from chainkg.exports.tables import (
    GAP_COLUMNS,
    LEADER_COLUMNS,
    RECOMMENDATION_COLUMNS,
    REVIEW_COLUMNS,
    gap_rows,
    leader_rows,
    recommendation_rows,
    review_rows,
    score_scale_text,
)
from chainkg.graph.analysis.leaders import chain_leaders
from chainkg.graph.analysis.model import GapConfig
from chainkg.graph.analysis.names import resolve_chain, resolve_segment
from chainkg.graph.analysis.overview import document_counts, graph_dump, graph_stats
from chainkg.graph.analysis.recommend import recommend as recommend_companies
from chainkg.graph.analysis.report import chain_report
from chainkg.graph.analysis.status import analyse_gaps, chain_map
from chainkg.graph.analysis.vocabulary import graph_terms
from chainkg.graph.load.bulk import export_bulk, finish_import
from chainkg.graph.load.chains import load_chains
from chainkg.graph.load.ckg import import_ckg as load_ckg
from chainkg.graph.load.curation import DOUBTFUL_BELOW, decide, resolution_report
from chainkg.graph.load.registry import FIELDS as REGISTRY_FIELDS
from chainkg.graph.load.registry import import_companies as load_registry
from chainkg.graph.load.reviews import review_queue
from chainkg.graph.load.writer import facts_files, group_facts, load_facts, read_folder_groups
from chainkg.graph.queries import load_query
from chainkg.graph.store import DEFAULT_STORE, open_store

EXIT_USAGE = 2


class UsageError(ChainkgError):
    """A command-line argument is malformed (``--set``, ``--map``, ``-p``)."""


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
        with open_store(store_spec or DEFAULT_STORE, user=user, password=password,
                        database=database) as store:
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
        # UTF-8 with a BOM: Excel (on Windows) reads the Chinese as UTF-8 only when it is there
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(columns)
        writer.writerows([[_cell(row.get(c), c) for c in columns] for row in rows])
        click.echo("\ufeff" + out.getvalue().rstrip("\n"))
    else:
        click.echo(render_table(rows, columns))


def print_results(results: list, table_rows, columns: tuple[str, ...], fmt: str) -> None:
    """Dataclass results as JSON (every field), or through ``table_rows`` as a table or CSV."""
    if fmt == "json":
        print_rows([dataclasses.asdict(r) for r in results], fmt)
    else:
        print_rows(table_rows(results), fmt, list(columns))


def render_table(rows: list[dict], columns: list[str]) -> str:
    """A plain-text table whose columns line up for CJK text (a CJK character is two cells wide)."""
    cells = [[_cell(row.get(c), c) for c in columns] for row in rows]
    widths = [max([display_width(c)] + [display_width(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(_pad(c, w) for c, w in zip(columns, widths)),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(_pad(v, w) for v, w in zip(r, widths)) for r in cells]
    if not rows:
        lines.append("(no rows)")
    return "\n".join(lines)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def _cell(value, column: str = "") -> str:
    """A value as a table cell: amounts in yuan as 28亿元, large numbers with 万/亿, one line."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "；".join(_cell(v, column) for v in value)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)) and column.endswith("_cny"):
        return zh_money(value) or "0"
    if isinstance(value, float):
        return zh_number(value) if abs(value) >= 10_000 else f"{value:.4f}".rstrip("0").rstrip(".")
    if hasattr(value, "props"):
        props = value.props
        return plain_text(str(props.get("name") or props.get("title") or props.get("key")
                              or getattr(value, "type", "")))
    return plain_text(str(value))


def _jsonable(value):
    if dataclasses.is_dataclass(value):
        return dataclasses.asdict(value)
    return str(value)


def progress(total: int | None, unit: str, desc: str):
    """A tqdm progress bar on stderr; off when stderr is not a terminal (it then counts nothing)."""
    return tqdm(total=total, unit=unit, desc=desc, file=sys.stderr, dynamic_ncols=True,
                disable=None)


@click.group(cls=ChainkgGroup)
@click.version_option(package_name="chainkg")
def main():
    """chainkg: an industrial-chain investment knowledge graph (产业链招商图谱)."""
    # The Neo4j driver logs each retry of a lost connection as a warning; the user gets one
    # line when it gives up (StoreUnavailable), not a dozen on the way.
    logging.getLogger("neo4j").addHandler(logging.NullHandler())


# Settings of the app's Streamlit server when it is started by `chainkg app` (a checkout has
# the same in .streamlit/config.toml): no usage statistics, no file watcher, no error details.
APP_SERVER_OPTIONS = ("--browser.gatherUsageStats", "false", "--server.headless", "true",
                      "--server.runOnSave", "false", "--client.toolbarMode", "minimal",
                      "--client.showErrorDetails", "none", "--theme.base", "light",
                      "--server.maxUploadSize", "50")


@main.command()
@click.option("--port", default=8501, show_default=True, help="the port to serve on")
@click.option("--address", default="127.0.0.1", show_default=True,
              help="the address to listen on; 0.0.0.0 serves the intranet (needs users: `chainkg users add`)")
@click.option("--store", "store_spec", envvar="CHAINKG_STORE", metavar="SPEC",
              help="the store the app shows [env CHAINKG_STORE; default embedded:.chainkg/graph]")
def app(port, address, store_spec):
    """Serve the Streamlit app (the same as `streamlit run app.py` in a checkout)."""
    script = Path(__file__).with_name("app.py")
    if store_spec:
        os.environ["CHAINKG_STORE"] = store_spec
    os.execv(sys.executable, [sys.executable, "-m", "streamlit", "run", str(script),
                              "--server.port", str(port), "--server.address", address,
                              *APP_SERVER_OPTIONS])


@main.group()
def users():
    """Who may log in to the app, as viewer or editor (the users file)."""


@users.command("add")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), required=True,
              help="viewer: read pages and exports; editor: also upload documents")
@click.option("--name", default="", help="the name the app shows, e.g. 张三")
@click.option("--file", "users_file", envvar="CHAINKG_USERS_FILE", default=DEFAULT_USERS_FILE,
              show_default=True, help="the users file [env CHAINKG_USERS_FILE]")
@click.password_option(help="the password (asked for when not given)")
def users_add(username, role, name, users_file, password):
    """Add a user (or replace one's password and role); passwords are stored as bcrypt hashes."""
    add_user(users_file, username, password, role, name)
    click.echo(f"{username} ({role}) saved in {users_file}")


LEXICON_OPTION = click.option(
    "--lexicon", type=click.Path(path_type=Path, exists=True, dir_okay=False), envvar="CHAINKG_LEXICON",
    help="also find the companies and products of this lexicon file (`chainkg export lexicon`) "
         "[env CHAINKG_LEXICON]")


def _pipeline(lexicon: Path | None):
    """The extraction pipeline, with a lexicon file when one is given (None: the default)."""
    if lexicon is None:
        return None
    from chainkg.extract.pipeline import build_pipeline  # spaCy: only when extracting
    return build_pipeline(overrides=(("paths.lexicon", str(lexicon)),))


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="facts JSONL file to write (with --engine spark: a new folder of part files)")
@click.option("--engine", default="local", show_default=True, metavar="local|spark[:MASTER]",
              help="where to extract: this process, or Spark (local[*] unless MASTER, e.g. "
                   "spark:local[2], spark:spark://host:7077, spark:yarn)")
@LEXICON_OPTION
def extract(paths, output, engine, lexicon):
    """Read documents (files or folders; with Spark also hdfs:// or s3a:// URIs) and write their facts as JSON lines."""
    if engine == "spark" or engine.startswith("spark:"):
        return _extract_on_spark(paths, output, engine.partition(":")[2] or None, lexicon)
    if engine != "local":
        raise UsageError(f"--engine {engine!r}: use local, spark or spark:MASTER")
    paths = [Path(p) for p in paths]
    from chainkg.extract.pipeline import extract_paths  # spaCy: only when extracting
    nlp = _pipeline(lexicon)
    failures: list[str] = []
    documents = []

    def done(document) -> None:
        documents.append(document.id)
        bar.update()

    with output.open("w", encoding="utf-8") as handle, progress(None, "doc", "extract") as bar:
        count = write_facts(extract_paths(paths, failures, on_document=done, nlp=nlp), handle)
    click.echo(f"{count} facts from {len(documents)} documents written to {output}")
    _report_failures(failures)


def _extract_on_spark(paths, output, master: str | None, lexicon: Path | None) -> None:
    from chainkg.extract.spark import extract_on_spark  # pyspark: an optional extra
    overrides = (("paths.lexicon", str(lexicon.resolve())),) if lexicon else ()
    report = extract_on_spark(paths, output, master=master, overrides=overrides)
    click.echo(f"{report.facts} facts from {report.documents} documents written to {output} "
               f"({report.partitions} part files)")
    _report_failures(report.failures)


@main.command()
@click.argument("facts", type=click.Path(path_type=Path, exists=True))
@click.option("--force", is_flag=True, help="rewrite documents whose facts did not change")
@store_options
def load(store, facts, force):
    """Load facts into the graph store: a JSONL file, or a folder of part files (Spark's output)."""
    failures: list[str] = []
    facts_files(facts)  # an empty folder is one clear error before the store is touched
    _load_groups(store, read_folder_groups(facts, failures), force, failures, "load")


@main.command()
@click.argument("facts", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True))
@click.option("-o", "--out", required=True, type=click.Path(path_type=Path, file_okay=False),
              help="folder for the CSV files and import.args")
def bulk(facts, out):
    """Write facts as CSV files for Neo4j's offline importer: a first load of a large set.

    Then: scripts/neo4j stop; scripts/neo4j import OUT; scripts/neo4j start;
    chainkg store finish-import --store bolt://... Each document is resolved against an
    empty graph (docs/neo4j.md): later loads go through `chainkg load`.
    """
    failures: list[str] = []
    for path in facts:
        facts_files(path)  # an empty folder is one clear error before anything is written
    groups = (group for path in facts for group in read_folder_groups(path, failures))
    report = export_bulk(groups, out)
    click.echo(f"{report.documents} documents, {report.nodes} nodes and {report.relationships} "
               f"relationships in {len(report.files)} CSV files; {out / 'import.args'}")
    _report_failures(failures + report.failures)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="rewrite documents whose facts did not change")
@LEXICON_OPTION
@store_options
def ingest(store, paths, force, lexicon):
    """Extract documents and load their facts, one document at a time."""
    from chainkg.extract.pipeline import extract_paths  # spaCy: only when extracting
    nlp = _pipeline(lexicon)
    failures: list[str] = []
    _load_groups(store, group_facts(extract_paths(paths, failures, nlp=nlp)), force, failures, "ingest")


def _load_groups(store, groups, force: bool, failures: list[str], desc: str) -> None:
    """Write document groups with a progress bar, then report what was written and skipped."""
    store.ensure_schema()
    with progress(None, "doc", desc) as bar:
        report = load_facts(store, groups, force=force, progress=lambda _: bar.update())
    _print_load_report(report, store)
    _report_failures(failures + report.failures)


def _print_load_report(report, store, what: str = "documents") -> None:
    click.echo(f"{report.written} {what} written, {report.unchanged} unchanged "
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
    raw = {key.lstrip("$"): value for key, value in _pairs(params, "-p")}
    named = load_query(name_or_file)
    result = store.console(named.body, named.convert(raw), timeout_s=timeout, limit=limit)
    print_rows(result.rows, fmt, result.columns)
    if result.truncated:
        click.echo(f"chainkg: only the first {limit} rows are shown (--limit)", err=True)


@main.command()
@format_option("table", "json")
@store_options
def stats(store, fmt):
    """Node counts by label and relationship counts by type (zeros on an empty store)."""
    counts = graph_stats(store)
    counts = {"nodes": {**dict.fromkeys((*ENTITY_LABELS, "Document"), 0), **counts["nodes"]},
              "relationships": {**dict.fromkeys(RELATION_TYPES, 0), **counts["relationships"]},
              "documents": document_counts(store)}
    if fmt == "json":
        click.echo(json.dumps(counts, ensure_ascii=False, indent=2))
        return
    documents = counts["documents"]
    rows = [{"kind": "node", "name": k, "count": v} for k, v in counts["nodes"].items()
            if k != "Document"]
    rows += [{"kind": "node", "name": "Document (your documents)", "count": documents["document"]},
             {"kind": "node", "name": "Document (chain templates)", "count": documents["template"]},
             {"kind": "node", "name": "Document (registries)", "count": documents["registry"]}]
    rows += [{"kind": "relationship", "name": k, "count": v}
             for k, v in counts["relationships"].items()]
    click.echo(render_table(rows, ["kind", "name", "count"]))


@main.group()
def store():
    """The embedded store's server (one per store folder, started on demand); a bulk import's last step."""


_EMBEDDED_STORE = click.option("--store", "store_spec", envvar="CHAINKG_STORE", metavar="SPEC",
                               help="embedded:PATH [env CHAINKG_STORE; default embedded:.chainkg/graph]")


def _embedded_folder(store_spec: str | None) -> Path:
    spec = store_spec or DEFAULT_STORE
    if not spec.startswith("embedded:"):
        raise UsageError(f"{spec}: `chainkg store` manages embedded stores; a Neo4j server is "
                         "stopped by its own tools (scripts/neo4j stop)")
    return Path(spec.removeprefix("embedded:") or ".chainkg/graph")


@store.command("stop")
@_EMBEDDED_STORE
def store_stop(store_spec):
    """Stop the embedded store's server (it saves first); clients that come later start it again."""
    from chainkg.graph.store.falkor_server import stop_server  # redis: only for embedded stores
    folder = _embedded_folder(store_spec)
    pid = stop_server(folder)
    click.echo(f"stopped the server of {folder} (pid {pid})" if pid
               else f"no server runs for {folder}")


@store.command("status")
@_EMBEDDED_STORE
def store_status(store_spec):
    """Say whether the embedded store's server runs (exit 0) or not (exit 3)."""
    from chainkg.graph.store.falkor_server import server_pid  # redis: only for embedded stores
    folder = _embedded_folder(store_spec)
    pid = server_pid(folder)
    click.echo(f"running (pid {pid}) for {folder}" if pid else f"stopped: {folder}")
    sys.exit(0 if pid else 3)


@store.command("finish-import")
@store_options
def store_finish_import(store):
    """After scripts/neo4j import and start: create the schema and seal the imported documents."""
    sealed = finish_import(store)
    click.echo(f"schema in place, {sealed} documents sealed on {store.kind} store {store.location}")


@main.group()
def chains():
    """Chain templates (chains/*.yaml)."""


@chains.command("load")
@click.argument("directory", required=False, type=click.Path(path_type=Path, file_okay=False))
@click.option("--force", is_flag=True, help="rewrite templates that did not change")
@store_options
def chains_load(store, directory, force):
    """Validate and load the chain templates of DIRECTORY (default: the chains chainkg ships) and
    the region table."""
    report = load_chains(store, directory, force=force)
    chains, regions = report.chains, report.regions
    click.echo(f"{len(report.chain_names)} chains ({'、'.join(report.chain_names)}): "
               f"{chains.written} written, {chains.unchanged} unchanged; region table "
               f"({report.region_count} regions): {'written' if regions.written else 'unchanged'}")
    click.echo(f"{chains.nodes + regions.nodes} nodes and {chains.relationships + regions.relationships} "
               f"relationships written to {store.kind} store {store.location}")
    _report_failures(report.failures)


def _pairs(items: tuple[str, ...], option: str) -> list[tuple[str, str]]:
    """``("a=1", "b=2")`` -> ``[("a", "1"), ("b", "2")]``; a ChainkgError naming ``option`` otherwise."""
    pairs = []
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"{option} {item!r}: expected NAME=VALUE")
        pairs.append((key.strip(), value))
    return pairs


def gap_config(settings: tuple[str, ...]) -> GapConfig:
    """The gap settings with ``--set NAME=VALUE`` overrides."""
    values = {name.replace("-", "_"): value for name, value in _pairs(settings, "--set")}
    try:
        return GapConfig.with_values(values)
    except ChainkgError as exc:
        raise UsageError(f"--set: {exc}") from None


def registry_mapping(items: tuple[str, ...]) -> dict[str, str]:
    """``--map 企业名称=name`` -> ``{"企业名称": "name"}``; the field must be one the registry reads."""
    mapping = {}
    for column, target in _pairs(items, "--map"):
        if target.strip() not in REGISTRY_FIELDS:
            raise UsageError(f"--map {column}={target}: FIELD must be one of {', '.join(REGISTRY_FIELDS)}")
        mapping[column] = target.strip()
    return mapping


CHAIN_HELP = "chain: its name, an alias or its key, e.g. 锂电池, 锂电 or lithium-battery"


def gap_options(command):
    """--chain/--region and --set NAME=VALUE overrides of the gap settings (docs/gaps.md)."""
    command = click.option("--set", "settings", multiple=True, metavar="NAME=VALUE",
                           help="override a threshold or weight, e.g. weak_max_companies=2")(command)
    command = click.option("--region", required=True, help="region name, e.g. 衢州")(command)
    return click.option("--chain", required=True, help=CHAIN_HELP)(command)


@main.command()
@gap_options
@format_option("table", "json", "csv")
@store_options
def gaps(store, chain, region, settings, fmt):
    """Gap analysis of a chain in a region: one row per segment with 补链/强链/延链 and why."""
    chain = resolve_chain(store, chain)
    print_results(analyse_gaps(store, chain, region, gap_config(settings)), gap_rows, GAP_COLUMNS, fmt)


@main.command()
@gap_options
@click.option("--segment", default=None,
              help="only this segment: its name, an alias or its key, e.g. 正极材料 (default: every gap)")
@click.option("--top", default=10, show_default=True, help="how many companies")
@format_option("table", "json", "csv")
@store_options
def recommend(store, chain, region, settings, segment, top, fmt):
    """Companies outside the region to approach for its gaps, with the parts of their score."""
    chain = resolve_chain(store, chain)
    segment = resolve_segment(store, chain, segment) if segment else None
    config = gap_config(settings)
    result = recommend_companies(store, chain, region, segment=segment, top=top, config=config)
    print_results(result, recommendation_rows, RECOMMENDATION_COLUMNS, fmt)
    if fmt == "table":
        click.echo(score_scale_text(config))


@main.command()
@click.option("--chain", required=True, help=CHAIN_HELP)
@click.option("--region", default=None, help="flag and include this region's companies")
@click.option("--top", default=10, show_default=True, help="how many companies")
@format_option("table", "json", "csv")
@store_options
def leaders(store, chain, region, top, fmt):
    """Chain leaders (链主): companies spanning the most segments, then the most investment."""
    chain = resolve_chain(store, chain)
    print_results(chain_leaders(store, chain, region, top=top), leader_rows, LEADER_COLUMNS, fmt)


@main.command()
@click.option("--report", is_flag=True, required=True,
              help="list pending and doubtful merges and look-alike companies")
@format_option("table", "json")
@store_options
def resolve(store, report, fmt):
    """Company resolution: merges waiting for review, doubtful merges, look-alike names."""
    found = resolution_report(store)
    if fmt == "json":
        click.echo(json.dumps(dataclasses.asdict(found), ensure_ascii=False, indent=2, default=str))
        return
    click.echo(f"待审核的企业合并 {len(found.pending)} 项：")
    print_rows(review_rows(found.pending), fmt, list(REVIEW_COLUMNS))
    click.echo(f"\n规则自动合并中置信度低于{DOUBTFUL_BELOW:g}的 {len(found.doubtful)} 项：")
    print_rows(review_rows(found.doubtful), fmt, list(REVIEW_COLUMNS))
    click.echo(f"\n名称主体与所在地相同、未合并也未提交审核的 {len(found.lookalikes)} 对：")
    print_rows([{"企业甲": r["a_name"], "企业乙": r["b_name"], "名称主体": r["core"]} for r in found.lookalikes],
               fmt, ["企业甲", "企业乙", "名称主体"])


@main.group()
def review():
    """The review queue: proposed company merges, product links and low-confidence relations."""


@review.command("list")
@click.option("--status", type=click.Choice(["pending", "confirmed", "rejected", "auto", "all"]),
              default="pending", show_default=True)
@format_option("table", "json", "csv")
@store_options
def review_list(store, status, fmt):
    """The review items in one state (default: waiting for a decision)."""
    items = review_queue(store, "" if status == "all" else status)
    if fmt == "json":
        print_rows(items, fmt)
    else:
        print_rows(review_rows(items), fmt, list(REVIEW_COLUMNS))


@review.command("decide")
@click.argument("key")
@click.argument("decision", type=click.Choice(["confirmed", "rejected", "pending"]))
@click.option("--by", required=True, help="who decides (kept with the decision)")
@store_options
def review_decide(store, key, decision, by):
    """Confirm, reject or reopen review item KEY (the 编号 column of `review list`)."""
    item = decide(store, key, decision, by)
    click.echo(f"{item['key']}: {decision} by {by}")


@main.group("import")
def import_():
    """Import registries: company lists and the ChainKnowledgeGraph files."""


@import_.command("companies")
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--map", "mapping", multiple=True, metavar="COLUMN=FIELD",
              help=f"read COLUMN as FIELD ({', '.join(REGISTRY_FIELDS)}); repeatable")
@click.option("--force", is_flag=True, help="rewrite the file's facts even if unchanged")
@store_options
def import_companies(store, file, mapping, force):
    """Load a company registry (CSV, XLSX or JSON lines); bad rows are reported by line."""
    report = load_registry(store, file, registry_mapping(mapping), force=force)
    click.echo(f"{report.loaded} companies loaded from {file}")
    _report_failures(report.problems)


@import_.command("ckg")
@click.argument("directory", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option("--force", is_flag=True, help="rewrite files whose facts did not change")
@store_options
def import_ckg(store, directory, force):
    """Import the ChainKnowledgeGraph JSON-lines files (companies, products, main products)."""
    with progress(3, "file", "import ckg") as bar:
        report = load_ckg(store, directory, force=force, progress=lambda _: bar.update())
    click.echo(f"{report.companies} companies, {report.products} products, {report.makes} "
               f"MAKES ({report.makes_via_subtype} through 产品小类) from {directory}; "
               f"{report.skipped_product_relations} product-product relations not imported")
    _print_load_report(report.load, store, "registry files")
    _report_failures(report.problems)


@main.group()
def export():
    """Chain maps, briefings and the whole graph as files."""


ISSUER_OPTION = click.option("--issuer", envvar="CHAINKG_ISSUER", default="",
                             help="the issuing unit (编制单位) printed on briefings and maps [env CHAINKG_ISSUER]")


def imprint(store, issuer: str) -> Imprint:
    """编制单位, today and how many of the user's documents the graph holds."""
    return Imprint(issuer=issuer, documents=document_counts(store)["document"])


@export.command("map")
@click.option("--chain", required=True, help=CHAIN_HELP)
@click.option("--region", required=True, help="region name, e.g. 衢州")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="file to write: .html (interactive, offline), .png or .svg")
@ISSUER_OPTION
@store_options
def export_map(store, chain, region, output, issuer):
    """The chain map of a region, upstream to downstream, coloured by gap status."""
    from chainkg.exports.map_image import write_chain_map  # matplotlib: only when drawing
    built = chain_map(store, resolve_chain(store, chain), region)
    click.echo(f"chain map written to {write_chain_map(built, output, imprint(store, issuer))}")


@export.command("briefing")
@click.option("--chain", required=True, help=CHAIN_HELP)
@click.option("--region", required=True, help="region name, e.g. 衢州")
@click.option("--top", default=10, show_default=True, help="how many recommended companies")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="file to write: .docx (A4), .pptx (16:9) or .pdf (A4)")
@ISSUER_OPTION
@store_options
def export_briefing(store, chain, region, top, output, issuer):
    """A briefing: title page, conclusions, the map, the gap table, the top recommendations and
    the sources."""
    from chainkg.exports.briefing_pdf import write_briefing  # matplotlib, docx, pptx
    report = chain_report(store, resolve_chain(store, chain), region, top=top)
    path = write_briefing(report, output, imprint(store, issuer))
    click.echo(f"briefing written to {path}")


@export.command("lexicon")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="the lexicon file to write (label, text, key; tab-separated)")
@click.option("--min-share", default=0.05, show_default=True,
              help="leave out products under this revenue share where a registry gives one")
@store_options
def export_lexicon(store, output, min_share):
    """The graph's company names and products as a lexicon extraction loads without the store
    (`chainkg extract/ingest --lexicon FILE`)."""
    terms = graph_terms(store, min_share)
    companies = sum(t.label == "COMPANY" for t in terms)
    write_lexicon(output, terms, header=f"chainkg lexicon from {store.kind} store {store.location}: "
                                         f"{companies} company names, {len(terms) - companies} product names")
    click.echo(f"{companies} company names and {len(terms) - companies} product names written to {output}")


@export.command("graph")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="the .graphml file to write")
@store_options
def export_graph(store, output):
    """The whole graph as GraphML (for Gephi, yEd or networkx)."""
    from chainkg.exports.graphml import write_graphml  # networkx: only when exporting
    click.echo(f"graph written to {write_graphml(*graph_dump(store), output)}")


@main.group("eval")
def eval_():
    """Accuracy of extraction: relations against a gold file, NER against labelled data."""


@eval_.command("facts")
@click.option("--gold", "gold", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              required=True, help="gold relations JSONL (format in docs/corpora.md)")
@format_option("table", "json")
def eval_facts(gold, fmt):
    """Precision, recall and F1 per relation type of the pipeline on the gold file's documents."""
    from chainkg.extract.evaluate_facts import evaluate_facts  # spaCy: only when extracting
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
    """Exact-span precision, recall, F1 and support per label of the shipped NER."""
    from chainkg.extract.ner import NerModel, evaluate_ner  # spaCy: only when extracting
    scores = evaluate_ner(NerModel.load(), data)
    if fmt == "json":
        click.echo(json.dumps(scores, ensure_ascii=False, indent=2))
        return
    print_rows([{"label": name, **figures} for name, figures in scores.items()], fmt)


if __name__ == "__main__":
    main()

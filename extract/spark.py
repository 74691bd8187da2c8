"""Extraction as a Spark job: documents through Spark's file sources, facts JSONL part files out.

    chainkg extract --engine spark[:MASTER] PATH... -o DIR        # local[*] unless MASTER
    spark-submit [--master …] SCRIPT PATH... -o DIR              # SCRIPT: this file (README)

PATH is a folder or a file, local or any URI the cluster's Hadoop reads (hdfs://, s3a://).
Spark lists and reads the files (``binaryFile``: .hidden and _bookkeeping names skipped, as
the single-process walk skips them; folders walked recursively) and spreads them over its
tasks. Each task puts its documents' bytes back
under a folder named like the one given and calls ``extract_paths`` on it: the very entry
point of the single-process run, so document ids, paths, titles, reading limits, failures and
facts are the ones it gives. The pipeline is built once per executor Python process
(``build_pipeline`` is cached per process, and Spark reuses its Python workers). Each task
writes its documents' facts, document by document, into one part file of DIR; a document
that cannot be read is named, with the path as given, and the others go on.

pyspark is an optional extra (``pip install 'chainkg[spark]'``); executors need chainkg
installed in the Python they run (in local mode: this one).
"""

from __future__ import annotations

import functools
import os
import posixpath
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from chainkg.contract.errors import ChainkgError
from chainkg.extract.read import ReadLimits

FACT, DOCUMENT, FAILURE = "f", "d", "x"


class SparkUnavailable(ChainkgError):
    """The Spark engine was asked for but cannot run (pyspark missing, no Java, bad master)."""


@dataclass(frozen=True)
class Source:
    """One PATH as given: where Spark reads it, and the folder name its documents' ids start with."""

    given: str
    uri: str
    root_path: str   # the folder the ids are relative to (the path itself, or a file's folder)
    single: bool     # a file given alone: its own folder is its root

    @classmethod
    def of(cls, given: str) -> Source:
        if "://" in given or given.startswith("file:"):
            path = _uri_path(given).rstrip("/") or "/"
            single = posixpath.splitext(path)[1] != ""
            uri = given
        else:
            local = Path(given).resolve()
            if not local.exists():
                raise ChainkgError(f"{given}: no such file or folder")
            path, single = local.as_posix(), local.is_file()
            uri = "file:" + path  # not as_uri(): Hadoop does not undo its percent-encoding
        root = posixpath.dirname(path) if single else path
        return cls(given, uri, root, single)

    def inside(self, uri: str) -> str | None:
        """The path of a file Spark listed, inside this source's root (None: not under it)."""
        path = _uri_path(uri)
        prefix = self.root_path.rstrip("/") + "/"
        return path[len(prefix):] if path.startswith(prefix) else None


@dataclass
class SparkReport:
    documents: int = 0
    facts: int = 0
    files: int = 0
    partitions: int = 0
    failures: list[str] = field(default_factory=list)


def extract_on_spark(paths: Iterable[str | Path], output: str | Path, *, master: str | None = None,
                     partitions: int | None = None, limits: ReadLimits | None = None,
                     overrides: tuple[tuple[str, object], ...] = (), spark=None) -> SparkReport:
    """Extract the documents under ``paths`` on Spark and write facts JSONL part files to ``output``.

    ``master`` is a Spark master URL (``local[2]``, ``spark://host:7077``, ``yarn``); None
    keeps the one spark-submit gives, else ``local[*]``. ``partitions`` defaults to four
    tasks a core of the cluster. ``overrides`` are the pipeline's config overrides, as for
    ``build_pipeline`` (a lexicon file: its path must exist on every executor). ``output``
    must not hold files yet.
    """
    sources = [Source.of(str(p)) for p in paths]
    limits = limits or ReadLimits.from_environment()
    _check_output(output)
    spark = spark or spark_session(master)
    report = SparkReport()
    files = _list_files(spark, sources, limits, report)
    if files is None or report.files == 0:
        if "://" not in str(output):
            Path(output).mkdir(parents=True, exist_ok=True)  # an empty result is an empty folder
        return report
    report.partitions = partitions or min(report.files, spark.sparkContext.defaultParallelism * 4)
    records = files.repartition(report.partitions).rdd.mapPartitions(
        _extractor(sources, limits, overrides))
    records = records.persist(_storage_level())
    try:
        records.filter(lambda r: r[0] != FAILURE).map(lambda r: r[1]).saveAsTextFile(str(output))
        counts = records.map(lambda r: (r[0], 1)).reduceByKey(lambda a, b: a + b).collectAsMap()
        report.failures += sorted(r[1] for r in records.filter(lambda r: r[0] == FAILURE).collect())
    except ChainkgError:
        raise
    except Exception as exc:  # a task that failed for good (an executor lost, a full disk)
        raise SparkUnavailable(f"the Spark job stopped: {_first_line(exc)}; {output} is "
                               "incomplete: run it again into a new folder") from None
    finally:
        records.unpersist()
    report.documents = counts.get(DOCUMENT, 0)
    report.facts = report.documents + counts.get(FACT, 0)
    return report


def spark_session(master: str | None = None):
    """A Spark session (``local[*]`` when neither ``master`` nor spark-submit names one).

    In local mode the executors' Python is this one, so they import this chainkg.
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise SparkUnavailable("the spark engine needs pyspark: pip install 'chainkg[spark]'") from None
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("chainkg extract")
    submitted = "PYSPARK_GATEWAY_PORT" in os.environ  # run by spark-submit, which set the master
    if master or not submitted:
        builder = builder.master(master or "local[*]")
    builder = (builder.config("spark.python.worker.reuse", "true")  # one pipeline a worker
               .config("spark.ui.showConsoleProgress", "false"))
    try:
        session = builder.getOrCreate()
    except Exception as exc:  # Java missing, a master that does not answer: one line
        raise SparkUnavailable(f"cannot start Spark ({master or 'local[*]'}): "
                               f"{str(exc).strip().splitlines()[0][:300]}") from None
    session.sparkContext.setLogLevel("ERROR")
    return session


# --------------------------------------------------------------------------- driver side


def _check_output(output: str | Path) -> None:
    out = str(output)
    if "://" in out:
        return  # Spark itself refuses an existing folder on HDFS or S3
    folder = Path(out)
    if folder.is_file() or (folder.is_dir() and any(folder.iterdir())):
        raise ChainkgError(f"{out}: already exists and is not an empty folder; "
                           "the Spark engine writes part files into a new folder")
    if folder.is_dir():
        folder.rmdir()  # Spark creates the folder itself and refuses one that exists


def _list_files(spark, sources: list[Source], limits: ReadLimits, report: SparkReport):
    """A DataFrame of (source index, path, content) for every file to read, or None.

    Files over the size limit are named from the listing and never read.
    """
    from pyspark.sql import functions as F

    frames = []
    for index, source in enumerate(sources):
        try:
            frame = (spark.read.format("binaryFile").option("recursiveFileLookup", "true")
                     .load(source.uri))
        except Exception as exc:  # a path that does not exist, a file system it cannot reach
            report.failures.append(f"{source.given}: cannot be listed ({_first_line(exc)})")
            continue
        frames.append(frame.withColumn("source", F.lit(index)))
    if not frames:
        return None
    files = functools.reduce(lambda a, b: a.unionByName(b), frames)
    max_bytes = int(limits.max_file_mb * 1024 * 1024)
    report.files = files.count()  # from the listing: no file is read for it
    for row in files.filter(F.col("length") > max_bytes).select("source", "path").collect():
        source = sources[row.source]
        report.failures.append(
            f"{_given_path(source, source.inside(row.path) or row.path)}: larger than "
            f"{limits.max_file_mb:g} MB (CHAINKG_MAX_FILE_MB); skipped")
    return files.filter(F.col("length") <= max_bytes).select("source", "path", "content")


def _storage_level():
    from pyspark import StorageLevel
    return StorageLevel.MEMORY_AND_DISK


# --------------------------------------------------------------------------- executor side


def _extractor(sources: list[Source], limits: ReadLimits, overrides: tuple = ()):
    """The function each task runs over its rows: mirror the files, extract, yield records."""
    def extract_partition(rows: Iterator) -> Iterator[tuple[str, str]]:
        with tempfile.TemporaryDirectory(prefix="chainkg-spark-") as tmp:
            targets = _mirror(rows, sources, Path(tmp))
            yield from _extract_mirrored(targets, sources, limits, overrides, Path(tmp))
    return extract_partition


def _mirror(rows: Iterator, sources: list[Source], tmp: Path) -> dict[Path, int]:
    """Write each row's bytes under tmp/<source>/<root folder name>/<inside>; the paths to extract."""
    targets: dict[Path, int] = {}
    for row in rows:
        source = sources[row.source]
        inside = source.inside(row.path)
        if inside is None:
            continue
        folder = tmp / str(row.source) / (posixpath.basename(source.root_path) or "root")
        file = folder.joinpath(*inside.split("/"))
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(row.content)
        targets[file if source.single else folder] = row.source
    return targets


def _extract_mirrored(targets: dict[Path, int], sources: list[Source], limits: ReadLimits,
                      overrides: tuple, tmp: Path) -> Iterator[tuple[str, str]]:
    from chainkg.extract.pipeline import build_pipeline, extract_paths

    nlp = build_pipeline(overrides=overrides) if overrides else None  # cached per process
    for target, index in targets.items():
        failures: list[str] = []
        for fact in extract_paths([target], failures, limits=limits, nlp=nlp):
            yield (DOCUMENT if fact.kind == "document" else FACT), fact.to_json()
        folder = tmp / str(index) / (posixpath.basename(sources[index].root_path) or "root")
        for failure in failures:
            yield FAILURE, _rename(failure, folder, sources[index])


def _rename(failure: str, mirrored_root: Path, source: Source) -> str:
    """A failure names the mirrored file: name it by the path the user gave instead."""
    prefix = str(mirrored_root) + "/"
    if failure.startswith(prefix):
        inside, _, reason = failure[len(prefix):].partition(": ")
        return f"{_given_path(source, inside)}: {reason}"
    return failure.replace(str(mirrored_root), source.given.rstrip("/"))


def _given_path(source: Source, inside: str) -> str:
    """The path the single-process run names a file by: the PATH given, joined with the inside path."""
    if source.single:
        return source.given
    return posixpath.join(source.given.rstrip("/") or "/", inside)


def _uri_path(uri: str) -> str:
    """The path of ``scheme://authority/path`` or ``file:/path``, as Hadoop writes it (no decoding)."""
    if "://" in uri:
        rest = uri.split("://", 1)[1]
        return "/" + rest.split("/", 1)[1] if "/" in rest else "/"
    scheme, colon, rest = uri.partition(":")
    return rest if colon and "/" not in scheme else uri


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]


# --------------------------------------------------------------------------- spark-submit


def main(argv: list[str] | None = None) -> int:
    """``spark-submit extract/spark.py PATH... -o DIR [--partitions N]``: the job without the CLI."""
    import argparse

    parser = argparse.ArgumentParser(prog="chainkg-spark-extract", description=main.__doc__)
    parser.add_argument("paths", nargs="+")
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("--master", help="Spark master (default: spark-submit's, else local[*])")
    parser.add_argument("--partitions", type=int)
    args = parser.parse_args(argv)
    try:
        report = extract_on_spark(args.paths, args.output, master=args.master,
                                  partitions=args.partitions)
    except ChainkgError as exc:
        print(f"chainkg: error: {exc}", file=sys.stderr)
        return 2
    print(f"{report.facts} facts from {report.documents} documents written to {args.output} "
          f"({report.partitions} part files)")
    for failure in report.failures:
        print(f"chainkg: skipped {failure}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

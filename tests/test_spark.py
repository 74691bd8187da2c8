"""Extraction on Spark (local mode) gives the facts of the single-process run, order aside.

Real Spark (pyspark from PyPI, the chainkg[spark] extra, on the machine's Java 17), the real
pipeline, real files. Outside CI a machine without pyspark or Java skips this module with one
reason; under CI=true it fails instead, as the Neo4j half does.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import pytest

from chainkg.extract.pipeline import extract_paths
from tests.conftest import in_ci
from tests.test_cli import chainkg

ROOT = Path(__file__).resolve().parent.parent


def _missing() -> list[str]:
    missing = [] if importlib.util.find_spec("pyspark") else ["pyspark (pip install 'chainkg[spark]')"]
    return missing + ([] if shutil.which("java") else ["java"])


@pytest.fixture(scope="module")
def spark():
    missing = _missing()
    if missing and not in_ci():
        pytest.skip(f"Spark test skipped: {' and '.join(missing)} not found (CI never skips it)")
    from chainkg.extract.spark import spark_session
    session = spark_session("local[2]")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> Path:
    """corpora/ and, in a Chinese-named sub-folder, a GBK file, a file that cannot be read,
    and a hidden and an _-named file that neither engine reads."""
    folder = tmp_path_factory.mktemp("spark") / "语料"
    shutil.copytree(ROOT / "corpora", folder, ignore=shutil.ignore_patterns("build", "README*"))
    extra = folder / "新闻 二"
    extra.mkdir()
    (extra / "衢州新闻.txt").write_text("浙江华友钴业股份有限公司在衢州投资建设年产5万吨三元前驱体项目。",
                                       encoding="gbk")
    (extra / "坏文件.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    (extra / ".隐藏.txt").write_text("不读", encoding="utf-8")
    # Hadoop's listing never reads _-names: the single-process walk must skip them too.
    (extra / "_草稿.txt").write_text("宁德时代新能源科技股份有限公司在衢州投资建设电池项目。", encoding="utf-8")
    return folder


def _lines(facts) -> list[str]:
    return sorted(fact.to_json() for fact in facts)


def _part_lines(folder: Path) -> list[str]:
    return sorted(line for part in sorted(folder.glob("part-*"))
                  for line in part.read_text(encoding="utf-8").splitlines() if line)


def test_spark_facts_equal_the_single_process_run(spark, documents, tmp_path):
    from chainkg.extract.spark import extract_on_spark
    failures: list[str] = []
    single = _lines(extract_paths([documents], failures))
    report = extract_on_spark([documents], tmp_path / "facts", spark=spark, partitions=3)
    assert _part_lines(tmp_path / "facts") == single
    assert not any("_草稿" in line for line in single)
    assert report.documents == sum('"kind":"document"' in line for line in single) >= 11
    assert report.facts == len(single)
    assert report.partitions == 3 and len(list((tmp_path / "facts").glob("part-*"))) == 3
    # The failing document is named as the single-process run names it, with its reason.
    assert report.failures == failures and len(failures) == 1
    assert failures[0].startswith(f"{documents}/新闻 二/坏文件.pdf: ")


def test_a_file_given_alone_keeps_its_id(spark, documents, tmp_path):
    from chainkg.extract.spark import extract_on_spark
    file = documents / "新闻 二" / "衢州新闻.txt"
    single = _lines(extract_paths([file], []))
    extract_on_spark([file], tmp_path / "one", spark=spark)
    lines = _part_lines(tmp_path / "one")
    assert lines == single
    assert [json.loads(line).get("path") for line in lines if '"kind":"document"' in line] == [
        "新闻 二/衢州新闻.txt"]


def test_output_folder_that_holds_files_is_refused(spark, documents, tmp_path):
    from chainkg.contract.errors import ChainkgError
    from chainkg.extract.spark import extract_on_spark
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "facts.jsonl").write_text("{}", encoding="utf-8")
    with pytest.raises(ChainkgError, match="not an empty folder"):
        extract_on_spark([documents], tmp_path / "out", spark=spark)


def test_cli_spark_engine_then_load_of_the_folder(spark, documents, tmp_path):
    """The command as a user runs it: `extract --engine spark:local[2]`, then `load DIR`."""
    out = tmp_path / "部分"
    result = chainkg("extract", "--engine", "spark:local[2]", str(documents / "新闻 二"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "documents written to" in result.stdout
    assert "坏文件.pdf" in result.stderr and "Traceback" not in result.stderr
    loaded = chainkg("load", str(out), store=f"embedded:{tmp_path / 'g'}")
    assert loaded.returncode == 0, loaded.stderr
    documents_written = int(loaded.stdout.split(" documents written")[0].split()[-1])
    assert documents_written == int(result.stdout.split(" documents written")[0].split()[-1])

"""`chainkg eval facts` and `chainkg eval ner` as a user runs them: real processes, real pipeline.

The document, the gold file and the CLUENER lines are written here; the companies are invented.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHAINKG = str(Path(sys.executable).with_name("chainkg"))  # the installed console script

DOCUMENT = ("青岚材料调研\n\n"
            "浙江青岚新材料股份有限公司（简称“青岚新材”）位于衢州高新技术产业开发区，主要产品包括硫酸镍和硫酸钴。"
            "青岚新材向远帆电池科技有限公司供应硫酸镍。\n")
GOLD = [
    ("浙江青岚新材料股份有限公司", "LOCATED_IN", "衢州高新技术产业开发区"),
    ("浙江青岚新材料股份有限公司", "MAKES", "硫酸镍"),
    ("青岚新材", "MAKES", "硫酸钴"),  # the short name the document defines counts as the company
    ("浙江青岚新材料股份有限公司", "SUPPLIES", "远帆电池科技有限公司"),
    # Not something the rules can find (the text does not say it): a false negative on purpose.
    ("浙江青岚新材料股份有限公司", "INVESTS_IN", "远帆电池科技有限公司"),
]


def chainkg(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    return subprocess.run([CHAINKG, *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def write_gold(folder: Path) -> Path:
    (folder / "青岚.txt").write_text(DOCUMENT, encoding="utf-8")
    relations = [{"source": s, "relation": r, "target": t} for s, r, t in GOLD]
    gold = folder / "gold.jsonl"
    gold.write_text(json.dumps({"doc": "青岚.txt", "relations": relations}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    return gold


def test_eval_facts_json_counts_matches_misses_and_short_names(tmp_path):
    write_gold(tmp_path)
    result = chainkg("eval", "facts", "--gold", "gold.jsonl", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    scores = json.loads(result.stdout)
    assert scores["MAKES"] == {"p": 1.0, "r": 1.0, "f": 1.0, "tp": 2, "fp": 0, "fn": 0}
    assert scores["LOCATED_IN"]["tp"] == scores["SUPPLIES"]["tp"] == 1
    assert scores["INVESTS_IN"] == {"p": 0.0, "r": 0.0, "f": 0.0, "tp": 0, "fp": 0, "fn": 1}
    assert scores["ALL"] == {"p": 1.0, "r": 0.8, "f": 0.889, "tp": 4, "fp": 0, "fn": 1}


def test_eval_facts_table_has_a_row_per_type_and_the_total(tmp_path):
    write_gold(tmp_path)
    result = chainkg("eval", "facts", "--gold", "gold.jsonl", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["type", "p", "r", "f", "tp", "fp", "fn"]
    rows = {line.split()[0]: line.split()[1:] for line in lines[2:]}
    assert set(rows) == {"INVESTS_IN", "LOCATED_IN", "MAKES", "SUPPLIES", "ALL"}
    assert rows["ALL"] == ["1", "0.8", "0.889", "4", "0", "1"]


def test_eval_facts_refuses_a_malformed_gold_line_in_one_line(tmp_path):
    (tmp_path / "gold.jsonl").write_text('{"doc": "x.txt"}\n', encoding="utf-8")
    result = chainkg("eval", "facts", "--gold", "gold.jsonl", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "chainkg: error: gold.jsonl:1: not a gold line ('relations')"]


def test_eval_ner_scores_cluener_lines_or_says_no_model_is_trained(tmp_path):
    lines = [
        {"text": "浙江青岚新材料股份有限公司与衢州市经信局签订合作协议。",
         "label": {"company": {"浙江青岚新材料股份有限公司": [[0, 12]]},
                   "government": {"衢州市经信局": [[14, 19]]}}},
        {"text": "远帆电池科技有限公司在衢州投资建厂。",
         "label": {"company": {"远帆电池科技有限公司": [[0, 9]]}, "address": {"衢州": [[11, 12]]}}},
    ]
    data = tmp_path / "dev.json"
    data.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    result = chainkg("eval", "ner", "--data", str(data), "--format", "json", cwd=tmp_path)
    if (ROOT / "models" / "ner" / "config.cfg").is_file():
        assert result.returncode == 0, result.stderr
        scores = json.loads(result.stdout)
        assert scores["COMPANY"]["n"] == 2 and scores["ORG"]["n"] == 1  # address is not ours
        assert all(0.0 <= scores[k][m] <= 1.0 for k in ("COMPANY", "ORG") for m in "prf")
    else:
        assert result.returncode == 2 and result.stdout == ""
        assert "no trained NER pipeline" in result.stderr and "make model" in result.stderr

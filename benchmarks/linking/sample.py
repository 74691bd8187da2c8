#!/usr/bin/env python3
"""Draw the product-linking gold sample from ChainKnowledgeGraph (CKG) main products.

Deterministic sampling rule (python3, stdlib only; same input -> same output):

  Input: DIR/company_product.json, DIR/company_industry.json, DIR/industry.json
  (JSON lines, UTF-8).

  Names.  Every line of company_product.json is read in file order (line numbers
  are 1-based).  product_name is stripped of surrounding whitespace (str.strip());
  empty names are skipped.  A distinct name is identified by the line number of
  its FIRST occurrence in the file (over all companies), so `line` alone
  identifies the item and no CKG text has to be stored anywhere else.
  The population of distinct names is ordered by that line number.

  (a) stratum "uniform": random.Random(20261201).sample(population, 400).

  (b) stratum "chain-industry": the pool is every distinct name that occurs on
      at least one line whose company_code has a Shenwan industry in
      RELATED_INDUSTRIES below, minus the names already drawn in (a), ordered
      by first-occurrence line as above;
      random.Random(20261202).sample(pool, 200).
      A company's industry: company_industry.json gives company_code ->
      industry_code; the industry's name is looked up in industry.json by that
      code.  A few codes in company_industry.json are absent from
      industry.json (e.g. 640401 金属制品, 640301 仪器仪表); for those the
      industry_name written in company_industry.json is used instead.
      Companies without an industry row are never in the pool.

  Output (TSV, UTF-8, header `line  stratum  product_name`, no quoting):
  stratum "uniform" first, then "chain-industry", each sorted by line.
  A tab, newline or carriage return inside a name (12 CKG names have one) is
  written as the two characters \\t, \\n, \\r so every item is one row.
  Read it back with csv.reader(f, delimiter="\\t", quoting=csv.QUOTE_NONE).

The names are CKG data (no licence): the sample and the labels stay in scratch,
outside the repository; a gold file committed anywhere identifies items by line
number only.

Usage: python3 sample.py --ckg /work/shared/data/chain_knowledge_graph [--out sample.tsv]
       (--out - prints the TSV to stdout)
"""
import argparse
import json
import os
import random
import sys

SEED_UNIFORM = 20261201
N_UNIFORM = 400
SEED_CHAIN = 20261202
N_CHAIN = 200

# Shenwan-2021 level-3 industries (the level company_industry.json uses),
# names as in industry.json, plausibly related to the six chain templates.
RELATED_INDUSTRIES = {
    # lithium-battery
    "锂电池", "电池化学品", "锂电专用设备", "蓄电池及其他电池", "锂", "钴", "镍",
    "电动乘用车",
    # new-materials
    "氟化工", "有机硅", "氯碱", "其他化学原料", "无机盐", "电子化学品Ⅲ", "膜材料",
    "非金属材料Ⅲ", "其他金属新材料", "玻璃制造", "玻纤制造", "涂料", "胶黏剂及胶带",
    "钛白粉", "其他建材",
    # integrated-circuit
    "半导体材料", "数字芯片设计", "模拟芯片设计", "集成电路制造", "集成电路封测",
    "半导体设备", "分立器件",
    # smart-equipment
    "机床工具", "其他通用设备", "制冷空调设备", "能源及重型设备", "其他专用设备",
    "印刷包装机械", "纺织服装设备", "工程机械整机", "工程机械器件", "机器人",
    "工控设备", "激光设备", "其他自动化设备", "仪器仪表", "金属制品", "输变电设备",
    "配电设备", "电机Ⅲ",
    # life-health
    "原料药", "化学制剂", "中药Ⅲ", "血液制品", "疫苗", "其他生物制品", "医疗设备",
    "医疗耗材", "体外诊断", "医疗研发外包", "医药流通", "保健品", "食品及饲料添加剂",
    # special-paper
    "特种纸", "大宗用纸",
}


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        for lineno, raw in enumerate(f, 1):
            if raw.strip():
                yield lineno, json.loads(raw)


def escape(name):
    return name.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def draw(ckg):
    industry_by_code = {d["code"]: d["name"]
                        for _, d in read_jsonl(os.path.join(ckg, "industry.json"))}
    industry_of = {}
    for _, d in read_jsonl(os.path.join(ckg, "company_industry.json")):
        name = industry_by_code.get(d["industry_code"], d["industry_name"])
        industry_of[d["company_code"]] = name
    related_codes = {c for c, n in industry_of.items() if n in RELATED_INDUSTRIES}

    first_line = {}          # name -> first 1-based line
    related_names = set()    # names occurring for a related-industry company
    for lineno, d in read_jsonl(os.path.join(ckg, "company_product.json")):
        name = (d.get("product_name") or "").strip()
        if not name:
            continue
        first_line.setdefault(name, lineno)
        if d.get("company_code") in related_codes:
            related_names.add(name)

    population = sorted(first_line, key=first_line.get)
    uniform = random.Random(SEED_UNIFORM).sample(population, N_UNIFORM)
    taken = set(uniform)
    pool = [n for n in population if n in related_names and n not in taken]
    chain = random.Random(SEED_CHAIN).sample(pool, N_CHAIN)

    rows = [(first_line[n], "uniform", n) for n in sorted(uniform, key=first_line.get)]
    rows += [(first_line[n], "chain-industry", n) for n in sorted(chain, key=first_line.get)]
    stats = {"distinct_names": len(population), "chain_pool": len(pool),
             "related_companies": len(related_codes)}
    return rows, stats


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ckg", required=True, help="ChainKnowledgeGraph data directory")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                  "sample.tsv"),
                    help="output TSV (default: sample.tsv beside this script; - for stdout)")
    args = ap.parse_args(argv)
    rows, stats = draw(args.ckg)
    text = "line\tstratum\tproduct_name\n" + "".join(
        f"{line}\t{stratum}\t{escape(name)}\n" for line, stratum, name in rows)
    if args.out == "-":
        sys.stdout.write(text)
    else:
        with open(args.out, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        print(f"wrote {len(rows)} rows to {args.out} "
              f"(distinct names {stats['distinct_names']}, related companies "
              f"{stats['related_companies']}, chain-industry pool {stats['chain_pool']})",
              file=sys.stderr)


if __name__ == "__main__":
    main()

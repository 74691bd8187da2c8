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

.PHONY: setup system-deps neo4j run test model bench clean

setup: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $(STAMP)

# Fonts for Chinese in PNG/SVG/PDF exports and Chromium for the browser test (Debian).
system-deps:
	@scripts/system-deps

neo4j:
	scripts/neo4j build

run: setup
	$(BIN)/chainkg chains load chains/ --store $(STORE)
	$(BIN)/chainkg ingest corpora/ --store $(STORE)
	CHAINKG_STORE=$(STORE) $(BIN)/streamlit run app.py --server.port $(PORT)

test: setup system-deps neo4j
	$(BIN)/python -m pytest

model: setup
	$(BIN)/python -m extract.ner.prepare --cluener $(DATA)/cluener2020/train.jsonl \
		--boson $(DATA)/boson_ner/boson_train.jsonl --out build/ner-data
	$(BIN)/python -m extract.ner.train --data build/ner-data --out models/ner

bench: setup neo4j
	$(BIN)/python benchmarks/load.py

clean:
	rm -rf .chainkg build

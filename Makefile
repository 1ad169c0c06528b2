# TanyaRB: `make run` and `make test` are all a new machine needs.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# torch is pinned to the CPU build on this machine; anything unpinned pulls CUDA packages.
TORCH  := torch==2.13.0
STAMP  := $(VENV)/.installed
# The browser test drives Debian's chromium; Playwright never downloads a browser.
CHROMIUM := /usr/bin/chromium
SUDO   := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: run ask bot test lint typecheck unit eval fit heldout questions bench load bot-load clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet '$(TORCH)'
	$(BIN)/pip install --quiet -e '.[dev,st]' '$(TORCH)'
	touch $@

run: $(STAMP)
	@$(BIN)/tanyarb ingest || echo "tanyarb: some files were not ingested (see above); serving the rest."
	@$(BIN)/tanyarb serve

ask: $(STAMP)
	@$(BIN)/tanyarb ask

$(CHROMIUM):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium

test: $(STAMP) $(CHROMIUM)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest -q

# Train is studied item by item; validation is read as figures only.
eval: $(STAMP)
	$(BIN)/tanyarb ingest
	$(BIN)/tanyarb eval --gold eval/questions/train.jsonl
	$(BIN)/tanyarb eval --gold eval/questions/validation.jsonl --aggregate-only
	$(BIN)/tanyarb eval --gold eval/dev.jsonl

# Refit on the train split: the question-type model (retriever/data/question_types.json), the
# query adapter (retriever/data/query_adapter.npz), the
# unit scorer (weights and threshold in retriever/data/scorer.json), then the look-up coverage
# thresholds (retriever/data/thresholds.json).
fit: $(STAMP)
	$(BIN)/tanyarb ingest
	$(BIN)/python -m eval.fit_question_types
	$(BIN)/python -m eval.fit_adapter
	$(BIN)/python -m eval.fit_scorer
	$(BIN)/python -m eval.fit_thresholds

# Leave-one-document-out: corpus/ plus eval/heldout/ in their own index (var/heldout).
heldout: $(STAMP)
	$(BIN)/python -m eval.heldout

# Re-split the question sources by id hash and check them against corpus/.
questions:
	$(PYTHON) -m eval.split eval/questions/sources/*.jsonl --out eval/questions
	$(PYTHON) eval/check_questions.py

bench: $(STAMP)
	$(BIN)/python -m eval.benchmark

load: $(STAMP)
	$(BIN)/python -m eval.load

bot: $(STAMP)
	@$(BIN)/tanyarb ingest
	@$(BIN)/tanyarb bot

bot-load: $(STAMP)
	$(BIN)/python -m eval.bot_load

clean:
	rm -rf var .mypy_cache .ruff_cache .pytest_cache

# TanyaRB: `make run` and `make test` are all a new machine needs.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# torch is pinned to the CPU build on this machine; anything unpinned pulls CUDA packages.
TORCH  := torch==2.13.0
STAMP  := $(VENV)/.installed

.PHONY: run test lint typecheck unit eval bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet '$(TORCH)'
	$(BIN)/pip install --quiet -e '.[dev,st]' '$(TORCH)'
	touch $@

run: $(STAMP)
	@$(BIN)/tanyarb ingest || echo "tanyarb: some files were not ingested (see above); serving the rest."
	@$(BIN)/tanyarb ask

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest -q

eval: $(STAMP)
	$(BIN)/tanyarb ingest
	$(BIN)/tanyarb eval --gold eval/dev.jsonl

bench: $(STAMP)
	$(BIN)/python -m eval.benchmark

clean:
	rm -rf var .mypy_cache .ruff_cache .pytest_cache

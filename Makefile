PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall whenever the packaging or the shipped data changes.
$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/megaroth check --fail-on never samples/

test: $(STAMP)
	$(BIN)/python -m pytest -q

# The peer the benchmark compares with lives in a venv of its own: it is not a
# dependency of megaroth, and never installed beside it.
BENCH_VENV := benchmarks/.venv
BENCH_PEER := $(BENCH_VENV)/bin/check-jsonschema

$(BENCH_PEER):
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet 'check-jsonschema==0.39.0'

# Speed and memory against the parse floor and the peer (issue 6); not part of test.
bench: $(STAMP) $(BENCH_PEER)
	$(BIN)/python -m benchmarks.bench --peer $(BENCH_PEER)

clean:
	rm -rf $(VENV) $(BENCH_VENV) build dist *.egg-info

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUPPORTED := 3.10 3.11 3.12 3.13

.PHONY: run test bench clean

# "3.11 3.11.7 /root/.pyenv/versions/3.11.7/bin/python3.11": the version the check
# below reads and the identity .venv is made for; empty if $(PYTHON) does not run.
# Written for any Python, old ones included, so that they get the message too.
INTERPRETER := $(shell $(PYTHON) -c 'import os, sys; v = sys.version_info; sys.stdout.write("%d.%d %d.%d.%d %s" % (v[0], v[1], v[0], v[1], v[2], os.path.realpath(sys.executable)))' 2>/dev/null)

# Expanded only by the recipes that make a venv, so `make clean` works with any PYTHON.
# $(error) gives one line and stops before anything is created.
check_python = $(if $(filter $(word 1,$(INTERPRETER)),$(SUPPORTED)),,$(error megaroth needs Python \
  3.10, 3.11, 3.12 or 3.13, but PYTHON=$(PYTHON) is $(if $(INTERPRETER),Python $(word 2,$(INTERPRETER)),not a \
  Python that runs); set PYTHON to one of those, e.g. make run PYTHON=python3.13))

# durable-rules 2.0.28's C core calls PyEval_CallObject, which Python 3.13 removed. Its
# setup.py overwrites CFLAGS, but CPPFLAGS reaches the compiler. On 3.10-3.12 ceval.h
# defines the name itself and overrides this one (the module built is byte-identical
# with or without it), so the flag is passed on every version.
DURABLE_RULES_CPPFLAGS := -DPyEval_CallObject=PyObject_CallObject

# .venv is used only when this file names $(PYTHON). It is written last, once the venv
# and its pip are in place: a venv left by a failed or interrupted build, or made by
# another interpreter, is removed and made again, never reused. It is remade (FORCE) on
# every run but changes only when the interpreter does, so installs are not redone.
MADE_BY := $(VENV)/.made-by

$(MADE_BY): FORCE
	$(check_python)
	@if [ "$$(cat $@ 2>/dev/null)" != "$(INTERPRETER)" ]; then \
	    echo "Making $(VENV) with Python $(word 2,$(INTERPRETER)) ($(word 3,$(INTERPRETER)))"; \
	    rm -rf $(VENV) && \
	    $(PYTHON) -m venv $(VENV) && \
	    $(BIN)/python -m pip install --quiet --upgrade pip && \
	    echo "$(INTERPRETER)" > $@ || { rm -rf $(VENV); exit 1; }; \
	fi

FORCE:

# pip install $(1) into .venv; if it fails, or leaves a durable-rules whose C core does
# not load (gcc before 14 only warns about the missing PyEval_CallObject, so the wheel
# builds, pip caches it, and the import fails), .venv is removed. The stamp, written
# last, marks the install done.
define install
	@echo "Installing megaroth$(patsubst .%,%,$(1)) into $(VENV) (durable-rules built with CPPFLAGS=$(DURABLE_RULES_CPPFLAGS))"
	@CPPFLAGS="$(DURABLE_RULES_CPPFLAGS) $$CPPFLAGS" $(BIN)/python -m pip install --quiet -e '$(1)' || { rm -rf $(VENV); exit 1; }
	@$(BIN)/python -c 'import durable_rules_engine' || { rm -rf $(VENV); \
	    echo "durable-rules does not load: if pip reused a wheel built without the fix, run" \
	         "'$(PYTHON) -m pip cache remove durable_rules' and make again" >&2; exit 1; }
	@touch $@
endef

# Running needs megaroth, its dependencies and the chart extra; the test tools
# (pytest, hypothesis, build, pre-commit, import-linter) only `make test` installs.
# Both reinstall when the packaging changes.
$(VENV)/.installed-run: $(MADE_BY) pyproject.toml
	$(call install,.[chart])

$(VENV)/.installed-test: $(MADE_BY) pyproject.toml
	$(call install,.[test])

run: $(VENV)/.installed-run
	$(BIN)/megaroth check --fail-on never samples/

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest -q

# The peer the benchmark compares with lives in a venv of its own: it is not a
# dependency of megaroth, and never installed beside it.
BENCH_VENV := benchmarks/.venv
BENCH_PEER := $(BENCH_VENV)/bin/check-jsonschema

$(BENCH_PEER):
	$(check_python)
	rm -rf $(BENCH_VENV)
	$(PYTHON) -m venv $(BENCH_VENV) && \
	    $(BENCH_VENV)/bin/python -m pip install --quiet 'check-jsonschema==0.39.0' || { rm -rf $(BENCH_VENV); exit 1; }

# megaroth as users run it: installed from the checkout as a wheel would be, not
# editable (setuptools' editable finder costs every start about 80 ms of CPU).
# Made anew each time, so it always holds the code being measured.
BENCH_MEGAROTH := benchmarks/.venv-megaroth

# Speed and memory against the parse floor and the peer; not part of test.
bench: $(BENCH_PEER)
	$(check_python)
	rm -rf $(BENCH_MEGAROTH)
	$(PYTHON) -m venv $(BENCH_MEGAROTH) && \
	    CPPFLAGS="$(DURABLE_RULES_CPPFLAGS) $$CPPFLAGS" $(BENCH_MEGAROTH)/bin/python -m pip install --quiet . || \
	    { rm -rf $(BENCH_MEGAROTH); exit 1; }
	$(BENCH_MEGAROTH)/bin/python -m benchmarks.bench --peer $(BENCH_PEER)

clean:
	rm -rf $(VENV) $(BENCH_VENV) $(BENCH_MEGAROTH) build dist *.egg-info

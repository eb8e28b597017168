# Every target bootstraps its own virtual environment from nothing but Python 3.11+.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo run test lint bench soak model clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Steward needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/steward demo

run: $(STAMP)
	$(BIN)/steward run

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The suite spread over every core; `pytest -q` alone runs it in one process.
test: lint
	$(BIN)/pytest -q -n auto

bench: $(STAMP)
	$(BIN)/python -m benchmarks

# Faults, hard restarts, a database outage, a raid and a flood; every count must be 0.
soak: $(STAMP)
	$(BIN)/python -m benchmarks.soak

# The shipped spam model (policies/data/spam_model.json.gz) from the seeds and ../shared/corpus.
model: $(STAMP)
	$(BIN)/python -m bot.train_model

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache

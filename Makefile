# Two commands for a newcomer: `make run` and `make test`. Both build .venv first.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed-stamp

.PHONY: run test lint typecheck soak bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/giftpos demo

lint: $(STAMP)
	$(BIN)/ruff check app ui drivers tests
	$(BIN)/lint-imports --no-cache

typecheck: $(STAMP)
	$(BIN)/mypy app drivers ui

test: lint typecheck
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider

soak: $(STAMP)
	GIFTPOS_SOAK=1 QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q tests/reliability tests/fuzz

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/giftpos bench all

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache

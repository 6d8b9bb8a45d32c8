# Two commands for a newcomer: `make run` and `make test`. Both build .venv first.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed-stamp

.PHONY: run test lint typecheck soak bench clean translations

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "make: $(PYTHON) cannot make a venv; installing python3-venv (running as root)"; \
	    apt-get update -qq && apt-get install -y -qq python3-venv; \
	  else \
	    echo "make: $(PYTHON) cannot make a venv. On Debian or Ubuntu: sudo apt-get install -y python3-venv"; \
	    exit 1; \
	  fi; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

# The Qt window's system libraries: installed with apt-get when running as
# root, otherwise the exact apt-get line is printed and make stops.
run: $(STAMP)
	$(BIN)/python -m ui.system_packages --install
	$(BIN)/giftpos demo $(ARGS)

# Qt's translation tools: lupdate refreshes the .ts sources from every tr()
# in ui/ (translators fill them in, e.g. with pyside6-linguist), lrelease
# builds the .qm files the till loads. Both are committed.
TS = resources/translations/giftpos_de.ts resources/translations/giftpos_es.ts
translations: $(STAMP)
	$(BIN)/pyside6-lupdate -locations none -no-obsolete $$(find ui -name '*.py' | sort) -ts $(TS)
	$(BIN)/pyside6-lrelease $(TS)
	$(BIN)/python -m app.sentences  # app/'s sentences: resources/translations/messages_*.po

lint: $(STAMP)
	$(BIN)/ruff check app ui drivers tests
	$(BIN)/lint-imports --no-cache

typecheck: $(STAMP)
	$(BIN)/mypy app drivers ui

test: lint typecheck
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider

# The long runs: the reliability suite (the PostgreSQL fault run for 10 minutes
# included), the differential property test (200 programs) and the fuzzers.
soak: $(STAMP)
	GIFTPOS_SOAK=1 QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q tests/reliability tests/property tests/fuzz

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/giftpos bench all

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache

# kotacerdas — every target creates the virtual environment it needs.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8000

.PHONY: demo test lint typecheck pytest api-check bench messages clean serve

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall when the project's metadata changes.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

# Front-end libraries (Leaflet, uPlot) from npm; Node.js is the one extra prerequisite.
NODE_STAMP := node_modules/.package-lock.json
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

demo: $(STAMP) $(NODE_STAMP)
	$(BIN)/kotacerdas demo --port $(PORT)

serve: $(STAMP) $(NODE_STAMP)
	$(BIN)/kotacerdas serve --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP) $(NODE_STAMP)
	scripts/run-tests $(BIN)

# Schemathesis against a running server (anonymous and as a region admin): any finding fails.
api-check: $(STAMP)
	scripts/api-check $(BIN)

test: lint typecheck pytest api-check

bench: $(STAMP) $(NODE_STAMP)
	PYTHONPATH=. $(BIN)/python -m bench

messages: $(STAMP)
	KOTACERDAS_DATA_DIR=$${KOTACERDAS_DATA_DIR:-/tmp/kotacerdas-messages} $(BIN)/python scripts/makemessages.py
	$(BIN)/python scripts/compile_messages.py

clean:
	rm -rf $(VENV) node_modules .pytest_cache .mypy_cache .ruff_cache

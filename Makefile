# One command to run the app, one to test it. Both set up what they need first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed

.PHONY: run test lint setup assets migrate demo bench clean

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: pages will render without Bootstrap styling (install Node.js to fix)."; fi

setup: $(STAMP) assets

assets: node_modules/.package-lock.json

migrate: setup
	mkdir -p var
	$(PY) manage.py migrate --noinput

# First run only: the demo team and ~200 candidates, then print the demo logins.
demo: migrate
	@if [ ! -f var/.demo-loaded ]; then $(PY) manage.py seed_demo && touch var/.demo-loaded; \
	else $(PY) manage.py seed_demo --logins-only; fi

run: demo
	$(BIN)/honcho start -f Procfile

test: setup
	$(BIN)/pytest

lint: setup
	$(BIN)/ruff check .

bench: setup
	$(PY) manage.py bench --sizes $${SIZES:-10000}

clean:
	rm -rf var staticfiles .pytest_cache

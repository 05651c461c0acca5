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

# Pages, jobs and an HTTP load run against PostgreSQL, e.g. make bench SIZES=10000,100000,1000000.
# Uses a database of its own (generated data only), created on first use; results in var/bench/.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/nurture_bench
bench: setup
	DATABASE_URL=$(BENCH_DATABASE_URL) DEBUG=False $(PY) manage.py bench --migrate --sizes $${SIZES:-10000} $(BENCH_ARGS)

clean:
	rm -rf var staticfiles .pytest_cache

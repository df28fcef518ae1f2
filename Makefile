# dangbo — see README.md. `make run` and `make test` are the two commands.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PYTEST_ARGS ?= -n 2
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := dangbo.settings

.PHONY: run test install browser messages migrate demo serve test-pg lint bench bench-national clean

run: install messages migrate demo
	@DEMO_MODE=1 $(PY) manage.py collectstatic --noinput -v0
	@DEMO_MODE=1 $(PY) manage.py demo_logins
	@echo "Serving http://$(HOST):$(PORT)/ and running background jobs  (Ctrl+C to stop both)"
	@# The job worker (Huey, two threads) runs beside gunicorn and stops when it stops: a second SIGINT (Ctrl+C sent
	@# the first) stops it without waiting for its jobs, which are queued again when it next starts; TERM if it was
	@# still starting.
	@DEMO_MODE=1 $(PY) manage.py run_huey --workers 2 --worker-type thread & worker=$$!; \
	trap 'kill -INT $$worker 2>/dev/null; sleep 1; kill -INT $$worker 2>/dev/null; sleep 1; \
	      kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT; \
	DEMO_MODE=1 $(VENV)/bin/gunicorn dangbo.wsgi:application --bind $(HOST):$(PORT) --workers 3 --timeout 300 --access-logfile -

$(VENV)/.installed: requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip 2>&1 | { grep -v '^WARNING: Location' || true; }
	$(PIP) install --quiet -r requirements.lock 2>&1 | { grep -v '^WARNING: Location' || true; }
	touch $@

install: $(VENV)/.installed

# Debian's chromium for the browser tests (never a downloaded browser).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# Compiled catalogues are committed; rebuild them when GNU gettext is there.
messages: install
	@if command -v msgfmt >/dev/null 2>&1; then $(PY) manage.py compilemessages -v0 --ignore=.venv; \
	else echo "msgfmt not found: using the committed .mo files"; fi

migrate: install
	$(PY) manage.py migrate --noinput -v0

demo: install
	$(PY) manage.py load_demo --if-empty

test: install browser messages
	$(PY) -m pytest $(PYTEST_ARGS)

# The same suite against PostgreSQL (CI runs this too).
test-pg: install browser messages
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/dangbo} $(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports --no-cache

# Province size on both engines (each dataset built once, then reused; BENCH_PG_URL names another PostgreSQL database).
bench: install
	$(PY) bench/run.py
	BENCH_DATABASE_URL=$${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/dangbo_bench_province} $(PY) bench/run.py

# National size on PostgreSQL (bench/national.py: 56 copies of the PostgreSQL province under one root, 5.65 million
# members, built once from the province database, which the first line builds when missing); prints each page's
# growth from the last PostgreSQL province run (make bench).
bench-national: install
	BENCH_DATABASE_URL=$${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/dangbo_bench_province} $(PY) bench/run.py --only "member list:"
	$(PY) bench/national.py
	$(PY) bench/run.py --national --explain

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 db.sqlite3-wal db.sqlite3-shm

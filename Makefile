# Blueprint: the two commands a new machine needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
ADDR ?= 127.0.0.1:8000
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DEV := DJANGO_DEBUG=1

.PHONY: venv system-deps run test test-fast lint format messages migrations-check pg-test bench bench-writes bench-pdf-load bench-slow-link bench-load worker mutation

venv: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

# Debian packages the tests use: Chromium (browser tests), poppler-utils (PDF text and pages),
# gettext (message catalogues), Node.js (pdf.js reads our PDFs' text), redis-server (the shared
# cache of the two-instance and health tests, tests/deploy: each starts its own on a free port).
# Installed only when missing.
system-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	command -v node >/dev/null || missing="$$missing nodejs"; \
	command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  $(SUDO) apt-get update -q >/dev/null && $(SUDO) apt-get install -y -q $$missing >/dev/null; \
	fi

# Set up, migrate, load the demo province and serve the app on http://127.0.0.1:8000/
run: venv
	$(DEV) $(BIN)/python manage.py migrate --noinput
	$(DEV) $(BIN)/python manage.py load_demo
	@echo "Log in as chumphon.strategy (or opdc.reviewer, chumphon.agriculture, admin), password blueprint2548"
	$(DEV) $(BIN)/python manage.py runserver $(ADDR)

# The background worker (batch PDF exports of the OPDC review workspace).
worker: venv
	$(DEV) $(BIN)/python manage.py review_worker

# Tests run in random order (pytest-randomly; the seed is printed at the end as
# "random order: -p randomly --randomly-seed=N"). Reproduce an order with
# `make test ORDER="-p randomly --randomly-seed=N"`; keep the file order with ORDER="-p no:randomly".
ORDER ?= -p randomly

# The whole suite on the embedded SQLite database, browser tests included.
test: venv system-deps
	$(BIN)/pytest -q -n auto $(ORDER)

test-fast: venv
	$(BIN)/pytest -q -n auto $(ORDER) -m "not browser"

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Rebuild the Thai and English catalogues from the code and locale/translations/*.json.
messages: venv
	$(BIN)/python tools/i18n.py

migrations-check: venv
	$(DEV) $(BIN)/python manage.py makemigrations --check --dry-run

# The whole suite again on a throwaway PostgreSQL cluster (port 55433).
pg-test: venv system-deps
	tools/pg_throwaway.sh 55433 $(BIN)/pytest -q -n auto $(ORDER)

bench: venv
	tools/pg_throwaway.sh 55434 $(BIN)/python bench/run.py

# Concurrent writes under gunicorn (300 comment posts, 4 parallel input accepts, real logins
# with CSRF): the embedded SQLite database, then a throwaway PostgreSQL. Not run in CI.
bench-writes: venv
	$(BIN)/python bench/concurrent_writes.py
	tools/pg_throwaway.sh 55435 $(BIN)/python bench/concurrent_writes.py
# Login and the Blueprint page timed while four people download a large draft PDF (SQLite).
bench-pdf-load: venv
	$(BIN)/python bench/pdf_load.py
# Largest Contentful Paint of the Blueprint, home and login pages over a slow line (1.6 Mbit/s,
# 150 ms) in Chromium, production static files under gunicorn (SQLite, demo data, loopback).
bench-slow-link: venv system-deps
	$(BIN)/python bench/slow_link.py --output bench/results/slow-link-latest.md

# Deadline day under Locust (bench/deadline_day.py): editors, agencies and OPDC reviewers of many
# provinces on the national dataset, rising steps of people until p95 passes 500 ms; the
# embedded SQLite database, then a throwaway PostgreSQL. Bounded (< 15 min each), loopback
# only, not run in CI. Report: bench/results/deadline-day-latest.md.
bench-load: venv
	-$(BIN)/python bench/deadline_day.py
	tools/pg_throwaway.sh 55436 $(BIN)/python bench/deadline_day.py

# Mutation testing (mutmut) of the modules that hold the promises, one module at a time, each
# with only the test files that exercise it (tools/mutation.py; MODULES="privacy fetcher" for a
# few). Slow; not run in CI. Results stay in var/mutation/<module>/.
MODULES ?=
mutation: venv
	$(BIN)/python tools/mutation.py $(MODULES)

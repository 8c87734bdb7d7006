# Trama — the two commands of the README, and the rest of the daily work.
# Needs only Python 3.11+: everything else is installed in .venv.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
TIER ?= S
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= config.settings.dev

.PHONY: run serve install setup demo test test-sqlite test-postgres lint format bench translations clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

translations: install
	$(PY) manage.py compile_translations

setup: install translations
	mkdir -p var
	$(PY) manage.py migrate --noinput

demo: setup
	$(PY) manage.py load_demo

## make run: install, migrate, load the demo data and start Trama on http://127.0.0.1:8000:
## the web server, the task worker and the scheduler together (Ctrl+C stops all three)
run: demo
	@echo ""
	@echo "Trama is starting on http://$(HOST):$(PORT)/  (back office: http://$(HOST):$(PORT)/gestione/)"
	@echo "Web server, task worker and scheduler run together; stop them with Ctrl+C."
	$(PY) tools/run_all.py --addr $(HOST):$(PORT)

## make serve: production on PostgreSQL (DATABASE_URL, DJANGO_SECRET_KEY, TRAMA_AUDIT_KEY,
## DJANGO_ALLOWED_HOSTS required; docs/deploy.md): migrate, collect and compress the static
## files, compile the translations, then gunicorn, the task worker and the scheduler
## together (Ctrl+C stops all)
serve: export DJANGO_SETTINGS_MODULE = config.settings.production
serve: install
	@test -n "$$DATABASE_URL" || { echo "make serve: set DATABASE_URL (postgres://...), see docs/deploy.md"; exit 2; }
	$(PY) manage.py compile_translations
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput
	@echo "Trama (production settings) is starting on $${GUNICORN_BIND:-127.0.0.1:8000}: gunicorn, task worker and scheduler; stop them with Ctrl+C."
	$(PY) tools/run_all.py --production

## make test: the whole suite, in parallel (one database per worker), the ten slowest printed;
## the browser and PostgreSQL layers skip with a message when absent, never in CI
WORKERS ?= auto
test: install translations
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) -m pytest -n $(WORKERS) --durations=10 $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## make bench: the benchmark (TIER=S|M, ONLY=name; BENCH_DATABASE_URL for PostgreSQL)
bench: install translations
	$(PY) bench/run.py --tier $(TIER) $(if $(ONLY),--only $(ONLY))

clean:
	rm -rf var bench/data

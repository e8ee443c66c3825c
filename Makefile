# Two commands on a fresh machine: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check
PORT ?= 8000
APT_PACKAGES := chromium fonts-dejavu-core fonts-liberation2 poppler-utils libpango-1.0-0 libpangoft2-1.0-0 gettext libreoffice-writer

# Development defaults; production sets these in its own environment.
export DJANGO_DEBUG ?= 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test test-postgres lint format bench backup restore screenshots system-deps messages clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.runtime: $(VENV)/bin/python requirements.txt
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

# Debian packages for PDFs (Pango), browser tests (Chromium), fonts and the DOCX test
# (LibreOffice Writer opens the DOCX); installed when missing.
system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installerer:$$missing"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Mangler Debian-pakker:$$missing (installer dem med apt-get)"; fi; \
	fi

run: $(VENV)/.runtime
	-@$(MAKE) --no-print-directory system-deps
	$(PY) manage.py migrate --noinput
	$(PY) manage.py compilemessages -v0 --ignore=.venv || true
	$(PY) manage.py load_demo
	@echo "Siden kører på http://127.0.0.1:$(PORT)/ — log ind med en demo-login og adgangskoden 'demo'."
	@# The task worker (e-mail) runs beside the server and stops with it.
	@$(PY) manage.py db_worker --no-reload --interval 2 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	DJANGO_SITE_URL=$${DJANGO_SITE_URL:-http://127.0.0.1:$(PORT)} $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The suite runs in one worker process per core (pytest-xdist); TEST_WORKERS=0 runs it in one.
TEST_WORKERS ?= auto
test: $(VENV)/.dev system-deps
	$(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

test-postgres: $(VENV)/.dev system-deps
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/partnerskab} $(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# Query counts, PDF export times and load under gunicorn on a fresh database of its own
# (SQLite in BENCH_DIR unless DATABASE_URL names an empty one); the last line is JSON.
BENCH_DIR ?= /tmp/partnerskab-bench
bench: $(VENV)/.runtime
	-@$(MAKE) --no-print-directory system-deps
	@rm -rf $(BENCH_DIR) && mkdir -p $(BENCH_DIR)
	@export DJANGO_DEBUG=0 DJANGO_HTTPS=0 DJANGO_STATIC_MANIFEST=0 DJANGO_LOG_LEVEL=WARNING \
	  DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-bench-$$(date +%s%N)-not-for-production-use}" \
	  DJANGO_MEDIA_ROOT=$(BENCH_DIR)/media PYTHONWARNINGS="ignore:No directory at" \
	  DATABASE_URL="$${DATABASE_URL:-sqlite:///$(BENCH_DIR)/bench.sqlite3}"; \
	$(PY) manage.py migrate --noinput -v0 && $(PY) manage.py bench $(BENCH_ARGS)

# Database (pg_dump, or a consistent SQLite copy) and the media folder in one archive.
BACKUP_DIR ?= backups
backup: $(VENV)/.runtime
	$(PY) manage.py backup --output-dir $(BACKUP_DIR)

# make restore FILE=backups/partnerskab-20260101-120000.tar.gz  (asks before overwriting)
restore: $(VENV)/.runtime
	@test -n "$(FILE)" || { echo "Brug: make restore FILE=backups/partnerskab-....tar.gz"; exit 2; }
	$(PY) manage.py restore "$(FILE)"
	$(PY) manage.py migrate --noinput -v0  # a backup from an older release gets its schema updated

# Screenshots of the main pages and the report PDF for the README, from the demo data in a
# temporary SQLite database and a server on a free loopback port.
screenshots: $(VENV)/.dev
	-@$(MAKE) --no-print-directory system-deps
	$(PY) manage.py compilemessages -v0 --ignore=.venv || true
	$(PY) tests/screenshots.py docs/screenshots

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: $(VENV)/.dev
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=tests
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache

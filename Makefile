# Kubelab. `make run` serves it on http://127.0.0.1:8000; `make test` runs every test.
# The virtualenv and its packages are (re)made only when missing or when a
# requirements file changed (stamp files inside .venv record the last install).

VENV := .venv
PY := $(VENV)/bin/python
BASE_PYTHON := $(shell command -v python3.11 || command -v python3)
RUN_STAMP := $(VENV)/.stamp-requirements
DEV_STAMP := $(VENV)/.stamp-requirements-dev
PIP_INSTALL := $(PY) -m pip install --quiet --disable-pip-version-check
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve test test-unit test-browser fuzz lint bench messages compilemessages

run: $(RUN_STAMP) compilemessages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py loadcontent
	$(PY) manage.py demo_setup
	@echo "Kubelab: http://$(HOST):$(PORT)/  (log in with the demo instructor printed above)"
	$(PY) manage.py runserver $(HOST):$(PORT)

# Production workers (docs/deploy.md): WORKERS (two per core) Daphne processes on PORT, PORT+1, ..., behind
# a proxy on this machine (they trust its X-Forwarded-For), stopped together. Settings come
# from the environment (DEBUG=0, DATABASE_URL, REDIS_URL).
WORKERS ?= $(shell echo $$(( $$(nproc) * 2 )))
serve: $(RUN_STAMP)
	@trap 'kill 0' INT TERM EXIT; \
	for i in $$(seq 0 $$(($(WORKERS) - 1))); do \
		$(VENV)/bin/daphne --proxy-headers -b $(HOST) -p $$(($(PORT) + i)) config.asgi:application & \
	done; wait

# Unit and async tests, then browser tests in a second process: Playwright's
# sync API and pytest-asyncio cannot share one (see tests/e2e/conftest.py).
test: test-unit test-browser

test-unit: $(DEV_STAMP) compilemessages
	$(PY) -m pytest tests --ignore=tests/e2e

test-browser: $(DEV_STAMP) compilemessages
	$(PY) -m pytest tests/e2e

# The fuzz targets (tests/fuzz/) with 10,000 examples each; `make test` runs 1,000 of each.
fuzz: $(DEV_STAMP) compilemessages
	FUZZ_PROFILE=fuzz $(PY) -m pytest tests/fuzz

lint: $(DEV_STAMP)
	$(PY) -m ruff check .

# Every module in bench/ is a benchmark, run as `python -m bench.NAME`.
bench: $(RUN_STAMP)
	@benches="$$(ls bench/*.py 2>/dev/null | grep -v '/__init__\.py$$' || true)"; \
	if [ -z "$$benches" ]; then echo "No benchmarks yet (add modules to bench/)."; exit 0; fi; \
	for file in $$benches; do \
		name="bench.$$(basename $$file .py)"; \
		echo "== $$name"; \
		$(PY) -m $$name || exit 1; \
	done

# Update the Chinese catalogue after changing interface strings, then translate
# the new entries in locale/zh_Hans/LC_MESSAGES/django.po.
messages: $(RUN_STAMP)
	$(PY) manage.py makemessages -l zh_Hans

# The .mo files are built, not committed.
compilemessages: $(RUN_STAMP)
	@command -v msgfmt >/dev/null || { echo "msgfmt not found: install gettext (apt-get install gettext)"; exit 1; }
	$(PY) manage.py compilemessages

$(PY):
	$(BASE_PYTHON) -m venv $(VENV)

$(RUN_STAMP): requirements.txt | $(PY)
	$(PIP_INSTALL) -r requirements.txt
	touch $@

# requirements-dev.txt includes requirements.txt, so this satisfies both stamps.
$(DEV_STAMP): requirements.txt requirements-dev.txt | $(PY)
	$(PIP_INSTALL) -r requirements-dev.txt
	touch $@ $(RUN_STAMP)

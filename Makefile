# Two commands do everything on a fresh machine with Python 3.11+:
#   make run    install, migrate, demo data, serve on http://127.0.0.1:8000
#   make test   lint + the whole suite (installs Debian's Chromium, Java and the Nu HTML Checker if missing)

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DEV_ENV = DEBUG=1 DJANGO_HTTPS=0 SITE_URL=http://$(HOST):$(PORT)
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test lint format unit e2e bench serve messages makemessages chromium gettext lock clean nu-checker

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

gettext:
	@command -v msgfmt >/dev/null 2>&1 || { \
	  echo "Installing gettext (msgfmt) to compile the Swedish translation..."; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq gettext >/dev/null; \
	  else sudo apt-get install -y gettext; fi; }

messages: $(VENV)/.installed gettext
	@$(DEV_ENV) $(PY) manage.py compilemessages --ignore=.venv -v0

makemessages: $(VENV)/.installed gettext
	$(DEV_ENV) $(PY) manage.py makemessages -l sv --ignore=.venv --ignore=staticfiles --no-obsolete

run: $(VENV)/.installed messages
	$(DEV_ENV) $(PY) manage.py migrate --noinput -v0
	$(DEV_ENV) $(PY) manage.py createcachetable
	$(DEV_ENV) $(PY) manage.py seed_demo
	@echo ""
	@echo "Open http://$(HOST):$(PORT)/ and sign in with one of the demo logins above."
	$(DEV_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's Chromium for the browser tests..."; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else sudo apt-get install -y chromium; fi; }

# The Nu HTML Checker for the browser tests: Debian's Java and vnu.jar from the npm registry
# (the vnu-jar package ships the checker's jar; nothing else is downloaded).
VNU_VERSION := 26.9.27
VNU_JAR := .tools/node_modules/vnu-jar/build/dist/vnu.jar

nu-checker: $(VNU_JAR)
	@command -v java >/dev/null 2>&1 || { \
	  echo "Installing Debian's Java for the Nu HTML Checker..."; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq default-jre-headless >/dev/null; \
	  else sudo apt-get install -y default-jre-headless; fi; }

$(VNU_JAR):
	@command -v npm >/dev/null 2>&1 || { \
	  echo "Installing Debian's npm to fetch the Nu HTML Checker..."; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq npm >/dev/null; \
	  else sudo apt-get install -y npm; fi; }
	mkdir -p .tools
	npm install --silent --no-audit --no-fund --ignore-scripts --prefix .tools vnu-jar@$(VNU_VERSION)
	test -f $@

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/bandit --quiet --recursive --severity-level medium --exclude ./creditrequests/migrations creditrequests rules

format: $(VENV)/.installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: $(VENV)/.installed messages chromium nu-checker lint
	$(PY) -m pytest $(PYTEST_ARGS)

bench: $(VENV)/.installed
	$(PY) -m rules bench
	$(PY) bench/wizard_bench.py

serve: $(VENV)/.installed messages
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py createcachetable
	$(VENV)/bin/gunicorn creditrequests.wsgi --bind $(HOST):$(PORT) --workers 2

lock:
	$(PYTHON) -m venv /tmp/lock-venv && /tmp/lock-venv/bin/pip install --quiet -r requirements.in
	@echo "Compare /tmp/lock-venv/bin/pip freeze with requirements.txt and update the pins."

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .tools

# --- production readiness: load and fault scripts (bench/loadtest.py, bench/faults.py) ---
.PHONY: loadtest faults scaleout profile instructions
LOADTEST_ARGS ?= --users 50 --duration 60
FAULTS_ARGS ?=
SCALEOUT_ARGS ?= --users 50 --duration 60 --kill-at 30

loadtest: $(VENV)/.installed messages
	$(PY) bench/loadtest.py $(LOADTEST_ARGS)

faults: $(VENV)/.installed messages
	$(PY) bench/faults.py $(FAULTS_ARGS)

# Two app servers behind HAProxy (installed with apt-get if missing), PostgreSQL, Redis:
# the load test through the balancer, sessions db vs cached_db, then one server killed.
scaleout: $(VENV)/.installed messages
	$(PY) bench/scaleout.py $(SCALEOUT_ARGS)

# Where a wizard step's time goes (pyinstrument), against the bare form page, in process.
profile: $(VENV)/.installed
	$(PY) bench/profile_step.py

# The same pages' instructions per request (valgrind): the same count on a busy machine.
instructions: $(VENV)/.installed
	$(PY) bench/step_instructions.py

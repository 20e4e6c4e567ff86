# Two commands set everything up on a fresh machine (README.md):
#   make run    the platform with demo data at http://127.0.0.1:8000/
#   make test   the test suite
VENV := .venv
# Python keeps compiled modules in __pycache__ unless PYTHONDONTWRITEBYTECODE is set, as it is in
# some container images. Unset here: without the cache every process the tests start (each
# pytest-xdist worker, each manage.py, live server and Celery worker) compiles the project and
# rewrites every test module's asserts again, 14 s of each worker's 24 s collection on a two-core
# machine (bench/README.md).
unexport PYTHONDONTWRITEBYTECODE
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test test-production check-migrations install messages makemessages lint format clean bench-drafts bench-drafts-paced bench-ranking bench-pdf bench-vote bench-pages bench-cache bench-suite

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(PY) || "$$(scripts/find-python)" -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

install: $(STAMP)

# Compiles the translation catalogues with polib: no gettext tools needed.
messages: $(STAMP)
	$(PY) scripts/compile_messages.py

run: messages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --banner
	$(VENV)/bin/honcho start --procfile Procfile

# One pytest-xdist worker per core and one more (at most 8), each with its own database, files and Redis
# database (tests/isolation.py). The extra worker takes the CPU the others leave while they wait: tests
# that wait out a timeout on purpose (a frozen object store, a provider that does not answer), real
# Celery workers, the browser tests' page loads (bench/README.md: on two cores the machine stood idle
# 72 core-seconds of a 226-248 s run with two workers, 11-12 of a 202-207 s run with three).
# A plain `.venv/bin/pytest tests/x.py` runs in one process, as before.
TEST_WORKERS = $(shell n=$$(( $$(nproc) + 1 )); [ $$n -gt 8 ] && n=8; echo $$n)
# worksteal: a worker that runs out takes tests queued for another, so the slow browser tests at the
# end (pytest-django runs the transactional tests last) do not wait in one worker's queue.
test: messages
	$(VENV)/bin/pytest -n $(TEST_WORKERS) --dist worksteal

# The production smoke suite (production_tests/, README "Operations"): gunicorn, prefork workers,
# beat, PostgreSQL, Redis, S3 through rclone and an SMTP sink, started with the production settings;
# the happy path and the fault tests over HTTP. Needs PostgreSQL on 127.0.0.1:5432, Redis on
# 127.0.0.1:6379 and redis-server (.ci/run provides them). Not part of `make test`. The happy path
# first, then the fault tests (each module starts its own servers).
test-production: messages
	$(VENV)/bin/pytest -c production_tests/pytest.ini production_tests/test_happy_path.py production_tests/test_faults.py --durations=0

# Linear migrations: one leaf per app, no merge migration, no model change without its migration.
check-migrations: $(STAMP)
	$(PY) scripts/check_migrations.py

# For developers with gettext installed: refresh the Thai catalogue from the code.
makemessages: $(STAMP)
	$(PY) manage.py makemessages -l th --ignore=.venv --ignore=static --ignore=var --ignore=tests --no-obsolete

lint: $(STAMP)
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf var static_root tests/artifacts

# The last hour before a deadline on PostgreSQL and Redis (bench/drafts.py, figures in bench/README.md):
# 200 applicants autosaving and uploading 5 MB PDFs against gunicorn and a Celery worker on loopback.
bench-drafts: $(STAMP)
	scripts/bench-deps postgresql redis
	$(PY) bench/drafts.py

# The same at a person's pace: 500 applicants, each pausing 0.75-2.25 s (1.5 s on average, htmx's
# autosave delay) between actions; its own line (bench/README.md).
bench-drafts-paced: $(STAMP)
	scripts/bench-deps postgresql redis
	$(PY) bench/drafts.py --applicants 500 --think 1.5

# The ranking of 3,000 applications x 5 judges x 12 criteria on PostgreSQL, in process and over HTTP
# (bench/ranking.py, figures in bench/README.md).
bench-ranking: $(STAMP)
	scripts/bench-deps postgresql redis
	$(PY) bench/ranking.py

# 50 certificates and 50 three-page score sheets through the project's code and through bare
# WeasyPrint on the same HTML (bench/pdf.py, figures in bench/README.md); needs no service.
bench-pdf: $(STAMP)
	scripts/bench-deps harfbuzz
	$(PY) bench/pdf.py

# One cache call with Django's Redis backend against ours, which reuses its client (bench/redis_client.py).
bench-cache: $(STAMP)
	scripts/bench-deps redis
	$(PY) bench/redis_client.py

# The Popular Vote under a burst on PostgreSQL and its own Redis, beside a bare view and one durable
# INSERT, then the ledger check (bench/vote.py, figures in bench/README.md).
bench-vote: $(STAMP)
	scripts/bench-deps wrk postgresql redis
	$(PY) bench/vote.py

# The test suite against the one before the house-in-order issue (bench/suite.py, figures in
# bench/README.md): the before's tests as they are today, then today's whole suite; about 10 minutes.
bench-suite: $(STAMP)
	$(PY) bench/suite.py

# The public pages a crowd opens (home, an edition, the vote's gallery and a finalist, results, the
# showcase and a solution), served the production way on PostgreSQL with its own redis-server as the
# shared cache, beside a bare view (bench/pages.py, figures in bench/README.md).
bench-pages: $(STAMP)
	scripts/bench-deps wrk postgresql redis
	$(PY) bench/pages.py

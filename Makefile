# Two commands: `make run` and `make test`. Everything installs into .venv.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install migrate demo messages check-messages lint bench-sla bench-portal bench-kb bench-reports bench-load backup restore clean var

$(STAMP): pyproject.toml
	@echo "==> Creating the virtualenv in $(VENV) and installing dependencies (the first run takes a minute or two)"
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install --progress-bar on ".[dev]" | grep -E "^(Collecting|Successfully)" || true
	@test -n "$$($(PY) -m pip show django 2>/dev/null)" || { echo "pip install failed"; exit 1; }
	touch $(STAMP)

install: $(STAMP)

var:
	mkdir -p var/broker var/broker-processed var/broker-control var/media

migrate: install var
	@echo "==> Migrating the database"
	$(PY) manage.py migrate --noinput
	test ! -d locale || $(PY) manage.py compilemessages --ignore=.venv -v 0

demo: migrate
	@echo "==> Loading demo data"
	$(PY) manage.py loaddemo

## Web server on 127.0.0.1:8000, a Celery worker and beat; one Ctrl-C stops all three.
run: demo
	@DJANGO_SETTINGS_MODULE=kundcenter.settings.local $(PY) -m kundcenter.banner
	$(VENV)/bin/honcho -f Procfile.dev start

## The whole suite. Set DATABASE_URL / CELERY_BROKER_URL for PostgreSQL / Redis (CI does).
test: install var
	test ! -d locale || $(PY) manage.py compilemessages --ignore=.venv -v 0
	$(PY) -m pytest --ds=kundcenter.settings.test $(PYTEST_ARGS)

messages: install
	$(PY) manage.py makemessages --ignore=.venv --ignore=var --no-obsolete -l sv -l fi -l en
	$(PY) manage.py makemessages --ignore=.venv --ignore=var --no-obsolete -d djangojs -l sv -l fi -l en

## Fails when a catalogue has untranslated or fuzzy entries.
check-messages:
	@status=0; for po in $$(git ls-files 'locale/*.po'); do \
	  out=$$(msgfmt --check --statistics -o /dev/null $$po 2>&1 | tail -n 1); \
	  echo "$$po: $$out"; \
	  case "$$out" in *untranslated*|*fuzzy*) status=1;; esac; \
	done; exit $$status

lint: install
	$(VENV)/bin/ruff check .

bench-sla: install
	$(PY) benchmarks/bench_sla.py

bench-portal: install var
	$(PY) benchmarks/bench_portal.py

bench-kb: install var
	$(PY) benchmarks/bench_kb.py

bench-reports: install var
	$(PY) benchmarks/bench_reports.py

## A fixed-time load of SuperUser and specialist journeys under gunicorn at 8, 16 and 32 users.
bench-load: install var
	$(PY) benchmarks/bench_load.py $(BENCH_ARGS)

## Database (pg_dump) and attachments into one folder with a checksum manifest: make backup DEST=path
backup:
	scripts/backup.sh $(DEST)

## Restore a backup folder into an empty database: make restore SRC=path [FORCE=1]
restore:
	scripts/restore.sh $(SRC) $(if $(FORCE),--force,)

clean:
	rm -rf var $(VENV)

# Two commands for users: `make run` and `make test`. Both set themselves up (a .venv with the
# project installed) and are quick when already set up: the install re-runs only when
# pyproject.toml changes.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STORE ?= var/store
PORT ?= 8000
BENCH_VENV := .venv-bench
# Extra flags for bench/run.py, e.g. `make bench BENCH_ARGS=--full` (10^4-10^6 and Virtuoso).
BENCH_ARGS ?=

# The store-touching HTTP tests run once more on each remote engine (tests/engines.py installs
# and starts the Oxigraph server and Virtuoso; a missing engine fails the run).
REMOTE_ENGINES := oxigraph-server virtuoso
REMOTE_TESTS := tests/server/test_sparql.py tests/server/test_api.py tests/server/test_exports.py \
	tests/server/test_updates.py tests/server/test_ingest.py tests/server/test_sparql_outbound.py \
	tests/server/test_sparql_limits.py

.PHONY: run test bench lint build vendor clean help


help:
	@echo "make run    set up, build the seed store if missing, serve http://127.0.0.1:8000"
	@echo "            (PORT=8080 for another port; POLICYGRAPH_WRITE_TOKEN=... to take writes)"
	@echo "make test   set up with the test extras and run the whole test suite"
	@echo "make lint   ruff, mypy and the import layers (.importlinter) over the project"
	@echo "make bench  policygraph against its peers on a synthetic graph (BENCH_ARGS=--full)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	touch $@ $(VENV)/.installed

# The peers live in their own virtualenv, so that their pins never touch the project's.
$(BENCH_VENV)/.installed:
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(BENCH_VENV)/bin/python -m pip install --quiet 'oxigraph>=0.5,<0.6' 'rdflib-endpoint[cli]' psutil
	touch $@

# --- browser assets (issue 18): npm packages pinned in package.json + package-lock.json, installed
# with `npm ci` only when the lockfile changed, and the files the pages load copied (with their
# licences) into server/static/vendor/ (gitignored). Never a CDN. axe-core stays in node_modules:
# only the browser tests inject it.
NPM ?= npm
VENDOR := server/static/vendor
# Paths under node_modules/; each lands in $(VENDOR)/<package>/<file name>.
VENDOR_FILES := \
	@zazuko/yasgui/build/yasgui.min.js @zazuko/yasgui/build/yasgui.min.css \
	@zazuko/yasgui/package.json \
	cytoscape/dist/cytoscape.min.js cytoscape/LICENSE \
	swagger-ui-dist/swagger-ui-bundle.js swagger-ui-dist/swagger-ui.css \
	swagger-ui-dist/LICENSE swagger-ui-dist/NOTICE swagger-ui-dist/swagger-ui-bundle.js.LICENSE.txt

node_modules/.package-lock.json: package-lock.json package.json
	$(NPM) ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

$(VENDOR)/.copied: node_modules/.package-lock.json Makefile
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)
	@for f in $(VENDOR_FILES); do \
		pkg=$$(echo "$$f" | sed -E 's#^((@[^/]+/)?[^/]+)/.*#\1#'); \
		mkdir -p "$(VENDOR)/$$pkg" && cp "node_modules/$$f" "$(VENDOR)/$$pkg/" || exit 1; \
	done
	touch $@

vendor: $(VENDOR)/.copied

build: $(VENV)/.installed vendor
	$(BIN)/policygraph build --store $(STORE) --if-missing

# The server takes writes when POLICYGRAPH_WRITE_TOKEN (or _FILE) is set; the CLI beside it
# writes through it with the same variable.
run: build
	$(BIN)/policygraph serve --store $(STORE) --host 127.0.0.1 --port $(PORT)

# The reruns on the engines mostly wait on the engines (about a third of a core each), so they
# run beside the main suite, their output kept in var/test-<engine>.log and shown at the end.
# The engines are installed first, once, so that the runs never race on pip or apt-get.
test: $(VENV)/.installed-test vendor
	$(BIN)/python -m tests.engines
	@mkdir -p var && rm -f var/test-*.rc
	@for engine in $(REMOTE_ENGINES); do \
		( POLICYGRAPH_TEST_STORE=$$engine $(BIN)/python -m pytest -q -p no:cacheprovider \
			$(REMOTE_TESTS) > var/test-$$engine.log 2>&1; echo $$? > var/test-$$engine.rc ) & \
	done; \
	$(BIN)/python -m pytest $(PYTEST_ARGS); status=$$?; wait; \
	for engine in $(REMOTE_ENGINES); do \
		echo "== the store-touching HTTP tests on $$engine (var/test-$$engine.log)"; \
		if [ "$$(cat var/test-$$engine.rc 2>/dev/null)" = 0 ]; then tail -n 1 var/test-$$engine.log; \
		else cat var/test-$$engine.log; status=1; fi; \
	done; \
	exit $$status

# bench/run.py, then the other benchmarks when present (ingest latency, timeouts under load,
# the hostile campaign of issue 14, extraction quality: give the seed article texts with
# POLICYGRAPH_SEED_TEXTS=DIR; the pages at 10^6 quads: bench/pages.py).
bench: $(VENV)/.installed-bench $(BENCH_VENV)/.installed
	$(BIN)/python bench/run.py $(BENCH_ARGS)
	@for b in ingest timeouts hostile extract_quality pages; do \
		if [ -f bench/$$b.py ]; then echo "== bench/$$b.py"; $(BIN)/python bench/$$b.py || exit 1; fi; \
	done

lint: $(VENV)/.installed-test
	$(BIN)/ruff check graph server tests bench conftest.py
	$(BIN)/ruff format --check graph server tests bench conftest.py
	$(BIN)/mypy
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) $(BENCH_VENV) var .pytest_cache

# Two entry points for people: `make run` and `make test`. Everything else is a step they call.
# Each install step leaves a stamp and runs again only when what it installs from has changed,
# so once installed, `make run` starts the app without touching the network.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ASSETS_STAMP := assets/vendor/.installed
INDEX_STAMP := $(VENV)/.index-built

.PHONY: run test test-js test-fast lint install assets index browser offline-check bench fuzz load clean

# Python packages at the versions pinned in requirements.txt.
$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $(STAMP)

install: $(STAMP) $(ASSETS_STAMP) $(INDEX_STAMP)

# The offline gazetteer's SQLite index is built once (about a minute) so that first use is
# instant; it records its inputs' versions and is built again (here or on first use) when they
# change: the pinned packages or the index's schema.
$(INDEX_STAMP): $(STAMP) routes/places/index.py
	$(BIN)/python -m routes.places.index build
	touch $(INDEX_STAMP)

index: $(INDEX_STAMP)

# Map scripts, styles and the offline basemap come from npm at pinned versions (package-lock.json),
# copied into assets/vendor. npm runs only when node_modules is older than the lock file.
$(ASSETS_STAMP): package-lock.json routes/mapview/assets.py | $(STAMP)
	@if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then \
	  echo "npm ci --no-audit --no-fund --loglevel=error"; \
	  npm ci --no-audit --no-fund --loglevel=error; \
	fi
	$(BIN)/python -m routes.mapview.assets install
	touch $(ASSETS_STAMP)

assets: $(ASSETS_STAMP)

# Browser tests drive Debian's Chromium; install it when it is missing (needs root or sudo).
browser:
	@test -x /usr/bin/chromium || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium fonts-noto-cjk; }

run: install
	$(BIN)/streamlit run app.py --server.port 8501 --server.headless true

# The map page's scripts (routes/mapview/static/*.js) have unit tests of their own, in tests/js,
# under Node's own test runner (no npm package); both test targets run them first.
test-js:
	node --test tests/js/

test: install browser test-js
	$(BIN)/python -m pytest -n 2 -q tests

# The quick run while editing: no Chromium, none of the long runs (tests marked browser or slow);
# about a minute. `make test` runs everything.
test-fast: install test-js
	$(BIN)/python -m pytest -n 2 -q -m "not browser and not slow" tests

# Style and types (configured in pyproject.toml), on the app and its library.
lint: $(STAMP)
	$(BIN)/ruff check routes ui app.py tests bench
	$(BIN)/mypy

# `make run` with the network cut off (a new network namespace: needs root), until the app
# answers on loopback; CI runs it after the tests.
offline-check: install
	.ci/offline-start

bench: install browser
	$(BIN)/python bench/run.py

# Long runs, documented in the README: 10,000+ fuzzed CSV files, and 20 concurrent app sessions.
fuzz: install
	$(BIN)/python bench/fuzz.py

load: install browser
	$(BIN)/python bench/load.py --sessions 20 --rounds 3

clean:
	rm -rf $(VENV) node_modules assets/vendor

# Two entry points for people: `make run` and `make test`. Everything else is a step they call.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install assets index browser bench fuzz load clean

$(STAMP): requirements.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $(STAMP)

install: $(STAMP) assets index

# The offline gazetteer's SQLite index is built once (about a minute) so that first use is instant.
index: $(STAMP)
	$(BIN)/python -m routes.geocode.index build

# Map scripts, styles and the offline basemap come from npm at pinned versions (package-lock.json).
assets: $(STAMP)
	npm ci --no-audit --no-fund --loglevel=error
	$(BIN)/python -m routes.mapview.assets install

# Browser tests drive Debian's Chromium; install it when it is missing (needs root or sudo).
browser:
	@test -x /usr/bin/chromium || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium fonts-noto-cjk; }

run: install
	$(BIN)/streamlit run app.py --server.port 8501 --server.headless true

test: install browser
	$(BIN)/python -m pytest -n 2 -q tests

bench: install browser
	$(BIN)/python bench/run.py

# Long runs, documented in the README: 10,000+ fuzzed CSV files, and 20 concurrent app sessions.
fuzz: install
	$(BIN)/python bench/fuzz.py

load: install browser
	$(BIN)/python bench/load.py --sessions 20 --rounds 3

clean:
	rm -rf $(VENV) node_modules assets/vendor

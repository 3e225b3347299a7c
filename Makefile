# Two commands for a newcomer: `make demo` and `make test`. Both install what they need.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | md5sum | cut -c1-8)

.PHONY: demo test lint bench install compiled system-deps clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# The install compiles the ladder's hot path with mypyc (setup.py). A ladder edited since is run
# from its sources (a stale compiled module is never used); `make compiled` builds it again.
# `CXLADDER_PURE=1` installs (and runs) the ladder as plain Python.
LADDER_COMPILED := $(addprefix src/cxladder/ladder/,assess.py cues.py facts.py scores.py)
src/cxladder/ladder/compiled.json: $(LADDER_COMPILED) setup.py | $(STAMP)
	$(BIN)/pip install --quiet --no-deps -e .

compiled: src/cxladder/ladder/compiled.json

demo: $(STAMP)
	$(BIN)/cxladder demo --db cxladder.db --report cxladder-report.html

# Debian packages the tests need: a PostgreSQL server, Graphviz for journey maps, Java for
# Spark's local mode, Chromium for the browser tests (driven by Playwright, which downloads no
# browser of its own). Installed only when missing, so a machine that has them starts at once.
system-deps:
	@missing=""; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	command -v dot >/dev/null 2>&1 || missing="$$missing graphviz"; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

test: $(STAMP) system-deps
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest -q -p no:cacheprovider

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

bench: $(STAMP) compiled
	$(BIN)/python benchmarks/throughput.py
	$(BIN)/python benchmarks/journeys.py --events 1000000
	$(BIN)/python benchmarks/text_eval.py

# Also removes the compiled ladder an editable install left in src/.
clean:
	rm -rf $(VENV) cxladder.db cxladder-report.html build
	rm -f src/cxladder_ladder__mypyc.*.so src/cxladder/ladder/*.so src/cxladder/ladder/compiled.json

# The two commands of the README: `make serve` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: serve test build bench soak fuzz conformance browser clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

serve: $(STAMP)
	$(BIN)/ger serve --host $(HOST) --port $(PORT)

build: $(STAMP)
	$(BIN)/ger build

# The browser test drives Debian's Chromium; install it when it is missing and we may.
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || echo "Chromium is not installed and cannot be installed here: the browser test will say so."; }

test: $(STAMP) browser
	$(BIN)/python -m pytest -q

# The benchmark (tests/bench/run.py): installs its peers and the C load generator wrk, when missing.
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet 'rdflib-endpoint>=0.5' 'uvicorn>=0.30' 'py-spy>=0.3'
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } || \
	  { echo "wrk is missing and cannot be installed here: apt-get install wrk"; exit 1; }
	$(BIN)/python tests/bench/run.py

# The soak (tests/bench/soak.py): legitimate and hostile traffic against `ger serve`; SOAK_DURATION=60 for a
# short run (default 600 s). Report in build/bench/soak.md.
soak: $(STAMP)
	$(BIN)/python tests/bench/soak.py

# The fuzz suite of `make test`, long: FUZZ_EXAMPLES generated inputs per property, fresh ones each run.
FUZZ_EXAMPLES ?= 2000
fuzz: $(STAMP)
	GER_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) GER_FUZZ_RANDOM=1 $(BIN)/python -m pytest -q -p no:cacheprovider \
	  --hypothesis-show-statistics tests/test_fuzz.py tests/test_compiled.py::test_random_breaks_never_hide_a_result \
	  tests/test_incremental.py

# The W3C SPARQL 1.1 suites over HTTP, GER-KG (plain-store mode) against Oxigraph server: tests/conformance/w3c.py.
# The suite files come from rdflib's source distribution. The run gets a network namespace of its own (unshare,
# as root): LOAD in the suites names web addresses, which neither server may reach.
W3C_SUITE := build/w3c/rdflib-7.1.4/test/data/suites/w3c/sparql11
conformance: $(STAMP)
	@test -d $(W3C_SUITE) || { mkdir -p build/w3c && \
	  $(BIN)/python -m pip download --quiet --no-deps --no-binary :all: rdflib==7.1.4 -d build/w3c && \
	  tar xzf build/w3c/rdflib-7.1.4.tar.gz -C build/w3c; }
	@unshare --net true 2>/dev/null || { echo "make conformance needs 'unshare --net' (root): the suites' LOAD \
	  addresses must not be fetched"; exit 1; }
	unshare --net sh -c 'ip link set lo up && $(BIN)/python tests/conformance/w3c.py $(W3C_SUITE) $(W3C_ARGS)'

clean:
	rm -rf build .pytest_cache

# Two commands set up a fresh machine and run: `make demo` and `make test`.
# Both install libyaml-dev first when pkg-config cannot find it.
SWIFT ?= swift
POLICYEVAL = .build/debug/policyeval
EXAMPLE ?= Examples/bcp-medium-risk-overnight.json
AS_OF ?= 2026-03-20T09:00:00Z

.PHONY: deps browser-deps schema-deps test-deps build demo release-binary install uninstall test validate policy-tests graphs schemas bench bench-quick bench-smoke bench-peers fuzz clean

deps:
	@pkg-config --exists yaml-0.1 2>/dev/null || { \
	  echo "Installing libyaml-dev (the one system library policyeval needs)..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq libyaml-dev pkg-config; }

build: deps
	$(SWIFT) build

# What some tests need beyond Swift: a headless browser for the HTML report (Debian's chromium)
# and Python's jsonschema and PyYAML for the schemas. `make test` installs them where it can
# (as root or with sudo, as CI runs); where it cannot, it says so and those tests are skipped.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || [ -n "$$CHROMIUM" ] || { \
	  echo "Installing chromium (a headless browser for the HTML report's tests)..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  { $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
	    || echo "warning: could not install chromium; the HTML report's browser tests will be skipped"; }

schema-deps:
	@python3 -c 'import jsonschema, yaml' 2>/dev/null || { \
	  echo "Installing Python's jsonschema and PyYAML (to check the JSON Schemas)..."; \
	  python3 -m pip install -q jsonschema pyyaml 2>/dev/null || { \
	    SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	    $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-jsonschema python3-yaml >/dev/null; } \
	  || echo "warning: could not install jsonschema and PyYAML; the schema checks will be skipped"; }

test-deps: browser-deps schema-deps

# Validate the shipped policies, then check an example incident (exit 1 there
# means the incident has overdue or late duties, which is the point of the demo).
demo: build
	$(POLICYEVAL) validate Policies
	$(POLICYEVAL) check $(EXAMPLE) --as-of $(AS_OF) || [ $$? -eq 1 ]

# The command line as installed and as measured against its peer: a release build that, on
# Linux, is one fully static executable (the Swift runtime, Foundation, libyaml and the C
# library linked in; not position-independent), so a process starts without loading a dozen
# shared libraries or applying 80,000 relocations (BENCHMARKS.md, "Start-up"). It needs only
# the static libraries that libyaml-dev and the toolchain's own dependencies install. Built
# apart from .build so that debug and release builds of the package are untouched.
STATIC_FLAGS = $(if $(filter Linux,$(shell uname -s)),--static-swift-stdlib -Xswiftc -static-executable,)
STATIC_BUILD = .build-static
RELEASE_BINARY = $(STATIC_BUILD)/release/policyeval

release-binary: deps
	$(SWIFT) build -c release --product policyeval $(STATIC_FLAGS) --scratch-path $(STATIC_BUILD)

# Installs bin/policyeval, the shipped policies in share/policyeval/Policies (found there
# when no --policies, $POLICYEVAL_POLICIES or ./Policies is given) and shell completions.
PREFIX ?= /usr/local
install: release-binary
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(DESTDIR)$(PREFIX)/share/policyeval"
	install -m 755 $(RELEASE_BINARY) "$(DESTDIR)$(PREFIX)/bin/policyeval"
	rm -rf "$(DESTDIR)$(PREFIX)/share/policyeval/Policies"
	cp -R Policies "$(DESTDIR)$(PREFIX)/share/policyeval/Policies"
	install -d "$(DESTDIR)$(PREFIX)/share/policyeval/docs/schemas"
	for k in rules incident report; do $(RELEASE_BINARY) schema $$k > "$(DESTDIR)$(PREFIX)/share/policyeval/docs/schemas/$$k.schema.json"; done
	install -d "$(DESTDIR)$(PREFIX)/share/bash-completion/completions" "$(DESTDIR)$(PREFIX)/share/zsh/site-functions" "$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d"
	$(RELEASE_BINARY) --generate-completion-script bash > "$(DESTDIR)$(PREFIX)/share/bash-completion/completions/policyeval"
	$(RELEASE_BINARY) --generate-completion-script zsh > "$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_policyeval"
	$(RELEASE_BINARY) --generate-completion-script fish > "$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/policyeval.fish"
	@echo "installed: $(DESTDIR)$(PREFIX)/bin/policyeval ($$("$(DESTDIR)$(PREFIX)/bin/policyeval" --version))"

uninstall:
	rm -f "$(DESTDIR)$(PREFIX)/bin/policyeval" "$(DESTDIR)$(PREFIX)/share/bash-completion/completions/policyeval" \
	  "$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_policyeval" "$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/policyeval.fish"
	rm -rf "$(DESTDIR)$(PREFIX)/share/policyeval"

validate: build
	$(POLICYEVAL) validate Policies

policy-tests: build
	$(POLICYEVAL) validate Policies
	$(POLICYEVAL) test Policies --coverage

# Swift tests (library, time, loader, command line), every policy's own test cases,
# and the benchmarks once at tiny sizes so they keep compiling and running.
test: build test-deps
	$(MAKE) --no-print-directory bench-smoke
	$(SWIFT) test
	$(MAKE) --no-print-directory policy-tests

# Benchmarks (BENCHMARKS.md): release build, one core.
bench: deps
	$(SWIFT) build -c release
	taskset -c 0 .build/release/PolicyEvalBenchmarks run

bench-quick: deps
	$(SWIFT) build -c release
	taskset -c 0 .build/release/PolicyEvalBenchmarks run --quick

# policyeval against the plain-Python peer (Benchmarks/peers): 1k to 100k events, whole
# processes pinned to one core, medians of 5. Needs python3; not part of `make test`.
bench-peers: release-binary
	python3 Benchmarks/peers/bench_peers.py --binary $(RELEASE_BINARY)

bench-smoke: build
	.build/debug/PolicyEvalBenchmarks run --smoke > /dev/null && echo "benchmarks: smoke run ok"

# Fuzzing (scripts/fuzz.sh), bounded in time and not part of `make test`: libFuzzer harnesses
# for the JSON incident reader, the YAML loader and rule compiler, and the condition language
# (built with -sanitize=fuzzer,address into .build/fuzz), then a mutation fuzzer over the
# command line checking its invariants (scripts/cli-fuzz.py). FUZZ_TIME is the whole run in
# seconds; exit 1 when anything was found (see .build/fuzz/artifacts and .build/fuzz/cli).
FUZZ_TIME ?= 600
fuzz: deps
	FUZZ_TIME=$(FUZZ_TIME) SWIFT=$(SWIFT) scripts/fuzz.sh

# The JSON Schemas' copies in docs/schemas (for editors' `$schema=`), from `policyeval schema`.
schemas: build
	@for k in rules incident report; do $(POLICYEVAL) schema $$k > docs/schemas/$$k.schema.json && echo "docs/schemas/$$k.schema.json"; done

# Each policy's decision graph as PNG (needs Graphviz: apt-get install graphviz).
graphs: build
	@for id in $$($(POLICYEVAL) validate Policies --format json >/dev/null && ls Policies/*/*.yaml | grep -v tests.yaml); do \
	  name=$$(basename $$id .yaml); $(POLICYEVAL) graph $$id | dot -Tpng -Gdpi=60 -o docs/graph-$$name.png && echo "docs/graph-$$name.png"; done

clean:
	rm -rf .build $(STATIC_BUILD)

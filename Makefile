# Two commands set up a fresh machine: `make demo` and `make test`.
SWIFT ?= swift
EXAMPLE ?= Examples/bcp-medium-risk-overnight.json

.PHONY: deps build demo test validate clean

# libyaml is the one system dependency; install it when pkg-config cannot find it.
deps:
	@pkg-config --exists yaml-0.1 || { \
	  echo "Installing libyaml-dev..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq libyaml-dev pkg-config; }

build: deps
	$(SWIFT) build

demo: build
	$(SWIFT) run -q policyeval validate Policies

validate: build
	$(SWIFT) run -q policyeval validate Policies

test: deps
	$(SWIFT) build
	$(SWIFT) test

clean:
	rm -rf .build

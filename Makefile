# HOI — the two commands a new machine needs are `make run` and `make test`.
# Everything they need is installed here: Go modules, npm packages, and (for
# the tests) Debian's chromium and postgresql when they are missing.

SHELL        := bash
.SHELLFLAGS  := -eu -o pipefail -c
GO           ?= go
NPM          ?= npm
BIN          := bin/hoi
DATA         := data
FRONTEND     := frontend
NODE_STAMP   := $(FRONTEND)/node_modules/.installed
DIST_STAMP   := $(FRONTEND)/dist/index.html
GO_SOURCES   := $(shell find . -name '*.go' -not -path './$(FRONTEND)/node_modules/*' 2>/dev/null) go.mod go.sum openapi/openapi.yaml
FE_SOURCES   := $(shell find $(FRONTEND)/src $(FRONTEND)/scripts $(FRONTEND)/public $(FRONTEND)/api-docs -type f 2>/dev/null) $(FRONTEND)/index.html $(FRONTEND)/vite.config.ts $(FRONTEND)/tsconfig.json openapi/openapi.yaml

export GOFLAGS ?= -buildvcs=false

.PHONY: run build test test-go test-frontend test-e2e bench deps-test go-deps fmt vet clean help

help:
	@echo "make run    build everything and start HOI with demo data on ./data/hoi.db"
	@echo "make test   install what the tests need and run every test"
	@echo "make bench  time login and /me"

## ---- build -------------------------------------------------------------

go-deps:
	@$(GO) mod download

$(NODE_STAMP): $(FRONTEND)/package.json $(FRONTEND)/package-lock.json
	cd $(FRONTEND) && $(NPM) ci --no-audit --no-fund
	@touch $@

$(DIST_STAMP): $(NODE_STAMP) $(FE_SOURCES)
	cd $(FRONTEND) && $(NPM) run build

$(BIN): $(DIST_STAMP) $(GO_SOURCES)
	@mkdir -p bin
	$(GO) build -trimpath -o $(BIN) ./cmd/hoi

build: go-deps $(BIN)

## ---- run ---------------------------------------------------------------

# make run keeps a development signing secret in data/ (mode 0600), so that
# sessions survive a restart; production sets HOI_JWT_SECRET itself.
run: build
	@mkdir -p $(DATA) && chmod 700 $(DATA)
	@if [ ! -s $(DATA)/jwt-secret ]; then \
	  umask 077; head -c 48 /dev/urandom | base64 -w0 > $(DATA)/jwt-secret; \
	  echo "Created a development signing secret in $(DATA)/jwt-secret (mode 0600)."; \
	fi
	@umask 077; export HOI_JWT_SECRET="$${HOI_JWT_SECRET:-$$(cat $(DATA)/jwt-secret)}"; \
	  $(BIN) seed-demo && exec $(BIN) serve

## ---- test --------------------------------------------------------------

# deps-test installs what the tests need on a fresh Debian machine.
deps-test: go-deps $(NODE_STAMP)
	@missing=""; \
	  [ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	  if [ -n "$$missing" ]; then \
	    echo "Installing:$$missing"; \
	    if [ "$$(id -u)" != 0 ]; then echo "run as root or install:$$missing" >&2; exit 1; fi; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  fi

vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1; }

test: deps-test $(DIST_STAMP) vet test-go test-frontend test-e2e
	@echo "make test: all suites passed"

# Every Go test runs twice: on SQLite files in temp dirs, and on a throwaway
# PostgreSQL cluster that scripts/go-test.sh starts and stops.
test-go: $(DIST_STAMP)
	scripts/go-test.sh

test-frontend: $(NODE_STAMP)
	cd $(FRONTEND) && $(NPM) run gen && $(NPM) test

test-e2e: $(BIN)
	cd $(FRONTEND) && $(NPM) run e2e

## ---- bench -------------------------------------------------------------

bench: $(DIST_STAMP)
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 2s ./api/

fmt:
	gofmt -w $$(git ls-files '*.go')

clean:
	rm -rf bin $(FRONTEND)/dist

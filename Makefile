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
GO_SOURCES   := $(shell find . -name '*.go' -not -path './$(FRONTEND)/node_modules/*' 2>/dev/null) go.mod go.sum openapi/openapi.yaml $(FRONTEND)/dist-placeholder/index.html
# (src/api/schema.ts is generated from openapi.yaml, which is listed itself.)
FE_SOURCES   := $(shell find $(FRONTEND)/src $(FRONTEND)/scripts $(FRONTEND)/public $(FRONTEND)/api-docs -type f -not -path '$(FRONTEND)/src/api/schema.ts' 2>/dev/null) $(FRONTEND)/index.html $(FRONTEND)/vite.config.ts $(FRONTEND)/tsconfig.json openapi/openapi.yaml

export GOFLAGS ?= -buildvcs=false

# Linters: staticcheck is pinned here and installed into bin/tools (one binary
# per version, so changing the pin installs the new one); ESLint and Redocly
# CLI are pinned devDependencies of frontend/package.json.
TOOLS               := bin/tools
STATICCHECK_VERSION := v0.8.2
STATICCHECK         := $(TOOLS)/staticcheck-$(STATICCHECK_VERSION)

.PHONY: run build test test-go test-frontend test-e2e test-durability test-fuzz fuzz bench soak deps-test go-deps fmt vet lint clean help

help:
	@echo "make run    build everything and start HOI with demo data on ./data/hoi.db"
	@echo "make test   install what the tests need and run every test"
	@echo "make lint   staticcheck, ESLint (typescript-eslint) and Redocly on the contract; part of make test"
	@echo "make bench  load test at region scale (ARGS=--small: a quick run)"
	@echo "make soak   ten minutes of mixed and hostile load; fails if RSS keeps growing (SOAK_DURATION=…)"

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
	  [ -x /usr/sbin/nginx ] || missing="$$missing nginx"; \
	  if [ -n "$$missing" ]; then \
	    echo "Installing:$$missing"; \
	    if [ "$$(id -u)" != 0 ]; then echo "run as root or install:$$missing" >&2; exit 1; fi; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  fi

vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1; }

# Every linter must report nothing: staticcheck on the Go code, typescript-eslint
# (type-aware) on the front end, Redocly's recommended rules on openapi.yaml.
lint: go-deps $(STATICCHECK) $(NODE_STAMP)
	$(STATICCHECK) ./...
	cd $(FRONTEND) && $(NPM) run --silent lint
	cd $(FRONTEND) && $(NPM) run --silent lint:openapi

$(STATICCHECK):
	@mkdir -p $(TOOLS)
	GOBIN=$(abspath $(TOOLS)) $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)
	mv $(TOOLS)/staticcheck $@

test: deps-test $(DIST_STAMP) vet lint test-go test-fuzz test-frontend test-e2e test-durability
	@echo "make test: all suites passed"

# Every Go test runs twice: on SQLite files in temp dirs, and on a throwaway
# PostgreSQL cluster that scripts/go-test.sh starts and stops.
test-go: $(DIST_STAMP)
	scripts/go-test.sh

# Fuzzing: every request decoder and the conversation validation, and the
# real router's write routes, each for a number of executions (about 10 s
# here; make fuzz runs 12 times as many). Counts rather than -fuzztime
# durations: Go 1.26's fuzz coordinator can fail a clean run with "context
# deadline exceeded" when a duration ends mid-execution (golang/go#75804,
# fixed in Go 1.27). Crashers land in testdata/fuzz/ and stay as regression
# cases.
FUZZ_FACTOR ?= 1
FUZZ_TARGETS := ./api/decode:FuzzDecodeRequests:40000 ./api/decode:FuzzSections:40000 ./api/fuzzhttp:FuzzWriteRoutes:3000

test-fuzz: $(DIST_STAMP)
	@for t in $(FUZZ_TARGETS); do \
	  pkg=$${t%%:*}; rest=$${t#*:}; name=$${rest%%:*}; n=$$(( $${rest##*:} * $(FUZZ_FACTOR) )); \
	  echo "== fuzz $$name ($$n executions) =="; \
	  $(GO) test $$pkg -run '^$$' -fuzz "^$$name$$" -fuzztime $${n}x || exit 1; \
	done

fuzz:
	$(MAKE) test-fuzz FUZZ_FACTOR=12

test-frontend: $(NODE_STAMP)
	cd $(FRONTEND) && $(NPM) run gen && $(NPM) test

test-e2e: $(BIN)
	cd $(FRONTEND) && $(NPM) run e2e

# Crash safety (SIGKILL under write load), the backup drill and two instances
# behind nginx, on SQLite and PostgreSQL, against the real binary.
test-durability: $(BIN)
	HOI_BIN=$(BIN) scripts/durability-test.sh

## ---- bench -------------------------------------------------------------

# make bench: seed a region-scale database (bench/results/db/, reused by later runs;
# ARGS=--fresh seeds again), start bin/hoi on it, drive the mixed workload at
# 10, 50 and 200 users, compare with a raw-SQL Echo server, and print and save
# the figures (bench/results/<timestamp>.json). ARGS=--small is 1/50th and
# takes under 5 minutes; ARGS="--database-url postgres://…" runs on PostgreSQL;
# ARGS=--pprof saves a CPU profile of hoi at the top level.
bench: build
	$(GO) build -trimpath -o bin/hoi-bench ./cmd/hoi-bench
	bin/hoi-bench --hoi-bin $(BIN) $(ARGS)

## ---- soak --------------------------------------------------------------

# make soak: the real bin/hoi on a fresh SQLite file on loopback, SOAK_DURATION
# (default 10m) of mixed load (writes, reads, retried POSTs with an
# Idempotency-Key, refreshes) plus hostile requests (invented methods and
# paths, oversized headers, forged tokens, oversized bodies, wrong passwords),
# RSS sampled every 10 s; prints the curve and fails if RSS grows by more than
# 10 % after the first two minutes (SOAK_WARMUP), on any 5xx, or when the
# metric series grow. ARGS="-postgres postgres://…" runs it on PostgreSQL.
SOAK_DURATION ?= 10m
SOAK_WARMUP   ?= 2m

soak: build
	$(GO) build -o bin/hoi-soak ./scripts/soak
	bin/hoi-soak -bin $(BIN) -duration $(SOAK_DURATION) -warmup $(SOAK_WARMUP) $(ARGS)

fmt:
	gofmt -w $$(git ls-files '*.go')

clean:
	rm -rf bin $(FRONTEND)/dist

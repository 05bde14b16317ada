# idcontrol — every tool runs through `go tool`: nothing to install but Go.
SHELL := /bin/bash
BUF := go tool -modfile=tools/buf/go.mod buf
GO_PKGS := ./...
FUZZTIME ?= 60s
# Every fuzz target of the module, package-dir:function, found in the test
# files (a list written by hand forgot three).
FUZZ_TARGETS = $(shell grep -rHo --include='*_test.go' '^func Fuzz[A-Za-z0-9_]*' . | sed -E 's|^(.*)/[^/]*_test\.go:func |\1:|' | sort -u)

.PHONY: run test check lint generate check-generated breaking fuzz fuzz-short bench load load-ab build clean grpcurl

## run: the service on :50051 (plaintext: --insecure) with the embedded attempt store in ./data; flags in ARGS, e.g. make run ARGS="--log-level debug"
run: build
	@echo "run: bin/idcontrol-server $(ARGS) — Ctrl-C stops it; attempts persist in ./data ('make clean' forgets them)"
	@exec ./bin/idcontrol-server --insecure $(ARGS)

## build: bin/idcontrol-server
build:
	@echo "build: bin/idcontrol-server (a first build compiles gRPC and the dependencies: ~1-2 min)…"
	go build -o bin/idcontrol-server ./cmd/idcontrol-server
	go build -o bin/idcontrol ./cmd/idcontrol

## test: every test, the lint, the freshness of gen/, a short fuzz of each target; ends with what was skipped and why
test: lint check-generated
	@$(MAKE) -s fuzz-short
	@echo "test: go test -race of every package (a first run compiles the race build: several minutes)…"
	@go build -o bin/testsummary ./scripts/testsummary
	@set -o pipefail; go test -count=1 -race -json $(GO_PKGS) | bin/testsummary

## check: the unit tests, without -race, lint or fuzz: the quick edit-test loop
check:
	@go build -o bin/testsummary ./scripts/testsummary
	@set -o pipefail; go test -json $(GO_PKGS) | bin/testsummary

## generate: regenerate gen/, the descriptor set reflection serves, the compiled validation rules, the control-outcome walk and docs/api.md from proto/
DESCRIPTORS := internal/apidesc/descriptor.binpb
FASTVALIDATE := internal/fastvalidate/rules_gen.go
OUTCOMES := server/outcomes_gen.go
generate:
	@echo "generate: buf through go tool (a first run compiles it: ~1-2 min)…"
	rm -rf gen
	$(BUF) generate
	$(BUF) build --path proto/idcontrol --exclude-imports --as-file-descriptor-set -o $(DESCRIPTORS)
	go run ./scripts/fastvalidategen -o $(FASTVALIDATE)
	go run ./scripts/outcomesgen -o $(OUTCOMES)
	go run ./scripts/apidoc -o docs/api.md

## check-generated: gen/, the descriptor set, the compiled validation rules, the control-outcome walk and docs/api.md match proto/
check-generated:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	mkdir -p "$$tmp/committed" && cp -r gen $(DESCRIPTORS) $(FASTVALIDATE) $(OUTCOMES) docs/api.md "$$tmp/committed/" && $(MAKE) -s generate && \
	mkdir -p "$$tmp/now" && cp -r gen $(DESCRIPTORS) $(FASTVALIDATE) $(OUTCOMES) docs/api.md "$$tmp/now/" && \
	if ! diff -r "$$tmp/committed" "$$tmp/now" >/dev/null; then \
	  echo "generated files are stale: run 'make generate' and commit gen/, $(DESCRIPTORS), $(FASTVALIDATE), $(OUTCOMES) and docs/api.md"; \
	  diff -r "$$tmp/committed" "$$tmp/now" | head -20; exit 1; fi

## lint: buf lint, go vet, gofmt
lint:
	@echo "lint: buf lint (a first run compiles buf: ~1-2 min), go vet, gofmt…"
	$(BUF) lint
	go vet $(GO_PKGS)
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

## breaking: buf breaking against a git ref (default: the previous commit of main)
BREAKING_AGAINST ?= .git\#ref=HEAD~1
breaking:
	$(BUF) breaking --against '$(BREAKING_AGAINST)'

# A count, not a duration: go1.26's fuzz coordinator can report its own
# -fuzztime deadline as a failure ("context deadline exceeded", no crasher;
# golang/go#75804, fixed in go1.27) when the machine is busy.
FUZZ_SHORT ?= 20000x
fuzz-short:
	@echo "fuzz-short: each fuzz target for $(FUZZ_SHORT) inputs (a first run compiles each package with coverage)…"
	@set -e; for t in $(FUZZ_TARGETS); do pkg=$${t%%:*}; fn=$${t##*:}; \
	  echo "fuzz $$pkg $$fn ($(FUZZ_SHORT))"; go test -run='^$$' -fuzz="^$$fn$$" -fuzztime=$(FUZZ_SHORT) $$pkg; done

## fuzz: each fuzz target for FUZZTIME (default 60s; a count such as 2000000x avoids go1.26's deadline race)
fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do pkg=$${t%%:*}; fn=$${t##*:}; \
	  echo "fuzz $$pkg $$fn ($(FUZZTIME))"; go test -run='^$$' -fuzz="^$$fn$$" -fuzztime=$(FUZZTIME) $$pkg; done

## bench: the micro-benchmarks
bench:
	go test -run='^$$' -bench=. -benchmem ./mrz ./ident ./names ./places ./ledger ./checks/... ./server ./twoddoc

## load: ghz (TLS, API key, c=50) on CheckIdentityDocument, CheckClientFile and Health/Check, server RSS and CPU per call, SIGTERM mid-run
load:
	./scripts/load.sh

## load-ab: this working tree's server CPU per call against BASE's (a git revision, default main), both loaded in alternating rounds
BASE ?= main
load-ab:
	./scripts/loadab.sh $(BASE)

## grpcurl: grpcurl (pinned in tools/load) with ARGS, e.g. make grpcurl ARGS="-plaintext localhost:50051 list"; scripts/grpcurl works from anywhere
grpcurl:
	@./scripts/grpcurl $(ARGS)

## clean: the binaries and ./data, where the attempts of `make run` persist
clean:
	rm -rf bin data

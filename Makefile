# idcontrol — every tool runs through `go tool`: nothing to install but Go.
SHELL := /bin/bash
BUF := go tool -modfile=tools/buf/go.mod buf
GO_PKGS := ./...
FUZZTIME ?= 60s
# Fuzz targets, package:function separated by blanks.
FUZZ_TARGETS := ./mrz:FuzzParse ./ident:FuzzValidate ./names:FuzzMatch ./names:FuzzFoldText \
  ./places:FuzzCompare ./fold:FuzzFold ./server:FuzzDecode ./checks/bank:FuzzCheck

.PHONY: run test lint generate check-generated breaking fuzz fuzz-short bench load build clean

## run: the service on :50051 with the embedded attempt store in ./data
run:
	go run ./cmd/idcontrol-server

build:
	go build -o bin/idcontrol-server ./cmd/idcontrol-server

## test: every test, the lint, the freshness of gen/ and a short fuzz of each target
test: lint check-generated
	go test -count=1 -race $(GO_PKGS)
	$(MAKE) fuzz-short

## generate: regenerate gen/, the descriptor set reflection serves and docs/api.md from proto/
DESCRIPTORS := internal/apidesc/descriptor.binpb
generate:
	@echo "generate: buf through go tool (a first run compiles it: ~1-2 min)…"
	rm -rf gen
	$(BUF) generate
	$(BUF) build --path proto/idcontrol --exclude-imports --as-file-descriptor-set -o $(DESCRIPTORS)
	go run ./scripts/apidoc -o docs/api.md

## check-generated: gen/, the descriptor set and docs/api.md match proto/
check-generated:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	mkdir -p "$$tmp/committed" && cp -r gen $(DESCRIPTORS) docs/api.md "$$tmp/committed/" && $(MAKE) -s generate && \
	mkdir -p "$$tmp/now" && cp -r gen $(DESCRIPTORS) docs/api.md "$$tmp/now/" && \
	if ! diff -r "$$tmp/committed" "$$tmp/now" >/dev/null; then \
	  echo "generated files are stale: run 'make generate' and commit gen/, $(DESCRIPTORS) and docs/api.md"; \
	  diff -r "$$tmp/committed" "$$tmp/now" | head -20; exit 1; fi

## lint: buf lint, go vet, gofmt
lint:
	$(BUF) lint
	go vet $(GO_PKGS)
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

## breaking: buf breaking against a git ref (default: the previous commit of main)
BREAKING_AGAINST ?= .git\#ref=HEAD~1
breaking:
	$(BUF) breaking --against '$(BREAKING_AGAINST)'

fuzz-short:
	@set -e; for t in $(FUZZ_TARGETS); do pkg=$${t%%:*}; fn=$${t##*:}; \
	  echo "fuzz $$pkg $$fn (5s)"; go test -run='^$$' -fuzz="^$$fn$$" -fuzztime=5s $$pkg; done

## fuzz: each fuzz target for FUZZTIME (default 60s)
fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do pkg=$${t%%:*}; fn=$${t##*:}; \
	  echo "fuzz $$pkg $$fn ($(FUZZTIME))"; go test -run='^$$' -fuzz="^$$fn$$" -fuzztime=$(FUZZTIME) $$pkg; done

## bench: the micro-benchmarks
bench:
	go test -run='^$$' -bench=. -benchmem ./mrz ./ident ./names ./places ./ledger ./checks/... ./server

## load: ghz against a locally started server, ParseMrz beside Health/Check
load:
	./scripts/load.sh

clean:
	rm -rf bin data

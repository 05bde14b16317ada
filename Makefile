# idcontrol — every tool runs through `go tool`: nothing to install but Go.
SHELL := /bin/bash
BUF := go tool -modfile=tools/buf/go.mod buf
GO_PKGS := ./...
FUZZTIME ?= 60s
# Fuzz targets, package:function separated by blanks.
FUZZ_TARGETS := ./mrz:FuzzParse ./ident:FuzzValidate ./names:FuzzMatch ./names:FuzzFoldText \
  ./places:FuzzCompare ./fold:FuzzFold ./server:FuzzDecode ./checks/bank:FuzzCheck ./twoddoc:FuzzDecode

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

## generate: regenerate gen/ from proto/
generate:
	rm -rf gen
	$(BUF) generate

## check-generated: gen/ matches proto/
check-generated:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	cp -r gen "$$tmp/gen.committed" && $(MAKE) -s generate && \
	if ! diff -r "$$tmp/gen.committed" gen >/dev/null; then \
	  echo "gen/ is stale: run 'make generate' and commit gen/"; diff -r "$$tmp/gen.committed" gen | head -20; exit 1; fi

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
	go test -run='^$$' -bench=. -benchmem ./mrz ./ident ./names ./places ./ledger ./checks/... ./server ./twoddoc

## load: ghz against a locally started server, ParseMrz beside Health/Check
load:
	./scripts/load.sh

clean:
	rm -rf bin data

# Sanad: the set-up contract is `make demo` and `make test` (see README.md).
SWIFT ?= swift
PYTHON ?= python3
DEBUG_BIN := .build/debug/sanad
RELEASE_BIN := .build/release/sanad

.PHONY: all deps build release demo test unit-test interop-test kill-test benchmark samples clean

all: build

deps:
	@./scripts/install-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

## The main job, end to end, on the bundled fictional case, in a temporary workspace.
demo: release
	@./scripts/demo.sh $(RELEASE_BIN)

## Every test: Swift unit tests, then CLI and interop tests against the built binary
## with the real third-party tools (sha256sum, Python hashlib, unzip, openssl).
test: deps
	$(SWIFT) build
	$(SWIFT) test
	SANAD_BIN=$(abspath $(DEBUG_BIN)) $(PYTHON) -m pytest -q Tests/interop

unit-test: deps
	$(SWIFT) test

interop-test: build
	SANAD_BIN=$(abspath $(DEBUG_BIN)) $(PYTHON) -m pytest -q Tests/interop

## The full kill test of the acceptance list (50 random SIGKILLs); `make test` runs fewer.
kill-test: release
	SANAD_BIN=$(abspath $(RELEASE_BIN)) SANAD_KILLS=50 $(PYTHON) -m pytest -q Tests/interop/test_kill.py

benchmark: release
	./Benchmarks/ingest.sh $(RELEASE_BIN)

samples:
	$(PYTHON) samples/generate.py

clean:
	rm -rf .build

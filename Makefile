# Sanad: the set-up contract is `make demo` and `make test` (see README.md).
SWIFT ?= swift
PYTHON ?= python3
DEBUG_BIN := .build/debug/sanad
RELEASE_BIN := .build/release/sanad
## The fuzzer (docs/FUZZING.md): `make fuzz` runs FUZZ_SECONDS in total, `make test` a short run.
FUZZ_SECONDS ?= 600
FUZZ_TEST_SECONDS ?= 20
FUZZ_TEST_SEED ?= 1
FUZZ_OUT ?= .build/fuzz

## The differential container fuzzer (docs/FUZZING.md §7): `make fuzz-container` runs
## FUZZ_CONTAINER_JOBS jobs for FUZZ_CONTAINER_SECONDS each (default: one CPU-hour in all);
## `make test` runs a short one on the debug build.
FUZZ_CONTAINER_SECONDS ?= 1800
FUZZ_CONTAINER_JOBS ?= 2
FUZZ_CONTAINER_TEST_SECONDS ?= 30

.PHONY: all deps build release demo test lint unit-test interop-test kill-test real-exports fuzz fuzz-container benchmark benchmark-timeline benchmark-seal-verify benchmark-verify-entries benchmark-encrypted benchmark-envelope benchmark-disclose benchmark-report samples clean

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

## Every test: lint, Swift unit tests, then CLI and interop tests against the built binary
## with the real third-party tools (sha256sum, Python hashlib, unzip, openssl).
## The fuzzer runs as a release build: saved findings (Tests/Regressions) include a quadratic
## slowdown that only an optimised build shows.
test: deps lint
	$(SWIFT) build
	$(SWIFT) test
	$(SWIFT) build -c release --product sanad-fuzz
	./scripts/replay-regressions.sh .build/release/sanad-fuzz
	.build/release/sanad-fuzz --seconds $(FUZZ_TEST_SECONDS) --seed $(FUZZ_TEST_SEED) --out $(FUZZ_OUT)
	SANAD_BIN=$(abspath $(DEBUG_BIN)) $(PYTHON) -m pytest -q Tests/interop
	$(PYTHON) Tests/ContainerFuzz/fuzz.py --bin $(DEBUG_BIN) --seconds $(FUZZ_CONTAINER_TEST_SECONDS) --jobs 2 --seed 1 --out .build/fuzz-container

## Formatting (`swift format`, configured by .swift-format) and the size limits of STYLE.md: no
## file over 400 lines, no line over 120 characters, no function over 60 lines (scripts/lint-limits.py).
lint:
	$(SWIFT) format lint --strict --recursive --parallel Package.swift Sources Tests/SanadTests
	$(PYTHON) scripts/lint-limits.py Sources Tests/SanadTests

unit-test: deps
	$(SWIFT) test

interop-test: build
	SANAD_BIN=$(abspath $(DEBUG_BIN)) $(PYTHON) -m pytest -q Tests/interop

## Sanad against the real exports of Tests/Fixtures/REAL-SOURCES.md, kept outside the repository
## in REAL_EXPORTS (default ../real-exports) as <owner>__<repo>/<path>: they are other people's words.
REAL_EXPORTS ?= $(abspath ..)/real-exports
real-exports: release
	$(PYTHON) scripts/real-exports.py --bin $(abspath $(RELEASE_BIN)) --dir "$(REAL_EXPORTS)"

## The full kill test of the acceptance list (50 random SIGKILLs); `make test` runs fewer.
kill-test: release
	SANAD_BIN=$(abspath $(RELEASE_BIN)) SANAD_KILLS=50 $(PYTHON) -m pytest -q Tests/interop/test_kill.py \
		Tests/interop/test_encrypted_workspace.py -k "sigkill"

## Every timeline parser under the property-based fuzzer for FUZZ_SECONDS in total (default
## 600: the ten minutes of the acceptance), on a release build; a failing input is saved in FUZZ_OUT.
## The seed comes from the clock and is printed; FUZZ_SEED=N repeats a run.
fuzz: deps
	$(SWIFT) build -c release --product sanad-fuzz
	.build/release/sanad-fuzz --seconds $(FUZZ_SECONDS) --out $(FUZZ_OUT) $(if $(FUZZ_SEED),--seed $(FUZZ_SEED))

fuzz-container: deps
	$(SWIFT) build -c release --product sanad
	$(PYTHON) Tests/ContainerFuzz/fuzz.py --bin $(RELEASE_BIN) --seconds $(FUZZ_CONTAINER_SECONDS) --jobs $(FUZZ_CONTAINER_JOBS) \
		--out .build/fuzz-container $(if $(FUZZ_SEED),--seed $(FUZZ_SEED))

benchmark: release
	./Benchmarks/ingest.sh $(RELEASE_BIN)

## Seal and verify of the 1 GiB case against openssl dgst (run `make benchmark` once first for its input),
## and verify of a 100,000-entry zip against unzip -t (issue 10).
benchmark-seal-verify: release
	./Benchmarks/seal-verify.sh $(RELEASE_BIN)

benchmark-verify-entries: release
	./Benchmarks/verify-entries.sh $(RELEASE_BIN)

## Issue 13: timeline and seal of an encrypted workspace against a plaintext one (run `make benchmark`
## once first: its input, and the add of 1 GiB into an encrypted workspace against openssl dgst).
benchmark-encrypted: release
	./Benchmarks/encrypted.sh $(RELEASE_BIN)

## Issue 14: a whole archive sealed in an envelope (seal --encrypt-archive-to, verify --key) against
## the plain seal and verify, in the same run (run `make benchmark` once first for its input).
benchmark-envelope: release
	./Benchmarks/envelope.sh $(RELEASE_BIN)

## Issue 15: seal with commitments against without, disclose of 100 messages and verify of the excerpt,
## on the 1M-message WhatsApp export.
benchmark-disclose: release
	@BENCH_RUNS=$${BENCH_RUNS:-5} Benchmarks/disclose.sh $(RELEASE_BIN)

## The court report of issue 16: 10,000 events and 1,000 exhibits, against `sanad verify`.
benchmark-report: release
	@BENCH_RUNS=$${BENCH_RUNS:-5} Benchmarks/report.sh $(RELEASE_BIN)

## The timeline benchmark of issue 4 (against chat-miner).
benchmark-timeline: release
	./Benchmarks/timeline.sh $(RELEASE_BIN)

samples:
	$(PYTHON) samples/generate.py

clean:
	rm -rf .build

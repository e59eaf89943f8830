# The two commands a new user runs: `make demo` and `make test`.
# Everything else is a building block of those two.

BUILD      ?= build
ASAN_BUILD ?= build-asan
TSAN_BUILD ?= build-tsan
FUZZ_SECONDS ?= 5
FUZZ_SEED ?= 1
FUZZ_LONG_SECONDS ?= 600
FUZZ_JOBS ?= 2
CMAKE_FLAGS ?=

.PHONY: all bootstrap build build-asan build-tsan test test-unit test-asan test-tsan test-tools fuzz fuzz-long bench bench-full demo format clean

all: build

bootstrap:
	@scripts/bootstrap

build: bootstrap
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS)
	cmake --build $(BUILD)

# The same tests again under AddressSanitizer and UndefinedBehaviorSanitizer,
# built with clang so that the libFuzzer targets come with it.
build-asan: bootstrap
	CC=clang CXX=clang++ cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug \
	  -DVIGIL_SANITIZE=ON -DVIGIL_FUZZ=ON -DVIGIL_BENCH=OFF $(CMAKE_FLAGS)
	cmake --build $(ASAN_BUILD)

# The tests where threads meet, under ThreadSanitizer: only their targets
# are built.
TSAN_TESTS = service_concurrency_test service_scan_test service_release_scan_test \
  service_records_test
build-tsan: bootstrap
	CC=clang CXX=clang++ cmake -S . -B $(TSAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug \
	  -DVIGIL_TSAN=ON -DVIGIL_BENCH=OFF $(CMAKE_FLAGS)
	cmake --build $(TSAN_BUILD) --target $(TSAN_TESTS)

test-tsan: build-tsan
	set -e; for t in $(TSAN_TESTS); do \
	  TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 $(TSAN_BUILD)/tests/$$t; done

# Reference data Debian does not package (the SARIF schema), fetched once.
TEST_TOOLS = $(BUILD)/test-tools
export VIGIL_SARIF_SCHEMA = $(abspath $(TEST_TOOLS))/sarif-2.1.0-rtm.5.json

test-tools:
	scripts/fetch-test-tools $(TEST_TOOLS)

test-unit: build test-tools
	ctest --test-dir $(BUILD) --output-on-failure -j2

test-asan: build-asan test-tools
	ctest --test-dir $(ASAN_BUILD) --output-on-failure -j2

# Each fuzzer for FUZZ_SECONDS, starting from its seeds in fuzz/corpus, with a
# fixed mutation seed (reproducible); FUZZ_SEED=0 explores with a random one.
fuzz: build-asan
	scripts/run-fuzzers $(ASAN_BUILD) $(FUZZ_SECONDS) $(FUZZ_SEED)

# Exploration: every fuzzer for FUZZ_LONG_SECONDS (10 minutes) with a random
# seed, FUZZ_JOBS at once, going on from the inputs earlier runs found; a
# crash is kept in fuzz/corpus as a regression seed, which ctest then
# replays. Figures in $(ASAN_BUILD)/fuzz-work/summary.tsv.
fuzz-long: build-asan
	scripts/run-fuzzers $(ASAN_BUILD) $(FUZZ_LONG_SECONDS) 0 $(FUZZ_JOBS) 1

test: test-unit test-asan test-tsan fuzz

bench: build
	scripts/run-benchmarks $(BUILD)
	scripts/bench-sbom-large $(BUILD)

# Knowledge base and scan at full-feed scale (2.5 GB of generated feeds,
# several minutes): import, one-shot and loaded scans, the reverse query.
bench-full: build
	scripts/bench-scan $(BUILD)

# Vigil's main job on three bundled devices: build the demo knowledge base (a
# small real subset of the public feeds, demo/kb), scan each device's SBOM
# (applying the pump maker's VEX statement), then triage each device's
# findings against its product profile (demo/profiles) as if learned on
# DEMO_LEARNED and judged on DEMO_AS_OF (fixed, so the demo reads the same
# every day). `vigil triage` exits 1 when a risk is uncontrolled, which here
# is the point of the demo, not a failure. Last, the same devices go into the
# records (a SQLite file): products, releases with their SBOMs, their
# findings kept, an installed base, an analysis carried forward to the
# pump's next release, and the audit trail verified.
DEMO_KB = $(BUILD)/demo.kb
DEMO_LEARNED = 2026-11-02
DEMO_AS_OF = 2026-11-23
DEMO_DEVICES = infusion-pump:cdx.json patient-monitor:spdx.json imaging-workstation:cdx.xml
DEMO_RECORDS = $(BUILD)/demo.records
RECORDS = VIGIL_RECORDS=$(DEMO_RECORDS) VIGIL_USER=demo $(BUILD)/vigil

demo: build
	@rm -f $(DEMO_KB) $(DEMO_KB)-wal $(DEMO_KB)-shm
	$(BUILD)/vigil db import demo/kb --db $(DEMO_KB)
	@echo
	$(BUILD)/vigil scan demo/sboms/infusion-pump.cdx.json demo/sboms/patient-monitor.spdx.json \
	  demo/sboms/imaging-workstation.cdx.xml --vex demo/vex/infusion-pump.openvex.json --db $(DEMO_KB)
	@for d in $(DEMO_DEVICES); do \
	  name=$${d%%:*}; sbom=demo/sboms/$$name.$${d#*:}; \
	  echo; echo "== triage: $$name"; \
	  vex=; [ -f demo/vex/$$name.openvex.json ] && vex="--vex demo/vex/$$name.openvex.json"; \
	  $(BUILD)/vigil scan $$sbom $$vex --db $(DEMO_KB) --format json \
	    > $(BUILD)/demo-$$name.scan.json || exit 2; \
	  $(BUILD)/vigil triage $(BUILD)/demo-$$name.scan.json --profile demo/profiles/$$name.json \
	    --learned $(DEMO_LEARNED) --as-of $(DEMO_AS_OF); test $$? -le 1 || exit 2; \
	done
	@echo; echo "== records ($(DEMO_RECORDS)): products, releases, findings, the audit trail"
	@rm -f $(DEMO_RECORDS) $(DEMO_RECORDS)-wal $(DEMO_RECORDS)-shm
	@for d in $(DEMO_DEVICES); do \
	  name=$${d%%:*}; \
	  $(RECORDS) product add $$name --profile demo/profiles/$$name.json >/dev/null || exit 2; \
	  $(RECORDS) release add $$name 1.0 --sbom demo/sboms/$$name.$${d#*:} --status marketed \
	    >/dev/null || exit 2; \
	  $(RECORDS) release scan $$name 1.0 --db $(DEMO_KB) --learned $(DEMO_LEARNED) \
	    --as-of $(DEMO_AS_OF) || exit 2; \
	done
	$(RECORDS) installed-base set infusion-pump 1.0 --site "St. Mary's Hospital" --devices 120 \
	  --reason "site survey"
	$(RECORDS) finding analyze 1 --state not_affected --justification protected_at_perimeter \
	  --detail "VxWorks IPnet is reachable only from the clinical VLAN" --reason "review PT-2026-03"
	@$(RECORDS) release add infusion-pump 1.1 --sbom demo/sboms/infusion-pump.cdx.json >/dev/null
	$(RECORDS) release scan infusion-pump 1.1 --db $(DEMO_KB) --learned $(DEMO_AS_OF) \
	  --as-of $(DEMO_AS_OF)
	$(RECORDS) finding list --product infusion-pump --release 1.1 --limit 4
	$(RECORDS) audit verify

format:
	git ls-files '*.cpp' '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(TSAN_BUILD)

# The two commands a new user runs: `make demo` and `make test`.
# Everything else is a building block of those two.

BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_SECONDS ?= 5
FUZZ_SEED ?= 1
CMAKE_FLAGS ?=

.PHONY: all bootstrap build build-asan test test-unit test-asan fuzz bench demo format clean

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

test-unit: build
	ctest --test-dir $(BUILD) --output-on-failure -j2

test-asan: build-asan
	ctest --test-dir $(ASAN_BUILD) --output-on-failure -j2

# Each fuzzer for FUZZ_SECONDS, starting from its seeds in fuzz/corpus, with a
# fixed mutation seed (reproducible); FUZZ_SEED=0 explores with a random one.
fuzz: build-asan
	scripts/run-fuzzers $(ASAN_BUILD) $(FUZZ_SECONDS) $(FUZZ_SEED)

test: test-unit test-asan fuzz

bench: build
	scripts/run-benchmarks $(BUILD)
	scripts/bench-sbom-large $(BUILD)

demo: build
	@echo "make demo: the scan demo arrives with 'vigil scan'; until then, SBOM ingest and the identity and version engine:"
	$(BUILD)/vigil sbom inspect tests/data/sbom/pump-firmware.cdx.json
	$(BUILD)/vigil purl 'pkg:PYPI/Django_Rest_Framework@3.14.0' 'pkg:deb/debian/openssl@3.0.11-1~deb12u2?distro=debian-12&arch=amd64'
	$(BUILD)/vigil cpe match 'cpe:2.3:a:busybox:busybox:*:*:*:*:*:*:*:*' 'cpe:2.3:a:busybox:busybox:1.36.1:*:*:*:*:*:*:*'
	$(BUILD)/vigil version compare Debian 1:2.36-9+deb12u4 2.36-9+deb12u10
	$(BUILD)/vigil version in npm 1.5.0 'vers:npm/>=1.2.0|<1.4.3' || echo "1.5.0 is not in >=1.2.0|<1.4.3"

format:
	git ls-files '*.cpp' '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)

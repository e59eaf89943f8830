// Package URL parsing and canonicalisation. Aim: parse under 1 microsecond.
#include <benchmark/benchmark.h>

#include "purl/purl.h"

namespace {

const char* kPurls[] = {
    "pkg:npm/lodash@4.17.21",
    "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar",
    "pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12",
    "pkg:pypi/Django_Rest_Framework@3.14.0",
};

void BM_Parse(benchmark::State& state) {
  const char* p = kPurls[state.range(0)];
  state.SetLabel(p);
  for (auto _ : state) benchmark::DoNotOptimize(vigil::purl::parse(p));
}
BENCHMARK(BM_Parse)->DenseRange(0, std::size(kPurls) - 1);

void BM_Canonicalize(benchmark::State& state) {
  const char* p = kPurls[state.range(0)];
  state.SetLabel(p);
  for (auto _ : state) benchmark::DoNotOptimize(vigil::purl::canonicalize(p));
}
BENCHMARK(BM_Canonicalize)->DenseRange(0, std::size(kPurls) - 1);

}  // namespace

BENCHMARK_MAIN();

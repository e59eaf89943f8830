// CPE parsing and name matching, the inner loop of CPE-based matching.
#include <benchmark/benchmark.h>

#include "cpe/cpe.h"

namespace {

void BM_ParseFormattedString(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        vigil::cpe::parse("cpe:2.3:o:linux:linux_kernel:5.10.120:*:*:*:*:*:*:*"));
  }
}
BENCHMARK(BM_ParseFormattedString);

void BM_Match(benchmark::State& state) {
  const auto source = vigil::cpe::parse("cpe:2.3:o:linux:linux_kernel:*:*:*:*:*:*:*:*");
  const auto target = vigil::cpe::parse("cpe:2.3:o:linux:linux_kernel:5.10.120:*:*:*:*:*:*:*");
  for (auto _ : state) benchmark::DoNotOptimize(vigil::cpe::matches(*source, *target));
}
BENCHMARK(BM_Match);

}  // namespace

BENCHMARK_MAIN();

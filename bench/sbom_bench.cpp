// SBOM reading throughput on generated CycloneDX documents of 10k and 100k
// components (about 0.8 KB each), and one of 10k at about 1 KB each. Aim: a
// 10 MB, 10k-component JSON in under 20 ms. The 256 MB whole-command run is
// scripts/bench-sbom-large.
#include <benchmark/benchmark.h>

#include "sbom/readers.h"
#include "sbom/sbom.h"
#include "sbom_generator.h"

namespace {

// `doc` is the benchmark's own, so that read_in_place may lend it out.
template <class Read>
void run(benchmark::State& state, std::string doc, Read read) {
  for (auto _ : state) {
    auto d = read(doc, "generated");
    if (!d || d->components.size() != static_cast<size_t>(state.range(0))) {
      state.SkipWithError("generated SBOM did not read");
      break;
    }
    benchmark::DoNotOptimize(d);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * doc.size()));
  state.counters["MB"] = static_cast<double>(doc.size()) / 1e6;
}

void BM_ReadCycloneDxJson(benchmark::State& state) {
  run(state, vigil::bench::cyclonedx_json(static_cast<size_t>(state.range(0))), vigil::sbom::read);
}
BENCHMARK(BM_ReadCycloneDxJson)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);

// The size the ingest aim names: 10k components in 10 MB (a description and
// a third digest each).
void BM_ReadCycloneDxJson10MB(benchmark::State& state) {
  run(state, vigil::bench::cyclonedx_json(static_cast<size_t>(state.range(0)), true),
      vigil::sbom::read);
}
BENCHMARK(BM_ReadCycloneDxJson10MB)->Arg(10000)->Unit(benchmark::kMillisecond);

// The same, lent rather than copied: what a caller holding the text in a
// string it can lend (an upload) pays.
void BM_ReadCycloneDxJson10MBInPlace(benchmark::State& state) {
  run(state, vigil::bench::cyclonedx_json(static_cast<size_t>(state.range(0)), true),
      vigil::sbom::read_in_place);
}
BENCHMARK(BM_ReadCycloneDxJson10MBInPlace)->Arg(10000)->Unit(benchmark::kMillisecond);

// The same documents through one parse tree of the whole text, and split
// (the root, then each element alone), whatever their size.
void BM_ReadCycloneDxJsonWhole(benchmark::State& state) {
  run(state, vigil::bench::cyclonedx_json(static_cast<size_t>(state.range(0))),
      vigil::sbom::detail::read_whole_json);
}
BENCHMARK(BM_ReadCycloneDxJsonWhole)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);

void BM_ReadCycloneDxJsonSplit(benchmark::State& state) {
  run(state, vigil::bench::cyclonedx_json(static_cast<size_t>(state.range(0))),
      [](std::string_view bytes, std::string_view source) {
        return vigil::sbom::detail::read_split_json(bytes, source);
      });
}
BENCHMARK(BM_ReadCycloneDxJsonSplit)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);

void BM_ReadCycloneDxXml(benchmark::State& state) {
  run(state, vigil::bench::cyclonedx_xml(static_cast<size_t>(state.range(0))), vigil::sbom::read);
}
BENCHMARK(BM_ReadCycloneDxXml)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);

void BM_WriteCycloneDxJson(benchmark::State& state) {
  const auto doc =
      vigil::sbom::read(vigil::bench::cyclonedx_json(static_cast<size_t>(state.range(0))), "g");
  for (auto _ : state) benchmark::DoNotOptimize(vigil::sbom::write_cyclonedx_json(*doc));
}
BENCHMARK(BM_WriteCycloneDxJson)->Arg(10000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();

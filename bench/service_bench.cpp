// Scans through one knowledge service, as the server and the monitor make
// them: a 10,000-component device SBOM against a full-scale kb
// (scripts/bench-scan builds it), from one and from two threads at once
// (throughput: items per second), and the process's resident memory after
// 10,000 loaded scans of smaller devices, each a different SBOM, to show
// that it stays flat.
//
//   VIGIL_BENCH_KB=build/bench-data/full.kb build/bench/service_bench
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "feed_generator.h"
#include "service/scan.h"

namespace {

using vigil::service::KnowledgeService;

KnowledgeService* bench_service(benchmark::State& state) {
  static KnowledgeService* service = []() -> KnowledgeService* {
    const char* path = std::getenv("VIGIL_BENCH_KB");
    if (path == nullptr) return nullptr;
    auto s = KnowledgeService::open(path, {.max_workers = 2});
    return s ? s->release() : nullptr;
  }();
  if (service == nullptr)
    state.SkipWithError("set VIGIL_BENCH_KB to a kb (scripts/bench-scan builds one)");
  return service;
}

// Resident memory of this process, in MB (/proc/self/statm).
double rss_mb() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return static_cast<double>(resident) * 4096.0 / (1024.0 * 1024.0);
}

const std::string& device_bytes() {
  static const std::string bytes = vigil::bench::device_sbom_json(10000, 7);
  return bytes;
}

// One scan per iteration on each thread; the SBOM is read each time, as an
// upload would be.
void BM_ServiceScan(benchmark::State& state) {
  KnowledgeService* service = bench_service(state);
  if (service == nullptr) return;
  const vigil::service::ScanRequest request{.sboms = {{"device.json", device_bytes()}}};
  // Each worker loaded once before timing: the loaded case.
  if (state.thread_index() == 0) (void)vigil::service::scan(*service, request);
  size_t findings = 0;
  for (auto _ : state) {
    auto r = vigil::service::scan(*service, request);
    if (!r) {
      state.SkipWithError(r.error().to_string().c_str());
      break;
    }
    findings = r->reports[0].result.findings.size();
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["findings"] = static_cast<double>(findings);
}
BENCHMARK(BM_ServiceScan)->Threads(1)->Threads(2)->UseRealTime()->Unit(benchmark::kMillisecond);

// 10,000 scans of 200-component devices, each SBOM different (its own seed),
// through one service: RSS after the first 1,000 and after all of them.
void BM_ServiceRssAfter10kScans(benchmark::State& state) {
  KnowledgeService* service = bench_service(state);
  if (service == nullptr) return;
  double after_1k = 0, after_10k = 0;
  for (auto _ : state) {
    for (uint64_t i = 0; i < 10000; ++i) {
      const vigil::service::ScanRequest request{
          .sboms = {{"device.json", vigil::bench::device_sbom_json(200, 1000 + i)}}};
      auto r = vigil::service::scan(*service, request);
      if (!r) {
        state.SkipWithError(r.error().to_string().c_str());
        return;
      }
      if (i == 999) after_1k = rss_mb();
    }
    after_10k = rss_mb();
  }
  state.counters["rss_mb_after_1k"] = after_1k;
  state.counters["rss_mb_after_10k"] = after_10k;
}
BENCHMARK(BM_ServiceRssAfter10kScans)->Iterations(1)->Unit(benchmark::kSecond);

}  // namespace

BENCHMARK_MAIN();

// Scanning with the knowledge base already loaded, as a long-running
// process does: a 10,000-component device SBOM against a full-scale kb
// (scripts/bench-scan builds it), and the reverse query — which of 1,000
// stored SBOMs an advisory affects.
//
//   VIGIL_BENCH_KB=build/bench/full.kb build/bench/scan_bench
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <map>

#include "feed_generator.h"
#include "kb/kb.h"
#include "match/match.h"
#include "match/report.h"

namespace {

using vigil::kb::KnowledgeBase;
using vigil::match::Matcher;

KnowledgeBase* bench_kb(benchmark::State& state) {
  static KnowledgeBase* kb = []() -> KnowledgeBase* {
    const char* path = std::getenv("VIGIL_BENCH_KB");
    if (path == nullptr) return nullptr;
    auto k = KnowledgeBase::open(path);
    return k ? new KnowledgeBase(std::move(*k)) : nullptr;
  }();
  if (kb == nullptr)
    state.SkipWithError("set VIGIL_BENCH_KB to a kb (scripts/bench-scan builds one)");
  return kb;
}

const vigil::sbom::Document& device(size_t components, uint64_t seed = 7) {
  static std::map<std::pair<size_t, uint64_t>, vigil::sbom::Document> docs;
  auto it = docs.find({components, seed});
  if (it == docs.end()) {
    auto d = vigil::sbom::read(vigil::bench::device_sbom_json(components, seed), "bench");
    it = docs.emplace(std::make_pair(components, seed), std::move(*d)).first;
  }
  return it->second;
}

// One scan and its report. Not inlined, so that callgrind can count one
// loaded scan alone: --toggle-collect='*loaded_scan*'.
[[gnu::noinline]] size_t loaded_scan(Matcher& matcher, const vigil::sbom::Document& doc) {
  auto r = matcher.scan(doc, {});
  auto report = vigil::match::make_report(matcher, "bench", doc, std::move(*r), false);
  benchmark::DoNotOptimize(report);
  return report->result.findings.size();
}

// The loaded case: the matcher (and its record cache) lives across scans.
void BM_ScanLoaded(benchmark::State& state) {
  KnowledgeBase* kb = bench_kb(state);
  if (kb == nullptr) return;
  const auto& doc = device(static_cast<size_t>(state.range(0)));
  Matcher matcher(*kb);
  // Loading is what the cold benchmark measures; the first report reads
  // the descriptions.
  (void)vigil::match::make_report(matcher, "bench", doc, std::move(*matcher.scan(doc, {})), false);
  size_t findings = 0;
  for (auto _ : state) findings = loaded_scan(matcher, doc);
  state.counters["findings"] = static_cast<double>(findings);
}
BENCHMARK(BM_ScanLoaded)->Arg(10000)->Unit(benchmark::kMillisecond);

// The first scan of a fresh matcher: every record read from the kb file.
void BM_ScanColdMatcher(benchmark::State& state) {
  KnowledgeBase* kb = bench_kb(state);
  if (kb == nullptr) return;
  const auto& doc = device(static_cast<size_t>(state.range(0)));
  for (auto _ : state) {
    Matcher matcher(*kb);
    auto r = matcher.scan(doc, {});
    auto report = vigil::match::make_report(matcher, "bench", doc, std::move(*r), false);
    benchmark::DoNotOptimize(report);
  }
}
BENCHMARK(BM_ScanColdMatcher)->Arg(10000)->Unit(benchmark::kMillisecond);

// Reverse query over 1,000 stored SBOMs of 300 components each.
const vigil::match::Inventory& inventory() {
  static vigil::match::Inventory* inv = [] {
    auto* i = new vigil::match::Inventory;
    for (uint64_t k = 0; k < 1000; ++k) i->add("sbom-" + std::to_string(k), device(300, 100 + k));
    return i;
  }();
  return *inv;
}

void reverse_query(benchmark::State& state, vigil::Result<std::vector<int64_t>> keys) {
  KnowledgeBase* kb = bench_kb(state);
  if (kb == nullptr) return;
  if (!keys || keys->empty()) {
    state.SkipWithError("the kb holds no such advisory");
    return;
  }
  auto rec = kb->record(keys->front());
  const auto& inv = inventory();
  size_t hits = 0;
  for (auto _ : state) {
    auto h = inv.affected_by(*rec);
    hits = h.size();
    benchmark::DoNotOptimize(h);
  }
  state.counters["affected_components"] = static_cast<double>(hits);
}

// A new kernel CVE: every stored SBOM runs the same kernel, so every one is
// affected (the worst case).
void BM_ReverseQueryKernel(benchmark::State& state) {
  KnowledgeBase* kb = bench_kb(state);
  if (kb == nullptr) return;
  reverse_query(state, kb->by_cpe("linux", "linux_kernel", vigil::cpe::literal("5.10.200")));
}
BENCHMARK(BM_ReverseQueryKernel)->Unit(benchmark::kMicrosecond);

// A new advisory for a popular npm package.
void BM_ReverseQueryPackage(benchmark::State& state) {
  KnowledgeBase* kb = bench_kb(state);
  if (kb == nullptr) return;
  reverse_query(state, kb->by_package("npm", "package-0"));
}
BENCHMARK(BM_ReverseQueryPackage)->Unit(benchmark::kMicrosecond);

// Index lookups, the kb's part of every component's match: one package's
// records (by key and version span), one CPE product's (by version bounds).
void BM_LookupPackage(benchmark::State& state) {
  KnowledgeBase* kb = bench_kb(state);
  if (kb == nullptr) return;
  const KnowledgeBase::ReadScope scope(*kb);
  size_t n = 0;
  for (auto _ : state) {
    auto keys = kb->by_package("npm", "package-1", "2.3.4");
    n = keys ? keys->size() : 0;
    benchmark::DoNotOptimize(keys);
  }
  state.counters["records"] = static_cast<double>(n);
}
BENCHMARK(BM_LookupPackage)->Unit(benchmark::kMicrosecond);

void BM_LookupCpeKernel(benchmark::State& state) {
  KnowledgeBase* kb = bench_kb(state);
  if (kb == nullptr) return;
  const KnowledgeBase::ReadScope scope(*kb);
  const vigil::cpe::Value version = vigil::cpe::literal("5.10.200");
  size_t n = 0;
  for (auto _ : state) {
    auto keys = kb->by_cpe("linux", "linux_kernel", version);
    n = keys ? keys->size() : 0;
    benchmark::DoNotOptimize(keys);
  }
  state.counters["records"] = static_cast<double>(n);
}
BENCHMARK(BM_LookupCpeKernel)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();

// The records at scale, through the library a long-running process holds:
//   BM_ReleaseAdd10k      release add of a 10k-component SBOM (about 10 MB),
//                         audited row by row                     aim: < 1 s
//   BM_FindingListPage    one page of 100 among 100k findings    aim: < 5 ms
//   BM_AuditVerify1M      audit verify over 1M entries           aim: < 10 s
// The 1M-entry records are built once (a minute or two) in
// $VIGIL_BENCH_RECORDS_DIR/large.db (default $TMPDIR/vigil-bench-records)
// and reused.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "audit/audit.h"
#include "records/records.h"
#include "sbom_generator.h"

namespace {

using vigil::records::Records;

const vigil::audit::Actor kBench{"bench", "benchmark"};

const std::string& sbom10k() {
  static const std::string s = vigil::bench::cyclonedx_json(10000);
  return s;
}

std::string scratch(const char* name) {
  const char* dir = std::getenv("VIGIL_BENCH_RECORDS_DIR");
  const std::filesystem::path d =
      dir ? dir : std::filesystem::temp_directory_path() / "vigil-bench-records";
  std::filesystem::create_directories(d);
  return (d / name).string();
}

void die(const vigil::Error& e) {
  std::fprintf(stderr, "records_bench: %s\n", e.to_string().c_str());
  std::exit(1);
}

// Records of 1M audit entries: 90 releases of 10k components, and 100k
// findings on the first release (ten vulnerabilities on each component).
Records& large() {
  static Records* r = [] {
    const std::string path = scratch("large.db");
    const bool exists = std::filesystem::exists(path);
    auto opened = Records::open(path);
    if (!opened) die(opened.error());
    auto* rec = new Records(std::move(*opened));
    if (exists) return rec;
    std::fprintf(stderr, "records_bench: building %s (1M audit entries, once)\n", path.c_str());
    if (auto p = rec->add_product("Bench", std::nullopt, kBench); !p) die(p.error());
    for (int i = 0; i < 90; ++i) {
      auto rel = rec->add_release(
          {"Bench", "1." + std::to_string(i), "marketed", "", "", sbom10k(), "bench.cdx.json"},
          kBench);
      if (!rel) die(rel.error());
    }
    auto& c = rec->connection();
    auto written = vigil::audit::change(c, kBench, [&](vigil::audit::Writer& w) {
      auto components = c.query("SELECT id FROM components WHERE release_id = 1 ORDER BY id");
      if (!components) return vigil::Result<void>(components.error());
      int64_t n = 0;
      for (const auto& row : *components) {
        for (int v = 0; v < 10; ++v, ++n) {
          auto id =
              w.insert("findings", {{"release_id", int64_t{1}},
                                    {"component_id", row.integer(0)},
                                    {"vulnerability", "CVE-2026-" + std::to_string(10000 + n)},
                                    {"first_seen", std::string("2026-11-02")},
                                    {"last_seen", std::string("2026-11-23")},
                                    {"severity", std::string(n % 3 ? "high" : "critical")},
                                    {"evidence", std::string(R"({"match":{"rule":"purl-range"}})")},
                                    {"triage", vigil::store::Value(std::monostate{})},
                                    {"state", std::string(n % 4 ? "in_triage" : "exploitable")}});
          if (!id) return vigil::Result<void>(id.error());
        }
      }
      return vigil::Result<void>();
    });
    if (!written) die(written.error());
    return rec;
  }();
  return *r;
}

void BM_ReleaseAdd10k(benchmark::State& state) {
  const std::string path = scratch("release-add.db");
  std::filesystem::remove(path);
  std::filesystem::remove(path + "-wal");
  std::filesystem::remove(path + "-shm");
  auto opened = Records::open(path);
  if (!opened) die(opened.error());
  if (auto p = opened->add_product("Bench", std::nullopt, kBench); !p) die(p.error());
  int version = 0;
  for (auto _ : state) {
    auto rel = opened->add_release({"Bench", "2." + std::to_string(version++), "marketed", "", "",
                                    sbom10k(), "bench.cdx.json"},
                                   kBench);
    if (!rel) die(rel.error());
    benchmark::DoNotOptimize(rel->components);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * sbom10k().size()));
}
BENCHMARK(BM_ReleaseAdd10k)->Unit(benchmark::kMillisecond)->Iterations(5);

void BM_FindingListPage(benchmark::State& state) {
  Records& r = large();
  int64_t after = 0;
  const std::string filter = state.range(0) ? "exploitable" : "";
  for (auto _ : state) {
    auto page = r.findings({"Bench", "1.0", filter, after, 100});
    if (!page || page->size() != 100) die(page ? vigil::Error{"short page", {}} : page.error());
    after = (after + 997) % 90000;
    benchmark::DoNotOptimize(page->back().id);
  }
}
BENCHMARK(BM_FindingListPage)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

void BM_AuditVerify1M(benchmark::State& state) {
  Records& r = large();
  for (auto _ : state) {
    auto v = vigil::audit::verify(r.connection());
    if (!v) die(v.error());
    if (!v->intact) die(vigil::Error{v->problems.front(), {}});
    state.counters["entries"] = static_cast<double>(v->entries);
  }
}
BENCHMARK(BM_AuditVerify1M)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

BENCHMARK_MAIN();

// A release scan through the service: the plan reads one generation of the
// shared kb and writes nothing, recording keeps it, and plans of two
// releases made on two threads at once (each thread with its own records
// connection) are what one thread would make.
#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "records/records.h"
#include "service/release_scan.h"
#include "support/fixtures.h"

namespace vigil::service {
namespace {

namespace fs = std::filesystem;

const audit::Actor kMonitor{"monitor", "kb changed"};

struct Demo {
  std::string kb, records;
};

// The demo kb, and records holding the pump and the monitor with their
// profiles and one release each.
Demo demo(const std::string& name) {
  const fs::path dir = testing::fresh_dir(name);
  Demo d{(dir / "demo.kb").string(), (dir / "records.db").string()};
  auto kb = kb::KnowledgeBase::open(d.kb);
  EXPECT_TRUE(kb.ok());
  EXPECT_TRUE(kb->import_paths({(testing::demo_dir() / "kb").string()}).ok());
  auto r = records::Records::open(d.records);
  EXPECT_TRUE(r.ok()) << r.error().to_string();
  for (const auto& [product, sbom] : std::vector<std::pair<std::string, std::string>>{
           {"infusion-pump", "infusion-pump.cdx.json"},
           {"patient-monitor", "patient-monitor.spdx.json"}}) {
    const auto profile = testing::read_file(testing::demo_dir() / "profiles" / (product + ".json"));
    EXPECT_TRUE(r->add_product(product, profile, kMonitor).ok());
    records::NewRelease rel{product, "1.0", "marketed", "", "", "", sbom};
    rel.sbom_bytes = testing::read_file(testing::demo_dir() / "sboms" / sbom);
    auto added = r->add_release(rel, kMonitor);
    EXPECT_TRUE(added.ok()) << added.error().to_string();
  }
  return d;
}

// What a plan says, in one line per finding, for comparing plans.
std::string lines(const records::ScanPlan& p) {
  std::string out;
  for (const auto& x : p.findings)
    out += std::to_string(x.component) + " " + x.vulnerability + " " + x.severity + " " +
           x.triage.dump() + "\n";
  return out;
}

TEST(ServiceReleaseScan, APlanReadsOneGenerationAndWritesNothingUntilRecorded) {
  const Demo d = demo("service-release-plan");
  auto knowledge = KnowledgeService::open(d.kb, {.max_workers = 2});
  ASSERT_TRUE(knowledge.ok()) << knowledge.error().to_string();
  auto r = records::Records::open(d.records);
  ASSERT_TRUE(r.ok());
  const auto entries = r->audit_log()->size();
  const ReleaseScanRequest pump{"infusion-pump", "1.0", "2026-11-02", "2026-11-23"};
  auto planned = plan_release_scan(**knowledge, *r, pump);
  ASSERT_TRUE(planned.ok()) << planned.error().to_string();
  EXPECT_EQ(planned->generation, *(*knowledge)->generation());
  EXPECT_FALSE(planned->plan.findings.empty());
  EXPECT_EQ(r->audit_log()->size(), entries);
  EXPECT_TRUE(r->findings({"infusion-pump", "1.0", "", 0, 0})->empty());

  auto kept = scan_release(**knowledge, *r, pump, kMonitor);
  ASSERT_TRUE(kept.ok()) << kept.error().to_string();
  EXPECT_EQ(static_cast<size_t>(kept->findings), planned->plan.findings.size());
  EXPECT_EQ(r->findings({"infusion-pump", "1.0", "", 0, 0})->size(), planned->plan.findings.size());
  // Nothing changed in the kb or the SBOM: planning again finds the same.
  auto again = plan_release_scan(**knowledge, *r, pump);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(lines(again->plan), lines(planned->plan));

  auto unknown =
      plan_release_scan(**knowledge, *r, {"no-such-pump", "1.0", "2026-11-02", "2026-11-23"});
  ASSERT_FALSE(unknown.ok());
}

TEST(ServiceReleaseScan, TwoThreadsPlanAtOnceAsOneWould) {
  const Demo d = demo("service-release-threads");
  auto knowledge = KnowledgeService::open(d.kb, {.max_workers = 2});
  ASSERT_TRUE(knowledge.ok());
  const std::vector<ReleaseScanRequest> requests{
      {"infusion-pump", "1.0", "2026-11-02", "2026-11-23"},
      {"patient-monitor", "1.0", "2026-11-02", "2026-11-23"}};
  std::vector<std::string> alone;
  {
    auto r = records::Records::open(d.records);
    ASSERT_TRUE(r.ok());
    for (const auto& q : requests) {
      auto p = plan_release_scan(**knowledge, *r, q);
      ASSERT_TRUE(p.ok()) << p.error().to_string();
      alone.push_back(lines(p->plan));
    }
  }
  std::vector<std::string> together(requests.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < requests.size(); ++i) {
    threads.emplace_back([&, i] {
      auto r = records::Records::open(d.records);  // one per thread
      if (!r) return;
      for (int round = 0; round < 5; ++round) {
        auto p = plan_release_scan(**knowledge, *r, requests[i]);
        if (!p) return;
        together[i] = lines(p->plan);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(together, alone);
}

}  // namespace
}  // namespace vigil::service

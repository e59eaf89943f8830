// Eight threads scan through one knowledge service while imports publish new
// generations, one through the service and one by another connection (as
// `vigil db update` in another process would). Every scan must see each
// import whole or not at all: its findings are exactly those of some
// generation, with every vulnerability described from the same snapshot, and
// a thread never sees the kb go back. Built under ThreadSanitizer as well
// (make test-tsan).
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "service/scan.h"
#include "support/fixtures.h"

namespace vigil::service {
namespace {

namespace fs = std::filesystem;

std::set<std::string> vulnerabilities(const ScanOutcome& o) {
  std::set<std::string> out;
  for (const auto& f : o.reports.at(0).result.findings) out.insert(f.vulnerability);
  return out;
}

TEST(ServiceConcurrency, ScansDuringImportsSeeEachGenerationWhole) {
  const fs::path dir = testing::fresh_dir("service-stress");
  const std::string path = (dir / "kb").string();
  {
    auto kb = kb::KnowledgeBase::open(path);
    ASSERT_TRUE(kb.ok());
    ASSERT_TRUE(kb->import_paths({(testing::demo_dir() / "kb").string()}).ok());
  }
  auto service = KnowledgeService::open(path, {.max_workers = 4, .max_cached_records = 50});
  ASSERT_TRUE(service.ok()) << service.error().to_string();
  KnowledgeService& knowledge = **service;
  const Input sbom{(testing::demo_dir() / "sboms" / "patient-monitor.spdx.json").string(),
                   testing::read_file(testing::demo_dir() / "sboms" / "patient-monitor.spdx.json")};
  const ScanRequest request{.sboms = {sbom}};
  auto before = scan(knowledge, request);
  ASSERT_TRUE(before.ok()) << before.error().to_string();
  // The three generations' answers.
  std::set<std::string> g0 = vulnerabilities(*before), g1 = g0, g2;
  g1.insert("CVE-2099-0001");
  g2 = g1;
  g2.insert("CVE-2099-0002");
  ASSERT_EQ(g0.count("CVE-2099-0001"), 0u);

  constexpr int kThreads = 8, kScans = 60;
  std::atomic<int> done{0};
  std::atomic<int64_t> after_first{INT64_MAX};  // the generation that holds delta 1
  std::vector<std::string> failures[kThreads];
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      int level = 0;
      int64_t generation = 0;
      for (int i = 0; i < kScans; ++i) {
        auto r = scan(knowledge, request);
        done.fetch_add(1);
        if (!r) {
          failures[t].push_back(r.error().to_string());
          continue;
        }
        const auto seen = vulnerabilities(*r);
        const int now = seen == g0 ? 0 : seen == g1 ? 1 : seen == g2 ? 2 : -1;
        if (now < 0) failures[t].push_back("a scan saw an import in part");
        if (now < level) failures[t].push_back("a scan saw the kb go back");
        if (r->generation < generation) failures[t].push_back("the generation went back");
        if (r->generation >= after_first.load() && now < 1)
          failures[t].push_back("a generation after the import scanned without it");
        level = std::max(level, now);
        generation = r->generation;
        for (const auto& f : r->reports[0].result.findings) {
          if (f.vulnerability != "CVE-2099-0001") continue;
          // Matching and describing read one snapshot: the revision that
          // matched is the revision that describes.
          const bool revised_fix = f.fixed_versions == std::vector<std::string>{"1.21.1"};
          const bool revised_text = r->reports[0].info(f).summary.rfind("Revised", 0) == 0;
          if (revised_fix != revised_text)
            failures[t].push_back("a finding matched and described from different snapshots");
          if (revised_fix != (now == 2)) failures[t].push_back("delta 2 seen in part");
        }
      }
    });
  }
  // Delta 1 through the service once scans are under way, delta 2 by another
  // connection a little later.
  while (done.load() < kThreads * 3) std::this_thread::yield();
  auto first = knowledge.import_paths({(testing::data_dir() / "service" / "delta-1").string()});
  ASSERT_TRUE(first.ok()) << first.error().to_string();
  EXPECT_EQ(first->added, 1u);
  auto g = knowledge.generation();
  ASSERT_TRUE(g.ok());
  after_first = *g;
  while (done.load() < kThreads * 25) std::this_thread::yield();
  {
    auto other = kb::KnowledgeBase::open(path);
    ASSERT_TRUE(other.ok());
    ASSERT_TRUE(other->import_paths({(testing::data_dir() / "service" / "delta-2").string()}).ok());
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < kThreads; ++t) {
    for (const auto& f : failures[t]) ADD_FAILURE() << "thread " << t << ": " << f;
  }
  auto last = scan(knowledge, request);
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(vulnerabilities(*last), g2);
  EXPECT_GT(last->generation, before->generation + 1);
}

TEST(ServiceConcurrency, AtMostMaxWorkersAreLeasedAndOthersWait) {
  const fs::path dir = testing::fresh_dir("service-pool");
  const std::string path = (dir / "kb").string();
  {
    auto kb = kb::KnowledgeBase::open(path);
    ASSERT_TRUE(kb.ok());
    ASSERT_TRUE(kb->import_paths({(testing::demo_dir() / "kb").string()}).ok());
  }
  auto service = KnowledgeService::open(path, {.max_workers = 2});
  ASSERT_TRUE(service.ok());
  auto a = (*service)->lease();
  auto b = (*service)->lease();
  ASSERT_TRUE(a.ok() && b.ok());
  std::atomic<bool> third{false};
  std::thread waiter([&] {
    auto c = (*service)->lease();
    EXPECT_TRUE(c.ok());
    third = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(third.load());  // both workers are out
  { auto give_back = std::move(*a); }
  waiter.join();
  EXPECT_TRUE(third.load());
}

}  // namespace
}  // namespace vigil::service

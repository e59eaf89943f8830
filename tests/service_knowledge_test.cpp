// The kb's own calls through the knowledge service, the ones `vigil db`
// makes and the server will: a first import that starts a kb, what the kb
// holds (stats), one vulnerability by any of its ids, and their JSON.
#include <gtest/gtest.h>

#include "kb/json.h"
#include "service/knowledge.h"
#include "support/fixtures.h"

namespace vigil::service {
namespace {

namespace fs = std::filesystem;

constexpr KnowledgeOptions kMaintenance{.max_workers = 1, .allow_empty = true};

std::string demo_feeds() { return (testing::demo_dir() / "kb").string(); }

TEST(ServiceKnowledgeAdmin, OnlyCreateStartsAKbAndAnImportFillsIt) {
  const fs::path path = testing::fresh_dir("service-admin-create") / "new.kb";
  auto reading = KnowledgeService::open(path.string(), kMaintenance);
  ASSERT_FALSE(reading.ok());
  EXPECT_EQ(reading.error().kind, ErrorKind::not_found);
  EXPECT_FALSE(fs::exists(path));  // reading a mistyped path starts nothing

  auto s = KnowledgeService::open(path.string(), {.max_workers = 1, .create = true});
  ASSERT_TRUE(s.ok()) << s.error().to_string();
  auto empty = (*s)->stats();
  ASSERT_TRUE(empty.ok()) << empty.error().to_string();
  EXPECT_EQ(empty->vulnerabilities, 0u);
  EXPECT_EQ(empty->advisories, 0u);
  const int64_t before = *(*s)->generation();

  auto report = (*s)->import_paths({demo_feeds()});
  ASSERT_TRUE(report.ok()) << report.error().to_string();
  EXPECT_GT(report->added, 0u);
  EXPECT_EQ(report->changes.added.count("CVE-2022-0778"), 1u);
  EXPECT_GT(*(*s)->generation(), before);  // the import is a new generation
  auto full = (*s)->stats();
  ASSERT_TRUE(full.ok());
  EXPECT_EQ(full->advisories, report->added);
  EXPECT_GT(full->vulnerabilities, 0u);
  EXPECT_EQ(full->vulnerabilities, report->changes.added.size());
  EXPECT_EQ(full->sources.count("nvd"), 1u);
  EXPECT_EQ(full->sources.count("osv"), 1u);
  EXPECT_EQ(full->sources.count("kev"), 1u);

  // Now it holds advisories, a scanning service opens it.
  EXPECT_TRUE(KnowledgeService::open(path.string()).ok());
}

TEST(ServiceKnowledgeAdmin, AFailedImportImportsNothingAndSaysWhat) {
  const fs::path dir = testing::fresh_dir("service-admin-failed");
  auto s = KnowledgeService::open((dir / "kb").string(), {.max_workers = 1, .create = true});
  ASSERT_TRUE(s.ok());
  auto report = (*s)->import_paths({demo_feeds(), (dir / "no-such-feed").string()});
  ASSERT_FALSE(report.ok());
  EXPECT_NE(report.error().to_string().find("no-such-feed"), std::string::npos)
      << report.error().to_string();
  EXPECT_EQ((*s)->stats()->advisories, 0u);  // atomic: the demo feeds are not in either
}

TEST(ServiceKnowledgeAdmin, FindsAVulnerabilityByAnyOfItsIds) {
  const fs::path path = testing::fresh_dir("service-admin-find") / "demo.kb";
  auto s = KnowledgeService::open(path.string(), {.max_workers = 1, .create = true});
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE((*s)->import_paths({demo_feeds()}).ok());
  auto v = (*s)->find("CVE-2022-0778");
  ASSERT_TRUE(v.ok()) << v.error().to_string();
  ASSERT_TRUE(v->has_value());
  EXPECT_EQ((*v)->id, "CVE-2022-0778");
  ASSERT_FALSE((*v)->advisories.empty());
  for (const auto& alias : (*v)->aliases) {
    auto same = (*s)->find(alias);
    ASSERT_TRUE(same.ok() && same->has_value()) << alias;
    EXPECT_EQ((*same)->id, "CVE-2022-0778") << alias;
  }
  auto unknown = (*s)->find("CVE-1900-0001");
  ASSERT_TRUE(unknown.ok());
  EXPECT_FALSE(unknown->has_value());

  const auto j = kb::to_json(**v);
  EXPECT_EQ(j["id"], "CVE-2022-0778");
  EXPECT_EQ(j["aliases"].size(), (*v)->aliases.size());
  EXPECT_EQ(j["advisories"].size(), (*v)->advisories.size());
  EXPECT_EQ(j["kev"].is_null(), !(*v)->kev.has_value());
  EXPECT_EQ(j["epss"].is_null(), !(*v)->epss.has_value());

  auto stats = (*s)->stats();
  ASSERT_TRUE(stats.ok());
  const auto j_stats = kb::to_json(*stats);
  EXPECT_EQ(j_stats["advisories"], stats->advisories);
  ASSERT_FALSE(stats->feeds.empty());
  for (const auto& [name, updated] : stats->feeds)
    EXPECT_EQ(j_stats["feeds"][name]["updated"], updated) << name;
}

}  // namespace
}  // namespace vigil::service

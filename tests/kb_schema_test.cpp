// An older kb is brought up to today's schema on open, step by step through
// the ladder (docs/knowledge-base.md: migrated, not rebuilt), each step
// keeping its data and its indexes.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>

#include "kb/kb.h"
#include "kb_test_support.h"
#include "support/fixtures.h"

namespace vigil::kb {
namespace {

namespace fs = std::filesystem;
using namespace testing_support;

// The descriptions table of schema versions 10 and 11.
constexpr const char* kDescriptionsOfVersion10 =
    "CREATE TABLE descriptions (vulnerability TEXT PRIMARY KEY, body BLOB NOT NULL) "
    "WITHOUT ROWID;";

TEST(KbSchema, AnOlderKbIsMigratedAndReindexedOnOpen) {
  const fs::path dir = testing::fresh_dir("kb-migrate");
  const std::string path = (dir / "kb.db").string();
  // What a version 1 kb looks like: packages indexed by raw name, no CPE or
  // product tables.
  make_old_kb(dir, path,
              "DROP TABLE cpes; DROP TABLE products; DROP TABLE packages; "
              "CREATE TABLE packages (ecosystem TEXT NOT NULL, name TEXT NOT NULL, "
              "advisory INTEGER NOT NULL); "
              "INSERT INTO packages SELECT 'PyPI', 'ExamplePkg', rowid FROM advisories;"
              "PRAGMA user_version = 1;");
  auto kb = KnowledgeBase::open(path);
  ASSERT_TRUE(kb.ok()) << kb.error().to_string();
  EXPECT_EQ(kb->by_package("PyPI", "examplepkg")->size(), 1u);
  EXPECT_TRUE(kb->by_package("PyPI", "ExamplePkg")->empty());
  EXPECT_TRUE(kb->by_cpe("", "examplepkg", cpe::Value{})->empty());
}

TEST(KbSchema, Version5GainsUpdateCursorsWithoutReindexing) {
  const fs::path dir = testing::fresh_dir("kb-migrate5");
  const std::string path = (dir / "kb.db").string();
  // A marker row a reindex would delete: version 5 to 6 must keep it.
  make_old_kb(dir, path,
              "DROP TABLE cursors; PRAGMA user_version = 5; "
              "INSERT INTO cpes SELECT 'marker', '', rowid, '*', '', '', '', '' FROM advisories;");
  auto kb = KnowledgeBase::open(path);
  ASSERT_TRUE(kb.ok()) << kb.error().to_string();
  EXPECT_EQ(kb->by_cpe("", "marker", cpe::Value{})->size(), 1u);
  ASSERT_TRUE(kb->import_paths({}, {{"osv", "PyPI", "2024-01-01T00:00:00Z"}}).ok());
  EXPECT_EQ(*kb->cursors("osv"), (std::vector<Cursor>{{"osv", "PyPI", "2024-01-01T00:00:00Z"}}));
  EXPECT_EQ(kb->stats()->feeds.count("osv"), 1u);  // the cursor marks the feed updated
}

TEST(KbSchema, Version6GainsCpePacksFromItsIndexRows) {
  const fs::path dir = testing::fresh_dir("kb-migrate6");
  const std::string path = (dir / "kb.db").string();
  // Rows only a version 6 kb had, with no packs: the migration packs them.
  make_old_kb(dir, path,
              "DROP TABLE cpe_packs; PRAGMA user_version = 6; "
              "INSERT INTO cpes SELECT 'marker', 'maker', rowid, '*', '', '', '', '1.0' "
              "FROM advisories;");
  auto kb = KnowledgeBase::open(path);
  ASSERT_TRUE(kb.ok()) << kb.error().to_string();
  EXPECT_EQ(kb->by_cpe("maker", "marker", cpe::literal("0.9"))->size(), 1u);
  EXPECT_EQ(kb->by_cpe("", "marker", cpe::literal("0.9"))->size(), 1u);
  EXPECT_TRUE(kb->by_cpe("maker", "marker", cpe::literal("1.0"))->empty());
}

TEST(KbSchema, Version7KeepsItsEpssScoresClusteredByCve) {
  const fs::path dir = testing::fresh_dir("kb-migrate7");
  const std::string path = (dir / "kb.db").string();
  make_old_kb(dir, path,
              "DROP TABLE epss; CREATE TABLE epss (cve TEXT PRIMARY KEY, epss REAL NOT NULL, "
              "percentile REAL NOT NULL, score_date TEXT NOT NULL); "
              "INSERT INTO epss VALUES ('CVE-2024-1111', 0.25, 0.5, '2024-01-01'); "
              "PRAGMA user_version = 7;");
  {
    auto kb = KnowledgeBase::open(path);
    ASSERT_TRUE(kb.ok()) << kb.error().to_string();
    auto v = kb->find("CVE-2024-1111");
    ASSERT_TRUE(v.ok() && v->has_value());
    ASSERT_TRUE((*v)->epss.has_value());
    EXPECT_EQ((*v)->epss->epss, 0.25);
    EXPECT_EQ((*v)->epss->percentile, 0.5);
  }
  // A table WITHOUT ROWID has no rowid to select.
  EXPECT_FALSE(runs(path, "SELECT rowid FROM epss"));
}

TEST(KbSchema, Version8GainsPackagePacksFromItsIndexRows) {
  const fs::path dir = testing::fresh_dir("kb-migrate8");
  const std::string path = (dir / "kb.db").string();
  make_old_kb(dir, path, "DROP TABLE package_packs; PRAGMA user_version = 8;");
  auto kb = KnowledgeBase::open(path);
  ASSERT_TRUE(kb.ok()) << kb.error().to_string();
  EXPECT_EQ(kb->by_package("PyPI", "examplepkg", "1.0")->size(), 1u);
  EXPECT_TRUE(kb->by_package("PyPI", "examplepkg", "2.0")->empty());
}

TEST(KbSchema, Version9GainsADescriptionOfEachVulnerability) {
  const fs::path dir = testing::fresh_dir("kb-migrate9");
  const std::string path = (dir / "kb.db").string();
  make_old_kb(dir, path, "DROP TABLE matching; PRAGMA user_version = 9;");
  auto kb = KnowledgeBase::open(path);
  ASSERT_TRUE(kb.ok()) << kb.error().to_string();
  auto d = kb->description("CVE-2024-1111");
  ASSERT_TRUE(d.ok() && d->has_value());
  EXPECT_EQ((*d)->summary, "x");
  EXPECT_EQ((*d)->aliases, std::vector<std::string>{"EX-2024-1"});
}

TEST(KbSchema, Version10GainsTheMatchingFormOfEachRecord) {
  const fs::path dir = testing::fresh_dir("kb-migrate10");
  const std::string path = (dir / "kb.db").string();
  make_old_kb(
      dir, path,
      (std::string("DROP TABLE matching;") + kDescriptionsOfVersion10 + "PRAGMA user_version = 10;")
          .c_str());
  auto kb = KnowledgeBase::open(path);
  ASSERT_TRUE(kb.ok()) << kb.error().to_string();
  expect_matching_forms_current(*kb, path, "after the migration");
  auto hits = kb->by_package("PyPI", "examplepkg", "1.0");
  ASSERT_TRUE(hits.ok() && hits->size() == 1u);
  auto r = kb->matching_record(hits->front());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->record.vulnerability, "CVE-2024-1111");
  EXPECT_EQ(r->record.advisory.id, "EX-2024-1");
}

// Version 11 kept descriptions in a table of their own; 12 moves them into
// each record's matching row and drops the table.
TEST(KbSchema, Version11GainsADescriptionInEachMatchingRow) {
  const fs::path dir = testing::fresh_dir("kb-migrate11");
  const std::string path = (dir / "kb.db").string();
  make_old_kb(dir, path,
              (std::string("ALTER TABLE matching DROP COLUMN description;") +
               kDescriptionsOfVersion10 + "PRAGMA user_version = 11;")
                  .c_str());
  auto kb = KnowledgeBase::open(path);
  ASSERT_TRUE(kb.ok()) << kb.error().to_string();
  expect_matching_forms_current(*kb, path, "after the migration");
  auto d = kb->description("CVE-2024-1111");
  ASSERT_TRUE(d.ok() && d->has_value());
  EXPECT_EQ((*d)->summary, "x");
  EXPECT_FALSE(runs(path, "SELECT 1 FROM descriptions"));
}

}  // namespace
}  // namespace vigil::kb

// What the kb tests share: feed records to import, a look at the kb file
// underneath, and a kb rewritten to look as an older schema left it.
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "kb/kb.h"

namespace vigil::kb::testing_support {

namespace fs = std::filesystem;

inline void write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

inline const char* const kOsv =
    R"({"id": "EX-2024-1", "modified": "%s", "aliases": ["CVE-2024-1111"], "summary": "%s",
  "affected": [{"package": {"ecosystem": "PyPI", "name": "examplepkg"},
                "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.0"}]}]}]})";

inline std::string osv(const char* modified, const char* summary) {
  char buf[1024];
  std::snprintf(buf, sizeof buf, kOsv, modified, summary);
  return buf;
}

// What the matching form of a record keeps.
inline advisory::Advisory matching_part(const advisory::Advisory& a) {
  advisory::Advisory m;
  m.id = a.id;
  m.source = a.source;
  m.withdrawn = a.withdrawn;
  m.affected = a.affected;
  m.configurations = a.configurations;
  m.products = a.products;
  return m;
}

// Every record of the kb file at `path` as the matcher reads it: what the
// full record holds of it, under the vulnerability the record is grouped in.
inline void expect_matching_forms_current(const KnowledgeBase& kb, const std::string& path,
                                          const std::string& when) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  std::vector<int64_t> keys;
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT rowid FROM advisories", -1, &st, nullptr), SQLITE_OK);
  while (sqlite3_step(st) == SQLITE_ROW) keys.push_back(sqlite3_column_int64(st, 0));
  sqlite3_finalize(st);
  sqlite3_close(db);
  ASSERT_FALSE(keys.empty()) << when;
  for (int64_t key : keys) {
    auto full = kb.record(key);
    auto form = kb.matching_record(key);
    ASSERT_TRUE(full.ok()) << full.error().message;
    ASSERT_TRUE(form.ok()) << form.error().message << " " << when;
    const Record& r = form->record;
    EXPECT_EQ(r.vulnerability, full->vulnerability) << full->advisory.id << " " << when;
    EXPECT_EQ(r.advisory, matching_part(full->advisory)) << full->advisory.id << " " << when;
    // The description it carries is its vulnerability's, as every record of
    // it carries it.
    auto carried = KnowledgeBase::read_description(r.vulnerability, form->description);
    auto looked_up = kb.description(r.vulnerability);
    ASSERT_TRUE(carried.ok() && looked_up.ok() && looked_up->has_value()) << when;
    const KnowledgeBase::Description& d = **looked_up;
    EXPECT_EQ(carried->aliases, d.aliases) << full->advisory.id << " " << when;
    EXPECT_EQ(carried->summary, d.summary) << full->advisory.id << " " << when;
    EXPECT_EQ(carried->cvss, d.cvss) << full->advisory.id << " " << when;
  }
}

// Whether `sql` runs on the kb file at `path`.
inline bool runs(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
    sqlite3_close(db);
    return false;
  }
  const bool ok = sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
  sqlite3_close(db);
  return ok;
}

// A kb holding one record, then rewritten by `sql` to look like an older
// schema, as an older Vigil left it.
inline void make_old_kb(const fs::path& dir, const std::string& path, const char* sql) {
  {
    auto kb = KnowledgeBase::open(path);
    ASSERT_TRUE(kb.ok());
    write(dir / "a.json", osv("2024-01-01T00:00:00Z", "x"));
    ASSERT_TRUE(kb->import_paths({(dir / "a.json").string()}).ok());
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  sqlite3_close(db);
}

}  // namespace vigil::kb::testing_support

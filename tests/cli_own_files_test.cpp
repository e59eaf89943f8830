// Vigil writes only to its own files: another application's database given
// as a kb or as records is refused before a byte of it changes; a read verb
// never creates a kb or records file; and records with nothing in them
// verify as empty, not as "intact".
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <string>
#include <vector>

#include "support/fixtures.h"
#include "support/run.h"

namespace {

namespace fs = std::filesystem;
using vigil::testing::Outcome;
using vigil::testing::run_vigil;

// One value of a query, as text.
std::string ask(const fs::path& db, const char* sql) {
  sqlite3* h = nullptr;
  EXPECT_EQ(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  std::string out;
  if (sqlite3_prepare_v2(h, sql, -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
    out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  sqlite3_close(h);
  return out;
}

// A small database of another application, in the default rollback-journal
// mode.
fs::path foreign_database(const char* name) {
  const fs::path path = vigil::testing::fresh_dir(name) / "patients.sqlite";
  sqlite3* h = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &h), SQLITE_OK);
  EXPECT_EQ(sqlite3_exec(h,
                         "CREATE TABLE patients (id INTEGER PRIMARY KEY, name TEXT);"
                         "INSERT INTO patients (name) VALUES ('A. Example');",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(h);
  return path;
}

std::string demo_feeds() { return (vigil::testing::demo_dir() / "kb").string(); }

TEST(CliOwnFiles, AnotherApplicationsDatabaseIsRefusedAndLeftAsItWas) {
  const fs::path db = foreign_database("own-files-foreign");
  const std::string p = db.string();
  const std::vector<std::vector<std::string>> verbs = {
      {"db", "stats", "--db", p},
      {"db", "show", "CVE-2022-0778", "--db", p},
      {"db", "import", demo_feeds(), "--db", p},
      {"scan", (vigil::testing::demo_dir() / "sboms" / "infusion-pump.cdx.json").string(), "--db",
       p},
      {"product", "list", "--records", p},
      {"product", "add", "pump", "--records", p, "--user", "alice"},
      {"audit", "verify", "--records", p},
  };
  for (const auto& args : verbs) {
    const Outcome r = run_vigil(args);
    EXPECT_EQ(r.status, 2) << args[0] << " " << args[1] << ": " << r.out << r.err;
    EXPECT_NE(r.err.find("another application"), std::string::npos)
        << args[0] << " " << args[1] << ": " << r.err;
  }
  EXPECT_EQ(ask(db, "SELECT group_concat(name) FROM sqlite_master"), "patients");
  EXPECT_EQ(ask(db, "PRAGMA journal_mode"), "delete");
  EXPECT_EQ(ask(db, "SELECT name FROM patients"), "A. Example");
  EXPECT_FALSE(fs::exists(p + "-wal"));
}

TEST(CliOwnFiles, AKbAndRecordsAreNotTakenForEachOther) {
  const fs::path dir = vigil::testing::fresh_dir("own-files-swapped");
  const std::string kb = (dir / "kb").string(), records = (dir / "records").string();
  ASSERT_EQ(run_vigil({"db", "import", demo_feeds(), "--db", kb}).status, 0);
  ASSERT_EQ(run_vigil({"product", "add", "pump", "--records", records, "--user", "alice"}).status,
            0);
  const Outcome as_records = run_vigil({"product", "list", "--records", kb});
  EXPECT_EQ(as_records.status, 2);
  EXPECT_NE(as_records.err.find("a Vigil knowledge base, not records"), std::string::npos)
      << as_records.err;
  const Outcome as_kb = run_vigil({"db", "stats", "--db", records});
  EXPECT_EQ(as_kb.status, 2);
  EXPECT_NE(as_kb.err.find("a Vigil records file, not a knowledge base"), std::string::npos)
      << as_kb.err;
  EXPECT_EQ(run_vigil({"product", "list", "--records", records}).status, 0);  // both unharmed
  EXPECT_EQ(run_vigil({"db", "stats", "--db", kb}).status, 0);
}

TEST(CliOwnFiles, ReadVerbsOnAMissingPathCreateNothing) {
  const fs::path dir = vigil::testing::fresh_dir("own-files-missing");
  const std::string typo = (dir / "typo").string();
  const std::vector<std::vector<std::string>> verbs = {
      {"audit", "verify", "--records", typo},
      {"audit", "log", "--records", typo},
      {"product", "list", "--records", typo},
      {"release", "list", "pump", "--records", typo},
      {"finding", "list", "--records", typo},
      {"finding", "show", "1", "--records", typo},
      {"installed-base", "list", "pump", "--records", typo},
      {"db", "stats", "--db", typo},
      {"db", "show", "CVE-2022-0778", "--db", typo},
  };
  for (const auto& args : verbs) {
    const Outcome r = run_vigil(args);
    EXPECT_EQ(r.status, 2) << args[0] << " " << args[1] << ": " << r.out;
    EXPECT_TRUE(r.err.find("no records at " + typo) != std::string::npos ||
                r.err.find("no knowledge base at " + typo) != std::string::npos)
        << args[0] << " " << args[1] << ": " << r.err;
    EXPECT_FALSE(fs::exists(typo)) << args[0] << " " << args[1];
  }
}

TEST(CliOwnFiles, RecordsWithNoAuditedChangeVerifyAsEmptyNotIntact) {
  const std::string records = (vigil::testing::fresh_dir("own-files-empty") / "records").string();
  // A verb that writes creates the records, even when its change is refused.
  const Outcome refused = run_vigil({"finding", "analyze", "1", "--state", "in_triage", "--reason",
                                     "review", "--records", records, "--user", "alice"});
  EXPECT_EQ(refused.status, 2) << refused.err;
  ASSERT_TRUE(fs::exists(records));
  const Outcome v = run_vigil({"audit", "verify", "--records", records});
  EXPECT_EQ(v.status, 0) << v.err;
  EXPECT_EQ(v.out, "empty: no audited change has been made to these records yet\n");
}

}  // namespace

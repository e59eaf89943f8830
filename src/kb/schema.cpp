// The kb file's schema and the ladder that migrates an older one.
#include "core/file.h"
#include "kb/internal.h"

namespace vigil::kb {

using detail::exec;
using detail::kBusyTimeoutMs;
using detail::kCpePacks;
using detail::kImportCache;
using detail::kPackagePacks;
using detail::kReadCache;
using detail::redescribe_all;
using detail::reindex;
using detail::repack_all;
using detail::Statement;

namespace {

constexpr int kSchemaVersion = 12;

// Version 2 indexes packages by normalised key (advisory/package_key.h), and
// adds the CPE and product-name indexes the matcher looks up; version 3 keeps
// each CPE criterion's version and bounds in its index row, so that a lookup
// reads only the records that can match the version at hand; version 4 does
// the same for packages with the span of versions each affected entry can
// name; version 5 clusters both by their lookup key (WITHOUT ROWID), so a
// lookup reads contiguous rows instead of seeking the table once per row.
// The index tables are derived from the stored bodies, so a migration to 5
// or earlier rebuilds them. Version 6 adds the update cursors (kSchema6).
constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS advisories (
  rowid INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  id TEXT NOT NULL,
  modified TEXT NOT NULL,
  withdrawn TEXT NOT NULL,
  body TEXT NOT NULL,
  UNIQUE (source, id));
CREATE TABLE IF NOT EXISTS aliases (
  name TEXT NOT NULL,
  advisory INTEGER NOT NULL REFERENCES advisories(rowid) ON DELETE CASCADE);
CREATE INDEX IF NOT EXISTS aliases_name ON aliases(name);
CREATE INDEX IF NOT EXISTS aliases_advisory ON aliases(advisory);
DROP TABLE IF EXISTS packages;
CREATE TABLE packages (
  ecosystem TEXT NOT NULL,
  name TEXT NOT NULL,
  advisory INTEGER NOT NULL REFERENCES advisories(rowid) ON DELETE CASCADE,
  scheme INTEGER NOT NULL,  -- version::Scheme the span is ordered by
  low TEXT NOT NULL,        -- the lowest version the entry can affect; '' unbounded
  high TEXT NOT NULL,       -- the highest; '' unbounded
  high_inclusive INTEGER NOT NULL,
  PRIMARY KEY (ecosystem, name, advisory, scheme, low, high, high_inclusive)) WITHOUT ROWID;
CREATE INDEX packages_advisory ON packages(advisory);
DROP TABLE IF EXISTS cpes;
CREATE TABLE cpes (
  product TEXT NOT NULL,
  vendor TEXT NOT NULL,
  advisory INTEGER NOT NULL REFERENCES advisories(rowid) ON DELETE CASCADE,
  version TEXT NOT NULL,  -- the criterion's version in WFN form; '*' ANY, '-' NA
  start_including TEXT NOT NULL,
  start_excluding TEXT NOT NULL,
  end_including TEXT NOT NULL,
  end_excluding TEXT NOT NULL,
  PRIMARY KEY (product, vendor, advisory, version, start_including, start_excluding,
               end_including, end_excluding)) WITHOUT ROWID;
CREATE INDEX cpes_advisory ON cpes(advisory);
CREATE TABLE IF NOT EXISTS products (
  product TEXT NOT NULL,
  vendor TEXT NOT NULL,
  advisory INTEGER NOT NULL REFERENCES advisories(rowid) ON DELETE CASCADE);
CREATE INDEX IF NOT EXISTS products_product ON products(product);
CREATE INDEX IF NOT EXISTS products_advisory ON products(advisory);
CREATE TABLE IF NOT EXISTS groups (
  advisory INTEGER PRIMARY KEY REFERENCES advisories(rowid) ON DELETE CASCADE,
  vulnerability TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS groups_vulnerability ON groups(vulnerability);
CREATE TABLE IF NOT EXISTS kev (cve TEXT PRIMARY KEY, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS epss (cve TEXT PRIMARY KEY, epss REAL NOT NULL, percentile REAL NOT NULL,
                                 score_date TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS feeds (name TEXT PRIMARY KEY, updated TEXT NOT NULL);
)sql";

// Where `vigil db update` left off in each feed, per scope (an OSV
// ecosystem, a CSAF provider, the NVD API): written in the same transaction
// as the records fetched up to it, so the two never disagree.
constexpr const char* kSchema6 = R"sql(
CREATE TABLE IF NOT EXISTS cursors (
  feed TEXT NOT NULL,
  scope TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (feed, scope)) WITHOUT ROWID;
)sql";

// Every CPE index row of one product and vendor packed into one value
// (kSchema7): a lookup of the Linux kernel reads 93,000 rows, and SQLite
// spent some 2,400 instructions decoding each as a row of six columns, where
// a pack is one read and a walk over bytes. Derived from the cpes table,
// which stays the record of each row, and rewritten for every product an
// import touches.
constexpr const char* kSchema7 = R"sql(
CREATE TABLE IF NOT EXISTS cpe_packs (
  product TEXT NOT NULL,
  vendor TEXT NOT NULL,
  body BLOB NOT NULL,
  PRIMARY KEY (product, vendor));
)sql";

// EPSS scores clustered by CVE (WITHOUT ROWID), as new kbs have them since
// version 8: a report looks up thousands of CVEs in id order, and each had
// cost a page of the index and another of the table, the table's in the
// order the scores were imported.
constexpr const char* kSchema8 = R"sql(
CREATE TABLE epss_clustered (cve TEXT PRIMARY KEY, epss REAL NOT NULL, percentile REAL NOT NULL,
                             score_date TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO epss_clustered SELECT cve, epss, percentile, score_date FROM epss;
DROP TABLE epss;
ALTER TABLE epss_clustered RENAME TO epss;
)sql";

// Every packages row of one ecosystem and name packed into one value, as
// cpe_packs does for CPEs (see PackedIndex).
constexpr const char* kSchema9 = R"sql(
CREATE TABLE IF NOT EXISTS package_packs (
  ecosystem TEXT NOT NULL,
  name TEXT NOT NULL,
  body BLOB NOT NULL,
  PRIMARY KEY (ecosystem, name));
)sql";

// Each record as a scan reads it (kb schema 12; 10 kept descriptions in a
// table of their own, 11 the matching rows without them): its matching form
// (kb/matching_form.h), the merged vulnerability it belongs to, and what a
// report says of that vulnerability (KnowledgeBase::Description, a pack of
// (DescriptionField, text, source) rows), written when its records change
// (redescribe). A scan reads one row per record, where it had read a JSON
// body, a groups row and, per vulnerability, a description row.
constexpr const char* kSchema12 = R"sql(
DROP TABLE IF EXISTS descriptions;
DROP TABLE IF EXISTS matching;
CREATE TABLE matching (
  advisory INTEGER PRIMARY KEY REFERENCES advisories(rowid) ON DELETE CASCADE,
  vulnerability TEXT NOT NULL,
  body BLOB NOT NULL,
  description BLOB NOT NULL);
)sql";

// Whether the file just opened is a kb, or new: read before anything (even
// the journal mode) is written to it. A kb from before the application id
// is known by its schema version and its advisories table.
Result<void> identify(sqlite3* db, const std::string& path) {
  int64_t values[4] = {};  // application id, user version, tables, advisories tables
  const char* queries[] = {
      "PRAGMA application_id", "PRAGMA user_version", "SELECT count(*) FROM sqlite_master",
      "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'advisories'"};
  for (size_t i = 0; i < 4; ++i) {
    Statement st(db, queries[i]);
    if (!st.ok() || st.step() != SQLITE_ROW)
      return Error{"cannot open the knowledge base: " + std::string(sqlite3_errmsg(db)), path,
                   ErrorKind::damaged};
    values[i] = st.integer(0);
  }
  const auto [app, version, tables, advisories] = values;
  if (tables == 0 || app == kKbApplicationId || (app == 0 && version > 0 && advisories == 1))
    return {};
  if (app == kRecordsApplicationId)
    return Error{"this is a Vigil records file, not a knowledge base", path,
                 ErrorKind::invalid_input};
  return Error{
      "not a Vigil knowledge base: a database of another application; nothing was written to it",
      path, ErrorKind::invalid_input};
}

}  // namespace

Result<KnowledgeBase> KnowledgeBase::open(const std::string& path) {
  sqlite3* raw = nullptr;
  if (sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
      SQLITE_OK) {
    const std::string msg = raw ? sqlite3_errmsg(raw) : "out of memory";
    sqlite3_close(raw);
    return Error{"cannot open the knowledge base: " + msg, path};
  }
  KnowledgeBase kb(raw);
  sqlite3_busy_timeout(raw, kBusyTimeoutMs);
  if (auto known = identify(raw, path); !known) return known.error();
  for (const char* pragma : {"PRAGMA journal_mode = WAL", "PRAGMA foreign_keys = ON",
                             "PRAGMA synchronous = NORMAL", kReadCache}) {
    if (auto r = exec(raw, pragma); !r) return Error{r.error().message, path};
  }
  int64_t have = 0;
  {
    // Finalised before any migration: an active statement locks the schema.
    Statement version(raw, "PRAGMA user_version");
    if (version.step() == SQLITE_ROW) have = version.integer(0);
  }
  if (have > kSchemaVersion) {
    return Error{
        "the knowledge base was written by a newer Vigil (schema " + std::to_string(have) + ")",
        path};
  }
  if (have < kSchemaVersion) {
    // One transaction: a failed migration leaves the previous schema usable.
    const std::string set_version = "PRAGMA user_version = " + std::to_string(kSchemaVersion);
    // A migration reads every record or index row, as an import does.
    (void)exec(raw, kImportCache);
    auto migrated = [&]() -> Result<void> {
      if (auto r = exec(raw, "BEGIN IMMEDIATE"); !r) return r;
      if (have < 5) {
        if (auto r = exec(raw, kSchema); !r) return r;
        if (have > 0) {
          if (auto r = reindex(raw); !r) return r;
        }
      }
      if (auto r = exec(raw, kSchema6); !r) return r;
      if (auto r = exec(raw, kSchema7); !r) return r;
      if (auto r = exec(raw, kSchema9); !r) return r;
      if (have < 7) {
        if (auto r = repack_all(raw, kCpePacks); !r) return r;
      }
      if (have < 9) {
        if (auto r = repack_all(raw, kPackagePacks); !r) return r;
      }
      if (have > 0 && have < 8) {
        if (auto r = exec(raw, kSchema8); !r) return r;
      }
      if (have < 12) {
        if (auto r = exec(raw, kSchema12); !r) return r;
        if (have > 0) {
          if (auto r = redescribe_all(raw); !r) return r;
        }
      }
      if (auto r = exec(raw, set_version.c_str()); !r) return r;
      const std::string set_id = "PRAGMA application_id = " + std::to_string(kKbApplicationId);
      if (auto r = exec(raw, set_id.c_str()); !r) return r;
      return exec(raw, "COMMIT");
    }();
    (void)exec(raw, kReadCache);
    if (!migrated) {
      (void)exec(raw, "ROLLBACK");
      return Error{migrated.error().message, path};
    }
  }
  return kb;
}

}  // namespace vigil::kb

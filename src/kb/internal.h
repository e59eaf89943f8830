// What the files of kb/ share and no caller outside it sees: the journal
// and cache settings, the index writer and packs, grouping and descriptions
// as the import and the schema migrations call them, and the kb's prepared
// lookups.
#pragma once

#include <sqlite3.h>

#include <array>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "advisory/advisory.h"
#include "core/error.h"
#include "kb/kb.h"
#include "kb/sqlite.h"

namespace vigil::kb {
namespace detail {

// SQLite page cache: 32 MB for reading (a scan reads thousands of records
// and their index pages, many more than once); 256 MB while importing,
// where a full feed inserts millions of index rows in key order that is
// not insertion order, and the B-tree pages it splits must stay in memory.
constexpr const char* kReadCache = "PRAGMA cache_size = -32768";
constexpr const char* kImportCache = "PRAGMA cache_size = -262144";
// How long a writer waits for another connection's lock.
constexpr int kBusyTimeoutMs = 5000;

enum class DescriptionField : int64_t { alias = 1, summary, published, cwe, exploit, cvss };

inline Error sql_error(sqlite3* db, std::string_view what) {
  return Error{"knowledge base: " + std::string(what) + ": " + sqlite3_errmsg(db), {}};
}

// One packed index: the rows it packs and the table of packs, both by a
// lookup key of two columns.
struct PackedIndex {
  const char* what;  // for messages
  const char* rows;  // advisory and the packed columns of a key, by advisory
  int columns;       // packed columns besides the advisory
  const char* keys;  // every key
  const char* put;
  const char* drop;
  const char* clear;
};

inline constexpr PackedIndex kCpePacks{
    "the CPE index",
    "SELECT advisory, version, start_including, start_excluding, end_including, end_excluding "
    "FROM cpes WHERE product = ?1 AND vendor = ?2",
    5,
    "SELECT DISTINCT product, vendor FROM cpes",
    "INSERT OR REPLACE INTO cpe_packs (product, vendor, body) VALUES (?1, ?2, ?3)",
    "DELETE FROM cpe_packs WHERE product = ?1 AND vendor = ?2",
    "DELETE FROM cpe_packs"};

inline constexpr PackedIndex kPackagePacks{
    "the package index",
    "SELECT advisory, scheme, low, high, high_inclusive FROM packages "
    "WHERE ecosystem = ?1 AND name = ?2",
    4,
    "SELECT DISTINCT ecosystem, name FROM packages",
    "INSERT OR REPLACE INTO package_packs (ecosystem, name, body) VALUES (?1, ?2, ?3)",
    "DELETE FROM package_packs WHERE ecosystem = ?1 AND name = ?2",
    "DELETE FROM package_packs"};

// A lookup key: (product, vendor) or (ecosystem, name).
using PackKey = std::pair<std::string, std::string>;

// Rewrites the packs of `keys` from their rows; a key with no rows left
// loses its pack.
Result<void> repack(sqlite3* db, const PackedIndex& index, const std::set<PackKey>& keys);
// Rewrites every pack of an index (a migration).
Result<void> repack_all(sqlite3* db, const PackedIndex& index);

// Writes the lookup rows of one stored advisory: its packages by normalised
// key, the vendor and product of each vulnerable CPE criterion, and the
// names of CSAF products that carry no identifier.
class Indexer {
 public:
  explicit Indexer(sqlite3* db) : db_(db) {}

  Result<void> prepare() const {
    for (const Statement* s : {&package_, &cpe_, &product_}) {
      if (!s->ok()) return Error{"knowledge base: " + s->error(), {}};
    }
    return {};
  }

  Result<void> index(int64_t rowid, const advisory::Advisory& a);

  // The packs an import must rewrite: the keys of every index row written,
  // and of every row a replaced record took with it.
  std::set<PackKey>& cpes_touched() { return cpes_touched_; }
  std::set<PackKey>& packages_touched() { return packages_touched_; }

 private:
  sqlite3* db_;
  std::set<PackKey> cpes_touched_;      // (product, vendor)
  std::set<PackKey> packages_touched_;  // (ecosystem, name)
  Statement package_{
      db_,
      "INSERT OR IGNORE INTO packages (ecosystem, name, advisory, scheme, low, high, "
      "high_inclusive) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"};
  Statement cpe_{db_,
                 "INSERT OR IGNORE INTO cpes (vendor, product, advisory, version, start_including, "
                 "start_excluding, end_including, end_excluding) "
                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"};
  Statement product_{db_, "INSERT INTO products (product, vendor, advisory) VALUES (?1, ?2, ?3)"};
};

// Rebuilds every index row from the stored bodies (schema migrations).
Result<void> reindex(sqlite3* db);

// Groups what an import changed: the `written` records (new ones and newer
// copies), every advisory of a vulnerability one of them shares a name
// with, and every advisory of the `emptied` vulnerabilities (those of the
// records replaced, which may now fall apart). A first import, or a very
// large one, groups everything.
Result<void> regroup(sqlite3* db, const std::vector<int64_t>& written,
                     std::set<std::string> emptied);

// Every name of `records` (ids and aliases) but `id`, sorted, each once:
// the aliases of the vulnerability `id` they make up. Views into `records`.
std::vector<std::string_view> other_names(std::string_view id,
                                          const std::vector<advisory::Advisory>& records);

// Rewrites the matching row of every record of `vulnerabilities`, with the
// vulnerability's description (descriptions.cpp).
Result<void> redescribe(sqlite3* db, const std::set<std::string>& vulnerabilities);
// Describes every vulnerability (a migration).
Result<void> redescribe_all(sqlite3* db);

}  // namespace detail

struct KnowledgeBase::Queries {
  using Statement = detail::Statement;
  explicit Queries(sqlite3* db) : db(db) {}
  sqlite3* db;
  Statement package{db, "SELECT body FROM package_packs WHERE ecosystem = ?1 AND name = ?2"};
  Statement cpe{db, "SELECT body FROM cpe_packs WHERE product = ?2 AND vendor = ?1"};
  Statement cpe_any_vendor{db, "SELECT body FROM cpe_packs WHERE product = ?1"};
  Statement product{db, "SELECT advisory, vendor FROM products WHERE product = ?1"};
  Statement product_names{db, "SELECT DISTINCT product FROM products"};
  Statement ecosystem{db, "SELECT 1 FROM packages WHERE ecosystem = ?1 LIMIT 1"};
  Statement record{db,
                   "SELECT a.body, g.vulnerability FROM advisories a "
                   "JOIN groups g ON g.advisory = a.rowid WHERE a.rowid = ?1"};
  Statement matching{db,
                     "SELECT body, vulnerability, description FROM matching WHERE advisory = ?1"};
  Statement group{db,
                  "SELECT g.vulnerability FROM aliases a JOIN groups g ON g.advisory = a.advisory "
                  "WHERE a.name = ?1 LIMIT 1"};
  Statement group_of{db,
                     "SELECT g.advisory, k.body, e.epss, e.percentile FROM groups g "
                     "LEFT JOIN kev k ON k.cve = ?1 LEFT JOIN epss e ON e.cve = ?1 "
                     "WHERE g.vulnerability = ?1 ORDER BY g.advisory"};
  Statement description{db,
                        "SELECT m.description, k.body, e.epss, e.percentile FROM groups g "
                        "JOIN matching m ON m.advisory = g.advisory "
                        "LEFT JOIN kev k ON k.cve = ?1 LEFT JOIN epss e ON e.cve = ?1 "
                        "WHERE g.vulnerability = ?1 LIMIT 1"};
  Statement kev_cves{db, "SELECT cve FROM kev"};
  Statement kev{db, "SELECT body FROM kev WHERE cve = ?1"};
  Statement epss{db, "SELECT epss, percentile FROM epss WHERE cve = ?1"};
  Statement data_version{db, "PRAGMA data_version"};
  Result<void> check() const {
    for (const Statement* s :
         {&package, &cpe, &cpe_any_vendor, &product, &product_names, &ecosystem, &record, &matching,
          &group, &group_of, &description, &kev_cves, &kev, &epss, &data_version}) {
      if (!s->ok()) return Error{"knowledge base: " + s->error(), {}};
    }
    return {};
  }
};

}  // namespace vigil::kb

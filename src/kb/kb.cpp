#include "kb/kb.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_map>

#include "advisory/advisory_json.h"
#include "advisory/csaf.h"
#include "advisory/cve5.h"
#include "advisory/gzip.h"
#include "advisory/json_util.h"
#include "advisory/nvd.h"
#include "advisory/osv.h"
#include "advisory/package_key.h"
#include "advisory/readers.h"
#include "core/text.h"
#include "cpe/cpe.h"
#include "kb/change_set.h"
#include "kb/matching_form.h"
#include "kb/pack.h"
#include "kb/sqlite.h"
#include "purl/purl.h"
#include "version/version.h"

#include <simdjson.h>
#include <zip.h>

namespace vigil::kb {
namespace {

namespace fs = std::filesystem;
using detail::exec;
using detail::PackedRow;
using detail::PackReader;
using detail::PackWriter;

// SQLite page cache: 32 MB for reading (a scan reads thousands of records
// and their index pages, many more than once); 256 MB while importing,
// where a full feed inserts millions of index rows in key order that is
// not insertion order, and the B-tree pages it splits must stay in memory.
constexpr const char* kReadCache = "PRAGMA cache_size = -32768";
constexpr const char* kImportCache = "PRAGMA cache_size = -262144";
using detail::Statement;

constexpr int kSchemaVersion = 12;
// How long a writer waits for another connection's lock.
constexpr int kBusyTimeoutMs = 5000;

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

enum class DescriptionField : int64_t { alias = 1, summary, published, cwe, exploit, cvss };

std::string now_utc() {
  const auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Error sql_error(sqlite3* db, std::string_view what) {
  return Error{"knowledge base: " + std::string(what) + ": " + sqlite3_errmsg(db), {}};
}

// A package index row: the package key and the span of versions the
// affected entry can name, so that a lookup skips records that cannot match.
struct PackageRow {
  std::string ecosystem, name;
  version::Scheme scheme = version::Scheme::generic;
  std::string low, high;  // empty: unbounded
  bool high_inclusive = false;
  auto tie() const { return std::tie(ecosystem, name, scheme, low, high, high_inclusive); }
  bool operator<(const PackageRow& o) const { return tie() < o.tie(); }
  bool operator==(const PackageRow& o) const { return tie() == o.tie(); }
};

// The span of an OSV affected entry: from its lowest introduced or listed
// version to its highest fixed, last_affected, limit or listed version;
// unbounded above when a range ends open, and entirely when its ranges
// order by different schemes (SEMVER and ECOSYSTEM) or are GIT only.
PackageRow package_row(const advisory::Affected& af) {
  PackageRow row;
  const advisory::PackageKey k = advisory::key_for(af.ecosystem, af.name);
  row.ecosystem = k.ecosystem;
  row.name = k.name;
  const version::Scheme eco = version::scheme_for(af.ecosystem).value_or(version::Scheme::generic);
  std::optional<version::Scheme> scheme;
  for (const auto& r : af.ranges) {
    if (r.type == version::RangeType::git) continue;
    const auto s = r.type == version::RangeType::semver ? version::Scheme::semver : eco;
    if (scheme && *scheme != s) return row;  // mixed orders: unbounded
    scheme = s;
  }
  if (!af.versions.empty()) {
    if (scheme && *scheme != eco) return row;
    scheme = eco;
  }
  if (!scheme) return row;
  row.scheme = *scheme;
  const auto lt = [&](const std::string& x, const std::string& y) {
    return version::compare(*scheme, x, y) < 0;
  };
  bool unbounded_low = false, open = false;
  std::string low, high;
  bool high_inclusive = false;
  const auto lower = [&](const std::string& v) {
    if (low.empty() || lt(v, low)) low = v;
  };
  const auto upper = [&](const std::string& v, bool inclusive) {
    if (high.empty() || lt(high, v) || (!lt(v, high) && inclusive)) {
      high = v;
      high_inclusive = inclusive;
    }
  };
  for (const auto& v : af.versions) {
    lower(v);
    upper(v, true);
  }
  for (const auto& r : af.ranges) {
    if (r.type == version::RangeType::git) continue;
    // A range is open when its highest event introduces.
    const version::RangeEvent* top = nullptr;
    for (const auto& e : r.events) {
      if (e.kind == version::EventKind::introduced) {
        if (e.version == "0") {
          unbounded_low = true;
        } else {
          lower(e.version);
        }
      } else {
        upper(e.version, e.kind == version::EventKind::last_affected);
      }
      if (top == nullptr ||
          (e.version != "0" && (top->version == "0" || !lt(e.version, top->version))))
        top = &e;
    }
    if (top == nullptr || top->kind == version::EventKind::introduced) open = true;
  }
  if (!unbounded_low) row.low = low;
  if (!open) {
    row.high = high;
    row.high_inclusive = high_inclusive;
  }
  return row;
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

constexpr PackedIndex kCpePacks{
    "the CPE index",
    "SELECT advisory, version, start_including, start_excluding, end_including, end_excluding "
    "FROM cpes WHERE product = ?1 AND vendor = ?2",
    5,
    "SELECT DISTINCT product, vendor FROM cpes",
    "INSERT OR REPLACE INTO cpe_packs (product, vendor, body) VALUES (?1, ?2, ?3)",
    "DELETE FROM cpe_packs WHERE product = ?1 AND vendor = ?2",
    "DELETE FROM cpe_packs"};

constexpr PackedIndex kPackagePacks{
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
Result<void> repack(sqlite3* db, const PackedIndex& index, const std::set<PackKey>& keys) {
  Statement rows(db, index.rows);
  Statement put(db, index.put);
  Statement drop(db, index.drop);
  for (const Statement* st : {&rows, &put, &drop}) {
    if (!st->ok()) return Error{"knowledge base: " + st->error(), {}};
  }
  const std::string doing = std::string("packing ") + index.what;
  std::string body;
  for (const auto& [first, second] : keys) {
    body.clear();
    rows.bind(1, first).bind(2, second);
    PackWriter pack(body);
    int rc;
    std::vector<std::string_view> fields(static_cast<size_t>(index.columns));
    while ((rc = rows.step()) == SQLITE_ROW) {
      for (int col = 1; col <= index.columns; ++col)
        fields[static_cast<size_t>(col - 1)] = rows.view(col);
      pack.add(rows.integer(0), fields);
    }
    rows.reset();
    if (rc != SQLITE_DONE) return sql_error(db, doing);
    const bool ok = body.empty() ? drop.bind(1, first).bind(2, second).run()
                                 : put.bind(1, first).bind(2, second).bind_blob(3, body).run();
    if (!ok) return sql_error(db, doing);
  }
  return {};
}

// Rewrites every pack of an index (a migration).
Result<void> repack_all(sqlite3* db, const PackedIndex& index) {
  std::set<PackKey> keys;
  {
    Statement all(db, index.keys);
    if (!all.ok()) return Error{"knowledge base: " + all.error(), {}};
    while (all.step() == SQLITE_ROW) keys.emplace(all.text(0), all.text(1));
  }
  if (auto r = exec(db, index.clear); !r) return r;
  return repack(db, index, keys);
}

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

  Result<void> index(int64_t rowid, const advisory::Advisory& a) {
    std::vector<PackageRow> packages;
    std::vector<std::pair<std::string, std::string>> products;
    // vendor, product, version, bounds
    std::vector<std::array<std::string, 7>> cpes;
    advisory::NameVisitor visit;
    visit.package = [&packages](const advisory::Affected& af) {
      packages.push_back(package_row(af));
    };
    visit.purl = [&packages](const advisory::PackageKey& k) {
      PackageRow row;
      row.ecosystem = k.ecosystem;
      row.name = k.name;
      packages.push_back(std::move(row));
    };
    visit.cpe = [&cpes](std::string_view text, const advisory::CpeMatch* bounds) {
      auto w = cpe::parse(text);
      if (!w) return;
      const cpe::Value& v = (*w)[cpe::Attribute::version];
      std::array<std::string, 7> row{(*w)[cpe::Attribute::vendor].text,
                                     (*w)[cpe::Attribute::product].text,
                                     v.is_any()  ? "*"
                                     : v.is_na() ? "-"
                                                 : v.text};
      if (bounds != nullptr) {
        row[3] = bounds->start_including;
        row[4] = bounds->start_excluding;
        row[5] = bounds->end_including;
        row[6] = bounds->end_excluding;
      }
      cpes.push_back(std::move(row));
    };
    visit.product = [&products](const advisory::CsafProduct& p) {
      products.emplace_back(advisory::normalize_product(p.name),
                            advisory::normalize_vendor(p.vendor));
    };
    advisory::visit_names(a, visit);
    const auto unique = [](auto& v) {
      std::sort(v.begin(), v.end(), [](const auto& x, const auto& y) {
        return std::tie(x.first, x.second) < std::tie(y.first, y.second);
      });
      v.erase(std::unique(v.begin(), v.end()), v.end());
    };
    std::sort(packages.begin(), packages.end());
    packages.erase(std::unique(packages.begin(), packages.end()), packages.end());
    std::sort(cpes.begin(), cpes.end());
    cpes.erase(std::unique(cpes.begin(), cpes.end()), cpes.end());
    unique(products);
    for (const auto& r : packages) {
      packages_touched_.emplace(r.ecosystem, r.name);
      if (!package_.bind(1, r.ecosystem)
               .bind(2, r.name)
               .bind(3, rowid)
               .bind(4, static_cast<int64_t>(r.scheme))
               .bind(5, r.low)
               .bind(6, r.high)
               .bind(7, static_cast<int64_t>(r.high_inclusive))
               .run()) {
        return sql_error(db_, "indexing " + a.id);
      }
    }
    for (const auto& row : cpes) {
      cpes_touched_.emplace(row[1], row[0]);
      cpe_.bind(1, row[0]).bind(2, row[1]).bind(3, rowid).bind(4, row[2]);
      for (int i = 3; i < 7; ++i) cpe_.bind(i + 2, row[static_cast<size_t>(i)]);
      if (!cpe_.run()) return sql_error(db_, "indexing " + a.id);
    }
    for (const auto& [product, vendor] : products) {
      if (!product_.bind(1, product).bind(2, vendor).bind(3, rowid).run())
        return sql_error(db_, "indexing " + a.id);
    }
    return {};
  }

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
Result<void> reindex(sqlite3* db) {
  for (const char* table : {"DELETE FROM cpes", "DELETE FROM products"}) {
    if (auto r = exec(db, table); !r) return r;
  }
  Indexer indexer(db);
  if (auto r = indexer.prepare(); !r) return r;
  Statement all(db, "SELECT rowid, body FROM advisories");
  if (!all.ok()) return Error{"knowledge base: " + all.error(), {}};
  while (all.step() == SQLITE_ROW) {
    auto a = advisory::advisory_from_json(all.text(1));
    if (!a) return Error{"knowledge base: a stored record is damaged: " + a.error().message, {}};
    if (auto r = indexer.index(all.integer(0), *a); !r) return r;
  }
  return {};
}

enum class Feed { osv, nvd, cve5, csaf, kev, epss, unknown };

bool is_epss(std::string_view text) {
  const std::string_view head = trim(text.substr(0, 256));
  return head.rfind("#model_version", 0) == 0 || head.rfind("cve,epss", 0) == 0;
}

// The feed a JSON document belongs to, from its top-level keys: the content
// decides, never the file name.
Feed feed_of(simdjson::dom::object root) {
  const auto has = [&root](std::string_view key) {
    simdjson::dom::element e;
    return root[key].get(e) == simdjson::SUCCESS;
  };
  if (has("cveMetadata")) return Feed::cve5;
  if (has("catalogVersion")) return Feed::kev;
  if (has("document")) return Feed::csaf;
  if (has("vulnerabilities") || has("sourceIdentifier") || has("configurations")) return Feed::nvd;
  if (has("id") && has("modified")) return Feed::osv;
  return Feed::unknown;
}

std::string_view feed_name(Feed f) {
  constexpr std::string_view kNames[] = {"osv", "nvd", "cve5", "csaf", "kev", "epss", "unknown"};
  return kNames[static_cast<size_t>(f)];
}

class Importer {
 public:
  Importer(sqlite3* db, ImportReport& report) : db_(db), report_(report) {}

  Result<void> prepare() {
    for (const Statement* s :
         {&find_, &insert_, &remove_, &old_group_, &old_cpes_, &old_packages_, &old_products_,
          &alias_, &kev_, &kev_old_, &epss_, &epss_old_, &feed_}) {
      if (!s->ok()) return Error{"knowledge base: " + s->error(), {}};
    }
    return indexer_.prepare();
  }

  Result<void> file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    if (!in || ec) {
      report_.skipped.push_back({"cannot open the file", path.string()});
      return {};
    }
    // Room for simdjson's padding, so that the text is parsed where it lies.
    buffer_.reserve(size + simdjson::SIMDJSON_PADDING);
    buffer_.resize(size);
    if (!in.read(buffer_.data(), static_cast<std::streamsize>(size))) {
      report_.skipped.push_back({"cannot read the file", path.string()});
      return {};
    }
    if (buffer_.starts_with("PK\x03\x04") || path.extension() == ".zip") {
      const std::string bytes = std::move(buffer_);
      buffer_ = std::string();
      return archive(bytes, path.string());
    }
    return content(buffer_, path.string(), path.extension() == ".gz");
  }

  // An archive of feed files, as osv.dev publishes each ecosystem
  // (all.zip): every .json, .csv and .gz entry in name order, each named
  // "ARCHIVE!/ENTRY" in messages. A damaged archive is skipped by name; a
  // damaged entry is skipped by its name.
  Result<void> archive(const std::string& bytes, const std::string& source) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    zip_t* zip = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &error) : nullptr;
    if (zip == nullptr) {
      report_.skipped.push_back(
          {std::string("not a readable zip archive: ") + zip_error_strerror(&error), source});
      if (src) zip_source_free(src);
      zip_error_fini(&error);
      return {};
    }
    zip_error_fini(&error);
    struct Closer {
      zip_t* z;
      ~Closer() { zip_discard(z); }
    } closer{zip};
    std::vector<std::pair<std::string, zip_uint64_t>> entries;
    const zip_int64_t n = zip_get_num_entries(zip, 0);
    for (zip_int64_t i = 0; i < n; ++i) {
      const char* name = zip_get_name(zip, static_cast<zip_uint64_t>(i), 0);
      if (name == nullptr) continue;
      const std::string_view nv(name);
      if (nv.ends_with(".json") || nv.ends_with(".csv") || nv.ends_with(".gz"))
        entries.emplace_back(name, static_cast<zip_uint64_t>(i));
    }
    std::sort(entries.begin(), entries.end());
    for (const auto& [name, index] : entries) {
      const std::string where = source + "!/" + name;
      zip_stat_t st;
      zip_file_t* f =
          zip_stat_index(zip, index, 0, &st) == 0 ? zip_fopen_index(zip, index, 0) : nullptr;
      if (f == nullptr || (st.valid & ZIP_STAT_SIZE) == 0) {
        if (f) zip_fclose(f);
        report_.skipped.push_back({"cannot read the archive entry", where});
        continue;
      }
      std::string entry;
      entry.reserve(st.size + simdjson::SIMDJSON_PADDING);
      entry.resize(st.size);
      const zip_int64_t got = zip_fread(f, entry.data(), st.size);
      zip_fclose(f);
      if (got < 0 || static_cast<zip_uint64_t>(got) != st.size) {
        report_.skipped.push_back({"the archive entry is damaged", where});
        continue;
      }
      if (auto r = content(entry, where, name.ends_with(".gz")); !r) return r;
    }
    return {};
  }

  // One feed file's bytes; `bytes` may be replaced (gzip) and its spare
  // capacity is used as simdjson's padding.
  Result<void> content(std::string& bytes, const std::string& source, bool gz) {
    ++report_.files;
    if (advisory::is_gzip(bytes) && gz) {
      auto plain = advisory::gunzip(bytes, source);
      if (!plain) {
        report_.skipped.push_back(plain.error());
        return {};
      }
      bytes = std::move(*plain);
    }
    // JSON is parsed once: its keys name the feed, and the reader takes the
    // parsed object.
    Feed feed = Feed::unknown;
    simdjson::dom::object root;
    if (is_epss(bytes)) {
      feed = Feed::epss;
    } else if (trim(std::string_view(bytes).substr(0, 256)).substr(0, 1) == "{") {
      auto parsed = advisory::detail::parse_object(parser_, bytes, source, "a feed file");
      if (!parsed) {
        report_.skipped.push_back(parsed.error());
        return {};
      }
      root = *parsed;
      feed = feed_of(root);
    }
    switch (feed) {
      case Feed::osv: {
        auto a = advisory::read_osv(root, source);
        if (!a) {
          report_.skipped.push_back(a.error());
          return {};
        }
        return upsert(*a, feed);
      }
      case Feed::nvd: {
        auto page = advisory::read_nvd(root, source);
        if (!page) {
          report_.skipped.push_back(page.error());
          return {};
        }
        for (auto& e : page->skipped) report_.skipped.push_back(std::move(e));
        for (const auto& a : page->advisories) {
          if (auto r = upsert(a, feed); !r) return r;
        }
        return {};
      }
      case Feed::cve5: {
        auto a = advisory::read_cve5(root, source);
        if (!a) {
          report_.skipped.push_back(a.error());
          return {};
        }
        return upsert(*a, feed);
      }
      case Feed::csaf: {
        auto d = advisory::read_csaf(root, source);
        if (!d) {
          report_.skipped.push_back(d.error());
          return {};
        }
        for (const auto& a : d->advisories) {
          if (auto r = upsert(a, feed); !r) return r;
        }
        return {};
      }
      case Feed::kev: {
        auto k = advisory::read_kev(root, source);
        if (!k) {
          report_.skipped.push_back(k.error());
          return {};
        }
        for (auto& e : k->skipped) report_.skipped.push_back(std::move(e));
        for (const auto& e : k->entries) {
          nlohmann::ordered_json j{{"cve", e.cve},
                                   {"vendor", e.vendor},
                                   {"product", e.product},
                                   {"name", e.name},
                                   {"date_added", e.date_added},
                                   {"due_date", e.due_date},
                                   {"required_action", e.required_action},
                                   {"ransomware", e.ransomware},
                                   {"cwes", e.cwes}};
          const std::string body = j.dump();
          kev_old_.bind(1, e.cve);
          if (kev_old_.step() != SQLITE_ROW) {
            report_.changes.kev_added.insert(e.cve);
          } else if (kev_old_.text(0) != body) {
            report_.changes.kev_changed.insert(e.cve);
          }
          kev_old_.reset();
          if (!kev_.bind(1, e.cve).bind(2, body).run()) return sql_error(db_, "storing KEV");
          ++report_.kev;
        }
        return touch(feed);
      }
      case Feed::epss: {
        auto s = advisory::parse_epss(bytes, source);
        if (!s) {
          report_.skipped.push_back(s.error());
          return {};
        }
        for (auto& e : s->skipped) report_.skipped.push_back(std::move(e));
        for (const auto& e : s->scores) {
          epss_old_.bind(1, e.cve);
          if (epss_old_.step() != SQLITE_ROW || epss_old_.real(0) != e.epss ||
              epss_old_.real(1) != e.percentile)
            report_.changes.epss_changed.insert(e.cve);
          epss_old_.reset();
          if (!epss_.bind(1, e.cve)
                   .bind(2, e.epss)
                   .bind(3, e.percentile)
                   .bind(4, s->score_date)
                   .run()) {
            return sql_error(db_, "storing EPSS");
          }
          ++report_.epss;
        }
        return touch(feed);
      }
      case Feed::unknown:
        break;
    }
    report_.skipped.push_back(
        {"not a feed file Vigil reads (OSV, NVD, CVE JSON 5, CSAF, KEV, EPSS)", source});
    return {};
  }

  const std::set<std::string>& emptied() const { return emptied_; }

  // The index keys this import touched, into the change set: before
  // finish(), which repacks them.
  void note_keys() {
    for (const auto& [ecosystem, name] : indexer_.packages_touched())
      report_.changes.packages.emplace(ecosystem, name);
    for (const auto& [product, vendor] : indexer_.cpes_touched())
      report_.changes.cpe_products.emplace(vendor, product);
  }
  const std::vector<int64_t>& written() const { return written_; }

  // Records where an update left off, and when each feed that brought
  // something, or whose cursor moved, was last imported.
  Result<void> finish(const std::vector<Cursor>& cursors) {
    if (auto r = repack(db_, kCpePacks, indexer_.cpes_touched()); !r) return r;
    if (auto r = repack(db_, kPackagePacks, indexer_.packages_touched()); !r) return r;
    Statement put(db_, "INSERT OR REPLACE INTO cursors (feed, scope, value) VALUES (?1, ?2, ?3)");
    if (!put.ok()) return Error{"knowledge base: " + put.error(), {}};
    for (const Cursor& c : cursors) {
      if (!put.bind(1, c.feed).bind(2, c.scope).bind(3, c.value).run())
        return sql_error(db_, "recording where the " + c.feed + " update left off");
      touched_.insert(c.feed);
    }
    const std::string now = now_utc();
    for (const std::string& f : touched_) {
      if (!feed_.bind(1, f).bind(2, now).run()) return sql_error(db_, "recording the feed");
    }
    return {};
  }

 private:
  // Notes that a feed brought something; written once per import (finish).
  Result<void> touch(Feed feed) {
    touched_.insert(std::string(feed_name(feed)));
    return {};
  }

  Result<void> upsert(const advisory::Advisory& a, Feed feed) {
    const std::string_view source = advisory::source_name(a.source);
    find_.bind(1, source).bind(2, a.id);
    if (find_.step() == SQLITE_ROW) {
      const int64_t rowid = find_.integer(0);
      const std::string modified = find_.text(1);
      find_.reset();
      // RFC 3339 times in UTC order as text; an undated copy never replaces.
      if (a.modified.empty() || a.modified <= modified) {
        ++report_.unchanged;
        return {};
      }
      // Its index rows go with it: their packs must be rewritten too.
      for (auto [st, touched] : {std::pair{&old_cpes_, &indexer_.cpes_touched()},
                                 std::pair{&old_packages_, &indexer_.packages_touched()}}) {
        st->bind(1, rowid);
        while (st->step() == SQLITE_ROW) touched->emplace(st->text(0), st->text(1));
        st->reset();
      }
      // The CSAF product names it was found by go with it too.
      old_products_.bind(1, rowid);
      while (old_products_.step() == SQLITE_ROW)
        report_.changes.product_names.insert(old_products_.text(0));
      old_products_.reset();
      // Its vulnerability loses it, and must be described again.
      old_group_.bind(1, rowid);
      if (old_group_.step() == SQLITE_ROW) emptied_.insert(old_group_.text(0));
      old_group_.reset();
      if (!remove_.bind(1, rowid).run()) return sql_error(db_, "replacing " + a.id);
      ++report_.replaced;
    } else {
      find_.reset();
      ++report_.added;
    }
    if (!insert_.bind(1, source)
             .bind(2, a.id)
             .bind(3, a.modified)
             .bind(4, a.withdrawn)
             .bind(5, advisory::to_json(a).dump())
             .run()) {
      return sql_error(db_, "storing " + a.id);
    }
    const int64_t rowid = sqlite3_last_insert_rowid(db_);
    written_.push_back(rowid);
    std::vector<std::string> names = a.aliases;
    names.push_back(a.id);
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    for (const auto& n : names) {
      if (!alias_.bind(1, n).bind(2, rowid).run())
        return sql_error(db_, "storing aliases of " + a.id);
    }
    if (auto r = indexer_.index(rowid, a); !r) return r;
    return touch(feed);
  }

  sqlite3* db_;
  ImportReport& report_;
  std::set<std::string> touched_;
  simdjson::dom::parser parser_;  // reused across files
  std::string buffer_;            // reused across files: one allocation, not one per file
  Indexer indexer_{db_};
  Statement find_{db_, "SELECT rowid, modified FROM advisories WHERE source = ?1 AND id = ?2"};
  Statement insert_{
      db_,
      "INSERT INTO advisories (source, id, modified, withdrawn, body) VALUES (?1, ?2, ?3, ?4, ?5)"};
  Statement remove_{db_, "DELETE FROM advisories WHERE rowid = ?1"};
  Statement old_group_{db_, "SELECT vulnerability FROM groups WHERE advisory = ?1"};
  Statement old_cpes_{db_, "SELECT DISTINCT product, vendor FROM cpes WHERE advisory = ?1"};
  Statement old_packages_{db_, "SELECT DISTINCT ecosystem, name FROM packages WHERE advisory = ?1"};
  Statement old_products_{db_, "SELECT DISTINCT product FROM products WHERE advisory = ?1"};
  Statement alias_{db_, "INSERT INTO aliases (name, advisory) VALUES (?1, ?2)"};
  Statement kev_old_{db_, "SELECT body FROM kev WHERE cve = ?1"};
  Statement epss_old_{db_, "SELECT epss, percentile FROM epss WHERE cve = ?1"};
  Statement kev_{db_, "INSERT OR REPLACE INTO kev (cve, body) VALUES (?1, ?2)"};
  Statement epss_{
      db_,
      "INSERT OR REPLACE INTO epss (cve, epss, percentile, score_date) VALUES (?1, ?2, ?3, ?4)"};
  Statement feed_{db_, "INSERT OR REPLACE INTO feeds (name, updated) VALUES (?1, ?2)"};
  std::set<std::string> emptied_;  // vulnerabilities of the records removed
  std::vector<int64_t> written_;   // keys of the records stored
};

// Every name of `records` (ids and aliases) but `id`, sorted, each once:
// the aliases of the vulnerability `id` they make up. Views into `records`.
std::vector<std::string_view> other_names(std::string_view id,
                                          const std::vector<advisory::Advisory>& records) {
  std::vector<std::string_view> names;
  for (const advisory::Advisory& a : records) {
    names.push_back(a.id);
    names.insert(names.end(), a.aliases.begin(), a.aliases.end());
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  std::erase(names, id);
  return names;
}

// The description of the vulnerability `id` from the records behind it.
std::string description_body(std::string_view id, std::vector<advisory::Advisory>& records) {
  // Text from the most authoritative record: NVD, CVE 5, OSV, then the rest.
  const auto rank = [](const advisory::Advisory& a) {
    switch (a.source) {
      case advisory::Source::nvd:
        return 0;
      case advisory::Source::cve5:
        return 1;
      case advisory::Source::osv:
        return 2;
      default:
        return 3;
    }
  };
  std::sort(records.begin(), records.end(),
            [&rank](const advisory::Advisory& a, const advisory::Advisory& b) {
              return std::make_pair(rank(a), std::string_view(a.id)) <
                     std::make_pair(rank(b), std::string_view(b.id));
            });
  std::string_view summary, published;
  std::vector<std::string_view> cwes, exploits;
  std::vector<std::pair<std::string_view, std::string>> vectors;
  for (const advisory::Advisory& a : records) {
    if (summary.empty()) summary = a.summary.empty() ? a.details : a.summary;
    if (published.empty()) published = a.published;
    for (const auto& cwe : a.cwes) {
      if (std::find(cwes.begin(), cwes.end(), cwe) == cwes.end()) cwes.push_back(cwe);
    }
    for (const auto& ref : a.references) {
      if (ref.type == "EXPLOIT" &&
          std::find(exploits.begin(), exploits.end(), ref.url) == exploits.end())
        exploits.push_back(ref.url);
    }
    for (const auto& sev : a.severities) {
      std::pair<std::string_view, std::string> v{
          sev.vector, sev.source.empty() ? std::string(advisory::source_name(a.source)) + ":" + a.id
                                         : sev.source};
      if (std::find(vectors.begin(), vectors.end(), v) == vectors.end())
        vectors.push_back(std::move(v));
    }
  }
  summary = summary.substr(0, KnowledgeBase::kSummaryLimit);
  std::string body;
  PackWriter pack(body);
  const auto put = [&pack](DescriptionField f, std::string_view text,
                           std::string_view source = {}) {
    pack.add(static_cast<int64_t>(f), {text, source});
  };
  for (std::string_view n : other_names(id, records)) put(DescriptionField::alias, n);
  if (!summary.empty()) put(DescriptionField::summary, summary);
  if (!published.empty()) put(DescriptionField::published, published);
  for (std::string_view c : cwes) put(DescriptionField::cwe, c);
  for (std::string_view e : exploits) put(DescriptionField::exploit, e);
  for (const auto& [vector, source] : vectors) put(DescriptionField::cvss, vector, source);
  return body;
}

// Rewrites the matching row of every record of `vulnerabilities`: its form,
// the vulnerability and the vulnerability's description, worked out from all
// its records. Every record that is new or changed vulnerability is in one
// of them, so each record's row stays current; a vulnerability left with no
// records has no rows left to describe it.
Result<void> redescribe(sqlite3* db, const std::set<std::string>& vulnerabilities) {
  Statement records(
      db,
      "SELECT a.rowid, a.body FROM groups g JOIN advisories a ON a.rowid = g.advisory "
      "WHERE g.vulnerability = ?1");
  Statement put(db,
                "INSERT OR REPLACE INTO matching (advisory, vulnerability, body, description) "
                "VALUES (?1, ?2, ?3, ?4)");
  for (const Statement* st : {&records, &put}) {
    if (!st->ok()) return Error{"knowledge base: " + st->error(), {}};
  }
  std::vector<advisory::Advisory> members;
  std::vector<std::pair<int64_t, std::string>> forms;
  for (const std::string& v : vulnerabilities) {
    members.clear();
    forms.clear();
    records.bind(1, v);
    int rc;
    while ((rc = records.step()) == SQLITE_ROW) {
      auto a = advisory::advisory_from_json(records.view(1));
      if (!a) {
        records.reset();
        return Error{
            "knowledge base: a stored record of " + v + " is damaged: " + a.error().message, {}};
      }
      forms.emplace_back(records.integer(0), detail::matching_form(*a));
      members.push_back(std::move(*a));
    }
    records.reset();
    if (rc != SQLITE_DONE) return sql_error(db, "describing " + v);
    if (members.empty()) continue;
    const std::string description = description_body(v, members);
    for (const auto& [key, form] : forms) {
      if (!put.bind(1, key).bind(2, v).bind_blob(3, form).bind_blob(4, description).run())
        return sql_error(db, "describing " + v);
    }
  }
  return {};
}

// Describes every vulnerability (a migration).
Result<void> redescribe_all(sqlite3* db) {
  std::set<std::string> all;
  {
    Statement st(db, "SELECT DISTINCT vulnerability FROM groups");
    if (!st.ok()) return Error{"knowledge base: " + st.error(), {}};
    while (st.step() == SQLITE_ROW) all.insert(st.text(0));
  }
  return redescribe(db, all);
}

// Each advisory's names: its id and aliases.
using Names = std::unordered_map<int64_t, std::vector<std::string>>;

// Merges the advisories of `names` that share any name into vulnerabilities
// (union-find), named by their smallest CVE id, else their smallest id;
// rewrites their groups rows, and describes each vulnerability whose records
// changed: those of new records, those whose records moved to or from
// another, and `changed` as given (the vulnerabilities of records removed).
// `names` must be closed: no advisory outside it shares a name with one in it.
Result<void> group(sqlite3* db, const Names& names, bool whole, std::set<std::string> changed) {
  std::unordered_map<std::string_view, int64_t> first_owner;
  std::unordered_map<int64_t, int64_t> parent;
  const auto find = [&parent](int64_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (const auto& [adv, list] : names) {
    if (!parent.count(adv)) parent[adv] = adv;
    for (const std::string& name : list) {
      auto [it, inserted] = first_owner.emplace(name, adv);
      if (!inserted) {
        const int64_t a = find(adv), b = find(it->second);
        if (a != b) parent[a] = b;
      }
    }
  }
  std::unordered_map<int64_t, std::string> label;
  for (const auto& [adv, list] : names) {
    std::string& l = label[find(adv)];
    for (const auto& n : list) {
      const bool cve = n.rfind("CVE-", 0) == 0;
      const bool have_cve = l.rfind("CVE-", 0) == 0;
      if (l.empty() || (cve && !have_cve) || (cve == have_cve && n < l)) l = n;
    }
  }
  {
    std::unordered_map<int64_t, std::string> before;
    Statement old(db, whole ? "SELECT advisory, vulnerability FROM groups"
                            : "SELECT advisory, vulnerability FROM groups WHERE advisory = ?1");
    if (!old.ok()) return Error{"knowledge base: " + old.error(), {}};
    if (whole) {
      while (old.step() == SQLITE_ROW) before.emplace(old.integer(0), old.text(1));
    } else {
      for (const auto& [adv, list] : names) {
        old.bind(1, adv);
        if (old.step() == SQLITE_ROW) before.emplace(old.integer(0), old.text(1));
        old.reset();
      }
    }
    for (const auto& [adv, list] : names) {
      const std::string& now = label[find(adv)];
      auto was = before.find(adv);
      if (was != before.end() && was->second == now) continue;
      changed.insert(now);
      if (was != before.end()) changed.insert(was->second);
    }
  }
  if (whole) {
    if (auto r = exec(db, "DELETE FROM groups"); !r) return r;
  }
  Statement put(db, "INSERT OR REPLACE INTO groups (advisory, vulnerability) VALUES (?1, ?2)");
  for (const auto& [adv, list] : names) {
    if (!put.bind(1, adv).bind(2, label[find(adv)]).run()) return sql_error(db, "grouping");
  }
  return redescribe(db, changed);
}

// Groups every advisory anew.
Result<void> regroup_all(sqlite3* db, std::set<std::string> emptied) {
  Statement all(db, "SELECT advisory, name FROM aliases");
  if (!all.ok()) return Error{"knowledge base: " + all.error(), {}};
  Names names;
  while (all.step() == SQLITE_ROW) names[all.integer(0)].push_back(all.text(1));
  return group(db, names, /*whole=*/true, std::move(emptied));
}

// Above this many new records an import groups every advisory anew (one
// pass over the aliases) rather than the ones the new records reach (a few
// lookups each).
constexpr size_t kRegroupAllAbove = 50000;

// Groups what an import changed: the `written` records (new ones and newer
// copies), every advisory of a vulnerability one of them shares a name
// with, and every advisory of the `emptied` vulnerabilities (those of the
// records replaced, which may now fall apart). Grouping was closed before
// the import, so no other advisory can join or leave these. A first import,
// or a very large one, groups everything.
Result<void> regroup(sqlite3* db, const std::vector<int64_t>& written,
                     std::set<std::string> emptied) {
  Statement any(db, "SELECT 1 FROM groups LIMIT 1");
  if (!any.ok()) return Error{"knowledge base: " + any.error(), {}};
  if (written.size() > kRegroupAllAbove || any.step() != SQLITE_ROW)
    return regroup_all(db, std::move(emptied));
  any.reset();
  Statement names_of(db, "SELECT name FROM aliases WHERE advisory = ?1");
  Statement sharing(db, "SELECT advisory FROM aliases WHERE name = ?1");
  Statement group_of(db, "SELECT vulnerability FROM groups WHERE advisory = ?1");
  Statement members(db, "SELECT advisory FROM groups WHERE vulnerability = ?1");
  for (const Statement* st : {&names_of, &sharing, &group_of, &members}) {
    if (!st->ok()) return Error{"knowledge base: " + st->error(), {}};
  }
  const auto read_names = [&](int64_t adv, std::vector<std::string>& out) {
    names_of.bind(1, adv);
    while (names_of.step() == SQLITE_ROW) out.push_back(names_of.text(0));
    names_of.reset();
  };
  Names names;
  std::set<std::string> reached = emptied;
  for (int64_t adv : written) read_names(adv, names[adv]);
  for (int64_t adv : written) {
    for (const std::string& n : names[adv]) {
      sharing.bind(1, n);
      while (sharing.step() == SQLITE_ROW) {
        const int64_t other = sharing.integer(0);
        if (names.count(other)) continue;
        group_of.bind(1, other);
        if (group_of.step() == SQLITE_ROW) {
          reached.insert(group_of.text(0));
        } else {
          names[other];  // ungrouped: read below
        }
        group_of.reset();
      }
      sharing.reset();
    }
  }
  for (const std::string& v : reached) {
    members.bind(1, v);
    while (members.step() == SQLITE_ROW) names[members.integer(0)];
    members.reset();
  }
  for (auto& [adv, list] : names) {
    if (list.empty()) read_names(adv, list);
  }
  // A record stored and replaced by a newer copy within the import is gone.
  std::erase_if(names, [](const auto& entry) { return entry.second.empty(); });
  return group(db, names, /*whole=*/false, std::move(emptied));
}

}  // namespace

void KnowledgeBase::Closer::operator()(sqlite3* db) const { sqlite3_close(db); }

KnowledgeBase::ReadScope::ReadScope(const KnowledgeBase& kb) : db_(kb.db_.get()) {
  // Nested inside a write (an import) or another scope: nothing to do.
  if (sqlite3_get_autocommit(db_) != 0) began_ = exec(db_, "BEGIN").ok();
}

KnowledgeBase::ReadScope::~ReadScope() {
  if (began_) (void)exec(db_, "COMMIT");
}

struct KnowledgeBase::Queries {
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

void KnowledgeBase::QueriesDeleter::operator()(Queries* q) const { delete q; }

Result<KnowledgeBase::Queries*> KnowledgeBase::queries() const {
  if (!queries_) {
    auto q = std::unique_ptr<Queries, QueriesDeleter>(new Queries(db_.get()));
    if (auto r = q->check(); !r) return r.error();
    const_cast<KnowledgeBase*>(this)->queries_ = std::move(q);
  }
  return queries_.get();
}

Result<std::vector<int64_t>> KnowledgeBase::by_package(std::string_view ecosystem,
                                                       std::string_view name,
                                                       std::string_view version) const {
  auto q = queries();
  if (!q) return q.error();
  Statement& st = (*q)->package.bind(1, ecosystem).bind(2, name);
  std::vector<int64_t> out;
  const int rc = st.step();
  bool damaged = false;
  if (rc == SQLITE_ROW) {
    // scheme, low, high, high_inclusive
    PackReader<4> pack(st.blob(0));
    PackedRow<4> row;
    while (pack.next(row)) {
      if (!out.empty() && out.back() == row.advisory) continue;
      if (!version.empty()) {
        const std::string_view scheme_text = row.fields[0], low = row.fields[1],
                               high = row.fields[2];
        int scheme = 0;
        const char* end = scheme_text.data() + scheme_text.size();
        if (std::from_chars(scheme_text.data(), end, scheme).ptr != end) {
          damaged = true;
          break;
        }
        const auto s = static_cast<version::Scheme>(scheme);
        if (!low.empty() && version::compare(s, version, low) < 0) continue;
        if (!high.empty()) {
          const int c = version::compare(s, version, high);
          if (c > 0 || (c == 0 && row.fields[3] == "0")) continue;
        }
      }
      out.push_back(row.advisory);
    }
    damaged = damaged || pack.damaged();
  }
  st.reset();
  if (damaged)
    return Error{"knowledge base: the package index of " + std::string(ecosystem) + " " +
                     std::string(name) + " is damaged; re-import the feeds into a new kb",
                 {}};
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return Error{"knowledge base: a lookup failed", {}};
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

namespace {

// NVD's versionStart/End Including/Excluding, as views.
using Bounds = std::array<std::string_view, 4>;

// A target version as bounds compare it, its plain text worked out once
// rather than for each of the criteria a lookup weighs.
struct TargetVersion {
  explicit TargetVersion(const cpe::Value& v) : value(v) {
    if (v.kind == cpe::Value::Kind::text) v.plain_into(plain);
  }
  const cpe::Value& value;
  std::string plain;
};

bool version_in_bounds(const Bounds& bounds, const cpe::Value& criterion,
                       const TargetVersion& target_version) {
  const cpe::Value& target = target_version.value;
  const bool bounded =
      std::any_of(bounds.begin(), bounds.end(), [](std::string_view b) { return !b.empty(); });
  if (criterion.is_any() && !bounded) return true;  // every version
  if (target.is_any()) return false;                // an unknown version never falls in a range
  if (!criterion.is_any()) {
    const cpe::Relation r = cpe::compare_values(criterion, target);  // NA matches only NA
    if (r != cpe::Relation::superset && r != cpe::Relation::equal) return false;
  }
  if (!bounded) return true;
  if (target.is_na()) return false;
  const auto cmp = [&target_version](std::string_view bound) {
    return version::compare(version::Scheme::generic, target_version.plain, bound);
  };
  if (!bounds[0].empty() && cmp(bounds[0]) < 0) return false;
  if (!bounds[1].empty() && cmp(bounds[1]) <= 0) return false;
  if (!bounds[2].empty() && cmp(bounds[2]) > 0) return false;
  if (!bounds[3].empty() && cmp(bounds[3]) >= 0) return false;
  return true;
}

}  // namespace

Result<std::vector<int64_t>> KnowledgeBase::by_cpe(std::string_view vendor,
                                                   std::string_view product,
                                                   const cpe::Value& version) const {
  auto q = queries();
  if (!q) return q.error();
  Statement& st = vendor.empty() ? (*q)->cpe_any_vendor.bind(1, product)
                                 : (*q)->cpe.bind(1, vendor).bind(2, product);
  std::vector<int64_t> out;
  cpe::Value crit;
  const TargetVersion target(version);
  int rc;
  bool damaged = false;
  const auto holds = [&crit, &target](const PackedRow<5>& row) {
    const std::string_view v = row.fields[0];
    // Kept in one value whose text buffer is reused.
    crit.kind = v == "*"   ? cpe::Value::Kind::any
                : v == "-" ? cpe::Value::Kind::na
                           : cpe::Value::Kind::text;
    crit.text.assign(crit.kind == cpe::Value::Kind::text ? v : std::string_view());
    return version_in_bounds({row.fields[1], row.fields[2], row.fields[3], row.fields[4]}, crit,
                             target);
  };
  // The rows of a large pack repeat few versions and bounds (the kernel's
  // 93,000 criteria name 1,809 pairs of bounds, the stable branches'), so
  // each distinct one is compared once per lookup; small packs gain
  // nothing from it. Keys point into the pack, valid until the next step.
  constexpr size_t kMemoAbove = 4096;
  std::unordered_map<std::string_view, bool> seen;
  while (!damaged && (rc = st.step()) == SQLITE_ROW) {
    // version, start including, start excluding, end including, end excluding
    const std::string_view body = st.blob(0);
    const bool memo = body.size() > kMemoAbove;
    seen.clear();
    PackReader<5> pack(body);
    PackedRow<5> row;
    while (pack.next(row)) {
      if (!out.empty() && out.back() == row.advisory) continue;
      bool match;
      if (memo) {
        auto [known, fresh] = seen.try_emplace(row.encoded, false);
        if (fresh) known->second = holds(row);
        match = known->second;
      } else {
        match = holds(row);
      }
      if (match) out.push_back(row.advisory);
    }
    damaged = pack.damaged();
  }
  st.reset();
  if (damaged)
    return Error{"knowledge base: the CPE index of " + std::string(product) +
                     " is damaged; re-import the feeds into a new kb",
                 {}};
  if (rc != SQLITE_DONE) return Error{"knowledge base: a lookup failed", {}};
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool cpe_version_matches(const advisory::CpeMatch& bounds, const cpe::Value& criterion,
                         const cpe::Value& target) {
  return version_in_bounds(
      {bounds.start_including, bounds.start_excluding, bounds.end_including, bounds.end_excluding},
      criterion, TargetVersion(target));
}

Result<std::vector<ProductHit>> KnowledgeBase::by_product(std::string_view product) const {
  auto q = queries();
  if (!q) return q.error();
  Statement& st = (*q)->product.bind(1, product);
  std::vector<ProductHit> out;
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) out.push_back({st.integer(0), st.text(1)});
  st.reset();
  if (rc != SQLITE_DONE) return Error{"knowledge base: a lookup failed", {}};
  return out;
}

namespace {

// The first column of every row of `st`.
Result<std::vector<std::string>> first_column(Statement& st) {
  std::vector<std::string> out;
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) out.push_back(st.text(0));
  st.reset();
  if (rc != SQLITE_DONE) return Error{"knowledge base: a lookup failed", {}};
  return out;
}

}  // namespace

Result<std::vector<std::string>> KnowledgeBase::product_names() const {
  auto q = queries();
  if (!q) return q.error();
  return first_column((*q)->product_names);
}

Result<bool> KnowledgeBase::covers_ecosystem(std::string_view ecosystem) const {
  auto q = queries();
  if (!q) return q.error();
  Statement& st = (*q)->ecosystem.bind(1, ecosystem);
  const bool found = st.step() == SQLITE_ROW;
  st.reset();
  return found;
}

Result<Record> KnowledgeBase::record(int64_t key) const {
  auto q = queries();
  if (!q) return q.error();
  Statement& st = (*q)->record.bind(1, key);
  if (st.step() != SQLITE_ROW) {
    st.reset();
    return Error{"knowledge base: no record " + std::to_string(key), {}};
  }
  auto a = advisory::advisory_from_json(st.view(0));
  Record r{key, st.text(1), {}};
  st.reset();
  if (!a) return Error{"knowledge base: a stored record is damaged: " + a.error().message, {}};
  r.advisory = std::move(*a);
  return r;
}

Result<KnowledgeBase::MatchingRecord> KnowledgeBase::matching_record(int64_t key) const {
  auto q = queries();
  if (!q) return q.error();
  Statement& st = (*q)->matching.bind(1, key);
  if (st.step() != SQLITE_ROW) {
    st.reset();
    return Error{"knowledge base: no record " + std::to_string(key), {}};
  }
  auto a = detail::read_matching_form(st.view(0));
  MatchingRecord r{{key, st.text(1), {}}, std::string(st.blob(2))};
  st.reset();
  if (!a)
    return Error{
        "knowledge base: the matching form of record " + std::to_string(key) + " is damaged", {}};
  r.record.advisory = std::move(*a);
  return r;
}

KnowledgeBase::KnowledgeBase(sqlite3* db) : db_(db) {}
KnowledgeBase::KnowledgeBase(KnowledgeBase&&) noexcept = default;
KnowledgeBase& KnowledgeBase::operator=(KnowledgeBase&&) noexcept = default;
KnowledgeBase::~KnowledgeBase() = default;

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

Result<ImportReport> KnowledgeBase::import_paths(const std::vector<std::string>& paths,
                                                 const std::vector<Cursor>& cursors) {
  sqlite3* db = db_.get();
  // Filling an empty kb (the first import of full feeds) writes every page
  // once with a rollback journal, which records only the pages that existed
  // before; in WAL mode each page is written to the log and again at the
  // checkpoint, and again for every spill of a page changed after it. The
  // switch needs no other connection to be reading; when one is, the
  // import stays in WAL mode. Either journal is atomic.
  bool rollback_journal = false;
  const auto was_empty = empty();
  if (!was_empty) return was_empty.error();
  if (*was_empty) {
    sqlite3_busy_timeout(db, 0);  // a reader holding on: do not wait, stay in WAL
    if (exec(db, "PRAGMA journal_mode = DELETE").ok()) {
      Statement mode(db, "PRAGMA journal_mode");
      rollback_journal = mode.step() == SQLITE_ROW && mode.text(0) == "delete";
    }
    sqlite3_busy_timeout(db, kBusyTimeoutMs);
  }
  struct RestoreWal {
    sqlite3* db;
    bool active;
    ~RestoreWal() {
      if (active) (void)exec(db, "PRAGMA journal_mode = WAL");
    }
  } restore_wal{db, rollback_journal};
  if (auto r = exec(db, "BEGIN IMMEDIATE"); !r) return r.error();
  (void)exec(db, kImportCache);
  struct RestoreCache {
    sqlite3* db;
    ~RestoreCache() { (void)exec(db, kReadCache); }
  } restore{db};
  ImportReport report;
  Result<void> status = [&]() -> Result<void> {
    Importer importer(db, report);
    if (auto r = importer.prepare(); !r) return r;
    for (const std::string& p : paths) {
      std::error_code ec;
      if (fs::is_directory(p, ec)) {
        std::vector<fs::path> files;
        for (const auto& e : fs::recursive_directory_iterator(p, ec)) {
          if (e.is_regular_file()) files.push_back(e.path());
        }
        std::sort(files.begin(), files.end());
        for (const auto& f : files) {
          const std::string ext = f.extension().string();
          if (ext != ".json" && ext != ".csv" && ext != ".gz" && ext != ".zip") continue;
          if (auto r = importer.file(f); !r) return r;
        }
      } else if (fs::exists(p, ec)) {
        if (auto r = importer.file(p); !r) return r;
      } else {
        return Error{"no such file or folder", p};
      }
    }
    // Only new or replaced records can change which names meet.
    if (report.added + report.replaced > 0) {
      if (auto r = regroup(db, importer.written(), importer.emptied()); !r) return r;
    }
    if (auto r = detail::collect_changes(db, importer.written(), importer.emptied(), *was_empty,
                                         report.changes);
        !r)
      return r;
    importer.note_keys();
    return importer.finish(cursors);
  }();
  if (!status) {
    (void)exec(db, "ROLLBACK");
    return status.error();
  }
  if (auto r = exec(db, "COMMIT"); !r) {
    (void)exec(db, "ROLLBACK");
    return r.error();
  }
  ++imports_;
  return report;
}

Result<Stats> KnowledgeBase::stats() const {
  sqlite3* db = db_.get();
  Stats s;
  Statement vulns(db, "SELECT COUNT(DISTINCT vulnerability) FROM groups");
  Statement advs(db, "SELECT source, COUNT(*) FROM advisories GROUP BY source");
  Statement ecos(db, "SELECT ecosystem, COUNT(*) FROM packages GROUP BY ecosystem");
  Statement kev(db, "SELECT COUNT(*) FROM kev");
  Statement epss(db, "SELECT COUNT(*) FROM epss");
  Statement feeds(db, "SELECT name, updated FROM feeds");
  Statement cursors(db, "SELECT feed, scope, value FROM cursors ORDER BY feed, scope");
  for (const Statement* st : {&vulns, &advs, &ecos, &kev, &epss, &feeds, &cursors}) {
    if (!st->ok()) return Error{"knowledge base: " + st->error(), {}};
  }
  if (vulns.step() == SQLITE_ROW) s.vulnerabilities = static_cast<size_t>(vulns.integer(0));
  for (const char* src : {"osv", "nvd", "cve5", "kev", "epss", "csaf"}) s.sources[src] = 0;
  while (advs.step() == SQLITE_ROW) {
    const size_t n = static_cast<size_t>(advs.integer(1));
    s.sources[advs.text(0)] = n;
    s.advisories += n;
  }
  while (ecos.step() == SQLITE_ROW) {
    const std::string e = ecos.text(0);
    s.ecosystems[e.empty() ? "(none)" : e] = static_cast<size_t>(ecos.integer(1));
  }
  if (kev.step() == SQLITE_ROW) s.sources["kev"] = static_cast<size_t>(kev.integer(0));
  if (epss.step() == SQLITE_ROW) s.sources["epss"] = static_cast<size_t>(epss.integer(0));
  while (feeds.step() == SQLITE_ROW) s.feeds[feeds.text(0)] = feeds.text(1);
  while (cursors.step() == SQLITE_ROW)
    s.cursors[cursors.text(0)][cursors.text(1)] = cursors.text(2);
  return s;
}

Result<std::vector<Cursor>> KnowledgeBase::cursors(std::string_view feed) const {
  Statement st(db_.get(), "SELECT scope, value FROM cursors WHERE feed = ?1 ORDER BY scope");
  if (!st.ok()) return Error{"knowledge base: " + st.error(), {}};
  st.bind(1, feed);
  std::vector<Cursor> out;
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) out.push_back({std::string(feed), st.text(0), st.text(1)});
  if (rc != SQLITE_DONE) return Error{"knowledge base: cannot read the update cursors", {}};
  return out;
}

std::string KnowledgeBase::path() const {
  const char* p = sqlite3_db_filename(db_.get(), "main");
  return p ? p : "";
}

Result<bool> KnowledgeBase::empty() const {
  Statement st(db_.get(), "SELECT 1 FROM advisories LIMIT 1");
  if (!st.ok()) return Error{"knowledge base: " + st.error(), {}};
  const int rc = st.step();
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return Error{"knowledge base: cannot read it", {}};
  return rc == SQLITE_DONE;
}

Result<int64_t> KnowledgeBase::generation() const {
  auto q = queries();
  if (!q) return q.error();
  Statement& st = (*q)->data_version;
  if (st.step() != SQLITE_ROW) {
    st.reset();
    return Error{"knowledge base: cannot read its data version", {}};
  }
  // data_version changes only for other connections' commits; our own
  // imports are counted apart.
  const int64_t v = (st.integer(0) << 20) + imports_;
  st.reset();
  return v;
}

Result<std::optional<std::string>> KnowledgeBase::vulnerability_of(std::string_view id) const {
  auto q = queries();
  if (!q) return q.error();
  Statement& st = (*q)->group.bind(1, id);
  std::optional<std::string> out;
  if (st.step() == SQLITE_ROW) out = st.text(0);
  st.reset();
  return out;
}

namespace {

// A KEV entry as the kb stores it (its catalogue JSON); nothing when damaged.
std::optional<advisory::KevEntry> kev_entry(std::string_view body) {
  const auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded()) return std::nullopt;
  return advisory::KevEntry{j.value("cve", ""),
                            j.value("vendor", ""),
                            j.value("product", ""),
                            j.value("name", ""),
                            j.value("date_added", ""),
                            j.value("due_date", ""),
                            j.value("required_action", ""),
                            j.value("ransomware", false),
                            j.value("cwes", std::vector<std::string>{})};
}

// Columns 1 to 3 of `st`: the KEV entry's body, the EPSS score and percentile.
KnowledgeBase::Exploitation exploitation_from(const Statement& st, std::string_view cve) {
  KnowledgeBase::Exploitation x;
  if (sqlite3_column_type(st.raw(), 1) != SQLITE_NULL) x.kev = kev_entry(st.view(1));
  if (sqlite3_column_type(st.raw(), 2) != SQLITE_NULL)
    x.epss = advisory::EpssScore{std::string(cve), st.real(2), st.real(3)};
  return x;
}

}  // namespace

Result<KnowledgeBase::Group> KnowledgeBase::group(std::string_view vulnerability) const {
  auto q = queries();
  if (!q) return q.error();
  Statement& st = (*q)->group_of.bind(1, vulnerability);
  Group out;
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) {
    out.members.push_back(st.integer(0));
    // The feeds' columns are the same on every row.
    if (out.members.size() == 1) out.exploitation = exploitation_from(st, vulnerability);
  }
  st.reset();
  if (rc != SQLITE_DONE) return Error{"knowledge base: a lookup failed", {}};
  return out;
}

Result<KnowledgeBase::Description> KnowledgeBase::read_description(std::string_view vulnerability,
                                                                   std::string_view body) {
  Description d;
  d.id = std::string(vulnerability);
  PackReader<2> pack(body);
  PackedRow<2> row;
  bool known = true;
  while (known && pack.next(row)) {
    const std::string_view text = row.fields[0];
    switch (static_cast<DescriptionField>(row.advisory)) {
      case DescriptionField::alias:
        d.aliases.emplace_back(text);
        break;
      case DescriptionField::summary:
        d.summary = text;
        break;
      case DescriptionField::published:
        d.published = text;
        break;
      case DescriptionField::cwe:
        d.cwes.emplace_back(text);
        break;
      case DescriptionField::exploit:
        d.exploits.emplace_back(text);
        break;
      case DescriptionField::cvss:
        d.cvss.push_back({std::string(text), std::string(row.fields[1])});
        break;
      default:
        known = false;
    }
  }
  if (pack.damaged() || !known) {
    return Error{"knowledge base: the description of " + d.id +
                     " is damaged; re-import the feeds into a new kb",
                 {}};
  }
  return d;
}

Result<std::optional<KnowledgeBase::Description>> KnowledgeBase::description(
    std::string_view vulnerability) const {
  auto q = queries();
  if (!q) return q.error();
  Statement& st = (*q)->description.bind(1, vulnerability);
  const int rc = st.step();
  if (rc != SQLITE_ROW) {
    st.reset();
    if (rc != SQLITE_DONE) return Error{"knowledge base: a lookup failed", {}};
    return std::optional<Description>();
  }
  auto d = read_description(vulnerability, st.blob(0));
  if (d) d->exploitation = exploitation_from(st, vulnerability);
  st.reset();
  if (!d) return d.error();
  return std::optional<Description>(std::move(*d));
}

Result<std::vector<std::string>> KnowledgeBase::kev_cves() const {
  auto q = queries();
  if (!q) return q.error();
  return first_column((*q)->kev_cves);
}

Result<std::optional<advisory::KevEntry>> KnowledgeBase::kev(std::string_view cve) const {
  auto q = queries();
  if (!q) return q.error();
  Statement& st = (*q)->kev.bind(1, cve);
  const int rc = st.step();
  std::optional<advisory::KevEntry> out;
  if (rc == SQLITE_ROW) out = kev_entry(st.view(0));
  st.reset();
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return Error{"knowledge base: a lookup failed", {}};
  return out;
}

Result<std::optional<advisory::EpssScore>> KnowledgeBase::epss(std::string_view cve) const {
  auto q = queries();
  if (!q) return q.error();
  Statement& st = (*q)->epss.bind(1, cve);
  const int rc = st.step();
  std::optional<advisory::EpssScore> out;
  if (rc == SQLITE_ROW) out = advisory::EpssScore{std::string(cve), st.real(0), st.real(1)};
  st.reset();
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return Error{"knowledge base: a lookup failed", {}};
  return out;
}

Result<std::optional<Vulnerability>> KnowledgeBase::find(const std::string& id) const {
  auto group = vulnerability_of(id);
  if (!group) return group.error();
  if (!*group) return std::optional<Vulnerability>();
  Vulnerability v;
  v.id = **group;
  auto members = this->group(v.id);
  if (!members) return members.error();
  for (int64_t key : members->members) {
    auto r = record(key);
    if (!r) return r.error();
    v.advisories.push_back(std::move(r->advisory));
  }
  for (std::string_view n : other_names(v.id, v.advisories)) v.aliases.emplace_back(n);
  std::sort(v.advisories.begin(), v.advisories.end(),
            [](const advisory::Advisory& a, const advisory::Advisory& b) {
              return std::make_pair(advisory::source_name(a.source), std::string_view(a.id)) <
                     std::make_pair(advisory::source_name(b.source), std::string_view(b.id));
            });
  v.kev = std::move(members->exploitation.kev);
  v.epss = members->exploitation.epss;
  return std::optional<Vulnerability>(std::move(v));
}

}  // namespace vigil::kb

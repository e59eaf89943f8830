// The lookup rows of stored records (packages, CPEs, CSAF product names)
// and the packed indexes a scan reads them by.
#include <algorithm>
#include <optional>
#include <tuple>

#include "advisory/advisory_json.h"
#include "advisory/package_key.h"
#include "cpe/cpe.h"
#include "kb/internal.h"
#include "kb/pack.h"
#include "version/version.h"

namespace vigil::kb::detail {
namespace {

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

}  // namespace

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

Result<void> Indexer::index(int64_t rowid, const advisory::Advisory& a) {
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

}  // namespace vigil::kb::detail

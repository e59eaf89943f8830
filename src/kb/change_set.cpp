#include "kb/change_set.h"

#include <unordered_map>
#include <unordered_set>

#include "kb/internal.h"

namespace vigil::kb {

bool ChangeSet::empty() const {
  return added.empty() && changed.empty() && withdrawn.empty() && packages.empty() &&
         cpe_products.empty() && product_names.empty() && kev_added.empty() &&
         kev_changed.empty() && epss_changed.empty();
}

void ChangeSet::merge(const ChangeSet& later) {
  for (const auto& v : later.withdrawn) {
    added.erase(v);
    changed.erase(v);
    withdrawn.insert(v);
  }
  for (const auto& v : later.added) {
    withdrawn.erase(v);
    changed.erase(v);
    added.insert(v);
  }
  for (const auto& v : later.changed) {
    if (!added.count(v) && !withdrawn.count(v)) changed.insert(v);
  }
  packages.insert(later.packages.begin(), later.packages.end());
  cpe_products.insert(later.cpe_products.begin(), later.cpe_products.end());
  product_names.insert(later.product_names.begin(), later.product_names.end());
  kev_added.insert(later.kev_added.begin(), later.kev_added.end());
  for (const auto& v : later.kev_changed) {
    if (!kev_added.count(v)) kev_changed.insert(v);
  }
  epss_changed.insert(later.epss_changed.begin(), later.epss_changed.end());
}

namespace detail {
namespace {

// Into an empty kb every vulnerability is new (or withdrawn) and every
// product name touched: two passes over the tables rather than lookups per
// record written, which were 7% of a first full import.
Result<void> collect_first(sqlite3* db, ChangeSet& changes) {
  Statement vulnerabilities{db,
                            "SELECT g.vulnerability, max(a.withdrawn != '') FROM groups g "
                            "JOIN advisories a ON a.rowid = g.advisory GROUP BY g.vulnerability"};
  Statement products{db, "SELECT DISTINCT product FROM products"};
  for (const Statement* st : {&vulnerabilities, &products}) {
    if (!st->ok()) return Error{"knowledge base: " + st->error(), {}, ErrorKind::io};
  }
  int rc;
  while ((rc = vulnerabilities.step()) == SQLITE_ROW)
    (vulnerabilities.integer(1) ? changes.withdrawn : changes.added)
        .insert(vulnerabilities.text(0));
  if (rc != SQLITE_DONE) return sql_error(db, "listing what the import added");
  while ((rc = products.step()) == SQLITE_ROW) changes.product_names.insert(products.text(0));
  if (rc != SQLITE_DONE) return sql_error(db, "listing what the import added");
  return {};
}

}  // namespace

Result<void> collect_changes(sqlite3* db, const std::vector<int64_t>& written,
                             const std::set<std::string>& emptied, bool first, ChangeSet& changes) {
  if (first) return collect_first(db, changes);
  Statement of{db,
               "SELECT g.vulnerability, a.withdrawn FROM groups g JOIN advisories a "
               "ON a.rowid = g.advisory WHERE g.advisory = ?1"};
  Statement members{db, "SELECT advisory FROM groups WHERE vulnerability = ?1"};
  Statement products{db, "SELECT product FROM products WHERE advisory = ?1"};
  for (const Statement* st : {&of, &members, &products}) {
    if (!st->ok()) return Error{"knowledge base: " + st->error(), {}, ErrorKind::io};
  }
  // Each written record's vulnerability, and whether a written record of it
  // is withdrawn.
  std::unordered_map<std::string, bool> touched;
  for (const int64_t key : written) {
    of.bind(1, key);
    if (of.step() == SQLITE_ROW) {
      bool& withdrawn = touched[of.text(0)];
      withdrawn = withdrawn || !of.text(1).empty();
    }
    of.reset();
    products.bind(1, key);
    while (products.step() == SQLITE_ROW) changes.product_names.insert(products.text(0));
    products.reset();
  }
  const std::unordered_set<int64_t> fresh(written.begin(), written.end());
  for (const auto& [vulnerability, withdrawn] : touched) {
    if (withdrawn) {
      changes.withdrawn.insert(vulnerability);
      continue;
    }
    // New only when every record behind it came with this import and none
    // replaced an older copy.
    bool older = emptied.count(vulnerability) > 0;
    if (!older) {
      members.bind(1, vulnerability);
      while (!older && members.step() == SQLITE_ROW) older = !fresh.count(members.integer(0));
      members.reset();
    }
    (older ? changes.changed : changes.added).insert(vulnerability);
  }
  // A vulnerability that lost a record and gained none here: its findings
  // may be gone.
  for (const auto& v : emptied) {
    if (!touched.count(v)) changes.changed.insert(v);
  }
  return {};
}

}  // namespace detail
}  // namespace vigil::kb

// The alias merge: records that share any name are one vulnerability
// (union-find), regrouped after each import as far as its records reach.
#include <unordered_map>

#include "kb/internal.h"

namespace vigil::kb::detail {
namespace {

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

}  // namespace

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

}  // namespace vigil::kb::detail

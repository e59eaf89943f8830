// What a scan and a report read: records by package, CPE and CSAF
// product, a vulnerability's group, description, KEV and EPSS facts.
#include <algorithm>
#include <charconv>

#include <nlohmann/json.hpp>

#include "advisory/advisory_json.h"
#include "cpe/cpe.h"
#include "kb/internal.h"
#include "kb/matching_form.h"
#include "kb/pack.h"
#include "version/version.h"

namespace vigil::kb {

using detail::DescriptionField;
using detail::other_names;
using detail::PackedRow;
using detail::PackReader;
using detail::Statement;

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

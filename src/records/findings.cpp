// Findings of a release and their analyses: release scan (matching, triage,
// carry-forward), listing, and analysing.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <set>

#include "core/dates.h"
#include "core/text.h"
#include "match/report.h"
#include "records/internal.h"
#include "records/records.h"
#include "sbom/sbom.h"
#include "triage/profile.h"
#include "triage/report.h"

namespace vigil::records {
namespace {

using Json = nlohmann::ordered_json;
using store::Value;

// A component's identity across releases: its purl without version,
// qualifiers or subpath; else its name, lower-cased.
std::string identity(const std::string& purl, const std::string& name) {
  if (!purl.empty()) return purl.substr(0, purl.find_first_of("@?#"));
  return "name:" + ascii_lower(name);
}

constexpr const char* kFindingSelect = R"(
SELECT f.id, p.name, r.version, c.name, c.version, c.purl, f.vulnerability, f.severity, f.state,
       f.first_seen, f.last_seen, f.triage, f.evidence,
       (SELECT a.needs_confirmation FROM analyses a WHERE a.finding_id = f.id
        ORDER BY a.id DESC LIMIT 1)
FROM findings f JOIN releases r ON r.id = f.release_id JOIN products p ON p.id = r.product_id
JOIN components c ON c.id = f.component_id)";

Finding finding_of(const store::Row& r) {
  Finding f;
  f.id = r.integer(0);
  f.product = r.text(1);
  f.version = r.text(2);
  f.component = r.text(3);
  f.component_version = r.text(4);
  f.purl = r.text(5);
  f.vulnerability = r.text(6);
  f.severity = r.text(7);
  f.state = r.text(8);
  f.first_seen = r.text(9);
  f.last_seen = r.text(10);
  f.triage = json_of(r.text(11));
  if (f.triage.is_object() && f.triage.contains("risk") && f.triage["risk"].is_string())
    f.risk = f.triage["risk"];
  f.evidence = json_of(r.text(12));
  f.needs_confirmation = r.integer(13) != 0;
  return f;
}

}  // namespace

Result<ScanSummary> Records::scan_release(std::string_view product, std::string_view version,
                                          match::Matcher& matcher, const std::string& learned,
                                          const std::string& as_of, const audit::Actor& actor) {
  auto plan = plan_release_scan(product, version, matcher, learned, as_of);
  if (!plan) return plan.error();
  return record_scan(*plan, actor);
}

Result<ScanPlan> Records::plan_release_scan(std::string_view product, std::string_view version,
                                            match::Matcher& matcher, const std::string& learned,
                                            const std::string& as_of) {
  if (!parse_date(learned))
    return Error{"the date learned must be YYYY-MM-DD, not " + quote(learned), {}};
  if (!parse_date(as_of)) return Error{"the scan date must be YYYY-MM-DD, not " + quote(as_of), {}};
  auto rel = release(product, version);
  if (!rel) return rel.error();
  auto sboms = c_->query(
      "SELECT id, content, file_name FROM sbom_documents WHERE release_id = ? ORDER BY id DESC",
      {rel->id});
  if (!sboms) return sboms.error();
  if (sboms->empty()) return Error{"the release has no SBOM", {}};
  ScanPlan plan;
  plan.product = std::string(product);
  plan.version = std::string(version);
  plan.learned = learned;
  plan.as_of = as_of;
  plan.release = rel->id;
  plan.sbom = sboms->front().integer(0);
  const std::string file_name = sboms->front().text(2);
  std::string content = sboms->front().text(1);
  auto doc = sbom::read_in_place(content, file_name);  // the text is ours: no second copy
  if (!doc) return doc.error();
  plan.document = std::move(*doc);
  std::optional<triage::Profile> profile;
  auto profile_text = this->profile(product);
  if (!profile_text) return profile_text.error();
  if (*profile_text) {
    auto p = triage::read_profile(**profile_text, std::string(product) + " profile");
    if (!p) return p.error();
    profile = std::move(*p);
  }
  auto scanned = matcher.scan(plan.document, {});
  if (!scanned) return scanned.error();
  auto report = match::make_report(matcher, file_name, plan.document, std::move(*scanned), false);
  if (!report) return report.error();
  const auto shown = report->shown();
  plan.findings.reserve(shown.size());
  for (size_t i = 0; i < shown.size(); ++i) {
    const Json j = match::finding_json(*report, *shown[i]);
    ScanPlan::Item x{shown[i]->component, shown[i]->vulnerability,
                     report->info(*shown[i]).severity(),
                     Json{{"match", j["match"]},
                          {"fixed_versions", j["fixed_versions"]},
                          {"vulnerability", j["vulnerability"]}},
                     nullptr};
    if (profile) {
      auto t = triage::triage_finding(*shown[i], report->info(*shown[i]),
                                      match::component_of(plan.document, *shown[i]), *profile,
                                      learned, as_of);
      if (!t) return t.error();
      if (*t) x.triage = std::move(**t);
    }
    plan.findings.push_back(std::move(x));
  }
  return plan;
}

Result<ScanSummary> Records::record_scan(const ScanPlan& plan, const audit::Actor& actor) {
  const std::string& learned = plan.learned;
  const std::string& as_of = plan.as_of;
  const int64_t release_id = plan.release;
  const int64_t sbom_id = plan.sbom;
  ScanSummary s;
  s.learned = learned;
  auto changed = audit::change(*c_, actor, [&](audit::Writer& w) -> Result<void> {
    // Inside the write: a newer SBOM stored since the plan makes it stale.
    auto latest =
        c_->query("SELECT max(id) FROM sbom_documents WHERE release_id = ?", {release_id});
    if (!latest) return latest.error();
    if (latest->empty() || latest->front().integer(0) != sbom_id)
      return Error{"the plan of " + plan.product + " " + plan.version +
                       " is of an SBOM that is no longer the release's latest; plan it again",
                   {},
                   ErrorKind::conflict};
    // The release's components, by what the SBOM says of each.
    const auto key = [](const std::string& ref, const std::string& name, const std::string& v) {
      return ref + '\x1f' + name + '\x1f' + v;
    };
    std::map<std::string, int64_t> components;
    auto rows =
        c_->query("SELECT id, ref, name, version FROM components WHERE release_id = ? ORDER BY id",
                  {release_id});
    if (!rows) return rows.error();
    for (const auto& r : *rows)
      components.emplace(key(r.text(1), r.text(2), r.text(3)), r.integer(0));
    // The findings recorded before, by component and vulnerability.
    std::map<std::pair<int64_t, std::string>, int64_t> recorded;
    rows = c_->query("SELECT id, component_id, vulnerability FROM findings WHERE release_id = ?",
                     {release_id});
    if (!rows) return rows.error();
    for (const auto& r : *rows) recorded[{r.integer(1), r.text(2)}] = r.integer(0);
    // The previous release's current analyses, by component identity and
    // vulnerability.
    std::map<std::pair<std::string, std::string>, store::Row> previous;
    rows = c_->query(
        "SELECT id FROM releases WHERE product_id = (SELECT product_id FROM releases WHERE id = "
        "?) AND id < ? ORDER BY id DESC LIMIT 1",
        {release_id, release_id});
    if (!rows) return rows.error();
    if (!rows->empty()) {
      auto prev = c_->query(
          "SELECT c.purl, c.name, f.vulnerability, a.id, a.state, a.justification, a.response, "
          "a.detail FROM findings f JOIN components c ON c.id = f.component_id "
          "JOIN analyses a ON a.id = (SELECT max(b.id) FROM analyses b WHERE b.finding_id = f.id) "
          "WHERE f.release_id = ?",
          {rows->front().integer(0)});
      if (!prev) return prev.error();
      for (const auto& r : *prev)
        previous.emplace(std::pair{identity(r.text(0), r.text(1)), r.text(2)}, r);
    }

    std::set<int64_t> seen;
    for (const ScanPlan::Item& x : plan.findings) {
      const sbom::Component& comp = match::component_of(plan.document, x.component);
      int64_t component_id = 0;
      if (const auto it = components.find(key(comp.ref, comp.name, comp.version));
          it != components.end()) {
        component_id = it->second;
      } else {
        // The primary component (the device itself) is kept when a finding
        // first needs it.
        auto id = w.insert("components", component_fields(release_id, sbom_id, comp));
        if (!id) return id.error();
        component_id = *id;
        components.emplace(key(comp.ref, comp.name, comp.version), *id);
      }
      ++s.findings;
      if (const auto it = recorded.find({component_id, x.vulnerability}); it != recorded.end()) {
        seen.insert(it->second);
        if (auto r = w.update("findings", it->second,
                              {{"last_seen", as_of},
                               {"severity", x.severity},
                               {"evidence", x.evidence.dump()},
                               {"triage", or_null(x.triage)}});
            !r)
          return r;
        continue;
      }
      const auto inherited = previous.find(
          {identity(comp.purls.empty() ? "" : comp.purls.front(), comp.name), x.vulnerability});
      const bool inherits = inherited != previous.end();
      auto id = w.insert(
          "findings", {{"release_id", release_id},
                       {"component_id", component_id},
                       {"vulnerability", x.vulnerability},
                       {"first_seen", learned},
                       {"last_seen", as_of},
                       {"severity", x.severity},
                       {"evidence", x.evidence.dump()},
                       {"triage", or_null(x.triage)},
                       {"state", inherits ? inherited->second.text(4) : std::string("in_triage")}});
      if (!id) return id.error();
      seen.insert(*id);
      ++s.added;
      if (!inherits) continue;
      const store::Row& a = inherited->second;
      auto copied = w.insert("analyses", {{"finding_id", *id},
                                          {"state", a.values[4]},
                                          {"justification", a.values[5]},
                                          {"response", a.values[6]},
                                          {"detail", a.values[7]},
                                          {"risk", or_null(x.triage)},
                                          {"inherited_from", a.values[3]},
                                          {"needs_confirmation", int64_t{1}},
                                          {"created_at", audit::now_utc()},
                                          {"created_by", actor.user}});
      if (!copied) return copied.error();
      ++s.inherited;
    }
    for (const auto& [k, id] : recorded) s.gone += !seen.contains(id);
    return {};
  });
  if (!changed) return changed.error();
  return s;
}

Result<std::vector<Finding>> Records::findings(const FindingFilter& filter) {
  if (!filter.state.empty() && !listed(filter.state, kStates))
    return Error{"the state must be one of " + names(kStates) + ", not " + quote(filter.state), {}};
  auto rows = c_->query(
      std::string(kFindingSelect) +
          " WHERE f.id > ? AND (? = '' OR p.name = ?) AND (? = '' OR r.version = ?)"
          " AND (? = '' OR f.state = ?) ORDER BY f.id LIMIT ?",
      {filter.after, filter.product, filter.product, filter.version, filter.version, filter.state,
       filter.state, filter.limit > 0 ? filter.limit : std::numeric_limits<int64_t>::max()});
  if (!rows) return rows.error();
  std::vector<Finding> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back(finding_of(r));
  return out;
}

Result<Finding> Records::finding(int64_t id) {
  auto rows = c_->query(std::string(kFindingSelect) + " WHERE f.id = ?", {id});
  if (!rows) return rows.error();
  if (rows->empty()) return Error{"no finding " + std::to_string(id), {}};
  return finding_of(rows->front());
}

Result<Analysis> Records::analyze(const NewAnalysis& n, const audit::Actor& actor,
                                  const std::optional<Signing>& signing) {
  if (!listed(n.state, kStates))
    return Error{"the state must be one of " + names(kStates) + ", not " + quote(n.state), {}};
  if (!n.justification.empty() && !listed(n.justification, kJustifications))
    return Error{"the justification must be one of " + names(kJustifications) + ", not " +
                     quote(n.justification),
                 {}};
  if (!n.response.empty() && !listed(n.response, kResponses))
    return Error{"the response must be one of " + names(kResponses) + ", not " + quote(n.response),
                 {}};
  if (n.state == "not_affected" && n.justification.empty() && n.detail.empty())
    return Error{"not_affected needs a justification or a detail saying why", {}};
  if (n.state == "in_triage" && !n.justification.empty())
    return Error{"a justification belongs to not_affected, not in_triage", {}};
  auto current = finding(n.finding);
  if (!current) return current.error();
  // The password is checked before anything is written (argon2id is slow
  // on purpose, and the records stay free for other writers meanwhile).
  if (signing) {
    if (!listed(signing->meaning, kMeanings))
      return Error{
          "a signature means one of " + names(kMeanings) + ", not " + quote(signing->meaning), {}};
    if (auto ok = check_password(*c_, actor.user, signing->password); !ok) return ok.error();
  }
  auto changed = audit::change(*c_, actor, [&](audit::Writer& w) -> Result<void> {
    const std::string now = audit::now_utc();
    auto id = w.insert("analyses", {{"finding_id", n.finding},
                                    {"state", n.state},
                                    {"justification", or_null(n.justification)},
                                    {"response", or_null(n.response)},
                                    {"detail", or_null(n.detail)},
                                    {"risk", or_null(current->triage)},
                                    {"inherited_from", Value(std::monostate{})},
                                    {"needs_confirmation", int64_t{0}},
                                    {"created_at", now},
                                    {"created_by", actor.user}});
    if (!id) return id.error();
    if (auto r = w.update("findings", n.finding, {{"state", n.state}}); !r) return r;
    if (!signing) return {};
    auto digest = analysis_digest(*c_, *id);
    if (!digest) return digest.error();
    auto signature = w.insert("signatures", {{"analysis_id", *id},
                                             {"signer", actor.user},
                                             {"meaning", signing->meaning},
                                             {"signed_at", now},
                                             {"record_sha256", *digest}});
    if (!signature) return signature.error();
    return {};
  });
  if (!changed) return changed.error();
  auto all = analyses(n.finding);
  if (!all) return all.error();
  return all->back();
}

Result<std::vector<Analysis>> Records::analyses(int64_t finding_id) {
  auto rows = c_->query(
      "SELECT id, finding_id, state, justification, response, detail, inherited_from, "
      "needs_confirmation, created_at, created_by, risk FROM analyses WHERE finding_id = ? "
      "ORDER BY id",
      {finding_id});
  if (!rows) return rows.error();
  std::vector<Analysis> out;
  for (const auto& r : *rows) {
    Analysis a;
    a.id = r.integer(0);
    a.finding = r.integer(1);
    a.state = r.text(2);
    a.justification = r.text(3);
    a.response = r.text(4);
    a.detail = r.text(5);
    a.inherited_from = r.integer(6);
    a.needs_confirmation = r.integer(7) != 0;
    a.created_at = r.text(8);
    a.created_by = r.text(9);
    a.risk = json_of(r.text(10));
    auto sigs = c_->query(
        "SELECT id, signer, meaning, signed_at, record_sha256 FROM signatures "
        "WHERE analysis_id = ? ORDER BY id",
        {a.id});
    if (!sigs) return sigs.error();
    for (const auto& s : *sigs)
      a.signatures.push_back({s.integer(0), s.text(1), s.text(2), s.text(3), s.text(4)});
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace vigil::records

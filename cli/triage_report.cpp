#include "triage_report.h"

#include <algorithm>
#include <cstdio>
#include <fstream>

#include "cvss/cvss.h"
#include "triage/evaluate.h"

namespace vigil::cli {
namespace {

using Json = nlohmann::ordered_json;

std::string str(const Json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A finding of the scan report as facts; the first scored CVSS vector is
// the one that rates it (docs/matching.md).
triage::FindingFacts facts_of(const Json& finding) {
  triage::FindingFacts f;
  const Json& c = finding.at("component");
  const Json& v = finding.at("vulnerability");
  f.vulnerability = str(v, "id");
  f.component_name = str(c, "name");
  f.component_version = str(c, "version");
  f.component_purl = str(c, "purl");
  f.in_kev = v.contains("kev") && !v["kev"].is_null();
  if (v.contains("exploits") && v["exploits"].is_array()) {
    for (const auto& x : v["exploits"])
      if (x.is_string()) f.exploits.push_back(x.get<std::string>());
  }
  if (v.contains("epss") && v["epss"].is_object() && v["epss"].contains("score") &&
      v["epss"]["score"].is_number())
    f.epss = v["epss"]["score"].get<double>();
  if (v.contains("cvss") && v["cvss"].is_array()) {
    for (const auto& s : v["cvss"]) {
      if (!s.is_object() || !s.contains("base_score") || s["base_score"].is_null()) continue;
      if (auto parsed = cvss::parse(str(s, "vector"))) {
        f.cvss = std::move(*parsed);
        break;
      }
    }
  }
  return f;
}

Json to_json(const triage::FindingFacts& f, const triage::Evaluation& e) {
  Json conditions = Json::array();
  for (const auto& c : e.conditions)
    conditions.push_back({{"condition", c.name}, {"status", c.status}, {"why", c.explanation}});
  const auto or_null = [](const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); };
  return {
      {"vulnerability", f.vulnerability},
      {"component",
       {{"name", f.component_name},
        {"version", f.component_version},
        {"purl", or_null(f.component_purl)}}},
      {"functions", e.functions},
      {"exposure", std::string(triage::name(e.exposure))},
      {"exploitability", std::string(triage::name(e.exploitability))},
      {"harm_severity", std::string(triage::name(e.harm))},
      {"cvss", e.cvss_source.empty() ? Json(nullptr)
                                     : Json{{"vector", e.cvss_vector}, {"source", e.cvss_source}}},
      {"risk", e.uncontrolled ? "uncontrolled" : "controlled"},
      {"ssvc",
       {{"decision", std::string(triage::ssvc::name(e.priority))},
        {"exploitation", std::string(triage::ssvc::name(e.exploitation))},
        {"utility", std::string(triage::ssvc::name(e.utility))},
        {"technical_impact", std::string(triage::ssvc::name(e.technical_impact))},
        {"public_safety_impact", std::string(triage::ssvc::name(e.public_safety))}}},
      {"deadlines",
       {{"learned", e.learned},
        {"communicate_by", or_null(e.communicate_by)},
        {"fix_by", or_null(e.fix_by)}}},
      {"report_806", {{"status", e.report_806}, {"conditions", conditions}}},
      {"explanation", e.explanation}};
}

const std::string& text(const Json& j) {
  static const std::string none = "-";
  return j.is_string() ? j.get_ref<const std::string&>() : none;
}

}  // namespace

Result<triage::Profile> load_profile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"cannot read the profile", path};
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return triage::read_profile(text, path);
}

Result<std::optional<Json>> triage_finding(const Json& finding, const triage::Profile& profile,
                                           const std::string& learned, const std::string& as_of) {
  const std::string state = finding.is_object() ? str(finding, "state") : "";
  if (state == "not_affected" || state == "fixed") return std::optional<Json>();
  if (!finding.is_object() || !finding.contains("component") ||
      !finding.contains("vulnerability") || !finding["component"].is_object() ||
      !finding["vulnerability"].is_object())
    return Error{"a finding has no component or vulnerability object", {}};
  const triage::FindingFacts f = facts_of(finding);
  auto e = triage::evaluate(f, profile, learned, as_of);
  if (!e) return e.error();
  return std::optional<Json>(to_json(f, *e));
}

void print_triage_table(const std::string& product, const std::string& learned,
                        const std::string& as_of, const Json& out) {
  std::vector<const Json*> rows;
  for (const auto& t : out) rows.push_back(&t);
  std::stable_sort(rows.begin(), rows.end(), [](const Json* x, const Json* y) {
    return ((*x)["risk"] == "uncontrolled") > ((*y)["risk"] == "uncontrolled");
  });
  size_t uncontrolled = 0;
  for (const Json* t : rows) uncontrolled += (*t)["risk"] == "uncontrolled";
  std::printf("%s: %zu finding(s), %zu uncontrolled; learned %s, as of %s\n", product.c_str(),
              rows.size(), uncontrolled, learned.c_str(), as_of.c_str());
  std::printf("%-13s %-16s %-24s %-12s %-7s %-13s %-11s %-11s %s\n", "risk", "vulnerability",
              "component", "harm", "exploit", "ssvc", "inform by", "fix by", "806");
  for (const Json* t : rows) {
    std::string who = text((*t)["component"]["name"]) + " " + text((*t)["component"]["version"]);
    if (who.size() > 24) who = who.substr(0, 23) + "~";
    std::printf(
        "%-13s %-16s %-24s %-12s %-7s %-13s %-11s %-11s %s\n", text((*t)["risk"]).c_str(),
        text((*t)["vulnerability"]).c_str(), who.c_str(), text((*t)["harm_severity"]).c_str(),
        text((*t)["exploitability"]).c_str(), text((*t)["ssvc"]["decision"]).c_str(),
        text((*t)["deadlines"]["communicate_by"]).c_str(),
        text((*t)["deadlines"]["fix_by"]).c_str(), text((*t)["report_806"]["status"]).c_str());
  }
  for (const Json* t : rows) {
    if ((*t)["risk"] != "uncontrolled") break;
    std::printf("\n%s in %s %s:\n", text((*t)["vulnerability"]).c_str(),
                text((*t)["component"]["name"]).c_str(),
                text((*t)["component"]["version"]).c_str());
    for (const auto& s : (*t)["explanation"]) std::printf("  - %s\n", text(s).c_str());
  }
}

}  // namespace vigil::cli

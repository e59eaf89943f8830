#include "triage/report.h"

#include "cvss/cvss.h"
#include "triage/evaluate.h"

namespace vigil::triage {
namespace {

using Json = nlohmann::ordered_json;

std::string str(const Json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A finding of the scan report as facts; the first scored CVSS vector is
// the one that rates it (docs/matching.md).
FindingFacts facts_of_json(const Json& finding) {
  FindingFacts f;
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

Json to_json(const FindingFacts& f, const Evaluation& e) {
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
      {"exposure", std::string(name(e.exposure))},
      {"exploitability", std::string(name(e.exploitability))},
      {"harm_severity", std::string(name(e.harm))},
      {"cvss", e.cvss_source.empty() ? Json(nullptr)
                                     : Json{{"vector", e.cvss_vector}, {"source", e.cvss_source}}},
      {"risk", e.uncontrolled ? "uncontrolled" : "controlled"},
      {"ssvc",
       {{"decision", std::string(ssvc::name(e.priority))},
        {"exploitation", std::string(ssvc::name(e.exploitation))},
        {"utility", std::string(ssvc::name(e.utility))},
        {"technical_impact", std::string(ssvc::name(e.technical_impact))},
        {"public_safety_impact", std::string(ssvc::name(e.public_safety))}}},
      {"deadlines",
       {{"learned", e.learned},
        {"communicate_by", or_null(e.communicate_by)},
        {"fix_by", or_null(e.fix_by)}}},
      {"report_806", {{"status", e.report_806}, {"conditions", conditions}}},
      {"explanation", e.explanation}};
}

// The judgement of facts; nullopt when VEX takes the finding out.
Result<std::optional<Json>> judge(const FindingFacts& f, const Profile& profile,
                                  const std::string& learned, const std::string& as_of) {
  auto e = evaluate(f, profile, learned, as_of);
  if (!e) return e.error();
  return std::optional<Json>(to_json(f, *e));
}

bool out_of_triage(std::string_view state) { return state == "not_affected" || state == "fixed"; }

}  // namespace

FindingFacts facts_of(const match::VulnerabilityInfo& v, const sbom::Component& c) {
  FindingFacts f;
  f.vulnerability = v.id;
  // As the report names the component (match/report.cpp).
  f.component_name = c.group.empty() ? c.name : c.group + "/" + c.name;
  f.component_version = c.version;
  if (!c.purls.empty()) f.component_purl = c.purls.front();
  f.in_kev = v.kev.has_value();
  f.exploits = v.exploits;
  if (v.epss) f.epss = v.epss->epss;
  for (const auto& s : v.cvss) {
    if (!s.base_score) continue;
    if (auto parsed = cvss::parse(s.vector)) {
      f.cvss = std::move(*parsed);
      break;
    }
  }
  return f;
}

Result<FindingFacts> facts_from_json(const Json& finding) {
  if (!finding.is_object() || !finding.contains("component") ||
      !finding.contains("vulnerability") || !finding["component"].is_object() ||
      !finding["vulnerability"].is_object())
    return Error{"a finding has no component or vulnerability object", {}};
  return facts_of_json(finding);
}

Result<std::optional<Json>> triage_finding(const match::Finding& finding,
                                           const match::VulnerabilityInfo& vulnerability,
                                           const sbom::Component& component, const Profile& profile,
                                           const std::string& learned, const std::string& as_of) {
  if (out_of_triage(match::state_name(finding.state))) return std::optional<Json>();
  return judge(facts_of(vulnerability, component), profile, learned, as_of);
}

Result<std::optional<Json>> triage_finding(const Json& finding, const Profile& profile,
                                           const std::string& learned, const std::string& as_of) {
  if (out_of_triage(finding.is_object() ? str(finding, "state") : "")) return std::optional<Json>();
  auto f = facts_from_json(finding);
  if (!f) return f.error();
  return judge(*f, profile, learned, as_of);
}

}  // namespace vigil::triage

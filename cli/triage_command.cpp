// vigil triage SCAN.json --profile PROFILE [--learned DATE] [--format table|json]
// Judges each affected finding of a `vigil scan --format json` report (one
// SBOM or several) against a product profile: exploitability, worst patient
// harm, controlled or uncontrolled risk, SSVC priority, deadlines and 21 CFR
// 806 status, each step explained (docs/triage.md).
// DATE, the day the maker learned of the findings, defaults to today (UTC,
// or SOURCE_DATE_EPOCH's day). Exit 0 when every finding is controlled, 1
// when any is uncontrolled, 2 on unusable input.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>

#include "commands.h"
#include "cvss/cvss.h"
#include "triage/evaluate.h"
#include "triage/profile.h"

namespace vigil::cli {
namespace {

using Json = nlohmann::ordered_json;

std::string today() {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH")) t = std::strtoll(epoch, nullptr, 10);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

std::optional<std::string> slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

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
  return {{"vulnerability", f.vulnerability},
          {"component",
           {{"name", f.component_name},
            {"version", f.component_version},
            {"purl", or_null(f.component_purl)}}},
          {"functions", e.functions},
          {"exposure", std::string(triage::name(e.exposure))},
          {"exploitability", std::string(triage::name(e.exploitability))},
          {"harm_severity", std::string(triage::name(e.harm))},
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

// One line per finding, uncontrolled first; then the reasoning behind each
// uncontrolled one (the JSON has it for all).
void print_table(const std::string& product, const std::string& learned, const Json& out) {
  std::vector<const Json*> rows;
  for (const auto& t : out) rows.push_back(&t);
  std::stable_sort(rows.begin(), rows.end(), [](const Json* x, const Json* y) {
    return ((*x)["risk"] == "uncontrolled") > ((*y)["risk"] == "uncontrolled");
  });
  size_t uncontrolled = 0;
  for (const Json* t : rows) uncontrolled += (*t)["risk"] == "uncontrolled";
  std::printf("%s: %zu finding(s), %zu uncontrolled; learned %s\n", product.c_str(), rows.size(),
              uncontrolled, learned.c_str());
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

}  // namespace

void add_triage_command(CLI::App& app, int& status) {
  auto* cmd = app.add_subcommand(
      "triage",
      "Judge a scan's findings by patient harm: controlled or uncontrolled risk, SSVC, "
      "deadlines, 806");
  struct Args {
    std::string scan, profile, learned, format = "table";
  };
  auto a = std::make_shared<Args>();
  cmd->add_option("scan", a->scan, "A `vigil scan --format json` report")->required();
  cmd->add_option("--profile", a->profile, "The product's profile (JSON, docs/triage.md)")
      ->required();
  cmd->add_option("--learned", a->learned, "The day the findings were learned of (YYYY-MM-DD)");
  cmd->add_option("--format", a->format, "table or json")->check(CLI::IsMember({"table", "json"}));
  cmd->callback([a, &status] {
    const auto fail = [&status](const std::string& message) {
      std::cerr << "vigil triage: " << message << "\n";
      status = 2;
    };
    const auto profile_text = slurp(a->profile);
    if (!profile_text) return fail(a->profile + ": cannot read the profile");
    auto profile = triage::read_profile(*profile_text, a->profile);
    if (!profile) return fail(profile.error().to_string());
    const auto scan_text = slurp(a->scan);
    if (!scan_text) return fail(a->scan + ": cannot read the scan report");
    const Json scan = Json::parse(*scan_text, nullptr, false);
    std::vector<const Json*> reports;
    if (scan.is_object()) reports.push_back(&scan);
    if (scan.is_array()) {
      for (const auto& r : scan) reports.push_back(&r);
    }
    for (const Json* r : reports) {
      if (!r->is_object() || !r->contains("findings") || !(*r)["findings"].is_array())
        return fail(a->scan + ": not a `vigil scan --format json` report (no 'findings')");
    }
    if (reports.empty()) return fail(a->scan + ": not a `vigil scan --format json` report");
    const std::string learned = a->learned.empty() ? today() : a->learned;
    Json out = Json::array();
    bool uncontrolled = false;
    size_t index = 0;
    for (const Json* r : reports) {
      for (const auto& finding : (*r)["findings"]) {
        ++index;
        const std::string state = finding.is_object() ? str(finding, "state") : "";
        if (state == "not_affected" || state == "fixed") continue;
        if (!finding.contains("component") || !finding.contains("vulnerability"))
          return fail(a->scan + ": finding " + std::to_string(index) +
                      " has no component or vulnerability");
        const triage::FindingFacts f = facts_of(finding);
        auto e = triage::evaluate(f, *profile, learned);
        if (!e) return fail(e.error().to_string());
        uncontrolled = uncontrolled || e->uncontrolled;
        out.push_back(to_json(f, *e));
      }
    }
    if (a->format == "json") {
      print_json(out);
    } else {
      print_table(profile->product, learned, out);
    }
    status = uncontrolled ? 1 : 0;
  });
}

}  // namespace vigil::cli

// vigil triage SCAN.json --profile PROFILE [--learned DATE] [--as-of DATE]
//              [--format table|json]
// Judges each affected finding of a `vigil scan --format json` report (one
// SBOM or several) against a product profile: exploitability, worst patient
// harm, controlled or uncontrolled risk, SSVC priority, deadlines and 21 CFR
// 806 status, each step explained (docs/triage.md).
// --learned, the day the maker learned of the findings, and --as-of, the day
// the 806 clocks are judged on, default to today (UTC, or
// SOURCE_DATE_EPOCH's day). Exit 0 when every finding is controlled, 1
// when any is uncontrolled, 2 on unusable input.
#include <iostream>

#include "commands.h"
#include "core/file.h"
#include "triage_report.h"

namespace vigil::cli {

void add_triage_command(CLI::App& app, int& status) {
  auto* cmd = app.add_subcommand(
      "triage",
      "Judge a scan's findings by patient harm: controlled or uncontrolled risk, SSVC, "
      "deadlines, 806");
  struct Args {
    std::string scan, profile, learned, as_of, format = "table";
  };
  auto a = std::make_shared<Args>();
  cmd->add_option("scan", a->scan, "A `vigil scan --format json` report")->required();
  cmd->add_option("--profile", a->profile, "The product's profile (JSON, docs/triage.md)")
      ->required();
  cmd->add_option("--learned", a->learned, "The day the findings were learned of (YYYY-MM-DD)");
  cmd->add_option("--as-of", a->as_of,
                  "The day the 30/60-day clocks are judged on (YYYY-MM-DD; default today)");
  cmd->add_option("--format", a->format, "table or json")->check(CLI::IsMember({"table", "json"}));
  cmd->callback([a, &status] {
    using Json = nlohmann::ordered_json;
    const auto fail = [&status](const std::string& message) {
      std::cerr << "vigil triage: " << message << "\n";
      status = 2;
    };
    auto profile = load_profile(a->profile);
    if (!profile) return fail(profile.error().to_string());
    const auto text = read_input(a->scan, kReportInput);
    if (!text) return fail(text.error().to_string());
    const Json scan = Json::parse(*text, nullptr, false);
    std::vector<const Json*> reports;
    if (scan.is_object()) reports.push_back(&scan);
    if (scan.is_array()) {
      for (const auto& r : scan) reports.push_back(&r);
    }
    if (reports.empty()) return fail(a->scan + ": not a `vigil scan --format json` report");
    for (const Json* r : reports) {
      if (!r->is_object() || !r->contains("findings") || !(*r)["findings"].is_array())
        return fail(a->scan + ": not a `vigil scan --format json` report (no 'findings')");
    }
    const std::string learned = a->learned.empty() ? report_time("%Y-%m-%d") : a->learned;
    const std::string as_of = a->as_of.empty() ? report_time("%Y-%m-%d") : a->as_of;
    Json out = Json::array();
    bool uncontrolled = false;
    for (const Json* r : reports) {
      for (const auto& finding : (*r)["findings"]) {
        auto t = triage_finding(finding, *profile, learned, as_of);
        if (!t) return fail(a->scan + ": " + t.error().to_string());
        if (!*t) continue;
        uncontrolled = uncontrolled || (**t)["risk"] == "uncontrolled";
        out.push_back(std::move(**t));
      }
    }
    if (a->format == "json") {
      print_json(out);
    } else {
      print_triage_table(profile->product, learned, as_of, out);
    }
    status = uncontrolled ? 1 : 0;
  });
}

}  // namespace vigil::cli

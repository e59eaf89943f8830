// vigil scan SBOM... --db KB [--vex FILE]... [--format table|json|sarif|cyclonedx-vex]
//            [--fail-on low|medium|high|critical|kev|uncontrolled] [--show-suppressed]
//            [--profile PROFILE [--learned DATE] [--as-of DATE]]
// With --profile (table and JSON only) each affected finding is also triaged
// against the product profile, exactly as `vigil triage` would
// (triage_report.h): JSON findings gain a "triage" object, and the table is
// followed by the triage table.
// Exit 0 when no finding reaches --fail-on, 1 when one does, 2 on error (an
// unreadable kb, SBOM or VEX document, or an SBOM with structural errors).
#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "commands.h"
#include "core/text.h"
#include "match/report.h"
#include "sbom/sbom.h"
#include "service/errors.h"
#include "service/scan.h"
#include "triage_report.h"

namespace vigil::cli {
namespace {

using Json = nlohmann::ordered_json;

struct ScanOptions {
  std::vector<std::string> sboms;
  std::string db;
  std::vector<std::string> vex;
  std::string format = "table";
  std::string fail_on;
  bool show_suppressed = false;
  std::string profile, learned, as_of;
};

size_t terminal_width() {
  winsize w{};
  if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &w) == 0 && w.ws_col >= 60)
    return w.ws_col;
  if (const char* c = std::getenv("COLUMNS")) {
    const long n = std::strtol(c, nullptr, 10);
    if (n >= 60 && n < 1000) return static_cast<size_t>(n);
  }
  return 120;
}

// A cell of the table: inert (core/text.h), cut to its width.
std::string fit(const std::string& text, size_t width) {
  std::string s = inert(text);
  if (s.size() <= width) return s;
  if (width <= 1) return s.substr(0, width);
  return s.substr(0, width - 1) + "~";
}

void print_table(const match::Report& r) {
  const size_t width = terminal_width();
  const sbom::Document& doc = *r.doc;
  const auto shown = r.shown();
  std::map<std::string, size_t> counts;
  for (const auto& f : r.result.findings) {
    if (!f.suppressed()) ++counts[r.info(f).severity()];
  }
  std::cout << inert(r.source) << ": "
            << (doc.has_primary ? inert(doc.primary.name + " " + doc.primary.version)
                                : std::string(sbom::format_name(doc.format)))
            << ", " << r.result.stats.components << " components, " << r.result.stats.findings
            << " finding(s)";
  bool first = true;
  for (const char* sev : {"critical", "high", "medium", "low", "unknown"}) {
    if (counts[sev] == 0) continue;
    std::cout << (first ? " (" : ", ") << counts[sev] << " " << sev;
    first = false;
  }
  if (!first) std::cout << ")";
  if (r.result.stats.suppressed)
    std::cout << ", " << r.result.stats.suppressed << " not affected or fixed per VEX"
              << (r.show_suppressed ? "" : " (hidden; --show-suppressed)");
  std::cout << "\n";
  if (shown.empty()) return;
  // SEVERITY  ID  COMPONENT  FIXED IN  KEV  EPSS  MATCH; the component and
  // fix columns share what the terminal has left.
  constexpr size_t kSev = 13, kId = 19, kKev = 3, kEpss = 6, kMatch = 21, kGaps = 6 * 2;
  constexpr size_t kFixed = kSev + kId + kKev + kEpss + kMatch + kGaps;
  const size_t rest = width > kFixed + 16 ? width - kFixed : 16;
  const size_t comp_w = rest * 3 / 5, fix_w = rest - comp_w;
  const auto row = [&](const std::string& sev, const std::string& id, const std::string& comp,
                       const std::string& fix, const std::string& kev, const std::string& epss,
                       const std::string& how) {
    std::cout << std::left << std::setw(kSev) << fit(sev, kSev) << "  " << std::setw(kId)
              << fit(id, kId) << "  " << std::setw(comp_w) << fit(comp, comp_w) << "  "
              << std::setw(fix_w) << fit(fix, fix_w) << "  " << std::setw(kKev) << kev << "  "
              << std::setw(kEpss) << epss << "  " << fit(how, kMatch) << "\n";
  };
  row("SEVERITY", "VULNERABILITY", "COMPONENT", "FIXED IN", "KEV", "EPSS", "MATCH");
  for (const match::Finding* f : shown) {
    const match::VulnerabilityInfo& v = r.info(*f);
    const sbom::Component& c = match::component_of(doc, *f);
    std::ostringstream sev;
    sev << v.severity();
    if (auto score = v.score()) sev << " " << std::fixed << std::setprecision(1) << *score;
    std::string fix;
    for (const auto& x : f->fixed_versions) fix += (fix.empty() ? "" : ", ") + x;
    std::ostringstream epss;
    if (v.epss) epss << std::fixed << std::setprecision(1) << v.epss->percentile * 100 << "%";
    std::string how = std::string(match::confidence_name(f->confidence())) + " ";
    how += match::rule_name(match::best_evidence(*f).rule);
    if (f->state != match::State::affected) how = std::string(match::state_name(f->state));
    row(sev.str(), v.id, c.name + (c.version.empty() ? "" : " " + c.version),
        fix.empty() ? "-" : fix, v.kev ? "yes" : "", epss.str(), how);
  }
}

// Prints a refusal and its details as one line each, the way the verb
// always has.
int refuse(const Error& e) {
  for (const auto& d : e.details) std::cerr << "vigil scan: " << d.to_string() << "\n";
  std::cerr << "vigil scan: " << e.to_string() << "\n";
  return service::exit_status(e.kind);
}

int run(const ScanOptions& o) {
  if (o.format == "cyclonedx-vex" && o.sboms.size() != 1) {
    std::cerr << "vigil scan: --format cyclonedx-vex describes one SBOM; give one at a time\n";
    return 2;
  }
  auto threshold = service::parse_threshold(o.fail_on);
  if (!threshold) return refuse(threshold.error());
  auto knowledge =
      service::KnowledgeService::open(o.db, {.max_workers = 1, .max_cached_records = 0});
  if (!knowledge) return refuse(knowledge.error());
  service::ScanRequest request;
  if (*threshold == service::Threshold::uncontrolled && o.profile.empty()) {
    std::cerr << "vigil scan: --fail-on uncontrolled needs --profile\n";
    return 2;
  }
  if (!o.profile.empty()) {
    if (o.format != "table" && o.format != "json") {
      std::cerr << "vigil scan: --profile works with --format table or json\n";
      return 2;
    }
    auto p = load_profile(o.profile);
    if (!p) return refuse(p.error());
    request.profile = std::move(*p);
  }
  request.learned = o.learned.empty() ? report_time("%Y-%m-%d") : o.learned;
  request.as_of = o.as_of.empty() ? report_time("%Y-%m-%d") : o.as_of;
  request.show_suppressed = o.show_suppressed;
  for (const auto& path : o.vex) request.vex.push_back({path, std::nullopt});
  for (const auto& path : o.sboms) request.sboms.push_back({path, std::nullopt});
  // Every SBOM is read before anything is printed: a bad one stops the run
  // before any partial output.
  auto outcome = service::scan(**knowledge, request);
  if (!outcome) return refuse(outcome.error());
  const auto& reports = outcome->reports;
  if (o.format == "json") {
    const bool many = reports.size() > 1;
    if (many) std::cout << "[\n  ";
    for (size_t i = 0; i < reports.size(); ++i) {
      if (i) std::cout << ",\n  ";
      // The triage of each shown finding joins its JSON, in shown() order.
      size_t next = 0;
      const auto& triage = outcome->triage[i];
      const auto amend = [&](Json& finding) -> Result<void> {
        if (next < triage.size() && triage[next]) finding["triage"] = *triage[next];
        ++next;
        return {};
      };
      if (auto w =
              match::write_json(reports[i], std::cout, many ? 2 : 0,
                                request.profile ? amend : std::function<Result<void>(Json&)>());
          !w)
        return refuse(w.error());
    }
    if (many) std::cout << "\n]";
    std::cout << "\n";
  } else if (o.format == "sarif") {
    print_json(match::to_sarif(reports, kVersion));
  } else if (o.format == "cyclonedx-vex") {
    print_json(match::to_cyclonedx_vex(reports.front(), report_time("%Y-%m-%dT%H:%M:%SZ")));
  } else {
    for (size_t i = 0; i < reports.size(); ++i) {
      if (i) std::cout << "\n";
      print_table(reports[i]);
      if (request.profile) {
        std::cout << "\n" << std::flush;
        print_triage_table(request.profile->product, request.learned, request.as_of,
                           outcome->triaged(i));
        std::fflush(stdout);
      }
    }
  }
  return service::gate(*outcome, *threshold) ? 1 : 0;
}

}  // namespace

void add_scan_command(CLI::App& app, int& status) {
  auto* cmd = app.add_subcommand(
      "scan", "Match SBOMs against the knowledge base: every known vulnerability, with evidence");
  auto o = std::make_shared<ScanOptions>();
  cmd->add_option("sbom", o->sboms, "SBOM files (CycloneDX or SPDX, any encoding)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--db", o->db, "Knowledge base file (also VIGIL_DB)")
      ->envname("VIGIL_DB")
      ->required();
  cmd->add_option("--vex", o->vex, "VEX document (OpenVEX, CycloneDX VEX, CSAF VEX); repeatable")
      ->check(CLI::ExistingFile);
  cmd->add_option("--format", o->format, "Output format")
      ->check(CLI::IsMember({"table", "json", "sarif", "cyclonedx-vex"}));
  cmd->add_option("--fail-on", o->fail_on,
                  "Exit 1 when an affected finding is this severe or worse, in KEV, or (with "
                  "--profile) an uncontrolled risk")
      ->check(CLI::IsMember({"low", "medium", "high", "critical", "kev", "uncontrolled"}));
  cmd->add_flag("--show-suppressed", o->show_suppressed,
                "Also show findings VEX marks not affected or fixed");
  cmd->add_option("--profile", o->profile,
                  "Also triage each finding against this product profile (docs/triage.md)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--learned", o->learned,
                  "With --profile: the day the findings were learned of (YYYY-MM-DD)");
  cmd->add_option("--as-of", o->as_of,
                  "With --profile: the day the 30/60-day clocks are judged on (default today)");
  cmd->callback([o, &status] { status = run(*o); });
}

}  // namespace vigil::cli

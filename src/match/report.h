// Scan results as documents: Vigil's JSON, SARIF 2.1.0 and CycloneDX 1.6 VEX.
//
// A Report gathers what every rendering needs (the SBOM, the findings and
// what the kb says of each vulnerability) so that the renderings are pure
// functions, shared by the CLI and the server.
//
// Thread-safety: plain values; the functions are pure.
#pragma once

#include <functional>
#include <iosfwd>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "match/match.h"

namespace vigil::match {

struct Report {
  std::string source;  // the SBOM's path, as given
  const sbom::Document* doc = nullptr;
  ScanResult result;
  // By Finding::vulnerability.
  std::unordered_map<std::string, std::shared_ptr<const VulnerabilityInfo>> vulnerabilities;
  bool show_suppressed = false;  // include not_affected and fixed findings

  // Findings to show, sorted by severity (score, then KEV), then id.
  std::vector<const Finding*> shown() const;
  const VulnerabilityInfo& info(const Finding& f) const;
};

// Looks up every finding's vulnerability and sorts nothing: a Report ready
// to render.
Result<Report> make_report(Matcher& matcher, std::string source, const sbom::Document& doc,
                           ScanResult result, bool show_suppressed);

// The evidence a reader sees first: the most confident, then the most
// specific rule. A finding always has evidence.
const Evidence& best_evidence(const Finding& f);

// Ranks a severity name for sorting and thresholds: critical 4, high 3,
// medium 2, low 1, none and unknown 0.
int severity_rank(std::string_view severity);

// {"sbom": {...}, "findings": [...], "stats": {...}}; see docs/matching.md.
nlohmann::ordered_json to_json(const Report& r);
// One element of to_json(r)["findings"].
nlohmann::ordered_json finding_json(const Report& r, const Finding& f);
// The same text as to_json(r).dump(2) nested `indent` spaces deep (invalid
// UTF-8 replaced), written a finding at a time so that the tree of a large
// report is never held. `amend`, when given, may add to each finding's JSON
// before it is written; its error stops the writing.
Result<void> write_json(const Report& r, std::ostream& out, size_t indent = 0,
                        const std::function<Result<void>(nlohmann::ordered_json&)>& amend = {});
// SARIF 2.1.0: one rule per vulnerability, one result per finding.
nlohmann::ordered_json to_sarif(const std::vector<Report>& reports, std::string_view version);
// A CycloneDX 1.6 BOM holding only vulnerabilities, each with its analysis
// state and the components it affects (by bom-ref of the scanned SBOM).
nlohmann::ordered_json to_cyclonedx_vex(const Report& r, std::string_view timestamp);

}  // namespace vigil::match

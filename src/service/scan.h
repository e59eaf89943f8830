// Scan: SBOMs (and VEX documents) in, a typed outcome out: the findings with
// their evidence, what the kb says of each vulnerability, and, with a product
// profile, each affected finding triaged. The one pipeline behind `vigil
// scan`, the server's ad-hoc scan and the monitor's rematch; the faces only
// render the outcome (match/report.h) and map its errors (service/errors.h).
//
// The whole scan, matching and describing, reads one snapshot of the kb
// (KnowledgeService::Lease); nothing is written anywhere.
//
// Thread-safety: scan() may be called from many threads on one service.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "match/report.h"
#include "service/knowledge.h"
#include "triage/profile.h"

namespace vigil::service {

// A document to read: its bytes, or the file named by `source` when there
// are none. `source` names it in the report and in every error.
struct Input {
  std::string source;
  std::optional<std::string> bytes = std::nullopt;
};

struct ScanRequest {
  std::vector<Input> sboms = {};
  // Applied after the kb's own CSAF VEX (OpenVEX, CycloneDX VEX, CSAF VEX).
  std::vector<Input> vex = {};
  // With a profile, every affected finding is triaged as of `as_of`, learned
  // of on `learned` (YYYY-MM-DD).
  std::optional<triage::Profile> profile = std::nullopt;
  std::string learned = {}, as_of = {};
  bool show_suppressed = false;  // not_affected and fixed findings shown too
};

struct ScanOutcome {
  // Reports point into the documents: both are kept together, in request order.
  std::vector<std::unique_ptr<sbom::Document>> documents;
  std::vector<match::Report> reports;
  // Per report, aligned with its shown() findings: the triage of each, or
  // null where there is none (no profile, or VEX says not affected).
  std::vector<std::vector<std::optional<nlohmann::ordered_json>>> triage;
  int64_t generation = 0;  // the kb generation the scan read

  // Per report, the triaged findings alone, in shown() order.
  nlohmann::ordered_json triaged(size_t report) const;
};

// Reads every input first (a bad one refuses the whole request before any
// matching: invalid input, the SBOM's structural errors as details), then
// matches, describes and triages each SBOM.
Result<ScanOutcome> scan(KnowledgeService& knowledge, const ScanRequest& request);

// What fails a pipeline: a finding at or above a severity, a finding in
// KEV, or (with a profile) an uncontrolled risk.
enum class Threshold : unsigned char { none, low, medium, high, critical, kev, uncontrolled };

// "low", "medium", "high", "critical", "kev", "uncontrolled"; "" is none.
Result<Threshold> parse_threshold(std::string_view name);

// Whether any finding VEX leaves affected reaches the threshold.
bool gate(const ScanOutcome& outcome, Threshold threshold);

}  // namespace vigil::service

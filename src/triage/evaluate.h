// The evaluation of one finding against a product profile, as FDA's
// postmarket cybersecurity guidance frames it: how exploitable the
// vulnerability is where the component sits, the worst credible patient
// harm it could lead to, and from the two — by the maker's acceptability
// matrix — whether the risk to essential clinical performance is
// controlled or uncontrolled. Uncontrolled risk starts the clocks (customers
// informed within 30 days, a validated fix within 60) and raises the
// question of a 21 CFR 806 report, which is not required when all four of
// the guidance's conditions hold. The SSVC supplier decision gives the patch
// priority. Every step comes with one plain sentence for the risk file.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cvss/cvss.h"
#include "triage/profile.h"
#include "triage/ssvc.h"

namespace vigil::triage {

// What the scan knows of one finding.
struct FindingFacts {
  std::string vulnerability;
  std::string component_name, component_version, component_purl;
  bool in_kev = false;
  std::vector<std::string> exploits;  // public exploit references
  std::optional<double> epss;         // probability of exploitation in 30 days
  std::optional<cvss::Vector> cvss;   // the vector that rates the finding
};

// One of the four conditions under which an uncontrolled vulnerability
// needs no 806 report.
struct Condition {
  std::string name;
  std::string status;  // "met", "not met", "unknown"
  std::string explanation;
};

struct Evaluation {
  // The CVSS vector that rated the finding and where it came from:
  // "rubric" (the maker's own scoring in the profile), "published" (the
  // feeds'), or empty when there is none.
  std::string cvss_vector, cvss_source;
  std::vector<std::string> functions;
  Exposure exposure = Exposure::network;
  Exploitability exploitability = Exploitability::low;
  Harm harm = Harm::negligible;
  bool uncontrolled = false;
  ssvc::Exploitation exploitation = ssvc::Exploitation::none;
  ssvc::Automatable automatable = ssvc::Automatable::yes;
  ssvc::TechnicalImpact technical_impact = ssvc::TechnicalImpact::total;
  ssvc::Utility utility = ssvc::Utility::laborious;
  ssvc::PublicSafetyImpact public_safety = ssvc::PublicSafetyImpact::significant;
  ssvc::Priority priority = ssvc::Priority::immediate;
  std::string learned;         // YYYY-MM-DD
  std::string communicate_by;  // empty: no clock
  std::string fix_by;          // empty: the next routine update
  // "required", "not required", "exempt" (all four conditions met) or
  // "exempt if met" (none failed, some still open).
  std::string report_806;
  std::vector<Condition> conditions;
  std::vector<std::string> explanation;  // one sentence per step
};

// EPSS at or above this counts as likely exploitation.
inline constexpr double kEpssLikely = 0.1;

// `learned` is the date the maker learned of the vulnerability, `as_of` the
// day the evaluation speaks for (both YYYY-MM-DD): a clock that ran out
// before `as_of` with nothing recorded is a condition not met. An empty
// `as_of` judges no clock as run out.
Result<Evaluation> evaluate(const FindingFacts& f, const Profile& p, const std::string& learned,
                            const std::string& as_of = {});

}  // namespace vigil::triage

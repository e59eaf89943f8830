// A product's profile: what a device maker knows about one device that
// turns a vulnerability into a patient-safety judgement — its hazards and
// their ISO 14971 severities, which functions each component serves and how
// exposed it is, compensating controls, ISAO membership, the maker's
// acceptability matrix and its clocks. One JSON file per product; the
// format is in docs/triage.md.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "cvss/rubric.h"
#include "triage/ssvc.h"

namespace vigil::triage {

// ISO 14971 severity of harm, least to most severe.
enum class Harm { negligible, minor, serious, critical, catastrophic };
enum class Exploitability { low, medium, high };
// How an attacker can reach a component, least to most exposed.
enum class Exposure { physical, local, adjacent, network };

std::string_view name(Harm h);
std::string_view name(Exploitability e);
std::string_view name(Exposure e);

// The functions a component can serve; hazards name the functions they
// depend on.
inline constexpr std::array<std::string_view, 6> kFunctions = {
    "therapy delivery", "diagnosis/monitoring", "clinical workflow", "PHI", "secrets", "other"};

struct Hazard {
  std::string id, description;
  Harm severity = Harm::negligible;
  std::vector<std::string> functions;
};

// Which components a rule or control is about: by name (case-insensitive)
// or by purl without version (a prefix up to '@', '?' or '#').
struct ComponentSelector {
  std::string name, purl;
  bool matches(std::string_view component_name, std::string_view component_purl) const;
};

struct ComponentRule {
  ComponentSelector selector;
  std::vector<std::string> functions;
  Exposure exposure = Exposure::network;
};

struct Control {
  std::string id, description;
  std::vector<ComponentSelector> components;  // empty: every component
};

// Answers to the medical-device CVSS rubric (cvss/rubric.h) for one
// vulnerability in one device, with the analyst's note on any answer.
struct RubricAnswers {
  cvss::rubric::Answers answers;
  std::map<std::string, std::string> notes;  // by question code
  cvss::Version version = cvss::Version::v3_0;
};

// A decision point a person set instead of deriving it, and why.
template <class T>
struct Override {
  T value;
  std::string rationale;
};

struct PenetrationTest {
  bool exploited = false;
  std::string reference, date;
};

// What the maker has established about one vulnerability in this device,
// replacing what Vigil would derive from public facts: its own rubric
// scoring (which then rates the finding instead of the published vector),
// penetration-test evidence, and SSVC decision points set with a rationale.
struct Assessment {
  std::string vulnerability;
  std::optional<ComponentSelector> component;  // absent: wherever it is found
  std::optional<RubricAnswers> rubric;
  std::optional<PenetrationTest> penetration_test;
  std::optional<Override<ssvc::Exploitation>> exploitation;
  std::optional<Override<ssvc::Automatable>> automatable;
  std::optional<Override<ssvc::TechnicalImpact>> technical_impact;
  std::optional<Override<ssvc::PublicSafetyImpact>> public_safety_impact;
  // When customers were informed and a validated fix distributed
  // (YYYY-MM-DD; empty: not yet): 806 conditions 2 and 3.
  std::string customers_informed, fix_distributed;
};

struct Profile {
  std::string product, device_class, submission;  // "510(k)", "PMA", "De Novo"
  bool isao_member = false;
  ssvc::ValueDensity value_density = ssvc::ValueDensity::diffuse;
  std::vector<Hazard> hazards;
  std::vector<ComponentRule> components;  // the first that matches applies
  std::vector<std::string> default_functions;
  Exposure default_exposure = Exposure::network;  // the worst case
  std::vector<Control> controls;
  // The least harm that is unacceptable at each exploitability (low,
  // medium, high): at or above it the risk is uncontrolled.
  std::array<Harm, 3> unacceptable_from = {Harm::catastrophic, Harm::critical, Harm::serious};
  int communicate_days = 30, fix_days = 60;
  // Days to a fix for controlled risk, by the supplier's SSVC priority;
  // absent: the next routine update.
  std::map<ssvc::Priority, int> sla_days = {{ssvc::Priority::immediate, 30},
                                            {ssvc::Priority::out_of_cycle, 60},
                                            {ssvc::Priority::scheduled, 180}};
  // Vulnerabilities with a known serious adverse event or death; nullopt
  // when the profile does not say (the 806 condition is then unknown).
  std::optional<std::vector<std::string>> adverse_events;
  std::vector<Assessment> assessments;

  // The first assessment of `vulnerability` whose component selector, if
  // any, matches; nullptr when there is none.
  const Assessment* assessment(std::string_view vulnerability, std::string_view component_name,
                               std::string_view component_purl) const;
};

// Reads a profile, naming the key of anything wrong ("/hazards/2/severity").
Result<Profile> read_profile(std::string_view json, const std::string& source);

// Reads a rubric answers file: {"answers": {"XAVN": "YES", "XAVT": {"answer":
// "NO", "note": "..."}, ...}, "cvss_version": "3.0"}; the same object as an
// assessment's "rubric".
Result<RubricAnswers> read_rubric_answers(std::string_view json, const std::string& source);

}  // namespace vigil::triage

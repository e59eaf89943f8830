// CISA/CERT SSVC (Stakeholder-Specific Vulnerability Categorization): the
// supplier's patch development priority and the deployer's patch
// application priority, with the decision tables they rest on (utility,
// public safety impact, human impact), as CERT/CC publishes them
// (SSVC decision tables: supplier_patch_development_priority 1.0.0,
// deployer_patch_application_priority 1.0.0, utility 1.0.0,
// public_safety_impact 1.0.0, human_impact 1.0.0).
//
// A device maker is the supplier of its device: its decision says how soon a
// fix is due. The facts-to-decision-point rules below derive what can be
// derived from the kb and a CVSS vector; each is a default a person may
// override with a rationale (docs/triage.md).
//
// Thread-safety: pure functions over plain values.
#pragma once

#include <optional>
#include <string_view>

#include "cvss/cvss.h"

namespace vigil::triage::ssvc {

// Every enum lists its values from least to most severe, as the tables do.
enum class Exploitation { none, public_poc, active };
enum class Utility { laborious, efficient, super_effective };
enum class TechnicalImpact { partial, total };
enum class PublicSafetyImpact { minimal, significant };
enum class SafetyImpact { negligible, marginal, critical, catastrophic };
enum class MissionImpact { degraded, mef_support_crippled, mef_failure, mission_failure };
enum class HumanImpact { low, medium, high, very_high };
enum class Automatable { no, yes };
enum class ValueDensity { diffuse, concentrated };
enum class SystemExposure { small, controlled, open };
enum class Priority { defer, scheduled, out_of_cycle, immediate };

// Values as SSVC spells them ("public poc", "super effective",
// "out-of-cycle", "mef support crippled", "very high" ...).
std::string_view name(Exploitation v);
std::string_view name(Utility v);
std::string_view name(TechnicalImpact v);
std::string_view name(PublicSafetyImpact v);
std::string_view name(SafetyImpact v);
std::string_view name(MissionImpact v);
std::string_view name(HumanImpact v);
std::string_view name(Automatable v);
std::string_view name(ValueDensity v);
std::string_view name(SystemExposure v);
std::string_view name(Priority v);

// Reads a value as SSVC spells it (case-insensitive); nullopt otherwise.
template <class E>
std::optional<E> parse(std::string_view text);

// The decision tables.
Utility utility(Automatable a, ValueDensity v);
PublicSafetyImpact public_safety_impact(SafetyImpact s);
HumanImpact human_impact(SafetyImpact s, MissionImpact m);
Priority supplier_priority(Exploitation e, Utility u, TechnicalImpact t, PublicSafetyImpact p);
Priority deployer_priority(Exploitation e, SystemExposure x, Automatable a, HumanImpact h);

// Decision points from facts.
//
// Exploitation: active when CISA's KEV lists the CVE (exploited in the
// wild); public PoC when a public exploit is referenced (an advisory
// reference of type EXPLOIT); none otherwise.
Exploitation exploitation(bool in_kev, bool public_exploit);
// Automatable: yes when the vector says an attack needs no one's help and no
// special conditions — network attack vector, low complexity, no privileges,
// no user interaction (v4: and no attack requirements) — which is when the
// first four steps of the kill chain can be scripted; no otherwise. v2
// vectors, which lack user interaction, give nullopt.
std::optional<Automatable> automatable(const cvss::Vector& v);
// Technical impact: total when the attacker gains total control of the
// component's behaviour or its information — high integrity impact, or
// high confidentiality and availability impact together (v4: on the
// vulnerable system); partial otherwise.
TechnicalImpact technical_impact(const cvss::Vector& v);

}  // namespace vigil::triage::ssvc

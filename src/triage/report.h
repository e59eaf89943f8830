// Triage of a finding against a product profile, shared by `vigil triage`,
// `vigil scan --profile` and `vigil release scan`. The scan and the release
// scan judge the matcher's own values; `vigil triage` reads a scan report's
// JSON through a reader that builds the same facts, so no two can judge a
// finding differently.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "match/match.h"
#include "sbom/sbom.h"
#include "triage/evaluate.h"
#include "triage/profile.h"

namespace vigil::triage {

// What triage weighs of a finding: its vulnerability's facts (KEV,
// exploits, EPSS, the first scored CVSS vector) and its component as a
// report names it.
FindingFacts facts_of(const match::VulnerabilityInfo& vulnerability,
                      const sbom::Component& component);
// The same facts from one element of a scan report's "findings"; an Error
// when it lacks its component or vulnerability object.
Result<FindingFacts> facts_from_json(const nlohmann::ordered_json& finding);

// A finding judged as of `as_of` (triage::evaluate): the triage object
// docs/triage.md describes, or nullopt for a finding VEX marks not affected
// or fixed.
Result<std::optional<nlohmann::ordered_json>> triage_finding(
    const match::Finding& finding, const match::VulnerabilityInfo& vulnerability,
    const sbom::Component& component, const Profile& profile, const std::string& learned,
    const std::string& as_of);
// The same judgement of an element of a scan report's "findings".
Result<std::optional<nlohmann::ordered_json>> triage_finding(const nlohmann::ordered_json& finding,
                                                             const Profile& profile,
                                                             const std::string& learned,
                                                             const std::string& as_of);

}  // namespace vigil::triage

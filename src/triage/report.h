// Triage of `vigil scan --format json` findings against a product profile,
// shared by `vigil triage`, `vigil scan --profile` and `vigil release scan`:
// all read the same report shape, so they can never judge a finding
// differently.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "triage/profile.h"

namespace vigil::triage {

// One finding of a scan report, judged as of `as_of` (triage::evaluate):
// the triage object docs/triage.md describes, or nullopt for a finding VEX
// marks not affected or fixed. An Error when the finding lacks its
// component or vulnerability.
Result<std::optional<nlohmann::ordered_json>> triage_finding(const nlohmann::ordered_json& finding,
                                                             const Profile& profile,
                                                             const std::string& learned,
                                                             const std::string& as_of);

}  // namespace vigil::triage

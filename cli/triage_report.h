// Triage of `vigil scan --format json` findings against a product profile,
// shared by `vigil triage` and `vigil scan --profile`: both read the same
// report shape, so the two can never judge a finding differently.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "triage/profile.h"

namespace vigil::cli {

// The profile at `path`, or an Error naming the file and key at fault.
Result<triage::Profile> load_profile(const std::string& path);

// One finding of a scan report, judged as of `as_of` (triage::evaluate):
// the triage object docs/triage.md describes, or nullopt for a finding VEX
// marks not affected or fixed. An Error when the finding lacks its
// component or vulnerability.
Result<std::optional<nlohmann::ordered_json>> triage_finding(const nlohmann::ordered_json& finding,
                                                             const triage::Profile& profile,
                                                             const std::string& learned,
                                                             const std::string& as_of);

// One line per triaged finding, uncontrolled first, then the reasoning
// behind each uncontrolled one.
void print_triage_table(const std::string& product, const std::string& learned,
                        const std::string& as_of, const nlohmann::ordered_json& triaged);

}  // namespace vigil::cli

// The command-line side of triage: reading a profile file and the table.
// The judgement of a finding itself is triage::triage_finding
// (triage/report.h), shared by `vigil triage`, `vigil scan --profile` and
// `vigil release scan`.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "triage/profile.h"
#include "triage/report.h"

namespace vigil::cli {

using triage::triage_finding;

// The profile at `path`, or an Error naming the file and key at fault.
Result<triage::Profile> load_profile(const std::string& path);

// One line per triaged finding, uncontrolled first, then the reasoning
// behind each uncontrolled one.
void print_triage_table(const std::string& product, const std::string& learned,
                        const std::string& as_of, const nlohmann::ordered_json& triaged);

}  // namespace vigil::cli

// Advisory <-> JSON, the form the knowledge base stores records in and
// `vigil db show` prints. Field names follow the model; the round trip is exact.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "advisory/advisory.h"
#include "core/error.h"

namespace vigil::advisory {

nlohmann::ordered_json to_json(const Advisory& a);
Result<Advisory> advisory_from_json(std::string_view text);

}  // namespace vigil::advisory

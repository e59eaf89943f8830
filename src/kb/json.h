// The kb's answers as JSON, the one rendering every face prints or serves:
// `vigil db stats|show --format json` and the server's kb endpoints.
//
// Thread-safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>

#include "kb/kb.h"

namespace vigil::kb {

// {vulnerabilities, advisories, sources, ecosystems, feeds: {NAME: {updated,
// cursors?}}}
nlohmann::ordered_json to_json(const Stats& stats);
// {id, aliases, kev, epss, advisories}; kev and epss are null when the
// exploitation feeds say nothing of it.
nlohmann::ordered_json to_json(const Vulnerability& vulnerability);

}  // namespace vigil::kb

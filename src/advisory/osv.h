// OSV JSON records (https://ossf.github.io/osv-schema/) into Advisory.
//
// A record that breaks the schema's rules where matching depends on them (no
// id, no modified time, an affected package without ecosystem or name, a range
// without events or with an unknown type, an event with other than exactly one
// of introduced/fixed/last_affected/limit) is an Error naming the source and
// the record, so that an import can skip it, say why, and go on.
#pragma once

#include <string_view>

#include "advisory/advisory.h"
#include "core/error.h"

namespace vigil::advisory {

Result<Advisory> parse_osv(std::string_view json, std::string_view source);

}  // namespace vigil::advisory

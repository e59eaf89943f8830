// The records' schema and its migrations. Versions are applied in order on
// open, forward only, each in its own transaction; a records file or
// database newer than this build is refused rather than misread.
#pragma once

#include <string_view>
#include <vector>

#include "store/connection.h"

namespace vigil::store {

// The tables whose every change goes through the audit trail.
const std::vector<std::string_view>& audited_tables();

// The schema version this build writes.
int current_version();

// The version the records are at (0 for empty records).
Result<int> version(Connection& c);

// Brings the records to current_version(), or up to `target` (tests
// migrate step by step). Refuses records of another kind or a newer
// version.
Result<void> migrate(Connection& c, int target = -1);

}  // namespace vigil::store

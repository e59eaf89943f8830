// The entries of a feed archive, as osv.dev publishes each ecosystem
// (all.zip): every .json, .csv and .gz entry, in name order. Internal to
// kb/ (the import reads archives through it) and its fuzz target.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace vigil::kb::detail {

// An entry's bytes, with spare capacity (simdjson's padding) behind them;
// `where` is "ARCHIVE!/ENTRY", for messages. The callback may take the
// bytes; an Error it returns ends the reading.
using ArchiveEntry = std::function<Result<void>(const std::string& where, std::string& bytes)>;

// Reads the archive `bytes` named `source`. An entry that declares more
// than `entry_limit` bytes is skipped before anything is allocated for it,
// and one that holds more or less than it declares is skipped as damaged;
// each skip is added to `skipped` by name, and the rest are read. An
// archive that cannot be opened at all is one skip too.
Result<void> read_archive(std::string_view bytes, const std::string& source, uint64_t entry_limit,
                          size_t padding, const ArchiveEntry& each, std::vector<Error>& skipped);

}  // namespace vigil::kb::detail

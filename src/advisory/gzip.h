// gzip decompression for feed files (EPSS snapshots, compressed exports).
// Internal helper of advisory/ and kb/.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace vigil::advisory {

bool is_gzip(std::string_view bytes);
// Decompresses; refuses data that expands beyond 1 GiB (a decompression bomb).
Result<std::string> gunzip(std::string_view bytes, std::string_view source);

}  // namespace vigil::advisory

// gzip decompression for feed files (EPSS snapshots, compressed exports).
// Internal helper of advisory/ and kb/.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"

namespace vigil::advisory {

bool is_gzip(std::string_view bytes);
// Decompresses every member; refuses data that expands beyond `limit`
// bytes (a decompression bomb) once the limit is passed, so no more than
// the limit is ever held. The limit in force is input_limit(kGzipInput).
Result<std::string> gunzip(std::string_view bytes, std::string_view source, uint64_t limit);

}  // namespace vigil::advisory

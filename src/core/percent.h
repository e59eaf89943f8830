// Percent-decoding (RFC 3986 section 2.1), shared by the purl and vers parsers.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace vigil {

// Decodes %XX sequences; an incomplete or non-hex escape is an error naming it.
Result<std::string> percent_decode(std::string_view s);

}  // namespace vigil

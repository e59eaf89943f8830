// The SPDX licence list (https://spdx.org/licenses/), current and deprecated
// identifiers, generated at build time from Debian's node-spdx-license-ids.
// Internal to sbom/.
#pragma once

#include <cstddef>
#include <string_view>

namespace vigil::sbom::detail {

// Case-insensitive, as the SPDX specification matches licence identifiers.
bool spdx_license_known(std::string_view id);
size_t spdx_license_count();

}  // namespace vigil::sbom::detail

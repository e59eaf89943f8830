// The per-scheme comparison and validation functions behind version.h.
//
// Internal to version/: each pair lives in the file named after its scheme.
// A comparison function must be total and must never allocate on the common
// path; a validation function rejects what the ecosystem's own tools reject.
#pragma once

#include <string_view>

#include "core/error.h"

namespace vigil::version::detail {

#define VIGIL_SCHEME(name)                                    \
  int compare_##name(std::string_view a, std::string_view b); \
  Result<void> validate_##name(std::string_view v)

VIGIL_SCHEME(semver);
VIGIL_SCHEME(pep440);
VIGIL_SCHEME(maven);
VIGIL_SCHEME(nuget);
VIGIL_SCHEME(rubygems);
VIGIL_SCHEME(packagist);
VIGIL_SCHEME(debian);
VIGIL_SCHEME(rpm);
VIGIL_SCHEME(alpine);
VIGIL_SCHEME(cran);
VIGIL_SCHEME(pub);
VIGIL_SCHEME(hackage);
VIGIL_SCHEME(generic);

#undef VIGIL_SCHEME

// Checks shared by every scheme: not empty, no whitespace or control bytes.
Result<void> validate_common(std::string_view v, std::string_view scheme);
// Builds the error every validator reports.
Error invalid_version(std::string_view v, std::string_view scheme, std::string_view why);

}  // namespace vigil::version::detail

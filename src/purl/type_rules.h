// Per-type purl rules, from the type definitions of the purl specification
// (https://github.com/package-url/purl-spec/tree/main/types).
//
// Internal to purl/: parse() and build() apply them after the generic syntax.
#pragma once

#include "core/error.h"
#include "purl/purl.h"

namespace vigil::purl::detail {

// Normalises a syntactically valid purl for its type (case folding, name
// normalisation) and checks the type's requirements (required or prohibited
// namespace, required qualifiers, permitted characters).
Result<void> apply_type_rules(PackageUrl& p);

}  // namespace vigil::purl::detail

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

// Whether apply_type_rules() is sure to accept a purl of `type` (lower case)
// without qualifiers, given whether it has a namespace and a version, before
// looking at its text. False also when only a closer look can tell (a
// type-specific check, a required qualifier).
bool rules_allow(std::string_view type, bool has_namespace, bool has_version);

}  // namespace vigil::purl::detail

// npm version ranges, as node-semver reads them
// (https://github.com/npm/node-semver#ranges): comparator sets joined by
// "||", each a space-separated list of primitives (<, <=, >, >=, =), X-ranges
// ("1.2.x", "*"), tilde ("~1.2"), caret ("^0.2.3") and hyphen ranges
// ("1.2 - 2.3.4"), all desugared to plain comparators.
//
// Pre-releases follow node-semver's default rule: a version with a
// pre-release tag satisfies a set only if some comparator of that set names a
// pre-release of the same major.minor.patch.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "version/vers.h"

namespace vigil::version {

struct NpmRange {
  // Outer: alternatives ("||"); inner: comparators that must all hold.
  std::vector<std::vector<Constraint>> sets;

  bool satisfied_by(std::string_view version) const;
  // The desugared form, e.g. ">=1.2.3 <2.0.0-0 || >=3.0.0".
  std::string to_string() const;
};

Result<NpmRange> parse_npm_range(std::string_view text);

}  // namespace vigil::version

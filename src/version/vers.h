// Version ranges as `vers` URIs (https://github.com/package-url/vers-spec):
//   vers:<scheme>/<constraint>|<constraint>...
// e.g. "vers:npm/>=1.2.0|<1.4.3", "vers:pypi/*", "vers:deb/!=1.0-1".
//
// parse_vers() normalises (lower-case scheme, constraints sorted by version,
// spaces dropped) and validates the constraint sequence as the specification
// requires; contains() implements the specification's containment algorithm
// with the scheme's ordering.
//
// Thread-safety: plain values; contains() is const and pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "version/version.h"

namespace vigil::version {

enum class Comparator : uint8_t { eq, ne, lt, le, gt, ge };

std::string_view comparator_text(Comparator c);

// Whether a comparison result (negative, zero, positive: version against a
// bound) satisfies the comparator: lt holds for negative, le for
// non-positive, and so on.
bool satisfies(Comparator c, int comparison);

// Removes a leading comparator (">=", "<=", "!=", "<", ">", "=") from s and
// returns it; `eq` when s starts with none.
Comparator take_comparator(std::string_view& s);

struct Constraint {
  Comparator op;
  std::string version;
};

struct VersRange {
  std::string scheme_text;  // as written in the URI, lower case ("npm", "deb")
  Scheme scheme;
  bool any = false;                     // "vers:npm/*"
  std::vector<Constraint> constraints;  // sorted by version, unique versions

  bool contains(std::string_view version) const;
  // Canonical form: "vers:npm/>=1.2.0|<1.4.3".
  std::string to_string() const;
};

Result<VersRange> parse_vers(std::string_view text);

}  // namespace vigil::version

// Affected ranges as OSV records state them
// (https://ossf.github.io/osv-schema/#affectedranges-field): a range type and
// a list of events (introduced, fixed, last_affected, limit) evaluated in
// version order, as the schema's evaluation pseudo-code does.
//
// SEMVER ranges are ordered by SemVer 2.0 whatever the ecosystem; ECOSYSTEM
// ranges by the ecosystem's scheme. GIT ranges name commits, which cannot be
// ordered without the repository: they evaluate to `unknown`, never to a
// silent "not affected".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "version/version.h"

namespace vigil::version {

enum class RangeType : uint8_t { semver, ecosystem, git };

enum class EventKind : uint8_t { introduced, fixed, last_affected, limit };

struct RangeEvent {
  EventKind kind;
  std::string version;  // "0" for an "introduced" that means "from the beginning"
  friend bool operator==(const RangeEvent&, const RangeEvent&) = default;
};

struct OsvRange {
  RangeType type = RangeType::ecosystem;
  std::vector<RangeEvent> events;
  friend bool operator==(const OsvRange&, const OsvRange&) = default;
};

enum class Containment : uint8_t { affected, not_affected, unknown };

std::string_view containment_name(Containment c);

// Whether `version` falls in the range; `ecosystem_scheme` orders ECOSYSTEM
// ranges.
Containment evaluate(const OsvRange& range, Scheme ecosystem_scheme, std::string_view version);

// "SEMVER", "ECOSYSTEM" or "GIT" (any case).
Result<RangeType> parse_range_type(std::string_view text);

}  // namespace vigil::version

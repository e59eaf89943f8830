#include "version/osv_range.h"

#include <algorithm>

#include "core/text.h"

namespace vigil::version {

std::string_view containment_name(Containment c) {
  switch (c) {
    case Containment::affected:
      return "affected";
    case Containment::not_affected:
      return "not_affected";
    case Containment::unknown:
      return "unknown";
  }
  return "unknown";
}

Result<RangeType> parse_range_type(std::string_view text) {
  if (iequals(text, "SEMVER")) return RangeType::semver;
  if (iequals(text, "ECOSYSTEM")) return RangeType::ecosystem;
  if (iequals(text, "GIT")) return RangeType::git;
  return Error{"unknown OSV range type " + quote(text) + " (expected SEMVER, ECOSYSTEM or GIT)",
               {}};
}

Containment evaluate(const OsvRange& range, Scheme ecosystem_scheme, std::string_view version) {
  if (range.type == RangeType::git) return Containment::unknown;
  const Scheme scheme = range.type == RangeType::semver ? Scheme::semver : ecosystem_scheme;
  const auto is_zero = [](const RangeEvent& e) {
    return e.kind == EventKind::introduced && e.version == "0";
  };
  std::vector<const RangeEvent*> events;
  events.reserve(range.events.size());
  for (const RangeEvent& e : range.events) events.push_back(&e);
  std::stable_sort(events.begin(), events.end(), [&](const RangeEvent* a, const RangeEvent* b) {
    if (is_zero(*a) || is_zero(*b)) return is_zero(*a) && !is_zero(*b);
    return compare(scheme, a->version, b->version) < 0;
  });
  bool affected = false;
  for (const RangeEvent* e : events) {
    switch (e->kind) {
      case EventKind::introduced:
        if (is_zero(*e) || compare(scheme, version, e->version) >= 0) affected = true;
        break;
      case EventKind::fixed:
        if (compare(scheme, version, e->version) >= 0) affected = false;
        break;
      case EventKind::last_affected:
        if (compare(scheme, version, e->version) > 0) affected = false;
        break;
      case EventKind::limit:
        if (compare(scheme, version, e->version) >= 0) affected = false;
        break;
    }
  }
  return affected ? Containment::affected : Containment::not_affected;
}

}  // namespace vigil::version

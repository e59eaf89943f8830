// NuGet versions (https://learn.microsoft.com/nuget/concepts/package-versioning):
// SemVer 2.0 with an optional fourth number, missing numbers reading as zero
// ("1.0" = "1.0.0.0"), pre-release labels compared ignoring case, and build
// metadata ignored.
#include "core/text.h"
#include "version/schemes.h"
#include "version/semver.h"

namespace vigil::version::detail {

int compare_nuget(std::string_view a, std::string_view b) {
  const SemverParts pa = split_semver(a);
  const SemverParts pb = split_semver(b);
  if (int c = compare_numbers(pa, pb, 4)) return c;
  const std::string_view ra = prerelease_of(pa.tail);
  const std::string_view rb = prerelease_of(pb.tail);
  if (ra.empty() || rb.empty()) return ra.empty() == rb.empty() ? 0 : (ra.empty() ? 1 : -1);
  return compare_identifiers(ra, rb, /*ignore_case=*/true);
}

Result<void> validate_nuget(std::string_view v) {
  const SemverParts p = split_semver(v);
  if (p.count == 0 || !is_digit(v[v.front() == 'v' ? 1 : 0])) {
    return invalid_version(v, "nuget", "must start with a number");
  }
  if (p.count > 4) return invalid_version(v, "nuget", "has more than four numbers");
  if (!p.tail.empty() && p.tail.front() != '-' && p.tail.front() != '+') {
    return invalid_version(v, "nuget", "a label must follow '-' and metadata '+'");
  }
  return {};
}

}  // namespace vigil::version::detail

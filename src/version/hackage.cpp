// Hackage versions follow the Haskell Package Versioning Policy
// (https://pvp.haskell.org): dot-separated non-negative integers compared
// lexicographically as lists, so "1.0" < "1.0.0" (no zero padding).
#include <algorithm>

#include "core/text.h"
#include "version/schemes.h"

namespace vigil::version::detail {

int compare_hackage(std::string_view a, std::string_view b) {
  const auto pa = split(a, '.');
  const auto pb = split(b, '.');
  const size_t n = std::min(pa.size(), pb.size());
  for (size_t i = 0; i < n; ++i) {
    if (int c = compare_digit_runs(pa[i], pb[i])) return c;
  }
  return pa.size() == pb.size() ? 0 : (pa.size() < pb.size() ? -1 : 1);
}

Result<void> validate_hackage(std::string_view v) {
  for (std::string_view part : split(v, '.')) {
    if (part.empty() || !std::all_of(part.begin(), part.end(), is_digit)) {
      return invalid_version(v, "hackage", "must be dot-separated non-negative integers");
    }
  }
  return {};
}

}  // namespace vigil::version::detail

// Hackage versions follow the Haskell Package Versioning Policy
// (https://pvp.haskell.org): dot-separated non-negative integers compared
// lexicographically as lists, so "1.0" < "1.0.0" (no zero padding).
#include <algorithm>

#include "core/text.h"
#include "version/schemes.h"

namespace vigil::version::detail {

int compare_hackage(std::string_view a, std::string_view b) {
  size_t i = 0, j = 0;
  for (;;) {
    const bool a_done = i > a.size();
    const bool b_done = j > b.size();
    if (a_done || b_done) return a_done == b_done ? 0 : (a_done ? -1 : 1);
    size_t ei = a.find('.', i), ej = b.find('.', j);
    if (ei == std::string_view::npos) ei = a.size();
    if (ej == std::string_view::npos) ej = b.size();
    if (int c = compare_digit_runs(a.substr(i, ei - i), b.substr(j, ej - j))) return c;
    i = ei + 1;
    j = ej + 1;
  }
}

Result<void> validate_hackage(std::string_view v) {
  for (std::string_view part : split(v, '.')) {
    if (!all_digits(part)) {
      return invalid_version(v, "hackage", "must be dot-separated non-negative integers");
    }
  }
  return {};
}

}  // namespace vigil::version::detail

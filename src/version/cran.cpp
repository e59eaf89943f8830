// CRAN package versions (R's package_version): at least two non-negative
// integers separated by '.' or '-', compared as integer lists; a longer list
// ranks above its prefix ("0.1.0" < "0.1.0.0").
#include <algorithm>

#include "core/text.h"
#include "version/schemes.h"

namespace vigil::version::detail {
namespace {

bool sep(char c) { return c == '.' || c == '-'; }

// Next integer of s at i, moving i past it and its separator.
std::string_view next_number(std::string_view s, size_t& i) {
  const size_t start = i;
  while (i < s.size() && !sep(s[i])) ++i;
  const std::string_view n = s.substr(start, i - start);
  if (i < s.size()) ++i;
  return n;
}

}  // namespace

int compare_cran(std::string_view a, std::string_view b) {
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (int c = compare_digit_runs(next_number(a, i), next_number(b, j))) return c;
  }
  const bool a_more = i < a.size();
  const bool b_more = j < b.size();
  return a_more == b_more ? 0 : (a_more ? 1 : -1);
}

Result<void> validate_cran(std::string_view v) {
  size_t count = 0;
  size_t i = 0;
  while (i < v.size()) {
    const std::string_view n = next_number(v, i);
    if (!all_digits(n)) {
      return invalid_version(v, "cran", "must be integers separated by '.' or '-'");
    }
    ++count;
  }
  if (sep(v.back())) return invalid_version(v, "cran", "ends with a separator");
  if (count < 2) return invalid_version(v, "cran", "needs at least two numbers ('1.0')");
  return {};
}

}  // namespace vigil::version::detail

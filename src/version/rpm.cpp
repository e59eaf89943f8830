// RPM versions, ordered as rpmvercmp() orders them
// (https://rpm-software-management.github.io/rpm/manual/dependencies.html):
// [epoch:]version[-release]; runs of letters and digits compared in turn,
// other characters only separate; '~' sorts before anything (pre-releases),
// '^' after the end but before anything else (post-release snapshots).
#include <algorithm>

#include "core/text.h"
#include "version/schemes.h"

namespace vigil::version::detail {
namespace {

struct Evr {
  std::string_view epoch = "0";
  std::string_view version;
  std::string_view release;  // with its leading '-', empty when absent
};

Evr split_evr(std::string_view v) {
  Evr e;
  const size_t colon = v.find(':');
  if (colon != std::string_view::npos) {
    const std::string_view epoch = v.substr(0, colon);
    if (epoch.empty() || all_digits(epoch)) {
      e.epoch = epoch.empty() ? "0" : epoch;
      v = v.substr(colon + 1);
    }
  }
  const size_t dash = v.find('-');
  e.version = v.substr(0, dash);
  if (dash != std::string_view::npos) e.release = v.substr(dash);
  return e;
}

bool separator(char c) { return !is_alnum(c) && c != '~' && c != '^'; }

int rpmvercmp(std::string_view a, std::string_view b) {
  if (a.empty() != b.empty()) return a.empty() ? -1 : 1;
  size_t i = 0, j = 0;
  for (;;) {
    while (i < a.size() && separator(a[i])) ++i;
    while (j < b.size() && separator(b[j])) ++j;
    const bool at = i < a.size() && a[i] == '~';
    const bool bt = j < b.size() && b[j] == '~';
    if (at || bt) {
      if (at && bt) {
        ++i;
        ++j;
        continue;
      }
      return at ? -1 : 1;
    }
    const bool ac = i < a.size() && a[i] == '^';
    const bool bc = j < b.size() && b[j] == '^';
    if (ac || bc) {
      if (ac && bc) {
        ++i;
        ++j;
        continue;
      }
      if (ac) return j == b.size() ? 1 : -1;
      return i == a.size() ? -1 : 1;
    }
    if (i == a.size() || j == b.size()) break;
    const bool digits = is_digit(a[i]);
    const auto same_kind = [digits](char c) { return digits ? is_digit(c) : is_alpha(c); };
    const size_t si = i, sj = j;
    while (i < a.size() && same_kind(a[i])) ++i;
    while (j < b.size() && same_kind(b[j])) ++j;
    const std::string_view ra = a.substr(si, i - si);
    const std::string_view rb = b.substr(sj, j - sj);
    if (rb.empty()) return digits ? 1 : -1;
    const int c = digits ? compare_digit_runs(ra, rb) : sign(ra.compare(rb));
    if (c) return c;
  }
  const size_t la = a.size() - i;
  const size_t lb = b.size() - j;
  return la == lb ? 0 : (la < lb ? -1 : 1);
}

}  // namespace

int compare_rpm(std::string_view a, std::string_view b) {
  const Evr ea = split_evr(a);
  const Evr eb = split_evr(b);
  if (int c = rpmvercmp(ea.epoch, eb.epoch)) return c;
  if (int c = rpmvercmp(ea.version, eb.version)) return c;
  return rpmvercmp(ea.release, eb.release);
}

Result<void> validate_rpm(std::string_view v) {
  const size_t colon = v.find(':');
  if (colon != std::string_view::npos) {
    const std::string_view epoch = v.substr(0, colon);
    if (!all_digits(epoch)) {
      return invalid_version(v, "rpm", "the epoch before ':' must be a number");
    }
    if (colon + 1 == v.size()) return invalid_version(v, "rpm", "the version after ':' is empty");
  }
  if (!std::any_of(v.begin(), v.end(), is_alnum)) {
    return invalid_version(v, "rpm", "contains no letter or digit");
  }
  return {};
}

}  // namespace vigil::version::detail

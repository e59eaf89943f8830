// Debian package versions, ordered as dpkg orders them
// (https://www.debian.org/doc/debian-policy/ch-controlfields.html#version):
// [epoch:]upstream[-revision], each part compared by alternating non-digit
// runs (letters before punctuation, '~' before everything, even the end) and
// digit runs (numerically). A missing revision equals "0".
#include <algorithm>

#include "core/text.h"
#include "version/schemes.h"

namespace vigil::version::detail {
namespace {

struct Evr {
  std::string_view epoch;
  std::string_view upstream;
  std::string_view revision;
};

Evr split_evr(std::string_view v) {
  Evr e;
  const size_t colon = v.find(':');
  if (colon != std::string_view::npos) {
    e.epoch = v.substr(0, colon);
    v = v.substr(colon + 1);
  }
  const size_t dash = v.rfind('-');
  if (dash != std::string_view::npos) {
    e.revision = v.substr(dash + 1);
    v = v.substr(0, dash);
  }
  e.upstream = v;
  return e;
}

int order(int c) {
  if (is_digit(static_cast<char>(c))) return 0;
  if (is_alpha(static_cast<char>(c))) return c;
  if (c == '~') return -1;
  if (c) return c + 256;
  return 0;
}

int verrevcmp(std::string_view a, std::string_view b) {
  size_t i = 0, j = 0;
  const auto at = [](std::string_view s, size_t k) -> int {
    return k < s.size() ? static_cast<unsigned char>(s[k]) : 0;
  };
  while (i < a.size() || j < b.size()) {
    int first_diff = 0;
    while ((i < a.size() && !is_digit(a[i])) || (j < b.size() && !is_digit(b[j]))) {
      const int ac = order(at(a, i));
      const int bc = order(at(b, j));
      if (ac != bc) return ac - bc;
      ++i;
      ++j;
    }
    while (i < a.size() && a[i] == '0') ++i;
    while (j < b.size() && b[j] == '0') ++j;
    while (i < a.size() && j < b.size() && is_digit(a[i]) && is_digit(b[j])) {
      if (!first_diff) first_diff = a[i] - b[j];
      ++i;
      ++j;
    }
    if (i < a.size() && is_digit(a[i])) return 1;
    if (j < b.size() && is_digit(b[j])) return -1;
    if (first_diff) return first_diff;
  }
  return 0;
}

}  // namespace

int compare_debian(std::string_view a, std::string_view b) {
  const Evr ea = split_evr(a);
  const Evr eb = split_evr(b);
  if (int c = compare_digit_runs(ea.epoch.empty() ? "0" : ea.epoch,
                                 eb.epoch.empty() ? "0" : eb.epoch)) {
    return c;
  }
  if (int c = verrevcmp(ea.upstream, eb.upstream)) return c;
  return verrevcmp(ea.revision, eb.revision);
}

// What dpkg's parseversion() rejects, plus its "does not start with a digit"
// and "invalid character" warnings, which are errors for a package archive.
Result<void> validate_debian(std::string_view v) {
  const Evr e = split_evr(v);
  const size_t colon = v.find(':');
  if (colon != std::string_view::npos) {
    if (!all_digits(e.epoch)) {
      return invalid_version(v, "debian", "the epoch before ':' must be a number");
    }
  }
  if (e.upstream.empty()) return invalid_version(v, "debian", "the upstream version is empty");
  if (!is_digit(e.upstream.front())) {
    return invalid_version(v, "debian", "the upstream version must start with a digit");
  }
  for (char c : e.upstream) {
    if (!is_alnum(c) && c != '.' && c != '+' && c != '-' && c != '~' && c != ':') {
      return invalid_version(v, "debian",
                             std::string("invalid character '") + c + "' in the upstream version");
    }
  }
  if (colon != std::string_view::npos && v.rfind('-') != std::string_view::npos &&
      e.revision.empty()) {
    return invalid_version(v, "debian", "the revision after '-' is empty");
  }
  for (char c : e.revision) {
    if (!is_alnum(c) && c != '.' && c != '+' && c != '~') {
      return invalid_version(v, "debian",
                             std::string("invalid character '") + c + "' in the revision");
    }
  }
  return {};
}

}  // namespace vigil::version::detail

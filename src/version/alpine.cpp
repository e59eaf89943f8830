// Alpine apk versions (apk-package(5)):
//   number{.number}...{letter}{_suffix{number}}...{~hash}{-r#}
// Suffixes order alpha < beta < pre < rc < (none) < cvs < svn < git < hg < p.
// A number with a leading zero after the first compares as a string, as
// apk-tools does for fractional components. Follows OSV's reference ordering,
// including its handling of strings apk would reject.
#include <algorithm>
#include <array>

#include "core/text.h"
#include "version/schemes.h"

namespace vigil::version::detail {
namespace {

constexpr std::array<std::string_view, 9> kSuffixes = {"alpha", "beta", "pre", "rc", "cvs",
                                                       "svn",   "git",  "hg",  "p"};
// Weight of each suffix above, and of a missing suffix (kNoSuffix).
constexpr std::array<int, 9> kSuffixWeight = {0, 1, 2, 3, 5, 6, 7, 8, 9};
constexpr int kNoSuffix = 5;

struct Suffix {
  int weight;
  std::string_view number;
};

struct ApkVersion {
  std::string_view original;
  std::string_view numbers;  // "1.2.3" (may end with '.')
  char letter = 0;
  Suffix suffixes[8];
  int suffix_count = 0;
  std::string_view build = "0";
  std::string_view remainder;
  bool invalid = false;
};

// Matches "_<suffix><digits>" at s[pos], returning its length or 0.
size_t match_suffix(std::string_view s, size_t pos, Suffix& out) {
  if (pos >= s.size() || s[pos] != '_') return 0;
  for (size_t k = 0; k < kSuffixes.size(); ++k) {
    const std::string_view name = kSuffixes[k];
    if (s.substr(pos + 1, name.size()) == name) {
      size_t end = pos + 1 + name.size();
      const size_t digits = end;
      while (end < s.size() && is_digit(s[end])) ++end;
      out.weight = kSuffixWeight[k];
      out.number = digits == end ? std::string_view("0") : s.substr(digits, end - digits);
      return end - pos;
    }
  }
  return 0;
}

ApkVersion parse(std::string_view s) {
  ApkVersion v;
  v.original = s;
  size_t i = 0;
  while (i < s.size() && is_digit(s[i])) {
    while (i < s.size() && is_digit(s[i])) ++i;
    if (i < s.size() && s[i] == '.') ++i;
  }
  v.numbers = s.substr(0, i);
  s = s.substr(i);
  if (!s.empty() && s.front() >= 'a' && s.front() <= 'z') {
    v.letter = s.front();
    s.remove_prefix(1);
  }
  // Every "_suffix" anywhere counts, but only a leading run is consumed.
  for (size_t pos = 0; pos < s.size(); ++pos) {
    Suffix suf;
    const size_t len = match_suffix(s, pos, suf);
    if (len == 0) continue;
    if (v.suffix_count < 8) v.suffixes[v.suffix_count++] = suf;
    pos += len - 1;
  }
  for (;;) {
    Suffix suf;
    const size_t len = match_suffix(s, 0, suf);
    if (len == 0) break;
    s.remove_prefix(len);
  }
  if (s.size() > 1 && s.front() == '~' &&
      ((s[1] >= '0' && s[1] <= '9') || (s[1] >= 'a' && s[1] <= 'f'))) {
    size_t end = 1;
    while (end < s.size() && (is_digit(s[end]) || (s[end] >= 'a' && s[end] <= 'f'))) ++end;
    s.remove_prefix(end);
  }
  if (!s.empty()) {
    if (s.size() >= 2 && s[0] == '-' && s[1] == 'r') {
      size_t end = 2;
      while (end < s.size() && is_digit(s[end])) ++end;
      v.build = end == 2 ? std::string_view("0") : s.substr(2, end - 2);
      s.remove_prefix(end);
    } else {
      v.invalid = true;
    }
  }
  v.remainder = s;
  return v;
}

int compare_numbers(std::string_view a, std::string_view b) {
  size_t ia = 0, ib = 0;
  for (int index = 0;; ++index) {
    const bool a_done = ia >= a.size();
    const bool b_done = ib >= b.size();
    if (a_done && b_done) return 0;
    size_t ea = a_done ? ia : a.find('.', ia);
    size_t eb = b_done ? ib : b.find('.', ib);
    if (ea == std::string_view::npos) ea = a.size();
    if (eb == std::string_view::npos) eb = b.size();
    const std::string_view na = a_done ? "0" : a.substr(ia, ea - ia);
    const std::string_view nb = b_done ? "0" : b.substr(ib, eb - ib);
    int c;
    if (index != 0 && (na.front() == '0' || nb.front() == '0')) {
      c = sign(na.compare(nb));
    } else {
      c = compare_digit_runs(na, nb);
    }
    if (c) return c;
    ia = a_done ? ia : ea + 1;
    ib = b_done ? ib : eb + 1;
  }
}

}  // namespace

int compare_alpine(std::string_view a, std::string_view b) {
  const ApkVersion va = parse(a);
  const ApkVersion vb = parse(b);
  if (va.invalid && vb.invalid) return sign(a.compare(b));
  if (int c = compare_numbers(va.numbers, vb.numbers)) return c;
  if (va.letter != vb.letter) {
    if (!va.letter || !vb.letter) return va.letter ? 1 : -1;
    return va.letter < vb.letter ? -1 : 1;
  }
  for (int i = 0; i < std::max(va.suffix_count, vb.suffix_count); ++i) {
    const Suffix sa = i < va.suffix_count ? va.suffixes[i] : Suffix{kNoSuffix, "0"};
    const Suffix sb = i < vb.suffix_count ? vb.suffixes[i] : Suffix{kNoSuffix, "0"};
    if (sa.weight != sb.weight) return sa.weight < sb.weight ? -1 : 1;
    if (int c = compare_digit_runs(sa.number, sb.number)) return c;
  }
  if (int c = compare_digit_runs(va.build, vb.build)) return c;
  if (va.remainder.empty() != vb.remainder.empty()) return va.remainder.empty() ? 1 : -1;
  return 0;
}

Result<void> validate_alpine(std::string_view v) {
  const ApkVersion p = parse(v);
  if (p.numbers.empty()) return invalid_version(v, "alpine", "must start with a number");
  if (p.invalid || !p.remainder.empty()) {
    return invalid_version(v, "alpine", "expected number{.number}{letter}{_suffix{n}}{~hash}{-r#}");
  }
  return {};
}

}  // namespace vigil::version::detail

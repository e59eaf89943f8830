// SemVer 2.0 precedence (https://semver.org/spec/v2.0.0.html#spec-item-11),
// as npm, Go, crates.io and Hex apply it, with the leniency of OSV's
// reference implementation: up to three numeric components are the version
// core, further ones are appended to the pre-release so that "1.2.3.4" sorts
// just before "1.2.3" rather than failing.
#include "version/semver.h"

#include <algorithm>

#include "core/text.h"
#include "version/schemes.h"

namespace vigil::version::detail {

SemverParts split_semver(std::string_view v) {
  SemverParts p;
  if (!v.empty() && v.front() == 'v') v.remove_prefix(1);
  size_t i = 0;
  size_t run_start = 0;
  bool in_run = false;
  for (; i < v.size(); ++i) {
    const char c = v[i];
    if (is_digit(c)) {
      if (!in_run) run_start = i;
      in_run = true;
      continue;
    }
    if (in_run) {
      if (p.count < SemverParts::kMaxInline)
        p.numbers[p.count] = v.substr(run_start, i - run_start);
      ++p.count;
      in_run = false;
    }
    if (c != '.') break;
  }
  if (in_run) {
    if (p.count < SemverParts::kMaxInline) p.numbers[p.count] = v.substr(run_start, i - run_start);
    ++p.count;
  }
  p.numbers_text = v.substr(0, i);
  p.tail = v.substr(i);
  return p;
}

std::string_view number_at(const SemverParts& p, int i) {
  if (i < std::min(p.count, SemverParts::kMaxInline)) return p.numbers[i];
  if (i >= p.count) return "0";
  // Beyond the inline slots: walk the text (versions this long are rare).
  int seen = 0;
  for (std::string_view part : split(p.numbers_text, '.')) {
    if (part.empty()) continue;
    if (seen++ == i) return part;
  }
  return "0";
}

int compare_numbers(const SemverParts& a, const SemverParts& b, int limit) {
  const int n = std::min(std::max(a.count, b.count), limit);
  for (int i = 0; i < n; ++i) {
    if (int c = compare_digit_runs(number_at(a, i), number_at(b, i))) return c;
  }
  return 0;
}

std::string_view prerelease_of(std::string_view tail) {
  tail = tail.substr(0, tail.find('+'));
  if (!tail.empty() && tail.front() == '-') tail.remove_prefix(1);
  return tail;
}

int compare_identifiers(std::string_view a, std::string_view b, bool ignore_case) {
  size_t ia = 0, ib = 0;
  for (;;) {
    const bool a_done = ia > a.size();
    const bool b_done = ib > b.size();
    if (a_done || b_done) return a_done == b_done ? 0 : (a_done ? -1 : 1);
    size_t ea = a.find('.', ia);
    size_t eb = b.find('.', ib);
    if (ea == std::string_view::npos) ea = a.size();
    if (eb == std::string_view::npos) eb = b.size();
    const std::string_view xa = a.substr(ia, ea - ia);
    const std::string_view xb = b.substr(ib, eb - ib);
    const bool na = all_digits(xa);
    const bool nb = all_digits(xb);
    int c;
    if (na && nb) {
      c = compare_digit_runs(xa, xb);
    } else if (na != nb) {
      c = na ? -1 : 1;
    } else {
      c = ignore_case ? icompare(xa, xb) : sign(xa.compare(xb));
    }
    if (c) return c;
    ia = ea + 1;
    ib = eb + 1;
  }
}

namespace {

std::string with_extra_numbers(const SemverParts& p, std::string_view pre) {
  std::string out(pre);
  for (int i = 3; i < p.count; ++i) {
    std::string_view n = number_at(p, i);
    while (n.size() > 1 && n.front() == '0') n.remove_prefix(1);
    out += '.';
    out += n;
  }
  return out;
}

}  // namespace

int compare_semver(std::string_view a, std::string_view b) {
  const SemverParts pa = split_semver(a);
  const SemverParts pb = split_semver(b);
  if (int c = compare_numbers(pa, pb, 3)) return c;
  std::string_view ra = prerelease_of(pa.tail);
  std::string_view rb = prerelease_of(pb.tail);
  std::string owned_a, owned_b;
  if (pa.count > 3) ra = owned_a = with_extra_numbers(pa, ra);
  if (pb.count > 3) rb = owned_b = with_extra_numbers(pb, rb);
  // A version without a pre-release ranks above any with one.
  if (ra.empty() || rb.empty()) return ra.empty() == rb.empty() ? 0 : (ra.empty() ? 1 : -1);
  return compare_identifiers(ra, rb, /*ignore_case=*/false);
}

Result<void> validate_semver(std::string_view v) {
  std::string_view s = v;
  if (!s.empty() && (s.front() == 'v' || s.front() == 'V')) s.remove_prefix(1);
  if (s.empty() || !is_digit(s.front())) {
    return invalid_version(v, "semver", "must start with a number");
  }
  for (char c : s) {
    if (!is_alnum(c) && c != '.' && c != '-' && c != '+' && c != '_' && c != '~') {
      return invalid_version(v, "semver", std::string("unexpected character '") + c + "'");
    }
  }
  return {};
}

}  // namespace vigil::version::detail

#include "version/npm_range.h"

#include <algorithm>
#include <optional>

#include "core/text.h"
#include "version/semver.h"

namespace vigil::version {
namespace {

Error invalid(std::string_view text, const std::string& why) {
  return Error{"invalid npm range " + quote(text) + ": " + why, {}};
}

// A possibly partial version: "1", "1.2", "1.2.x", "1.2.3-beta.1".
struct Partial {
  std::optional<unsigned long long> major, minor, patch;  // nullopt: wildcard or absent
  std::string prerelease;                                 // without '-'

  std::string full(unsigned long long maj, unsigned long long min, unsigned long long pat,
                   std::string_view pre = {}) const {
    std::string s = std::to_string(maj) + "." + std::to_string(min) + "." + std::to_string(pat);
    if (!pre.empty()) s += "-" + std::string(pre);
    return s;
  }
};

bool is_wild(std::string_view s) { return s == "x" || s == "X" || s == "*"; }

Result<Partial> parse_partial(std::string_view s, std::string_view text) {
  Partial p;
  while (!s.empty() && (s.front() == 'v' || s.front() == '=')) s.remove_prefix(1);
  if (s.empty()) return p;          // "" reads as "*"
  const size_t plus = s.find('+');  // build metadata never affects ranges
  if (plus != std::string_view::npos) s = s.substr(0, plus);
  std::string_view core = s;
  const size_t dash = s.find('-');
  if (dash != std::string_view::npos) {
    p.prerelease = std::string(s.substr(dash + 1));
    core = s.substr(0, dash);
    if (p.prerelease.empty()) return invalid(text, "empty pre-release in " + quote(s));
  }
  const auto parts = split(core, '.');
  if (parts.size() > 3) return invalid(text, quote(s) + " has more than three numbers");
  std::optional<unsigned long long>* slots[] = {&p.major, &p.minor, &p.patch};
  bool wild = false;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (is_wild(parts[i])) {
      wild = true;
      continue;
    }
    if (wild) return invalid(text, quote(s) + " has a number after a wildcard");
    if (parts[i].empty() || parts[i].size() > 15 || !all_digits(parts[i])) {
      return invalid(text, quote(s) + " is not a version");
    }
    *slots[i] = std::stoull(std::string(parts[i]));
  }
  if (!p.prerelease.empty() && !p.patch) {
    return invalid(text, quote(s) + ": a pre-release needs a full version");
  }
  return p;
}

using Set = std::vector<Constraint>;

void add(Set& set, Comparator op, std::string v) { set.push_back({op, std::move(v)}); }

// Appends the comparators for an X-range or a primitive with a partial version.
void desugar_primitive(Set& set, Comparator op, const Partial& p) {
  if (!p.major) {  // "*": anything but '<*' or '>*'
    if (op == Comparator::lt || op == Comparator::gt)
      add(set, Comparator::lt, "0.0.0-0");
    else
      add(set, Comparator::ge, "0.0.0");
    return;
  }
  const auto M = *p.major;
  if (p.patch) {
    add(set, op, p.full(M, *p.minor, *p.patch, p.prerelease));
    return;
  }
  const bool has_minor = p.minor.has_value();
  const auto m = p.minor.value_or(0);
  // The first version above the partial's span: 1 -> 2.0.0, 1.2 -> 1.3.0.
  const std::string next = has_minor ? p.full(M, m + 1, 0) : p.full(M + 1, 0, 0);
  const std::string low = p.full(M, m, 0);
  switch (op) {
    case Comparator::eq:
      add(set, Comparator::ge, low);
      add(set, Comparator::lt, next + "-0");
      break;
    case Comparator::gt:
      add(set, Comparator::ge, next);
      break;
    case Comparator::ge:
      add(set, Comparator::ge, low);
      break;
    case Comparator::lt:
      add(set, Comparator::lt, low + "-0");
      break;
    case Comparator::le:
      add(set, Comparator::lt, next + "-0");
      break;
    case Comparator::ne:
      break;
  }
}

void desugar_tilde(Set& set, const Partial& p) {
  if (!p.major) return desugar_primitive(set, Comparator::ge, p);
  const auto M = *p.major;
  const auto m = p.minor.value_or(0);
  add(set, Comparator::ge, p.full(M, m, p.patch.value_or(0), p.prerelease));
  add(set, Comparator::lt, (p.minor ? p.full(M, m + 1, 0) : p.full(M + 1, 0, 0)) + "-0");
}

void desugar_caret(Set& set, const Partial& p) {
  if (!p.major) return desugar_primitive(set, Comparator::ge, p);
  const auto M = *p.major;
  const auto m = p.minor.value_or(0);
  const auto pt = p.patch.value_or(0);
  add(set, Comparator::ge, p.full(M, m, pt, p.prerelease));
  std::string upper;
  if (M != 0 || !p.minor) {
    upper = p.full(M + 1, 0, 0);
  } else if (m != 0 || !p.patch) {
    upper = p.full(0, m + 1, 0);
  } else {
    upper = p.full(0, 0, pt + 1);
  }
  add(set, Comparator::lt, upper + "-0");
}

Result<Set> parse_set(std::string_view s, std::string_view text) {
  Set set;
  std::vector<std::string_view> tokens;
  for (std::string_view t : split(s, ' ')) {
    if (!t.empty()) tokens.push_back(t);
  }
  // Hyphen range: "A - B".
  if (tokens.size() == 3 && tokens[1] == "-") {
    auto lo = parse_partial(tokens[0], text);
    if (!lo) return lo.error();
    auto hi = parse_partial(tokens[2], text);
    if (!hi) return hi.error();
    if (lo->major) {
      add(set, Comparator::ge,
          lo->full(*lo->major, lo->minor.value_or(0), lo->patch.value_or(0), lo->prerelease));
    }
    if (hi->major) desugar_primitive(set, Comparator::le, *hi);
    if (set.empty()) add(set, Comparator::ge, "0.0.0");
    return set;
  }
  // Join operators separated from their version: ">= 1.2.3".
  std::vector<std::string> joined;
  for (size_t i = 0; i < tokens.size(); ++i) {
    std::string t(tokens[i]);
    const bool bare_op = t == ">" || t == "<" || t == ">=" || t == "<=" || t == "=" || t == "~" ||
                         t == "^" || t == "~>";
    if (bare_op && i + 1 < tokens.size()) t += tokens[++i];
    joined.push_back(std::move(t));
  }
  for (std::string_view t : joined) {
    if (t.substr(0, 2) == "~>") t.remove_prefix(1);  // "~>" is an alias of "~"
    if (t.front() == '~' || t.front() == '^') {
      auto p = parse_partial(t.substr(1), text);
      if (!p) return p.error();
      t.front() == '~' ? desugar_tilde(set, *p) : desugar_caret(set, *p);
      continue;
    }
    if (t.substr(0, 2) == "!=") return invalid(text, "'!=' is not an npm range operator");
    const Comparator op = take_comparator(t);
    if (t.empty() || t.front() == '<' || t.front() == '>' || t.front() == '~' || t.front() == '^') {
      return invalid(text, "unexpected operator in " + quote(t));
    }
    auto p = parse_partial(t, text);
    if (!p) return p.error();
    desugar_primitive(set, op, *p);
  }
  if (set.empty()) add(set, Comparator::ge, "0.0.0");
  return set;
}

bool holds(const Constraint& c, std::string_view v) {
  return satisfies(c.op, compare(Scheme::semver, v, c.version));
}

// The pre-release of a full version string.
std::string_view version_prerelease(std::string_view v) {
  return detail::prerelease_of(detail::split_semver(v).tail);
}

bool same_core(std::string_view a, std::string_view b) {
  return detail::compare_numbers(detail::split_semver(a), detail::split_semver(b), 3) == 0;
}

}  // namespace

Result<NpmRange> parse_npm_range(std::string_view text) {
  if (text.size() > 1024) return invalid(text, "longer than 1024 characters");
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7F) {
      return invalid(text, "contains a control or non-ASCII character");
    }
  }
  NpmRange r;
  std::string_view rest = text;
  for (;;) {
    const size_t bar = rest.find("||");
    auto set = parse_set(trim(rest.substr(0, bar)), text);
    if (!set) return set.error();
    r.sets.push_back(std::move(*set));
    if (bar == std::string_view::npos) break;
    rest = rest.substr(bar + 2);
  }
  return r;
}

bool NpmRange::satisfied_by(std::string_view v) const {
  const bool pre = !version_prerelease(v).empty();
  for (const auto& set : sets) {
    bool all =
        std::all_of(set.begin(), set.end(), [&](const Constraint& c) { return holds(c, v); });
    if (!all) continue;
    if (!pre) return true;
    for (const Constraint& c : set) {
      if (!version_prerelease(c.version).empty() && same_core(c.version, v)) {
        return true;
      }
    }
  }
  return false;
}

std::string NpmRange::to_string() const {
  std::string out;
  for (size_t i = 0; i < sets.size(); ++i) {
    if (i) out += " || ";
    for (size_t k = 0; k < sets[i].size(); ++k) {
      if (k) out += ' ';
      out += comparator_text(sets[i][k].op);
      out += sets[i][k].version;
    }
  }
  return out;
}

}  // namespace vigil::version

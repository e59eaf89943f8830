#include "match/product_version.h"

#include <optional>
#include <vector>

#include "core/text.h"
#include "version/vers.h"
#include "version/version.h"

namespace vigil::match {
namespace {

using version::Comparator;

bool is_all(std::string_view s) { return s == "vers:all/*" || s == "*" || s == "all"; }

// A token that reads as a version: a digit somewhere, no spaces.
bool version_like(std::string_view s) {
  if (s.empty() || s.find(' ') != std::string_view::npos) return false;
  for (char c : s) {
    if (is_digit(c)) return true;
  }
  return false;
}

int cmp(std::string_view a, std::string_view b) {
  return version::compare(version::Scheme::generic, a, b);
}

struct Bound {
  Comparator op;
  std::string_view version;
};

bool holds(const Bound& b, std::string_view v) {
  return version::satisfies(b.op, cmp(v, b.version));
}

bool is_lower(Comparator op) { return op == Comparator::gt || op == Comparator::ge; }
bool is_upper(Comparator op) { return op == Comparator::lt || op == Comparator::le; }

VersionMatch range_matches(std::string_view range, std::string_view v) {
  range = trim(range);
  if (is_all(range)) return VersionMatch::yes;
  if (range.starts_with("vers:")) {
    auto r = version::parse_vers(range);
    if (!r) return VersionMatch::unknown;
    return r->contains(v) ? VersionMatch::yes : VersionMatch::no;
  }
  std::vector<Bound> bounds;
  for (std::string_view part : split(range, '|')) {
    part = trim(part);
    if (part.empty()) continue;
    const Comparator op = version::take_comparator(part);
    part = trim(part);
    // "<= 1.54 (integrated into GE MobileLink)": the version is the first word.
    const std::string_view word = part.substr(0, part.find(' '));
    if (!version_like(word)) return VersionMatch::unknown;
    bounds.push_back({op, word});
  }
  if (bounds.empty()) return VersionMatch::unknown;
  for (size_t i = 0; i < bounds.size(); ++i) {
    if (is_lower(bounds[i].op) && i + 1 < bounds.size() && is_upper(bounds[i + 1].op)) {
      if (holds(bounds[i], v) && holds(bounds[i + 1], v)) return VersionMatch::yes;
      ++i;
    } else if (holds(bounds[i], v)) {
      return VersionMatch::yes;
    }
  }
  return VersionMatch::no;
}

VersionMatch list_matches(std::string_view list, std::string_view v) {
  list = trim(list);
  if (is_all(list)) return VersionMatch::yes;
  bool comparable = true;
  for (std::string_view part : split(list, '|')) {
    part = trim(part);
    if (part.empty()) continue;
    if (!version_like(part)) {
      comparable = false;
      continue;
    }
    if (cmp(part, v) == 0) return VersionMatch::yes;
  }
  return comparable ? VersionMatch::no : VersionMatch::unknown;
}

}  // namespace

VersionMatch product_version_matches(std::string_view product_version,
                                     std::string_view product_version_range,
                                     std::string_view version) {
  if (!trim(product_version_range).empty()) {
    if (version.empty())
      return is_all(trim(product_version_range)) ? VersionMatch::yes : VersionMatch::unknown;
    return range_matches(product_version_range, version);
  }
  if (!trim(product_version).empty()) {
    if (version.empty())
      return is_all(trim(product_version)) ? VersionMatch::yes : VersionMatch::unknown;
    return list_matches(product_version, version);
  }
  return VersionMatch::unknown;
}

}  // namespace vigil::match

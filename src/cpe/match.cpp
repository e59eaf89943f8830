// CPE name matching (NISTIR 7696 section 6): attribute comparison by the
// specification's table, string matching with '*' and '?' wildcards at the
// ends of the source value, and the name-level relation.
//
// As in the specification's pseudo-code, a run of n '?' matches up to n
// characters. Unlike that pseudo-code, characters left over after a match are
// counted as logical characters (an escape pair is one), so that an escaped
// punctuation mark inside the match is not counted twice.
#include <string>

#include "cpe/cpe.h"

namespace vigil::cpe {
namespace {

// Number of escape backslashes in s[start, end).
size_t count_escapes(std::string_view s, size_t start, size_t end) {
  size_t n = 0;
  for (size_t i = start; i < end && i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++n;
      ++i;
    }
  }
  return n;
}

// Whether the character at idx is unescaped (an even number of backslashes before it).
bool is_even_wildcard(std::string_view s, size_t idx) {
  size_t backslashes = 0;
  while (idx > backslashes && s[idx - backslashes - 1] == '\\') ++backslashes;
  return backslashes % 2 == 0;
}

Relation compare_strings(std::string_view source, std::string_view target) {
  size_t start = 0;
  size_t end = source.size();
  long begins = 0;
  long ends = 0;
  if (!source.empty() && source[0] == '*') {
    start = 1;
    begins = -1;
  } else {
    while (start < source.size() && source[start] == '?') {
      ++start;
      ++begins;
    }
  }
  if (end > start && source[end - 1] == '*' && is_even_wildcard(source, end - 1)) {
    --end;
    ends = -1;
  } else {
    while (end > start && source[end - 1] == '?' && is_even_wildcard(source, end - 1)) {
      --end;
      ++ends;
    }
  }
  const std::string_view core = source.substr(start, end - start);
  size_t from = 0;
  for (;;) {
    const size_t index = target.find(core, from);
    if (index == std::string_view::npos) break;
    const long escapes_before = static_cast<long>(count_escapes(target, 0, index));
    // The core must start within what the leading wildcards allow.
    if (index > 0 && begins != -1 && begins < static_cast<long>(index) - escapes_before) break;
    // Characters of the target after the match, an escape pair counting once.
    const size_t after = index + core.size();
    const long leftover = static_cast<long>(target.size() - after) -
                          static_cast<long>(count_escapes(target, after, target.size()));
    if (leftover > 0 && ends != -1 && leftover > ends) {
      from = index + 1;
      continue;
    }
    return Relation::superset;
  }
  return Relation::disjoint;
}

}  // namespace

std::string_view relation_name(Relation r) {
  switch (r) {
    case Relation::superset:
      return "superset";
    case Relation::subset:
      return "subset";
    case Relation::equal:
      return "equal";
    case Relation::disjoint:
      return "disjoint";
    case Relation::undefined:
      return "undefined";
  }
  return "undefined";
}

Relation compare_values(const Value& source, const Value& target) {
  if (target.has_wildcards()) return Relation::undefined;
  if (source == target) return Relation::equal;
  if (source.is_any()) return Relation::superset;
  if (target.is_any()) return Relation::subset;
  if (source.is_na() || target.is_na()) return Relation::disjoint;
  return compare_strings(source.text, target.text);
}

Relation compare(const Wfn& source, const Wfn& target) {
  bool all_equal = true;
  bool superset_or_equal = true;
  bool subset_or_equal = true;
  bool undefined = false;
  for (size_t i = 0; i < kAttributeCount; ++i) {
    const Relation r = compare_values(source.values[i], target.values[i]);
    if (r == Relation::disjoint) return Relation::disjoint;
    if (r == Relation::undefined) undefined = true;
    all_equal = all_equal && r == Relation::equal;
    superset_or_equal = superset_or_equal && (r == Relation::equal || r == Relation::superset);
    subset_or_equal = subset_or_equal && (r == Relation::equal || r == Relation::subset);
  }
  if (undefined) return Relation::undefined;
  if (all_equal) return Relation::equal;
  if (superset_or_equal) return Relation::superset;
  if (subset_or_equal) return Relation::subset;
  return Relation::undefined;
}

bool matches(const Wfn& source, const Wfn& target) {
  const Relation r = compare(source, target);
  return r == Relation::superset || r == Relation::equal;
}

}  // namespace vigil::cpe

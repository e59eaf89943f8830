// SemVer-shaped versions, shared by the semver, NuGet and Pub schemes.
//
// Internal to version/. The parse is deliberately lenient, as feeds are: a
// leading 'v' is dropped, any number of numeric components is accepted, and
// the first character that is neither a digit nor '.' starts the
// "tail" (pre-release and build metadata).
#pragma once

#include <string>
#include <string_view>

namespace vigil::version::detail {

struct SemverParts {
  static constexpr int kMaxInline = 8;
  std::string_view numbers[kMaxInline];  // digit runs
  int count = 0;                         // numeric components seen (may exceed kMaxInline)
  std::string_view numbers_text;         // the text holding every numeric component
  std::string_view tail;                 // from the first non-numeric character on
};

SemverParts split_semver(std::string_view v);

// Compares numeric components, padding the shorter list with zeros. Only the
// first `limit` components take part.
int compare_numbers(const SemverParts& a, const SemverParts& b, int limit);

// Compares dot-separated identifiers by SemVer 2.0 precedence: numeric ones
// numerically and below alphanumeric ones, alphanumeric ones by ASCII order
// (or ignoring case), and a longer list above its prefix.
int compare_identifiers(std::string_view a, std::string_view b, bool ignore_case);

// The pre-release of a tail: build metadata ('+...') dropped, one leading
// '-' removed ("-beta.1+b2" -> "beta.1").
std::string_view prerelease_of(std::string_view tail);

// The i-th numeric component (0-based) as text, "0" when absent.
std::string_view number_at(const SemverParts& p, int i);

}  // namespace vigil::version::detail

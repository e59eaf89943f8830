// Version ordering per ecosystem.
//
// Every ecosystem orders versions its own way (PEP 440, Maven's
// ComparableVersion, dpkg, rpmvercmp ...). A Scheme names one such ordering;
// several ecosystems share a scheme (npm, Go, crates.io and Hex all order by
// SemVer 2.0). scheme_for() maps the names users and feeds write (OSV
// ecosystem names, purl types, vers schemes) to a scheme.
//
// compare() is total: any two strings order, so that a malformed version in
// a feed never aborts a scan; validate() says whether a string is a version
// the ecosystem itself would accept, for callers that must reject bad input.
// Comparison works on the strings directly and allocates nothing on the
// common paths: matching compares millions of pairs.
//
// Thread-safety: all functions are pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/error.h"

namespace vigil::version {

enum class Scheme : uint8_t {
  semver,     // SemVer 2.0: npm, Go, crates.io, Hex and the semver vers scheme
  pep440,     // PyPI
  maven,      // Maven ComparableVersion
  nuget,      // NuGet (SemVer 2.0 with a fourth number, case-insensitive)
  rubygems,   // Gem::Version
  packagist,  // Composer / PHP version_compare
  debian,     // dpkg, also Ubuntu
  rpm,        // rpmvercmp with epoch, tilde and caret: Red Hat, SUSE, Rocky ...
  alpine,     // apk-tools
  cran,       // R package versions
  pub,        // Dart pub (SemVer with ordered build metadata)
  hackage,    // Haskell PVP: dotted integers
  generic,    // unknown ecosystems, CPE versions, firmware: see generic.cpp
};

// The scheme for an ecosystem name as OSV spells it ("PyPI", "Red Hat",
// "Debian:12"), a purl type ("pypi", "rpm") or a vers scheme ("pypi", "deb").
// Matching ignores case. Returns nullopt for a name it does not know.
std::optional<Scheme> scheme_for(std::string_view ecosystem);

// A short stable name for messages and JSON ("pep440", "maven", ...).
std::string_view scheme_name(Scheme scheme);

// Orders a and b: negative when a < b, zero when equal, positive when a > b.
int compare(Scheme scheme, std::string_view a, std::string_view b);

// Ok when `v` is a well-formed version for the scheme; otherwise an error
// naming the version and what is wrong with it.
Result<void> validate(Scheme scheme, std::string_view v);

}  // namespace vigil::version

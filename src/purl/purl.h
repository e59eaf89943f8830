// Package URL (purl): the identity of a software package across ecosystems.
//
// Implements the purl specification (https://github.com/package-url/purl-spec,
// ECMA-427): parsing, validation, per-type normalisation and the canonical
// string form. Two purls name the same package version exactly when their
// canonical strings are equal.
//
// Leniency: parsing accepts the non-canonical spellings real SBOMs contain
// (upper-case type or qualifier keys, "pkg://", unencoded '/' or '+' in values)
// and normalises them; it rejects what cannot be interpreted unambiguously.
//
// Thread-safety: all functions are pure; PackageUrl is a plain value.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"

namespace vigil::purl {

struct PackageUrl {
  std::string type;        // lower case, e.g. "npm"
  std::string namespace_;  // decoded, segments joined by '/'; empty when absent
  std::string name;        // decoded
  std::string version;     // decoded; empty when absent
  // Decoded key/value pairs, keys lower case, sorted by key, no empty values.
  std::vector<std::pair<std::string, std::string>> qualifiers;
  std::string subpath;  // decoded, segments joined by '/'; empty when absent

  // The canonical string form ("pkg:type/namespace/name@version?k=v#subpath").
  std::string to_string() const;
  // Value of a qualifier, if present.
  std::optional<std::string_view> qualifier(std::string_view key) const;

  friend bool operator==(const PackageUrl&, const PackageUrl&) = default;
};

// The decoded parts of a purl before validation; what "build" starts from.
struct Components {
  std::optional<std::string> type;
  std::optional<std::string> namespace_;
  std::optional<std::string> name;
  std::optional<std::string> version;
  std::vector<std::pair<std::string, std::string>> qualifiers;
  std::optional<std::string> subpath;
};

// Parses a purl string and normalises it for its type.
Result<PackageUrl> parse(std::string_view text);
// Whether `text` is a purl, with parse()'s error when not; for checking many
// (every component of an SBOM), it parses into one value per thread instead
// of building one each time.
Result<void> check(std::string_view text);

// Validates and normalises decoded components, as when building a purl from
// an SBOM's fields.
Result<PackageUrl> build(const Components& parts);

// Canonical form of a purl string: parse(text)->to_string().
Result<std::string> canonicalize(std::string_view text);

// Percent-encodes everything except ASCII letters, digits and ".-_~:", the
// character set the specification leaves unencoded in every component.
std::string percent_encode(std::string_view s);

}  // namespace vigil::purl

// Common Platform Enumeration 2.3: well-formed names (WFN), their two
// bindings, and the name-matching relation.
//
//   NISTIR 7695 (naming):  WFN, formatted string "cpe:2.3:a:vendor:product:..."
//                          and URI "cpe:/a:vendor:product:..." bindings.
//   NISTIR 7696 (matching): superset / subset / equal / disjoint per attribute
//                          and per name, with ANY, NA and the '*' and '?'
//                          wildcards.
//
// A Value holds an attribute in WFN form: lower case, every character other
// than letters, digits and '_' escaped with '\', and unescaped '*' or '?' as
// wildcards at either end. Parsing lower-cases, since matching ignores case.
//
// Thread-safety: plain values; all functions are pure.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "core/error.h"

namespace vigil::cpe {

enum class Attribute : uint8_t {
  part,
  vendor,
  product,
  version,
  update,
  edition,
  language,
  sw_edition,
  target_sw,
  target_hw,
  other
};
inline constexpr size_t kAttributeCount = 11;

std::string_view attribute_name(Attribute a);

struct Value {
  enum class Kind : uint8_t { any, na, text };
  Kind kind = Kind::any;
  std::string text;  // WFN form, when kind == text

  bool is_any() const { return kind == Kind::any; }
  bool is_na() const { return kind == Kind::na; }
  // Whether the text holds an unescaped '*' or '?'.
  bool has_wildcards() const;
  // The text with WFN escapes removed ("1\.0" -> "1.0"), for display and
  // version comparison; "*" for ANY and "-" for NA.
  std::string plain() const;
  // The same into `out`, whose capacity is kept: for comparisons made by the
  // thousand.
  void plain_into(std::string& out) const;

  friend bool operator==(const Value&, const Value&) = default;
};

// A literal value from plain text ("1.0.2g" -> "1\\.0\\.2g"): lower case,
// every character other than letters, digits and '_' quoted, so that '*'
// and '?' are never wildcards. Empty text gives ANY.
Value literal(std::string_view plain);

struct Wfn {
  std::array<Value, kAttributeCount> values;

  const Value& operator[](Attribute a) const { return values[static_cast<size_t>(a)]; }
  Value& operator[](Attribute a) { return values[static_cast<size_t>(a)]; }

  // The CPE 2.3 formatted string binding.
  std::string to_formatted_string() const;
  // The CPE 2.2 URI binding (with the packed edition when needed).
  std::string to_uri() const;

  friend bool operator==(const Wfn&, const Wfn&) = default;
};

// Parses either binding, chosen by its prefix ("cpe:2.3:" or "cpe:/").
Result<Wfn> parse(std::string_view text);
Result<Wfn> parse_formatted_string(std::string_view text);
Result<Wfn> parse_uri(std::string_view text);
// Whether `text` is a CPE in either binding, with parse()'s error when not;
// for checking many names (every component of an SBOM), it parses into one
// value per thread instead of building one each time.
Result<void> check(std::string_view text);

enum class Relation : uint8_t { superset, subset, equal, disjoint, undefined };

std::string_view relation_name(Relation r);

// How the set of products `source` names relates to that of `target`
// (NISTIR 7696 section 6). `undefined` when `target` holds wildcards or the
// attributes disagree in direction.
Relation compare_values(const Value& source, const Value& target);
Relation compare(const Wfn& source, const Wfn& target);

// True when `source` names every product `target` names: superset or equal.
// This is how a vulnerability's CPE criterion matches a component's CPE.
bool matches(const Wfn& source, const Wfn& target);

}  // namespace vigil::cpe

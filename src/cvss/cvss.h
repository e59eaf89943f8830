// CVSS vectors (v2.0, v3.0, v3.1, v4.0): parsing with precise errors, base
// scores and severity ratings.
//
// Specifications: https://www.first.org/cvss/v2/guide,
// https://www.first.org/cvss/v3.1/specification-document (v3.0 differs only
// in rounding), https://www.first.org/cvss/v4.0/specification-document.
// v4.0 scores follow the specification's MacroVector method (cvss4.cpp), over
// the base metrics alone (base_score) or every group the vector holds
// (score: CVSS-B, -BT, -BE or -BTE, as nomenclature() names it).
//
// Thread-safety: pure functions, plain values.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"

namespace vigil::cvss {

enum class Version : uint8_t { v2_0, v3_0, v3_1, v4_0 };

std::string_view version_name(Version v);  // "2.0", "3.0", "3.1", "4.0"

struct Vector {
  Version version = Version::v3_1;
  // Metric abbreviations and values in the order written ("AV", "N").
  std::vector<std::pair<std::string, std::string>> metrics;
  std::string_view value(std::string_view metric) const;  // empty when absent
};

// The vector as written: "CVSS:3.1/AV:N/..." (v2: "AV:N/AC:L/...").
std::string to_string(const Vector& v);

// Parses "CVSS:3.1/AV:N/...", "CVSS:4.0/...", or a v2 vector with or without
// parentheses ("AV:N/AC:L/Au:N/C:P/I:P/A:P"). Metrics may come in any order;
// every base metric must be present, and no metric twice.
Result<Vector> parse(std::string_view text);

// The base score, rounded as the version specifies. For v4.0, the score of
// the base metrics alone, whatever else the vector holds.
std::optional<double> base_score(const Vector& v);

// The temporal and environmental scores of v2 and v3.x vectors, by their
// specifications' equations. v3.x always has both (unstated metrics are
// "not defined" and leave the base score as it is); v2 only when the
// vector states a metric of that group; v4.0 has neither (see score()).
std::optional<double> temporal_score(const Vector& v);
std::optional<double> environmental_score(const Vector& v);

// The score of every metric group the vector holds: for v4.0 base, threat
// and environmental metrics together (unstated ones at their defaults);
// for earlier versions the base score.
std::optional<double> score(const Vector& v);

// For v4.0, which groups score() covered: "CVSS-B", "CVSS-BT", "CVSS-BE" or
// "CVSS-BTE"; for earlier versions "base".
std::string_view nomenclature(const Vector& v);

namespace detail {
double score_v4(const Vector& v, bool base_only);  // cvss4.cpp
}

// The qualitative rating of a score: "none", "low", "medium", "high",
// "critical" (v2 has no "none" or "critical": 0-3.9 low, 4-6.9 medium,
// 7-10 high).
std::string_view severity(Version v, double score);

}  // namespace vigil::cvss

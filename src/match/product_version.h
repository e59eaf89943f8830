// Versions as CSAF advisories write them for products without identifiers:
// `product_version` ("A10 | A11") and `product_version_range` in `vers:`
// form or the plain forms CISA's advisories use ("<12.2.8.410",
// "<= U61 |<= L81", ">= 4.01 | <= 4.34", "vers:all/*").
//
// Plain forms are alternatives separated by '|'. A lower bound followed by
// an upper bound is one interval (">= 4.01 | <= 4.34"); any other bound
// stands alone, and the version is affected when any alternative holds.
// Versions order by the generic scheme. Text that is not a version ("<
// august 28", "Rev B-M") cannot be compared: the answer is `unknown`, never
// a silent "not affected".
//
// Thread-safety: pure functions.
#pragma once

#include <string_view>

namespace vigil::match {

enum class VersionMatch : uint8_t { no, yes, unknown };

// Whether `version` is one the product entry names; an entry with neither
// field names every version only when it says so ("vers:all/*"), otherwise
// the answer is unknown.
VersionMatch product_version_matches(std::string_view product_version,
                                     std::string_view product_version_range,
                                     std::string_view version);

}  // namespace vigil::match

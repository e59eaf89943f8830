// NVD CVE API 2.0 records (https://nvd.nist.gov/developers/vulnerabilities)
// into Advisory: descriptions, CVSS metrics with their sources, weaknesses,
// typed references and the CPE configurations with their AND/OR structure,
// negation, vulnerable flags and version bounds.
//
// Input is either one `cve` object or an API response page
// ({"vulnerabilities": [{"cve": {...}}, ...]}). A record that cannot be used
// (no id, a configuration node whose match has no criteria) is skipped with an
// Error naming it; the rest of the page still reads.
#pragma once

#include <string_view>
#include <vector>

#include "advisory/advisory.h"
#include "core/error.h"

namespace vigil::advisory {

struct NvdPage {
  std::vector<Advisory> advisories;
  std::vector<Error> skipped;  // one per record that could not be used
  size_t total_results = 0;    // the API's totalResults, 0 for a single record
};

// An Error only when the input is not JSON or neither shape above.
Result<NvdPage> parse_nvd(std::string_view json, std::string_view source);

}  // namespace vigil::advisory

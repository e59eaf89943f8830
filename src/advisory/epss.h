// FIRST's Exploit Prediction Scoring System daily scores
// (https://www.first.org/epss/data_stats): a CSV, plain or gzip-compressed,
// whose first line is "#model_version:...,score_date:..." followed by the
// header "cve,epss,percentile" and one row per CVE.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace vigil::advisory {

struct EpssScore {
  std::string cve;
  double epss = 0;        // probability of exploitation in the next 30 days, 0..1
  double percentile = 0;  // 0..1
  friend bool operator==(const EpssScore&, const EpssScore&) = default;
};

struct EpssSnapshot {
  std::string model_version;  // "v2023.03.01"
  std::string score_date;     // "2023-03-15T00:00:00+0000"
  std::vector<EpssScore> scores;
  std::vector<Error> skipped;  // malformed rows, by line
};

// Reads the CSV; gzip input (magic 1f 8b) is decompressed first.
Result<EpssSnapshot> parse_epss(std::string_view bytes, std::string_view source);

}  // namespace vigil::advisory

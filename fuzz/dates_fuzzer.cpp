// Fuzzes the date and timestamp parsers (core/dates.h) that every feed
// record's `modified` and every deadline go through. Properties: a date
// that parses formats back to the same text; day numbers and civil dates
// convert both ways; a timestamp starts with a date that parses.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "core/dates.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (auto days = vigil::parse_date(input)) {
    if (vigil::format_date(*days) != input) std::abort();
    const auto civil = vigil::civil_from_days(*days);
    if (!vigil::valid_date(civil.year, civil.month, civil.day)) std::abort();
    if (vigil::days_from_civil(civil.year, civil.month, civil.day) != *days) std::abort();
  }
  if (vigil::is_timestamp(input) && !vigil::parse_date(input.substr(0, 10))) std::abort();
  // Any day number within a few million years converts both ways.
  if (size >= sizeof(int32_t)) {
    int32_t n;
    std::memcpy(&n, data, sizeof n);
    const auto civil = vigil::civil_from_days(n);
    if (vigil::days_from_civil(civil.year, civil.month, civil.day) != n) std::abort();
  }
  return 0;
}

// Calendar dates of the proleptic Gregorian calendar as day numbers since
// 1970-01-01, and back (Howard Hinnant's days_from_civil/civil_from_days),
// for the feeds' timestamps and triage's deadlines.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vigil {

struct CivilDate {
  int64_t year;
  unsigned month, day;
};

int64_t days_from_civil(int64_t year, unsigned month, unsigned day);
CivilDate civil_from_days(int64_t days);
// Whether year-month-day is a real date (2023-02-29 is not).
bool valid_date(int64_t year, unsigned month, unsigned day);

// "YYYY-MM-DD" as a day number; nullopt unless exactly that form and a
// real date.
std::optional<int64_t> parse_date(std::string_view text);
std::string format_date(int64_t days);  // "YYYY-MM-DD"

}  // namespace vigil

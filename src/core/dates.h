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

// Whether `text` is a feed's timestamp: a real YYYY-MM-DD date, then
// nothing, or T (or a space) and HH:MM[:SS[.fraction]] with an optional Z
// or ±HH:MM. Such timestamps of one feed order as text; "zzz",
// "2026-02-30" and "0000-00-00" are not timestamps.
bool is_timestamp(std::string_view text);

}  // namespace vigil

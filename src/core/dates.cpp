#include "core/dates.h"

#include <cstdio>

#include "core/text.h"

namespace vigil {

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

CivilDate civil_from_days(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

bool valid_date(int64_t y, unsigned m, unsigned d) {
  constexpr unsigned kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m >= 1 && m <= 12 && d >= 1 && d <= kDays[m - 1] && !(m == 2 && d == 29 && !leap);
}

bool is_timestamp(std::string_view s) {
  if (s.size() < 10 || !parse_date(s.substr(0, 10))) return false;
  if (s.substr(0, 4) == "0000") return false;  // no feed dates anything to year 0
  if (s.size() == 10) return true;
  const auto digits = [&](size_t at, size_t n, int max) {
    if (at + n > s.size()) return false;
    int v = 0;
    for (size_t i = at; i < at + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      v = v * 10 + (s[i] - '0');
    }
    return v <= max;
  };
  if ((s[10] != 'T' && s[10] != ' ') || !digits(11, 2, 23) || s.size() < 16 || s[13] != ':' ||
      !digits(14, 2, 59))
    return false;
  size_t i = 16;
  if (i < s.size() && s[i] == ':') {
    if (!digits(i + 1, 2, 60)) return false;
    i += 3;
    if (i < s.size() && s[i] == '.') {
      const size_t from = ++i;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
      if (i == from) return false;
    }
  }
  if (i == s.size()) return true;
  if (s[i] == 'Z' || s[i] == 'z') return i + 1 == s.size();
  if (s[i] != '+' && s[i] != '-') return false;
  return i + 6 == s.size() && digits(i + 1, 2, 23) && s[i + 3] == ':' && digits(i + 4, 2, 59);
}

std::optional<int64_t> parse_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  int64_t y = 0;
  unsigned m = 0, d = 0;
  for (size_t i = 0; i < 10; ++i) {
    if (i == 4 || i == 7) continue;
    if (!is_digit(s[i])) return std::nullopt;
    const unsigned digit = static_cast<unsigned>(s[i] - '0');
    if (i < 4) {
      y = y * 10 + digit;
    } else if (i < 7) {
      m = m * 10 + digit;
    } else {
      d = d * 10 + digit;
    }
  }
  if (!valid_date(y, m, d)) return std::nullopt;
  return days_from_civil(y, m, d);
}

std::string format_date(int64_t days) {
  const CivilDate c = civil_from_days(days);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(c.year), c.month,
                c.day);
  return buf;
}

}  // namespace vigil

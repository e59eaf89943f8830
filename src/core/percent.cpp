#include "core/percent.h"

#include "core/text.h"

namespace vigil {

Result<std::string> percent_decode(std::string_view s) {
  const auto hexval = [](char c) -> int {
    if (is_digit(c)) return c - '0';
    c = to_lower(c);
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  // Most text has no escapes at all: one copy.
  size_t i = s.find('%');
  if (i == std::string_view::npos) return std::string(s);
  std::string out(s.substr(0, i));
  out.reserve(s.size());
  for (; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    if (i + 2 >= s.size()) {
      return Error{"incomplete percent-escape " + quote(s.substr(i)), {}};
    }
    const int hi = hexval(s[i + 1]);
    const int lo = hexval(s[i + 2]);
    if (hi < 0 || lo < 0) return Error{"invalid percent-escape " + quote(s.substr(i, 3)), {}};
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

}  // namespace vigil

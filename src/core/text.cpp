#include "core/text.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>

namespace vigil {

namespace {

// Whether any byte of x is below n (n at most 0x80): exact for "any".
constexpr uint64_t has_less(uint64_t x, uint64_t n) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  return (x - n * kOnes) & ~x & (0x80 * kOnes);
}

constexpr uint64_t has_byte(uint64_t x, uint64_t b) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  return has_less(x ^ (b * kOnes), 1);
}

constexpr bool plain_byte(char c) { return c >= 0x20 && c < 0x7f && c != '"' && c != '\\'; }

}  // namespace

bool json_plain(std::string_view s) {
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t x;
    std::memcpy(&x, s.data() + i, 8);
    if ((x & kHigh) | has_less(x, 0x20) | has_byte(x, 0x7f) | has_byte(x, '"') | has_byte(x, '\\'))
      return false;
  }
  for (; i < s.size(); ++i) {
    if (!plain_byte(s[i])) return false;
  }
  return true;
}

void lower_in_place(std::string& s) {
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t x;
    std::memcpy(&x, s.data() + i, 8);
    x = lower8(x);
    std::memcpy(s.data() + i, &x, 8);
  }
  for (; i < s.size(); ++i) s[i] = to_lower(s[i]);
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  lower_in_place(out);
  return out;
}

std::string ascii_upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = to_upper(c);
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (to_lower(a[i]) != to_lower(b[i])) return false;
  }
  return true;
}

int icompare(std::string_view a, std::string_view b) {
  const size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    const auto ca = static_cast<unsigned char>(to_lower(a[i]));
    const auto cb = static_cast<unsigned char>(to_lower(b[i]));
    if (ca != cb) return ca < cb ? -1 : 1;
  }
  return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

std::string_view trim(std::string_view s) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (;;) {
    const size_t pos = s.find(sep, start);
    if (pos == std::string_view::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, pos - start));
    start = pos + 1;
  }
}

namespace {

bool is_direction_mark(uint32_t c) {
  return c == 0x061c || c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e) ||
         (c >= 0x2066 && c <= 0x2069);
}

// The code point of the valid UTF-8 sequence at s[i], and its length; 0
// when there is none.
size_t utf8_at(std::string_view s, size_t i, uint32_t& c) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const auto cont = [&](size_t k) { return i + k < s.size() && (b(k) & 0xc0) == 0x80; };
  const unsigned char lead = b(0);
  if (lead >= 0xc2 && lead <= 0xdf && cont(1)) {
    c = ((lead & 0x1fu) << 6) | (b(1) & 0x3fu);
    return 2;
  }
  if (lead >= 0xe0 && lead <= 0xef && cont(1) && cont(2)) {
    c = ((lead & 0x0fu) << 12) | ((b(1) & 0x3fu) << 6) | (b(2) & 0x3fu);
    return c >= 0x800 && (c < 0xd800 || c > 0xdfff) ? 3 : 0;
  }
  if (lead >= 0xf0 && lead <= 0xf4 && cont(1) && cont(2) && cont(3)) {
    c = ((lead & 0x07u) << 18) | ((b(1) & 0x3fu) << 12) | ((b(2) & 0x3fu) << 6) | (b(3) & 0x3fu);
    return c >= 0x10000 && c <= 0x10ffff ? 4 : 0;
  }
  return 0;
}

}  // namespace

std::string inert(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  char buf[16];
  for (size_t i = 0; i < s.size();) {
    const auto byte = static_cast<unsigned char>(s[i]);
    if (byte >= 0x20 && byte < 0x7f) {
      out.push_back(s[i++]);
      continue;
    }
    uint32_t c = 0;
    const size_t n = byte < 0x80 ? 0 : utf8_at(s, i, c);
    if (n == 0) {  // a control byte, DEL, or a byte that is not UTF-8
      std::snprintf(buf, sizeof buf, "\\x%02x", byte);
      out += buf;
      ++i;
    } else if ((c >= 0x80 && c <= 0x9f) || is_direction_mark(c)) {
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
      out += buf;
      i += n;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

bool is_valid_utf8(std::string_view s) { return invalid_utf8_offset(s) == std::string_view::npos; }

size_t invalid_utf8_offset(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t len;
    uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return i;
    }
    if (i + len > s.size()) return i;
    for (size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Reject overlong forms, surrogates and values beyond Unicode.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return i;
    }
    i += len;
  }
  return std::string_view::npos;
}

std::string quote(std::string_view s) {
  constexpr size_t kMax = 120;
  std::string out = "'";
  size_t shown = 0;
  for (char ch : s) {
    if (shown++ == kMax) {
      out += "...";
      break;
    }
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7F) {
      static const char* hex = "0123456789abcdef";
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += ch;
    }
  }
  out += "'";
  return out;
}

}  // namespace vigil

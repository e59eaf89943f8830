// WFN values and the formatted-string and URI bindings (NISTIR 7695 sections
// 5 and 6).
#include <string>

#include "core/text.h"
#include "cpe/cpe.h"

namespace vigil::cpe {
namespace {

constexpr std::array<std::string_view, kAttributeCount> kNames = {
    "part",     "vendor",     "product",   "version",   "update", "edition",
    "language", "sw_edition", "target_sw", "target_hw", "other"};

Error invalid(std::string_view text, const std::string& why) {
  return Error{"invalid CPE " + quote(text) + ": " + why, {}};
}

bool plain_char(char c) { return is_alnum(c) || c == '_'; }

// Checks the part attribute, which only 'a', 'o' and 'h' may fill.
Result<void> check_part(const Wfn& w, std::string_view text) {
  const Value& p = w[Attribute::part];
  if (p.kind == Value::Kind::text && p.text != "a" && p.text != "o" && p.text != "h") {
    return invalid(text, "part must be 'a', 'o' or 'h', not " + quote(p.plain()));
  }
  return {};
}

// Checks where unescaped wildcards stand: '*' alone at either end, '?' in
// runs at either end.
Result<void> check_wildcards(std::string_view v, std::string_view text, Attribute a) {
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '\\') {
      ++i;
      continue;
    }
    if (v[i] == '*') {
      if (i != 0 && i + 1 != v.size()) {
        return invalid(text, "'*' may only start or end the " + std::string(kNames[size_t(a)]));
      }
    } else if (v[i] == '?') {
      bool at_start = true;
      for (size_t k = 0; k < i; ++k) at_start = at_start && v[k] == '?';
      bool at_end = true;
      for (size_t k = i + 1; k < v.size(); ++k) at_end = at_end && v[k] == '?';
      if (!at_start && !at_end) {
        return invalid(text, "'?' may only start or end the " + std::string(kNames[size_t(a)]));
      }
    }
  }
  return {};
}

// Unbinds one formatted-string attribute into `v` (written in place: a
// formatted string has eleven, and a Result per value cost a third of parsing).
Result<void> unbind_fs_value(std::string_view s, std::string_view text, Attribute a, Value& v) {
  if (s == "*") {
    v = Value{};
    return {};
  }
  if (s == "-") {
    v = Value{Value::Kind::na, {}};
    return {};
  }
  if (s.empty()) return invalid(text, "the " + std::string(kNames[size_t(a)]) + " is empty");
  v.kind = Value::Kind::text;
  // Written through a pointer into room for the worst case (every character
  // quoted), then cut to length: one size check instead of one per character.
  v.text.resize(s.size() * 2);
  char* out = v.text.data();
  size_t n = 0;
  bool wildcards = false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (plain_char(c)) {
      out[n++] = to_lower(c);
    } else if (c == '\\') {
      if (i + 1 == s.size()) return invalid(text, "ends with a lone '\\'");
      const char next = s[++i];
      if (static_cast<unsigned char>(next) <= 0x20 || static_cast<unsigned char>(next) >= 0x7F) {
        return invalid(text, "'\\' must be followed by a printable ASCII character");
      }
      // A quoted letter, digit or '_' means itself: keep the WFN canonical.
      if (!plain_char(next)) out[n++] = '\\';
      out[n++] = to_lower(next);
    } else if (c == '*' || c == '?') {
      out[n++] = c;
      wildcards = true;
    } else if (static_cast<unsigned char>(c) > 0x20 && static_cast<unsigned char>(c) < 0x7F) {
      out[n++] = '\\';
      out[n++] = c;
    } else {
      return invalid(text, "contains a space, control or non-ASCII character");
    }
  }
  v.text.resize(n);
  if (wildcards) return check_wildcards(v.text, text, a);
  return {};
}

std::string bind_fs_value(const Value& v) {
  if (v.is_any()) return "*";
  if (v.is_na()) return "-";
  // A value that is only a hyphen stays quoted: a bare "-" would read as NA.
  if (v.text == "\\-") return "\\-";
  std::string out;
  for (size_t i = 0; i < v.text.size(); ++i) {
    if (v.text[i] == '\\' && i + 1 < v.text.size()) {
      const char n = v.text[++i];
      if (n == '.' || n == '-' || n == '_') {
        out += n;
      } else {
        out += '\\';
        out += n;
      }
    } else {
      out += v.text[i];
    }
  }
  return out;
}

Result<Value> unbind_uri_value(std::string_view s, std::string_view text, Attribute a) {
  if (s.empty()) return Value{};
  if (s == "-") return Value{Value::Kind::na, {}};
  Value v{Value::Kind::text, {}};
  const auto hexval = [](char c) -> int {
    if (is_digit(c)) return c - '0';
    c = to_lower(c);
    return (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
  };
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (plain_char(c)) {
      v.text += to_lower(c);
    } else if (c == '%') {
      if (i + 2 >= s.size() || hexval(s[i + 1]) < 0 || hexval(s[i + 2]) < 0) {
        return invalid(text, "invalid percent-escape in the " + std::string(kNames[size_t(a)]));
      }
      const char d = static_cast<char>(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
      i += 2;
      if (d == 0x01) {
        v.text += '?';
      } else if (d == 0x02) {
        v.text += '*';
      } else if (plain_char(d)) {
        v.text += to_lower(d);
      } else if (static_cast<unsigned char>(d) > 0x20 && static_cast<unsigned char>(d) < 0x7F) {
        v.text += '\\';
        v.text += d;
      } else {
        return invalid(text, "percent-escape decodes to a character a CPE cannot hold");
      }
    } else if (static_cast<unsigned char>(c) > 0x20 && static_cast<unsigned char>(c) < 0x7F &&
               c != ':') {
      v.text += '\\';
      v.text += c;
    } else {
      return invalid(text, "contains a space, control or non-ASCII character");
    }
  }
  if (auto r = check_wildcards(v.text, text, a); !r) return r.error();
  // A lone unquoted '*' ("%02") matches anything: it is ANY, as the formatted
  // string writes it.
  if (v.text == "*") return Value{};
  return v;
}

std::string bind_uri_value(const Value& v) {
  if (v.is_any()) return "";
  if (v.is_na()) return "-";
  if (v.text == "\\-") return "%2d";  // as in the formatted string: not NA
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < v.text.size(); ++i) {
    const char c = v.text[i];
    if (c == '\\' && i + 1 < v.text.size()) {
      const char n = v.text[++i];
      if (n == '-' || n == '.' || plain_char(n)) {
        out += n;
      } else {
        out += '%';
        out += hex[static_cast<unsigned char>(n) >> 4];
        out += hex[n & 15];
      }
    } else if (c == '?') {
      out += "%01";
    } else if (c == '*') {
      out += "%02";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string_view attribute_name(Attribute a) { return kNames[static_cast<size_t>(a)]; }

bool Value::has_wildcards() const {
  if (kind != Kind::text) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
    } else if (text[i] == '*' || text[i] == '?') {
      return true;
    }
  }
  return false;
}

Value literal(std::string_view plain) {
  if (plain.empty()) return Value{};
  Value v{Value::Kind::text, {}};
  v.text.reserve(plain.size() + 4);
  for (char c : plain) {
    if (!plain_char(c)) v.text += '\\';
    v.text += to_lower(c);
  }
  return v;
}

std::string Value::plain() const {
  std::string out;
  plain_into(out);
  return out;
}

void Value::plain_into(std::string& out) const {
  if (is_any()) {
    out = "*";
  } else if (is_na()) {
    out = "-";
  } else {
    // Written through a pointer into room for the whole text, then cut.
    out.resize(text.size());
    char* o = out.data();
    for (size_t i = 0; i < text.size(); ++i)
      *o++ = text[i] == '\\' && i + 1 < text.size() ? text[++i] : text[i];
    out.resize(static_cast<size_t>(o - out.data()));
  }
}

namespace {

// Parses a formatted string into `w`, every attribute overwritten.
Result<void> formatted_string_into(std::string_view text, Wfn& w) {
  if (text.size() < 8 || !iequals(text.substr(0, 8), "cpe:2.3:")) {
    return invalid(text, "a formatted string starts with 'cpe:2.3:'");
  }
  std::string_view rest = text.substr(8);
  size_t index = 0;
  size_t start = 0;
  for (size_t i = 0; i <= rest.size(); ++i) {
    if (i < rest.size() && rest[i] == '\\') {
      ++i;
      continue;
    }
    if (i < rest.size() && rest[i] != ':') continue;
    if (index == kAttributeCount) return invalid(text, "has more than 11 attributes");
    if (auto r =
            unbind_fs_value(rest.substr(start, i - start), text, Attribute(index), w.values[index]);
        !r)
      return r.error();
    ++index;
    start = i + 1;
  }
  if (index != kAttributeCount) {
    return invalid(text, "has " + std::to_string(index) + " attributes; a formatted string has 11");
  }
  return check_part(w, text);
}

// What a character of a formatted string is to plainly_valid: printable
// ASCII a value holds as itself (quoted in the WFN or not), the separator,
// '*', or anything else (the quote, '?', space, control, non-ASCII).
enum FsClass : uint8_t { kSimple, kColon, kStar, kOther };
constexpr std::array<uint8_t, 256> kFsClass = [] {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    t[c] = c <= 0x20 || c >= 0x7F || c == '\\' || c == '?' ? kOther
           : c == ':'                                      ? kColon
           : c == '*'                                      ? kStar
                                                           : kSimple;
  }
  return t;
}();

// Whether a formatted string is valid without looking closer: eleven
// non-empty values of simple characters or a lone '*', and a part of a, o,
// h, ANY or NA. Nearly every CPE in an SBOM is; checking one this way builds
// nothing. Anything else (quotes, wildcards, errors) goes through the parser,
// which alone words the error.
bool plainly_valid(std::string_view text) {
  if (text.size() < 9 || !iequals(text.substr(0, 8), "cpe:2.3:")) return false;
  if (std::string_view("aohAOH*-").find(text[8]) == std::string_view::npos ||
      (text.size() > 9 && text[9] != ':')) {
    return false;
  }
  size_t values = 1, start = 8;
  for (size_t i = 8; i < text.size(); ++i) {
    const uint8_t k = kFsClass[static_cast<unsigned char>(text[i])];
    if (k == kSimple) continue;
    if (k == kColon) {
      if (i == start) return false;
      ++values;
      start = i + 1;
    } else if (k == kStar) {
      if (i != start || (i + 1 < text.size() && text[i + 1] != ':')) return false;
    } else {
      return false;
    }
  }
  return values == kAttributeCount && start < text.size();
}

}  // namespace

Result<Wfn> parse_formatted_string(std::string_view text) {
  Wfn w;
  if (auto r = formatted_string_into(text, w); !r) return r.error();
  return w;
}

Result<void> check(std::string_view text) {
  if (plainly_valid(text)) return {};
  if (text.size() >= 8 && iequals(text.substr(0, 8), "cpe:2.3:")) {
    // One value per thread, its strings' capacity kept from name to name.
    thread_local Wfn scratch;
    return formatted_string_into(text, scratch);
  }
  if (auto r = parse(text); !r) return r.error();
  return {};
}

Result<Wfn> parse_uri(std::string_view text) {
  if (text.size() < 5 || !iequals(text.substr(0, 5), "cpe:/")) {
    return invalid(text, "a URI starts with 'cpe:/'");
  }
  const auto parts = split(text.substr(5), ':');
  if (parts.size() > 7) return invalid(text, "has more than 7 components");
  Wfn w;
  for (size_t i = 0; i < parts.size(); ++i) {
    const auto attr = Attribute(i);
    if (attr == Attribute::edition && !parts[i].empty() && parts[i].front() == '~') {
      // Packed edition: ~edition~sw_edition~target_sw~target_hw~other
      const auto packed = split(parts[i].substr(1), '~');
      if (packed.size() != 5) return invalid(text, "a packed edition has five '~' fields");
      const Attribute order[] = {Attribute::edition, Attribute::sw_edition, Attribute::target_sw,
                                 Attribute::target_hw, Attribute::other};
      for (size_t k = 0; k < 5; ++k) {
        auto v = unbind_uri_value(packed[k], text, order[k]);
        if (!v) return v.error();
        w[order[k]] = std::move(*v);
      }
      continue;
    }
    auto v = unbind_uri_value(parts[i], text, attr);
    if (!v) return v.error();
    w.values[i] = std::move(*v);
  }
  if (auto r = check_part(w, text); !r) return r.error();
  return w;
}

Result<Wfn> parse(std::string_view text) {
  if (text.size() >= 8 && iequals(text.substr(0, 8), "cpe:2.3:")) {
    return parse_formatted_string(text);
  }
  if (text.size() >= 5 && iequals(text.substr(0, 5), "cpe:/")) return parse_uri(text);
  return invalid(text, "must start with 'cpe:2.3:' (formatted string) or 'cpe:/' (URI)");
}

std::string Wfn::to_formatted_string() const {
  std::string out = "cpe:2.3";
  for (const Value& v : values) {
    out += ':';
    out += bind_fs_value(v);
  }
  return out;
}

std::string Wfn::to_uri() const {
  std::string out = "cpe:/";
  std::string comps[7];
  for (size_t i = 0; i < 7; ++i) comps[i] = bind_uri_value(values[i]);
  const auto& self = *this;
  const bool packed = !self[Attribute::sw_edition].is_any() ||
                      !self[Attribute::target_sw].is_any() ||
                      !self[Attribute::target_hw].is_any() || !self[Attribute::other].is_any();
  if (packed) {
    comps[5] = "~" + bind_uri_value(self[Attribute::edition]) + "~" +
               bind_uri_value(self[Attribute::sw_edition]) + "~" +
               bind_uri_value(self[Attribute::target_sw]) + "~" +
               bind_uri_value(self[Attribute::target_hw]) + "~" +
               bind_uri_value(self[Attribute::other]);
  }
  size_t last = 7;
  while (last > 1 && comps[last - 1].empty()) --last;
  for (size_t i = 0; i < last; ++i) {
    if (i) out += ':';
    out += comps[i];
  }
  return out;
}

}  // namespace vigil::cpe

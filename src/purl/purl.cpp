#include "purl/purl.h"

#include <algorithm>
#include <array>
#include <cstring>

#include "core/percent.h"
#include "core/text.h"
#include "purl/type_rules.h"

namespace vigil::purl {
namespace {

// The last `c` in `s`, as rfind answers: memrchr reads a vector at a time
// where rfind reads a character, and each purl is searched backwards five
// times.
size_t last_of(std::string_view s, char c) {
  const void* at = s.empty() ? nullptr : memrchr(s.data(), c, s.size());
  return at ? static_cast<size_t>(static_cast<const char*>(at) - s.data()) : std::string_view::npos;
}

Error invalid(std::string_view input, std::string what) {
  return Error{"invalid purl " + quote(input) + ": " + std::move(what), {}};
}

bool is_unreserved(char c) {
  return is_alnum(c) || c == '.' || c == '-' || c == '_' || c == '~' || c == ':';
}

bool valid_type(std::string_view t) {
  if (t.empty() || is_digit(t.front())) return false;
  return std::all_of(t.begin(), t.end(),
                     [](char c) { return is_alnum(c) || c == '.' || c == '+' || c == '-'; });
}

bool valid_qualifier_key(std::string_view k) {
  if (k.empty() || is_digit(k.front())) return false;
  return std::all_of(k.begin(), k.end(),
                     [](char c) { return is_alnum(c) || c == '.' || c == '-' || c == '_'; });
}

// Decoded path segments with empty ones dropped; for subpaths also "." and "..".
Result<std::vector<std::string>> decode_segments(std::string_view path, bool is_subpath,
                                                 std::string_view input) {
  std::vector<std::string> out;
  for (std::string_view seg : split(path, '/')) {
    if (seg.empty()) continue;
    if (is_subpath && (seg == "." || seg == "..")) continue;
    auto decoded = percent_decode(seg);
    if (!decoded) return invalid(input, decoded.error().message);
    if (decoded->find('/') != std::string::npos) {
      return invalid(input, "segment " + quote(*decoded) + " contains '/'");
    }
    out.push_back(std::move(*decoded));
  }
  return out;
}

std::string join(const std::vector<std::string>& parts, char sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

// The segments of a namespace or subpath joined by '/'. A path with nothing
// to decode or drop (no escapes, no empty or dot segments), as nearly all
// are, is its own canonical form.
Result<std::string> canonical_path(std::string_view path, bool is_subpath, std::string_view input) {
  const bool plain = !path.empty() && path.front() != '/' && path.back() != '/' &&
                     path.find('%') == std::string_view::npos &&
                     path.find("//") == std::string_view::npos &&
                     (!is_subpath || path.find('.') == std::string_view::npos);
  if (plain) return std::string(path);
  auto segs = decode_segments(path, is_subpath, input);
  if (!segs) return segs.error();
  return join(*segs, '/');
}

std::string encode_path(std::string_view path) {
  std::string out;
  bool first = true;
  for (std::string_view seg : split(path, '/')) {
    if (!first) out += '/';
    first = false;
    out += percent_encode(seg);
  }
  return out;
}

Result<void> normalize_qualifiers(std::vector<std::pair<std::string, std::string>>& qs,
                                  std::string_view input) {
  std::vector<std::pair<std::string, std::string>> kept;
  for (auto& [key, value] : qs) {
    if (!valid_qualifier_key(key)) {
      return invalid(input, "qualifier key " + quote(key) +
                                " must be ASCII letters, digits, '.', '-' or '_' and not start "
                                "with a digit");
    }
    if (value.empty()) continue;  // the specification treats an empty value as absent
    if (!is_valid_utf8(value)) return invalid(input, "qualifier value is not valid UTF-8");
    kept.emplace_back(ascii_lower(key), std::move(value));
  }
  std::sort(kept.begin(), kept.end());
  for (size_t i = 1; i < kept.size(); ++i) {
    if (kept[i].first == kept[i - 1].first) {
      return invalid(input, "qualifier key " + quote(kept[i].first) + " appears twice");
    }
  }
  qs = std::move(kept);
  return {};
}

Result<void> check_utf8(const PackageUrl& p, std::string_view input) {
  for (const std::string* s : {&p.namespace_, &p.name, &p.version, &p.subpath}) {
    if (!is_valid_utf8(*s)) return invalid(input, "decoded text is not valid UTF-8");
  }
  return {};
}

Result<void> finish_in_place(PackageUrl& p, std::string_view input) {
  if (auto r = check_utf8(p, input); !r) return r.error();
  if (auto r = normalize_qualifiers(p.qualifiers, input); !r) return r.error();
  if (auto r = detail::apply_type_rules(p); !r) return invalid(input, r.error().message);
  return {};
}

Result<PackageUrl> finish(PackageUrl p, std::string_view input) {
  if (auto r = finish_in_place(p, input); !r) return r.error();
  return p;
}

}  // namespace

std::string percent_encode(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    if (is_unreserved(ch)) {
      out += ch;
    } else {
      const auto c = static_cast<unsigned char>(ch);
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::optional<std::string_view> PackageUrl::qualifier(std::string_view key) const {
  for (const auto& [k, v] : qualifiers) {
    if (k == key) return std::string_view(v);
  }
  return std::nullopt;
}

std::string PackageUrl::to_string() const {
  std::string out = "pkg:";
  out += type;
  out += '/';
  if (!namespace_.empty()) {
    out += encode_path(namespace_);
    out += '/';
  }
  // A git name is a repository path on its host, so its '/' stay separators.
  out += type == "git" ? encode_path(name) : percent_encode(name);
  if (!version.empty()) {
    out += '@';
    out += percent_encode(version);
  }
  for (size_t i = 0; i < qualifiers.size(); ++i) {
    out += i == 0 ? '?' : '&';
    out += qualifiers[i].first;
    out += '=';
    out += percent_encode(qualifiers[i].second);
  }
  if (!subpath.empty()) {
    out += '#';
    out += encode_path(subpath);
  }
  return out;
}

namespace {

// Parses into `p`, every field overwritten.
Result<void> parse_into(std::string_view input, PackageUrl& p) {
  p.type.clear();
  p.namespace_.clear();
  p.name.clear();
  p.version.clear();
  p.qualifiers.clear();
  p.subpath.clear();
  if (input.empty()) return invalid(input, "empty string");
  for (char c : input) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F) {
      return invalid(input, "contains whitespace or a control character");
    }
  }
  std::string_view rest = input;

  if (const size_t hash = last_of(rest, '#'); hash != std::string_view::npos) {
    auto subpath = canonical_path(rest.substr(hash + 1), /*is_subpath=*/true, input);
    if (!subpath) return subpath.error();
    p.subpath = std::move(*subpath);
    rest = rest.substr(0, hash);
  }
  if (const size_t q = last_of(rest, '?'); q != std::string_view::npos) {
    for (std::string_view pair : split(rest.substr(q + 1), '&')) {
      if (pair.empty()) continue;
      const size_t eq = pair.find('=');
      if (eq == std::string_view::npos) {
        return invalid(input, "qualifier " + quote(pair) + " has no '='");
      }
      auto value = percent_decode(pair.substr(eq + 1));
      if (!value) return invalid(input, value.error().message);
      p.qualifiers.emplace_back(std::string(pair.substr(0, eq)), std::move(*value));
    }
    rest = rest.substr(0, q);
  }

  const size_t colon = rest.find(':');
  if (colon == std::string_view::npos || !iequals(rest.substr(0, colon), "pkg")) {
    return invalid(input, "must start with the scheme 'pkg:'");
  }
  rest = rest.substr(colon + 1);
  while (!rest.empty() && rest.front() == '/') rest.remove_prefix(1);

  const size_t slash = rest.find('/');
  if (slash == std::string_view::npos) {
    return invalid(input, "needs a type and a name ('pkg:type/name')");
  }
  const std::string_view type = rest.substr(0, slash);
  if (!valid_type(type)) {
    return invalid(input, "type " + quote(type) +
                              " must be ASCII letters, digits, '.', '+' or '-' and not start "
                              "with a digit");
  }
  p.type = ascii_lower(type);
  rest = rest.substr(slash + 1);

  // The version follows the last '@' of the last segment, so that an
  // unencoded npm scope ("@babel/core") stays part of the namespace.
  const size_t last_slash = last_of(rest, '/');
  if (const size_t at = last_of(rest, '@');
      at != std::string_view::npos && (last_slash == std::string_view::npos || at > last_slash)) {
    auto v = percent_decode(rest.substr(at + 1));
    if (!v) return invalid(input, v.error().message);
    p.version = std::move(*v);
    rest = rest.substr(0, at);
  }

  const size_t last = last_of(rest, '/');
  const std::string_view raw_name = last == std::string_view::npos ? rest : rest.substr(last + 1);
  auto name = percent_decode(raw_name);
  if (!name) return invalid(input, name.error().message);
  if (name->empty()) return invalid(input, "the name is empty");
  p.name = std::move(*name);
  if (last != std::string_view::npos) {
    auto ns = canonical_path(rest.substr(0, last), /*is_subpath=*/false, input);
    if (!ns) return ns.error();
    p.namespace_ = std::move(*ns);
  }
  return finish_in_place(p, input);
}

}  // namespace

Result<PackageUrl> parse(std::string_view input) {
  PackageUrl p;
  if (auto r = parse_into(input, p); !r) return r.error();
  return p;
}

namespace {

// Printable ASCII but what needs decoding or starts qualifiers or a subpath.
constexpr std::array<bool, 256> kPlain = [] {
  std::array<bool, 256> t{};
  for (int c = 0x21; c < 0x7F; ++c) t[c] = c != '%' && c != '?' && c != '#';
  return t;
}();

// Whether `input` is a valid purl with nothing to decode or drop, found
// without building one: printable ASCII without '%', '?' or '#', a valid
// type, a name, a namespace without empty segments, and a type whose rules
// it meets by its parts alone. Nearly every purl in an SBOM is. The others
// (and every invalid one) go through the parser, which alone words errors.
// Follows parse_into step by step.
bool plainly_valid(std::string_view input) {
  for (char c : input) {
    if (!kPlain[static_cast<unsigned char>(c)]) return false;
  }
  if (input.size() < 4 || !iequals(input.substr(0, 4), "pkg:")) return false;
  std::string_view rest = input.substr(4);
  while (!rest.empty() && rest.front() == '/') rest.remove_prefix(1);
  const size_t slash = rest.find('/');
  if (slash == std::string_view::npos || slash > 32) return false;
  const std::string_view type = rest.substr(0, slash);
  if (!valid_type(type)) return false;
  char lower[32];
  for (size_t i = 0; i < type.size(); ++i) lower[i] = to_lower(type[i]);
  rest = rest.substr(slash + 1);
  const size_t last_slash = last_of(rest, '/');
  bool has_version = false;
  if (const size_t at = last_of(rest, '@');
      at != std::string_view::npos && (last_slash == std::string_view::npos || at > last_slash)) {
    has_version = at + 1 < rest.size();
    rest = rest.substr(0, at);
  }
  const size_t last = last_of(rest, '/');
  if (last + 1 == rest.size()) return false;  // no name (npos + 1 is 0: rest empty)
  if (last != std::string_view::npos) {
    const std::string_view ns = rest.substr(0, last);
    if (ns.empty() || ns.front() == '/' || ns.back() == '/' ||
        ns.find("//") != std::string_view::npos) {
      return false;
    }
  }
  return detail::rules_allow(std::string_view(lower, type.size()), last != std::string_view::npos,
                             has_version);
}

}  // namespace

Result<void> check(std::string_view input) {
  if (plainly_valid(input)) return {};
  // One value per thread, its strings' capacity kept from purl to purl.
  thread_local PackageUrl scratch;
  return parse_into(input, scratch);
}

Result<PackageUrl> build(const Components& parts) {
  const std::string shown = parts.name.value_or("");
  if (!parts.type || !valid_type(*parts.type)) {
    return invalid(shown, "type " + quote(parts.type.value_or("")) +
                              " must be ASCII letters, digits, '.', '+' or '-' and not start "
                              "with a digit");
  }
  if (!parts.name || parts.name->empty()) return invalid(shown, "the name is empty");
  PackageUrl p;
  p.type = ascii_lower(*parts.type);
  p.name = *parts.name;
  p.version = parts.version.value_or("");
  p.qualifiers = parts.qualifiers;
  if (parts.namespace_) {
    std::vector<std::string> segs;
    for (std::string_view s : split(*parts.namespace_, '/')) {
      if (!s.empty()) segs.emplace_back(s);
    }
    p.namespace_ = join(segs, '/');
  }
  if (parts.subpath) {
    std::vector<std::string> segs;
    for (std::string_view s : split(*parts.subpath, '/')) {
      if (!s.empty() && s != "." && s != "..") segs.emplace_back(s);
    }
    p.subpath = join(segs, '/');
  }
  return finish(std::move(p), shown);
}

Result<std::string> canonicalize(std::string_view text) {
  auto p = parse(text);
  if (!p) return p.error();
  return p->to_string();
}

}  // namespace vigil::purl

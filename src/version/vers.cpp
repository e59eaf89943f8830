#include "version/vers.h"

#include <algorithm>

#include "core/percent.h"
#include "core/text.h"

namespace vigil::version {
namespace {

Error invalid(std::string_view text, const std::string& why) {
  return Error{"invalid vers range " + quote(text) + ": " + why, {}};
}

bool is_lesser(Comparator c) { return c == Comparator::lt || c == Comparator::le; }
bool is_greater(Comparator c) { return c == Comparator::gt || c == Comparator::ge; }

// The specification's validity rules on the sorted constraint sequence.
Result<void> check_sequence(const std::vector<Constraint>& cs, std::string_view text) {
  const Constraint* prev = nullptr;  // previous constraint other than "!="
  for (const Constraint& c : cs) {
    if (c.op == Comparator::ne) continue;
    if (prev && prev->op == Comparator::eq && is_lesser(c.op)) {
      return invalid(text, "a '=' constraint can only be followed by '=', '>' or '>='");
    }
    prev = &c;
  }
  const Constraint* last = nullptr;  // previous range constraint
  for (const Constraint& c : cs) {
    if (c.op == Comparator::ne || c.op == Comparator::eq) continue;
    if (last && (is_lesser(last->op) == is_lesser(c.op))) {
      return invalid(text, "'" + std::string(comparator_text(last->op)) + last->version +
                               "' and '" + std::string(comparator_text(c.op)) + c.version +
                               "' leave no range between them: lesser and greater comparators "
                               "must alternate");
    }
    last = &c;
  }
  return {};
}

}  // namespace

std::string_view comparator_text(Comparator c) {
  switch (c) {
    case Comparator::eq:
      return "=";
    case Comparator::ne:
      return "!=";
    case Comparator::lt:
      return "<";
    case Comparator::le:
      return "<=";
    case Comparator::gt:
      return ">";
    case Comparator::ge:
      return ">=";
  }
  return "=";
}

bool satisfies(Comparator c, int comparison) {
  switch (c) {
    case Comparator::eq:
      return comparison == 0;
    case Comparator::ne:
      return comparison != 0;
    case Comparator::lt:
      return comparison < 0;
    case Comparator::le:
      return comparison <= 0;
    case Comparator::gt:
      return comparison > 0;
    case Comparator::ge:
      return comparison >= 0;
  }
  return false;
}

Comparator take_comparator(std::string_view& s) {
  struct Prefix {
    std::string_view text;
    Comparator op;
  };
  // Two-character comparators first, so that ">=" is not read as ">".
  constexpr Prefix kPrefixes[] = {{">=", Comparator::ge}, {"<=", Comparator::le},
                                  {"!=", Comparator::ne}, {"<", Comparator::lt},
                                  {">", Comparator::gt},  {"=", Comparator::eq}};
  for (const Prefix& p : kPrefixes) {
    if (s.substr(0, p.text.size()) == p.text) {
      s.remove_prefix(p.text.size());
      return p.op;
    }
  }
  return Comparator::eq;
}

Result<VersRange> parse_vers(std::string_view text) {
  std::string compact;
  for (char c : text) {
    if (c != ' ' && c != '\t') compact += c;
  }
  std::string_view s = compact;
  if (s.size() < 5 || !iequals(s.substr(0, 5), "vers:")) {
    return invalid(text, "must start with 'vers:'");
  }
  s.remove_prefix(5);
  const size_t slash = s.find('/');
  if (slash == std::string_view::npos || slash == 0) {
    return invalid(text, "needs a versioning scheme and constraints ('vers:npm/>=1.0.0')");
  }
  VersRange r;
  r.scheme_text = ascii_lower(s.substr(0, slash));
  const auto scheme = scheme_for(r.scheme_text);
  if (!scheme) return invalid(text, "unknown versioning scheme '" + r.scheme_text + "'");
  r.scheme = *scheme;
  const std::string_view body = s.substr(slash + 1);
  if (body.empty()) return invalid(text, "has no constraints");
  if (body == "*") {
    r.any = true;
    return r;
  }
  for (std::string_view part : split(body, '|')) {
    if (part.empty()) return invalid(text, "has an empty constraint");
    const Comparator op = take_comparator(part);
    if (part.empty()) return invalid(text, "a constraint has no version");
    if (part == "*") return invalid(text, "'*' must be the only constraint");
    auto decoded = percent_decode(part);
    if (!decoded) return invalid(text, decoded.error().message);
    if (auto ok = validate(r.scheme, *decoded); !ok) return invalid(text, ok.error().message);
    r.constraints.push_back({op, std::move(*decoded)});
  }
  const Scheme scheme_v = r.scheme;
  std::stable_sort(r.constraints.begin(), r.constraints.end(),
                   [scheme_v](const Constraint& a, const Constraint& b) {
                     return compare(scheme_v, a.version, b.version) < 0;
                   });
  for (size_t i = 1; i < r.constraints.size(); ++i) {
    if (compare(r.scheme, r.constraints[i - 1].version, r.constraints[i].version) == 0) {
      return invalid(text, "version " + quote(r.constraints[i].version) + " appears twice");
    }
  }
  if (auto ok = check_sequence(r.constraints, text); !ok) return ok.error();
  return r;
}

bool VersRange::contains(std::string_view v) const {
  if (any) return true;
  bool has_eq = false;
  std::vector<const Constraint*> ranges;
  for (const Constraint& c : constraints) {
    const int cmp = compare(scheme, v, c.version);
    if (cmp == 0) {
      if (c.op == Comparator::ne) return false;
      if (c.op == Comparator::eq || c.op == Comparator::le || c.op == Comparator::ge) return true;
    }
    if (c.op == Comparator::eq) has_eq = true;
    if (c.op != Comparator::eq && c.op != Comparator::ne) ranges.push_back(&c);
  }
  if (ranges.empty()) return !has_eq;  // only "!=" constraints exclude single versions
  const auto below = [&](const Constraint* c) { return compare(scheme, v, c->version) < 0; };
  const auto above = [&](const Constraint* c) { return compare(scheme, v, c->version) > 0; };
  if (is_lesser(ranges.front()->op) && below(ranges.front())) return true;
  if (is_greater(ranges.back()->op) && above(ranges.back())) return true;
  for (size_t i = 0; i + 1 < ranges.size(); ++i) {
    if (is_greater(ranges[i]->op) && is_lesser(ranges[i + 1]->op) && above(ranges[i]) &&
        below(ranges[i + 1])) {
      return true;
    }
  }
  return false;
}

std::string VersRange::to_string() const {
  std::string out = "vers:" + scheme_text + "/";
  if (any) return out + "*";
  for (size_t i = 0; i < constraints.size(); ++i) {
    if (i) out += '|';
    if (constraints[i].op != Comparator::eq) out += comparator_text(constraints[i].op);
    for (char c : constraints[i].version) {
      // '|', '%', spaces and comparator characters would change the meaning
      // of the URI (a version "<x" would read back as the comparator '<').
      if (c == '|' || c == '%' || c == ' ' || c == '<' || c == '>' || c == '=' || c == '!') {
        static const char* hex = "0123456789ABCDEF";
        out += '%';
        out += hex[static_cast<unsigned char>(c) >> 4];
        out += hex[c & 15];
      } else {
        out += c;
      }
    }
  }
  return out;
}

}  // namespace vigil::version

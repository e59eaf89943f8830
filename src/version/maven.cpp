// Maven versions, ordered as ComparableVersion orders them
// (https://maven.apache.org/pom.html#Version_Order_Specification): tokens
// split on '.', '-' and digit/letter switches (a switch reads as '-'),
// trailing null tokens (0, "", final, ga, release) trimmed at each '-',
// qualifiers ranked alpha < beta < milestone < rc = cr < snapshot
// < "" = final = ga < sp < unknown (lexical), and a shorter version padded
// with nulls. Where the specification is silent, follows Maven's code as OSV's
// reference implementation reads it.
#include <algorithm>
#include <array>
#include <vector>

#include "core/text.h"
#include "version/schemes.h"

namespace vigil::version::detail {
namespace {

// A token's value is a view into the version string or a static keyword;
// case is ignored when comparing, so nothing is copied.
struct Token {
  char prefix;  // '\0' for the first token, '.' or '-'
  std::string_view value;
  bool is_null = false;
};

void add_token(std::vector<Token>& out, char prefix, std::string_view v, bool followed_by_more) {
  if (v.empty()) v = "0";
  if (iequals(v, "cr")) v = "rc";
  if (iequals(v, "ga") || iequals(v, "final") || iequals(v, "release")) v = "";
  if (followed_by_more) {
    if (iequals(v, "a")) v = "alpha";
    if (iequals(v, "b")) v = "beta";
    if (iequals(v, "m")) v = "milestone";
  }
  if (all_digits(v)) {
    const size_t nz = v.find_first_not_of('0');
    v = nz == std::string_view::npos ? std::string_view("0") : v.substr(nz);
  }
  out.push_back(Token{prefix, v});
}

void tokenize(std::string_view s, std::vector<Token>& tokens) {
  tokens.clear();
  char prefix = '\0';
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i < s.size() && s[i] != '.' && s[i] != '-') continue;
    // s[start, i) is one raw token; split it at digit/non-digit switches.
    const std::string_view raw = s.substr(start, i - start);
    size_t sub = 0;
    for (size_t k = 1; k <= raw.size(); ++k) {
      if (k < raw.size() && is_digit(raw[k]) == is_digit(raw[k - 1])) continue;
      add_token(tokens, sub == 0 ? prefix : '-', raw.substr(sub, k - sub), k < raw.size());
      sub = k;
    }
    if (raw.empty()) add_token(tokens, prefix, raw, false);
    if (i < s.size()) prefix = s[i];
    start = i + 1;
  }
  // Trim trailing nulls, then again before each remaining '-', end to start.
  const auto trimmable = [](const Token& t) { return t.value == "0" || t.value.empty(); };
  for (long i = static_cast<long>(tokens.size()) - 1; i > 0;) {
    if (trimmable(tokens[static_cast<size_t>(i)])) {
      tokens.erase(tokens.begin() + i);
      --i;
      continue;
    }
    while (i >= 0 && tokens[static_cast<size_t>(i)].prefix != '-') --i;
    --i;
  }
}

int qualifier_order(const Token& t) {
  const bool number = all_digits(t.value);
  if (t.prefix == '-') return number ? 2 : 1;
  return number ? 3 : 0;
}

constexpr std::array<std::string_view, 7> kKeywords = {"alpha",    "beta", "milestone", "rc",
                                                       "snapshot", "",     "sp"};

size_t keyword_rank(std::string_view v) {
  for (size_t i = 0; i < kKeywords.size(); ++i) {
    if (iequals(kKeywords[i], v)) return i;
  }
  return kKeywords.size();
}

bool less(const Token& a, const Token& b) {
  if (a.prefix == b.prefix) {
    const bool na = all_digits(a.value);
    const bool nb = all_digits(b.value);
    if (na && nb) return compare_digit_runs(a.value, b.value) < 0;
    // Numbers sort after qualifiers, unless they are padding.
    if (na && !a.is_null) return false;
    if (nb && !b.is_null) return true;
    const size_t ra = keyword_rank(a.value);
    const size_t rb = keyword_rank(b.value);
    if (ra == kKeywords.size() && rb == kKeywords.size()) return icompare(a.value, b.value) < 0;
    return ra < rb;
  }
  return qualifier_order(a) < qualifier_order(b);
}

Token null_like(const Token& t) {
  if (t.prefix == '-') return Token{'-', "", true};
  // "sp" is the one qualifier above an empty value; pad it with "".
  return Token{'.', iequals(t.value, "sp") ? "" : "0", true};
}

bool same(const Token& a, const Token& b) {
  return a.prefix == b.prefix && iequals(a.value, b.value);
}

}  // namespace

int compare_maven(std::string_view a, std::string_view b) {
  // Reused per thread: tokenising then allocates only for unusually long versions.
  thread_local std::vector<Token> ta, tb;
  tokenize(a, ta);
  tokenize(b, tb);
  if (ta.size() == tb.size() && std::equal(ta.begin(), ta.end(), tb.begin(), same)) return 0;
  const size_t n = std::max(ta.size(), tb.size());
  for (size_t i = 0; i < n; ++i) {
    const Token left = i < ta.size() ? ta[i] : null_like(tb[i]);
    const Token right = i < tb.size() ? tb[i] : null_like(ta[i]);
    if (same(left, right)) continue;
    return less(left, right) ? -1 : 1;
  }
  return 1;
}

Result<void> validate_maven(std::string_view v) {
  if (!std::any_of(v.begin(), v.end(), is_alnum)) {
    return invalid_version(v, "maven", "contains no letter or digit");
  }
  return {};
}

}  // namespace vigil::version::detail

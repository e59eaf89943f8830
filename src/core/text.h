// Small ASCII and UTF-8 helpers shared by the identifier and version parsers.
//
// Identifiers in this domain (purls, CPEs, version strings) are ASCII-cased:
// case folding is ASCII-only on purpose, so that a Unicode string is never
// silently changed by locale rules.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vigil {

constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool is_alnum(char c) { return is_digit(c) || is_alpha(c); }
constexpr char to_lower(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }
constexpr char to_upper(char c) { return (c >= 'a' && c <= 'z') ? char(c - 'a' + 'A') : c; }

// Eight letters at a time: a byte below 0x80 between 'A' and 'Z' gains 0x20.
// Hex digests and purl types pass through here by the thousand; the
// compiler's -O2 does not vectorise the plain loop.
constexpr uint64_t lower8(uint64_t x) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  const uint64_t low7 = x & (0x7f * kOnes);
  const uint64_t ge_a = low7 + (0x80 - 'A') * kOnes;      // high bit: >= 'A'
  const uint64_t gt_z = low7 + (0x80 - 'Z' - 1) * kOnes;  // high bit: > 'Z'
  const uint64_t upper = (ge_a ^ gt_z) & ~x & (0x80 * kOnes);
  return x | (upper >> 2);
}

std::string ascii_lower(std::string_view s);
void lower_in_place(std::string& s);
std::string ascii_upper(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
// Three-way ASCII case-insensitive comparison.
int icompare(std::string_view a, std::string_view b);
std::string_view trim(std::string_view s);

// Splits on every occurrence of sep; keeps empty pieces.
std::vector<std::string_view> split(std::string_view s, char sep);

bool is_valid_utf8(std::string_view s);
// Offset of the first byte that is not part of valid UTF-8, or npos.
size_t invalid_utf8_offset(std::string_view s);

// `s` made inert for a terminal: what a stored name or reason could use to
// rewrite what a reader sees (C0 and C1 controls, DEL, Unicode direction
// marks, overrides and isolates, bytes that are not UTF-8) is written as a
// visible escape, \x1b or \u202e; everything else is kept. For every
// human-readable view; JSON keeps text verbatim, escaped by JSON's rules.
std::string inert(std::string_view s);

// Whether JSON writes `s` inside quotes as it is: printable ASCII without a
// quote or a backslash. Nearly every string a report or the audit trail
// writes is, and they write megabytes: checked eight bytes at a time.
bool json_plain(std::string_view s);

// True for a non-empty string of ASCII digits.
inline bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!is_digit(c)) return false;
  }
  return true;
}

// Compares two runs of ASCII digits by numeric value without converting them,
// so that arbitrarily long numbers (dates, build stamps) order correctly.
// Inline: it is the innermost step of every version comparison.
inline int compare_digit_runs(std::string_view a, std::string_view b) {
  while (a.size() > 1 && a.front() == '0') a.remove_prefix(1);
  while (b.size() > 1 && b.front() == '0') b.remove_prefix(1);
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  const int c = a.compare(b);
  return (c > 0) - (c < 0);
}

// Renders a string for an error message: quoted, with control and non-ASCII
// bytes escaped, and cut to a readable length.
std::string quote(std::string_view s);

inline int sign(int v) { return (v > 0) - (v < 0); }

}  // namespace vigil

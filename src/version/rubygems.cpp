// RubyGems versions, ordered as Gem::Version#<=> orders them
// (https://guides.rubygems.org/patterns/#semantic-versioning): segments split
// on '.' and on every switch between digits and letters; trailing zero
// segments dropped from the release and the pre-release separately; a
// letter segment makes the rest a pre-release, so "1.0.a" < "1.0".
#include <algorithm>
#include <vector>

#include "core/text.h"
#include "version/schemes.h"

namespace vigil::version::detail {
namespace {

// Canonical segments: the release numbers, then the pre-release segments,
// each group without trailing "0" segments.
void segments(std::string_view v, std::vector<std::string_view>& out) {
  out.clear();
  size_t start = 0;
  for (size_t i = 0; i <= v.size(); ++i) {
    const bool end = i == v.size();
    if (end || v[i] == '.') {
      out.push_back(v.substr(start, i - start));
      start = i + 1;
      continue;
    }
    if (i > start && is_digit(v[i]) != is_digit(v[i - 1])) {
      out.push_back(v.substr(start, i - start));
      start = i;
    }
  }
  const auto first_pre =
      std::find_if(out.begin(), out.end(), [](std::string_view s) { return !all_digits(s); });
  const size_t split_at = static_cast<size_t>(first_pre - out.begin());
  // Trim "0" segments at the end of each group.
  size_t pre_end = out.size();
  while (pre_end > split_at && out[pre_end - 1] == "0") --pre_end;
  out.erase(out.begin() + static_cast<std::ptrdiff_t>(pre_end), out.end());
  size_t rel_end = split_at;
  while (rel_end > 0 && out[rel_end - 1] == "0") --rel_end;
  out.erase(out.begin() + static_cast<std::ptrdiff_t>(rel_end),
            out.begin() + static_cast<std::ptrdiff_t>(split_at));
}

}  // namespace

int compare_rubygems(std::string_view a, std::string_view b) {
  thread_local std::vector<std::string_view> sa, sb;
  segments(a, sa);
  segments(b, sb);
  const size_t n = std::max(sa.size(), sb.size());
  for (size_t i = 0; i < n; ++i) {
    const std::string_view x = i < sa.size() ? sa[i] : "0";
    const std::string_view y = i < sb.size() ? sb[i] : "0";
    const bool nx = all_digits(x);
    const bool ny = all_digits(y);
    int c;
    if (nx && ny) {
      c = compare_digit_runs(x, y);
    } else if (nx != ny) {
      c = nx ? 1 : -1;
    } else {
      c = sign(x.compare(y));
    }
    if (c) return c;
  }
  return 0;
}

Result<void> validate_rubygems(std::string_view v) {
  // Gem::Version::ANCHORED_VERSION_PATTERN:
  // [0-9]+(\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?
  if (!is_digit(v.front())) return invalid_version(v, "rubygems", "must start with a number");
  for (char c : v) {
    if (!is_alnum(c) && c != '.' && c != '-') {
      return invalid_version(v, "rubygems", std::string("unexpected character '") + c + "'");
    }
  }
  return {};
}

}  // namespace vigil::version::detail

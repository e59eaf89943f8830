// Packagist (Composer) versions, ordered as PHP's version_compare() orders
// them (https://www.php.net/manual/en/function.version-compare.php): '-', '_'
// and '+' read as '.', a switch between digits and other characters starts a
// new part, and non-numeric parts rank dev < alpha/a < beta/b < RC/rc < # < p,
// where '#' stands for a number.
#include <algorithm>

#include "core/text.h"
#include "version/schemes.h"

namespace vigil::version::detail {
namespace {

bool separator(char c) { return c == '.' || c == '-' || c == '_' || c == '+'; }

// Parts of a version: split on separators (keeping empty parts) and on
// every switch between digits and other characters.
class Parts {
 public:
  explicit Parts(std::string_view v) : s_(v) {
    if (!s_.empty() && s_.front() == 'v') s_.remove_prefix(1);
    if (!s_.empty() && s_.front() == 'V') s_.remove_prefix(1);
  }
  // Next part, or false at the end.
  bool next(std::string_view& out) {
    if (done_) return false;
    const size_t start = i_;
    while (i_ < s_.size() && !separator(s_[i_])) {
      if (i_ > start && is_digit(s_[i_]) != is_digit(s_[i_ - 1])) {
        out = s_.substr(start, i_ - start);
        return true;
      }
      ++i_;
    }
    out = s_.substr(start, i_ - start);
    if (i_ < s_.size()) {
      ++i_;
    } else {
      done_ = true;
    }
    return true;
  }

 private:
  std::string_view s_;
  size_t i_ = 0;
  bool done_ = false;
};

int weight(std::string_view s) {
  if (s.substr(0, 2) == "RC") return 3;
  constexpr std::string_view kSpecial[] = {"dev", "a", "b", "rc", "#", "p"};
  for (int i = 0; i < 6; ++i) {
    if (s.substr(0, kSpecial[i].size()) == kSpecial[i]) return i;
  }
  return 0;
}

int compare_part(std::string_view x, std::string_view y) {
  const bool nx = all_digits(x);
  const bool ny = all_digits(y);
  if (nx && ny) return compare_digit_runs(x, y);
  const int wx = nx ? weight("#") : weight(x);
  const int wy = ny ? weight("#") : weight(y);
  return wx == wy ? 0 : (wx < wy ? -1 : 1);
}

}  // namespace

int compare_packagist(std::string_view a, std::string_view b) {
  Parts pa(a), pb(b);
  std::string_view x, y;
  for (;;) {
    const bool hx = pa.next(x);
    const bool hy = pb.next(y);
    if (!hx && !hy) return 0;
    if (hx && hy) {
      if (int c = compare_part(x, y)) return c;
      continue;
    }
    // One side has more parts: a number beyond the end ranks higher,
    // anything else is weighed against a number ('#').
    Parts& longer = hx ? pa : pb;
    std::string_view extra = hx ? x : y;
    const int dir = hx ? 1 : -1;
    for (;;) {
      if (all_digits(extra)) return dir;
      if (int c = compare_part(extra, "#")) return dir * c;
      if (!longer.next(extra)) return 0;
    }
  }
}

Result<void> validate_packagist(std::string_view v) {
  std::string_view s = v;
  if (!s.empty() && (s.front() == 'v' || s.front() == 'V')) s.remove_prefix(1);
  if (s.empty() || !is_digit(s.front())) {
    // Branch names such as "dev-main" are real Composer versions too.
    if (s.substr(0, 4) != "dev-") {
      return invalid_version(v, "packagist", "must start with a number or 'dev-'");
    }
  }
  return {};
}

}  // namespace vigil::version::detail

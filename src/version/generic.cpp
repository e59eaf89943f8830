// The generic ordering, for ecosystems Vigil does not know, CPE versions and
// device firmware ("12.2.8.410", "1.1.1k", "2.0-rc1", "V3.2", "2019-01-01").
//
// A version is read as runs of digits and runs of letters; anything else only
// separates. A leading 'v' before a digit is dropped. Runs compare in turn:
//  - numbers numerically;
//  - words ignoring case, pre-release words (dev, snapshot, alpha, beta,
//    milestone, pre, preview, rc, cr) below any other word and in that order;
//  - a number above a word.
// When one version runs out, the other's remaining zeros are ignored
// ("1.0" = "1.0.0"); then a pre-release word makes it lower ("2.0" >
// "2.0rc1") and anything else higher ("1.1.1" < "1.1.1k"). Single letters are
// not pre-release words: in firmware and OpenSSL they are patch letters.
#include <algorithm>
#include <array>

#include "core/text.h"
#include "version/schemes.h"

namespace vigil::version::detail {
namespace {

struct Run {
  std::string_view text;
  bool number = false;
  bool end = false;
};

class Runs {
 public:
  explicit Runs(std::string_view s) : s_(s) {
    if (s_.size() > 1 && (s_[0] == 'v' || s_[0] == 'V') && is_digit(s_[1])) i_ = 1;
  }
  Run next() {
    while (i_ < s_.size() && !is_alnum(s_[i_])) ++i_;
    if (i_ >= s_.size()) return Run{{}, false, true};
    const size_t start = i_;
    const bool number = is_digit(s_[i_]);
    while (i_ < s_.size() && is_alnum(s_[i_]) && is_digit(s_[i_]) == number) ++i_;
    return Run{s_.substr(start, i_ - start), number, false};
  }

 private:
  std::string_view s_;
  size_t i_ = 0;
};

constexpr std::array<std::string_view, 10> kPreWords = {
    "dev", "snapshot", "alpha", "beta", "milestone", "pre", "preview", "rc", "cr", "c"};
constexpr std::array<int, 10> kPreRank = {0, 0, 1, 2, 3, 4, 4, 5, 5, 5};

// Rank of a pre-release word, or -1 for any other word.
int pre_rank(std::string_view w) {
  if (w.size() == 1) return -1;  // single letters are patch letters
  for (size_t i = 0; i < kPreWords.size(); ++i) {
    if (iequals(w, kPreWords[i])) return kPreRank[i];
  }
  return -1;
}

bool is_zero(std::string_view n) {
  return std::all_of(n.begin(), n.end(), [](char c) { return c == '0'; });
}

int compare_words(std::string_view a, std::string_view b) {
  const int ra = pre_rank(a);
  const int rb = pre_rank(b);
  if (ra >= 0 || rb >= 0) {
    if (ra < 0) return 1;
    if (rb < 0) return -1;
    return ra == rb ? 0 : (ra < rb ? -1 : 1);
  }
  return icompare(a, b);
}

}  // namespace

int compare_generic(std::string_view a, std::string_view b) {
  Runs ra(a), rb(b);
  for (;;) {
    const Run x = ra.next();
    const Run y = rb.next();
    if (x.end && y.end) return 0;
    if (x.end || y.end) {
      const Run& more = x.end ? y : x;
      const int dir = x.end ? -1 : 1;  // the sign when the longer one is higher
      if (more.number) {
        if (is_zero(more.text)) continue;  // the ended side reads as zero
        return dir;
      }
      return pre_rank(more.text) >= 0 ? -dir : dir;
    }
    int c;
    if (x.number && y.number) {
      c = compare_digit_runs(x.text, y.text);
    } else if (x.number != y.number) {
      c = x.number ? 1 : -1;
    } else {
      c = compare_words(x.text, y.text);
    }
    if (c) return c;
  }
}

Result<void> validate_generic(std::string_view v) {
  if (!std::any_of(v.begin(), v.end(), is_alnum)) {
    return invalid_version(v, "generic", "contains no letter or digit");
  }
  return {};
}

}  // namespace vigil::version::detail

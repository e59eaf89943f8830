// PyPI versions (PEP 440, https://peps.python.org/pep-0440/):
//   [N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local]
// with the normalisations of the specification's appendix (alternative
// spellings, separators, implicit numbers). Strings that are not PEP 440
// ("legacy" versions) sort below every valid version and among themselves by
// setuptools' historical key, as OSV does.
#include <algorithm>
#include <string>

#include "core/text.h"
#include "version/schemes.h"

namespace vigil::version::detail {
namespace {

enum PreKind : int { kPreNone = 0, kPreA = 'a', kPreB = 'b', kPreRc = 'r' };

struct Pep440 {
  bool valid = false;
  std::string_view epoch = "0";
  std::string_view release;  // "1.2.3"
  int pre_kind = kPreNone;
  std::string_view pre_number;
  bool has_post = false;
  std::string_view post_number;
  bool has_dev = false;
  std::string_view dev_number;
  std::string_view local;  // without '+'
};

class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}
  size_t pos() const { return i_; }
  void reset(size_t p) { i_ = p; }
  bool done() const { return i_ >= s_.size(); }
  char peek() const { return done() ? '\0' : to_lower(s_[i_]); }
  bool sep() {
    if (peek() == '-' || peek() == '_' || peek() == '.') {
      ++i_;
      return true;
    }
    return false;
  }
  std::string_view digits() {
    const size_t start = i_;
    while (!done() && is_digit(s_[i_])) ++i_;
    return s_.substr(start, i_ - start);
  }
  bool word(std::string_view w) {
    if (s_.size() - i_ < w.size() || !iequals(s_.substr(i_, w.size()), w)) return false;
    i_ += w.size();
    return true;
  }
  std::string_view rest() const { return s_.substr(i_); }

 private:
  std::string_view s_;
  size_t i_ = 0;
};

// An optional "[sep]N" after a pre/post/dev label; the separator is only
// taken when a number follows it.
std::string_view label_number(Scanner& sc) {
  const size_t save = sc.pos();
  sc.sep();
  std::string_view n = sc.digits();
  if (n.empty()) sc.reset(save);
  return n.empty() ? std::string_view("0") : n;
}

// Reads a pre-release label in any of PEP 440's spellings.
int take_pre_label(Scanner& sc) {
  switch (sc.peek()) {
    case 'a':
      return sc.word("alpha") || sc.word("a") ? kPreA : kPreNone;
    case 'b':
      return sc.word("beta") || sc.word("b") ? kPreB : kPreNone;
    case 'c':
      return sc.word("c") ? kPreRc : kPreNone;
    case 'p':
      return sc.word("preview") || sc.word("pre") ? kPreRc : kPreNone;
    case 'r':
      return sc.word("rc") ? kPreRc : kPreNone;
    default:
      return kPreNone;
  }
}

bool valid_local(std::string_view l) {
  if (l.empty()) return false;
  bool prev_sep = true;
  for (char c : l) {
    const bool s = c == '.' || c == '-' || c == '_';
    if (s && prev_sep) return false;
    if (!s && !is_alnum(c)) return false;
    prev_sep = s;
  }
  return !prev_sep;
}

Pep440 parse(std::string_view v) {
  Pep440 p;
  v = trim(v);
  Scanner sc(v);
  if (sc.peek() == 'v') sc.word("v");
  size_t release_start = sc.pos();
  const std::string_view first = sc.digits();
  if (first.empty()) return p;
  if (sc.peek() == '!') {
    p.epoch = first;
    sc.word("!");
    release_start = sc.pos();
    if (sc.digits().empty()) return p;
  }
  for (;;) {
    const size_t save = sc.pos();
    if (sc.peek() == '.' && (sc.word("."), !sc.digits().empty())) continue;
    sc.reset(save);
    break;
  }
  p.release = v.substr(release_start, sc.pos() - release_start);

  // Pre-release: [sep](alpha|a|beta|b|preview|pre|c|rc)[[sep]N]
  {
    const size_t save = sc.pos();
    sc.sep();
    const int kind = take_pre_label(sc);
    if (kind == kPreNone) {
      sc.reset(save);
    } else {
      p.pre_kind = kind;
      p.pre_number = label_number(sc);
    }
  }
  // Post-release: -N | [sep](post|rev|r)[[sep]N]
  {
    const size_t save = sc.pos();
    if (sc.peek() == '-' && (sc.word("-"), true)) {
      std::string_view n = sc.digits();
      if (!n.empty()) {
        p.has_post = true;
        p.post_number = n;
      } else {
        sc.reset(save);
      }
    }
    if (!p.has_post) {
      sc.sep();
      if ((sc.peek() == 'p' || sc.peek() == 'r') &&
          (sc.word("post") || sc.word("rev") || sc.word("r"))) {
        p.has_post = true;
        p.post_number = label_number(sc);
      } else {
        sc.reset(save);
      }
    }
  }
  // Development release: [sep]dev[[sep]N]
  {
    const size_t save = sc.pos();
    sc.sep();
    if (sc.peek() == 'd' && sc.word("dev")) {
      p.has_dev = true;
      p.dev_number = label_number(sc);
    } else {
      sc.reset(save);
    }
  }
  if (sc.peek() == '+') {
    sc.word("+");
    p.local = sc.rest();
    if (!valid_local(p.local)) return p;
    sc.reset(v.size());
  }
  p.valid = sc.done();
  return p;
}

int compare_release(std::string_view a, std::string_view b) {
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    size_t ei = a.find('.', i), ej = b.find('.', j);
    if (ei == std::string_view::npos) ei = a.size();
    if (ej == std::string_view::npos) ej = b.size();
    const std::string_view x = i < a.size() ? a.substr(i, ei - i) : "0";
    const std::string_view y = j < b.size() ? b.substr(j, ej - j) : "0";
    if (int c = compare_digit_runs(x, y)) return c;
    i = i < a.size() ? ei + 1 : i;
    j = j < b.size() ? ej + 1 : j;
  }
  return 0;
}

int compare_local(std::string_view a, std::string_view b) {
  const auto is_sep = [](char c) { return c == '.' || c == '-' || c == '_'; };
  size_t i = 0, j = 0;
  for (;;) {
    const bool a_done = i >= a.size();
    const bool b_done = j >= b.size();
    if (a_done || b_done) return a_done == b_done ? 0 : (a_done ? -1 : 1);
    size_t ei = i, ej = j;
    while (ei < a.size() && !is_sep(a[ei])) ++ei;
    while (ej < b.size() && !is_sep(b[ej])) ++ej;
    const std::string_view x = a.substr(i, ei - i);
    const std::string_view y = b.substr(j, ej - j);
    const bool nx = all_digits(x);
    const bool ny = all_digits(y);
    int c;
    if (nx && ny) {
      c = compare_digit_runs(x, y);
    } else if (nx != ny) {
      c = nx ? 1 : -1;  // a numeric segment ranks above a lexical one
    } else {
      c = icompare(x, y);
    }
    if (c) return c;
    i = ei + 1;
    j = ej + 1;
  }
}

// setuptools' key for versions that are not PEP 440.
std::string legacy_key(std::string_view v) {
  std::string lower = ascii_lower(v);
  std::vector<std::string> parts;
  const auto push = [&parts](std::string part) {
    if (part == "pre" || part == "preview" || part == "rc")
      part = "c";
    else if (part == "-")
      part = "final-";
    else if (part == "dev")
      part = "@";
    if (is_digit(part.front())) {
      if (part.size() < 8) part.insert(0, 8 - part.size(), '0');
    } else {
      part.insert(0, "*");
    }
    if (part.front() == '*') {
      if (part < "*final") {
        while (!parts.empty() && parts.back() == "*final-") parts.pop_back();
      }
      while (!parts.empty() && parts.back() == "00000000") parts.pop_back();
    }
    parts.push_back(std::move(part));
  };
  for (size_t i = 0; i < lower.size();) {
    const char c = lower[i];
    size_t j = i + 1;
    if (is_digit(c)) {
      while (j < lower.size() && is_digit(lower[j])) ++j;
    } else if (c >= 'a' && c <= 'z') {
      while (j < lower.size() && lower[j] >= 'a' && lower[j] <= 'z') ++j;
    } else if (c != '-') {
      i = j;  // '.' and other characters only separate
      continue;
    }
    push(lower.substr(i, j - i));
    i = j;
  }
  push("final");
  std::string key;
  for (const auto& p : parts) key += p;
  return key;
}

int post_rank(const Pep440& p) { return p.has_post ? 1 : 0; }

}  // namespace

int compare_pep440(std::string_view a, std::string_view b) {
  const Pep440 pa = parse(a);
  const Pep440 pb = parse(b);
  if (!pa.valid || !pb.valid) {
    if (pa.valid != pb.valid) return pa.valid ? 1 : -1;
    return sign(legacy_key(a).compare(legacy_key(b)));
  }
  if (int c = compare_digit_runs(pa.epoch, pb.epoch)) return c;
  if (int c = compare_release(pa.release, pb.release)) return c;
  // A dev release of a final version (no pre, no post) sorts before its
  // pre-releases: 1.0.dev0 < 1.0a0.
  const bool dev_only_a = pa.pre_kind == kPreNone && !pa.has_post && pa.has_dev;
  const bool dev_only_b = pb.pre_kind == kPreNone && !pb.has_post && pb.has_dev;
  if (dev_only_a != dev_only_b) return dev_only_a ? -1 : 1;
  if (!dev_only_a) {
    if ((pa.pre_kind == kPreNone) != (pb.pre_kind == kPreNone)) {
      return pa.pre_kind == kPreNone ? 1 : -1;
    }
    if (pa.pre_kind != pb.pre_kind) return pa.pre_kind < pb.pre_kind ? -1 : 1;
    if (pa.pre_kind != kPreNone) {
      if (int c = compare_digit_runs(pa.pre_number, pb.pre_number)) return c;
    }
  }
  if (int c = post_rank(pa) - post_rank(pb)) return c;
  if (pa.has_post) {
    if (int c = compare_digit_runs(pa.post_number, pb.post_number)) return c;
  }
  if (pa.has_dev != pb.has_dev) return pa.has_dev ? -1 : 1;
  if (pa.has_dev) {
    if (int c = compare_digit_runs(pa.dev_number, pb.dev_number)) return c;
  }
  return compare_local(pa.local, pb.local);
}

Result<void> validate_pep440(std::string_view v) {
  if (!parse(v).valid) {
    return invalid_version(v, "pep440",
                           "not of the form [N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local]");
  }
  return {};
}

}  // namespace vigil::version::detail

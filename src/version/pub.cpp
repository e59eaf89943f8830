// Dart pub versions (https://dart.dev/tools/pub/versioning), as pub_semver
// orders them: SemVer 2.0 precedence, then build metadata, which pub does not
// ignore: "1.0.0" < "1.0.0+1" < "1.0.0+a".
#include "core/text.h"
#include "version/schemes.h"
#include "version/semver.h"

namespace vigil::version::detail {
namespace {

struct Tail {
  std::string_view pre;
  std::string_view build;
};

Tail split_tail(std::string_view tail) {
  Tail t;
  const size_t plus = tail.find('+');
  if (plus != std::string_view::npos) {
    t.build = tail.substr(plus + 1);
    tail = tail.substr(0, plus);
  }
  if (!tail.empty() && tail.front() == '-') tail.remove_prefix(1);
  t.pre = tail;
  return t;
}

}  // namespace

int compare_pub(std::string_view a, std::string_view b) {
  const SemverParts pa = split_semver(a);
  const SemverParts pb = split_semver(b);
  if (int c = compare_numbers(pa, pb, 3)) return c;
  const Tail ta = split_tail(pa.tail);
  const Tail tb = split_tail(pb.tail);
  if (ta.pre.empty() != tb.pre.empty()) return ta.pre.empty() ? 1 : -1;
  if (!ta.pre.empty()) {
    if (int c = compare_identifiers(ta.pre, tb.pre, false)) return c;
  }
  // A build ranks above the same version without one.
  if (ta.build.empty() != tb.build.empty()) return ta.build.empty() ? -1 : 1;
  if (ta.build.empty()) return 0;
  return compare_identifiers(ta.build, tb.build, false);
}

Result<void> validate_pub(std::string_view v) { return validate_semver(v); }

}  // namespace vigil::version::detail

// purl-version and purl-range: OSV-style affected packages against a
// component's package keys and version.
#include "match/internal.h"
#include "version/osv_range.h"
#include "version/version.h"

namespace vigil::match::detail {
namespace {

std::string range_text(const advisory::Affected& af, const version::OsvRange& r) {
  static constexpr std::array<std::string_view, 4> kEvents{"introduced", "fixed", "last_affected",
                                                           "limit"};
  std::string s = af.ecosystem + " " + af.name + ":";
  for (const auto& e : r.events) {
    s += " ";
    s += kEvents[static_cast<size_t>(e.kind)];
    s += " " + e.version;
  }
  return s;
}

}  // namespace

// purl-version and purl-range over an OSV-style record.
void Scan::packages(const Subject& s, const kb::Record& rec) {
  const Advisory& a = rec.advisory;
  for (const auto& key : s.id->keys) {
    for (const auto& af : a.affected) {
      const advisory::PackageKey k = advisory::key_for(af.ecosystem, af.name);
      if (k.ecosystem != key.ecosystem || k.name != key.name) continue;
      Evidence e{a.id,
                 std::string(advisory::source_name(a.source)),
                 Rule::purl_range,
                 {},
                 Confidence::high,
                 {}};
      if (!k.release.empty()) {
        if (key.release.empty()) {
          e.confidence = Confidence::medium;
          e.note = "the purl states no distribution release; the advisory is for " + af.ecosystem;
        } else if (k.release != key.release && !k.release.starts_with(key.release + ":")) {
          continue;
        }
      }
      const auto scheme = version::scheme_for(af.ecosystem).value_or(version::Scheme::generic);
      const std::string_view v = advisory::feed_version(k.ecosystem, s.id->version);
      std::vector<std::string> fixed;
      for (const auto& r : af.ranges) {
        if (r.type == version::RangeType::git) continue;  // commits are not versions to install
        for (const auto& ev : r.events) {
          if (ev.kind == version::EventKind::fixed) fixed.push_back(ev.version);
        }
      }
      bool hit = false;
      for (const auto& listed : af.versions) {
        if (listed == v || version::compare(scheme, listed, v) == 0) {
          e.rule = Rule::purl_version;
          e.criterion = af.ecosystem + " " + af.name + ": version " + listed + " is listed";
          hit = true;
          break;
        }
      }
      for (size_t i = 0; !hit && i < af.ranges.size(); ++i) {
        if (version::evaluate(af.ranges[i], scheme, v) == version::Containment::affected) {
          e.criterion = range_text(af, af.ranges[i]);
          hit = true;
        }
      }
      if (hit) add(out_, s, rec, std::move(e), fixed);
    }
  }
}

}  // namespace vigil::match::detail

// Findings under construction: evidence per record and rule, fixes, state.
#include <algorithm>

#include "match/internal.h"

namespace vigil::match::detail {

Pending& pending(Findings& out, const Subject& s, const kb::Record& rec) {
  Pending& p = out[{s.index, rec.vulnerability}];
  p.finding.component = s.index;
  p.finding.vulnerability = rec.vulnerability;
  return p;
}

void add(Findings& out, const Subject& s, const kb::Record& rec, Evidence e,
         const std::vector<std::string>& fixed, State state) {
  Pending& p = pending(out, s, rec);
  if (state == State::under_investigation && p.finding.evidence.empty())
    p.finding.state = State::under_investigation;
  if (state == State::affected) p.finding.state = State::affected;
  for (const auto& ev : p.finding.evidence) {
    if (ev.advisory == e.advisory && ev.rule == e.rule) return;  // one evidence per record and rule
  }
  p.finding.evidence.push_back(std::move(e));
  p.finding.fixed_versions.insert(p.finding.fixed_versions.end(), fixed.begin(), fixed.end());
}

void tidy(Finding& f) {
  std::sort(f.fixed_versions.begin(), f.fixed_versions.end());
  f.fixed_versions.erase(std::unique(f.fixed_versions.begin(), f.fixed_versions.end()),
                         f.fixed_versions.end());
  std::erase(f.fixed_versions, std::string());
}

}  // namespace vigil::match::detail

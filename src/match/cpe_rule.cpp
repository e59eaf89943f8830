// cpe-range: NVD configurations, their criteria parsed once per record,
// against a component's CPEs and the rest of the SBOM as its platform.
#include <algorithm>

#include "kb/kb.h"
#include "match/internal.h"

namespace vigil::match::detail {
namespace {

const std::optional<cpe::Wfn>& parsed(CriteriaCache& cache, const std::string& criteria) {
  auto it = cache.find(criteria);
  if (it == cache.end()) {
    auto w = cpe::parse(criteria);
    it = cache.emplace(criteria, w ? std::optional<cpe::Wfn>(std::move(*w)) : std::nullopt).first;
  }
  return it->second;
}

// Only AND or negation makes the rest of the SBOM matter; an OR of criteria
// holds as soon as the subject is one of them.
bool needs_platform(const advisory::CpeConfiguration& config) {
  return config.all || config.negate ||
         std::any_of(config.nodes.begin(), config.nodes.end(),
                     [](const advisory::CpeNode& n) { return n.all || n.negate; });
}

}  // namespace

Resolved resolve(const kb::Record& rec, CriteriaCache& cache) {
  Resolved r{&rec, {}, false, {}};
  for (const auto& config : rec.advisory.configurations) {
    r.needs_platform = r.needs_platform || needs_platform(config);
    for (const auto& node : config.nodes) {
      for (const auto& m : node.matches) r.criteria.push_back(&parsed(cache, m.criteria));
    }
  }
  return r;
}

bool attributes_match(const cpe::Wfn& crit, const cpe::Wfn& target) {
  for (size_t i = 0; i < cpe::kAttributeCount; ++i) {
    const auto a = static_cast<Attribute>(i);
    if (a == Attribute::version) continue;
    // An SBOM's CPE that leaves an edition, language, target or "other"
    // unsaid does not deny the criterion's ("netty:netty:*:...:maven");
    // the update does: a pre-release is not its release.
    if (target[a].is_any() && a != Attribute::part && a != Attribute::vendor &&
        a != Attribute::product && a != Attribute::update) {
      continue;
    }
    const cpe::Relation r = cpe::compare_values(crit[a], target[a]);
    if (r != cpe::Relation::superset && r != cpe::Relation::equal) return false;
  }
  return true;
}

std::string criterion_text(const CpeMatch& m) {
  std::string s = m.criteria;
  if (!m.start_including.empty()) s += " >=" + m.start_including;
  if (!m.start_excluding.empty()) s += " >" + m.start_excluding;
  if (!m.end_including.empty()) s += " <=" + m.end_including;
  if (!m.end_excluding.empty()) s += " <" + m.end_excluding;
  return s;
}

// cpe-range over an NVD-style record; `targets` are the CPEs the subject
// stands for (its own, or names derived for the heuristic).
// `stable`: the targets stay where they are for the whole scan, so that
// their comparisons can be remembered by address.
void Scan::cpes(const Subject& s, const std::vector<cpe::Wfn>& targets, bool stable,
                const Resolved& resolved, Rule rule, Confidence best, const std::string& note) {
  const kb::Record& rec = *resolved.record;
  if (stable && !resolved.needs_platform) {
    auto& outcomes = resolved.outcomes;
    auto it = std::find_if(outcomes.begin(), outcomes.end(),
                           [&s](const auto& o) { return o.first == s.id; });
    if (it == outcomes.end()) {
      if (outcomes.size() >= kOutcomesPerRecord) outcomes.clear();
      std::vector<const CpeMatch*> hits;
      size_t first = 0;
      for (const auto& config : rec.advisory.configurations) {
        if (const CpeMatch* hit = first_hit(config, targets, stable, resolved, first))
          hits.push_back(hit);
      }
      outcomes.emplace_back(s.id, std::move(hits));
      it = std::prev(outcomes.end());
    }
    for (const CpeMatch* hit : it->second) found(s, rec, *hit, Tri::yes, {}, rule, best, note);
    return;
  }
  size_t first = 0;  // the configuration's first criterion in resolved.criteria
  for (const auto& config : rec.advisory.configurations) {
    // First, which vulnerable criteria the subject is: most candidates
    // are none, and then nothing else needs evaluating.
    const size_t base = first;
    const CpeMatch* hit = first_hit(config, targets, stable, resolved, first);
    if (hit == nullptr) continue;
    const bool platform = needs_platform(config);
    Tri value = Tri::yes;
    std::string unstated;
    if (platform) {
      value = config.all ? Tri::yes : Tri::no;
      size_t j = 0;
      for (const auto& node : config.nodes) {
        Tri nv = node.all ? Tri::yes : Tri::no;
        for (const auto& m : node.matches) {
          const std::optional<cpe::Wfn>& crit = *resolved.criteria[base + j];
          Tri mv = self_[j++] ? Tri::yes : Tri::no;
          if (crit && mv == Tri::no) {
            mv = on_platform(m, *crit);
            if (mv == Tri::no && !m.vulnerable && !platform_.stated[part_index(*crit)]) {
              mv = Tri::unknown;
              if (unstated.empty()) unstated = m.criteria;
            }
          }
          nv = node.all ? tri_and(nv, mv) : tri_or(nv, mv);
        }
        if (node.negate) nv = tri_not(nv);
        value = config.all ? tri_and(value, nv) : tri_or(value, nv);
      }
    }
    if (platform && config.negate) value = tri_not(value);
    if (value == Tri::no) continue;
    found(s, rec, *hit, value, unstated, rule, best, note);
  }
}

// The first vulnerable criterion of `config` that one of `targets` is, or
// none; whether each criterion is one of them goes to self_. `first` is
// the configuration's first criterion in resolved.criteria, moved past it.
const CpeMatch* Scan::first_hit(const advisory::CpeConfiguration& config,
                                const std::vector<cpe::Wfn>& targets, bool stable,
                                const Resolved& resolved, size_t& first) {
  self_.clear();
  const CpeMatch* hit = nullptr;
  for (const auto& node : config.nodes) {
    for (const auto& m : node.matches) {
      const std::optional<cpe::Wfn>& crit = *resolved.criteria[first++];
      const bool is = m.vulnerable && crit &&
                      std::any_of(targets.begin(), targets.end(),
                                  [&](const auto& t) { return matches(m, *crit, t, stable); });
      if (is && hit == nullptr) hit = &m;
      self_.push_back(is);
    }
  }
  return hit;
}

// A cpe-range (or name-heuristic) finding on `hit`.
void Scan::found(const Subject& s, const kb::Record& rec, const CpeMatch& hit, Tri value,
                 const std::string& unstated, Rule rule, Confidence best, const std::string& note) {
  const Advisory& a = rec.advisory;
  Evidence e{a.id, std::string(advisory::source_name(a.source)), rule, criterion_text(hit), best,
             note};
  if (value == Tri::unknown) {
    e.confidence = std::max(best, Confidence::medium);
    e.note = (note.empty() ? "" : note + "; ") +
             "the SBOM does not state the platform the advisory requires (" + unstated + ")";
  }
  // NVD writes a fix and the end of a release branch alike as an
  // excluded end; "4.19.317 up to 4.20" ends a branch, it fixes nothing.
  std::vector<std::string> fixed;
  const auto parts = [](std::string_view v) { return std::count(v.begin(), v.end(), '.'); };
  if (!hit.end_excluding.empty() &&
      (hit.start_including.empty() || parts(hit.end_excluding) >= parts(hit.start_including))) {
    fixed.push_back(hit.end_excluding);
  }
  add(out_, s, rec, std::move(e), fixed);
}

// Whether `target` is the criterion `m` (parsed: `crit`). `stable`: the
// target stays put for the scan, so its attribute comparisons are remembered.
bool Scan::matches(const CpeMatch& m, const cpe::Wfn& crit, const cpe::Wfn& target,
                   bool stable) const {
  return (stable ? attributes_(crit, target) : attributes_match(crit, target)) &&
         kb::cpe_version_matches(m, crit[Attribute::version], target[Attribute::version]);
}

// Whether any CPE in the SBOM matches the criterion.
Tri Scan::on_platform(const CpeMatch& m, const cpe::Wfn& crit) const {
  const cpe::Value& product = crit[Attribute::product];
  if (product.kind == cpe::Value::Kind::text && !product.has_wildcards()) {
    auto it = platform_.by_product.find(product.text);
    if (it == platform_.by_product.end()) return Tri::no;
    for (size_t i : it->second) {
      if (matches(m, crit, *platform_.cpes[i], true)) return Tri::yes;
    }
    return Tri::no;
  }
  for (const cpe::Wfn* t : platform_.cpes) {
    if (matches(m, crit, *t, true)) return Tri::yes;
  }
  return Tri::no;
}

}  // namespace vigil::match::detail

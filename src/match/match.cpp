// The matcher: its caches of records and lookups, and a scan of one
// document through the rules.
#include "match/match.h"

#include <algorithm>
#include <array>
#include <set>
#include <unordered_set>

#include "core/text.h"
#include "match/internal.h"

namespace vigil::match {

using namespace detail;

std::string_view rule_name(Rule r) {
  constexpr std::array<std::string_view, 5> kNames{"purl-version", "purl-range", "cpe-range",
                                                   "csaf-product", "name-heuristic"};
  return kNames[static_cast<size_t>(r)];
}

std::string_view confidence_name(Confidence c) {
  constexpr std::array<std::string_view, 3> kNames{"high", "medium", "low"};
  return kNames[static_cast<size_t>(c)];
}

std::string_view state_name(State s) {
  constexpr std::array<std::string_view, 4> kNames{"affected", "under_investigation",
                                                   "not_affected", "fixed"};
  return kNames[static_cast<size_t>(s)];
}

Confidence Finding::confidence() const {
  Confidence best = Confidence::low;
  for (const auto& e : evidence) best = std::min(best, e.confidence);
  return best;
}

const sbom::Component& component_of(const sbom::Document& doc, const Finding& f) {
  return component_of(doc, f.component);
}

const sbom::Component& component_of(const sbom::Document& doc, size_t component) {
  return component == kPrimary ? doc.primary : doc.components[component];
}

Matcher::Matcher(const kb::KnowledgeBase& kb, Options options)
    : kb_(kb), options_(options), memo_(std::make_unique<Memo>()) {}
Matcher::~Matcher() = default;
Matcher::Matcher(Matcher&&) noexcept = default;

Result<void> Matcher::revalidate() {
  auto g = kb_.generation();
  if (!g) return g.error();
  const bool full = options_.max_cached_records && records_.size() > options_.max_cached_records;
  if (generation_ != *g || full) {
    records_.clear();
    infos_.clear();
    ecosystem_covered_.clear();
    *memo_ = Memo{};
    generation_ = *g;
  }
  return {};
}

Result<Matcher::Entry*> Matcher::entry(int64_t key) {
  auto it = records_.find(key);
  if (it != records_.end()) return it->second.get();
  auto r = kb_.matching_record(key);
  if (!r) return r.error();
  memo_->descriptions.try_emplace(r->record.vulnerability, std::move(r->description));
  auto owned = std::make_unique<Entry>(Entry{std::move(r->record), {}, 0});
  owned->resolved = resolve(owned->record, memo_->criteria);
  Entry* p = owned.get();
  records_.emplace(key, std::move(owned));
  return p;
}

Result<ScanResult> Matcher::scan(const sbom::Document& doc,
                                 const std::vector<vex::Statement>& statements) {
  const kb::KnowledgeBase::ReadScope snapshot(kb_);
  if (auto r = revalidate(); !r) return r.error();
  // Index lookups, remembered across scans with their records read: a
  // long-running process scanning release after release asks the same
  // questions.
  const auto memoised = [this](std::string key,
                               auto&& fetch) -> Result<const std::vector<Entry*>*> {
    auto it = memo_->lookups.find(key);
    if (it == memo_->lookups.end()) {
      auto keys = fetch();
      if (!keys) return keys.error();
      std::vector<Entry*> entries;
      entries.reserve(keys->size());
      for (int64_t k : *keys) {
        auto e = entry(k);
        if (!e) return e.error();
        entries.push_back(*e);
      }
      it = memo_->lookups.emplace(std::move(key), std::move(entries)).first;
    }
    return &it->second;
  };
  ScanResult result;
  // Bounded: a process that has met this many distinct components starts
  // over rather than grow without end.
  if (memo_->identities.size() > kMostIdentities) {
    // Everything keyed by the identities' addresses goes with them.
    memo_->by_identity.clear();
    for (auto& [key, e] : records_) e->resolved.outcomes.clear();
    memo_->identities.clear();
  }
  Prepared prepared = prepare(doc, memo_->identities);
  const std::vector<Subject>& subjects = prepared.subjects;
  const Platform& platform = prepared.platform;

  Findings found;
  AttributeMemo attributes;
  Scan rules(platform, found, attributes);
  const uint64_t this_scan = ++scans_;
  const auto each_record = [&](const std::vector<Entry*>& entries, auto&& f) {
    for (Entry* e : entries) {
      if (e->scan != this_scan) {
        e->scan = this_scan;
        ++result.stats.records_considered;
      }
      if (!e->record.advisory.withdrawn.empty()) continue;
      f(*e);
    }
  };

  // Every lookup an identity needs, worked out the first time it is met.
  const auto lookups_of = [&](const Identity& id) -> Result<const Lookups*> {
    auto it = memo_->by_identity.find(&id);
    if (it != memo_->by_identity.end()) return &it->second;
    Lookups l;
    bool distro_covered = false;  // by a distribution's own feed: no CPE lookups then
    // purl rules: the package index.
    for (const auto& key : id.keys) {
      const std::string_view v = advisory::feed_version(key.ecosystem, id.version);
      auto keys = memoised("p\x1f" + key.ecosystem + "\x1f" + key.name + "\x1f" + std::string(v),
                           [&] { return kb_.by_package(key.ecosystem, key.name, v); });
      if (!keys) return keys.error();
      l.packages.push_back(*keys);
      if (id.os_package) {
        auto covered = ecosystem_covered_.find(key.ecosystem);
        if (covered == ecosystem_covered_.end()) {
          auto c = kb_.covers_ecosystem(key.ecosystem);
          if (!c) return c.error();
          covered = ecosystem_covered_.emplace(key.ecosystem, *c).first;
        }
        distro_covered = distro_covered || covered->second;
      }
    }
    // CPE rules. A distribution's own feed knows its backports, so an OS
    // package it covers is not also matched by upstream CPE ranges.
    if (!distro_covered) {
      for (const auto& w : id.cpes) {
        const cpe::Value& vendor = w[Attribute::vendor];
        const cpe::Value& product = w[Attribute::product];
        if (product.kind != cpe::Value::Kind::text || product.has_wildcards()) continue;
        const std::string_view vendor_text =
            vendor.kind == cpe::Value::Kind::text && !vendor.has_wildcards()
                ? std::string_view(vendor.text)
                : std::string_view();
        const cpe::Value& version = w[Attribute::version];
        auto keys = memoised("c\x1f" + std::string(vendor_text) + "\x1f" + product.text + "\x1f" +
                                 (version.is_any()  ? "*"
                                  : version.is_na() ? "-"
                                                    : "=" + version.text),
                             [&] { return kb_.by_cpe(vendor_text, product.text, version); });
        if (!keys) return keys.error();
        l.cpes.push_back(*keys);
      }
    }
    // Product names from advisories that give no identifier (CISA's
    // medical advisories): every component, the device itself included.
    if (!id.product_names.empty() && !memo_->product_names) {
      auto names = kb_.product_names();
      if (!names) return names.error();
      memo_->product_names.emplace(std::make_move_iterator(names->begin()),
                                   std::make_move_iterator(names->end()));
    }
    for (const auto& n : id.product_names) {
      if (n.empty() || !memo_->product_names->count(n)) continue;
      auto keys = memoised("n\x1f" + n, [&]() -> Result<std::vector<int64_t>> {
        auto hits = kb_.by_product(n);
        if (!hits) return hits.error();
        std::vector<int64_t> out;
        for (const auto& h : *hits) out.push_back(h.key);
        return out;
      });
      if (!keys) return keys.error();
      l.names.push_back(*keys);
    }
    // Name only, for components no feed can name otherwise.
    if (options_.name_heuristics && id.keys.empty() && id.cpes.empty()) {
      for (const auto& product : id.heuristic_products) {
        auto keys = memoised("h\x1f" + product + "\x1f" + id.version,
                             [&] { return kb_.by_cpe({}, product, cpe::literal(id.version)); });
        if (!keys) return keys.error();
        l.heuristics.emplace_back(&product, *keys);
      }
    }
    return &memo_->by_identity.emplace(&id, std::move(l)).first->second;
  };

  for (const Subject& s : subjects) {
    Stats& st = result.stats;
    ++st.components;
    st.with_purl += s.id->has_purl;
    st.with_cpe += !s.id->cpes.empty();
    if (s.id->version.empty()) {
      ++st.without_version;
      continue;  // nothing to compare: reported in the stats, never guessed
    }
    auto l = lookups_of(*s.id);
    if (!l) return l.error();
    for (const auto* entries : (*l)->packages) {
      each_record(*entries, [&](const Entry& e) {
        rules.packages(s, e.record);
        if (e.record.advisory.source == advisory::Source::csaf) rules.products(s, e.record);
      });
    }
    for (const auto* entries : (*l)->cpes) {
      each_record(*entries, [&](const Entry& e) {
        if (e.record.advisory.source == advisory::Source::csaf) {
          rules.products(s, e.record);
        } else {
          rules.cpes(s, s.id->cpes, true, e.resolved, Rule::cpe_range, Confidence::high, {});
        }
      });
    }
    for (const auto* entries : (*l)->names)
      each_record(*entries, [&](const Entry& e) { rules.products(s, e.record); });
    if (options_.name_heuristics && s.id->keys.empty() && s.id->cpes.empty()) {
      ++st.by_name_only;
      for (const auto& h : (*l)->heuristics) {
        const std::string& product = *h.first;  // clang 14 cannot capture a structured binding
        each_record(*h.second, [&](const Entry& e) { rules.by_name(s, e.resolved, product); });
      }
    }
  }

  // States: the kb's supplier VEX first, then the user's statements in order.
  for (auto& [key, p] : found) {
    Finding& f = p.finding;
    if (f.evidence.empty()) continue;  // a not-affected statement with nothing to suppress
    tidy(f);
    for (auto& v : p.kb_vex) {
      f.state = State::not_affected;
      f.vex.push_back(std::move(v));
    }
    if (!statements.empty()) {
      auto info = this->info(f.vulnerability);  // inside the scan's snapshot
      if (!info) return info.error();
      const sbom::Component& c = component_of(doc, f);
      for (const auto& st : statements) {
        const bool named = st.vulnerability == f.vulnerability ||
                           std::find((*info)->aliases.begin(), (*info)->aliases.end(),
                                     st.vulnerability) != (*info)->aliases.end();
        if (!named) continue;
        if (!vex::applies(st, doc, c)) continue;
        switch (st.status) {
          case vex::Status::not_affected:
            f.state = State::not_affected;
            break;
          case vex::Status::fixed:
            f.state = State::fixed;
            break;
          case vex::Status::affected:
            f.state = State::affected;
            break;
          case vex::Status::under_investigation:
            f.state = State::under_investigation;
            break;
        }
        f.vex.push_back({st.status, st.justification, st.detail, st.source});
      }
    }
    ++(f.suppressed() ? result.stats.suppressed : result.stats.findings);
    result.findings.push_back(std::move(f));
  }
  // The map's order (component, then vulnerability) is the report's but for
  // the device itself: its index, kPrimary, sorts last and it comes first.
  const auto primary =
      std::partition_point(result.findings.begin(), result.findings.end(),
                           [](const Finding& f) { return f.component != kPrimary; });
  std::rotate(result.findings.begin(), primary, result.findings.end());
  return result;
}

}  // namespace vigil::match

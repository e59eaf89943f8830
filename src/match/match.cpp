#include "match/match.h"

#include <algorithm>
#include <array>
#include <set>

#include "advisory/package_key.h"
#include "core/text.h"
#include "cpe/cpe.h"
#include "cvss/cvss.h"
#include "match/product_version.h"
#include "purl/purl.h"
#include "version/osv_range.h"
#include "version/version.h"

namespace vigil::match {
namespace {

using advisory::Advisory;
using advisory::CpeMatch;
using cpe::Attribute;

// Parsed CPE criteria by their text: the same few criteria strings recur
// across thousands of records (every kernel CVE names linux_kernel).
using CriteriaCache = std::unordered_map<std::string, std::optional<cpe::Wfn>>;

// One component as the rules see it: parsed identifiers and the version they
// compare.
struct Subject {
  size_t index = 0;
  const sbom::Component* component = nullptr;
  std::vector<purl::PackageUrl> purls;
  std::vector<advisory::PackageKey> keys;  // of the purls that name a feed's package
  std::vector<cpe::Wfn> cpes;              // version filled from the component when ANY
  std::string version;                     // the purl's version, else the component's
  bool os_package = false;                 // deb, rpm or apk
};

// What the rest of the SBOM says, for running-on platforms and AND nodes.
struct Platform {
  std::vector<cpe::Wfn> cpes;  // every CPE of every component
  // Indexes into cpes by product text, for criteria that name a product.
  std::unordered_map<std::string, std::vector<size_t>> by_product;
  std::array<bool, 3> stated{};  // a, o, h: whether the SBOM names anything of that part
};

size_t part_index(const cpe::Wfn& w) {
  const std::string& p = w[Attribute::part].text;
  return p == "o" ? 1 : p == "h" ? 2 : 0;
}

enum class Tri : uint8_t { no, yes, unknown };

Tri tri_and(Tri a, Tri b) {
  if (a == Tri::no || b == Tri::no) return Tri::no;
  return (a == Tri::unknown || b == Tri::unknown) ? Tri::unknown : Tri::yes;
}

Tri tri_or(Tri a, Tri b) {
  if (a == Tri::yes || b == Tri::yes) return Tri::yes;
  return (a == Tri::unknown || b == Tri::unknown) ? Tri::unknown : Tri::no;
}

Tri tri_not(Tri a) { return a == Tri::yes ? Tri::no : a == Tri::no ? Tri::yes : Tri::unknown; }

// Whether an NVD criterion names the product `target` is. Every attribute
// but the version by NISTIR 7696; the version against the bounds. A target
// whose version is ANY matches only a criterion that affects every version.
bool criterion_matches(const CpeMatch& m, const cpe::Wfn& crit, const cpe::Wfn& target) {
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
  return kb::cpe_version_matches(m, crit[Attribute::version], target[Attribute::version]);
}

std::string criterion_text(const CpeMatch& m) {
  std::string s = m.criteria;
  if (!m.start_including.empty()) s += " >=" + m.start_including;
  if (!m.start_excluding.empty()) s += " >" + m.start_excluding;
  if (!m.end_including.empty()) s += " <=" + m.end_including;
  if (!m.end_excluding.empty()) s += " <" + m.end_excluding;
  return s;
}

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

// A finding under construction: evidence, fixes and the kb's own VEX.
struct Pending {
  Finding finding;
  std::vector<VexEvidence> kb_vex;
};

using Findings = std::map<std::pair<size_t, std::string>, Pending>;

void add(Findings& out, const Subject& s, const kb::Record& rec, Evidence e,
         const std::vector<std::string>& fixed, State state = State::affected) {
  Pending& p = out[{s.index, rec.vulnerability}];
  p.finding.component = s.index;
  p.finding.vulnerability = rec.vulnerability;
  if (state == State::under_investigation && p.finding.evidence.empty())
    p.finding.state = State::under_investigation;
  if (state == State::affected) p.finding.state = State::affected;
  for (const auto& ev : p.finding.evidence) {
    if (ev.advisory == e.advisory && ev.rule == e.rule) return;  // one evidence per record and rule
  }
  p.finding.evidence.push_back(std::move(e));
  p.finding.fixed_versions.insert(p.finding.fixed_versions.end(), fixed.begin(), fixed.end());
}

// CPE product names for a component known only by name. The Linux kernel is
// the one common device component whose CPE product differs from the names
// SBOMs give it.
std::vector<std::string> heuristic_products(const sbom::Component& c) {
  std::string name = advisory::normalize_product(c.name);
  if (name == "linux" || name == "linux kernel" || name == "kernel" || name == "linux yocto")
    return {"linux_kernel"};
  std::replace(name.begin(), name.end(), ' ', '_');
  if (name.empty()) return {};
  return {cpe::literal(name).text};
}

}  // namespace

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
  return f.component == kPrimary ? doc.primary : doc.components[f.component];
}

std::optional<double> VulnerabilityInfo::score() const {
  for (const auto& c : cvss) {
    if (c.base_score) return c.base_score;
  }
  return std::nullopt;
}

std::string VulnerabilityInfo::severity() const {
  for (const auto& c : cvss) {
    if (c.base_score) return c.severity;
  }
  return "unknown";
}

struct Matcher::Memo {
  CriteriaCache criteria;
  std::unordered_map<std::string, std::vector<int64_t>> lookups;
};

Matcher::Matcher(const kb::KnowledgeBase& kb, Options options)
    : kb_(kb), options_(options), memo_(std::make_unique<Memo>()) {}
Matcher::~Matcher() = default;
Matcher::Matcher(Matcher&&) noexcept = default;

Result<void> Matcher::revalidate() {
  auto g = kb_.generation();
  if (!g) return g.error();
  if (generation_ != *g) {
    records_.clear();
    infos_.clear();
    ecosystem_covered_.clear();
    *memo_ = Memo{};
    generation_ = *g;
  }
  return {};
}

Result<const kb::Record*> Matcher::record(int64_t key) {
  auto it = records_.find(key);
  if (it != records_.end()) return it->second.get();
  auto r = kb_.record(key);
  if (!r) return r.error();
  auto owned = std::make_unique<kb::Record>(std::move(*r));
  const kb::Record* p = owned.get();
  records_.emplace(key, std::move(owned));
  return p;
}

namespace {

// The rules, over one scan's subjects. Kept apart from Matcher so that the
// per-scan state (platform, findings) is plain locals.
class Scan {
 public:
  Scan(const Platform& platform, Findings& out, CriteriaCache& criteria)
      : platform_(platform), out_(out), criteria_(criteria) {}

  // purl-version and purl-range over an OSV-style record.
  void packages(const Subject& s, const kb::Record& rec) {
    const Advisory& a = rec.advisory;
    for (const auto& key : s.keys) {
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
        const std::string_view v = advisory::feed_version(k.ecosystem, s.version);
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

  // cpe-range over an NVD-style record; `targets` are the CPEs the subject
  // stands for (its own, or names derived for the heuristic).
  void cpes(const Subject& s, const std::vector<cpe::Wfn>& targets, const kb::Record& rec,
            Rule rule, Confidence best, const std::string& note) {
    const Advisory& a = rec.advisory;
    for (const auto& config : a.configurations) {
      // First, which vulnerable criteria the subject is: most candidates
      // are none, and then nothing else needs evaluating.
      std::vector<bool> self;
      const CpeMatch* hit = nullptr;
      for (const auto& node : config.nodes) {
        for (const auto& m : node.matches) {
          const std::optional<cpe::Wfn>& crit = parsed(m.criteria);
          const bool is = m.vulnerable && crit &&
                          std::any_of(targets.begin(), targets.end(), [&](const cpe::Wfn& t) {
                            return criterion_matches(m, *crit, t);
                          });
          if (is && hit == nullptr) hit = &m;
          self.push_back(is);
        }
      }
      if (hit == nullptr) continue;
      // Only AND or negation makes the rest of the SBOM matter; an OR of
      // criteria holds as soon as the subject is one of them.
      bool needs_platform = config.all || config.negate;
      for (const auto& node : config.nodes)
        needs_platform = needs_platform || node.all || node.negate;
      Tri value = Tri::yes;
      std::string unstated;
      if (needs_platform) {
        value = config.all ? Tri::yes : Tri::no;
        size_t k = 0;
        for (const auto& node : config.nodes) {
          Tri nv = node.all ? Tri::yes : Tri::no;
          for (const auto& m : node.matches) {
            const std::optional<cpe::Wfn>& crit = parsed(m.criteria);
            Tri mv = self[k++] ? Tri::yes : Tri::no;
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
      if (needs_platform && config.negate) value = tri_not(value);
      if (value == Tri::no) continue;
      Evidence e{a.id, std::string(advisory::source_name(a.source)),
                 rule, criterion_text(*hit),
                 best, note};
      if (value == Tri::unknown) {
        e.confidence = std::max(best, Confidence::medium);
        e.note = (note.empty() ? "" : note + "; ") +
                 "the SBOM does not state the platform the advisory requires (" + unstated + ")";
      }
      // NVD writes a fix and the end of a release branch alike as an
      // excluded end; "4.19.317 up to 4.20" ends a branch, it fixes nothing.
      std::vector<std::string> fixed;
      const auto parts = [](std::string_view v) { return std::count(v.begin(), v.end(), '.'); };
      if (!hit->end_excluding.empty() &&
          (hit->start_including.empty() ||
           parts(hit->end_excluding) >= parts(hit->start_including))) {
        fixed.push_back(hit->end_excluding);
      }
      add(out_, s, rec, std::move(e), fixed);
    }
  }

  // csaf-product: identifiers where the product has them, else vendor and name.
  void products(const Subject& s, const kb::Record& rec) {
    const Advisory& a = rec.advisory;
    const sbom::Component& c = *s.component;
    const std::string name = advisory::normalize_product(c.name);
    const std::vector<std::string> vendors = vex::organisations(c);
    std::vector<std::pair<Evidence, State>> found;
    std::vector<VexEvidence> not_affected;
    bool fixed_here = false;
    std::vector<std::string> fixed_versions;
    for (const auto& p : a.products) {
      Evidence e{a.id, "csaf", Rule::csaf_product, {}, Confidence::high, {}};
      bool matched = false;
      if (!p.purls.empty() || !p.cpes.empty()) {
        for (const auto& id : p.purls) matched = matched || vex::covers(id, c);
        for (const auto& id : p.cpes) matched = matched || vex::covers(id, c);
        e.criterion = p.full_name.empty() ? p.product_id : p.full_name;
      } else {
        const std::string pname = advisory::normalize_product(p.name);
        const std::string pvendor = advisory::normalize_vendor(p.vendor);
        std::string_view cname = name;
        // "BD Alaris PC Unit" by BD against product "Alaris PC Unit".
        if (!pvendor.empty() && cname.starts_with(pvendor + " "))
          cname.remove_prefix(pvendor.size() + 1);
        if (pname.empty() || (cname != pname && name != pname)) continue;
        if (!vendors.empty() && !vex::vendor_agrees(vendors, p.vendor)) continue;
        const VersionMatch vm = product_version_matches(p.version, p.version_range, s.version);
        if (vm == VersionMatch::no) {
          if (p.status == "fixed" || p.status == "first_fixed") fixed_versions.push_back(p.version);
          continue;
        }
        matched = true;
        e.confidence = Confidence::medium;
        e.criterion = p.vendor + " " + p.name +
                      (p.version_range.empty() ? (p.version.empty() ? "" : " " + p.version)
                                               : " " + p.version_range);
        std::vector<std::string> notes{
            "matched by vendor and product name; the advisory gives "
            "no purl or CPE"};
        if (vendors.empty()) {
          e.confidence = Confidence::low;
          notes.push_back("the component names no supplier");
        }
        if (vm == VersionMatch::unknown) {
          e.confidence = Confidence::low;
          notes.push_back("the advisory's version text cannot be compared: " +
                          quote(p.version_range.empty() ? p.version : p.version_range));
        }
        for (const auto& n : notes) e.note += (e.note.empty() ? "" : "; ") + n;
      }
      if (!matched) continue;
      if (p.status == "fixed" || p.status == "first_fixed") {
        fixed_here = true;
      } else if (p.status == "known_not_affected") {
        not_affected.push_back({vex::Status::not_affected, {}, e.criterion, "CSAF " + a.id});
      } else if (p.status == "under_investigation") {
        found.emplace_back(std::move(e), State::under_investigation);
      } else if (p.status == "known_affected" || p.status == "first_affected" ||
                 p.status == "last_affected") {
        found.emplace_back(std::move(e), State::affected);
      }
    }
    if (!fixed_here) {
      for (auto& [e, state] : found) add(out_, s, rec, std::move(e), fixed_versions, state);
    }
    if (!not_affected.empty()) {
      Pending& p = out_[{s.index, rec.vulnerability}];
      p.finding.component = s.index;
      p.finding.vulnerability = rec.vulnerability;
      for (auto& v : not_affected) p.kb_vex.push_back(std::move(v));
    }
  }

  // name-heuristic: stand-in CPEs for a component known only by name, one
  // per vendor the record names for `product`, when the component's
  // supplier (if it names one) agrees with that vendor.
  void by_name(const Subject& s, const kb::Record& rec, const std::string& product) {
    if (rec.advisory.source == advisory::Source::csaf) return;
    const std::vector<std::string> vendors = vex::organisations(*s.component);
    std::vector<cpe::Wfn> targets;
    for (const auto& config : rec.advisory.configurations) {
      for (const auto& node : config.nodes) {
        for (const auto& m : node.matches) {
          const std::optional<cpe::Wfn>& crit = parsed(m.criteria);
          if (!crit || !m.vulnerable || (*crit)[Attribute::product].text != product) continue;
          std::string vendor_words = (*crit)[Attribute::vendor].plain();
          std::replace(vendor_words.begin(), vendor_words.end(), '_', ' ');
          // A CPE vendor is one organisation: no list to split.
          if (!vendors.empty() && std::none_of(vendors.begin(), vendors.end(), [&](const auto& v) {
                return advisory::vendors_agree(v, vendor_words);
              })) {
            continue;
          }
          cpe::Wfn t;
          t[Attribute::part] = (*crit)[Attribute::part];
          t[Attribute::vendor] = (*crit)[Attribute::vendor];
          t[Attribute::product] = (*crit)[Attribute::product];
          t[Attribute::version] = cpe::literal(s.version);
          if (std::find(targets.begin(), targets.end(), t) == targets.end())
            targets.push_back(std::move(t));
        }
      }
    }
    if (targets.empty()) return;
    cpes(s, targets, rec, Rule::name_heuristic, Confidence::low,
         "matched by name" + std::string(vendors.empty() ? "" : " and supplier") +
             ": the component has no purl or CPE a feed uses");
  }

 private:
  const std::optional<cpe::Wfn>& parsed(const std::string& criteria) {
    auto it = criteria_.find(criteria);
    if (it == criteria_.end()) {
      auto w = cpe::parse(criteria);
      it = criteria_.emplace(criteria, w ? std::optional<cpe::Wfn>(std::move(*w)) : std::nullopt)
               .first;
    }
    return it->second;
  }

  // Whether any CPE in the SBOM matches the criterion.
  Tri on_platform(const CpeMatch& m, const cpe::Wfn& crit) const {
    const cpe::Value& product = crit[Attribute::product];
    if (product.kind == cpe::Value::Kind::text && !product.has_wildcards()) {
      auto it = platform_.by_product.find(product.text);
      if (it == platform_.by_product.end()) return Tri::no;
      for (size_t i : it->second) {
        if (criterion_matches(m, crit, platform_.cpes[i])) return Tri::yes;
      }
      return Tri::no;
    }
    for (const auto& t : platform_.cpes) {
      if (criterion_matches(m, crit, t)) return Tri::yes;
    }
    return Tri::no;
  }

  const Platform& platform_;
  Findings& out_;
  CriteriaCache& criteria_;
};

Subject subject_of(size_t index, const sbom::Component& c) {
  Subject s;
  s.index = index;
  s.component = &c;
  s.version = c.version;
  for (const auto& text : c.purls) {
    auto p = purl::parse(text);
    if (!p) continue;
    if (!p->version.empty()) s.version = p->version;
    s.os_package = s.os_package || p->type == "deb" || p->type == "rpm" || p->type == "apk";
    if (auto k = advisory::key_for(*p)) s.keys.push_back(std::move(*k));
    s.purls.push_back(std::move(*p));
  }
  for (const auto& text : c.cpes) {
    auto w = cpe::parse(text);
    if (!w) continue;
    if ((*w)[Attribute::version].is_any() && !c.version.empty())
      (*w)[Attribute::version] = cpe::literal(c.version);
    s.cpes.push_back(std::move(*w));
  }
  return s;
}

// A document's subjects (the primary first) and what it says of platforms.
struct Prepared {
  std::vector<Subject> subjects;
  Platform platform;
};

Prepared prepare(const sbom::Document& doc) {
  Prepared p;
  p.subjects.reserve(doc.components.size() + 1);
  if (doc.has_primary) p.subjects.push_back(subject_of(kPrimary, doc.primary));
  for (size_t i = 0; i < doc.components.size(); ++i)
    p.subjects.push_back(subject_of(i, doc.components[i]));
  for (const auto& s : p.subjects) {
    for (const auto& w : s.cpes) {
      if (w[Attribute::product].kind == cpe::Value::Kind::text)
        p.platform.by_product[w[Attribute::product].text].push_back(p.platform.cpes.size());
      p.platform.cpes.push_back(w);
      p.platform.stated[part_index(w)] = true;
    }
    const std::string& type = s.component->type;
    if (type == "operating-system") p.platform.stated[1] = true;
    if (type == "device" || type == "firmware") p.platform.stated[2] = true;
  }
  return p;
}

// Sorted, unique fixed versions without empty ones.
void tidy(Finding& f) {
  std::sort(f.fixed_versions.begin(), f.fixed_versions.end());
  f.fixed_versions.erase(std::unique(f.fixed_versions.begin(), f.fixed_versions.end()),
                         f.fixed_versions.end());
  std::erase(f.fixed_versions, std::string());
}

}  // namespace

Result<ScanResult> Matcher::scan(const sbom::Document& doc,
                                 const std::vector<vex::Statement>& statements) {
  const kb::KnowledgeBase::ReadScope snapshot(kb_);
  if (auto r = revalidate(); !r) return r.error();
  // Index lookups, remembered across scans: a long-running process scanning
  // release after release asks the same questions.
  const auto memoised = [this](std::string key,
                               auto&& fetch) -> Result<const std::vector<int64_t>*> {
    auto it = memo_->lookups.find(key);
    if (it == memo_->lookups.end()) {
      auto r = fetch();
      if (!r) return r.error();
      it = memo_->lookups.emplace(std::move(key), std::move(*r)).first;
    }
    return &it->second;
  };
  ScanResult result;
  Prepared prepared = prepare(doc);
  const std::vector<Subject>& subjects = prepared.subjects;
  const Platform& platform = prepared.platform;

  Findings found;
  Scan rules(platform, found, memo_->criteria);
  std::set<int64_t> considered;
  const auto each_record = [&](const std::vector<int64_t>& keys, auto&& f) -> Result<void> {
    for (int64_t key : keys) {
      auto rec = record(key);
      if (!rec) return rec.error();
      considered.insert(key);
      if (!(*rec)->advisory.withdrawn.empty()) continue;
      f(**rec);
    }
    return {};
  };

  for (const Subject& s : subjects) {
    Stats& st = result.stats;
    ++st.components;
    st.with_purl += !s.purls.empty();
    st.with_cpe += !s.cpes.empty();
    if (s.version.empty()) {
      ++st.without_version;
      continue;  // nothing to compare: reported in the stats, never guessed
    }
    // purl rules: the package index.
    bool distro_covered = false;
    for (const auto& key : s.keys) {
      const std::string_view v = advisory::feed_version(key.ecosystem, s.version);
      auto keys = memoised("p\x1f" + key.ecosystem + "\x1f" + key.name + "\x1f" + std::string(v),
                           [&] { return kb_.by_package(key.ecosystem, key.name, v); });
      if (!keys) return keys.error();
      auto r = each_record(**keys, [&](const kb::Record& rec) {
        rules.packages(s, rec);
        if (rec.advisory.source == advisory::Source::csaf) rules.products(s, rec);
      });
      if (!r) return r.error();
      if (s.os_package) {
        auto it = ecosystem_covered_.find(key.ecosystem);
        if (it == ecosystem_covered_.end()) {
          auto covered = kb_.covers_ecosystem(key.ecosystem);
          if (!covered) return covered.error();
          it = ecosystem_covered_.emplace(key.ecosystem, *covered).first;
        }
        distro_covered = distro_covered || it->second;
      }
    }
    // CPE rules. A distribution's own feed knows its backports, so an OS
    // package it covers is not also matched by upstream CPE ranges.
    if (!distro_covered) {
      for (const auto& w : s.cpes) {
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
        auto r = each_record(**keys, [&](const kb::Record& rec) {
          if (rec.advisory.source == advisory::Source::csaf) {
            rules.products(s, rec);
          } else {
            rules.cpes(s, s.cpes, rec, Rule::cpe_range, Confidence::high, {});
          }
        });
        if (!r) return r.error();
      }
    }
    // Product names from advisories that give no identifier (CISA's
    // medical advisories): every component, the device itself included.
    {
      for (const auto& n : vex::product_names(*s.component)) {
        if (n.empty()) continue;
        auto keys = memoised("n\x1f" + n, [&]() -> Result<std::vector<int64_t>> {
          auto hits = kb_.by_product(n);
          if (!hits) return hits.error();
          std::vector<int64_t> out;
          for (const auto& h : *hits) out.push_back(h.key);
          return out;
        });
        if (!keys) return keys.error();
        auto r = each_record(**keys, [&](const kb::Record& rec) { rules.products(s, rec); });
        if (!r) return r.error();
      }
    }
    // Name only, for components no feed can name otherwise.
    if (options_.name_heuristics && s.keys.empty() && s.cpes.empty()) {
      ++st.by_name_only;
      for (const auto& product : heuristic_products(*s.component)) {
        auto keys = memoised("h\x1f" + product + "\x1f" + s.version,
                             [&] { return kb_.by_cpe({}, product, cpe::literal(s.version)); });
        if (!keys) return keys.error();
        auto r =
            each_record(**keys, [&](const kb::Record& rec) { rules.by_name(s, rec, product); });
        if (!r) return r.error();
      }
    }
  }
  result.stats.records_considered = considered.size();

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
      auto info = describe(f.vulnerability);
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
  std::stable_sort(result.findings.begin(), result.findings.end(),
                   [](const Finding& a, const Finding& b) {
                     // The device itself first, then components in document order.
                     const size_t ia = a.component == kPrimary ? 0 : a.component + 1;
                     const size_t ib = b.component == kPrimary ? 0 : b.component + 1;
                     return std::tie(ia, a.vulnerability) < std::tie(ib, b.vulnerability);
                   });
  return result;
}

// What an inventory keeps of each SBOM: the document and its prepared
// subjects, which point into it (hence the stable heap allocation).
struct Inventory::Entry {
  std::string name;
  sbom::Document doc;
  Prepared prepared;
};

Inventory::Inventory() = default;
Inventory::~Inventory() = default;
Inventory::Inventory(Inventory&&) noexcept = default;
Inventory& Inventory::operator=(Inventory&&) noexcept = default;

namespace {

std::string package_index_key(const advisory::PackageKey& k) {
  return "p\x1f" + k.ecosystem + "\x1f" + k.name;
}
std::string cpe_index_key(std::string_view product) { return "c\x1f" + std::string(product); }
std::string name_index_key(std::string_view product) { return "n\x1f" + std::string(product); }

}  // namespace

size_t Inventory::add(std::string name, sbom::Document doc) {
  auto e = std::make_unique<Entry>();
  e->name = std::move(name);
  e->doc = std::move(doc);
  e->prepared = prepare(e->doc);
  const auto sbom = static_cast<uint32_t>(entries_.size());
  const std::vector<Subject>& subjects = e->prepared.subjects;
  for (size_t i = 0; i < subjects.size(); ++i) {
    const Subject& s = subjects[i];
    if (s.version.empty()) continue;
    std::set<std::string> keys;
    for (const auto& k : s.keys) keys.insert(package_index_key(k));
    for (const auto& w : s.cpes) {
      if (w[Attribute::product].kind == cpe::Value::Kind::text)
        keys.insert(cpe_index_key(w[Attribute::product].text));
    }
    for (const auto& n : vex::product_names(*s.component)) keys.insert(name_index_key(n));
    if (s.keys.empty() && s.cpes.empty()) {
      for (const auto& product : heuristic_products(*s.component))
        keys.insert(cpe_index_key(product));
    }
    for (const auto& k : keys) index_[k].emplace_back(sbom, static_cast<uint32_t>(i));
  }
  entries_.push_back(std::move(e));
  return sbom;
}

size_t Inventory::size() const { return entries_.size(); }
const std::string& Inventory::name(size_t sbom) const { return entries_[sbom]->name; }
const sbom::Document& Inventory::document(size_t sbom) const { return entries_[sbom]->doc; }

std::vector<Inventory::Hit> Inventory::affected_by(const kb::Record& record) const {
  const Advisory& a = record.advisory;
  if (!a.withdrawn.empty()) return {};
  // The index keys the record names, as the kb indexes it.
  std::set<std::string> keys;
  advisory::NameVisitor visit;
  visit.package = [&keys](const advisory::Affected& af) {
    keys.insert(package_index_key(advisory::key_for(af.ecosystem, af.name)));
  };
  visit.purl = [&keys](const advisory::PackageKey& k) { keys.insert(package_index_key(k)); };
  visit.cpe = [&keys](std::string_view text, const CpeMatch*) {
    if (auto w = cpe::parse(text)) keys.insert(cpe_index_key((*w)[Attribute::product].text));
  };
  visit.product = [&keys](const advisory::CsafProduct& p) {
    keys.insert(name_index_key(advisory::normalize_product(p.name)));
  };
  advisory::visit_names(a, visit);
  std::set<std::pair<uint32_t, uint32_t>> candidates;
  for (const auto& k : keys) {
    auto it = index_.find(k);
    if (it != index_.end()) candidates.insert(it->second.begin(), it->second.end());
  }
  std::vector<Hit> hits;
  CriteriaCache criteria;
  uint32_t current = UINT32_MAX;
  Findings found;
  const auto flush = [&] {
    for (auto& [key, p] : found) {
      if (p.finding.evidence.empty()) continue;
      tidy(p.finding);
      if (!p.kb_vex.empty()) {
        p.finding.state = State::not_affected;
        p.finding.vex = std::move(p.kb_vex);
      }
      hits.push_back({current, std::move(p.finding)});
    }
    found.clear();
  };
  for (const auto& [sbom, subject] : candidates) {
    if (sbom != current) {
      flush();
      current = sbom;
    }
    const Entry& e = *entries_[sbom];
    const Subject& s = e.prepared.subjects[subject];
    Scan rules(e.prepared.platform, found, criteria);
    rules.packages(s, record);
    if (a.source == advisory::Source::csaf) {
      rules.products(s, record);
    } else if (!s.cpes.empty()) {
      rules.cpes(s, s.cpes, record, Rule::cpe_range, Confidence::high, {});
    } else if (s.keys.empty()) {
      for (const auto& product : heuristic_products(*s.component))
        rules.by_name(s, record, product);
    }
  }
  flush();
  return hits;
}

namespace {

// Preference order of CVSS vectors (docs/matching.md): the newest scored
// version first, and within a version NVD's own assessment, then the CNA's,
// then any other source. v4.0 ranks after v3.x until it is scored.
int cvss_rank(const Cvss& c) {
  const int version = c.version == "3.1" ? 0 : c.version == "3.0" ? 1 : c.version == "4.0" ? 2 : 3;
  const int source = c.source == "nvd@nist.gov" ? 0 : c.source.starts_with("osv:") ? 2 : 1;
  return version * 3 + source;
}

}  // namespace

Result<std::shared_ptr<const VulnerabilityInfo>> Matcher::describe(
    const std::string& vulnerability) {
  const kb::KnowledgeBase::ReadScope snapshot(kb_);
  if (auto r = revalidate(); !r) return r.error();
  auto it = infos_.find(vulnerability);
  if (it != infos_.end()) return it->second;
  auto info = std::make_shared<VulnerabilityInfo>();
  info->id = vulnerability;
  // Findings name merged vulnerabilities, whose members are one lookup
  // away; any other id (an alias) is resolved first.
  auto keys = kb_.members(vulnerability);
  if (!keys) return keys.error();
  std::optional<std::string> group = vulnerability;
  if (keys->empty()) {
    auto found = kb_.vulnerability_of(vulnerability);
    if (!found) return found.error();
    group = *found;
    if (group) keys = kb_.members(*group);
    if (!keys) return keys.error();
  }
  if (group) {
    info->id = *group;
    // Records come from the matcher's cache: the ones that matched are
    // already read.
    std::vector<const Advisory*> order;
    std::vector<std::string> names;
    for (int64_t key : *keys) {
      auto rec = record(key);
      if (!rec) return rec.error();
      const Advisory& a = (*rec)->advisory;
      order.push_back(&a);
      names.push_back(a.id);
      names.insert(names.end(), a.aliases.begin(), a.aliases.end());
    }
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    std::erase(names, info->id);
    info->aliases = std::move(names);
    auto facts = kb_.exploitation(info->id);
    if (!facts) return facts.error();
    info->kev = std::move(facts->kev);
    info->epss = facts->epss;
    // Text from the most authoritative record: NVD, CVE 5, then the rest.
    const auto rank = [](const Advisory* a) {
      switch (a->source) {
        case advisory::Source::nvd:
          return 0;
        case advisory::Source::cve5:
          return 1;
        case advisory::Source::osv:
          return 2;
        default:
          return 3;
      }
    };
    std::sort(order.begin(), order.end(), [&rank](const Advisory* a, const Advisory* b) {
      return std::make_pair(rank(a), std::string_view(a->id)) <
             std::make_pair(rank(b), std::string_view(b->id));
    });
    std::set<std::pair<std::string, std::string>> seen;
    for (const Advisory* a : order) {
      if (info->summary.empty()) info->summary = a->summary.empty() ? a->details : a->summary;
      if (info->published.empty()) info->published = a->published;
      for (const auto& cwe : a->cwes) {
        if (std::find(info->cwes.begin(), info->cwes.end(), cwe) == info->cwes.end())
          info->cwes.push_back(cwe);
      }
      for (const auto& ref : a->references) {
        if (ref.type == "EXPLOIT" && std::find(info->exploits.begin(), info->exploits.end(),
                                               ref.url) == info->exploits.end())
          info->exploits.push_back(ref.url);
      }
      for (const auto& sev : a->severities) {
        auto parsed = cvss::parse(sev.vector);
        if (!parsed) continue;
        Cvss c;
        c.version = std::string(cvss::version_name(parsed->version));
        c.vector = sev.vector;
        c.base_score = cvss::base_score(*parsed);
        if (c.base_score) c.severity = std::string(cvss::severity(parsed->version, *c.base_score));
        c.source = sev.source.empty() ? std::string(advisory::source_name(a->source)) + ":" + a->id
                                      : sev.source;
        if (seen.emplace(c.vector, c.source).second) info->cvss.push_back(std::move(c));
      }
    }
    std::stable_sort(info->cvss.begin(), info->cvss.end(),
                     [](const Cvss& a, const Cvss& b) { return cvss_rank(a) < cvss_rank(b); });
    if (info->summary.size() > 2000) info->summary.resize(2000);
  }
  std::shared_ptr<const VulnerabilityInfo> p = std::move(info);
  infos_.emplace(vulnerability, p);
  return p;
}

}  // namespace vigil::match

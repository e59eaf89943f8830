#include "match/match.h"

#include <algorithm>
#include <array>
#include <set>
#include <unordered_set>

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

struct Identity;

// A record with every CPE criterion of its configurations parsed, in the
// order configurations, nodes and matches name them: the rules walk them by
// position instead of looking each text up on every scan.
struct Resolved {
  const kb::Record* record = nullptr;
  std::vector<const std::optional<cpe::Wfn>*> criteria;
  // Whether some configuration has AND or negation, so that the rest of the
  // SBOM matters. When none has, whether a CPE matches depends on the record
  // and the component's identity alone, and is remembered for the last few
  // identities: per configuration that holds, the criterion that matched.
  bool needs_platform = false;
  mutable std::vector<std::pair<const Identity*, std::vector<const CpeMatch*>>> outcomes;
};
constexpr size_t kOutcomesPerRecord = 16;

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

// CPE product names for a component known only by its (normalised) name. The
// Linux kernel is the one common device component whose CPE product differs
// from the names SBOMs give it.
std::vector<std::string> heuristic_products(std::string name) {
  if (name == "linux" || name == "linux kernel" || name == "kernel" || name == "linux yocto")
    return {"linux_kernel"};
  std::replace(name.begin(), name.end(), ' ', '_');
  if (name.empty()) return {};
  return {cpe::literal(name).text};
}

// What a component's identifiers and names say, parsed: the same for every
// component that gives the same ones.
struct Identity {
  bool has_purl = false;                   // a readable one
  std::vector<advisory::PackageKey> keys;  // of the purls that name a feed's package
  std::vector<cpe::Wfn> cpes;              // version filled from the component when ANY
  std::string version;                     // the purl's version, else the component's
  bool os_package = false;                 // deb, rpm or apk
  // What the CSAF and name rules compare.
  std::vector<std::string> vendors;             // the organisations it names, normalised
  std::vector<std::string> product_names;       // its name normalised, then without a
                                                // vendor's prefix; never empty
  std::vector<std::string> heuristic_products;  // CPE products a name alone suggests
};

Identity identity_of(const sbom::Component& c) {
  Identity id;
  id.version = c.version;
  for (const auto& text : c.purls) {
    auto p = purl::parse(text);
    if (!p) continue;
    if (!p->version.empty()) id.version = p->version;
    id.os_package = id.os_package || p->type == "deb" || p->type == "rpm" || p->type == "apk";
    if (auto k = advisory::key_for(*p)) id.keys.push_back(std::move(*k));
    id.has_purl = true;
  }
  for (const auto& text : c.cpes) {
    auto w = cpe::parse(text);
    if (!w) continue;
    if ((*w)[Attribute::version].is_any() && !c.version.empty())
      (*w)[Attribute::version] = cpe::literal(c.version);
    id.cpes.push_back(std::move(*w));
  }
  id.vendors = vex::organisations(c);
  id.product_names = vex::product_names(c, id.vendors);
  id.heuristic_products = heuristic_products(id.product_names.front());
  return id;
}

constexpr size_t kMostIdentities = 500'000;

// Identities by the text they come from. Parsing purls and CPEs was a fifth
// of a scan with every record cached; a process scanning release after
// release, or holding many SBOMs, meets the same components again and again.
// Entries never move (node-based map), so subjects point into it.
class Identities {
 public:
  const Identity& of(const sbom::Component& c) {
    key_.clear();
    const auto add = [this](std::string_view text) {
      // Length-prefixed, so that no two lists of texts give one key.
      const auto n = static_cast<uint32_t>(text.size());
      key_.append(reinterpret_cast<const char*>(&n), sizeof n);
      key_.append(text);
    };
    for (const std::string* t :
         {&c.version, &c.name, &c.supplier, &c.manufacturer, &c.author, &c.group})
      add(*t);
    key_ += 'p';
    for (const auto& t : c.purls) add(t);
    key_ += 'c';
    for (const auto& t : c.cpes) add(t);
    auto it = map_.find(key_);
    if (it == map_.end()) it = map_.emplace(key_, identity_of(c)).first;
    return it->second;
  }
  size_t size() const { return map_.size(); }
  void clear() { map_.clear(); }

 private:
  std::unordered_map<std::string, Identity> map_;
  std::string key_;
};

// One component as the rules see it: where it is, and its parsed identity.
struct Subject {
  Subject(size_t index, const sbom::Component& c, const Identity& id)
      : index(index), component(&c), id(&id) {}
  size_t index;
  const sbom::Component* component;
  const Identity* id;
};

// What the rest of the SBOM says, for running-on platforms and AND nodes.
struct Platform {
  std::vector<const cpe::Wfn*> cpes;  // every CPE of every component
  // Indexes into cpes by product text, for criteria that name a product.
  std::unordered_map<std::string_view, std::vector<size_t>> by_product;
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

// Whether an NVD criterion names the product `target` is, in every attribute
// but the version (NISTIR 7696); kb::cpe_version_matches judges the version
// against the criterion's bounds.
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

// attributes_match() remembered for the last pairs seen. A scan asks the
// same pair over and over (each of thousands of kernel records names
// linux_kernel again, parsed once into one criterion), and only the version
// bounds differ. Keyed by address: both sides must stay put while it lives.
class AttributeMemo {
 public:
  bool operator()(const cpe::Wfn& crit, const cpe::Wfn& target) {
    const auto a = reinterpret_cast<uintptr_t>(&crit), b = reinterpret_cast<uintptr_t>(&target);
    Slot& s = slots_[((a >> 4) ^ (b >> 3) * 31) % slots_.size()];
    if (s.crit != &crit || s.target != &target)
      s = {&crit, &target, attributes_match(crit, target)};
    return s.result;
  }

 private:
  struct Slot {
    const cpe::Wfn* crit = nullptr;
    const cpe::Wfn* target = nullptr;
    bool result = false;
  };
  std::array<Slot, 256> slots_{};
};

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

// The finding of `rec`'s vulnerability on the subject, started if new.
Pending& pending(Findings& out, const Subject& s, const kb::Record& rec) {
  Pending& p = out[{s.index, rec.vulnerability}];
  p.finding.component = s.index;
  p.finding.vulnerability = rec.vulnerability;
  return p;
}

void add(Findings& out, const Subject& s, const kb::Record& rec, Evidence e,
         const std::vector<std::string>& fixed, State state = State::affected) {
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

// A record as the matcher keeps it.
struct Matcher::Entry {
  kb::Record record;
  Resolved resolved;
  uint64_t scan = 0;  // the last scan that considered it
};

// The index lookups one identity needs, in the order the rules visit them.
struct Matcher::Lookups {
  std::vector<const std::vector<Entry*>*> packages;  // one per package key
  std::vector<const std::vector<Entry*>*> cpes;      // one per CPE that names a product
  std::vector<const std::vector<Entry*>*> names;     // one per product name
  std::vector<std::pair<const std::string*, const std::vector<Entry*>*>> heuristics;
};

// A CVSS vector as a report rates it.
struct Scored {
  std::string_view version;  // "3.1" ...
  std::optional<double> score;
  std::string_view severity;  // empty when unscored
};

struct Matcher::Memo {
  CriteriaCache criteria;
  // Vectors by their text, parsed and scored once: thousands of records
  // carry the same few hundred vectors. Bounded by the vectors the kb holds.
  std::unordered_map<std::string, std::optional<Scored>> vectors;
  Identities identities;
  // Index lookups, their records already read.
  std::unordered_map<std::string, std::vector<Entry*>> lookups;
  std::unordered_map<const Identity*, Lookups> by_identity;
  // The product index's names, read at the first name lookup: a device's
  // components are thousands of names, and the index holds a few hundred.
  std::optional<std::unordered_set<std::string>> product_names;
  // The description of each vulnerability a record read carried, undecoded:
  // a report describes from these without another lookup.
  std::unordered_map<std::string, std::string> descriptions;
  // The CVEs KEV lists, read at the first description from a record.
  std::optional<std::unordered_set<std::string>> kev_cves;
};

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

namespace {

// The rules, over one scan's subjects. Kept apart from Matcher so that the
// per-scan state (platform, findings) is plain locals.
class Scan {
 public:
  // `attributes` remembers comparisons of criteria with the subjects' and the
  // platform's CPEs: it must not outlive them.
  Scan(const Platform& platform, Findings& out, AttributeMemo& attributes)
      : platform_(platform), out_(out), attributes_(attributes) {}

  // purl-version and purl-range over an OSV-style record.
  void packages(const Subject& s, const kb::Record& rec) {
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

  // cpe-range over an NVD-style record; `targets` are the CPEs the subject
  // stands for (its own, or names derived for the heuristic).
  // `stable`: the targets stay where they are for the whole scan, so that
  // their comparisons can be remembered by address.
  void cpes(const Subject& s, const std::vector<cpe::Wfn>& targets, bool stable,
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

  // csaf-product: identifiers where the product has them, else vendor and name.
  void products(const Subject& s, const kb::Record& rec) {
    const Advisory& a = rec.advisory;
    const sbom::Component& c = *s.component;
    const std::string& name = s.id->product_names.front();
    const std::vector<std::string>& vendors = s.id->vendors;
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
        const VersionMatch vm = product_version_matches(p.version, p.version_range, s.id->version);
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
      Pending& p = pending(out_, s, rec);
      for (auto& v : not_affected) p.kb_vex.push_back(std::move(v));
    }
  }

  // name-heuristic: stand-in CPEs for a component known only by name, one
  // per vendor the record names for `product`, when the component's
  // supplier (if it names one) agrees with that vendor.
  void by_name(const Subject& s, const Resolved& resolved, const std::string& product) {
    const kb::Record& rec = *resolved.record;
    if (rec.advisory.source == advisory::Source::csaf) return;
    const std::vector<std::string>& vendors = s.id->vendors;
    std::vector<cpe::Wfn> targets;
    size_t k = 0;
    for (const auto& config : rec.advisory.configurations) {
      for (const auto& node : config.nodes) {
        for (const auto& m : node.matches) {
          const std::optional<cpe::Wfn>& crit = *resolved.criteria[k++];
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
          t[Attribute::version] = cpe::literal(s.id->version);
          if (std::find(targets.begin(), targets.end(), t) == targets.end())
            targets.push_back(std::move(t));
        }
      }
    }
    if (targets.empty()) return;
    cpes(s, targets, false, resolved, Rule::name_heuristic, Confidence::low,
         "matched by name" + std::string(vendors.empty() ? "" : " and supplier") +
             ": the component has no purl or CPE a feed uses");
  }

 private:
  // The first vulnerable criterion of `config` that one of `targets` is, or
  // none; whether each criterion is one of them goes to self_. `first` is
  // the configuration's first criterion in resolved.criteria, moved past it.
  const CpeMatch* first_hit(const advisory::CpeConfiguration& config,
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
  void found(const Subject& s, const kb::Record& rec, const CpeMatch& hit, Tri value,
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
  bool matches(const CpeMatch& m, const cpe::Wfn& crit, const cpe::Wfn& target, bool stable) const {
    return (stable ? attributes_(crit, target) : attributes_match(crit, target)) &&
           kb::cpe_version_matches(m, crit[Attribute::version], target[Attribute::version]);
  }

  // Whether any CPE in the SBOM matches the criterion.
  Tri on_platform(const CpeMatch& m, const cpe::Wfn& crit) const {
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

  const Platform& platform_;
  Findings& out_;
  AttributeMemo& attributes_;
  std::vector<bool> self_;  // per criterion of a configuration: whether the subject is it
};

// A document's subjects (the primary first) and what it says of platforms.
struct Prepared {
  std::vector<Subject> subjects;
  Platform platform;
};

// The subjects point into `identities`, which must outlive them.
Prepared prepare(const sbom::Document& doc, Identities& identities) {
  Prepared p;
  p.subjects.reserve(doc.components.size() + 1);
  if (doc.has_primary) p.subjects.emplace_back(kPrimary, doc.primary, identities.of(doc.primary));
  for (size_t i = 0; i < doc.components.size(); ++i) {
    const sbom::Component& c = doc.components[i];
    p.subjects.emplace_back(i, c, identities.of(c));
  }
  for (const auto& s : p.subjects) {
    for (const auto& w : s.id->cpes) {
      if (w[Attribute::product].kind == cpe::Value::Kind::text)
        p.platform.by_product[w[Attribute::product].text].push_back(p.platform.cpes.size());
      p.platform.cpes.push_back(&w);
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

// What an inventory keeps of each SBOM: the document and its prepared
// subjects, which point into it (hence the stable heap allocation).
struct Inventory::Entry {
  std::string name;
  sbom::Document doc;
  Prepared prepared;
};

// What the inventory's SBOMs share: one identity per distinct component.
struct Inventory::Shared {
  Identities identities;
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
  if (!identities_) identities_ = std::make_unique<Shared>();
  e->prepared = prepare(e->doc, identities_->identities);
  const auto sbom = static_cast<uint32_t>(entries_.size());
  const std::vector<Subject>& subjects = e->prepared.subjects;
  for (size_t i = 0; i < subjects.size(); ++i) {
    const Subject& s = subjects[i];
    if (s.id->version.empty()) continue;
    std::set<std::string> keys;
    for (const auto& k : s.id->keys) keys.insert(package_index_key(k));
    for (const auto& w : s.id->cpes) {
      if (w[Attribute::product].kind == cpe::Value::Kind::text)
        keys.insert(cpe_index_key(w[Attribute::product].text));
    }
    for (const auto& n : s.id->product_names) keys.insert(name_index_key(n));
    if (s.id->keys.empty() && s.id->cpes.empty()) {
      for (const auto& product : s.id->heuristic_products) keys.insert(cpe_index_key(product));
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
  const Resolved resolved = resolve(record, criteria);
  AttributeMemo attributes;
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
    Scan rules(e.prepared.platform, found, attributes);
    rules.packages(s, record);
    if (a.source == advisory::Source::csaf) {
      rules.products(s, record);
    } else if (!s.id->cpes.empty()) {
      rules.cpes(s, s.id->cpes, true, resolved, Rule::cpe_range, Confidence::high, {});
    } else if (s.id->keys.empty()) {
      for (const auto& product : s.id->heuristic_products) rules.by_name(s, resolved, product);
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
  auto one = describe(std::vector<std::string>{vulnerability});
  if (!one) return one.error();
  return std::move(one->front());
}

Result<std::vector<std::shared_ptr<const VulnerabilityInfo>>> Matcher::describe(
    const std::vector<std::string>& vulnerabilities) {
  const kb::KnowledgeBase::ReadScope snapshot(kb_);
  if (auto r = revalidate(); !r) return r.error();
  std::vector<std::shared_ptr<const VulnerabilityInfo>> out;
  out.reserve(vulnerabilities.size());
  for (const auto& v : vulnerabilities) {
    auto i = info(v);
    if (!i) return i.error();
    out.push_back(std::move(*i));
  }
  return out;
}

// Findings name merged vulnerabilities, described from a record of each the
// scan read (their KEV and EPSS facts looked up), else in one lookup; any
// other id (an alias) is resolved first.
Result<std::optional<kb::KnowledgeBase::Description>> Matcher::description_of(
    const std::string& vulnerability) {
  using Description = kb::KnowledgeBase::Description;
  auto carried = memo_->descriptions.find(vulnerability);
  if (carried == memo_->descriptions.end()) {
    auto d = kb_.description(vulnerability);
    if (!d || *d) return d;
    auto group = kb_.vulnerability_of(vulnerability);
    if (!group) return group.error();
    if (!*group) return std::optional<Description>();
    return kb_.description(**group);
  }
  auto d = kb::KnowledgeBase::read_description(vulnerability, carried->second);
  if (!d) return d.error();
  if (!memo_->kev_cves) {
    auto cves = kb_.kev_cves();
    if (!cves) return cves.error();
    memo_->kev_cves.emplace(std::make_move_iterator(cves->begin()),
                            std::make_move_iterator(cves->end()));
  }
  if (memo_->kev_cves->count(vulnerability)) {
    auto kev = kb_.kev(vulnerability);
    if (!kev) return kev.error();
    d->exploitation.kev = std::move(*kev);
  }
  auto epss = kb_.epss(vulnerability);
  if (!epss) return epss.error();
  d->exploitation.epss = std::move(*epss);
  return std::optional<Description>(std::move(*d));
}

Result<std::shared_ptr<const VulnerabilityInfo>> Matcher::info(const std::string& vulnerability) {
  auto it = infos_.find(vulnerability);
  if (it != infos_.end()) return it->second;
  auto info = std::make_shared<VulnerabilityInfo>();
  info->id = vulnerability;
  auto d = description_of(vulnerability);
  if (!d) return d.error();
  if (*d) {
    kb::KnowledgeBase::Description& from = **d;
    info->id = std::move(from.id);
    info->aliases = std::move(from.aliases);
    info->summary = std::move(from.summary);
    info->published = std::move(from.published);
    info->cwes = std::move(from.cwes);
    info->exploits = std::move(from.exploits);
    info->kev = std::move(from.exploitation.kev);
    info->epss = from.exploitation.epss;
    for (auto& [vector, source] : from.cvss) {
      auto known = memo_->vectors.find(vector);
      if (known == memo_->vectors.end()) {
        std::optional<Scored> scored;
        if (auto parsed = cvss::parse(vector)) {
          scored = Scored{cvss::version_name(parsed->version), cvss::base_score(*parsed), {}};
          if (scored->score) scored->severity = cvss::severity(parsed->version, *scored->score);
        }
        known = memo_->vectors.emplace(vector, scored).first;
      }
      if (!known->second) continue;  // not a vector this Vigil scores
      const Scored& scored = *known->second;
      info->cvss.push_back(Cvss{std::string(scored.version), std::move(vector), scored.score,
                                std::string(scored.severity), std::move(source)});
    }
    std::stable_sort(info->cvss.begin(), info->cvss.end(),
                     [](const Cvss& a, const Cvss& b) { return cvss_rank(a) < cvss_rank(b); });
  }
  std::shared_ptr<const VulnerabilityInfo> p = std::move(info);
  infos_.emplace(vulnerability, p);
  return p;
}

}  // namespace vigil::match

// What the files of match/ share: a component's parsed identity, the
// subjects and platform of a scan, findings under construction, the rules
// (class Scan, one file per rule) and the matcher's caches. Internal to
// match/.
#pragma once

#include <array>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "advisory/package_key.h"
#include "cpe/cpe.h"
#include "match/match.h"

namespace vigil::match {
namespace detail {

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
inline constexpr size_t kOutcomesPerRecord = 16;

// The record `rec` with its criteria parsed through `cache`.
Resolved resolve(const kb::Record& rec, CriteriaCache& cache);

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

Identity identity_of(const sbom::Component& c);

inline constexpr size_t kMostIdentities = 500'000;

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

inline size_t part_index(const cpe::Wfn& w) {
  const std::string& p = w[Attribute::part].text;
  return p == "o" ? 1 : p == "h" ? 2 : 0;
}

enum class Tri : uint8_t { no, yes, unknown };

inline Tri tri_and(Tri a, Tri b) {
  if (a == Tri::no || b == Tri::no) return Tri::no;
  return (a == Tri::unknown || b == Tri::unknown) ? Tri::unknown : Tri::yes;
}

inline Tri tri_or(Tri a, Tri b) {
  if (a == Tri::yes || b == Tri::yes) return Tri::yes;
  return (a == Tri::unknown || b == Tri::unknown) ? Tri::unknown : Tri::no;
}

inline Tri tri_not(Tri a) {
  return a == Tri::yes ? Tri::no : a == Tri::no ? Tri::yes : Tri::unknown;
}

// Whether an NVD criterion names the product `target` is, in every attribute
// but the version (NISTIR 7696); kb::cpe_version_matches judges the version
// against the criterion's bounds.
bool attributes_match(const cpe::Wfn& crit, const cpe::Wfn& target);

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

// A criterion and its bounds as evidence shows them.
std::string criterion_text(const CpeMatch& m);

// A finding under construction: evidence, fixes and the kb's own VEX.
struct Pending {
  Finding finding;
  std::vector<VexEvidence> kb_vex;
};

using Findings = std::map<std::pair<size_t, std::string>, Pending>;

// The finding of `rec`'s vulnerability on the subject, started if new.
Pending& pending(Findings& out, const Subject& s, const kb::Record& rec);
// Adds evidence (once per record and rule) and fixes to the subject's finding.
void add(Findings& out, const Subject& s, const kb::Record& rec, Evidence e,
         const std::vector<std::string>& fixed, State state = State::affected);

// The rules, over one scan's subjects. Kept apart from Matcher so that the
// per-scan state (platform, findings) is plain locals. One file per rule:
// purl_rule.cpp, cpe_rule.cpp, csaf_rule.cpp, name_rule.cpp.
class Scan {
 public:
  // `attributes` remembers comparisons of criteria with the subjects' and the
  // platform's CPEs: it must not outlive them.
  Scan(const Platform& platform, Findings& out, AttributeMemo& attributes)
      : platform_(platform), out_(out), attributes_(attributes) {}

  // purl-version and purl-range over an OSV-style record.
  void packages(const Subject& s, const kb::Record& rec);

  // cpe-range over an NVD-style record; `targets` are the CPEs the subject
  // stands for (its own, or names derived for the heuristic).
  // `stable`: the targets stay where they are for the whole scan, so that
  // their comparisons can be remembered by address.
  void cpes(const Subject& s, const std::vector<cpe::Wfn>& targets, bool stable,
            const Resolved& resolved, Rule rule, Confidence best, const std::string& note);

  // csaf-product: identifiers where the product has them, else vendor and name.
  void products(const Subject& s, const kb::Record& rec);

  // name-heuristic: stand-in CPEs for a component known only by name, one
  // per vendor the record names for `product`, when the component's
  // supplier (if it names one) agrees with that vendor.
  void by_name(const Subject& s, const Resolved& resolved, const std::string& product);

 private:
  // The first vulnerable criterion of `config` that one of `targets` is, or
  // none; whether each criterion is one of them goes to self_. `first` is
  // the configuration's first criterion in resolved.criteria, moved past it.
  const CpeMatch* first_hit(const advisory::CpeConfiguration& config,
                            const std::vector<cpe::Wfn>& targets, bool stable,
                            const Resolved& resolved, size_t& first);

  // A cpe-range (or name-heuristic) finding on `hit`.
  void found(const Subject& s, const kb::Record& rec, const CpeMatch& hit, Tri value,
             const std::string& unstated, Rule rule, Confidence best, const std::string& note);

  // Whether `target` is the criterion `m` (parsed: `crit`). `stable`: the
  // target stays put for the scan, so its attribute comparisons are remembered.
  bool matches(const CpeMatch& m, const cpe::Wfn& crit, const cpe::Wfn& target, bool stable) const;

  // Whether any CPE in the SBOM matches the criterion.
  Tri on_platform(const CpeMatch& m, const cpe::Wfn& crit) const;
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
Prepared prepare(const sbom::Document& doc, Identities& identities);

// Sorted, unique fixed versions without empty ones.
void tidy(Finding& f);

// A CVSS vector as a report rates it.
struct Scored {
  std::string_view version;  // "3.1" ...
  std::optional<double> score;
  std::string_view severity;  // empty when unscored
};

}  // namespace detail

// A record as the matcher keeps it.
struct Matcher::Entry {
  kb::Record record;
  detail::Resolved resolved;
  uint64_t scan = 0;  // the last scan that considered it
};

// The index lookups one identity needs, in the order the rules visit them.
struct Matcher::Lookups {
  std::vector<const std::vector<Entry*>*> packages;  // one per package key
  std::vector<const std::vector<Entry*>*> cpes;      // one per CPE that names a product
  std::vector<const std::vector<Entry*>*> names;     // one per product name
  std::vector<std::pair<const std::string*, const std::vector<Entry*>*>> heuristics;
};

struct Matcher::Memo {
  detail::CriteriaCache criteria;
  // Vectors by their text, parsed and scored once: thousands of records
  // carry the same few hundred vectors. Bounded by the vectors the kb holds.
  std::unordered_map<std::string, std::optional<detail::Scored>> vectors;
  detail::Identities identities;
  // Index lookups, their records already read.
  std::unordered_map<std::string, std::vector<Entry*>> lookups;
  std::unordered_map<const detail::Identity*, Lookups> by_identity;
  // The product index's names, read at the first name lookup: a device's
  // components are thousands of names, and the index holds a few hundred.
  std::optional<std::unordered_set<std::string>> product_names;
  // The description of each vulnerability a record read carried, undecoded:
  // a report describes from these without another lookup.
  std::unordered_map<std::string, std::string> descriptions;
  // The CVEs KEV lists, read at the first description from a record.
  std::optional<std::unordered_set<std::string>> kev_cves;
};

}  // namespace vigil::match

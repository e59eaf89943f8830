// The reverse query: which of many stored SBOMs' components a record
// affects, through an index of their package keys, CPE products and names.
#include <set>

#include "match/internal.h"

namespace vigil::match {

using namespace detail;

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

}  // namespace vigil::match

// name-heuristic: stand-in CPEs for a component known only by its name.
#include "match/internal.h"

namespace vigil::match::detail {

// name-heuristic: stand-in CPEs for a component known only by name, one
// per vendor the record names for `product`, when the component's
// supplier (if it names one) agrees with that vendor.
void Scan::by_name(const Subject& s, const Resolved& resolved, const std::string& product) {
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

}  // namespace vigil::match::detail

// NTIA minimum elements
// (https://www.ntia.gov/report/2021/minimum-elements-software-bill-materials-sbom) and the FDA's
// support fields, per component and for the document.
#include <unordered_set>

#include "sbom/sbom.h"

namespace vigil::sbom {

Quality assess_quality(const Document& doc) {
  Quality q;
  q.components = doc.components.size();
  q.has_author = !doc.authors.empty() || !doc.tools.empty();
  q.has_timestamp = !doc.timestamp.empty();
  std::unordered_set<std::string_view> related;
  for (const Dependency& dep : doc.dependencies) {
    related.insert(dep.from);
    related.insert(dep.to);
  }
  size_t complete = 0, supported = 0;
  for (const Component& c : doc.components) {
    ComponentQuality cq{c.ref.empty() ? c.name : c.ref, {}};
    const auto note = [&cq](bool present, size_t& counter, const char* element) {
      if (present)
        ++counter;
      else
        cq.missing.emplace_back(element);
    };
    note(!c.supplier.empty() || !c.manufacturer.empty(), q.coverage.supplier, "supplier");
    note(!c.name.empty(), q.coverage.name, "name");
    note(!c.version.empty(), q.coverage.version, "version");
    note(!c.purls.empty() || !c.cpes.empty() || !c.other_ids.empty(), q.coverage.unique_id,
         "unique identifier");
    note(!c.parent.empty() || (!c.ref.empty() && related.count(c.ref)), q.coverage.relationship,
         "dependency relationship");
    const size_t ntia_missing = cq.missing.size();
    note(!c.support_level.empty(), q.coverage.support_level, "level of support");
    note(!c.end_of_support.empty(), q.coverage.end_of_support, "end of support");
    if (ntia_missing == 0) ++complete;
    if (!c.support_level.empty() && !c.end_of_support.empty()) ++supported;
    if (!cq.missing.empty()) q.incomplete.push_back(std::move(cq));
  }
  if (q.components) {
    const double doc_elements = (q.has_author ? 0.5 : 0) + (q.has_timestamp ? 0.5 : 0);
    q.ntia_score = static_cast<double>(complete) / static_cast<double>(q.components) * doc_elements;
    q.fda_support_score = static_cast<double>(supported) / static_cast<double>(q.components);
  }
  return q;
}

}  // namespace vigil::sbom

// csaf-product: CSAF product trees by identifier, else by vendor and name.
#include "core/text.h"
#include "match/internal.h"
#include "match/product_version.h"

namespace vigil::match::detail {

// csaf-product: identifiers where the product has them, else vendor and name.
void Scan::products(const Subject& s, const kb::Record& rec) {
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

}  // namespace vigil::match::detail

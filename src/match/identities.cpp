// What a component's identifiers and names say, parsed once per distinct
// component, and a document's subjects.
#include "match/internal.h"
#include "purl/purl.h"
#include "vex/vex.h"

namespace vigil::match::detail {
namespace {

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

}  // namespace

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

}  // namespace vigil::match::detail

// The model as CycloneDX 1.6 JSON. Deterministic: the same model always gives
// the same bytes, so outputs can be diffed and signed.
#include <nlohmann/json.hpp>

#include <functional>
#include <map>

#include "core/text.h"
#include "sbom/checks.h"
#include "sbom/sbom.h"

namespace vigil::sbom {
namespace {

using Json = nlohmann::ordered_json;

// A stable RFC 4122 URN (version 5 layout) derived from a document's own
// identity, for documents whose serial number is not one already (SPDX).
std::string derived_serial(const Document& doc) {
  const std::string seed = doc.serial_number + "\n" + doc.name + "\n" + doc.timestamp;
  uint64_t h1 = 1469598103934665603ull, h2 = 1099511628211ull ^ 0x9e3779b97f4a7c15ull;
  for (unsigned char c : seed) {
    h1 = (h1 ^ c) * 1099511628211ull;
    h2 = (h2 ^ c) * 0x100000001b3ull + 0x9e3779b97f4a7c15ull;
  }
  char buf[37];
  std::snprintf(buf, sizeof buf, "%08x-%04x-5%03x-%04x-%012llx", static_cast<unsigned>(h1 >> 32),
                static_cast<unsigned>((h1 >> 16) & 0xffff), static_cast<unsigned>(h1 & 0xfff),
                static_cast<unsigned>(0x8000 | ((h2 >> 48) & 0x3fff)),
                static_cast<unsigned long long>(h2 & 0xffffffffffffull));
  return std::string("urn:uuid:") + buf;
}

bool is_expression(std::string_view l) {
  return l.find(" AND ") != std::string_view::npos || l.find(" OR ") != std::string_view::npos ||
         l.find(" WITH ") != std::string_view::npos || l.find('(') != std::string_view::npos;
}

Json licenses_json(const std::vector<std::string>& licenses) {
  Json out = Json::array();
  const bool any_expression = std::any_of(licenses.begin(), licenses.end(), is_expression);
  if (any_expression) {
    std::string joined;
    for (const std::string& l : licenses) {
      if (!joined.empty()) joined += " AND ";
      joined += licenses.size() > 1 ? "(" + l + ")" : l;
    }
    out.push_back({{"expression", joined}});
    return out;
  }
  for (const std::string& l : licenses) {
    out.push_back(
        {{"license", detail::known_spdx_license(l) ? Json{{"id", l}} : Json{{"name", l}}}});
  }
  return out;
}

bool has_property(const Component& c, std::string_view name) {
  return std::any_of(c.properties.begin(), c.properties.end(),
                     [name](const Property& p) { return p.name == name; });
}

// `written` marks the components already placed: with a reference used twice
// (an error the reader reports) a component could otherwise land under
// itself, again and again.
Json component_json(const Component& c, const std::multimap<std::string, size_t>& children,
                    const std::vector<Component>& all, std::vector<bool>& written, int depth) {
  Json j;
  j["type"] = c.type.empty() ? "library" : c.type;
  if (!c.ref.empty()) j["bom-ref"] = c.ref;
  if (!c.supplier.empty()) j["supplier"] = {{"name", c.supplier}};
  if (!c.manufacturer.empty()) j["manufacturer"] = {{"name", c.manufacturer}};
  if (!c.author.empty()) j["authors"] = Json::array({{{"name", c.author}}});
  if (!c.group.empty()) j["group"] = c.group;
  j["name"] = c.name;
  if (!c.version.empty()) j["version"] = c.version;
  if (!c.scope.empty()) j["scope"] = c.scope;
  if (!c.hashes.empty()) {
    Json hashes = Json::array();
    for (const Hash& h : c.hashes) hashes.push_back({{"alg", h.algorithm}, {"content", h.value}});
    j["hashes"] = hashes;
  }
  if (!c.licenses.empty()) j["licenses"] = licenses_json(c.licenses);
  if (!c.cpes.empty()) j["cpe"] = c.cpes.front();
  if (!c.purls.empty()) j["purl"] = c.purls.front();
  Json omnibor = Json::array(), swhid = Json::array();
  for (const std::string& id : c.other_ids) {
    if (id.rfind("swid:", 0) == 0)
      j["swid"] = {{"tagId", id.substr(5)}, {"name", c.name}};
    else if (id.rfind("swh:", 0) == 0)
      swhid.push_back(id);
    else
      omnibor.push_back(id);
  }
  if (!omnibor.empty()) j["omniborId"] = omnibor;
  if (!swhid.empty()) j["swhid"] = swhid;
  if (!c.external_references.empty()) {
    Json refs = Json::array();
    for (const auto& r : c.external_references) refs.push_back({{"type", r.type}, {"url", r.url}});
    j["externalReferences"] = refs;
  }
  Json props = Json::array();
  for (const Property& p : c.properties) props.push_back({{"name", p.name}, {"value", p.value}});
  if (!c.support_level.empty() && !has_property(c, "vigil:support:level")) {
    props.push_back({{"name", "vigil:support:level"}, {"value", c.support_level}});
  }
  if (!c.end_of_support.empty() && !has_property(c, "vigil:support:end-date")) {
    props.push_back({{"name", "vigil:support:end-date"}, {"value", c.end_of_support}});
  }
  if (!props.empty()) j["properties"] = props;
  // Identifiers beyond the first purl and CPE, so that none is lost.
  Json identity = Json::array();
  for (size_t i = 1; i < c.purls.size(); ++i)
    identity.push_back({{"field", "purl"}, {"concludedValue", c.purls[i]}});
  for (size_t i = 1; i < c.cpes.size(); ++i)
    identity.push_back({{"field", "cpe"}, {"concludedValue", c.cpes[i]}});
  if (!identity.empty()) j["evidence"] = {{"identity", identity}};
  if (!c.ref.empty() && depth < 64) {
    Json nested = Json::array();
    const auto [lo, hi] = children.equal_range(c.ref);
    for (auto it = lo; it != hi; ++it) {
      if (written[it->second]) continue;
      written[it->second] = true;
      nested.push_back(component_json(all[it->second], children, all, written, depth + 1));
    }
    if (!nested.empty()) j["components"] = nested;
  }
  return j;
}

}  // namespace

std::string write_cyclonedx_json(const Document& doc) {
  Json j;
  j["$schema"] = "http://cyclonedx.org/schema/bom-1.6.schema.json";
  j["bomFormat"] = "CycloneDX";
  j["specVersion"] = "1.6";
  j["serialNumber"] =
      detail::valid_serial_number(doc.serial_number) ? doc.serial_number : derived_serial(doc);
  j["version"] = 1;
  Json meta = Json::object();
  if (detail::valid_date_time(doc.timestamp)) meta["timestamp"] = doc.timestamp;
  if (!doc.tools.empty()) {
    Json tools = Json::array();
    for (const std::string& t : doc.tools) tools.push_back({{"type", "application"}, {"name", t}});
    meta["tools"] = {{"components", tools}};
  }
  if (!doc.authors.empty()) {
    Json authors = Json::array();
    for (const std::string& a : doc.authors) authors.push_back({{"name", a}});
    meta["authors"] = authors;
  }
  std::multimap<std::string, size_t> children;
  std::map<std::string, bool> defined;
  for (const Component& c : doc.components) {
    if (!c.ref.empty()) defined[c.ref] = true;
  }
  for (size_t i = 0; i < doc.components.size(); ++i) {
    const Component& c = doc.components[i];
    if (!c.parent.empty() && defined.count(c.parent)) children.emplace(c.parent, i);
  }
  std::vector<bool> written(doc.components.size(), false);
  if (doc.has_primary)
    meta["component"] = component_json(doc.primary, {}, doc.components, written, 64);
  if (!meta.empty()) j["metadata"] = meta;
  Json comps = Json::array();
  for (size_t i = 0; i < doc.components.size(); ++i) {
    const Component& c = doc.components[i];
    if (written[i] || (!c.parent.empty() && defined.count(c.parent))) continue;
    written[i] = true;
    comps.push_back(component_json(c, children, doc.components, written, 0));
  }
  // Whatever no parent placed (a cycle through a reused reference, nesting
  // deeper than 64) goes at the top level: every component is written once.
  for (size_t i = 0; i < doc.components.size(); ++i) {
    if (written[i]) continue;
    written[i] = true;
    comps.push_back(component_json(doc.components[i], children, doc.components, written, 0));
  }
  j["components"] = comps;
  if (!doc.services.empty()) {
    // Nested services under their parents, as read.
    std::multimap<std::string, size_t> nested;
    for (size_t i = 0; i < doc.services.size(); ++i) {
      if (!doc.services[i].parent.empty()) nested.emplace(doc.services[i].parent, i);
    }
    std::function<Json(const Service&, int)> service_json = [&](const Service& s, int depth) {
      Json sj;
      if (!s.ref.empty()) sj["bom-ref"] = s.ref;
      sj["name"] = s.name;
      if (!s.version.empty()) sj["version"] = s.version;
      if (!s.ref.empty() && depth < 64) {
        Json kids = Json::array();
        const auto [lo, hi] = nested.equal_range(s.ref);
        for (auto it = lo; it != hi; ++it)
          kids.push_back(service_json(doc.services[it->second], depth + 1));
        if (!kids.empty()) sj["services"] = kids;
      }
      return sj;
    };
    Json services = Json::array();
    for (const Service& s : doc.services) {
      if (s.parent.empty()) services.push_back(service_json(s, 0));
    }
    j["services"] = services;
  }
  if (!doc.dependencies.empty()) {
    Json deps = Json::array();
    std::map<std::string, size_t> index;
    for (const Dependency& d : doc.dependencies) {
      auto [it, inserted] = index.emplace(d.from, deps.size());
      if (inserted) deps.push_back({{"ref", d.from}, {"dependsOn", Json::array()}});
      deps[it->second]["dependsOn"].push_back(d.to);
    }
    j["dependencies"] = deps;
  }
  // Text read from XML or tag-value may hold invalid UTF-8 (reported by the
  // reader); the output stays valid JSON with U+FFFD in its place.
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace vigil::sbom

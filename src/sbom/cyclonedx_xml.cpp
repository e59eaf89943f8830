// CycloneDX XML (specification 1.0-1.7) into the model, checking what the
// specification's XSD requires along the way. Locations are XPath-like
// ("/bom/components/component[3]/purl", 1-based as in XPath).
#include <pugixml.hpp>

#include <algorithm>
#include <cstring>

#include "core/text.h"
#include "sbom/checks.h"
#include "sbom/readers.h"

namespace vigil::sbom::detail {
namespace {

constexpr std::string_view kNamespace = "http://cyclonedx.org/schema/bom/";

// Element name without a namespace prefix.
std::string_view local(const pugi::xml_node& n) {
  std::string_view name = n.name();
  const size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// Children with a given local name.
std::vector<pugi::xml_node> children(const pugi::xml_node& n, std::string_view name) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node c : n.children()) {
    if (c.type() == pugi::node_element && local(c) == name) out.push_back(c);
  }
  return out;
}

pugi::xml_node child(const pugi::xml_node& n, std::string_view name) {
  for (pugi::xml_node c : n.children()) {
    if (c.type() == pugi::node_element && local(c) == name) return c;
  }
  return {};
}

std::string text(const pugi::xml_node& n) { return std::string(trim(n.child_value())); }

std::string text_of(const pugi::xml_node& n, std::string_view name) {
  pugi::xml_node c = child(n, name);
  return c ? text(c) : std::string();
}

std::string indexed(const std::string& path, std::string_view name, size_t i) {
  return path + "/" + std::string(name) + "[" + std::to_string(i + 1) + "]";
}

struct Reader {
  Document& doc;
  Diagnostics d;
  std::vector<std::string> other_refs;  // services, citations

  void properties(const pugi::xml_node& n, const std::string& path, std::vector<Property>* out) {
    const auto props = children(child(n, "properties"), "property");
    for (size_t i = 0; i < props.size(); ++i) {
      const pugi::xml_attribute name = props[i].attribute("name");
      if (!name) {
        d.error(indexed(path + "/properties", "property", i),
                "a property needs a 'name' attribute");
        continue;
      }
      if (out) out->push_back({name.value(), text(props[i])});
    }
  }

  void licenses(const pugi::xml_node& n, const std::string& path, std::vector<std::string>* out) {
    const pugi::xml_node list = child(n, "licenses");
    if (!list) return;
    const std::string lp = path + "/licenses";
    const auto lics = children(list, "license");
    const auto exprs = children(list, "expression");
    // CycloneDX 1.7 allows declared licences beside a concluded expression.
    if (!at_least(doc.spec_version, 1, 7) &&
        (exprs.size() > 1 || (!exprs.empty() && !lics.empty()))) {
      d.error(lp, "a licences list holds either licences or a single expression");
    }
    for (const auto& e : exprs) {
      if (out) out->push_back(text(e));
    }
    for (size_t i = 0; i < lics.size(); ++i) {
      const std::string p = indexed(lp, "license", i);
      const auto ids = children(lics[i], "id");
      const auto names = children(lics[i], "name");
      if (ids.size() + names.size() != 1) {
        d.error(p, "a licence needs exactly one <id> or <name>");
      }
      if (!ids.empty()) {
        const std::string id = text(ids[0]);
        if (!known_spdx_license(id)) {
          d.error(p + "/id",
                  quote(id) + " is not an SPDX licence identifier (use <name> for others)");
        }
        if (out) out->push_back(id);
      } else if (!names.empty() && out) {
        out->push_back(text(names[0]));
      }
      if (pugi::xml_node t = child(lics[i], "text")) {
        if (pugi::xml_attribute enc = t.attribute("encoding");
            enc && std::string_view(enc.value()) != "base64") {
          d.error(p + "/text",
                  std::string("licence text encoding ") + quote(enc.value()) + " is not 'base64'");
        }
      }
      properties(lics[i], p, nullptr);
    }
  }

  void component(const pugi::xml_node& n, const std::string& path, const std::string& parent,
                 std::vector<Component>& out, int depth) {
    if (depth > 64) {
      d.error(path, "components nest more than 64 levels deep");
      return;
    }
    Component c;
    c.parent = parent;
    if (pugi::xml_attribute type = n.attribute("type")) {
      c.type = type.value();
      check_enum(c.type, kComponentTypes, path + "/@type", "component type", d);
    } else {
      d.error(path, "a component needs a 'type' attribute");
    }
    if (pugi::xml_attribute ref = n.attribute("bom-ref")) {
      c.ref = ref.value();
      if (c.ref.empty()) d.error(path + "/@bom-ref", "a bom-ref must not be empty");
    }
    c.group = text_of(n, "group");
    c.name = text_of(n, "name");
    c.version = text_of(n, "version");
    if (pugi::xml_node range = child(n, "versionRange")) {
      const std::string_view external = n.attribute("isExternal").value();
      if (!c.version.empty())
        d.error(path, "a component has a <version> or a <versionRange>, not both");
      if (external != "true")
        d.error(path + "/versionRange",
                "only an external component (isExternal=\"true\") may have a versionRange");
    }
    if (pugi::xml_node p = child(n, "purl")) c.purls.push_back(text(p));
    if (pugi::xml_node p = child(n, "cpe")) c.cpes.push_back(text(p));
    c.supplier = text_of(child(n, "supplier"), "name");
    c.manufacturer = text_of(child(n, "manufacturer"), "name");
    if (c.supplier.empty()) c.supplier = text_of(n, "publisher");
    c.author = text_of(n, "author");
    for (const auto& a : children(child(n, "authors"), "author")) {
      if (!c.author.empty()) c.author += ", ";
      c.author += text_of(a, "name");
    }
    const auto hashes = children(child(n, "hashes"), "hash");
    for (size_t i = 0; i < hashes.size(); ++i) {
      Hash h{hashes[i].attribute("alg").value(), text(hashes[i])};
      if (!normalize_hash(h)) check_hash(h, indexed(path + "/hashes", "hash", i), d);
      c.hashes.push_back(std::move(h));
    }
    licenses(n, path, &c.licenses);
    if (pugi::xml_node scope = child(n, "scope")) {
      c.scope = text(scope);
      check_enum(c.scope, kScopes, path + "/scope", "scope", d);
    }
    const auto refs = children(child(n, "externalReferences"), "reference");
    for (size_t i = 0; i < refs.size(); ++i) {
      ExternalReference x{refs[i].attribute("type").value(), text_of(refs[i], "url")};
      check_enum(x.type, kExternalReferenceTypes,
                 indexed(path + "/externalReferences", "reference", i), "external reference type",
                 d);
      c.external_references.push_back(std::move(x));
    }
    properties(n, path, &c.properties);
    if (pugi::xml_node swid = child(n, "swid")) {
      if (!swid.attribute("tagId") || !swid.attribute("name")) {
        d.error(path + "/swid", "a SWID tag needs 'tagId' and 'name' attributes");
      }
      if (swid.attribute("tagId"))
        c.other_ids.push_back(std::string("swid:") + swid.attribute("tagId").value());
    }
    for (const char* key : {"omniborId", "swhid"}) {
      for (const auto& id : children(n, key)) c.other_ids.push_back(text(id));
    }
    const auto patches = children(child(child(n, "pedigree"), "patches"), "patch");
    for (size_t i = 0; i < patches.size(); ++i) {
      const std::string pp = indexed(path + "/pedigree/patches", "patch", i);
      check_enum(patches[i].attribute("type").value(), kPatchTypes, pp + "/@type", "patch type", d);
      const auto issues = children(child(patches[i], "resolves"), "issue");
      for (size_t k = 0; k < issues.size(); ++k) {
        check_enum(issues[k].attribute("type").value(), kIssueTypes,
                   indexed(pp + "/resolves", "issue", k) + "/@type", "issue type", d);
      }
    }
    const std::string ref = c.ref;
    out.push_back(std::move(c));
    const auto nested = children(child(n, "components"), "component");
    for (size_t i = 0; i < nested.size(); ++i) {
      component(nested[i], indexed(path + "/components", "component", i), ref, doc.components,
                depth + 1);
    }
  }

  void services(const pugi::xml_node& n, const std::string& path, int depth,
                const std::string& parent = "") {
    if (depth > 64) return;
    const auto list = children(child(n, "services"), "service");
    for (size_t i = 0; i < list.size(); ++i) {
      const std::string p = indexed(path + "/services", "service", i);
      Service svc{list[i].attribute("bom-ref").value(), text_of(list[i], "name"),
                  text_of(list[i], "version"), parent};
      if (!svc.ref.empty()) other_refs.push_back(svc.ref);
      if (svc.name.empty()) d.error(p, "a service needs a <name>");
      const std::string ref = svc.ref;
      doc.services.push_back(std::move(svc));
      const auto flows = children(child(list[i], "data"), "classification");
      for (size_t k = 0; k < flows.size(); ++k) {
        check_enum(flows[k].attribute("flow").value(), kDataFlows,
                   indexed(p + "/data", "classification", k) + "/@flow", "data flow", d);
      }
      licenses(list[i], p, nullptr);
      properties(list[i], p, nullptr);
      services(list[i], p, depth + 1, ref);
    }
  }

  void citations(const pugi::xml_node& bom) {
    const auto list = children(child(bom, "citations"), "citation");
    for (size_t i = 0; i < list.size(); ++i) {
      const std::string p = indexed("/bom/citations", "citation", i);
      const size_t attributed = children(list[i], "attributedTo").size();
      const size_t processes = children(list[i], "process").size();
      if (attributed + processes == 0) d.error(p, "a citation needs <attributedTo> or <process>");
      if (attributed > 1 || processes > 1)
        d.error(p, "a citation has at most one <attributedTo> and one <process>");
      if (child(list[i], "pointers") && child(list[i], "expressions")) {
        d.error(p, "a citation has <pointers> or <expressions>, not both");
      }
      if (pugi::xml_attribute ref = list[i].attribute("bom-ref"))
        other_refs.emplace_back(ref.value());
    }
  }

  void metadata(const pugi::xml_node& bom) {
    const pugi::xml_node m = child(bom, "metadata");
    if (!m) return;
    const std::string p = "/bom/metadata";
    for (pugi::xml_node c : m.children()) {
      if (c.type() == pugi::node_element && !one_of(local(c), kMetadataFields)) {
        d.error(p + "/" + std::string(local(c)),
                quote(local(c)) + " is not a CycloneDX metadata field");
      }
    }
    if (pugi::xml_node ts = child(m, "timestamp")) {
      doc.timestamp = text(ts);
      if (!valid_date_time(doc.timestamp)) {
        d.error(p + "/timestamp", quote(doc.timestamp) + " is not an RFC 3339 date-time");
      }
    }
    const pugi::xml_node tools = child(m, "tools");
    std::vector<pugi::xml_node> tool_nodes = children(tools, "tool");
    for (const auto& c : children(child(tools, "components"), "component")) tool_nodes.push_back(c);
    for (const auto& c : children(child(tools, "services"), "service")) tool_nodes.push_back(c);
    for (const auto& t : tool_nodes) {
      std::string tool = text_of(t, "name");
      if (const std::string v = text_of(t, "version"); !v.empty()) tool += " " + v;
      if (!tool.empty()) doc.tools.push_back(std::move(tool));
    }
    for (const auto& a : children(child(m, "authors"), "author"))
      doc.authors.push_back(text_of(a, "name"));
    if (doc.authors.empty()) {
      if (const std::string maker = text_of(child(m, "manufacturer"), "name"); !maker.empty())
        doc.authors.push_back(maker);
    }
    if (pugi::xml_node primary = child(m, "component")) {
      std::vector<Component> one;
      component(primary, p + "/component", "", one, 0);
      if (!one.empty()) {
        doc.has_primary = true;
        doc.primary = std::move(one.front());
        doc.name = doc.primary.name;
      }
    }
    licenses(m, p, nullptr);
    properties(m, p, nullptr);
  }

  void dependencies(const pugi::xml_node& bom) {
    const auto deps = children(child(bom, "dependencies"), "dependency");
    for (size_t i = 0; i < deps.size(); ++i) {
      const std::string p = indexed("/bom/dependencies", "dependency", i);
      const std::string ref = deps[i].attribute("ref").value();
      if (ref.empty()) {
        d.error(p, "a dependency needs a non-empty 'ref' attribute");
        continue;
      }
      for (const auto& on : children(deps[i], "dependency")) {
        doc.dependencies.push_back({ref, on.attribute("ref").value()});
      }
    }
  }
};

}  // namespace

Result<Document> read_cyclonedx_xml(std::string_view bytes, std::string_view source) {
  pugi::xml_document xml;
  const pugi::xml_parse_result parsed =
      xml.load_buffer(bytes.data(), bytes.size(), pugi::parse_default, pugi::encoding_auto);
  if (!parsed) {
    return Error{std::string("not readable XML: ") + parsed.description() + " at byte " +
                     std::to_string(parsed.offset),
                 std::string(source)};
  }
  const pugi::xml_node bom = xml.document_element();
  if (local(bom) == "RDF") {
    for (pugi::xml_attribute a : bom.attributes()) {
      if (std::string_view(a.value()).find("spdx.org/rdf") != std::string_view::npos)
        return unsupported("SPDX RDF/XML", source);
    }
  }
  if (bom.child("spdxVersion")) return unsupported("SPDX XML", source);
  if (local(bom) != "bom") {
    return Error{"not an SBOM: an XML document whose root is <" + std::string(bom.name()) +
                     ">, not a CycloneDX <bom>",
                 std::string(source)};
  }
  Document doc;
  doc.format = Format::cyclonedx;
  doc.encoding = Encoding::xml;
  Reader r{doc, Diagnostics(doc.diagnostics), {}};
  // The namespace names the version: http://cyclonedx.org/schema/bom/1.6
  std::string ns;
  for (pugi::xml_attribute a : bom.attributes()) {
    const std::string_view name = a.name();
    const size_t colon = std::string_view(bom.name()).find(':');
    const std::string want = colon == std::string_view::npos
                                 ? "xmlns"
                                 : "xmlns:" + std::string(bom.name()).substr(0, colon);
    if (name == want) ns = a.value();
  }
  if (ns.rfind(kNamespace, 0) != 0) {
    r.d.error("/bom", "namespace " + quote(ns) + " is not a CycloneDX namespace (" +
                          std::string(kNamespace) + "1.x)");
  } else {
    doc.spec_version = ns.substr(kNamespace.size());
    static constexpr std::string_view kVersions[] = {"1.0", "1.1", "1.2", "1.3",
                                                     "1.4", "1.5", "1.6", "1.7"};
    if (std::find(std::begin(kVersions), std::end(kVersions), doc.spec_version) ==
        std::end(kVersions)) {
      r.d.error("/bom", "CycloneDX version " + quote(doc.spec_version) +
                            " is not one Vigil reads (1.0 to 1.7)");
    }
  }
  if (pugi::xml_attribute serial = bom.attribute("serialNumber")) {
    doc.serial_number = serial.value();
    if (!valid_serial_number(doc.serial_number)) {
      r.d.error("/bom/@serialNumber",
                quote(doc.serial_number) + " is not an RFC 4122 URN (urn:uuid:...)");
    }
  }
  r.metadata(bom);
  const auto comps = children(child(bom, "components"), "component");
  doc.components.reserve(comps.size());
  for (size_t i = 0; i < comps.size(); ++i) {
    r.component(comps[i], indexed("/bom/components", "component", i), "", doc.components, 0);
  }
  r.services(bom, "/bom", 0);
  r.citations(bom);
  r.dependencies(bom);
  finish(doc, r.other_refs);
  return doc;
}

}  // namespace vigil::sbom::detail

// SPDX 2.2 and 2.3 JSON into the model. Packages are components; files and
// snippets are not. Locations are JSON pointers.
#include <simdjson.h>

#include <algorithm>

#include "core/text.h"
#include "sbom/json_input.h"
#include "sbom/readers.h"
#include "sbom/spdx_common.h"

namespace vigil::sbom::detail {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

std::string_view str(object o, std::string_view key) {
  std::string_view s;
  return o[key].get_string().get(s) == simdjson::SUCCESS ? s : std::string_view();
}

// Calls f on each element of o[key] when it is an array; nothing otherwise.
template <class F>
void each(object o, std::string_view key, F f) {
  array a;
  if (o[key].get_array().get(a) != simdjson::SUCCESS) return;
  for (element e : a) f(e);
}

void read_package(object o, const std::string& ptr, Document& doc, Diagnostics& d) {
  Component c;
  c.ref = std::string(str(o, "SPDXID"));
  if (c.ref.empty()) d.error(ptr, "a package needs an SPDXID");
  c.name = std::string(str(o, "name"));
  c.version = std::string(str(o, "versionInfo"));
  c.supplier = spdx_actor(str(o, "supplier"));
  c.author = spdx_actor(str(o, "originator"));
  c.type = spdx_purpose_to_type(str(o, "primaryPackagePurpose"));
  c.end_of_support = std::string(str(o, "validUntilDate"));
  each(o, "checksums", [&](element e) {
    object h;
    if (e.get_object().get(h) != simdjson::SUCCESS) return;
    c.hashes.push_back(
        {spdx_hash_algorithm(str(h, "algorithm")), ascii_lower(str(h, "checksumValue"))});
  });
  for (const char* key : {"licenseConcluded", "licenseDeclared"}) {
    const std::string_view l = str(o, key);
    if (!l.empty() && l != "NOASSERTION" && l != "NONE" &&
        std::find(c.licenses.begin(), c.licenses.end(), l) == c.licenses.end()) {
      c.licenses.emplace_back(l);
    }
  }
  size_t i = 0;
  each(o, "externalRefs", [&](element e) {
    object x;
    const std::string xp = ptr + "/externalRefs/" + std::to_string(i++);
    if (e.get_object().get(x) != simdjson::SUCCESS) {
      d.error(xp, "an external reference must be an object");
      return;
    }
    add_spdx_external_ref(c, str(x, "referenceCategory"), str(x, "referenceType"),
                          str(x, "referenceLocator"));
  });
  if (const std::string_view dl = str(o, "downloadLocation");
      !dl.empty() && dl != "NOASSERTION" && dl != "NONE") {
    c.external_references.push_back({"distribution", std::string(dl)});
  }
  if (const std::string_view home = str(o, "homepage");
      !home.empty() && home != "NOASSERTION" && home != "NONE") {
    c.external_references.push_back({"website", std::string(home)});
  }
  each(o, "annotations", [&](element e) {
    object a;
    if (e.get_object().get(a) != simdjson::SUCCESS) return;
    // Support fields as "name: value" annotation comments (docs/sbom.md).
    const std::string_view comment = str(a, "comment");
    if (const size_t colon = comment.find(':'); colon != std::string_view::npos) {
      c.properties.push_back({std::string(trim(comment.substr(0, colon))),
                              std::string(trim(comment.substr(colon + 1)))});
    }
  });
  doc.components.push_back(std::move(c));
}

}  // namespace

namespace {

// Calls f on each element of the root's array `key`: from the root's tree, or
// parsed one at a time when the document was split.
template <class F>
std::optional<Error> each_root(object root, std::string_view key, SplitInput* split,
                               std::string_view source, F f) {
  if (const SplitJson::Array* a = split_array(split, key)) {
    return each_split_element(*split, *a, source, [&f](element e, size_t) { f(e); });
  }
  each(root, key, f);
  return std::nullopt;
}

}  // namespace

Result<Document> read_spdx_json(const element& root_element, std::string_view source,
                                SplitInput* split) {
  object root;
  if (root_element.get_object().get(root) != simdjson::SUCCESS) {
    return Error{"not an SBOM: the JSON document is not an object", std::string(source)};
  }
  Document doc;
  doc.format = Format::spdx;
  doc.encoding = Encoding::json;
  Diagnostics d(doc.diagnostics);
  doc.spec_version = std::string(str(root, "spdxVersion"));
  if (!supported_spdx_version(doc.spec_version)) {
    d.error("/spdxVersion",
            quote(doc.spec_version) + " is not an SPDX version Vigil reads (SPDX-2.2, SPDX-2.3)");
  }
  if (doc.spec_version.rfind("SPDX-", 0) == 0) doc.spec_version.erase(0, 5);
  doc.name = std::string(str(root, "name"));
  doc.serial_number = std::string(str(root, "documentNamespace"));
  if (doc.serial_number.empty()) d.warning("/documentNamespace", "the document has no namespace");
  object info;
  if (root["creationInfo"].get_object().get(info) == simdjson::SUCCESS) {
    doc.timestamp = std::string(str(info, "created"));
    each(info, "creators", [&](element e) {
      std::string_view s;
      if (e.get_string().get(s) != simdjson::SUCCESS) return;
      (s.rfind("Tool:", 0) == 0 ? doc.tools : doc.authors).push_back(spdx_actor(s));
    });
  }
  element packages;
  if (root["packages"].get(packages) == simdjson::SUCCESS && !packages.is_array()) {
    d.error("/packages", "must be an array");
  }
  array packages_array;
  if (const SplitJson::Array* a = split ? split->split.find("packages") : nullptr) {
    doc.components.reserve(a->elements.size());
  } else if (root["packages"].get_array().get(packages_array) == simdjson::SUCCESS) {
    doc.components.reserve(packages_array.size());
  }
  size_t i = 0;
  auto fatal = each_root(root, "packages", split, source, [&](element e) {
    const std::string p = "/packages/" + std::to_string(i++);
    object o;
    if (e.get_object().get(o) != simdjson::SUCCESS) {
      d.error(p, "a package must be an object");
      return;
    }
    read_package(o, p, doc, d);
  });
  if (fatal) return std::move(*fatal);
  std::string described;
  each(root, "documentDescribes", [&](element e) {
    std::string_view s;
    if (described.empty() && e.get_string().get(s) == simdjson::SUCCESS) described = std::string(s);
  });
  i = 0;
  fatal = each_root(root, "relationships", split, source, [&](element e) {
    object r;
    const std::string p = "/relationships/" + std::to_string(i++);
    if (e.get_object().get(r) != simdjson::SUCCESS) {
      d.error(p, "a relationship must be an object");
      return;
    }
    add_spdx_relationship(doc, str(r, "spdxElementId"), str(r, "relationshipType"),
                          str(r, "relatedSpdxElement"), described);
  });
  if (fatal) return std::move(*fatal);
  finish_spdx(doc, described, d);
  finish(doc);
  return doc;
}

}  // namespace vigil::sbom::detail

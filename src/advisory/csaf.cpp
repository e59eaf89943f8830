#include "advisory/csaf.h"

#include <simdjson.h>

#include <map>

#include "advisory/json_util.h"
#include "advisory/readers.h"
#include "core/text.h"

namespace vigil::advisory {
namespace {

using detail::each;
using detail::str;
using simdjson::dom::element;
using simdjson::dom::object;

// What the product tree says of each product id.
using ProductIndex = std::map<std::string, CsafProduct, std::less<>>;

void add_helpers(object product, CsafProduct& p) {
  object helper;
  if (product["product_identification_helper"].get_object().get(helper) != simdjson::SUCCESS)
    return;
  if (const std::string_view cpe = str(helper, "cpe"); !cpe.empty()) p.cpes.emplace_back(cpe);
  if (const std::string_view purl = str(helper, "purl"); !purl.empty()) p.purls.emplace_back(purl);
  for (const std::string& purl : detail::strings(helper, "purls"))
    p.purls.push_back(purl);  // CSAF 2.1
}

void add_full_product(object product, const CsafProduct& context, ProductIndex& index) {
  CsafProduct p = context;
  p.product_id = std::string(str(product, "product_id"));
  p.full_name = std::string(str(product, "name"));
  if (p.product_id.empty()) return;
  add_helpers(product, p);
  index[p.product_id] = std::move(p);
}

// Walks the branches, carrying vendor, name and version down to the leaves.
void walk(object branch, CsafProduct context, ProductIndex& index, int depth) {
  if (depth > 32) return;
  const std::string_view category = str(branch, "category");
  const std::string_view name = str(branch, "name");
  if (category == "vendor")
    context.vendor = std::string(name);
  else if (category == "product_name" || category == "product_family") {
    context.name =
        context.name.empty() || category == "product_name" ? std::string(name) : context.name;
  } else if (category == "product_version")
    context.version = std::string(name);
  else if (category == "product_version_range")
    context.version_range = std::string(name);
  object product;
  if (branch["product"].get_object().get(product) == simdjson::SUCCESS) {
    add_full_product(product, context, index);
  }
  each(branch, "branches", [&](element e) {
    object child;
    if (e.get_object().get(child) == simdjson::SUCCESS) walk(child, context, index, depth + 1);
  });
}

ProductIndex index_products(object tree) {
  ProductIndex index;
  each(tree, "branches", [&](element e) {
    object b;
    if (e.get_object().get(b) == simdjson::SUCCESS) walk(b, {}, index, 0);
  });
  each(tree, "full_product_names", [&](element e) {
    object p;
    if (e.get_object().get(p) == simdjson::SUCCESS) add_full_product(p, {}, index);
  });
  // "X as a component of Y": the composed product is X's identity.
  each(tree, "relationships", [&](element e) {
    object r, full;
    if (e.get_object().get(r) != simdjson::SUCCESS ||
        r["full_product_name"].get_object().get(full) != simdjson::SUCCESS) {
      return;
    }
    const auto base = index.find(str(r, "product_reference"));
    add_full_product(full, base == index.end() ? CsafProduct{} : base->second, index);
  });
  return index;
}

}  // namespace

Result<CsafDocument> read_csaf(simdjson::dom::object o, std::string_view source) {
  object document, tracking;
  if (o["document"].get_object().get(document) != simdjson::SUCCESS ||
      document["tracking"].get_object().get(tracking) != simdjson::SUCCESS) {
    return Error{"not a CSAF document: no 'document.tracking'", std::string(source)};
  }
  CsafDocument doc;
  doc.tracking_id = std::string(str(tracking, "id"));
  if (doc.tracking_id.empty())
    return Error{"a CSAF document needs 'document.tracking.id'", std::string(source)};
  doc.title = std::string(str(document, "title"));
  doc.category = std::string(str(document, "category"));
  object publisher;
  if (document["publisher"].get_object().get(publisher) == simdjson::SUCCESS) {
    doc.publisher = std::string(str(publisher, "name"));
  }
  ProductIndex products;
  object tree;
  if (o["product_tree"].get_object().get(tree) == simdjson::SUCCESS)
    products = index_products(tree);

  size_t vi = 0;
  std::string problem;
  each(o, "vulnerabilities", [&](element e) {
    object v;
    const size_t index = vi++;
    if (e.get_object().get(v) != simdjson::SUCCESS) return;
    Advisory a;
    a.source = Source::csaf;
    const std::string_view cve = str(v, "cve");
    // Per document: two suppliers' advisories on one CVE are two records.
    a.id = doc.tracking_id + ":" + (cve.empty() ? "#" + std::to_string(index) : std::string(cve));
    if (!cve.empty()) a.aliases.emplace_back(cve);
    // The document id is shared by every vulnerability it covers: an alias
    // would merge them all into one.
    a.related.push_back(doc.tracking_id);
    each(v, "ids", [&a](element id) {
      object io;
      if (id.get_object().get(io) == simdjson::SUCCESS && !str(io, "text").empty())
        a.aliases.emplace_back(str(io, "text"));
    });
    a.summary = std::string(str(v, "title"));
    if (a.summary.empty()) a.summary = doc.title;
    a.published = std::string(str(tracking, "initial_release_date"));
    a.modified = std::string(str(tracking, "current_release_date"));
    each(v, "notes", [&a](element n) {
      object no;
      if (n.get_object().get(no) == simdjson::SUCCESS && str(no, "category") == "description" &&
          a.details.empty()) {
        a.details = std::string(str(no, "text"));
      }
    });
    object cwe;
    if (v["cwe"].get_object().get(cwe) == simdjson::SUCCESS && !str(cwe, "id").empty())
      a.cwes.emplace_back(str(cwe, "id"));
    each(v, "scores", [&](element s) {
      object so;
      if (s.get_object().get(so) != simdjson::SUCCESS) return;
      for (const auto& [key, type] :
           {std::pair{"cvss_v3", "CVSS_V3"}, std::pair{"cvss_v2", "CVSS_V2"}}) {
        object c;
        if (so[key].get_object().get(c) == simdjson::SUCCESS) {
          a.severities.push_back({type, std::string(str(c, "vectorString")), doc.publisher});
        }
      }
    });
    each(v, "references", [&a](element r) {
      object ro;
      if (r.get_object().get(ro) == simdjson::SUCCESS) {
        a.references.push_back(
            {str(ro, "category") == "self" ? "ADVISORY" : "WEB", std::string(str(ro, "url"))});
      }
    });
    object status;
    if (v["product_status"].get_object().get(status) == simdjson::SUCCESS) {
      for (auto [key, value] : status) {
        simdjson::dom::array ids;
        if (value.get_array().get(ids) != simdjson::SUCCESS) continue;
        for (element id : ids) {
          std::string_view pid;
          if (id.get_string().get(pid) != simdjson::SUCCESS) continue;
          const auto found = products.find(pid);
          if (found == products.end()) {
            if (problem.empty()) {
              problem = "vulnerability " + std::to_string(index) + " names product " + quote(pid) +
                        ", which the product tree does not define";
            }
            continue;
          }
          CsafProduct p = found->second;
          p.status = std::string(key);
          a.products.push_back(std::move(p));
        }
      }
    }
    doc.advisories.push_back(std::move(a));
  });
  if (!problem.empty()) {
    return Error{"CSAF document " + quote(doc.tracking_id) + ": " + problem, std::string(source)};
  }
  return doc;
}

Result<CsafDocument> parse_csaf(std::string_view json, std::string_view source) {
  return detail::parse_then(json, source, "a CSAF document", read_csaf);
}

}  // namespace vigil::advisory

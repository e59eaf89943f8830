#include "vex/vex.h"

#include <algorithm>

#include <simdjson.h>

#include "advisory/json_util.h"
#include "advisory/package_key.h"
#include "advisory/readers.h"
#include "core/file.h"
#include "core/text.h"
#include "cpe/cpe.h"
#include "purl/purl.h"
#include "version/version.h"

namespace vigil::vex {
namespace {

using advisory::detail::each;
using advisory::detail::str;
using simdjson::dom::element;
using simdjson::dom::object;

Error bad(std::string_view source, std::string what) {
  return Error{std::move(what), std::string(source)};
}

// OpenVEX names statuses as Vigil does.
bool status_from(std::string_view text, Status& out) {
  for (Status s :
       {Status::not_affected, Status::affected, Status::fixed, Status::under_investigation}) {
    if (text == status_name(s)) {
      out = s;
      return true;
    }
  }
  return false;
}

// An OpenVEX product or subcomponent: {"@id": ..., "identifiers": {...}} or,
// in documents before v0.2.0, a bare string.
void product_ids(element e, std::vector<std::string>& out) {
  std::string_view s;
  if (e.get_string().get(s) == simdjson::SUCCESS) {
    out.emplace_back(s);
    return;
  }
  object o;
  if (e.get_object().get(o) != simdjson::SUCCESS) return;
  if (!str(o, "@id").empty()) out.emplace_back(str(o, "@id"));
  object ids;
  if (o["identifiers"].get_object().get(ids) == simdjson::SUCCESS) {
    for (const char* key : {"purl", "cpe23", "cpe22"}) {
      if (!str(ids, key).empty()) out.emplace_back(str(ids, key));
    }
  }
}

Result<std::vector<Statement>> read_openvex(object root, std::string_view source) {
  std::vector<Statement> out;
  size_t index = 0;
  Result<void> status = {};
  each(root, "statements", [&](element e) {
    const size_t i = index++;
    if (!status) return;
    const std::string where = "/statements/" + std::to_string(i);
    object st;
    if (e.get_object().get(st) != simdjson::SUCCESS) {
      status = bad(source, where + ": a statement must be an object");
      return;
    }
    Statement s;
    s.source = "OpenVEX " + std::string(source);
    object vuln;
    if (st["vulnerability"].get_object().get(vuln) == simdjson::SUCCESS) {
      s.vulnerability = std::string(str(vuln, "name"));
    } else {
      s.vulnerability = std::string(str(st, "vulnerability"));
    }
    if (s.vulnerability.empty()) {
      status = bad(source, where + ": the statement names no vulnerability");
      return;
    }
    if (!status_from(str(st, "status"), s.status)) {
      status = bad(source, where + "/status: " + quote(str(st, "status")) +
                               " is not an OpenVEX status (not_affected, affected, fixed, "
                               "under_investigation)");
      return;
    }
    each(st, "products", [&s](element p) {
      product_ids(p, s.products);
      // v0.2.0 also allows subcomponents inside each product.
      object po;
      if (p.get_object().get(po) == simdjson::SUCCESS)
        each(po, "subcomponents", [&s](element c) { product_ids(c, s.subcomponents); });
    });
    each(st, "subcomponents", [&s](element p) { product_ids(p, s.subcomponents); });
    s.justification = std::string(str(st, "justification"));
    s.detail = std::string(str(st, "impact_statement"));
    if (s.detail.empty()) s.detail = std::string(str(st, "action_statement"));
    out.push_back(std::move(s));
  });
  if (!status) return status.error();
  return out;
}

// CycloneDX analysis states onto VEX statuses.
bool cdx_status(std::string_view state, Status& out) {
  if (state == "not_affected" || state == "false_positive") {
    out = Status::not_affected;
  } else if (state == "resolved" || state == "resolved_with_pedigree") {
    out = Status::fixed;
  } else if (state == "exploitable") {
    out = Status::affected;
  } else if (state == "in_triage") {
    out = Status::under_investigation;
  } else {
    return false;
  }
  return true;
}

Result<std::vector<Statement>> read_cyclonedx(object root, std::string_view source) {
  simdjson::dom::array list;
  if (root["vulnerabilities"].get_array().get(list) != simdjson::SUCCESS) {
    return bad(source, "a CycloneDX document without a vulnerabilities array is an SBOM, not VEX");
  }
  std::vector<Statement> out;
  size_t index = 0;
  Result<void> status = {};
  each(root, "vulnerabilities", [&](element e) {
    const size_t i = index++;
    if (!status) return;
    const std::string where = "/vulnerabilities/" + std::to_string(i);
    object v;
    if (e.get_object().get(v) != simdjson::SUCCESS) {
      status = bad(source, where + ": a vulnerability must be an object");
      return;
    }
    object analysis;
    if (v["analysis"].get_object().get(analysis) != simdjson::SUCCESS) return;  // no statement
    Statement s;
    s.source = "CycloneDX VEX " + std::string(source);
    s.vulnerability = std::string(str(v, "id"));
    if (s.vulnerability.empty()) {
      status = bad(source, where + "/id: the vulnerability has no id");
      return;
    }
    if (!cdx_status(str(analysis, "state"), s.status)) {
      status = bad(source, where + "/analysis/state: " + quote(str(analysis, "state")) +
                               " is not a CycloneDX analysis state");
      return;
    }
    s.justification = std::string(str(analysis, "justification"));
    s.detail = std::string(str(analysis, "detail"));
    each(v, "affects", [&s](element a) {
      object ao;
      if (a.get_object().get(ao) == simdjson::SUCCESS && !str(ao, "ref").empty())
        s.products.emplace_back(str(ao, "ref"));
    });
    out.push_back(std::move(s));
  });
  if (!status) return status.error();
  return out;
}

Result<std::vector<Statement>> read_csaf(object root, std::string_view source) {
  auto doc = advisory::read_csaf(root, source);
  if (!doc) return doc.error();
  std::vector<Statement> out;
  for (const auto& a : doc->advisories) {
    const std::string cve = a.aliases.empty() ? a.id : a.aliases.front();
    for (const auto& p : a.products) {
      Statement s;
      if (p.status == "known_not_affected") {
        s.status = Status::not_affected;
      } else if (p.status == "known_affected" || p.status == "first_affected" ||
                 p.status == "last_affected") {
        s.status = Status::affected;
      } else if (p.status == "fixed" || p.status == "first_fixed") {
        s.status = Status::fixed;
      } else if (p.status == "under_investigation") {
        s.status = Status::under_investigation;
      } else {
        continue;  // "recommended" says nothing about exploitability
      }
      s.vulnerability = cve;
      s.products = p.purls;
      s.products.insert(s.products.end(), p.cpes.begin(), p.cpes.end());
      if (s.products.empty() && !p.name.empty()) s.named.push_back({p.vendor, p.name, p.version});
      if (s.products.empty() && s.named.empty()) continue;
      s.source = "CSAF " + doc->tracking_id;
      out.push_back(std::move(s));
    }
  }
  return out;
}

bool qualifiers_agree(const purl::PackageUrl& a, const purl::PackageUrl& b) {
  for (const auto& [key, value] : a.qualifiers) {
    if (auto other = b.qualifier(key); other && *other != value) return false;
  }
  return true;
}

bool purl_covers(const purl::PackageUrl& stated, const sbom::Component& c) {
  for (const auto& text : c.purls) {
    auto p = purl::parse(text);
    if (!p) continue;
    if (p->type != stated.type || p->namespace_ != stated.namespace_ || p->name != stated.name)
      continue;
    if (!qualifiers_agree(stated, *p)) continue;
    if (stated.version.empty()) return true;
    const std::string& have = p->version.empty() ? c.version : p->version;
    const auto scheme = version::scheme_for(p->type).value_or(version::Scheme::generic);
    if (!have.empty() && version::compare(scheme, stated.version, have) == 0) return true;
  }
  return false;
}

bool cpe_covers(const cpe::Wfn& stated, const sbom::Component& c) {
  for (const auto& text : c.cpes) {
    auto w = cpe::parse(text);
    if (!w) continue;
    if ((*w)[cpe::Attribute::version].is_any() && !c.version.empty())
      (*w)[cpe::Attribute::version] = cpe::literal(c.version);
    if (cpe::matches(stated, *w)) return true;
  }
  return false;
}

}  // namespace

std::string_view status_name(Status s) {
  constexpr std::string_view kNames[] = {"not_affected", "affected", "fixed",
                                         "under_investigation"};
  return kNames[static_cast<size_t>(s)];
}

Result<std::vector<Statement>> read(std::string_view bytes, std::string_view source) {
  simdjson::dom::parser parser;
  const simdjson::padded_string padded(bytes);
  auto root = advisory::detail::parse_object(parser, padded, source, "a VEX document");
  if (!root) return root.error();
  object o = *root;
  if (!str(o, "@context").empty() && str(o, "@context").find("openvex") != std::string_view::npos)
    return read_openvex(o, source);
  if (str(o, "bomFormat") == "CycloneDX") return read_cyclonedx(o, source);
  object document;
  if (o["document"].get_object().get(document) == simdjson::SUCCESS) return read_csaf(o, source);
  return bad(source, "not a VEX document Vigil reads (OpenVEX, CycloneDX VEX, CSAF VEX)");
}

Result<std::vector<Statement>> read_file(const std::string& path) {
  const auto bytes = read_input(path, kVexInput);
  if (!bytes) return bytes.error();
  return read(*bytes, path);
}

std::vector<std::string> organisations(const sbom::Component& c) {
  std::vector<std::string> out;
  for (const std::string* s : {&c.supplier, &c.manufacturer, &c.author, &c.group}) {
    if (!s->empty()) out.push_back(advisory::normalize_vendor(*s));
  }
  return out;
}

bool vendor_agrees(const std::vector<std::string>& organisations, std::string_view vendor) {
  for (const auto& theirs : advisory::vendor_names(vendor)) {
    for (const auto& mine : organisations) {
      if (advisory::vendors_agree(mine, theirs)) return true;
    }
  }
  return false;
}

std::vector<std::string> product_names(const sbom::Component& c,
                                       const std::vector<std::string>& organisations) {
  std::vector<std::string> out{advisory::normalize_product(c.name)};
  for (const auto& org : organisations) {
    if (out.front().starts_with(org + " ")) out.push_back(out.front().substr(org.size() + 1));
  }
  return out;
}

bool covers(const NamedProduct& product, const sbom::Component& component) {
  if (advisory::normalize_product(product.name) != advisory::normalize_product(component.name))
    return false;
  if (!product.vendor.empty()) {
    const std::vector<std::string> mine = organisations(component);
    if (!mine.empty() && !vendor_agrees(mine, product.vendor)) return false;
  }
  return product.version.empty() ||
         version::compare(version::Scheme::generic, product.version, component.version) == 0;
}

bool applies(const Statement& s, const sbom::Document& doc, const sbom::Component& component) {
  const auto any_covers = [](const std::vector<std::string>& ids, const sbom::Component& c) {
    return std::any_of(ids.begin(), ids.end(),
                       [&c](const std::string& id) { return covers(id, c); });
  };
  if (!s.subcomponents.empty()) return any_covers(s.subcomponents, component);
  const auto named = [&s](const sbom::Component& c) {
    return std::any_of(s.named.begin(), s.named.end(),
                       [&c](const NamedProduct& p) { return covers(p, c); });
  };
  if (any_covers(s.products, component) || named(component)) return true;
  return doc.has_primary && (any_covers(s.products, doc.primary) || named(doc.primary));
}

bool covers(std::string_view product, const sbom::Component& component) {
  product = trim(product);
  if (product.starts_with("pkg:")) {
    auto p = purl::parse(product);
    return p && purl_covers(*p, component);
  }
  if (product.starts_with("cpe:")) {
    auto w = cpe::parse(product);
    return w && cpe_covers(*w, component);
  }
  if (const size_t hash = product.rfind('#');
      product.starts_with("urn:cdx:") && hash != std::string_view::npos) {
    product = product.substr(hash + 1);
  }
  return !product.empty() && product == component.ref;
}

}  // namespace vigil::vex

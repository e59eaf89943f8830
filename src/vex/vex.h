// Vulnerability Exploitability eXchange: what a supplier or the maker says of
// a vulnerability in a product (not affected, affected, fixed, under
// investigation), read from OpenVEX, CycloneDX VEX and CSAF VEX documents.
//
// Formats: https://github.com/openvex/spec (v0.2.0, and the older
// string-valued forms), CycloneDX `vulnerabilities[].analysis` with
// `affects[].ref`, CSAF 2.0 `product_status` (via advisory::read_csaf).
//
// A statement names products by purl, CPE or BOM reference; covers() decides
// whether one of them is a given SBOM component.
//
// Thread-safety: plain values; functions are pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "sbom/sbom.h"

namespace vigil::vex {

enum class Status : uint8_t { not_affected, affected, fixed, under_investigation };

std::string_view status_name(Status s);  // "not_affected", "affected", ...

// A product named without an identifier (CSAF product trees often do).
struct NamedProduct {
  std::string vendor;
  std::string name;
  std::string version;  // empty: every version
};

struct Statement {
  std::string vulnerability;  // as written: "CVE-2023-12345", "GHSA-..."
  // What the statement is about: purls, CPEs or BOM references. With
  // subcomponents, the statement is about those parts of the products; a
  // statement about a product as a whole covers everything in it.
  std::vector<std::string> products;
  std::vector<std::string> subcomponents;
  std::vector<NamedProduct> named;
  Status status = Status::not_affected;
  std::string justification;  // "vulnerable_code_not_in_execute_path", "code_not_reachable" ...
  std::string detail;         // impact statement, analysis detail or CSAF remediation text
  std::string source;         // "OpenVEX vex.json", "CycloneDX VEX x.json", "CSAF ACME-2024-01"
};

// Reads a VEX document of any of the three formats, detected from content.
// `source` names the input in messages and in each statement's source.
Result<std::vector<Statement>> read(std::string_view bytes, std::string_view source);
Result<std::vector<Statement>> read_file(const std::string& path);

// Whether `product` (a purl, CPE or BOM reference from a statement) names
// `component`. A purl without a version covers every version; qualifiers
// matter only when both sides give the same key. A CPE covers the component
// when it matches one of the component's CPEs (NISTIR 7696). A reference
// covers the component with that bom-ref (also as "urn:cdx:...#ref").
bool covers(std::string_view product, const sbom::Component& component);

// The organisations a component names (supplier, manufacturer, author,
// group), each through advisory::normalize_vendor.
std::vector<std::string> organisations(const sbom::Component& component);

// Whether one of `organisations` is one of the vendors an advisory's vendor
// field names (advisory::vendor_names, advisory::vendors_agree).
bool vendor_agrees(const std::vector<std::string>& organisations, std::string_view vendor);

// The normalised product names a component goes by: its name, and its name
// without a leading organisation of its own ("BD Alaris PC Unit" by BD is
// also "alaris pc unit"); `organisations` are the component's, as
// organisations() gives them.
std::vector<std::string> product_names(const sbom::Component& component,
                                       const std::vector<std::string>& organisations);

// Whether a named product is the component: same vendor (when both say one),
// same normalised name, and the same version unless the product names none.
bool covers(const NamedProduct& product, const sbom::Component& component);

// Whether the statement speaks of `component` of `doc`: a subcomponent
// naming it, or, without subcomponents, a product naming it or naming the
// document's primary component (the device as a whole).
bool applies(const Statement& s, const sbom::Document& doc, const sbom::Component& component);

}  // namespace vigil::vex

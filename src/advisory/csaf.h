// CSAF 2.0 documents (https://docs.oasis-open.org/csaf/csaf/v2.0/) into
// Advisories: one per vulnerability of the document, identified as
// "TRACKING-ID:CVE" (or "TRACKING-ID:#n"), with the CVE and the tracking id
// among its aliases, its scores (CVSS v2/v3 with the document's
// publisher as source), CWE, references, and every product the vulnerability's
// product_status names — resolved through the product tree to vendor, product
// name, version or version range, and purl/CPE helpers. known_not_affected
// entries are kept: they are the supplier's VEX statements.
#pragma once

#include <string_view>
#include <vector>

#include "advisory/advisory.h"
#include "core/error.h"

namespace vigil::advisory {

struct CsafDocument {
  std::string tracking_id;  // "ICSMA-24-254-01"
  std::string title;
  std::string publisher;  // publisher name
  std::string category;   // csaf_security_advisory, csaf_vex, ...
  std::vector<Advisory> advisories;
};

Result<CsafDocument> parse_csaf(std::string_view json, std::string_view source);

}  // namespace vigil::advisory

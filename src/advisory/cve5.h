// CVE JSON 5 records (the CVE List format, https://cveproject.github.io/cve-schema/)
// into Advisory: the CNA container's descriptions, problem types (CWEs),
// references, CVSS metrics, and affected products with their version ranges.
//
// Affected entries become OSV-style ranges: an "affected" entry with
// lessThan / lessThanOrEqual is introduced..fixed / last_affected; a single
// affected version is enumerated; under defaultStatus "affected", the
// "unaffected" entries cut holes into an otherwise open range. The package
// ecosystem comes from collectionURL where it names a registry (pkg.go.dev ->
// Go, pypi.org -> PyPI, ...); otherwise the entry keeps vendor and product.
#pragma once

#include <string_view>

#include "advisory/advisory.h"
#include "core/error.h"

namespace vigil::advisory {

Result<Advisory> parse_cve5(std::string_view json, std::string_view source);

}  // namespace vigil::advisory

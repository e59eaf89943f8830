// What the SPDX JSON and tag-value readers share: field conversions and the
// relationship-to-edge mapping. Internal to sbom/.
#pragma once

#include <string>
#include <string_view>

#include "sbom/checks.h"

namespace vigil::sbom::detail {

// "Organization: Acme (email)" -> "Acme"; NOASSERTION and NONE -> "".
std::string spdx_actor(std::string_view s);

// SPDX checksum algorithm names ("SHA256") -> CycloneDX spelling ("SHA-256").
std::string spdx_hash_algorithm(std::string_view alg);

// An SPDX primaryPackagePurpose -> a CycloneDX component type.
std::string spdx_purpose_to_type(std::string_view purpose);

// Adds an external reference of a package: purl, CPE 2.2/2.3, SWID, or other.
void add_spdx_external_ref(Component& c, std::string_view category, std::string_view type,
                           std::string_view locator);

// Adds the dependency edge an SPDX relationship stands for, with its
// direction normalised to "from depends on / contains to"; other
// relationship types are not dependency edges and add nothing. DESCRIBES
// names the primary package.
void add_spdx_relationship(Document& doc, std::string_view element, std::string_view type,
                           std::string_view related, std::string& described);

// The SPDX versions Vigil reads.
bool supported_spdx_version(std::string_view v);

// Marks the described package as primary and checks document-level fields.
void finish_spdx(Document& doc, const std::string& described, Diagnostics& d);

}  // namespace vigil::sbom::detail

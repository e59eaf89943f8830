// Checks shared by the SBOM readers, and the finishing pass every reader ends
// with. Internal to sbom/.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "sbom/sbom.h"

namespace vigil::sbom::detail {

// Collects diagnostics for one document.
class Diagnostics {
 public:
  explicit Diagnostics(std::vector<Diagnostic>& out) : out_(out) {}
  void error(std::string location, std::string message) {
    out_.push_back({Severity::error, std::move(location), std::move(message)});
  }
  void warning(std::string location, std::string message) {
    out_.push_back({Severity::warning, std::move(location), std::move(message)});
  }

 private:
  std::vector<Diagnostic>& out_;
};

// CycloneDX enumerations, as the specification's schemas define them.
extern const std::initializer_list<std::string_view> kComponentTypes;
extern const std::initializer_list<std::string_view> kScopes;
extern const std::initializer_list<std::string_view> kPatchTypes;
extern const std::initializer_list<std::string_view> kIssueTypes;
extern const std::initializer_list<std::string_view> kDataFlows;
extern const std::initializer_list<std::string_view> kExternalReferenceTypes;
extern const std::initializer_list<std::string_view> kMetadataFields;

bool one_of(std::string_view value, std::initializer_list<std::string_view> allowed);

// Reports `value` at `location` unless it is one of `allowed`.
void check_enum(std::string_view value, std::initializer_list<std::string_view> allowed,
                const std::string& location, std::string_view what, Diagnostics& d);

// Whether a hash names a known algorithm and has hex of its length.
bool valid_hash(const Hash& h);
// Lowers the letters of a hash's value (digests are written in either case)
// and answers valid_hash() of the result, in one pass.
bool normalize_hash(Hash& h);
// A hash's value must be hex of a length its algorithm produces.
void check_hash(const Hash& h, const std::string& location, Diagnostics& d);

// CycloneDX serial numbers are RFC 4122 URNs: urn:uuid:xxxxxxxx-xxxx-Mxxx-Nxxx-xxxxxxxxxxxx.
bool valid_serial_number(std::string_view s);
// RFC 3339 date-time ("2024-01-31T12:00:00Z", with optional fraction and offset).
bool valid_date_time(std::string_view s);
// An ISO 8601 calendar date, optionally followed by a time ("2027-12-31").
bool valid_date(std::string_view s);

// Whether `id` is on the SPDX licence list. A "LicenseRef-" is not: CycloneDX
// takes those as licence names or inside expressions, never as an id.
bool known_spdx_license(std::string_view id);

// Reads the FDA support fields from a component's properties (see docs/sbom.md).
void apply_lifecycle_properties(Component& c);

// Checks every component's identifiers (purl, CPE), references (unique,
// non-empty) and dependency edges (no dangling refs), and warns on missing
// names and versions. Every reader calls it last.
// `other_refs` are bom-refs of elements that are not components (services,
// citations), which dependencies may name too.
void finish(Document& doc, const std::vector<std::string>& other_refs = {});

// Whether a CycloneDX spec version ("1.6") is at least major.minor.
bool at_least(std::string_view version, int major, int minor);

}  // namespace vigil::sbom::detail

// Software bills of materials: CycloneDX (1.0-1.7, JSON and XML) and SPDX
// (2.2 and 2.3, JSON and tag-value) read into one model, with diagnostics,
// NTIA/FDA quality measures, and CycloneDX 1.6 JSON output.
//
// Specifications: https://cyclonedx.org/specification/overview/ and
// https://spdx.github.io/spdx-spec/v2.3/. Where a format has no standard
// field for the FDA's "level of support" and "end of support", the property
// and annotation conventions in docs/sbom.md apply.
//
// read() never throws and never aborts on a bad document: a document it cannot
// parse at all, or that is not an SBOM, is an Error; anything else comes back
// as a Document whose diagnostics say what is wrong and where (JSON pointer,
// XML path or line). Structural errors stop the read of the part they are in;
// missing fields are warnings.
//
// Thread-safety: plain values; read() and write_cyclonedx_json() are pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace vigil::sbom {

enum class Format : uint8_t { cyclonedx, spdx };
enum class Encoding : uint8_t { json, xml, tag_value };
enum class Severity : uint8_t { error, warning };

std::string_view format_name(Format f);      // "CycloneDX", "SPDX"
std::string_view encoding_name(Encoding e);  // "json", "xml", "tag-value"
std::string_view severity_name(Severity s);  // "error", "warning"

struct Diagnostic {
  Severity severity;
  std::string location;  // "/components/3/purl", "/bom/components/component[4]", "line 12"
  std::string message;
  friend bool operator==(const Diagnostic&, const Diagnostic&) = default;
};

struct Hash {
  std::string algorithm;  // as CycloneDX spells it: "SHA-256", "MD5" ...
  std::string value;      // lower-case hex
  friend bool operator==(const Hash&, const Hash&) = default;
};

struct ExternalReference {
  std::string type;  // "vcs", "website", "distribution", "advisories" ...
  std::string url;
  friend bool operator==(const ExternalReference&, const ExternalReference&) = default;
};

struct Property {
  std::string name;
  std::string value;
  friend bool operator==(const Property&, const Property&) = default;
};

struct Component {
  std::string ref;   // bom-ref or SPDXID; unique within the document
  std::string type;  // CycloneDX component type: library, application, firmware ...
  std::string group;
  std::string name;
  std::string version;
  std::vector<std::string> purls;  // as written; checked by the reader
  std::vector<std::string> cpes;
  std::vector<std::string> other_ids;  // SWID tag ids, OmniBOR ids, SWHIDs
  std::string supplier;                // organisation that supplied the component
  std::string manufacturer;            // CycloneDX 1.6 manufacturer, when given
  std::string author;                  // author(s) or SPDX originator
  std::vector<Hash> hashes;
  std::vector<std::string> licenses;  // SPDX ids, names or expressions
  std::string scope;                  // required, optional, excluded
  std::vector<ExternalReference> external_references;
  std::vector<Property> properties;
  std::string support_level;   // FDA level of support, e.g. "actively maintained"
  std::string end_of_support;  // ISO 8601 date
  std::string parent;          // ref of the enclosing component, for nested ones
  friend bool operator==(const Component&, const Component&) = default;
};

// A CycloneDX service (an API or endpoint the product relies on). Kept so
// that dependency edges naming services survive a conversion.
struct Service {
  std::string ref;
  std::string name;
  std::string version;
  std::string parent;  // ref of the enclosing service, for nested ones
  friend bool operator==(const Service&, const Service&) = default;
};

struct Dependency {
  std::string from;  // ref of the component that depends on / contains `to`
  std::string to;
  friend bool operator==(const Dependency&, const Dependency&) = default;
};

struct Document {
  Format format = Format::cyclonedx;
  Encoding encoding = Encoding::json;
  std::string spec_version;   // "1.6", "2.3"
  std::string serial_number;  // CycloneDX serialNumber or SPDX documentNamespace
  std::string name;           // SPDX document name; CycloneDX: the primary's name
  std::string timestamp;      // creation time as written (ISO 8601)
  std::vector<std::string> tools;
  std::vector<std::string> authors;
  bool has_primary = false;
  Component primary;                  // CycloneDX metadata.component, or the package SPDX describes
  std::vector<Component> components;  // every component, nested ones flattened
  std::vector<Service> services;
  std::vector<Dependency> dependencies;
  std::vector<Diagnostic> diagnostics;

  bool has_errors() const;
  size_t error_count() const;
  friend bool operator==(const Document&, const Document&) = default;
};

// Reads an SBOM, detecting format, version and encoding from the content.
// `source` names the input in messages (a path, or "-").
Result<Document> read(std::string_view bytes, std::string_view source);
// The same for text the caller holds in a string it lends the reader: JSON is
// parsed where it lies, with the parser's padding appended in place (a copy
// only when the string's capacity lacks room for it), instead of being copied
// whole first. On return `text` holds what it held before; its capacity may
// have grown by the padding.
Result<Document> read_in_place(std::string& text, std::string_view source);
// Reads a file; an unreadable file is an Error naming the path.
Result<Document> read_file(const std::string& path);

// NTIA minimum elements and FDA support fields: how many components carry each.
struct Coverage {
  size_t supplier = 0, name = 0, version = 0, unique_id = 0, relationship = 0;
  size_t support_level = 0, end_of_support = 0;
};

struct ComponentQuality {
  std::string ref;
  std::vector<std::string> missing;  // element names: "supplier", "version" ...
};

struct Quality {
  size_t components = 0;
  Coverage coverage;
  bool has_author = false;     // document-level NTIA element
  bool has_timestamp = false;  // document-level NTIA element
  // Share of components carrying all five per-component NTIA elements, and
  // both document elements present; 0..1.
  double ntia_score = 0;
  double fda_support_score = 0;              // share with both support fields
  std::vector<ComponentQuality> incomplete;  // components missing anything
};

Quality assess_quality(const Document& doc);

// CycloneDX 1.6 JSON for the document, deterministic for the same model.
std::string write_cyclonedx_json(const Document& doc);

}  // namespace vigil::sbom

// Published vulnerability records from any feed, in one model.
//
// An Advisory is one record as its source publishes it (an OSV entry, an NVD
// CVE, a CSAF document's vulnerability ...). Records that alias each other
// are merged into one vulnerability by the knowledge base, not here: every
// fact keeps the source it came from.
//
// Readers: OSV JSON (https://ossf.github.io/osv-schema/) in osv.h; the other
// feeds follow in their own files.
//
// Thread-safety: plain values.
#pragma once

#include <string>
#include <vector>

#include "version/osv_range.h"

namespace vigil::advisory {

enum class Source : uint8_t { osv, nvd, cve5, kev, epss, csaf };

std::string_view source_name(Source s);  // "osv", "nvd", ...

struct Severity {
  std::string type;    // "CVSS_V2", "CVSS_V3", "CVSS_V4", "Ubuntu" ...
  std::string vector;  // the CVSS vector or the rating as published
  std::string source;  // who scored it: "nvd@nist.gov", a CNA; empty when the record says not
  friend bool operator==(const Severity&, const Severity&) = default;
};

struct Reference {
  std::string type;  // ADVISORY, FIX, EXPLOIT (OSV: EVIDENCE), REPORT, WEB, PACKAGE, ARTICLE ...
  std::string url;
  friend bool operator==(const Reference&, const Reference&) = default;
};

// One package an advisory affects, with the versions it affects.
struct Affected {
  std::string ecosystem;  // as OSV names it: "PyPI", "Go", "Debian:12"
  std::string name;
  std::string purl;  // when the record gives one
  std::vector<version::OsvRange> ranges;
  std::vector<std::string> repos;     // the repository of each GIT range, in order
  std::vector<std::string> versions;  // enumerated affected versions
  friend bool operator==(const Affected&, const Affected&) = default;
};

// An NVD match criterion: a CPE name, possibly with version bounds (empty
// when absent), and whether it names vulnerable products or a platform.
struct CpeMatch {
  std::string criteria;  // CPE 2.3 formatted string
  bool vulnerable = true;
  std::string start_including, start_excluding, end_including, end_excluding;
  friend bool operator==(const CpeMatch&, const CpeMatch&) = default;
};

struct CpeNode {
  bool all = false;  // operator AND (every match must hold); OR otherwise
  bool negate = false;
  std::vector<CpeMatch> matches;
  friend bool operator==(const CpeNode&, const CpeNode&) = default;
};

// One NVD configuration: its nodes joined by AND ("vulnerable X running on
// platform Y") or OR.
struct CpeConfiguration {
  bool all = false;
  bool negate = false;
  std::vector<CpeNode> nodes;
  friend bool operator==(const CpeConfiguration&, const CpeConfiguration&) = default;
};

// A product a CSAF document names, with what the vulnerability's
// product_status says of it. CISA's medical advisories name vendor, product
// and a version range in plain text ("<12.2.8.410", "vers:all/*") without
// purl or CPE; supplier documents may give both.
struct CsafProduct {
  std::string product_id;  // "CSAFPID-0001"
  std::string vendor;
  std::string name;           // product name or family
  std::string full_name;      // the leaf's full product name
  std::string version;        // product_version, when a single version
  std::string version_range;  // product_version_range as written
  std::vector<std::string> purls;
  std::vector<std::string> cpes;
  // known_affected, first_affected, last_affected, fixed, first_fixed,
  // known_not_affected, under_investigation, recommended
  std::string status;
  friend bool operator==(const CsafProduct&, const CsafProduct&) = default;
};

struct Advisory {
  std::string id;
  Source source = Source::osv;
  std::vector<std::string> aliases;
  std::vector<std::string> related;
  std::string summary;
  std::string details;
  std::string published;  // RFC 3339, as published
  std::string modified;
  std::string withdrawn;  // empty unless withdrawn
  std::vector<Severity> severities;
  std::vector<std::string> cwes;  // "CWE-79"
  std::vector<Reference> references;
  std::vector<Affected> affected;
  std::vector<CpeConfiguration> configurations;  // NVD
  std::vector<CsafProduct> products;             // CSAF, one entry per product and status
  friend bool operator==(const Advisory&, const Advisory&) = default;
};

}  // namespace vigil::advisory

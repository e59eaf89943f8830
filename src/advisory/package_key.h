// How a package is named across feeds and SBOMs, so that an advisory's
// affected package and an SBOM component meet on one key.
//
// OSV names a package by ecosystem and name ("PyPI", "Django"; "Debian:12",
// "openssl"); an SBOM by purl ("pkg:pypi/django@4.2",
// "pkg:deb/debian/openssl@3.0.11-1?distro=debian-12"). Both reduce to a
// PackageKey: the ecosystem without its release, the name as that ecosystem
// compares names (PEP 503 for PyPI, case-folded for NuGet and Packagist,
// "group:artifact" for Maven, "namespace/name" for npm, Go and Composer), and
// the distribution release, when there is one, kept apart so that the kb can
// index by package and the matcher can check the release.
//
// Thread-safety: pure functions.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "advisory/advisory.h"
#include "purl/purl.h"

namespace vigil::advisory {

struct PackageKey {
  std::string ecosystem;  // OSV spelling without release: "PyPI", "Debian", "Alpine"
  std::string name;       // normalised for the ecosystem
  std::string release;    // "12", "v3.18", "22.04"; empty when none
  friend bool operator==(const PackageKey&, const PackageKey&) = default;
};

// The key of an OSV affected package ("Debian:12", "openssl").
PackageKey key_for(std::string_view osv_ecosystem, std::string_view name);

// The key of a purl, or nullopt for a purl type no vulnerability feed uses
// (generic, github, docker ...).
std::optional<PackageKey> key_for(const purl::PackageUrl& p);

// A version as the ecosystem's OSV records write it: Go module versions
// without the leading "v" purls and go.mod give them.
std::string_view feed_version(std::string_view ecosystem, std::string_view version);

// A name as `ecosystem` (OSV spelling, no release) compares names.
std::string normalize_name(std::string_view ecosystem, std::string_view name);

// What an advisory names for lookup, one callback per kind: each affected
// package (OSV style), the key of each CSAF purl helper, each vulnerable CPE
// criterion with its bounds (NVD) or without (CSAF CPE helpers: nullptr),
// and each CSAF product that carries no identifier. The knowledge base
// indexes exactly these and the reverse query looks them up: one walk keeps
// the two in agreement. A callback may be left empty.
struct NameVisitor {
  std::function<void(const Affected&)> package;
  std::function<void(const PackageKey&)> purl;
  std::function<void(std::string_view cpe, const CpeMatch* bounds)> cpe;
  std::function<void(const CsafProduct&)> product;
};
void visit_names(const Advisory& a, const NameVisitor& visit);

// Vendor and product names as advisories and SBOMs write them ("B. Braun
// Medical Inc.", "SpaceCom"), reduced for comparison: ASCII lower case,
// letters and digits as single-space-separated words. normalize_vendor also
// drops company forms ("inc", "llc", "ltd", "gmbh", "corporation" ...).
std::string normalize_product(std::string_view name);
std::string normalize_vendor(std::string_view name);

// Whether two normalised vendor names name the same organisation: one is a
// whole run of the other's words ("wind river" in "wind river systems",
// "bd" in "becton dickinson and company bd").
bool vendors_agree(std::string_view a, std::string_view b);

// The organisations a vendor field names, normalised: the whole field, and
// each name of a list ("ENEA, Green Hills Software, ITRON, IP Infusion, and
// Wind River").
std::vector<std::string> vendor_names(std::string_view vendor);

}  // namespace vigil::advisory

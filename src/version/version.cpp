#include "version/version.h"

#include <array>
#include <string>

#include "core/text.h"
#include "version/schemes.h"

namespace vigil::version {
namespace {

struct SchemeEntry {
  Scheme scheme;
  std::string_view name;
  int (*compare)(std::string_view, std::string_view);
  Result<void> (*validate)(std::string_view);
};

// Indexed by Scheme.
constexpr std::array<SchemeEntry, 13> kSchemes = {{
    {Scheme::semver, "semver", detail::compare_semver, detail::validate_semver},
    {Scheme::pep440, "pep440", detail::compare_pep440, detail::validate_pep440},
    {Scheme::maven, "maven", detail::compare_maven, detail::validate_maven},
    {Scheme::nuget, "nuget", detail::compare_nuget, detail::validate_nuget},
    {Scheme::rubygems, "rubygems", detail::compare_rubygems, detail::validate_rubygems},
    {Scheme::packagist, "packagist", detail::compare_packagist, detail::validate_packagist},
    {Scheme::debian, "debian", detail::compare_debian, detail::validate_debian},
    {Scheme::rpm, "rpm", detail::compare_rpm, detail::validate_rpm},
    {Scheme::alpine, "alpine", detail::compare_alpine, detail::validate_alpine},
    {Scheme::cran, "cran", detail::compare_cran, detail::validate_cran},
    {Scheme::pub, "pub", detail::compare_pub, detail::validate_pub},
    {Scheme::hackage, "hackage", detail::compare_hackage, detail::validate_hackage},
    {Scheme::generic, "generic", detail::compare_generic, detail::validate_generic},
}};

constexpr bool table_in_enum_order() {
  for (size_t i = 0; i < kSchemes.size(); ++i) {
    if (static_cast<size_t>(kSchemes[i].scheme) != i) return false;
  }
  return true;
}
static_assert(table_in_enum_order(), "kSchemes must be indexed by Scheme");

struct Alias {
  std::string_view name;  // lower case
  Scheme scheme;
};

// OSV ecosystem names, purl types and vers schemes, lower case.
constexpr Alias kAliases[] = {
    {"npm", Scheme::semver},
    {"go", Scheme::semver},
    {"golang", Scheme::semver},
    {"crates.io", Scheme::semver},
    {"cargo", Scheme::semver},
    {"hex", Scheme::semver},
    {"semver", Scheme::semver},
    {"swift", Scheme::semver},
    {"pypi", Scheme::pep440},
    {"pep440", Scheme::pep440},
    {"maven", Scheme::maven},
    {"nuget", Scheme::nuget},
    {"rubygems", Scheme::rubygems},
    {"gem", Scheme::rubygems},
    {"gems", Scheme::rubygems},
    {"packagist", Scheme::packagist},
    {"composer", Scheme::packagist},
    {"debian", Scheme::debian},
    {"deb", Scheme::debian},
    {"ubuntu", Scheme::debian},
    {"red hat", Scheme::rpm},
    {"redhat", Scheme::rpm},
    {"rpm", Scheme::rpm},
    {"rocky linux", Scheme::rpm},
    {"almalinux", Scheme::rpm},
    {"suse", Scheme::rpm},
    {"opensuse", Scheme::rpm},
    {"mageia", Scheme::rpm},
    {"openeuler", Scheme::rpm},
    {"alpine", Scheme::alpine},
    {"apk", Scheme::alpine},
    {"alpaquita", Scheme::alpine},
    {"wolfi", Scheme::alpine},
    {"chainguard", Scheme::alpine},
    {"cran", Scheme::cran},
    {"pub", Scheme::pub},
    {"hackage", Scheme::hackage},
    {"generic", Scheme::generic},
};

}  // namespace

std::optional<Scheme> scheme_for(std::string_view ecosystem) {
  // OSV qualifies OS ecosystems with a release ("Debian:12", "Alpine:v3.18").
  if (const size_t colon = ecosystem.find(':'); colon != std::string_view::npos) {
    ecosystem = ecosystem.substr(0, colon);
  }
  ecosystem = trim(ecosystem);
  for (const Alias& a : kAliases) {
    if (iequals(a.name, ecosystem)) return a.scheme;
  }
  return std::nullopt;
}

std::string_view scheme_name(Scheme scheme) { return kSchemes[static_cast<size_t>(scheme)].name; }

int compare(Scheme scheme, std::string_view a, std::string_view b) {
  return sign(kSchemes[static_cast<size_t>(scheme)].compare(a, b));
}

Result<void> validate(Scheme scheme, std::string_view v) {
  const SchemeEntry& e = kSchemes[static_cast<size_t>(scheme)];
  if (auto r = detail::validate_common(v, e.name); !r) return r;
  return e.validate(v);
}

namespace detail {

Error invalid_version(std::string_view v, std::string_view scheme, std::string_view why) {
  return Error{"invalid " + std::string(scheme) + " version " + quote(v) + ": " + std::string(why),
               {}};
}

Result<void> validate_common(std::string_view v, std::string_view scheme) {
  if (v.empty()) return invalid_version(v, scheme, "empty");
  if (v.size() > 256) return invalid_version(v, scheme, "longer than 256 characters");
  for (char c : v) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7F) {
      return invalid_version(v, scheme, "contains whitespace, a control or a non-ASCII character");
    }
  }
  return {};
}

}  // namespace detail
}  // namespace vigil::version

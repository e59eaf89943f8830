#include "purl/type_rules.h"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <string>

#include "core/text.h"

namespace vigil::purl::detail {
namespace {

enum class Case : uint8_t { keep, lower, upper };
enum class Need : uint8_t { optional, required, prohibited };

using Normalize = void (*)(PackageUrl&);
using Check = Result<void> (*)(PackageUrl&);

struct TypeRule {
  std::string_view type;
  Case namespace_case = Case::keep;
  Case name_case = Case::keep;
  Need namespace_need = Need::optional;
  bool version_required = false;
  std::string_view required_qualifier = {};  // empty when none
  Normalize normalize = nullptr;             // type-specific form beyond the table
  Check check = nullptr;                     // type-specific rule beyond the table: may refuse
};

Error fail(std::string msg) { return Error{std::move(msg), {}}; }

void apply_case(std::string& s, Case c) {
  if (c == Case::lower) {
    lower_in_place(s);
  } else if (c == Case::upper) {
    for (char& ch : s) ch = to_upper(ch);
  }
}

// PyPI treats '_' and '-' alike and is case-insensitive (PEP 503); the purl
// specification canonicalises '_' to '-'.
void pypi(PackageUrl& p) { std::replace(p.name.begin(), p.name.end(), '_', '-'); }

// A CPAN distribution name uses '-', never the module separator '::'.
Result<void> cpan(PackageUrl& p) {
  if (p.name.find("::") != std::string::npos) {
    return fail(
        "a CPAN name is a distribution name ('URI-PackageURL'), not a module name "
        "containing '::'");
  }
  return {};
}

// A git purl's namespace is the host; everything after it is the repository
// path, kept as the name.
void git(PackageUrl& p) {
  const size_t slash = p.namespace_.find('/');
  if (slash != std::string::npos) {
    p.name = p.namespace_.substr(slash + 1) + "/" + p.name;
    p.namespace_.resize(slash);
  }
}

// Databricks model registries are case-insensitive, other MLflow servers not.
void mlflow(PackageUrl& p) {
  if (auto repo = p.qualifier("repository_url");
      repo && ascii_lower(*repo).find("databricks") != std::string::npos) {
    p.name = ascii_lower(p.name);
  }
}

void huggingface(PackageUrl& p) {
  p.version = ascii_lower(p.version);  // a commit hash
}

// Chrome Web Store ids are 32 letters a-p; versions are 1 to 4 dot-separated
// integers of at most 65535.
Result<void> chrome_extension(PackageUrl& p) {
  p.name = ascii_lower(p.name);
  if (p.name.size() != 32 ||
      !std::all_of(p.name.begin(), p.name.end(), [](char c) { return c >= 'a' && c <= 'p'; })) {
    return fail("a Chrome extension id is 32 letters from 'a' to 'p'");
  }
  if (!p.version.empty()) {
    const auto parts = split(p.version, '.');
    bool ok = parts.size() <= 4;
    for (std::string_view part : parts) {
      ok = ok && !part.empty() && part.size() <= 5 && all_digits(part) &&
           std::stoul(std::string(part)) <= 65535;
    }
    if (!ok) return fail("a Chrome extension version is 1 to 4 dot-separated integers up to 65535");
  }
  return {};
}

// Pub package names are lower-case letters, digits and '_'.
Result<void> pub(PackageUrl& p) {
  p.name = ascii_lower(p.name);
  if (!std::all_of(p.name.begin(), p.name.end(), [](char c) { return is_alnum(c) || c == '_'; })) {
    return fail("a Pub package name is letters, digits and '_'");
  }
  return {};
}

// Sorted by type for binary search. Types not listed follow the generic rules.
constexpr std::array kRules = {
    TypeRule{.type = "alpm", .namespace_case = Case::lower, .name_case = Case::lower},
    TypeRule{.type = "apk", .namespace_case = Case::lower, .name_case = Case::lower},
    TypeRule{.type = "bazel", .namespace_need = Need::prohibited},
    TypeRule{.type = "bitbucket",
             .namespace_case = Case::lower,
             .name_case = Case::lower,
             .namespace_need = Need::required},
    TypeRule{.type = "bitnami", .namespace_case = Case::lower, .name_case = Case::lower},
    TypeRule{.type = "brew", .namespace_case = Case::lower, .name_case = Case::lower},
    TypeRule{.type = "cargo", .namespace_need = Need::prohibited},
    TypeRule{
        .type = "chrome-extension", .namespace_need = Need::prohibited, .check = chrome_extension},
    TypeRule{.type = "cocoapods", .namespace_need = Need::prohibited},
    TypeRule{.type = "composer", .namespace_case = Case::lower, .name_case = Case::lower},
    TypeRule{.type = "conda", .name_case = Case::lower},
    TypeRule{.type = "cpan", .namespace_case = Case::upper, .check = cpan},
    TypeRule{.type = "cran", .namespace_need = Need::prohibited},
    TypeRule{.type = "deb", .namespace_case = Case::lower, .name_case = Case::lower},
    TypeRule{.type = "gem", .namespace_need = Need::prohibited},
    TypeRule{.type = "git",
             .namespace_case = Case::lower,
             .name_case = Case::lower,
             .namespace_need = Need::required,
             .normalize = git},
    TypeRule{.type = "github",
             .namespace_case = Case::lower,
             .name_case = Case::lower,
             .namespace_need = Need::required},
    TypeRule{.type = "hackage", .namespace_need = Need::prohibited, .version_required = true},
    TypeRule{.type = "hex", .namespace_case = Case::lower, .name_case = Case::lower},
    TypeRule{.type = "huggingface", .normalize = huggingface},
    TypeRule{.type = "julia", .namespace_need = Need::prohibited, .required_qualifier = "uuid"},
    TypeRule{.type = "luarocks", .name_case = Case::lower},
    TypeRule{.type = "maven", .namespace_need = Need::required},
    TypeRule{.type = "mlflow", .namespace_need = Need::prohibited, .normalize = mlflow},
    TypeRule{.type = "npm", .namespace_case = Case::lower, .name_case = Case::lower},
    TypeRule{.type = "nuget", .namespace_need = Need::prohibited},
    TypeRule{.type = "oci", .name_case = Case::lower, .namespace_need = Need::prohibited},
    TypeRule{.type = "opam", .namespace_need = Need::prohibited},
    TypeRule{.type = "otp", .name_case = Case::lower, .namespace_need = Need::prohibited},
    TypeRule{.type = "pub", .namespace_need = Need::prohibited, .check = pub},
    TypeRule{.type = "pypi",
             .name_case = Case::lower,
             .namespace_need = Need::prohibited,
             .normalize = pypi},
    TypeRule{.type = "rpm", .namespace_case = Case::lower},
    TypeRule{.type = "swid", .required_qualifier = "tag_id"},
    TypeRule{.type = "swift", .namespace_need = Need::required},
    TypeRule{.type = "vcpkg", .name_case = Case::lower, .namespace_need = Need::prohibited},
    TypeRule{.type = "vscode-extension",
             .namespace_case = Case::lower,
             .name_case = Case::lower,
             .namespace_need = Need::required},
};

static_assert(std::is_sorted(kRules.begin(), kRules.end(),
                             [](const TypeRule& a, const TypeRule& b) { return a.type < b.type; }),
              "kRules must stay sorted by type");

const TypeRule* find_rule(std::string_view type) {
  const auto it =
      std::lower_bound(kRules.begin(), kRules.end(), type,
                       [](const TypeRule& r, std::string_view t) { return r.type < t; });
  return (it != kRules.end() && it->type == type) ? &*it : nullptr;
}

}  // namespace

Result<void> apply_type_rules(PackageUrl& p) {
  const TypeRule* rule = find_rule(p.type);
  if (rule == nullptr) return {};
  apply_case(p.namespace_, rule->namespace_case);
  apply_case(p.name, rule->name_case);
  if (rule->namespace_need == Need::required && p.namespace_.empty()) {
    return fail("type '" + p.type + "' requires a namespace");
  }
  if (rule->namespace_need == Need::prohibited && !p.namespace_.empty()) {
    return fail("type '" + p.type + "' has no namespace, but " + quote(p.namespace_) +
                " was given");
  }
  if (rule->version_required && p.version.empty()) {
    return fail("type '" + p.type + "' requires a version");
  }
  if (!rule->required_qualifier.empty() && !p.qualifier(rule->required_qualifier)) {
    return fail("type '" + p.type + "' requires the qualifier '" +
                std::string(rule->required_qualifier) + "'");
  }
  if (rule->normalize) rule->normalize(p);
  return rule->check ? rule->check(p) : Result<void>{};
}

bool rules_allow(std::string_view type, bool has_namespace, bool has_version) {
  const TypeRule* rule = find_rule(type);
  if (rule == nullptr) return true;
  return !rule->check && rule->required_qualifier.empty() &&
         !(rule->namespace_need == Need::required && !has_namespace) &&
         !(rule->namespace_need == Need::prohibited && has_namespace) &&
         !(rule->version_required && !has_version);
}

}  // namespace vigil::purl::detail

#include "advisory/package_key.h"

#include <array>

#include "core/text.h"

namespace vigil::advisory {
namespace {

struct TypeEcosystem {
  std::string_view type;        // purl type
  std::string_view namespace_;  // for OS packages, the distribution; empty: any
  std::string_view ecosystem;   // OSV ecosystem
};

// https://ossf.github.io/osv-schema/#defined-ecosystems against purl types.
constexpr std::array kTypes{
    TypeEcosystem{"npm", "", "npm"},
    TypeEcosystem{"pypi", "", "PyPI"},
    TypeEcosystem{"maven", "", "Maven"},
    TypeEcosystem{"golang", "", "Go"},
    TypeEcosystem{"cargo", "", "crates.io"},
    TypeEcosystem{"gem", "", "RubyGems"},
    TypeEcosystem{"nuget", "", "NuGet"},
    TypeEcosystem{"composer", "", "Packagist"},
    TypeEcosystem{"hex", "", "Hex"},
    TypeEcosystem{"pub", "", "Pub"},
    TypeEcosystem{"hackage", "", "Hackage"},
    TypeEcosystem{"cran", "", "CRAN"},
    TypeEcosystem{"swift", "", "SwiftURL"},
    TypeEcosystem{"bitnami", "", "Bitnami"},
    TypeEcosystem{"deb", "debian", "Debian"},
    TypeEcosystem{"deb", "ubuntu", "Ubuntu"},
    TypeEcosystem{"apk", "alpine", "Alpine"},
    TypeEcosystem{"apk", "wolfi", "Wolfi"},
    TypeEcosystem{"apk", "chainguard", "Chainguard"},
    TypeEcosystem{"rpm", "redhat", "Red Hat"},
    TypeEcosystem{"rpm", "rocky", "Rocky Linux"},
    TypeEcosystem{"rpm", "rocky-linux", "Rocky Linux"},
    TypeEcosystem{"rpm", "almalinux", "AlmaLinux"},
    TypeEcosystem{"rpm", "opensuse", "openSUSE"},
    TypeEcosystem{"rpm", "suse", "SUSE"},
    TypeEcosystem{"rpm", "mageia", "Mageia"},
    TypeEcosystem{"rpm", "openeuler", "openEuler"},
    TypeEcosystem{"rpm", "photon", "Photon OS"},
};

// Debian code names as purls often give them (distro=bookworm).
constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kDebianReleases{{
    {"jessie", "8"},
    {"stretch", "9"},
    {"buster", "10"},
    {"bullseye", "11"},
    {"bookworm", "12"},
    {"trixie", "13"},
    {"forky", "14"},
    {"sid", "unstable"},
}};

// PEP 503: lower case, runs of '-', '_' and '.' as one '-'.
std::string pep503(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (char c : name) {
    if (c == '-' || c == '_' || c == '.') {
      if (out.empty() || out.back() != '-') out.push_back('-');
    } else {
      out.push_back(to_lower(c));
    }
  }
  return out;
}

// The release a purl's distro qualifier names, in OSV's spelling for the
// ecosystem: "debian-12" and "bookworm" -> "12", "alpine-3.18.4" -> "v3.18",
// "ubuntu-22.04" -> "22.04".
std::string release_of(std::string_view ecosystem, std::string_view distro) {
  if (const size_t dash = distro.rfind('-'); dash != std::string_view::npos) {
    const std::string_view head = distro.substr(0, dash);
    if (!head.empty() && !is_digit(head.back())) distro = distro.substr(dash + 1);
  }
  if (ecosystem == "Debian") {
    for (const auto& [code, number] : kDebianReleases) {
      if (iequals(distro, code)) return std::string(number);
    }
    return std::string(distro.substr(0, distro.find('.')));  // "12.4" -> "12"
  }
  if (ecosystem == "Alpine") {
    if (!distro.empty() && (distro[0] == 'v' || distro[0] == 'V')) distro.remove_prefix(1);
    const size_t first = distro.find('.');
    const size_t second = first == std::string_view::npos ? first : distro.find('.', first + 1);
    return "v" + std::string(distro.substr(0, second));
  }
  return std::string(distro);
}

constexpr std::array<std::string_view, 19> kCompanyForms{
    "inc", "incorporated", "llc", "ltd", "limited", "corp", "corporation", "co", "company", "gmbh",
    "ag",  "sa",           "s a", "plc", "bv",      "b v",  "nv",          "oy", "ab"};

}  // namespace

std::string normalize_product(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (char c : name) {
    if (is_alnum(c) || static_cast<unsigned char>(c) >= 0x80) {
      out.push_back(to_lower(c));
    } else if (!out.empty() && out.back() != ' ') {
      out.push_back(' ');
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string normalize_vendor(std::string_view name) {
  std::string out = normalize_product(name);
  for (bool again = true; again;) {
    again = false;
    for (std::string_view form : kCompanyForms) {
      if (out.size() > form.size() + 1 && out.ends_with(form) &&
          out[out.size() - form.size() - 1] == ' ') {
        out.resize(out.size() - form.size() - 1);
        again = true;
      }
    }
  }
  return out;
}

bool vendors_agree(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty()) return false;
  if (a.size() > b.size()) std::swap(a, b);
  const std::string padded_b = " " + std::string(b) + " ";
  return padded_b.find(" " + std::string(a) + " ") != std::string::npos;
}

std::vector<std::string> vendor_names(std::string_view vendor) {
  std::vector<std::string> out{normalize_vendor(vendor)};
  std::string text(vendor);
  for (size_t at; (at = text.find(" and ")) != std::string::npos;) text.replace(at, 5, ",");
  for (std::string_view part : split(text, ',')) {
    std::string v = normalize_vendor(part);
    if (!v.empty() && v != out.front()) out.push_back(std::move(v));
  }
  return out;
}

void visit_names(const Advisory& a, const NameVisitor& visit) {
  if (visit.package) {
    for (const auto& af : a.affected) {
      if (!af.name.empty()) visit.package(af);
    }
  }
  if (visit.cpe) {
    for (const auto& config : a.configurations) {
      for (const auto& node : config.nodes) {
        for (const auto& m : node.matches) {
          if (m.vulnerable) visit.cpe(m.criteria, &m);
        }
      }
    }
  }
  for (const auto& p : a.products) {
    if (visit.cpe) {
      for (const auto& c : p.cpes) visit.cpe(c, nullptr);
    }
    if (visit.purl) {
      for (const auto& text : p.purls) {
        if (auto u = purl::parse(text)) {
          if (auto k = key_for(*u)) visit.purl(*k);
        }
      }
    }
    if (visit.product && p.cpes.empty() && p.purls.empty() && !p.name.empty()) visit.product(p);
  }
}

std::string_view feed_version(std::string_view ecosystem, std::string_view version) {
  if (ecosystem == "Go" && version.starts_with("v")) version.remove_prefix(1);
  return version;
}

std::string normalize_name(std::string_view ecosystem, std::string_view name) {
  name = trim(name);
  if (ecosystem == "PyPI") return pep503(name);
  if (ecosystem == "NuGet" || ecosystem == "Packagist" || ecosystem == "Debian" ||
      ecosystem == "Ubuntu" || ecosystem == "Alpine") {
    return ascii_lower(name);
  }
  return std::string(name);
}

PackageKey key_for(std::string_view osv_ecosystem, std::string_view name) {
  PackageKey k;
  const size_t colon = osv_ecosystem.find(':');
  k.ecosystem = std::string(trim(osv_ecosystem.substr(0, colon)));
  if (colon != std::string_view::npos) k.release = std::string(osv_ecosystem.substr(colon + 1));
  k.name = normalize_name(k.ecosystem, name);
  return k;
}

std::optional<PackageKey> key_for(const purl::PackageUrl& p) {
  const TypeEcosystem* hit = nullptr;
  for (const TypeEcosystem& t : kTypes) {
    if (t.type != p.type) continue;
    if (t.namespace_.empty() || iequals(t.namespace_, p.namespace_)) {
      hit = &t;
      break;
    }
  }
  if (hit == nullptr) return std::nullopt;
  PackageKey k;
  k.ecosystem = std::string(hit->ecosystem);
  std::string name;
  if (p.type == "maven") {
    name = p.namespace_ + ":" + p.name;
  } else if (!hit->namespace_.empty() || p.namespace_.empty()) {
    name = p.name;  // OS packages: the namespace is the distribution
  } else {
    name = p.namespace_ + "/" + p.name;
  }
  k.name = normalize_name(k.ecosystem, name);
  if (!hit->namespace_.empty()) {
    if (auto d = p.qualifier("distro")) k.release = release_of(k.ecosystem, *d);
  }
  return k;
}

}  // namespace vigil::advisory

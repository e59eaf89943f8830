#include "advisory/cve5.h"

#include <simdjson.h>

#include <algorithm>

#include "advisory/json_util.h"
#include "advisory/readers.h"
#include "core/text.h"

namespace vigil::advisory {
namespace {

using detail::each;
using detail::str;
using simdjson::dom::element;
using simdjson::dom::object;

std::string ecosystem_of(std::string_view collection_url) {
  constexpr std::pair<std::string_view, std::string_view> kRegistries[] = {
      {"pkg.go.dev", "Go"},       {"pypi.org", "PyPI"},
      {"npmjs.com", "npm"},       {"repo.maven.apache.org", "Maven"},
      {"crates.io", "crates.io"}, {"rubygems.org", "RubyGems"},
      {"nuget.org", "NuGet"},     {"packagist.org", "Packagist"},
      {"hex.pm", "Hex"},          {"pub.dev", "Pub"}};
  for (const auto& r : kRegistries) {
    if (collection_url.find(r.first) != std::string_view::npos) return std::string(r.second);
  }
  return "";
}

// "CWE-79" from a cweId or from a description such as "CWE 29: Path Traversal".
std::string cwe_of(object d) {
  std::string_view id = str(d, "cweId");
  if (id.empty()) id = str(d, "description");
  if (id.size() < 5 || !iequals(id.substr(0, 3), "CWE") || (id[3] != '-' && id[3] != ' '))
    return "";
  size_t end = 4;
  while (end < id.size() && is_digit(id[end])) ++end;
  return end > 4 ? "CWE-" + std::string(id.substr(4, end - 4)) : "";
}

void read_affected(object a, Advisory& adv) {
  Affected out;
  out.ecosystem = ecosystem_of(str(a, "collectionURL"));
  out.name = std::string(str(a, "packageName"));
  if (out.name.empty()) {
    const std::string_view vendor = str(a, "vendor");
    const std::string_view product = str(a, "product");
    out.name = vendor.empty() || vendor == product
                   ? std::string(product)
                   : std::string(vendor) + " " + std::string(product);
  }
  const bool default_affected = str(a, "defaultStatus") == "affected";
  version::OsvRange open_range{version::RangeType::ecosystem,
                               {{version::EventKind::introduced, "0"}}};
  bool holes = false;
  each(a, "versions", [&](element e) {
    object v;
    if (e.get_object().get(v) != simdjson::SUCCESS) return;
    const std::string_view ver = str(v, "version");
    const std::string_view status = str(v, "status");
    const std::string_view less = str(v, "lessThan");
    const std::string_view less_eq = str(v, "lessThanOrEqual");
    const std::string_view vtype = str(v, "versionType");
    const version::RangeType type = vtype == "semver" ? version::RangeType::semver
                                    : vtype == "git"  ? version::RangeType::git
                                                      : version::RangeType::ecosystem;
    const bool bounded = !less.empty() || !less_eq.empty();
    if (status == "affected") {
      if (!bounded) {
        if (!ver.empty()) out.versions.emplace_back(ver);
        return;
      }
      version::OsvRange r{type,
                          {{version::EventKind::introduced, ver.empty() ? "0" : std::string(ver)}}};
      if (!less.empty() && less != "*")
        r.events.push_back({version::EventKind::fixed, std::string(less)});
      if (less.empty() && !less_eq.empty() && less_eq != "*") {
        r.events.push_back({version::EventKind::last_affected, std::string(less_eq)});
      }
      out.ranges.push_back(std::move(r));
    } else if (status == "unaffected" && default_affected && bounded && !less.empty()) {
      // [version, lessThan) is a hole in "everything is affected"; a hole
      // from the beginning moves the start instead.
      open_range.type = type;
      if (ver.empty() || ver == "0") {
        open_range.events.front().version = std::string(less);
      } else {
        open_range.events.push_back({version::EventKind::fixed, std::string(ver)});
        open_range.events.push_back({version::EventKind::introduced, std::string(less)});
      }
      holes = true;
    }
  });
  if (default_affected && (holes || (out.ranges.empty() && out.versions.empty()))) {
    out.ranges.push_back(std::move(open_range));
  }
  adv.affected.push_back(std::move(out));
}

}  // namespace

Result<Advisory> read_cve5(simdjson::dom::object o, std::string_view source) {
  object meta, containers, cna;
  if (o["cveMetadata"].get_object().get(meta) != simdjson::SUCCESS) {
    return Error{"not a CVE JSON 5 record: no 'cveMetadata'", std::string(source)};
  }
  Advisory adv;
  adv.source = Source::cve5;
  adv.id = std::string(str(meta, "cveId"));
  if (adv.id.empty()) return Error{"a CVE record needs 'cveMetadata.cveId'", std::string(source)};
  adv.published = std::string(str(meta, "datePublished"));
  adv.modified = std::string(str(meta, "dateUpdated"));
  if (str(meta, "state") == "REJECTED")
    adv.withdrawn = adv.modified.empty() ? adv.published : adv.modified;
  if (o["containers"].get_object().get(containers) != simdjson::SUCCESS ||
      containers["cna"].get_object().get(cna) != simdjson::SUCCESS) {
    if (!adv.withdrawn.empty()) return adv;  // rejected records may carry no CNA container
    return Error{"CVE record " + quote(adv.id) + " has no 'containers.cna'", std::string(source)};
  }
  adv.summary = std::string(str(cna, "title"));
  each(cna, "descriptions", [&adv](element e) {
    object d;
    if (e.get_object().get(d) == simdjson::SUCCESS && str(d, "lang").substr(0, 2) == "en" &&
        adv.details.empty()) {
      adv.details = std::string(str(d, "value"));
    }
  });
  each(cna, "problemTypes", [&adv](element e) {
    object p;
    if (e.get_object().get(p) != simdjson::SUCCESS) return;
    each(p, "descriptions", [&adv](element d) {
      object o2;
      if (d.get_object().get(o2) != simdjson::SUCCESS) return;
      const std::string cwe = cwe_of(o2);
      if (!cwe.empty() && std::find(adv.cwes.begin(), adv.cwes.end(), cwe) == adv.cwes.end())
        adv.cwes.push_back(cwe);
    });
  });
  each(cna, "references", [&adv](element e) {
    object r;
    if (e.get_object().get(r) != simdjson::SUCCESS) return;
    adv.references.push_back({detail::reference_type(r), std::string(str(r, "url"))});
  });
  each(cna, "metrics", [&adv](element e) {
    object m;
    if (e.get_object().get(m) != simdjson::SUCCESS) return;
    constexpr std::pair<std::string_view, std::string_view> kKinds[] = {{"cvssV4_0", "CVSS_V4"},
                                                                        {"cvssV3_1", "CVSS_V3"},
                                                                        {"cvssV3_0", "CVSS_V3"},
                                                                        {"cvssV2_0", "CVSS_V2"}};
    for (const auto& kind : kKinds) {
      object c;
      if (m[kind.first].get_object().get(c) == simdjson::SUCCESS) {
        adv.severities.push_back(
            {std::string(kind.second), std::string(str(c, "vectorString")), "cna"});
      }
    }
  });
  each(cna, "affected", [&adv](element e) {
    object a;
    if (e.get_object().get(a) == simdjson::SUCCESS) read_affected(a, adv);
  });
  return adv;
}

Result<Advisory> parse_cve5(std::string_view json, std::string_view source) {
  return detail::parse_then(json, source, "a CVE JSON 5 record", read_cve5);
}

}  // namespace vigil::advisory

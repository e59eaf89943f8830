#include "advisory/nvd.h"

#include <simdjson.h>

#include <algorithm>

#include "advisory/json_util.h"
#include "advisory/readers.h"
#include "core/text.h"

namespace vigil::advisory {
namespace {

using detail::each;
using detail::flag;
using detail::reference_type;
using detail::str;
using simdjson::dom::element;
using simdjson::dom::object;

Result<Advisory> read_cve(object cve, std::string_view source) {
  Advisory a;
  a.source = Source::nvd;
  a.id = std::string(str(cve, "id"));
  if (a.id.empty()) return Error{"an NVD record needs an 'id'", std::string(source)};
  a.published = std::string(str(cve, "published"));
  a.modified = std::string(str(cve, "lastModified"));
  if (str(cve, "vulnStatus") == "Rejected") a.withdrawn = a.modified;
  each(cve, "descriptions", [&a](element e) {
    object d;
    if (e.get_object().get(d) == simdjson::SUCCESS && str(d, "lang") == "en" && a.details.empty()) {
      a.details = std::string(str(d, "value"));
    }
  });
  object metrics;
  if (cve["metrics"].get_object().get(metrics) == simdjson::SUCCESS) {
    constexpr std::pair<std::string_view, std::string_view> kMetrics[] = {
        {"cvssMetricV40", "CVSS_V4"},
        {"cvssMetricV31", "CVSS_V3"},
        {"cvssMetricV30", "CVSS_V3"},
        {"cvssMetricV2", "CVSS_V2"}};
    for (const auto& metric : kMetrics) {
      // Named copies: clang 14 cannot capture structured bindings.
      const std::string_view key = metric.first;
      const std::string_view type = metric.second;
      each(metrics, key, [&](element e) {
        object m, data;
        if (e.get_object().get(m) != simdjson::SUCCESS) return;
        if (m["cvssData"].get_object().get(data) != simdjson::SUCCESS) return;
        a.severities.push_back({std::string(type), std::string(str(data, "vectorString")),
                                std::string(str(m, "source"))});
      });
    }
  }
  each(cve, "weaknesses", [&a](element e) {
    object w;
    if (e.get_object().get(w) != simdjson::SUCCESS) return;
    each(w, "description", [&a](element d) {
      object o;
      if (d.get_object().get(o) != simdjson::SUCCESS) return;
      const std::string_view v = str(o, "value");
      if (v.rfind("CWE-", 0) == 0 && std::find(a.cwes.begin(), a.cwes.end(), v) == a.cwes.end()) {
        a.cwes.emplace_back(v);
      }
    });
  });
  each(cve, "references", [&a](element e) {
    object r;
    if (e.get_object().get(r) == simdjson::SUCCESS)
      a.references.push_back({reference_type(r), std::string(str(r, "url"))});
  });
  std::string problem;
  size_t ci = 0;
  each(cve, "configurations", [&](element e) {
    object c;
    const size_t this_config = ci++;
    if (e.get_object().get(c) != simdjson::SUCCESS) return;
    CpeConfiguration config;
    config.all = str(c, "operator") == "AND";
    config.negate = flag(c, "negate", false);
    each(c, "nodes", [&](element n) {
      object node;
      if (n.get_object().get(node) != simdjson::SUCCESS) return;
      CpeNode out;
      out.all = str(node, "operator") == "AND";
      out.negate = flag(node, "negate", false);
      each(node, "cpeMatch", [&](element m) {
        object match;
        if (m.get_object().get(match) != simdjson::SUCCESS) return;
        CpeMatch cm;
        cm.criteria = std::string(str(match, "criteria"));
        if (cm.criteria.empty() && problem.empty()) {
          problem =
              "configuration " + std::to_string(this_config) + " has a match without criteria";
        }
        cm.vulnerable = flag(match, "vulnerable", true);
        cm.start_including = std::string(str(match, "versionStartIncluding"));
        cm.start_excluding = std::string(str(match, "versionStartExcluding"));
        cm.end_including = std::string(str(match, "versionEndIncluding"));
        cm.end_excluding = std::string(str(match, "versionEndExcluding"));
        out.matches.push_back(std::move(cm));
      });
      config.nodes.push_back(std::move(out));
    });
    a.configurations.push_back(std::move(config));
  });
  if (!problem.empty())
    return Error{"NVD record " + quote(a.id) + ": " + problem, std::string(source)};
  return a;
}

}  // namespace

Result<NvdPage> read_nvd(simdjson::dom::object o, std::string_view source) {
  NvdPage page;
  element list;
  if (o["vulnerabilities"].get(list) == simdjson::SUCCESS) {
    int64_t total = 0;
    if (o["totalResults"].get_int64().get(total) == simdjson::SUCCESS && total > 0) {
      page.total_results = static_cast<size_t>(total);
    }
    each(o, "vulnerabilities", [&](element e) {
      object item, cve;
      if (e.get_object().get(item) != simdjson::SUCCESS ||
          item["cve"].get_object().get(cve) != simdjson::SUCCESS) {
        page.skipped.push_back(
            Error{"an entry of 'vulnerabilities' has no 'cve' object", std::string(source)});
        return;
      }
      auto a = read_cve(cve, source);
      if (a)
        page.advisories.push_back(std::move(*a));
      else
        page.skipped.push_back(a.error());
    });
    return page;
  }
  if (str(o, "id").rfind("CVE-", 0) == 0) {
    auto a = read_cve(o, source);
    if (a)
      page.advisories.push_back(std::move(*a));
    else
      page.skipped.push_back(a.error());
    return page;
  }
  return Error{"neither an NVD API page ('vulnerabilities') nor a CVE record ('id')",
               std::string(source)};
}

Result<NvdPage> parse_nvd(std::string_view json, std::string_view source) {
  return detail::parse_then(json, source, "an NVD document", read_nvd);
}

}  // namespace vigil::advisory

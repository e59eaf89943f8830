#include "triage_report.h"

#include <algorithm>
#include <cstdio>

#include "core/file.h"
#include "core/text.h"

namespace vigil::cli {
namespace {

using Json = nlohmann::ordered_json;

// A value of the triage object for the table: inert (core/text.h).
std::string text(const Json& j) {
  return j.is_string() ? inert(j.get_ref<const std::string&>()) : "-";
}

}  // namespace

Result<triage::Profile> load_profile(const std::string& path) {
  const auto text = read_input(path, kProfileInput);
  if (!text) return text.error();
  return triage::read_profile(*text, path);
}

void print_triage_table(const std::string& product, const std::string& learned,
                        const std::string& as_of, const Json& out) {
  std::vector<const Json*> rows;
  for (const auto& t : out) rows.push_back(&t);
  std::stable_sort(rows.begin(), rows.end(), [](const Json* x, const Json* y) {
    return ((*x)["risk"] == "uncontrolled") > ((*y)["risk"] == "uncontrolled");
  });
  size_t uncontrolled = 0;
  for (const Json* t : rows) uncontrolled += (*t)["risk"] == "uncontrolled";
  std::printf("%s: %zu finding(s), %zu uncontrolled; learned %s, as of %s\n", product.c_str(),
              rows.size(), uncontrolled, learned.c_str(), as_of.c_str());
  std::printf("%-13s %-16s %-24s %-12s %-7s %-13s %-11s %-11s %s\n", "risk", "vulnerability",
              "component", "harm", "exploit", "ssvc", "inform by", "fix by", "806");
  for (const Json* t : rows) {
    std::string who = text((*t)["component"]["name"]) + " " + text((*t)["component"]["version"]);
    if (who.size() > 24) who = who.substr(0, 23) + "~";
    std::printf(
        "%-13s %-16s %-24s %-12s %-7s %-13s %-11s %-11s %s\n", text((*t)["risk"]).c_str(),
        text((*t)["vulnerability"]).c_str(), who.c_str(), text((*t)["harm_severity"]).c_str(),
        text((*t)["exploitability"]).c_str(), text((*t)["ssvc"]["decision"]).c_str(),
        text((*t)["deadlines"]["communicate_by"]).c_str(),
        text((*t)["deadlines"]["fix_by"]).c_str(), text((*t)["report_806"]["status"]).c_str());
  }
  for (const Json* t : rows) {
    if ((*t)["risk"] != "uncontrolled") break;
    std::printf("\n%s in %s %s:\n", text((*t)["vulnerability"]).c_str(),
                text((*t)["component"]["name"]).c_str(),
                text((*t)["component"]["version"]).c_str());
    for (const auto& s : (*t)["explanation"]) std::printf("  - %s\n", text(s).c_str());
  }
}

}  // namespace vigil::cli

// CISA's Known Exploited Vulnerabilities catalog (JSON,
// https://www.cisa.gov/known-exploited-vulnerabilities-catalog): the facts
// that a vulnerability is exploited in the wild, when CISA added it, the due
// date it set for federal agencies, and known ransomware use.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace vigil::advisory {

struct KevEntry {
  std::string cve;
  std::string vendor;
  std::string product;
  std::string name;
  std::string date_added;  // YYYY-MM-DD
  std::string due_date;
  std::string required_action;
  bool ransomware = false;  // knownRansomwareCampaignUse == "Known"
  std::vector<std::string> cwes;
  friend bool operator==(const KevEntry&, const KevEntry&) = default;
};

struct KevCatalog {
  std::string version;   // catalogVersion, e.g. "2025.08.25"
  std::string released;  // dateReleased
  std::vector<KevEntry> entries;
  std::vector<Error> skipped;  // entries without a CVE id
};

Result<KevCatalog> parse_kev(std::string_view json, std::string_view source);

}  // namespace vigil::advisory

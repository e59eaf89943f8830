// Fuzzes one feed reader, chosen at build time by VIGIL_FUZZ_FEED: 0 NVD
// (records and API pages), 1 CISA KEV, 2 CVE JSON 5, 3 EPSS (CSV or gzip), 4 CSAF. Property: no
// input crashes a reader, and every record it accepts has an id.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "advisory/csaf.h"
#include "advisory/cve5.h"
#include "advisory/epss.h"
#include "advisory/kev.h"
#include "advisory/nvd.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (VIGIL_FUZZ_FEED == 0) {
    auto page = vigil::advisory::parse_nvd(input, "fuzz");
    if (page) {
      for (const auto& a : page->advisories) {
        if (a.id.empty()) std::abort();
      }
    }
  } else if (VIGIL_FUZZ_FEED == 4) {
    auto csaf = vigil::advisory::parse_csaf(input, "fuzz");
    if (csaf) {
      for (const auto& a : csaf->advisories) {
        if (a.id.empty()) std::abort();
      }
    }
  } else if (VIGIL_FUZZ_FEED == 3) {
    auto epss = vigil::advisory::parse_epss(input, "fuzz");
    if (epss) {
      for (const auto& s : epss->scores) {
        if (s.epss < 0 || s.epss > 1 || s.percentile < 0 || s.percentile > 1) std::abort();
      }
    }
  } else if (VIGIL_FUZZ_FEED == 2) {
    auto cve = vigil::advisory::parse_cve5(input, "fuzz");
    if (cve && cve->id.empty()) std::abort();
  } else {
    auto kev = vigil::advisory::parse_kev(input, "fuzz");
    if (kev) {
      for (const auto& e : kev->entries) {
        if (e.cve.empty()) std::abort();
      }
    }
  }
  return 0;
}

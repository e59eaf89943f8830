// Fuzzes the product-profile reader and the evaluation over what it reads.
// Properties: no input crashes them; an accepted profile evaluates a finding
// to a result whose deadlines follow the date learned.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "triage/evaluate.h"
#include "triage/profile.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto p = vigil::triage::read_profile(input, "fuzz");
  if (!p) return 0;
  vigil::triage::FindingFacts f;
  f.vulnerability = "CVE-2099-0001";
  f.component_name = "openssl";
  f.component_purl = "pkg:generic/openssl@1.0";
  f.cvss = *vigil::cvss::parse("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
  auto e = vigil::triage::evaluate(f, *p, "2026-01-01");
  if (!e) std::abort();
  if (e->uncontrolled && (e->communicate_by <= "2026-01-01" || e->fix_by <= "2026-01-01"))
    std::abort();
  return 0;
}

// Fuzzes the OSV record reader. Property: whatever it accepts, every range of
// every affected package evaluates without failing, under the scheme its
// ecosystem names (or the generic one).
#include <cstdint>
#include <string_view>

#include "advisory/osv.h"
#include "version/osv_range.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto adv = vigil::advisory::parse_osv(input, "fuzz");
  if (!adv) return 0;
  for (const auto& a : adv->affected) {
    const auto scheme =
        vigil::version::scheme_for(a.ecosystem).value_or(vigil::version::Scheme::generic);
    for (const auto& r : a.ranges) {
      for (const auto& v : a.versions) (void)vigil::version::evaluate(r, scheme, v);
      (void)vigil::version::evaluate(r, scheme, "1.0.0");
    }
  }
  return 0;
}

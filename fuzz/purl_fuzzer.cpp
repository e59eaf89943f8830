// Fuzzes purl::parse. Properties: purl::check accepts exactly what parse
// accepts; a parsed purl's canonical form parses again to the same value
// (canonicalisation is a fixed point).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "purl/purl.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto p = vigil::purl::parse(input);
  if (vigil::purl::check(input).ok() != p.ok()) std::abort();
  if (!p) return 0;
  const std::string canonical = p->to_string();
  auto again = vigil::purl::parse(canonical);
  if (!again || !(*again == *p) || again->to_string() != canonical) std::abort();
  return 0;
}

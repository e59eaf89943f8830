// Fuzzes parse_vers and contains(). Property: the canonical form of a parsed
// range parses again to the same canonical form.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "version/vers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto r = vigil::version::parse_vers(input);
  if (!r) return 0;
  const std::string canonical = r->to_string();
  auto again = vigil::version::parse_vers(canonical);
  if (!again || again->to_string() != canonical) std::abort();
  for (const auto& c : r->constraints) (void)r->contains(c.version);
  return 0;
}

// Fuzzes cpe::parse. Properties: cpe::check accepts exactly what parse
// accepts; the formatted-string binding of a parsed name parses back to the
// same WFN, and a name always equals itself.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "cpe/cpe.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto w = vigil::cpe::parse(input);
  if (vigil::cpe::check(input).ok() != w.ok()) std::abort();
  if (!w) return 0;
  auto again = vigil::cpe::parse(w->to_formatted_string());
  if (!again || !(*again == *w)) std::abort();
  (void)vigil::cpe::parse(w->to_uri());
  if (!w->values[0].has_wildcards() &&
      vigil::cpe::compare(*w, *w) == vigil::cpe::Relation::disjoint) {
    std::abort();
  }
  return 0;
}

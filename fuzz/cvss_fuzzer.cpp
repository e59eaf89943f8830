// Fuzzes the CVSS vector parser and the scores. Properties: no input
// crashes them, and every vector that parses scores within 0-10.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "cvss/cvss.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto v = vigil::cvss::parse(input);
  if (!v) return 0;
  for (const auto& s : {vigil::cvss::base_score(*v), vigil::cvss::score(*v)}) {
    if (s && (*s < 0 || *s > 10)) std::abort();
  }
  if (vigil::cvss::nomenclature(*v).empty()) std::abort();
  return 0;
}

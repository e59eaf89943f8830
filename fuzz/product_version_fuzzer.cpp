// Fuzzes the reading of CSAF product versions and ranges in the plain forms
// advisories use. Input: version, range and candidate separated by newlines.
// Property: an answer for every input, and the same answer twice.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "match/product_version.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string_view parts[3];
  for (auto& p : parts) {
    const size_t nl = input.find('\n');
    p = input.substr(0, nl);
    input = nl == std::string_view::npos ? std::string_view() : input.substr(nl + 1);
  }
  const auto a = vigil::match::product_version_matches(parts[0], parts[1], parts[2]);
  const auto b = vigil::match::product_version_matches(parts[0], parts[1], parts[2]);
  if (a != b) std::abort();
  return 0;
}

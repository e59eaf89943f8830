// Fuzzes parse_npm_range and satisfied_by(). Input: a range, then a newline
// and a version to test.
#include <cstdint>
#include <string_view>

#include "version/npm_range.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t nl = input.find('\n');
  auto r = vigil::version::parse_npm_range(input.substr(0, nl));
  if (r && nl != std::string_view::npos) (void)r->satisfied_by(input.substr(nl + 1));
  return 0;
}

// Fuzzes gzip decompression (advisory/gzip.h), which EPSS snapshots and .gz
// feed files go through. Properties: no input crashes it, and nothing it
// returns is longer than the limit it was given, so a bomb is refused
// instead of held.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "advisory/gzip.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  constexpr uint64_t kLimit = 1 << 20;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto out = vigil::advisory::gunzip(input, "fuzz.gz", kLimit);
  if (out && out->size() > kLimit) std::abort();
  if (!out && out.error().location != "fuzz.gz") std::abort();
  return 0;
}

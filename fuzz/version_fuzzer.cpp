// Fuzzes one version scheme's compare() and validate(), chosen at build time
// by VIGIL_FUZZ_SCHEME (one binary per scheme). Input: two versions separated
// by a newline. Properties: compare() is in {-1,0,1} and reflexive.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "version/version.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto scheme = static_cast<vigil::version::Scheme>(VIGIL_FUZZ_SCHEME);
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t nl = input.find('\n');
  const std::string_view a = input.substr(0, nl);
  const std::string_view b =
      nl == std::string_view::npos ? std::string_view() : input.substr(nl + 1);
  (void)vigil::version::validate(scheme, a);
  (void)vigil::version::validate(scheme, b);
  const int ab = vigil::version::compare(scheme, a, b);
  if (ab < -1 || ab > 1) std::abort();
  if (vigil::version::compare(scheme, a, a) != 0) std::abort();
  return 0;
}

// Fuzzes the feed archive reader (kb/archive.h) that `db import` runs over
// osv.dev's all.zip. Properties: no archive crashes it or makes it hold an
// entry past its limit; every entry it hands on holds exactly what it
// declared, within the limit, with the padding behind it.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "kb/archive.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  constexpr uint64_t kLimit = 1 << 16;
  constexpr size_t kPadding = 64;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<vigil::Error> skipped;
  auto r = vigil::kb::detail::read_archive(
      input, "fuzz.zip", kLimit, kPadding,
      [](const std::string& where, std::string& bytes) -> vigil::Result<void> {
        if (bytes.size() > kLimit || bytes.capacity() < bytes.size() + kPadding) std::abort();
        if (where.rfind("fuzz.zip!/", 0) != 0) std::abort();
        return {};
      },
      skipped);
  if (!r) std::abort();  // only the callback's errors end the reading
  for (const auto& e : skipped)
    if (e.location.rfind("fuzz.zip", 0) != 0 || e.message.empty()) std::abort();
  return 0;
}

// Fuzzes one SBOM reader, chosen at build time by VIGIL_FUZZ_READER:
// 0 JSON (CycloneDX and SPDX), 1 CycloneDX XML, 2 SPDX tag-value.
// Properties: whatever a reader accepts, the CycloneDX writer can write, and
// that output reads back as CycloneDX; a JSON document read split (its big
// arrays one element at a time) gives exactly what one parse tree gives, and
// read in place exactly what read from a copy gives, its text unchanged.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "sbom/readers.h"
#include "sbom/sbom.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  vigil::Result<vigil::sbom::Document> doc =
      VIGIL_FUZZ_READER == 0   ? vigil::sbom::detail::read_json(input, "fuzz")
      : VIGIL_FUZZ_READER == 1 ? vigil::sbom::detail::read_cyclonedx_xml(input, "fuzz")
                               : vigil::sbom::detail::read_spdx_tagvalue(input, "fuzz");
  if (VIGIL_FUZZ_READER == 0) {
    const auto split = vigil::sbom::detail::read_split_json(input, "fuzz");
    const auto whole = vigil::sbom::detail::read_whole_json(input, "fuzz");
    if (split.ok() != whole.ok() || (split.ok() && !(*split == *whole))) std::abort();
    std::string lent(input);
    const auto in_place = vigil::sbom::read_in_place(lent, "fuzz");
    const auto copied = vigil::sbom::read(input, "fuzz");
    if (lent != input || in_place.ok() != copied.ok() || (copied.ok() && !(*in_place == *copied)))
      std::abort();
  }
  if (!doc) return 0;
  (void)vigil::sbom::assess_quality(*doc);
  const std::string written = vigil::sbom::write_cyclonedx_json(*doc);
  auto back = vigil::sbom::read(written, "written");
  if (!back || back->format != vigil::sbom::Format::cyclonedx) std::abort();
  return 0;
}

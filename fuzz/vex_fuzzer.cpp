// Fuzzes the VEX reader (OpenVEX, CycloneDX, CSAF). Property: whatever it
// accepts, every statement can be applied to a component without failing.
#include <cstdint>
#include <string_view>

#include "vex/vex.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto statements = vigil::vex::read(input, "fuzz");
  if (!statements) return 0;
  vigil::sbom::Document doc;
  doc.has_primary = true;
  doc.primary.ref = "device";
  doc.primary.name = "Device";
  doc.primary.version = "1.0";
  vigil::sbom::Component c;
  c.ref = "lib";
  c.name = "lib";
  c.version = "1.2.3";
  c.supplier = "Example";
  c.purls = {"pkg:pypi/lib@1.2.3"};
  c.cpes = {"cpe:2.3:a:example:lib:1.2.3:*:*:*:*:*:*:*"};
  doc.components = {c};
  for (const auto& s : *statements) (void)vigil::vex::applies(s, doc, doc.components[0]);
  return 0;
}

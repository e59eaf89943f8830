// Writes a generated CycloneDX document: make_sbom json|xml|device COMPONENTS FILE.
// "device" draws its components from the names bench/make_feeds writes
// advisories for, so that a scan finds what a real one would.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "feed_generator.h"
#include "sbom_generator.h"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: make_sbom json|json-rich|xml|device COMPONENTS FILE\n");
    return 2;
  }
  const std::string kind = argv[1];
  const size_t n = std::strtoull(argv[2], nullptr, 10);
  std::ofstream(argv[3], std::ios::binary)
      << (kind == "xml"         ? vigil::bench::cyclonedx_xml(n)
          : kind == "device"    ? vigil::bench::device_sbom_json(n)
          : kind == "json-rich" ? vigil::bench::cyclonedx_json(n, true)
                                : vigil::bench::cyclonedx_json(n));
  return 0;
}

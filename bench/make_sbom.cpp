// Writes a generated CycloneDX document: make_sbom json|xml COMPONENTS FILE.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "sbom_generator.h"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: make_sbom json|xml COMPONENTS FILE\n");
    return 2;
  }
  const std::string kind = argv[1];
  const size_t n = std::strtoull(argv[2], nullptr, 10);
  std::ofstream(argv[3], std::ios::binary)
      << (kind == "xml" ? vigil::bench::cyclonedx_xml(n) : vigil::bench::cyclonedx_json(n));
  return 0;
}

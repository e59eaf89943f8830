// Small SBOM components and documents for tests of matching and VEX.
#pragma once

#include <string>
#include <vector>

#include "sbom/sbom.h"

namespace vigil::testing {

inline sbom::Component component(std::string ref, std::string name, std::string version,
                                 std::vector<std::string> purls = {},
                                 std::vector<std::string> cpes = {}, std::string supplier = {}) {
  sbom::Component c;
  c.ref = std::move(ref);
  c.name = std::move(name);
  c.version = std::move(version);
  c.purls = std::move(purls);
  c.cpes = std::move(cpes);
  c.supplier = std::move(supplier);
  return c;
}

inline sbom::Document doc_of(std::vector<sbom::Component> components) {
  sbom::Document d;
  d.components = std::move(components);
  return d;
}

}  // namespace vigil::testing

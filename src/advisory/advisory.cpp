#include "advisory/advisory.h"

namespace vigil::advisory {

std::string_view source_name(Source s) {
  switch (s) {
    case Source::osv:
      return "osv";
    case Source::nvd:
      return "nvd";
    case Source::cve5:
      return "cve5";
    case Source::kev:
      return "kev";
    case Source::epss:
      return "epss";
    case Source::csaf:
      return "csaf";
  }
  return "osv";
}

}  // namespace vigil::advisory

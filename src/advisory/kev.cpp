#include "advisory/kev.h"

#include <simdjson.h>

#include "advisory/json_util.h"
#include "advisory/readers.h"

namespace vigil::advisory {

Result<KevCatalog> read_kev(simdjson::dom::object o, std::string_view source) {
  using detail::str;
  simdjson::dom::array list;
  if (o["vulnerabilities"].get_array().get(list) != simdjson::SUCCESS) {
    return Error{"not a KEV catalog: expected an object with a 'vulnerabilities' array",
                 std::string(source)};
  }
  KevCatalog kev;
  kev.version = std::string(str(o, "catalogVersion"));
  kev.released = std::string(str(o, "dateReleased"));
  size_t i = 0;
  for (simdjson::dom::element e : list) {
    simdjson::dom::object v;
    const size_t index = i++;
    if (e.get_object().get(v) != simdjson::SUCCESS || str(v, "cveID").empty()) {
      kev.skipped.push_back(
          Error{"entry " + std::to_string(index) + " has no 'cveID'", std::string(source)});
      continue;
    }
    kev.entries.push_back({std::string(str(v, "cveID")), std::string(str(v, "vendorProject")),
                           std::string(str(v, "product")), std::string(str(v, "vulnerabilityName")),
                           std::string(str(v, "dateAdded")), std::string(str(v, "dueDate")),
                           std::string(str(v, "requiredAction")),
                           str(v, "knownRansomwareCampaignUse") == "Known",
                           detail::strings(v, "cwes")});
  }
  return kev;
}

Result<KevCatalog> parse_kev(std::string_view json, std::string_view source) {
  return detail::parse_then(json, source, "a KEV catalog", read_kev);
}

}  // namespace vigil::advisory

// The feed readers on an already parsed JSON object, for a caller that has
// parsed the text once to learn its format (the knowledge base import).
// Internal to advisory/ and kb/; the public headers take text.
#pragma once

#include <simdjson.h>

#include <string_view>

#include "advisory/csaf.h"
#include "advisory/cve5.h"
#include "advisory/kev.h"
#include "advisory/nvd.h"
#include "advisory/osv.h"

namespace vigil::advisory {

Result<Advisory> read_osv(simdjson::dom::object o, std::string_view source);
Result<NvdPage> read_nvd(simdjson::dom::object o, std::string_view source);
Result<Advisory> read_cve5(simdjson::dom::object o, std::string_view source);
Result<CsafDocument> read_csaf(simdjson::dom::object o, std::string_view source);
Result<KevCatalog> read_kev(simdjson::dom::object o, std::string_view source);

}  // namespace vigil::advisory

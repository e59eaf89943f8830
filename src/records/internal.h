// What records.cpp, findings.cpp and users.cpp share. Internal to records/.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>

#include "audit/audit.h"
#include "core/error.h"
#include "sbom/sbom.h"
#include "store/connection.h"

namespace vigil::records {

inline store::Value or_null(const std::string& s) {
  return s.empty() ? store::Value(std::monostate{}) : store::Value(s);
}

// Whether `v` is one of the allowed names, and the names for a message.
template <size_t N>
bool listed(std::string_view v, const std::string_view (&list)[N]) {
  return std::find(std::begin(list), std::end(list), v) != std::end(list);
}
template <size_t N>
std::string names(const std::string_view (&list)[N]) {
  std::string out;
  for (const auto& s : list) out += (out.empty() ? "" : ", ") + std::string(s);
  return out;
}

// A component row of a release, from what its SBOM says of it.
inline audit::Fields component_fields(int64_t release, int64_t sbom, const sbom::Component& c) {
  return {{"release_id", release},
          {"sbom_id", sbom},
          {"ref", c.ref},
          {"name", c.name},
          {"version", c.version},
          {"purl", c.purls.empty() ? "" : c.purls.front()},
          {"cpe", c.cpes.empty() ? "" : c.cpes.front()},
          {"supplier", c.supplier}};
}

// Checks `password` against the argon2id hash kept for `user`.
Result<void> check_password(store::Connection& c, const std::string& user,
                            const std::string& password);

// The SHA-256 of an analysis record as the audit trail writes it: what a
// signature binds.
Result<std::string> analysis_digest(store::Connection& c, int64_t analysis);

}  // namespace vigil::records

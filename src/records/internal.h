// What records.cpp, findings.cpp and users.cpp share. Internal to records/.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "audit/audit.h"
#include "core/error.h"
#include "sbom/sbom.h"
#include "store/connection.h"

namespace vigil::records {

inline store::Value or_null(const std::string& s) {
  return s.empty() ? store::Value(std::monostate{}) : store::Value(s);
}
// A JSON value kept as its text; SQL NULL for null.
inline store::Value or_null(const nlohmann::ordered_json& j) {
  return j.is_null() ? store::Value(std::monostate{}) : store::Value(j.dump());
}
// A stored JSON text as a value; null when absent (or, never written by
// Vigil, not JSON).
inline nlohmann::ordered_json json_of(const std::string& text) {
  return text.empty() ? nlohmann::ordered_json()
                      : nlohmann::ordered_json::parse(text, nullptr, false);
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

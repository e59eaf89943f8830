#include "store/connection.h"

#include "store/drivers.h"

namespace vigil::store {

int64_t Row::integer(size_t i) const {
  if (const auto* n = std::get_if<int64_t>(&values[i])) return *n;
  if (const auto* t = std::get_if<std::string>(&values[i]))
    return std::strtoll(t->c_str(), nullptr, 10);
  return 0;
}

std::string Row::text(size_t i) const {
  if (const auto* t = std::get_if<std::string>(&values[i])) return *t;
  if (const auto* n = std::get_if<int64_t>(&values[i])) return std::to_string(*n);
  if (const auto* b = std::get_if<Blob>(&values[i])) return b->bytes;
  return {};
}

Result<std::vector<Row>> Connection::query(std::string_view sql, const std::vector<Value>& params) {
  std::vector<Row> rows;
  auto r = for_each(sql, params, [&rows](const Row& row) {
    rows.push_back(row);
    return true;
  });
  if (!r) return r.error();
  return rows;
}

Result<std::unique_ptr<Connection>> open(const std::string& location, bool create) {
  if (location.starts_with("postgresql://") || location.starts_with("postgres://"))
    return open_postgres(location);
  if (location.empty()) return Error{"no records given: --records PATH or VIGIL_RECORDS", {}};
  return open_sqlite(location, create);
}

}  // namespace vigil::store

// The drivers behind store::open. Internal to store/.
#pragma once

#include <memory>
#include <string>

#include "store/connection.h"

namespace vigil::store {

Result<std::unique_ptr<Connection>> open_sqlite(const std::string& path, bool create);
Result<std::unique_ptr<Connection>> open_postgres(const std::string& url);

}  // namespace vigil::store

// Passwords and signatures. Internal to records/.
#pragma once

#include <string>

#include "core/error.h"
#include "store/connection.h"

namespace vigil::records {

// Checks `password` against the argon2id hash kept for `user`.
Result<void> check_password(store::Connection& c, const std::string& user,
                            const std::string& password);

// The SHA-256 of an analysis record as the audit trail writes it: what a
// signature binds.
Result<std::string> analysis_digest(store::Connection& c, int64_t analysis);

}  // namespace vigil::records

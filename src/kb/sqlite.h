// A minimal RAII layer over SQLite prepared statements. Internal to kb/.
// Every value reaches SQL through a bound parameter, never through text.
#pragma once

#include <sqlite3.h>

#include <string>
#include <string_view>

#include "core/error.h"

namespace vigil::kb::detail {

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql) {
    if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) !=
        SQLITE_OK) {
      error_ = sqlite3_errmsg(db);
    }
  }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() { sqlite3_finalize(stmt_); }

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

  // A bind that fails (a value too big for SQLite) is kept, and the next
  // step answers with it instead of running with the parameter unset.
  Statement& bind(int i, std::string_view v) {
    return kept(sqlite3_bind_text64(stmt_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  }
  Statement& bind_blob(int i, std::string_view v) {
    return kept(sqlite3_bind_blob64(stmt_, i, v.data(), v.size(), SQLITE_TRANSIENT));
  }
  Statement& bind(int i, int64_t v) { return kept(sqlite3_bind_int64(stmt_, i, v)); }
  Statement& bind(int i, double v) { return kept(sqlite3_bind_double(stmt_, i, v)); }
  // SQLITE_ROW, SQLITE_DONE, or an error code (a failed bind's among them).
  int step() { return bind_rc_ != SQLITE_OK ? bind_rc_ : sqlite3_step(stmt_); }
  // Runs to completion; false on error.
  bool run() {
    const int rc = step();
    reset();
    return rc == SQLITE_DONE || rc == SQLITE_ROW;
  }
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    bind_rc_ = SQLITE_OK;
  }
  std::string text(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string();
  }
  // The column's text without a copy: valid until the next step or reset.
  std::string_view view(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    return p ? std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string_view();
  }
  // A blob column without a copy: valid until the next step or reset.
  std::string_view blob(int col) const {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, col));
    return p ? std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string_view();
  }
  int64_t integer(int col) const { return sqlite3_column_int64(stmt_, col); }
  sqlite3_stmt* raw() const { return stmt_; }
  double real(int col) const { return sqlite3_column_double(stmt_, col); }

 private:
  Statement& kept(int rc) {
    if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK) bind_rc_ = rc;
    return *this;
  }

  sqlite3_stmt* stmt_ = nullptr;
  std::string error_;
  int bind_rc_ = SQLITE_OK;
};

// Runs statements without parameters (schema, transactions).
inline Result<void> exec(sqlite3* db, const char* sql) {
  char* msg = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &msg) != SQLITE_OK) {
    std::string m = msg ? msg : "unknown SQLite error";
    sqlite3_free(msg);
    return Error{"knowledge base: " + m, {}};
  }
  return {};
}

}  // namespace vigil::kb::detail

// The records' SQL connection: one small interface that the SQLite driver
// (and the PostgreSQL one) implement, so that the repository above is
// written once. Statements use `?` placeholders and every value is a bound
// parameter; table and column names come only from the code.
//
// Thread-safety: a Connection is used by one thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/error.h"

namespace vigil::store {

struct Blob {
  std::string bytes;
};

using Value = std::variant<std::monostate, int64_t, std::string, Blob>;

struct Row {
  std::shared_ptr<const std::vector<std::string>> columns;  // in select order
  std::vector<Value> values;

  bool is_null(size_t i) const { return std::holds_alternative<std::monostate>(values[i]); }
  int64_t integer(size_t i) const;   // 0 when null
  std::string text(size_t i) const;  // empty when null; a blob's bytes
};

class Connection {
 public:
  virtual ~Connection() = default;

  // "sqlite" or "postgresql": which dialect the schema is written in.
  virtual std::string_view dialect() const = 0;
  // Where the records are, for messages (a path, or a URL without password).
  virtual const std::string& location() const = 0;

  // Runs one statement and returns its rows.
  Result<std::vector<Row>> query(std::string_view sql, const std::vector<Value>& params = {});
  // Runs one statement, handing each row to `each` as it comes (for scans
  // too large to hold); `each` returns false to stop early.
  virtual Result<void> for_each(std::string_view sql, const std::vector<Value>& params,
                                const std::function<bool(const Row&)>& each) = 0;
  // Runs several statements without parameters (schema changes).
  virtual Result<void> script(std::string_view sql) = 0;

  // A write transaction that excludes other writers from the start, so an
  // audit chain read at its beginning is still the head at its end. A writer
  // that cannot get in within the busy timeout gets an error saying the
  // records are busy.
  virtual Result<void> begin_write() = 0;
  virtual Result<void> begin_read() = 0;
  virtual Result<void> commit() = 0;
  virtual void rollback() = 0;
};

// Opens the records at `location`: a file path (SQLite) or a postgresql://
// URL. A missing file is created only when `create` (the verbs that write);
// otherwise it is not found. A file that is not Vigil's (another
// application's database, say) is refused before anything is written to it.
Result<std::unique_ptr<Connection>> open(const std::string& location, bool create = true);

// Rolls back on scope exit unless committed.
class Transaction {
 public:
  explicit Transaction(Connection& c) : c_(c) {}
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction() {
    if (open_) c_.rollback();
  }
  Result<void> begin_write() {
    auto r = c_.begin_write();
    open_ = r.ok();
    return r;
  }
  Result<void> begin_read() {
    auto r = c_.begin_read();
    open_ = r.ok();
    return r;
  }
  Result<void> commit() {
    auto r = c_.commit();
    if (r) open_ = false;
    return r;
  }

 private:
  Connection& c_;
  bool open_ = false;
};

}  // namespace vigil::store

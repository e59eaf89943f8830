// The SQLite driver: one file, write-ahead log, foreign keys on, and a busy
// timeout so that two writers queue instead of failing at once.
#include <sqlite3.h>

#include <cstdlib>
#include <filesystem>
#include <unordered_map>

#include "core/file.h"
#include "store/connection.h"
#include "store/drivers.h"

namespace vigil::store {
namespace {

class Sqlite final : public Connection {
 public:
  Sqlite(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  ~Sqlite() override {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close(db_);
  }

  std::string_view dialect() const override { return "sqlite"; }
  const std::string& location() const override { return path_; }

  Result<void> for_each(std::string_view sql, const std::vector<Value>& params,
                        const std::function<bool(const Row&)>& each) override {
    auto st = prepare(sql);
    if (!st) return st.error();
    sqlite3_stmt* s = *st;
    for (size_t i = 0; i < params.size(); ++i) {
      const int at = static_cast<int>(i + 1);
      const Value& v = params[i];
      int rc = SQLITE_OK;
      size_t size = 0;
      if (const auto* n = std::get_if<int64_t>(&v)) {
        rc = sqlite3_bind_int64(s, at, *n);
      } else if (const auto* t = std::get_if<std::string>(&v)) {
        size = t->size();
        rc = sqlite3_bind_text64(s, at, t->data(), t->size(), SQLITE_TRANSIENT, SQLITE_UTF8);
      } else if (const auto* b = std::get_if<Blob>(&v)) {
        size = b->bytes.size();
        rc = sqlite3_bind_blob64(s, at, b->bytes.data(), b->bytes.size(), SQLITE_TRANSIENT);
      } else {
        rc = sqlite3_bind_null(s, at);
      }
      // Checked before anything runs: an unchecked failed bind left the
      // parameter NULL, and a 1 GB value came back as "NOT NULL constraint
      // failed".
      if (rc != SQLITE_OK) {
        sqlite3_clear_bindings(s);
        if (rc == SQLITE_TOOBIG) {
          return Error{"a value of " + std::to_string(size) +
                           " bytes is larger than the records can hold (at most " +
                           std::to_string(sqlite3_limit(db_, SQLITE_LIMIT_LENGTH, -1)) +
                           " bytes); nothing was written",
                       path_, ErrorKind::invalid_input};
        }
        return failure(rc);
      }
    }
    std::shared_ptr<std::vector<std::string>> columns;
    Row row;
    for (;;) {
      const int rc = sqlite3_step(s);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        Error e = failure(rc);
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
        return e;
      }
      const int n = sqlite3_column_count(s);
      if (!columns) {
        columns = std::make_shared<std::vector<std::string>>();
        for (int c = 0; c < n; ++c) columns->emplace_back(sqlite3_column_name(s, c));
      }
      row.columns = columns;
      row.values.clear();
      for (int c = 0; c < n; ++c) {
        switch (sqlite3_column_type(s, c)) {
          case SQLITE_INTEGER:
            row.values.emplace_back(static_cast<int64_t>(sqlite3_column_int64(s, c)));
            break;
          case SQLITE_NULL:
            row.values.emplace_back(std::monostate{});
            break;
          case SQLITE_BLOB: {
            const auto* p = static_cast<const char*>(sqlite3_column_blob(s, c));
            row.values.emplace_back(
                Blob{std::string(p ? p : "", static_cast<size_t>(sqlite3_column_bytes(s, c)))});
            break;
          }
          default: {
            const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, c));
            row.values.emplace_back(
                std::string(p ? p : "", static_cast<size_t>(sqlite3_column_bytes(s, c))));
          }
        }
      }
      if (!each(row)) break;
    }
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return {};
  }

  Result<void> script(std::string_view sql) override {
    char* msg = nullptr;
    const std::string text(sql);
    if (const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &msg); rc != SQLITE_OK) {
      std::string m = msg ? msg : sqlite3_errstr(rc);
      sqlite3_free(msg);
      if (rc == SQLITE_BUSY) return busy();
      return Error{m, path_};
    }
    return {};
  }

  Result<void> begin_write() override { return script("BEGIN IMMEDIATE"); }
  Result<void> begin_read() override { return script("BEGIN"); }
  Result<void> commit() override { return script("COMMIT"); }
  void rollback() override {
    if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }

 private:
  Result<sqlite3_stmt*> prepare(std::string_view sql) {
    const std::string key(sql);
    if (const auto it = cache_.find(key); it != cache_.end()) return it->second;
    sqlite3_stmt* s = nullptr;
    if (const int rc =
            sqlite3_prepare_v2(db_, key.c_str(), static_cast<int>(key.size()), &s, nullptr);
        rc != SQLITE_OK) {
      sqlite3_finalize(s);
      return failure(rc);
    }
    cache_.emplace(key, s);
    return s;
  }

  Error busy() const {
    return Error{"the records are busy: another process is writing; try again", path_};
  }
  Error failure(int rc) const {
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) return busy();
    return Error{sqlite3_errmsg(db_), path_};
  }

  sqlite3* db_;
  std::string path_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

// Whether the file just opened is Vigil's records, or new: read before
// anything (even the journal mode) is written to it.
Result<void> identify(sqlite3* db, const std::string& path) {
  int64_t app = 0, tables = 0, meta = 0;
  for (auto& [sql, out] : {std::pair<const char*, int64_t*>{"PRAGMA application_id", &app},
                           {"SELECT count(*) FROM sqlite_master", &tables},
                           {"SELECT count(*) FROM sqlite_master WHERE name = 'meta'", &meta}}) {
    sqlite3_stmt* st = nullptr;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, nullptr);
    if (rc == SQLITE_OK) rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) *out = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW)
      return Error{std::string("cannot open the records: ") + sqlite3_errmsg(db), path,
                   rc == SQLITE_NOTADB ? ErrorKind::damaged : ErrorKind::io};
  }
  if (app == kRecordsApplicationId || tables == 0 || (app == 0 && meta == 1)) return {};
  if (app == kKbApplicationId)
    return Error{"this is a Vigil knowledge base, not records", path, ErrorKind::invalid_input};
  return Error{"not Vigil records: a database of another application; nothing was written to it",
               path, ErrorKind::invalid_input};
}

}  // namespace

Result<std::unique_ptr<Connection>> open_sqlite(const std::string& path, bool create) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status))
    return Error{"the records must be a file, and this is not one", path, ErrorKind::invalid_input};
  if (!create && !std::filesystem::exists(status)) {
    return Error{
        "no records at " + path + " (a verb that writes, such as 'product add', creates them)",
        {},
        ErrorKind::not_found};
  }
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(
      path.c_str(), &db,
      SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    Error e{
        std::string("cannot open the records: ") + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)),
        path};
    sqlite3_close(db);
    return e;
  }
  // A writer waits this long for another to finish before giving up.
  int timeout_ms = 5000;
  if (const char* t = std::getenv("VIGIL_BUSY_TIMEOUT_MS")) timeout_ms = std::atoi(t);
  sqlite3_busy_timeout(db, timeout_ms);
  auto c = std::make_unique<Sqlite>(db, path);
  if (auto known = identify(db, path); !known) return known.error();
  for (const char* pragma :
       {"PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON", "PRAGMA synchronous=FULL"}) {
    auto r = c->query(pragma, {});
    if (!r) {
      Error e = r.error();
      e.message = "cannot open the records: " + e.message;
      return e;
    }
  }
  return std::unique_ptr<Connection>(std::move(c));
}

}  // namespace vigil::store

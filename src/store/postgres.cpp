// The PostgreSQL driver (libpq). Statements are sent with typed parameters
// ($1, $2 ... rewritten from the portable `?`), rows come back one at a
// time, writers serialise on a transaction-scoped advisory lock (the audit
// chain has one head), and a writer that waits past the lock timeout is told
// the records are busy.
#include <libpq-fe.h>

#include <cstdlib>
#include <optional>

#include "store/connection.h"
#include "store/drivers.h"

namespace vigil::store {
namespace {

// pg_type OIDs of the parameter and column types Vigil uses.
constexpr Oid kBytea = 17, kInt8 = 20, kInt2 = 21, kInt4 = 23, kText = 25;
// The advisory lock every writer holds until it commits ("VGRC").
constexpr const char* kWriterLock = "SELECT pg_advisory_xact_lock(1447514691)";

// "?" → "$n", outside quoted literals and identifiers.
std::string numbered(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  char quote = 0;
  for (const char c : sql) {
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '?') {
      out += '$' + std::to_string(++n);
      continue;
    }
    out += c;
  }
  return out;
}

int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return 0;
}

// A bytea column in text form: "\x" and two hex digits a byte.
std::string unhex(const char* p, size_t n) {
  std::string out;
  if (n < 2 || p[0] != '\\' || p[1] != 'x') return std::string(p, n);
  out.reserve((n - 2) / 2);
  for (size_t i = 2; i + 1 < n; i += 2)
    out += static_cast<char>(hexval(p[i]) * 16 + hexval(p[i + 1]));
  return out;
}

class Postgres final : public Connection {
 public:
  Postgres(PGconn* pg, std::string location) : pg_(pg), location_(std::move(location)) {}
  ~Postgres() override { PQfinish(pg_); }

  std::string_view dialect() const override { return "postgresql"; }
  const std::string& location() const override { return location_; }

  Result<void> for_each(std::string_view sql, const std::vector<Value>& params,
                        const std::function<bool(const Row&)>& each) override {
    const std::string text = numbered(sql);
    std::vector<Oid> types;
    std::vector<std::string> storage;
    std::vector<const char*> values;
    std::vector<int> lengths, formats;
    storage.reserve(params.size());
    for (const Value& v : params) {
      if (const auto* n = std::get_if<int64_t>(&v)) {
        types.push_back(kInt8);
        storage.push_back(std::to_string(*n));
        formats.push_back(0);
      } else if (const auto* t = std::get_if<std::string>(&v)) {
        types.push_back(kText);
        storage.push_back(*t);
        formats.push_back(0);
      } else if (const auto* b = std::get_if<Blob>(&v)) {
        types.push_back(kBytea);
        storage.push_back(b->bytes);
        formats.push_back(1);  // binary: the bytes as they are
      } else {
        types.push_back(0);  // NULL: the server infers the type from the column
        storage.emplace_back();
        formats.push_back(0);
      }
    }
    for (size_t i = 0; i < params.size(); ++i) {
      values.push_back(std::holds_alternative<std::monostate>(params[i]) ? nullptr
                                                                         : storage[i].data());
      lengths.push_back(static_cast<int>(storage[i].size()));
    }
    if (!PQsendQueryParams(pg_, text.c_str(), static_cast<int>(params.size()), types.data(),
                           values.data(), lengths.data(), formats.data(), 0))
      return failure(nullptr);
    PQsetSingleRowMode(pg_);
    std::optional<Error> error;
    bool wanted = true;
    std::shared_ptr<std::vector<std::string>> columns;
    Row row;
    while (PGresult* res = PQgetResult(pg_)) {
      const ExecStatusType st = PQresultStatus(res);
      if (st == PGRES_SINGLE_TUPLE && wanted && !error) {
        const int n = PQnfields(res);
        if (!columns) {
          columns = std::make_shared<std::vector<std::string>>();
          for (int c = 0; c < n; ++c) columns->emplace_back(PQfname(res, c));
        }
        row.columns = columns;
        row.values.clear();
        for (int c = 0; c < n; ++c) {
          if (PQgetisnull(res, 0, c)) {
            row.values.emplace_back(std::monostate{});
            continue;
          }
          const char* p = PQgetvalue(res, 0, c);
          const auto len = static_cast<size_t>(PQgetlength(res, 0, c));
          const Oid type = PQftype(res, c);
          if (type == kInt8 || type == kInt4 || type == kInt2) {
            row.values.emplace_back(static_cast<int64_t>(std::strtoll(p, nullptr, 10)));
          } else if (type == kBytea) {
            row.values.emplace_back(Blob{unhex(p, len)});
          } else {
            row.values.emplace_back(std::string(p, len));
          }
        }
        wanted = each(row);
      } else if (st != PGRES_SINGLE_TUPLE && st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK &&
                 !error) {
        error = failure(res);
      }
      PQclear(res);
    }
    if (error) return *error;
    return {};
  }

  Result<void> script(std::string_view sql) override {
    PGresult* res = PQexec(pg_, std::string(sql).c_str());
    const ExecStatusType st = PQresultStatus(res);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      Error e = failure(res);
      PQclear(res);
      return e;
    }
    PQclear(res);
    return {};
  }

  Result<void> begin_write() override {
    if (auto r = script("BEGIN ISOLATION LEVEL READ COMMITTED"); !r) return r;
    if (auto r = script(kWriterLock); !r) {
      rollback();
      return r;
    }
    return {};
  }
  Result<void> begin_read() override {
    return script("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  }
  Result<void> commit() override { return script("COMMIT"); }
  void rollback() override {
    if (PQtransactionStatus(pg_) != PQTRANS_IDLE) PQclear(PQexec(pg_, "ROLLBACK"));
  }

 private:
  Error failure(const PGresult* res) const {
    const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    // 55P03 lock_not_available: the lock timeout ran out.
    if (state && std::string_view(state) == "55P03")
      return Error{"the records are busy: another process is writing; try again", location_};
    std::string m = res ? PQresultErrorMessage(res) : PQerrorMessage(pg_);
    while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
    return Error{m, location_};
  }

  PGconn* pg_;
  std::string location_;
};

// The URL without its password, for messages.
std::string shown(const std::string& url) {
  const auto scheme = url.find("://");
  const auto at = url.find('@');
  if (scheme == std::string::npos || at == std::string::npos) return url;
  const auto colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon) + ":***" + url.substr(at);
}

}  // namespace

Result<std::unique_ptr<Connection>> open_postgres(const std::string& url) {
  PGconn* pg = PQconnectdb(url.c_str());
  if (PQstatus(pg) != CONNECTION_OK) {
    std::string m = PQerrorMessage(pg);
    while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
    PQfinish(pg);
    return Error{"cannot open the records: " + m, shown(url)};
  }
  auto c = std::make_unique<Postgres>(pg, shown(url));
  // A writer waits this long for another to finish before giving up.
  int timeout_ms = 5000;
  if (const char* t = std::getenv("VIGIL_BUSY_TIMEOUT_MS")) timeout_ms = std::atoi(t);
  for (const std::string& setting :
       {"SET lock_timeout = " + std::to_string(timeout_ms),
        std::string("SET client_min_messages = warning"), std::string("SET TIME ZONE 'UTC'")}) {
    if (auto r = c->script(setting); !r) return r.error();
  }
  return std::unique_ptr<Connection>(std::move(c));
}

}  // namespace vigil::store

// What the records verbs share (docs/records.md): the --records, --format,
// --user and --reason options, opening the records, errors as exit
// status 2, and list verbs that print a table or a JSON array.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "commands.h"
#include "core/error.h"
#include "core/text.h"
#include "records/json.h"
#include "records/records.h"
#include "service/records_service.h"

namespace vigil::cli {

using Json = nlohmann::ordered_json;

struct Common {
  std::string records, user, reason, format = "table";
  bool writes = false;  // a verb that changes a record; only such a verb creates the records
};

// Adds --records and --format, and for a verb that changes a record
// --user and --reason.
void add_common(CLI::App& cmd, Common& c, bool changes);

// The records for one verb: a connection leased through the service layer.
class RecordsHandle {
 public:
  RecordsHandle() = default;
  RecordsHandle(std::unique_ptr<service::RecordsService> service,
                service::RecordsService::Lease lease)
      : service_(std::move(service)) {
    lease_.emplace(std::move(lease));
  }
  explicit operator bool() const { return lease_.has_value(); }
  records::Records* operator->() const { return &**lease_; }
  records::Records& operator*() const { return **lease_; }

 private:
  // Declared first: the lease goes back before the service closes.
  std::unique_ptr<service::RecordsService> service_;
  std::optional<service::RecordsService::Lease> lease_;
};

// Opens the records or reports why not (status 2).
RecordsHandle open_records(const Common& c, const char* verb, int& status);

// A record id or entry number: digits only.
std::optional<int64_t> whole_number(std::string_view s);

// A numeric option's check: a whole number from `min` to `max`, else a
// message in words (no clamping of a number too large to hold).
CLI::Validator whole_number_in(int64_t min, int64_t max);
// The largest id a record can have.
inline constexpr int64_t kMaxId = INT64_MAX;
// The longest page a list verb prints.
inline constexpr int64_t kMaxPage = 1'000'000;

// A password: asked without echo on a terminal, else the first line of
// standard input.
std::string read_password(const char* prompt);

// A list verb: opens the records, fetches the items, and prints them as a
// JSON array or as the table `table` prints.
template <class Fetch, class Table>
void list(const Common& c, const char* verb, int& status, Fetch fetch, Table table) {
  auto rec = open_records(c, verb, status);
  if (!rec) return;
  auto items = fetch(*rec);
  if (!items) return fail(verb, items.error(), status);
  if (c.format == "json") {
    Json out = Json::array();
    for (const auto& x : *items) out.push_back(records::to_json(x));
    return print_json(out);
  }
  table(*items);
}

void add_product_commands(CLI::App& app, int& status);
void add_release_commands(CLI::App& app, int& status);
void add_installed_base_commands(CLI::App& app, int& status);
void add_finding_commands(CLI::App& app, int& status);
void add_user_commands(CLI::App& app, int& status);
void add_audit_commands(CLI::App& app, int& status);

}  // namespace vigil::cli

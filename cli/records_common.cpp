#include "records_common.h"

#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <iostream>

namespace vigil::cli {

void add_common(CLI::App& cmd, Common& c, bool changes) {
  cmd.add_option("--records", c.records, "The records: a file (SQLite)")->envname("VIGIL_RECORDS");
  cmd.add_option("--format", c.format, "table or json")->check(CLI::IsMember({"table", "json"}));
  c.writes = changes;
  if (changes) {
    cmd.add_option("--user", c.user, "Who makes the change (kept in the audit trail)")
        ->envname("VIGIL_USER");
    cmd.add_option("--reason", c.reason, "Why (kept in the audit trail)");
  }
}

// Opens the records or reports why not (status 2).
RecordsHandle open_records(const Common& c, const char* verb, int& status) {
  if (c.records.empty()) {
    std::cerr << "vigil " << verb << ": no records given: --records PATH or VIGIL_RECORDS\n";
    status = 2;
    return {};
  }
  auto service =
      service::RecordsService::open(c.records, {.max_connections = 1, .create = c.writes});
  if (!service) {
    fail(verb, service.error(), status);
    return {};
  }
  auto lease = (*service)->lease();
  if (!lease) {
    fail(verb, lease.error(), status);
    return {};
  }
  return {std::move(*service), std::move(*lease)};
}

CLI::Validator whole_number_in(int64_t min, int64_t max) {
  const std::string range = std::to_string(min) + " to " + std::to_string(max);
  return CLI::Validator(
      [min, max, range](std::string& s) -> std::string {
        int64_t v = 0;
        const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec == std::errc::result_out_of_range ||
            (ec == std::errc() && end == s.data() + s.size() && (v < min || v > max)))
          return "must be from " + range + ", not " + s;
        if (ec != std::errc() || end != s.data() + s.size())
          return "must be a whole number from " + range + ", not '" + s + "'";
        return {};
      },
      "INT in " + range);
}

// A record id or entry number: digits only.
std::optional<int64_t> whole_number(std::string_view s) {
  if (s.empty() || s.size() > 18 ||
      !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  return std::stoll(std::string(s));
}

std::string read_password(const char* prompt) {
  std::string line;
  if (isatty(STDIN_FILENO)) {
    std::cerr << prompt << std::flush;
    termios old{};
    tcgetattr(STDIN_FILENO, &old);
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    line = input_line().value_or("");
    tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::cerr << "\n";
  } else {
    line = input_line().value_or("");
  }
  return line;
}

}  // namespace vigil::cli

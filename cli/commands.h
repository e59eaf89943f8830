// The `vigil` verbs. Each registers a CLI11 subcommand whose callback parses
// input, calls one library function per item and prints the result; the exit
// status it sets is the process's.
//
// Exit statuses shared by the verbs: 0 success, 1 a negative answer or an
// invalid item among several (as each verb documents), 2 bad arguments or
// input that cannot be used at all.
#pragma once

#include <CLI/CLI.hpp>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/error.h"

namespace vigil::cli {

void add_purl_command(CLI::App& app, int& status);
void add_cpe_command(CLI::App& app, int& status);
void add_version_command(CLI::App& app, int& status);
void add_sbom_command(CLI::App& app, int& status);
void add_db_command(CLI::App& app, int& status);
void add_db_update_command(CLI::App& db, int& status);
void add_scan_command(CLI::App& app, int& status);
void add_cvss_command(CLI::App& app, int& status);
void add_triage_command(CLI::App& app, int& status);
void add_rubric_command(CLI::App& app, int& status);
void add_records_commands(CLI::App& app, int& status);

inline constexpr const char* kVersion = "0.1.0";

// Prints JSON with two-space indents; invalid UTF-8 from an input file
// becomes U+FFFD rather than an exception.
void print_json(const nlohmann::ordered_json& j);

// The time reports are stamped with, in UTC, as `strftime_format` writes it:
// SOURCE_DATE_EPOCH when set, so that a rebuilt report is byte-identical,
// else now.
std::string report_time(const char* strftime_format);

// Reports `e` as "vigil VERB: ..." and sets the exit status of its kind.
void fail(const char* verb, const Error& e, int& status);

// A line of standard input without its newline; nullopt at the end of the
// input. Throws std::runtime_error past 4096 bytes, so that /dev/zero on
// stdin ends in a message, not in all the memory there is.
std::optional<std::string> input_line();

// Adds "--format text|json" to a command.
void add_format_option(CLI::App& cmd, std::string& format);

}  // namespace vigil::cli

// vigil: postmarket cybersecurity for medical devices. This file only wires
// the verbs together and turns argument errors into one line and status 2.
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <new>
#include <optional>
#include <stdexcept>

#include "commands.h"
#include "service/errors.h"

namespace vigil::cli {

void print_json(const nlohmann::ordered_json& j) {
  std::cout << j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
}

std::string report_time(const char* strftime_format) {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH")) t = std::strtoll(epoch, nullptr, 10);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, strftime_format, &tm);
  return buf;
}

void fail(const char* verb, const Error& e, int& status) {
  std::cerr << "vigil " << verb << ": " << e.to_string() << "\n";
  status = service::exit_status(e.kind);
}

std::optional<std::string> input_line() {
  constexpr std::streamsize kMaxLine = 4096;
  char buf[kMaxLine + 1];
  std::cin.getline(buf, sizeof buf);  // at most kMaxLine bytes and the newline
  const std::streamsize got = std::cin.gcount();
  if (std::cin.fail() && !std::cin.eof()) {
    if (got == kMaxLine)
      throw std::runtime_error("a line of standard input is longer than " +
                               std::to_string(kMaxLine) + " bytes");
    return std::nullopt;
  }
  if (got == 0 && std::cin.eof()) return std::nullopt;
  return std::string(buf, static_cast<size_t>(std::cin.eof() ? got : got - 1));
}

}  // namespace vigil::cli

int main(int argc, char** argv) {
  CLI::App app{"Vigil: postmarket cybersecurity for medical device makers", "vigil"};
  app.set_version_flag("--version", std::string("vigil ") + vigil::cli::kVersion);
  app.require_subcommand(1);
  int status = 0;
  vigil::cli::add_purl_command(app, status);
  vigil::cli::add_cpe_command(app, status);
  vigil::cli::add_version_command(app, status);
  vigil::cli::add_sbom_command(app, status);
  vigil::cli::add_db_command(app, status);
  vigil::cli::add_scan_command(app, status);
  vigil::cli::add_cvss_command(app, status);
  vigil::cli::add_rubric_command(app, status);
  vigil::cli::add_triage_command(app, status);
  vigil::cli::add_records_commands(app, status);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return 0;
  } catch (const CLI::CallForAllHelp&) {
    std::cout << app.help("", CLI::AppFormatMode::All);
    return 0;
  } catch (const CLI::CallForVersion& e) {
    std::cout << e.what() << "\n";
    return 0;
  } catch (const CLI::ParseError& e) {
    std::cerr << "vigil: " << e.what() << " (see 'vigil --help')\n";
    return 2;
  } catch (const std::bad_alloc&) {
    std::cerr << "vigil: out of memory: the input is larger than this machine can hold "
                 "(the input limits are in docs/reliability.md); nothing was changed\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "vigil: " << e.what() << "\n";
    return 2;
  }
  return status;
}

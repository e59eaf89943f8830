// vigil purl PURL... [--format json]: the canonical form of each purl.
// Exit 1 when any input is invalid (the valid ones are still printed).
#include <iostream>

#include <nlohmann/json.hpp>

#include "commands.h"
#include "purl/purl.h"

namespace vigil::cli {
namespace {

nlohmann::ordered_json or_null(const std::string& s) {
  return s.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(s);
}

nlohmann::ordered_json to_json(const std::string& input, const purl::PackageUrl& p) {
  nlohmann::ordered_json q = nullptr;
  if (!p.qualifiers.empty()) {
    q = nlohmann::ordered_json::object();
    for (const auto& [k, v] : p.qualifiers) q[k] = v;
  }
  return {{"input", input},  {"canonical", p.to_string()},
          {"type", p.type},  {"namespace", or_null(p.namespace_)},
          {"name", p.name},  {"version", or_null(p.version)},
          {"qualifiers", q}, {"subpath", or_null(p.subpath)}};
}

}  // namespace

void add_format_option(CLI::App& cmd, std::string& format) {
  cmd.add_option("--format", format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->default_val("text");
}

void add_purl_command(CLI::App& app, int& status) {
  auto* cmd = app.add_subcommand("purl", "Parse and print Package URLs in canonical form");
  auto inputs = std::make_shared<std::vector<std::string>>();
  auto format = std::make_shared<std::string>("text");
  cmd->add_option("purl", *inputs, "Package URLs")->required();
  add_format_option(*cmd, *format);
  cmd->callback([inputs, format, &status] {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const std::string& in : *inputs) {
      auto p = purl::parse(in);
      if (!p) status = 1;
      if (*format == "json") {
        out.push_back(p ? to_json(in, *p)
                        : nlohmann::ordered_json{{"input", in}, {"error", p.error().message}});
      } else if (p) {
        std::cout << p->to_string() << "\n";
      } else {
        std::cerr << "vigil purl: " << p.error().message << "\n";
      }
    }
    if (*format == "json") print_json(out);
  });
}

}  // namespace vigil::cli

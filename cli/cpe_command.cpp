// vigil cpe CPE... [--format json]: both bindings and the WFN of each CPE;
// exit 1 when any input is invalid.
// vigil cpe match SOURCE TARGET [--format json]: the NISTIR 7696 relation.
#include <iostream>

#include <nlohmann/json.hpp>

#include "commands.h"
#include "cpe/cpe.h"

namespace vigil::cli {
namespace {

nlohmann::ordered_json value_json(const cpe::Value& v) {
  if (v.is_any()) return "ANY";
  if (v.is_na()) return "NA";
  return v.text;
}

nlohmann::ordered_json to_json(const std::string& input, const cpe::Wfn& w) {
  nlohmann::ordered_json wfn = nlohmann::ordered_json::object();
  for (size_t i = 0; i < cpe::kAttributeCount; ++i) {
    wfn[std::string(cpe::attribute_name(cpe::Attribute(i)))] = value_json(w.values[i]);
  }
  return {{"input", input},
          {"formatted_string", w.to_formatted_string()},
          {"uri", w.to_uri()},
          {"wfn", wfn}};
}

}  // namespace

void add_cpe_command(CLI::App& app, int& status) {
  auto* cmd = app.add_subcommand("cpe", "Parse CPE names (2.3 formatted strings or 2.2 URIs)");
  auto inputs = std::make_shared<std::vector<std::string>>();
  auto format = std::make_shared<std::string>("text");
  cmd->add_option("cpe", *inputs, "CPE names");
  add_format_option(*cmd, *format);
  cmd->callback([cmd, inputs, format, &status] {
    if (cmd->get_subcommands().size() > 0) return;  // "cpe match" ran instead
    if (inputs->empty()) throw CLI::RequiredError("cpe: at least one CPE name");
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const std::string& in : *inputs) {
      auto w = cpe::parse(in);
      if (!w) status = 1;
      if (*format == "json") {
        out.push_back(w ? to_json(in, *w)
                        : nlohmann::ordered_json{{"input", in}, {"error", w.error().message}});
      } else if (w) {
        std::cout << w->to_formatted_string() << "\t" << w->to_uri() << "\n";
      } else {
        std::cerr << "vigil cpe: " << w.error().message << "\n";
      }
    }
    if (*format == "json") print_json(out);
  });

  auto* match = cmd->add_subcommand("match", "How the products SOURCE names relate to TARGET's");
  auto pair = std::make_shared<std::vector<std::string>>();
  auto match_format = std::make_shared<std::string>("text");
  match->add_option("names", *pair, "SOURCE and TARGET CPE names")->required()->expected(2);
  add_format_option(*match, *match_format);
  match->callback([pair, match_format, &status] {
    auto source = cpe::parse((*pair)[0]);
    auto target = cpe::parse((*pair)[1]);
    for (const auto* r : {&source, &target}) {
      if (!*r) {
        std::cerr << "vigil cpe match: " << r->error().message << "\n";
        status = 2;
        return;
      }
    }
    const std::string_view rel = cpe::relation_name(cpe::compare(*source, *target));
    if (*match_format == "json") {
      print_json(nlohmann::ordered_json{
          {"source", (*pair)[0]}, {"target", (*pair)[1]}, {"relation", rel}});
    } else {
      std::cout << rel << "\n";
    }
  });
}

}  // namespace vigil::cli

// vigil cvss VECTOR... [--format json]: each CVSS vector's version, base,
// temporal and environmental scores and severities (v4.0: the base score and
// the score of every group the vector holds, with its nomenclature).
// Exit 2 when any vector is invalid (the valid ones are still printed).
#include <iostream>

#include <nlohmann/json.hpp>

#include "commands.h"
#include "cvss/cvss.h"

namespace vigil::cli {
namespace {

using Json = nlohmann::ordered_json;

Json number(const std::optional<double>& s) { return s ? Json(*s) : Json(nullptr); }

Json severity_of(cvss::Version v, const std::optional<double>& s) {
  return s ? Json(std::string(cvss::severity(v, *s))) : Json(nullptr);
}

}  // namespace

void add_cvss_command(CLI::App& app, int& status) {
  auto* cmd =
      app.add_subcommand("cvss", "Scores and severities of CVSS v2, v3.0, v3.1 and v4.0 vectors");
  auto inputs = std::make_shared<std::vector<std::string>>();
  auto format = std::make_shared<std::string>("text");
  cmd->add_option("vector", *inputs, "CVSS vectors")->required();
  add_format_option(*cmd, *format);
  cmd->callback([inputs, format, &status] {
    Json out = Json::array();
    for (const std::string& in : *inputs) {
      auto v = cvss::parse(in);
      if (!v) {
        std::cerr << "vigil cvss: " << v.error().message << "\n";
        status = 2;
        if (*format == "json") out.push_back({{"vector", in}, {"error", v.error().message}});
        continue;
      }
      const auto base = cvss::base_score(*v);
      const auto temporal = cvss::temporal_score(*v);
      const auto environmental = cvss::environmental_score(*v);
      Json j = {{"vector", in},
                {"version", std::string(cvss::version_name(v->version))},
                {"base_score", number(base)},
                {"base_severity", severity_of(v->version, base)},
                {"temporal_score", number(temporal)},
                {"temporal_severity", severity_of(v->version, temporal)},
                {"environmental_score", number(environmental)},
                {"environmental_severity", severity_of(v->version, environmental)}};
      if (v->version == cvss::Version::v4_0) {
        const auto score = cvss::score(*v);
        j["score"] = number(score);
        j["severity"] = severity_of(v->version, score);
        j["nomenclature"] = std::string(cvss::nomenclature(*v));
      }
      if (*format == "json") {
        out.push_back(std::move(j));
        continue;
      }
      std::cout << in << "\tbase " << j["base_score"].dump() << " "
                << j["base_severity"].get<std::string>();
      if (v->version == cvss::Version::v4_0) {
        std::cout << "\t" << j["nomenclature"].get<std::string>() << " " << j["score"].dump() << " "
                  << j["severity"].get<std::string>();
      }
      if (temporal) std::cout << "\ttemporal " << *temporal;
      if (environmental) std::cout << "\tenvironmental " << *environmental;
      std::cout << "\n";
    }
    if (*format == "json") print_json(out);
  });
}

}  // namespace vigil::cli

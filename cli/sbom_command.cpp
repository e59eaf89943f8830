// vigil sbom inspect FILE [--format json]   format, counts, primary, quality, diagnostics
// vigil sbom components FILE [--format json] every component with every identifier
// vigil sbom convert FILE --to cyclonedx-json CycloneDX 1.6 JSON on stdout
// Exit 0 when the SBOM read without errors, 1 with errors, 2 when the file is
// unreadable or not an SBOM.
#include <iostream>

#include <nlohmann/json.hpp>

#include "commands.h"
#include "core/text.h"
#include "sbom/sbom.h"

namespace vigil::cli {
namespace {

using Json = nlohmann::ordered_json;

Json component_json(const sbom::Component& c) {
  Json hashes = Json::array();
  for (const auto& h : c.hashes) hashes.push_back({{"alg", h.algorithm}, {"content", h.value}});
  Json props = Json::array();
  for (const auto& p : c.properties) props.push_back({{"name", p.name}, {"value", p.value}});
  return {{"ref", c.ref},
          {"type", c.type},
          {"group", c.group},
          {"name", c.name},
          {"version", c.version},
          {"purls", c.purls},
          {"cpes", c.cpes},
          {"other_ids", c.other_ids},
          {"supplier", c.supplier},
          {"manufacturer", c.manufacturer},
          {"author", c.author},
          {"hashes", hashes},
          {"licenses", c.licenses},
          {"scope", c.scope},
          {"support_level", c.support_level},
          {"end_of_support", c.end_of_support},
          {"parent", c.parent},
          {"properties", props}};
}

Json quality_json(const sbom::Quality& q) {
  Json incomplete = Json::array();
  for (const auto& c : q.incomplete) incomplete.push_back({{"ref", c.ref}, {"missing", c.missing}});
  return {{"components", q.components},
          {"ntia_score", q.ntia_score},
          {"fda_support_score", q.fda_support_score},
          {"document", {{"author", q.has_author}, {"timestamp", q.has_timestamp}}},
          {"coverage",
           {{"supplier", q.coverage.supplier},
            {"name", q.coverage.name},
            {"version", q.coverage.version},
            {"unique_id", q.coverage.unique_id},
            {"relationship", q.coverage.relationship},
            {"support_level", q.coverage.support_level},
            {"end_of_support", q.coverage.end_of_support}}},
          {"incomplete", incomplete}};
}

// Reads the file or prints why not; nullopt means exit status 2.
std::optional<sbom::Document> load(const std::string& path, const char* verb) {
  auto doc = sbom::read_file(path);
  if (!doc) {
    std::cerr << "vigil sbom " << verb << ": " << doc.error().to_string() << "\n";
    return std::nullopt;
  }
  return std::move(*doc);
}

std::string percent(size_t n, size_t of) { return of ? std::to_string(n * 100 / of) + "%" : "-"; }

void print_inspect_text(const std::string& path, const sbom::Document& d, const sbom::Quality& q) {
  std::cout << path << ": " << sbom::format_name(d.format) << " " << d.spec_version << " ("
            << sbom::encoding_name(d.encoding) << ")\n"
            << "  components:   " << d.components.size() << "\n"
            << "  dependencies: " << d.dependencies.size() << "\n";
  if (d.has_primary) {
    std::cout << "  primary:      " << inert(d.primary.name)
              << (d.primary.version.empty() ? "" : " " + inert(d.primary.version)) << "\n";
  }
  const size_t n = q.components;
  std::cout << "  NTIA elements: supplier " << percent(q.coverage.supplier, n) << ", name "
            << percent(q.coverage.name, n) << ", version " << percent(q.coverage.version, n)
            << ", unique id " << percent(q.coverage.unique_id, n) << ", relationship "
            << percent(q.coverage.relationship, n) << "; author " << (q.has_author ? "yes" : "no")
            << ", timestamp " << (q.has_timestamp ? "yes" : "no") << "\n"
            << "  FDA support:   level " << percent(q.coverage.support_level, n)
            << ", end-of-support date " << percent(q.coverage.end_of_support, n) << "\n";
  for (const auto& diag : d.diagnostics) {
    std::cout << "  " << sbom::severity_name(diag.severity) << ": " << inert(diag.location) << ": "
              << inert(diag.message) << "\n";
  }
}

}  // namespace

void add_sbom_command(CLI::App& app, int& status) {
  auto* cmd = app.add_subcommand("sbom", "Read, check and convert SBOMs (CycloneDX, SPDX)");
  cmd->require_subcommand(1);

  auto* inspect = cmd->add_subcommand("inspect", "Format, counts, quality and diagnostics");
  auto ipath = std::make_shared<std::string>();
  auto iformat = std::make_shared<std::string>("text");
  inspect->add_option("file", *ipath, "SBOM file")->required();
  add_format_option(*inspect, *iformat);
  inspect->callback([ipath, iformat, &status] {
    auto doc = load(*ipath, "inspect");
    if (!doc) {
      status = 2;
      return;
    }
    const sbom::Quality q = sbom::assess_quality(*doc);
    if (*iformat == "json") {
      Json diags = Json::array();
      for (const auto& d : doc->diagnostics) {
        diags.push_back({{"severity", sbom::severity_name(d.severity)},
                         {"location", d.location},
                         {"message", d.message}});
      }
      Json primary = nullptr;
      if (doc->has_primary) {
        primary = {{"ref", doc->primary.ref},
                   {"name", doc->primary.name},
                   {"version", doc->primary.version},
                   {"purl",
                    doc->primary.purls.empty() ? Json(nullptr) : Json(doc->primary.purls.front())}};
      }
      print_json(Json{{"file", *ipath},
                      {"format", sbom::format_name(doc->format)},
                      {"spec_version", doc->spec_version},
                      {"encoding", sbom::encoding_name(doc->encoding)},
                      {"serial_number", doc->serial_number},
                      {"timestamp", doc->timestamp},
                      {"components", doc->components.size()},
                      {"dependencies", doc->dependencies.size()},
                      {"primary", primary},
                      {"quality", quality_json(q)},
                      {"diagnostics", diags}});
    } else {
      print_inspect_text(*ipath, *doc, q);
    }
    status = doc->has_errors() ? 1 : 0;
  });

  auto* components = cmd->add_subcommand("components", "Every component with every identifier");
  auto cpath = std::make_shared<std::string>();
  auto cformat = std::make_shared<std::string>("text");
  components->add_option("file", *cpath, "SBOM file")->required();
  add_format_option(*components, *cformat);
  components->callback([cpath, cformat, &status] {
    auto doc = load(*cpath, "components");
    if (!doc) {
      status = 2;
      return;
    }
    if (*cformat == "json") {
      Json out = Json::array();
      for (const auto& c : doc->components) out.push_back(component_json(c));
      print_json(out);
    } else {
      for (const auto& c : doc->components) {
        std::cout << inert(c.name) << "\t" << inert(c.version) << "\t"
                  << (c.purls.empty() ? "-" : inert(c.purls.front())) << "\t"
                  << (c.cpes.empty() ? "-" : inert(c.cpes.front())) << "\n";
      }
    }
    status = doc->has_errors() ? 1 : 0;
  });

  auto* convert = cmd->add_subcommand("convert", "Write the SBOM as CycloneDX 1.6 JSON on stdout");
  auto vpath = std::make_shared<std::string>();
  auto target = std::make_shared<std::string>();
  convert->add_option("file", *vpath, "SBOM file")->required();
  convert->add_option("--to", *target, "Output format")
      ->required()
      ->check(CLI::IsMember({"cyclonedx-json"}));
  // The callback owns every option's storage: CLI11 writes to it after this function returns.
  convert->callback([vpath, target, &status] {
    auto doc = load(*vpath, "convert");
    if (!doc) {
      status = 2;
      return;
    }
    for (const auto& d : doc->diagnostics) {
      if (d.severity == sbom::Severity::error) {
        std::cerr << "vigil sbom convert: " << *vpath << ": " << d.location << ": " << d.message
                  << "\n";
      }
    }
    std::cout << sbom::write_cyclonedx_json(*doc);
    status = doc->has_errors() ? 1 : 0;
  });
}

}  // namespace vigil::cli

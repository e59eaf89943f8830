// vigil db import PATH... --db KB           import feed files and folders (atomic)
// vigil db update --db KB [...]            fetch the feeds (update_command.cpp)
// vigil db stats --db KB [--format json]    counts per source and ecosystem, feed times
// vigil db show ID --db KB [--format json]  one merged vulnerability, by any alias
// Exit 0 on success, 1 when `show` finds nothing, 2 on unusable input.
#include <iostream>

#include "advisory/advisory_json.h"
#include "commands.h"
#include "kb/kb.h"

namespace vigil::cli {
namespace {

using Json = nlohmann::ordered_json;

std::optional<kb::KnowledgeBase> open_kb(const std::string& path, const char* verb) {
  auto kb = kb::KnowledgeBase::open(path);
  if (!kb) {
    std::cerr << "vigil db " << verb << ": " << kb.error().to_string() << "\n";
    return std::nullopt;
  }
  return std::move(*kb);
}

}  // namespace

void add_db_command(CLI::App& app, int& status) {
  auto* cmd = app.add_subcommand("db", "The knowledge base of public vulnerability facts");
  cmd->require_subcommand(1);

  auto* import = cmd->add_subcommand(
      "import", "Import feed files and folders (OSV, NVD, CVE 5, CSAF, KEV, EPSS)");
  auto paths = std::make_shared<std::vector<std::string>>();
  auto ipath = std::make_shared<std::string>();
  import->add_option("path", *paths, "Feed files or folders")->required();
  import->add_option("--db", *ipath, "Knowledge base file")->required();
  import->callback([paths, ipath, &status] {
    auto kb = open_kb(*ipath, "import");
  if (!kb) {
    status = 2;
    return;
  }
  auto report = kb->import_paths(*paths);
  if (!report) {
    std::cerr << "vigil db import: " << report.error().to_string() << " (nothing was imported)\n";
    status = 2;
    return;
  }
  for (const auto& e : report->skipped)
    std::cerr << "vigil db import: skipped " << e.to_string() << "\n";
  std::cout << "imported " << report->files << " file(s): " << report->added << " new, "
            << report->replaced << " replaced, " << report->unchanged << " unchanged record(s); "
            << report->kev << " KEV, " << report->epss << " EPSS entries; "
            << report->skipped.size() << " skipped\n";
});

add_db_update_command(*cmd, status);

auto* stats = cmd->add_subcommand(
    "stats", "Counts per source and ecosystem, and when each feed was imported");
auto spath = std::make_shared<std::string>();
auto sformat = std::make_shared<std::string>("text");
stats->add_option("--db", *spath, "Knowledge base file")->required();
add_format_option(*stats, *sformat);
stats->callback([spath, sformat, &status] {
  auto kb = open_kb(*spath, "stats");
  if (!kb) {
    status = 2;
    return;
  }
  auto s = kb->stats();
  if (!s) {
    std::cerr << "vigil db stats: " << s.error().to_string() << "\n";
    status = 2;
    return;
  }
  if (*sformat == "json") {
    Json feeds = Json::object();
    for (const auto& [name, updated] : s->feeds) feeds[name] = {{"updated", updated}};
    for (const auto& [name, scopes] : s->cursors) feeds[name]["cursors"] = scopes;
    print_json({{"vulnerabilities", s->vulnerabilities},
                {"advisories", s->advisories},
                {"sources", s->sources},
                {"ecosystems", s->ecosystems},
                {"feeds", feeds}});
    return;
  }
  std::cout << "vulnerabilities: " << s->vulnerabilities << "\nadvisories:      " << s->advisories
            << "\n";
  for (const auto& [src, n] : s->sources) std::cout << "  " << src << ": " << n << "\n";
  for (const auto& [eco, n] : s->ecosystems)
    std::cout << "  ecosystem " << eco << ": " << n << "\n";
  for (const auto& [name, updated] : s->feeds)
    std::cout << "  feed " << name << " imported " << updated << "\n";
  for (const auto& [name, scopes] : s->cursors) {
    for (const auto& [scope, value] : scopes)
      std::cout << "  feed " << name << " " << scope << " current to " << value << "\n";
  }
});

auto* show = cmd->add_subcommand("show", "One merged vulnerability, found by any of its ids");
auto id = std::make_shared<std::string>();
auto vpath = std::make_shared<std::string>();
auto vformat = std::make_shared<std::string>("text");
show->add_option("id", *id, "CVE, GHSA, OSV or CSAF id")->required();
show->add_option("--db", *vpath, "Knowledge base file")->required();
add_format_option(*show, *vformat);
show->callback([id, vpath, vformat, &status] {
  auto kb = open_kb(*vpath, "show");
  if (!kb) {
    status = 2;
    return;
  }
  auto found = kb->find(*id);
  if (!found) {
    std::cerr << "vigil db show: " << found.error().to_string() << "\n";
    status = 2;
    return;
  }
  if (!*found) {
    std::cerr << "vigil db show: no vulnerability known as '" << *id << "'\n";
    status = 1;
    return;
  }
  const kb::Vulnerability& v = **found;
  if (*vformat == "json") {
    Json advisories = Json::array();
    for (const auto& a : v.advisories) advisories.push_back(advisory::to_json(a));
    Json kev = nullptr, epss = nullptr;
    if (v.kev) {
      kev = {{"date_added", v.kev->date_added},
             {"due_date", v.kev->due_date},
             {"ransomware", v.kev->ransomware},
             {"name", v.kev->name}};
    }
    if (v.epss) epss = {{"score", v.epss->epss}, {"percentile", v.epss->percentile}};
    print_json({{"id", v.id},
                {"aliases", v.aliases},
                {"kev", kev},
                {"epss", epss},
                {"advisories", advisories}});
    return;
  }
  std::cout << v.id << "\n  aliases: ";
  for (size_t i = 0; i < v.aliases.size(); ++i) std::cout << (i ? ", " : "") << v.aliases[i];
  std::cout << "\n";
  if (v.kev)
    std::cout << "  KEV: added " << v.kev->date_added << ", due " << v.kev->due_date << "\n";
  if (v.epss)
    std::cout << "  EPSS: " << v.epss->epss << " (percentile " << v.epss->percentile << ")\n";
  for (const auto& a : v.advisories) {
    std::cout << "  [" << advisory::source_name(a.source) << "] " << a.id << ": "
              << (a.summary.empty() ? a.details.substr(0, 100) : a.summary) << "\n";
  }
});
}  // namespace vigil::cli

}  // namespace vigil::cli

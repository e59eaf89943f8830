// vigil db import PATH... --db KB           import feed files and folders (atomic)
// vigil db update --db KB [...]            fetch the feeds (update_command.cpp)
// vigil db stats --db KB [--format json]    counts per source and ecosystem, feed times
// vigil db show ID --db KB [--format json]  one merged vulnerability, by any alias
// Exit 0 on success, 1 when `show` finds nothing, 2 on unusable input.
#include <iostream>

#include "advisory/advisory.h"
#include "commands.h"
#include "core/text.h"
#include "kb/json.h"
#include "service/knowledge.h"

namespace vigil::cli {
namespace {

// The kb's own verbs read an empty kb; only an import may start one.
std::unique_ptr<service::KnowledgeService> open_kb(const std::string& path, const char* verb,
                                                   bool create, int& status) {
  auto kb = service::KnowledgeService::open(
      path, {.max_workers = 1, .max_cached_records = 0, .allow_empty = true, .create = create});
  if (!kb) {
    fail(verb, kb.error(), status);
    return nullptr;
  }
  return std::move(*kb);
}

}  // namespace

void add_db_command(CLI::App& app, int& status) {
  auto* cmd = app.add_subcommand("db", "The knowledge base of public vulnerability facts");
  cmd->require_subcommand(1);

  auto* import_cmd = cmd->add_subcommand(
      "import", "Import feed files and folders (OSV, NVD, CVE 5, CSAF, KEV, EPSS)");
  auto paths = std::make_shared<std::vector<std::string>>();
  auto ipath = std::make_shared<std::string>();
  import_cmd->add_option("path", *paths, "Feed files or folders")->required();
  import_cmd->add_option("--db", *ipath, "Knowledge base file")->required();
  import_cmd->callback([paths, ipath, &status] {
    auto kb = open_kb(*ipath, "db import", true, status);
    if (!kb) return;
    auto report = kb->import_paths(*paths);
    if (!report) {
      Error e = report.error();
      e.message += " (nothing was imported)";
      return fail("db import", e, status);
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
    auto kb = open_kb(*spath, "db stats", false, status);
    if (!kb) return;
    auto s = kb->stats();
    if (!s) return fail("db stats", s.error(), status);
    if (*sformat == "json") return print_json(kb::to_json(*s));
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
    auto kb = open_kb(*vpath, "db show", false, status);
    if (!kb) return;
    auto found = kb->find(*id);
    if (!found) return fail("db show", found.error(), status);
    if (!*found) {
      std::cerr << "vigil db show: no vulnerability known as '" << *id << "'\n";
      status = 1;
      return;
    }
    const kb::Vulnerability& v = **found;
    if (*vformat == "json") return print_json(kb::to_json(v));
    std::cout << inert(v.id) << "\n  aliases: ";
    for (size_t i = 0; i < v.aliases.size(); ++i)
      std::cout << (i ? ", " : "") << inert(v.aliases[i]);
    std::cout << "\n";
    if (v.kev)
      std::cout << "  KEV: added " << v.kev->date_added << ", due " << v.kev->due_date << "\n";
    if (v.epss)
      std::cout << "  EPSS: " << v.epss->epss << " (percentile " << v.epss->percentile << ")\n";
    for (const auto& a : v.advisories) {
      std::cout << "  [" << advisory::source_name(a.source) << "] " << inert(a.id) << ": "
                << inert(a.summary.empty() ? a.details.substr(0, 100) : a.summary) << "\n";
    }
  });
}  // namespace vigil::cli

}  // namespace vigil::cli

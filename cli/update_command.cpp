// vigil db update --db KB [--feed NAME]... [--ecosystem ECO]... [--url NAME=URL]...
//                 [--nvd-api-key KEY]
// Fetches the public feeds and imports what changed, one transaction per
// feed. Progress goes to stderr: a bar on a terminal, log lines otherwise;
// a summary line per feed goes to stdout.
// Exit 0 when every feed updated, 1 when one or more failed (the others are
// still imported), 2 on unusable arguments or kb.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>

#include "commands.h"
#include "feeds/update.h"
#include "service/knowledge.h"

namespace vigil::cli {
namespace {

std::string megabytes(int64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / 1e6);
  return buf;
}

// A bar redrawn in place on a terminal, at most ten times a second; plain
// lines for a log.
class ConsoleProgress : public feeds::Progress {
 public:
  explicit ConsoleProgress(bool terminal) : terminal_(terminal) {}
  ~ConsoleProgress() override { clear(); }

  // Takes the bar off the screen before other output.
  void clear() {
    if (dirty_) std::cerr << "\r\033[K" << std::flush;
    dirty_ = false;
  }

  void note(feeds::Feed feed, std::string_view line) override {
    clear();
    std::cerr << "vigil db update: " << feeds::feed_name(feed) << ": " << line << "\n";
  }

  void advance(feeds::Feed feed, std::string_view what, int64_t done, int64_t total,
               Unit unit) override {
    if (!terminal_) return;
    const auto now = std::chrono::steady_clock::now();
    const bool complete = total > 0 && done >= total;
    if (now - drawn_ < std::chrono::milliseconds(100) && !(complete && !drew_complete_)) return;
    drawn_ = now;
    drew_complete_ = complete;
    constexpr int kWidth = 24;
    std::string bar;
    std::string amount;
    if (total > 0) {
      const int filled = static_cast<int>(kWidth * std::min<int64_t>(done, total) / total);
      bar = "[" + std::string(static_cast<size_t>(filled), '#') +
            std::string(static_cast<size_t>(kWidth - filled), '-') + "] ";
    }
    if (unit == Unit::bytes) {
      amount = megabytes(done) + (total > 0 ? " / " + megabytes(total) : "");
    } else {
      amount = std::to_string(done) + (total > 0 ? " / " + std::to_string(total) : "");
    }
    std::cerr << "\r\033[K" << feeds::feed_name(feed) << " " << what << " " << bar << amount
              << std::flush;
    dirty_ = true;
  }

 private:
  bool terminal_;
  bool drew_complete_ = false;
  bool dirty_ = false;
  std::chrono::steady_clock::time_point drawn_{};
};

}  // namespace

void add_db_update_command(CLI::App& db, int& status) {
  auto* cmd = db.add_subcommand(
      "update", "Fetch the public feeds (NVD, OSV, KEV, EPSS, CSAF) and import what changed");
  struct Args {
    std::string db;
    std::vector<std::string> feeds, ecosystems, urls;
    std::string api_key;
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("--db", args->db, "Knowledge base file")->required()->envname("VIGIL_DB");
  std::vector<std::string> names;
  for (feeds::Feed f : feeds::kAllFeeds) names.emplace_back(feeds::feed_name(f));
  cmd->add_option("--feed", args->feeds, "A feed to update (repeatable; default: all)")
      ->check(CLI::IsMember(names));
  cmd->add_option("--ecosystem", args->ecosystems,
                  "An OSV ecosystem to update (repeatable; default: those updated before, else "
                  "every one)");
  cmd->add_option("--url", args->urls,
                  "NAME=URL: fetch a feed from elsewhere (a mirror); for csaf, repeatable")
      ->check([names](const std::string& v) -> std::string {
        const size_t eq = v.find('=');
        if (eq == std::string::npos || eq + 1 == v.size())
          return "expected NAME=URL, got '" + v + "'";
        if (std::find(names.begin(), names.end(), v.substr(0, eq)) == names.end())
          return "no feed named '" + v.substr(0, eq) + "' (nvd, osv, kev, epss, csaf)";
        return {};
      });
  cmd->add_option("--nvd-api-key", args->api_key,
                  "NVD API key: 50 requests per 30 s instead of 5 (prefer the environment)")
      ->envname("NVD_API_KEY");
  cmd->callback([args, &status] {
    feeds::UpdateOptions options;
    for (const auto& n : args->feeds) options.feeds.push_back(*feeds::feed_from_name(n));
    options.ecosystems = args->ecosystems;
    for (const auto& u : args->urls) {
      const size_t eq = u.find('=');
      options.urls[*feeds::feed_from_name(u.substr(0, eq))].push_back(u.substr(eq + 1));
    }
    options.nvd_api_key = args->api_key;
    options.http.user_agent = std::string("vigil/") + kVersion;
    // An update may start a kb, as an import may.
    auto kb = service::KnowledgeService::open(
        args->db, {.max_workers = 1, .max_cached_records = 0, .create = true});
    if (!kb) return fail("db update", kb.error(), status);
    ConsoleProgress progress(isatty(STDERR_FILENO) != 0);
    auto report = (*kb)->update(options, progress);
    if (!report) return fail("db update", report.error(), status);
    progress.clear();
    for (const auto& f : report->feeds) {
      const std::string_view name = feeds::feed_name(f.feed);
      for (const auto& n : f.notes) std::cerr << "vigil db update: " << name << ": " << n << "\n";
      for (const auto& e : f.import.skipped)
        std::cerr << "vigil db update: " << name << ": skipped " << e.to_string() << "\n";
      if (f.error) {
        std::cerr << "vigil db update: " << name
                  << " failed, nothing of it imported: " << f.error->to_string() << "\n";
        std::cout << name << ": failed\n";
        continue;
      }
      const auto& i = f.import;
      std::cout << name << ": " << f.downloads << " download(s), " << megabytes(f.bytes) << "; "
                << i.added << " new, " << i.replaced << " replaced, " << i.unchanged
                << " unchanged record(s)";
      if (i.kev > 0) std::cout << ", " << i.kev << " KEV entries";
      if (i.epss > 0) std::cout << ", " << i.epss << " EPSS scores";
      std::cout << "; " << i.skipped.size() << " skipped\n";
    }
    status = report->ok() ? 0 : 1;
  });
}

}  // namespace vigil::cli

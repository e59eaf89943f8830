#include "feeds/update.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <set>
#include <unordered_map>

#include "core/text.h"
#include "feeds/indexes.h"

namespace vigil::feeds {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kNames[] = {"nvd", "osv", "kev", "epss", "csaf"};

// A path segment of a URL: unreserved characters and the sub-delimiters
// osv.dev's ecosystem names use (':' in "Debian:12") stay; the rest is
// percent-encoded.
std::string url_segment(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (is_alnum(static_cast<char>(c)) || c == '-' || c == '.' || c == '_' || c == '~' ||
        c == ':' || c == '@') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

std::string trim_slash(std::string s) {
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

// The hex digest of a file's bytes under SHA-256 or SHA-512 (chosen by the
// expected digest's length).
std::optional<std::string> digest(std::string_view bytes, size_t hex_length) {
  const EVP_MD* md = hex_length == 128 ? EVP_sha512() : EVP_sha256();
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), out, &n, md, nullptr) != 1) return std::nullopt;
  std::string hex;
  for (unsigned int i = 0; i < n; ++i) {
    char buf[3];
    std::snprintf(buf, sizeof buf, "%02x", out[i]);
    hex += buf;
  }
  return hex;
}

// Removes the staging folder however the update ends.
struct Staging {
  fs::path dir;
  ~Staging() {
    std::error_code ec;
    if (!dir.empty()) fs::remove_all(dir, ec);
  }
};

Result<fs::path> make_staging(const kb::KnowledgeBase& kb, const std::string& chosen) {
  fs::path parent = chosen;
  std::string stem = "vigil";
  if (parent.empty()) {
    const fs::path kb_path = kb.path();
    parent = kb_path.has_parent_path() ? kb_path.parent_path() : fs::temp_directory_path();
    if (!kb_path.filename().empty()) stem = "." + kb_path.filename().string();
  }
  std::error_code ec;
  fs::create_directories(parent, ec);
  std::string templ = (parent / (stem + ".update-XXXXXX")).string();
  if (mkdtemp(templ.data()) == nullptr)
    return Error{"cannot create a folder for the downloads", parent.string()};
  return fs::path(templ);
}

// The text after a URL's last slash, for naming a download.
std::string base_name(std::string_view url) {
  if (const size_t q = url.find('?'); q != std::string_view::npos) url = url.substr(0, q);
  const size_t slash = url.rfind('/');
  std::string name(slash == std::string_view::npos ? url : url.substr(slash + 1));
  for (char& c : name) {
    if (!is_alnum(c) && c != '.' && c != '-' && c != '_') c = '_';
  }
  return name.empty() ? "download" : name;
}

// What fetching a feed gathered, for one import.
struct Fetched {
  std::vector<std::string> paths;
  std::vector<kb::Cursor> cursors;
  std::vector<Error> skipped;
  std::vector<std::string> notes;
};

class Updater {
 public:
  Updater(kb::KnowledgeBase& kb, const UpdateOptions& options, Progress& progress, HttpClient http,
          fs::path staging)
      : kb_(kb),
        options_(options),
        progress_(progress),
        http_(std::move(http)),
        staging_(std::move(staging)),
        nvd_limiter_(options.nvd_api_key.empty() ? 5 : 50, std::chrono::seconds(30), Clock::now,
                     options.http.sleep) {}

  FeedOutcome run(Feed feed) {
    FeedOutcome out;
    out.feed = feed;
    feed_ = feed;
    dir_ = staging_ / std::string(feed_name(feed));
    std::error_code ec;
    fs::create_directories(dir_, ec);
    Result<Fetched> fetched = fetch(feed);
    out.downloads = downloads_;
    out.bytes = bytes_;
    downloads_ = 0;
    bytes_ = 0;
    if (!fetched) {
      out.error = fetched.error();
      return out;
    }
    progress_.note(feed, "importing");
    auto imported = kb_.import_paths(fetched->paths, fetched->cursors);
    if (!imported) {
      out.error = imported.error();
      return out;
    }
    out.import = std::move(*imported);
    for (auto& e : fetched->skipped) out.import.skipped.push_back(std::move(e));
    out.cursors = std::move(fetched->cursors);
    out.notes = std::move(fetched->notes);
    fs::remove_all(dir_, ec);  // the next feed needs the room more than this one its files
    return out;
  }

 private:
  Result<Fetched> fetch(Feed feed) {
    switch (feed) {
      case Feed::nvd:
        return nvd();
      case Feed::osv:
        return osv();
      case Feed::kev:
      case Feed::epss:
        return whole_file();
      case Feed::csaf:
        return csaf();
    }
    return Error{"no such feed", {}};
  }

  std::vector<std::string> urls(Feed f) const {
    if (const auto it = options_.urls.find(f); it != options_.urls.end() && !it->second.empty())
      return it->second;
    return {default_url(f)};
  }
  std::string url(Feed f) const { return trim_slash(urls(f).front()); }

  std::string next_file(std::string_view name) {
    char prefix[16];
    std::snprintf(prefix, sizeof prefix, "%06zu-", ++files_);
    return (dir_ / (prefix + std::string(name))).string();
  }

  int64_t now() const {
    return options_.now ? options_.now() : static_cast<int64_t>(std::time(nullptr));
  }

  // One download to a file (or memory when `to_file` is empty), reported as
  // it goes. `what` names it for a person.
  Result<Response> get(const std::string& url, const std::string& to_file, std::string what,
                       std::vector<std::string> headers = {}, RateLimiter* limiter = nullptr) {
    Request r;
    r.url = url;
    r.to_file = to_file;
    r.headers = std::move(headers);
    r.limiter = limiter;
    r.progress = [this, &what](int64_t done, int64_t total) {
      progress_.advance(feed_, what, done, total, Progress::Unit::bytes);
    };
    auto response = http_.get(r);
    if (response) {
      ++downloads_;
      bytes_ += response->bytes;
    }
    return response;
  }

  // A download that must answer 200.
  Result<Response> require(const std::string& url, const std::string& to_file, std::string what,
                           std::vector<std::string> headers = {}, RateLimiter* limiter = nullptr) {
    auto r = get(url, to_file, std::move(what), std::move(headers), limiter);
    if (!r) return r.error();
    if (r->status != 200) return http_error(*r, url);
    return r;
  }

  std::map<std::string, std::string> cursors(Feed f) const {
    std::map<std::string, std::string> out;
    auto c = kb_.cursors(feed_name(f));
    if (c) {
      for (auto& cur : *c) out[cur.scope] = cur.value;
    }
    return out;
  }

  // --- NVD ---------------------------------------------------------------

  Result<Fetched> nvd() {
    Fetched f;
    const std::string endpoint = url(Feed::nvd) + "/rest/json/cves/2.0";
    std::vector<std::string> headers;
    if (!options_.nvd_api_key.empty()) headers.push_back("apiKey: " + options_.nvd_api_key);
    const int64_t until = now();
    const auto have = cursors(Feed::nvd);
    const auto it = have.find("api");
    std::optional<int64_t> since;
    if (it != have.end()) {
      since = parse_time(it->second);
      if (!since) return Error{"the stored NVD cursor " + quote(it->second) + " is not a time", {}};
    }
    const auto nvd_time = [](int64_t t) {
      // The API's documented form, with the '+' of the offset encoded.
      std::string s = format_time(t);
      s.pop_back();  // 'Z'
      return s + ".000%2B00:00";
    };
    const auto pages = [&](const std::string& query, const std::string& label) -> Result<void> {
      int64_t start = 0;
      for (;;) {
        const std::string u =
            endpoint + "?" + query + "resultsPerPage=2000&startIndex=" + std::to_string(start);
        // Read in memory for its paging fields, then kept for the import.
        auto r = get(u, "", label, headers, &nvd_limiter_);
        if (!r) return r.error();
        if (r->status != 200) {
          Error e = http_error(*r, u);
          if (r->status == 403 || r->status == 401) e.message += " (is the NVD API key right?)";
          return e;
        }
        auto page = parse_nvd_page(r->body, u);
        if (!page) return page.error();
        auto file = keep(r->body, "nvd-page.json");
        if (!file) return file.error();
        f.paths.push_back(*file);
        const int64_t next = page->start_index + page->results_per_page;
        progress_.advance(Feed::nvd, label, std::min(next, page->total_results),
                          page->total_results, Progress::Unit::items);
        if (page->results_per_page == 0 || next >= page->total_results) return {};
        start = next;
      }
    };
    if (!since) {
      progress_.note(Feed::nvd, "no earlier update: fetching every CVE");
      if (auto r = pages("", "CVEs"); !r) return r.error();
    } else {
      for (int64_t from = *since; from < until;) {
        const int64_t to = std::min(from + kNvdWindowSeconds, until);
        progress_.note(Feed::nvd, "CVEs modified " + format_time(from) + " to " + format_time(to));
        const std::string query =
            "lastModStartDate=" + nvd_time(from) + "&lastModEndDate=" + nvd_time(to) + "&";
        if (auto r = pages(query, "CVEs modified"); !r) return r.error();
        from = to;
      }
    }
    f.cursors.push_back({"nvd", "api", format_time(until)});
    return f;
  }

  // --- OSV ---------------------------------------------------------------

  Result<Fetched> osv() {
    Fetched f;
    const std::string base = url(Feed::osv);
    const auto have = cursors(Feed::osv);
    std::vector<std::string> ecosystems = options_.ecosystems;
    if (ecosystems.empty()) {
      for (const auto& [scope, value] : have) ecosystems.push_back(scope);
    }
    if (ecosystems.empty()) {
      const std::string u = base + "/ecosystems.txt";
      auto r = require(u, "", "ecosystems.txt");
      if (!r) return r.error();
      for (std::string_view line : split(r->body, '\n')) {
        line = trim(line);
        if (!line.empty()) ecosystems.emplace_back(line);
      }
      if (ecosystems.empty()) return Error{"the bucket lists no ecosystem", u};
      progress_.note(Feed::osv, "no earlier update: fetching all " +
                                    std::to_string(ecosystems.size()) + " ecosystems");
    }
    for (const std::string& eco : ecosystems) {
      const std::string dir = base + "/" + url_segment(eco);
      // The list first: whatever changes after it is read is newer than the
      // cursor taken from it, and comes with the next update.
      const std::string list_url = dir + "/modified_id.csv";
      auto list = require(list_url, "", eco + " modified_id.csv");
      if (!list) return list.error();
      auto ids = parse_modified_ids(list->body, list_url);
      if (!ids) return ids.error();
      int64_t newest = 0;
      for (const auto& m : *ids) newest = std::max(newest, m.modified);
      std::vector<const ModifiedId*> changed;
      std::optional<int64_t> since;
      if (const auto it = have.find(eco); it != have.end()) since = parse_time(it->second);
      if (since) {
        for (const auto& m : *ids) {
          if (m.modified > *since) changed.push_back(&m);
        }
      }
      if (since && changed.size() <= kOsvSingleFetchLimit) {
        progress_.note(Feed::osv, eco + ": " + std::to_string(changed.size()) +
                                      " record(s) changed since " + format_time(*since));
        size_t done = 0;
        for (const ModifiedId* m : changed) {
          const std::string u = dir + "/" + url_segment(m->id) + ".json";
          const std::string file = next_file(base_name(m->id) + ".json");
          auto r = get(u, file, eco + " " + m->id);
          if (!r) return r.error();
          progress_.advance(Feed::osv, eco, static_cast<int64_t>(++done),
                            static_cast<int64_t>(changed.size()), Progress::Unit::items);
          if (r->status == 404) {
            // Listed but gone from the bucket: nothing to import for it.
            f.skipped.push_back({"listed as modified but not in the bucket (HTTP 404)", u});
            continue;
          }
          if (r->status != 200) return http_error(*r, u);
          f.paths.push_back(file);
        }
      } else {
        progress_.note(Feed::osv, eco + ": " +
                                      (since ? std::to_string(changed.size()) +
                                                   " records changed, fetching the archive"
                                             : std::string("fetching the archive")));
        const std::string u = dir + "/all.zip";
        const std::string file = next_file(url_segment(eco) + "-all.zip");
        if (auto r = require(u, file, eco + " all.zip"); !r) return r.error();
        f.paths.push_back(file);
      }
      if (newest > 0) {
        f.cursors.push_back({"osv", eco, format_time(newest)});
      } else if (const auto it = have.find(eco); it != have.end()) {
        f.cursors.push_back({"osv", eco, it->second});
      }
    }
    return f;
  }

  // --- KEV, EPSS ---------------------------------------------------------

  Result<Fetched> whole_file() {
    Fetched f;
    const std::string u = url(feed_);
    std::string name = base_name(u);
    // The importer tells gzip by the name; keep what the URL says it is.
    if (feed_ == Feed::kev && !name.ends_with(".json")) name += ".json";
    if (feed_ == Feed::epss && !name.ends_with(".gz") && !name.ends_with(".csv")) name += ".csv";
    const std::string file = next_file(name);
    if (auto r = require(u, file, base_name(u)); !r) return r.error();
    f.paths.push_back(file);
    return f;
  }

  // --- CSAF --------------------------------------------------------------

  Result<Fetched> csaf() {
    Fetched f;
    const auto have = cursors(Feed::csaf);
    for (const std::string& provider : urls(Feed::csaf)) {
      auto md_response = require(provider, "", "provider metadata");
      if (!md_response) return md_response.error();
      auto md = parse_provider_metadata(md_response->body, provider);
      if (!md) return md.error();
      std::unordered_map<std::string, Listed> listed;
      const auto add = [&listed](std::vector<Listed>&& docs) {
        for (auto& d : docs) {
          auto [it, fresh] = listed.try_emplace(d.url, d);
          if (!fresh) {
            it->second.updated = std::max(it->second.updated, d.updated);
            if (it->second.hash_url.empty()) it->second.hash_url = d.hash_url;
          }
        }
      };
      size_t sources = 0;
      for (const RolieFeedRef& feed : md->feeds) {
        if (!public_tlp(feed.tlp)) {
          f.notes.push_back("left out the TLP:" + (feed.tlp.empty() ? "(unlabelled)" : feed.tlp) +
                            " feed " + feed.url + ": the kb holds public facts only");
          continue;
        }
        auto r = require(feed.url, "", "ROLIE feed");
        if (!r) return r.error();
        auto docs = parse_rolie_feed(r->body, feed.url);
        if (!docs) return docs.error();
        add(std::move(*docs));
        ++sources;
      }
      for (const std::string& dir : md->directories) {
        const std::string u = dir + "/changes.csv";
        auto r = require(u, "", "changes.csv");
        if (!r) return r.error();
        auto docs = parse_changes_csv(r->body, dir, u);
        if (!docs) return docs.error();
        add(std::move(*docs));
        ++sources;
      }
      if (sources == 0)
        return Error{"the provider offers no public ROLIE feed or directory", provider};
      std::optional<int64_t> since;
      if (const auto it = have.find(provider); it != have.end()) since = parse_time(it->second);
      std::vector<const Listed*> chosen;
      int64_t newest = since.value_or(0);
      for (const auto& [u, doc] : listed) {
        newest = std::max(newest, doc.updated);
        if (!since || doc.updated > *since) chosen.push_back(&doc);
      }
      std::sort(chosen.begin(), chosen.end(),
                [](const Listed* a, const Listed* b) { return a->url < b->url; });
      progress_.note(Feed::csaf, (md->publisher.empty() ? provider : md->publisher) + ": " +
                                     std::to_string(chosen.size()) + " document(s) to fetch");
      size_t done = 0, unverified = 0;
      for (const Listed* doc : chosen) {
        // Checked in memory; only a document that passes is written.
        auto r = get(doc->url, "", "CSAF " + base_name(doc->url));
        if (!r) return r.error();
        progress_.advance(Feed::csaf, "documents", static_cast<int64_t>(++done),
                          static_cast<int64_t>(chosen.size()), Progress::Unit::items);
        if (r->status == 404) {
          f.skipped.push_back({"listed by the provider but not there (HTTP 404)", doc->url});
          continue;
        }
        if (r->status != 200) return http_error(*r, doc->url);
        auto check = verify(*doc, r->body);
        if (!check) return check.error();
        if (!check->rejection.empty()) {
          f.skipped.push_back({check->rejection, doc->url});
          continue;
        }
        if (!check->verified) ++unverified;
        auto file = keep(r->body, base_name(doc->url));
        if (!file) return file.error();
        f.paths.push_back(*file);
      }
      if (unverified > 0) {
        f.notes.push_back(std::to_string(unverified) + " document(s) from " + provider +
                          " have no published hash to check them against");
      }
      if (newest > 0) f.cursors.push_back({"csaf", provider, format_time(newest)});
    }
    return f;
  }

  // What checking a document against its published digest found.
  struct Check {
    bool verified = false;  // a digest was published and matched
    std::string rejection;  // why the document must be left out; empty when it may be used
  };

  // Checks a document against its published digest: the ROLIE hash link,
  // else <document>.sha512, else <document>.sha256.
  Result<Check> verify(const Listed& doc, std::string_view bytes) {
    std::vector<std::string> candidates;
    if (!doc.hash_url.empty()) {
      candidates.push_back(doc.hash_url);
    } else {
      candidates = {doc.url + ".sha512", doc.url + ".sha256"};
    }
    for (const std::string& u : candidates) {
      auto r = get(u, "", "hash");
      if (!r) return r.error();
      if (r->status == 404) continue;
      if (r->status != 200) return http_error(*r, u);
      const auto expected = parse_hash_file(r->body);
      if (!expected) return Check{false, "its hash file holds no SHA-256 or SHA-512 digest"};
      const auto actual = digest(bytes, expected->size());
      if (!actual) return Error{"cannot compute a digest (OpenSSL)", doc.url};
      if (*actual != *expected)
        return Check{false, "it does not match its published hash (" + u + "): left out"};
      return Check{true, {}};
    }
    return Check{};
  }

  // Writes fetched bytes into the feed's staging folder, for the import.
  Result<std::string> keep(std::string_view bytes, std::string_view name) {
    const std::string file = next_file(name);
    std::ofstream out(file, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) return Error{"cannot write the download (disk full?)", file};
    return file;
  }

  kb::KnowledgeBase& kb_;
  const UpdateOptions& options_;
  Progress& progress_;
  HttpClient http_;
  fs::path staging_;
  RateLimiter nvd_limiter_;
  Feed feed_ = Feed::nvd;
  fs::path dir_;
  size_t files_ = 0;
  size_t downloads_ = 0;
  int64_t bytes_ = 0;
};

}  // namespace

std::string_view feed_name(Feed f) { return kNames[static_cast<size_t>(f)]; }

std::optional<Feed> feed_from_name(std::string_view name) {
  for (Feed f : kAllFeeds) {
    if (feed_name(f) == name) return f;
  }
  return std::nullopt;
}

std::string default_url(Feed f) {
  switch (f) {
    case Feed::nvd:
      return "https://services.nvd.nist.gov";
    case Feed::osv:
      return "https://osv-vulnerabilities.storage.googleapis.com";
    case Feed::kev:
      return "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json";
    case Feed::epss:
      return "https://epss.empiricalsecurity.com/epss_scores-current.csv.gz";
    case Feed::csaf:
      return "https://www.cisa.gov/.well-known/csaf/provider-metadata.json";
  }
  return {};
}

Result<UpdateReport> update(kb::KnowledgeBase& kb, const UpdateOptions& options,
                            Progress& progress) {
  auto http = HttpClient::create(options.http);
  if (!http) return http.error();
  auto dir = make_staging(kb, options.staging);
  if (!dir) return dir.error();
  Staging staging{*dir};
  Updater updater(kb, options, progress, std::move(*http), *dir);
  UpdateReport report;
  std::vector<Feed> feeds = options.feeds.empty()
                                ? std::vector<Feed>(std::begin(kAllFeeds), std::end(kAllFeeds))
                                : options.feeds;
  std::set<Feed> seen;
  for (Feed f : feeds) {
    if (seen.insert(f).second) report.feeds.push_back(updater.run(f));
  }
  return report;
}

}  // namespace vigil::feeds

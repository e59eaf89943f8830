// `vigil db update` against a local HTTP server playing NVD, osv.dev, CISA
// (KEV and a CSAF provider) and FIRST (EPSS): a first update takes every
// feed whole, a second only what changed since its cursors; NVD is paged and
// windowed by 120 days with the API key sent; transient answers are retried
// after Retry-After; a feed that fails imports nothing and moves no cursor
// while the others go on; CSAF documents are checked against their
// published hashes and non-public feeds are left out. The index readers
// (modified_id.csv, provider metadata, ROLIE, changes.csv) name what is
// wrong with bad input.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <unistd.h>
#include <zip.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "feeds/indexes.h"
#include "feeds/update.h"
#include "kb/kb.h"
#include "support/fixtures.h"
#include "support/http_server.h"
#include "support/run.h"

namespace vigil::feeds {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using testing::HttpReply;
using testing::HttpRequest;

std::string sha512_hex(const std::string& bytes) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(bytes.data(), bytes.size(), out, &n, EVP_sha512(), nullptr);
  std::string hex;
  char buf[3];
  for (unsigned int i = 0; i < n; ++i) {
    std::snprintf(buf, sizeof buf, "%02x", out[i]);
    hex += buf;
  }
  return hex;
}

std::string zip_of(const std::map<std::string, std::string>& files) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_t* z = zip_open_from_source(src, ZIP_TRUNCATE, &error);
  zip_source_keep(src);
  for (const auto& [name, body] : files) {
    zip_source_t* s = zip_source_buffer(z, body.data(), body.size(), 0);
    const zip_int64_t index = zip_file_add(z, name.c_str(), s, ZIP_FL_OVERWRITE);
    zip_set_file_compression(z, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);  // fast
  }
  zip_close(z);
  zip_source_open(src);
  zip_source_seek(src, 0, SEEK_END);
  const auto size = zip_source_tell(src);
  zip_source_seek(src, 0, SEEK_SET);
  std::string out(static_cast<size_t>(size), '\0');
  zip_source_read(src, out.data(), static_cast<zip_uint64_t>(size));
  zip_source_close(src);
  zip_source_free(src);
  zip_error_fini(&error);
  return out;
}

int64_t at(const char* time) { return *parse_time(time); }

// The public feeds, as data a test changes between updates.
struct World {
  // osv: ecosystem -> id -> record
  std::map<std::string, std::map<std::string, Json>> osv;
  std::vector<Json> nvd;  // cve objects
  Json kev;
  std::string epss;
  std::map<std::string, Json> csaf;        // file name -> document
  std::map<std::string, int64_t> csaf_at;  // file name -> updated
  std::set<std::string> csaf_bad_hash;
  std::set<std::string> csaf_no_hash;
  // path -> (status, Retry-After, times left)
  struct Fault {
    int status;
    std::string retry_after;
    int times;
  };
  std::map<std::string, Fault> faults;
  std::string broken_nvd_page;  // startIndex whose page is not JSON
  int nvd_page_size = 2;

  HttpReply answer(const HttpRequest& r, const std::string& base) {
    if (auto f = faults.find(r.path); f != faults.end() && f->second.times > 0) {
      --f->second.times;
      HttpReply reply{f->second.status, "try later", {}};
      if (!f->second.retry_after.empty())
        reply.headers.push_back({"Retry-After", f->second.retry_after});
      return reply;
    }
    if (r.path == "/nvd/rest/json/cves/2.0") return nvd_page(r);
    if (r.path == "/osv/ecosystems.txt") {
      std::string out;
      for (const auto& [eco, records] : osv) out += eco + "\n";
      return {200, out, {}};
    }
    for (const auto& [eco, records] : osv) {
      const std::string dir = "/osv/" + eco + "/";
      if (r.path.rfind(dir, 0) != 0) continue;
      const std::string file = r.path.substr(dir.size());
      if (file == "modified_id.csv") {
        std::vector<std::pair<std::string, std::string>> lines;
        for (const auto& [id, rec] : records)
          lines.emplace_back(rec["modified"].get<std::string>(), id);
        std::sort(lines.rbegin(), lines.rend());
        std::string out;
        for (const auto& [t, id] : lines) out += t + "," + id + "\n";
        return {200, out, {}};
      }
      if (file == "all.zip") {
        std::map<std::string, std::string> files;
        for (const auto& [id, rec] : records) files[id + ".json"] = rec.dump();
        return {200, zip_of(files), {}};
      }
      if (file.ends_with(".json")) {
        const auto it = records.find(file.substr(0, file.size() - 5));
        if (it != records.end()) return {200, it->second.dump(), {}};
      }
    }
    if (r.path == "/kev.json") return {200, kev.dump(), {}};
    if (r.path == "/epss.csv") return {200, epss, {}};
    if (r.path == "/csaf/provider-metadata.json") {
      Json md = {{"canonical_url", base + "/csaf/provider-metadata.json"},
                 {"publisher", {{"name", "Example Medical PSIRT"}, {"category", "vendor"}}},
                 {"distributions",
                  {{{"rolie",
                     {{"feeds",
                       {{{"summary", "public"},
                         {"tlp_label", "WHITE"},
                         {"url", base + "/csaf/white.json"}},
                        {{"summary", "partners"},
                         {"tlp_label", "GREEN"},
                         {"url", base + "/csaf/green.json"}}}}}}},
                   {{"directory_url", base + "/csaf/dir/"}}}}};
      return {200, md.dump(), {}};
    }
    if (r.path == "/csaf/white.json") {
      // The ROLIE feed lists the documents whose name starts with "r-".
      Json entries = Json::array();
      for (const auto& [name, doc] : csaf) {
        if (name.rfind("r-", 0) != 0) continue;
        Json links = {{{"rel", "self"}, {"href", base + "/csaf/docs/" + name}}};
        if (!csaf_no_hash.count(name))
          links.push_back({{"rel", "hash"}, {"href", base + "/csaf/docs/" + name + ".sha512"}});
        entries.push_back(
            {{"id", name},
             {"title", name},
             {"link", links},
             {"updated", format_time(csaf_at[name])},
             {"content", {{"type", "application/json"}, {"src", base + "/csaf/docs/" + name}}}});
      }
      return {200,
              Json{{"feed", {{"id", "white"}, {"title", "public"}, {"entry", entries}}}}.dump(),
              {}};
    }
    if (r.path == "/csaf/dir/changes.csv") {
      std::string out;
      for (const auto& [name, doc] : csaf) {
        if (name.rfind("d-", 0) == 0)
          out += "\"2024/" + name + "\",\"" + format_time(csaf_at[name]) + "\"\n";
      }
      return {200, out, {}};
    }
    for (const std::string prefix : {"/csaf/docs/", "/csaf/dir/2024/"}) {
      if (r.path.rfind(prefix, 0) != 0) continue;
      std::string name = r.path.substr(prefix.size());
      const bool hash = name.ends_with(".sha512");
      if (hash) name.resize(name.size() - 7);
      const auto it = csaf.find(name);
      if (it == csaf.end() || (hash && csaf_no_hash.count(name))) break;
      const std::string body = it->second.dump();
      if (!hash) return {200, body, {}};
      const std::string digest =
          csaf_bad_hash.count(name) ? sha512_hex(body + " ") : sha512_hex(body);
      return {200, digest + "  " + name + "\n", {}};
    }
    return {404, "not here", {}};
  }

  HttpReply nvd_page(const HttpRequest& r) {
    const std::string from = r.param("lastModStartDate"), to = r.param("lastModEndDate");
    std::vector<Json> chosen;
    for (const Json& c : nvd) {
      const int64_t t = *parse_time(c["lastModified"].get<std::string>());
      if (!from.empty() && (t < *parse_time(from) || t > *parse_time(to))) continue;
      chosen.push_back(c);
    }
    const std::string start_text = r.param("startIndex");
    const size_t start = start_text.empty() ? 0 : std::stoul(start_text);
    if (!broken_nvd_page.empty() && start_text == broken_nvd_page)
      return {200, "{\"resultsPer", {}};
    Json vulns = Json::array();
    for (size_t i = start; i < chosen.size() && i < start + static_cast<size_t>(nvd_page_size); ++i)
      vulns.push_back({{"cve", chosen[i]}});
    Json page = {{"resultsPerPage", vulns.size()},
                 {"startIndex", start},
                 {"totalResults", chosen.size()},
                 {"format", "NVD_CVE"},
                 {"version", "2.0"},
                 {"vulnerabilities", vulns}};
    return {200, page.dump(), {}};
  }
};

Json osv_record(const std::string& id, const std::string& modified, const std::string& fixed) {
  return {
      {"id", id},
      {"modified", modified},
      {"summary", id + " summary"},
      {"affected",
       {{{"package", {{"ecosystem", "PyPI"}, {"name", "examplepkg"}}},
         {"ranges",
          {{{"type", "ECOSYSTEM"}, {"events", {{{"introduced", "0"}}, {{"fixed", fixed}}}}}}}}}}};
}

Json nvd_cve(const std::string& id, const std::string& modified) {
  return {{"id", id},
          {"published", "2024-01-01T00:00:00.000"},
          {"lastModified", modified},
          {"vulnStatus", "Analyzed"},
          {"descriptions", {{{"lang", "en"}, {"value", id + " in example"}}}}};
}

Json csaf_doc(const std::string& id, const std::string& cve, const std::string& date) {
  return {{"document",
           {{"category", "csaf_security_advisory"},
            {"csaf_version", "2.0"},
            {"title", id},
            {"publisher",
             {{"category", "vendor"},
              {"name", "Example Medical"},
              {"namespace", "https://example.com"}}},
            {"tracking",
             {{"id", id},
              {"initial_release_date", date},
              {"current_release_date", date},
              {"status", "final"},
              {"version", "1"},
              {"revision_history", {{{"date", date}, {"number", "1"}, {"summary", "first"}}}}}}}},
          {"vulnerabilities", {{{"cve", cve}}}}};
}

class FeedsUpdate : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = testing::fresh_dir(
        "feeds-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    world.osv["PyPI"]["PYSEC-1"] = osv_record("PYSEC-1", "2024-01-01T00:00:00Z", "1.0");
    world.osv["PyPI"]["PYSEC-2"] = osv_record("PYSEC-2", "2024-02-01T00:00:00Z", "2.0");
    world.osv["Go"]["GO-1"] = osv_record("GO-1", "2024-03-01T00:00:00Z", "3.0");
    world.nvd = {nvd_cve("CVE-2024-0001", "2024-01-10T00:00:00.000"),
                 nvd_cve("CVE-2024-0002", "2024-01-11T00:00:00.000"),
                 nvd_cve("CVE-2024-0003", "2024-01-12T00:00:00.000")};
    world.kev = {{"title", "KEV"},
                 {"catalogVersion", "2024.01.01"},
                 {"dateReleased", "2024-01-01T00:00:00.000Z"},
                 {"count", 1},
                 {"vulnerabilities",
                  {{{"cveID", "CVE-2024-0001"},
                    {"vendorProject", "Example"},
                    {"product", "Pump"},
                    {"vulnerabilityName", "Example flaw"},
                    {"dateAdded", "2024-01-02"},
                    {"shortDescription", "x"},
                    {"requiredAction", "patch"},
                    {"dueDate", "2024-01-23"},
                    {"knownRansomwareCampaignUse", "Unknown"},
                    {"notes", ""},
                    {"cwes", Json::array()}}}}};
    world.epss = testing::read_file(testing::data_dir() / "epss" / "epss_scores-sample.csv");
    int n = 0;
    for (const char* name : {"r-one.json", "r-nohash.json", "r-badhash.json", "d-two.json"}) {
      world.csaf[name] = csaf_doc(std::string("EXM-") + name, "CVE-2024-010" + std::to_string(n++),
                                  "2024-04-01T00:00:00Z");
      world.csaf_at[name] = at("2024-04-01T00:00:00Z");
    }
    world.csaf_no_hash.insert("r-nohash.json");
    world.csaf_bad_hash.insert("r-badhash.json");
    auto opened = kb::KnowledgeBase::open((dir / "kb.db").string());
    ASSERT_TRUE(opened.ok()) << opened.error().to_string();
    kbase.emplace(std::move(*opened));
    options.urls = {{Feed::nvd, {server.base() + "/nvd"}},
                    {Feed::osv, {server.base() + "/osv/"}},
                    {Feed::kev, {server.base() + "/kev.json"}},
                    {Feed::epss, {server.base() + "/epss.csv"}},
                    {Feed::csaf, {server.base() + "/csaf/provider-metadata.json"}}};
    options.now = [this] { return now; };
    options.http.sleep = [this](std::chrono::milliseconds d) { slept.push_back(d); };
  }

  UpdateReport run(std::vector<Feed> feeds = {}) {
    options.feeds = std::move(feeds);
    Progress quiet;
    auto r = update(*kbase, options, quiet);
    EXPECT_TRUE(r.ok()) << r.error().to_string();
    return r.ok() ? *r : UpdateReport{};
  }

  const FeedOutcome& outcome(const UpdateReport& r, Feed f) {
    for (const auto& o : r.feeds) {
      if (o.feed == f) return o;
    }
    ADD_FAILURE() << "no outcome for " << feed_name(f);
    static FeedOutcome none;
    return none;
  }

  std::vector<std::string> paths() {
    std::vector<std::string> out;
    for (const auto& r : server.log()) out.push_back(r.path);
    return out;
  }

  bool known(const std::string& id) {
    auto v = kbase->find(id);
    return v.ok() && v->has_value();
  }

  fs::path dir;
  World world;
  testing::HttpServer server{
      [this](const HttpRequest& r) { return world.answer(r, server.base()); }};
  std::optional<kb::KnowledgeBase> kbase;
  UpdateOptions options;
  int64_t now = at("2024-06-01T00:00:00Z");
  std::vector<std::chrono::milliseconds> slept;
};

TEST_F(FeedsUpdate, FirstUpdateTakesEveryFeedWholeAndRecordsCursors) {
  const UpdateReport r = run();
  ASSERT_TRUE(r.ok());
  for (const auto& o : r.feeds)
    EXPECT_FALSE(o.error) << feed_name(o.feed) << ": " << o.error->to_string();
  EXPECT_EQ(outcome(r, Feed::osv).import.added, 3u);
  EXPECT_EQ(outcome(r, Feed::nvd).import.added, 3u);
  EXPECT_EQ(outcome(r, Feed::kev).import.kev, 1u);
  EXPECT_EQ(outcome(r, Feed::epss).import.epss, 5u);
  for (const char* id :
       {"PYSEC-1", "PYSEC-2", "GO-1", "CVE-2024-0003", "EXM-d-two.json:CVE-2024-0103"})
    EXPECT_TRUE(known(id)) << id;
  auto v = kbase->find("CVE-2024-0001");
  ASSERT_TRUE(v.ok() && v->has_value());
  EXPECT_TRUE((*v)->kev.has_value());

  const auto log = paths();
  // All ecosystems the bucket lists, each by its archive.
  EXPECT_EQ(std::count(log.begin(), log.end(), "/osv/ecosystems.txt"), 1);
  EXPECT_EQ(std::count(log.begin(), log.end(), "/osv/PyPI/all.zip"), 1);
  EXPECT_EQ(std::count(log.begin(), log.end(), "/osv/Go/all.zip"), 1);
  // NVD: everything, paged two at a time, no window the first time.
  int nvd_pages = 0;
  for (const auto& req : server.log()) {
    if (req.path != "/nvd/rest/json/cves/2.0") continue;
    ++nvd_pages;
    EXPECT_EQ(req.param("lastModStartDate"), "");
    EXPECT_EQ(req.headers.count("apikey"), 0u);
  }
  EXPECT_EQ(nvd_pages, 2);

  auto stats = kbase->stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->cursors["nvd"]["api"], "2024-06-01T00:00:00Z");
  EXPECT_EQ(stats->cursors["osv"]["PyPI"], "2024-02-01T00:00:00Z");
  EXPECT_EQ(stats->cursors["osv"]["Go"], "2024-03-01T00:00:00Z");
  EXPECT_EQ(stats->cursors["csaf"][server.base() + "/csaf/provider-metadata.json"],
            "2024-04-01T00:00:00Z");
  for (const char* f : {"nvd", "osv", "kev", "epss", "csaf"})
    EXPECT_EQ(stats->feeds.count(f), 1u) << f;
  // The staging folder is gone.
  for (const auto& e : fs::directory_iterator(dir))
    EXPECT_EQ(e.path().filename().string().find(".update-"), std::string::npos) << e.path();
}

TEST_F(FeedsUpdate, SecondUpdateFetchesOnlyWhatChanged) {
  run();
  server.clear_log();
  world.osv["PyPI"]["PYSEC-2"] = osv_record("PYSEC-2", "2024-05-01T00:00:00Z", "2.1");
  world.osv["PyPI"]["PYSEC-3"] = osv_record("PYSEC-3", "2024-05-02T00:00:00Z", "3.0");
  world.nvd.push_back(nvd_cve("CVE-2024-0004", "2024-07-01T00:00:00.000"));
  world.csaf["d-new.json"] = csaf_doc("EXM-d-new", "CVE-2024-0200", "2024-07-01T00:00:00Z");
  world.csaf_at["d-new.json"] = at("2024-07-01T00:00:00Z");
  now = at("2024-07-02T00:00:00Z");
  const UpdateReport r = run();
  for (const auto& o : r.feeds) EXPECT_FALSE(o.error) << feed_name(o.feed);

  const auto log = paths();
  // OSV: only the lists and the two changed records; no archive, and Go
  // (tracked, unchanged) costs one list.
  EXPECT_EQ(std::count(log.begin(), log.end(), "/osv/PyPI/all.zip"), 0);
  EXPECT_EQ(std::count(log.begin(), log.end(), "/osv/Go/all.zip"), 0);
  EXPECT_EQ(std::count(log.begin(), log.end(), "/osv/ecosystems.txt"), 0);
  EXPECT_EQ(std::count(log.begin(), log.end(), "/osv/PyPI/PYSEC-2.json"), 1);
  EXPECT_EQ(std::count(log.begin(), log.end(), "/osv/PyPI/PYSEC-3.json"), 1);
  EXPECT_EQ(std::count(log.begin(), log.end(), "/osv/PyPI/PYSEC-1.json"), 0);
  EXPECT_EQ(outcome(r, Feed::osv).import.added, 1u);
  EXPECT_EQ(outcome(r, Feed::osv).import.replaced, 1u);
  auto pysec2 = kbase->find("PYSEC-2");
  ASSERT_TRUE(pysec2.ok() && pysec2->has_value());
  EXPECT_EQ((*pysec2)->advisories.front().modified, "2024-05-01T00:00:00Z");

  // NVD: one window from the last cursor to now, holding only the new CVE.
  int pages = 0;
  for (const auto& req : server.log()) {
    if (req.path != "/nvd/rest/json/cves/2.0") continue;
    ++pages;
    EXPECT_EQ(req.param("lastModStartDate"), "2024-06-01T00:00:00.000+00:00");
    EXPECT_EQ(req.param("lastModEndDate"), "2024-07-02T00:00:00.000+00:00");
  }
  EXPECT_EQ(pages, 1);
  EXPECT_EQ(outcome(r, Feed::nvd).import.added, 1u);
  EXPECT_TRUE(known("CVE-2024-0004"));

  // CSAF: the new document alone.
  EXPECT_EQ(std::count(log.begin(), log.end(), "/csaf/dir/2024/d-new.json"), 1);
  EXPECT_EQ(std::count(log.begin(), log.end(), "/csaf/dir/2024/d-two.json"), 0);
  EXPECT_EQ(std::count(log.begin(), log.end(), "/csaf/docs/r-one.json"), 0);
  EXPECT_TRUE(known("EXM-d-new:CVE-2024-0200"));
  auto stats = kbase->stats();
  EXPECT_EQ(stats->cursors["osv"]["PyPI"], "2024-05-02T00:00:00Z");
  EXPECT_EQ(stats->cursors["nvd"]["api"], "2024-07-02T00:00:00Z");

  // The update says what it changed, across its feeds.
  const kb::ChangeSet changes = r.changes();
  EXPECT_EQ(changes.added, (std::set<std::string>{"CVE-2024-0004", "CVE-2024-0200", "PYSEC-3"}));
  EXPECT_EQ(changes.changed, (std::set<std::string>{"PYSEC-2"}));
  EXPECT_TRUE(changes.withdrawn.empty());
  EXPECT_EQ(changes.packages, (std::set<kb::ChangeSet::Key>{{"PyPI", "examplepkg"}}));
}

TEST_F(FeedsUpdate, NvdWindowsSpanAtMost120DaysAndSendTheApiKey) {
  run({Feed::nvd});
  server.clear_log();
  now = at("2024-06-01T00:00:00Z") + 250 * 86400;
  options.nvd_api_key = "test-key-123";
  const UpdateReport r = run({Feed::nvd});
  ASSERT_TRUE(r.ok());
  std::vector<std::pair<int64_t, int64_t>> windows;
  for (const auto& req : server.log()) {
    EXPECT_EQ(req.headers.at("apikey"), "test-key-123");
    windows.emplace_back(*parse_time(req.param("lastModStartDate")),
                         *parse_time(req.param("lastModEndDate")));
  }
  ASSERT_EQ(windows.size(), 3u);
  EXPECT_EQ(windows.front().first, at("2024-06-01T00:00:00Z"));
  EXPECT_EQ(windows.back().second, now);
  for (size_t i = 0; i < windows.size(); ++i) {
    EXPECT_LE(windows[i].second - windows[i].first, kNvdWindowSeconds);
    if (i > 0) {
      EXPECT_EQ(windows[i].first, windows[i - 1].second);  // no gap
    }
  }
}

TEST_F(FeedsUpdate, TransientAnswersAreRetriedAfterRetryAfter) {
  world.faults["/kev.json"] = {503, "7", 1};
  world.faults["/epss.csv"] = {429, "", 2};
  const UpdateReport r = run({Feed::kev, Feed::epss});
  ASSERT_TRUE(r.ok()) << (r.feeds.empty() ? "" : r.feeds[0].error->to_string());
  EXPECT_EQ(outcome(r, Feed::kev).import.kev, 1u);
  EXPECT_EQ(outcome(r, Feed::epss).import.epss, 5u);
  // 7 s as asked, then backoff 1 s and 2 s where no Retry-After was given.
  ASSERT_EQ(slept.size(), 3u);
  EXPECT_EQ(slept[0], std::chrono::seconds(7));
  EXPECT_EQ(slept[1], std::chrono::seconds(1));
  EXPECT_EQ(slept[2], std::chrono::seconds(2));
}

TEST_F(FeedsUpdate, AFailingFeedImportsNothingAndTheOthersGoOn) {
  // NVD: the second page is broken, so the first must not be imported
  // either; KEV: gone; OSV: keeps answering 503.
  world.broken_nvd_page = "2";
  world.faults["/kev.json"] = {404, "", 1};
  world.faults["/osv/PyPI/modified_id.csv"] = {503, "", 100};
  options.http.attempts = 3;
  const UpdateReport r = run();
  EXPECT_FALSE(r.ok());
  ASSERT_TRUE(outcome(r, Feed::nvd).error);
  EXPECT_NE(outcome(r, Feed::nvd).error->to_string().find("startIndex=2"), std::string::npos)
      << outcome(r, Feed::nvd).error->to_string();
  ASSERT_TRUE(outcome(r, Feed::kev).error);
  EXPECT_NE(outcome(r, Feed::kev).error->message.find("HTTP 404"), std::string::npos);
  ASSERT_TRUE(outcome(r, Feed::osv).error);
  EXPECT_NE(outcome(r, Feed::osv).error->message.find("after 3 attempts"), std::string::npos);
  EXPECT_FALSE(known("CVE-2024-0001"));
  EXPECT_FALSE(known("GO-1"));  // Go came first, but the feed is one transaction
  EXPECT_FALSE(outcome(r, Feed::epss).error);
  EXPECT_FALSE(outcome(r, Feed::csaf).error);
  EXPECT_TRUE(known("EXM-d-two.json:CVE-2024-0103"));
  auto stats = kbase->stats();
  EXPECT_EQ(stats->cursors.count("nvd"), 0u);
  EXPECT_EQ(stats->cursors.count("osv"), 0u);
  EXPECT_EQ(stats->sources["kev"], 0u);

  // Once the feeds answer again, the next update completes them.
  world.broken_nvd_page.clear();
  world.faults.clear();
  const UpdateReport again = run();
  EXPECT_TRUE(again.ok());
  EXPECT_TRUE(known("CVE-2024-0001"));
  EXPECT_TRUE(known("GO-1"));
}

TEST_F(FeedsUpdate, CsafDocumentsAreCheckedAgainstTheirHashesAndOnlyPublicFeedsAreRead) {
  const UpdateReport r = run({Feed::csaf});
  const FeedOutcome& o = outcome(r, Feed::csaf);
  ASSERT_FALSE(o.error) << o.error->to_string();
  EXPECT_TRUE(known("EXM-r-one.json:CVE-2024-0100"));
  EXPECT_TRUE(known("EXM-r-nohash.json:CVE-2024-0101"));
  EXPECT_FALSE(known("EXM-r-badhash.json:CVE-2024-0102"));
  EXPECT_TRUE(known("EXM-d-two.json:CVE-2024-0103"));
  bool mismatch = false;
  for (const auto& e : o.import.skipped)
    mismatch |= e.location.ends_with("/r-badhash.json") &&
                e.message.find("does not match its published hash") != std::string::npos;
  EXPECT_TRUE(mismatch);
  bool green = false, unverified = false;
  for (const auto& n : o.notes) {
    green |= n.find("TLP:GREEN") != std::string::npos;
    unverified |= n.find("1 document(s)") != std::string::npos;
  }
  EXPECT_TRUE(green);
  EXPECT_TRUE(unverified);
  for (const auto& p : paths()) EXPECT_NE(p, "/csaf/green.json");
}

TEST_F(FeedsUpdate, ChosenEcosystemsOnly) {
  options.ecosystems = {"Go"};
  const UpdateReport r = run({Feed::osv});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(known("GO-1"));
  EXPECT_FALSE(known("PYSEC-1"));
  for (const auto& p : paths()) EXPECT_EQ(p.find("PyPI"), std::string::npos) << p;
  // An ecosystem the bucket does not have is an error naming its URL.
  options.ecosystems = {"NoSuchEcosystem"};
  const UpdateReport bad = run({Feed::osv});
  ASSERT_TRUE(outcome(bad, Feed::osv).error);
  EXPECT_NE(outcome(bad, Feed::osv).error->location.find("/osv/NoSuchEcosystem/modified_id.csv"),
            std::string::npos);
}

TEST_F(FeedsUpdate, CommandLineUpdatesAndReports) {
  const std::string db = (dir / "cli.db").string();
  std::vector<std::string> args = {"db", "update", "--db", db};
  for (const auto& [feed, urls] : options.urls)
    args.insert(args.end(), {"--url", std::string(feed_name(feed)) + "=" + urls.front()});
  const auto out = testing::run_vigil(args);
  EXPECT_EQ(out.status, 0) << out.err;
  EXPECT_NE(out.out.find("osv: 5 download(s)"), std::string::npos) << out.out;
  EXPECT_NE(out.out.find("nvd: 2 download(s)"), std::string::npos) << out.out;
  EXPECT_NE(out.err.find("vigil db update: csaf: left out the TLP:GREEN feed"), std::string::npos)
      << out.err;
  EXPECT_EQ(out.err.find("\r"), std::string::npos);  // no bar when stderr is not a terminal
  const auto stats = testing::run_vigil({"db", "stats", "--db", db, "--format", "json"});
  ASSERT_EQ(stats.status, 0) << stats.err;
  const Json j = Json::parse(stats.out);
  EXPECT_EQ(j["feeds"]["osv"]["cursors"]["PyPI"], "2024-02-01T00:00:00Z");
  EXPECT_TRUE(j["feeds"]["nvd"].contains("updated"));
  EXPECT_EQ(j["sources"]["nvd"], 3);

  // One feed failing: exit 1, the others still imported.
  world.faults["/kev.json"] = {404, "", 1};
  const auto partial = testing::run_vigil({"db", "update", "--db", db, "--feed", "kev", "--feed",
                                           "epss", "--url", "kev=" + server.base() + "/kev.json",
                                           "--url", "epss=" + server.base() + "/epss.csv"});
  EXPECT_EQ(partial.status, 1);
  EXPECT_NE(partial.err.find("kev failed, nothing of it imported: " + server.base() +
                             "/kev.json: HTTP 404"),
            std::string::npos)
      << partial.err;
  EXPECT_NE(partial.out.find("epss: 1 download(s)"), std::string::npos) << partial.out;

  // Wrong arguments: exit 2 and a message naming them.
  const auto bad_feed = testing::run_vigil({"db", "update", "--db", db, "--feed", "nope"});
  EXPECT_EQ(bad_feed.status, 2);
  const auto bad_url = testing::run_vigil({"db", "update", "--db", db, "--url", "nvdx=http://x"});
  EXPECT_EQ(bad_url.status, 2);
  EXPECT_NE(bad_url.err.find("no feed named 'nvdx'"), std::string::npos) << bad_url.err;
}

Json load(const fs::path& p) { return Json::parse(testing::read_file(p), nullptr, false); }

TEST_F(FeedsUpdate, RealCorpusFeedsServedAsTheEndpointsDoImportAsTheFilesDo) {
  // The corpus's OSV (Go, PyPI), NVD, KEV and CISA ICSMA CSAF records, served
  // through the endpoints' layouts, make the same kb as importing the files.
  const auto corpus = testing::corpus_dir();
  if (!corpus) GTEST_SKIP() << testing::corpus_skip_message();
  world.osv.clear();
  for (const auto& [eco, folder] : {std::pair{"Go", "go"}, std::pair{"PyPI", "pypi"}}) {
    for (const auto& f : testing::files_ending(*corpus / "osv" / folder, ".json")) {
      Json j = load(f);
      if (!j.is_object() || !j.contains("id")) continue;
      const std::string id = j["id"];
      world.osv[eco][id] = std::move(j);
    }
  }
  world.nvd.clear();
  for (const auto& f : testing::files_ending(*corpus / "nvd" / "records", ".json"))
    world.nvd.push_back(load(f));
  world.nvd_page_size = 10;
  world.kev = load(*corpus / "kev" / "known_exploited_vulnerabilities.json");
  world.csaf.clear();
  for (const auto& f : testing::files_ending(*corpus / "csaf" / "cisa-icsma", ".json")) {
    const std::string name = "d-" + f.filename().string();
    world.csaf[name] = load(f);
    const Json date =
        world.csaf[name].value("/document/tracking/current_release_date"_json_pointer, Json());
    world.csaf_at[name] = date.is_string() ? parse_time(date.get<std::string>()).value_or(0) : 0;
  }
  const UpdateReport r = run();
  for (const auto& o : r.feeds)
    EXPECT_FALSE(o.error) << feed_name(o.feed) << ": " << o.error->to_string();

  auto files = kb::KnowledgeBase::open((dir / "files.db").string());
  ASSERT_TRUE(files.ok());
  ASSERT_TRUE(
      files
          ->import_paths({(*corpus / "osv" / "go").string(), (*corpus / "osv" / "pypi").string(),
                          (*corpus / "nvd" / "records").string(),
                          (*corpus / "kev" / "known_exploited_vulnerabilities.json").string(),
                          (*corpus / "csaf" / "cisa-icsma").string(),
                          (testing::data_dir() / "epss").string()})
          .ok());
  const auto fetched = kbase->stats(), imported = files->stats();
  ASSERT_TRUE(fetched.ok() && imported.ok());
  EXPECT_EQ(fetched->sources, imported->sources);
  EXPECT_EQ(fetched->ecosystems, imported->ecosystems);
  EXPECT_EQ(fetched->vulnerabilities, imported->vulnerabilities);
  EXPECT_GT(fetched->sources.at("osv"), 6000u);
  EXPECT_GT(fetched->sources.at("csaf"), 100u);
}

// --- the index readers -----------------------------------------------------

TEST(FeedIndexes, TimesReadAndWriteRfc3339) {
  EXPECT_EQ(parse_time("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_time("2024-02-29T12:34:56Z"), 1709210096);
  EXPECT_EQ(parse_time("2024-02-29T12:34:56.789"), 1709210096);        // NVD: no zone
  EXPECT_EQ(parse_time("2024-02-29T13:34:56.000+01:00"), 1709210096);  // an offset
  EXPECT_EQ(parse_time("2024-02-29"), 1709164800);
  EXPECT_EQ(format_time(1709210096), "2024-02-29T12:34:56Z");
  for (const char* bad :
       {"", "2024-13-01T00:00:00Z", "2023-02-29T00:00:00Z", "2024-04-31", "2024-02-29T25:00:00Z",
        "yesterday", "2024-02-29T12:34:56+0100", "2024-02-29T12:34:56Zjunk"})
    EXPECT_FALSE(parse_time(bad)) << bad;
}

TEST(FeedIndexes, ModifiedIdsNameTheBadLine) {
  auto ok = parse_modified_ids(
      "2024-05-02T00:00:00Z,PYSEC-3\n2024-05-01T00:00:00Z,PyPI/PYSEC-2\n\n", "list.csv");
  ASSERT_TRUE(ok.ok());
  ASSERT_EQ(ok->size(), 2u);
  EXPECT_EQ((*ok)[1].id, "PYSEC-2");  // the root list's "<ecosystem>/<id>"
  auto bad = parse_modified_ids("2024-05-02T00:00:00Z,A\nnot a time,B\n", "list.csv");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().location, "list.csv:2");
}

TEST(FeedIndexes, ProviderMetadataAndRolie) {
  auto md = parse_provider_metadata(
      R"({"publisher": {"name": "P"}, "distributions": [
           {"directory_url": "https://p.example/csaf/white/"},
           {"rolie": {"feeds": [{"tlp_label": "clear", "url": "https://p.example/feed.json"}]}}]})",
      "pm.json");
  ASSERT_TRUE(md.ok()) << md.error().to_string();
  EXPECT_EQ(md->directories, std::vector<std::string>{"https://p.example/csaf/white"});
  ASSERT_EQ(md->feeds.size(), 1u);
  EXPECT_TRUE(public_tlp(md->feeds[0].tlp));
  EXPECT_FALSE(public_tlp("AMBER"));
  auto no_url = parse_provider_metadata(R"({"distributions": [{"rolie": {"feeds": [{}]}}]})", "pm");
  ASSERT_FALSE(no_url.ok());
  EXPECT_EQ(no_url.error().location, "pm#/distributions/0/rolie/feeds/0");

  auto feed = parse_rolie_feed(
      R"({"feed": {"entry": [{"updated": "2024-01-01T00:00:00Z",
          "link": [{"rel": "self", "href": "https://p.example/a.json"},
                   {"rel": "hash", "href": "https://p.example/a.json.sha256"},
                   {"rel": "hash", "href": "https://p.example/a.json.sha512"}]}]}})",
      "feed.json");
  ASSERT_TRUE(feed.ok()) << feed.error().to_string();
  EXPECT_EQ((*feed)[0].url, "https://p.example/a.json");
  EXPECT_EQ((*feed)[0].hash_url, "https://p.example/a.json.sha512");
  auto undated = parse_rolie_feed(R"({"feed": {"entry": [{"content": {"src": "x"}}]}})", "f");
  ASSERT_FALSE(undated.ok());
  EXPECT_EQ(undated.error().location, "f#/feed/entry/0");
}

TEST(FeedIndexes, ChangesCsvStaysInsideItsDirectory) {
  auto ok = parse_changes_csv("\"2024/a.json\",\"2024-01-01T00:00:00Z\"\n", "https://p/dir", "c");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ((*ok)[0].url, "https://p/dir/2024/a.json");
  for (const char* bad :
       {"\"../secret.json\",\"2024-01-01T00:00:00Z\"",
        "\"https://elsewhere/a.json\",\"2024-01-01T00:00:00Z\"", "\"a.json\",\"soon\""}) {
    EXPECT_FALSE(parse_changes_csv(bad, "https://p/dir", "c").ok()) << bad;
  }
}

TEST(FeedIndexes, HashFilesAndNvdPages) {
  const std::string hex(64, 'A');
  EXPECT_EQ(parse_hash_file(hex + "  doc.json\n"), std::string(64, 'a'));
  EXPECT_FALSE(parse_hash_file("not a digest"));
  auto page =
      parse_nvd_page(R"({"startIndex": 2000, "resultsPerPage": 2000, "totalResults": 5})", "p");
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total_results, 5);
  EXPECT_FALSE(parse_nvd_page(R"({"startIndex": -1})", "p").ok());
}

TEST(FeedHttp, RateLimiterKeepsToItsWindow) {
  Clock::time_point t{};
  std::vector<std::chrono::milliseconds> waits;
  RateLimiter limiter(
      2, std::chrono::seconds(30), [&t] { return t; },
      [&](std::chrono::milliseconds d) {
        waits.push_back(d);
        t += d;
      });
  limiter.acquire();
  t += std::chrono::seconds(10);
  limiter.acquire();
  EXPECT_TRUE(waits.empty());
  limiter.acquire();  // the first left the window at 30 s: 20 s from now
  ASSERT_EQ(waits.size(), 1u);
  EXPECT_EQ(waits[0], std::chrono::seconds(20));
  t += std::chrono::seconds(60);
  limiter.acquire();
  EXPECT_EQ(waits.size(), 1u);
}

TEST(FeedHttp, RetryAfterInSecondsOrAsADate) {
  EXPECT_EQ(parse_retry_after("120", 0), std::chrono::seconds(120));
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 1445412470),
            std::chrono::seconds(10));
  EXPECT_FALSE(parse_retry_after("soon", 0));
  EXPECT_FALSE(parse_retry_after("-5", 0));
}

}  // namespace
}  // namespace vigil::feeds

// The knowledge base: imports every feed of the corpus, merges records that
// alias each other into one vulnerability found by any of its ids, attaches
// KEV and EPSS facts, replaces a record only with a newer copy, skips bad
// files by name and goes on, and is all-or-nothing: a failed import — or one
// killed with SIGKILL — leaves the previous kb intact.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
#include <thread>

#include <sqlite3.h>
#include "advisory/advisory_json.h"
#include "advisory/osv.h"
#include "kb/kb.h"
#include "kb/matching_form.h"
#include "kb_test_support.h"
#include "support/fixtures.h"

namespace vigil::kb {
namespace {

namespace fs = std::filesystem;
using namespace testing_support;

TEST(KbImport, CorpusFeedsMergeIntoVulnerabilities) {
  const auto corpus = testing::corpus_dir();
  if (!corpus) GTEST_SKIP() << testing::corpus_skip_message();
  const fs::path dir = testing::fresh_dir("kb-corpus");
  auto kb = KnowledgeBase::open((dir / "kb.db").string());
  ASSERT_TRUE(kb.ok()) << kb.error().to_string();
  auto report = kb->import_paths(
      {(*corpus / "osv" / "go").string(), (*corpus / "cve5" / "go").string(),
       (*corpus / "nvd" / "records").string(),
       (*corpus / "kev" / "known_exploited_vulnerabilities.json").string(),
       (*corpus / "csaf" / "cisa-icsma").string(), (testing::data_dir() / "epss").string()});
  ASSERT_TRUE(report.ok()) << report.error().to_string();
  // Counts come from the files: the corpus grows.
  const auto count = [&](const char* dir) {
    return testing::files_ending(*corpus / dir, ".json").size();
  };
  const auto catalog = nlohmann::json::parse(
      testing::read_file(*corpus / "kev" / "known_exploited_vulnerabilities.json"));
  EXPECT_EQ(report->kev, catalog["vulnerabilities"].size());
  EXPECT_EQ(report->epss, 5u);
  EXPECT_EQ(report->skipped.size(), 2u);  // the two bad EPSS rows, by line
  auto stats = kb->stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->sources["osv"], count("osv/go"));
  EXPECT_EQ(stats->sources["cve5"], count("cve5/go"));
  EXPECT_EQ(stats->sources["nvd"], count("nvd/records"));
  EXPECT_GT(stats->sources["csaf"], 300u);
  EXPECT_LT(stats->vulnerabilities, stats->advisories);  // merging happened
  EXPECT_EQ(stats->feeds.count("osv"), 1u);

  // One vulnerability, found by each of its names.
  for (const char* name : {"CVE-2020-36560", "GO-2020-0034", "GHSA-rmj9-q58g-9qgg"}) {
    auto v = kb->find(name);
    ASSERT_TRUE(v.ok() && v->has_value()) << name;
    EXPECT_EQ((*v)->id, "CVE-2020-36560") << name;
    EXPECT_EQ((*v)->advisories.size(), 2u) << name;  // OSV and CVE 5
  }
  auto fortinet = kb->find("CVE-2024-23113");
  ASSERT_TRUE(fortinet.ok() && fortinet->has_value());
  ASSERT_TRUE((*fortinet)->kev.has_value());
  EXPECT_EQ((*fortinet)->kev->date_added, "2024-10-09");
  ASSERT_TRUE((*fortinet)->epss.has_value());
  EXPECT_DOUBLE_EQ((*fortinet)->epss->epss, 0.94211);
  // One CSAF document covering several CVEs is several vulnerabilities.
  auto spacecom = kb->find("CVE-2020-16238");
  ASSERT_TRUE(spacecom.ok() && spacecom->has_value());
  EXPECT_EQ((*spacecom)->advisories.size(), 1u);
  EXPECT_EQ((*spacecom)->advisories[0].id, "ICSMA-20-296-02:CVE-2020-16238");
  auto none = kb->find("CVE-1900-0001");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

TEST(KbImport, OnlyANewerCopyReplacesARecord) {
  const fs::path dir = testing::fresh_dir("kb-replace");
  auto kb = KnowledgeBase::open((dir / "kb.db").string());
  ASSERT_TRUE(kb.ok());
  write(dir / "a.json", osv("2024-01-01T00:00:00Z", "first"));
  ASSERT_EQ(kb->import_paths({(dir / "a.json").string()})->added, 1u);
  EXPECT_EQ(kb->import_paths({(dir / "a.json").string()})->unchanged, 1u);
  write(dir / "a.json", osv("2023-06-01T00:00:00Z", "older"));
  EXPECT_EQ(kb->import_paths({(dir / "a.json").string()})->unchanged, 1u);
  write(dir / "a.json", osv("2024-03-01T00:00:00Z", "newer"));
  EXPECT_EQ(kb->import_paths({(dir / "a.json").string()})->replaced, 1u);
  auto v = kb->find("CVE-2024-1111");
  ASSERT_TRUE(v.ok() && v->has_value());
  ASSERT_EQ((*v)->advisories.size(), 1u);
  EXPECT_EQ((*v)->advisories[0].summary, "newer");
  EXPECT_EQ(kb->stats()->advisories, 1u);
}

// A feed record whose date is not a date is kept with its date unknown:
// compared as text, "zzz" would have outranked every genuine update after
// it, and the record would never change again.
TEST(KbImport, ARecordWithABadDateNeverFreezesIt) {
  for (const char* bad :
       {"zzz", "2026-02-30T00:00:00Z", "0000-00-00T00:00:00Z", "", "2024-13-01"}) {
    const fs::path dir = testing::fresh_dir("kb-bad-date");
    auto kb = KnowledgeBase::open((dir / "kb.db").string());
    ASSERT_TRUE(kb.ok());
    write(dir / "a.json", osv(bad, "poisoned"));
    auto first = kb->import_paths({(dir / "a.json").string()});
    ASSERT_TRUE(first.ok()) << bad << ": " << first.error().to_string();
    if (first->added == 0) continue;  // refused by the reader: nothing to freeze
    // An undated copy does not replace it; the next dated one does.
    write(dir / "a.json", osv("also not a date", "undated"));
    EXPECT_EQ(kb->import_paths({(dir / "a.json").string()})->unchanged, 1u) << bad;
    write(dir / "a.json", osv("2024-01-01T00:00:00Z", "genuine"));
    EXPECT_EQ(kb->import_paths({(dir / "a.json").string()})->replaced, 1u) << bad;
    auto v = kb->find("CVE-2024-1111");
    ASSERT_TRUE(v.ok() && v->has_value()) << bad;
    EXPECT_EQ((*v)->advisories[0].summary, "genuine") << bad;
    // And from then on only a newer one.
    write(dir / "a.json", osv("2023-01-01T00:00:00Z", "older"));
    EXPECT_EQ(kb->import_paths({(dir / "a.json").string()})->unchanged, 1u) << bad;
  }
}

TEST(KbLookup, PackagesCpesAndProductNamesAreIndexed) {
  const auto corpus = testing::corpus_dir();
  if (!corpus) GTEST_SKIP() << testing::corpus_skip_message();
  const fs::path dir = testing::fresh_dir("kb-lookup");
  auto kb = KnowledgeBase::open((dir / "kb.db").string());
  ASSERT_TRUE(kb.ok());
  ASSERT_TRUE(kb->import_paths({(*corpus / "nvd" / "records" / "CVE-2022-0778.json").string(),
                                (*corpus / "csaf" / "cisa-icsma" / "icsma-20-296-02.json").string(),
                                (dir / "..").string() + "/none"})
                  .ok() == false);  // a missing path refuses the whole import
  ASSERT_TRUE(
      kb->import_paths({(*corpus / "nvd" / "records" / "CVE-2022-0778.json").string(),
                        (*corpus / "csaf" / "cisa-icsma" / "icsma-20-296-02.json").string()})
          .ok());
  write(dir / "pkg.json", osv("2024-01-01T00:00:00Z", "x"));
  ASSERT_TRUE(kb->import_paths({(dir / "pkg.json").string()}).ok());

  const cpe::Value v3_0_1 = cpe::literal("3.0.1");
  auto openssl = kb->by_cpe("openssl", "openssl", v3_0_1);
  ASSERT_TRUE(openssl.ok());
  ASSERT_EQ(openssl->size(), 1u);
  auto rec = kb->record(openssl->front());
  ASSERT_TRUE(rec.ok()) << rec.error().to_string();
  EXPECT_EQ(rec->vulnerability, "CVE-2022-0778");
  EXPECT_EQ(kb->by_cpe("", "openssl", v3_0_1)->size(), 1u);
  EXPECT_TRUE(kb->by_cpe("openbsd", "openssl", v3_0_1)->empty());
  // Only records whose criteria can hold for the version are read.
  EXPECT_TRUE(kb->by_cpe("openssl", "openssl", cpe::literal("3.0.2"))->empty());
  EXPECT_TRUE(kb->by_cpe("openssl", "openssl", cpe::Value{})->empty());

  auto pkg = kb->by_package("PyPI", "examplepkg");
  ASSERT_TRUE(pkg.ok());
  ASSERT_EQ(pkg->size(), 1u);
  EXPECT_EQ(kb->record(pkg->front())->advisory.id, "EX-2024-1");
  EXPECT_TRUE(*kb->covers_ecosystem("PyPI"));
  EXPECT_FALSE(*kb->covers_ecosystem("Debian"));

  auto spacecom = kb->by_product("spacecom");
  ASSERT_TRUE(spacecom.ok());
  ASSERT_FALSE(spacecom->empty());
  EXPECT_EQ(spacecom->front().vendor, "b braun medical");
  EXPECT_FALSE(kb->record(987654).ok());
}

// An NVD record of one vulnerable criterion below 1.36.0, modified at `modified`.
std::string nvd(const std::string& criterion, const std::string& modified) {
  return R"({"id": "CVE-2024-3000", "sourceIdentifier": "nvd@nist.gov",
    "published": "2024-02-01T00:00:00.000", "lastModified": ")" +
         modified + R"(", "descriptions": [{"lang": "en", "value": "x"}],
    "configurations": [{"nodes": [{"operator": "OR", "negate": false, "cpeMatch": [
      {"vulnerable": true, "criteria": ")" +
         criterion + R"(", "versionEndExcluding": "1.36.0"}]}]}]})";
}

TEST(KbLookup, ARevisedRecordLeavesTheCpeIndexOfAProductItNoLongerNames) {
  const fs::path dir = testing::fresh_dir("kb-cpe-revised");
  auto kb = KnowledgeBase::open((dir / "kb.db").string());
  ASSERT_TRUE(kb.ok());
  const cpe::Value v = cpe::literal("1.35.0");
  write(dir / "n.json",
        nvd("cpe:2.3:a:busybox:busybox:*:*:*:*:*:*:*:*", "2024-02-02T00:00:00.000"));
  ASSERT_EQ(kb->import_paths({(dir / "n.json").string()})->added, 1u);
  EXPECT_EQ(kb->by_cpe("busybox", "busybox", v)->size(), 1u);
  EXPECT_TRUE(kb->by_cpe("busybox", "busybox", cpe::literal("1.36.0"))->empty());
  // The same CVE revised: it now names another product.
  write(dir / "n.json", nvd("cpe:2.3:a:toybox:toybox:*:*:*:*:*:*:*:*", "2024-03-01T00:00:00.000"));
  ASSERT_EQ(kb->import_paths({(dir / "n.json").string()})->replaced, 1u);
  EXPECT_TRUE(kb->by_cpe("busybox", "busybox", v)->empty());
  EXPECT_TRUE(kb->by_cpe("", "busybox", v)->empty());
  EXPECT_EQ(kb->by_cpe("toybox", "toybox", v)->size(), 1u);
  EXPECT_EQ(kb->by_cpe("", "toybox", v)->size(), 1u);
}

TEST(KbLookup, ARevisedRecordLeavesThePackageIndexOfAPackageItNoLongerNames) {
  const fs::path dir = testing::fresh_dir("kb-package-revised");
  auto kb = KnowledgeBase::open((dir / "kb.db").string());
  ASSERT_TRUE(kb.ok());
  write(dir / "a.json", osv("2024-01-01T00:00:00Z", "first"));
  ASSERT_EQ(kb->import_paths({(dir / "a.json").string()})->added, 1u);
  EXPECT_EQ(kb->by_package("PyPI", "examplepkg", "1.0")->size(), 1u);
  EXPECT_TRUE(kb->by_package("PyPI", "examplepkg", "2.0")->empty());
  std::string revised = osv("2024-03-01T00:00:00Z", "renamed");
  revised.replace(revised.find("examplepkg"), 10, "otherpkg");
  write(dir / "a.json", revised);
  ASSERT_EQ(kb->import_paths({(dir / "a.json").string()})->replaced, 1u);
  EXPECT_TRUE(kb->by_package("PyPI", "examplepkg")->empty());
  EXPECT_EQ(kb->by_package("PyPI", "otherpkg", "1.0")->size(), 1u);
}

// An NVD record of CVE-2024-1111 with NVD's own CVSS 3.1 vector and a CWE.
std::string nvd_scored(const char* modified) {
  return std::string(R"({"id": "CVE-2024-1111", "sourceIdentifier": "nvd@nist.gov",
    "published": "2024-01-05T00:00:00.000", "lastModified": ")") +
         modified + R"(", "descriptions": [{"lang": "en", "value": "NVD's text"}],
    "weaknesses": [{"source": "nvd@nist.gov", "type": "Primary",
                    "description": [{"lang": "en", "value": "CWE-787"}]}],
    "metrics": {"cvssMetricV31": [{"source": "nvd@nist.gov", "type": "Primary", "cvssData": {
      "version": "3.1", "vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}}]}})";
}

const char* kOsvScored =
    R"({"id": "EX-2024-1", "modified": "2024-01-01T00:00:00Z", "aliases": ["CVE-2024-1111"],
  "summary": "OSV's text", "published": "2024-01-02T00:00:00Z",
  "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
  "references": [{"type": "EXPLOIT", "url": "https://example.org/poc"}],
  "affected": [{"package": {"ecosystem": "PyPI", "name": "examplepkg"},
                "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.0"}]}]}]})";

TEST(KbDescription, AMergedVulnerabilityIsDescribedFromAllItsRecordsAtImport) {
  const fs::path dir = testing::fresh_dir("kb-describe");
  auto kb = KnowledgeBase::open((dir / "kb.db").string());
  ASSERT_TRUE(kb.ok());
  write(dir / "osv.json", kOsvScored);
  write(dir / "nvd.json", nvd_scored("2024-01-06T00:00:00.000"));
  ASSERT_EQ(kb->import_paths({(dir / "osv.json").string(), (dir / "nvd.json").string()})->added,
            2u);
  auto d = kb->description("CVE-2024-1111");
  ASSERT_TRUE(d.ok()) << d.error().to_string();
  ASSERT_TRUE(d->has_value());
  const auto& v = **d;
  EXPECT_EQ(v.id, "CVE-2024-1111");
  EXPECT_EQ(v.aliases, std::vector<std::string>{"EX-2024-1"});
  EXPECT_EQ(v.summary, "NVD's text");  // NVD's record ranks first
  EXPECT_EQ(v.published, "2024-01-05T00:00:00.000");
  EXPECT_EQ(v.cwes, std::vector<std::string>{"CWE-787"});
  EXPECT_EQ(v.exploits, std::vector<std::string>{"https://example.org/poc"});
  using Vector = KnowledgeBase::Description::Vector;
  EXPECT_EQ(v.cvss, (std::vector<Vector>{
                        {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "nvd@nist.gov"},
                        {"CVSS:3.1/AV:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "osv:EX-2024-1"}}));
  // Only merged vulnerabilities are described; an alias names none.
  auto alias = kb->description("EX-2024-1");
  ASSERT_TRUE(alias.ok());
  EXPECT_FALSE(alias->has_value());
}

TEST(KbDescription, ARecordThatMovesToAnotherVulnerabilityLeavesBothDescribedAnew) {
  const fs::path dir = testing::fresh_dir("kb-describe-moved");
  auto kb = KnowledgeBase::open((dir / "kb.db").string());
  ASSERT_TRUE(kb.ok());
  write(dir / "osv.json", kOsvScored);
  write(dir / "nvd.json", nvd_scored("2024-01-06T00:00:00.000"));
  ASSERT_TRUE(kb->import_paths({(dir / "osv.json").string(), (dir / "nvd.json").string()}).ok());
  // The OSV record revised: it now aliases another CVE. CVE-2024-1111 keeps
  // its NVD record, so only the removed record's own vulnerability says
  // that it changed.
  std::string revised = kOsvScored;
  revised.replace(revised.find("2024-01-01T00:00:00Z"), 20, "2024-02-01T00:00:00Z");
  revised.replace(revised.find("CVE-2024-1111"), 13, "CVE-2024-2222");
  write(dir / "osv.json", revised);
  ASSERT_EQ(kb->import_paths({(dir / "osv.json").string()})->replaced, 1u);
  auto old = kb->description("CVE-2024-1111");
  ASSERT_TRUE(old.ok() && old->has_value());
  EXPECT_TRUE((*old)->aliases.empty());
  EXPECT_TRUE((*old)->exploits.empty());
  EXPECT_EQ((*old)->cvss.size(), 1u);
  auto moved = kb->description("CVE-2024-2222");
  ASSERT_TRUE(moved.ok() && moved->has_value());
  EXPECT_EQ((*moved)->aliases, std::vector<std::string>{"EX-2024-1"});
  EXPECT_EQ((*moved)->summary, "OSV's text");
  // A newer copy of the only record of a vulnerability rewrites its text.
  std::string text = nvd_scored("2024-03-01T00:00:00.000");
  text.replace(text.find("NVD's text"), 10, "NVD's word");
  write(dir / "nvd.json", text);
  ASSERT_EQ(kb->import_paths({(dir / "nvd.json").string()})->replaced, 1u);
  EXPECT_EQ((*kb->description("CVE-2024-1111"))->summary, "NVD's word");
}

TEST(KbLookup, ALargeCpePackAnswersEachRowByItsOwnVersionAndBounds) {
  // Enough rows that the lookup remembers each distinct version and bounds
  // (as it does for the kernel's), most of them repeated.
  const fs::path dir = testing::fresh_dir("kb-cpe-large");
  auto kb = KnowledgeBase::open((dir / "kb.db").string());
  ASSERT_TRUE(kb.ok());
  constexpr int kRecords = 600;
  const auto exact = [](int i) { return i % 7 == 0; };  // names version 1.3 or 1.4, no bounds
  for (int i = 0; i < kRecords; ++i) {
    char id[32];
    std::snprintf(id, sizeof id, "CVE-2024-%05d", 10000 + i);
    const std::string version = exact(i) ? (i % 2 ? "1.3" : "1.4") : "*";
    const std::string bounds =
        exact(i) ? ""
                 : R"(, "versionStartIncluding": "1.)" + std::to_string(i % 5) +
                       R"(", "versionEndExcluding": "1.)" + std::to_string(i % 5 + 2) + R"(")";
    write(dir / (std::string(id) + ".json"),
          std::string(R"({"id": ")") + id + R"(", "sourceIdentifier": "nvd@nist.gov",
      "published": "2024-02-01T00:00:00.000", "lastModified": "2024-02-01T00:00:00.000",
      "descriptions": [{"lang": "en", "value": "x"}],
      "configurations": [{"nodes": [{"operator": "OR", "negate": false, "cpeMatch": [
        {"vulnerable": true, "criteria": "cpe:2.3:a:maker:bigprod:)" +
              version + R"(:*:*:*:*:*:*:*")" + bounds + "}]}]}]}");
  }
  ASSERT_EQ(kb->import_paths({dir.string()})->added, static_cast<size_t>(kRecords));
  for (const char* target : {"1.0", "1.3", "1.4", "1.6"}) {
    auto hits = kb->by_cpe("maker", "bigprod", cpe::literal(target));
    ASSERT_TRUE(hits.ok()) << hits.error().to_string();
    std::vector<int64_t> want;
    for (int i = 0; i < kRecords; ++i) {
      const int minor = target[2] - '0';
      const bool in = exact(i) ? minor == (i % 2 ? 3 : 4) : i % 5 <= minor && minor < i % 5 + 2;
      if (in) want.push_back(i + 1);  // keys in import order
    }
    EXPECT_EQ(*hits, want) << target;
  }
}

std::string osv_named(const std::string& id, const char* modified,
                      const std::vector<std::string>& aliases) {
  std::string list;
  for (const auto& a : aliases) list += (list.empty() ? "\"" : ", \"") + a + "\"";
  return R"({"id": ")" + id + R"(", "modified": ")" + modified + R"(", "aliases": [)" + list +
         R"(], "summary": ")" + id + " " + modified +
         R"(", "affected": [{"package": {"ecosystem": "PyPI", "name": "examplepkg"},
    "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.0"}]}]}]})";
}

std::string nvd_named(const std::string& cve) {
  return R"({"id": ")" + cve + R"(", "sourceIdentifier": "nvd@nist.gov",
    "published": "2024-01-05T00:00:00.000", "lastModified": "2024-01-06T00:00:00.000",
    "descriptions": [{"lang": "en", "value": ")" +
         cve + R"( text"}]})";
}

TEST(KbGroups, ImportsInStepsGroupAsOneImportOfTheSameRecords) {
  // Later imports group only what their records reach; a kb filled in
  // steps must group and describe as a new kb given every file at once.
  const fs::path dir = testing::fresh_dir("kb-groups-steps");
  const fs::path feeds = dir / "feeds";
  fs::create_directories(feeds);
  auto stepped = KnowledgeBase::open((dir / "stepped.db").string());
  ASSERT_TRUE(stepped.ok());
  const char* t1 = "2024-01-01T00:00:00Z";
  const char* t2 = "2024-02-01T00:00:00Z";
  const char* t3 = "2024-03-01T00:00:00Z";
  const std::vector<std::vector<std::pair<std::string, std::string>>> steps = {
      {{"x1.json", osv_named("X-1", t1, {"CVE-2024-0001"})},
       {"x2.json", osv_named("X-2", t1, {"CVE-2024-0002"})},
       {"x3.json", osv_named("X-3", t1, {})},
       {"n1.json", nvd_named("CVE-2024-0001")},
       {"n2.json", nvd_named("CVE-2024-0002")}},
      // A record naming both CVEs merges their vulnerabilities; X-3 gains a CVE.
      {{"y.json", osv_named("Y-1", t1, {"CVE-2024-0001", "CVE-2024-0002"})},
       {"x3.json", osv_named("X-3", t2, {"CVE-2024-0003"})}},
      // The bridge revised away: the merged vulnerability falls apart; X-1
      // leaves CVE-2024-0001 to its NVD record.
      {{"y.json", osv_named("Y-1", t2, {"CVE-2024-0002"})}, {"x1.json", osv_named("X-1", t2, {})}},
      // One import holding two copies of a record: the newer replaces the
      // older within it.
      {{"z1.json", osv_named("Z-1", t2, {"CVE-2024-0003"})},
       {"z2.json", osv_named("Z-1", t3, {"CVE-2024-0001", "X-3"})}},
  };
  const std::vector<std::string> ids = {"X-1", "X-2",           "X-3",           "Y-1",
                                        "Z-1", "CVE-2024-0001", "CVE-2024-0002", "CVE-2024-0003"};
  for (size_t step = 0; step < steps.size(); ++step) {
    std::vector<std::string> paths;
    for (const auto& [name, text] : steps[step]) {
      write(feeds / name, text);
      paths.push_back((feeds / name).string());
    }
    ASSERT_TRUE(stepped->import_paths(paths).ok()) << step;
    const fs::path fresh_path = dir / ("whole" + std::to_string(step) + ".db");
    auto whole = KnowledgeBase::open(fresh_path.string());
    ASSERT_TRUE(whole.ok());
    ASSERT_TRUE(whole->import_paths({feeds.string()}).ok());
    for (const std::string& id : ids) {
      auto a = stepped->vulnerability_of(id);
      auto b = whole->vulnerability_of(id);
      ASSERT_TRUE(a.ok() && b.ok());
      ASSERT_EQ(*a, *b) << id << " after step " << step;
      if (!*a) continue;
      auto da = stepped->description(**a);
      auto db = whole->description(**b);
      ASSERT_TRUE(da.ok() && db.ok() && da->has_value() && db->has_value()) << **a;
      EXPECT_EQ((*da)->aliases, (*db)->aliases) << **a << " after step " << step;
      EXPECT_EQ((*da)->summary, (*db)->summary) << **a << " after step " << step;
      EXPECT_EQ(stepped->group(**a)->members.size(), whole->group(**b)->members.size())
          << **a << " after step " << step;
    }
    EXPECT_EQ(stepped->stats()->vulnerabilities, whole->stats()->vulnerabilities) << step;
    // Each record's matching form follows its record into its vulnerability.
    expect_matching_forms_current(*stepped, (dir / "stepped.db").string(),
                                  "after step " + std::to_string(step));
  }
  // The last step as expected, not only as the whole import has it.
  EXPECT_EQ(**stepped->vulnerability_of("Y-1"), "CVE-2024-0002");
  EXPECT_EQ(**stepped->vulnerability_of("X-3"), "CVE-2024-0001");  // through Z-1
  EXPECT_EQ(**stepped->vulnerability_of("CVE-2024-0003"), "CVE-2024-0001");
}

TEST(KbLookup, ADamagedMatchingFormIsAnErrorNamingItsRecord) {
  const fs::path dir = testing::fresh_dir("kb-matching-damaged");
  const std::string path = (dir / "kb.db").string();
  // A text length running past the end; a form cut short; a byte too many.
  for (const char* body : {"x'0105'", "substr(body, 1, length(body) - 1)", "body || x'00'"}) {
    make_old_kb(dir, path, (std::string("UPDATE matching SET body = ") + body + ";").c_str());
    auto kb = KnowledgeBase::open(path);
    ASSERT_TRUE(kb.ok()) << kb.error().to_string();
    auto hits = kb->by_package("PyPI", "examplepkg", "1.0");
    ASSERT_TRUE(hits.ok() && hits->size() == 1u);
    auto r = kb->matching_record(hits->front());
    ASSERT_FALSE(r.ok()) << body;
    EXPECT_NE(r.error().message.find("record " + std::to_string(hits->front())), std::string::npos)
        << r.error().message;
  }
}

TEST(KbDescription, ADamagedDescriptionIsAnErrorNamingItsVulnerability) {
  const fs::path dir = testing::fresh_dir("kb-describe-damaged");
  const std::string path = (dir / "kb.db").string();
  // A field length running past the end, then a field kind no Vigil wrote.
  for (const char* body : {"x'0105'", "x'630000'"}) {
    make_old_kb(dir, path,
                (std::string("UPDATE matching SET description = ") + body +
                 " WHERE vulnerability = 'CVE-2024-1111';")
                    .c_str());
    auto kb = KnowledgeBase::open(path);
    ASSERT_TRUE(kb.ok()) << kb.error().to_string();
    auto d = kb->description("CVE-2024-1111");
    ASSERT_FALSE(d.ok()) << body;
    EXPECT_NE(d.error().message.find("CVE-2024-1111"), std::string::npos) << d.error().message;
  }
}

TEST(KbLookup, ADamagedCpePackIsAnErrorNotAnAnswer) {
  const fs::path dir = testing::fresh_dir("kb-cpe-damaged");
  const std::string path = (dir / "kb.db").string();
  make_old_kb(dir, path,
              "INSERT INTO cpes SELECT 'marker', 'maker', rowid, '*', '', '', '', '1.0' "
              "FROM advisories; INSERT INTO cpe_packs VALUES ('marker', 'maker', x'0105');");
  auto kb = KnowledgeBase::open(path);
  ASSERT_TRUE(kb.ok()) << kb.error().to_string();
  auto hits = kb->by_cpe("maker", "marker", cpe::literal("0.9"));
  ASSERT_FALSE(hits.ok());
  EXPECT_NE(hits.error().message.find("marker"), std::string::npos) << hits.error().message;
  // A package pack whose scheme is not a number.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "UPDATE package_packs SET body = x'0101780000013000' "
                         "WHERE name = 'examplepkg'",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  auto packages = kb->by_package("PyPI", "examplepkg", "1.0");
  ASSERT_FALSE(packages.ok());
  EXPECT_NE(packages.error().message.find("examplepkg"), std::string::npos);
}

std::string journal_mode(const std::string& path) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, nullptr);
  std::string mode = sqlite3_step(st) == SQLITE_ROW
                         ? reinterpret_cast<const char*>(sqlite3_column_text(st, 0))
                         : "";
  sqlite3_finalize(st);
  sqlite3_close(db);
  return mode;
}

TEST(KbImport, AFirstImportWhileAnotherConnectionReadsStillCommits) {
  // A first import uses a rollback journal only when no one else is
  // reading; with a reader it stays in WAL mode and neither waits.
  const fs::path dir = testing::fresh_dir("kb-reader");
  const std::string path = (dir / "kb.db").string();
  auto kb = KnowledgeBase::open(path);
  ASSERT_TRUE(kb.ok());
  auto reader = KnowledgeBase::open(path);
  ASSERT_TRUE(reader.ok());
  write(dir / "a.json", osv("2024-01-01T00:00:00Z", "x"));
  {
    KnowledgeBase::ReadScope scope(*reader);
    ASSERT_TRUE(reader->empty().ok());
    const auto start = std::chrono::steady_clock::now();
    ASSERT_TRUE(kb->import_paths({(dir / "a.json").string()}).ok());
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(4));
    EXPECT_TRUE(*reader->empty());  // the reader's snapshot predates the import
  }
  EXPECT_FALSE(*reader->empty());
  EXPECT_EQ(journal_mode(path), "wal");
}

TEST(KbImport, BadFilesAreSkippedByNameAndTheRestImports) {
  const fs::path dir = testing::fresh_dir("kb-bad");
  const fs::path feeds = dir / "feeds";
  fs::create_directories(feeds);
  write(feeds / "good.json", osv("2024-01-01T00:00:00Z", "good"));
  write(feeds / "broken.json", "{\"id\": \"X\", \"modified\": ");
  write(feeds / "no-id.json", R"({"modified": "2024-01-01T00:00:00Z"})");
  write(feeds / "other.json", R"({"hello": "world"})");
  auto kb = KnowledgeBase::open((dir / "kb.db").string());
  ASSERT_TRUE(kb.ok());
  auto r = kb->import_paths({feeds.string()});
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->added, 1u);
  ASSERT_EQ(r->skipped.size(), 3u);
  for (const auto& e : r->skipped)
    EXPECT_NE(e.location.find("feeds/"), std::string::npos) << e.to_string();
}

TEST(KbImport, AFailedImportLeavesThePreviousKb) {
  const fs::path dir = testing::fresh_dir("kb-atomic");
  auto kb = KnowledgeBase::open((dir / "kb.db").string());
  ASSERT_TRUE(kb.ok());
  write(dir / "a.json", osv("2024-01-01T00:00:00Z", "kept"));
  ASSERT_TRUE(kb->import_paths({(dir / "a.json").string()}).ok());
  write(dir / "b.json", osv("2025-01-01T00:00:00Z", "lost"));
  // The second path does not exist: the whole import fails, b.json included.
  auto r = kb->import_paths({(dir / "b.json").string(), (dir / "missing").string()});
  ASSERT_FALSE(r.ok());
  auto v = kb->find("EX-2024-1");
  ASSERT_TRUE(v.ok() && v->has_value());
  EXPECT_EQ((*v)->advisories[0].summary, "kept");
}

// Runs `vigil db import FEEDS --db DB` and kills it with SIGKILL after
// `delay_ms`.
void kill_import_after(const char* bin, const fs::path& feeds, const std::string& db,
                       int delay_ms) {
  const pid_t child = fork();
  if (child == 0) {
    const std::string dir = feeds.string();
    execl(bin, bin, "db", "import", dir.c_str(), "--db", db.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
}

TEST(KbImport, AKilledImportLeavesThePreviousKb) {
  const auto corpus = testing::corpus_dir();
  const char* bin = std::getenv("VIGIL_BIN");
  if (!corpus || !bin) GTEST_SKIP() << "needs VIGIL_CORPUS and VIGIL_BIN";
  const fs::path dir = testing::fresh_dir("kb-kill");
  const std::string db = (dir / "kb.db").string();
  {
    auto kb = KnowledgeBase::open(db);
    ASSERT_TRUE(kb.ok());
    write(dir / "a.json", osv("2024-01-01T00:00:00Z", "before"));
    ASSERT_TRUE(kb->import_paths({(dir / "a.json").string()}).ok());
  }
  // Kill imports of the whole OSV corpus at several moments.
  for (int delay_ms : {20, 60, 150}) {
    kill_import_after(bin, *corpus / "osv", db, delay_ms);
    auto kb = KnowledgeBase::open(db);
    ASSERT_TRUE(kb.ok()) << kb.error().to_string();
    auto stats = kb->stats();
    ASSERT_TRUE(stats.ok()) << stats.error().to_string();
    // Either nothing of the killed import landed, or (if it finished first) all of it.
    EXPECT_TRUE(stats->advisories == 1u || stats->advisories == 6953u) << stats->advisories;
    auto v = kb->find("EX-2024-1");
    ASSERT_TRUE(v.ok() && v->has_value());
  }
}

TEST(KbImport, AKilledFirstImportLeavesAnEmptyUsableKb) {
  // Into an empty kb the import writes with a rollback journal: a kill
  // leaves a hot journal that the next open rolls back, and WAL mode returns.
  const auto corpus = testing::corpus_dir();
  const char* bin = std::getenv("VIGIL_BIN");
  if (!corpus || !bin) GTEST_SKIP() << "needs VIGIL_CORPUS and VIGIL_BIN";
  const fs::path dir = testing::fresh_dir("kb-kill-first");
  const std::string db = (dir / "kb.db").string();
  for (int delay_ms : {30, 120}) {
    kill_import_after(bin, *corpus / "osv", db, delay_ms);
    auto kb = KnowledgeBase::open(db);
    ASSERT_TRUE(kb.ok()) << kb.error().to_string();
    auto stats = kb->stats();
    ASSERT_TRUE(stats.ok()) << stats.error().to_string();
    EXPECT_TRUE(stats->advisories == 0u || stats->advisories == 6952u) << stats->advisories;
    EXPECT_EQ(journal_mode(db), "wal");
    if (stats->advisories != 0u) fs::remove(db);
  }
}

TEST(KbImport, EveryCorpusRecordReadsForMatchingAsStored) {
  const auto corpus = testing::corpus_dir();
  if (!corpus) GTEST_SKIP() << testing::corpus_skip_message();
  const fs::path dir = testing::fresh_dir("kb-corpus-matching");
  const std::string path = (dir / "kb.db").string();
  auto kb = KnowledgeBase::open(path);
  ASSERT_TRUE(kb.ok()) << kb.error().to_string();
  // OSV ranges and versions, NVD configurations, CSAF products.
  auto report = kb->import_paths(
      {(*corpus / "osv" / "go").string(), (*corpus / "osv" / "pypi").string(),
       (*corpus / "nvd" / "records").string(), (*corpus / "csaf" / "cisa-icsma").string()});
  ASSERT_TRUE(report.ok()) << report.error().to_string();
  expect_matching_forms_current(*kb, path, "after the corpus import");
}

TEST(AdvisoryJson, EveryCorpusRecordRoundTrips) {
  const auto corpus = testing::corpus_dir();
  if (!corpus) GTEST_SKIP() << testing::corpus_skip_message();
  size_t n = 0;
  for (const char* eco : {"pypi", "go"}) {
    for (const auto& e : fs::directory_iterator(*corpus / "osv" / eco)) {
      if (e.path().extension() != ".json") continue;
      auto a = advisory::parse_osv(testing::read_file(e.path()), e.path().string());
      ASSERT_TRUE(a.ok());
      auto back = advisory::advisory_from_json(advisory::to_json(*a).dump());
      ASSERT_TRUE(back.ok()) << e.path() << ": " << back.error().message;
      EXPECT_EQ(*back, *a) << e.path();
      ++n;
    }
  }
  EXPECT_GT(n, 6900u);
}

// A record with every field of the model filled.
advisory::Advisory every_field() {
  advisory::Advisory a;
  a.id = "CVE-2024-0001";
  a.source = advisory::Source::nvd;
  a.aliases = {"GHSA-aaaa-bbbb-cccc"};
  a.summary = "s";
  a.details = "d";
  a.published = "2024-01-01T00:00:00Z";
  a.modified = "2024-02-01T00:00:00Z";
  a.severities = {{"CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "nvd@nist.gov"}};
  a.cwes = {"CWE-79"};
  a.references = {{"EXPLOIT", "https://example.com/x"}};
  advisory::Affected af{"PyPI", "examplepkg", "pkg:pypi/examplepkg", {}, {"repo"}, {"1.0"}};
  af.ranges.push_back(
      {version::RangeType::ecosystem,
       {{version::EventKind::introduced, "0"}, {version::EventKind::fixed, "2.0"}}});
  a.affected = {af};
  a.configurations = {
      {true,
       false,
       {{false, false, {{"cpe:2.3:a:v:p:*:*:*:*:*:*:*:*", true, "1.0", "", "", "2.0"}}}}}};
  advisory::CsafProduct p;
  p.product_id = "CSAFPID-1";
  p.name = "pump";
  p.purls = {"pkg:generic/pump"};
  p.status = "known_affected";
  a.products = {p};
  return a;
}

// Stored records are read member by member in the order to_json writes
// them; members in any other order (here sorted by name) read the same.
TEST(AdvisoryJson, ARecordReadsTheSameWhateverItsMembersOrder) {
  const advisory::Advisory a = every_field();
  const auto ordered = advisory::advisory_from_json(advisory::to_json(a).dump());
  ASSERT_TRUE(ordered.ok()) << ordered.error().message;
  EXPECT_EQ(*ordered, a);
  const nlohmann::json sorted = nlohmann::json::parse(advisory::to_json(a).dump());
  const auto resorted = advisory::advisory_from_json(sorted.dump());
  ASSERT_TRUE(resorted.ok()) << resorted.error().message;
  EXPECT_EQ(*resorted, a);
  // A member missing is a damaged record, in either order.
  nlohmann::json missing = sorted;
  missing.erase("cwes");
  EXPECT_FALSE(advisory::advisory_from_json(missing.dump()).ok());
}

// The matching form keeps what the matcher reads and nothing else, and a
// form cut anywhere, or with a byte over, is not one.
TEST(KbMatchingForm, KeepsWhatMatchingReadsAndRefusesEveryCut) {
  advisory::Advisory a = every_field();
  a.withdrawn = "2024-03-01T00:00:00Z";
  a.affected.push_back(a.affected.front());
  a.affected.back().ranges.push_back(
      {version::RangeType::git, {{version::EventKind::limit, "c0ffee"}}});
  a.configurations.front().negate = true;
  a.configurations.front().nodes.front().matches.push_back(
      {"cpe:2.3:o:v:os:-:*:*:*:*:*:*:*", false, "", "", "", ""});
  const std::string form = detail::matching_form(a);
  const auto back = detail::read_matching_form(form);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, matching_part(a));
  for (size_t n = 0; n < form.size(); ++n) {
    EXPECT_FALSE(detail::read_matching_form(form.substr(0, n)).has_value()) << "cut at " << n;
  }
  EXPECT_FALSE(detail::read_matching_form(form + '\0').has_value());
}

}  // namespace
}  // namespace vigil::kb

// Every import says what it changed: the vulnerabilities added, changed and
// withdrawn, the index keys it touched and the KEV and EPSS facts that
// moved. Each case imports a known delta over the demo kb and checks the
// exact change set, so that a caller can find the releases to rematch.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "kb/kb.h"
#include "support/fixtures.h"

namespace vigil::kb {
namespace {

namespace fs = std::filesystem;

std::string show(const ChangeSet& c) {
  std::ostringstream out;
  const auto list = [&](const char* name, const std::set<std::string>& s) {
    out << name << ":";
    for (const auto& v : s) out << " " << v;
    out << "\n";
  };
  const auto pairs = [&](const char* name, const std::set<ChangeSet::Key>& s) {
    out << name << ":";
    for (const auto& [a, b] : s) out << " " << a << "/" << b;
    out << "\n";
  };
  list("added", c.added);
  list("changed", c.changed);
  list("withdrawn", c.withdrawn);
  pairs("packages", c.packages);
  pairs("cpe_products", c.cpe_products);
  list("product_names", c.product_names);
  list("kev_added", c.kev_added);
  list("kev_changed", c.kev_changed);
  list("epss_changed", c.epss_changed);
  return out.str();
}

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

const fs::path kDemo = testing::demo_dir() / "kb";
const fs::path kDeltas = testing::data_dir() / "service";
const fs::path kEpss = testing::data_dir() / "epss" / "epss_scores-sample.csv";

// A kb holding the demo feeds and the EPSS sample, and the change set of
// that first import.
struct DemoKb {
  std::optional<KnowledgeBase> kb;
  ChangeSet first;
  fs::path dir;

  explicit DemoKb(const std::string& name) : dir(testing::fresh_dir(name)) {
    auto opened = KnowledgeBase::open((dir / "kb.db").string());
    EXPECT_TRUE(opened.ok()) << opened.error().to_string();
    kb.emplace(std::move(*opened));
    first = import({kDemo.string(), kEpss.string()});
  }

  ChangeSet import(const std::vector<std::string>& paths) {
    auto report = kb->import_paths(paths);
    EXPECT_TRUE(report.ok()) << report.error().to_string();
    return report ? report->changes : ChangeSet{};
  }
};

TEST(KbChangeSet, FirstImportAddsEveryVulnerabilityAndEveryFact) {
  DemoKb demo("changes-first");
  const auto& c = demo.first;
  auto stats = demo.kb->stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(c.added.size(), stats->vulnerabilities) << show(c);
  EXPECT_TRUE(c.changed.empty()) << show(c);
  EXPECT_TRUE(c.withdrawn.empty()) << show(c);
  EXPECT_EQ(c.kev_added, (std::set<std::string>{"CVE-2017-5638"}));
  EXPECT_TRUE(c.kev_changed.empty());
  // The five good rows of the sample; two are bad and skipped.
  EXPECT_EQ(c.epss_changed.size(), 5u) << show(c);
  EXPECT_TRUE(c.packages.count({"PyPI", "pyyaml"})) << show(c);
  EXPECT_TRUE(c.cpe_products.count({"gnu", "glibc"})) << show(c);
  EXPECT_FALSE(c.product_names.empty()) << show(c);
}

TEST(KbChangeSet, ImportingTheSameFeedsAgainChangesNothing) {
  DemoKb demo("changes-again");
  const auto again = demo.import({kDemo.string(), kEpss.string()});
  EXPECT_TRUE(again.empty()) << show(again);
}

TEST(KbChangeSet, ANewRecordAddsItsVulnerabilityAndItsPackage) {
  DemoKb demo("changes-delta-1");
  ChangeSet want;
  want.added = {"CVE-2099-0001"};
  want.packages = {{"PyPI", "numpy"}};
  const auto got = demo.import({(kDeltas / "delta-1").string()});
  EXPECT_EQ(got, want) << show(got);
}

TEST(KbChangeSet, ARevisionChangesItsVulnerabilityAndANewOneIsAdded) {
  DemoKb demo("changes-delta-2");
  demo.import({(kDeltas / "delta-1").string()});
  ChangeSet want;
  want.added = {"CVE-2099-0002"};
  want.changed = {"CVE-2099-0001"};
  want.packages = {{"PyPI", "numpy"}, {"PyPI", "pyyaml"}};
  const auto got = demo.import({(kDeltas / "delta-2").string()});
  EXPECT_EQ(got, want) << show(got);
}

TEST(KbChangeSet, AWithdrawnRevisionWithdrawsItsVulnerability) {
  DemoKb demo("changes-withdrawn");
  demo.import({(kDeltas / "delta-1").string()});
  const fs::path file = demo.dir / "withdrawn" / "PYSEC-2099-1.json";
  write(file, R"({"id": "PYSEC-2099-1", "modified": "2026-12-05T00:00:00Z",
    "withdrawn": "2026-12-05T00:00:00Z", "aliases": ["CVE-2099-0001"],
    "details": "Withdrawn: not a vulnerability.",
    "affected": [{"package": {"name": "numpy", "ecosystem": "PyPI"},
      "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1.22.0"}]}]}]})");
  ChangeSet want;
  want.withdrawn = {"CVE-2099-0001"};
  want.packages = {{"PyPI", "numpy"}};
  const auto got = demo.import({file.string()});
  EXPECT_EQ(got, want) << show(got);
}

TEST(KbChangeSet, ARecordJoiningAKnownVulnerabilityChangesIt) {
  DemoKb demo("changes-join");
  demo.import({(kDeltas / "delta-1").string()});
  // A GHSA naming the same CVE: one vulnerability with a second record.
  const fs::path file = demo.dir / "join" / "GHSA-2099-aaaa-bbbb.json";
  write(file, R"({"id": "GHSA-2099-aaaa-bbbb", "modified": "2026-12-02T00:00:00Z",
    "aliases": ["CVE-2099-0001"], "details": "numpy mishandles crafted array descriptors.",
    "affected": [{"package": {"name": "numpy", "ecosystem": "PyPI"},
      "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1.22.0"}]}]}]})");
  ChangeSet want;
  want.changed = {"CVE-2099-0001"};
  want.packages = {{"PyPI", "numpy"}};
  const auto got = demo.import({file.string()});
  EXPECT_EQ(got, want) << show(got);
}

TEST(KbChangeSet, AnNvdRevisionChangesItsVulnerabilityAndItsCpeProducts) {
  DemoKb demo("changes-nvd");
  const fs::path original = kDemo / "nvd" / "records" / "CVE-2016-10228.json";
  std::string text = testing::read_file(original);
  const std::string stamp = R"("lastModified": "2025-04-20T01:37:25.860")";
  const auto at = text.find(stamp);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, stamp.size(), R"("lastModified": "2026-12-01T00:00:00.000")");
  const fs::path file = demo.dir / "nvd" / "CVE-2016-10228.json";
  write(file, text);
  ChangeSet want;
  want.changed = {"CVE-2016-10228"};
  want.cpe_products = {{"gnu", "glibc"}};
  const auto got = demo.import({file.string()});
  EXPECT_EQ(got, want) << show(got);
}

TEST(KbChangeSet, KevAndEpssReportOnlyWhatMoved) {
  DemoKb demo("changes-facts");
  std::string catalog = testing::read_file(kDemo / "kev" / "known_exploited_vulnerabilities.json");
  // CISA lists a second CVE and no longer knows the first used by ransomware.
  const std::string ransomware = R"("knownRansomwareCampaignUse": "Known")";
  const auto at = catalog.find(ransomware);
  ASSERT_NE(at, std::string::npos) << catalog;
  catalog.replace(at, ransomware.size(), R"("knownRansomwareCampaignUse": "Unknown")");
  const std::string list = R"("vulnerabilities": [)";
  catalog.insert(catalog.find(list) + list.size(), R"(
    {"cveID": "CVE-2022-0778", "vendorProject": "OpenSSL", "product": "OpenSSL",
     "vulnerabilityName": "OpenSSL Infinite Loop", "dateAdded": "2026-12-01",
     "shortDescription": "BN_mod_sqrt loops forever on crafted certificates.",
     "requiredAction": "Apply updates.", "dueDate": "2026-12-22",
     "knownRansomwareCampaignUse": "Unknown", "notes": "", "cwes": ["CWE-835"]},)");
  const fs::path kev = demo.dir / "kev" / "known_exploited_vulnerabilities.json";
  write(kev, catalog);
  // One score moves; the others are as before.
  std::string scores = testing::read_file(kEpss);
  const std::string row = "CVE-2022-0778,0.01088,0.77140";
  ASSERT_NE(scores.find(row), std::string::npos);
  scores.replace(scores.find(row), row.size(), "CVE-2022-0778,0.21088,0.95140");
  const fs::path epss = demo.dir / "epss" / "epss_scores-2026-12-01.csv";
  write(epss, scores);
  ChangeSet want;
  want.kev_added = {"CVE-2022-0778"};
  want.kev_changed = {"CVE-2017-5638"};
  want.epss_changed = {"CVE-2022-0778"};
  const auto got = demo.import({kev.string(), epss.string()});
  EXPECT_EQ(got, want) << show(got);
}

TEST(KbChangeSet, ACsafRevisionChangesItsVulnerabilitiesAndNamesItsProducts) {
  const fs::path original = kDemo / "csaf" / "cisa-icsma" / "icsma-24-200-01.json";
  // The product names the advisory is found by, from a kb holding it alone.
  DemoKb demo("changes-csaf");
  const fs::path alone_dir = testing::fresh_dir("changes-csaf-alone");
  auto alone = KnowledgeBase::open((alone_dir / "kb.db").string());
  ASSERT_TRUE(alone.ok());
  auto by_itself = alone->import_paths({original.string()});
  ASSERT_TRUE(by_itself.ok());
  ASSERT_FALSE(by_itself->changes.product_names.empty());

  std::string text = testing::read_file(original);
  const std::string stamp = R"("current_release_date": "2024-07-18T06:00:00.000000Z")";
  ASSERT_NE(text.find(stamp), std::string::npos);
  text.replace(text.find(stamp), stamp.size(),
               R"("current_release_date": "2026-12-01T00:00:00.000000Z")");
  const fs::path file = demo.dir / "csaf" / "icsma-24-200-01.json";
  write(file, text);
  ChangeSet want;
  want.changed = by_itself->changes.added;
  want.product_names = by_itself->changes.product_names;
  want.cpe_products = by_itself->changes.cpe_products;
  want.packages = by_itself->changes.packages;
  const auto got = demo.import({file.string()});
  EXPECT_EQ(got, want) << show(got);
  EXPECT_EQ(got.changed.size(), 13u) << show(got);
}

TEST(KbChangeSet, MergedChangeSetsReadAsOneImport) {
  DemoKb apart("changes-apart");
  ChangeSet merged = apart.import({(kDeltas / "delta-1").string()});
  merged.merge(apart.import({(kDeltas / "delta-2").string()}));
  DemoKb together("changes-together");
  // delta-2 revises delta-1's record: one import of both holds the newer.
  const auto one =
      together.import({(kDeltas / "delta-1").string(), (kDeltas / "delta-2").string()});
  EXPECT_EQ(merged, one) << show(merged) << "--\n" << show(one);
  EXPECT_EQ(merged.added, (std::set<std::string>{"CVE-2099-0001", "CVE-2099-0002"}));
}

}  // namespace
}  // namespace vigil::kb

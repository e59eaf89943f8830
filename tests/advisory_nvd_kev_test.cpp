// NVD CVE API 2.0 records and the CISA KEV catalog: every corpus record reads,
// named records carry their facts (CPE ranges, AND configurations with
// running-on platforms, metric sources, CWEs, KEV dates and ransomware use),
// and unusable records are skipped by name while the rest reads.
#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "advisory/kev.h"
#include "advisory/nvd.h"
#include "support/fixtures.h"

namespace vigil::advisory {
namespace {

namespace fs = std::filesystem;

Advisory nvd_record(const fs::path& corpus, const char* id) {
  const auto f = corpus / "nvd" / "records" / (std::string(id) + ".json");
  auto page = parse_nvd(testing::read_file(f), f.string());
  EXPECT_TRUE(page.ok()) << (page.ok() ? "" : page.error().to_string());
  EXPECT_EQ(page->advisories.size(), 1u) << id;
  return page->advisories.empty() ? Advisory{} : page->advisories.front();
}

// The corpus's index.csv is the answer key: per record, its vulnStatus and
// how many configurations NVD gave it. Records with none ("Received",
// "Awaiting Analysis": NVD's backlog) are valid data and read as such.
struct IndexRow {
  std::string status;
  size_t configurations = 0;
};

std::map<std::string, IndexRow> nvd_index(const fs::path& corpus) {
  std::map<std::string, IndexRow> rows;
  std::istringstream in(testing::read_file(corpus / "nvd" / "index.csv"));
  std::string line;
  std::getline(in,
               line);  // cve,source_repo,source_path,source_commit,vulnStatus,configurations,...
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::istringstream cols(line);
    for (std::string c; std::getline(cols, c, ',');) cells.push_back(c);
    if (cells.size() < 6) continue;
    rows[cells[0]] = {cells[4], std::stoul(cells[5])};
  }
  return rows;
}

TEST(NvdCorpus, EveryRecordReadsWithTheConfigurationsItsIndexGives) {
  const auto corpus = testing::corpus_dir();
  if (!corpus) GTEST_SKIP() << testing::corpus_skip_message();
  const auto index = nvd_index(*corpus);
  const auto files = testing::files_ending(*corpus / "nvd" / "records", ".json");
  ASSERT_FALSE(files.empty());
  EXPECT_EQ(files.size(), index.size()) << "index.csv and records/ disagree";
  size_t without = 0;
  for (const auto& f : files) {
    auto page = parse_nvd(testing::read_file(f), f.string());
    ASSERT_TRUE(page.ok()) << page.error().to_string();
    EXPECT_TRUE(page->skipped.empty()) << f;
    ASSERT_EQ(page->advisories.size(), 1u) << f;
    const Advisory& a = page->advisories[0];
    const auto row = index.find(a.id);
    ASSERT_NE(row, index.end()) << f << ": " << a.id << " is not in index.csv";
    EXPECT_EQ(a.configurations.size(), row->second.configurations) << f;
    if (a.configurations.empty()) {
      ++without;
      EXPECT_FALSE(a.details.empty()) << f << ": a backlog record still carries its description";
    }
  }
  // The backlog case is present, so the rule above is exercised.
  EXPECT_GT(without, 0u);
}

TEST(NvdCorpus, OpenSslRangesAndRunningOnConfigurations) {
  const auto corpus = testing::corpus_dir();
  if (!corpus) GTEST_SKIP() << testing::corpus_skip_message();
  const Advisory a = nvd_record(*corpus, "CVE-2022-0778");
  EXPECT_EQ(a.source, Source::nvd);
  EXPECT_EQ(a.cwes, std::vector<std::string>{"CWE-835"});
  ASSERT_EQ(a.configurations.size(), 9u);
  const CpeNode& openssl = a.configurations[0].nodes[0];
  ASSERT_EQ(openssl.matches.size(), 3u);
  EXPECT_EQ(openssl.matches[0].criteria, "cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*");
  EXPECT_EQ(openssl.matches[0].start_including, "1.0.2");
  EXPECT_EQ(openssl.matches[0].end_excluding, "1.0.2zd");
  EXPECT_TRUE(openssl.matches[0].vulnerable);
  // "NetApp A250 firmware running on A250 hardware": an AND of two nodes, the
  // hardware not itself vulnerable.
  const CpeConfiguration* running_on = nullptr;
  for (const auto& c : a.configurations) {
    if (c.all && !running_on) running_on = &c;
  }
  ASSERT_NE(running_on, nullptr);
  ASSERT_EQ(running_on->nodes.size(), 2u);
  EXPECT_TRUE(running_on->nodes[0].matches[0].vulnerable);
  EXPECT_FALSE(running_on->nodes[1].matches[0].vulnerable);
  EXPECT_EQ(running_on->nodes[1].matches[0].criteria, "cpe:2.3:h:netapp:a250:-:*:*:*:*:*:*:*");
}

TEST(NvdCorpus, MetricsKeepTheirSources) {
  const auto corpus = testing::corpus_dir();
  if (!corpus) GTEST_SKIP() << testing::corpus_skip_message();
  const Advisory a = nvd_record(*corpus, "CVE-2022-28391");  // BusyBox
  EXPECT_EQ(a.configurations[0].nodes[0].matches[0].end_including, "1.35.0");
  bool found = false;
  for (const Severity& s : a.severities) {
    if (s.type == "CVSS_V3" && s.source == "nvd@nist.gov") {
      EXPECT_EQ(s.vector, "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H");
      found = true;
    }
  }
  EXPECT_TRUE(found);
  EXPECT_FALSE(a.details.empty());
}

TEST(NvdParse, APageSkipsUnusableRecordsByName) {
  const char* page = R"({"totalResults": 3, "vulnerabilities": [
      {"cve": {"id": "CVE-2024-0001", "configurations": [{"nodes": [{"cpeMatch": [{"criteria": "cpe:2.3:a:v:p:1.0:*:*:*:*:*:*:*", "vulnerable": true}]}]}]}},
      {"cve": {"id": "CVE-2024-0002", "configurations": [{"nodes": [{"cpeMatch": [{"vulnerable": true}]}]}]}},
      {"nocve": {}}]})";
  auto r = parse_nvd(page, "page.json");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->total_results, 3u);
  ASSERT_EQ(r->advisories.size(), 1u);
  EXPECT_EQ(r->advisories[0].id, "CVE-2024-0001");
  ASSERT_EQ(r->skipped.size(), 2u);
  EXPECT_NE(r->skipped[0].message.find("CVE-2024-0002"), std::string::npos);
  EXPECT_FALSE(parse_nvd("[]", "x.json").ok());
  EXPECT_FALSE(parse_nvd("{\"hello\": 1}", "x.json").ok());
  EXPECT_FALSE(parse_nvd("{", "x.json").ok());
}

TEST(KevCorpus, CatalogReadsWithItsFacts) {
  const auto corpus = testing::corpus_dir();
  if (!corpus) GTEST_SKIP() << testing::corpus_skip_message();
  const auto f = *corpus / "kev" / "known_exploited_vulnerabilities.json";
  auto kev = parse_kev(testing::read_file(f), f.string());
  ASSERT_TRUE(kev.ok()) << kev.error().to_string();
  EXPECT_EQ(kev->version, "2025.08.25");
  EXPECT_EQ(kev->entries.size(), 1404u);
  EXPECT_TRUE(kev->skipped.empty());
  const KevEntry& first = kev->entries.front();
  EXPECT_EQ(first.cve, "CVE-2025-48384");
  EXPECT_EQ(first.vendor, "Git");
  EXPECT_EQ(first.date_added, "2025-08-25");
  EXPECT_EQ(first.due_date, "2025-09-15");
  EXPECT_FALSE(first.ransomware);
  EXPECT_EQ(first.cwes, (std::vector<std::string>{"CWE-59", "CWE-436"}));
  const auto known = std::count_if(kev->entries.begin(), kev->entries.end(),
                                   [](const KevEntry& e) { return e.ransomware; });
  EXPECT_GT(known, 100);
  bool fortinet = false;
  for (const auto& e : kev->entries) fortinet |= e.cve == "CVE-2024-23113";
  EXPECT_TRUE(fortinet);
}

TEST(KevParse, RefusesWhatIsNotACatalog) {
  EXPECT_FALSE(parse_kev("{}", "k.json").ok());
  EXPECT_FALSE(parse_kev("nope", "k.json").ok());
  auto r =
      parse_kev(R"({"vulnerabilities": [{"cveID": "CVE-1"}, {"vendorProject": "x"}]})", "k.json");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->entries.size(), 1u);
  EXPECT_EQ(r->skipped.size(), 1u);
}

}  // namespace
}  // namespace vigil::advisory

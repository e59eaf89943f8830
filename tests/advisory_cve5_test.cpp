// CVE JSON 5 records: every Go record of the corpus reads; a named record
// carries its facts; affected entries turn into ranges that agree with the
// same advisory as OSV publishes it; malformed records are refused.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "advisory/cve5.h"
#include "advisory/osv.h"
#include "support/fixtures.h"

namespace vigil::advisory {
namespace {

namespace fs = std::filesystem;

// Whether a version is affected by any range of the entry (SemVer, as Go uses).
bool affects(const Affected& a, const std::string& v) {
  return std::any_of(a.ranges.begin(), a.ranges.end(), [&v](const version::OsvRange& r) {
    return version::evaluate(r, version::Scheme::semver, v) == version::Containment::affected;
  });
}

// Every version either entry names in its events, and one below them all.
std::set<std::string> probes(const Affected& a, const Affected& b) {
  std::set<std::string> out = {"0.0.0-0"};
  for (const Affected* x : {&a, &b}) {
    for (const auto& r : x->ranges) {
      for (const auto& e : r.events) out.insert(e.version);
    }
  }
  return out;
}

TEST(Cve5Corpus, EveryGoRecordReadsAndAgreesWithOsv) {
  const auto corpus = testing::corpus_dir();
  if (!corpus) GTEST_SKIP() << testing::corpus_skip_message();
  size_t n = 0, compared = 0;
  for (const auto& e : fs::directory_iterator(*corpus / "cve5" / "go")) {
    if (e.path().extension() != ".json") continue;
    auto cve = parse_cve5(testing::read_file(e.path()), e.path().string());
    ASSERT_TRUE(cve.ok()) << cve.error().to_string();
    EXPECT_EQ(cve->id.rfind("CVE-", 0), 0u) << e.path();
    ++n;
    const fs::path osv_file = *corpus / "osv" / "go" / e.path().filename();
    if (!fs::exists(osv_file)) continue;
    auto osv = parse_osv(testing::read_file(osv_file), osv_file.string());
    ASSERT_TRUE(osv.ok());
    for (const Affected& a : cve->affected) {
      for (const Affected& b : osv->affected) {
        if (a.name != b.name || a.ecosystem != b.ecosystem) continue;
        for (const std::string& v : probes(a, b)) {
          EXPECT_EQ(affects(a, v), affects(b, v))
              << e.path().filename() << " " << a.name << " " << v;
        }
        ++compared;
      }
    }
  }
  EXPECT_GT(n, 230u);
  EXPECT_GT(compared, 40u);  // the standard library is named differently in the two feeds
}

TEST(Cve5Corpus, NamedRecordCarriesItsFacts) {
  const auto corpus = testing::corpus_dir();
  if (!corpus) GTEST_SKIP() << testing::corpus_skip_message();
  const auto f = *corpus / "cve5" / "go" / "GO-2020-0034.json";
  auto a = parse_cve5(testing::read_file(f), f.string());
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->id, "CVE-2020-36560");
  EXPECT_EQ(a->source, Source::cve5);
  EXPECT_EQ(a->summary, "Path traversal in github.com/artdarek/go-unzip");
  EXPECT_EQ(a->cwes, std::vector<std::string>{"CWE-29"});
  ASSERT_EQ(a->affected.size(), 1u);
  EXPECT_EQ(a->affected[0].ecosystem, "Go");
  EXPECT_EQ(a->affected[0].name, "github.com/artdarek/go-unzip");
  ASSERT_EQ(a->affected[0].ranges.size(), 1u);
  EXPECT_EQ(a->affected[0].ranges[0].type, version::RangeType::semver);
  EXPECT_EQ(version::evaluate(a->affected[0].ranges[0], version::Scheme::semver, "0.9.0"),
            version::Containment::affected);
  EXPECT_EQ(version::evaluate(a->affected[0].ranges[0], version::Scheme::semver, "1.0.0"),
            version::Containment::not_affected);
}

TEST(Cve5Parse, DefaultAffectedWithUnaffectedHoles) {
  const char* rec = R"({"cveMetadata": {"cveId": "CVE-2024-9999", "state": "PUBLISHED"},
    "containers": {"cna": {"affected": [{"vendor": "Acme", "product": "Pump Firmware",
      "defaultStatus": "affected",
      "versions": [{"version": "2.0", "lessThan": "2.4", "status": "unaffected", "versionType": "custom"}]}]}}})";
  auto a = parse_cve5(rec, "r.json");
  ASSERT_TRUE(a.ok()) << a.error().to_string();
  ASSERT_EQ(a->affected.size(), 1u);
  EXPECT_EQ(a->affected[0].name, "Acme Pump Firmware");
  const auto& r = a->affected[0].ranges.at(0);
  EXPECT_EQ(version::evaluate(r, version::Scheme::generic, "1.9"), version::Containment::affected);
  EXPECT_EQ(version::evaluate(r, version::Scheme::generic, "2.1"),
            version::Containment::not_affected);
  EXPECT_EQ(version::evaluate(r, version::Scheme::generic, "2.4"), version::Containment::affected);
  // A hole from the beginning moves the start of the range.
  auto from_start =
      parse_cve5(R"({"cveMetadata": {"cveId": "CVE-2024-9998"}, "containers": {"cna": {"affected": [
      {"packageName": "x", "collectionURL": "https://pkg.go.dev", "defaultStatus": "affected",
       "versions": [{"version": "0", "lessThan": "1.7.3", "status": "unaffected", "versionType": "semver"}]}]}}})",
                 "r.json");
  ASSERT_TRUE(from_start.ok());
  const auto& events = from_start->affected[0].ranges.at(0).events;
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].version, "1.7.3");
}

TEST(Cve5Parse, RefusesMalformedRecords) {
  EXPECT_FALSE(parse_cve5("{}", "x.json").ok());
  EXPECT_FALSE(parse_cve5(R"({"cveMetadata": {}})", "x.json").ok());
  EXPECT_FALSE(parse_cve5(R"({"cveMetadata": {"cveId": "CVE-1"}})", "x.json").ok());
  auto rejected = parse_cve5(
      R"({"cveMetadata": {"cveId": "CVE-2", "state": "REJECTED", "dateUpdated": "2024-01-01"}})",
      "x.json");
  ASSERT_TRUE(rejected.ok());
  EXPECT_EQ(rejected->withdrawn, "2024-01-01");
}

}  // namespace
}  // namespace vigil::advisory

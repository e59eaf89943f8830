// OSV records: every record of the shared corpus (PyPI and Go) reads, named
// records carry their known facts, malformed records are refused with a
// message naming the record, and — the strongest check of the version engine
// on real data — every PyPI advisory's ECOSYSTEM ranges select exactly the
// versions OSV enumerated for it from PyPI.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "advisory/osv.h"
#include "support/fixtures.h"
#include "version/version.h"

namespace vigil::advisory {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> records(const fs::path& corpus, const char* ecosystem) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(corpus / "osv" / ecosystem)) {
    if (e.path().extension() == ".json") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

Advisory load(const fs::path& f) {
  auto a = parse_osv(testing::read_file(f), f.string());
  EXPECT_TRUE(a.ok()) << (a.ok() ? "" : a.error().to_string());
  return a.ok() ? *a : Advisory{};
}

TEST(OsvCorpus, EveryRecordReads) {
  const auto corpus = testing::corpus_dir();
  if (!corpus) GTEST_SKIP() << testing::corpus_skip_message();
  size_t n = 0, affected = 0;
  for (const char* eco : {"pypi", "go"}) {
    for (const auto& f : records(*corpus, eco)) {
      auto a = parse_osv(testing::read_file(f), f.string());
      ASSERT_TRUE(a.ok()) << a.error().to_string();
      EXPECT_FALSE(a->id.empty());
      affected += a->affected.size();
      ++n;
    }
  }
  EXPECT_GT(n, 6900u);
  EXPECT_GT(affected, 8700u);
}

TEST(OsvCorpus, NamedRecordsCarryTheirFacts) {
  const auto corpus = testing::corpus_dir();
  if (!corpus) GTEST_SKIP() << testing::corpus_skip_message();
  const Advisory py = load(*corpus / "osv" / "pypi" / "PYSEC-2018-63.json");
  EXPECT_EQ(py.aliases, std::vector<std::string>{"CVE-2018-14523"});
  ASSERT_EQ(py.affected.size(), 1u);
  EXPECT_EQ(py.affected[0].ecosystem, "PyPI");
  EXPECT_EQ(py.affected[0].name, "aubio");
  EXPECT_EQ(py.affected[0].purl, "pkg:pypi/aubio");
  ASSERT_EQ(py.affected[0].ranges.size(), 1u);
  EXPECT_EQ(py.affected[0].ranges[0].events.back().version, "0.4.7");
  EXPECT_EQ(py.affected[0].versions.size(), 7u);
  EXPECT_EQ(py.references.front().type, "REPORT");
  const Advisory go = load(*corpus / "osv" / "go" / "GO-2021-0160.json");
  EXPECT_EQ(go.aliases, std::vector<std::string>{"CVE-2015-8618"});
  EXPECT_EQ(go.summary, "Incorrect calculation affecting RSA computations in math/big");
}

TEST(OsvParse, MalformedRecordsAreRefusedByName) {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"modified":"2024-01-01T00:00:00Z"})", "needs an 'id'"},
      {R"({"id":"X-1"})", "'X-1' needs a 'modified' time"},
      {R"({"id":"X-2","modified":"t","affected":[{"package":{"name":"a"}}]})",
       "ecosystem and a name"},
      {R"({"id":"X-3","modified":"t","affected":[{"package":{"ecosystem":"PyPI","name":"a"},"ranges":[{"type":"BRANCH","events":[{"introduced":"0"}]}]}]})",
       "unknown OSV range type"},
      {R"({"id":"X-4","modified":"t","affected":[{"package":{"ecosystem":"PyPI","name":"a"},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0","fixed":"1"}]}]}]})",
       "exactly one of"},
      {R"({"id":"X-5","modified":"t","affected":[{"package":{"ecosystem":"PyPI","name":"a"},"ranges":[{"type":"ECOSYSTEM","events":[]}]}]})",
       "has no events"},
      {R"([1,2,3])", "must be a JSON object"},
      {R"({"id": )", "not readable JSON"},
  };
  for (const auto& [json, words] : cases) {
    auto a = parse_osv(json, "case.json");
    ASSERT_FALSE(a.ok()) << json;
    EXPECT_NE(a.error().to_string().find(words), std::string::npos) << a.error().to_string();
    EXPECT_EQ(a.error().location, "case.json");
  }
}

// Where the two disagree, the record's own data is inconsistent; listed here
// with the reason, so that a new disagreement fails the test.
const std::map<std::string, std::string> kInconsistentRecords = {
    {"PYSEC-2021-114 wagtail 2.11.6 listed but not in range",
     "the range's intervals overlap (introduced 0, fixed 2.11.6 inside introduced 2.11, fixed "
     "2.11.7); evaluated in order, as the OSV schema specifies, 2.11.6 comes after a fix"},
    {"PYSEC-2023-177 gevent 23.9.0 listed but not in range",
     "enumerated from the GIT range (fix commit after the 23.9.0 tag); the ECOSYSTEM range says "
     "fixed in 23.9.0"},
    {"PYSEC-2023-177 gevent 23.9.0.post1 listed but not in range", "as 23.9.0"},
    {"PYSEC-2023-61 django 3.2a1 listed but not in range",
     "PEP 440 orders 3.2a1 before 3.2, which the range introduces"},
    {"PYSEC-2023-61 django 3.2b1 listed but not in range", "as 3.2a1"},
    {"PYSEC-2023-61 django 3.2rc1 listed but not in range", "as 3.2a1"},
    {"PYSEC-2023-61 django 4.2a1 listed but not in range", "as 3.2a1, for 4.2"},
    {"PYSEC-2023-61 django 4.2b1 listed but not in range", "as 3.2a1, for 4.2"},
    {"PYSEC-2023-61 django 4.2rc1 listed but not in range", "as 3.2a1, for 4.2"},
};

TEST(OsvCorpus, PypiRangesSelectExactlyTheEnumeratedVersions) {
  const auto corpus = testing::corpus_dir();
  if (!corpus) GTEST_SKIP() << testing::corpus_skip_message();
  size_t checked_in = 0, checked_out = 0;
  std::vector<std::string> mismatches;
  for (const auto& f : records(*corpus, "pypi")) {
    const Advisory a = load(f);
    for (const Affected& aff : a.affected) {
      if (aff.versions.empty()) continue;
      const auto eco_ranges =
          std::count_if(aff.ranges.begin(), aff.ranges.end(),
                        [](const auto& r) { return r.type == version::RangeType::ecosystem; });
      if (eco_ranges == 0) continue;
      const auto in_ranges = [&](const std::string& v) {
        return std::any_of(aff.ranges.begin(), aff.ranges.end(), [&](const version::OsvRange& r) {
          return r.type == version::RangeType::ecosystem &&
                 version::evaluate(r, version::Scheme::pep440, v) == version::Containment::affected;
        });
      };
      for (const std::string& v : aff.versions) {
        ++checked_in;
        if (!in_ranges(v))
          mismatches.push_back(a.id + " " + aff.name + " " + v + " listed but not in range");
      }
      for (const auto& r : aff.ranges) {
        if (r.type != version::RangeType::ecosystem) continue;  // GIT events are commits
        for (const auto& e : r.events) {
          if (e.kind != version::EventKind::fixed) continue;
          if (std::find(aff.versions.begin(), aff.versions.end(), e.version) != aff.versions.end())
            continue;
          ++checked_out;
          if (in_ranges(e.version))
            mismatches.push_back(a.id + " " + aff.name + " fixed " + e.version + " in range");
        }
      }
    }
  }
  const size_t all = mismatches.size();
  std::erase_if(mismatches, [](const std::string& m) { return kInconsistentRecords.count(m) > 0; });
  EXPECT_EQ(all - mismatches.size(), kInconsistentRecords.size())
      << "a listed inconsistency went away";
  std::string shown;
  for (size_t i = 0; i < mismatches.size() && i < 40; ++i) shown += "\n  " + mismatches[i];
  EXPECT_TRUE(mismatches.empty()) << mismatches.size() << " disagreements of "
                                  << checked_in + checked_out << shown;
  EXPECT_GT(checked_in, 20000u);
  EXPECT_GT(checked_out, 1000u);
  std::cout << "[ figures  ] enumerated versions in range: " << checked_in
            << ", fixed versions out of range: " << checked_out
            << ", inconsistent records' cases: " << all << "\n";
}

}  // namespace
}  // namespace vigil::advisory

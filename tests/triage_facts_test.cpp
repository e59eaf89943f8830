// Triage judges the matcher's own values; `vigil triage FILE` reads a scan
// report's JSON. Both must build the same facts and reach the same
// judgement for every finding: here for every finding of the three demo
// devices, each against its own profile, and (with VIGIL_CORPUS) of every
// corpus SBOM against the pump's profile.
#include <gtest/gtest.h>

#include "cvss/cvss.h"
#include "kb/kb.h"
#include "match/report.h"
#include "support/fixtures.h"
#include "support/run.h"
#include "triage/report.h"

namespace vigil::triage {
namespace {

namespace fs = std::filesystem;

std::string show(const FindingFacts& f) {
  std::string s = f.vulnerability + " | " + f.component_name + " " + f.component_version + " " +
                  f.component_purl + " | kev " + (f.in_kev ? "yes" : "no") + " | epss " +
                  (f.epss ? std::to_string(*f.epss) : "-") + " | cvss " +
                  (f.cvss ? cvss::to_string(*f.cvss) : "-") + " | exploits";
  for (const auto& e : f.exploits) s += " " + e;
  return s;
}

Profile profile(const fs::path& file) {
  auto p = read_profile(testing::read_file(file), file.string());
  EXPECT_TRUE(p.ok()) << p.error().to_string();
  return p ? *p : Profile{};
}

// Every shown finding of `sbom`: the same facts both ways, and the same
// triage. Returns how many findings it compared.
size_t compare_all(match::Matcher& matcher, const fs::path& sbom, const Profile& p) {
  auto doc = sbom::read_file(sbom.string());
  if (!doc) return 0;  // a document the readers refuse has no findings to judge
  auto scanned = matcher.scan(*doc, {});
  EXPECT_TRUE(scanned.ok()) << sbom;
  if (!scanned) return 0;
  auto report = match::make_report(matcher, sbom.string(), *doc, std::move(*scanned), true);
  EXPECT_TRUE(report.ok()) << sbom;
  if (!report) return 0;
  size_t n = 0;
  for (const match::Finding* f : report->shown()) {
    const auto json = match::finding_json(*report, *f);
    const auto& component = match::component_of(*doc, *f);
    const FindingFacts typed = facts_of(report->info(*f), component);
    auto read = facts_from_json(json);
    EXPECT_TRUE(read.ok()) << sbom << " " << f->vulnerability;
    if (!read) continue;
    EXPECT_EQ(show(typed), show(*read)) << sbom;
    auto a = triage_finding(*f, report->info(*f), component, p, "2026-11-02", "2026-11-23");
    auto b = triage_finding(json, p, "2026-11-02", "2026-11-23");
    EXPECT_TRUE(a.ok() && b.ok()) << sbom << " " << f->vulnerability;
    if (a && b) {
      EXPECT_EQ(a->has_value(), b->has_value()) << f->vulnerability;
      if (a->has_value() && b->has_value()) {
        EXPECT_EQ((*a)->dump(), (*b)->dump()) << sbom;
      }
    }
    ++n;
  }
  return n;
}

struct Fixture : ::testing::Test {
  void SetUp() override {
    auto opened = kb::KnowledgeBase::open(testing::demo_kb());
    ASSERT_TRUE(opened.ok()) << opened.error().to_string();
    kb.emplace(std::move(*opened));
    matcher.emplace(*kb);
  }
  std::optional<kb::KnowledgeBase> kb;
  std::optional<match::Matcher> matcher;
};

using TriageFacts = Fixture;

TEST_F(TriageFacts, TheMatchersValuesAndTheReportsJsonJudgeEveryDemoFindingAlike) {
  const fs::path demo = testing::demo_dir();
  size_t compared = 0;
  for (const auto& [sbom, device] : std::vector<std::pair<const char*, const char*>>{
           {"infusion-pump.cdx.json", "infusion-pump"},
           {"patient-monitor.spdx.json", "patient-monitor"},
           {"imaging-workstation.cdx.xml", "imaging-workstation"}}) {
    compared += compare_all(*matcher, demo / "sboms" / sbom,
                            profile(demo / "profiles" / (std::string(device) + ".json")));
  }
  EXPECT_GT(compared, 30u);
}

TEST_F(TriageFacts, TheMatchersValuesAndTheReportsJsonJudgeEveryCorpusFindingAlike) {
  const auto corpus = testing::corpus_dir();
  if (!corpus) GTEST_SKIP() << testing::corpus_skip_message();
  const Profile pump = profile(testing::demo_dir() / "profiles" / "infusion-pump.json");
  size_t compared = 0;
  for (const char* dir : {"cyclonedx", "spdx"}) {
    for (const auto& file : testing::files_ending(*corpus / dir, ".json"))
      compared += compare_all(*matcher, file, pump);
  }
  EXPECT_GT(compared, 0u);
}

TEST(TriageFactsJson, AFindingWithoutItsComponentOrVulnerabilityIsRefused) {
  for (const char* text : {R"([])", R"({"vulnerability": {"id": "CVE-1"}})",
                           R"({"component": {"name": "x"}, "vulnerability": "CVE-1"})"}) {
    const auto j = nlohmann::ordered_json::parse(text);
    auto f = facts_from_json(j);
    ASSERT_FALSE(f.ok()) << text;
    EXPECT_NE(f.error().message.find("no component or vulnerability"), std::string::npos);
  }
}

}  // namespace
}  // namespace vigil::triage

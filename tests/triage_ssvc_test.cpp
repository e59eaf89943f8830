// SSVC: every row of CERT/CC's decision tables (supplier and deployer patch
// priority, utility, public safety impact, human impact) reproduced, values
// read and written as SSVC spells them, and decision points derived from
// KEV, exploit references and CVSS vectors as docs/triage.md says.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "support/fixtures.h"
#include "triage/ssvc.h"

namespace vigil::triage::ssvc {
namespace {

// The rows of a CERT/CC CSV table: the row number column dropped; the one
// quoted header field holds commas, data fields never do.
std::vector<std::vector<std::string>> rows(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);  // header
  std::vector<std::vector<std::string>> out;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::vector<std::string> fields;
    std::stringstream ss(line);
    std::string f;
    while (std::getline(ss, f, ',')) fields.push_back(f);
    fields.erase(fields.begin());
    out.push_back(std::move(fields));
  }
  return out;
}

template <class E>
E must(const std::string& text) {
  const auto v = parse<E>(text);
  EXPECT_TRUE(v.has_value()) << text;
  return v.value_or(E{});
}

TEST(SsvcTables, EveryRowOfCertCcTablesIsReproduced) {
  const auto corpus = testing::corpus_dir();
  if (!corpus) GTEST_SKIP() << testing::corpus_skip_message();
  const auto dir = *corpus / "ssvc" / "csv" / "ssvc";
  size_t checked = 0;
  for (const auto& r : rows(dir / "supplier_patch_development_priority_1_0_0.csv")) {
    EXPECT_EQ(name(supplier_priority(must<Exploitation>(r[0]), must<Utility>(r[1]),
                                     must<TechnicalImpact>(r[2]), must<PublicSafetyImpact>(r[3]))),
              r[4])
        << r[0] << "," << r[1] << "," << r[2] << "," << r[3];
    ++checked;
  }
  EXPECT_EQ(checked, 36u);
  for (const auto& r : rows(dir / "deployer_patch_application_priority_1_0_0.csv")) {
    EXPECT_EQ(name(deployer_priority(must<Exploitation>(r[0]), must<SystemExposure>(r[1]),
                                     must<Automatable>(r[2]), must<HumanImpact>(r[3]))),
              r[4])
        << r[0] << "," << r[1] << "," << r[2] << "," << r[3];
    ++checked;
  }
  for (const auto& r : rows(dir / "utility_1_0_0.csv")) {
    EXPECT_EQ(name(utility(must<Automatable>(r[0]), must<ValueDensity>(r[1]))), r[2]);
    ++checked;
  }
  for (const auto& r : rows(dir / "public_safety_impact_1_0_0.csv")) {
    EXPECT_EQ(name(public_safety_impact(must<SafetyImpact>(r[0]))), r[1]);
    ++checked;
  }
  for (const auto& r : rows(dir / "human_impact_1_0_0.csv")) {
    EXPECT_EQ(name(human_impact(must<SafetyImpact>(r[0]), must<MissionImpact>(r[1]))), r[2]);
    ++checked;
  }
  EXPECT_EQ(checked, 36u + 72 + 4 + 4 + 16);
}

TEST(SsvcTables, CornersOfTheSupplierTree) {
  EXPECT_EQ(supplier_priority(Exploitation::none, Utility::laborious, TechnicalImpact::partial,
                              PublicSafetyImpact::minimal),
            Priority::defer);
  EXPECT_EQ(supplier_priority(Exploitation::active, Utility::super_effective,
                              TechnicalImpact::total, PublicSafetyImpact::significant),
            Priority::immediate);
  // A device whose compromise could hurt a patient is never deferred.
  EXPECT_EQ(supplier_priority(Exploitation::none, Utility::laborious, TechnicalImpact::partial,
                              public_safety_impact(SafetyImpact::marginal)),
            Priority::scheduled);
  EXPECT_EQ(name(Priority::out_of_cycle), "out-of-cycle");
  EXPECT_EQ(parse<Exploitation>("Public PoC"), Exploitation::public_poc);
  EXPECT_FALSE(parse<Priority>("soon").has_value());
}

TEST(SsvcFacts, DecisionPointsFromKevExploitsAndCvss) {
  EXPECT_EQ(exploitation(true, false), Exploitation::active);
  EXPECT_EQ(exploitation(false, true), Exploitation::public_poc);
  EXPECT_EQ(exploitation(false, false), Exploitation::none);

  const auto v = [](const char* text) { return *cvss::parse(text); };
  EXPECT_EQ(automatable(v("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")), Automatable::yes);
  EXPECT_EQ(automatable(v("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H")), Automatable::no);
  EXPECT_EQ(automatable(v("CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N")),
            Automatable::no);
  EXPECT_FALSE(automatable(v("AV:N/AC:L/Au:N/C:P/I:P/A:P")).has_value());

  EXPECT_EQ(technical_impact(v("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N")),
            TechnicalImpact::total);
  EXPECT_EQ(technical_impact(v("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:H")),
            TechnicalImpact::total);
  EXPECT_EQ(technical_impact(v("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N")),
            TechnicalImpact::partial);
  EXPECT_EQ(technical_impact(v("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:H/VA:N/SC:N/SI:N/SA:N")),
            TechnicalImpact::total);
  EXPECT_EQ(technical_impact(v("AV:N/AC:L/Au:N/C:C/I:P/A:C")), TechnicalImpact::total);
}

}  // namespace
}  // namespace vigil::triage::ssvc

// Triage of a finding against a product profile: controlled and
// uncontrolled risk by the acceptability matrix, exploitability raised by
// KEV, exploits and EPSS and lowered by compensating controls, patient harm
// through the functions a component serves (and not through disclosure of
// PHI alone), SSVC priority, the 30/60-day clocks, and the four 806
// conditions met, not met or unknown. Profiles with errors are refused with
// the key at fault. The maker's own assessments of a vulnerability — rubric
// scoring, penetration tests, SSVC decision points with a rationale — take
// the place of what public facts suggest. End to end: `vigil triage` on the
// demo pump.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "support/fixtures.h"
#include "support/run.h"
#include "triage/evaluate.h"
#include "triage/profile.h"

namespace vigil::triage {
namespace {

constexpr const char* kProfile = R"({
  "product": "Test pump",
  "submission": "PMA",
  "isao_member": true,
  "hazards": [
    {"id": "H1", "description": "over-infusion", "severity": "catastrophic", "functions": ["therapy delivery"]},
    {"id": "H2", "description": "keys stolen", "severity": "serious", "functions": ["secrets"]},
    {"id": "H3", "description": "wrong patient record", "severity": "minor", "functions": ["clinical workflow"]}
  ],
  "components": [
    {"name": "pumpd", "functions": ["therapy delivery"], "exposure": "local"},
    {"purl": "pkg:generic/openssl", "functions": ["secrets", "PHI"], "exposure": "network"},
    {"name": "ehr-client", "functions": ["PHI", "clinical workflow"], "exposure": "network"}
  ],
  "default": {"functions": ["other"], "exposure": "physical"},
  "controls": [{"id": "C1", "description": "firewall", "components": [{"name": "ehr-client"}]}],
  "adverse_events": ["CVE-2099-0003"]
})";

Profile profile() {
  auto p = read_profile(kProfile, "test.json");
  EXPECT_TRUE(p.ok()) << p.error().to_string();
  return *p;
}

FindingFacts facts(const char* name, const char* purl, const char* vector) {
  FindingFacts f;
  f.vulnerability = "CVE-2099-0001";
  f.component_name = name;
  f.component_version = "1.0";
  f.component_purl = purl;
  if (vector) f.cvss = *cvss::parse(vector);
  return f;
}

using testing::demo_dir;
using testing::demo_kb;

constexpr const char* kNetworkTotal = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
constexpr const char* kLocalTotal = "CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:H/I:H/A:H";
constexpr const char* kNetworkReadOnly = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N";

TEST(Triage, UncontrolledWhenExploitableAndHarmful) {
  // openssl: network, automatable, and its secrets can lead to serious harm.
  auto e = evaluate(facts("openssl", "pkg:generic/openssl@1.1.1k", kNetworkTotal), profile(),
                    "2026-11-02");
  ASSERT_TRUE(e.ok()) << e.error().to_string();
  EXPECT_EQ(e->exposure, Exposure::network);
  EXPECT_EQ(e->exploitability, Exploitability::high);
  EXPECT_EQ(e->harm, Harm::serious);
  EXPECT_TRUE(e->uncontrolled);
  EXPECT_EQ(e->communicate_by, "2026-12-02");
  EXPECT_EQ(e->fix_by, "2027-01-01");
  ASSERT_EQ(e->conditions.size(), 4u);
  EXPECT_EQ(e->conditions[0].status, "met");      // no adverse event recorded for it
  EXPECT_EQ(e->conditions[1].status, "unknown");  // communication still due
  EXPECT_EQ(e->conditions[2].status, "unknown");  // fix still due
  EXPECT_EQ(e->conditions[3].status, "met");      // ISAO member
  EXPECT_EQ(e->report_806, "exempt if met");
  EXPECT_EQ(e->explanation.size(), 7u);
  for (const auto& s : e->explanation) EXPECT_EQ(s.back(), '.') << s;
}

TEST(Triage, AKnownAdverseEventMakesTheReportRequired) {
  auto f = facts("openssl", "pkg:generic/openssl@1.1.1k", kNetworkTotal);
  f.vulnerability = "CVE-2099-0003";
  auto e = evaluate(f, profile(), "2026-11-02");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->conditions[0].status, "not met");
  EXPECT_EQ(e->report_806, "required");
}

TEST(Triage, TheAcceptabilityMatrixDecidesControlledOrUncontrolled) {
  // pumpd drives therapy (catastrophic harm) and only a local, privileged,
  // interactive attack reaches it: low exploitability, but by the default
  // matrix catastrophic harm is unacceptable at any exploitability.
  auto e = evaluate(facts("pumpd", "", kLocalTotal), profile(), "2026-11-02");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->exploitability, Exploitability::low);
  EXPECT_EQ(e->harm, Harm::catastrophic);
  EXPECT_TRUE(e->uncontrolled);
  // Where the worst harm is critical, low exploitability keeps the same
  // finding controlled: fixed by SLA, with no 806 question.
  Profile milder = profile();
  milder.hazards[0].severity = Harm::critical;
  auto c = evaluate(facts("pumpd", "", kLocalTotal), milder, "2026-11-02");
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c->uncontrolled);
  EXPECT_EQ(c->report_806, "not required");
  EXPECT_TRUE(c->conditions.empty());
  EXPECT_TRUE(c->communicate_by.empty());
  EXPECT_NE(c->explanation.back().find("PMA annual report"), std::string::npos);
}

TEST(Triage, DisclosureOfPhiAloneIsNotPatientHarm) {
  // ehr-client handles PHI and workflow; a read-only flaw harms no patient.
  auto e = evaluate(facts("ehr-client", "", kNetworkReadOnly), profile(), "2026-11-02");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->harm, Harm::negligible);
  EXPECT_FALSE(e->uncontrolled);
  EXPECT_NE(e->explanation[2].find("not patient harm"), std::string::npos) << e->explanation[2];
  // Through secrets, reading is enough: stolen keys open control.
  auto keys = evaluate(facts("openssl", "pkg:generic/openssl@3", kNetworkReadOnly), profile(),
                       "2026-11-02");
  ASSERT_TRUE(keys.ok());
  EXPECT_EQ(keys->harm, Harm::serious);
}

TEST(Triage, KevAndExploitsRaiseExploitabilityAndControlsLowerIt) {
  // ehr-client: network (medium), automatable (+1), firewall control (-1).
  auto base = evaluate(facts("ehr-client", "", kNetworkTotal), profile(), "2026-11-02");
  ASSERT_TRUE(base.ok());
  EXPECT_EQ(base->exploitability, Exploitability::medium);
  EXPECT_NE(base->explanation[1].find("C1 (firewall)"), std::string::npos);
  auto f = facts("ehr-client", "", kNetworkTotal);
  f.in_kev = true;
  auto kev = evaluate(f, profile(), "2026-11-02");
  ASSERT_TRUE(kev.ok());
  EXPECT_EQ(kev->exploitability, Exploitability::high);
  EXPECT_EQ(kev->exploitation, ssvc::Exploitation::active);
  // An unlisted component takes the default: physical access only.
  auto other = evaluate(facts("firmware-blob", "", kNetworkTotal), profile(), "2026-11-02");
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->exposure, Exposure::physical);
  EXPECT_EQ(other->exploitability, Exploitability::low);
  // No CVSS vector: the worst case (every effect, automatable, total impact).
  auto unknown = evaluate(facts("pumpd", "", nullptr), profile(), "2026-11-02");
  ASSERT_TRUE(unknown.ok());
  EXPECT_EQ(unknown->technical_impact, ssvc::TechnicalImpact::total);
  EXPECT_EQ(unknown->harm, Harm::catastrophic);
}

TEST(Triage, ProfilesWithErrorsNameTheKey) {
  const auto error = [](const std::string& json) {
    auto p = read_profile(json, "p.json");
    return p.ok() ? std::string("accepted") : p.error().to_string();
  };
  EXPECT_EQ(error(R"({"hazards": []})"), "p.json#/product: is missing");
  EXPECT_NE(
      error(
          R"({"product": "x", "hazards": [{"id": "H", "severity": "bad", "functions": ["PHI"]}]})")
          .find("p.json#/hazards/0/severity: must be one of negligible"),
      std::string::npos);
  EXPECT_NE(error(R"({"product": "x", "components": [{"name": "a", "functions": ["dosing"]}]})")
                .find("#/components/0/functions/0"),
            std::string::npos);
  EXPECT_NE(error(R"({"product": "x", "acceptability": {"low": "minor", "high": "critical"}})")
                .find("#/acceptability"),
            std::string::npos);
  EXPECT_NE(error("[1, 2]").find("not a product profile"), std::string::npos);
  EXPECT_EQ(error(R"({"product": "x"})"), "accepted");
  EXPECT_FALSE(evaluate(facts("a", "", nullptr), profile(), "2026-02-30").ok());
}

// The profile with one more entry under "assessments".
Profile assessed(const std::string& assessment) {
  auto j = nlohmann::json::parse(kProfile);
  j["assessments"] = nlohmann::json::array({nlohmann::json::parse(assessment)});
  auto p = read_profile(j.dump(), "test.json");
  EXPECT_TRUE(p.ok()) << p.error().to_string();
  return p.ok() ? *p : profile();
}

TEST(Triage, TheMakersRubricScoringRatesTheFindingInPlaceOfThePublishedVector) {
  // Published: disclosure only, so no harm through the pump's therapy.
  const auto f = facts("pumpd", "", kNetworkReadOnly);
  auto published = evaluate(f, profile(), "2026-11-02");
  ASSERT_TRUE(published.ok());
  EXPECT_EQ(published->harm, Harm::negligible);
  EXPECT_EQ(published->cvss_source, "published");
  EXPECT_EQ(published->cvss_vector, kNetworkReadOnly);
  // The maker's rubric answers: a therapy setting can be modified locally.
  const Profile p = assessed(R"({"vulnerability": "CVE-2099-0001", "component": {"name": "pumpd"},
    "rubric": {"answers": {"XAVN": "NO", "XAVP": "NO", "XACL": "YES", "XPRL": "NO", "XUI": "NO",
      "XS": "NO", "XCP": "NONE", "XIP": "NONE", "XAP": "NONE", "XCD": "NONE", "XID": "NONE",
      "XAD": "NONE", "XCT": "NONE", "XIT": "HIGH", "XAT": "NONE", "XCW": "NONE", "XIW": "NONE",
      "XAW": "NONE", "XCS": "NONE", "XIS": "NONE", "XAS": "NONE", "XCO": "NONE", "XIO": "NONE",
      "XAO": "NONE"}}})");
  auto e = evaluate(f, p, "2026-11-02");
  ASSERT_TRUE(e.ok()) << e.error().to_string();
  EXPECT_EQ(e->cvss_source, "rubric");
  EXPECT_TRUE(e->cvss_vector.starts_with("CVSS:3.0/AV:L/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N/"))
      << e->cvss_vector;
  EXPECT_NE(e->cvss_vector.find("/XAVN:N/XAVP:N/"), std::string::npos) << e->cvss_vector;
  EXPECT_EQ(e->harm, Harm::catastrophic);  // H1, over-infusion
  EXPECT_EQ(e->technical_impact, ssvc::TechnicalImpact::total);
  EXPECT_NE(e->explanation[1].find("medical-device CVSS rubric: CVSS:3.0/AV:L"), std::string::npos)
      << e->explanation[1];
  // The assessment is of pumpd: the same CVE elsewhere keeps its vector.
  auto elsewhere = evaluate(facts("ehr-client", "", kNetworkReadOnly), p, "2026-11-02");
  ASSERT_TRUE(elsewhere.ok());
  EXPECT_EQ(elsewhere->cvss_source, "published");

  // The rubric's attack vector replaces the component's exposure, and its
  // categories say which functions, hence which hazards, are reached:
  // ehr-client is on the network, but this flaw needs the service port and
  // only stalls the clinical workflow.
  const Profile q = assessed(R"({"vulnerability": "CVE-2099-0001",
    "rubric": {"answers": {"XAVN": "NO", "XAVP": "YES", "XACL": "YES", "XPRL": "NO", "XUI": "NO",
      "XS": "NO", "XCP": "NONE", "XIP": "NONE", "XAP": "NONE", "XCD": "NONE", "XID": "NONE",
      "XAD": "NONE", "XCT": "NONE", "XIT": "NONE", "XAT": "NONE", "XCW": "NONE", "XIW": "NONE",
      "XAW": "LOW", "XCS": "NONE", "XIS": "NONE", "XAS": "NONE", "XCO": "NONE", "XIO": "NONE",
      "XAO": "NONE"}}})");
  auto serviced = evaluate(facts("ehr-client", "", kNetworkTotal), q, "2026-11-02");
  ASSERT_TRUE(serviced.ok());
  EXPECT_EQ(serviced->exposure, Exposure::physical);
  EXPECT_EQ(serviced->exploitability, Exploitability::low);
  EXPECT_EQ(serviced->harm, Harm::minor);  // H3 through clinical workflow, not H1
  EXPECT_NE(serviced->explanation[2].find("reachable only with physical access"), std::string::npos)
      << serviced->explanation[2];
  // Without the answers the published vector reaches every function it serves.
  auto unassessed = evaluate(facts("ehr-client", "", kNetworkTotal), profile(), "2026-11-02");
  ASSERT_TRUE(unassessed.ok());
  EXPECT_EQ(unassessed->exposure, Exposure::network);
}

TEST(Triage, PenetrationTestEvidenceRaisesOrLowersExploitability) {
  // ehr-client is medium: network and automatable, lowered by the firewall.
  const auto f = facts("ehr-client", "", kNetworkTotal);
  auto exploited = evaluate(f, assessed(R"({"vulnerability": "CVE-2099-0001", "penetration_test":
      {"result": "exploited", "reference": "PT-2026-07", "date": "2026-10-01"}})"),
                            "2026-11-02");
  ASSERT_TRUE(exploited.ok());
  EXPECT_EQ(exploited->exploitability, Exploitability::high);
  EXPECT_NE(exploited->explanation[1].find(
                "penetration test PT-2026-07 of 2026-10-01 exploited it on this device with C1 "
                "(firewall) in place"),
            std::string::npos)
      << exploited->explanation[1];
  auto resisted = evaluate(f, assessed(R"({"vulnerability": "cve-2099-0001", "penetration_test":
      {"result": "not exploited", "reference": "PT-2026-07"}})"),
                           "2026-11-02");
  ASSERT_TRUE(resisted.ok());
  EXPECT_EQ(resisted->exploitability, Exploitability::low);
  EXPECT_NE(resisted->explanation[1].find("which could not exploit it"), std::string::npos);
}

TEST(Triage, SsvcDecisionPointsSetByTheMakerNeedARationale) {
  // openssl, published vector: public safety significant, priority
  // out-of-cycle or above. The maker sets two decision points.
  const auto f = facts("openssl", "pkg:generic/openssl@3.0.1", kNetworkTotal);
  auto derived = evaluate(f, profile(), "2026-11-02");
  ASSERT_TRUE(derived.ok());
  EXPECT_EQ(derived->public_safety, ssvc::PublicSafetyImpact::significant);
  const Profile p = assessed(R"({"vulnerability": "CVE-2099-0001",
    "component": {"purl": "pkg:generic/openssl"},
    "ssvc": {"exploitation": {"value": "active", "rationale": "seen in a customer's network"},
             "technical_impact": {"value": "partial", "rationale": "keys are in a secure element"},
             "public_safety_impact": {"value": "minimal", "rationale": "HAZ review 2026-10"}}})");
  auto e = evaluate(f, p, "2026-11-02");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->exploitation, ssvc::Exploitation::active);
  EXPECT_EQ(e->technical_impact, ssvc::TechnicalImpact::partial);
  EXPECT_EQ(e->public_safety, ssvc::PublicSafetyImpact::minimal);
  EXPECT_EQ(e->priority, ssvc::supplier_priority(e->exploitation, e->utility, e->technical_impact,
                                                 e->public_safety));
  std::string all;
  for (const auto& s : e->explanation) all += s + "\n";
  EXPECT_NE(all.find("The maker set SSVC exploitation to active: seen in a customer's network."),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("the maker knows it to be exploited in the wild"), std::string::npos) << all;
  EXPECT_NE(all.find("public safety impact to minimal: HAZ review 2026-10."), std::string::npos);
  EXPECT_EQ(all.find("CISA"), std::string::npos) << all;

  const auto error = [](const std::string& assessment) {
    auto j = nlohmann::json::parse(kProfile);
    j["assessments"] = nlohmann::json::array({nlohmann::json::parse(assessment)});
    auto r = read_profile(j.dump(), "p.json");
    return r.ok() ? std::string("accepted") : r.error().to_string();
  };
  EXPECT_EQ(error(R"({"vulnerability": "CVE-1", "ssvc": {"exploitation": {"value": "active"}}})"),
            "p.json#/assessments/0/ssvc/exploitation/rationale: is missing");
  EXPECT_EQ(error(R"({"vulnerability": "CVE-1", "ssvc": {"exploitation":
                {"value": "active", "rationale": ""}}})"),
            "p.json#/assessments/0/ssvc/exploitation/rationale: must say why the value is set");
  EXPECT_NE(error(R"({"vulnerability": "CVE-1", "ssvc": {"exploitation":
                {"value": "rampant", "rationale": "x"}}})")
                .find("#/assessments/0/ssvc/exploitation/value"),
            std::string::npos);
  EXPECT_NE(error(R"({"vulnerability": "CVE-1", "ssvc": {"utility": {"value": "efficient",
                "rationale": "x"}}})")
                .find("#/assessments/0/ssvc/utility: is not a decision point that can be set"),
            std::string::npos);
  EXPECT_EQ(error(R"({"ssvc": {}})"), "p.json#/assessments/0/vulnerability: is missing");
  EXPECT_NE(error(R"({"vulnerability": "CVE-1", "rubric": {"answers": {"XAT": "YES"}}})")
                .find("#/assessments/0/rubric/answers/XAT"),
            std::string::npos);
  EXPECT_NE(error(R"({"vulnerability": "CVE-1", "penetration_test": {"result": "maybe",
                "reference": "PT-1"}})")
                .find("#/assessments/0/penetration_test/result"),
            std::string::npos);
}

TEST(Triage, ClocksAreMetByRecordedWorkAndFailWhenTheyRunOut) {
  // openssl: uncontrolled, learned 2026-11-02, so inform by 2026-12-02 and
  // fix by 2027-01-01; ISAO member, no adverse event.
  const auto f = facts("openssl", "pkg:generic/openssl@1.1.1k", kNetworkTotal);
  auto running = evaluate(f, profile(), "2026-11-02", "2026-12-02");  // the last day
  ASSERT_TRUE(running.ok());
  EXPECT_EQ(running->report_806, "exempt if met");
  auto overdue = evaluate(f, profile(), "2026-11-02", "2026-12-03");
  ASSERT_TRUE(overdue.ok());
  EXPECT_EQ(overdue->conditions[1].status, "not met");
  EXPECT_EQ(overdue->conditions[1].explanation,
            "the deadline 2026-12-02 passed with no record of it (as of 2026-12-03)");
  EXPECT_EQ(overdue->conditions[2].status, "unknown");  // the fix is due later
  EXPECT_EQ(overdue->report_806, "required");

  const auto done = [&](const char* informed, const char* fixed) {
    return assessed(std::string(R"({"vulnerability": "CVE-2099-0001", "customers_informed": ")") +
                    informed + R"(", "fix_distributed": ")" + fixed + R"("})");
  };
  auto in_time = evaluate(f, done("2026-11-10", "2027-01-01"), "2026-11-02", "2027-06-01");
  ASSERT_TRUE(in_time.ok());
  EXPECT_EQ(in_time->conditions[1].explanation, "customers informed on 2026-11-10, by 2026-12-02");
  EXPECT_EQ(in_time->report_806, "exempt");
  auto late = evaluate(f, done("2026-12-03", "2026-12-20"), "2026-11-02", "2027-06-01");
  ASSERT_TRUE(late.ok());
  EXPECT_EQ(late->conditions[1].status, "not met");
  EXPECT_EQ(late->conditions[2].status, "met");
  EXPECT_EQ(late->report_806, "required");

  EXPECT_FALSE(evaluate(f, profile(), "2026-11-02", "tomorrow").ok());
  auto j = nlohmann::json::parse(kProfile);
  j["assessments"] = {{{"vulnerability", "CVE-1"}, {"customers_informed", "2026-13-01"}}};
  auto bad = read_profile(j.dump(), "p.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().to_string(),
            "p.json#/assessments/0/customers_informed: must be YYYY-MM-DD");
}

// `vigil triage` of a demo device's scan, learned 2026-11-02 and judged on
// 2026-11-23 as `make demo` does; the exit status in `status`.
nlohmann::json triage_demo(const std::string& device, const std::string& sbom, int& status) {
  auto scan = testing::run_vigil(
      {"scan", (demo_dir() / "sboms" / sbom).string(), "--db", demo_kb(), "--format", "json"});
  EXPECT_EQ(scan.status, 0) << scan.err;
  const std::string scan_path = (testing::fresh_dir("triage-" + device) / "scan.json").string();
  std::ofstream(scan_path) << scan.out;
  auto out = testing::run_vigil(
      {"triage", scan_path, "--profile", (demo_dir() / "profiles" / (device + ".json")).string(),
       "--learned", "2026-11-02", "--as-of", "2026-11-23", "--format", "json"});
  status = out.status;
  EXPECT_TRUE(out.status == 0 || out.status == 1) << out.err;
  return nlohmann::json::parse(out.out);
}

const nlohmann::json* find_triaged(const nlohmann::json& j, const std::string& id,
                                   const std::string& component) {
  for (const auto& t : j) {
    if (t["vulnerability"] == id && t["component"]["name"] == component) return &t;
  }
  return nullptr;
}

TEST(Triage, DemoMonitorAndWorkstationShowUnknownAndRequiredReports) {
  int status = 0;
  // The monitor's profile does not record adverse events: condition 1 is
  // unknown, and nothing else fails, so each uncontrolled risk is exempt
  // only if the clocks are met.
  const auto monitor = triage_demo("patient-monitor", "patient-monitor.spdx.json", status);
  EXPECT_EQ(status, 1);
  size_t open = 0;
  for (const auto& t : monitor) {
    if (t["risk"] != "uncontrolled") continue;
    ++open;
    EXPECT_EQ(t["report_806"]["status"], "exempt if met");
    EXPECT_EQ(t["report_806"]["conditions"][0]["status"], "unknown");
    EXPECT_EQ(t["report_806"]["conditions"][3]["status"], "met");
  }
  EXPECT_GT(open, 0u);
  // The workstation's maker is in no ISAO: every uncontrolled risk needs an
  // 806 report. Struts' CVE-2017-5638 is in KEV: active, immediate.
  const auto ws = triage_demo("imaging-workstation", "imaging-workstation.cdx.xml", status);
  EXPECT_EQ(status, 1);
  const auto* struts = find_triaged(ws, "CVE-2017-5638", "struts2-core");
  ASSERT_NE(struts, nullptr);
  EXPECT_EQ((*struts)["risk"], "uncontrolled");
  EXPECT_EQ((*struts)["ssvc"]["exploitation"], "active");
  EXPECT_EQ((*struts)["ssvc"]["decision"], "immediate");
  EXPECT_EQ((*struts)["exploitability"], "high");
  for (const auto& t : ws) {
    if (t["risk"] == "uncontrolled") {
      EXPECT_EQ(t["report_806"]["status"], "required") << t["vulnerability"];
      EXPECT_EQ(t["report_806"]["conditions"][3]["status"], "not met");
    } else {
      EXPECT_EQ(t["report_806"]["status"], "not required");
    }
  }
}

TEST(Triage, CommandJudgesTheDemoPump) {
  const auto dir = demo_dir();
  int status = 0;
  const auto j = triage_demo("infusion-pump", "infusion-pump.cdx.json", status);
  EXPECT_EQ(status, 1);  // some risk is uncontrolled
  ASSERT_GT(j.size(), 10u);
  const std::string db = demo_kb();
  const std::string scan_path = (testing::fresh_dir("triage-infusion-pump") / "scan.json").string();
  {
    auto scan = testing::run_vigil({"scan", (dir / "sboms" / "infusion-pump.cdx.json").string(),
                                    "--db", db, "--format", "json"});
    std::ofstream(scan_path) << scan.out;
  }
  bool uncontrolled_openssl = false, controlled_vxworks = false;
  for (const auto& t : j) {
    for (const char* key : {"vulnerability", "component", "exploitability", "harm_severity", "risk",
                            "ssvc", "deadlines", "report_806", "explanation"})
      ASSERT_TRUE(t.contains(key)) << key;
    if (t["vulnerability"] == "CVE-2022-0778" && t["component"]["name"] == "openssl") {
      // Customers informed and the fix distributed in time (the profile's
      // assessment): all four conditions met.
      uncontrolled_openssl = true;
      EXPECT_EQ(t["risk"], "uncontrolled");
      EXPECT_EQ(t["deadlines"]["communicate_by"], "2026-12-02");
      EXPECT_EQ(t["deadlines"]["fix_by"], "2027-01-01");
      EXPECT_EQ(t["report_806"]["status"], "exempt");
      EXPECT_EQ(t["report_806"]["conditions"].size(), 4u);
    }
    if (t["vulnerability"] == "CVE-2023-0286" && t["component"]["name"] == "openssl") {
      EXPECT_EQ(t["risk"], "uncontrolled");
      EXPECT_EQ(t["report_806"]["status"], "exempt if met");  // clocks still running
    }
    if (t["vulnerability"] == "CVE-2024-0727") {
      // The maker's rubric scoring: only through the service port.
      EXPECT_EQ(t["cvss"]["source"], "rubric");
      EXPECT_EQ(t["exposure"], "physical");
      EXPECT_EQ(t["risk"], "controlled");
    }
    if (t["vulnerability"] == "CVE-2019-12255") {
      controlled_vxworks = true;  // behind the clinical VLAN (CTL-01)
      EXPECT_EQ(t["risk"], "controlled");
      EXPECT_EQ(t["exploitability"], "low");
      EXPECT_EQ(t["report_806"]["status"], "not required");
    }
  }
  EXPECT_TRUE(uncontrolled_openssl);
  EXPECT_TRUE(controlled_vxworks);
  // `vigil scan --profile` judges the same findings the same way.
  auto both = testing::run_vigil({"scan", (dir / "sboms" / "infusion-pump.cdx.json").string(),
                                  "--db", db, "--format", "json", "--profile",
                                  (dir / "profiles" / "infusion-pump.json").string(), "--learned",
                                  "2026-11-02", "--as-of", "2026-11-23"});
  ASSERT_EQ(both.status, 0) << both.err;  // scan's exit status follows --fail-on only
  const auto scanned = nlohmann::json::parse(both.out);
  size_t triaged = 0;
  for (const auto& f : scanned["findings"]) {
    ASSERT_TRUE(f.contains("triage"));
    for (const auto& t : j) {
      if (t["vulnerability"] == f["vulnerability"]["id"] &&
          t["component"]["name"] == f["component"]["name"]) {
        EXPECT_EQ(t, f["triage"]);
        ++triaged;
      }
    }
  }
  EXPECT_EQ(triaged, j.size());
  // --fail-on uncontrolled: exit 1 here, and it needs a profile.
  auto gate = testing::run_vigil({"scan", (dir / "sboms" / "infusion-pump.cdx.json").string(),
                                  "--db", db, "--fail-on", "uncontrolled", "--profile",
                                  (dir / "profiles" / "infusion-pump.json").string()});
  EXPECT_EQ(gate.status, 1) << gate.err;
  auto no_profile = testing::run_vigil({"scan", (dir / "sboms" / "infusion-pump.cdx.json").string(),
                                        "--db", db, "--fail-on", "uncontrolled"});
  EXPECT_EQ(no_profile.status, 2);
  EXPECT_NE(no_profile.err.find("--fail-on uncontrolled needs --profile"), std::string::npos);
  // A wrong argument: exit 2, a message naming it.
  auto bad = testing::run_vigil({"triage", scan_path, "--profile", "/nonexistent.json"});
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("/nonexistent.json: cannot open the profile: No such file"),
            std::string::npos)
      << bad.err;
}

}  // namespace
}  // namespace vigil::triage

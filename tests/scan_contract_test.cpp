// `vigil scan` end to end on the bundled demo devices and demo kb: the JSON
// contract, exit statuses (--fail-on), VEX suppression, every output format,
// and SARIF and CycloneDX VEX output valid against their official schemas.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/fixtures.h"
#include "support/run.h"

namespace {

namespace fs = std::filesystem;
using vigil::testing::Outcome;
using vigil::testing::run_vigil;

fs::path repo() { return vigil::testing::data_dir().parent_path().parent_path(); }
std::string demo(const std::string& path) { return (repo() / "demo" / path).string(); }

using vigil::testing::demo_kb;

const nlohmann::json* finding(const nlohmann::json& report, const std::string& vuln,
                              const std::string& component) {
  for (const auto& f : report["findings"]) {
    if (f["vulnerability"]["id"] == vuln && f["component"]["name"] == component) return &f;
  }
  return nullptr;
}

TEST(ScanContract, JsonHasTheDocumentedShape) {
  const Outcome r = run_vigil(
      {"scan", demo("sboms/infusion-pump.cdx.json"), "--db", demo_kb(), "--format", "json"});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["sbom"]["format"], "CycloneDX");
  EXPECT_EQ(j["sbom"]["primary"]["name"], "IP-300 Infusion Pump");
  ASSERT_TRUE(j["findings"].is_array());
  const auto* openssl = finding(j, "CVE-2023-0286", "openssl");
  ASSERT_NE(openssl, nullptr);
  const auto& f = *openssl;
  for (const char* key : {"ref", "name", "version", "purl", "cpes"})
    EXPECT_TRUE(f["component"].contains(key)) << key;
  for (const char* key : {"id", "aliases", "summary", "published", "cvss", "kev", "epss"})
    EXPECT_TRUE(f["vulnerability"].contains(key)) << key;
  EXPECT_EQ(f["component"]["version"], "1.1.1k");
  EXPECT_EQ(f["match"]["rule"], "cpe-range");
  EXPECT_EQ(f["match"]["confidence"], "high");
  EXPECT_EQ(f["match"]["evidence"][0]["source"], "nvd");
  EXPECT_EQ(f["fixed_versions"], nlohmann::json::array({"1.1.1t"}));
  EXPECT_EQ(f["state"], "affected");
  ASSERT_FALSE(f["vulnerability"]["cvss"].empty());
  const auto& cvss = f["vulnerability"]["cvss"][0];
  EXPECT_EQ(cvss["version"], "3.1");
  EXPECT_EQ(cvss["base_score"], 7.4);
  EXPECT_EQ(cvss["source"], "nvd@nist.gov");
  // The name heuristic and the CISA product match are there, and say so.
  const auto* nghttp2 = finding(j, "CVE-2024-28182", "nghttp2");
  ASSERT_NE(nghttp2, nullptr);
  EXPECT_EQ((*nghttp2)["match"]["rule"], "name-heuristic");
  EXPECT_EQ((*nghttp2)["match"]["confidence"], "low");
  const auto* vxworks = finding(j, "CVE-2019-12256", "VxWorks");
  ASSERT_NE(vxworks, nullptr);
  EXPECT_EQ((*vxworks)["match"]["rule"], "csaf-product");
  EXPECT_EQ(j["stats"]["components"], 14);
  EXPECT_GT(j["stats"]["findings"].get<int>(), 10);
}

TEST(ScanContract, KevFindingsAndFailOnSetTheExitStatus) {
  const std::string ws = demo("sboms/imaging-workstation.cdx.xml");
  const Outcome r = run_vigil({"scan", ws, "--db", demo_kb(), "--format", "json"});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  const auto* struts = finding(j, "CVE-2017-5638", "struts2-core");
  ASSERT_NE(struts, nullptr);
  EXPECT_EQ((*struts)["vulnerability"]["kev"]["date_added"], "2021-11-03");
  // Sorted by severity: the KEV finding first.
  EXPECT_EQ(j["findings"][0]["vulnerability"]["id"], "CVE-2017-5638");
  EXPECT_EQ(run_vigil({"scan", ws, "--db", demo_kb(), "--fail-on", "kev"}).status, 1);
  EXPECT_EQ(run_vigil({"scan", ws, "--db", demo_kb(), "--fail-on", "critical"}).status, 1);
  // The monitor has nothing critical and nothing in KEV.
  const std::string monitor = demo("sboms/patient-monitor.spdx.json");
  EXPECT_EQ(run_vigil({"scan", monitor, "--db", demo_kb(), "--fail-on", "critical"}).status, 0);
  EXPECT_EQ(run_vigil({"scan", monitor, "--db", demo_kb(), "--fail-on", "kev"}).status, 0);
  EXPECT_EQ(run_vigil({"scan", monitor, "--db", demo_kb(), "--fail-on", "high"}).status, 1);
}

TEST(ScanContract, VexSuppressesAndShowSuppressedShows) {
  const std::string pump = demo("sboms/infusion-pump.cdx.json");
  const std::string vex = demo("vex/infusion-pump.openvex.json");
  const auto without =
      nlohmann::json::parse(run_vigil({"scan", pump, "--db", demo_kb(), "--format", "json"}).out);
  ASSERT_NE(finding(without, "CVE-2016-10228", "glibc"), nullptr);
  const auto with = nlohmann::json::parse(
      run_vigil({"scan", pump, "--db", demo_kb(), "--vex", vex, "--format", "json"}).out);
  EXPECT_EQ(finding(with, "CVE-2016-10228", "glibc"), nullptr);
  EXPECT_EQ(with["stats"]["suppressed"], 1);
  const auto shown = nlohmann::json::parse(run_vigil({"scan", pump, "--db", demo_kb(), "--vex", vex,
                                                      "--show-suppressed", "--format", "json"})
                                               .out);
  const auto* glibc = finding(shown, "CVE-2016-10228", "glibc");
  ASSERT_NE(glibc, nullptr);
  EXPECT_EQ((*glibc)["state"], "not_affected");
  EXPECT_EQ((*glibc)["vex"][0]["justification"], "vulnerable_code_not_in_execute_path");
}

TEST(ScanContract, TableFitsTheTerminalAndListsEveryDevice) {
  setenv("COLUMNS", "100", 1);
  const Outcome r = run_vigil({"scan", demo("sboms/infusion-pump.cdx.json"),
                               demo("sboms/patient-monitor.spdx.json"),
                               demo("sboms/imaging-workstation.cdx.xml"), "--db", demo_kb()});
  unsetenv("COLUMNS");
  ASSERT_EQ(r.status, 0) << r.err;
  size_t lines = 0;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line); ++lines) {
    if (line.find("SEVERITY") == 0 || line.find("critical") == 0 || line.find("high") == 0) {
      EXPECT_LE(line.size(), 100u) << line;
    }
  }
  EXPECT_GT(lines, 40u);
  for (const char* device :
       {"IP-300 Infusion Pump", "BM-700 Bedside Patient Monitor", "IW-900 Imaging Workstation"})
    EXPECT_NE(r.out.find(device), std::string::npos) << device;
}

TEST(ScanContract, BadInputExitsTwoWithAMessage) {
  const std::string pump = demo("sboms/infusion-pump.cdx.json");
  const Outcome no_sbom = run_vigil({"scan", "/nonexistent.json", "--db", demo_kb()});
  EXPECT_EQ(no_sbom.status, 2);
  const Outcome broken =
      run_vigil({"scan", (vigil::testing::data_dir() / "sbom" / "truncated.cdx.json").string(),
                 "--db", demo_kb()});
  EXPECT_EQ(broken.status, 2);
  EXPECT_FALSE(broken.err.empty());
  const Outcome bad_vex = run_vigil({"scan", pump, "--db", demo_kb(), "--vex", pump});
  EXPECT_EQ(bad_vex.status, 2);
  EXPECT_NE(bad_vex.err.find("VEX"), std::string::npos) << bad_vex.err;
  EXPECT_EQ(run_vigil({"scan", pump, "--db", demo_kb(), "--format", "pdf"}).status, 2);
  EXPECT_EQ(run_vigil({"scan", pump, "--db", demo_kb(), "--fail-on", "severe"}).status, 2);
  EXPECT_EQ(run_vigil({"scan", pump, pump, "--db", demo_kb(), "--format", "cyclonedx-vex"}).status,
            2);
  const Outcome no_kb = run_vigil({"scan", pump, "--db", "/nonexistent/dir/kb.db"});
  EXPECT_EQ(no_kb.status, 2);
  // A mistyped path is not an empty kb: nothing is created, and it is an error.
  const fs::path typo = fs::path(::testing::TempDir()) / ("vigil-typo-" + std::to_string(getpid()));
  const Outcome missing = run_vigil({"scan", pump, "--db", typo.string()});
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find("no knowledge base"), std::string::npos) << missing.err;
  EXPECT_FALSE(fs::exists(typo));
  // Nor does reading it start one; only an import (here of nothing) does.
  const Outcome stats = run_vigil({"db", "stats", "--db", typo.string()});
  EXPECT_EQ(stats.status, 2);
  EXPECT_NE(stats.err.find("no knowledge base at"), std::string::npos) << stats.err;
  EXPECT_FALSE(fs::exists(typo));
  const fs::path nothing =
      fs::path(::testing::TempDir()) / ("vigil-no-feeds-" + std::to_string(getpid()));
  fs::create_directories(nothing);
  ASSERT_EQ(run_vigil({"db", "import", nothing.string(), "--db", typo.string()}).status, 0);
  EXPECT_EQ(run_vigil({"db", "stats", "--db", typo.string()}).status, 0);  // empty, and readable
  const Outcome empty = run_vigil({"scan", pump, "--db", typo.string()});
  EXPECT_EQ(empty.status, 2);
  EXPECT_NE(empty.err.find("holds no advisories"), std::string::npos) << empty.err;
  fs::remove(typo);
  fs::remove(nothing);
}

// Schema validation through node and Debian's ajv, as the SBOM writer's test.
int validate(const std::string& script, const std::vector<std::string>& args, std::string& report) {
  setenv("NODE_PATH", "/usr/share/nodejs", 0);
  const fs::path out =
      fs::path(::testing::TempDir()) / ("vigil-validate-" + std::to_string(getpid()) + ".txt");
  std::string cmd = "node " + (repo() / "tests" / "tools" / script).string();
  for (const auto& a : args) cmd += " " + vigil::testing::shell_quote(a);
  cmd += " > " + out.string() + " 2>&1";
  const int status = std::system(cmd.c_str());
  report = vigil::testing::read_file(out);
  return status;
}

TEST(ScanContract, SarifValidatesAgainstTheSarif210Schema) {
  const char* schema = std::getenv("VIGIL_SARIF_SCHEMA");
  if (schema == nullptr || !fs::exists(schema)) {
    GTEST_SKIP() << "VIGIL_SARIF_SCHEMA names no schema file (make test fetches it with "
                    "scripts/fetch-test-tools)";
  }
  const Outcome r = run_vigil({"scan", demo("sboms/infusion-pump.cdx.json"),
                               demo("sboms/imaging-workstation.cdx.xml"), "--db", demo_kb(),
                               "--format", "sarif"});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["version"], "2.1.0");
  EXPECT_GT(j["runs"][0]["results"].size(), 30u);
  EXPECT_EQ(j["runs"][0]["tool"]["driver"]["name"], "Vigil");
  const fs::path file =
      fs::path(::testing::TempDir()) / ("vigil-scan-" + std::to_string(getpid()) + ".sarif");
  std::ofstream(file) << r.out;
  std::string report;
  EXPECT_EQ(validate("validate-sarif.js", {schema, file.string()}, report), 0) << report;
}

TEST(ScanContract, CycloneDxVexValidatesAgainstTheCycloneDx16Schema) {
  const auto corpus = vigil::testing::corpus_dir();
  if (!corpus) GTEST_SKIP() << vigil::testing::corpus_skip_message();
  setenv("SOURCE_DATE_EPOCH", "1767225600", 1);
  const Outcome r = run_vigil({"scan", demo("sboms/infusion-pump.cdx.json"), "--db", demo_kb(),
                               "--vex", demo("vex/infusion-pump.openvex.json"), "--show-suppressed",
                               "--format", "cyclonedx-vex"});
  unsetenv("SOURCE_DATE_EPOCH");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["specVersion"], "1.6");
  EXPECT_EQ(j["metadata"]["timestamp"], "2026-01-01T00:00:00Z");
  bool glibc = false;
  for (const auto& v : j["vulnerabilities"]) {
    if (v["id"] != "CVE-2016-10228") continue;
    glibc = true;
    EXPECT_EQ(v["analysis"]["state"], "not_affected");
    EXPECT_EQ(v["analysis"]["justification"], "code_not_reachable");
    EXPECT_EQ(v["affects"][0]["ref"], "glibc");
  }
  EXPECT_TRUE(glibc);
  const fs::path file =
      fs::path(::testing::TempDir()) / ("vigil-scan-" + std::to_string(getpid()) + ".vex.json");
  std::ofstream(file) << r.out;
  std::string report;
  EXPECT_EQ(validate("validate-cyclonedx.js",
                     {(*corpus / "cyclonedx" / "schema").string(), "1.6", file.string()}, report),
            0)
      << report;
}

}  // namespace

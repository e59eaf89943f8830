// The `vigil` command's contracts that scripts and other tools rely on:
// output shapes, JSON keys, and exit statuses (0 ok, 1 negative answer or an
// invalid item, 2 unusable input or arguments with a one-line message).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support/fixtures.h"
#include "support/run.h"

namespace {

using vigil::testing::Outcome;

Outcome vigil(const std::vector<std::string>& args, const std::string& input = "") {
  return vigil::testing::run_vigil(args, input);
}

TEST(CliProcess, ItsAllocatorStartsWithLargePages) {
#ifndef VIGIL_WITH_MIMALLOC
  GTEST_SKIP() << "vigil is built without mimalloc (the sanitizers bring their own allocator)";
#else
  // mimalloc prints its options as it starts: the option must be on by
  // then, or it never asks the kernel for huge pages (cli/allocator.cpp).
  ASSERT_EQ(setenv("MIMALLOC_VERBOSE", "1", 1), 0);
  const auto r = vigil({"--version"});
  unsetenv("MIMALLOC_VERBOSE");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.err.find("option 'large_os_pages': 1"), std::string::npos) << r.err;
#endif
}

TEST(CliPurl, PrintsCanonicalForms) {
  const Outcome r =
      vigil({"purl", "pkg:PYPI/Django_package@1.11.1.dev1", "pkg:npm/@babel/core@7.0.0"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "pkg:pypi/django-package@1.11.1.dev1\npkg:npm/%40babel/core@7.0.0\n");
}

TEST(CliPurl, JsonHasTheDocumentedKeysAndExit1OnAnInvalidItem) {
  const Outcome r =
      vigil({"purl", "--format", "json", "pkg:deb/debian/curl@7.50.3-1?arch=i386", "not-a-purl"});
  EXPECT_EQ(r.status, 1);
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["input"], "pkg:deb/debian/curl@7.50.3-1?arch=i386");
  EXPECT_EQ(j[0]["canonical"], "pkg:deb/debian/curl@7.50.3-1?arch=i386");
  EXPECT_EQ(j[0]["type"], "deb");
  EXPECT_EQ(j[0]["namespace"], "debian");
  EXPECT_EQ(j[0]["name"], "curl");
  EXPECT_EQ(j[0]["version"], "7.50.3-1");
  EXPECT_EQ(j[0]["qualifiers"]["arch"], "i386");
  EXPECT_TRUE(j[0]["subpath"].is_null());
  EXPECT_EQ(j[1]["input"], "not-a-purl");
  EXPECT_NE(j[1]["error"].dump().find("pkg:"), std::string::npos);
}

TEST(CliCvss, JsonHasEveryScoreAndSeverityAndExit2OnAnInvalidVector) {
  const Outcome r = vigil({"cvss", "--format", "json",
                           "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/CR:L/MC:L",
                           "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U",
                           "AV:N/AC:L/Au:N/C:P/I:P/A:P", "CVSS:3.1/AV:X"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("vigil cvss: invalid CVSS vector 'CVSS:3.1/AV:X'"), std::string::npos)
      << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j.size(), 4u);
  EXPECT_EQ(j[0]["version"], "3.1");
  EXPECT_EQ(j[0]["base_score"], 9.8);
  EXPECT_EQ(j[0]["base_severity"], "critical");
  EXPECT_EQ(j[0]["temporal_score"], 9.3);
  EXPECT_EQ(j[0]["temporal_severity"], "critical");
  EXPECT_LT(j[0]["environmental_score"].get<double>(), 9.3);
  EXPECT_FALSE(j[0].contains("score"));
  EXPECT_EQ(j[1]["version"], "4.0");
  EXPECT_EQ(j[1]["base_score"], 9.3);
  EXPECT_EQ(j[1]["score"], 8.1);
  EXPECT_EQ(j[1]["severity"], "high");
  EXPECT_EQ(j[1]["nomenclature"], "CVSS-BT");
  EXPECT_TRUE(j[1]["temporal_score"].is_null());
  EXPECT_EQ(j[2]["version"], "2.0");
  EXPECT_EQ(j[2]["base_score"], 7.5);
  EXPECT_TRUE(j[2]["temporal_score"].is_null());  // v2 states no temporal metric
  EXPECT_EQ(j[3]["vector"], "CVSS:3.1/AV:X");
  EXPECT_TRUE(j[3].contains("error"));
}

TEST(CliCpe, PrintsBothBindingsAndTheWfn) {
  const Outcome r = vigil({"cpe", "--format", "json", "cpe:/a:openssl:openssl:1.0.2k"});
  EXPECT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j[0]["formatted_string"], "cpe:2.3:a:openssl:openssl:1.0.2k:*:*:*:*:*:*:*");
  EXPECT_EQ(j[0]["uri"], "cpe:/a:openssl:openssl:1.0.2k");
  EXPECT_EQ(j[0]["wfn"]["vendor"], "openssl");
  EXPECT_EQ(j[0]["wfn"]["update"], "ANY");
  EXPECT_EQ(vigil({"cpe", "cpe:2.3:x:bad"}).status, 1);
}

TEST(CliCpe, MatchPrintsTheRelation) {
  const Outcome r = vigil({"cpe", "match", "cpe:2.3:a:busybox:busybox:*:*:*:*:*:*:*:*",
                           "cpe:2.3:a:busybox:busybox:1.36.1:*:*:*:*:*:*:*"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "superset\n");
  EXPECT_EQ(vigil({"cpe", "match", "cpe:2.3:a:x", "cpe:/a:y"}).status, 2);
}

TEST(CliVersion, CompareTwoAndFromStdin) {
  EXPECT_EQ(vigil({"version", "compare", "PyPI", "1.0.dev0", "1.0a0"}).out, "<\n");
  EXPECT_EQ(vigil({"version", "compare", "deb", "1:0.9", "2.0"}).out, ">\n");
  const Outcome r = vigil({"version", "compare", "Maven"}, "1.0 1\n1.0-SNAPSHOT 1.0\n\n2.0 1.10\n");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "=\n<\n>\n");
}

TEST(CliVersion, SortAscending) {
  const Outcome r = vigil({"version", "sort", "npm"}, "1.10.0\n1.2.0\n1.2.0-rc.1\n1.9.0\n");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "1.2.0-rc.1\n1.2.0\n1.9.0\n1.10.0\n");
}

TEST(CliVersion, InExitsZeroOneOrTwo) {
  EXPECT_EQ(vigil({"version", "in", "npm", "1.2.5", "vers:npm/>=1.2.0|<1.4.3"}).status, 0);
  EXPECT_EQ(vigil({"version", "in", "npm", "1.5.0", "vers:npm/>=1.2.0|<1.4.3"}).status, 1);
  EXPECT_EQ(vigil({"version", "in", "npm", "1.5.0", "^1.2.0"}).status, 0);
  EXPECT_EQ(vigil({"version", "in", "PyPI", "1.0", "vers:pypi/>=1.0|>=2.0"}).status, 2);
  EXPECT_EQ(vigil({"version", "in", "PyPI", "1.0", "vers:npm/>=1.0"}).status, 2);
}

TEST(CliErrors, InvalidInputIsOneLineAndExit2) {
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"version", "compare", "NoSuchEcosystem", "1", "2"},
                                             {"version", "compare", "Debian", "a1.0", "1.0"},
                                             {"version", "compare", "npm", "1.0"},
                                             {"no-such-verb"},
                                             {}}) {
    const Outcome r = vigil(args);
    EXPECT_EQ(r.status, 2) << r.err;
    ASSERT_FALSE(r.err.empty());
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "not one line: " << r.err;
  }
  const Outcome bad_line = vigil({"version", "compare", "npm"}, "1.0.0 2.0.0\n1.0.0\n");
  EXPECT_EQ(bad_line.status, 2);
  EXPECT_EQ(bad_line.out, "<\n");
  EXPECT_NE(bad_line.err.find("line 2"), std::string::npos);
}

}  // namespace

namespace {

std::string fixture(const char* name) { return std::string(VIGIL_TEST_DATA_DIR) + "/sbom/" + name; }

TEST(CliSbom, InspectJsonHasTheDocumentedKeys) {
  const Outcome r =
      vigil({"sbom", "inspect", "--format", "json", fixture("pump-firmware.cdx.json")});
  EXPECT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["format"], "CycloneDX");
  EXPECT_EQ(j["spec_version"], "1.6");
  EXPECT_EQ(j["encoding"], "json");
  EXPECT_EQ(j["components"], 4);
  EXPECT_EQ(j["dependencies"], 4);
  EXPECT_EQ(j["primary"]["name"], "infusion-pump-firmware");
  EXPECT_TRUE(j["quality"].contains("coverage"));
  EXPECT_TRUE(j["diagnostics"].is_array());
}

TEST(CliSbom, InspectExitsOneWithErrorsAndTwoWhenUnreadable) {
  const Outcome bad =
      vigil({"sbom", "inspect", "--format", "json", fixture("broken-identifiers.cdx.json")});
  EXPECT_EQ(bad.status, 1);
  const auto j = nlohmann::json::parse(bad.out);
  ASSERT_FALSE(j["diagnostics"].empty());
  EXPECT_TRUE(j["diagnostics"][0].contains("severity"));
  EXPECT_TRUE(j["diagnostics"][0].contains("location"));
  EXPECT_TRUE(j["diagnostics"][0].contains("message"));
  EXPECT_EQ(vigil({"sbom", "inspect", fixture("not-an-sbom.csv")}).status, 2);
  EXPECT_EQ(vigil({"sbom", "inspect", fixture("truncated.cdx.json")}).status, 2);
  EXPECT_EQ(vigil({"sbom", "inspect", "/nonexistent.json"}).status, 2);
}

TEST(CliSbom, ComponentsListsEveryIdentifier) {
  const Outcome r = vigil({"sbom", "components", "--format", "json", fixture("monitor.spdx")});
  EXPECT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j.size(), 3u);
  EXPECT_EQ(j[1]["name"], "Qt");
  EXPECT_EQ(j[1]["purls"][0], "pkg:generic/qt@5.15.2");
  EXPECT_EQ(j[1]["cpes"][0], "cpe:2.3:a:qt:qt:5.15.2:*:*:*:*:*:*:*");
  EXPECT_EQ(j[1]["end_of_support"], "2025-05-26T00:00:00Z");
}

TEST(CliSbom, ConvertWritesCycloneDx16) {
  const Outcome r = vigil({"sbom", "convert", fixture("monitor.spdx"), "--to", "cyclonedx-json"});
  EXPECT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["bomFormat"], "CycloneDX");
  EXPECT_EQ(j["specVersion"], "1.6");
  EXPECT_EQ(j["components"].size(), 3u);
  EXPECT_EQ(vigil({"sbom", "convert", fixture("monitor.spdx"), "--to", "spdx-rdf"}).status, 2);
}

// A stored name or reason can hold an escape sequence (ESC [2J clears the
// screen), a carriage return or a right-to-left override: every table view
// prints them as visible escapes, and JSON keeps them verbatim.
TEST(CliTerminal, StoredControlAndDirectionCharactersPrintInertAndJsonKeepsThem) {
  const std::string records = (vigil::testing::fresh_dir("cli-inert") / "records").string();
  const std::string name = "pump\x1b[2J\u202Eevil";  // ESC [2J, then U+202E
  const std::string shown = "pump\\x1b[2J\\u202eevil";
  ASSERT_EQ(vigil({"product", "add", name, "--records", records, "--user", "alice", "--reason",
                   "added\rapproved"})
                .status,
            0);
  const Outcome list = vigil({"product", "list", "--records", records});
  EXPECT_EQ(list.status, 0);
  EXPECT_NE(list.out.find(shown), std::string::npos) << list.out;
  EXPECT_EQ(list.out.find('\x1b'), std::string::npos);
  const Outcome log = vigil({"audit", "log", "--records", records});
  EXPECT_NE(log.out.find("added\\x0dapproved"), std::string::npos) << log.out;
  EXPECT_EQ(log.out.find('\r'), std::string::npos);
  const Outcome json = vigil({"product", "list", "--records", records, "--format", "json"});
  EXPECT_EQ(nlohmann::json::parse(json.out)[0]["name"], name);

  // The same for what an SBOM brings: a component's name in a table.
  const std::string sbom = (vigil::testing::fresh_dir("cli-inert-sbom") / "evil.cdx.json").string();
  std::ofstream(sbom)
      << R"({"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [)"
      << R"({"type": "library", "name": "lib\u001b]0;owned\u0007", "version": "1"}]})";
  const Outcome components = vigil({"sbom", "components", sbom});
  EXPECT_NE(components.out.find("lib\\x1b]0;owned\\x07"), std::string::npos) << components.out;
  EXPECT_EQ(components.out.find('\x1b'), std::string::npos);
}

}  // namespace

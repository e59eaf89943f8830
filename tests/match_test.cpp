// The matching engine: each rule matches what it should and nothing else,
// one finding carries every evidence of a vulnerability, VEX decides states,
// and the guard rails hold (no version, ANY versions, platforms, withdrawn
// records, vendors that disagree).
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <set>
#include <sstream>

#include "kb/kb.h"
#include "match/match.h"
#include "match/product_version.h"
#include "match/report.h"
#include "support/components.h"
#include "support/fixtures.h"

namespace vigil::match {
namespace {

namespace fs = std::filesystem;

// A kb built from inline feed records, one file each.
class MatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::fresh_dir(std::string("match-") +
                              ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_ / "feeds");
  }
  void TearDown() override { fs::remove_all(dir_); }

  void feed(const std::string& name, const std::string& json) {
    std::ofstream(dir_ / "feeds" / name) << json;
  }

  kb::KnowledgeBase& kb() {
    if (!kb_) {
      auto k = kb::KnowledgeBase::open((dir_ / "kb.db").string());
      EXPECT_TRUE(k.ok());
      kb_.emplace(std::move(*k));
      auto r = kb_->import_paths({(dir_ / "feeds").string()});
      EXPECT_TRUE(r.ok()) << r.error().to_string();
      EXPECT_TRUE(r->skipped.empty()) << r->skipped.front().to_string();
    }
    return *kb_;
  }

  ScanResult scan(const sbom::Document& doc, const std::vector<vex::Statement>& vex = {}) {
    Matcher m(kb());
    auto r = m.scan(doc, vex);
    EXPECT_TRUE(r.ok()) << r.error().to_string();
    return r.ok() ? std::move(*r) : ScanResult{};
  }

  fs::path dir_;
  std::optional<kb::KnowledgeBase> kb_;
};

using testing::component;
using testing::doc_of;

const Finding* find(const ScanResult& r, std::string_view vuln, size_t component) {
  for (const auto& f : r.findings) {
    if (f.vulnerability == vuln && f.component == component) return &f;
  }
  return nullptr;
}

constexpr const char* kOsv = R"({"id": "GHSA-aaaa-bbbb-cccc", "modified": "2024-01-01T00:00:00Z",
  "aliases": ["CVE-2024-1000"], "summary": "Example flaw",
  "affected": [{"package": {"ecosystem": "PyPI", "name": "Example_Pkg"},
    "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "1.0"}, {"fixed": "1.4.2"}]},
               {"type": "GIT", "repo": "https://example.org/r", "events": [{"introduced": "0"}, {"fixed": "abcdef"}]}],
    "versions": ["0.9.0rc1"]}]})";

TEST_F(MatchTest, PurlRangesAndEnumeratedVersionsUnderTheEcosystemsRules) {
  feed("osv.json", kOsv);
  const auto r = scan(doc_of({
      component("a", "example-pkg", "1.4.1", {"pkg:pypi/example.pkg@1.4.1"}),  // PEP 503 name
      component("b", "example-pkg", "1.4.2", {"pkg:pypi/example-pkg@1.4.2"}),  // the fix
      component("c", "example-pkg", "1.4.2rc1", {"pkg:pypi/example-pkg@1.4.2rc1"}),
      component("d", "example-pkg", "0.9.0rc1", {"pkg:pypi/example-pkg@0.9.0rc1"}),  // listed
      component("e", "example-pkg", "1.2", {"pkg:npm/example-pkg@1.2"}),  // another ecosystem
  }));
  const Finding* a = find(r, "CVE-2024-1000", 0);
  ASSERT_NE(a, nullptr);
  ASSERT_EQ(a->evidence.size(), 1u);
  EXPECT_EQ(a->evidence[0].rule, Rule::purl_range);
  EXPECT_EQ(a->evidence[0].advisory, "GHSA-aaaa-bbbb-cccc");
  EXPECT_EQ(a->evidence[0].criterion, "PyPI Example_Pkg: introduced 1.0 fixed 1.4.2");
  EXPECT_EQ(a->fixed_versions, std::vector<std::string>{"1.4.2"});  // not the GIT commit
  EXPECT_EQ(find(r, "CVE-2024-1000", 1), nullptr);
  EXPECT_NE(find(r, "CVE-2024-1000", 2), nullptr);  // 1.4.2rc1 < 1.4.2 under PEP 440
  const Finding* d = find(r, "CVE-2024-1000", 3);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->evidence[0].rule, Rule::purl_version);
  EXPECT_EQ(find(r, "CVE-2024-1000", 4), nullptr);
  EXPECT_EQ(r.stats.findings, 3u);
}

TEST_F(MatchTest, OsPackagesMatchTheirDistributionRelease) {
  feed("dsa.json",
       R"({"id": "DSA-1-1", "modified": "2024-01-01T00:00:00Z", "aliases": ["CVE-2024-2000"],
    "affected": [{"package": {"ecosystem": "Debian:12", "name": "openssl"},
      "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "3.0.11-1~deb12u2"}]}]}]})");
  const auto r = scan(doc_of({
      component("a", "openssl", "", {"pkg:deb/debian/openssl@3.0.11-1~deb12u1?distro=bookworm"}),
      component("b", "openssl", "", {"pkg:deb/debian/openssl@3.0.11-1~deb12u1?distro=debian-11"}),
      component("c", "openssl", "", {"pkg:deb/debian/openssl@3.0.11-1~deb12u1"}),
      component("d", "openssl", "", {"pkg:deb/debian/openssl@3.0.11-1~deb12u2?distro=debian-12"}),
  }));
  ASSERT_NE(find(r, "CVE-2024-2000", 0), nullptr);
  EXPECT_EQ(find(r, "CVE-2024-2000", 0)->confidence(), Confidence::high);
  EXPECT_EQ(find(r, "CVE-2024-2000", 1), nullptr);
  const Finding* c = find(r, "CVE-2024-2000", 2);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->confidence(), Confidence::medium);
  EXPECT_NE(c->evidence[0].note.find("no distribution release"), std::string::npos);
  EXPECT_EQ(find(r, "CVE-2024-2000", 3), nullptr);
}

// Declared here, defined below with the NVD fixtures.
std::string nvd(const std::string& id, const std::string& vulnerable, const std::string& bounds,
                const std::string& platform = {});

TEST_F(MatchTest, ADistributionsOwnFeedIsPreferredToUpstreamCpeRanges) {
  // NVD says openssl before 3.0.12 is affected; Debian backported the fix
  // into 3.0.11-1~deb12u2, and its feed says so.
  feed("nvd.json", nvd("CVE-2024-7000", "cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*",
                       R"(, "versionEndExcluding": "3.0.12")"));
  const auto deb = component("a", "openssl", "3.0.11",
                             {"pkg:deb/debian/openssl@3.0.11-1~deb12u2?distro=debian-12"},
                             {"cpe:2.3:a:openssl:openssl:3.0.11:*:*:*:*:*:*:*"});
  // Without a Debian feed in the kb, the upstream range is all there is.
  EXPECT_NE(find(scan(doc_of({deb})), "CVE-2024-7000", 0), nullptr);
  feed("dsa.json",
       R"({"id": "DSA-7-1", "modified": "2024-01-01T00:00:00Z", "aliases": ["CVE-2024-7000"],
    "affected": [{"package": {"ecosystem": "Debian:12", "name": "openssl"},
      "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "3.0.11-1~deb12u2"}]}]}]})");
  ASSERT_TRUE(kb().import_paths({(dir_ / "feeds" / "dsa.json").string()}).ok());
  EXPECT_EQ(find(scan(doc_of({deb})), "CVE-2024-7000", 0), nullptr);
}

// An NVD record: vulnerable product X, optionally only when running on Y.
std::string nvd(const std::string& id, const std::string& vulnerable, const std::string& bounds,
                const std::string& platform) {
  std::string nodes = R"({"operator": "OR", "negate": false, "cpeMatch": [{"vulnerable": true,
      "criteria": ")" +
                      vulnerable + "\"" + bounds + "}]}";
  if (!platform.empty()) {
    nodes += R"(, {"operator": "OR", "negate": false, "cpeMatch": [{"vulnerable": false,
      "criteria": ")" +
             platform + "\"}]}";
  }
  return R"({"id": ")" + id +
         R"(", "sourceIdentifier": "nvd@nist.gov", "published": "2024-02-01T00:00:00.000",
    "lastModified": "2024-02-02T00:00:00.000", "descriptions": [{"lang": "en", "value": "x"}],
    "metrics": {"cvssMetricV31": [{"source": "nvd@nist.gov", "type": "Primary", "cvssData":
      {"version": "3.1", "vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "baseScore": 9.8}}]},
    "configurations": [{")" +
         (platform.empty() ? "" : R"(operator": "AND", ")") + R"(nodes": [)" + nodes + "]}]}";
}

TEST_F(MatchTest, CpeRangesHoldBoundsAndRefuseAnyVersion) {
  feed("n1.json", nvd("CVE-2024-3000", "cpe:2.3:a:busybox:busybox:*:*:*:*:*:*:*:*",
                      R"(, "versionStartIncluding": "1.30.0", "versionEndExcluding": "1.36.0")"));
  feed("n2.json", nvd("CVE-2024-3001", "cpe:2.3:a:busybox:busybox:*:*:*:*:*:*:*:*", ""));
  const auto r = scan(doc_of({
      component("a", "busybox", "1.35.0", {}, {"cpe:2.3:a:busybox:busybox:1.35.0:*:*:*:*:*:*:*"}),
      component("b", "busybox", "1.36.0", {}, {"cpe:2.3:a:busybox:busybox:1.36.0:*:*:*:*:*:*:*"}),
      component("c", "busybox", "", {}, {"cpe:2.3:a:busybox:busybox:*:*:*:*:*:*:*:*"}),
      // The CPE leaves the version ANY, the component gives it.
      component("d", "busybox", "1.31.1", {}, {"cpe:2.3:a:busybox:busybox:*:*:*:*:*:*:*:*"}),
  }));
  const Finding* a = find(r, "CVE-2024-3000", 0);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->evidence[0].rule, Rule::cpe_range);
  EXPECT_EQ(a->evidence[0].criterion, "cpe:2.3:a:busybox:busybox:*:*:*:*:*:*:*:* >=1.30.0 <1.36.0");
  EXPECT_EQ(a->fixed_versions, std::vector<std::string>{"1.36.0"});
  EXPECT_EQ(find(r, "CVE-2024-3000", 1), nullptr);
  EXPECT_EQ(find(r, "CVE-2024-3000", 2), nullptr);  // no version: no match, counted instead
  EXPECT_NE(find(r, "CVE-2024-3000", 3), nullptr);
  // "every version" is affected: any known version matches.
  EXPECT_NE(find(r, "CVE-2024-3001", 0), nullptr);
  EXPECT_NE(find(r, "CVE-2024-3001", 1), nullptr);
  EXPECT_EQ(r.stats.without_version, 1u);
}

TEST_F(MatchTest, RunningOnPlatformsAreCheckedAgainstTheSbom) {
  feed("n.json",
       nvd("CVE-2024-4000", "cpe:2.3:a:acme:agent:*:*:*:*:*:*:*:*",
           R"(, "versionEndExcluding": "2.0")", "cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*"));
  const auto agent =
      component("agent", "agent", "1.0", {}, {"cpe:2.3:a:acme:agent:1.0:*:*:*:*:*:*:*"});
  // On Windows: the configuration holds.
  auto on_windows =
      scan(doc_of({agent, component("os", "windows", "-", {},
                                    {"cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*"})}));
  ASSERT_NE(find(on_windows, "CVE-2024-4000", 0), nullptr);
  EXPECT_EQ(find(on_windows, "CVE-2024-4000", 0)->confidence(), Confidence::high);
  // On Linux: the SBOM states another operating system; no finding.
  auto on_linux =
      scan(doc_of({agent, component("os", "linux", "6.1", {},
                                    {"cpe:2.3:o:linux:linux_kernel:6.1:*:*:*:*:*:*:*"})}));
  EXPECT_EQ(find(on_linux, "CVE-2024-4000", 0), nullptr);
  // The SBOM says nothing of its platform: reported, with lower confidence.
  auto unstated = scan(doc_of({agent}));
  const Finding* f = find(unstated, "CVE-2024-4000", 0);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->confidence(), Confidence::medium);
  EXPECT_NE(f->evidence[0].note.find("platform"), std::string::npos);
}

TEST_F(MatchTest, OneFindingCarriesTheEvidenceOfEverySource) {
  feed("osv.json", kOsv);
  feed("nvd.json", nvd("CVE-2024-1000", "cpe:2.3:a:example:example_pkg:*:*:*:*:*:*:*:*",
                       R"(, "versionEndExcluding": "1.4.2")"));
  const auto r = scan(doc_of({component("a", "example-pkg", "1.3", {"pkg:pypi/example-pkg@1.3"},
                                        {"cpe:2.3:a:example:example_pkg:1.3:*:*:*:*:*:*:*"})}));
  ASSERT_EQ(r.findings.size(), 1u);
  const Finding& f = r.findings[0];
  EXPECT_EQ(f.vulnerability, "CVE-2024-1000");
  ASSERT_EQ(f.evidence.size(), 2u);
  EXPECT_EQ(f.evidence[0].source, "osv");
  EXPECT_EQ(f.evidence[1].source, "nvd");
  EXPECT_EQ(f.fixed_versions, std::vector<std::string>{"1.4.2"});
  Matcher m(kb());
  auto info = m.describe("CVE-2024-1000");
  ASSERT_TRUE(info.ok());
  EXPECT_EQ((*info)->aliases, std::vector<std::string>{"GHSA-aaaa-bbbb-cccc"});
  ASSERT_FALSE((*info)->cvss.empty());
  EXPECT_EQ((*info)->cvss[0].source, "nvd@nist.gov");
  EXPECT_EQ((*info)->severity(), "critical");
}

constexpr const char* kCsaf =
    R"({"document": {"category": "csaf_security_advisory", "csaf_version": "2.0",
  "title": "Pump advisory", "publisher": {"category": "coordinator", "name": "CISA", "namespace": "https://www.cisa.gov/"},
  "tracking": {"id": "ICSMA-99-001-01", "status": "final", "version": "1", "initial_release_date": "2024-01-01T00:00:00Z",
               "current_release_date": "2024-01-02T00:00:00Z", "revision_history": []}},
  "product_tree": {"branches": [{"category": "vendor", "name": "B. Braun Medical", "branches": [
    {"category": "product_name", "name": "SpaceCom", "branches": [
      {"category": "product_version_range", "name": "<= U61 |<= L81",
       "product": {"name": "SpaceCom U61 and earlier", "product_id": "P1"}},
      {"category": "product_version", "name": "U62", "product": {"name": "SpaceCom U62", "product_id": "P2"}}]},
    {"category": "product_name", "name": "Battery pack SP", "branches": [
      {"category": "product_version_range", "name": "< august 2018",
       "product": {"name": "Battery pack SP", "product_id": "P3"}}]},
    {"category": "product_name", "name": "Space Online Suite", "branches": [
      {"category": "product_version", "name": "2.1", "product": {"name": "Space Online Suite 2.1", "product_id": "P4"}}]}]}]},
  "vulnerabilities": [{"cve": "CVE-2024-5000", "title": "Hard-coded credentials",
    "product_status": {"known_affected": ["P1", "P3"], "fixed": ["P2"], "known_not_affected": ["P4"]}}]})";

TEST_F(MatchTest, CsafProductsWithoutIdentifiersMatchByVendorAndName) {
  feed("csaf.json", kCsaf);
  const auto r = scan(doc_of({
      component("a", "SpaceCom", "U55", {}, {}, "B. Braun Medical Inc."),
      component("b", "SpaceCom", "U62", {}, {}, "B. Braun Medical Inc."),    // fixed
      component("c", "SpaceCom", "U55", {}, {}, "Other Vendor GmbH"),        // someone else's
      component("d", "SpaceCom", "U55"),                                     // no supplier
      component("e", "Battery pack SP", "1.0", {}, {}, "B. Braun Medical"),  // incomparable text
  }));
  const Finding* a = find(r, "CVE-2024-5000", 0);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->evidence[0].rule, Rule::csaf_product);
  EXPECT_EQ(a->confidence(), Confidence::medium);
  EXPECT_EQ(a->evidence[0].criterion, "B. Braun Medical SpaceCom <= U61 |<= L81");
  EXPECT_EQ(find(r, "CVE-2024-5000", 1), nullptr);
  EXPECT_EQ(find(r, "CVE-2024-5000", 2), nullptr);
  ASSERT_NE(find(r, "CVE-2024-5000", 3), nullptr);
  EXPECT_EQ(find(r, "CVE-2024-5000", 3)->confidence(), Confidence::low);
  const Finding* e = find(r, "CVE-2024-5000", 4);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->confidence(), Confidence::low);
  EXPECT_NE(e->evidence[0].note.find("cannot be compared"), std::string::npos);
}

// A loaded matcher holds the product index's names; an advisory imported
// after it read them names a product the next scan must look up.
TEST_F(MatchTest, ALoadedMatcherSeesAProductNamedByALaterAdvisory) {
  feed("osv.json", kOsv);
  const auto doc = doc_of({component("a", "SpaceCom", "U55", {}, {}, "B. Braun Medical Inc."),
                           component("b", "example-pkg", "1.1", {"pkg:pypi/example-pkg@1.1"})});
  Matcher m(kb());
  auto before = m.scan(doc, {});
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(find(*before, "CVE-2024-5000", 0), nullptr);
  std::ofstream(dir_ / "csaf.json") << kCsaf;
  ASSERT_TRUE(kb().import_paths({(dir_ / "csaf.json").string()}).ok());
  auto after = m.scan(doc, {});
  ASSERT_TRUE(after.ok());
  const Finding* a = find(*after, "CVE-2024-5000", 0);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->evidence[0].rule, Rule::csaf_product);
}

TEST_F(MatchTest, SupplierNotAffectedStatementsInTheKbSuppressFindings) {
  feed("csaf.json", kCsaf);
  feed("nvd.json", nvd("CVE-2024-5000", "cpe:2.3:a:bbraun:space_online_suite:*:*:*:*:*:*:*:*",
                       R"(, "versionEndExcluding": "3.0")"));
  const auto r = scan(doc_of(
      {component("a", "Space Online Suite", "2.1", {},
                 {"cpe:2.3:a:bbraun:space_online_suite:2.1:*:*:*:*:*:*:*"}, "B. Braun Medical")}));
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].state, State::not_affected);
  ASSERT_EQ(r.findings[0].vex.size(), 1u);
  EXPECT_EQ(r.findings[0].vex[0].source, "CSAF ICSMA-99-001-01:CVE-2024-5000");
  EXPECT_EQ(r.stats.findings, 0u);
  EXPECT_EQ(r.stats.suppressed, 1u);
}

TEST_F(MatchTest, UserVexDecidesTheStateOfTheComponentsItNames) {
  feed("osv.json", kOsv);
  const auto doc = doc_of({component("a", "example-pkg", "1.3", {"pkg:pypi/example-pkg@1.3"}),
                           component("b", "example-pkg", "1.1", {"pkg:pypi/example-pkg@1.1"})});
  auto statements = vex::read(R"({"@context": "https://openvex.dev/ns/v0.2.0", "statements": [
      {"vulnerability": {"name": "GHSA-aaaa-bbbb-cccc"}, "products": [{"@id": "pkg:pypi/example-pkg@1.3"}],
       "status": "not_affected", "justification": "vulnerable_code_not_present"}]})",
                              "v.json");
  ASSERT_TRUE(statements.ok()) << statements.error().to_string();
  const auto r = scan(doc, *statements);
  ASSERT_EQ(r.findings.size(), 2u);
  EXPECT_EQ(find(r, "CVE-2024-1000", 0)->state, State::not_affected);  // named by its alias
  EXPECT_EQ(find(r, "CVE-2024-1000", 0)->vex[0].justification, "vulnerable_code_not_present");
  EXPECT_EQ(find(r, "CVE-2024-1000", 1)->state, State::affected);  // another version
  auto cdx = vex::read(R"({"bomFormat": "CycloneDX", "specVersion": "1.6", "vulnerabilities": [
      {"id": "CVE-2024-1000", "analysis": {"state": "resolved"}, "affects": [{"ref": "urn:cdx:x/1#b"}]}]})",
                       "c.json");
  ASSERT_TRUE(cdx.ok()) << cdx.error().to_string();
  const auto r2 = scan(doc, *cdx);
  EXPECT_EQ(find(r2, "CVE-2024-1000", 0)->state, State::affected);
  EXPECT_EQ(find(r2, "CVE-2024-1000", 1)->state, State::fixed);
}

TEST_F(MatchTest, ComponentsWithoutIdentifiersMatchByNameWithLowConfidence) {
  feed("n.json", nvd("CVE-2024-6000", "cpe:2.3:a:nghttp2:nghttp2:*:*:*:*:*:*:*:*",
                     R"(, "versionEndExcluding": "1.61.0")"));
  const auto r = scan(doc_of({
      component("a", "nghttp2", "1.52.0"),
      component("b", "nghttp2", "1.52.0", {}, {}, "nghttp2 project"),
      component("c", "nghttp2", "1.52.0", {}, {}, "Some Fork Ltd"),      // the supplier disagrees
      component("d", "nghttp2", "1.52.0", {"pkg:pypi/nghttp2@1.52.0"}),  // has a feed identity
  }));
  const Finding* a = find(r, "CVE-2024-6000", 0);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->evidence[0].rule, Rule::name_heuristic);
  EXPECT_EQ(a->confidence(), Confidence::low);
  EXPECT_NE(a->evidence[0].note.find("no purl or CPE"), std::string::npos);
  EXPECT_NE(find(r, "CVE-2024-6000", 1), nullptr);
  EXPECT_EQ(find(r, "CVE-2024-6000", 2), nullptr);
  EXPECT_EQ(find(r, "CVE-2024-6000", 3), nullptr);
  EXPECT_EQ(r.stats.by_name_only, 3u);
  Matcher strict(kb(), Options{.name_heuristics = false});
  auto none = strict.scan(doc_of({component("a", "nghttp2", "1.52.0")}), {});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->findings.empty());
}

TEST_F(MatchTest, ALoadedMatcherSeesRecordsImportedAfterItsFirstScan) {
  feed("osv.json", kOsv);
  const auto doc = doc_of({component("a", "busybox", "1.35.0", {},
                                     {"cpe:2.3:a:busybox:busybox:1.35.0:*:*:*:*:*:*:*"})});
  Matcher m(kb());
  auto before = m.scan(doc, {});
  ASSERT_TRUE(before.ok());
  EXPECT_TRUE(before->findings.empty());
  std::ofstream(dir_ / "n.json") << nvd("CVE-2024-3000",
                                        "cpe:2.3:a:busybox:busybox:*:*:*:*:*:*:*:*",
                                        R"(, "versionEndExcluding": "1.36.0")");
  ASSERT_TRUE(kb().import_paths({(dir_ / "n.json").string()}).ok());
  auto after = m.scan(doc, {});
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->findings.size(), 1u);  // the remembered empty lookup was dropped
}

// A matcher remembers parsed identities, and what the index holds for them,
// across scans: components that share purl and CPE text but not their
// version, or share a version but not their name, must never take each
// other's.
TEST_F(MatchTest, AReusedMatcherGivesEveryComponentItsOwnIdentity) {
  feed("osv.json", kOsv);
  feed("n.json", nvd("CVE-2024-3000", "cpe:2.3:a:busybox:busybox:*:*:*:*:*:*:*:*",
                     R"(, "versionEndExcluding": "1.36.0")"));
  const auto first = doc_of({
      component("a", "example-pkg", "1.4.1", {"pkg:pypi/example-pkg"}),  // affected
      component("b", "busybox", "1.35.0", {}, {"cpe:2.3:a:busybox:busybox:*:*:*:*:*:*:*:*"}),
      component("d", "busybox", "1.35.0"),  // by name only
  });
  const auto second = doc_of({
      component("a", "example-pkg", "1.4.2", {"pkg:pypi/example-pkg"}),  // the fix
      component("b", "busybox", "1.36.0", {}, {"cpe:2.3:a:busybox:busybox:*:*:*:*:*:*:*:*"}),
      component("c", "example-pkg", "", {"pkg:pypi/example-pkg@1.4.1"}),  // version from purl
      component("d", "toybox", "1.35.0"),  // another name, the same version
  });
  Matcher m(kb());
  for (const auto* doc : {&first, &second, &first}) {
    auto reused = m.scan(*doc, {});
    ASSERT_TRUE(reused.ok());
    const ScanResult fresh = scan(*doc);
    ASSERT_EQ(reused->findings.size(), fresh.findings.size());
    for (size_t i = 0; i < fresh.findings.size(); ++i) {
      EXPECT_EQ(reused->findings[i].component, fresh.findings[i].component);
      EXPECT_EQ(reused->findings[i].vulnerability, fresh.findings[i].vulnerability);
    }
  }
  const ScanResult once = scan(first);
  ASSERT_EQ(once.findings.size(), 3u);
  EXPECT_EQ(once.findings[2].component, 2u);
  EXPECT_EQ(once.findings[2].evidence[0].rule, Rule::name_heuristic);
  const ScanResult again = scan(second);
  ASSERT_EQ(again.findings.size(), 1u);
  EXPECT_EQ(again.findings[0].component, 2u);
}

// write_json's text is the tree's, at the top level and nested in an array
// of reports (as the CLI writes several).
void expect_written_as_tree(const Report& r, const std::string& what) {
  for (size_t indent : {0u, 2u}) {
    std::ostringstream written;
    ASSERT_TRUE(write_json(r, written, indent).ok());
    nlohmann::ordered_json nested = nlohmann::ordered_json::array();
    nested.push_back(to_json(r));
    const std::string tree =
        indent == 0 ? to_json(r).dump(2) : nested.dump(2).substr(4, nested.dump(2).size() - 6);
    EXPECT_EQ(written.str(), tree) << what << ", indent " << indent;
  }
}

// The CLI writes a report's JSON a finding at a time; the text must be the
// tree's, at the top level and nested in an array of reports, with findings
// and without, and with what an amendment adds.
TEST_F(MatchTest, AReportWrittenAFindingAtATimeIsTheTreesText) {
  feed("osv.json", kOsv);
  const auto doc = doc_of({
      component("a", "example-pkg", "1.4.1", {"pkg:pypi/example.pkg@1.4.1"}),
      component("b", "example-pkg", "0.9.0rc1", {"pkg:pypi/example-pkg@0.9.0rc1"}),
  });
  const auto clean =
      doc_of({component("c", "example-pkg", "1.4.2", {"pkg:pypi/example-pkg@1.4.2"})});
  Matcher m(kb());
  for (const auto* d : {&doc, &clean}) {
    auto result = m.scan(*d, {});
    ASSERT_TRUE(result.ok());
    auto r = make_report(m, "x.json", *d, std::move(*result), false);
    ASSERT_TRUE(r.ok());
    expect_written_as_tree(*r, "x.json");
    std::ostringstream amended;
    const auto mark = [](nlohmann::ordered_json& f) -> Result<void> {
      f["triage"] = "seen";
      return {};
    };
    ASSERT_TRUE(write_json(*r, amended, 0, mark).ok());
    auto tree = to_json(*r);
    for (auto& f : tree["findings"]) f["triage"] = "seen";
    EXPECT_EQ(amended.str(), tree.dump(2));
    const auto refuse = [](nlohmann::ordered_json&) -> Result<void> { return Error{"no", {}}; };
    std::ostringstream refused;
    EXPECT_EQ(write_json(*r, refused, 0, refuse).ok(), r->result.findings.empty());
  }
}

// The same over the demo devices (KEV, EPSS, scores, CWEs, VEX, suppressed
// findings), with names and a summary that need escaping, are not ASCII, or
// are not even UTF-8: findings written without a tree are the tree's text.
TEST(Report, FindingsWrittenWithoutATreeAreTheTreesText) {
  const fs::path dir = testing::fresh_dir("report-demo");
  auto kb = kb::KnowledgeBase::open((dir / "kb.db").string());
  ASSERT_TRUE(kb.ok());
  ASSERT_TRUE(kb->import_paths({(testing::demo_dir() / "kb").string()}).ok());
  auto statements =
      vex::read_file((testing::demo_dir() / "vex" / "infusion-pump.openvex.json").string());
  ASSERT_TRUE(statements.ok());
  Matcher m(*kb);
  size_t findings = 0;
  for (const char* name :
       {"infusion-pump.cdx.json", "patient-monitor.spdx.json", "imaging-workstation.cdx.xml"}) {
    auto doc = sbom::read_file((testing::demo_dir() / "sboms" / name).string());
    ASSERT_TRUE(doc.ok());
    auto result = m.scan(*doc, *statements);
    ASSERT_TRUE(result.ok());
    for (const bool suppressed : {false, true}) {
      auto r = make_report(m, name, *doc, *result, suppressed);
      ASSERT_TRUE(r.ok());
      expect_written_as_tree(*r, name);
      findings += r->shown().size();
    }
    // Text the writer must escape or hand to the library.
    sbom::Document odd = *doc;
    // One kind of character in each, so that each way of writing is met alone.
    const std::string kinds[] = {"back\\slash", "quo\"te",      "tab\there", "ctl\x01",
                                 "del\x7f",     "na\xc3\xafve", "bad\xff",   "plain"};
    for (size_t i = 0; i < odd.components.size(); ++i) {
      auto& c = odd.components[i];
      c.name = kinds[i % std::size(kinds)] + c.name;
      c.group = c.group.empty() ? "" : kinds[(i + 3) % std::size(kinds)];
    }
    auto r = make_report(m, name, odd, *result, true);
    ASSERT_TRUE(r.ok());
    for (auto& [id, info] : r->vulnerabilities) {
      auto changed = std::make_shared<VulnerabilityInfo>(*info);
      changed->summary += "\r\n\"quoted\" \xe2\x80\x94 \xc3(";
      changed->epss = advisory::EpssScore{id, 0.00012, 1.0};
      if (!changed->cvss.empty()) changed->cvss.front().base_score.reset();
      info = std::move(changed);
    }
    std::ostringstream written;
    ASSERT_TRUE(write_json(*r, written, 0).ok());
    EXPECT_EQ(written.str(),
              to_json(*r).dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace))
        << name;
  }
  EXPECT_GT(findings, 20u);
}

// A loaded matcher remembers what records said (their parsed criteria, the
// criteria each identity matched, the lookups that found them); a record
// revised after that is what the next scan uses.
TEST_F(MatchTest, ALoadedMatcherSeesARevisedRecord) {
  const std::string busybox = "cpe:2.3:a:busybox:busybox:*:*:*:*:*:*:*:*";
  feed("n.json", nvd("CVE-2024-3000", busybox, R"(, "versionEndExcluding": "1.36.0")"));
  const auto doc = doc_of({
      component("a", "busybox", "1.36.0", {}, {"cpe:2.3:a:busybox:busybox:1.36.0:*:*:*:*:*:*:*"}),
      component("b", "busybox", "1.35.0", {}, {"cpe:2.3:a:busybox:busybox:1.35.0:*:*:*:*:*:*:*"}),
  });
  Matcher m(kb());
  for (int i = 0; i < 2; ++i) {  // the second scan answers from what the first remembered
    auto before = m.scan(doc, {});
    ASSERT_TRUE(before.ok());
    ASSERT_EQ(before->findings.size(), 1u);
    EXPECT_EQ(before->findings[0].component, 1u);
    EXPECT_EQ(before->findings[0].evidence[0].criterion, busybox + " <1.36.0");
  }
  std::string revised = nvd("CVE-2024-3000", busybox, R"(, "versionEndExcluding": "1.37.0")");
  revised.replace(revised.find("2024-02-02"), 10, "2024-03-01");  // a later lastModified
  std::ofstream(dir_ / "revised.json") << revised;
  auto imported = kb().import_paths({(dir_ / "revised.json").string()});
  ASSERT_TRUE(imported.ok());
  ASSERT_EQ(imported->replaced, 1u);
  auto after = m.scan(doc, {});
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->findings.size(), 2u);
  for (const auto& f : after->findings) EXPECT_EQ(f.evidence[0].criterion, busybox + " <1.37.0");
}

TEST_F(MatchTest, WithdrawnRecordsMatchNothing) {
  feed("w.json", R"({"id": "GHSA-wwww-wwww-wwww", "modified": "2024-01-01T00:00:00Z",
    "withdrawn": "2024-01-01T00:00:00Z",
    "affected": [{"package": {"ecosystem": "PyPI", "name": "example-pkg"},
      "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}]}]}]})");
  const auto r = scan(doc_of({component("a", "example-pkg", "1.0", {"pkg:pypi/example-pkg@1.0"})}));
  EXPECT_TRUE(r.findings.empty());
  EXPECT_EQ(r.stats.records_considered, 1u);
}

TEST_F(MatchTest, InventoryFindsTheStoredSbomsAnAdvisoryAffects) {
  feed("osv.json", kOsv);
  feed("n.json", nvd("CVE-2024-3000", "cpe:2.3:a:busybox:busybox:*:*:*:*:*:*:*:*",
                     R"(, "versionEndExcluding": "1.36.0")"));
  Inventory inv;
  inv.add("old", doc_of({component("a", "example-pkg", "1.3", {"pkg:pypi/example-pkg@1.3"}),
                         component("b", "busybox", "1.35.0", {},
                                   {"cpe:2.3:a:busybox:busybox:1.35.0:*:*:*:*:*:*:*"})}));
  inv.add("new", doc_of({component("a", "example-pkg", "1.5", {"pkg:pypi/example-pkg@1.5"}),
                         component("b", "busybox", "1.36.1", {},
                                   {"cpe:2.3:a:busybox:busybox:1.36.1:*:*:*:*:*:*:*"})}));
  inv.add("named", doc_of({component("x", "busybox", "1.30.0")}));
  ASSERT_EQ(inv.size(), 3u);
  for (const char* id : {"GHSA-aaaa-bbbb-cccc", "CVE-2024-3000"}) {
    auto v = kb().find(id);
    ASSERT_TRUE(v.ok() && v->has_value());
    kb::Record rec{0, (*v)->id, (*v)->advisories.front()};
    const auto hits = inv.affected_by(rec);
    std::set<std::string> names;
    for (const auto& h : hits) names.insert(inv.name(h.sbom));
    if (std::string_view(id) == "CVE-2024-3000") {
      EXPECT_EQ(names, (std::set<std::string>{"old", "named"})) << id;
    } else {
      EXPECT_EQ(names, (std::set<std::string>{"old"})) << id;
      ASSERT_EQ(hits.size(), 1u);
      EXPECT_EQ(inv.document(hits[0].sbom).components[hits[0].finding.component].ref, "a");
    }
  }
}

TEST(ProductVersion, PlainFormsCisaAdvisoriesUse) {
  using enum VersionMatch;
  EXPECT_EQ(product_version_matches("", "<12.2.8.410", "12.2.6.0"), yes);
  EXPECT_EQ(product_version_matches("", "<12.2.8.410", "12.2.8.410"), no);
  EXPECT_EQ(product_version_matches("", "<= U61 |<= L81", "L80"), yes);
  EXPECT_EQ(product_version_matches("", ">= 4.01 | <= 4.34", "4.20"), yes);
  EXPECT_EQ(product_version_matches("", ">= 4.01 | <= 4.34", "4.40"), no);
  EXPECT_EQ(product_version_matches("", ">= 4.01 | <= 4.34", "3.9"), no);
  EXPECT_EQ(product_version_matches("", "<= 1.54 (integrated into GE MobileLink)", "1.50"), yes);
  EXPECT_EQ(product_version_matches("", "vers:all/*", "anything"), yes);
  EXPECT_EQ(product_version_matches("", "vers:generic/>=2.0|<3.0", "2.5"), yes);
  EXPECT_EQ(product_version_matches("", "< august 28", "1.0"), unknown);
  EXPECT_EQ(product_version_matches("A10 | A11", "", "A11"), yes);
  EXPECT_EQ(product_version_matches("A10 | A11", "", "A12"), no);
  EXPECT_EQ(product_version_matches("Rev B-M", "", "Rev C"), unknown);
  EXPECT_EQ(product_version_matches("", "", "1.0"), unknown);
}

TEST(MatchCorpus, GoStandardLibraryFindingMergesNvdAndOsvEvidence) {
  const auto corpus = testing::corpus_dir();
  if (!corpus) GTEST_SKIP() << testing::corpus_skip_message();
  const fs::path dir = testing::fresh_dir("match-go");
  auto kb = kb::KnowledgeBase::open((dir / "kb.db").string());
  ASSERT_TRUE(kb.ok());
  ASSERT_TRUE(kb->import_paths({(*corpus / "osv" / "go").string(),
                                (*corpus / "nvd" / "records" / "CVE-2022-27664.json").string()})
                  .ok());
  Matcher m(*kb);
  auto r = m.scan(doc_of({component("go", "go", "1.18.2", {"pkg:golang/stdlib@1.18.2"},
                                    {"cpe:2.3:a:golang:go:1.18.2:*:*:*:*:*:*:*"})}),
                  {});
  ASSERT_TRUE(r.ok());
  const Finding* f = find(*r, "CVE-2022-27664", 0);
  ASSERT_NE(f, nullptr);
  std::set<std::string> sources;
  for (const auto& e : f->evidence) sources.insert(e.source);
  EXPECT_EQ(sources, (std::set<std::string>{"nvd", "osv"}));
  EXPECT_GT(r->findings.size(), 50u);  // Go 1.18.2 has had many stdlib flaws fixed since
  fs::remove_all(dir);
}

}  // namespace
}  // namespace vigil::match

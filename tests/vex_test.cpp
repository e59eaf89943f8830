// VEX documents: OpenVEX (the specification's examples and the older
// string-valued form), CycloneDX analyses and CSAF product statuses read into
// statements; statements cover the components they name and no others; bad
// documents are refused with a message naming where.
#include <gtest/gtest.h>

#include <filesystem>

#include "support/components.h"
#include "support/fixtures.h"
#include "vex/vex.h"

namespace vigil::vex {
namespace {

namespace fs = std::filesystem;

using testing::component;

TEST(VexCorpus, OpenVexSpecificationExamplesRead) {
  const auto corpus = testing::corpus_dir();
  if (!corpus) GTEST_SKIP() << testing::corpus_skip_message();
  auto fixed = read_file((*corpus / "openvex" / "spec-example-1.json").string());
  ASSERT_TRUE(fixed.ok()) << fixed.error().to_string();
  ASSERT_EQ(fixed->size(), 1u);
  EXPECT_EQ((*fixed)[0].vulnerability, "CVE-2023-12345");
  EXPECT_EQ((*fixed)[0].status, Status::fixed);
  EXPECT_EQ((*fixed)[0].products.size(), 2u);
  auto triage = read_file((*corpus / "openvex" / "spec-example-2.json").string());
  ASSERT_TRUE(triage.ok());
  EXPECT_EQ((*triage)[0].status, Status::under_investigation);
}

TEST(VexCorpus, CsafVexExamplesReadWithTheirStatuses) {
  const auto corpus = testing::corpus_dir();
  if (!corpus) GTEST_SKIP() << testing::corpus_skip_message();
  size_t docs = 0, not_affected = 0, named = 0;
  for (const auto& e :
       fs::directory_iterator(*corpus / "csaf" / "oasis" / "examples" / "csaf" / "csaf_vex")) {
    auto s = read_file(e.path().string());
    ASSERT_TRUE(s.ok()) << s.error().to_string();
    ++docs;
    for (const auto& st : *s) {
      not_affected += st.status == Status::not_affected;
      named += !st.named.empty();
      EXPECT_TRUE(st.vulnerability.starts_with("CVE-")) << e.path() << ": " << st.vulnerability;
    }
  }
  EXPECT_GE(docs, 8u);
  EXPECT_GT(not_affected, 0u);
  EXPECT_GT(named, 0u);
  // "Example Company ABC 4.2" is known not affected: it covers that product.
  auto na = read_file(
      (*corpus / "csaf" / "oasis" / "examples" / "csaf" / "csaf_vex" / "2022-evd-uc-01-na-001.json")
          .string());
  ASSERT_TRUE(na.ok());
  ASSERT_EQ(na->size(), 1u);
  auto abc = component("abc", "ABC", "4.2");
  abc.supplier = "Example Company";
  EXPECT_TRUE(covers((*na)[0].named[0], abc));
  abc.version = "4.3";
  EXPECT_FALSE(covers((*na)[0].named[0], abc));
}

TEST(VexRead, CycloneDxAnalysesMapToStatuses) {
  auto s = read(R"({"bomFormat": "CycloneDX", "specVersion": "1.6", "vulnerabilities": [
      {"id": "CVE-1", "analysis": {"state": "not_affected", "justification": "code_not_reachable",
       "detail": "never called"}, "affects": [{"ref": "urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#lib"}]},
      {"id": "CVE-2", "analysis": {"state": "exploitable"}, "affects": [{"ref": "lib"}]},
      {"id": "CVE-3", "analysis": {"state": "in_triage"}},
      {"id": "CVE-4", "analysis": {"state": "false_positive"}},
      {"id": "CVE-5", "analysis": {"state": "resolved_with_pedigree"}},
      {"id": "CVE-6"}]})",
                "v.json");
  ASSERT_TRUE(s.ok()) << s.error().to_string();
  ASSERT_EQ(s->size(), 5u);  // an entry without analysis states nothing
  EXPECT_EQ((*s)[0].status, Status::not_affected);
  EXPECT_EQ((*s)[0].justification, "code_not_reachable");
  EXPECT_EQ((*s)[0].detail, "never called");
  EXPECT_EQ((*s)[1].status, Status::affected);
  EXPECT_EQ((*s)[2].status, Status::under_investigation);
  EXPECT_EQ((*s)[3].status, Status::not_affected);
  EXPECT_EQ((*s)[4].status, Status::fixed);
  EXPECT_TRUE(covers((*s)[0].products[0], component("lib", "x", "1")));
  EXPECT_FALSE(covers((*s)[0].products[0], component("other", "x", "1")));
}

TEST(VexCovers, PurlsCpesAndReferences) {
  const auto c = component("r1", "openssl", "3.0.7", {"pkg:deb/debian/openssl@3.0.7?arch=amd64"},
                           {"cpe:2.3:a:openssl:openssl:3.0.7:*:*:*:*:*:*:*"});
  EXPECT_TRUE(covers("pkg:deb/debian/openssl", c));  // every version
  EXPECT_TRUE(covers("pkg:deb/debian/openssl@3.0.7", c));
  EXPECT_TRUE(covers("pkg:deb/debian/openssl@3.0.7?arch=amd64", c));
  EXPECT_FALSE(covers("pkg:deb/debian/openssl@3.0.7?arch=arm64", c));
  EXPECT_FALSE(covers("pkg:deb/debian/openssl@3.0.8", c));
  EXPECT_FALSE(covers("pkg:deb/ubuntu/openssl@3.0.7", c));
  EXPECT_TRUE(covers("cpe:2.3:a:openssl:openssl:3.0.7:*:*:*:*:*:*:*", c));
  EXPECT_TRUE(covers("cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*", c));
  EXPECT_FALSE(covers("cpe:2.3:a:openssl:openssl:3.0.8:*:*:*:*:*:*:*", c));
  EXPECT_TRUE(covers("r1", c));
  EXPECT_FALSE(covers("", c));
}

TEST(VexApplies, AStatementOnTheDeviceCoversEverythingInIt) {
  sbom::Document doc;
  doc.has_primary = true;
  doc.primary = component("dev", "IP-300", "4.2.1", {"pkg:generic/acme/ip-300@4.2.1"});
  doc.components = {component("a", "glibc", "2.24"), component("b", "zlib", "1.2.13")};
  Statement whole;
  whole.vulnerability = "CVE-1";
  whole.products = {"pkg:generic/acme/ip-300@4.2.1"};
  EXPECT_TRUE(applies(whole, doc, doc.components[0]));
  EXPECT_TRUE(applies(whole, doc, doc.components[1]));
  Statement part = whole;
  part.subcomponents = {"a"};
  EXPECT_TRUE(applies(part, doc, doc.components[0]));
  EXPECT_FALSE(applies(part, doc, doc.components[1]));
  Statement other = whole;
  other.products = {"pkg:generic/acme/ip-300@4.2.0"};
  EXPECT_FALSE(applies(other, doc, doc.components[0]));
}

TEST(VexRead, BadDocumentsSayWhereAndWhat) {
  const auto message = [](std::string_view text) {
    auto r = read(text, "v.json");
    EXPECT_FALSE(r.ok()) << text;
    return r.ok() ? std::string() : r.error().to_string();
  };
  EXPECT_NE(message("{").find("not readable JSON"), std::string::npos);
  EXPECT_NE(message(R"({"a": 1})").find("not a VEX document"), std::string::npos);
  EXPECT_NE(message(R"({"@context": "https://openvex.dev/ns/v0.2.0", "statements": [
      {"vulnerability": {"name": "CVE-1"}, "status": "maybe"}]})")
                .find("/statements/0/status"),
            std::string::npos);
  EXPECT_NE(
      message(
          R"({"@context": "https://openvex.dev/ns/v0.2.0", "statements": [{"status": "fixed"}]})")
          .find("names no vulnerability"),
      std::string::npos);
  EXPECT_NE(message(R"({"bomFormat": "CycloneDX", "vulnerabilities": [{"id": "CVE-1",
      "analysis": {"state": "bogus"}}]})")
                .find("/vulnerabilities/0/analysis/state"),
            std::string::npos);
  EXPECT_FALSE(read_file("/nonexistent/vex.json").ok());
}

}  // namespace
}  // namespace vigil::vex

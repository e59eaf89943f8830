// CSAF 2.0 documents: every CISA medical (ICSMA) and ICS advisory of the
// corpus and every OASIS example reads; products resolve through the product
// tree to vendor, name, version range and purl/CPE helpers with the status the
// vulnerability gives them (known_not_affected kept as supplier VEX); the
// specification's validator test documents never crash the reader.
#include <gtest/gtest.h>

#include "advisory/csaf.h"
#include "support/fixtures.h"

namespace vigil::advisory {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> json_files(const fs::path& dir) {
  return testing::files_ending(dir, ".json");
}

TEST(CsafCorpus, EveryCisaAdvisoryReads) {
  const auto corpus = testing::corpus_dir();
  if (!corpus) GTEST_SKIP() << testing::corpus_skip_message();
  size_t docs = 0, vulns = 0, products = 0;
  for (const char* dir : {"cisa-icsma", "cisa-icsa-sample"}) {
    for (const auto& f : json_files(*corpus / "csaf" / dir)) {
      auto d = parse_csaf(testing::read_file(f), f.string());
      ASSERT_TRUE(d.ok()) << d.error().to_string();
      EXPECT_FALSE(d->advisories.empty()) << f;
      for (const auto& a : d->advisories) {
        vulns++;
        products += a.products.size();
        EXPECT_EQ(a.source, Source::csaf);
      }
      ++docs;
    }
  }
  EXPECT_EQ(docs, 184u);
  EXPECT_GT(vulns, 400u);
  EXPECT_GT(products, vulns);
}

TEST(CsafCorpus, MedicalAdvisoryProductsResolve) {
  const auto corpus = testing::corpus_dir();
  if (!corpus) GTEST_SKIP() << testing::corpus_skip_message();
  const auto f = *corpus / "csaf" / "cisa-icsma" / "icsma-24-254-01.json";
  auto d = parse_csaf(testing::read_file(f), f.string());
  ASSERT_TRUE(d.ok()) << d.error().to_string();
  EXPECT_EQ(d->tracking_id, "ICSMA-24-254-01");
  ASSERT_FALSE(d->advisories.empty());
  const Advisory& a = d->advisories[0];
  EXPECT_EQ(a.cwes, std::vector<std::string>{"CWE-319"});
  // The document id is related, not an alias: it is shared by every
  // vulnerability the document covers.
  EXPECT_EQ(std::find(a.aliases.begin(), a.aliases.end(), "ICSMA-24-254-01"), a.aliases.end());
  EXPECT_NE(std::find(a.related.begin(), a.related.end(), "ICSMA-24-254-01"), a.related.end());
  ASSERT_EQ(a.products.size(), 2u);
  EXPECT_EQ(a.products[0].vendor, "BPL Medical Technologies");
  EXPECT_EQ(a.products[0].name, "Be Well Android Application");
  EXPECT_EQ(a.products[0].version_range, "<=3.64");
  EXPECT_EQ(a.products[0].status, "known_affected");
  EXPECT_EQ(a.products[1].version_range, "vers:all/*");
  ASSERT_FALSE(a.severities.empty());
  EXPECT_EQ(a.severities[0].vector, "CVSS:3.1/AV:A/AC:L/PR:N/UI:R/S:U/C:L/I:L/A:N");
}

TEST(CsafCorpus, OasisExamplesReadWithVexStatuses) {
  const auto corpus = testing::corpus_dir();
  if (!corpus) GTEST_SKIP() << testing::corpus_skip_message();
  size_t not_affected = 0, with_ids = 0, docs = 0;
  for (const auto& f : json_files(*corpus / "csaf" / "oasis" / "examples" / "csaf")) {
    auto d = parse_csaf(testing::read_file(f), f.string());
    ASSERT_TRUE(d.ok()) << d.error().to_string();
    ++docs;
    for (const auto& a : d->advisories) {
      for (const auto& p : a.products) {
        not_affected += p.status == "known_not_affected";
        with_ids += !p.purls.empty() || !p.cpes.empty();
      }
    }
  }
  EXPECT_GT(docs, 15u);
  EXPECT_GT(not_affected, 0u);
  EXPECT_GT(with_ids, 0u);
}

TEST(CsafCorpus, ValidatorTestDocumentsNeverCrash) {
  const auto corpus = testing::corpus_dir();
  if (!corpus) GTEST_SKIP() << testing::corpus_skip_message();
  size_t n = 0;
  for (const auto& f : json_files(*corpus / "csaf" / "oasis" / "test")) {
    (void)parse_csaf(testing::read_file(f), f.string());  // ok or a named error, never a crash
    ++n;
  }
  EXPECT_GT(n, 200u);
}

TEST(CsafParse, RefusesWhatIsNotCsafAndUndefinedProducts) {
  EXPECT_FALSE(parse_csaf("{}", "x.json").ok());
  EXPECT_FALSE(parse_csaf("[", "x.json").ok());
  auto r = parse_csaf(R"({"document": {"tracking": {"id": "T-1"}},
      "vulnerabilities": [{"cve": "CVE-2024-1", "product_status": {"known_affected": ["P-9"]}}]})",
                      "x.json");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("'P-9'"), std::string::npos);
}

}  // namespace
}  // namespace vigil::advisory

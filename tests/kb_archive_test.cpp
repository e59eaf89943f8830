// Feed archives (osv.dev's all.zip) import entry by entry, a bad entry
// skipped by name, and an entry's declared size is a claim checked before
// anything is allocated.
#include <zip.h>

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <cstdint>
#include <cstdlib>

#include <string>

#include "kb/kb.h"
#include "kb_test_support.h"
#include "support/fixtures.h"
#include "support/gzip.h"

namespace vigil::kb {
namespace {

namespace fs = std::filesystem;
using namespace testing_support;

// Writes a zip archive of (name, content) entries, as osv.dev's all.zip.
void write_zip(const fs::path& path,
               const std::vector<std::pair<std::string, std::string>>& files) {
  int error = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  ASSERT_NE(z, nullptr);
  for (const auto& [name, content] : files) {
    zip_source_t* src = zip_source_buffer(z, content.data(), content.size(), 0);
    ASSERT_NE(src, nullptr);
    ASSERT_GE(zip_file_add(z, name.c_str(), src, ZIP_FL_ENC_UTF_8), 0);
  }
  ASSERT_EQ(zip_close(z), 0);
}

TEST(KbImport, OsvArchivesImportEntryByEntry) {
  const fs::path dir = testing::fresh_dir("kb-zip");
  std::string second = osv("2024-01-01T00:00:00Z", "second");
  const std::string from = "EX-2024-1", to = "EX-2024-2";
  second.replace(second.find(from), from.size(), to);
  const std::string cve_from = "CVE-2024-1111", cve_to = "CVE-2024-2222";
  second.replace(second.find(cve_from), cve_from.size(), cve_to);
  write_zip(dir / "all.zip", {{"EX-2024-1.json", osv("2024-01-01T00:00:00Z", "first")},
                              {"EX-2024-2.json", second},
                              {"broken.json", "{\"id\": "},
                              {"README.txt", "not a feed"}});
  std::ofstream(dir / "bad.zip") << "PK\x03\x04 truncated";
  auto kb = KnowledgeBase::open((dir / "kb.db").string());
  ASSERT_TRUE(kb.ok());
  auto r = kb->import_paths({(dir / "all.zip").string(), (dir / "bad.zip").string()});
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->added, 2u);
  EXPECT_EQ(r->files, 3u);  // the three .json entries; the text file is not a feed file
  ASSERT_EQ(r->skipped.size(), 2u);
  EXPECT_EQ(r->skipped[0].location, (dir / "all.zip").string() + "!/broken.json");
  EXPECT_EQ(r->skipped[1].location, (dir / "bad.zip").string());
  EXPECT_NE(r->skipped[1].message.find("zip"), std::string::npos);
  EXPECT_TRUE(kb->find("CVE-2024-2222")->has_value());
  // A folder holding archives imports them too.
  auto again = kb->import_paths({dir.string()});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->unchanged, 2u);
}

// Sets a 32-bit little-endian field of a zip's local and central headers.
void claim_size(const fs::path& zip, uint32_t size) {
  std::string bytes = testing::read_file(zip);
  const auto put = [&](size_t at) {
    for (int i = 0; i < 4; ++i) bytes[at + i] = static_cast<char>((size >> (8 * i)) & 0xff);
  };
  const size_t local = bytes.find("PK\x03\x04"), central = bytes.find("PK\x01\x02");
  ASSERT_NE(local, std::string::npos);
  ASSERT_NE(central, std::string::npos);
  put(local + 22);    // uncompressed size, local file header
  put(central + 24);  // uncompressed size, central directory
  std::ofstream(zip, std::ios::binary | std::ios::trunc) << bytes;
}

TEST(KbImport, AnArchiveEntrysDeclaredSizeIsNotTrusted) {
  const fs::path dir = testing::fresh_dir("kb-zip-claims");
  // One entry whose headers claim nearly 4 GiB: refused by name before
  // anything is allocated, and the other archive still imports.
  write_zip(dir / "claims.zip", {{"EX-2024-1.json", osv("2024-01-01T00:00:00Z", "claims")}});
  claim_size(dir / "claims.zip", 0xFFFFFFF0u);
  write_zip(dir / "honest.zip", {{"EX-2024-1.json", osv("2024-01-01T00:00:00Z", "honest")}});
  auto kb = KnowledgeBase::open((dir / "kb.db").string());
  ASSERT_TRUE(kb.ok());
  auto r = kb->import_paths({(dir / "claims.zip").string(), (dir / "honest.zip").string()});
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->added, 1u);
  ASSERT_EQ(r->skipped.size(), 1u);
  EXPECT_EQ(r->skipped[0].location, (dir / "claims.zip").string() + "!/EX-2024-1.json");
  EXPECT_NE(r->skipped[0].message.find("declares 4294967280 bytes, more than its limit of 1 GiB"),
            std::string::npos)
      << r->skipped[0].message;

  // The limit is the variable's when it is set.
  ASSERT_EQ(setenv("VIGIL_MAX_ENTRY_BYTES", "100", 1), 0);
  auto small = kb->import_paths({(dir / "honest.zip").string()});
  unsetenv("VIGIL_MAX_ENTRY_BYTES");
  ASSERT_TRUE(small.ok());
  ASSERT_EQ(small->skipped.size(), 1u);
  EXPECT_NE(small->skipped[0].message.find("more than its limit of 100 bytes"), std::string::npos)
      << small->skipped[0].message;
}

// Every feed file has a bound before it is read: a file past
// VIGIL_MAX_FEED_BYTES, and gzip data that expands past
// VIGIL_MAX_GUNZIP_BYTES, are skipped by name and the rest imports.
TEST(KbImport, AFeedFilePastItsLimitIsSkippedByName) {
  const fs::path dir = testing::fresh_dir("kb-feed-limits");
  const std::string record = osv("2024-01-01T00:00:00Z", "plain");
  write(dir / "EX-2024-1.json", record);
  write(dir / "EX-2024-1.json.gz", testing::gzip(record));
  auto kb = KnowledgeBase::open((dir / "kb.db").string());
  ASSERT_TRUE(kb.ok());

  ASSERT_EQ(setenv("VIGIL_MAX_FEED_BYTES", std::to_string(record.size() - 1).c_str(), 1), 0);
  auto big = kb->import_paths({(dir / "EX-2024-1.json").string()});
  unsetenv("VIGIL_MAX_FEED_BYTES");
  ASSERT_TRUE(big.ok()) << big.error().to_string();
  EXPECT_EQ(big->added, 0u);
  ASSERT_EQ(big->skipped.size(), 1u);
  EXPECT_EQ(big->skipped[0].location, (dir / "EX-2024-1.json").string());
  EXPECT_NE(big->skipped[0].message.find("the feed file is larger than its limit of " +
                                         std::to_string(record.size() - 1) +
                                         " bytes (set VIGIL_MAX_FEED_BYTES"),
            std::string::npos)
      << big->skipped[0].message;

  ASSERT_EQ(setenv("VIGIL_MAX_GUNZIP_BYTES", "64", 1), 0);
  auto bomb = kb->import_paths({(dir / "EX-2024-1.json.gz").string()});
  unsetenv("VIGIL_MAX_GUNZIP_BYTES");
  ASSERT_TRUE(bomb.ok()) << bomb.error().to_string();
  EXPECT_EQ(bomb->added, 0u);
  ASSERT_EQ(bomb->skipped.size(), 1u);
  EXPECT_NE(bomb->skipped[0].message.find("gzip data expands beyond its limit of 64 bytes"),
            std::string::npos)
      << bomb->skipped[0].message;

  // Within the limits, both import.
  auto both = kb->import_paths({(dir / "EX-2024-1.json.gz").string()});
  ASSERT_TRUE(both.ok()) << both.error().to_string();
  EXPECT_EQ(both->added, 1u);
  EXPECT_TRUE(both->skipped.empty());
}

}  // namespace
}  // namespace vigil::kb

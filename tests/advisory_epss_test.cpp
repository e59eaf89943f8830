// EPSS daily scores: the model and date from the comment line, one score per
// row, malformed rows skipped by line, and gzip input read the same as plain.
#include <gtest/gtest.h>

#include <cstdlib>

#include "advisory/epss.h"
#include "support/fixtures.h"
#include "support/gzip.h"

namespace vigil::advisory {
namespace {

using testing::gzip;

TEST(Epss, ReadsScoresAndSkipsBadRowsByLine) {
  const std::string csv =
      testing::read_file(testing::data_dir() / "epss" / "epss_scores-sample.csv");
  auto snap = parse_epss(csv, "epss.csv");
  ASSERT_TRUE(snap.ok()) << snap.error().to_string();
  EXPECT_EQ(snap->model_version, "v2023.03.01");
  EXPECT_EQ(snap->score_date, "2025-08-25T00:00:00+0000");
  ASSERT_EQ(snap->scores.size(), 5u);
  EXPECT_EQ(snap->scores[0].cve, "CVE-2014-0224");
  EXPECT_DOUBLE_EQ(snap->scores[0].epss, 0.97354);
  EXPECT_DOUBLE_EQ(snap->scores[0].percentile, 0.99912);
  ASSERT_EQ(snap->skipped.size(), 2u);
  EXPECT_EQ(snap->skipped[0].location, "epss.csv:8");
  EXPECT_EQ(snap->skipped[1].location, "epss.csv:9");
}

TEST(Epss, GzipReadsTheSameAsPlain) {
  const std::string csv =
      testing::read_file(testing::data_dir() / "epss" / "epss_scores-sample.csv");
  auto plain = parse_epss(csv, "epss.csv");
  auto packed = parse_epss(gzip(csv), "epss.csv.gz");
  ASSERT_TRUE(plain.ok() && packed.ok());
  EXPECT_EQ(packed->scores, plain->scores);
  const std::string truncated = gzip(csv).substr(0, 30);
  auto bad = parse_epss(truncated, "cut.csv.gz");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("gzip"), std::string::npos);
}

// A decompression bomb is refused once it passes the limit, by name, and
// the limit is the variable's when it is set.
TEST(Epss, GzipPastItsLimitIsRefusedInWords) {
  const std::string csv =
      testing::read_file(testing::data_dir() / "epss" / "epss_scores-sample.csv");
  ASSERT_EQ(setenv("VIGIL_MAX_GUNZIP_BYTES", "100", 1), 0);
  auto bomb = parse_epss(gzip(csv), "epss.csv.gz");
  ASSERT_EQ(setenv("VIGIL_MAX_GUNZIP_BYTES", "lots", 1), 0);
  auto misset = parse_epss(gzip(csv), "epss.csv.gz");
  unsetenv("VIGIL_MAX_GUNZIP_BYTES");
  ASSERT_FALSE(bomb.ok());
  EXPECT_EQ(bomb.error().location, "epss.csv.gz");
  EXPECT_EQ(bomb.error().message,
            "gzip data expands beyond its limit of 100 bytes (set VIGIL_MAX_GUNZIP_BYTES to a "
            "byte count to raise it)");
  ASSERT_FALSE(misset.ok());
  EXPECT_NE(misset.error().message.find("VIGIL_MAX_GUNZIP_BYTES must be a whole number"),
            std::string::npos);
  EXPECT_TRUE(parse_epss(gzip(csv), "epss.csv.gz").ok());
}

TEST(Epss, RefusesWhatIsNotAnEpssFile) {
  EXPECT_FALSE(parse_epss("name,version\nopenssl,3.0\n", "x.csv").ok());
  EXPECT_FALSE(parse_epss("", "x.csv").ok());
}

}  // namespace
}  // namespace vigil::advisory

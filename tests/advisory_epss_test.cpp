// EPSS daily scores: the model and date from the comment line, one score per
// row, malformed rows skipped by line, and gzip input read the same as plain.
#include <gtest/gtest.h>
#include <zlib.h>

#include "advisory/epss.h"
#include "support/fixtures.h"

namespace vigil::advisory {
namespace {

std::string gzip(const std::string& in) {
  z_stream z{};
  deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, in.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

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

TEST(Epss, RefusesWhatIsNotAnEpssFile) {
  EXPECT_FALSE(parse_epss("name,version\nopenssl,3.0\n", "x.csv").ok());
  EXPECT_FALSE(parse_epss("", "x.csv").ok());
}

}  // namespace
}  // namespace vigil::advisory

// CVSS vectors: every v2 and v3.x base score of the reference corpus
// reproduced exactly, every v4.0 vector parsed, and bad vectors refused with
// a message naming the metric.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

#include "cvss/cvss.h"
#include "support/fixtures.h"

namespace vigil::cvss {
namespace {

TEST(CvssCorpus, BaseScoresOfEveryV2AndV3VectorAreReproduced) {
  const auto corpus = testing::corpus_dir();
  if (!corpus) GTEST_SKIP() << testing::corpus_skip_message();
  std::ifstream in(*corpus / "cvss" / "vectors.jsonl");
  std::string line;
  size_t scored = 0, parsed_v4 = 0;
  while (std::getline(in, line)) {
    const auto j = nlohmann::json::parse(line);
    const std::string vector = j.at("vector");
    auto v = parse(vector);
    ASSERT_TRUE(v.ok()) << v.error().to_string();
    EXPECT_EQ(version_name(v->version), j.at("version").get<std::string>()) << vector;
    if (v->version == Version::v4_0) {
      ++parsed_v4;
      continue;
    }
    if (j.at("base").is_null()) continue;
    const auto score = base_score(*v);
    ASSERT_TRUE(score.has_value());
    EXPECT_DOUBLE_EQ(*score, j.at("base").get<double>()) << vector;
    ++scored;
  }
  EXPECT_GT(scored, 5900u);
  EXPECT_GT(parsed_v4, 1600u);
}

TEST(CvssScore, KnownVectorsAndRatings) {
  auto heartbleed = parse("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N");
  ASSERT_TRUE(heartbleed.ok());
  EXPECT_DOUBLE_EQ(*base_score(*heartbleed), 7.5);
  EXPECT_EQ(severity(Version::v3_1, 7.5), "high");
  auto changed = parse("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H");
  ASSERT_TRUE(changed.ok());
  EXPECT_DOUBLE_EQ(*base_score(*changed), 10.0);
  EXPECT_EQ(severity(Version::v3_0, 10.0), "critical");
  auto v2 = parse("(AV:N/AC:L/Au:N/C:P/I:P/A:P)");
  ASSERT_TRUE(v2.ok());
  EXPECT_DOUBLE_EQ(*base_score(*v2), 7.5);
  EXPECT_EQ(severity(Version::v2_0, 7.5), "high");
  auto v4 = parse("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N");
  ASSERT_TRUE(v4.ok());
  EXPECT_FALSE(base_score(*v4).has_value());
}

TEST(CvssParse, BadVectorsNameWhatIsWrong) {
  const auto message = [](std::string_view text) {
    auto v = parse(text);
    EXPECT_FALSE(v.ok()) << text;
    return v.ok() ? std::string() : v.error().message;
  };
  EXPECT_NE(message("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N").find("base metric A is missing"),
            std::string::npos);
  EXPECT_NE(message("CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N").find("AV cannot be 'X'"),
            std::string::npos);
  EXPECT_NE(message("CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N").find("twice"),
            std::string::npos);
  EXPECT_NE(message("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N/ZZ:1").find("unknown metric"),
            std::string::npos);
  EXPECT_NE(message("CVSS:5.0/AV:N").find("unknown version"), std::string::npos);
  EXPECT_NE(message("AV:N/AC").find("not METRIC:VALUE"), std::string::npos);
  EXPECT_FALSE(parse("").ok());
  EXPECT_FALSE(parse("CVSS:3.1/").ok());
}

}  // namespace
}  // namespace vigil::cvss

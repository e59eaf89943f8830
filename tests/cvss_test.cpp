// CVSS vectors: every v2 and v3.x base score and every v4.0 score of the
// reference corpus reproduced exactly, and bad vectors refused with a message
// naming the metric.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

#include "cvss/cvss.h"
#include "support/fixtures.h"

namespace vigil::cvss {
namespace {

TEST(CvssCorpus, ScoresOfEveryVectorAreReproduced) {
  const auto corpus = testing::corpus_dir();
  if (!corpus) GTEST_SKIP() << testing::corpus_skip_message();
  std::ifstream in(*corpus / "cvss" / "vectors.jsonl");
  std::string line;
  size_t scored = 0, scored_groups = 0, parsed_v4 = 0;
  while (std::getline(in, line)) {
    const auto j = nlohmann::json::parse(line);
    const std::string vector = j.at("vector");
    auto v = parse(vector);
    ASSERT_TRUE(v.ok()) << v.error().to_string();
    EXPECT_EQ(version_name(v->version), j.at("version").get<std::string>()) << vector;
    if (v->version == Version::v4_0) {
      ++parsed_v4;
      // The reference scores the groups the vector holds.
      const auto s = score(*v);
      ASSERT_TRUE(s.has_value());
      EXPECT_DOUBLE_EQ(*s, j.at("score").get<double>()) << vector;
      continue;
    }
    if (j.at("base").is_null()) continue;
    const auto score = base_score(*v);
    ASSERT_TRUE(score.has_value());
    EXPECT_DOUBLE_EQ(*score, j.at("base").get<double>()) << vector;
    ++scored;
    for (const auto& [key, computed] : {std::pair{"temporal", temporal_score(*v)},
                                        std::pair{"environmental", environmental_score(*v)}}) {
      if (j.at(key).is_null()) {
        EXPECT_FALSE(computed.has_value()) << key << " " << vector;
      } else {
        ASSERT_TRUE(computed.has_value()) << key << " " << vector;
        EXPECT_DOUBLE_EQ(*computed, j.at(key).get<double>()) << key << " " << vector;
        ++scored_groups;
      }
    }
  }
  EXPECT_GT(scored, 5900u);
  EXPECT_GT(scored_groups, 10000u);  // temporal and environmental scores
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
  // v4.0, examples of the specification's calculator.
  auto v4 = parse("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N");
  ASSERT_TRUE(v4.ok());
  EXPECT_DOUBLE_EQ(*base_score(*v4), 9.3);
  EXPECT_EQ(nomenclature(*v4), "CVSS-B");
  EXPECT_EQ(severity(Version::v4_0, 9.3), "critical");
  // Threat and environment: unreported exploitation lowers the score, and a
  // modified safety impact (MSI:S) raises it; base_score ignores both.
  auto bt = parse("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U");
  ASSERT_TRUE(bt.ok());
  EXPECT_EQ(nomenclature(*bt), "CVSS-BT");
  EXPECT_LT(*score(*bt), 9.3);
  EXPECT_DOUBLE_EQ(*base_score(*bt), 9.3);
  auto be = parse("CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:N/VC:N/VI:L/VA:L/SC:N/SI:N/SA:N/MSI:S");
  ASSERT_TRUE(be.ok());
  EXPECT_EQ(nomenclature(*be), "CVSS-BE");
  EXPECT_GT(*score(*be), *base_score(*be));
  auto none = parse("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N");
  EXPECT_DOUBLE_EQ(*base_score(*none), 0.0);
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

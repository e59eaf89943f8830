// CPE names: both bindings round-trip through the WFN (tests/data/cpe/
// bindings.txt), name matching follows NISTIR 7696 (match.txt), and malformed
// names are rejected (invalid.txt).
#include <gtest/gtest.h>

#include "core/text.h"
#include "cpe/cpe.h"
#include "support/fixtures.h"

namespace vigil::cpe {
namespace {

TEST(CpeBindings, FormattedStringAndUriRoundTrip) {
  for (const auto& line : testing::case_lines(testing::data_dir() / "cpe" / "bindings.txt")) {
    const auto p = split(line.text, '\t');
    ASSERT_EQ(p.size(), 2u) << "bindings.txt:" << line.number;
    auto fs = parse(p[0]);
    auto uri = parse(p[1]);
    ASSERT_TRUE(fs.ok()) << "bindings.txt:" << line.number << ": " << fs.error().message;
    ASSERT_TRUE(uri.ok()) << "bindings.txt:" << line.number << ": " << uri.error().message;
    EXPECT_EQ(*fs, *uri) << "bindings.txt:" << line.number;
    EXPECT_EQ(fs->to_formatted_string(), p[0]) << "bindings.txt:" << line.number;
    EXPECT_EQ(fs->to_uri(), p[1]) << "bindings.txt:" << line.number;
    EXPECT_EQ(uri->to_formatted_string(), p[0]) << "bindings.txt:" << line.number;
  }
}

TEST(CpeBindings, WfnHoldsEscapedLowerCaseValues) {
  auto w = parse("cpe:2.3:a:OpenSSL:OpenSSL:1.0.2K:*:*:*:*:*:*:*");
  ASSERT_TRUE(w.ok());
  EXPECT_EQ((*w)[Attribute::vendor].text, "openssl");
  EXPECT_EQ((*w)[Attribute::version].text, "1\\.0\\.2k");
  EXPECT_EQ((*w)[Attribute::version].plain(), "1.0.2k");
  EXPECT_TRUE((*w)[Attribute::update].is_any());
  auto na = parse("cpe:2.3:a:v:p:-:*:*:*:*:*:*:*");
  ASSERT_TRUE(na.ok());
  EXPECT_TRUE((*na)[Attribute::version].is_na());
}

TEST(CpeBindings, QuotedPlainCharactersMeanThemselves) {
  // Found by fuzzing: "\_" and "_" are the same WFN value.
  auto quoted = parse("cpe:2.3:a:\\_bar:\\x:1.0:*:*:*:*:*:*:*");
  auto plain = parse("cpe:2.3:a:_bar:x:1.0:*:*:*:*:*:*:*");
  ASSERT_TRUE(quoted.ok() && plain.ok());
  EXPECT_EQ(*quoted, *plain);
  EXPECT_EQ(quoted->to_formatted_string(), "cpe:2.3:a:_bar:x:1.0:*:*:*:*:*:*:*");
}

TEST(CpeBindings, AUriLoneWildcardIsAny) {
  // Found by fuzzing: "%02" alone decodes to an unquoted '*', which is ANY.
  auto w = parse("cpe:/a:vendor:product:%02");
  ASSERT_TRUE(w.ok()) << w.error().message;
  EXPECT_TRUE((*w)[Attribute::version].is_any());
  EXPECT_EQ(w->to_formatted_string(), "cpe:2.3:a:vendor:product:*:*:*:*:*:*:*:*");
}

TEST(CpeBindings, AQuotedHyphenAloneIsNotNa) {
  // Found by fuzzing: the text "-" must not bind to "-", which means NA.
  auto w = parse("cpe:2.3:a:vendor:product:1.0:*:*:*:\\-:*:*:*");
  ASSERT_TRUE(w.ok()) << w.error().message;
  EXPECT_FALSE((*w)[Attribute::sw_edition].is_na());
  EXPECT_EQ(w->to_formatted_string(), "cpe:2.3:a:vendor:product:1.0:*:*:*:\\-:*:*:*");
  auto back = parse(w->to_uri());
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, *w);
}

TEST(CpeMatching, RelationsFollowNistir7696) {
  for (const auto& line : testing::case_lines(testing::data_dir() / "cpe" / "match.txt")) {
    const auto p = split(line.text, ' ');
    ASSERT_EQ(p.size(), 3u) << "match.txt:" << line.number;
    auto source = parse(p[1]);
    auto target = parse(p[2]);
    ASSERT_TRUE(source.ok()) << source.error().message;
    ASSERT_TRUE(target.ok()) << target.error().message;
    EXPECT_EQ(relation_name(compare(*source, *target)), p[0]) << "match.txt:" << line.number;
  }
}

TEST(CpeMatching, MatchesMeansSupersetOrEqual) {
  auto any_version = parse("cpe:2.3:a:busybox:busybox:*:*:*:*:*:*:*:*");
  auto exact = parse("cpe:2.3:a:busybox:busybox:1.36.1:*:*:*:*:*:*:*");
  ASSERT_TRUE(any_version.ok() && exact.ok());
  EXPECT_TRUE(matches(*any_version, *exact));
  EXPECT_TRUE(matches(*exact, *exact));
  EXPECT_FALSE(matches(*exact, *any_version));
}

TEST(CpeParse, RejectsMalformedNames) {
  for (const auto& line : testing::case_lines(testing::data_dir() / "cpe" / "invalid.txt")) {
    auto r = parse(line.text);
    EXPECT_FALSE(r.ok()) << "invalid.txt:" << line.number << ": " << line.text << " parsed as "
                         << (r.ok() ? r->to_formatted_string() : "");
    if (!r.ok()) {
      EXPECT_NE(r.error().message.find("invalid CPE"), std::string::npos);
    }
  }
}

TEST(CpeParse, CheckAgreesWithParseOnEveryCase) {
  for (const char* file : {"invalid.txt", "bindings.txt"}) {
    for (const auto& line : testing::case_lines(testing::data_dir() / "cpe" / file)) {
      // bindings.txt pairs a formatted string and a URI with a tab: check both.
      for (const std::string_view name : split(line.text, '\t')) {
        const auto parsed = parse(name);
        const auto checked = check(name);
        EXPECT_EQ(checked.ok(), parsed.ok()) << file << ":" << line.number << ": " << name;
        if (!checked.ok() && !parsed.ok()) {
          EXPECT_EQ(checked.error().message, parsed.error().message) << name;
        }
      }
    }
  }
  // The value kept between calls holds nothing over: a valid name after an
  // invalid one, and the other way round.
  EXPECT_FALSE(check("cpe:2.3:x:vendor:product:1:*:*:*:*:*:*:*").ok());
  EXPECT_TRUE(check("cpe:2.3:a:vendor:product:1:*:*:*:*:*:*:*").ok());
  EXPECT_FALSE(check("cpe:2.3:a:vendor:product:1:*:*:*:*:*:*").ok());
}

// check() answers plain names without the parser: every byte in every
// position, and every character dropped or doubled, of a few names must
// get the parser's answer.
TEST(CpeParse, CheckAgreesWithParseOnEveryOneCharacterChange) {
  size_t accepted = 0, refused = 0;
  for (const std::string base :
       {"cpe:2.3:a:vendor:product:1.2:*:*:*:*:*:*:*",
        "cpe:2.3:o:linux:linux_kernel:-:*:*:*:*:*:*:*", "cpe:2.3:h:v:p:*:*:*:*:*:*:*:x"}) {
    for (const std::string& s : testing::one_character_changes(base)) {
      const auto parsed = parse(s);
      const auto checked = check(s);
      ASSERT_EQ(checked.ok(), parsed.ok()) << s;
      (checked.ok() ? accepted : refused) += 1;
    }
  }
  // Both kinds met, so the comparison was not one-sided.
  EXPECT_GT(accepted, 1000u);
  EXPECT_GT(refused, 1000u);
}

}  // namespace
}  // namespace vigil::cpe

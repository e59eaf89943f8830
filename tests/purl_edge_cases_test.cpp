// Package URL edge cases beyond the specification's suite: normalisation of
// real SBOM spellings, Unicode, dot segments, duplicate and malformed
// qualifiers, bad escapes and type rules (tests/data/purl/edge.txt).
#include <gtest/gtest.h>

#include "core/text.h"
#include "purl/purl.h"
#include "support/fixtures.h"

namespace vigil::purl {
namespace {

TEST(PurlEdgeCases, CanonicalFormOrRejection) {
  for (const auto& line : testing::case_lines(testing::data_dir() / "purl" / "edge.txt")) {
    const auto p = split(line.text, '\t');
    ASSERT_EQ(p.size(), 2u) << "edge.txt:" << line.number;
    auto r = parse(p[0]);
    if (p[1] == "!") {
      EXPECT_FALSE(r.ok()) << "edge.txt:" << line.number << ": " << p[0] << " parsed as "
                           << (r.ok() ? r->to_string() : "");
      if (!r.ok()) {
        EXPECT_EQ(r.error().message.rfind("invalid purl", 0), 0u) << r.error().message;
      }
      continue;
    }
    ASSERT_TRUE(r.ok()) << "edge.txt:" << line.number << ": " << r.error().message;
    EXPECT_EQ(r->to_string(), p[1]) << "edge.txt:" << line.number;
    // The canonical form is a fixed point.
    auto again = parse(r->to_string());
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, *r) << "edge.txt:" << line.number;
  }
}

TEST(PurlEdgeCases, CheckAgreesWithParse) {
  // In file order, so that the value check() keeps between calls sees valid
  // and invalid purls one after the other.
  for (const auto& line : testing::case_lines(testing::data_dir() / "purl" / "edge.txt")) {
    const std::string_view input = split(line.text, '\t')[0];
    const auto parsed = parse(input);
    const auto checked = check(input);
    ASSERT_EQ(checked.ok(), parsed.ok()) << "edge.txt:" << line.number << ": " << input;
    if (!checked.ok()) {
      EXPECT_EQ(checked.error().message, parsed.error().message) << input;
    }
  }
}

// check() answers plain purls without the parser: every byte in every
// position, and every character dropped or doubled, of purls of types with
// and without rules must get the parser's answer.
TEST(PurlEdgeCases, CheckAgreesWithParseOnEveryOneCharacterChange) {
  size_t accepted = 0, refused = 0;
  for (const std::string base :
       {"pkg:maven/org.example/component@1.0", "pkg:PyPI/Django_Rest@3.0", "pkg:cpan/A::B@1",
        "pkg:swift/github.com/x/y@1", "pkg:hackage/a@1", "pkg:cargo/ab@2", "pkg:gem/x",
        "pkg:julia/Foo@1?uuid=1", "pkg:npm/%40babel/core@7", "pkg:pub/Flutter_x@1",
        "pkg:generic/a/b/c@1#d", "pkg:github/o/r@v"}) {
    for (const std::string& s : testing::one_character_changes(base)) {
      const auto parsed = parse(s);
      const auto checked = check(s);
      ASSERT_EQ(checked.ok(), parsed.ok()) << s;
      (checked.ok() ? accepted : refused) += 1;
    }
  }
  // Both kinds met, so the comparison was not one-sided.
  EXPECT_GT(accepted, 10000u);
  EXPECT_GT(refused, 10000u);
}

TEST(PurlEdgeCases, OverlongInputIsHandled) {
  const std::string name(100000, 'a');
  auto r = parse("pkg:generic/" + name + "@1.0");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->name.size(), name.size());
}

TEST(PurlEdgeCases, ErrorNamesTheInput) {
  auto r = parse("pkg:npm/foo?a=1&a=2");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("pkg:npm/foo?a=1&a=2"), std::string::npos);
  EXPECT_NE(r.error().message.find("twice"), std::string::npos);
}

TEST(PurlEdgeCases, QualifierLookup) {
  auto r = parse("pkg:deb/debian/curl@7.88.1?distro=debian-12&arch=amd64");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->qualifier("distro"), "debian-12");
  EXPECT_FALSE(r->qualifier("epoch").has_value());
}

}  // namespace
}  // namespace vigil::purl

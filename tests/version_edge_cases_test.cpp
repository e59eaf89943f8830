// Ordering and validation edge cases per scheme (epochs, tildes, carets,
// pre-releases, build metadata, overlong numbers), from tests/data/versions:
// <scheme>.txt holds "A op B" lines; valid.txt and invalid.txt hold
// "scheme<TAB>version[<TAB>reason]" lines.
#include <gtest/gtest.h>

#include "core/text.h"
#include "support/fixtures.h"
#include "version/version.h"

namespace vigil::version {
namespace {

const char* kSchemes[] = {"semver", "pep440", "maven", "nuget", "rubygems", "packagist", "debian",
                          "rpm",    "alpine", "cran",  "pub",   "hackage",  "generic"};

Scheme scheme_named(std::string_view name) {
  for (int i = 0; i < 13; ++i) {
    if (scheme_name(Scheme(i)) == name) return Scheme(i);
  }
  ADD_FAILURE() << "no scheme named " << name;
  return Scheme::generic;
}

TEST(VersionEdgeCases, OrderingPerScheme) {
  for (const char* name : kSchemes) {
    const auto file = testing::data_dir() / "versions" / (std::string(name) + ".txt");
    const Scheme scheme = scheme_named(name);
    int n = 0;
    for (const auto& line : testing::case_lines(file)) {
      const auto p = split(line.text, ' ');
      ASSERT_EQ(p.size(), 3u) << file << ":" << line.number;
      const int want = p[1] == "<" ? -1 : (p[1] == ">" ? 1 : 0);
      EXPECT_EQ(compare(scheme, p[0], p[2]), want)
          << name << ".txt:" << line.number << ": " << line.text;
      EXPECT_EQ(compare(scheme, p[2], p[0]), -want)
          << name << ".txt:" << line.number << " reversed: " << line.text;
      ++n;
    }
    EXPECT_GT(n, 0) << file;
  }
}

TEST(VersionEdgeCases, EveryVersionEqualsItself) {
  for (const char* name : kSchemes) {
    const Scheme scheme = scheme_named(name);
    for (const auto& line :
         testing::case_lines(testing::data_dir() / "versions" / (std::string(name) + ".txt"))) {
      for (std::string_view v : split(line.text, ' ')) {
        EXPECT_EQ(compare(scheme, v, v), 0) << name << ": " << v;
      }
    }
  }
}

TEST(VersionValidation, AcceptsWellFormedVersions) {
  for (const auto& line : testing::case_lines(testing::data_dir() / "versions" / "valid.txt")) {
    const auto p = split(line.text, '\t');
    const auto r = validate(scheme_named(p[0]), p[1]);
    EXPECT_TRUE(r.ok()) << "valid.txt:" << line.number << ": " << r.error().message;
  }
}

TEST(VersionValidation, RejectsMalformedVersionsWithAReason) {
  for (const auto& line : testing::case_lines(testing::data_dir() / "versions" / "invalid.txt")) {
    const auto p = split(line.text, '\t');
    ASSERT_EQ(p.size(), 3u) << "invalid.txt:" << line.number;
    const auto r = validate(scheme_named(p[0]), p[1]);
    ASSERT_FALSE(r.ok()) << "invalid.txt:" << line.number << ": " << line.text;
    EXPECT_NE(r.error().message.find(p[2]), std::string::npos)
        << "invalid.txt:" << line.number << ": message '" << r.error().message << "' does not say '"
        << p[2] << "'";
  }
}

TEST(VersionSchemes, EcosystemNamesResolve) {
  EXPECT_EQ(scheme_for("PyPI"), Scheme::pep440);
  EXPECT_EQ(scheme_for("pypi"), Scheme::pep440);
  EXPECT_EQ(scheme_for("Red Hat"), Scheme::rpm);
  EXPECT_EQ(scheme_for("Debian:12"), Scheme::debian);
  EXPECT_EQ(scheme_for("Alpine:v3.18"), Scheme::alpine);
  EXPECT_EQ(scheme_for("crates.io"), Scheme::semver);
  EXPECT_EQ(scheme_for("golang"), Scheme::semver);
  EXPECT_EQ(scheme_for("gem"), Scheme::rubygems);
  EXPECT_EQ(scheme_for("composer"), Scheme::packagist);
  EXPECT_EQ(scheme_for("generic"), Scheme::generic);
  EXPECT_FALSE(scheme_for("no-such-ecosystem").has_value());
  EXPECT_FALSE(scheme_for("").has_value());
}

TEST(VersionCompare, IsTotalOnArbitraryBytes) {
  // compare() never rejects: a malformed feed version must still order.
  const std::string odd[] = {"", "...", "\xff\xfe", "~", "-", "1..2", "v", std::string(1000, '9')};
  for (int s = 0; s < 13; ++s) {
    for (const auto& a : odd) {
      for (const auto& b : odd) {
        const int ab = compare(Scheme(s), a, b);
        EXPECT_TRUE(ab >= -1 && ab <= 1);
      }
    }
  }
}

}  // namespace
}  // namespace vigil::version

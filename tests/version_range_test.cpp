// vers URIs, node-semver ranges and OSV range events select exactly the
// versions they should (tests/data/ranges), and malformed ranges are rejected.
#include <gtest/gtest.h>

#include "core/text.h"
#include "support/fixtures.h"
#include "version/npm_range.h"
#include "version/osv_range.h"
#include "version/vers.h"

namespace vigil::version {
namespace {

struct RangeCase {
  std::string kind;  // in, out, invalid
  std::string version;
  std::string range;
};

std::vector<std::pair<RangeCase, int>> read_cases(const char* file) {
  std::vector<std::pair<RangeCase, int>> out;
  for (const auto& line : testing::case_lines(testing::data_dir() / "ranges" / file)) {
    const std::string& t = line.text;
    const size_t s1 = t.find(' ');
    RangeCase c;
    c.kind = t.substr(0, s1);
    if (c.kind == "invalid") {
      c.range = t.substr(s1 + 1);
    } else {
      const size_t s2 = t.find(' ', s1 + 1);
      c.version = t.substr(s1 + 1, s2 - s1 - 1);
      c.range = t.substr(s2 + 1);
    }
    out.emplace_back(c, line.number);
  }
  return out;
}

TEST(VersRange, ContainsExactlyItsVersions) {
  for (const auto& [c, n] : read_cases("vers.txt")) {
    auto r = parse_vers(c.range);
    if (c.kind == "invalid") {
      EXPECT_FALSE(r.ok()) << "vers.txt:" << n << ": " << c.range << " parsed";
      continue;
    }
    ASSERT_TRUE(r.ok()) << "vers.txt:" << n << ": " << r.error().message;
    EXPECT_EQ(r->contains(c.version), c.kind == "in")
        << "vers.txt:" << n << ": " << c.version << " " << c.range;
  }
}

TEST(VersRange, NormalisesToSortedCanonicalForm) {
  auto r = parse_vers("VERS:NPM/ <2.0.0 | >=1.0.0 ");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->to_string(), "vers:npm/>=1.0.0|<2.0.0");
  auto again = parse_vers(r->to_string());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->to_string(), r->to_string());
  auto star = parse_vers("vers:pypi/*");
  ASSERT_TRUE(star.ok());
  EXPECT_EQ(star->to_string(), "vers:pypi/*");
  // Found by fuzzing: a version holding a comparator character stays encoded.
  auto odd = parse_vers("vers:generic/%3Cx|2.0");
  ASSERT_TRUE(odd.ok()) << odd.error().message;
  EXPECT_EQ(odd->to_string(), "vers:generic/%3Cx|2.0");
  auto odd_again = parse_vers(odd->to_string());
  ASSERT_TRUE(odd_again.ok());
  EXPECT_EQ(odd_again->to_string(), odd->to_string());
  auto piped = parse_vers("vers:generic/1.0%7Cx");
  ASSERT_TRUE(piped.ok()) << piped.error().message;
  EXPECT_EQ(piped->to_string(), "vers:generic/1.0%7Cx");
}

TEST(NpmRange, SatisfiedExactlyAsNodeSemver) {
  for (const auto& [c, n] : read_cases("npm.txt")) {
    auto r = parse_npm_range(c.range);
    if (c.kind == "invalid") {
      EXPECT_FALSE(r.ok()) << "npm.txt:" << n << ": " << c.range << " parsed as "
                           << (r.ok() ? r->to_string() : "");
      continue;
    }
    ASSERT_TRUE(r.ok()) << "npm.txt:" << n << ": " << r.error().message;
    EXPECT_EQ(r->satisfied_by(c.version), c.kind == "in")
        << "npm.txt:" << n << ": " << c.version << " " << c.range << " (" << r->to_string() << ")";
  }
}

TEST(NpmRange, DesugarsCaretAndTilde) {
  EXPECT_EQ(parse_npm_range("^1.2.3")->to_string(), ">=1.2.3 <2.0.0-0");
  EXPECT_EQ(parse_npm_range("^0.0.3")->to_string(), ">=0.0.3 <0.0.4-0");
  EXPECT_EQ(parse_npm_range("~1.2")->to_string(), ">=1.2.0 <1.3.0-0");
  EXPECT_EQ(parse_npm_range("1.2.3 - 2.3")->to_string(), ">=1.2.3 <2.4.0-0");
  EXPECT_EQ(parse_npm_range("")->to_string(), ">=0.0.0");
}

OsvRange range(RangeType type, std::vector<RangeEvent> events) { return {type, std::move(events)}; }

TEST(OsvRange, IntroducedFixedWindows) {
  const auto r = range(RangeType::ecosystem, {{EventKind::introduced, "1.0"},
                                              {EventKind::fixed, "1.5"},
                                              {EventKind::introduced, "2.0"},
                                              {EventKind::fixed, "2.5"}});
  EXPECT_EQ(evaluate(r, Scheme::pep440, "0.9"), Containment::not_affected);
  EXPECT_EQ(evaluate(r, Scheme::pep440, "1.0"), Containment::affected);
  EXPECT_EQ(evaluate(r, Scheme::pep440, "1.4.9"), Containment::affected);
  EXPECT_EQ(evaluate(r, Scheme::pep440, "1.5"), Containment::not_affected);
  EXPECT_EQ(evaluate(r, Scheme::pep440, "1.5rc1"), Containment::affected);
  EXPECT_EQ(evaluate(r, Scheme::pep440, "2.2"), Containment::affected);
  EXPECT_EQ(evaluate(r, Scheme::pep440, "3.0"), Containment::not_affected);
}

TEST(OsvRange, EventsOutOfOrderAreSorted) {
  const auto r = range(RangeType::ecosystem, {{EventKind::fixed, "2.5"},
                                              {EventKind::introduced, "2.0"},
                                              {EventKind::fixed, "1.5"},
                                              {EventKind::introduced, "0"}});
  EXPECT_EQ(evaluate(r, Scheme::maven, "0.1"), Containment::affected);
  EXPECT_EQ(evaluate(r, Scheme::maven, "1.7"), Containment::not_affected);
  EXPECT_EQ(evaluate(r, Scheme::maven, "2.1"), Containment::affected);
}

TEST(OsvRange, LastAffectedIsInclusive) {
  const auto r = range(RangeType::ecosystem,
                       {{EventKind::introduced, "0"}, {EventKind::last_affected, "1:2.3-4"}});
  EXPECT_EQ(evaluate(r, Scheme::debian, "1:2.3-4"), Containment::affected);
  EXPECT_EQ(evaluate(r, Scheme::debian, "1:2.3-4+b1"), Containment::not_affected);
  EXPECT_EQ(evaluate(r, Scheme::debian, "2.9"), Containment::affected);  // epoch 0
}

TEST(OsvRange, SemverTypeOrdersBySemverWhateverTheEcosystem) {
  const auto r =
      range(RangeType::semver, {{EventKind::introduced, "0"}, {EventKind::fixed, "1.10.0"}});
  // Under PEP 440 or SemVer these agree; under a lexical order they would not.
  EXPECT_EQ(evaluate(r, Scheme::generic, "1.9.0"), Containment::affected);
  EXPECT_EQ(evaluate(r, Scheme::pep440, "1.10.0-rc.1"), Containment::affected);
  EXPECT_EQ(evaluate(r, Scheme::pep440, "1.10.0"), Containment::not_affected);
}

TEST(OsvRange, LimitCutsTheRange) {
  const auto r =
      range(RangeType::ecosystem, {{EventKind::introduced, "0"}, {EventKind::limit, "3.0"}});
  EXPECT_EQ(evaluate(r, Scheme::generic, "2.9"), Containment::affected);
  EXPECT_EQ(evaluate(r, Scheme::generic, "3.0"), Containment::not_affected);
}

TEST(OsvRange, GitRangesAreUnknownNotUnaffected) {
  const auto r =
      range(RangeType::git, {{EventKind::introduced, "abc123"}, {EventKind::fixed, "def456"}});
  EXPECT_EQ(evaluate(r, Scheme::generic, "1.0"), Containment::unknown);
  EXPECT_TRUE(parse_range_type("git").ok());
  EXPECT_FALSE(parse_range_type("BRANCH").ok());
}

}  // namespace
}  // namespace vigil::version

// Every comparison in the shared version corpus holds, in both directions,
// under the ecosystem the corpus assigns to its file, and every version in it
// is accepted by validate().
#include <gtest/gtest.h>

#include <set>

#include "core/text.h"
#include "support/fixtures.h"
#include "version/version.h"

namespace vigil::version {
namespace {

struct CorpusFile {
  const char* file;
  const char* ecosystem;
};

// From the corpus MANIFEST: file -> ecosystem.
const CorpusFile kFiles[] = {
    {"semver-versions.txt", "npm"},
    {"semver-versions.txt", "crates.io"},
    {"semver-versions.txt", "Go"},
    {"semver-versions.txt", "Hex"},
    {"rubygems-versions.txt", "RubyGems"},
    {"rubygems-versions-generated.txt", "RubyGems"},
    {"nuget-versions.txt", "NuGet"},
    {"packagist-versions.txt", "Packagist"},
    {"packagist-versions-generated.txt", "Packagist"},
    {"maven-versions.txt", "Maven"},
    {"maven-versions-generated.txt", "Maven"},
    {"pypi-versions.txt", "PyPI"},
    {"pypi-versions-generated.txt", "PyPI"},
    {"debian-versions.txt", "Debian"},
    {"debian-versions-generated.txt", "Debian"},
    {"cran-versions.txt", "CRAN"},
    {"cran-versions-generated.txt", "CRAN"},
    {"alpine-versions.txt", "Alpine"},
    {"alpine-versions-generated.txt", "Alpine"},
    {"redhat-versions.txt", "Red Hat"},
    {"hackage-versions.txt", "Hackage"},
    {"pub-versions.txt", "Pub"},
};

// Names the case in test output instead of printing raw bytes.
void PrintTo(const CorpusFile& f, std::ostream* os) { *os << f.ecosystem << ":" << f.file; }

int expected(const std::string& op) { return op == "<" ? -1 : (op == ">" ? 1 : 0); }

class VersionCorpus : public ::testing::TestWithParam<CorpusFile> {};

TEST_P(VersionCorpus, EveryComparisonHoldsBothWays) {
  const auto corpus = testing::corpus_dir();
  if (!corpus) GTEST_SKIP() << testing::corpus_skip_message();
  const CorpusFile& cf = GetParam();
  const auto scheme = scheme_for(cf.ecosystem);
  ASSERT_TRUE(scheme.has_value()) << cf.ecosystem;
  const auto path = *corpus / "versions" / cf.file;
  int checked = 0;
  for (const auto& line : testing::case_lines(path)) {
    const auto parts = vigil::split(line.text, ' ');
    ASSERT_EQ(parts.size(), 3u) << path << ":" << line.number;
    const int want = expected(std::string(parts[1]));
    EXPECT_EQ(compare(*scheme, parts[0], parts[2]), want)
        << path.filename().string() << ":" << line.number << ": " << line.text;
    EXPECT_EQ(compare(*scheme, parts[2], parts[0]), -want)
        << path.filename().string() << ":" << line.number << ": " << line.text << " (reversed)";
    ++checked;
  }
  EXPECT_GT(checked, 0);
}

INSTANTIATE_TEST_SUITE_P(AllFiles, VersionCorpus, ::testing::ValuesIn(kFiles),
                         [](const auto& info) {
                           std::string n =
                               std::string(info.param.ecosystem) + "_" + info.param.file;
                           for (char& c : n) {
                             if (!isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return n;
                         });

}  // namespace
}  // namespace vigil::version

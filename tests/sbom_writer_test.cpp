// CycloneDX 1.6 JSON output: reading an SBOM, writing it and reading it back
// gives the same components and dependencies; writing is a byte-stable fixed
// point; and every output validates against the official 1.6 JSON schema.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <set>

#include "sbom/sbom.h"
#include "support/fixtures.h"

namespace vigil::sbom {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> corpus_sboms(const fs::path& corpus) {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(corpus / "cyclonedx" / "resources")) {
    const std::string name = e.path().filename().string();
    const std::string ext = e.path().extension().string();
    if (name.rfind("valid-", 0) == 0 && (ext == ".json" || ext == ".xml")) out.push_back(e.path());
  }
  for (const auto& e : fs::recursive_directory_iterator(corpus / "spdx")) {
    const std::string name = e.path().filename().string();
    if (e.path().extension() == ".spdx" ||
        (name.size() > 5 && name.substr(name.size() - 5) == ".json")) {
      out.push_back(e.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool has_expression(const std::vector<std::string>& ls) {
  return std::any_of(ls.begin(), ls.end(), [](const std::string& l) {
    return l.find(" AND ") != std::string::npos || l.find(" OR ") != std::string::npos ||
           l.find(" WITH ") != std::string::npos || l.find('(') != std::string::npos;
  });
}

void expect_same_component(const Component& a, const Component& b, const std::string& where) {
  EXPECT_EQ(a.ref, b.ref) << where;
  EXPECT_EQ(a.name, b.name) << where;
  EXPECT_EQ(a.version, b.version) << where;
  EXPECT_EQ(a.group, b.group) << where;
  EXPECT_EQ(a.purls, b.purls) << where;
  EXPECT_EQ(a.cpes, b.cpes) << where;
  EXPECT_EQ(a.other_ids, b.other_ids) << where;
  EXPECT_EQ(a.supplier, b.supplier) << where;
  EXPECT_EQ(a.manufacturer, b.manufacturer) << where;
  EXPECT_EQ(a.hashes, b.hashes) << where;
  EXPECT_EQ(a.scope, b.scope) << where;
  EXPECT_EQ(a.external_references, b.external_references) << where;
  EXPECT_EQ(a.support_level, b.support_level) << where;
  EXPECT_EQ(a.end_of_support, b.end_of_support) << where;
  EXPECT_EQ(a.parent.empty() ? "" : a.parent, b.parent) << where;
  // Several licences with an expression among them become one expression.
  if (!has_expression(a.licenses) || a.licenses.size() == 1) {
    EXPECT_EQ(a.licenses, b.licenses) << where;
  }
  for (const Property& p : a.properties) {
    EXPECT_NE(std::find(b.properties.begin(), b.properties.end(), p), b.properties.end())
        << where << ": property " << p.name << " lost";
  }
}

std::set<std::pair<std::string, std::string>> edges(const Document& d) {
  std::set<std::pair<std::string, std::string>> out;
  for (const auto& e : d.dependencies) out.emplace(e.from, e.to);
  return out;
}

TEST(SbomWriter, RoundTripKeepsComponentsAndDependencies) {
  const auto corpus = testing::corpus_dir();
  if (!corpus) GTEST_SKIP() << testing::corpus_skip_message();
  size_t n = 0;
  for (const auto& f : corpus_sboms(*corpus)) {
    auto original = read_file(f.string());
    ASSERT_TRUE(original.ok()) << f;
    const std::string written = write_cyclonedx_json(*original);
    auto back = read(written, "written");
    ASSERT_TRUE(back.ok()) << f << ": " << back.error().to_string();
    for (const auto& d : back->diagnostics) {
      EXPECT_NE(d.severity, Severity::error)
          << f << ": output has " << d.location << ": " << d.message;
    }
    ASSERT_EQ(back->components.size(), original->components.size()) << f;
    for (size_t i = 0; i < original->components.size(); ++i) {
      expect_same_component(original->components[i], back->components[i],
                            f.string() + " #" + std::to_string(i));
    }
    EXPECT_EQ(back->has_primary, original->has_primary) << f;
    if (original->has_primary)
      expect_same_component(original->primary, back->primary, f.string() + " primary");
    EXPECT_EQ(edges(*back), edges(*original)) << f;
    EXPECT_EQ(back->services, original->services) << f;
    // A fixed point: writing what was read back gives the same bytes.
    EXPECT_EQ(write_cyclonedx_json(*back), written) << f;
    ++n;
  }
  EXPECT_GT(n, 150u);
}

TEST(SbomWriter, AReusedReferenceWritesEveryComponentOnce) {
  // "a" is defined twice and a component nested under "a" is itself "a": a
  // writer that nests by reference alone would place it under itself forever.
  Document doc;
  for (const char* name : {"first", "second", "inner"}) {
    Component c;
    c.ref = "a";
    c.name = name;
    c.version = "1";
    if (std::string_view(name) == "inner") c.parent = "a";
    doc.components.push_back(c);
  }
  const auto back = read(write_cyclonedx_json(doc), "written");
  ASSERT_TRUE(back.ok()) << back.error().to_string();
  std::multiset<std::string> names;
  for (const auto& c : back->components) names.insert(c.name);
  EXPECT_EQ(names, (std::multiset<std::string>{"first", "second", "inner"}));
}

TEST(SbomWriter, OutputValidatesAgainstTheCycloneDx16Schema) {
  const auto corpus = testing::corpus_dir();
  if (!corpus) GTEST_SKIP() << testing::corpus_skip_message();
  // Debian installs node modules in /usr/share/nodejs.
  setenv("NODE_PATH", "/usr/share/nodejs", 0);
  if (std::system("node -e \"require('ajv')\" >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "node with ajv is not installed (scripts/bootstrap installs nodejs node-ajv)";
  }
  const fs::path out_dir = fs::path(::testing::TempDir()) / "vigil-cdx-out";
  fs::remove_all(out_dir);
  fs::create_directories(out_dir);
  std::string cmd =
      "node " + (testing::data_dir().parent_path() / "tools" / "validate-cyclonedx.js").string() +
      " " + (*corpus / "cyclonedx" / "schema").string() + " 1.6";
  size_t i = 0;
  for (const auto& f : corpus_sboms(*corpus)) {
    auto doc = read_file(f.string());
    ASSERT_TRUE(doc.ok());
    const fs::path out =
        out_dir / (std::to_string(i++) + "-" + f.filename().string() + ".cdx.json");
    std::ofstream(out) << write_cyclonedx_json(*doc);
    cmd += " " + out.string();
  }
  cmd += " > " + (out_dir / "report.txt").string() + " 2>&1";
  const int status = std::system(cmd.c_str());
  EXPECT_EQ(status, 0) << testing::read_file(out_dir / "report.txt");
}

}  // namespace
}  // namespace vigil::sbom

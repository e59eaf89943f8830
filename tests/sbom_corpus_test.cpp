// Every CycloneDX and SPDX document of the shared corpus: the specification's
// valid examples read with no error and with the component count an
// independent count gives; its invalid examples give at least one error (or
// are refused as unreadable), never a crash. A document in an encoding Vigil
// does not read (SPDX RDF/XML, XML, YAML, SPDX 3) is refused by that name.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "sbom/sbom.h"
#include "support/fixtures.h"

namespace vigil::sbom {
namespace {

namespace fs = std::filesystem;

// Components under "components" arrays, nested ones included; not the
// metadata component, not tools.
size_t count_json_components(const nlohmann::json& j) {
  size_t n = 0;
  if (j.is_object() && j.contains("components") && j["components"].is_array()) {
    for (const auto& c : j["components"]) n += 1 + count_json_components(c);
  }
  return n;
}

size_t count_xml_components(const pugi::xml_node& n) {
  size_t count = 0;
  for (pugi::xml_node c : n.child("components").children("component")) {
    count += 1 + count_xml_components(c);
  }
  return count;
}

std::vector<fs::path> cyclonedx_files(const fs::path& corpus, std::string_view prefix) {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(corpus / "cyclonedx" / "resources")) {
    const std::string name = e.path().filename().string();
    const std::string ext = e.path().extension().string();
    if (name.rfind(prefix, 0) != 0 || (ext != ".json" && ext != ".xml")) continue;
    // The specification marks some cases to be skipped by validators.
    if (name.find("skip_") != std::string::npos) continue;
    out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string errors_of(const Document& d) {
  std::string s;
  for (const auto& x : d.diagnostics) {
    if (x.severity == Severity::error) s += "\n  " + x.location + ": " + x.message;
  }
  return s;
}

TEST(SbomCorpus, ValidCycloneDxReadsWithoutErrorsAndRightCount) {
  const auto corpus = testing::corpus_dir();
  if (!corpus) GTEST_SKIP() << testing::corpus_skip_message();
  const auto files = cyclonedx_files(*corpus, "valid-");
  ASSERT_GT(files.size(), 100u);
  for (const auto& f : files) {
    auto doc = read_file(f.string());
    ASSERT_TRUE(doc.ok()) << f << ": " << doc.error().to_string();
    EXPECT_FALSE(doc->has_errors()) << f << errors_of(*doc);
    size_t expected;
    if (f.extension() == ".json") {
      expected = count_json_components(nlohmann::json::parse(testing::read_file(f)));
    } else {
      pugi::xml_document x;
      ASSERT_TRUE(x.load_file(f.c_str()));
      expected = count_xml_components(x.document_element());
    }
    EXPECT_EQ(doc->components.size(), expected) << f;
  }
}

TEST(SbomCorpus, InvalidCycloneDxGivesAnError) {
  const auto corpus = testing::corpus_dir();
  if (!corpus) GTEST_SKIP() << testing::corpus_skip_message();
  const auto files = cyclonedx_files(*corpus, "invalid-");
  ASSERT_GT(files.size(), 100u);
  for (const auto& f : files) {
    auto doc = read_file(f.string());
    if (!doc.ok()) continue;  // refused as unreadable: also a clear error
    EXPECT_TRUE(doc->has_errors()) << f << " read without an error";
  }
}

// The encoding a corpus file's name gives, and whether Vigil reads it.
struct SpdxEncoding {
  const char* suffix;
  const char* refused_as;  // nullptr: read
};
constexpr SpdxEncoding kSpdxEncodings[] = {
    {".rdf.xml", "SPDX RDF/XML"}, {".xml", "SPDX XML"}, {".yaml", "SPDX YAML"},
    {".json", nullptr},           {".spdx", nullptr},
};

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         std::string_view(s).substr(s.size() - suffix.size()) == suffix;
}

TEST(SbomCorpus, EverySpdxDocumentReadsWithTheRightCountOrIsRefusedByItsEncoding) {
  const auto corpus = testing::corpus_dir();
  if (!corpus) GTEST_SKIP() << testing::corpus_skip_message();
  size_t read = 0, refused = 0;
  for (const auto& e : fs::recursive_directory_iterator(*corpus / "spdx")) {
    if (!e.is_regular_file()) continue;
    const std::string name = e.path().filename().string();
    const SpdxEncoding* enc = nullptr;
    for (const auto& k : kSpdxEncodings) {
      if (ends_with(name, k.suffix)) {
        enc = &k;
        break;
      }
    }
    if (enc == nullptr) continue;  // README, LICENSE, COPYING
    auto doc = read_file(e.path().string());
    if (enc->refused_as) {
      ++refused;
      ASSERT_FALSE(doc.ok()) << e.path() << " read, but Vigil claims not to read " << enc->suffix;
      EXPECT_EQ(doc.error().message.rfind(std::string(enc->refused_as) + " is not supported", 0),
                0u)
          << e.path() << ": " << doc.error().message;
      continue;
    }
    ++read;
    ASSERT_TRUE(doc.ok()) << e.path() << ": " << doc.error().to_string();
    EXPECT_EQ(doc->format, Format::spdx) << e.path();
    EXPECT_FALSE(doc->has_errors()) << e.path() << errors_of(*doc);
    const std::string text = testing::read_file(e.path());
    size_t expected = 0;
    if (enc->suffix == std::string_view(".json")) {
      const auto j = nlohmann::json::parse(text);
      expected = j.contains("packages") ? j["packages"].size() : 0;
    } else {
      for (size_t pos = 0; (pos = text.find("PackageName:", pos)) != std::string::npos; ++pos)
        ++expected;
    }
    EXPECT_EQ(doc->components.size(), expected) << e.path();
  }
  EXPECT_GT(read, 20u);
  EXPECT_GT(refused, 0u);
}

TEST(SbomCorpus, Spdx3DocumentsAreRefusedByName) {
  const auto corpus = testing::corpus_dir();
  if (!corpus) GTEST_SKIP() << testing::corpus_skip_message();
  const auto files = testing::files_ending(*corpus / "spdx3", ".json");
  ASSERT_FALSE(files.empty());
  for (const auto& f : files) {
    auto doc = read_file(f.string());
    ASSERT_FALSE(doc.ok()) << f;
    EXPECT_EQ(doc.error().message.rfind("SPDX 3 JSON-LD is not supported; Vigil reads ", 0), 0u)
        << f << ": " << doc.error().message;
  }
}

}  // namespace
}  // namespace vigil::sbom

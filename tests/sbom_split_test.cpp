// Large JSON SBOMs are read split: the root with its component and dependency
// arrays taken out, then each element parsed alone. These tests prove the
// splitter finds every element wherever the input is cut into pieces, gives
// up on what it does not understand, and that a split read gives exactly the
// model one parse tree gives, from memory and from a file.
#include <gtest/gtest.h>

#include <fstream>

#include "sbom/json_split.h"
#include "sbom/readers.h"
#include "sbom/sbom.h"
#include "support/fixtures.h"

namespace vigil::sbom {
namespace {

namespace fs = std::filesystem;
using detail::JsonSplitter;
using detail::SplitJson;

std::vector<std::string> element_texts(std::string_view input, const SplitJson::Array& a) {
  std::vector<std::string> out;
  for (const auto& s : a.elements) out.emplace_back(input.substr(s.offset, s.length));
  return out;
}

std::optional<SplitJson> split_in_pieces(std::string_view input, size_t piece) {
  JsonSplitter splitter(detail::split_keys());
  for (size_t i = 0; i < input.size(); i += piece) {
    if (!splitter.feed(input.substr(i, piece))) return std::nullopt;
  }
  return splitter.finish();
}

// Strings holding brackets, commas, escaped quotes and backslashes; a scalar,
// a string and a nested array as elements; a non-split array in the root.
constexpr std::string_view kTricky =
    R"( {"bomFormat":"CycloneDX","note":"a [ { \" , ] } \\","tools":[1,2],)"
    R"("components" : [ {"name":"x]\"}","nested":[[{}]]} ,42,"s\\\"]",[1,[2]],true ],)"
    R"("dependencies":[{"ref":"a","dependsOn":["b"]}]} )";

TEST(SbomSplit, FindsEveryElementWhereverTheInputIsCut) {
  const auto whole = split_in_pieces(kTricky, kTricky.size());
  ASSERT_TRUE(whole);
  EXPECT_EQ(whole->root, R"({"bomFormat":"CycloneDX","note":"a [ { \" , ] } \\","tools":[1,2],)"
                         R"("components" : [],"dependencies":[]})");
  ASSERT_EQ(whole->arrays.size(), 2u);
  const auto* comps = whole->find("components");
  ASSERT_TRUE(comps);
  EXPECT_EQ(element_texts(kTricky, *comps),
            (std::vector<std::string>{R"({"name":"x]\"}","nested":[[{}]]})", "42", R"("s\\\"]")",
                                      "[1,[2]]", "true"}));
  EXPECT_EQ(element_texts(kTricky, *whole->find("dependencies")),
            std::vector<std::string>{R"({"ref":"a","dependsOn":["b"]})"});
  for (size_t piece : {1, 2, 3, 7, 16, 17}) {
    const auto cut = split_in_pieces(kTricky, piece);
    ASSERT_TRUE(cut) << piece;
    EXPECT_EQ(cut->root, whole->root) << piece;
    EXPECT_EQ(element_texts(kTricky, *cut->find("components")), element_texts(kTricky, *comps))
        << piece;
  }
}

TEST(SbomSplit, GivesUpOnWhatItDoesNotUnderstand) {
  for (std::string_view bad : {
           R"([{"components":[]}])",           // root not an object
           R"({"components":[1,,2]})",         // doubled comma
           R"({"components":[,1]})",           // comma first
           R"({"components":[1,]})",           // trailing comma
           R"({"components":[1 2]})",          // no comma between elements
           R"({"components":["a"x]})",         // bytes after a string element
           R"({"components":[{"a":1}]} x)",    // bytes after the root
           R"({"components":[{"a":"1}]})",     // unterminated string
           R"({"components":[{"a":1})",        // unterminated array
           "\xEF\xBB\xBF{\"components\":[]}",  // byte order mark
       }) {
    EXPECT_FALSE(split_in_pieces(bad, bad.size())) << bad;
  }
}

TEST(SbomSplit, KeysWrittenWithEscapesOrRepeatedStayInTheRoot) {
  constexpr std::string_view text =
      R"({"comp\u006fnents":[{"a":1}],"components":[{"b":2}],"components":[{"c":3}]})";
  const auto split = split_in_pieces(text, text.size());
  ASSERT_TRUE(split);
  EXPECT_EQ(split->root, R"({"comp\u006fnents":[{"a":1}],"components":[],"components":[{"c":3}]})");
  EXPECT_EQ(element_texts(text, *split->find("components")),
            std::vector<std::string>{R"({"b":2})"});
  // The first member is not an array: a reader finds it and says so; the
  // array after it stays where the reader never looks.
  constexpr std::string_view later = R"({"components":"x","components":[{"b":2}]})";
  const auto not_first = split_in_pieces(later, later.size());
  ASSERT_TRUE(not_first);
  EXPECT_EQ(not_first->root, later);
  EXPECT_FALSE(not_first->find("components"));
}

// A CycloneDX document of n components, each a few hundred bytes.
std::string generated(size_t n) {
  std::string s =
      R"({"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"metadata":{"timestamp":)"
      R"("2026-03-01T09:30:00Z","component":{"type":"firmware","bom-ref":"root","name":"fw"}},)"
      R"("components":[)";
  for (size_t i = 0; i < n; ++i) {
    const std::string id = std::to_string(i);
    if (i) s += ",\n";
    s += R"({"type":"library","bom-ref":"c)" + id + R"(","name":"lib)" + id + R"(","version":"1.)" +
         id + R"(","supplier":{"name":"Supplier \"S\" )" + id + R"("},"purl":"pkg:generic/lib)" +
         id + "@1." + id +
         R"(","properties":[{"name":"vigil:support:end-date","value":"2030-12-31"}],)"
         R"("hashes":[{"alg":"SHA-1","content":"da39a3ee5e6b4b0d3255bfef95601890afd80709"}]})";
  }
  s += R"(],"dependencies":[{"ref":"root","dependsOn":[)";
  for (size_t i = 0; i < n; ++i) s += (i ? ",\"c" : "\"c") + std::to_string(i) + "\"";
  s += "]},{\"ref\":\"c0\",\"dependsOn\":[\"missing\"]}]}\n";
  return s;
}

TEST(SbomSplit, SplitReadGivesTheModelOfOneParseTree) {
  const std::string text = generated(300);
  const auto split = detail::read_split_json(text, "generated");
  const auto whole = detail::read_whole_json(text, "generated");
  ASSERT_TRUE(split.ok()) << split.error().to_string();
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(split->components.size(), 300u);
  EXPECT_EQ(split->components[7].supplier, "Supplier \"S\" 7");
  EXPECT_EQ(split->components[7].end_of_support, "2030-12-31");
  EXPECT_EQ(split->dependencies.size(), 301u);
  EXPECT_TRUE(split->has_errors());  // the dangling edge to "missing"
  EXPECT_TRUE(*split == *whole);
  for (const fs::path& f : {testing::data_dir() / "sbom" / "pump-firmware.cdx.json",
                            testing::data_dir() / "sbom" / "broken-identifiers.cdx.json",
                            testing::data_dir() / "sbom" / "workstation.spdx.json"}) {
    const std::string bytes = testing::read_file(f);
    const auto s = detail::read_split_json(bytes, "f");
    const auto w = detail::read_whole_json(bytes, "f");
    ASSERT_TRUE(s.ok() && w.ok()) << f;
    EXPECT_TRUE(*s == *w) << f;
  }
}

TEST(SbomSplit, AnElementThatIsNotJsonNamesWhereItIs) {
  constexpr std::string_view text = R"({"bomFormat":"CycloneDX","specVersion":"1.6","components":[)"
                                    R"({"type":"library","name":"a"},{"type":"library","name":}]})";
  const auto split = detail::read_split_json(text, "in.json");
  ASSERT_FALSE(split.ok());
  EXPECT_NE(split.error().message.find("not readable JSON in /components/1"), std::string::npos)
      << split.error().message;
  EXPECT_EQ(split.error().location, "in.json");
  EXPECT_FALSE(detail::read_whole_json(text, "in.json").ok());
}

TEST(SbomSplit, AFileIsReadInPiecesToTheSameModel) {
  // Over the 4 MB read window, so that elements are found across reads.
  const std::string text = generated(20000);
  ASSERT_GT(text.size(), 5u << 20);
  const fs::path file = testing::fresh_dir("sbom-split") / "large.cdx.json";
  std::ofstream(file, std::ios::binary) << text;
  const auto from_file = read_file(file.string());
  const auto whole = detail::read_whole_json(text, file.string());
  ASSERT_TRUE(from_file.ok()) << from_file.error().to_string();
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(from_file->components.size(), 20000u);
  EXPECT_TRUE(*from_file == *whole);

  // A file the splitter gives up on is read whole, with the parser's message.
  std::ofstream(file, std::ios::binary) << R"({"bomFormat":"CycloneDX","components":[1,]})";
  const auto bad = read_file(file.string());
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("not readable JSON"), std::string::npos);
}

TEST(SbomSplit, EveryCorpusJsonSbomReadsTheSameSplitAndWhole) {
  const auto corpus = testing::corpus_dir();
  if (!corpus) GTEST_SKIP() << testing::corpus_skip_message();
  size_t cyclonedx = 0, spdx = 0;
  for (const char* folder : {"cyclonedx", "spdx"}) {
    for (const auto& e : fs::recursive_directory_iterator(*corpus / folder)) {
      if (e.path().extension() != ".json") continue;
      const std::string bytes = testing::read_file(e.path());
      const auto split = detail::read_split_json(bytes, "f");
      const auto whole = detail::read_whole_json(bytes, "f");
      ASSERT_EQ(split.ok(), whole.ok()) << e.path();
      if (split.ok()) {
        EXPECT_TRUE(*split == *whole) << e.path();
      }
      ++(std::string_view(folder) == "spdx" ? spdx : cyclonedx);
    }
  }
  EXPECT_GT(cyclonedx, 200u);
  EXPECT_GT(spdx, 5u);
}

TEST(SbomSplit, SpdxPackagesAndRelationshipsAreReadSplit) {
  std::string text =
      R"({"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","name":"d",)"
      R"("documentNamespace":"https://example.com/d","creationInfo":{"created":)"
      R"("2026-01-01T00:00:00Z","creators":["Tool: t"]},"documentDescribes":["SPDXRef-p0"],)"
      R"("packages":[)";
  for (int i = 0; i < 50; ++i) {
    if (i) text += ",";
    text += R"({"SPDXID":"SPDXRef-p)" + std::to_string(i) + R"(","name":"p)" + std::to_string(i) +
            R"(","versionInfo":"1","downloadLocation":"NOASSERTION"})";
  }
  text += R"(],"relationships":[{"spdxElementId":"SPDXRef-p0","relationshipType":"DEPENDS_ON",)"
          R"("relatedSpdxElement":"SPDXRef-p1"}],"files":[{"fileName":"a",}]})";
  // The files array is not JSON: split, it is still checked, though unread.
  EXPECT_FALSE(detail::read_split_json(text, "f").ok());
  text.replace(text.find(R"("a",})"), 5, R"("a"})");
  const auto split = detail::read_split_json(text, "f");
  const auto whole = detail::read_whole_json(text, "f");
  ASSERT_TRUE(split.ok()) << split.error().to_string();
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(split->format, Format::spdx);
  EXPECT_EQ(split->components.size(), 50u);
  EXPECT_EQ(split->dependencies.size(), whole->dependencies.size());
  EXPECT_TRUE(*split == *whole);
}

}  // namespace
}  // namespace vigil::sbom

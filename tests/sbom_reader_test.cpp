// The SBOM readers on small device-like fixtures (tests/data/sbom): every
// field lands in the model, the FDA support fields come from the documented
// conventions, problems are reported with a location and the read goes on,
// and what is not an SBOM is refused with a clear error.
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <iterator>

#include "core/text.h"
#include "sbom/checks.h"
#include "sbom/sbom.h"
#include "support/fixtures.h"

namespace vigil::sbom {
namespace {

Document load(const char* name) {
  auto doc = read_file((testing::data_dir() / "sbom" / name).string());
  EXPECT_TRUE(doc.ok()) << name << ": " << (doc.ok() ? "" : doc.error().to_string());
  return doc.ok() ? *doc : Document{};
}

const Component* find(const Document& d, std::string_view ref) {
  for (const auto& c : d.components) {
    if (c.ref == ref) return &c;
  }
  return nullptr;
}

bool has_diagnostic(const Document& d, Severity s, std::string_view location,
                    std::string_view words) {
  for (const auto& x : d.diagnostics) {
    if (x.severity == s && x.location.find(location) != std::string::npos &&
        x.message.find(words) != std::string::npos) {
      return true;
    }
  }
  return false;
}

TEST(SbomReader, CycloneDxJsonFieldsAndLifecycle) {
  const Document d = load("pump-firmware.cdx.json");
  EXPECT_EQ(d.format, Format::cyclonedx);
  EXPECT_EQ(d.encoding, Encoding::json);
  EXPECT_EQ(d.spec_version, "1.6");
  EXPECT_FALSE(d.has_errors());
  EXPECT_EQ(d.timestamp, "2026-03-01T09:30:00Z");
  EXPECT_EQ(d.tools, std::vector<std::string>{"yocto-sbom 4.0"});
  ASSERT_TRUE(d.has_primary);
  EXPECT_EQ(d.primary.name, "infusion-pump-firmware");
  ASSERT_EQ(d.components.size(), 4u);  // nested udhcpc included
  const Component* linux = find(d, "linux");
  ASSERT_NE(linux, nullptr);
  EXPECT_EQ(linux->cpes,
            std::vector<std::string>{"cpe:2.3:o:linux:linux_kernel:5.10.120:*:*:*:*:*:*:*"});
  EXPECT_EQ(linux->support_level, "actively maintained");
  EXPECT_EQ(linux->end_of_support, "2026-12-31");
  const Component* openssl = find(d, "openssl");
  ASSERT_NE(openssl, nullptr);
  EXPECT_EQ(openssl->support_level, "security fixes only");  // alias spelling
  EXPECT_EQ(openssl->end_of_support, "2026-09-07");          // case-insensitive alias
  EXPECT_EQ(openssl->licenses, std::vector<std::string>{"Apache-2.0"});
  ASSERT_EQ(openssl->hashes.size(), 1u);
  EXPECT_EQ(openssl->hashes[0].algorithm, "SHA-256");
  EXPECT_EQ(find(d, "busybox-udhcpc")->parent, "busybox");
  EXPECT_EQ(d.dependencies.size(), 4u);
}

TEST(SbomReader, ProblemsAreReportedWithLocationsAndReadingGoesOn) {
  const Document d = load("broken-identifiers.cdx.json");
  EXPECT_EQ(d.components.size(), 4u);
  EXPECT_TRUE(has_diagnostic(d, Severity::error, "/purl", "invalid purl 'zlib@1.2.13'"));
  EXPECT_TRUE(has_diagnostic(d, Severity::error, "/cpe", "invalid CPE"));
  EXPECT_TRUE(has_diagnostic(d, Severity::error, "component 'a'", "more than one component"));
  EXPECT_TRUE(
      has_diagnostic(d, Severity::error, "dependency 'b' -> 'nowhere'", "no component defines"));
  EXPECT_TRUE(has_diagnostic(d, Severity::error, "/components/3/type", "'widget'"));
  EXPECT_TRUE(has_diagnostic(d, Severity::warning, "component 'b'", "has no version"));
}

// Thousands of references, so that lookups probe past collisions: exactly
// the doubled one and the one edge to nothing are reported.
TEST(SbomReader, AmongManyReferencesOnlyTheDoubledOneAndTheDanglingEdgeAreErrors) {
  std::string components, depends;
  for (int i = 0; i < 3000; ++i) {
    const std::string ref = "ref-" + std::to_string(i);
    components += R"({"type":"library","name":"n)" + std::to_string(i) +
                  R"(","version":"1","bom-ref":")" + ref + R"("},)";
    depends += "\"" + ref + "\",";
  }
  components += R"({"type":"library","name":"again","version":"1","bom-ref":"ref-1234"})";
  depends += R"("ref-3000")";
  const std::string json =
      R"({"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"components":[)" + components +
      R"(],"dependencies":[{"ref":"ref-0","dependsOn":[)" + depends + "]}]}";
  auto d = read(json, "many-refs.json");
  ASSERT_TRUE(d.ok()) << d.error().to_string();
  size_t errors = 0;
  for (const auto& x : d->diagnostics) errors += x.severity == Severity::error;
  EXPECT_EQ(errors, 2u);
  EXPECT_TRUE(has_diagnostic(*d, Severity::error, "component 'ref-1234'", "more than one"));
  EXPECT_TRUE(has_diagnostic(*d, Severity::error, "dependency 'ref-0' -> 'ref-3000'",
                             "refers to 'ref-3000', which no component defines"));
}

// Text lent to the reader gives the document read() gives, and comes back
// as it was: with no room for the parser's padding and with room, and when
// it does not read.
// Member names are found through a table by their length and two letters:
// a name that shares those with a known one, at every length the
// comparison treats apart (under 4, 4 to 7, 8 to 16, longer), is not it.
TEST(SbomReader, NamesThatDifferFromAKnownKeyOnlyInsideAreNotTakenForIt) {
  const std::string json = R"({"bomFormat":"CycloneDX","specVersion":"1.6","components":[
    {"type":"library","bom-ref":"a","nome":"wrong","name":"right","vorsion":"9",
     "versionRonge":"9","externalRefarences":[{"type":"vcs","url":"u"}],
     "hashes":[{"alx":"MD5","aig":"SHA-1","alg":"MD5","contant":"x",
                "content":"0123456789abcdef0123456789abcdef"}]}]})";
  const auto d = read(json, "near-names.json");
  ASSERT_TRUE(d.ok()) << d.error().to_string();
  ASSERT_EQ(d->components.size(), 1u);
  const Component& c = d->components[0];
  EXPECT_EQ(c.name, "right");
  EXPECT_EQ(c.version, "");
  EXPECT_TRUE(c.external_references.empty());
  ASSERT_EQ(c.hashes.size(), 1u);
  EXPECT_EQ(c.hashes[0].algorithm, "MD5");
  EXPECT_EQ(c.hashes[0].value, "0123456789abcdef0123456789abcdef");
  EXPECT_FALSE(d->has_errors());
}

TEST(SbomReader, TextReadInPlaceReadsAsReadAndComesBackUnchanged) {
  for (const char* name :
       {"pump-firmware.cdx.json", "pump-firmware.cdx.xml", "workstation.spdx.json", "monitor.spdx",
        "truncated.cdx.json", "not-an-sbom.csv"}) {
    std::ifstream in(testing::data_dir() / "sbom" / name, std::ios::binary);
    const std::string original{std::istreambuf_iterator<char>(in), {}};
    ASSERT_FALSE(original.empty()) << name;
    const auto copied = read(original, name);
    for (const size_t spare : {size_t{0}, size_t{4096}}) {
      std::string text = original;
      text.shrink_to_fit();
      text.reserve(text.size() + spare);
      const auto lent = read_in_place(text, name);
      EXPECT_EQ(text, original) << name;
      ASSERT_EQ(lent.ok(), copied.ok()) << name;
      if (copied.ok()) {
        EXPECT_EQ(*lent, *copied) << name;
      } else {
        EXPECT_EQ(lent.error().to_string(), copied.error().to_string()) << name;
      }
    }
  }
}

// JSON text is parsed where it lies when the parser's padding after it is
// in the same page. Text ending at every distance from an unreadable page
// reads as a copy of it does: the reader never reads into that page.
TEST(SbomReader, JsonEndingNextToAnUnreadablePageReadsAsACopy) {
  std::ifstream in(testing::data_dir() / "sbom" / "pump-firmware.cdx.json", std::ios::binary);
  const std::string original{std::istreambuf_iterator<char>(in), {}};
  const auto page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  const size_t pages = original.size() / page + 2;
  void* map =
      mmap(nullptr, (pages + 1) * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(map, MAP_FAILED);
  char* guard = static_cast<char*>(map) + pages * page;
  ASSERT_EQ(mprotect(guard, page, PROT_NONE), 0);
  const auto copied = read(original, "pump");
  ASSERT_TRUE(copied.ok());
  for (size_t gap = 0; gap < 130; ++gap) {
    char* start = guard - gap - original.size();
    std::memcpy(start, original.data(), original.size());
    const auto lent = read(std::string_view(start, original.size()), "pump");
    ASSERT_TRUE(lent.ok()) << gap;
    EXPECT_EQ(*lent, *copied) << gap;
  }
  munmap(map, (pages + 1) * page);
}

TEST(SbomReader, CycloneDxXmlMatchesJson) {
  const Document d = load("pump-firmware.cdx.xml");
  EXPECT_EQ(d.encoding, Encoding::xml);
  EXPECT_EQ(d.spec_version, "1.4");
  EXPECT_FALSE(d.has_errors());
  ASSERT_EQ(d.components.size(), 2u);
  EXPECT_EQ(d.components[0].purls, std::vector<std::string>{"pkg:generic/openssl@3.0.11"});
  EXPECT_EQ(d.components[0].supplier, "OpenSSL Project");
  EXPECT_EQ(d.components[0].end_of_support, "2026-09-07");
  EXPECT_EQ(d.dependencies.size(), 2u);
  EXPECT_EQ(d.primary.ref, "pump-fw");
}

TEST(SbomReader, SpdxTagValueWithSupportFields) {
  const Document d = load("monitor.spdx");
  EXPECT_EQ(d.format, Format::spdx);
  EXPECT_EQ(d.encoding, Encoding::tag_value);
  EXPECT_EQ(d.spec_version, "2.3");
  EXPECT_FALSE(d.has_errors());
  ASSERT_EQ(d.components.size(), 3u);
  ASSERT_TRUE(d.has_primary);
  EXPECT_EQ(d.primary.ref, "SPDXRef-monitor");
  EXPECT_EQ(d.primary.type, "device");
  const Component* qt = find(d, "SPDXRef-qt");
  ASSERT_NE(qt, nullptr);
  EXPECT_EQ(qt->supplier, "The Qt Company");
  EXPECT_EQ(qt->cpes.size(), 1u);
  EXPECT_EQ(qt->purls.size(), 1u);
  EXPECT_EQ(qt->end_of_support, "2025-05-26T00:00:00Z");  // ValidUntilDate
  EXPECT_EQ(qt->support_level, "end of life");            // annotation convention
  EXPECT_EQ(qt->hashes[0].algorithm, "SHA-1");
  // DEPENDENCY_OF is turned around: monitor -> sqlite.
  bool reversed = false;
  for (const auto& e : d.dependencies)
    reversed |= e.from == "SPDXRef-monitor" && e.to == "SPDXRef-sqlite";
  EXPECT_TRUE(reversed);
  EXPECT_EQ(d.authors, std::vector<std::string>{"Example Medical"});
}

TEST(SbomReader, SpdxJsonPackagesAndRelationships) {
  const Document d = load("workstation.spdx.json");
  EXPECT_EQ(d.encoding, Encoding::json);
  EXPECT_EQ(d.spec_version, "2.2");
  EXPECT_FALSE(d.has_errors());
  ASSERT_EQ(d.components.size(), 2u);
  EXPECT_EQ(d.components[1].purls[0], "pkg:nuget/Microsoft.NETCore.App@6.0.25");
  EXPECT_EQ(d.components[1].hashes[0].value,
            "b3425d3bb4a2218d0697eb41f7fc0cdede016ed19ca49d168b78e8d947887f55");
  // The edge to a file is not a component dependency and is dropped quietly.
  ASSERT_EQ(d.dependencies.size(), 1u);
  EXPECT_EQ(d.tools, std::vector<std::string>{"sbom-tool-2.2"});
}

TEST(SbomReader, RefusesWhatIsNotAnSbom) {
  for (const char* name : {"truncated.cdx.json", "not-an-sbom.csv"}) {
    auto r = read_file((testing::data_dir() / "sbom" / name).string());
    ASSERT_FALSE(r.ok()) << name;
    EXPECT_NE(r.error().location.find(name), std::string::npos) << r.error().to_string();
  }
  EXPECT_FALSE(read("<html><body/></html>", "page.html").ok());
  EXPECT_FALSE(read("", "empty").ok());
  EXPECT_FALSE(read("{\"hello\": 1}", "other.json").ok());
  auto missing = read_file("/nonexistent/sbom.json");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("cannot open"), std::string::npos);
}

TEST(SbomReader, RecognisedButUnreadFormatsAreRefusedByName) {
  const auto dir = testing::data_dir() / "sbom";
  for (const auto& line : testing::case_lines(dir / "unsupported.txt")) {
    const size_t gap = line.text.find(' ');
    const std::string file = line.text.substr(0, gap);
    const std::string name = line.text.substr(line.text.find_first_not_of(' ', gap));
    auto r = read_file((dir / "unsupported" / file).string());
    ASSERT_FALSE(r.ok()) << "unsupported.txt:" << line.number << ": " << file << " read";
    EXPECT_EQ(r.error().message.rfind(name + " is not supported; Vigil reads CycloneDX", 0), 0u)
        << "unsupported.txt:" << line.number << ": " << r.error().message;
    EXPECT_NE(r.error().location.find(file), std::string::npos) << r.error().to_string();
  }
}

TEST(SbomChecks, EveryCharacterOfADigestIsCheckedWhereverItLies) {
  const std::string good = "0123456789abcdefABCDEF0123456789abcdef0123456789abcdefABCDEF0123";
  ASSERT_EQ(good.size(), 64u);
  EXPECT_TRUE(detail::valid_hash({"SHA-256", good}));
  EXPECT_FALSE(detail::valid_hash({"SHA-256", good.substr(1)}));
  EXPECT_FALSE(detail::valid_hash({"SHA-512", good}));
  EXPECT_FALSE(detail::valid_hash({"SHA-257", good}));
  // normalize_hash lowers as it checks: the same answers, the value lowered.
  Hash lowered{"SHA-256", good};
  EXPECT_TRUE(detail::normalize_hash(lowered));
  EXPECT_EQ(lowered.value, ascii_lower(good));
  for (Hash h : {Hash{"SHA-256", good.substr(1)}, Hash{"SHA-512", good}, Hash{"SHA-257", good},
                 Hash{"BLAKE3", good + "0"}, Hash{"SHA-256", ""}}) {
    EXPECT_FALSE(detail::normalize_hash(h)) << h.algorithm << " " << h.value;
  }
  Hash any_length{"BLAKE3", good.substr(0, 32) + "AB"};
  EXPECT_FALSE(detail::normalize_hash(any_length));  // 34 digits: no digest's length
  // Neighbours of each range of hex digits, letters that fold onto them,
  // control and non-ASCII bytes: each is refused in every position.
  for (char bad : {'g', 'G', '/', ':', '@', '`', ' ', '\0', '\x10', '\x19', '\x7f', '\x80', '\xc1',
                   '\xe1', '\xff'}) {
    for (size_t i = 0; i < good.size(); ++i) {
      std::string v = good;
      v[i] = bad;
      EXPECT_FALSE(detail::valid_hash({"SHA-256", v})) << "byte " << int(bad) << " at " << i;
      Hash h{"SHA-256", v};
      EXPECT_FALSE(detail::normalize_hash(h)) << "byte " << int(bad) << " at " << i;
    }
  }
}

// SPDX licence ids compare without regard to case (SPDX 2.3 annex D);
// deprecated ids are still ids; near misses are not.
TEST(SbomChecks, LicenceIdsAreKnownInAnyCaseAndNearMissesAreNot) {
  for (std::string_view id :
       {"Apache-2.0", "apache-2.0", "APACHE-2.0", "MIT", "mit", "GPL-2.0-or-later", "GPL-2.0",
        "gpl-2.0-with-gcc-exception", "0BSD", "ZPL-2.1"}) {
    EXPECT_TRUE(detail::known_spdx_license(id)) << id;
  }
  const std::string long_id(200, 'a');
  for (std::string_view id :
       {std::string_view(), std::string_view("Apache-2"), std::string_view("Apache-2.0 "),
        std::string_view("Apache-2.0\0", 11), std::string_view("MIT-"), std::string_view("MITT"),
        std::string_view("LicenseRef-acme"), std::string_view(long_id)}) {
    EXPECT_FALSE(detail::known_spdx_license(id)) << id;
  }
}

TEST(SbomQuality, CountsNtiaElementsAndSupportFields) {
  const Quality q = assess_quality(load("pump-firmware.cdx.json"));
  EXPECT_EQ(q.components, 4u);
  EXPECT_EQ(q.coverage.name, 4u);
  EXPECT_EQ(q.coverage.version, 4u);
  EXPECT_EQ(q.coverage.supplier, 2u);      // linux, openssl
  EXPECT_EQ(q.coverage.unique_id, 3u);     // udhcpc has neither purl nor CPE
  EXPECT_EQ(q.coverage.relationship, 4u);  // udhcpc through nesting
  EXPECT_EQ(q.coverage.support_level, 2u);
  EXPECT_EQ(q.coverage.end_of_support, 2u);
  EXPECT_TRUE(q.has_author);
  EXPECT_TRUE(q.has_timestamp);
  EXPECT_DOUBLE_EQ(q.ntia_score, 0.5);  // 2 of 4 components complete
  EXPECT_DOUBLE_EQ(q.fda_support_score, 0.5);
  EXPECT_EQ(q.incomplete.size(), 2u);
}

}  // namespace
}  // namespace vigil::sbom

namespace vigil::sbom {
namespace {

TEST(SbomReader, InvalidUtf8IsAnErrorAndStillWritable) {
  // Found by fuzzing: such text once made the JSON writer throw.
  const std::string tv =
      "SPDXVersion: SPDX-2.3\nCreated: 2026-01-01T00:00:00Z\nCreator: Tool: x\n"
      "PackageName: caf\xe9\nSPDXID: SPDXRef-a\nPackageVersion: 1.0\n";
  auto doc = read(tv, "latin1.spdx");
  ASSERT_TRUE(doc.ok());
  EXPECT_TRUE(has_diagnostic(*doc, Severity::error, "line 4", "not valid UTF-8"));
  const std::string out = write_cyclonedx_json(*doc);
  auto back = read(out, "out");
  ASSERT_TRUE(back.ok()) << back.error().to_string();
  EXPECT_EQ(back->components.size(), 1u);
}

// A NUL in a name is refused in every encoding: JSON would keep it and XML
// (where &#0; is not allowed) would cut the name short, silently.
TEST(SbomReader, ANulInANameIsAnErrorInJsonXmlAndTagValueAlike) {
  const std::string json = R"({"bomFormat":"CycloneDX","specVersion":"1.5","components":[)"
                           R"({"type":"library","name":"evil\u0000hidden","version":"1"}]})";
  const std::string xml =
      "<?xml version=\"1.0\"?>\n<bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\" version=\"1\">"
      "<components><component type=\"library\">\n<name>evil&#x00;hidden</name><version>1</version>"
      "</component></components></bom>";
  const std::string tag_value =
      "SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\nSPDXID: SPDXRef-DOCUMENT\nDocumentName: d\n"
      "DocumentNamespace: https://example.com/d\nCreator: Tool: t\n"
      "Created: 2024-01-01T00:00:00Z\nPackageName: evil" +
      std::string(1, '\0') +
      "hidden\nSPDXID: SPDXRef-p\nPackageVersion: 1\n"
      "PackageDownloadLocation: NOASSERTION\n";
  for (const auto& [text, says] :
       {std::pair<std::string, std::string>{json, "its name holds a NUL character"},
        {xml, "line 3: the character reference &#x00; stands for NUL"},
        {tag_value, "its name holds a NUL character"}}) {
    auto d = read(text, "nul");
    ASSERT_TRUE(d.ok()) << d.error().to_string();
    EXPECT_TRUE(d->has_errors()) << says;
    bool found = false;
    for (const auto& diag : d->diagnostics)
      found = found || (diag.location + ": " + diag.message).find(says) != std::string::npos;
    EXPECT_TRUE(found) << says;
  }
  // Other character references stay what they are.
  auto fine = read(
      "<?xml version=\"1.0\"?>\n<bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\" version=\"1\">"
      "<components><component type=\"library\"><name>a&#10;b&#x20;c</name><version>1</version>"
      "</component></components></bom>",
      "refs");
  ASSERT_TRUE(fine.ok());
  EXPECT_FALSE(fine->has_errors());
}

}  // namespace
}  // namespace vigil::sbom

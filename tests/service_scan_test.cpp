// The service layer's scan: inputs as bytes or files, refusals with their
// kind and details, the gate at each threshold, and error kinds mapped to
// exit and HTTP statuses.
#include <gtest/gtest.h>

#include <fstream>

#include "service/errors.h"
#include "service/scan.h"
#include "support/fixtures.h"

namespace vigil::service {
namespace {

namespace fs = std::filesystem;

// The demo kb, imported once into this process's folder.
const std::string& demo_kb_path() {
  static const std::string path = [] {
    const std::string p = (testing::fresh_dir("service-kb") / "demo.kb").string();
    auto kb = kb::KnowledgeBase::open(p);
    EXPECT_TRUE(kb.ok());
    EXPECT_TRUE(kb->import_paths({(testing::demo_dir() / "kb").string()}).ok());
    return p;
  }();
  return path;
}

std::unique_ptr<KnowledgeService> demo_service() {
  auto s = KnowledgeService::open(demo_kb_path(), {.max_workers = 2});
  EXPECT_TRUE(s.ok()) << s.error().to_string();
  return s.ok() ? std::move(*s) : nullptr;
}

Input demo_sbom(const char* name) {
  return {(testing::demo_dir() / "sboms" / name).string(), std::nullopt};
}

TEST(ServiceErrors, EachKindHasItsExitAndHttpStatus) {
  const std::pair<ErrorKind, int> http[] = {
      {ErrorKind::invalid_input, 400}, {ErrorKind::not_found, 404}, {ErrorKind::conflict, 409},
      {ErrorKind::busy, 503},          {ErrorKind::damaged, 500},   {ErrorKind::io, 500}};
  for (const auto& [kind, status] : http) {
    EXPECT_EQ(http_status(kind), status) << error_kind_name(kind);
    EXPECT_EQ(exit_status(kind), 2) << error_kind_name(kind);
  }
  EXPECT_EQ(error_kind_name(ErrorKind::not_found), "not_found");
}

TEST(ServiceKnowledge, AMissingKbIsNotFoundAndNeverCreated) {
  const fs::path missing = testing::fresh_dir("service-missing") / "typo.kb";
  auto s = KnowledgeService::open(missing.string());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::not_found);
  EXPECT_NE(s.error().message.find("no knowledge base at"), std::string::npos);
  EXPECT_FALSE(fs::exists(missing));
}

TEST(ServiceKnowledge, AnEmptyKbIsRefusedRatherThanScannedClean) {
  const fs::path empty = testing::fresh_dir("service-empty") / "empty.kb";
  ASSERT_TRUE(kb::KnowledgeBase::open(empty.string()).ok());
  auto s = KnowledgeService::open(empty.string());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::invalid_input);
  EXPECT_NE(s.error().message.find("holds no advisories"), std::string::npos);
}

TEST(ServiceKnowledge, AFileThatIsNotAKbIsDamaged) {
  const fs::path other = testing::fresh_dir("service-other") / "notes.kb";
  std::ofstream(other) << "these are not SQLite pages";
  auto s = KnowledgeService::open(other.string());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::damaged);
}

TEST(ServiceScan, BytesAndTheFileScanAlike) {
  auto service = demo_service();
  ASSERT_TRUE(service);
  const Input file = demo_sbom("patient-monitor.spdx.json");
  const Input bytes{file.source, testing::read_file(file.source)};
  auto a = scan(*service, {.sboms = {file}});
  auto b = scan(*service, {.sboms = {bytes}});
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_EQ(a->reports.size(), 1u);
  EXPECT_EQ(match::to_json(a->reports[0]), match::to_json(b->reports[0]));
  EXPECT_GT(a->reports[0].result.findings.size(), 0u);
  EXPECT_EQ(a->triage[0].size(), a->reports[0].shown().size());  // aligned, all null
  EXPECT_EQ(a->triaged(0).size(), 0u);
}

TEST(ServiceScan, AnSbomWithStructuralErrorsIsRefusedWithEachError) {
  auto service = demo_service();
  ASSERT_TRUE(service);
  const std::string broken =
      (testing::data_dir() / "sbom" / "broken-identifiers.cdx.json").string();
  auto r = scan(*service, {.sboms = {demo_sbom("infusion-pump.cdx.json"), {broken, std::nullopt}}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::invalid_input);
  EXPECT_NE(r.error().message.find("has structural errors"), std::string::npos);
  ASSERT_FALSE(r.error().details.empty());
  for (const auto& d : r.error().details)
    EXPECT_EQ(d.location.rfind(broken + ": ", 0), 0u) << d.to_string();
  auto unreadable = scan(*service, {.sboms = {{"upload.json", std::string("{\"bomFormat\": ")}}});
  ASSERT_FALSE(unreadable.ok());
  EXPECT_EQ(unreadable.error().kind, ErrorKind::invalid_input);
  EXPECT_EQ(unreadable.error().location, "upload.json");
}

TEST(ServiceScan, ABadVexDocumentIsInvalidInputNamedBySource) {
  auto service = demo_service();
  ASSERT_TRUE(service);
  auto r = scan(*service, {.sboms = {demo_sbom("infusion-pump.cdx.json")},
                           .vex = {{"supplier.vex.json", std::string("[1, 2")}}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::invalid_input);
  EXPECT_NE(r.error().to_string().find("supplier.vex.json"), std::string::npos);
}

TEST(ServiceScan, WithAProfileEveryShownAffectedFindingIsTriaged) {
  auto service = demo_service();
  ASSERT_TRUE(service);
  const fs::path profile_file = testing::demo_dir() / "profiles" / "infusion-pump.json";
  auto profile = triage::read_profile(testing::read_file(profile_file), profile_file.string());
  ASSERT_TRUE(profile.ok());
  auto r = scan(*service, {.sboms = {demo_sbom("infusion-pump.cdx.json")},
                           .profile = *profile,
                           .learned = "2026-11-02",
                           .as_of = "2026-11-23"});
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  const auto shown = r->reports[0].shown();
  ASSERT_EQ(r->triage[0].size(), shown.size());
  for (size_t i = 0; i < shown.size(); ++i) {
    EXPECT_EQ(r->triage[0][i].has_value(), !shown[i]->suppressed()) << shown[i]->vulnerability;
    if (r->triage[0][i]) {
      EXPECT_EQ((*r->triage[0][i])["vulnerability"], shown[i]->vulnerability);
    }
  }
  EXPECT_TRUE(gate(*r, Threshold::uncontrolled));  // the demo pump has uncontrolled risks
}

TEST(ServiceGate, EachThresholdTripsOnlyOnWhatReachesIt) {
  auto service = demo_service();
  ASSERT_TRUE(service);
  auto r = scan(*service, {.sboms = {demo_sbom("imaging-workstation.cdx.xml")}});
  ASSERT_TRUE(r.ok());
  // The expected answer is worked out from the findings, not from the gate.
  int worst = 0;
  bool kev = false;
  for (const auto& f : r->reports[0].result.findings) {
    if (f.suppressed()) continue;
    worst = std::max(worst, match::severity_rank(r->reports[0].info(f).severity()));
    kev = kev || r->reports[0].info(f).kev.has_value();
  }
  ASSERT_GT(worst, 0);
  EXPECT_TRUE(kev);
  EXPECT_FALSE(gate(*r, Threshold::none));
  EXPECT_TRUE(gate(*r, Threshold::kev));
  EXPECT_FALSE(gate(*r, Threshold::uncontrolled));  // no profile, no triage
  const Threshold levels[] = {Threshold::low, Threshold::medium, Threshold::high,
                              Threshold::critical};
  for (int rank = 1; rank <= 4; ++rank)
    EXPECT_EQ(gate(*r, levels[rank - 1]), worst >= rank) << rank;
  EXPECT_FALSE(parse_threshold("severe").ok());
  EXPECT_EQ(*parse_threshold("critical"), Threshold::critical);
}

}  // namespace
}  // namespace vigil::service

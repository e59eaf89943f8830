// Matching accuracy against OSV's own ground truth: for every corpus OSV
// advisory whose affected entries enumerate versions, a component at each
// enumerated version must get a finding with that advisory as evidence
// (recall), and a component at each fixed version that is not also
// enumerated must not (precision). The figures per ecosystem are printed and recorded as test
// properties; the aim, and the assertion, is 100% for both.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <unordered_map>

#include "advisory/osv.h"
#include "kb/kb.h"
#include "match/match.h"
#include "purl/purl.h"
#include "support/fixtures.h"

namespace vigil::match {
namespace {

namespace fs = std::filesystem;

struct Expectation {
  size_t component;
  std::string advisory;
  bool affected;  // enumerated (true) or fixed and not enumerated (false)
  std::string ecosystem;
  std::string what;  // for messages
};

// The purl of a package version, built so that any version text survives.
std::optional<std::string> purl_of(const std::string& ecosystem, const std::string& name,
                                   const std::string& version) {
  purl::Components c;
  if (ecosystem == "PyPI") {
    c.type = "pypi";
    c.name = name;
  } else if (ecosystem == "Go") {
    c.type = "golang";
    const size_t slash = name.rfind('/');
    if (slash != std::string::npos) c.namespace_ = name.substr(0, slash);
    c.name = slash == std::string::npos ? name : name.substr(slash + 1);
  } else {
    return std::nullopt;
  }
  c.version = version;
  auto p = purl::build(c);
  if (!p) return std::nullopt;
  return p->to_string();
}

// Whether another affected entry of the same record, for the same package,
// says `version` is affected (Go records list a module once per set of
// packages, each with its own ranges).
bool affected_elsewhere(const advisory::Advisory& a, const advisory::Affected& self,
                        const std::string& v) {
  const auto scheme = version::scheme_for(self.ecosystem).value_or(version::Scheme::generic);
  for (const auto& other : a.affected) {
    if (&other == &self || other.name != self.name || other.ecosystem != self.ecosystem) continue;
    if (std::find(other.versions.begin(), other.versions.end(), v) != other.versions.end())
      return true;
    for (const auto& r : other.ranges) {
      if (version::evaluate(r, scheme, v) == version::Containment::affected) return true;
    }
  }
  return false;
}

TEST(MatchAccuracy, OsvEnumeratedVersionsMatchAndFixedVersionsDoNot) {
  const auto corpus = testing::corpus_dir();
  if (!corpus) GTEST_SKIP() << testing::corpus_skip_message();
  const fs::path dir = testing::fresh_dir("accuracy");
  auto kb = kb::KnowledgeBase::open((dir / "kb.db").string());
  ASSERT_TRUE(kb.ok());
  const std::vector<fs::path> feeds{*corpus / "osv" / "pypi", *corpus / "osv" / "go"};
  ASSERT_TRUE(kb->import_paths({feeds[0].string(), feeds[1].string()}).ok());

  sbom::Document doc;
  std::vector<Expectation> expected;
  // One component per package version, shared by every advisory naming it.
  std::map<std::string, size_t> component_of_purl;
  const auto component = [&](const std::string& purl) {
    auto [it, fresh] = component_of_purl.emplace(purl, doc.components.size());
    if (fresh) {
      sbom::Component c;
      c.ref = purl;
      c.purls = {purl};
      c.name = purl;
      doc.components.push_back(std::move(c));
    }
    return it->second;
  };
  size_t unbuildable = 0;
  for (const auto& feed : feeds) {
    for (const auto& e : fs::directory_iterator(feed)) {
      if (e.path().extension() != ".json") continue;
      auto a = advisory::parse_osv(testing::read_file(e.path()), e.path().string());
      if (!a || !a->withdrawn.empty()) continue;
      for (const auto& af : a->affected) {
        // Where OSV enumerates versions, they are the truth; where it does
        // not (the Go database), the range bounds are: each introduced or
        // last_affected version is affected, each fixed version is not.
        const bool enumerated = !af.versions.empty();
        std::set<std::string> listed(af.versions.begin(), af.versions.end());
        std::set<std::string> fixed;
        for (const auto& r : af.ranges) {
          if (r.type == version::RangeType::git) continue;
          for (const auto& ev : r.events) {
            if (!enumerated && ev.version != "0" &&
                (ev.kind == version::EventKind::introduced ||
                 ev.kind == version::EventKind::last_affected)) {
              listed.insert(ev.version);
            }
          }
        }
        for (const auto& r : af.ranges) {
          if (r.type == version::RangeType::git) continue;
          for (const auto& ev : r.events) {
            if (ev.kind == version::EventKind::fixed && !listed.count(ev.version) &&
                !affected_elsewhere(*a, af, ev.version)) {
              fixed.insert(ev.version);
            }
          }
        }
        const std::string label = af.ecosystem + (enumerated ? "" : " (range bounds)");
        for (const std::set<std::string>* set : {&listed, &fixed}) {
          for (const auto& ver : *set) {
            const std::string shown = af.ecosystem == "Go" ? "v" + ver : ver;
            auto purl = purl_of(af.ecosystem, af.name, shown);
            if (!purl) {
              ++unbuildable;
              continue;
            }
            expected.push_back(
                {component(*purl), a->id, set == &listed, label, a->id + " " + *purl});
          }
        }
      }
    }
  }
  ASSERT_GT(expected.size(), 100000u);

  Matcher matcher(*kb);
  auto result = matcher.scan(doc, {});
  ASSERT_TRUE(result.ok()) << result.error().to_string();
  // Judged per record: another record of the same vulnerability may say a
  // version is affected that this one says is fixed.
  std::set<std::pair<size_t, std::string>> found;
  for (const auto& f : result->findings) {
    for (const auto& e : f.evidence) found.emplace(f.component, e.advisory);
  }

  struct Tally {
    size_t enumerated = 0, matched = 0, fixed = 0, fixed_matched = 0;
  };
  std::map<std::string, Tally> by_ecosystem;
  std::vector<std::string> misses, false_hits;
  for (const auto& x : expected) {
    Tally& t = by_ecosystem[x.ecosystem];
    const bool hit = found.count({x.component, x.advisory}) > 0;
    if (x.affected) {
      ++t.enumerated;
      t.matched += hit;
      if (!hit && misses.size() < 20) misses.push_back(x.what);
    } else {
      ++t.fixed;
      t.fixed_matched += hit;
      if (hit && false_hits.size() < 20) false_hits.push_back(x.what);
    }
  }
  for (const auto& [eco, t] : by_ecosystem) {
    const double recall = t.enumerated ? 100.0 * t.matched / t.enumerated : 100.0;
    const double precision = t.fixed ? 100.0 * (t.fixed - t.fixed_matched) / t.fixed : 100.0;
    std::cout << "accuracy " << eco << ": recall " << recall << "% (" << t.matched << " of "
              << t.enumerated << " affected versions), fixed versions correctly unmatched "
              << precision << "% (" << (t.fixed - t.fixed_matched) << " of " << t.fixed << ")\n";
    ::testing::Test::RecordProperty(eco + "_recall", std::to_string(recall));
    ::testing::Test::RecordProperty(eco + "_fixed_unmatched", std::to_string(precision));
    EXPECT_EQ(t.matched, t.enumerated) << eco;
    EXPECT_EQ(t.fixed_matched, 0u) << eco;
  }
  std::cout << "accuracy: " << expected.size() << " expectations over " << doc.components.size()
            << " components; " << unbuildable << " versions cannot be written as a purl\n";
  for (const auto& m : misses) ADD_FAILURE() << "missed: " << m;
  for (const auto& m : false_hits) ADD_FAILURE() << "matched a fixed version: " << m;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace vigil::match

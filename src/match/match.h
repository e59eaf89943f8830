// The matching engine: every component of an SBOM against the knowledge
// base, each finding carrying the evidence an engineer needs to trust or
// reject it.
//
// Rules, most specific first (docs/matching.md says why each exists):
//   purl-version   the purl's version is one the advisory enumerates
//   purl-range     the purl's version is inside an OSV range, ordered by the
//                  ecosystem's scheme; OS packages also by distribution release
//   cpe-range      an NVD configuration holds for the component's CPE, with
//                  version bounds, AND nodes and running-on platforms checked
//                  against the rest of the SBOM
//   csaf-product   a CSAF product entry: by purl or CPE helper, or by vendor and
//                  product name for advisories that give no identifier
//   name-heuristic a component with no usable identifier, matched by name (and
//                  supplier when given) against CPE products: always low
//                  confidence and flagged
// One finding per (component, vulnerability); the evidence of every rule and
// record that matched is kept on it. A vulnerability is named by its merged
// id (the CVE where one exists).
//
// A Matcher holds a knowledge base and caches the records it has read, so a
// long-running process scanning many SBOMs reads each record once.
//
// Thread-safety: a Matcher is not thread-safe (it owns a kb connection's
// cache); use one per thread.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "advisory/epss.h"
#include "advisory/kev.h"
#include "core/error.h"
#include "kb/kb.h"
#include "sbom/sbom.h"
#include "vex/vex.h"

namespace vigil::match {

enum class Rule : uint8_t { purl_version, purl_range, cpe_range, csaf_product, name_heuristic };
enum class Confidence : uint8_t { high, medium, low };
enum class State : uint8_t { affected, under_investigation, not_affected, fixed };

std::string_view rule_name(Rule r);              // "purl-range" ...
std::string_view confidence_name(Confidence c);  // "high", "medium", "low"
std::string_view state_name(State s);            // "affected", "not_affected" ...

struct Evidence {
  std::string
      advisory;  // the record's own id: "GHSA-...", "CVE-2022-0778", "ICSMA-20-296-02:CVE-..."
  std::string source;  // "osv", "nvd", "csaf" ...
  Rule rule = Rule::purl_range;
  std::string criterion;  // the range, CPE criterion or product entry that matched, as text
  Confidence confidence = Confidence::high;
  std::string note;  // why the confidence is lower, when it is
};

// A VEX statement that decided a finding's state, with where it came from.
struct VexEvidence {
  vex::Status status;
  std::string justification;
  std::string detail;
  std::string source;  // "CSAF ICSMA-...", "OpenVEX vex.json" ...
};

struct Finding {
  size_t component = 0;  // index into Document::components, or kPrimary
  std::string vulnerability;
  std::vector<Evidence> evidence;
  std::vector<std::string> fixed_versions;  // sorted, unique
  State state = State::affected;
  std::vector<VexEvidence> vex;
  Confidence confidence() const;  // the best of the evidence
  // Not affected or fixed, as VEX says: hidden unless asked for.
  bool suppressed() const { return state == State::not_affected || state == State::fixed; }
};

// Finding::component for the document's primary component (the device).
inline constexpr size_t kPrimary = static_cast<size_t>(-1);
const sbom::Component& component_of(const sbom::Document& doc, const Finding& f);
// The component at a finding's index (Finding::component): kPrimary or an
// index into doc.components.
const sbom::Component& component_of(const sbom::Document& doc, size_t component);

struct Cvss {
  std::string version;  // "2.0", "3.0", "3.1", "4.0"
  std::string vector;
  std::optional<double> base_score;
  std::string severity;  // of base_score; empty when unscored
  std::string source;    // "nvd@nist.gov", a CNA, "osv:GHSA-..." ...
};

// What the report says of a vulnerability: its names, text and scores.
struct VulnerabilityInfo {
  std::string id;
  std::vector<std::string> aliases;
  std::string summary;
  std::string published;
  std::vector<Cvss> cvss;  // in preference order (docs/matching.md); the first rates it
  std::optional<advisory::KevEntry> kev;
  std::optional<advisory::EpssScore> epss;
  std::vector<std::string> cwes;
  // Public exploits the records reference (references of type EXPLOIT).
  std::vector<std::string> exploits;
  // The rating of the preferred scored vector: "critical" ... "low", or
  // "unknown" when no vector is scored.
  std::string severity() const;
  std::optional<double> score() const;
};

struct Stats {
  size_t components = 0;  // scanned, the primary included when present
  size_t with_purl = 0, with_cpe = 0, by_name_only = 0, without_version = 0;
  size_t records_considered = 0;  // distinct advisories read from the kb
  size_t findings = 0, suppressed = 0;
};

struct Options {
  bool name_heuristics = true;  // match components without identifiers by name
  // Records kept between scans; past it the caches start over at the next
  // scan, so a long-running process stays bounded. 0: no bound.
  size_t max_cached_records = 0;
};

struct ScanResult {
  std::vector<Finding> findings;  // by component order, then vulnerability id
  Stats stats;
};

class Matcher {
 public:
  explicit Matcher(const kb::KnowledgeBase& kb, Options options = {});
  ~Matcher();
  Matcher(Matcher&&) noexcept;
  Matcher& operator=(Matcher&&) noexcept = delete;

  // Matches every component (and the primary) of `doc`; `statements` are the
  // VEX statements given by the user, applied after the kb's own CSAF VEX.
  Result<ScanResult> scan(const sbom::Document& doc, const std::vector<vex::Statement>& statements);

  // Names, text, scores, KEV and EPSS of a merged vulnerability.
  // Shared, so that reports hold them without copying and outlive the
  // matcher's cache.
  Result<std::shared_ptr<const VulnerabilityInfo>> describe(const std::string& vulnerability);
  // The same for many, in order, under one snapshot of the kb.
  Result<std::vector<std::shared_ptr<const VulnerabilityInfo>>> describe(
      const std::vector<std::string>& vulnerabilities);

  const kb::KnowledgeBase& knowledge_base() const { return kb_; }

 private:
  struct Entry;
  struct Lookups;
  // The record under `key`, read from the kb the first time.
  Result<Entry*> entry(int64_t key);
  // describe() inside a snapshot already checked.
  Result<std::shared_ptr<const VulnerabilityInfo>> info(const std::string& vulnerability);
  // What the kb says of a vulnerability (or the one an alias names).
  Result<std::optional<kb::KnowledgeBase::Description>> description_of(
      const std::string& vulnerability);
  // Drops every cache when the kb changed since they were filled.
  Result<void> revalidate();
  const kb::KnowledgeBase& kb_;
  Options options_;
  std::unordered_map<int64_t, std::unique_ptr<Entry>> records_;
  uint64_t scans_ = 0;
  std::unordered_map<std::string, std::shared_ptr<const VulnerabilityInfo>> infos_;
  std::unordered_map<std::string, bool> ecosystem_covered_;
  // Index lookups and parsed CPE criteria, kept across scans.
  struct Memo;
  std::unique_ptr<Memo> memo_;
  std::optional<int64_t> generation_;
};

// SBOMs held in memory, indexed by what advisories name (package keys, CPE
// products, product names), for the reverse question monitoring asks when a
// new advisory arrives: which of the stored SBOMs does it affect? The same
// rules as Matcher::scan decide; user VEX is not applied here.
class Inventory {
 public:
  Inventory();
  ~Inventory();
  Inventory(Inventory&&) noexcept;
  Inventory& operator=(Inventory&&) noexcept;

  // Keeps `doc` under `name`; returns its index.
  size_t add(std::string name, sbom::Document doc);
  size_t size() const;
  const std::string& name(size_t sbom) const;
  const sbom::Document& document(size_t sbom) const;

  struct Hit {
    size_t sbom;
    Finding finding;  // component indexes are into document(sbom)
  };
  // Every component of every stored SBOM that `record` affects.
  std::vector<Hit> affected_by(const kb::Record& record) const;

 private:
  struct Entry;
  struct Shared;
  std::vector<std::unique_ptr<Entry>> entries_;
  std::unique_ptr<Shared> identities_;
  // Index key -> (sbom, subject) pairs.
  std::unordered_map<std::string, std::vector<std::pair<uint32_t, uint32_t>>> index_;
};

}  // namespace vigil::match

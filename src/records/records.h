// The maker's own records: products with their clinical profiles, releases
// with the SBOM each was submitted with, and the installed base. This is
// the repository the CLI (and the server) call; every change goes through
// the audit trail (audit::Writer) in the transaction that makes it, and a
// command that fails leaves the records as they were.
//
// Thread-safety: one Records per thread; several processes may share the
// records, writers queueing (or told the records are busy).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "audit/audit.h"
#include "core/error.h"
#include "match/match.h"
#include "sbom/sbom.h"
#include "store/connection.h"

namespace vigil::records {

// Market status of a release.
inline constexpr std::string_view kStatuses[] = {"development", "marketed", "end-of-support"};

struct Product {
  int64_t id = 0;
  std::string name;
  std::string profile_sha256;  // empty: no profile
  std::string created_at;
  int64_t releases = 0;
};

struct Release {
  int64_t id = 0;
  std::string product, version, status, released_on, end_of_support_on, created_at;
  std::string sbom_sha256, sbom_format, sbom_file;
  int64_t components = 0, devices = 0;
};

struct Site {
  int64_t id = 0;  // of the installed-base record
  std::string product, version, site;
  int64_t devices = 0;
};

// A finding: a vulnerability in a component of a release, with its current
// analysis state (the latest analysis, or in_triage before any).
struct Finding {
  int64_t id = 0;
  std::string product, version;  // the release
  std::string component, component_version, purl;
  std::string vulnerability, severity, state;
  std::string first_seen, last_seen;  // first_seen: the day the maker learned of it
  std::string risk;                   // triage: "controlled", "uncontrolled" or empty
  // Values, not text: what the matcher found ({match, fixed_versions,
  // vulnerability}, as a scan report has them) and the triage object
  // (docs/triage.md); null when there is none.
  nlohmann::ordered_json evidence, triage;
  bool needs_confirmation = false;  // its analysis was inherited and not yet confirmed
};

struct FindingFilter {
  std::string product, version, state;
  int64_t after = 0;  // ids greater than this (keyset paging)
  int64_t limit = 0;  // at most this many; 0: all
};

// An analysis of a finding, as CycloneDX and VEX name its parts. Analyses
// are never changed: a new one supersedes, and the history stays.
struct Analysis {
  int64_t id = 0, finding = 0;
  std::string state, justification, response, detail;
  // The finding's risk evaluation when the analysis was made: the triage
  // object (risk, SSVC, deadlines, 806); null without a profile.
  nlohmann::ordered_json risk;
  int64_t inherited_from = 0;  // the analysis copied from the previous release
  bool needs_confirmation = false;
  std::string created_at, created_by;
  struct Signature {
    int64_t id = 0;
    std::string signer, meaning, signed_at, record_sha256;
  };
  std::vector<Signature> signatures;
};

// Analysis states (CycloneDX impact analysis), justifications and responses.
inline constexpr std::string_view kStates[] = {"in_triage",      "exploitable",
                                               "resolved",       "resolved_with_pedigree",
                                               "false_positive", "not_affected"};
inline constexpr std::string_view kJustifications[] = {
    "code_not_present",     "code_not_reachable",     "requires_configuration",
    "requires_dependency",  "requires_environment",   "protected_by_compiler",
    "protected_at_runtime", "protected_at_perimeter", "protected_by_mitigating_control"};
inline constexpr std::string_view kResponses[] = {"can_not_fix", "will_not_fix", "update",
                                                  "rollback", "workaround_available"};
// What a signer means by a signature.
inline constexpr std::string_view kMeanings[] = {"authored", "reviewed", "approved"};

struct NewAnalysis {
  int64_t finding = 0;
  std::string state, justification, response, detail;
};

// The signer's password, checked against their argon2id hash, and what the
// signature means.
struct Signing {
  std::string meaning, password;
};

struct ScanSummary {
  int64_t findings = 0;   // affected findings of this scan
  int64_t added = 0;      // of which new to the records
  int64_t inherited = 0;  // new ones given the previous release's analysis
  int64_t gone = 0;       // recorded before, not found by this scan
  std::string learned;
};

// A release scan worked out and not yet kept: what matching and triage say
// of the release's SBOM as submitted. Making one writes nothing; the
// monitor plans every release an import touched and records those that
// changed.
struct ScanPlan {
  struct Item {
    size_t component = 0;  // index into document.components, or match::kPrimary
    std::string vulnerability, severity;
    nlohmann::ordered_json evidence;  // {match, fixed_versions, vulnerability}
    nlohmann::ordered_json triage;    // the evaluation against the profile; null without one
  };
  std::string product, version, learned, as_of;
  int64_t release = 0;
  int64_t sbom = 0;  // the SBOM revision planned; recording refuses a plan of an older one
  sbom::Document document;
  std::vector<Item> findings;  // affected findings, in the report's order
};

// More devices of one release than any site holds: a number past it is a
// mistake, and sums of it stay far inside 64 bits.
inline constexpr int64_t kMaxDevicesPerSite = 1'000'000'000;

struct NewRelease {
  std::string product, version;
  std::string status = "development";
  std::string released_on, end_of_support_on;  // YYYY-MM-DD or empty
  std::string sbom_bytes, sbom_file;           // the SBOM as submitted
};

class Records {
 public:
  // Opens the records at `location` (store::open), bringing their schema
  // up to date. Missing records are created only when `create`.
  static Result<Records> open(const std::string& location, bool create = true);

  // `profile` is the product profile's JSON (docs/triage.md), checked
  // before it is kept.
  Result<Product> add_product(std::string_view name, const std::optional<std::string>& profile,
                              const audit::Actor& actor);
  Result<std::vector<Product>> products();
  // The profile kept for a product; nullopt when it has none.
  Result<std::optional<std::string>> profile(std::string_view product);

  // Reads the SBOM (any format Vigil reads) and keeps it as submitted with
  // its components. An SBOM with errors creates nothing.
  Result<Release> add_release(const NewRelease& r, const audit::Actor& actor);
  Result<std::vector<Release>> releases(std::string_view product);
  Result<Release> release(std::string_view product, std::string_view version);

  // Sets how many devices of a release a site has (0 to record none left).
  Result<Site> set_installed_base(std::string_view product, std::string_view version,
                                  std::string_view site, int64_t devices,
                                  const audit::Actor& actor);
  Result<std::vector<Site>> installed_base(std::string_view product);

  // Matches the release's SBOM as submitted against the knowledge base
  // behind `matcher`, triages each finding with the product's profile (as
  // learned on `learned`, judged on `as_of`), and keeps the findings: new
  // ones with first_seen = `learned`, and, where the previous release of the
  // product had an analysis for the same component (by purl without
  // version, else name) and vulnerability, a copy of it marked inherited
  // and needing confirmation.
  Result<ScanSummary> scan_release(std::string_view product, std::string_view version,
                                   match::Matcher& matcher, const std::string& learned,
                                   const std::string& as_of, const audit::Actor& actor);
  // The two halves of scan_release: the plan matches and triages, reading
  // the records but writing nothing; recording keeps a plan in one audited
  // change, and refuses one whose SBOM is no longer the release's latest
  // (a conflict: plan again).
  Result<ScanPlan> plan_release_scan(std::string_view product, std::string_view version,
                                     match::Matcher& matcher, const std::string& learned,
                                     const std::string& as_of);
  Result<ScanSummary> record_scan(const ScanPlan& plan, const audit::Actor& actor);
  Result<std::vector<Finding>> findings(const FindingFilter& filter);
  Result<Finding> finding(int64_t id);

  // Records an analysis (superseding the current one), signed when
  // `signing` is given: the signature binds the signer, its meaning, the
  // time and the SHA-256 of the analysis record.
  Result<Analysis> analyze(const NewAnalysis& a, const audit::Actor& actor,
                           const std::optional<Signing>& signing = std::nullopt);
  // Every analysis of a finding, oldest first, with its signatures.
  Result<std::vector<Analysis>> analyses(int64_t finding);

  // A user who can sign; the password is kept only as its argon2id hash.
  Result<void> add_user(std::string_view name, std::string_view role, const std::string& password,
                        const audit::Actor& actor);
  // Checks each signature against the analysis it signs; one message per
  // signature that no longer matches.
  Result<std::vector<std::string>> verify_signatures();

  // The audit trail, oldest first; only one record's entries when a type is
  // given ("products", 1).
  Result<std::vector<audit::Entry>> audit_log(std::string_view record_type = {},
                                              int64_t record_id = 0);
  // Everything an inspector's check covers: the trail's chain, every audited
  // record against it and every signature against what it signs. Intact
  // only when all three hold; the problems list the chain's first, then the
  // records', then the signatures'. With an anchor (seq, hash) kept from an
  // earlier verify, that entry must still carry that hash.
  Result<audit::Verification> verify(std::optional<std::pair<int64_t, std::string>> anchor = {});

  store::Connection& connection() { return *c_; }

 private:
  explicit Records(std::unique_ptr<store::Connection> c) : c_(std::move(c)) {}
  Result<int64_t> product_id(std::string_view name);
  std::unique_ptr<store::Connection> c_;
};

}  // namespace vigil::records

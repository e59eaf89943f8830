// The knowledge base: one local SQLite file of public vulnerability facts,
// rebuildable from the feeds at any time, never holding a maker's own data.
//
// Every record keeps its source; records that alias each other (a CVE, its
// GHSA, an OSV id, a CSAF entry) are merged into one vulnerability, named by
// its CVE where it has one. An import is one transaction: a failure or a kill
// in the middle leaves the previous kb intact and usable. Re-importing a
// record replaces it only when the copy is newer (by its modified time).
//
// Thread-safety: a KnowledgeBase is one SQLite connection; use one per thread.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "advisory/advisory.h"
#include "advisory/epss.h"
#include "advisory/kev.h"
#include "core/error.h"
#include "cpe/cpe.h"

struct sqlite3;

namespace vigil::kb {

// What one import changed, so that a caller (the monitor) rematches only the
// releases it can reach: those holding a touched package or CPE product or a
// CSAF product name, and the findings of the vulnerabilities named.
struct ChangeSet {
  using Key = std::pair<std::string, std::string>;
  // Merged vulnerabilities: new to the kb; with a record added, revised or
  // taken away (also one whose record moved to another vulnerability); with
  // a stored record that is now withdrawn.
  std::set<std::string> added, changed, withdrawn;
  // Index keys of every record written, and of every record a revision took
  // away: (ecosystem, name), (vendor, product), CSAF product names.
  std::set<Key> packages, cpe_products;
  std::set<std::string> product_names;
  // CVEs that KEV lists anew or lists differently; CVEs whose EPSS score or
  // percentile moved.
  std::set<std::string> kev_added, kev_changed, epss_changed;

  bool empty() const;
  // Adds what a later import changed, as if both had been one import: the
  // later state of a vulnerability wins, but one added and then changed
  // stays added.
  void merge(const ChangeSet& later);
  bool operator==(const ChangeSet&) const = default;
};

struct ImportReport {
  size_t files = 0;
  size_t added = 0;      // records new to the kb
  size_t replaced = 0;   // newer copies of records it had
  size_t unchanged = 0;  // copies no newer than what it had
  size_t kev = 0, epss = 0;
  std::vector<Error> skipped;  // files and records that could not be used, by name
  ChangeSet changes;
};

// Where an update of a feed left off in one scope: the NVD API ("api"), an
// OSV ecosystem ("PyPI"), a CSAF provider (its metadata URL). The value is
// the feed's own notion of time (a modification time), kept as its text.
struct Cursor {
  std::string feed, scope, value;
  bool operator==(const Cursor&) const = default;
};

struct Stats {
  size_t vulnerabilities = 0;
  size_t advisories = 0;
  std::map<std::string, size_t> sources;     // "osv", "nvd", "cve5", "kev", "epss", "csaf"
  std::map<std::string, size_t> ecosystems;  // affected packages per ecosystem
  std::map<std::string, std::string> feeds;  // feed -> last import time (UTC)
  std::map<std::string, std::map<std::string, std::string>> cursors;  // feed -> scope -> value
};

// One merged vulnerability with every record behind it.
struct Vulnerability {
  std::string id;  // the CVE where one exists
  std::vector<std::string> aliases;
  std::vector<advisory::Advisory> advisories;
  std::optional<advisory::KevEntry> kev;
  std::optional<advisory::EpssScore> epss;
};

// One stored advisory with the vulnerability it belongs to.
struct Record {
  int64_t key = 0;            // stable while the kb is not re-imported
  std::string vulnerability;  // the merged id
  advisory::Advisory advisory;
};

// A CSAF product index hit: the advisory and the normalised vendor it names.
struct ProductHit {
  int64_t key = 0;
  std::string vendor;
};

// Whether a CPE criterion's version and bounds (NVD's versionStart/End
// Including/Excluding) hold for a target version: a criterion version of ANY
// without bounds means every version; an unknown (ANY) target matches only
// that; bounds compare under the generic version order.
bool cpe_version_matches(const advisory::CpeMatch& bounds, const cpe::Value& criterion,
                         const cpe::Value& target);

class KnowledgeBase {
 public:
  // Opens (creating when missing) the kb file and brings its schema current.
  static Result<KnowledgeBase> open(const std::string& path);
  KnowledgeBase(KnowledgeBase&&) noexcept;
  KnowledgeBase& operator=(KnowledgeBase&&) noexcept;
  ~KnowledgeBase();

  // Imports feed files and folders (recursively): OSV, NVD, CVE JSON 5, CSAF,
  // KEV (JSON), EPSS (CSV), each possibly gzip-compressed. The format comes
  // from the content. All or nothing: an Error leaves the kb as it was.
  // `cursors` are recorded in the same transaction (see Cursor), and each of
  // their feeds is marked updated, even when it brought nothing new.
  Result<ImportReport> import_paths(const std::vector<std::string>& paths,
                                    const std::vector<Cursor>& cursors = {});

  // The cursors of one feed, by scope.
  Result<std::vector<Cursor>> cursors(std::string_view feed) const;
  // The kb file's path, as SQLite resolved it.
  std::string path() const;

  // A read transaction held for the life of the object: every lookup in it
  // sees the same kb (an import committing meanwhile is not half-seen), and
  // SQLite takes its file locks once rather than per lookup.
  class ReadScope {
   public:
    explicit ReadScope(const KnowledgeBase& kb);
    ~ReadScope();
    ReadScope(const ReadScope&) = delete;
    ReadScope& operator=(const ReadScope&) = delete;

   private:
    sqlite3* db_;
    bool began_ = false;
  };

  // Changes whenever the kb's content may have changed: an import through
  // this object, or a commit by another connection or process. Callers that
  // cache what they read compare it before trusting their cache.
  Result<int64_t> generation() const;

  Result<Stats> stats() const;
  // Whether the kb holds no advisory at all.
  Result<bool> empty() const;
  // The vulnerability any of whose ids or aliases is `id`.
  Result<std::optional<Vulnerability>> find(const std::string& id) const;

  // Index lookups for the matcher, each answering record keys. Package: by
  // advisory::PackageKey ecosystem and name, only records whose affected
  // span can hold `version` (any record when it is empty). CPE: by WFN vendor and product
  // text (an empty vendor matches any), only records with a criterion whose
  // version and bounds can hold for `version` (a WFN version value; ANY for
  // an unknown version). Product: CSAF products without identifiers, by
  // advisory::normalize_product name.
  Result<std::vector<int64_t>> by_package(std::string_view ecosystem, std::string_view name,
                                          std::string_view version = {}) const;
  Result<std::vector<int64_t>> by_cpe(std::string_view vendor, std::string_view product,
                                      const cpe::Value& version) const;
  Result<std::vector<ProductHit>> by_product(std::string_view product) const;
  // Every name the product index holds, each once: a few hundred, so that a
  // caller asking about thousands of names can hold them and ask by_product
  // only of those it holds.
  Result<std::vector<std::string>> product_names() const;
  // Whether the kb holds any advisory for an ecosystem ("Debian"), so that a
  // caller knows when a feed's silence means something.
  Result<bool> covers_ecosystem(std::string_view ecosystem) const;
  Result<Record> record(int64_t key) const;
  // A record as the matcher reads it: of its advisory only the id, source,
  // withdrawn, affected packages, configurations and products, read from a
  // compact form written at import (much cheaper than record()), and the
  // description of its vulnerability, undecoded (read_description()): a scan
  // describes each vulnerability from any of its records it read.
  struct MatchingRecord {
    Record record;
    std::string description;
  };
  Result<MatchingRecord> matching_record(int64_t key) const;
  // The merged vulnerability an id or alias belongs to.
  Result<std::optional<std::string>> vulnerability_of(std::string_view id) const;
  // What the exploitation feeds say of a CVE: its KEV entry and EPSS score.
  struct Exploitation {
    std::optional<advisory::KevEntry> kev;
    std::optional<advisory::EpssScore> epss;
  };
  // A merged vulnerability's record keys, in key order, and what the
  // exploitation feeds say of it, in one lookup. No members: the id names no
  // merged vulnerability.
  struct Group {
    std::vector<int64_t> members;
    Exploitation exploitation;
  };
  Result<Group> group(std::string_view vulnerability) const;

  // What a report says of a merged vulnerability, worked out from its
  // records when they are imported (docs/knowledge-base.md): the text of
  // the most authoritative record (NVD, CVE 5, OSV, then the rest), the
  // CWEs and exploit references of all of them in that order, and each
  // CVSS vector once per source, unscored. One read instead of a read and a
  // parse of every record behind it.
  struct Description {
    std::string id;
    std::vector<std::string> aliases;  // every other name of its records, sorted
    std::string summary;               // at most kSummaryLimit bytes
    std::string published;
    std::vector<std::string> cwes;
    std::vector<std::string> exploits;  // references of type EXPLOIT
    struct Vector {
      std::string vector;
      std::string source;  // the scorer, else "SOURCE:ID" of the record
      bool operator==(const Vector&) const = default;
    };
    std::vector<Vector> cvss;
    Exploitation exploitation;
  };
  static constexpr size_t kSummaryLimit = 2000;
  // No description: the id names no merged vulnerability.
  Result<std::optional<Description>> description(std::string_view vulnerability) const;
  // A description as a matching record holds it, without the exploitation
  // facts (kev() and epss() have them).
  static Result<Description> read_description(std::string_view vulnerability,
                                              std::string_view body);
  // Every CVE the KEV catalogue lists (some 1,400): a caller asking about
  // thousands of CVEs can hold them and ask kev() only of those.
  Result<std::vector<std::string>> kev_cves() const;
  Result<std::optional<advisory::KevEntry>> kev(std::string_view cve) const;
  Result<std::optional<advisory::EpssScore>> epss(std::string_view cve) const;

 private:
  explicit KnowledgeBase(sqlite3* db);
  struct Closer {
    void operator()(sqlite3* db) const;
  };
  std::unique_ptr<sqlite3, Closer> db_;
  // Prepared lookups, finalised before the connection closes.
  struct Queries;
  struct QueriesDeleter {
    void operator()(Queries* q) const;
  };
  std::unique_ptr<Queries, QueriesDeleter> queries_;
  int64_t imports_ = 0;  // imports committed through this object
  Result<Queries*> queries() const;
};

}  // namespace vigil::kb

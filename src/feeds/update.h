// Keeping the knowledge base current from the public feeds' real endpoints.
//
// Each feed is fetched into a staging folder beside the kb and then imported
// in one transaction together with its cursors (kb::Cursor: where the update
// left off), so a feed is either wholly updated or not at all, and a failure
// or kill mid-way leaves the previous kb intact. Feeds are independent: one
// failing does not stop the others.
//
//   nvd   NVD CVE API 2.0: everything the first time, then the records
//         modified since the cursor, in windows of at most 120 days (the
//         API's limit), paged, within its rate limits (5 requests per 30 s,
//         50 with an API key).
//   osv   osv.dev's bucket, per ecosystem: <base>/<Ecosystem>/all.zip the
//         first time; after that the records <base>/<Ecosystem>/
//         modified_id.csv lists as modified since the cursor, one file each,
//         unless there are so many that the archive is cheaper.
//   kev   CISA's Known Exploited Vulnerabilities JSON, whole.
//   epss  FIRST's daily EPSS scores CSV (gzip), whole.
//   csaf  CSAF 2.0 providers, by provider-metadata.json: the public (TLP
//         WHITE/CLEAR) ROLIE feeds and directory distributions
//         (changes.csv), documents changed since the cursor, each checked
//         against its published SHA-512 or SHA-256 where there is one.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "feeds/http.h"
#include "kb/kb.h"

namespace vigil::feeds {

enum class Feed { nvd, osv, kev, epss, csaf };
inline constexpr Feed kAllFeeds[] = {Feed::nvd, Feed::osv, Feed::kev, Feed::epss, Feed::csaf};
std::string_view feed_name(Feed f);
std::optional<Feed> feed_from_name(std::string_view name);

// Where each feed lives by default: for nvd the API base (under which
// /rest/json/cves/2.0 lives), for osv the bucket base, for kev and epss the
// file, for csaf a provider-metadata.json (CISA's).
std::string default_url(Feed f);

// How far an update has got, for a person watching.
class Progress {
 public:
  virtual ~Progress() = default;
  // One step worth a line of its own ("osv PyPI: 12 records changed").
  virtual void note(Feed, std::string_view) {}
  // A download under way (bytes; total 0 when unknown), or a run of small
  // downloads (items).
  enum class Unit { bytes, items };
  virtual void advance(Feed, std::string_view /*what*/, int64_t /*done*/, int64_t /*total*/, Unit) {
  }
};

struct UpdateOptions {
  std::vector<Feed> feeds;  // empty: every feed
  std::vector<std::string>
      ecosystems;  // osv; empty: those updated before, else all the bucket lists
  std::map<Feed, std::vector<std::string>> urls;  // replace the defaults; csaf may have several
  std::string nvd_api_key;
  std::string staging;  // folder for downloads; empty: beside the kb
  // Seconds since the epoch; the clock when unset.
  std::function<int64_t()> now;
  HttpClient::Options http;
};

struct FeedOutcome {
  Feed feed = Feed::nvd;
  std::optional<Error> error;  // the feed failed and nothing of it was imported
  size_t downloads = 0;
  int64_t bytes = 0;
  kb::ImportReport import;          // what the import did; its skipped list includes
                                    // documents the fetch had to leave out
  std::vector<kb::Cursor> cursors;  // where the feed now stands
  std::vector<std::string> notes;   // what a person should know (unverified documents, ...)
};

struct UpdateReport {
  std::vector<FeedOutcome> feeds;
  bool ok() const {
    for (const auto& f : feeds)
      if (f.error) return false;
    return true;
  }
  // What every feed's import changed, merged in the order they ran.
  kb::ChangeSet changes() const {
    kb::ChangeSet all;
    for (const auto& f : feeds) all.merge(f.import.changes);
    return all;
  }
};

// Updates the chosen feeds in turn. An Error only when nothing could start
// (the staging folder, libcurl); a feed's own failure is in its outcome.
Result<UpdateReport> update(kb::KnowledgeBase& kb, const UpdateOptions& options,
                            Progress& progress);

// Above this many changed records an OSV ecosystem is fetched whole.
inline constexpr size_t kOsvSingleFetchLimit = 1000;
// The NVD API's longest lastModStartDate..lastModEndDate window.
inline constexpr int64_t kNvdWindowSeconds = 120LL * 86400;

}  // namespace vigil::feeds

// The small documents that say what a feed holds and what changed in it:
// osv.dev's modified_id.csv, a CSAF provider's metadata, its ROLIE feeds and
// changes.csv, hash files, and the paging fields of an NVD API page. Each
// reader names the file and line or key of what it cannot read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace vigil::feeds {

// RFC 3339 UTC times, as the feeds write them ("2024-05-01T10:00:00Z",
// fractions and offsets accepted), to seconds since the epoch.
std::optional<int64_t> parse_time(std::string_view text);
// Seconds since the epoch as "2024-05-01T10:00:00Z".
std::string format_time(int64_t seconds);

// One line of osv.dev's modified_id.csv: "<modified>,<id>" (per ecosystem)
// or "<modified>,<ecosystem>/<id>" (the bucket root); the id is kept alone.
struct ModifiedId {
  int64_t modified = 0;
  std::string id;
};
Result<std::vector<ModifiedId>> parse_modified_ids(std::string_view text,
                                                   const std::string& source);

// What a CSAF provider-metadata.json offers: its ROLIE feeds (with their
// TLP label) and its directory distributions.
struct RolieFeedRef {
  std::string url;
  std::string tlp;  // upper case: "WHITE", "CLEAR", "GREEN", ...
};
struct ProviderMetadata {
  std::string publisher;
  std::vector<RolieFeedRef> feeds;
  std::vector<std::string> directories;  // directory_url, without a trailing slash
};
Result<ProviderMetadata> parse_provider_metadata(std::string_view text, const std::string& source);

// Whether a TLP label is public (TLP:WHITE in CSAF 2.0, TLP:CLEAR after it):
// the kb holds public facts only.
bool public_tlp(std::string_view tlp);

// A CSAF document a provider lists, with when it last changed and, from
// ROLIE, where its hash lives.
struct Listed {
  std::string url;
  int64_t updated = 0;
  std::string hash_url;  // empty: not given
};
// A ROLIE feed's entries (feed.entry[]: content.src or the self link).
Result<std::vector<Listed>> parse_rolie_feed(std::string_view text, const std::string& source);
// A directory's changes.csv ("path","timestamp" per line), resolved
// against the directory's URL.
Result<std::vector<Listed>> parse_changes_csv(std::string_view text, std::string_view directory,
                                              const std::string& source);

// The digest in a hash file ("<hex>  <file name>" or the hex alone), lower
// case; nullopt when the text is no digest.
std::optional<std::string> parse_hash_file(std::string_view text);

// The paging fields of an NVD CVE API 2.0 response.
struct NvdPage {
  int64_t start_index = 0;
  int64_t results_per_page = 0;
  int64_t total_results = 0;
};
Result<NvdPage> parse_nvd_page(std::string_view text, const std::string& source);

}  // namespace vigil::feeds
